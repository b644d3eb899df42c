"""Sessions on disk: each assessment's interview, recommendation and message history in
one SQLite database under the data directory, or in PostgreSQL when
``ADVISOR_DATABASE_URL`` is a ``postgresql://`` address (then any number of app processes
on any number of machines share them).

The SQL is the same for both; the few differences (placeholders, the column listing, an
auto-numbered key, how a write transaction starts) are in :class:`_Postgres` and
:meth:`SessionStore.run_schema`. The schema is created and migrated when a store is
opened, in Postgres under an advisory lock so two processes starting at once migrate once.

SQLite in WAL mode lets the web app, the terminal chat and several threads use one file
safely; every change to a session is one transaction, so a crash never leaves half a turn.

A turn reads a session, works for a while (a model call can take a minute) and writes it
back, and two processes may do that to one session at once (two app processes, the
terminal chat beside the web app). Holding a write lock for the whole turn would stop
every other session's writes in SQLite, so the state is versioned instead: each session
row has a ``version`` that every saved turn increments, and :meth:`SessionStore.save_turn`
given the version it read writes only if it is still the current one (``UPDATE … WHERE
version = ?``, the same statement in Postgres), else raises :class:`VersionConflict` and
the caller re-reads and redoes its turn. Messages are appended under the same
transaction, so they are never lost either way.

Each session has an ``owner`` and may be shared (``session_shares``); the store only
records them, and ``assistant.conversation.access`` decides who may see what.

``client_events`` counts what each client (a web visitor, the terminal) did recently:
sessions it created and messages it sent, for the limits in
``assistant.conversation.limits``. It outlives deleted sessions, so deleting an
assessment does not give back its allowance.
"""

from __future__ import annotations

import base64
import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from pydantic import BaseModel, Field

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    interview TEXT NOT NULL,
    recommendation TEXT,
    version INTEGER NOT NULL DEFAULT 0,
    named INTEGER NOT NULL DEFAULT 0,
    owner TEXT NOT NULL DEFAULT 'local'
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
CREATE TABLE IF NOT EXISTS client_events (
    client TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('session', 'write')),
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS client_events_by_time ON client_events (client, kind, created_at);
CREATE INDEX IF NOT EXISTS client_events_by_age ON client_events (created_at);
CREATE TABLE IF NOT EXISTS session_shares (
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('read', 'write')),
    PRIMARY KEY (session_id, user_id)
);
"""
# Columns added after the first release: a database made before them gets them at open.
# ``version``: see the module docstring; ``named``: the title was given by a person, so
# turns stop deriving it from the use case; ``owner``: who the assessment belongs to
# (``assistant.conversation.access``), the local user for every session made before.
ADDED_COLUMNS = {
    "version": "INTEGER NOT NULL DEFAULT 0",
    "named": "INTEGER NOT NULL DEFAULT 0",
    "owner": "TEXT NOT NULL DEFAULT 'local'",
}
# Client events older than this are deleted when new ones are written: the longest
# window a limit counts over is an hour.
CLIENT_EVENTS_KEPT = timedelta(hours=2)

MAX_TITLE_CHARS = 120
SESSION_ID_ALPHABET = set("abcdefghijklmnopqrstuvwxyz0123456789-_")
# New ids carry this much randomness, so an id cannot be guessed (the access rule still
# applies to a guessed one).
SESSION_ID_BYTES = 16


class SessionNotFound(KeyError):
    """No session with that id (or it was deleted)."""

    def __str__(self) -> str:
        return f"no assessment with id {self.args[0]!r}"


class VersionConflict(RuntimeError):
    """The session changed since it was read: re-read it and redo the turn."""

    def __init__(self, session_id: str, expected: int) -> None:
        super().__init__(f"assessment {session_id!r} changed since version {expected} was read")
        self.session_id = session_id
        self.expected = expected


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
    version: int = 0
    named: bool = False
    owner: str = "local"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_session_id() -> str:
    """128 random bits as 26 lower-case base32 characters (a-z, 2-7), which fit the id
    alphabet without losing any of them."""
    raw = base64.b32encode(secrets.token_bytes(SESSION_ID_BYTES)).decode("ascii")
    return raw.rstrip("=").lower()


def valid_session_id(value: str) -> bool:
    return 3 <= len(value) <= 64 and set(value) <= SESSION_ID_ALPHABET


# The key every process takes (pg_advisory_xact_lock) while it creates or migrates the
# schema in Postgres.
SCHEMA_LOCK_KEY = 0x5E5510


def is_postgres(target: Path | str) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


class _Postgres:
    """A psycopg connection that speaks like the sqlite3 one the store uses: ``?``
    placeholders, rows read by column name, explicit BEGIN / COMMIT."""

    def __init__(self, url: str) -> None:
        import psycopg
        from psycopg.rows import dict_row

        self.raw = psycopg.connect(url, autocommit=True, row_factory=dict_row)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        # The store's SQL has no literal '?' or '%': only placeholders to translate.
        return self.raw.execute(cast(Any, sql.replace("?", "%s")), tuple(params))

    def executescript(self, script: str) -> None:
        for statement in script.split(";"):
            if statement.strip():
                self.execute(statement)


class SessionStore:
    """Sessions and their messages; safe to share between threads. ``target`` is the
    SQLite file, or a ``postgresql://`` address."""

    def __init__(self, target: Path | str) -> None:
        self.postgres = is_postgres(target)
        if not self.postgres:
            target = Path(target)
            target.parent.mkdir(parents=True, exist_ok=True)
        self.path = target
        self._local = threading.local()
        self.run_schema(SCHEMA)
        self._add_columns()

    def run_schema(self, script: str) -> None:
        """Create what the script creates (every statement idempotent). In SQLite
        executescript commits on its own, so it is not wrapped in a transaction; in
        Postgres it runs in one, under the schema lock."""
        if not self.postgres:
            self._connection().executescript(script)
            return
        # Postgres's REAL is 4 bytes; SQLite's is 8, as is DOUBLE PRECISION.
        script = script.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY")
        script = script.replace(" REAL", " DOUBLE PRECISION")
        with self._transaction() as db:
            db.execute("SELECT pg_advisory_xact_lock(?)", (SCHEMA_LOCK_KEY,))
            db.executescript(script)

    def _columns(self, db: Any, table: str) -> set[str]:
        if self.postgres:
            rows = db.execute(
                "SELECT column_name AS name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = ?",
                (table,),
            ).fetchall()
        else:
            rows = db.execute(f"PRAGMA table_info({table})").fetchall()
        return {row["name"] for row in rows}

    def _add_columns(self) -> None:
        # Inside a write transaction, re-reading the columns there: two processes opening
        # an old database at once add each column once.
        with self._transaction() as db:
            if self.postgres:
                db.execute("SELECT pg_advisory_xact_lock(?)", (SCHEMA_LOCK_KEY,))
            present = self._columns(db, "sessions")
            for name, definition in ADDED_COLUMNS.items():
                if name not in present:
                    db.execute(f"ALTER TABLE sessions ADD COLUMN {name} {definition}")

    def _connection(self) -> Any:
        """This thread's connection: sqlite3's, or :class:`_Postgres`."""
        connection: Any = getattr(self._local, "connection", None)
        if connection is None and self.postgres:
            connection = _Postgres(str(self.path))
            self._local.connection = connection
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("PRAGMA busy_timeout=30000")
            self._local.connection = connection
        return connection

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        db = self._connection()
        # IMMEDIATE: SQLite takes the write lock now, not at the first write (no deadlock
        # between two readers that both go on to write). Postgres locks rows as it goes.
        db.execute("BEGIN" if self.postgres else "BEGIN IMMEDIATE")
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
        messages: Sequence[tuple[str, str, dict[str, Any]]] = (),
        client: str | None = None,
        owner: str = "local",
    ) -> SessionRecord | None:
        """Create a session with its first messages in one transaction. Returns None when
        a session with ``session_id`` already exists (another process created it first):
        the caller then opens that one."""
        stamp = now()
        record = SessionRecord(
            id=session_id or new_session_id(),
            title=title[:MAX_TITLE_CHARS],
            created_at=stamp,
            updated_at=stamp,
            interview=interview,
            owner=owner,
        )
        with self._transaction() as db:
            # ON CONFLICT DO NOTHING (SQLite and Postgres alike): two processes opening one
            # new id at once create it once, and neither fails.
            inserted = db.execute(
                "INSERT INTO sessions (id, title, created_at, updated_at, interview, owner) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (record.id, record.title, stamp, stamp, json.dumps(interview), owner),
            ).rowcount
            if not inserted:
                return None
            self._append(db, record.id, messages, stamp)
            if client is not None:
                self._client_event(db, client, "session", stamp)
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
            version=row["version"],
            named=bool(row["named"]),
            owner=row["owner"],
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

    def rename(self, session_id: str, title: str, client: str | None = None) -> None:
        """Give the session a name; turns no longer replace it with one derived from the
        use case. One statement, so it needs no version: it touches no turn state."""
        title = " ".join(title.split())[:MAX_TITLE_CHARS]
        if not title:
            raise ValueError("the new name is empty: type a name for the assessment")
        stamp = now()
        with self._transaction() as db:
            changed = db.execute(
                "UPDATE sessions SET title = ?, named = 1, updated_at = ? WHERE id = ?",
                (title, stamp, session_id),
            ).rowcount
            if changed and client is not None:
                self._client_event(db, client, "write", stamp)
        if not changed:
            raise SessionNotFound(session_id)

    def delete(self, session_id: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM messages WHERE session_id = ?", (session_id,))
            db.execute("DELETE FROM session_shares WHERE session_id = ?", (session_id,))
            changed = db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount
        if not changed:
            raise SessionNotFound(session_id)

    # -- sharing (who may see what is decided in assistant.conversation.access) ---------

    def shares(self, session_id: str) -> dict[str, str]:
        """The colleagues a session is shared with: user id -> 'read' or 'write'."""
        rows = (
            self._connection()
            .execute(
                "SELECT user_id, level FROM session_shares WHERE session_id = ?", (session_id,)
            )
            .fetchall()
        )
        return {row["user_id"]: row["level"] for row in rows}

    def all_shares(self) -> dict[str, dict[str, str]]:
        """Every share, by session id (one query for a whole list of sessions)."""
        out: dict[str, dict[str, str]] = {}
        for row in self._connection().execute("SELECT * FROM session_shares").fetchall():
            out.setdefault(row["session_id"], {})[row["user_id"]] = row["level"]
        return out

    def share(self, session_id: str, user_id: str, level: str) -> None:
        """Share with ``user_id`` at ``level`` ('read' or 'write'), replacing an earlier
        share with them."""
        with self._transaction() as db:
            if not self._exists(db, session_id):
                raise SessionNotFound(session_id)
            db.execute(
                "INSERT INTO session_shares (session_id, user_id, level) VALUES (?, ?, ?) "
                "ON CONFLICT (session_id, user_id) DO UPDATE SET level = excluded.level",
                (session_id, user_id, level),
            )

    def unshare(self, session_id: str, user_id: str) -> bool:
        """Stop sharing with ``user_id``; False when it was not shared with them."""
        with self._transaction() as db:
            changed = db.execute(
                "DELETE FROM session_shares WHERE session_id = ? AND user_id = ?",
                (session_id, user_id),
            ).rowcount
        return bool(changed)

    # -- turns -------------------------------------------------------------------------

    def save_turn(
        self,
        session_id: str,
        messages: Sequence[tuple[str, str, dict[str, Any]]],
        interview: dict[str, Any],
        recommendation: dict[str, Any] | None,
        title: str | None = None,
        expected_version: int | None = None,
        client: str | None = None,
    ) -> int:
        """Append a turn's messages and the new state in one transaction; returns the
        session's new version.

        With ``expected_version`` (the version the turn read) the state is written only
        if no other turn was saved since, else :class:`VersionConflict` is raised and
        nothing is written. A title is kept only while the session has not been named.
        """
        stamp = now()
        params: tuple[Any, ...] = (
            json.dumps(interview),
            json.dumps(recommendation) if recommendation else None,
            stamp,
            title,
            session_id,
        )
        update = (
            "UPDATE sessions SET interview = ?, recommendation = ?, updated_at = ?, "
            "title = CASE WHEN named = 1 THEN title ELSE COALESCE(?, title) END, "
            "version = version + 1 WHERE id = ?"
        )
        if expected_version is not None:
            update += " AND version = ?"
            params += (expected_version,)
        with self._transaction() as db:
            changed = db.execute(update, params).rowcount
            if not changed:
                if expected_version is not None and self._exists(db, session_id):
                    raise VersionConflict(session_id, expected_version)
                raise SessionNotFound(session_id)
            self._append(db, session_id, messages, stamp)
            if client is not None:
                self._client_event(db, client, "write", stamp)
            row = db.execute("SELECT version FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return int(row["version"])

    @staticmethod
    def _exists(db: Any, session_id: str) -> bool:
        row = db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return row is not None

    @staticmethod
    def _append(
        db: Any,
        session_id: str,
        messages: Sequence[tuple[str, str, dict[str, Any]]],
        stamp: str,
    ) -> None:
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

    # -- what limits count ---------------------------------------------------------------

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

    def client_events_since(self, client: str, kind: str, since_iso: str) -> int:
        """How many sessions (``kind='session'``) or writes (``'write'``: messages, edits,
        renames) ``client`` made since the time given."""
        row = (
            self._connection()
            .execute(
                "SELECT COUNT(*) AS n FROM client_events WHERE client = ? AND kind = ? "
                "AND created_at >= ?",
                (client, kind, since_iso),
            )
            .fetchone()
        )
        return int(row["n"])

    @staticmethod
    def _client_event(db: Any, client: str, kind: str, stamp: str) -> None:
        db.execute(
            "INSERT INTO client_events (client, kind, created_at) VALUES (?, ?, ?)",
            (client, kind, stamp),
        )
        # Events past every window count for nothing; with the index on the time this is a
        # short range delete, so the table holds only the last couple of hours.
        cutoff = (datetime.fromisoformat(stamp) - CLIENT_EVENTS_KEPT).isoformat(
            timespec="milliseconds"
        )
        db.execute("DELETE FROM client_events WHERE created_at < ?", (cutoff,))
