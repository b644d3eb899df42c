"""Readers for the value side of the interview: the business case's figures in free text.

One reader per field, each taking an answer's tokens and returning the value in the
profile's unit (or ``None`` when the answer gives no such figure, and the question is
asked again):

* ``minutes_per_item``: minutes, hours (x 60), seconds (/ 60), working days (x 480, an
  8-hour day); "half an hour" = 30, "an hour and a half" = 90, "1 hour 20 minutes" = 80.
  A bare number is minutes.
* ``hourly_cost_usd``: money per hour; a day rate / 8 hours, a week / 40, a month /
  (``WORK_HOURS_PER_YEAR`` / 12), a year or a salary / ``WORK_HOURS_PER_YEAR``. No period
  is per hour. Converted to USD with the bundled ECB rates (``currency``).
* ``time_saved_pct``: a percentage, a fraction in words ("a third", "two thirds",
  "half"), "N times faster" (1 - 1/N of the time), "from 12 to 8 minutes" ((12 - 8) / 12).
  A bare number up to 100 is a percentage.
* ``build_cost_usd``: an amount; or people x time x rate ("2 developers for 6 weeks at
  €90 an hour": 40-hour weeks, 8-hour days, 2-week sprints); or a monthly amount for a
  number of months.
* ``adoption_ramp_months``: months, weeks (x 12/52), quarters, years; "straight away",
  "day one" = 0. A bare number is months.
* ``cost_per_item_usd``: an amount with no period ("€8 per claim"); one per hour, day or
  month is not the cost of an item.
* ``revenue_at_stake_usd``: an amount a month, or per another period converted as volumes
  are (``PERIOD_FACTORS``: a day x 30, a year / 12). No period is a month.
* ``revenue_share_pct``: as ``time_saved_pct``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from assistant.questionnaire.currency import FX_TO_USD, currency_of, money_first
from assistant.questionnaire.numbers import (
    PERIOD_FACTORS,
    Quantity,
    find_quantities,
    is_zero,
    period_near,
)
from assistant.questionnaire.questions import split_phrases
from assistant.questionnaire.text import PhraseTable, Tok, phrase_stream, stem

WORK_HOURS_PER_YEAR = 1720  # 215 working days of 8 hours: the usual loaded-rate basis
HOURS_PER: dict[str, Fraction] = {
    "hour": Fraction(1),
    "day": Fraction(8),
    "working_day": Fraction(8),
    "week": Fraction(40),
    "fortnight": Fraction(80),
    "month": Fraction(WORK_HOURS_PER_YEAR, 12),
    "quarter": Fraction(WORK_HOURS_PER_YEAR, 4),
    "year": Fraction(WORK_HOURS_PER_YEAR),
}
_MINUTES_PER_UNIT: dict[str, Fraction] = {
    stem(word): factor
    for words, factor in (
        ("second seconds sec secs s", Fraction(1, 60)),
        ("minute minutes min mins m", Fraction(1)),
        ("hour hours hr hrs h", Fraction(60)),
        ("day days", Fraction(480)),
    )
    for word in words.split()
}
# Working time in hours, for a build's duration (40-hour weeks, 8-hour days).
_WORK_HOURS_IN: dict[str, Fraction] = {
    stem(word): hours
    for words, hours in (
        ("hour hours hr hrs", Fraction(1)),
        ("day days", Fraction(8)),
        ("week weeks wk wks", Fraction(40)),
        ("sprint sprints", Fraction(80)),
        ("fortnight fortnights", Fraction(80)),
        ("month months", Fraction(40 * 52, 12)),
        ("quarter quarters", Fraction(40 * 13)),
    )
    for word in words.split()
}
_MONTHS_IN: dict[str, Fraction] = {
    stem(word): months
    for words, months in (
        ("day days", Fraction(12, 365)),
        ("week weeks wk wks", Fraction(12, 52)),
        ("fortnight fortnights sprint sprints", Fraction(24, 52)),
        ("month months mo mos", Fraction(1)),
        ("quarter quarters", Fraction(3)),
        ("year years yr yrs", Fraction(12)),
    )
    for word in words.split()
}
_FRACTIONS: dict[str, Fraction] = {
    stem(word): value
    for words, value in (
        ("half halves halve", Fraction(1, 2)),
        ("third thirds", Fraction(1, 3)),
        ("quarter quarters", Fraction(1, 4)),
        ("fifth fifths", Fraction(1, 5)),
        ("tenth tenths", Fraction(1, 10)),
    )
    for word in words.split()
}
# People whose time is paid for: "2 developers for 6 weeks", "3 FTEs".
PEOPLE = frozenset(
    stem(w)
    for w in (
        "people person persons developer developers dev devs engineer engineers consultant "
        "consultants contractor contractors freelancer freelancers fte ftes staff analyst "
        "analysts scientist scientists designer designers"
    ).split()
)
_FASTER = frozenset(stem(w) for w in "faster quicker speed speeds sooner".split())
_SALARY = frozenset(stem(w) for w in "salary salaries annual annually pa p.a. yearly".split())
AT_ONCE = PhraseTable(
    (phrase, "now")
    for phrase in split_phrases(
        "straight away, right away, immediately, at once, from day one, day one, instantly, "
        "no ramp, overnight, from the start, on launch, the same day, everyone at once, "
        "big bang, from go live"
    )
)
_GAP = frozenset({"a", "an", "of", "-", "or", "so"})


@dataclass(frozen=True)
class ValueRead:
    value: float
    via: str
    check: str = ""  # "range" when the figure is the middle of two, to be confirmed


def _quantities(toks: Sequence[Tok]) -> list[Quantity]:
    return [q for q in find_quantities(toks) if not q.too_big]


def _before(toks: Sequence[Tok], k: int, quantities: Sequence[Quantity]) -> Quantity | None:
    """The quantity written just before token ``k`` ("6 weeks", "half an hour")."""
    for q in reversed(quantities):
        gap = [t.text for t in toks[q.end : k]]
        if q.end <= k and len(gap) <= 2 and all(g in _GAP for g in gap):
            return q
    return None


def _count_before(toks: Sequence[Tok], k: int, quantities: Sequence[Quantity]) -> Fraction:
    """The number before a unit, 1 for "an hour" or a bare unit."""
    q = _before(toks, k, quantities)
    return q.value if q is not None else Fraction(1)


def _and_a_half(toks: Sequence[Tok], k: int) -> bool:
    return [t.text for t in toks[k + 1 : k + 4]] == ["and", "a", "half"]


def _negative(quantities: Sequence[Quantity]) -> bool:
    return any(q.negative for q in quantities)


def read_minutes(toks: Sequence[Tok]) -> ValueRead | None:
    quantities = _quantities(toks)
    parts: list[tuple[int, Fraction]] = []
    for k, tok in enumerate(toks):
        factor = _MINUTES_PER_UNIT.get(tok.stem) if tok.number is None else None
        if factor is None:
            continue
        if tok.text in ("s", "m", "h") and not (k > 0 and toks[k - 1].number is not None):
            continue  # a lone letter is a unit only right after a figure
        count = _count_before(toks, k, quantities)
        if _and_a_half(toks, k):
            count += Fraction(1, 2)
        sign = -1 if _negative(quantities) else 1
        parts.append((k, sign * count * factor))
    per_period = _items_per_period(toks, quantities, parts)
    if per_period is not None:
        return ValueRead(float(per_period), "minutes")
    if parts:
        # "1 hour 20 minutes": an hour figure followed by minutes adds up.
        total = parts[0][1]
        if len(parts) > 1 and parts[1][0] - parts[0][0] <= 3 and parts[0][1] >= 60:
            total += parts[1][1]
        return ValueRead(float(total), "minutes")
    plain = [q for q in quantities if not q.percent]
    if plain:
        value = -plain[0].value if plain[0].negative else plain[0].value
        return ValueRead(float(value), "minutes")
    return None


def _items_per_period(
    toks: Sequence[Tok], quantities: Sequence[Quantity], parts: Sequence[tuple[int, Fraction]]
) -> Fraction | None:
    """ "about 4 an hour", "6 claims per hour", 「1時間で4件」 ("1 hours 4"): a throughput, so
    one item takes the period over the count (15 minutes)."""
    if len(parts) != 1:
        return None
    k, minutes = parts[0]
    plain = [q for q in quantities if not q.percent and q.value > 0]
    if k > 0 and toks[k - 1].text in ("a", "an", "per", "/", "every"):
        # "4 an hour", "6 claims per hour": the count before, one period.
        before = [q for q in plain if q.end <= k - 1]
        if len(plain) != 1 or not before or before[-1].value <= 1:  # "half an hour"
            return None
        return Fraction(_MINUTES_PER_UNIT[toks[k].stem]) / before[-1].value
    unit_count = _before(toks, k, quantities)
    others = [q for q in plain if q is not unit_count]
    if len(others) != 1 or others[0].start != k + 1:  # the unit, then the count: "1 hours 4"
        return None
    return minutes / others[0].value


_PERIOD_MARKS = frozenset({"/", "per", "a", "an", "p", "each", "every"})
_SHORT_HOUR = frozenset({"h", "hr", "hrs", "ph", "hourly"})


def _period(toks: Sequence[Tok], q: Quantity, quantities: Sequence[Quantity]) -> str | None:
    """The period of a rate, including the short forms "/h", "p/h", "ph" and "per hr"."""
    after = [t.text for t in toks[q.end : q.end + 3]]
    for k, word in enumerate(after):
        if word in _SHORT_HOUR and (word == "ph" or (k and after[k - 1] in _PERIOD_MARKS)):
            return "hour"
        if word not in _PERIOD_MARKS and word not in ("€", "$", "£"):
            break
    return period_near(toks, q, quantities)


def _is_period(toks: Sequence[Tok], k: int) -> bool:
    """A unit that is a rate's period ("€90 an hour", "650/day"), not a length of time
    ("for 6 weeks", "for an hour")."""
    j = k - 1
    while j >= 0 and toks[j].text in _PERIOD_MARKS:
        j -= 1
    if j == k - 1 or j < 0:
        return False
    # "90 an hour", "$650/day": a figure, then "a"/"per"/"/", then the unit.
    return toks[j].number is not None


_RANGE_JOINS = frozenset({"and", "to", "-", "or"})
_SYMBOLS = frozenset({"€", "$", "£", "¥", "₹"})


def _money_range(toks: Sequence[Tok], quantities: Sequence[Quantity]) -> Fraction | None:
    """ "between £30 and £40": two amounts the number grammar keeps apart (a currency
    sign between them); their middle."""
    if len(quantities) < 2:
        return None
    a, b = quantities[0], quantities[1]
    between = [t.text for t in toks[a.end : b.start]]
    if (
        between
        and between[0] in _RANGE_JOINS
        and all(w in _RANGE_JOINS or w in _SYMBOLS for w in between)
    ):
        return (a.value + b.value) / 2
    return None


def _money(toks: Sequence[Tok]) -> tuple[Fraction, Quantity, str, bool] | None:
    """The first amount of money (or the first plain number), its currency, and whether
    it is the middle of a range."""
    quantities = money_first(toks, [q for q in _quantities(toks) if not q.percent])
    if not quantities:
        return None
    currency = currency_of(toks)
    q = quantities[0]
    middle = _money_range(toks, quantities)
    value = middle if middle is not None else (-q.value if q.negative else q.value)
    return value * FX_TO_USD.get(currency, Fraction(1)), q, currency, middle is not None


def read_hourly_cost(toks: Sequence[Tok]) -> ValueRead | None:
    money = _money(toks)
    if money is None:
        return None
    usd, q, currency, ranged = money
    period = _period(toks, q, _quantities(toks))
    if period is None and any(t.stem in _SALARY for t in toks):
        period = "year"
    period = period or "hour"
    hourly = usd / HOURS_PER.get(period, Fraction(1))
    return ValueRead(
        float(round(hourly, 2)), f"money/{currency}/per {period}", "range" if ranged else ""
    )


def read_share(toks: Sequence[Tok]) -> ValueRead | None:
    quantities = _quantities(toks)
    texts = [t.text for t in toks]
    percent = [q for q in quantities if q.percent]
    if percent:
        value = -percent[0].value if percent[0].negative else percent[0].value
        # "20 to 30%": the middle of a range, confirmed before it is stored.
        return ValueRead(float(value), "percent", "range" if percent[0].ranged else "")
    # "from 12 to 8 minutes", "12 minutes down to 8": the share of the time no longer
    # spent. Read on the tokens: the number grammar takes "12 to 8" for a range.
    figures = [(k, t.number) for k, t in enumerate(toks) if t.number is not None]
    for (i, before), (j, after) in itertools.pairwise(figures):
        if "to" in texts[i + 1 : j] and j - i <= 5 and 0 < after < before:
            return ValueRead(float(round((before - after) / before * 100, 1)), "from-to")
    # "3x faster", "twice as fast": the time becomes 1/N of today's.
    if any(t.stem in _FASTER or t.text == "fast" for t in toks) and quantities:
        times = quantities[0].value
        if times > 1:
            return ValueRead(float(round((1 - 1 / times) * 100, 1)), "times faster")
    for k, tok in enumerate(toks):
        part = _FRACTIONS.get(tok.stem) if tok.number is None else None
        if part is None:
            continue
        q = _before(toks, k, [q for q in quantities if q.end <= k and q.value >= 1])
        count = q.value if q is not None else Fraction(1)
        return ValueRead(float(round(count * part * 100, 1)), "fraction")
    plain = [q for q in quantities if not q.percent]
    if plain:
        value = plain[0].value
        if 0 < value < 1 and plain[0].value.denominator != 1:
            value *= 100  # "0.3": a share written as a fraction
        return ValueRead(float(-value if plain[0].negative else value), "percent")
    return None


def read_build_cost(toks: Sequence[Tok]) -> ValueRead | None:
    quantities = [q for q in _quantities(toks) if not q.percent]
    if not quantities:
        return None
    currency = currency_of(toks)
    rate = FX_TO_USD.get(currency, Fraction(1))
    people = Fraction(1)
    work_hours: Fraction | None = None
    months: Fraction | None = None
    used: set[int] = set()
    for k, tok in enumerate(toks):
        if tok.number is not None or _is_period(toks, k):
            continue
        q = _before(toks, k, quantities)
        if tok.stem in PEOPLE and q is not None:
            people, used = q.value, used | {q.start}
        elif tok.stem in _WORK_HOURS_IN and (q is not None or toks[k - 1].text in ("a", "an")):
            count = q.value if q is not None else Fraction(1)
            work_hours = count * _WORK_HOURS_IN[tok.stem]
            months = count * _MONTHS_IN.get(tok.stem, Fraction(0))
            if q is not None:
                used.add(q.start)
    amounts = money_first(toks, [q for q in quantities if q.start not in used])
    if not amounts:
        return None
    amount = amounts[0]
    value = -amount.value if amount.negative else amount.value
    period = _period(toks, amount, quantities)
    if period in ("hour", "day", "working_day", "week", "fortnight") and work_hours is not None:
        total = people * work_hours / HOURS_PER[period] * value
        return ValueRead(float(round(total * rate)), f"effort/{currency}")
    if period == "month" and months:
        return ValueRead(float(round(value * months * people * rate)), f"monthly/{currency}")
    return ValueRead(float(round(value * rate)), f"money/{currency}")


def read_ramp(toks: Sequence[Tok]) -> ValueRead | None:
    if AT_ONCE.find(phrase_stream(toks)) or is_zero(toks):
        return ValueRead(0.0, "at once")
    quantities = _quantities(toks)
    for k, tok in enumerate(toks):
        factor = _MONTHS_IN.get(tok.stem) if tok.number is None else None
        if factor is None:
            continue
        count = _count_before(toks, k, quantities)
        if _and_a_half(toks, k):
            count += Fraction(1, 2)
        sign = -1 if _negative(quantities) else 1
        return ValueRead(float(round(sign * count * factor)), "months")
    plain = [q for q in quantities if not q.percent]
    if plain:
        return ValueRead(float(-plain[0].value if plain[0].negative else plain[0].value), "months")
    return None


def read_cost_per_item(toks: Sequence[Tok]) -> ValueRead | None:
    """An amount per item ("€8 per claim", "the agency bills $4 a ticket"); an amount per
    hour, day or month is a rate of pay or a budget, never the cost of one item."""
    money = _money(toks)
    if money is None:
        return None
    usd, q, currency, ranged = money
    if _period(toks, q, _quantities(toks)) is not None:
        return None
    return ValueRead(float(round(usd, 4)), f"money/{currency}/per item", "range" if ranged else "")


def read_revenue(toks: Sequence[Tok]) -> ValueRead | None:
    """Revenue a month: an amount a month, or per year, quarter, week or day converted; no
    period is a month."""
    money = _money(toks)
    if money is None:
        return None
    usd, q, currency, ranged = money
    period = _period(toks, q, _quantities(toks)) or "month"
    if period == "hour":
        return None  # a rate of pay, not revenue
    monthly = usd * PERIOD_FACTORS.get(period, Fraction(1))
    return ValueRead(
        float(round(monthly, 2)), f"money/{currency}/per {period}", "range" if ranged else ""
    )


READERS = {
    "minutes_per_item": read_minutes,
    "hourly_cost_usd": read_hourly_cost,
    "time_saved_pct": read_share,
    "build_cost_usd": read_build_cost,
    "adoption_ramp_months": read_ramp,
    "cost_per_item_usd": read_cost_per_item,
    "revenue_at_stake_usd": read_revenue,
    "revenue_share_pct": read_share,
}
