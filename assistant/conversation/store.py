"""Sessions on disk: each assessment's interview, recommendation and message history in
one SQLite database under the data directory.

SQLite in WAL mode lets the web app, the terminal chat and several threads use one file
safely; every change to a session is one transaction, so a crash never leaves half a turn.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    interview TEXT NOT NULL,
    recommendation TEXT
);
CREATE TABLE IF NOT EXISTS messages (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    content TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    PRIMARY KEY (session_id, seq)
);
CREATE INDEX IF NOT EXISTS messages_by_time ON messages (session_id, created_at);
"""

MAX_TITLE_CHARS = 120
SESSION_ID_ALPHABET = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


class SessionNotFound(KeyError):
    """No session with that id (or it was deleted)."""

    def __str__(self) -> str:
        return f"no assessment with id {self.args[0]!r}"


class StoredMessage(BaseModel):
    role: str
    content: str
    payload: dict[str, Any] = Field(default_factory=dict)
    created_at: str


class SessionRecord(BaseModel):
    id: str
    title: str
    created_at: str
    updated_at: str
    interview: dict[str, Any]
    recommendation: dict[str, Any] | None = None


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_session_id() -> str:
    return secrets.token_urlsafe(9).replace("-", "x").replace("_", "y").lower()


def valid_session_id(value: str) -> bool:
    return 3 <= len(value) <= 64 and set(value) <= SESSION_ID_ALPHABET


class SessionStore:
    """Sessions and their messages; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        # executescript commits on its own, so the schema is not wrapped in a transaction;
        # every statement in it is idempotent.
        self._connection().executescript(SCHEMA)

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("PRAGMA busy_timeout=30000")
            self._local.connection = connection
        return connection

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # -- sessions ----------------------------------------------------------------------

    def create(
        self,
        interview: dict[str, Any],
        title: str = "New assessment",
        session_id: str | None = None,
    ) -> SessionRecord:
        stamp = now()
        record = SessionRecord(
            id=session_id or new_session_id(),
            title=title[:MAX_TITLE_CHARS],
            created_at=stamp,
            updated_at=stamp,
            interview=interview,
        )
        with self._transaction() as db:
            db.execute(
                "INSERT INTO sessions (id, title, created_at, updated_at, interview) "
                "VALUES (?, ?, ?, ?, ?)",
                (record.id, record.title, stamp, stamp, json.dumps(interview)),
            )
        return record

    def get(self, session_id: str) -> SessionRecord:
        row = (
            self._connection()
            .execute("SELECT * FROM sessions WHERE id = ?", (session_id,))
            .fetchone()
        )
        if row is None:
            raise SessionNotFound(session_id)
        return SessionRecord(
            id=row["id"],
            title=row["title"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            interview=json.loads(row["interview"]),
            recommendation=json.loads(row["recommendation"]) if row["recommendation"] else None,
        )

    def exists(self, session_id: str) -> bool:
        return (
            self._connection()
            .execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,))
            .fetchone()
            is not None
        )

    def all(self) -> list[SessionRecord]:
        rows = (
            self._connection()
            .execute("SELECT id FROM sessions ORDER BY updated_at DESC, id")
            .fetchall()
        )
        return [self.get(row["id"]) for row in rows]

    def rename(self, session_id: str, title: str) -> None:
        title = " ".join(title.split())[:MAX_TITLE_CHARS]
        if not title:
            raise ValueError("the new name is empty: type a name for the assessment")
        with self._transaction() as db:
            changed = db.execute(
                "UPDATE sessions SET title = ?, updated_at = ? WHERE id = ?",
                (title, now(), session_id),
            ).rowcount
        if not changed:
            raise SessionNotFound(session_id)

    def delete(self, session_id: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM messages WHERE session_id = ?", (session_id,))
            changed = db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount
        if not changed:
            raise SessionNotFound(session_id)

    # -- turns -------------------------------------------------------------------------

    def save_turn(
        self,
        session_id: str,
        messages: list[tuple[str, str, dict[str, Any]]],
        interview: dict[str, Any],
        recommendation: dict[str, Any] | None,
        title: str | None = None,
    ) -> None:
        """Append a turn's messages and the new state in one transaction."""
        stamp = now()
        with self._transaction() as db:
            row = db.execute(
                "SELECT COALESCE(MAX(seq), 0) AS last FROM messages WHERE session_id = ?",
                (session_id,),
            ).fetchone()
            seq = int(row["last"])
            for role, content, payload in messages:
                seq += 1
                db.execute(
                    "INSERT INTO messages (session_id, seq, role, content, payload, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (session_id, seq, role, content, json.dumps(payload), stamp),
                )
            changed = db.execute(
                "UPDATE sessions SET interview = ?, recommendation = ?, updated_at = ?, "
                "title = COALESCE(?, title) WHERE id = ?",
                (
                    json.dumps(interview),
                    json.dumps(recommendation) if recommendation else None,
                    stamp,
                    title,
                    session_id,
                ),
            ).rowcount
            if not changed:
                raise SessionNotFound(session_id)

    def messages(self, session_id: str) -> list[StoredMessage]:
        rows = (
            self._connection()
            .execute(
                "SELECT role, content, payload, created_at FROM messages WHERE session_id = ? "
                "ORDER BY seq",
                (session_id,),
            )
            .fetchall()
        )
        return [
            StoredMessage(
                role=r["role"],
                content=r["content"],
                payload=json.loads(r["payload"]),
                created_at=r["created_at"],
            )
            for r in rows
        ]

    def user_messages_since(self, session_id: str, since_iso: str) -> int:
        row = (
            self._connection()
            .execute(
                "SELECT COUNT(*) AS n FROM messages WHERE session_id = ? AND role = 'user' "
                "AND created_at >= ?",
                (session_id, since_iso),
            )
            .fetchone()
        )
        return int(row["n"])
