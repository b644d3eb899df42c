"""Sessions, pilot results, limits, agent memory and the re-index lock in a real
PostgreSQL server (``ADVISOR_DATABASE_URL``), started by the tests in a temp folder.

Two app processes on one database serve interleaved turns of one shared assessment and of
each user's own without losing a turn or crossing users."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.conversation.access import AccessDenied, make_user
from assistant.conversation.memory import open_checkpointer
from assistant.conversation.offline import OfflineDialogue
from assistant.conversation.service import Conversation, SessionNotFound
from assistant.conversation.store import SessionStore, VersionConflict, new_session_id
from assistant.kb.indexing import ReindexBusy, reindex_lock
from assistant.pilot.store import PilotStore
from tests.conftest import KNOWLEDGE, ROOT
from tests.pilot_seed import seed
from tests.postgres import database_url, postgres_server  # noqa: F401 - fixtures
from tests.unit.test_dialogue import fake_search
from tests.unit.test_engine import engine

pytestmark = [pytest.mark.integration, pytest.mark.server]

ALICE, BOB = make_user("alice@example.com"), make_user("bob@example.com")


def conversation(url: str, tmp_path: Path) -> Conversation:
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=KNOWLEDGE, database_url=url)
    offline = OfflineDialogue(fake_search, engine().recommend, None)
    return Conversation(settings, SessionStore(settings.sessions_target), offline)


def test_the_store_on_postgres(database_url: str) -> None:  # noqa: F811
    store = SessionStore(database_url)
    SessionStore(database_url)  # a second process opening it migrates nothing twice
    record = store.create({"answers": {}}, messages=[("assistant", "Hello", {})], owner="ana")
    assert record is not None
    assert store.create({"answers": {}}, session_id=record.id) is None  # taken: open it
    version = store.save_turn(record.id, [("user", "hi", {})], {"answers": {"a": 1}}, None,
                              expected_version=0)  # fmt: skip
    assert version == 1
    with pytest.raises(VersionConflict):
        store.save_turn(record.id, [("user", "late", {})], {}, None, expected_version=0)
    assert [m.content for m in store.messages(record.id)] == ["Hello", "hi"]
    store.share(record.id, "li@example.com", "read")
    store.share(record.id, "li@example.com", "write")  # replaces the earlier share
    assert store.shares(record.id) == {"li@example.com": "write"}
    assert store.get(record.id).owner == "ana" and store.get(record.id).interview == {
        "answers": {"a": 1}
    }
    store.delete(record.id)
    with pytest.raises(SessionNotFound):
        store.get(record.id)
    assert store.all_shares() == {}


def test_pilot_results_and_access_on_postgres(database_url: str, tmp_path: Path) -> None:  # noqa: F811
    sid = seed(database_url, owner=ALICE.id)  # type: ignore[arg-type]
    conv = conversation(database_url, tmp_path)
    alice, bob = conv.as_user(ALICE), conv.as_user(BOB)
    measurement, _ = alice.pilot.log(sid, "drafts accepted", "62%", n="400")
    assert measurement.id is not None and measurement.value == 0.62  # a double, exactly
    with pytest.raises(SessionNotFound):
        bob.pilot.status(sid)
    alice.share(sid, BOB.id, "read")
    assert len(bob.pilot.status(sid).judgements) == 1
    with pytest.raises(AccessDenied):
        bob.pilot.log(sid, "drafts accepted", "70%", n="400")
    alice.delete(sid)  # the measurements go with it
    assert PilotStore(SessionStore(database_url)).list(sid) == []


def test_two_processes_serve_interleaved_turns_without_loss_or_cross_talk(
    database_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    conv = conversation(database_url, tmp_path)
    shared = conv.as_user(ALICE).start().session
    conv.as_user(ALICE).share(shared, BOB.id, "write")
    own = {"alice@example.com": new_session_id(), "bob@example.com": new_session_id()}
    n = 25
    ready = tmp_path / "ready"  # both start sending once both are built
    ready.mkdir()
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.conversation_worker",
                database_url,
                user,
                shared,
                own[user],
                str(n),
                str(ready),
                str(len(own)),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for user in own
    ]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    store = SessionStore(database_url)

    said = [m for m in store.messages(shared)]
    user_lines = [m.content for m in said if m.role == "user"]
    expected = [text for r in results for text in r["sent"][shared]]
    assert sorted(user_lines) == sorted(expected) and len(expected) == 2 * n  # none lost
    # Each message is followed by its own reply, in order, in one numbering.
    roles = [m.role for m in said[1:]]
    assert roles == ["user", "assistant"] * (2 * n)
    for result in results:
        mine = [t for t in user_lines if t.startswith(result["user"])]
        assert mine == result["sent"][shared]  # each process's turns in the order it sent
    assert {r["user"] for r in results} == set(own)
    # Interleaved: neither process had all its turns saved before the other's first.
    firsts = [user_lines.index(r["sent"][shared][0]) for r in results]
    lasts = [user_lines.index(r["sent"][shared][-1]) for r in results]
    assert max(firsts) < min(lasts)
    for user, session in own.items():
        record = store.get(session)
        lines = [m.content for m in store.messages(session) if m.role == "user"]
        assert record.owner == user and len(lines) == n
        assert all(line.startswith(user) for line in lines)  # no cross-talk
    assert store.get(shared).version == 2 * n
    bob = conv.as_user(BOB)
    with pytest.raises(SessionNotFound):
        bob.history(own["alice@example.com"])


def test_agent_memory_lives_in_postgres_across_processes(database_url: str) -> None:  # noqa: F811
    from typing import TypedDict

    from langgraph.graph import END, START, StateGraph

    class State(TypedDict):
        turns: int

    def graph(saver: object) -> object:
        builder = StateGraph(State)
        builder.add_node("count", lambda state: {"turns": state["turns"] + 1})
        builder.add_edge(START, "count")
        builder.add_edge("count", END)
        return builder.compile(checkpointer=saver)  # type: ignore[arg-type]

    config = {"configurable": {"thread_id": "session-1"}}
    first = graph(open_checkpointer(database_url))
    first.invoke({"turns": 0}, config)  # type: ignore[attr-defined]
    # Another process (a new connection, tables already there) continues the thread.
    code = (
        "import sys; from assistant.conversation.memory import open_checkpointer; "
        "saver = open_checkpointer(sys.argv[1]); "
        "print(saver.get_tuple({'configurable': {'thread_id': 'session-1'}}).checkpoint"
        "['channel_values']['turns'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, database_url], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "1"


def test_the_reindex_lock_holds_across_machines(database_url: str, tmp_path: Path) -> None:  # noqa: F811
    # Two index folders stand for two machines: the file lock alone would let both run.
    with reindex_lock(tmp_path / "machine-a", database_url):
        with (
            pytest.raises(ReindexBusy, match="another machine"),
            reindex_lock(tmp_path / "machine-b", database_url),
        ):
            pass
        with reindex_lock(tmp_path / "machine-b"):  # without the database: not held
            pass
    with reindex_lock(tmp_path / "machine-b", database_url):  # released: free again
        pass


def test_a_bad_database_url_is_refused_naming_the_setting(tmp_path: Path) -> None:
    from pydantic import ValidationError

    for bad, words in (
        ("mysql://x@h/db", "'mysql' addresses are not supported"),
        ("postgresql://u@h:99999/db", "invalid port"),
    ):
        with pytest.raises(ValidationError, match=words):
            Settings(data_dir=tmp_path, knowledge_dir=KNOWLEDGE, database_url=bad)
    assert (
        Settings(data_dir=tmp_path, knowledge_dir=KNOWLEDGE, database_url="").database_url is None
    )


def test_a_finished_threads_connection_is_closed(database_url: str) -> None:  # noqa: F811
    import gc
    import threading

    import psycopg

    store = SessionStore(database_url)
    name = database_url.rsplit("/", 1)[1]

    def connections() -> int:
        with psycopg.connect(database_url, autocommit=True) as db:
            row = db.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (name,)
            ).fetchone()
            return int(row[0]) - 1  # not this one

    before = connections()
    threads = [threading.Thread(target=store.all) for _ in range(10)]
    for thread in threads:
        thread.start()
        thread.join()
    del threads, thread
    gc.collect()
    deadline = time.monotonic() + 10
    while connections() > before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert connections() == before
