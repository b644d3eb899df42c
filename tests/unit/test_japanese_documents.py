"""Japanese versions of knowledge documents: one beside each English document, same id,
category and sources; passages of their own; Japanese words for keyword search."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.kb.chunking import MAX_CHUNK_TOKENS, chunk_document
from assistant.kb.documents import DocumentError, load_documents, load_library, parse_document
from assistant.kb.words import words
from assistant.tokens import count_tokens
from tests.conftest import KNOWLEDGE, write_doc

JA_BODY = (
    "この文書は、問い合わせメールの要約にAIを使うときの費用の考え方をまとめたものです。"
    "まず小さなPoCで効果を確かめ、人が確認しながら進めることを勧めます。\n\n"
    "## 要点\n\n月2万件の問い合わせを要約すると、API利用料は月数万円程度に収まることが多いです。"
    "ただし評価と監視の費用を忘れないでください。\n\n"
    "## 進め方\n\n- まず100件で試します。\n- 結果を人が確認します。\n"
)


def write_ja(folder: Path, doc_id: str, body: str = JA_BODY, **changes: str) -> Path:
    """The Japanese version of the document ``write_doc`` wrote for ``doc_id``."""
    english = folder / changes.pop("category", "costs") / f"{doc_id}.md"
    head = english.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    head = head.replace(f"id: {doc_id}\n", f"id: {doc_id}\nlang: ja\n")
    for old, new in changes.items():
        head = head.replace(old, new)
    path = english.with_name(f"{doc_id}.ja.md")
    path.write_text(head + "\n---\n\n" + body, encoding="utf-8")
    return path


def test_every_knowledge_document_has_a_japanese_version() -> None:
    library = load_library(KNOWLEDGE)
    english = {d.id for d in library if d.lang == "en"}
    japanese = {d.id for d in library if d.lang == "ja"}
    assert japanese == english
    for document in library:
        if document.lang == "ja":  # written in Japanese, not left in English
            assert sum("\u3040" <= ch <= "\u30ff" for ch in document.body) > 200, document.path


def test_japanese_version_keeps_the_id_and_is_not_an_english_document(tmp_path: Path) -> None:
    write_doc(tmp_path / "knowledge", "costs-example")
    write_ja(tmp_path / "knowledge", "costs-example")
    library = load_library(tmp_path / "knowledge")
    assert [(d.id, d.lang, d.key) for d in library] == [
        ("costs-example", "en", "costs-example"),
        ("costs-example", "ja", "costs-example.ja"),
    ]
    assert [d.lang for d in load_documents(tmp_path / "knowledge")] == ["en"]


@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"https://example.org/source": "https://example.org/other"}, "sources", "same URLs"),
        ({"lang: ja": "lang: fr"}, "lang", "must be one of en, ja"),
    ],
)
def test_a_japanese_version_that_differs_is_rejected_naming_the_field(
    tmp_path: Path, changes: dict[str, str], field: str, problem: str
) -> None:
    write_doc(tmp_path / "knowledge", "costs-example")
    write_ja(tmp_path / "knowledge", "costs-example", **changes)
    with pytest.raises(DocumentError) as caught:
        load_library(tmp_path / "knowledge")
    assert caught.value.field == field
    assert problem in caught.value.problem
    assert caught.value.path.endswith("costs-example.ja.md")


def test_a_japanese_version_needs_its_english_original(tmp_path: Path) -> None:
    write_doc(tmp_path / "knowledge", "costs-example")
    path = write_ja(tmp_path / "knowledge", "costs-example")
    (tmp_path / "knowledge" / "costs" / "costs-example.md").unlink()
    with pytest.raises(DocumentError, match="no English version"):
        load_library(tmp_path / "knowledge")
    assert parse_document(path).lang == "ja"  # the file itself is well formed


def test_a_short_japanese_body_is_counted_in_characters(tmp_path: Path) -> None:
    write_doc(tmp_path / "knowledge", "costs-example")
    path = write_ja(tmp_path / "knowledge", "costs-example", body="短い本文です。")
    with pytest.raises(DocumentError, match="fewer than 100 characters"):
        parse_document(path)


def test_japanese_passages_have_their_own_ids_and_stay_under_the_bound(tmp_path: Path) -> None:
    write_doc(tmp_path / "knowledge", "costs-example")
    long_section = "要約の品質は人が抜き取りで確認します。" * 60  # one paragraph, no spaces
    write_ja(
        tmp_path / "knowledge", "costs-example", body=JA_BODY + "\n## 長い節\n\n" + long_section
    )
    english, japanese = load_library(tmp_path / "knowledge")
    ids_en = {c.id for c in chunk_document(english)}
    chunks = chunk_document(japanese)
    assert not ids_en & {c.id for c in chunks}
    assert chunks[0].id == "costs-example.ja::overview::0"
    assert chunks[0].heading == "概要"
    assert all(c.lang == "ja" and c.metadata()["lang"] == "ja" for c in chunks)
    assert all(count_tokens(c.text) <= MAX_CHUNK_TOKENS for c in chunks)
    long_parts = [c for c in chunks if c.heading == "長い節"]
    assert len(long_parts) > 1  # cut at 。 although there is no space to cut at
    assert "".join(c.text for c in long_parts).count("確認します") == 60


def test_keyword_search_words_split_japanese_and_keep_english() -> None:
    japanese, english = words(
        ["問い合わせメールを要約するAPIの利用料はいくら？", "How much does the API cost?"]
    )
    assert {"問い合わせ", "メール", "要約", "利用料", "api"} <= set(japanese)
    assert not {"を", "の", "は"} & set(japanese)  # particles carry no meaning
    assert "問い合わせメールを要約するapiの利用料はいくら" not in japanese
    assert {"api", "cost"} <= set(english)
    # the same word however it is written: 問合せ and 問い合わせ meet
    assert "問い合わせ" in words(["問合せの件数"])[0]
