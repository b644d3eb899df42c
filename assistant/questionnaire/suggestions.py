"""What a use-case description suggests about the EU AI Act questions.

The description never decides whether a use is high-risk: it suggests a value (employment
for "shortlist applicants for our vacancies") that the interview puts to the manager to
confirm, and that is assumed only when the question is skipped. The phrases live in
``cues.yaml`` (``suggestions``); they are whole phrases on purpose, so that "credit notes" on
invoices or an exam-style quiz in a sales promotion suggest nothing.
"""

from __future__ import annotations

from functools import lru_cache

from assistant.questionnaire.cues import cues, suggestion_table
from assistant.questionnaire.questions import QUESTION_BY_FIELD, Value
from assistant.questionnaire.text import phrase_stream, tokenize

# The reason a suggestion is confirmed before it is stored (a ``Check``'s ``why``).
SUGGESTED = "suggested"


@lru_cache(maxsize=1024)
def _suggested(text: str) -> tuple[tuple[str, Value, str], ...]:
    toks = tokenize(text)
    stream = phrase_stream(toks)
    out: list[tuple[str, Value, str]] = []
    for field in cues().suggestions:
        question = QUESTION_BY_FIELD[field]
        matches = [m for m in suggestion_table(field).find(stream) if not m.negated]
        if not matches:
            continue
        order = [choice.value for choice in question.choices]
        found = sorted({m.key for m in matches}, key=lambda v: order.index(v) if v in order else 0)
        first = matches[0]
        words = " ".join(toks[k].text for k, _ in stream[first.start : first.end])
        value: Value
        if question.kind == "boolean":
            value = found[0] == "true"
        elif question.kind == "choices":
            value = ",".join(found)
        else:
            value = found[0]  # one practice or product is enough to ask about
        out.append((field, value, words))
    return tuple(out)


def suggestions(text: str) -> dict[str, Value]:
    """Field -> the value ``text`` suggests, in the interview's form ("employment",
    "education,employment", "social_scoring", True); fields it suggests nothing for are
    left out."""
    return {field: value for field, value, _ in _suggested(text)}


def suggestion_words(text: str) -> dict[str, str]:
    """Field -> the words of ``text`` that made the suggestion ("shortlist applicants")."""
    return {field: words for field, _, words in _suggested(text)}
