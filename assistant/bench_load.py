"""``python -m assistant bench --only load``: many managers interviewing at once across two
app processes on one PostgreSQL database (opt-in: it takes a couple of minutes).

Each of two worker processes builds the product as an app process does (``build_advisor``,
offline, sessions in Postgres) and runs half the simulated users, one thread each. A user
opens an assessment, gives an information-dense opener, says "go ahead", asks two
follow-ups, and starts another, until the time is up. Measured: turns a second over all
users, the turn latency (median, p95), errors, and lost turns (turns a worker was answered
for that are not in the database afterwards). ``ADVISOR_DATABASE_URL`` names the database;
unset, a throwaway PostgreSQL cluster is started in a temp folder (binaries from PATH or
``/usr/lib/postgresql/*/bin``). ``ADVISOR_CHROMA_URL`` names the Chroma server the
knowledge questions are searched on; unset, a ``chroma run`` server is started in a temp
folder and the index built into it first.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.processes import free_port, stop

USERS = 50
SECONDS = 120.0
PROCESSES = 2
SCRIPT = (
    "We want to summarise customer support tickets so team leads see recurring complaints: "
    "about 20k tickets a month, internal use, agents check a sample, no personal data",
    "go ahead",
    "what are the top 3 risks?",
    "does it pay off?",
    "can we use Llama in a product we sell?",  # searched in the knowledge base
)


def postgres_binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: on PATH, else Debian's newest."""
    found = shutil.which("initdb")
    folders = [str(Path(found).resolve().parent)] if found else []
    folders += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    return next((Path(f) for f in folders if (Path(f) / "pg_ctl").exists()), None)


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """A throwaway PostgreSQL server on a free port, its socket and data in a temp folder
    (``initdb`` refuses root, so as root the cluster is the ``postgres`` user's); yields
    the server's address without a database: ``postgresql://postgres@127.0.0.1:PORT``.
    Also the tests' server (tests/postgres.py)."""
    binaries = postgres_binaries()
    if binaries is None:
        raise RuntimeError(
            "the load benchmark needs PostgreSQL: set ADVISOR_DATABASE_URL, or install it "
            "(apt-get install postgresql)"
        )
    folder = Path(tempfile.mkdtemp(prefix="advisor-bench-pg-"))
    owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if owner:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", free_port()
    subprocess.run(
        [*owner, str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"],
        check=True,
        capture_output=True,
    )
    # Nothing in it outlives the run: no fsync.
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"
    )
    start = [str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-w", "start"]
    subprocess.run([*owner, *start, "-l", str(folder / "log")], check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        stop = [str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]
        subprocess.run([*owner, *stop], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def temporary_chroma() -> Iterator[str]:
    """A throwaway ``chroma run`` server on a free port; yields its address."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or "chroma"
    folder = Path(tempfile.mkdtemp(prefix="advisor-bench-chroma-"))
    port = free_port()
    with (folder / "log").open("wb") as log:
        process = subprocess.Popen(
            [
                chroma,
                "run",
                "--path",
                str(folder / "data"),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("chroma run did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process, timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


def bench_load(settings: Settings, users: int = USERS, seconds: float = SECONDS) -> dict[str, Any]:
    from contextlib import ExitStack

    with ExitStack() as stack:
        url = settings.database_url or f"{stack.enter_context(temporary_postgres())}/postgres"
        chroma = settings.chroma_url or stack.enter_context(temporary_chroma())
        given = settings.model_copy(update={"database_url": url, "chroma_url": chroma})
        from assistant.wiring import build_advisor

        build_advisor(given).ensure_index()  # the index in the server before the clock starts
        report = _measure(given, users, seconds)
        report["database"] = "given" if settings.database_url else "temporary PostgreSQL"
        report["chroma"] = "given" if settings.chroma_url else "temporary chroma run"
        return report


def _measure(settings: Settings, users: int, seconds: float) -> dict[str, Any]:
    from assistant.conversation.store import SessionStore

    url = str(settings.database_url)
    SessionStore(url)  # the schema, once, before the workers race for it
    env = {**os.environ, "ADVISOR_DATABASE_URL": url, "HF_HUB_OFFLINE": "1"}
    env["ADVISOR_CHROMA_URL"] = str(settings.chroma_url)
    env["ADVISOR_DATA_DIR"] = str(settings.data_dir)
    env["ADVISOR_KNOWLEDGE_DIR"] = str(settings.knowledge_dir)
    env["ADVISOR_LLM"] = "offline"
    share = [users // PROCESSES + (1 if n < users % PROCESSES else 0) for n in range(PROCESSES)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "assistant.bench_load", str(n), str(count), str(seconds)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, count in enumerate(share)
    ]
    # Each worker says when it has loaded (imports, the embedding model); then all are
    # given one start time, so the users of both processes interview at the same time.
    for worker in workers:
        assert worker.stdout is not None
        if worker.stdout.readline().strip() != "ready":
            raise RuntimeError(f"a load worker failed to start: {worker.stderr.read()[-500:]}")  # type: ignore[union-attr]
    start_at = time.time() + 1
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write(f"{start_at}\n")
        worker.stdin.flush()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=seconds + 600)
        if worker.returncode != 0:
            raise RuntimeError(f"a load worker failed: {err.strip().splitlines()[-1:]}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    store = SessionStore(url)
    answered: dict[str, int] = {}
    for result in results:
        for session, count in result["answered"].items():
            answered[session] = answered.get(session, 0) + count
    lost = 0
    for session, count in answered.items():
        stored = sum(1 for m in store.messages(session) if m.role == "user")
        lost += max(0, count - stored)
    latencies = sorted(ms for result in results for ms in result["latencies_ms"])
    turns = len(latencies)
    return {
        "users": users,
        "processes": PROCESSES,
        "seconds": seconds,
        "turns": turns,
        "turns_per_second": round(turns / seconds, 1),
        "turn_median_ms": round(statistics.median(latencies), 1) if latencies else None,
        "turn_p95_ms": round(latencies[int(0.95 * (turns - 1))], 1) if latencies else None,
        "errors": sum(result["errors"] for result in results),
        "error_kinds": sorted({k for result in results for k in result["error_kinds"]}),
        "lost_turns": lost,
        "replies_citing_the_knowledge_base": sum(result["cited"] for result in results),
        "assessments": len(answered),
        "redone_turns_note": "turns that lost a race to the other process are redone, "
        "not lost (assistant.conversation.store)",
    }


def _worker(index: int, users: int, seconds: float) -> None:
    """One app process: ``users`` threads interviewing until the time is up."""
    from assistant.cli import settings_from_env
    from assistant.conversation.access import make_user
    from assistant.conversation.store import new_session_id
    from assistant.wiring import build_advisor

    advisor = build_advisor(settings_from_env())
    advisor.choice_embedder.warm()  # loaded before the clock starts, as a warm app
    advisor.embedder.warm()
    conversation = advisor.conversation
    lock = threading.Lock()
    latencies: list[float] = []
    answered: dict[str, int] = {}
    errors: list[str] = []
    cited = [0]  # replies citing the knowledge base (searched on the Chroma server)

    def user(n: int) -> None:
        conv = conversation.as_user(make_user(f"user{index}-{n}@example.com"))
        deadline = start_at + seconds
        while time.time() < deadline:
            session = new_session_id()
            for message in SCRIPT:
                if time.time() >= deadline:
                    return
                started = time.perf_counter()
                try:
                    reply = conv.respond(session, message)
                except Exception as exc:  # counted, and the user goes on
                    with lock:
                        errors.append(type(exc).__name__)
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    answered[session] = answered.get(session, 0) + 1
                    cited[0] += bool(reply.sources)

    print("ready", flush=True)
    start_at = float(sys.stdin.readline())
    time.sleep(max(0.0, start_at - time.time()))
    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(
        json.dumps(
            {
                "latencies_ms": latencies,
                "answered": answered,
                "errors": len(errors),
                "cited": cited[0],
                "error_kinds": sorted(set(errors)),
            }
        )
    )


if __name__ == "__main__":
    _worker(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]))
