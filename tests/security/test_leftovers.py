"""Re-index runs leave nothing behind: collections half-built by killed runs are deleted by
the next run that gets the lock (even one with nothing to change), and passages of a
document that moved without changing cite its new path."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from assistant.config import Settings
from assistant.kb.indexing import reindex
from assistant.kb.store import VectorStore, forget_client, open_client, read_all
from tests.conftest import ROOT, write_doc
from tests.security.embedder import FakeEmbedder

# A re-index that writes its whole new collection, then hangs before moving the pointer
# (where it is killed): the worst moment, everything written and nothing served.
HANGING_RUN = """
import pathlib, sys, time
from assistant.config import Settings
from assistant.kb.indexing import reindex
from assistant.kb.store import VectorStore, open_client
from tests.security.embedder import FakeEmbedder

settings = Settings(data_dir=sys.argv[1], knowledge_dir=sys.argv[2])
def hang():
    pathlib.Path(sys.argv[3]).write_text("written")
    time.sleep(600)
reindex(settings, VectorStore(open_client(settings), FakeEmbedder()), FakeEmbedder(),
        full=True, after_write=hang)
"""


def _store(settings: Settings) -> VectorStore:
    return VectorStore(open_client(settings), FakeEmbedder())


def _kill_a_run(settings: Settings, marker: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            HANGING_RUN,
            str(settings.data_dir),
            str(settings.knowledge_dir),
            str(marker),
        ],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "the run never finished writing"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        if process.stderr:
            process.stderr.close()


def test_the_next_run_deletes_collections_of_killed_runs(tmp_path: Path) -> None:
    kb = tmp_path / "knowledge"
    for n in range(3):
        write_doc(kb, f"costs-doc-{n}")
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=kb)
    first = reindex(settings, _store(settings), FakeEmbedder())
    forget_client(settings)
    for n in range(3):
        _kill_a_run(settings, tmp_path / f"written-{n}")
    store = _store(settings)
    try:
        leftovers = [n for n in store.collection_names() if n != first.collection]
        # each run, killed or not, deletes what the one before it left: only the last stays
        assert len(leftovers) == 1
        assert store.active() is not None and store.active().collection == first.collection  # type: ignore[union-attr]

        summary = reindex(settings, store, FakeEmbedder())  # nothing changed in the folder
        assert (summary.added, summary.updated, summary.deleted) == (0, 0, 0)
        assert store.collection_names() == [first.collection]

        # and after a run that does change something: the new and the previous generation
        write_doc(kb, "costs-doc-new")
        changed = reindex(settings, store, FakeEmbedder())
        _kill_a_run(settings, tmp_path / "written-last")
        again = reindex(settings, store, FakeEmbedder())
        assert again.collection == changed.collection
        assert store.collection_names() == sorted({first.collection, changed.collection})
    finally:
        forget_client(settings)


def test_a_moved_document_cites_its_new_path(tmp_path: Path) -> None:
    kb = tmp_path / "knowledge"
    write_doc(kb, "costs-stays", "costs")
    write_doc(kb, "licensing-moves", "licensing")
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=kb)
    store = _store(settings)
    try:
        reindex(settings, store, FakeEmbedder())
        moved_kb = tmp_path / "guidance"
        kb.rename(moved_kb)  # the whole folder moves: every path changes, no content does
        moved = Settings(data_dir=tmp_path / "data", knowledge_dir=moved_kb)
        summary = reindex(moved, store, FakeEmbedder())
        assert (summary.added, summary.updated, summary.unchanged, summary.moved) == (0, 0, 2, 2)
        collection = store.active_collection()
        assert collection is not None
        paths = {str(m["path"]) for m in read_all(collection, ["metadatas"])["metadatas"]}
        assert paths == {
            "guidance/costs/costs-stays.md",
            "guidance/licensing/licensing-moves.md",
        }
        # the vectors were copied, not recomputed: a second run has nothing to do
        assert reindex(moved, store, FakeEmbedder()).moved == 0
    finally:
        forget_client(settings)
