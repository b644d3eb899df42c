"""A real PostgreSQL server for the tests: ``initdb`` in a temp folder, started on a free
port with its socket in that folder, stopped at the end of the test session (the same
throwaway server the load benchmark starts, ``assistant.bench_load.temporary_postgres``).

The binaries are looked for on PATH (``/usr/local/bin`` here) and in Debian's
``/usr/lib/postgresql/<version>/bin``; without them the tests that need the server skip,
saying what to install (``scripts/test-prerequisites.sh`` installs it on CI).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest

from assistant.bench_load import postgres_binaries, temporary_postgres

_names = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The server's address without a database name: ``postgresql://postgres@127.0.0.1:PORT``."""
    if postgres_binaries() is None:
        pytest.skip(
            "PostgreSQL is not installed (no initdb/pg_ctl on PATH or in "
            "/usr/lib/postgresql/*/bin): apt-get install postgresql, or make test as root"
        )
    with temporary_postgres() as server:
        yield server


@pytest.fixture
def database_url(postgres_server: str) -> str:
    """A new, empty database on the test server, for one test."""
    import psycopg

    name = f"advisor_test_{os.getpid()}_{next(_names)}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    return f"{postgres_server}/{name}"
