"""Offline answers: the sentences of the retrieved passages that answer the question,
each with a [n] marker pointing at its source.

With no language model configured this is the whole answer, so it must never invent:
every sentence shown is quoted from a cited passage, and an empty retrieval says so.
"""

from __future__ import annotations

import re

import Stemmer

from assistant.schemas import Category, Source

MAX_SENTENCES = 4
MAX_PER_SOURCE = 2
_stemmer = Stemmer.Stemmer("english")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_STOP = frozenset(
    """a an and are as at be by can do does for from how i if in is it its of on or our so
    that the their them there these they this to us was we what when where which who why
    will with would should could you your my me about any more most much many than then
    into over under also just like get use using used""".split()
)

NOTHING_RELEVANT = (
    "The knowledge base has nothing that answers this question, so I won't guess. "
    "It covers: {topics}. Try rephrasing with the business problem, cost, licence, data, "
    "security, deployment, evaluation, regulation or team question you have in mind."
)


def _terms(text: str) -> set[str]:
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]
    return set(_stemmer.stemWords(words))


def _clean(line: str) -> str:
    line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)  # list markers
    line = re.sub(r"[*_`]{1,3}([^*_`]+)[*_`]{1,3}", r"\1", line)  # emphasis, code
    return line.strip()


def sentences(passage: str) -> list[str]:
    """The sentences of a Markdown passage, list items counted as sentences."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)", passage):
        block = " ".join(_clean(line) for line in block.splitlines() if line.strip())
        out.extend(
            s.strip()
            for s in _SENTENCE.split(block)
            # a lead-in ending in ":" says nothing without the list that follows it
            if len(s.split()) >= 4 and not s.rstrip().endswith(":")
        )
    return out


def compose_answer(question: str, sources: list[Source]) -> str:
    """An extractive answer citing ``sources`` by their 1-based position."""
    if not sources:
        topics = ", ".join(c.value.replace("-", " ") for c in Category)
        return NOTHING_RELEVANT.format(topics=topics)
    wanted = _terms(question)
    scored: list[tuple[float, int, int, str]] = []
    for number, source in enumerate(sources, start=1):
        for order, sentence in enumerate(sentences(source.text)):
            overlap = len(wanted & _terms(sentence))
            # Prefer sentences sharing the question's terms, from better-ranked passages,
            # and early in their passage (the topic sentence states the point).
            score = overlap + 0.8 * source.score - 0.15 * (number - 1) - 0.05 * order
            scored.append((score, number, order, sentence))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    chosen: list[tuple[int, int, str]] = []
    used: dict[int, int] = {}
    for _score, number, order, sentence in scored:
        if used.get(number, 0) >= MAX_PER_SOURCE:
            continue
        used[number] = used.get(number, 0) + 1
        chosen.append((number, order, sentence))
        if len(chosen) >= MAX_SENTENCES:
            break
    chosen.sort()
    lines = ["Here is what the knowledge base says:", ""]
    lines += [f"- {sentence} [{number}]" for number, _order, sentence in chosen]
    lines += ["", "Sources:"]
    lines += [f"- [{n}] {s.title} — {s.heading} ({s.path})" for n, s in enumerate(sources, start=1)]
    return "\n".join(lines)
