"""Chunking: one passage per heading, bounded in tokens, with stable ids."""

from __future__ import annotations

from pathlib import Path

from assistant.kb.chunking import MAX_CHUNK_TOKENS, OVERVIEW, chunk_document, split_sections
from assistant.kb.documents import load_documents, parse_document
from assistant.tokens import count_tokens
from tests.conftest import KNOWLEDGE, write_doc


def test_sections_follow_headings_and_nest_level_three() -> None:
    body = (
        "Intro text.\n\n## Costs\n\nAbout costs.\n\n### GPUs\n\nAbout GPUs.\n\n## Risks\n\nRisky."
    )
    assert split_sections(body) == [
        (OVERVIEW, "Intro text."),
        ("Costs", "About costs."),
        ("Costs / GPUs", "About GPUs."),
        ("Risks", "Risky."),
    ]


def test_headings_inside_code_blocks_are_not_sections() -> None:
    body = "## Real\n\n```\n## not a heading\n```\n"
    assert [h for h, _ in split_sections(body)] == ["Real"]


def test_long_sections_are_split_under_the_token_bound(tmp_path: Path) -> None:
    paragraph = " ".join(["The model summarises long customer emails accurately."] * 12)
    body = "Opening words for the test document here.\n\n## Long\n\n" + "\n\n".join([paragraph] * 8)
    document = parse_document(write_doc(tmp_path, "costs-long", body=body))
    chunks = chunk_document(document)
    long_parts = [c for c in chunks if c.heading == "Long"]
    assert len(long_parts) > 1
    assert all(count_tokens(c.text) <= MAX_CHUNK_TOKENS for c in chunks)
    # nothing is lost: every sentence of the section is in some passage
    assert sum(c.text.count("summarises") for c in long_parts) == 8 * 12


def test_chunk_ids_are_stable_and_unique(tmp_path: Path) -> None:
    path = write_doc(tmp_path, "costs-stable")
    first = [c.id for c in chunk_document(parse_document(path))]
    second = [c.id for c in chunk_document(parse_document(path))]
    assert first == second
    assert len(set(first)) == len(first)
    assert first[0] == "costs-stable::overview::0"


def test_chunks_carry_document_metadata(tmp_path: Path) -> None:
    document = parse_document(write_doc(tmp_path, "costs-meta"))
    chunk = chunk_document(document)[1]
    meta = chunk.metadata()
    assert meta["doc_id"] == "costs-meta"
    assert meta["category"] == "costs"
    assert meta["heading"] == "The main point"
    assert meta["tags"] == "test,example"
    assert meta["doc_hash"] == document.content_hash
    assert chunk.embedding_text().startswith(document.meta.title)


def test_every_shipped_passage_is_within_bounds() -> None:
    for document in load_documents(KNOWLEDGE):
        for chunk in chunk_document(document):
            assert 0 < chunk.tokens <= MAX_CHUNK_TOKENS, chunk.id
