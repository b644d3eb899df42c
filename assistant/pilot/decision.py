"""A pilot judged against its plan, and the decision: scale, iterate, stop or need more data.

Each KPI is judged on its latest measurement (the earlier ones are its history):

- A **share** of items (a unit such as "% accepted") measured on ``n`` items gets a 95%
  Wilson interval (``stats``). It is *met* when the interval lies wholly on the right side
  of the target, *missed* when wholly on the wrong side, *unclear* when it straddles the
  target or ``n`` is missing, with the items that would settle it.
- A **change** ("% less time") or a **number** (cost per task) has no spread to build an
  interval from, so it is judged on its value once measured on at least ``MIN_ITEMS``
  items, and is unclear below that.

The decision, first rule that applies:

1. **stop**: a quality KPI is clearly missed *far* from its target (a ">=" KPI at 60% of
   its target or less, a "<=" KPI at twice its limit or more) or clearly no better than
   the baseline logged with it: more tuning will not close that gap.
2. **iterate**: a quality KPI is clearly missed, but closer: fix it and measure again.
3. **iterate**: the measured cost breaks the case: at full volume (measured cost per task
   x the profile's monthly volume) the expected monthly net of the business case,
   recomputed with the measured cost and any measured time saved, is below zero, or the
   cost is over the budget (with no business case or budget: over twice the estimate).
4. **need_more_data**: a plan KPI with a target is not measured yet, or is unclear, or
   the pilot's cost is not logged.
5. **scale**: every plan KPI with a target is met with enough evidence and the measured
   cost keeps the case.

The cost per task KPI is decided by rule 3 (what it does to the business case), not by its
target alone: a cost a little over the estimate that still pays back is not a reason to
iterate. KPIs outside the plan, or without a numeric target, are shown but not decided on.
Pure functions: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.advice.presentation import Line, PilotView
from assistant.advice.wording import DECISION_LABELS
from assistant.i18n import N_, Translator, translator
from assistant.pilot.measurements import (
    KpiKind,
    Measurement,
    is_cost_kpi,
    kind_of,
    target_of,
)
from assistant.pilot.stats import clears, items_to_settle, proportion_interval
from assistant.schemas import Kpi, Recommendation

DecisionId = Literal["scale", "iterate", "stop", "need_more_data"]
Status = Literal["met", "missed", "unclear", "no_target"]
STATUS_LABELS: dict[str, str] = {
    "met": N_("Met"),
    "missed": N_("Missed"),
    "unclear": N_("Not settled yet"),
    "no_target": N_("No target in the plan"),
}
_ENGLISH = translator("en")

MIN_ITEMS = 100  # the plan's own floor: "collect 100-300 real examples"
FAR_BELOW = 0.6  # a ">=" KPI at 60% of its target or less is far off
FAR_ABOVE = 2.0  # a "<=" KPI at twice its limit or more is far off
COST_OVER_ESTIMATE = 2.0  # with no business case or budget, the estimate is off by 2x


@dataclass(frozen=True)
class Judgement:
    """One measurement against its KPI's target."""

    measurement: Measurement
    kpi: Kpi | None
    kind: KpiKind
    target: float | None
    met: bool | None
    interval: tuple[float, float] | None
    status: Status
    more_items: int | None

    @property
    def direction(self) -> str | None:
        return self.kpi.direction if self.kpi and self.target is not None else None

    def as_json(self) -> dict[str, Any]:
        m = self.measurement
        return {
            "id": m.id,
            "kpi": m.kpi,
            "value": _round(m.value),
            "baseline": _round(m.baseline) if m.baseline is not None else None,
            "n": m.n,
            "period": m.period,
            "target_value": _round(self.target) if self.target is not None else None,
            "direction": self.direction,
            "met": self.met,
            "interval": [_round(v) for v in self.interval] if self.interval else None,
            "status": self.status,
            "more_items": self.more_items,
            "in_plan": self.kpi is not None,
            "unit": self.kpi.unit if self.kpi else None,
            "note": m.note,
            "spent_usd": m.spent_usd,
            "logged_at": m.logged_at,
        }


@dataclass(frozen=True)
class CostCheck:
    """The pilot's measured cost against the estimate, scaled to the full volume."""

    per_task_usd: float
    requests: int | None
    spent_usd: float | None
    monthly_requests: int
    monthly_at_scale_usd: float
    estimate_monthly_usd: float
    budget_usd: float | None
    monthly_net_usd: float | None  # the expected case, recomputed with measured numbers
    breaks_case: bool
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {
            "per_task_usd": round(self.per_task_usd, 6),
            "requests": self.requests,
            "spent_usd": self.spent_usd,
            "monthly_requests": self.monthly_requests,
            "monthly_at_scale_usd": round(self.monthly_at_scale_usd, 2),
            "estimate_monthly_usd": round(self.estimate_monthly_usd, 2),
            "ratio_to_estimate": (
                round(self.monthly_at_scale_usd / self.estimate_monthly_usd, 2)
                if self.estimate_monthly_usd
                else None
            ),
            "budget_usd": self.budget_usd,
            "monthly_net_usd": (
                round(self.monthly_net_usd, 2) if self.monthly_net_usd is not None else None
            ),
            "breaks_case": self.breaks_case,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Decision:
    id: DecisionId
    why: str


@dataclass(frozen=True)
class PilotStatus:
    """Everything logged for an assessment, judged, with the decision."""

    session: str
    judgements: list[Judgement]
    latest: list[Judgement]  # one per KPI, in the plan's order, then new KPIs
    cost: CostCheck | None
    decision: Decision
    talking_points: list[str] = field(default_factory=list)
    lang: str = "en"  # the assessment's language, which the reasons are said in

    def view(self) -> PilotView | None:
        """The pilot as the card and the reports show it (``None`` before anything is
        logged)."""
        if not self.judgements:
            return None
        tr = translator(self.lang)
        return PilotView(
            decision=tr(DECISION_LABELS[self.decision.id]),
            decision_code=self.decision.id,
            why=self.decision.why,
            kpis=tuple(
                Line(tr(j.measurement.kpi), describe(j, tr), tr(STATUS_LABELS[j.status]))
                for j in self.latest
            ),
            cost=self.cost.reason if self.cost is not None else "",
            talking_points=tuple(self.talking_points),
            measurements=len(self.judgements),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "session": self.session,
            "measurements": [j.as_json() for j in self.judgements],
            "kpis": [
                {
                    "kpi": j.measurement.kpi,
                    "status": j.status,
                    "latest": j.measurement.id,
                    "more_items": j.more_items,
                }
                for j in self.latest
            ],
            "cost": self.cost.as_json() if self.cost else None,
            "decision": {"id": self.decision.id, "why": self.decision.why},
            "talking_points": self.talking_points,
        }


def _round(value: float) -> float:
    return round(value, 4)


def judge(measurement: Measurement, kpi: Kpi | None) -> Judgement:
    # A KPI outside the plan has no target and is shown as logged.
    kind: KpiKind = kind_of(kpi) if kpi is not None else "number"
    target = target_of(kpi)
    n = measurement.n
    interval = proportion_interval(measurement.value, n) if kind == "share" and n else None
    if target is None or kpi is None:
        return Judgement(measurement, kpi, kind, None, None, interval, "no_target", None)
    met = measurement.value >= target if kpi.direction != "<=" else measurement.value <= target
    more: int | None
    if interval is not None and n:
        if clears(interval, target):
            status: Status = "met" if met else "missed"
            more = 0
        else:
            status, more = "unclear", items_to_settle(measurement.value, n, target)
    elif n is not None and n >= MIN_ITEMS:
        status, more = ("met" if met else "missed"), 0
    else:
        status, more = "unclear", MIN_ITEMS - (n or 0)
    return Judgement(measurement, kpi, kind, target, met, interval, status, more)


def _kpi_named(name: str, kpis: list[Kpi]) -> Kpi | None:
    return next((k for k in kpis if k.name.lower() == name.lower()), None)


def _far(j: Judgement) -> bool:
    assert j.target is not None
    value, target = j.measurement.value, j.target
    if j.direction == "<=":
        return value >= target * FAR_ABOVE if target > 0 else value > 0
    return value <= target * FAR_BELOW


def _no_better_than_baseline(j: Judgement) -> bool:
    base = j.measurement.baseline
    if base is None:
        return False
    worse_or_equal = (
        j.measurement.value <= base if j.direction != "<=" else (j.measurement.value >= base)
    )
    if not worse_or_equal:
        return False
    # Only when the evidence says so: the interval (for shares) excludes a real gain.
    if j.interval is not None:
        low, high = j.interval
        return high <= base if j.direction != "<=" else low >= base
    return True


def show(j: Judgement, value: float | None = None) -> str:
    """A value on its KPI's scale as a manager reads it: 62%, $0.0040, 3.5."""
    number = j.measurement.value if value is None else value
    if j.kind in ("share", "change"):
        return f"{number * 100:.1f}".removesuffix(".0") + "%"
    if j.kpi is not None and is_cost_kpi(j.kpi):
        return f"${number:.4f}"
    return f"{number:,.4g}"


def describe(j: Judgement, tr: Translator = _ENGLISH) -> str:
    """One KPI's figure with its evidence: 'Drafts accepted 62% on 400 items (95%
    interval 57-67%) against a target of >= 70%'."""
    m = j.measurement
    text = tr("{kpi} {value}").format(kpi=tr(m.kpi), value=show(j))
    if m.n:
        text += tr(" on {n} items").format(n=f"{m.n:,}")
    if j.interval is not None:
        text += tr(" (95% interval {low}-{high})").format(
            low=show(j, j.interval[0]), high=show(j, j.interval[1])
        )
    if j.target is not None:
        text += tr(" against a target of {direction} {target}").format(
            direction=j.direction or ">=", target=show(j, j.target)
        )
    return text


def _time_saved_share(rec: Recommendation) -> float | None:
    """The share of time the business case assumes the model saves (0.3), if stated."""
    case = getattr(rec, "business_case", None)  # older assessments have none
    if case is None:
        return None
    note = str(case.assumptions.get("time_saved_pct", ""))
    match = re.match(r"\s*(\d+(?:\.\d+)?)", note)
    return float(match.group(1)) / 100 if match else None


def cost_check(
    rec: Recommendation,
    latest: list[Judgement],
    monthly_requests: int,
    tr: Translator = _ENGLISH,
) -> CostCheck | None:
    cost = next((j for j in latest if j.kpi is not None and is_cost_kpi(j.kpi)), None)
    if cost is None:
        return None
    per_task = cost.measurement.value
    at_scale = per_task * monthly_requests
    estimate = rec.costs.recommended_monthly_usd
    budget = rec.costs.monthly_budget_usd
    net: float | None = None
    case = getattr(rec, "business_case", None)
    if case is not None:
        benefit = case.monthly_benefit_usd.expected
        assumed = _time_saved_share(rec)
        saved = next(
            (
                j
                for j in latest
                if j.kind == "change" and j.kpi is not None and "time" in (j.kpi.unit or "")
            ),
            None,
        )
        if saved is not None and assumed:
            # The benefit is proportional to the share of time saved (business.py).
            benefit *= min(1.0, max(0.0, saved.measurement.value)) / assumed
        net = benefit - case.monthly_review_usd.expected - at_scale
    figures = {
        "per_task": f"${per_task:.4f}",
        "money": tr("{amount} a month at {requests} requests").format(
            amount=f"${at_scale:,.0f}", requests=f"{monthly_requests:,}"
        ),
        "estimate": f"${estimate:,.0f}",
        "budget": f"${budget:,.0f}" if budget is not None else "",
        "net": f"${net:,.0f}" if net is not None else "",
    }
    if net is not None and net < 0:
        breaks, template = True, COST_BREAKS_CASE
    elif budget is not None and at_scale > budget:
        breaks, template = True, COST_OVER_BUDGET
    elif (
        net is None
        and budget is None
        and estimate > 0
        and at_scale > estimate * (COST_OVER_ESTIMATE)
    ):
        breaks, template = True, COST_OVER_TWICE
    else:
        breaks, template = False, COST_KEEPS_CASE if net is not None else COST_COMES_TO
    reason = tr(template).format(**figures)
    return CostCheck(
        per_task_usd=per_task,
        requests=cost.measurement.n,
        spent_usd=cost.measurement.spent_usd,
        monthly_requests=monthly_requests,
        monthly_at_scale_usd=at_scale,
        estimate_monthly_usd=estimate,
        budget_usd=budget,
        monthly_net_usd=net,
        breaks_case=breaks,
        reason=reason,
    )


COST_BREAKS_CASE = N_(
    "at the measured {per_task} per task the full volume costs {money} (estimate "
    "{estimate}), and the business case's expected monthly net becomes {net}"
)
COST_OVER_BUDGET = N_(
    "at the measured {per_task} per task the full volume costs {money}, over the budget of "
    "{budget} (estimate {estimate})"
)
COST_OVER_TWICE = N_(
    "at the measured {per_task} per task the full volume costs {money}, more than twice the "
    "estimate of {estimate}"
)
COST_COMES_TO = N_("the measured {per_task} per task comes to {money} (estimate {estimate})")
COST_KEEPS_CASE = N_(
    "the measured {per_task} per task comes to {money} (estimate {estimate}), an expected "
    "monthly net of {net}"
)


NO_BASELINE_ONE = N_(
    " No baseline was logged for {kpis}, so it is compared with the plan's target only."
)
NO_BASELINE = N_(
    " No baseline was logged for {kpis}, so they are compared with the plan's target only."
)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _settle_line(j: Judgement, tr: Translator) -> str:
    if j.more_items:
        return tr("{kpi}: about {n} more items would settle it").format(
            kpi=describe(j, tr), n=f"{j.more_items:,}"
        )
    if j.measurement.n is None:
        return tr("{kpi}: log the number of items it was measured on").format(kpi=describe(j, tr))
    return tr("{kpi}: too close to the target to settle").format(kpi=describe(j, tr))


def decide(
    rec: Recommendation,
    latest: list[Judgement],
    cost: CostCheck | None,
    tr: Translator = _ENGLISH,
) -> Decision:
    """The decision and its reason, by the rules in the module docstring."""
    planned = [k for k in rec.poc_plan.kpis if k.target_value is not None]
    quality = [j for j in latest if j.kpi is not None and j.target is not None]
    quality = [j for j in quality if j.kpi is not None and not is_cost_kpi(j.kpi)]
    missed = [j for j in quality if j.status == "missed"]
    no_baseline = [tr(j.measurement.kpi) for j in quality if j.measurement.baseline is None]
    baseline_note = (
        tr(NO_BASELINE_ONE if len(no_baseline) == 1 else NO_BASELINE).format(
            kpis=tr(", ").join(no_baseline)
        )
        if no_baseline
        else ""
    )
    far = [j for j in missed if _far(j) or _no_better_than_baseline(j)]
    if far:
        j = far[0]
        reason = (
            tr("no better than the baseline of {baseline}").format(
                baseline=show(j, j.measurement.baseline)
            )
            if _no_better_than_baseline(j) and j.measurement.baseline is not None
            else tr("far from the target")
        )
        return Decision(
            "stop",
            tr(
                "{kpi} is clearly missed and {reason}: more tuning is unlikely to close the "
                "gap. Keep what the pilot taught about the baseline and revisit the task, the "
                "data or the approach."
            ).format(kpi=describe(j, tr), reason=reason)
            + baseline_note,
        )
    if missed:
        return Decision(
            "iterate",
            tr(
                "Clearly missed: {lines}. Look at the failing outputs by type, change the "
                "prompt, data or review step that causes them, and measure {kpis} again on the "
                "same baseline before deciding to scale."
            ).format(
                lines=tr("; ").join(describe(j, tr) for j in missed),
                kpis=tr(", ").join(tr(j.measurement.kpi) for j in missed),
            )
            + baseline_note,
        )
    if cost is not None and cost.breaks_case:
        passing = bool(quality) and all(j.status == "met" for j in quality)
        lead = (
            tr("Quality passes, but {reason}").format(reason=cost.reason)
            if passing
            else _capital(cost.reason)
        )
        return Decision(
            "iterate",
            tr(
                "{lead}. Cut the cost per task (a smaller model tier, shorter prompts, caching, "
                "batching) and log the cost again before scaling."
            ).format(lead=lead)
            + baseline_note,
        )
    measured = {j.measurement.kpi.lower() for j in latest}
    unmeasured = [k.name for k in planned if k.name.lower() not in measured and not is_cost_kpi(k)]
    unclear = [j for j in quality if j.status == "unclear"]
    if unmeasured or unclear or cost is None:
        parts = [_settle_line(j, tr) for j in unclear]
        if unmeasured:
            parts.append(
                tr("not measured yet: {kpis}").format(
                    kpis=tr(", ").join(tr(name) for name in unmeasured)
                )
            )
        if cost is None:
            parts.append(tr("the pilot's cost is not logged (what it cost and how many requests)"))
        return Decision(
            "need_more_data",
            tr("Not enough evidence to decide yet: {parts}.").format(parts=tr("; ").join(parts))
            + baseline_note,
        )
    return Decision(
        "scale",
        tr(
            "Every KPI of the plan is met with enough evidence: {met}; and {cost}. Widen the "
            "rollout in steps, keep the human audit on a sample and keep logging the cost."
        ).format(met=tr("; ").join(describe(j, tr) for j in quality), cost=cost.reason)
        + baseline_note,
    )


_POINT_LABELS = {
    "scale": N_("Scale"),
    "iterate": N_("Iterate"),
    "stop": N_("Stop"),
    "need_more_data": N_("Not yet decidable"),
}
_POINT_VERDICTS = {"met": N_("met"), "missed": N_("missed"), "unclear": N_("not settled yet")}


def talking_points(
    status_decision: Decision,
    latest: list[Judgement],
    cost: CostCheck | None,
    tr: Translator = _ENGLISH,
) -> list[str]:
    """Lines for the go / no-go meeting, from the measured figures."""
    label = tr(_POINT_LABELS[status_decision.id])
    points = [tr("Pilot decision: {label}.").format(label=label)]
    for j in latest:
        if j.target is None:
            continue
        verdict = _POINT_VERDICTS.get(j.status)
        points.append(
            tr("{kpi}: {verdict}.").format(
                kpi=describe(j, tr), verdict=tr(verdict) if verdict else ""
            )
        )
    if cost is not None:
        points.append(tr("Cost: {reason}.").format(reason=cost.reason))
    return points


def assess(
    session: str,
    rec: Recommendation,
    measurements: list[Measurement],
    monthly_requests: int | None,
    lang: str | None = None,
) -> PilotStatus:
    """Judge every measurement, the latest per KPI, the cost, and decide; the reasons in
    ``lang``, the assessment's language."""
    tr = translator(lang)
    kpis = rec.poc_plan.kpis
    judgements = [judge(m, _kpi_named(m.kpi, kpis)) for m in measurements]
    latest_by_kpi: dict[str, Judgement] = {}
    for j in judgements:  # measurements come oldest first
        latest_by_kpi[j.measurement.kpi.lower()] = j
    order = {k.name.lower(): i for i, k in enumerate(kpis)}
    latest = sorted(latest_by_kpi.values(), key=lambda j: order.get(j.measurement.kpi.lower(), 99))
    volume = monthly_requests
    if volume is None:
        case = getattr(rec, "business_case", None)
        volume = case.items_per_month if case is not None else 0
    cost = cost_check(rec, latest, volume or 0, tr)
    decision = decide(rec, latest, cost, tr)
    return PilotStatus(
        session=session,
        judgements=judgements,
        latest=latest,
        cost=cost,
        decision=decision,
        talking_points=talking_points(decision, latest, cost, tr),
        lang=tr.lang,
    )
