"""Pilot measurements on disk: a ``pilot_measurements`` table in the sessions database.

The table lives beside the sessions (same file, same connections and transactions as
``SessionStore``), so measurements survive restarts, are exported with their assessment
and go when it is deleted: the foreign key cascades, and the store turns foreign keys on
for every connection.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.conversation.store import SessionNotFound, SessionStore, now
from assistant.pilot.measurements import Measurement

SCHEMA = """
CREATE TABLE IF NOT EXISTS pilot_measurements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    kpi TEXT NOT NULL,
    value REAL NOT NULL,
    baseline REAL,
    n INTEGER CHECK (n IS NULL OR n >= 1),
    period TEXT,
    note TEXT,
    spent_usd REAL,
    logged_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pilot_by_session ON pilot_measurements (session_id, id);
"""


class MeasurementNotFound(KeyError):
    def __str__(self) -> str:
        return f"no measurement with id {self.args[0]!r} in this assessment"


class PilotStore:
    """The measurements of every session, through the session store's connections."""

    def __init__(self, sessions: SessionStore) -> None:
        self.sessions = sessions
        # Idempotent, like the session schema (SQLite or Postgres alike).
        sessions.run_schema(SCHEMA)

    def add(self, session_id: str, measurements: list[Measurement]) -> list[Measurement]:
        """Store measurements in one transaction (all or none); returns them with ids."""
        stamp = now()
        stored = []
        with self.sessions._transaction() as db:
            if db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
                raise SessionNotFound(session_id)
            for m in measurements:
                row = db.execute(
                    "INSERT INTO pilot_measurements (session_id, kpi, value, baseline, n, "
                    "period, note, spent_usd, logged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "RETURNING id",
                    (
                        session_id,
                        m.kpi,
                        m.value,
                        m.baseline,
                        m.n,
                        m.period,
                        m.note,
                        m.spent_usd,
                        stamp,
                    ),
                ).fetchone()
                stored.append(m.model_copy(update={"id": row["id"], "logged_at": stamp}))
        return stored

    def list(self, session_id: str) -> list[Measurement]:
        """A session's measurements, oldest first."""
        rows = (
            self.sessions._connection()
            .execute(
                "SELECT * FROM pilot_measurements WHERE session_id = ? ORDER BY id",
                (session_id,),
            )
            .fetchall()
        )
        return [_measurement(row) for row in rows]

    def remove(self, session_id: str, measurement_id: int) -> None:
        with self.sessions._transaction() as db:
            changed = db.execute(
                "DELETE FROM pilot_measurements WHERE session_id = ? AND id = ?",
                (session_id, measurement_id),
            ).rowcount
        if not changed:
            raise MeasurementNotFound(measurement_id)


def _measurement(row: Mapping[str, Any]) -> Measurement:
    return Measurement(
        id=row["id"],
        kpi=row["kpi"],
        value=row["value"],
        baseline=row["baseline"],
        n=row["n"],
        period=row["period"],
        note=row["note"],
        spent_usd=row["spent_usd"],
        logged_at=row["logged_at"],
    )
