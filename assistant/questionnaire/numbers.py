"""The number grammar: figures in digits and in words, scales, ranges, periods and
multipliers, as in "about 2.5k a day", "a few hundred, could be thousands", "40 tickets each
for 50 agents".

``find_quantities`` returns every figure of an answer with where it stands and how sure it
is (a range, a vague amount); the readers in ``parsing`` decide what a figure measures.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from assistant.questionnaire.questions import split_phrases
from assistant.questionnaire.text import (
    PhraseTable,
    Tok,
    phrase_stream,
    stem,
)

MAX_QUANTITY = 10**15  # larger figures are typing mistakes, not plans

NUMBER_WORDS: dict[str, tuple[str, Fraction]] = {}
for _i, _w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split()
):
    NUMBER_WORDS[_w] = ("U" if _i < 10 else "T", Fraction(_i))
for _i, _w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split()):
    NUMBER_WORDS[_w] = ("X", Fraction(20 + 10 * _i))
NUMBER_WORDS.update(
    {
        "once": ("U", Fraction(1)),
        "twice": ("U", Fraction(2)),
        "single": ("U", Fraction(1)),
        "hundred": ("H", Fraction(100)),
        "hundreds": ("HP", Fraction(100)),
        "thousand": ("S", Fraction(1000)),
        "grand": ("S", Fraction(1000)),
        "million": ("S", Fraction(10**6)),
        "lakh": ("S", Fraction(10**5)),
        "lakhs": ("S", Fraction(10**5)),
        "crore": ("S", Fraction(10**7)),
        "crores": ("S", Fraction(10**7)),
        "billion": ("S", Fraction(10**9)),
        "thousands": ("SP", Fraction(1000)),
        "millions": ("SP", Fraction(10**6)),
        "billions": ("SP", Fraction(10**9)),
        "dozen": ("DZ", Fraction(12)),
        "dozens": ("DZP", Fraction(12)),
        "tens": ("TP", Fraction(10)),
        "couple": ("V", Fraction(2)),
        "few": ("V", Fraction(3)),
        "several": ("V", Fraction(5)),
        "handful": ("V", Fraction(5)),
        "half": ("HALF", Fraction(1, 2)),
        "a": ("A", Fraction(1)),
        "an": ("A", Fraction(1)),
        "and": ("AND", Fraction(0)),
        "of": ("OF", Fraction(0)),
    }
)
# Only straight after digits: "50k", "1.5m", "2bn".
_SHORT_SCALES: Mapping[str, Fraction] = {
    "k": Fraction(1000),
    "m": Fraction(10**6),
    "mm": Fraction(10**6),
    "mn": Fraction(10**6),
    "mil": Fraction(10**6),
    "mio": Fraction(10**6),
    "b": Fraction(10**9),
    "bn": Fraction(10**9),
}
_START = frozenset({"D", "U", "T", "X", "A", "HALF", "V", "DZP", "HP", "SP", "TP"})
_NEXT: Mapping[str, frozenset[str]] = {
    "D": frozenset({"S", "SS", "H", "DZ", "AND"}),
    "U": frozenset({"S", "H", "DZ", "AND"}),
    "T": frozenset({"S", "H", "AND"}),
    "X": frozenset({"U", "S", "H", "AND"}),
    "H": frozenset({"U", "T", "X", "AND", "S"}),
    "HP": frozenset({"OF"}),
    "S": frozenset({"U", "T", "X", "AND"}),
    "SS": frozenset(),
    "SP": frozenset(),
    "TP": frozenset({"OF"}),
    "A": frozenset({"S", "H", "DZ", "V", "HALF"}),
    "AND": frozenset({"U", "T", "X", "A", "HALF"}),
    "HALF": frozenset({"A", "S", "H", "DZ"}),
    "V": frozenset({"OF", "S", "H", "DZ", "SP", "HP"}),
    "OF": frozenset({"S", "H", "SP", "HP"}),
    "DZ": frozenset(),
    "DZP": frozenset({"OF"}),
}
_SCALED = frozenset({"H", "HP", "S", "SS", "SP"})
# A word "one" after these is a pronoun, not a number ("no one", "the one we use").
_NOT_NUMBER_BEFORE_ONE = frozenset(
    {"no", "any", "every", "some", "this", "that", "which", "each", "the", "someone"}
)


@dataclass(frozen=True)
class Quantity:
    value: Fraction
    start: int  # token indices, end exclusive
    end: int
    scaled: bool = False  # carried its own scale (k, thousand, hundred...)
    scale: Fraction = Fraction(1)
    negative: bool = False
    percent: bool = False
    too_big: bool = False
    ranged: bool = False  # "200 to 300": the midpoint of a range
    vague: bool = False  # "a few hundred", "thousands": no digits, an order of magnitude


_VAGUE_CLASSES = frozenset({"V", "HP", "SP", "TP", "DZP"})


def _cls(toks: Sequence[Tok], i: int, prev: str | None) -> tuple[str, Fraction] | None:
    tok = toks[i]
    if tok.number is not None:
        return ("D", tok.number)
    if tok.too_big:
        return ("D", Fraction(MAX_QUANTITY * 10))
    if prev == "D" and tok.text in _SHORT_SCALES:
        return ("SS", _SHORT_SCALES[tok.text])
    found = NUMBER_WORDS.get(tok.text)
    if found and tok.text == "one" and i > 0 and toks[i - 1].text in _NOT_NUMBER_BEFORE_ONE:
        return None
    return found


def _run_at(toks: Sequence[Tok], i: int) -> Quantity | None:
    """The longest number phrase starting at token ``i``, evaluated."""
    run: list[tuple[str, Fraction]] = []
    ends: list[int] = []
    prev: str | None = None
    j = i
    while j < len(toks):
        if toks[j].text == "-" and prev == "X" and j + 1 < len(toks):
            nxt = _cls(toks, j + 1, prev)
            if nxt and nxt[0] == "U":  # twenty-five
                j += 1
                continue
        found = _cls(toks, j, prev)
        if found is None:
            break
        cls, value = found
        allowed = _START if prev is None else _NEXT[prev]
        if cls not in allowed:
            break
        if cls == "AND" and prev in ("D", "U", "T", "X"):
            # "2 and a half" only: "200 and 300" is a range, not 500.
            after = [_cls(toks, k, None) for k in range(j + 1, min(j + 3, len(toks)))]
            kinds = [a[0] if a else "" for a in after]
            if not (kinds[:1] == ["HALF"] or kinds[:2] == ["A", "HALF"]):
                break
        run.append((cls, value))
        ends.append(j + 1)
        prev = cls
        j += 1
    while run and run[-1][0] in ("A", "AND", "OF"):
        run.pop()
        ends.pop()
    if not run:
        return None
    return _evaluate_run(run, i, ends[-1], toks)


def _evaluate_run(
    run: Sequence[tuple[str, Fraction]], start: int, end: int, toks: Sequence[Tok]
) -> Quantity:
    total = Fraction(0)
    current: Fraction | None = None
    last_scale = Fraction(1)
    for k, (cls, value) in enumerate(run):
        nxt = run[k + 1][0] if k + 1 < len(run) else None
        prev = run[k - 1][0] if k else None
        if cls in ("D", "U", "T", "X", "V"):
            current = (current or Fraction(0)) + value
        elif cls == "H":
            current = (current if current is not None else Fraction(1)) * value
        elif cls in ("HP", "TP", "DZP"):
            current = (current if current is not None else Fraction(3)) * value
        elif cls == "DZ":
            current = (current if current is not None else Fraction(1)) * value
        elif cls in ("S", "SS"):
            total += (current if current is not None else Fraction(1)) * value
            current, last_scale = None, value
        elif cls == "SP":
            total += (current if current is not None else Fraction(3)) * value
            current, last_scale = None, value
        elif cls == "A":
            if nxt in ("S", "SS", "H", "DZ") and prev != "HALF":
                current = (current or Fraction(0)) + 1
        elif cls == "HALF":
            if current is None and total == 0:
                current = Fraction(1, 2)
            elif current is None:
                total += last_scale / 2  # "a million and a half"
            else:
                current += Fraction(1, 2)
    scaled = any(cls in _SCALED for cls, _ in run)
    too_big = any(toks[k].too_big for k in range(start, end))
    vague = any(cls in _VAGUE_CLASSES for cls, _ in run) and not any(cls == "D" for cls, _ in run)
    return Quantity(
        total + (current or Fraction(0)),
        start,
        end,
        scaled,
        last_scale,
        too_big=too_big,
        vague=vague,
    )


# A "-" right before a number is a minus sign only after these ("gpt-4" is a name).
_BEFORE_SIGN = frozenset(
    "about around roughly approximately approx maybe ~ is be of at : = , ( are was budget "
    "say".split()
)


def _day_and_month(toks: Sequence[Tok], i: int) -> bool:
    """A day and month written with a slash ("1/1", "31/12"), followed by no unit that would
    make the slash a rate ("3/5 were usable" reads a share, "50/day" a rate)."""
    if i + 2 >= len(toks) or toks[i + 1].text != "/":
        return False
    day, month = toks[i].number, toks[i + 2].number
    if day is None or month is None or not ("." not in toks[i].text + toks[i + 2].text):
        return False
    after = toks[i + 3].text if i + 3 < len(toks) else ""
    return 1 <= day <= 31 and 1 <= month <= 12 and after not in ("were", "was", "of", "are")


_YEAR_LEADS = frozenset("since in from until till by of back to before after".split())


def _a_year(toks: Sequence[Tok], i: int, q: Quantity) -> bool:
    """A calendar year after "since", "in", "from" ... ("all answers since 2019")."""
    written = toks[i].text
    return (
        q.end == i + 1
        and written.isdigit()
        and 1950 <= int(written) <= 2100
        and i > 0
        and toks[i - 1].text in _YEAR_LEADS
    )


def find_quantities(toks: Sequence[Tok]) -> list[Quantity]:
    """Every quantity in the answer, left to right, ranges merged to their midpoint."""
    found: list[Quantity] = []
    i = 0
    while i < len(toks):
        q = _run_at(toks, i)
        if q is None:
            i += 1
            continue
        if _day_and_month(toks, i):
            i += 3  # "the 1/1 renewals", "by 31/3": a date, not two figures
            continue
        if _a_year(toks, i, q):
            i = q.end  # "an archive since 2019": a year, not a count
            continue
        negative = i > 0 and (
            toks[i - 1].text in ("minus", "negative")
            or (toks[i - 1].text == "-" and (i == 1 or toks[i - 2].text in _BEFORE_SIGN))
        )
        j = q.end
        if j + 1 < len(toks) and (
            toks[j].text in ("to", "-", "or")
            or (toks[j].text == "and" and i > 0 and toks[i - 1].text == "between")
        ):
            upper = _run_at(toks, j + 1)
            if upper is not None:
                low = q.value
                if not q.scaled and upper.scaled and low * upper.scale <= upper.value:
                    low *= upper.scale
                q = Quantity(
                    (low + upper.value) / 2,
                    q.start,
                    upper.end,
                    q.scaled or upper.scaled,
                    upper.scale,
                    too_big=q.too_big or upper.too_big,
                    ranged=True,
                )
                j = upper.end
        percent = False
        if j < len(toks) and toks[j].text in ("%", "percent", "pc"):
            percent, j = True, j + 1
        elif j + 1 < len(toks) and toks[j].text == "per" and toks[j + 1].text == "cent":
            percent, j = True, j + 2
        found.append(
            Quantity(
                q.value,
                q.start,
                j,
                q.scaled,
                q.scale,
                negative,
                percent,
                q.too_big,
                q.ranged,
                q.vague,
            )
        )
        i = j
    return found


def round_half_up(value: Fraction) -> int:
    """Round half up (not to even: 0.5 request is one request)."""
    return math.floor(value + Fraction(1, 2))


PERIOD_WORDS: Mapping[str, str] = {
    stem(word): period
    for period, words in (
        ("hour", ("hour", "hours", "hr", "hrs", "hourly")),
        ("day", ("day", "days", "daily", "night", "nights", "nightly", "d")),
        ("working_day", ("weekday", "weekdays", "workday", "workdays", "shift", "shifts")),
        ("week", ("week", "weeks", "weekly", "wk", "wks", "w")),
        ("fortnight", ("fortnight", "fortnightly")),
        ("month", ("month", "months", "monthly", "mo", "mth", "mths", "pcm")),
        ("quarter", ("quarter", "quarters", "quarterly", "qtr")),
        ("year", ("year", "years", "yearly", "annual", "annually", "annum", "yr", "yrs", "pa")),
    )
    for word in words
}
WORKING = frozenset(
    stem(w) for w in ("working", "work", "business", "office", "school", "clinic", "trading")
)
_MULTIPLIERS = frozenset({"each", "x", "times"})

# A daily figure said for the working week only: "10 a day, mon-fri", "five days a week".
_WEEKDAYS_ONLY = re.compile(
    r"\bmon(day)?\s*(-|–|to|thru|through|until)\s*fri(day)?\b|\b(5|five)\s*days?\s*"
    r"(a|per|/|each)\s*week\b|\bweekdays?\s+only\b|\bonly\s+(on\s+)?weekdays\b",
    re.IGNORECASE,
)


def weekdays_only(text: str) -> bool:
    return bool(_WEEKDAYS_ONLY.search(text))


_DAYS_A_WEEK = re.compile(
    r"\b(6|six)\s*days?\s*(a|per|/|each)\s*week\b|\bmon(day)?\s*(-|–|to|thru|through)\s*"
    r"sat(urday)?\b",
    re.IGNORECASE,
)


def six_days_a_week(text: str) -> bool:
    """A daily figure for a six-day week ("6 days a week", "mon-sat"): 26 days a month."""
    return bool(_DAYS_A_WEEK.search(text))


def period_at(toks: Sequence[Tok], k: int) -> str | None:
    period = PERIOD_WORDS.get(toks[k].stem)
    if period is None or toks[k].number is not None:
        return None
    if period == "day" and k > 0 and toks[k - 1].stem in WORKING:
        return "working_day"
    if period in ("day", "working_day") and toks[k].text == "d":
        # "/d" or "per d" only: a lone "d" is too ambiguous.
        return "day" if k > 0 and toks[k - 1].text in ("/", "per", "a") else None
    if period == "week" and toks[k].text == "w":
        return "week" if k > 0 and toks[k - 1].text in ("/", "per") else None
    return period


# A rate's period to a month (hour x 720: 24 h x 30 days, round the clock).
PERIOD_FACTORS: Mapping[str, Fraction] = {
    "hour": Fraction(24 * 30),
    "day": Fraction(30),
    "working_day": Fraction(21),
    "six_day": Fraction(26),  # a six-day week: 6 x 52 / 12
    "week": Fraction(52, 12),
    "fortnight": Fraction(26, 12),
    "month": Fraction(1),
    "quarter": Fraction(1, 3),
    "year": Fraction(1, 12),
}


def period_near(toks: Sequence[Tok], q: Quantity, quantities: Sequence[Quantity]) -> str | None:
    """The period written after ``q`` (up to the next quantity or the end of the clause),
    else anywhere in the answer."""
    next_start = min((o.start for o in quantities if o.start >= q.end), default=len(toks))
    for k in range(q.end, next_start):
        if toks[k].text in (".", ";"):
            break
        period = period_at(toks, k)
        if period:
            return period
    for k in range(len(toks)):
        if q.start <= k < q.end:
            continue
        period = period_at(toks, k)
        if period:
            return period
    return None


def has_period_after(toks: Sequence[Tok], q: Quantity, window: int = 6) -> bool:
    for k in range(q.end, min(q.end + window, len(toks))):
        if toks[k].text in (".", ";", ","):
            return False
        if period_at(toks, k):
            return True
    return False


_ZERO = PhraseTable(
    (p, "zero")
    for p in split_phrases(
        "none, zero, nothing, nil, no, not any, none yet, not a single one, do not have any, "
        "have none, do not have, not yet, nothing yet"
    )
)


def is_zero(toks: Sequence[Tok]) -> bool:
    return any(not m.negated for m in _ZERO.find(phrase_stream(toks)))


def is_multiplier(toks: Sequence[Tok], k: int) -> bool:
    if toks[k].text in _MULTIPLIERS:
        return True
    if toks[k].text != "per" or k + 1 >= len(toks):
        return False
    nxt = toks[k + 1]
    return (
        nxt.number is None
        and period_at(toks, k + 1) is None
        and nxt.text not in NUMBER_WORDS
        and nxt.stem not in WORKING
        and nxt.text not in ("cent", "%")
    )


def multiplied(toks: Sequence[Tok], a: Quantity, b: Quantity) -> bool:
    """'50 agents each handle 40 tickets a day', '40 per agent per day for 50 agents',
    '200 stores x 10 a day': two numbers to multiply. Not when the first number already
    has its period before the marker ('2,000 emails a day, each about 2 pages')."""
    clause_end = next((k for k in range(b.end, len(toks)) if toks[k].text in (".", ";")), len(toks))
    for k in range(a.end, clause_end):
        if b.start <= k < b.end:
            continue
        if is_multiplier(toks, k):
            if toks[k].text in ("per", "times", "x"):
                # "per branch", "times 5 languages", "x 3 markets": always a multiplier.
                return True
            return not any(period_at(toks, p) for p in range(a.end, min(k, b.start)))
    # "our 2,300 advisers would send maybe 5 a week": a head count, then a rate per head.
    nxt = toks[a.end] if a.end < len(toks) else None
    return (
        nxt is not None
        and nxt.stem in PER_HEAD
        and b.start - a.end <= 6
        and not any(period_at(toks, p) for p in range(a.end, b.start))
        and any(period_at(toks, p) for p in range(b.end, min(b.end + 4, len(toks))))
    )


# People and places a rate is often given per: a count of them times a rate per one.
PER_HEAD = frozenset(
    stem(w)
    for w in "advisers advisors agents employees staff users reps drivers developers devs "
    "clerks handlers vets doctors nurses teachers stores shops branches sites clinics "
    "engineers analysts recruiters lawyers consultants technicians".split()
)


# Words between two figures that make them the two ends of an estimate.
_HEDGES = PhraseTable(
    (p, "hedge")
    for p in split_phrases(
        "could be, might be, may be, maybe, perhaps, possibly, or even, up to, or so, if not, "
        "sometimes, some months, on a busy month, at peak, peaks at, or more"
    )
)


def hedged_range(toks: Sequence[Tok], a: Quantity, b: Quantity) -> bool:
    between = toks[a.end : b.start]
    if any(t.text in (".", ";", "!", "?") for t in between):
        return False  # figures in two sentences are two statements, not the ends of one
    return bool(between) and bool(_HEDGES.find(phrase_stream(between)))


def uncertainty(toks: Sequence[Tok]) -> str:
    """Why the figures in ``toks`` are an estimate to confirm: "range" ("200 to 300", "a few
    hundred, could be thousands"), "vague" ("a few hundred", "thousands") or ""."""
    plain = [q for q in find_quantities(toks) if not q.percent and not q.negative]
    if any(q.ranged for q in plain) or any(
        hedged_range(toks, a, b) and not multiplied(toks, a, b)
        for a, b in itertools.pairwise(plain)
    ):
        return "range"
    if any(q.vague for q in plain):
        return "vague"
    return ""
