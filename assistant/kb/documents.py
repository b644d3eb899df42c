"""Knowledge documents: Markdown files with YAML front-matter, read and validated.

A document that breaks the contract (``CONTRACT.md``, "Knowledge documents") is rejected
with a :class:`DocumentError` naming the file and the field, before anything is indexed.

Each document is written in English (``<id>.md``, the guidance of record: advice and
reports cite it) and may have a Japanese version beside it (``<id>.ja.md`` with
``lang: ja``): the same id, category and sources, so a citation means the same thing in
both languages. A version without its English original, or citing other sources, is
rejected. :func:`load_library` reads every version (what the index holds);
:func:`load_documents` the English ones.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, field_validator

from assistant.schemas import Category

log = logging.getLogger(__name__)

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_DOCUMENT_BYTES = 200_000
LANGUAGES = ("en", "ja")
MIN_WORDS = 50
# Japanese is written without spaces: its length is counted in characters, at about two
# characters to an English word (the Japanese versions run 2,000-3,000 characters).
MIN_JAPANESE_CHARACTERS = 100
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?(.*)\Z", re.DOTALL)


class DocumentError(ValueError):
    """A knowledge document that cannot be indexed; the message names file and field."""

    def __init__(self, path: Path | str, field: str, problem: str) -> None:
        self.path = str(path)
        self.field = field
        self.problem = problem
        super().__init__(f"{self.path}: field '{field}': {problem}")


class SourceLink(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1)
    url: HttpUrl


class DocumentMeta(BaseModel):
    """The front-matter of a knowledge document."""

    model_config = ConfigDict(extra="forbid")

    id: str
    lang: Literal["en", "ja"] = "en"
    title: str = Field(min_length=1, max_length=200)
    category: Category
    tags: list[str] = Field(default_factory=list)
    sources: list[SourceLink] = Field(min_length=1)
    reviewed: date

    @field_validator("id")
    @classmethod
    def _kebab_id(cls, value: str) -> str:
        if not KEBAB.match(value):
            raise ValueError("must be kebab-case: lowercase letters, digits and single hyphens")
        return value

    @field_validator("tags")
    @classmethod
    def _kebab_tags(cls, value: list[str]) -> list[str]:
        for tag in value:
            if not isinstance(tag, str) or not KEBAB.match(tag):
                raise ValueError(f"tag {tag!r} must be kebab-case")
        return value


def version_key(doc_id: str, lang: str | None) -> str:
    """Unique across languages: the id, with ``.ja`` for the Japanese version (a passage
    stored before documents had languages is English)."""
    return doc_id if (lang or "en") == "en" else f"{doc_id}.{lang}"


@dataclass(frozen=True)
class Document:
    """A validated knowledge document."""

    meta: DocumentMeta
    body: str
    path: str  # relative to the knowledge directory's parent, e.g. knowledge/costs/x.md
    content_hash: str

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def lang(self) -> str:
        return self.meta.lang

    @property
    def key(self) -> str:
        """Unique across languages: the id, with ``.ja`` for the Japanese version."""
        return version_key(self.meta.id, self.meta.lang)


def _field_of(error: ValidationError) -> tuple[str, str]:
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "front-matter"
    message = first["msg"]
    if first["type"] == "enum":
        message = "must be one of " + ", ".join(c.value for c in Category)
    elif first["type"] == "missing":
        message = "is missing"
    elif first["type"] == "extra_forbidden":
        message = "is not a known field (known: id, lang, title, category, tags, sources, reviewed)"
    elif first["type"] == "literal_error" and first["loc"] == ("lang",):
        message = "must be one of " + ", ".join(LANGUAGES)
    return field, message


def parse_document(path: Path, display_path: str | None = None) -> Document:
    """Read and validate one document; raise :class:`DocumentError` naming the field."""
    shown = display_path or str(path)
    raw = path.read_bytes()
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise DocumentError(shown, "body", f"file is larger than {MAX_DOCUMENT_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as some editors write, is fine
    except UnicodeDecodeError:
        raise DocumentError(shown, "body", "is not UTF-8 text") from None
    match = _FRONT_MATTER.match(text)
    if not match:
        raise DocumentError(shown, "front-matter", "must open with a '---' YAML block")
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" (line {line + 2})" if line is not None else ""
        raise DocumentError(shown, "front-matter", f"is not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise DocumentError(shown, "front-matter", "must be a YAML mapping of fields")
    try:
        meta = DocumentMeta.model_validate(data)
    except ValidationError as exc:
        field, message = _field_of(exc)
        raise DocumentError(shown, field, message) from None
    expected = f"{meta.id}.md" if meta.lang == "en" else f"{meta.id}.{meta.lang}.md"
    if path.name != expected:
        raise DocumentError(
            shown, "id", f"'{meta.id}' (lang {meta.lang}) must match the file name '{path.name}'"
        )
    if path.parent.name != meta.category.value:
        raise DocumentError(
            shown, "category", f"'{meta.category.value}' must match the folder '{path.parent.name}'"
        )
    body = match.group(2).strip()
    if meta.lang == "ja":
        if len("".join(body.split())) < MIN_JAPANESE_CHARACTERS:
            raise DocumentError(
                shown, "body", f"has fewer than {MIN_JAPANESE_CHARACTERS} characters"
            )
    elif len(body.split()) < MIN_WORDS:
        raise DocumentError(shown, "body", f"has fewer than {MIN_WORDS} words")
    return Document(
        meta=meta,
        body=body,
        path=shown,
        content_hash=hashlib.sha256(raw).hexdigest(),
    )


def load_documents(knowledge_dir: Path) -> list[Document]:
    """The English documents under ``knowledge_dir`` (the guidance of record), validated
    with every other version, sorted by id."""
    return [d for d in load_library(knowledge_dir) if d.lang == "en"]


def _check_version(version: Document, original: Document | None) -> None:
    """A translation says the same thing as its original: same category and sources."""
    if original is None:
        raise DocumentError(
            version.path,
            "id",
            f"'{version.id}' has no English version ({version.id}.md) to be a translation of",
        )
    if version.meta.category != original.meta.category:
        raise DocumentError(
            version.path,
            "category",
            f"must be '{original.meta.category.value}' as in {original.path}",
        )
    urls = [str(s.url) for s in version.meta.sources]
    if urls != [str(s.url) for s in original.meta.sources]:
        raise DocumentError(version.path, "sources", f"must list the same URLs as {original.path}")


def load_library(knowledge_dir: Path) -> list[Document]:
    """Every document under ``knowledge_dir`` in every language, validated, sorted by key.

    Raises :class:`DocumentError` for the first bad document, a duplicate id within one
    language, or a translation that does not match its original, so a re-index never
    starts writing with an invalid knowledge base.
    """
    if not knowledge_dir.is_dir():
        raise DocumentError(knowledge_dir, "knowledge_dir", "is not a folder")
    base = knowledge_dir.resolve().parent
    documents: dict[str, Document] = {}
    for path in sorted(knowledge_dir.rglob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        try:
            shown = str(path.resolve().relative_to(base))
        except ValueError:
            shown = str(path)
        if not path.is_file():  # a folder named x.md, a broken link: not a document
            log.warning("skipped %s: not a file (a folder or a broken link)", shown)
            continue
        document = parse_document(path, shown)
        if document.key in documents:
            raise DocumentError(
                shown, "id", f"'{document.id}' is already used by {documents[document.key].path}"
            )
        documents[document.key] = document
    for document in documents.values():
        if document.lang != "en":
            _check_version(document, documents.get(document.id))
    return [documents[key] for key in sorted(documents)]
