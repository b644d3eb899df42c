"""Re-indexing with the real model on embedded Chroma: incremental, validated, atomic."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.kb.documents import DocumentError
from assistant.kb.indexing import ReindexBusy, reindex_lock
from assistant.kb.store import forget_client
from assistant.wiring import Advisor, build_advisor
from tests.conftest import write_doc

pytestmark = pytest.mark.integration


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    write_doc(folder, "costs-gpu-rent", "costs", title="Renting GPUs by the hour")
    write_doc(folder, "licensing-open", "licensing", title="Open licences for model weights")
    write_doc(folder, "security-injection", "security", title="Prompt injection defences")
    return folder


@pytest.fixture
def make_advisor(tmp_path: Path, kb: Path):  # type: ignore[no-untyped-def]
    made: list[Settings] = []

    def make() -> Advisor:
        settings = Settings(data_dir=tmp_path / "data", knowledge_dir=kb)
        made.append(settings)
        return build_advisor(settings)

    yield make
    for settings in made:
        forget_client(settings)


def served_docs(advisor: Advisor) -> dict[str, str]:
    collection = advisor.store.active_collection()
    assert collection is not None
    metas = collection.get(include=["metadatas"])["metadatas"] or []
    return {str(m["doc_id"]): str(m["doc_hash"]) for m in metas}


def test_first_run_indexes_everything_then_a_second_is_a_no_op(make_advisor) -> None:  # type: ignore[no-untyped-def]
    advisor = make_advisor()
    first = advisor.reindex()
    assert (first.documents, first.added, first.updated, first.deleted) == (3, 3, 0, 0)
    assert first.chunks == advisor.store.active_collection().count()
    second = advisor.reindex()
    assert (second.added, second.updated, second.deleted, second.unchanged) == (0, 0, 0, 3)
    assert second.collection == first.collection  # nothing rewritten


def test_add_edit_delete_are_applied_incrementally(make_advisor, kb: Path) -> None:  # type: ignore[no-untyped-def]
    advisor = make_advisor()
    advisor.reindex()
    before = served_docs(advisor)
    write_doc(kb, "deployment-on-prem", "deployment", title="Running models on premises")
    edited = kb / "costs" / "costs-gpu-rent.md"
    edited.write_text(edited.read_text().replace("number: 42", "number: 99"))
    (kb / "security" / "security-injection.md").unlink()
    summary = advisor.reindex()
    assert (summary.added, summary.updated, summary.deleted, summary.unchanged) == (1, 1, 1, 1)
    after = served_docs(advisor)
    assert set(after) == {"costs-gpu-rent", "licensing-open", "deployment-on-prem"}
    assert after["licensing-open"] == before["licensing-open"]
    assert after["costs-gpu-rent"] != before["costs-gpu-rent"]
    hits = advisor.searcher.search(
        "running models on premises", k=3, min_score=0.0, relevance_floor=0.0
    )
    assert hits[0].doc_id == "deployment-on-prem"
    assert "99" in " ".join(h.text for h in advisor.searcher.search("main point number", k=5))


def test_dry_run_reports_without_writing(make_advisor, kb: Path) -> None:  # type: ignore[no-untyped-def]
    advisor = make_advisor()
    advisor.reindex()
    served = advisor.store.active()
    write_doc(kb, "costs-new", "costs")
    summary = advisor.reindex(dry_run=True)
    assert summary.dry_run and summary.added == 1
    assert advisor.store.active() == served
    assert "costs-new" not in served_docs(advisor)


def test_full_rebuild_re_embeds_every_document(make_advisor) -> None:  # type: ignore[no-untyped-def]
    advisor = make_advisor()
    first = advisor.reindex()
    full = advisor.reindex(full=True)
    assert full.updated == 3 and full.unchanged == 0
    assert full.collection != first.collection
    assert advisor.store.collection_names() == sorted({first.collection, full.collection})


def test_a_bad_document_fails_the_run_and_leaves_the_index(make_advisor, kb: Path) -> None:  # type: ignore[no-untyped-def]
    advisor = make_advisor()
    advisor.reindex()
    served = advisor.store.active()
    collections = advisor.store.collection_names()
    bad = write_doc(kb, "costs-bad", "costs")
    bad.write_text(bad.read_text().replace("category: costs", "category: finance"))
    with pytest.raises(DocumentError) as caught:
        advisor.reindex()
    assert "costs-bad.md" in str(caught.value) and caught.value.field == "category"
    assert advisor.store.active() == served
    assert advisor.store.collection_names() == collections


def test_an_interrupted_run_leaves_the_served_index(make_advisor, kb: Path) -> None:  # type: ignore[no-untyped-def]
    advisor = make_advisor()
    advisor.reindex()
    served = advisor.store.active()
    write_doc(kb, "costs-new", "costs")

    def interrupt() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        from assistant.kb.indexing import reindex

        reindex(advisor.settings, advisor.store, advisor.embedder, after_write=interrupt)
    assert advisor.store.active() == served
    assert advisor.store.collection_names() == [served.collection]
    assert "costs-new" not in served_docs(advisor)
    assert advisor.reindex().added == 1  # the next run picks the change up


def test_a_second_run_at_once_stops_with_a_clear_message(make_advisor) -> None:  # type: ignore[no-untyped-def]
    advisor = make_advisor()
    with reindex_lock(advisor.settings.index_dir), pytest.raises(ReindexBusy) as caught:
        advisor.reindex()
    assert "another re-index is running" in str(caught.value)
    assert advisor.store.active() is None


def test_a_running_reader_follows_a_reindex_done_by_another_process(
    make_advisor, kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    import assistant.kb.search as search_module
    from tests.conftest import ROOT, advisor_env

    monkeypatch.setattr(search_module, "POINTER_CHECK_SECONDS", 0.0)
    reader = make_advisor()  # as the web app would be: one long-lived process
    reader.reindex()
    assert (
        reader.searcher.search("on premises servers", k=3, min_score=0.0, relevance_floor=0.0)[
            0
        ].doc_id
        != "deployment-on-prem"
    )
    write_doc(kb, "deployment-on-prem", "deployment", title="Running models on premises servers")
    env = advisor_env(reader.settings.data_dir, kb)
    for _ in range(2):  # the second run also drops the collection the reader first used
        done = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "reindex.py"), "--full"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
    hits = reader.searcher.search("on premises servers", k=3, min_score=0.0, relevance_floor=0.0)
    assert hits[0].doc_id == "deployment-on-prem"
