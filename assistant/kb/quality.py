"""Retrieval quality on the labelled manager questions: recall@k and MRR.

Each line of ``assistant/evalsets/retrieval/*.jsonl`` is a question and the documents that
should answer it. A question is found at rank r when the r-th distinct document retrieved
is one of its relevant documents.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from assistant.schemas import Source


@dataclass(frozen=True)
class LabelledQuestion:
    question: str
    relevant: tuple[str, ...]


@dataclass(frozen=True)
class RetrievalQuality:
    questions: int
    recall_at_k: float
    mrr: float
    k: int
    misses: tuple[str, ...]


def evalset_dir() -> Path:
    return Path(str(resources.files("assistant") / "evalsets" / "retrieval"))


def load_questions(folder: Path | None = None) -> list[LabelledQuestion]:
    """The English labelled questions (every file of the folder)."""
    questions: list[LabelledQuestion] = []
    for path in sorted((folder or evalset_dir()).glob("*.jsonl")):
        questions += load_question_file(path)
    return questions


def japanese_questions(split: str = "dev") -> list[LabelledQuestion]:
    """The Japanese labelled questions: ``dev`` (tuned on) or ``heldout`` (measured only)."""
    name = "retrieval_ja.jsonl" if split == "dev" else "retrieval_ja_heldout.jsonl"
    return load_question_file(Path(str(resources.files("assistant") / "evalsets" / "ja" / name)))


def load_question_file(path: Path) -> list[LabelledQuestion]:
    questions: list[LabelledQuestion] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            questions.append(LabelledQuestion(row["question"], tuple(row["relevant"])))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path.name}:{number}: not a labelled question ({exc})") from exc
    return questions


def first_relevant_rank(sources: list[Source], relevant: tuple[str, ...]) -> int | None:
    """1-based rank among distinct documents of the first relevant one, else None."""
    seen: list[str] = []
    for source in sources:
        if source.doc_id not in seen:
            seen.append(source.doc_id)
            if source.doc_id in relevant:
                return len(seen)
    return None


def measure(
    search: Callable[[str, int], list[Source]], questions: list[LabelledQuestion], k: int = 5
) -> RetrievalQuality:
    hits = 0
    reciprocal = 0.0
    misses: list[str] = []
    for item in questions:
        rank = first_relevant_rank(search(item.question, k), item.relevant)
        if rank is not None and rank <= k:
            hits += 1
            reciprocal += 1.0 / rank
        else:
            misses.append(item.question)
    n = max(1, len(questions))
    return RetrievalQuality(len(questions), hits / n, reciprocal / n, k, tuple(misses))
