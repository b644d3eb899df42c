"""Cutting documents into passages: one per heading, bounded in tiktoken tokens.

Passages are what retrieval returns and what answers cite, so each one carries its
document's metadata and a stable id (document id + heading slug + part number): the same
document text always yields the same ids, which is what makes re-indexing incremental.
A Japanese version's ids start with its key (``<id>.ja``), so the two versions of a
document never share a passage id; Japanese sentences end at 。！？ with no space after.
Ids are unique within a document by construction: a slug already taken gets the next free
number, whatever the headings are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.kb.documents import Document, DocumentError
from assistant.tokens import count_tokens

# all-MiniLM-L6-v2 reads at most 256 word pieces; staying under that keeps every word of
# a passage inside its embedding.
MAX_CHUNK_TOKENS = 220
OVERVIEW = "Overview"
OVERVIEW_BY_LANG = {"en": OVERVIEW, "ja": "概要"}

_HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])|(?<=[。！？])\s*")


@dataclass(frozen=True)
class Chunk:
    id: str
    doc_id: str
    title: str
    category: str
    heading: str
    path: str
    tags: tuple[str, ...]
    text: str
    lang: str
    position: int
    doc_hash: str
    tokens: int = field(compare=False)

    def embedding_text(self) -> str:
        """What the embedding model reads: the passage in its document's context."""
        return f"{self.title}. {self.heading}.\n{self.text}"

    def metadata(self) -> dict[str, str | int]:
        return {
            "doc_id": self.doc_id,
            "lang": self.lang,
            "title": self.title,
            "category": self.category,
            "heading": self.heading,
            "path": self.path,
            "tags": ",".join(self.tags),
            "position": self.position,
            "doc_hash": self.doc_hash,
            "tokens": self.tokens,
        }


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60] or "section"


def unique_slug(slug: str, used: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``… whichever is not taken yet (and take it).

    Checking what is taken, rather than counting repeats, keeps ids unique whatever the
    headings: "Setup", "Setup" and "Setup 2" give setup, setup-2 and setup-2-2.
    """
    candidate, n = slug, 1
    while candidate in used:
        n += 1
        candidate = f"{slug}-{n}"
    used.add(candidate)
    return candidate


def split_sections(body: str, overview: str = OVERVIEW) -> list[tuple[str, str]]:
    """(heading, text) pairs; text before the first heading is the overview.

    A level-3 heading is kept under its level-2 parent ("Parent / Child") so a passage
    always says which part of the document it belongs to.
    """
    sections: list[tuple[str, list[str]]] = [(overview, [])]
    parent = ""
    in_code = False
    for line in body.splitlines():
        if line.strip().startswith("```"):
            in_code = not in_code
        match = None if in_code else _HEADING.match(line)
        if match:
            level, title = len(match.group(1)), match.group(2).strip()
            if level == 2:
                parent = title
                heading = title
            else:
                heading = f"{parent} / {title}" if parent else title
            sections.append((heading, []))
        else:
            sections[-1][1].append(line)
    return [(h, "\n".join(lines).strip()) for h, lines in sections if "\n".join(lines).strip()]


def _pieces(text: str, limit: int) -> list[str]:
    """Split ``text`` into pieces of at most ``limit`` tokens, at paragraph then sentence
    boundaries, so no passage ends mid-sentence unless a sentence alone is too long."""
    if count_tokens(text) <= limit:
        return [text]
    units: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        if count_tokens(paragraph) <= limit:
            units.append(paragraph)
            continue
        for sentence in _SENTENCE_END.split(paragraph):
            if count_tokens(sentence) <= limit:
                units.append(sentence)
            elif len(sentence.split()) > 1:  # a run-on sentence: cut on words
                words = sentence.split()
                step = max(1, limit // 2)
                units.extend(" ".join(words[i : i + step]) for i in range(0, len(words), step))
            else:  # text without spaces (Japanese): cut on characters
                step = max(1, limit // 2)
                units.extend(sentence[i : i + step] for i in range(0, len(sentence), step))
    pieces: list[str] = []
    current: list[str] = []
    for unit in units:
        candidate = "\n\n".join([*current, unit])
        if current and count_tokens(candidate) > limit:
            pieces.append("\n\n".join(current))
            current = [unit]
        else:
            current.append(unit)
    if current:
        pieces.append("\n\n".join(current))
    return pieces


def chunk_document(document: Document, max_tokens: int = MAX_CHUNK_TOKENS) -> list[Chunk]:
    meta = document.meta
    chunks: list[Chunk] = []
    used: set[str] = set()
    overview = OVERVIEW_BY_LANG.get(document.lang, OVERVIEW)
    for heading, text in split_sections(document.body, overview):
        # The slug of the overview is the English one in every language, and a Japanese
        # heading (no Latin letters) numbers its sections: section, section-2...
        slug = unique_slug(slugify(OVERVIEW if heading == overview else heading), used)
        for part, piece in enumerate(_pieces(text, max_tokens)):
            chunks.append(
                Chunk(
                    id=f"{document.key}::{slug}::{part}",
                    doc_id=meta.id,
                    title=meta.title,
                    category=meta.category.value,
                    heading=heading,
                    path=document.path,
                    tags=tuple(meta.tags),
                    text=piece,
                    lang=document.lang,
                    position=len(chunks),
                    doc_hash=document.content_hash,
                    tokens=count_tokens(piece),
                )
            )
    ids: dict[str, str] = {}
    for chunk in chunks:  # unique by construction; this says where, should that ever break
        if chunk.id in ids:
            raise DocumentError(
                document.path,
                "body",
                f"sections '{ids[chunk.id]}' and '{chunk.heading}' get the same passage id "
                f"{chunk.id!r}: rename one of the headings",
            )
        ids[chunk.id] = chunk.heading
    return chunks
