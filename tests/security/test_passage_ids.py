"""A valid document never blocks a re-index: passage ids are unique by construction,
whatever the headings; what the store still refuses is named by file and heading; a
UTF-8 byte-order mark is accepted and a folder named ``x.md`` is skipped with a warning."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.config import Settings
from assistant.kb.chunking import chunk_document
from assistant.kb.documents import load_documents, parse_document
from assistant.kb.indexing import PassageError, reindex
from assistant.kb.store import VectorStore, forget_client, open_client
from tests.conftest import write_doc
from tests.security.embedder import FakeEmbedder

PARAGRAPH = "A paragraph of ordinary words about the section, long enough to be a passage. "


def _body(headings: Sequence[str]) -> str:
    return PARAGRAPH * 6 + "".join(f"\n\n## {h}\n\n{PARAGRAPH}" for h in headings) + "\n"


def test_repeated_and_numbered_headings_get_distinct_ids(tmp_path: Path) -> None:
    path = write_doc(tmp_path, "costs-setup", body=_body(["Setup", "Setup", "Setup 2"]))
    chunks = chunk_document(parse_document(path))
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids)), ids
    assert [c.heading for c in chunks][1:] == ["Setup", "Setup", "Setup 2"]


HEADINGS = st.lists(
    st.sampled_from(["Setup", "Setup 2", "setup-2", "Setup 2 2", "SETUP", "Setup!", "x" * 70]),
    min_size=1,
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(headings=HEADINGS)
def test_ids_are_unique_whatever_the_headings(tmp_path_factory, headings: list[str]) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("kb")
    path = write_doc(folder, "costs-any", body=_body(headings))
    ids = [c.id for c in chunk_document(parse_document(path))]
    assert len(ids) == len(set(ids)), (headings, ids)


def test_the_reindex_of_such_a_document_succeeds(tmp_path: Path) -> None:
    kb = tmp_path / "knowledge"
    write_doc(kb, "costs-setup", body=_body(["Setup", "Setup", "Setup 2"]))
    settings_ = Settings(data_dir=tmp_path / "data", knowledge_dir=kb)
    store = VectorStore(open_client(settings_), FakeEmbedder())
    try:
        summary = reindex(settings_, store, FakeEmbedder())
        assert summary.added == 1 and summary.chunks == 4
    finally:
        forget_client(settings_)


def test_a_passage_the_store_refuses_is_named_by_file_and_heading(tmp_path: Path) -> None:
    kb = tmp_path / "knowledge"
    write_doc(kb, "costs-fine")
    write_doc(
        kb,
        "costs-poisoned",
        body=_body(["Fine section"]) + f"\n## Poisoned section\n\nPOISON {PARAGRAPH}\n",
    )
    settings_ = Settings(data_dir=tmp_path / "data", knowledge_dir=kb)
    store = VectorStore(open_client(settings_), FakeEmbedder())
    try:
        with pytest.raises(PassageError) as caught:
            reindex(settings_, store, FakeEmbedder())
        message = str(caught.value)
        assert "knowledge/costs/costs-poisoned.md" in message
        assert "section 'Poisoned section'" in message
        assert store.active() is None and store.collection_names() == []
    finally:
        forget_client(settings_)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write_doc(tmp_path, "costs-bom")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    document = parse_document(path)
    assert document.meta.id == "costs-bom"
    assert not document.body.startswith("\ufeff")


def test_a_folder_named_like_a_document_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_doc(tmp_path, "costs-real")
    (tmp_path / "costs" / "notes.md").mkdir()
    with caplog.at_level(logging.WARNING):
        documents = load_documents(tmp_path)
    assert [d.id for d in documents] == ["costs-real"]
    assert any(
        "notes.md" in r.getMessage() and "not a file" in r.getMessage() for r in caplog.records
    )
