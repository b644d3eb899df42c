"""First use on a fresh data folder: processes that start together (``ask``, ``chat``, the
web app, which all build the index when there is none) do not fail with "another
re-index is running": one builds it, the others wait for that build, following its
progress, and then serve it."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from assistant.kb.indexing import reindex_lock, wait_for_reindex
from tests.conftest import ROOT, advisor_env, write_doc

QUESTION = "What does an open licence allow for model weights?"


def _knowledge(folder: Path) -> Path:
    write_doc(folder, "licensing-open", "licensing", title="Open licences for model weights")
    for n in range(24):  # enough passages that the build takes a while
        write_doc(folder, f"costs-note-{n}", "costs", title=f"Cost note {n}")
    return folder


@pytest.mark.integration
@pytest.mark.slow
def test_three_processes_starting_together_share_one_build(tmp_path: Path) -> None:
    kb = _knowledge(tmp_path / "knowledge")
    data = tmp_path / "data"  # fresh: nothing indexed yet
    env = advisor_env(data, kb)
    commands = [
        ([sys.executable, "-m", "assistant", "ask", QUESTION, "--json"], None),
        ([sys.executable, "-m", "assistant", "ask", "Renting GPUs: what does it cost?"], None),
        (
            [sys.executable, "-m", "assistant", "chat", "--json"],
            "Summarise supplier contracts for the legal team\n" + QUESTION + "\n",
        ),
    ]
    processes = [
        subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command, _ in commands
    ]
    for process, (_, stdin) in zip(processes, commands, strict=True):
        assert process.stdin is not None
        process.stdin.write(stdin or "")  # all at once: the chat asks while the others start
        process.stdin.close()
        process.stdin = None  # communicate() then only reads
    outputs = [process.communicate(timeout=600) for process in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert "another re-index is running" not in err

    asked = json.loads(outputs[0][0])
    assert asked["sources"] and asked["sources"][0]["doc_id"] == "licensing-open"
    assert "Cost note" in outputs[1][0] or "[1]" in outputs[1][0]
    chat_reply = json.loads(outputs[2][0].splitlines()[-1])
    assert chat_reply["sources"], chat_reply["reply"]

    # one build served them all: one index collection, and nothing left half built
    from assistant.config import Settings
    from assistant.kb.store import VectorStore, forget_client, open_client

    settings = Settings(data_dir=data, knowledge_dir=kb)
    try:
        store = VectorStore(open_client(settings))
        assert len(store.collection_names()) == 1
        active = store.active()
        assert active is not None and active.documents == 25
    finally:
        forget_client(settings)


def test_a_waiting_process_follows_the_builders_progress(tmp_path: Path) -> None:
    index = tmp_path / "index"
    seen: list[tuple[int, int]] = []
    holding = threading.Event()
    release = threading.Event()

    def build() -> None:
        with reindex_lock(index) as note:
            note("12/40 passages")
            holding.set()
            release.wait(10)

    builder = threading.Thread(target=build)
    builder.start()
    holding.wait(10)
    waiter = threading.Thread(
        target=wait_for_reindex, args=(index, lambda d, t: seen.append((d, t)))
    )
    waiter.start()
    waiter.join(1.0)
    assert waiter.is_alive()  # still waiting while the build runs
    release.set()
    builder.join(10)
    waiter.join(10)
    assert not waiter.is_alive()
    assert (12, 40) in seen
