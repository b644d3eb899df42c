"""One session used from two processes at once (two app processes, the terminal chat beside
the web app): every answer a process was told was recorded is still recorded afterwards.

A turn reads its session, works, and saves onto the version it read; a save that finds
another turn saved meanwhile is redone on the new state (``VersionConflict`` in the
store, the retry in ``Conversation._commit``). Before that, each turn saved the state it
had read, so one process silently put back the other's older answers.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from assistant.conversation import service
from assistant.conversation.store import SessionStore, VersionConflict
from assistant.wiring import build_advisor
from tests.conftest import KNOWLEDGE, ROOT, advisor_env

# Each process owns fields of its own and keeps changing them, so any answer of one
# process that the other's save puts back is visible as a value it was not last told.
FIELDS = {
    0: ("monthly_requests", "labeled_examples", "minutes_per_item"),
    1: ("monthly_budget_usd", "hourly_cost_usd", "timeline_weeks"),
}
ROUNDS = 40
SESSION = "shared-by-two"


def _value(who: int, field: str, round_: int) -> int:
    if field in ("minutes_per_item", "timeline_weeks"):
        return 2 + (round_ * 2 + who) % 90
    return 1000 + 10 * round_ + who


def _settings(data_dir: Path) -> Settings:
    # The rate limits are not what this test is about: raised out of the way.
    return Settings(
        data_dir=data_dir,
        knowledge_dir=KNOWLEDGE,
        rate_limit_per_minute=1_000_000,
        client_rate_limit_per_minute=1_000_000,
    )


def _hammer(data_dir: Path, who: int, rounds: int) -> None:
    """One process (``python -m tests.security.test_lost_updates DATA WHO ROUNDS``): says
    "ready", waits for "go" on stdin so both start at the same instant, opens the shared
    session, then changes its own fields round after round, noting what each reply says
    is recorded; prints what it saw as one JSON line."""
    conv = build_advisor(_settings(data_dir)).conversation
    conflicts = _count_conflicts(conv.store)
    told: dict[str, float] = {}
    reverted = 0  # replies in which an answer this process was told earlier had changed
    errors: list[str] = []
    print("ready", flush=True)
    sys.stdin.readline()  # "go": both start together, whichever took longer to import
    began = time.time()
    try:
        conv.start(SESSION)
        for round_ in range(rounds):
            for field in FIELDS[who]:
                value = _value(who, field, round_)
                reply = conv.edit_answer(SESSION, field, str(value))
                if reply.reply.startswith("Updated") and reply.profile[field]["value"] == value:
                    told[field] = value
                reverted += sum(
                    reply.profile.get(name, {}).get("value") != was for name, was in told.items()
                )
    except Exception as exc:  # reported to the test, which fails on it
        errors.append(f"{type(exc).__name__}: {exc}")
    print(json.dumps([who, told, reverted, errors, conflicts[0], [began, time.time()]]))


def _count_conflicts(store: SessionStore) -> list[int]:
    """Counts the saves that met another process's turn (each one then redone)."""
    count = [0]
    save = store.save_turn

    def counted(*args: Any, **kwargs: Any) -> int:
        try:
            return save(*args, **kwargs)
        except VersionConflict:
            count[0] += 1
            raise

    store.save_turn = counted  # type: ignore[method-assign]
    return count


def hammer_from_two_processes(
    data_dir: Path, rounds: int = ROUNDS, create_first: bool = True
) -> dict[str, Any]:
    """Two OS processes on one session (created here first, or by both at once); what
    each was told, and what is stored."""
    if create_first:
        build_advisor(_settings(data_dir)).conversation.start(SESSION)
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", __name__, str(data_dir), str(who), str(rounds)],
            cwd=ROOT,
            env=advisor_env(data_dir),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for who in FIELDS
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
        for worker in workers:
            assert worker.stdin is not None
            worker.stdin.write("go\n")
            worker.stdin.close()
            worker.stdin = None  # communicate() then only reads
        outputs = [worker.communicate(timeout=300)[0] for worker in workers]
        reports = [json.loads(output.strip().splitlines()[-1]) for output in outputs]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    conv = build_advisor(_settings(data_dir)).conversation
    answers = conv.profile_fields(SESSION)["answers"]
    told = {field: value for report in reports for field, value in report[1].items()}
    return {
        "told": told,
        "stored": {field: answers.get(field) for field in told},
        "lost": sorted(field for field, value in told.items() if answers.get(field) != value),
        "reverted": sum(report[2] for report in reports),
        "errors": [error for report in reports for error in report[3]],
        "conflicts": sum(report[4] for report in reports),
        # The two processes' busy times overlapped: the race was really run.
        "overlapped": max(r[5][0] for r in reports) < min(r[5][1] for r in reports),
        "edits": len(conv.history(SESSION)) // 2,
    }


@pytest.mark.integration
def test_two_processes_on_one_session_lose_no_answer(tmp_path: Path) -> None:
    outcome = hammer_from_two_processes(tmp_path / "data")
    assert outcome["errors"] == [] and outcome["overlapped"]
    assert set(outcome["told"]) == set(FIELDS[0] + FIELDS[1])
    assert outcome["lost"] == [], outcome
    assert outcome["reverted"] == 0, outcome
    assert outcome["edits"] == 2 * ROUNDS * 3  # every edit and its reply kept, once


@pytest.mark.integration
def test_two_processes_opening_one_new_session_both_use_it(tmp_path: Path) -> None:
    outcome = hammer_from_two_processes(tmp_path / "data", rounds=2, create_first=False)
    assert outcome["errors"] == []  # neither failed on the other's insert
    assert outcome["lost"] == [] and outcome["edits"] == 2 * 2 * 3


# -- the version check itself ------------------------------------------------------------


def test_a_save_onto_a_stale_version_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "sessions.sqlite")
    record = store.create({"answers": {}}, session_id="versioned")
    assert record is not None and record.version == 0
    read_by_both = store.get("versioned").version
    assert store.save_turn("versioned", [("user", "first", {})], {"a": 1}, None, None, 0) == 1
    with pytest.raises(VersionConflict):
        store.save_turn("versioned", [("user", "second", {})], {"b": 2}, None, None, read_by_both)
    assert store.get("versioned").interview == {"a": 1}
    assert [m.content for m in store.messages("versioned")] == ["first"]
    assert store.save_turn("versioned", [("user", "second", {})], {"a": 1, "b": 2}, None, None, 1)
    assert store.get("versioned").version == 2


def test_creating_one_new_id_twice_opens_the_first(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "sessions.sqlite")
    assert store.create({}, session_id="same-id", messages=[("assistant", "hi", {})])
    assert store.create({}, session_id="same-id", messages=[("assistant", "hi", {})]) is None
    assert [m.content for m in store.messages("same-id")] == ["hi"]


class _SavedMeanwhile(SessionStore):
    """A store in which another process saves a turn of the session between this
    process's read and its save, ``times`` times."""

    def __init__(self, path: Path, other: dict[str, Any], times: int = 1) -> None:
        super().__init__(path)
        self.other, self.times, self.saves = other, times, 0

    def save_turn(self, session_id: str, *args: Any, **kwargs: Any) -> int:
        self.saves += 1
        if self.times > 0 and kwargs.get("expected_version") is not None:
            self.times -= 1
            record = self.get(session_id)
            interview = {**record.interview}
            interview["answers"] = {**interview["answers"], **self.other}
            super().save_turn(session_id, [], interview, record.recommendation)
        return super().save_turn(session_id, *args, **kwargs)


def _conversation(store: SessionStore, tmp_path: Path) -> service.Conversation:
    advisor = build_advisor(_settings(tmp_path / "data"))
    conv = advisor.conversation
    return service.Conversation(conv.settings, store, conv.offline)


def test_a_turn_that_lost_the_race_is_redone_on_the_new_state(tmp_path: Path) -> None:
    store = _SavedMeanwhile(tmp_path / "sessions.sqlite", {"labeled_examples": 500})
    conv = _conversation(store, tmp_path)
    session = conv.start("raced").session
    reply = conv.edit_answer(session, "monthly_requests", "20000")
    assert store.saves == 2  # the first save met the other process's turn, the redo won
    answers = conv.profile_fields(session)["answers"]
    assert answers["monthly_requests"] == 20000 and answers["labeled_examples"] == 500
    assert reply.profile["labeled_examples"]["value"] == 500  # the reply shows both too
    assert [m["role"] for m in conv.history(session)] == ["assistant", "user", "assistant"]


def test_a_session_that_never_stops_changing_is_refused_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "CONFLICT_PATIENCE_SECONDS", 0.2)
    store = _SavedMeanwhile(tmp_path / "sessions.sqlite", {"labeled_examples": 500}, 10**6)
    conv = _conversation(store, tmp_path)
    session = conv.start("always-changing").session
    with pytest.raises(service.SessionBusy, match="send it again"):
        conv.respond(session, "Summarise weekly sales reports for the board")
    assert "use_case" not in conv.profile_fields(session)["answers"]
    assert [m["role"] for m in conv.history(session)] == ["assistant"]


def test_a_database_from_before_versions_gains_them(tmp_path: Path) -> None:
    path = tmp_path / "sessions.sqlite"
    with sqlite3.connect(path) as db:  # the first release's table
        db.execute(
            "CREATE TABLE sessions (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT "
            "NOT NULL, updated_at TEXT NOT NULL, interview TEXT NOT NULL, recommendation TEXT)"
        )
        db.execute("INSERT INTO sessions VALUES ('old-one', 'Old', 'x', 'x', '{}', NULL)")
    store = SessionStore(path)
    assert store.get("old-one").version == 0
    assert store.save_turn("old-one", [("user", "hello", {})], {"a": 1}, None, None, 0) == 1
    SessionStore(path)  # opening it again changes nothing


def test_a_name_given_by_a_person_survives_later_turns(tmp_path: Path) -> None:
    conv = _conversation(SessionStore(tmp_path / "sessions.sqlite"), tmp_path)
    session = conv.start("named").session
    conv.respond(session, "Summarise weekly sales reports for the board")
    conv.rename(session, "Board reports")
    conv.respond(session, "summaries")
    assert conv.store.get(session).title == "Board reports"


if __name__ == "__main__":
    _hammer(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
