"""Where the LLM agent keeps its memory of each conversation: a LangGraph checkpointer in
SQLite under the data directory, or in the PostgreSQL database of the sessions when
``ADVISOR_DATABASE_URL`` is set (so any app process, on any machine, continues any
conversation).

Opening one creates its tables: LangGraph's own migrations, run in Postgres under an
advisory lock so two processes starting together migrate once.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from assistant.conversation.store import is_postgres

# The advisory lock key held while LangGraph's checkpoint tables are created in Postgres.
MEMORY_SCHEMA_LOCK_KEY = 0x5E5511


def open_checkpointer(target: Path | str) -> Any:
    """A LangGraph checkpointer on ``target`` (a SQLite file or a postgresql:// address),
    its tables created. One connection, shared by the caller's threads under its lock."""
    if is_postgres(target):
        import psycopg
        from langgraph.checkpoint.postgres import PostgresSaver
        from psycopg.rows import dict_row

        # The settings LangGraph's PostgresSaver documents for a connection of its own.
        connection: Any = psycopg.connect(
            str(target), autocommit=True, prepare_threshold=0, row_factory=dict_row
        )
        saver = PostgresSaver(connection)
        connection.execute("SELECT pg_advisory_lock(%s)", (MEMORY_SCHEMA_LOCK_KEY,))
        try:
            saver.setup()
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (MEMORY_SCHEMA_LOCK_KEY,))
        return saver
    from langgraph.checkpoint.sqlite import SqliteSaver

    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteSaver(sqlite3.connect(path, check_same_thread=False))
