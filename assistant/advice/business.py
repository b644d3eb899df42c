"""The business case: what a use case is worth against what it costs, and its track.

The method is the one the knowledge base describes (``organisation-estimating-roi``): the
value of the time the model takes over (items a month x minutes a person spends on one
today x the share the model takes over x the loaded cost of an hour), minus what it costs
to run, minus the time people spend checking its work (the plan keeps that review); the
one-off build cost divided by the monthly net gives the payback. Each figure comes in two
cases: *expected*, at the profile's figures, and *conservative*, at the adjustments in
``CONSERVATIVE`` (gains are smaller and costs larger in daily work than in studies).

Adoption ramps up linearly: in month k after going live a share min(1, k / ramp) of the
work goes through the model, and running cost and review scale with it. Payback is the
(fractional) month in which the cumulative net reaches the build cost; ``None`` when the
monthly net is not positive or it would take longer than ``PAYBACK_HORIZON_MONTHS``.

Pure and deterministic: no I/O, the same profile and running cost give the same figures.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from assistant.questionnaire import QUESTION_BY_FIELD, default_reason
from assistant.schemas import (
    BusinessCase,
    ErrorImpact,
    HumanReview,
    Profile,
    Risk,
    TaskType,
    Track,
    Verdict,
)

# Share of today's minutes per item a person spends checking one model output: checking
# is quicker than doing, but it is part of every reviewed item
# (``evaluation-human-review-and-audit-sampling``: full review caps the time saved).
REVIEW_SHARE_OF_ITEM_TIME = 0.20
# Spot checks: the share of items a person looks at.
SAMPLED_SHARE = 0.10
PAYBACK_HORIZON_MONTHS = 120  # ten years: longer is "never" for a business case
ROI_MONTHS = 12


@dataclass(frozen=True)
class Adjustments:
    """How the conservative case differs from the expected one."""

    time_saved: float = 0.75  # a quarter less time saved than expected
    review: float = 1.25  # checking takes a quarter longer
    running: float = 1.25  # longer prompts, retries and growth cost a quarter more
    build: float = 1.5  # builds overrun by half
    ramp: float = 1.5  # people take half as long again to switch


CONSERVATIVE = Adjustments()
EXPECTED = Adjustments(time_saved=1, review=1, running=1, build=1, ramp=1)

SOURCES = (
    "organisation-estimating-roi",
    "evaluation-human-review-and-audit-sampling",
    "organisation-fast-experiments-vs-long-term-bets",
)

# The study's safe starting points: understanding and transforming content.
SAFE_STARTING_POINTS = frozenset(
    {
        TaskType.SUMMARIZATION,
        TaskType.EXTRACTION,
        TaskType.CLASSIFICATION,
        TaskType.SEARCH_QA,
        TaskType.TRANSLATION,
    }
)
TRY_FAST_PAYBACK_MONTHS = 12  # "short payback": inside the year the PoC is judged in
NOT_NOW_PAYBACK_MONTHS = 36  # past three years the case is not one to make today


@dataclass(frozen=True)
class Case:
    """One case's monthly figures at full adoption, and its build cost and ramp."""

    benefit: float
    running: float
    review: float
    build: float
    ramp: float

    @functools.cached_property
    def net(self) -> float:
        return self.benefit - self.running - self.review


def adoption(month: int, ramp: float) -> float:
    """The share of the work going through the model in ``month`` (1, 2, ...) after
    going live."""
    return 1.0 if ramp <= 0 else min(1.0, month / ramp)


def cumulative_adoption(months: int, ramp: float) -> float:
    """The sum of ``adoption`` over the first ``months``: k / ramp for each month k up to
    the ramp, then 1 a month (in closed form, as the engine's hot path calls it)."""
    if ramp <= 0:
        return float(max(0, months))
    ramping = min(months, math.floor(ramp))
    return ramping * (ramping + 1) / (2 * ramp) + (months - ramping)


def cumulative_net(net: float, build: float, ramp: float, months: int) -> float:
    """The net value earned ``months`` after going live, less the build cost."""
    return net * cumulative_adoption(months, ramp) - build


def payback_months(case: Case) -> float | None:
    """The month the cumulative net reaches the build cost, interpolated within it (in
    closed form: k / ramp of the net in month k of the ramp, the full net after it)."""
    net, build, ramp = case.net, case.build, case.ramp
    if net <= 0:
        return None
    if build <= 0:
        return 0.0
    ramping = math.floor(ramp) if ramp > 0 else 0
    earned_in_ramp = net * ramping * (ramping + 1) / (2 * ramp) if ramping else 0.0
    if ramping and earned_in_ramp >= build:
        # The first month m with net * m (m + 1) / (2 ramp) >= build, then the fraction
        # of month m that is still needed.
        month = max(1, math.ceil((math.sqrt(1 + 8 * ramp * build / net) - 1) / 2 - 1e-9))
        before = net * (month - 1) * month / (2 * ramp)
        if before >= build:  # a rounding step too far
            month -= 1
            before = net * (month - 1) * month / (2 * ramp)
        return round(month - 1 + (build - before) / (net * month / ramp), 1)
    months = ramping + (build - earned_in_ramp) / net
    return round(months, 1) if months <= PAYBACK_HORIZON_MONTHS else None


def roi(case: Case, months: int = ROI_MONTHS) -> float | None:
    """(Net over ``months`` minus the build cost) / build cost; ``None`` for no build cost."""
    if case.build <= 0:
        return None
    gained = case.net * cumulative_adoption(months, case.ramp)
    return round((gained - case.build) / case.build, 2)


def review_share(review: HumanReview) -> float:
    """The share of today's item time spent checking, averaged over all items."""
    if review is HumanReview.EVERY_OUTPUT:
        return REVIEW_SHARE_OF_ITEM_TIME
    if review is HumanReview.SAMPLED:
        return REVIEW_SHARE_OF_ITEM_TIME * SAMPLED_SHARE
    return 0.0


def item_cost(profile: Profile) -> float:
    """What one item costs today: the cost the manager gave, else minutes x the cost of a
    minute."""
    if profile.cost_per_item_usd is not None:
        return profile.cost_per_item_usd
    return (profile.minutes_per_item or 0.0) * (profile.hourly_cost_usd or 0.0) / 60


def revenue_won(profile: Profile) -> float:
    """Revenue a month the model wins or protects at full adoption (expected case)."""
    return (profile.revenue_at_stake_usd or 0.0) * (profile.revenue_share_pct or 0.0) / 100


def _case(profile: Profile, running_usd: float, adjust: Adjustments) -> Case:
    items = profile.monthly_requests or 0
    cost = item_cost(profile)
    share = (profile.time_saved_pct or 0.0) / 100 * adjust.time_saved
    review = review_share(profile.human_review or HumanReview.NONE) * adjust.review
    return Case(
        benefit=items * cost * min(1.0, share) + revenue_won(profile) * adjust.time_saved,
        running=running_usd * adjust.running,
        review=items * cost * review,
        build=(profile.build_cost_usd or 0.0) * adjust.build,
        ramp=(profile.adoption_ramp_months or 0) * adjust.ramp,
    )


def break_even_saving(profile: Profile, case: Case) -> float | None:
    """Money the model must save per item (net of the revenue it wins) for the case to pay
    back its build cost within ``ROI_MONTHS``; ``None`` when there are no items or an item
    costs nothing today."""
    items = profile.monthly_requests or 0
    if items <= 0 or item_cost(profile) <= 0:
        return None
    months = cumulative_adoption(ROI_MONTHS, case.ramp)
    needed = case.build / months + case.running + case.review - revenue_won(profile)
    return max(0.0, needed) / items


def break_even_minutes(profile: Profile, case: Case) -> float | None:
    """Minutes the model must save per item for the case to pay back its build cost
    within ``ROI_MONTHS`` (``None`` when there are no items or no cost of time)."""
    per_minute = (profile.hourly_cost_usd or 0.0) / 60
    saving = break_even_saving(profile, case)
    if saving is None or per_minute <= 0 or profile.cost_per_item_usd is not None:
        return None
    return saving / per_minute


def _round_money(value: float) -> float:
    return round(value, 2)


def _minutes(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


def _time(minutes: float) -> str:
    """ "4.9 minutes", "20 seconds" (a saving under a minute in seconds, never "0")."""
    if minutes < 1:
        seconds = max(1, round(minutes * 60))
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{_minutes(minutes)} minutes"


def _usd(value: float) -> str:
    """ "$2.40", "$8", "$1,200": cents only where an amount is under $100 and has them."""
    if value < 100 and round(value, 2) != round(value):
        return f"${value:,.2f}"
    return f"${value:,.0f}"


def _sensitivity(profile: Profile, expected: Case, noun: str) -> tuple[str, float | None]:
    """The break-even sentence and the figure behind it: minutes saved per item, or money
    saved per item when the manager gave a cost per item."""
    share = (profile.time_saved_pct or 0.0) / 100
    if break_even_saving(profile, expected) == 0 and revenue_won(profile) > 0:
        return (
            "Pays back within a year on the revenue it wins or keeps alone, even if it "
            "saved no time at all.",
            0.0,
        )
    if profile.cost_per_item_usd is not None:
        saving = break_even_saving(profile, expected)
        cost = profile.cost_per_item_usd
        if saving is None:
            return (
                "No break-even can be worked out without a volume and a cost per item.",
                None,
            )
        if saving > cost:
            return (
                f"Does not pay back within a year even if the model did all of the work: it "
                f"would have to save {_usd(saving)} per {noun}, and one costs "
                f"{_usd(cost)} today.",
                round(saving, 2),
            )
        return (
            f"Pays back within a year as long as the model saves at least {_usd(saving)} "
            f"of the {_usd(cost)} each {noun} costs today (the expected case assumes "
            f"{_usd(cost * share)}).",
            round(saving, 2),
        )
    needed = break_even_minutes(profile, expected)
    minutes = profile.minutes_per_item or 0.0
    if needed is None:
        return (
            "No break-even can be worked out without a volume and a cost of people's time.",
            None,
        )
    if needed > minutes:
        return (
            f"Does not pay back within a year even if the model did all of the work: it "
            f"would have to save {_time(needed)} per {noun}, and one takes "
            f"{_time(minutes)} today.",
            round(needed, 2),
        )
    return (
        f"Pays back within a year as long as the model saves at least {_time(needed)} "
        f"per {noun} (the expected case assumes {_time(minutes * share)}).",
        round(needed, 2),
    )


def needed_words(case: BusinessCase) -> str | None:
    """What the model must save per item to pay back within a year, in words ("4.9
    minutes", "$2.40"), or ``None`` when it cannot be worked out."""
    if case.basis == "cost":
        return None if case.break_even_usd_saved is None else _usd(case.break_even_usd_saved)
    needed = case.break_even_minutes_saved
    return None if needed is None else _time(needed)


def _shown(name: str, value: float | int | None, noun: str) -> str:
    number = float(value or 0)
    if name == "hourly_cost_usd":
        return f"${number:,.0f} an hour"
    if name in ("build_cost_usd", "revenue_at_stake_usd"):
        return f"${number:,.0f}" + (" a month at stake" if name == "revenue_at_stake_usd" else "")
    if name == "cost_per_item_usd":
        return f"{_usd(number)} per {noun} today"
    if name == "minutes_per_item":
        return f"{_minutes(number)} minutes per {noun}"
    if name == "time_saved_pct":
        return f"{number:g}% of the time"
    if name == "revenue_share_pct":
        return f"{number:g}% of that revenue won or kept"
    return f"{number:g} months"


_VALUE_INPUTS = (
    "minutes_per_item",
    "hourly_cost_usd",
    "cost_per_item_usd",
    "time_saved_pct",
    "revenue_at_stake_usd",
    "revenue_share_pct",
    "build_cost_usd",
    "adoption_ramp_months",
)
_CONSERVATIVE_LINE = (
    f"{(1 - CONSERVATIVE.time_saved) * 100:g}% less time saved, review "
    f"{(CONSERVATIVE.review - 1) * 100:g}% longer, running cost "
    f"{(CONSERVATIVE.running - 1) * 100:g}% higher, build "
    f"{(CONSERVATIVE.build - 1) * 100:g}% over, adoption "
    f"{(CONSERVATIVE.ramp - 1) * 100:g}% slower"
)


def _assumptions(profile: Profile, assumed: set[str], noun: str) -> dict[str, str]:
    # A figure left empty (a cost per item never given, minutes once one was) is not a
    # basis of this case, so it is not listed.
    values = tuple(
        (name, getattr(profile, name), name in assumed)
        for name in _VALUE_INPUTS
        if getattr(profile, name) is not None
    )
    review = profile.human_review or HumanReview.NONE
    # The same few profiles recur (the benchmark, what-ifs, re-renders): worded once each.
    return dict(_worded(profile.task_type, values, review, bool(profile.commercial_product), noun))


@functools.lru_cache(maxsize=1024)
def _worded(
    task: TaskType,
    values: tuple[tuple[str, float | int | None, bool], ...],
    review: HumanReview,
    commercial: bool,
    noun: str,
) -> tuple[tuple[str, str], ...]:
    notes: dict[str, str] = {}
    for name, value, was_assumed in values:
        shown = _shown(name, value, noun)
        if was_assumed:
            notes[name] = f"{shown} (default: {default_reason(name, task)})"
        else:
            notes[name] = f"{shown} (as you said)"
    share = review_share(review)
    label = next(
        c.label for c in QUESTION_BY_FIELD["human_review"].choices if c.value == review.value
    )
    notes["review_time"] = (
        f"{share * 100:g}% of today's time per {noun} goes to checking the model's work "
        f"({label.lower()}"
        + (f", {SAMPLED_SHARE * 100:g}% of items" if review is HumanReview.SAMPLED else "")
        + ")"
    )
    notes["conservative_case"] = _CONSERVATIVE_LINE
    if "revenue_at_stake_usd" in notes:
        notes["revenue"] = (
            "revenue won or kept counts as benefit at the share given, a quarter less in "
            "the conservative case; no review or running cost is set against it beyond the "
            "model's"
        )
    elif commercial:
        notes["revenue"] = (
            "only staff time is valued: revenue from a product you sell is not counted "
            "unless you give the revenue at stake"
        )
    return tuple(notes.items())


def _saving_or_none(profile: Profile, case: Case) -> float | None:
    saving = break_even_saving(profile, case)
    return None if saving is None else round(saving, 2)


def business_case(
    profile: Profile, running_usd: float, assumed: set[str], noun: str = "item"
) -> BusinessCase:
    """The business case of a filled ``profile`` (every field set, see ``with_defaults``)
    whose recommended option costs ``running_usd`` a month; ``assumed`` names the fields
    that took a default."""
    expected = _case(profile, running_usd, EXPECTED)
    conservative = _case(profile, running_usd, CONSERVATIVE)
    sensitivity, needed = _sensitivity(profile, expected, noun)
    by_cost = profile.cost_per_item_usd is not None

    def cases(low: float, high: float) -> dict[str, float]:
        return {"conservative": _round_money(low), "expected": _round_money(high)}

    # One validation of plain data (pydantic's core checks it in one pass, much faster
    # than building each nested model on its own on the engine's hot path).
    return BusinessCase.model_validate(
        {
            "monthly_benefit_usd": cases(conservative.benefit, expected.benefit),
            "monthly_net_usd": cases(conservative.net, expected.net),
            "payback_months": {
                "conservative": payback_months(conservative),
                "expected": payback_months(expected),
            },
            "roi_12_months": {"conservative": roi(conservative), "expected": roi(expected)},
            "sensitivity": sensitivity,
            "assumptions": _assumptions(profile, assumed, noun),
            "monthly_running_usd": cases(conservative.running, expected.running),
            "monthly_review_usd": cases(conservative.review, expected.review),
            "build_cost_usd": cases(conservative.build, expected.build),
            "adoption_ramp_months": {
                "conservative": conservative.ramp,
                "expected": expected.ramp,
            },
            "items_per_month": profile.monthly_requests or 0,
            "item": noun,
            "minutes_per_item": profile.minutes_per_item or 0.0,
            "break_even_minutes_saved": None if by_cost else needed,
            "cost_per_item_usd": round(item_cost(profile), 4),
            "basis": "cost" if by_cost else "minutes",
            "break_even_usd_saved": needed if by_cost else _saving_or_none(profile, expected),
            "monthly_revenue_usd": cases(
                revenue_won(profile) * CONSERVATIVE.time_saved, revenue_won(profile)
            ),
            "sources": list(SOURCES),
        }
    )


def track_for(
    profile: Profile,
    case: BusinessCase,
    verdict: Verdict,
    *,
    fits_budget: bool,
    assumed: set[str],
    blocker: str | None = None,
) -> Track:
    """Where the use case belongs: try fast, a long-term bet, or not now, and why."""
    expected_payback = case.payback_months.expected
    if expected_payback is None or expected_payback > NOT_NOW_PAYBACK_MONTHS:
        needed = needed_words(case)
        change = (
            f"the model would have to save at least {needed} per "
            f"{case.item}, or the volume be larger or the build cheaper"
            if needed is not None
            else "a volume and a cost of people's time are needed to show any value"
        )
        if not own_figures(assumed):
            return Track(
                id="not_now",
                why="Not now, unless your own figures are better: at the typical figures "
                f"assumed it does not pay back within three years; {change}.",
            )
        return Track(
            id="not_now",
            why=f"Not now: at these figures it does not pay back within three years; {change}.",
        )
    if verdict == "not_recommended":
        what = f" ({blocker[:1].lower()}{blocker[1:]})" if blocker else ""
        return Track(id="not_now", why=f"Not now: first resolve the blocking risk{what}.")
    missing: list[str] = []
    if profile.task_type not in SAFE_STARTING_POINTS:
        missing.append("it is not a task of understanding or transforming content")
    serious = profile.error_impact in (ErrorImpact.HIGH, ErrorImpact.CRITICAL)
    if serious and profile.human_review is not HumanReview.EVERY_OUTPUT:
        missing.append("mistakes are serious and not every output is checked")
    if not fits_budget:
        missing.append("running it costs more than the budget")
    if case.monthly_net_usd.conservative <= 0:
        missing.append("the conservative case loses money")
    if expected_payback > TRY_FAST_PAYBACK_MONTHS:
        missing.append(f"it takes {payback_words(expected_payback)} to pay back")
    if not missing:
        return Track(
            id="try_fast",
            why=(
                "Try fast: a safe starting point that fits the budget and pays back in "
                f"{payback_words(expected_payback)} in the expected case."
            ),
        )
    return Track(
        id="long_term_bet",
        why="Long-term bet: worth it in the expected case, but " + "; ".join(missing) + ".",
    )


def payback_words(months: float) -> str:
    """'under a month', 'about 3 weeks', 'about 5 months', 'about 2 years'."""
    if months < 1:
        weeks = max(1, math.ceil(months * 52 / 12))
        return f"about {weeks} week{'s' if weeks != 1 else ''}"
    if months < 24:
        whole = max(1, round(months))
        return f"about {whole} month{'s' if whole != 1 else ''}"
    return f"about {round(months / 12)} years"


# The figures a manager must have given for the business case to decide the verdict: with
# typical figures it is shown, and warns, but does not overrule what the rest says.
VALUE_FIELDS = ("minutes_per_item", "hourly_cost_usd")


def own_figures(assumed: set[str]) -> bool:
    return not assumed.intersection(VALUE_FIELDS)


def value_risk(case: BusinessCase, assumed: set[str]) -> Risk | None:
    """The risk the business case itself carries. At the manager's own figures, a case
    that never pays back blocks the recommendation and one that loses money in the
    conservative case is no "start now"; at typical figures both are a warning."""
    needed = needed_words(case)
    stated = own_figures(assumed)
    expected = case.payback_months.expected
    never = expected is None or expected > NOT_NOW_PAYBACK_MONTHS
    threshold = (
        f" It pays back within a year only if the model saves at least {needed} per {case.item}."
        if needed is not None
        else ""
    )
    figures = "your figures" if stated else "the typical figures assumed"
    if never:
        return Risk(
            id="business-case-does-not-pay",
            severity="blocker" if stated else "medium",
            title="The business case does not pay",
            why=(
                f"At {figures} the time saved does not cover the running cost, the review "
                "time and the build cost within three years." + threshold
            ),
            mitigation=(
                f"Measure minutes per {case.item} and time saved on 50 to 200 real cases "
                "before any build; look for a larger volume, a cheaper option or a task "
                "where more of the work can be handed over."
            ),
            sources=["organisation-estimating-roi"],
        )
    if case.monthly_net_usd.conservative <= 0:
        return Risk(
            id="business-case-unproven",
            severity="high" if stated else "medium",
            title="The value is not yet proven",
            why=(
                f"At {figures} the expected case pays back, but the conservative case (less "
                "time saved, longer review, higher costs) loses money each month." + threshold
            ),
            mitigation=(
                f"Make time saved per {case.item} the PoC's deciding KPI, measured against "
                "people doing the same work without the model, and commit the build budget "
                "only once it clears the break-even."
            ),
            sources=["organisation-estimating-roi", "evaluation-baselines-and-ab-tests"],
        )
    return None
