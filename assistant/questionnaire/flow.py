"""The interview: which question is next, answers so far, skips, and changes of mind.

This module owns the interview state (``Interview``, a JSON-serialisable pydantic model the
session store keeps as is) and the detection of "change the budget to 2k a month"-style
corrections (``detect_field_change``). Reading one answer is ``parsing``'s job; the
questions, when they apply and their defaults are ``questions``'.

State rules:
* ``answers`` holds what the manager said (JSON values; ``sample_input`` when the input size
  was given as a pasted sample). ``assumed`` holds the skipped fields and the default each
  one took. A field is in at most one of the two.
* Assumed values follow the answers they depend on (token sizes follow the task type, a
  product's user count follows the monthly volume), so they are recomputed on every change.
* An answer to a question that stops applying is dropped (commercial product changed to
  "no" drops the user count); if it applies again later it is asked again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.i18n import N_, SOURCE_LANG, Lang
from assistant.questionnaire.cues import cues
from assistant.questionnaire.parsing import (
    SKIPPED,
    Match,
    ParseResult,
    PhraseTable,
    Similarity,
    Tok,
    join_tokens,
    parse_answer,
    phrase_stream,
    tokenize,
)
from assistant.questionnaire.questions import (
    CORE_FIELDS,
    NEVER_ASSUMED,
    NONE_CHOSEN,
    QUESTION_BY_FIELD,
    QUESTIONS,
    REQUIRED_FIELDS,
    Question,
    Value,
    applies,
    default_for,
)
from assistant.schemas import Profile
from assistant.tokens import count_tokens


def _json_value(value: object) -> Value:
    """Enums as their string value, a list of choices as one string ("a,b", or "none" for
    the empty list: answers stay JSON scalars); everything else is already a JSON scalar."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, list):
        return ",".join(str(_json_value(item)) for item in value) or NONE_CHOSEN
    if isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"not a JSON scalar: {value!r}")


Provenance = Literal["stated", "confirmed"]
# Money given in one of these in a currency makes it the assessment's currency.
_MONEY_GIVEN = ("hourly_cost_usd", "build_cost_usd", "cost_per_item_usd", "revenue_at_stake_usd")


class Check(BaseModel):
    """A reading waiting for the manager's confirmation before it is stored: a range, a
    vague amount, a meaning-based guess or an implausible figure."""

    model_config = ConfigDict(extra="forbid")

    field: str
    value: Value
    words: str  # what the manager wrote
    why: str  # "range", "vague", "similarity" or a sentence on why it is implausible
    sample_text: str | None = None
    currency: str | None = None
    factors: list[float] = Field(default_factory=list)  # what a volume was worked out from


class Interview(BaseModel):
    """One manager's interview. Store it with ``model_dump_json()``, restore it with
    ``Interview.model_validate_json()``.

    Besides answers and assumptions it keeps where each answer came from (``sources``:
    stated by the manager, or confirmed after a check), the readings waiting for
    confirmation (``checks``), facts stated before their question applies (``held``: a
    product's user count said before "is it sold?"), the field to ask next out of order
    (``focus``) and the field answered last (what a bare "I meant 30k" corrects)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    answers: dict[str, Value] = Field(default_factory=dict)
    assumed: dict[str, Value] = Field(default_factory=dict)
    sources: dict[str, Provenance] = Field(default_factory=dict)
    checks: list[Check] = Field(default_factory=list)
    held: dict[str, Value] = Field(default_factory=dict)
    # The figures a recorded volume was multiplied from, so a correction of one of them
    # ("300 agents now, not 400") works the volume out again; dropped when it is replaced.
    factors: dict[str, list[float]] = Field(default_factory=dict)
    focus: str | None = None
    last_field: str | None = None
    # The language the interview is held in. An interview stored before languages existed
    # has none and is English; a new one whose language was not chosen is stored with
    # ``None``, and its first message decides (``assistant.conversation.service``).
    lang: Lang | None = SOURCE_LANG

    @classmethod
    def from_profile(cls, profile: Profile) -> Interview:
        """An interview holding every field ``profile`` gives, as answers."""
        data = profile.model_dump(mode="json", exclude_none=True)
        return cls(answers={field: _json_value(value) for field, value in data.items()})

    # -- where we are ------------------------------------------------------------------

    def known(self) -> dict[str, Value]:
        """Answers and assumed values together (answers win)."""
        return {**self.assumed, **self.answers}

    def questions(self) -> list[Question]:
        """The questions that apply now, in interview order."""
        known = self.known()
        return [q for q in QUESTIONS if applies(q, known)]

    def next_question(self) -> Question | None:
        """The question waiting for an answer: a reading to confirm first, then the field
        asked out of order, then the first applicable question neither answered nor
        skipped."""
        if self.checks:
            return QUESTION_BY_FIELD[self.checks[0].field]
        known = self.known()
        if self.focus is not None and self.focus not in known:
            question = QUESTION_BY_FIELD[self.focus]
            if applies(question, known):
                return question
        return next((q for q in self.questions() if q.field not in known), None)

    def progress(self) -> tuple[int, int]:
        """(questions answered or skipped, questions that apply)."""
        known = self.known()
        applicable = self.questions()
        return sum(q.field in known for q in applicable), len(applicable)

    def is_complete(self) -> bool:
        return self.next_question() is None

    def can_finish_early(self) -> bool:
        """Whether the manager has dealt with every core question (``CORE_FIELDS``: stated,
        confirmed, or skipped when asked) and questions remain that could take their
        defaults. Core fields are asked before any other, so one can only be assumed by
        the manager's own skip."""
        known = self.known()
        return (
            not self.checks
            and all(field in known for field in CORE_FIELDS)
            and self.next_question() is not None
        )

    def core_left(self) -> list[str]:
        """The core questions still to answer before the rest may take their defaults."""
        known = self.known()
        return [field for field in CORE_FIELDS if field not in known]

    def remaining(self) -> list[Question]:
        """The questions that apply and are neither answered nor skipped yet."""
        known = self.known()
        return [q for q in self.questions() if q.field not in known]

    def skip_rest(self) -> list[str]:
        """Take the documented default for every question left (the manager chose to go
        ahead with typical figures); the fields skipped, in interview order."""
        skipped = []
        while (question := self.next_question()) is not None and not self.checks:
            if question.required:
                break  # never reached once the core is given; a guard all the same
            self._apply(question, SKIPPED)
            skipped.append(question.field)
        return skipped

    # -- answering ---------------------------------------------------------------------

    def answer(self, text: str, similarity: Similarity | None = None) -> ParseResult:
        """Answer the pending question with free text. On a skip the default is recorded
        as assumed; when the text is not understood nothing changes and the result's
        message is the re-ask."""
        question = self.next_question()
        if question is None:
            return ParseResult(
                ok=False,
                message=N_(
                    "Every question is answered. To change one, say for example "
                    "'change the budget to 2k a month'."
                ),
            )
        return self._apply(question, parse_answer(question, text, similarity))

    def change(self, field: str, text: str, similarity: Similarity | None = None) -> ParseResult:
        """Change the answer to an earlier question (later answers are kept)."""
        question = QUESTION_BY_FIELD.get(field)
        if question is None:
            return ParseResult(ok=False, message=f"There is no question about '{field}'.")
        # Whether it would apply once answered: a volunteered field always does.
        if not applies(question, {**self.known(), field: text}):
            return ParseResult(
                ok=False,
                message=N_(
                    "That question only applies when the model's output is part of "
                    "something you sell: change that answer first."
                ),
            )
        return self._apply(question, parse_answer(question, text, similarity))

    def record(
        self,
        field: str,
        value: object,
        source: Provenance = "stated",
        *,
        sample_text: str | None = None,
        currency: str | None = None,
        factors: Sequence[float] = (),
    ) -> None:
        """Store a value the manager stated or confirmed (validated like ``set_value``),
        with the figures it was multiplied from if any. A fact whose question does not
        apply yet is held until it does."""
        question = QUESTION_BY_FIELD.get(field)
        typed = validate_value(field, value)
        if question is not None and not applies(question, {**self.known(), field: typed}):
            self.held[field] = typed
            return
        self.set_value(field, typed)
        if factors:
            self.factors[field] = [float(f) for f in factors]
        self.sources[field] = source
        self.last_field = field
        if self.focus == field:
            self.focus = None
        if field == "input_tokens":
            if sample_text:
                self.answers["sample_input"] = sample_text
            else:
                self.answers.pop("sample_input", None)
        if field == "monthly_budget_usd":
            self.answers["currency"] = currency or "USD"
        elif (
            field in _MONEY_GIVEN
            and currency
            and (currency != "USD" or "currency" not in self.answers)
        ):
            # Money given in euros anywhere means the manager thinks in euros.
            self.answers["currency"] = currency
        self._settle()

    def provenance(self) -> dict[str, dict[str, Value | str]]:
        """Every field recorded so far with its value and where it came from: "stated",
        "confirmed" or "assumed" (a default taken), the chat JSON's ``profile``."""
        out: dict[str, dict[str, Value | str]] = {}
        for field, value in self.assumed.items():
            out[field] = {"value": value, "source": "assumed"}
        for field, value in self.answers.items():
            if field in ("sample_input", "currency"):
                continue
            out[field] = {"value": value, "source": self.sources.get(field, "stated")}
        return out

    def set_value(self, field: str, value: object) -> None:
        """Set a typed value (validated against ``Profile``); ``None`` forgets the field.
        Raises ``ValueError`` with a one-line message for an unknown field or a bad value."""
        if field not in Profile.model_fields:
            raise ValueError(f"{field}: not a profile field")
        if value is None:
            self.answers.pop(field, None)
            self.assumed.pop(field, None)
            self.factors.pop(field, None)
            self._settle()
            return
        typed = validate_value(field, value)
        self.answers[field] = typed
        self.assumed.pop(field, None)
        self.factors.pop(field, None)  # a new value: what the old one was made of is gone
        if field == "sample_input" and isinstance(typed, str):
            # The sample is the measurement of the input size.
            self.answers["input_tokens"] = count_tokens(typed)
            self.assumed.pop("input_tokens", None)
        self._settle()

    def _apply(self, question: Question, result: ParseResult) -> ParseResult:
        if not result.ok:
            return result
        field = question.field
        if result.skipped:
            self.answers.pop(field, None)
            self.sources.pop(field, None)
            if field not in NEVER_ASSUMED:
                self.assumed[field] = self._default(field)
        else:
            assert result.value is not None  # ok and not skipped always carries a value
            try:
                value = validate_value(field, result.value)
            except ValueError as error:  # past a bound a real business could reach
                return ParseResult(ok=False, message=f"That is out of range ({error}).")
            self.answers[field] = value
            self.assumed.pop(field, None)
            self.sources[field] = "stated"
            self.last_field = field
        if field == "input_tokens":
            if result.sample_text and not result.skipped:
                self.answers["sample_input"] = result.sample_text
            else:
                self.answers.pop("sample_input", None)  # a new size replaces an old sample
        self._settle()
        return result

    def _default(self, field: str) -> Value:
        known = self.known()
        requests = known.get("monthly_requests")
        use_case = known.get("use_case")
        return default_for(
            field,
            str(known["task_type"]) if "task_type" in known else None,
            monthly_requests=requests if isinstance(requests, int) else None,
            use_case=use_case if isinstance(use_case, str) else None,
        )

    def _settle(self) -> None:
        """Drop what no longer applies and recompute assumed values."""
        known = self.known()
        for question in QUESTIONS:
            if not applies(question, known):
                self.answers.pop(question.field, None)
                self.assumed.pop(question.field, None)
                self.sources.pop(question.field, None)
            elif question.field in self.held:
                self.answers[question.field] = self.held.pop(question.field)
                self.assumed.pop(question.field, None)
                self.sources[question.field] = "stated"
        for field in list(self.assumed):
            self.assumed[field] = self._default(field)

    # -- results ---------------------------------------------------------------------

    def assumptions(self) -> dict[str, Value]:
        """Skipped fields and the default each took (JSON-ready)."""
        return dict(self.assumed)

    def to_profile(self, include_assumed: bool = False) -> Profile:
        """The profile from the answers. Skipped fields are left out by default, so the
        engine fills them with the same defaults (``with_defaults``) and lists them as
        assumed; ``include_assumed=True`` puts them in. Raises ``ValueError`` until the use
        case and the task type are known."""
        missing = [f for f in REQUIRED_FIELDS if f not in self.answers]
        if missing:
            raise ValueError(f"not known yet: {', '.join(missing)}")
        data: dict[str, Value] = (
            {**self.assumed, **self.answers} if include_assumed else {**self.answers}
        )
        return Profile.model_validate(data)


def validate_value(field: str, value: object) -> Value:
    """``value`` checked as ``Profile.field`` would check it, strictly (no "5" for 5, no
    True for 1), and returned as a JSON value."""
    probe: dict[str, object] = {"use_case": "probe", "task_type": "other"}
    probe[field] = value.value if isinstance(value, Enum) else value
    try:
        profile = Profile.model_validate_json(json.dumps(probe), strict=True)
    except (ValidationError, TypeError) as error:
        detail = error.errors()[0]["msg"] if isinstance(error, ValidationError) else str(error)
        raise ValueError(f"{field}: {detail}") from None
    return _json_value(getattr(profile, field))


# --- "actually, the budget is 2k a month" -----------------------------------------------

_INTENT = PhraseTable(
    (phrase, "intent")
    for phrase in (
        "actually",
        "change",
        "changed",
        "update",
        "updated",
        "make it",
        "correction",
        "instead",
        "it is now",
        "is now",
        "now it is",
        "should be",
        "should have said",
        "i meant",
        "meant to say",
        "set",
        "switch",
        "revise",
        "amend",
        "correct that",
        "scratch that",
        "no wait",
        "let me correct",
    )
)

# Words that name a field, from cues.yaml. Longest match wins, then the earliest.
FIELD_KEYWORDS: dict[str, tuple[str, ...]] = dict(cues().keywords)
_FIELD_TABLE = PhraseTable(
    (keyword, field) for field, keywords in FIELD_KEYWORDS.items() for keyword in keywords
)
_VALUE_FILLER = frozenset(
    "to is are be should now it was will at of the from for into = : - would become set "
    "please our we".split()
)


def _value_after(
    toks: list[Tok], stream: list[tuple[int, str]], match: Match, intent_at: set[int]
) -> str:
    """The value part of a change sentence: what follows the field keyword."""
    last = stream[match.end - 1][0]
    after = list(toks[last + 1 :])
    words = [t.text for t in after]
    if "from" in words and "to" in words[words.index("from") :]:
        cut = len(words) - 1 - words[::-1].index("to")
        after = after[cut + 1 :]
    while after and after[0].text in _VALUE_FILLER:
        after = after[1:]
    if not any(t.text.isalnum() for t in after):
        # "actually 2k a month for the budget", "actually our users are in the EU":
        # the whole sentence but the change words is the answer.
        after = [t for k, t in enumerate(toks) if k not in intent_at]
    return join_tokens(after).strip(" ,.;:")


def detect_field_change(text: str) -> tuple[str, str] | None:
    """(field, the value part of the text) when ``text`` asks to change an earlier answer,
    like "actually the budget is 2k a month" -> ("monthly_budget_usd", "2k a month");
    ``None`` without a change-intent word. Without a field keyword, a value that only one
    choice question understands names the field ("make it realtime" -> latency)."""
    toks = tokenize(text)
    stream = phrase_stream(toks)
    intents = _INTENT.find(stream)
    if not intents:
        return None
    intent_at = {stream[k][0] for m in intents for k in range(m.start, m.end)}
    keywords = [
        m
        for m in _FIELD_TABLE.find(stream)
        if not intent_at.intersection(stream[k][0] for k in range(m.start, m.end))
    ]
    if keywords:
        # Longest keyword first, then the earliest; but a sentence can name two fields
        # ("the data must stay on our servers, so change the deployment to on premises"):
        # the first candidate whose value part its own question understands wins.
        ranked = sorted(keywords, key=lambda m: (-m.length, m.start))
        candidates = [(m.key, _value_after(toks, stream, m, intent_at)) for m in ranked]
        for field, value in candidates:
            if parse_answer(QUESTION_BY_FIELD[field], value).ok:
                return field, value
        # A value no question understands is said back as a failed change only when the
        # message opens with the change ("change the output size to a novel"); a change word
        # in passing ("we'd test every script against the old output before switching") is
        # no change.
        return candidates[0] if any(m.start <= 1 for m in intents) else None
    rest = [t for k, t in enumerate(toks) if k not in intent_at]
    value = join_tokens(rest).strip(" ,.;:")
    if not value:
        return None
    fields = []
    for question in QUESTIONS:
        if question.kind == "choice":
            result = parse_answer(question, value)
            if result.ok and not result.skipped:
                fields.append(question.field)
    if len(fields) == 1:
        return fields[0], value
    return None
