"""Pilot results told in the chat: "week 3: 62% of drafts accepted with light edits, 400
drafts reviewed" read into measurements against the plan, and the answer with the judgement.

The percentages and the KPI each one measures are found the way the follow-up answers find
them (``conversation.followups``); this adds the number of items ("400 drafts reviewed",
"on 400 items", "n=400"), the period ("week 3") and, for what a pilot cost, "we spent $120
on 30,000 requests". Pure functions: the facade stores what is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.advice.wording import DECISION_LABELS
from assistant.conversation import followups
from assistant.i18n import N_, translator
from assistant.pilot.decision import PilotStatus, describe
from assistant.pilot.measurements import (
    Measurement,
    PilotInputError,
    build_measurement,
    cost_measurement,
)
from assistant.schemas import Recommendation

# The heading of the judgement in a pilot reply (a benchmark recognises the reply by it).
AGAINST_PLAN = N_("**Against the plan so far:**")

_COUNT = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?\s*k\b|\d+)"
_ITEM_WORDS = (
    r"(?:items?|drafts?|cases?|documents?|docs|tickets?|emails?|answers?|summaries|"
    r"summary|outputs?|samples?|calls?|replies|requests?|questions?|records?|invoices?|"
    r"transcripts?|translations?|images?|files?|pages?|suggestions?|conversations?|chats?)"
)
_N_PATTERNS = (
    re.compile(r"\bn\s*=\s*" + _COUNT, re.I),
    re.compile(
        _COUNT + r"\s+(?:[a-z\-]+\s+){0,2}?(?:reviewed|checked|graded|rated|measured|sampled|"
        r"labell?ed|tested|processed|handled|audited|scored|read)\b",
        re.I,
    ),
    re.compile(r"\b(?:on|over|out of|across|from|of|for)\s+" + _COUNT + r"\s+" + _ITEM_WORDS, re.I),
    re.compile(_COUNT + r"\s+" + _ITEM_WORDS + r"\b", re.I),
    # A Japanese report, its words put in English: 「400件の下書きを確認」 is "400 件…".
    re.compile(_COUNT + r"\s*(?:件|通|本|枚|ページ)"),
)
_PERIOD = re.compile(
    r"\b((?:week|wk|day|month|sprint|phase|round)\s*\d+|(?:first|second|third|fourth|last|"
    r"this|past) (?:week|month|sprint|fortnight)|weeks? \d+\s*(?:-|to|and)\s*\d+)\b",
    re.I,
)
_SPENT = re.compile(
    r"(?:spent|cost|paid|bill(?:ed)?|invoice[d]?)\D{0,20}?\$\s*(\d[\d,]*(?:\.\d+)?)"
    r"|\$\s*(\d[\d,]*(?:\.\d+)?)\s+(?:spent|in (?:api |token )?costs?)",
    re.I,
)
_REQUESTS = re.compile(_COUNT + r"\s+(?:requests|calls|tasks|runs|queries)\b", re.I)


def _count(text: str) -> int:
    cleaned = text.lower().replace(",", "").strip()
    if cleaned.endswith("k"):
        return round(float(cleaned[:-1].strip()) * 1000)
    return round(float(cleaned))


def items(text: str) -> int | None:
    """The number of items a report was measured on, when it says one."""
    for pattern in _N_PATTERNS:
        for match in pattern.finditer(text):
            after = text[match.end(1) : match.end(1) + 2]
            if "%" in after:  # "62% of drafts" is the share, not the count
                continue
            if re.search(r"(week|wk|day|month|sprint)\s*$", text[: match.start(1)], re.I):
                continue
            return _count(match.group(1))
    return None


_PERIOD_JA = re.compile(r"(\d+)\s*(週目|週間目|か月目|ヶ月目|カ月目)|(第\d+週)")


def period(text: str) -> str | None:
    japanese = _PERIOD_JA.search(text)
    if japanese:
        return "".join(japanese.group(0).split())  # 「3週目」, as the team wrote it
    match = _PERIOD.search(text)
    return " ".join(match.group(1).lower().split()) if match else None


def _after(text: str, figure: followups.Figure) -> followups.Figure:
    """The figure named by the words after it ("so far 81% accepted"), where the words
    before it name nothing the plan measures."""
    match = re.search(rf"(?<![\d.]){re.escape(f'{figure.value:g}')}\s*(?:%|percent|per cent)", text)
    tail = text[match.end() : match.end() + 40] if match else ""
    return followups.Figure(re.split(r"[,;:.]", tail)[0].strip().lower(), figure.value)


@dataclass
class Report:
    """What a chat message reports: measurements for the plan's KPIs, the figures that
    match none, and a refusal when a figure cannot be logged."""

    measurements: list[Measurement] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    error: str | None = None


def read_report(rec: Recommendation, text: str) -> Report:
    kpis = rec.poc_plan.kpis
    report = Report()
    n = items(text)
    when = period(text)
    try:
        logged: set[str] = set()
        for figure, found in followups.matched_figures(followups.figures(text), kpis):
            kpi = found or followups.kpi_for(_after(text, figure), kpis)
            if kpi is None or (found is None and kpi.name in logged):
                report.unmatched.append(f"{figure.words or 'a figure'} {figure.value:g}%")
                continue
            logged.add(kpi.name)
            if kpi is None:
                report.unmatched.append(f"{figure.words or 'a figure'} {figure.value:g}%")
                continue
            report.measurements.append(
                build_measurement(kpis, kpi.name, f"{figure.value:g}%", n=n, period=when)
            )
        spent = _SPENT.search(text)
        requests = _REQUESTS.search(text)
        if spent and requests:
            usd = (spent.group(1) or spent.group(2)).replace(",", "")
            report.measurements.append(
                cost_measurement(kpis, usd, _count(requests.group(1)), period=when)
            )
    except PilotInputError as exc:
        return Report(error=str(exc))
    return report


def looks_like_cost_report(text: str) -> bool:
    return bool(_SPENT.search(text) and _REQUESTS.search(text))


def answer(report: Report, logged: list[Measurement], status: PilotStatus) -> str:
    """The chat reply: what was logged, each KPI against its target, the decision; in the
    assessment's language (``status.lang``)."""
    tr = translator(status.lang)
    ids = {m.id for m in logged}
    lines = [
        tr("**Logged for your pilot ({period}):**").format(period=logged[0].period)
        if logged[0].period
        else tr("**Logged for your pilot:**")
    ]
    for j in status.judgements:
        if j.measurement.id in ids:
            lines.append(f"- {describe(j, tr)}")
    if report.unmatched:
        lines.append(
            tr("- Not one of the plan's KPIs, so not logged: {figures}").format(
                figures=tr(", ").join(report.unmatched)
            )
        )
    if any(m.n is None for m in logged if m.spent_usd is None):
        lines.append(
            tr(
                '- Say how many items each figure was measured on ("400 drafts reviewed"): a '
                "share on 40 items is weaker evidence than on 4,000."
            )
        )
    lines += ["", tr(AGAINST_PLAN)]
    for j in status.latest:
        if j.target is None:
            continue
        state = tr(_STATES[j.status])
        extra = (
            tr(" (about {n} more items would settle it)").format(n=f"{j.more_items:,}")
            if j.more_items
            else ""
        )
        lines.append(f"- {tr(j.measurement.kpi)}: {state}{extra}")
    label = tr(DECISION_LABELS[status.decision.id])
    lines += ["", tr("**Decision: {label}.** {why}").format(label=label, why=status.decision.why)]
    return "\n".join(lines)


_STATES = {"met": N_("met"), "missed": N_("**missed**"), "unclear": N_("not settled yet")}
