"""Offline answers: the sentences of the retrieved passages that answer the question,
each with a [n] marker pointing at its source.

With no language model configured this is the whole answer, so it must never invent:
every sentence shown is quoted from a cited passage, and an empty retrieval says so.

A Japanese question is answered in Japanese: its frame comes from the message catalogue,
and the sentences quoted are those of the Japanese passages search returned (cut at 。,
matched on the words keyword search uses).
"""

from __future__ import annotations

import re

import Stemmer

from assistant.i18n import N_, translator
from assistant.kb.words import JAPANESE_RUN, words
from assistant.schemas import Category, Source

MAX_SENTENCES = 4
MAX_PER_SOURCE = 2
_stemmer = Stemmer.Stemmer("english")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|(?<=[。！？])\s*")
MIN_JAPANESE_CHARACTERS = 12  # a Japanese sentence this short is a heading or a fragment
_STOP = frozenset(
    """a an and are as at be by can do does for from how i if in is it its of on or our so
    that the their them there these they this to us was we what when where which who why
    will with would should could you your my me about any more most much many than then
    into over under also just like get use using used""".split()
)

NOTHING_RELEVANT = N_(
    "The knowledge base has nothing that answers this question, so I won't guess. "
    "It covers: {topics}. Try rephrasing with the business problem, cost, licence, data, "
    "security, deployment, evaluation, regulation or team question you have in mind."
)
HERE_IS = N_("Here is what the knowledge base says:")
SOURCES = N_("Sources:")
# The categories as a manager reads them, in the order of the closed list.
TOPICS = {
    Category.STRENGTHS: N_("strengths"),
    Category.COSTS: N_("costs"),
    Category.LICENSING: N_("licensing"),
    Category.DATA_PRIVACY: N_("data privacy"),
    Category.SECURITY: N_("security"),
    Category.DEPLOYMENT: N_("deployment"),
    Category.EVALUATION: N_("evaluation"),
    Category.REGULATION: N_("regulation"),
    Category.ORGANISATION: N_("organisation"),
}


def _terms(text: str) -> set[str]:
    found = [w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]
    terms = set(_stemmer.stemWords(found))
    if JAPANESE_RUN.search(text):
        terms |= set(words([text])[0])
    return terms


def _long_enough(sentence: str) -> bool:
    if JAPANESE_RUN.search(sentence):
        return len("".join(sentence.split())) >= MIN_JAPANESE_CHARACTERS
    return len(sentence.split()) >= 4


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
            if _long_enough(s) and not s.rstrip().endswith((":", "："))
        )
    return out


def compose_answer(question: str, sources: list[Source], lang: str | None = None) -> str:
    """An extractive answer citing ``sources`` by their 1-based position, framed in
    ``lang`` (default: the question's language)."""
    if lang is None:
        from assistant.kb.search import question_language

        lang = question_language(question)
    tr = translator(lang)
    if not sources:
        topics = ("、" if lang == "ja" else ", ").join(tr(TOPICS[c]) for c in Category)
        return tr(NOTHING_RELEVANT).format(topics=topics)
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
    lines = [tr(HERE_IS), ""]
    lines += [f"- {sentence} [{number}]" for number, _order, sentence in chosen]
    lines += ["", tr(SOURCES)]
    lines += [f"- [{n}] {s.title} — {s.heading} ({s.path})" for n, s in enumerate(sources, start=1)]
    return "\n".join(lines)
