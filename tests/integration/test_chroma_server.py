"""The same index and search on a real `chroma run` server, including a re-index killed
half way with SIGKILL."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.kb.store import forget_client
from assistant.wiring import build_advisor
from tests.conftest import ROOT, advisor_env, write_doc

pytestmark = [pytest.mark.integration, pytest.mark.server]


def test_index_and_ask_through_a_chroma_server(chroma_server: str, tmp_path: Path) -> None:
    kb = tmp_path / "knowledge"
    write_doc(kb, "costs-gpu-rent", "costs", title="Renting GPUs by the hour")
    write_doc(kb, "licensing-open", "licensing", title="Open licences for model weights")
    env = advisor_env(tmp_path / "data", kb, chroma_url=chroma_server)
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "reindex.py"), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["documents"] == 2 and summary["added"] == 2
    # a second process, as a web app would be, reads the same index from the server
    asked = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "open licences for weights", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=ROOT,
    )
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["sources"][0]["doc_id"] == "licensing-open"
    # nothing was written to an embedded index under the data directory
    assert not (tmp_path / "data" / "index" / "chroma").exists()


def test_a_killed_reindex_leaves_the_server_index_as_it_was(
    chroma_server: str, tmp_path: Path
) -> None:
    kb = tmp_path / "knowledge"
    write_doc(kb, "costs-first", "costs")
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=kb, chroma_url=chroma_server)
    advisor = build_advisor(settings)
    advisor.reindex()
    served = advisor.store.active()
    assert served is not None
    # Many new documents, so the run is still embedding when it is killed.
    for n in range(150):
        write_doc(
            kb,
            f"costs-extra-{n}",
            "costs",
            body=(
                "Some words about costs. " * 40 + "\n\n"
                "## Section\n\n" + "More words about spending. " * 60
            ),
        )
    env = advisor_env(tmp_path / "data", kb, chroma_url=chroma_server)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "reindex.py"), "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline:  # wait until it has started writing
            names = [n for n in advisor.store.collection_names() if n != served.collection]
            if names and advisor.store.get(names[0]).count() > 0:
                break
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            time.sleep(0.05)
        else:
            pytest.fail("the re-index never started writing")
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert advisor.store.active() == served
    hits = advisor.searcher.search("main point", k=5, min_score=0.0, relevance_floor=0.0)
    assert {h.doc_id for h in hits} == {"costs-first"}
    # the next run cleans up the half-written collection and completes
    summary = advisor.reindex()
    assert summary.added == 150
    assert advisor.store.collection_names() == sorted({served.collection, summary.collection})
    forget_client(settings)
