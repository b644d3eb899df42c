"""One presentation of a recommendation, which every rendering draws: the web app's card,
the chat text that presents it, the Markdown report and the PDF report.

``present(recommendation, profile, …)`` turns the engine's output into plain display data:
labels instead of field names and enum codes (read from the questionnaire's questions and
choices), money in the manager's currency rounded as a consultant would (``money``), each
figure with its one-line explanation, document titles instead of ids and paths, and an
executive summary (verdict, monthly cost, top three risks, decisions needed, next three
actions with owners). Renderers only lay it out; none of them formats money or looks up a
label itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assistant.advice.business import cumulative_net
from assistant.advice.money import Money, money_for
from assistant.advice.wording import (
    APPROACH_NAMES,
    SEVERITY_LABELS,
    TRACK_LABELS,
    VERDICT_LABELS,
    article,
    months_words,
    signed,
)
from assistant.questionnaire import QUESTION_BY_FIELD, QUESTIONS, default_reason
from assistant.questionnaire.parsing import TOKENS_PER_WORD, WORDS_PER_PAGE
from assistant.questionnaire.wording import label as questionnaire_label
from assistant.schemas import CostOption, Profile, Recommendation

SEVERITY_RANK = {"blocker": 0, "high": 1, "medium": 2, "low": 3}
# Fields that are not interview answers a manager would recognise as an input.
_NOT_INPUTS = frozenset({"sample_input", "currency"})
_PRICE_DATE = re.compile(r"prices of (\d{4}-\d{2}-\d{2})")
_FLEET = re.compile(r"^(?:.*? plus )?(\d+) x ")
_STEP_WHEN = re.compile(r"^(Weeks? [\d-]+):\s*")
# A document id mentioned in running text ("see costs-tokens-and-api-pricing").
_DOC_ID = re.compile(r"\b[a-z]+(?:-[a-z0-9]+){2,}\b")


# --- the display data -------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A labelled value and the one line that explains it."""

    label: str
    value: str
    explanation: str = ""


@dataclass(frozen=True)
class CostRow:
    label: str
    amount: str  # "€370 a month"
    value: float  # the monthly amount in the display currency, for charts
    explanation: str  # one plain line
    detail: str  # the engine's arithmetic, in the display currency
    recommended: bool
    ruled_out: bool = False  # the manager's constraints exclude it: priced, never offered


@dataclass(frozen=True)
class RiskRow:
    severity: str  # the engine's code, for colours
    severity_label: str
    title: str
    why: str
    mitigation: str
    sources: tuple[str, ...]  # document titles


@dataclass(frozen=True)
class Action:
    what: str
    owner: str
    when: str


@dataclass(frozen=True)
class Summary:
    """The executive summary: what a manager's boss reads first."""

    verdict: str
    verdict_code: str
    track: str
    approach: str
    approach_phrase: str  # "a hosted model API", for running text
    monthly_cost: Line
    business_value: tuple[Line, ...]
    top_risks: tuple[str, ...]
    decisions: tuple[str, ...]
    next_actions: tuple[Action, ...]


@dataclass(frozen=True)
class CurvePoint:
    monthly_requests: int
    option: str
    value: float  # monthly cost in the display currency


@dataclass(frozen=True)
class Curve:
    """Monthly cost of each option as the volume grows (the break-even chart)."""

    points: tuple[CurvePoint, ...]
    your_volume: int | None
    options: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    weeks: int
    kpis: tuple[Line, ...]  # name, target, how it is measured
    success_criteria: tuple[str, ...]
    human_review: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class CitedDocument:
    """A knowledge document as the appendix shows it (input and output)."""

    doc_id: str
    title: str
    category: str = ""
    reviewed: str = ""
    passage: str = ""
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class BusinessView:
    """The business case as a manager reads it: each figure in the conservative and the
    expected case, with what it rests on."""

    track: str  # "Try fast", "Long-term bet", "Not now"
    track_code: str
    track_why: str
    rows: tuple[tuple[str, str, str, str], ...]  # label, conservative, expected, explanation
    sensitivity: str
    assumptions: tuple[Line, ...]
    monthly_net: tuple[float, float]  # conservative, expected, in the display currency
    cumulative: tuple[tuple[int, float, float], ...]  # month, conservative, expected (net of build)
    sources: tuple[str, ...]  # document titles


CHART_MONTHS = 24  # the payback chart's horizon


@dataclass(frozen=True)
class PilotView:
    """What the team's proof of concept measured and the decision it leads to."""

    decision: str  # "Scale", "Iterate", "Stop", "Need more data"
    decision_code: str
    why: str
    kpis: tuple[Line, ...]  # KPI, latest figure with its evidence, where it stands
    cost: str  # the measured cost against the estimate ("" when not logged)
    talking_points: tuple[str, ...]
    measurements: int


@dataclass(frozen=True)
class Presentation:
    title: str
    date: date
    use_case: str
    money: Money
    summary: Summary
    overview: str
    alternatives: tuple[str, ...]
    inputs: tuple[Line, ...]  # what the manager said; explanation says when it was assumed
    costs: tuple[CostRow, ...]
    budget: Line | None
    budget_value: float | None  # in the display currency, for charts
    within_budget: bool | None
    curve: Curve | None
    risks: tuple[RiskRow, ...]
    plan: Plan
    talking_points: tuple[str, ...]
    sources: tuple[CitedDocument, ...]
    notes: tuple[str, ...] = field(default=())  # price date, exchange rate
    # Where the recommended option and its nearest rival swap places, when that bears on
    # the choice (also among the notes, so every screen and report shows it).
    break_even: str | None = None
    business: BusinessView | None = None
    pilot: PilotView | None = None

    @property
    def file_stem(self) -> str:
        """'Ticket summaries pilot - adoption advice 2026-12-01' (safe in any file system)."""
        safe = re.sub(r"[^A-Za-z0-9 ._-]+", " ", self.title)
        safe = " ".join(safe.split())[:60].strip(" .-") or "Assessment"
        return f"{safe} - adoption advice {self.date.isoformat()}"

    @property
    def assumed(self) -> tuple[Line, ...]:
        return tuple(line for line in self.inputs if line.explanation.startswith("Assumed"))


# --- labels -----------------------------------------------------------------------------


def field_label(name: str) -> str:
    """The plain name of a profile field, as the interview calls it ("Who sees the
    output"), from the questionnaire's own names."""
    label = questionnaire_label(name) or name.replace("_", " ")
    # The value shown beside it carries its unit ("8 weeks", "€2,700").
    label = re.sub(r"\s*\((?:tokens|USD|weeks)\)$", "", label)
    return label[:1].upper() + label[1:]


def choice_label(name: str, value: object) -> str | None:
    """The label of an enum value, from the question's choices ("Spot checks")."""
    question = QUESTION_BY_FIELD.get(name)
    for choice in question.choices if question is not None else ():
        if choice.value == str(getattr(value, "value", value)):
            return choice.label
    return None


def _tokens(value: int) -> str:
    words = float(value / TOKENS_PER_WORD)
    if words >= WORDS_PER_PAGE * 0.75:
        pages = round(words / WORDS_PER_PAGE * 2) / 2
        size = f"about {pages:g} page{'s' if pages != 1 else ''}"
    elif words >= 15:
        size = f"about {_round_count(words)} words"
    else:
        size = "a word or two"
    return f"{size} ({value:,} tokens)"


def _round_count(value: float) -> str:
    if value >= 100:
        digits = len(str(int(value))) - 2
        return f"{round(value, -digits):,.0f}"
    return f"{round(value):,}"


def value_label(name: str, value: object, money: Money) -> str:
    """A profile value as a manager would write it."""
    label = choice_label(name, value)
    if label is not None:
        return label
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in ("input_tokens", "output_tokens") and isinstance(value, int):
        return _tokens(value)
    if name == "monthly_budget_usd" and isinstance(value, int | float):
        return f"{money(float(value))} a month"
    if name == "monthly_requests" and isinstance(value, int | float):
        return f"{value:,.0f} a month"
    if name == "timeline_weeks" and isinstance(value, int | float):
        return f"{value:,.0f} weeks"
    if name == "labeled_examples" and isinstance(value, int | float):
        return "None" if value == 0 else f"{value:,.0f}"
    if isinstance(value, int | float):
        return f"{value:,.0f}"
    text = " ".join(str(value).split())
    return text if len(text) <= 200 else text[:197] + "…"


def approach_label(approach: str) -> str:
    name = APPROACH_NAMES.get(approach, approach.replace("_", " "))
    name = re.sub(r"^(a|an)\s+", "", name)
    return name[:1].upper() + name[1:]


def option_label(option: CostOption) -> str:
    return option.label or approach_label(option.approach)


def is_recommended(option: CostOption, rec: Recommendation) -> bool:
    return (
        option.approach == rec.approach and option.monthly_usd == rec.costs.recommended_monthly_usd
    )


# --- building it ------------------------------------------------------------------------


def _get(obj: Any, key: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(key)
    return getattr(obj, key, None)


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text.strip())
    return match.group(1) if match else text.strip()


def _inputs(rec: Recommendation, profile: Profile | None, money: Money) -> tuple[Line, ...]:
    given = profile.model_dump(exclude_none=True) if profile is not None else {}
    task = str(given.get("task_type") or rec.assumptions.get("task_type") or "other")
    lines = []
    for question in QUESTIONS:
        name = question.field
        if name in _NOT_INPUTS:
            continue
        if name in given:
            lines.append(Line(field_label(name), value_label(name, given[name], money)))
        elif name in rec.assumptions:
            value = rec.assumptions[name]
            try:
                reason = default_reason(name, task)
            except KeyError:
                reason = "the documented default"
            lines.append(
                Line(field_label(name), value_label(name, value, money), f"Assumed: {reason}.")
            )
    return tuple(lines)


def _explain(option: CostOption, volume: str, money: Money) -> str:
    why = f"{option.ruled_out[:1].upper()}{option.ruled_out[1:]}. " if option.ruled_out else ""
    return why + _plain(option, volume)


def _plain(option: CostOption, volume: str) -> str:
    approach = option.approach
    if approach == "hosted_api":
        if option.tier == "image":
            return f"Pay per generated image at the {option.model} list price, for {volume}."
        return f"Pay per use at the {option.model} list price, for {volume}."
    if approach == "private_cloud_endpoint":
        return (
            "The same kind of model in your own cloud account and region, plus private "
            f"networking, for {volume}."
        )
    servers = _FLEET.match(option.basis)
    count = f"{servers.group(1)} " if servers else ""
    owned = "owned: " in option.basis
    if approach == "self_hosted_open_weights":
        if owned:
            return (
                f"{count}GPU servers you own on your premises (purchase spread over three "
                "years, power, space and support) with an open-weight model, plus the people "
                "who operate them; the cost barely grows with volume."
            )
        return (
            f"{count}rented GPU servers running around the clock with an open-weight model "
            "(the always-on ones on a one-year commitment), plus the people who operate "
            "them; the cost barely grows with volume."
        )
    if approach == "small_fine_tuned_model":
        what = (
            "a small detector trained on your images"
            if "detector" in (option.model or "")
            else "a small model"
        )
        return (
            f"A one-off fine-tuning of {what} spread over a year, plus "
            f"{count}smaller GPU servers{' you own' if owned else ''} and their operation."
        )
    return (
        "A classical (non-generative) model built once and spread over a year, plus "
        f"{count}small servers and their operation."
    )


def _costs(rec: Recommendation, profile: Profile | None, money: Money) -> tuple[CostRow, ...]:
    volume_value = (profile.monthly_requests if profile else None) or rec.assumptions.get(
        "monthly_requests"
    )
    volume = (
        f"{volume_value:,.0f} requests a month"
        if isinstance(volume_value, int | float)
        else "your volume"
    )
    return tuple(
        CostRow(
            label=option_label(o),
            amount=f"{money(o.monthly_usd)} a month",
            value=money.amount(o.monthly_usd),
            explanation=_explain(o, volume, money),
            detail=money.in_text(o.basis),
            recommended=is_recommended(o, rec),
            ruled_out=o.ruled_out is not None,
        )
        for o in rec.costs.options
    )


def _recommended_option(rec: Recommendation) -> CostOption | None:
    return next((o for o in rec.costs.options if is_recommended(o, rec)), None)


def _risks(rec: Recommendation, titles: Mapping[str, str], money: Money) -> tuple[RiskRow, ...]:
    ordered = sorted(rec.risks, key=lambda r: SEVERITY_RANK.get(r.severity, 9))
    return tuple(
        RiskRow(
            severity=r.severity,
            severity_label=SEVERITY_LABELS[r.severity].capitalize(),
            title=r.title,
            why=money.in_text(r.why),
            mitigation=money.in_text(r.mitigation),
            sources=tuple(titles.get(s, s) for s in r.sources),
        )
        for r in ordered
    )


def _owner(step: str, profile: Profile | None) -> str:
    text = step.lower()
    builder = (
        "Your supplier"
        if profile is not None and _get(profile.team_skill, "value") == "none"
        else "Your development team"
    )
    if "legal" in text:
        return "Legal and IT, with the project lead"
    if "build" in text:
        return builder
    if "pilot group" in text:
        return "The pilot group's team lead"
    if "review" in text:
        return "The reviewers' lead"
    if "go / iterate / stop" in text or "compare kpis" in text:
        return "You, with the sponsor"
    return "The project lead"


def _split_step(step: str) -> tuple[str, str]:
    match = _STEP_WHEN.match(step)
    when = match.group(1) if match else "During the pilot"
    what = step[match.end() :] if match else step
    return when, what[:1].upper() + what[1:]


def _decisions(rec: Recommendation, money: Money, risks: Sequence[RiskRow]) -> tuple[str, ...]:
    cost = money(rec.costs.recommended_monthly_usd)
    weeks = rec.poc_plan.duration_weeks
    if rec.verdict == "not_recommended":
        out = ["Whether to redesign the use case around the blocking risks below, or stop here."]
    else:
        out = [
            f"Approve {article(weeks)}-week proof of concept with {APPROACH_NAMES[rec.approach]}, "
            f"running at about {cost} a month."
        ]
    budget = rec.costs.monthly_budget_usd
    if budget is not None and rec.costs.recommended_monthly_usd > budget:
        out.append(
            f"Raise the running budget from {money(budget)} to about {cost} a month, or accept "
            "a cheaper option."
        )
    for risk in risks:
        if risk.severity in ("blocker", "high") and len(out) < 4:
            out.append(f"How to handle “{risk.title}”: {_first_sentence(risk.mitigation)}")
    if len(out) < 3:
        out.append("Who owns the pilot, and who reviews its outputs.")
    return tuple(out)


def _curve(rows: Sequence[Mapping[str, Any]] | None, volume: Any, money: Money) -> Curve | None:
    if not rows:
        return None
    points = tuple(
        CurvePoint(int(r["monthly_requests"]), str(r["option"]), money.amount(r["monthly_usd"]))
        for r in rows
    )
    options = tuple(dict.fromkeys(p.option for p in points))
    your = int(volume) if isinstance(volume, int | float) and volume > 0 else None
    return Curve(points=points, your_volume=your, options=options)


def _without_ids(text: str, titles: Mapping[str, str]) -> str:
    """Document ids in a passage become the documents' titles."""
    return _DOC_ID.sub(
        lambda m: f"“{titles[m.group(0)]}”" if m.group(0) in titles else m.group(0), text
    )


ASSUMPTION_LABELS = {
    "minutes_per_item": "Time per item today",
    "hourly_cost_usd": "Cost of an hour of that work",
    "time_saved_pct": "Share of the time the model saves",
    "build_cost_usd": "Build cost of the PoC and integration",
    "adoption_ramp_months": "Months until everyone uses it",
    "review_time": "Review time kept",
    "conservative_case": "Conservative case",
    "cost_per_item_usd": "Cost of one item today",
    "revenue_at_stake_usd": "Revenue at stake",
    "revenue_share_pct": "Share of that revenue the model wins or keeps",
    "revenue": "Revenue",
}


def _ratio(value: object) -> str:
    """A return as a manager reads it: "+83%", "-40%", and "about 27x the build cost"
    rather than "+2716%"."""
    if not isinstance(value, int | float):
        return "—"
    if value >= 10:
        return f"about {value + 1:,.0f}x the build cost"
    return f"{value * 100:+,.0f}%"


def _business(rec: Recommendation, titles: Mapping[str, str], money: Money) -> BusinessView | None:
    case = rec.business_case
    track = rec.track
    if case is None or track is None:
        return None
    why = track.why.split(": ", 1)[-1] if ": " in track.why else track.why
    why = why[:1].upper() + why[1:]
    item = case.item
    revenue = case.monthly_revenue_usd
    saved = (
        f"{case.items_per_month:,} {item}s a month x the share of the "
        f"{money(case.cost_per_item_usd)} each costs today that the model saves, once "
        "everyone uses it."
        if case.basis == "cost"
        else f"{case.items_per_month:,} {item}s a month x the minutes saved x the cost of "
        "an hour, once everyone uses it."
    )
    won = (
        (
            (
                "Revenue won or kept",
                money(revenue.conservative),
                money(revenue.expected),
                "The share of the revenue at stake the model wins or keeps, once everyone uses it.",
            ),
        )
        if revenue.expected > 0
        else ()
    )
    rows = (
        (
            "Value of time saved",
            money(case.monthly_benefit_usd.conservative - revenue.conservative),
            money(case.monthly_benefit_usd.expected - revenue.expected),
            saved,
        ),
        *won,
        (
            "Running cost",
            f"-{money(case.monthly_running_usd.conservative)}",
            f"-{money(case.monthly_running_usd.expected)}",
            "The recommended option's model and hosting cost.",
        ),
        (
            "Review time",
            f"-{money(case.monthly_review_usd.conservative)}",
            f"-{money(case.monthly_review_usd.expected)}",
            "People checking the model's work, which the plan keeps.",
        ),
        (
            "Net value a month",
            signed(money, case.monthly_net_usd.conservative),
            signed(money, case.monthly_net_usd.expected),
            "What is left each month once it is fully in use.",
        ),
        (
            "Build cost (one-off)",
            money(case.build_cost_usd.conservative),
            money(case.build_cost_usd.expected),
            "The PoC and the integration with your systems.",
        ),
        (
            "Payback",
            months_words(case.payback_months.conservative),
            months_words(case.payback_months.expected),
            "Months after going live until the build cost is earned back (use ramps up).",
        ),
        (
            "Return over 12 months",
            _ratio(case.roi_12_months.conservative),
            _ratio(case.roi_12_months.expected),
            "Net value in the first year, less the build cost, per unit of build cost.",
        ),
    )
    cumulative = tuple(
        (
            month,
            money.amount(
                cumulative_net(
                    case.monthly_net_usd.conservative,
                    case.build_cost_usd.conservative,
                    case.adoption_ramp_months.conservative,
                    month,
                )
            ),
            money.amount(
                cumulative_net(
                    case.monthly_net_usd.expected,
                    case.build_cost_usd.expected,
                    case.adoption_ramp_months.expected,
                    month,
                )
            ),
        )
        for month in range(0, CHART_MONTHS + 1)
    )
    return BusinessView(
        track=TRACK_LABELS.get(track.id, track.id),
        track_code=track.id,
        track_why=money.in_text(why),
        rows=rows,
        sensitivity=money.in_text(case.sensitivity),
        assumptions=tuple(
            Line(ASSUMPTION_LABELS.get(name, field_label(name)), money.in_text(text))
            for name, text in case.assumptions.items()
        ),
        monthly_net=(
            money.amount(case.monthly_net_usd.conservative),
            money.amount(case.monthly_net_usd.expected),
        ),
        cumulative=cumulative,
        sources=tuple(titles.get(doc, doc) for doc in case.sources),
    )


def _value_lines(business: BusinessView | None) -> tuple[Line, ...]:
    """The business case in the executive summary: net value and payback."""
    if business is None:
        return ()
    by_label = {row[0]: row for row in business.rows}
    net = by_label["Net value a month"]
    payback = by_label["Payback"]
    return (
        Line(
            "Net value",
            f"{net[2]} a month",
            f"Expected case, after running cost and review time (conservative: {net[1]}).",
        ),
        Line(
            "Payback",
            payback[2],
            f"Until the build cost is earned back, expected case (conservative: {payback[1]}).",
        ),
        Line("What it hinges on", business.sensitivity.removesuffix("."), ""),
    )


def _title(profile: Profile | None) -> str:
    if profile is None:
        return "Adoption recommendation"
    words = profile.use_case.split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")


def present(
    rec: Recommendation,
    profile: Profile | None = None,
    *,
    title: str | None = None,
    today: date | None = None,
    documents: Mapping[str, CitedDocument] | None = None,
    curve: Sequence[Mapping[str, Any]] | None = None,
    pilot: PilotView | None = None,
) -> Presentation:
    """The display data of ``rec`` for the manager behind ``profile``.

    ``title`` names the assessment (default: the use case, cut short); ``documents`` gives
    the cited documents' titles and passages for the appendix (default: the titles the
    recommendation carries); ``curve`` is the cost-by-volume table (``Advisor.cost_curve``)
    for the break-even chart; ``pilot`` what the team's proof of concept measured
    (``assistant.pilot``), when it has logged anything.
    """
    money = money_for(profile.currency if profile is not None else None)
    documents = documents or {}
    titles = {s.doc_id: s.title for s in rec.sources}
    titles.update({d: doc.title for d, doc in documents.items()})
    costs = _costs(rec, profile, money)
    risks = _risks(rec, titles, money)
    chosen = _recommended_option(rec)
    price_date = _PRICE_DATE.search(chosen.basis) if chosen else None
    cost_note = (
        f"{chosen.label or approach_label(rec.approach)}"
        + (f", at list prices of {price_date.group(1)}" if price_date else "")
        + "."
        if chosen
        else ""
    )
    budget = rec.costs.monthly_budget_usd
    budget_line = None
    if budget is not None:
        within = rec.costs.recommended_monthly_usd <= budget
        budget_line = Line(
            "Monthly budget",
            f"{money(budget)} a month",
            "The recommended option fits within it."
            if within
            else "The recommended option costs more than this.",
        )
    business = _business(rec, titles, money)
    value_lines = _value_lines(business)
    track_text = f"{business.track}: {business.track_why}" if business else ""
    plan = rec.poc_plan
    actions = tuple(
        Action(what=what, owner=_owner(step, profile), when=when)
        for step in plan.steps[:3]
        for when, what in [_split_step(step)]
    )
    summary = Summary(
        verdict=VERDICT_LABELS[rec.verdict],
        verdict_code=rec.verdict,
        track=track_text,
        approach=approach_label(rec.approach),
        approach_phrase=APPROACH_NAMES[rec.approach],
        monthly_cost=Line(
            "Running cost", f"about {money(rec.costs.recommended_monthly_usd)} a month", cost_note
        ),
        business_value=tuple(value_lines),
        top_risks=tuple(
            f"{r.severity_label}: {r.title} — {_first_sentence(r.mitigation)}" for r in risks[:3]
        ),
        decisions=_decisions(rec, money, risks),
        next_actions=actions,
    )
    cited = tuple(
        documents.get(s.doc_id) or CitedDocument(doc_id=s.doc_id, title=s.title)
        for s in rec.sources
    )
    cited = tuple(
        CitedDocument(
            doc_id=d.doc_id,
            title=d.title,
            category=d.category,
            reviewed=d.reviewed,
            passage=_without_ids(d.passage, titles),
            references=d.references,
        )
        for d in cited
    )
    volume = (profile.monthly_requests if profile else None) or rec.assumptions.get(
        "monthly_requests"
    )
    even = rec.costs.break_even
    notes = tuple(
        n
        for n in (
            f"Token prices as of {price_date.group(1)}." if price_date else "",
            money.in_text(even.text) if even is not None else "",
            money.rate_line(),
        )
        if n
    )
    return Presentation(
        title=title or _title(profile),
        date=today or date.today(),
        use_case=profile.use_case if profile is not None else "",
        money=money,
        summary=summary,
        overview=money.in_text(rec.summary),
        alternatives=tuple(approach_label(a) for a in rec.alternatives),
        inputs=_inputs(rec, profile, money),
        costs=costs,
        budget=budget_line,
        budget_value=None if budget is None else money.amount(budget),
        within_budget=None if budget is None else rec.costs.recommended_monthly_usd <= budget,
        curve=_curve(curve, volume, money),
        risks=risks,
        plan=Plan(
            weeks=plan.duration_weeks,
            kpis=tuple(
                Line(k.name, money.in_text(k.target), money.in_text(k.how_measured))
                for k in plan.kpis
            ),
            success_criteria=tuple(money.in_text(c) for c in plan.success_criteria),
            human_review=plan.human_review,
            steps=tuple(plan.steps),
        ),
        talking_points=tuple(money.in_text(p) for p in rec.talking_points),
        sources=cited,
        notes=notes,
        break_even=money.in_text(even.text) if even is not None else None,
        business=business,
        pilot=pilot,
    )


# --- the chat text ----------------------------------------------------------------------


def chat_text(p: Presentation, where: str = "in the recommendation card above") -> str:
    """The short chat message that presents a recommendation and points to the card."""
    s = p.summary
    lines = [f"**{s.verdict}**, with {s.approach_phrase}: {s.monthly_cost.value}."]
    if p.budget is not None:
        fits = "within" if p.within_budget else "over"
        lines[0] += f" That is {fits} your budget of {p.budget.value}."
    if p.business is not None:
        net, payback = p.summary.business_value[0], p.summary.business_value[1]
        lines.append(
            f"**{p.business.track}**: worth about {net.value} net; payback "
            f"{payback.value}. {p.business.sensitivity}"
        )
    if p.risks:
        top = p.risks[0]
        lines.append(f"Main risk to manage: {top.title} ({top.severity_label.lower()}).")
    lines.append(
        f"The full recommendation — costs, risks, the {p.plan.weeks}-week plan, talking "
        f"points and sources — is {where}, with the report to download."
    )
    return "\n\n".join(lines)
