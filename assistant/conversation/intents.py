"""Recognising what a chat message is for, without a language model: a greeting, a
knowledge question, a what-if, a question about the plan, or an answer.

Deliberately plain pattern lists: each is short, readable, and tested with the personas
in ``tests/``; anything unrecognised falls through to "an answer to the pending question".
"""

from __future__ import annotations

import re

GREETING = re.compile(
    r"^\s*(hi|hello|hey|good (morning|afternoon|evening)|hiya|howdy|greetings)\b[\s!.,]*"
    r"(there|team|advisor)?[\s!.]*$",
    re.IGNORECASE,
)
QUESTION_START = re.compile(
    r"^\s*(what|whats|what's|why|how|when|where|which|who|whom|whose|is|are|can|could|"
    r"should|would|will|do|does|did|must|may|might|shall|has|have|tell me|explain|"
    r"any (advice|tips)|give me)\b",
    re.IGNORECASE,
)
WHAT_IF = re.compile(
    r"\b(what if|what about if|suppose|supposing|imagine|assuming|if we (had|have|were|"
    r"must|need|needed|go|went|used|use|switch)|how would .* change)\b",
    re.IGNORECASE,
)
PLAN_TOPIC = re.compile(
    r"\b(kpis?|metrics?|measure\w*|success criteria|pilot|poc|proof of concept|"
    r"plan|steps?|timeline|how long|weeks?|review\w*|audit\w*|baseline)\b",
    re.IGNORECASE,
)
RECOMMENDATION_TOPIC = re.compile(
    r"\b(recommendation|verdict|summary|summarise|summarize|the result|show (me )?(it|the)|"
    r"talking points|risks?|costs?|options?|approach|why (this|that|not))\b",
    re.IGNORECASE,
)
RESTART = re.compile(r"^\s*(start over|restart|new assessment|reset)\s*[.!]?\s*$", re.IGNORECASE)
HELP = re.compile(r"^\s*(help|\?|what can you do\??|options)\s*$", re.IGNORECASE)

# Relative changes in a what-if: "twice the volume", "half the budget", "10x the users".
MULTIPLIERS: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"\b(double|twice|2x|two times)\b", re.I), 2.0),
    (re.compile(r"\b(triple|three times|3x|thrice)\b", re.I), 3.0),
    (re.compile(r"\b(quadruple|four times|4x)\b", re.I), 4.0),
    (re.compile(r"\b(ten ?fold|ten times|10x)\b", re.I), 10.0),
    (re.compile(r"\b(hundred times|100x)\b", re.I), 100.0),
    (re.compile(r"\b(half|halve|halved|50% less)\b", re.I), 0.5),
    (re.compile(r"\b(a tenth|one tenth|10% of)\b", re.I), 0.1),
)


def is_greeting(text: str) -> bool:
    return bool(GREETING.match(text))


def is_question(text: str) -> bool:
    stripped = text.strip()
    return stripped.endswith("?") or bool(QUESTION_START.match(stripped))


def is_what_if(text: str) -> bool:
    return bool(WHAT_IF.search(text))


def about_plan(text: str) -> bool:
    return bool(PLAN_TOPIC.search(text))


def about_recommendation(text: str) -> bool:
    return bool(RECOMMENDATION_TOPIC.search(text))


def multiplier(text: str) -> float | None:
    for pattern, factor in MULTIPLIERS:
        if pattern.search(text):
            return factor
    match = re.search(r"\b(\d+(?:\.\d+)?)\s*(x|times)\b", text, re.I)
    return float(match.group(1)) if match else None
