"""The message reader's phrase data, loaded once from ``cues.yaml`` and validated.

``cues.yaml`` is the one place that says how a field is named to the manager and which
words, said in passing, state a field's value. Validation checks every field and value
against the profile's schema, so a typo in the data fails at import with the key named,
not later as a silently missed fact.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from assistant.questionnaire.questions import ENUMS, QUESTION_BY_FIELD, split_phrases
from assistant.questionnaire.text import PhraseTable
from assistant.schemas import Profile

CUES_FILE = Path(__file__).with_name("cues.yaml")


class Cues(BaseModel):
    """The validated contents of ``cues.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    labels: dict[str, str]
    phrases: dict[str, dict[str, tuple[str, ...]]]
    units: dict[str, tuple[str, ...]]
    keywords: dict[str, tuple[str, ...]]
    corrections: tuple[str, ...]
    item_nouns: tuple[str, ...]
    foreign_words: tuple[str, ...]
    english_words: tuple[str, ...]
    # What a use-case description suggests for the EU AI Act questions, to be confirmed.
    suggestions: dict[str, dict[str, tuple[str, ...]]] = {}

    @field_validator("phrases", "suggestions", mode="before")
    @classmethod
    def _split_phrase_lists(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {
            field: {str(key): split_phrases(text) for key, text in (values or {}).items()}
            for field, values in value.items()
        }

    @field_validator("units", "keywords", mode="before")
    @classmethod
    def _split_units(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {key: split_phrases(text) for key, text in value.items()}

    @field_validator("corrections", "item_nouns", "foreign_words", "english_words", mode="before")
    @classmethod
    def _split_corrections(cls, value: Any) -> Any:
        return split_phrases(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _known_fields_and_values(self) -> Cues:
        for field in self.labels:
            if field not in Profile.model_fields:
                raise ValueError(f"labels.{field}: not a profile field")
        for field in self.keywords:
            if field not in QUESTION_BY_FIELD:
                raise ValueError(f"keywords.{field}: not a question")
        for section, table in (("phrases", self.phrases), ("suggestions", self.suggestions)):
            for field, values in table.items():
                question = QUESTION_BY_FIELD.get(field)
                if question is None:
                    raise ValueError(f"{section}.{field}: not a question")
                if question.kind == "boolean":
                    allowed = {"true", "false"}
                elif field in ENUMS or question.kind == "choices":
                    allowed = {choice.value for choice in question.choices}
                else:
                    raise ValueError(
                        f"{section}.{field}: only choice and yes/no fields take phrases"
                    )
                for value in values:
                    if value not in allowed:
                        raise ValueError(
                            f"{section}.{field}.{value}: not a value of {field} "
                            f"(accepted: {', '.join(sorted(allowed))})"
                        )
        return self

    def label(self, field: str) -> str:
        return self.labels.get(field, field.replace("_", " "))


@lru_cache(maxsize=1)
def cues() -> Cues:
    return Cues.model_validate(yaml.safe_load(CUES_FILE.read_text(encoding="utf-8")))


# Messages are read with "US" (the country) spelled "usa" (parsing's normalisation only
# recognises it in capitals); the data is written in lower case, so it is spelled so too.
_US_WORD = re.compile(r"\bus\b")


def _as_read(phrase: str) -> str:
    return _US_WORD.sub("usa", phrase)


@lru_cache(maxsize=64)
def phrase_table(field: str) -> PhraseTable:
    """Phrases that state ``field`` in passing, each mapped to the value it states."""
    return PhraseTable(
        (_as_read(phrase), value)
        for value, phrases in cues().phrases.get(field, {}).items()
        for phrase in phrases
    )


@lru_cache(maxsize=16)
def suggestion_table(field: str) -> PhraseTable:
    """Phrases in a use-case description that suggest a value of ``field``."""
    return PhraseTable(
        (_as_read(phrase), value)
        for value, phrases in cues().suggestions.get(field, {}).items()
        for phrase in phrases
    )


@lru_cache(maxsize=32)
def unit_table(name: str) -> PhraseTable:
    return PhraseTable((phrase, name) for phrase in cues().units[name])


@lru_cache(maxsize=1)
def keyword_table() -> PhraseTable:
    """Words that name a field, each mapped to the field."""
    return PhraseTable(
        (_as_read(word), field) for field, words in cues().keywords.items() for word in words
    )


@lru_cache(maxsize=1)
def correction_table() -> PhraseTable:
    return PhraseTable((phrase, "correction") for phrase in cues().corrections)


@lru_cache(maxsize=1)
def _item_table() -> PhraseTable:
    return PhraseTable((noun, noun) for noun in cues().item_nouns)


@lru_cache(maxsize=1024)
def item_noun(text: str) -> str | None:
    """What one item of the work is called in ``text`` ("claim" for "summarise incoming
    claim files"), or None when it names none of ``item_nouns``."""
    from assistant.questionnaire.text import phrase_stream, tokenize

    found = _item_table().find(phrase_stream(tokenize(text)))
    if not found:
        return None
    # The list runs from specific to generic: "complaints" over "drafts".
    order = cues().item_nouns
    return min((m.key for m in found), key=order.index)
