"""Knowledge documents: the contract's front-matter is enforced, naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.kb.documents import DocumentError, load_documents, parse_document
from assistant.schemas import Category
from tests.conftest import KNOWLEDGE, write_doc


def test_valid_document_parses_with_its_metadata(tmp_path: Path) -> None:
    path = write_doc(tmp_path / "knowledge", "costs-example", "costs")
    document = parse_document(path)
    assert document.id == "costs-example"
    assert document.meta.category is Category.COSTS
    assert document.meta.tags == ["test", "example"]
    assert str(document.meta.sources[0].url) == "https://example.org/source"
    assert document.body.startswith("An opening paragraph")
    assert len(document.content_hash) == 64


def test_content_hash_changes_with_any_edit(tmp_path: Path) -> None:
    path = write_doc(tmp_path / "k", "costs-example")
    before = parse_document(path).content_hash
    path.write_text(path.read_text().replace("42", "43"))
    assert parse_document(path).content_hash != before


@pytest.mark.parametrize(
    ("field", "mutate"),
    [
        ("category", lambda t: t.replace("category: costs", "category: marketing")),
        ("id", lambda t: t.replace("id: costs-example", "id: Costs_Example")),
        (
            "sources",
            lambda t: t.replace("  - title: A source\n    url: https://example.org/source\n", ""),
        ),
        ("sources.0.url", lambda t: t.replace("https://example.org/source", "not a url")),
        ("reviewed", lambda t: t.replace("reviewed: 2026-11-29", "reviewed: last week")),
        ("title", lambda t: t.replace("title: A document about costs-example\n", "")),
        ("tags.0", lambda t: t.replace("tags: [test, example]", "tags: [Has Spaces]")),
        ("colour", lambda t: t.replace("reviewed:", "colour: red\nreviewed:")),
    ],
)
def test_invalid_field_is_named(tmp_path: Path, field: str, mutate) -> None:  # type: ignore[no-untyped-def]
    path = write_doc(tmp_path / "knowledge", "costs-example")
    path.write_text(mutate(path.read_text()))
    with pytest.raises(DocumentError) as caught:
        parse_document(path)
    assert caught.value.field.startswith(field.split(".")[0])
    assert str(path) in str(caught.value)
    assert f"field '{caught.value.field}'" in str(caught.value)


def test_missing_front_matter_and_bad_yaml_are_rejected(tmp_path: Path) -> None:
    plain = tmp_path / "costs" / "plain.md"
    plain.parent.mkdir(parents=True)
    plain.write_text("# Just markdown\n\nNo front matter here.")
    with pytest.raises(DocumentError, match="front-matter"):
        parse_document(plain)
    broken = write_doc(tmp_path, "costs-broken")
    broken.write_text(broken.read_text().replace("tags: [test, example]", "tags: [unclosed"))
    with pytest.raises(DocumentError, match="not valid YAML"):
        parse_document(broken)


def test_id_must_match_file_and_category_must_match_folder(tmp_path: Path) -> None:
    path = write_doc(tmp_path, "costs-a")
    path.rename(path.with_name("costs-b.md"))
    with pytest.raises(DocumentError, match="must match the file name"):
        parse_document(path.with_name("costs-b.md"))
    moved = write_doc(tmp_path, "costs-c", category="costs")
    target = tmp_path / "security" / "costs-c.md"
    target.parent.mkdir()
    moved.rename(target)
    with pytest.raises(DocumentError, match="must match the folder"):
        parse_document(target)


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    write_doc(tmp_path / "knowledge", "same-id", "costs")
    second = write_doc(tmp_path / "other", "same-id", "costs")
    (tmp_path / "knowledge" / "costs" / "sub").mkdir()
    second.rename(tmp_path / "knowledge" / "costs" / "sub" / "same-id.md")
    with pytest.raises(DocumentError):
        load_documents(tmp_path / "knowledge")


def test_the_shipped_knowledge_base_meets_the_contract() -> None:
    documents = load_documents(KNOWLEDGE)
    assert len(documents) >= 36
    per_category = {c: 0 for c in Category}
    for document in documents:
        per_category[document.meta.category] += 1
        words = len(document.body.split())
        assert 300 <= words <= 1200, f"{document.path} has {words} words"
        assert "](http" not in document.body, f"{document.path} links out from its body"
    assert min(per_category.values()) >= 4, per_category
