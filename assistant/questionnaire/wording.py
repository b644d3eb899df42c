"""How recorded answers are said back to the manager: field names and values in plain words.

One place for "volume: 20,000 a month", "human review: every output is checked", "monthly
budget: €3,000 a month (about $3,450)", used by the dialogue's summaries, confirmations
and what-ifs. Field names come from ``cues.yaml``; choice values from the questions'
labels; money from the parser's fixed rates, so what is said back is what was stored.
"""

from __future__ import annotations

from fractions import Fraction

from assistant.questionnaire.cues import cues
from assistant.questionnaire.parsing import FX_TO_USD, TOKENS_PER_WORD
from assistant.questionnaire.questions import QUESTION_BY_FIELD, Value

CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£"}


def label(field: str) -> str:
    """The field as the manager would name it ("volume", "who sees the output")."""
    return cues().label(field)


def money(usd: float, currency: str | None = None) -> str:
    """An amount in the currency it was given in, with dollars beside it: "€3,000 (about
    $3,450)"; dollars alone for USD."""
    code = currency or "USD"
    if code == "USD" or code not in FX_TO_USD:
        return f"${_figure(usd)}"
    local = float(Fraction(str(usd)) / FX_TO_USD[code])
    sign = CURRENCY_SIGNS.get(code)
    shown = f"{sign}{_figure(local)}" if sign else f"{_figure(local)} {code}"
    return f"{shown} (about ${_figure(usd)})"


def _figure(amount: float) -> str:
    """Cents only below 100 where there are any ("4.50", "1.80"; "8", "3,000")."""
    if 0 < amount < 100 and round(amount, 2) != round(amount):
        return f"{amount:,.2f}"
    return f"{amount:,.0f}"


def describe(field: str, value: Value, currency: str | None = None) -> str:
    """The value in plain words, with its unit."""
    question = QUESTION_BY_FIELD.get(field)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if question is not None and question.kind == "choices":
        names = [
            c.label for part in str(value).split(",") for c in question.choices if c.value == part
        ]
        return ", ".join(names) if names else str(value).replace("_", " ")
    if question is not None and question.choices:
        choice = next((c for c in question.choices if c.value == value), None)
        return choice.label if choice else str(value).replace("_", " ")
    if isinstance(value, int | float):
        if field == "monthly_requests":
            return f"{value:,.0f} a month"
        if field == "monthly_active_users":
            return f"{value:,.0f} users a month"
        if field in ("input_tokens", "output_tokens"):
            words = round(float(value) / float(TOKENS_PER_WORD))
            return f"about {value:,.0f} tokens (~{words:,} words)"
        if field == "monthly_budget_usd":
            return money(float(value), currency) + " a month"
        if field == "timeline_weeks":
            return f"{value:,.0f} week" + ("" if value == 1 else "s")
        if field == "minutes_per_item":
            return f"{float(value):,.1f}".removesuffix(".0") + " minutes"
        if field == "hourly_cost_usd":
            return money(float(value), currency) + " an hour"
        if field in ("time_saved_pct", "revenue_share_pct"):
            return f"{float(value):g}%"
        if field == "cost_per_item_usd":
            return money(float(value), currency) + " per item"
        if field == "revenue_at_stake_usd":
            return money(float(value), currency) + " a month"
        if field == "build_cost_usd":
            return money(float(value), currency) + " one-off"
        if field == "adoption_ramp_months":
            return "at once" if value == 0 else f"{value:,.0f} month" + ("" if value == 1 else "s")
        return f"{value:,.0f}"
    text = str(value)
    return f"“{text[:80]}…”" if len(text) > 80 else f"“{text}”"
