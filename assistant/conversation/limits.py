"""The limits on what a person may send, in one place that every entry point passes
through: a chat message, a changed answer from the profile editor, a rename, a new
assessment.

- **Size**: a message or answer is at most ``ADVISOR_MAX_MESSAGE_CHARS`` characters
  (a pasted sample input for the input-size question up to ``MAX_SAMPLE_CHARS``), a name
  at most ``MAX_TITLE_CHARS``; blank text is refused.
- **Rate, per session**: ``ADVISOR_RATE_LIMIT_PER_MINUTE`` messages and edits a minute
  (both are stored as the user's messages, so one count covers both).
- **Rate, per client**: ``ADVISOR_CLIENT_RATE_LIMIT_PER_MINUTE`` messages, edits and
  renames a minute over all the client's sessions, and ``ADVISOR_NEW_SESSIONS_PER_HOUR``
  new assessments an hour, so a new session per page visit is no way round the
  per-session limit. A client is who the caller says is asking (the web app's visitor,
  the terminal); a caller that names none (the evaluation harness, tests) is limited only
  per session.

Counts come from the session store, so they hold across processes. Every refusal is a
:class:`LimitExceeded` with one line saying what is wrong and what is accepted; nothing is
stored for a refused request. A turn checks before it works and the version check of its
save makes the per-session count exact (a turn saved meanwhile makes it re-read and
re-check); the per-client counts can let one extra through per process sending at the
same instant.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from assistant.conversation.store import MAX_TITLE_CHARS, SessionStore

if TYPE_CHECKING:
    from assistant.config import Settings

# A pasted sample for the input-size question: long enough for a real document, and the
# same bound the questionnaire's parser applies to it.
MAX_SAMPLE_CHARS = 100_000
# The terminal is one local client, whatever its process.
LOCAL_CLIENT = "local"


class LimitExceeded(ValueError):
    """A request past a limit: the message says which and what is accepted."""


class Limits:
    """Checks against the settings as they are now (a changed setting applies at once)."""

    def __init__(
        self, settings: Settings, store: SessionStore, clock: Callable[[], datetime]
    ) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock

    def text(self, text: str, what: str = "message", sample: bool = False) -> None:
        """The size of a message (``what``: "message", "answer") or of a pasted sample."""
        if not text.strip():
            raise LimitExceeded(f"Your {what} was empty. Type an answer or a question.")
        limit = self.settings.max_message_chars
        if sample:  # a pasted sample input may be long
            limit = max(limit, MAX_SAMPLE_CHARS)
        if len(text) > limit:
            raise LimitExceeded(
                f"Your {what} is {len(text):,} characters long; the limit is {limit:,}. "
                "Shorten it or paste only a typical part."
            )

    def name(self, title: str) -> None:
        """A new name for an assessment (blank names are refused by the store)."""
        size = len(" ".join(title.split()))
        if size > MAX_TITLE_CHARS:
            raise LimitExceeded(
                f"The name is {size:,} characters long; the limit is {MAX_TITLE_CHARS}. "
                "Give a shorter name."
            )

    def session_rate(self, session_id: str) -> None:
        sent = self.store.user_messages_since(session_id, self._since(minutes=1))
        limit = self.settings.rate_limit_per_minute
        if sent >= limit:
            raise LimitExceeded(
                f"You've sent {_count(sent, 'message')} in the last minute; the limit is {limit}. "
                "Wait a moment and send it again."
            )

    def client_rate(self, client: str | None) -> None:
        if client is None:
            return
        sent = self.store.client_events_since(client, "write", self._since(minutes=1))
        limit = self.settings.client_rate_limit_per_minute
        if sent >= limit:
            raise LimitExceeded(
                f"You've sent {_count(sent, 'message')} in the last minute across your "
                f"assessments; the limit is {limit}. Wait a moment and send it again."
            )

    def new_session(self, client: str | None) -> None:
        if client is None:
            return
        started = self.store.client_events_since(client, "session", self._since(minutes=60))
        limit = self.settings.new_sessions_per_hour
        if started >= limit:
            raise LimitExceeded(
                f"You've started {_count(started, 'assessment')} in the last hour; the limit is "
                f"{limit}. Continue one of them from Assessments, or wait before starting "
                "another."
            )

    def message(
        self,
        session_id: str,
        client: str | None,
        text: str,
        what: str = "message",
        sample: bool = False,
    ) -> None:
        """Everything a message or an edit must pass: its size, then both rates."""
        self.text(text, what, sample)
        self.session_rate(session_id)
        self.client_rate(client)

    def _since(self, minutes: int) -> str:
        return (self.clock() - timedelta(minutes=minutes)).isoformat(timespec="milliseconds")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


__all__ = ["LOCAL_CLIENT", "MAX_SAMPLE_CHARS", "LimitExceeded", "Limits"]
