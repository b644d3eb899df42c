"""Knowledge documents: Markdown files with YAML front-matter, read and validated.

A document that breaks the contract (``CONTRACT.md``, "Knowledge documents") is rejected
with a :class:`DocumentError` naming the file and the field, before anything is indexed.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError, field_validator

from assistant.schemas import Category

log = logging.getLogger(__name__)

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_DOCUMENT_BYTES = 200_000
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


def _field_of(error: ValidationError) -> tuple[str, str]:
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "front-matter"
    message = first["msg"]
    if first["type"] == "enum":
        message = "must be one of " + ", ".join(c.value for c in Category)
    elif first["type"] == "missing":
        message = "is missing"
    elif first["type"] == "extra_forbidden":
        message = "is not a known field (known: id, title, category, tags, sources, reviewed)"
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
    if meta.id != path.stem:
        raise DocumentError(shown, "id", f"'{meta.id}' must match the file name '{path.stem}'")
    if path.parent.name != meta.category.value:
        raise DocumentError(
            shown, "category", f"'{meta.category.value}' must match the folder '{path.parent.name}'"
        )
    body = match.group(2).strip()
    if len(body.split()) < 50:
        raise DocumentError(shown, "body", "has fewer than 50 words")
    return Document(
        meta=meta,
        body=body,
        path=shown,
        content_hash=hashlib.sha256(raw).hexdigest(),
    )


def load_documents(knowledge_dir: Path) -> list[Document]:
    """Every document under ``knowledge_dir``, validated, sorted by id.

    Raises :class:`DocumentError` for the first bad document or a duplicate id, so a
    re-index never starts writing with an invalid knowledge base.
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
        if document.id in documents:
            raise DocumentError(
                shown, "id", f"'{document.id}' is already used by {documents[document.id].path}"
            )
        documents[document.id] = document
    return [documents[key] for key in sorted(documents)]
