"""The structured interview that builds a use-case profile from a manager's free-text answers.

``questions`` holds the questions as data, when each applies and the documented defaults;
``cues.yaml`` (loaded and validated by ``cues``) the field names, keywords and the phrases
that state a field in passing; ``text`` and ``numbers`` turn words into tokens and figures;
``currency`` names currencies and their rates; ``parsing`` understands one free-text answer
(``value_side`` the business case's figures); ``reading`` every fact a whole message
states; ``wording`` says values back; ``flow`` keeps the interview's state. Pure
Python on pydantic, ``assistant.schemas`` and ``assistant.tokens``: no model, no vector
store, no UI, so it runs anywhere the profile does. The embedding model can help with
choice answers through the optional ``similarity`` callback.
"""

from assistant.questionnaire.flow import FIELD_KEYWORDS, Interview, detect_field_change
from assistant.questionnaire.parsing import (
    FX_TO_USD,
    PERIOD_FACTORS,
    TOKENS_PER_WORD,
    ParseResult,
    Similarity,
    choice_texts,
    evaluate,
    parse_answer,
)
from assistant.questionnaire.questions import (
    DEFAULTS,
    QUESTION_BY_FIELD,
    QUESTIONS,
    TASK_SIZES,
    Choice,
    Default,
    Question,
    Value,
    applies,
    default_for,
    default_reason,
    with_defaults,
)

__all__ = [
    "DEFAULTS",
    "FIELD_KEYWORDS",
    "FX_TO_USD",
    "PERIOD_FACTORS",
    "QUESTIONS",
    "QUESTION_BY_FIELD",
    "TASK_SIZES",
    "TOKENS_PER_WORD",
    "Choice",
    "Default",
    "Interview",
    "ParseResult",
    "Question",
    "Similarity",
    "Value",
    "applies",
    "choice_texts",
    "default_for",
    "default_reason",
    "detect_field_change",
    "evaluate",
    "parse_answer",
    "with_defaults",
]
