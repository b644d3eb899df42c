"""Follow-up answers taken from the assessment itself: the decision, the business case, the
cost, the top risks, pilot results against the plan, and comparisons with other ways of
doing it.

After the recommendation most questions a manager asks are about *their* case ("so should
we do it?", "explain the cost, it seems low", "top 3 risks", "drafts accepted 62%, is
that good enough?", "why not just use ChatGPT?"). The answer is in the stored
recommendation and profile, so it is built from them, in plain words; the dialogue adds
guidance passages with citations where they help. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.advice.money import money_for
from assistant.advice.presentation import ASSUMPTION_LABELS
from assistant.advice.wording import (
    APPROACH_NAMES,
    SEVERITY_LABELS,
    VERDICT_LABELS,
    months_words,
    signed,
)
from assistant.questionnaire import Value
from assistant.questionnaire.wording import describe, label, money
from assistant.schemas import BusinessCase, Kpi, Recommendation

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _money(usd: float, currency: str | None) -> str:
    return money(usd, currency)


def top_n(text: str, default: int = 3) -> int:
    """ "top 3 risks", "the two biggest risks" -> 3, 2."""
    match = re.search(r"\b(\d+|one|two|three|four|five|six)\b", text.lower())
    if not match:
        return default
    word = match.group(1)
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def decision(rec: Recommendation, currency: str | None) -> str:
    """Should we do it: the verdict, why, and what must be settled first."""
    verdict = VERDICT_LABELS[rec.verdict]
    serious = [r for r in rec.risks if r.severity in ("blocker", "high")]
    lines = [f"**{verdict}**, with {APPROACH_NAMES[rec.approach]}."]
    if rec.verdict == "start_poc":
        lines.append(
            "Yes: start with a small proof of concept. Nothing in the assessment blocks it, "
            f"and it runs at about {_money(rec.costs.recommended_monthly_usd, currency)} a "
            "month at your volume."
        )
    elif rec.verdict == "poc_with_safeguards":
        lines.append(
            "Yes, but only as a proof of concept with safeguards in place from day one; "
            "do not go straight to production."
        )
    else:
        lines.append("Not as things stand: a blocking risk has to be resolved first.")
    if serious:
        lines.append("**Why, and what must be settled first:**")
        lines += [f"- {r.title}: {r.mitigation}" for r in serious]
    elif rec.risks:
        lines.append(f"**Settle first:** {rec.risks[0].title.lower()}: {rec.risks[0].mitigation}")
    budget = rec.costs.monthly_budget_usd
    if budget is not None and rec.costs.recommended_monthly_usd > budget:
        lines.append(f"Note the cost is above your budget of {_money(budget, currency)} a month.")
    if rec.business_case is not None and rec.track is not None:
        lines.append(_value_line(rec.business_case, currency) + " " + rec.track.why)
    lines.append(
        f"The plan: a {rec.poc_plan.duration_weeks}-week pilot measured by "
        f"{rec.poc_plan.kpis[0].name.lower()} ({rec.poc_plan.kpis[0].target})."
    )
    return "\n\n".join(lines)


def _signed(usd: float, currency: str | None) -> str:
    return signed(lambda amount: _money(amount, currency), usd)


def _value_line(case: BusinessCase, currency: str | None) -> str:
    net, payback = case.monthly_net_usd, case.payback_months
    return (
        f"**Value:** about {_signed(net.expected, currency)} a month net "
        f"(conservative {_signed(net.conservative, currency)}); payback "
        f"{months_words(payback.expected)} (conservative {months_words(payback.conservative)})."
    )


def value(rec: Recommendation, currency: str | None) -> str:
    """Does it pay off: net value, payback and ROI in both cases, the break-even, what it
    rests on, and the track."""
    case, track = rec.business_case, rec.track
    if case is None or track is None:
        return (
            "This assessment was made before the business case was part of the advice; "
            "say 'recalculate' or change any answer to get one."
        )
    lines = [f"**{track.why}**", _value_line(case, currency)]
    revenue = case.monthly_revenue_usd.expected
    time_saved = case.monthly_benefit_usd.expected - revenue
    won = (
        f", and the revenue it wins or keeps adds {_money(revenue, currency)}"
        if revenue > 0
        else ""
    )
    lines.append(
        f"How it is worked out: {case.items_per_month:,} {case.item}s a month are worth "
        f"{_money(time_saved, currency)} of people's time saved{won}; "
        f"the running cost ({_money(case.monthly_running_usd.expected, currency)}) and the "
        f"review time the plan keeps ({_money(case.monthly_review_usd.expected, currency)}) "
        f"come off that; the build ({_money(case.build_cost_usd.expected, currency)}) is "
        "paid back from what is left."
    )
    roi = case.roi_12_months
    if roi.expected is not None:
        low = f"{roi.conservative * 100:+.0f}%" if roi.conservative is not None else "n/a"
        lines.append(
            f"Return over the first 12 months: {roi.expected * 100:+.0f}% (conservative {low})."
        )
    lines.append(f"**What it hinges on:** {case.sensitivity}")
    shown = money_for(currency)
    assumed = [
        f"- {ASSUMPTION_LABELS.get(name, name.replace('_', ' '))}: {shown.in_text(text)}"
        for name, text in case.assumptions.items()
        if "(default" in text
    ]
    if assumed:
        lines.append("Assumed, because you skipped them (give your own figures to firm it up):")
        lines.append("\n".join(assumed))
    return "\n\n".join(lines)


def cost(rec: Recommendation, currency: str | None) -> str:
    """The cost basis of the recommended option, and why the others cost what they do."""
    # The option recommended is the one of its approach at the recommended figure (a hosted
    # API has several tiers).
    chosen = next(
        (
            o
            for o in rec.costs.options
            if o.approach == rec.approach and o.monthly_usd == rec.costs.recommended_monthly_usd
        ),
        next((o for o in rec.costs.options if o.approach == rec.approach), None),
    )
    lines = [
        f"**Recommended: {APPROACH_NAMES[rec.approach]}, about "
        f"{_money(rec.costs.recommended_monthly_usd, currency)} a month.**"
    ]
    if chosen is not None:
        lines.append(f"How it is worked out: {chosen.basis}")
    budget = rec.costs.monthly_budget_usd
    if budget is not None:
        share = rec.costs.recommended_monthly_usd / budget if budget else 0.0
        lines.append(
            f"Against your budget of {_money(budget, currency)} a month that is "
            + (f"{share:.0%} of it." if budget else "more than the budget.")
        )
    if rec.costs.break_even is not None:
        lines.append(rec.costs.break_even.text)
    others = [o for o in rec.costs.options if o is not chosen and not o.ruled_out]
    if others:
        lines.append("**The other options:**")
        lines += [
            f"- {o.label or APPROACH_NAMES[o.approach]}: about {_money(o.monthly_usd, currency)}"
            f" a month. {o.basis}"
            for o in others
        ]
    ruled = [o for o in rec.costs.options if o.ruled_out]
    if ruled:
        why = (ruled[0].ruled_out or "").removeprefix("ruled out: ")
        lines.append(
            f"**Ruled out by your constraints** ({why}), priced only for comparison: "
            + "; ".join(
                f"{o.label or APPROACH_NAMES[o.approach]} about {_money(o.monthly_usd, currency)}"
                " a month"
                for o in ruled
            )
            + "."
        )
    lines.append(
        "Token prices are list prices; the figure moves with volume and with how long inputs "
        'and outputs are. Ask "what if we had 10x the volume?" to see how it scales.'
    )
    return "\n\n".join(lines)


def risks(rec: Recommendation, n: int) -> str:
    """The assessment's own risks, most severe first, one line each."""
    if not rec.risks:
        return "The assessment found no notable risks for this use case."
    chosen = rec.risks[:n]
    lines = [f"**The top {len(chosen)} risk{'s' if len(chosen) != 1 else ''} for this case:**"]
    lines += [
        f"{k}. **{r.title}** ({SEVERITY_LABELS[r.severity].lower()}): {r.mitigation}"
        for k, r in enumerate(chosen, 1)
    ]
    if len(rec.risks) > n:
        lines.append(f"({len(rec.risks) - n} more in the full recommendation.)")
    return "\n".join(lines)


# --- pilot results against the plan ------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A figure a team reported: "drafts accepted 62%" -> ("drafts accepted", 62.0)."""

    words: str
    value: float


_FIGURE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|percent|per cent)")
_STOP = frozenset(
    "the a an we our of with is was were are and but so that it its in on at to for by "
    "about around roughly ran pilot results result got saw had have has been".split()
)


_FROM_TO = re.compile(
    r"([a-z][a-z \-]{0,40}?)\s+(?:went |dropped |fell |came down |down )?from\s+(\d+(?:\.\d+)?)"
    r"\s*(s|sec|secs|seconds|min|mins|minutes|h|hours)?\s+to\s+(\d+(?:\.\d+)?)",
    re.I,
)


def figures(text: str) -> list[Figure]:
    """Percentages in a pilot report, each with the words that say what it measures; a
    time "from 60s to 35s" becomes the share of time saved (42%)."""
    found: list[Figure] = []
    for match in _FROM_TO.finditer(text):
        before, after = float(match.group(2)), float(match.group(4))
        if before > 0 and after < before:
            saved = round((before - after) / before * 100)
            found.append(Figure(f"{match.group(1).strip().lower()} time saved", float(saved)))
    text = _FROM_TO.sub(" ", text)
    last = 0
    for match in _FIGURE.finditer(text):
        lead = text[last : match.start()]
        tail = text[match.end() : match.end() + 40]
        words = re.split(r"[,;:.]", lead)[-1].strip()
        if not re.search(r"[a-z]", words, re.I):
            words = re.split(r"[,;:.]", tail)[0].strip()
        found.append(Figure(words.lower(), float(match.group(1))))
        last = match.end()
    return found


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return {w[:5] for w in words if w not in _STOP and len(w) > 2}


_TIME_WORDS = {"time", "faste", "saved", "quick", "hours", "minut", "speed", "effor", "handl"}
# Words a team uses for what a KPI name calls otherwise (first five letters, as _stems).
_KIN = {
    "recal": "accur",
    "preci": "accur",
    "corre": "accur",
    "right": "accur",
    "kept": "accep",
    "uncha": "accep",
    "used": "accep",
    "sent": "accep",
    "appro": "accep",
    "edite": "edits",
    "light": "edits",
    "error": "error",
    "wrong": "error",
    "mista": "error",
    "rejec": "rewor",
}


def kpi_for(figure: Figure, kpis: list[Kpi]) -> Kpi | None:
    stems = _stems(figure.words)
    stems |= {_KIN[s] for s in stems if s in _KIN}
    best, score = None, 0
    for kpi in kpis:
        if kpi.target_value is None:
            continue
        name = _stems(kpi.name + " " + (kpi.unit or ""))
        overlap = len(stems & name)
        if stems & _TIME_WORDS and name & _TIME_WORDS:
            overlap += 1
        if overlap > score:
            best, score = kpi, overlap
    return best


def _met(kpi: Kpi, value: float) -> bool:
    assert kpi.target_value is not None
    return value >= kpi.target_value if kpi.direction != "<=" else value <= kpi.target_value


def pilot(rec: Recommendation, text: str) -> str | None:
    """Reported pilot figures compared with the plan's KPI targets, and a scale / iterate /
    stop call with the reason; ``None`` when no reported figure matches a KPI."""
    reported = figures(text)
    if not reported:
        return None
    pairs = [(f, kpi_for(f, rec.poc_plan.kpis)) for f in reported]
    matched = [(f, k) for f, k in pairs if k is not None]
    if not matched:
        targets = [k for k in rec.poc_plan.kpis if k.target_value is not None]
        return "\n".join(
            [
                "**Your pilot against the plan:** none of these figures is one of the plan's "
                "KPIs, so I can't call it yet. The plan decides on:",
                *[f"- {k.name}: {k.target} ({k.how_measured})" for k in targets],
                "",
                "Report those (with the number of items measured), and I'll compare them "
                "with the targets and say scale, iterate or stop.",
            ]
        )
    lines = ["**Your pilot against the plan:**"]
    met = 0
    far = 0
    for figure, kpi in matched:
        assert kpi is not None and kpi.target_value is not None
        ok = _met(kpi, figure.value)
        met += ok
        gap = abs(figure.value - kpi.target_value)
        if not ok and kpi.target_value and gap / kpi.target_value > 0.4:
            far += 1
        lines.append(
            f"- {kpi.name}: {figure.value:g}% against a target of {kpi.target} — "
            + ("**met**." if ok else f"**not met** ({gap:g} points short).")
        )
    unmatched = [f for f, k in pairs if k is None]
    if unmatched:
        lines.append(
            "- Not in the plan's KPIs: "
            + ", ".join(f"{f.words or 'a figure'} {f.value:g}%" for f in unmatched)
            + "."
        )
    if met == len(matched):
        call = (
            "**Scale**, carefully: every KPI you reported meets its target. Before you widen "
            "it, check the sample was large enough (a few hundred items at least), keep the "
            "human audit on a sample, and confirm the cost per task on the real invoice."
        )
    elif far * 2 >= len(matched) and met == 0:
        call = (
            "**Stop** (or rethink the approach): the results are far below the targets, so "
            "more prompt tuning is unlikely to close the gap. Keep what you learned about the "
            "baseline and revisit the use case, the data or the task framing."
        )
    else:
        call = (
            "**Iterate**: some targets are met and the gaps are closable. Fix the weakest KPI "
            "first (look at the rejected or edited outputs by type), run another two to four "
            "weeks on the same baseline, and measure again before deciding to scale."
        )
    lines.append("")
    lines.append(call)
    return "\n".join(lines)


# --- comparisons -------------------------------------------------------------------------

_CONSUMER = re.compile(r"\b(chat ?gpt|copilot|gemini app|claude\.ai|consumer)\b", re.I)
_DEDICATED = re.compile(r"\b(deepl|google translate|ocr|textract|rules?|regex|keyword)\b", re.I)


def comparison(rec: Recommendation, known: Mapping[str, Value], text: str) -> str:
    """Why the recommended route rather than the one named, from the profile."""
    sensitivity = known.get("data_sensitivity", "internal")
    deployment = known.get("deployment", "any")
    lines = [
        f"For your case the recommendation is **{APPROACH_NAMES[rec.approach]}** "
        f"(about {_money(rec.costs.recommended_monthly_usd, _currency(known))} a month)."
    ]
    reasons = []
    if _CONSUMER.search(text):
        if sensitivity in ("personal", "special_category", "confidential"):
            reasons.append(
                f"Your data is {describe('data_sensitivity', sensitivity).lower()}: a consumer "
                "chat app or an individual plan does not give you a data processing "
                "agreement, retention control or an audit trail; a business API or a "
                "private endpoint does."
            )
        reasons.append(
            "A chat window is a person copying text in and out; at "
            f"{describe('monthly_requests', known.get('monthly_requests', 0))} the value comes "
            "from wiring the model into the workflow, with logging, review and the KPIs of "
            "the plan, which a chat app cannot measure."
        )
    if _DEDICATED.search(text):
        reasons.append(
            "A dedicated tool (machine translation, OCR, rules) is often cheaper and more "
            "predictable for a narrow task; the engine compared a non-generative option too "
            "(see the cost options). Use a pre-trained model where the task needs "
            "understanding or rewriting that the dedicated tool cannot do, and test both "
            "on the same sample in the pilot."
        )
    if deployment in ("private_cloud", "on_premises"):
        reasons.append(
            f"Your rule on where it may run ({describe('deployment', deployment).lower()}) "
            "rules out any public consumer service."
        )
    if not reasons:
        reasons.append(
            "The engine weighed the options on data sensitivity, where it may run, cost at "
            "your volume and the team's skills; the cost options show what each would cost."
        )
    alternatives = [APPROACH_NAMES[a] for a in rec.alternatives]
    if alternatives:
        reasons.append("Reasonable alternatives for you: " + ", ".join(alternatives) + ".")
    return "\n\n".join(lines + reasons)


def _currency(known: Mapping[str, Value]) -> str | None:
    value = known.get("currency")
    return value if isinstance(value, str) else None


def what_changed_label(field: str, value: Value, currency: str | None) -> str:
    return f"{label(field)} = {describe(field, value, currency)}"
