"""Who may do what with an assessment: the one access rule every code path that loads a
session goes through (the conversation facade, the pilot, the portfolio, the CLI, the web
app's pages through the facade).

Each session has an owner (a user id: the signed-in person's e-mail, or ``local`` for the
one person on a laptop and the terminal). The owner may share it with named colleagues,
to ``read`` (open, export) or to ``write`` (read, and ask follow-ups, change answers, log
pilot results). Renaming, deleting and sharing stay with the owner. An admin (a user id
listed in ``ADVISOR_ADMINS``, or a signed-in user whose identity token carries the claim
``ADVISOR_ADMIN_CLAIM`` names) may do everything with every session.

A session someone may not read does not exist for them: :func:`check` raises the same
:class:`SessionNotFound` as for an id never used, so a forged ``?session=`` tells nothing.
One they may read but not change raises :class:`AccessDenied`, naming what they may do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from assistant.conversation.store import SessionNotFound, SessionRecord

if TYPE_CHECKING:
    from assistant.conversation.store import SessionStore

# What a session's owner holds over it when sign-in is off: everything, as before owners.
LOCAL_USER_ID = "local"
Level = Literal["read", "write", "own"]
ShareLevel = Literal["read", "write"]
SHARE_LEVELS: tuple[ShareLevel, ...] = ("read", "write")
_RANK: dict[str, int] = {"read": 1, "write": 2, "own": 3}
# What each level means, in the words screens and errors use.
LEVEL_WORDS: dict[str, str] = {
    "read": "read it",
    "write": "read it, ask follow-ups and log pilot results",
    "own": "do everything with it",
}
# An e-mail address as identity providers give it (checked loosely: the provider vouches
# for it), or a plain local name such as "local" or "alice" for the terminal.
_USER_ID = re.compile(r"^(?:[^@\s]{1,64}@[^@\s]{1,255}|[a-z0-9][a-z0-9._-]{0,63})$")
USER_ID_HELP = "an e-mail address, or a local name of letters, digits, '.', '-' and '_'"


class AccessDenied(PermissionError):
    """The user may read the session but not do this with it."""

    def __init__(self, session_id: str, level: Level, need: Level) -> None:
        what = {"write": "change it", "own": "rename, delete or share it"}.get(need, need)
        super().__init__(
            f"assessment {session_id!r} is shared with you to {LEVEL_WORDS[level]}; only "
            f"its owner can {what}"
        )
        self.session_id = session_id


@dataclass(frozen=True)
class User:
    """Who is asking. ``id`` is normalised (see :func:`user_id`)."""

    id: str
    name: str = ""
    admin: bool = False

    @property
    def label(self) -> str:
        return self.name or self.id


LOCAL_USER = User(LOCAL_USER_ID, "you (single-user)")


def user_id(text: str) -> str:
    """A user id as stored: trimmed and lower-case. Raises ValueError naming what is
    accepted for anything else."""
    value = text.strip().lower()
    if not _USER_ID.match(value):
        raise ValueError(f"user {text[:80]!r} is not valid: give {USER_ID_HELP}")
    return value


def make_user(
    identity: str, admins: Iterable[str] = (), name: str = "", admin: bool = False
) -> User:
    """The user with this id (an e-mail or a local name), an admin when listed (or when
    ``admin`` says so: the admin claim)."""
    uid = user_id(identity)
    return User(uid, name=name, admin=admin or uid in {a.strip().lower() for a in admins})


def admin_by_claim(claims: Mapping[str, Any], rule: str) -> bool:
    """Whether identity-token ``claims`` meet ``rule`` ("claim=value", e.g.
    "groups=advisor-admins"): the claim equals the value or, a list, holds it."""
    name, _, wanted = rule.partition("=")
    if not name.strip() or not wanted.strip():
        return False
    value = claims.get(name.strip())
    if isinstance(value, list | tuple):
        return wanted.strip() in [str(v) for v in value]
    return value is not None and str(value) == wanted.strip()


def level_of(user: User, record: SessionRecord, shares: Mapping[str, str]) -> Level | None:
    """The rule: what ``user`` holds over the session (None: nothing, it is not there)."""
    if user.admin or record.owner == user.id:
        return "own"
    shared = shares.get(user.id)
    if shared == "write":
        return "write"
    if shared == "read":
        return "read"
    return None


def allows(level: Level | None, need: Level) -> bool:
    return level is not None and _RANK[level] >= _RANK[need]


def check(store: SessionStore, user: User, session_id: str, need: Level) -> SessionRecord:
    """The session if ``user`` may do ``need`` with it; SessionNotFound when they may not
    even read it (or it does not exist), AccessDenied when they may read but not this."""
    record = store.get(session_id)
    level = level_of(user, record, store.shares(session_id))
    if level is None:
        raise SessionNotFound(session_id)
    if not allows(level, need):
        raise AccessDenied(session_id, level, need)
    return record


def level(store: SessionStore, user: User, session_id: str) -> Level:
    """What ``user`` may do with the session (SessionNotFound when nothing)."""
    record = store.get(session_id)
    found = level_of(user, record, store.shares(session_id))
    if found is None:
        raise SessionNotFound(session_id)
    return found


def visible(store: SessionStore, user: User) -> list[tuple[SessionRecord, Level]]:
    """Every session ``user`` may read, newest first, with what they may do with it."""
    shares = store.all_shares()
    out = []
    for record in store.all():
        found = level_of(user, record, shares.get(record.id, {}))
        if found is not None:
            out.append((record, found))
    return out
