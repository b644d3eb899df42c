"""Who sees what: each assessment has an owner; a user reads, changes, exports, renames
and deletes only their own and what is shared with them, in every path that loads a
session (the facade, the pilot, the portfolio, the CLI); admins see all; ids cannot be
guessed; an old database migrates with every session the local user's."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.config import Settings
from assistant.conversation.access import LOCAL_USER, AccessDenied, make_user, user_id
from assistant.conversation.offline import OfflineDialogue
from assistant.conversation.service import Conversation, SessionNotFound
from assistant.conversation.store import (
    SESSION_ID_ALPHABET,
    SessionStore,
    new_session_id,
    valid_session_id,
)
from tests.conftest import KNOWLEDGE
from tests.pilot_seed import seed
from tests.unit.test_dialogue import fake_search
from tests.unit.test_engine import engine

ALICE = make_user("Alice@Example.com")
BOB = make_user("bob@example.com")
ADMIN = make_user("boss@example.com", admins=["BOSS@example.com"])


@pytest.fixture
def conv(tmp_path: Path) -> Conversation:
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=KNOWLEDGE)
    offline = OfflineDialogue(fake_search, engine().recommend, None)
    return Conversation(settings, SessionStore(settings.sessions_db), offline)


def test_new_ids_carry_128_random_bits_in_the_id_alphabet() -> None:
    ids = {new_session_id() for _ in range(2000)}
    assert len(ids) == 2000
    for sid in list(ids)[:200]:
        assert len(sid) == 26 and valid_session_id(sid) and set(sid) <= SESSION_ID_ALPHABET
    # Each id is 16 random bytes written in base32: 25 characters of 5 bits and a last one
    # of 3 (8 different endings).
    assert {len(base64.b32decode(sid.upper() + "======")) for sid in ids} == {16}
    assert len({sid[-1] for sid in ids}) == 8


def test_another_users_assessment_is_not_found_in_every_path(conv: Conversation) -> None:
    alice, bob = conv.as_user(ALICE), conv.as_user(BOB)
    sid = alice.respond(new_session_id(), "We want to summarise support tickets").session
    assert [s["id"] for s in alice.sessions()] == [sid]
    assert alice.sessions()[0]["owner"] == "alice@example.com"
    assert bob.sessions() == [] and bob.records() == []
    before = conv.store.get(sid).version
    said = len(conv.store.messages(sid))
    for call in (
        lambda: bob.state(sid),
        lambda: bob.start(sid),
        lambda: bob.history(sid),
        lambda: bob.export(sid, "json"),
        lambda: bob.export(sid, "md"),
        lambda: bob.profile(sid),
        lambda: bob.profile_fields(sid),
        lambda: bob.recommendation(sid),
        lambda: bob.title(sid),
        lambda: bob.rename(sid, "Mine now"),
        lambda: bob.delete(sid),
        lambda: bob.share(sid, "bob@example.com", "write"),
        lambda: bob.respond(sid, "about 20k a month"),
        lambda: bob.edit_answer(sid, "monthly_requests", "20000"),
        lambda: bob.pilot.status(sid),
        lambda: bob.pilot.view_of(sid),
    ):
        with pytest.raises(SessionNotFound) as caught:
            call()
        assert str(caught.value) == f"no assessment with id {sid!r}"  # as for an unused id
    record = conv.store.get(sid)
    assert (record.version, record.title, record.owner) == (before, record.title, ALICE.id)
    assert len(conv.store.messages(sid)) == said == 3  # greeting, message, reply: no bob


def test_sharing_to_read_then_to_write(conv: Conversation) -> None:
    alice, bob = conv.as_user(ALICE), conv.as_user(BOB)
    sid = alice.respond(new_session_id(), "We want to summarise support tickets").session
    assert alice.share(sid, " Bob@Example.com ", "read") == "bob@example.com"
    assert alice.shares(sid) == {"bob@example.com": "read"}
    assert [(s["id"], s["access"]) for s in bob.sessions()] == [(sid, "read")]
    assert "summarise support tickets" in bob.export(sid, "md")
    assert bob.access_level(sid) == "read"
    with pytest.raises(AccessDenied, match="shared with you to read it; only its owner can"):
        bob.respond(sid, "about 20k a month")
    with pytest.raises(AccessDenied):
        bob.edit_answer(sid, "monthly_requests", "20000")
    alice.share(sid, "bob@example.com", "write")
    reply = bob.respond(sid, "about 20k a month")
    assert reply.session == sid and conv.store.get(sid).owner == ALICE.id
    with pytest.raises(AccessDenied, match="only its owner can rename, delete or share it"):
        bob.rename(sid, "Bob's now")
    with pytest.raises(AccessDenied):
        bob.delete(sid)
    with pytest.raises(AccessDenied):
        bob.shares(sid)
    alice.unshare(sid, "bob@example.com")
    with pytest.raises(SessionNotFound):
        bob.state(sid)
    with pytest.raises(ValueError, match="not shared with"):
        alice.unshare(sid, "bob@example.com")


def test_bad_shares_are_refused_naming_what_is_accepted(conv: Conversation) -> None:
    alice = conv.as_user(ALICE)
    sid = alice.start().session
    with pytest.raises(ValueError, match="use 'read' or 'write'"):
        alice.share(sid, "bob@example.com", "admin")
    with pytest.raises(ValueError, match="is not valid: give an e-mail address"):
        alice.share(sid, "bob smith", "read")
    with pytest.raises(ValueError, match="owns this assessment already"):
        alice.share(sid, "alice@example.com", "read")
    assert conv.store.shares(sid) == {}


def test_the_pilot_follows_the_share(conv: Conversation) -> None:
    sid = seed(conv.store.path, owner=ALICE.id)
    bob = conv.as_user(BOB)
    with pytest.raises(SessionNotFound):
        bob.pilot.log(sid, "drafts accepted", "62%", n="400")
    conv.as_user(ALICE).share(sid, BOB.id, "read")
    assert bob.pilot.status(sid).judgements == []
    with pytest.raises(AccessDenied):
        bob.pilot.log(sid, "drafts accepted", "62%", n="400")
    conv.as_user(ALICE).share(sid, BOB.id, "write")
    bob.pilot.log(sid, "drafts accepted", "62%", n="400")
    assert len(conv.as_user(ALICE).pilot.status(sid).judgements) == 1


def test_an_admin_sees_and_manages_every_assessment(conv: Conversation) -> None:
    sid = conv.as_user(ALICE).start().session
    mine = conv.as_user(BOB).start().session
    admin = conv.as_user(ADMIN)
    assert ADMIN.admin and not ALICE.admin
    assert {s["id"] for s in admin.sessions()} == {sid, mine}
    admin.rename(sid, "Reviewed by the admin")
    assert conv.store.get(sid).title == "Reviewed by the admin"


def test_single_user_the_local_user_owns_everything(conv: Conversation) -> None:
    assert conv.user == LOCAL_USER
    sid = conv.respond(new_session_id(), "We want to summarise support tickets").session
    assert conv.store.get(sid).owner == "local"
    assert [s["access"] for s in conv.sessions()] == ["own"]


def test_an_old_database_migrates_with_every_session_the_local_users(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE sessions (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT "
        "NOT NULL, updated_at TEXT NOT NULL, interview TEXT NOT NULL, recommendation TEXT);"
        "CREATE TABLE messages (session_id TEXT NOT NULL, seq INTEGER NOT NULL, role TEXT "
        "NOT NULL, content TEXT NOT NULL, payload TEXT NOT NULL DEFAULT '{}', created_at "
        "TEXT NOT NULL, PRIMARY KEY (session_id, seq));"
        "INSERT INTO sessions VALUES ('old-one', 'Claims summarisation', '2026-01-01', "
        "'2026-01-01', '{\"answers\": {}}', NULL);"
    )
    db.commit()
    db.close()
    store = SessionStore(path)
    assert store.get("old-one").owner == "local"
    from assistant.conversation import access

    assert [r.id for r, _ in access.visible(store, LOCAL_USER)] == ["old-one"]
    assert access.visible(store, ALICE) == []
    SessionStore(path)  # opening it again changes nothing


def test_user_ids_are_normalised_and_checked() -> None:
    assert user_id("  Alice@Example.COM ") == "alice@example.com"
    assert user_id("local") == "local"
    for bad in ("", "two words", "a@b@c", "x" * 300):
        with pytest.raises(ValueError, match="is not valid"):
            user_id(bad)


# -- the terminal acts as a named user ------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_commands_act_as_the_user_given(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = seed(data_dir / "sessions.sqlite", session_id="alices-claims", owner=ALICE.id)
    code, out, _ = run(capsys, "portfolio", "--json", "--user", "bob@example.com")
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = run(capsys, "portfolio", "--json", "--user", "alice@example.com")
    assert [row["session"] for row in json.loads(out)] == [sid]
    code, _, err = run(capsys, "pilot", "status", "--session", sid, "--user", "bob@example.com")
    assert (code, err) == (2, f"error: no assessment with id {sid!r}\n")
    code, _, err = run(capsys, "pilot", "status", "--session", sid)  # the local user
    assert (code, err) == (2, f"error: no assessment with id {sid!r}\n")
    code, out, _ = run(
        capsys, "share", "--session", sid, "--with", "bob@example.com", "--json",
        "--user", "alice@example.com",
    )  # fmt: skip
    assert json.loads(out) == {"session": sid, "shares": {"bob@example.com": "read"}}
    code, _, err = run(
        capsys, "pilot", "log", "--session", sid, "--kpi", "drafts accepted", "--value", "62%",
        "--user", "bob@example.com",
    )  # fmt: skip
    assert code == 2 and "shared with you to read it; only its owner can change it" in err
    monkeypatch.setenv("ADVISOR_USER", "bob@example.com")
    code, out, _ = run(capsys, "pilot", "status", "--session", sid, "--json")
    assert code == 0 and json.loads(out)["session"] == sid
    code, _, err = run(capsys, "share", "--session", sid, "--with", "eve@example.com")
    assert code == 2 and "only its owner can rename, delete or share it" in err
    code, _, err = run(capsys, "portfolio", "--user", "not a user")
    assert (code, err) == (
        2,
        "error: --user: user 'not a user' is not valid: give an e-mail address, or a local "
        "name of letters, digits, '.', '-' and '_'\n",
    )
    monkeypatch.setenv("ADVISOR_ADMINS", "boss@example.com")
    code, out, _ = run(capsys, "portfolio", "--json", "--user", "boss@example.com")
    assert [row["session"] for row in json.loads(out)] == [sid]


def test_an_admin_claim_in_the_identity_token() -> None:
    from assistant.conversation.access import admin_by_claim

    assert admin_by_claim({"groups": ["staff", "advisor-admins"]}, "groups=advisor-admins")
    assert admin_by_claim({"role": "admin"}, "role=admin")
    assert not admin_by_claim({"groups": ["staff"]}, "groups=advisor-admins")
    assert not admin_by_claim({}, "groups=advisor-admins")
    assert not admin_by_claim({"groups": ["advisor-admins"]}, "")
    assert make_user("ana@example.com", admin=True).admin


def test_a_bad_admin_claim_setting_is_refused(tmp_path: Path) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=r"use claim=value, e\.g\. groups=advisor-admins"):
        Settings(data_dir=tmp_path, knowledge_dir=KNOWLEDGE, admin_claim="admins")
    assert (
        Settings(data_dir=tmp_path, knowledge_dir=KNOWLEDGE, admin_claim=" role=x ").admin_claim
        == "role=x"
    )
