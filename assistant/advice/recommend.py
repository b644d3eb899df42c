"""The recommendation engine: a use-case profile in, an adoption recommendation out.

Deterministic and explainable: the same profile gives the same bytes, every figure comes
from the cost model, every risk from a rule in :mod:`assistant.advice.rules`, and every
point cites knowledge documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.advice.approach import (
    PRIVACY_LEVEL,
    REQUIRED_LEVEL,
    RULED_OUT_WHY,
    ApproachChoice,
    choose_approach,
)
from assistant.advice.business import (
    SAFE_STARTING_POINTS,
    business_case,
    payback_words,
    track_for,
    value_risk,
)
from assistant.advice.costs import CostEstimate, Costing, cost_documents, costing
from assistant.advice.poc import poc_plan
from assistant.advice.prices import PriceBook
from assistant.advice.rules import (
    REGULATION_RISKS,
    SEVERITY_ORDER,
    Facts,
    assess_risks,
    decides_about_people,
)
from assistant.advice.wording import (
    APPROACH_NAMES,
    VERDICT_LABELS,
    about_count,
    about_usd,
    article,
    signed,
)
from assistant.questionnaire import with_defaults
from assistant.questionnaire.cues import item_noun
from assistant.questionnaire.questions import task_words
from assistant.schemas import (
    Approach,
    BreakEven,
    BusinessCase,
    CostOption,
    Costs,
    Deployment,
    ErrorImpact,
    Latency,
    PocPlan,
    Profile,
    Recommendation,
    Risk,
    SourceRef,
    TaskType,
    Track,
    Verdict,
)

# Hosted tier per task: narrow or real-time work runs well on small models.
SMALL_TIER_TASKS = {TaskType.CLASSIFICATION, TaskType.EXTRACTION, TaskType.TRANSLATION}

Catalog = Mapping[str, SourceRef]
INFORMATIVE_GROWTH = 10
"""A break-even against self-hosting is stated only up to ten times today's volume: growth
a business plans for; beyond that it does not bear on the choice."""


@dataclass(frozen=True)
class Engine:
    """The engine with what it needs: prices and the knowledge-document catalogue."""

    prices: PriceBook
    catalog: Catalog

    def recommend(self, profile: Profile) -> Recommendation:
        return recommend(profile, self.prices, self.catalog)


def hosted_tier(profile: Profile) -> str:
    if profile.task_type in SMALL_TIER_TASKS or profile.latency is Latency.REALTIME:
        return "small"
    return "mid"


def _option_cost(estimate: CostEstimate, approach: Approach, tier: str) -> CostOption:
    return estimate.option(approach, tier if approach == "hosted_api" else None).to_schema()


def _rival_api(profile: Profile, choice: ApproachChoice) -> Approach | None:
    """The pay-per-use option a fleet was chosen over: the hosted API, or the private
    endpoint where the data or the constraint asks for it."""
    open_ = {choice.approach, *choice.alternatives}
    personal = profile.data_sensitivity is not None and profile.data_sensitivity.value in (
        "personal",
        "special_category",
    )
    for api in (
        ("private_cloud_endpoint", "hosted_api")
        if personal
        else ("hosted_api", "private_cloud_endpoint")
    ):
        if api in open_:
            return api  # type: ignore[return-value]
    return None


def break_even_for(
    profile: Profile, choice: ApproachChoice, priced: Costing, tier: str
) -> BreakEven | None:
    """The volume at which the recommended option and its nearest rival swap places, only
    where it informs the decision: never for a classical model, nor when the constraint
    leaves only your own hardware, nor when the estimate cannot say (no crossing)."""
    approach = choice.approach
    n = profile.monthly_requests or 0
    if approach == "non_generative" or REQUIRED_LEVEL[profile.deployment or Deployment.ANY] == 2:
        return None
    if approach in ("hosted_api", "private_cloud_endpoint"):
        if "self_hosted_open_weights" not in choice.alternatives:
            return None
        even = priced.break_even(approach, tier, "self_hosted_open_weights")
        # A crossing far above today's volume does not bear on the choice.
        if even is None or even > INFORMATIVE_GROWTH * max(n, 1):
            return None
        if even <= n:
            text = (
                f"Self-hosting open weights would cost less from about {about_count(even)} "
                "requests a month, which this volume already passes; it needs a team that "
                "can run GPU servers."
            )
        else:
            text = (
                f"Self-hosting only pays off above about {about_count(even)} requests a "
                f"month, against {APPROACH_NAMES[approach]}."
            )
        return BreakEven(
            monthly_requests=even,
            cheaper_above="self_hosted_open_weights",
            cheaper_below=approach,
            text=text,
        )
    if choice.forced:
        return None
    rival = _rival_api(profile, choice)
    if rival is None:
        return None
    even = priced.break_even(rival, tier, approach)
    if even is None:
        return None
    what = "Self-hosting" if approach == "self_hosted_open_weights" else "The fine-tuned model"
    return BreakEven(
        monthly_requests=even,
        cheaper_above=approach,
        cheaper_below=rival,
        text=(
            f"{what} pays off from about {about_count(even)} requests a month; below that "
            f"{APPROACH_NAMES[rival]} costs less."
        ),
    )


def verdict_for(risks: list[Risk]) -> Verdict:
    worst = max((SEVERITY_ORDER[r.severity] for r in risks), default=0)
    if worst >= SEVERITY_ORDER["blocker"]:
        return "not_recommended"
    if worst >= SEVERITY_ORDER["high"]:
        return "poc_with_safeguards"
    return "start_poc"


def recommend(profile: Profile, prices: PriceBook, catalog: Catalog) -> Recommendation:
    filled, assumed = with_defaults(profile)
    priced = costing(filled, prices)
    estimate = priced.estimate
    tier = hosted_tier(filled)
    budget = None if "monthly_budget_usd" in assumed else filled.monthly_budget_usd
    monthly = {
        line.approach: estimate.option(
            line.approach, tier if line.approach == "hosted_api" else None
        ).monthly_usd
        for line in estimate.options
    }
    choice = choose_approach(filled, monthly, estimate.modality, budget)
    chosen = _option_cost(estimate, choice.approach, tier)
    even = break_even_for(filled, choice, priced, tier)
    required = REQUIRED_LEVEL[filled.deployment or Deployment.ANY]
    options = [
        option.model_copy(update={"ruled_out": RULED_OUT_WHY[required]})
        if PRIVACY_LEVEL[option.approach] < required
        else option
        for option in estimate.schema_options()
    ]
    cheapest = min(
        (o for o in options if o.approach == choice.approach or o.approach in choice.alternatives),
        key=lambda o: (o.monthly_usd, o.approach),
    )
    facts = Facts(
        profile=filled,
        approach=choice.approach,
        assumed=frozenset(assumed),
        recommended_monthly_usd=chosen.monthly_usd,
        cheapest_monthly_usd=cheapest.monthly_usd,
        cheapest_approach=cheapest.approach,
    )
    noun = item_noun(filled.use_case) or "item"
    case = business_case(filled, chosen.monthly_usd, set(assumed), noun)
    risks = assess_risks(facts)
    money_risk = value_risk(case, set(assumed))
    if money_risk is not None:
        risks = sorted([*risks, money_risk], key=lambda r: -SEVERITY_ORDER[r.severity])
    verdict = verdict_for(risks)
    blocker = next((r.title for r in risks if r.severity == "blocker"), None)
    track = track_for(
        filled,
        case,
        verdict,
        fits_budget=budget is None or chosen.monthly_usd <= budget,
        assumed=set(assumed),
        blocker=blocker,
    )
    plan = poc_plan(filled, chosen.monthly_usd, verdict)
    cited = list(
        dict.fromkeys(
            [
                *(
                    ["strengths-safe-starting-points"]
                    if filled.task_type in SAFE_STARTING_POINTS
                    else []
                ),
                *choice.sources,
                *(doc for risk in risks for doc in risk.sources),
                *case.sources,
                "evaluation-poc-design",
                "evaluation-kpis-by-task",
                "costs-tokens-and-api-pricing",
                *cost_documents(
                    estimate.modality,
                    filled.deployment,
                    choice.approach in ("self_hosted_open_weights", "small_fine_tuned_model"),
                ),
            ]
        )
    )
    missing = [doc for doc in cited if doc not in catalog]
    if missing:
        raise LookupError(f"the knowledge base has no document {missing[0]!r}; re-index it")
    return Recommendation(
        verdict=verdict,
        approach=choice.approach,
        alternatives=list(choice.alternatives),
        summary=_summary(
            filled, verdict, choice.approach, chosen, risks, choice.reasons, case, track
        ),
        assumptions=dict(sorted(assumed.items())),
        costs=Costs(
            options=options,
            recommended_monthly_usd=chosen.monthly_usd,
            monthly_budget_usd=budget,
            break_even=even,
        ),
        risks=risks,
        poc_plan=plan,
        talking_points=_talking_points(
            filled,
            verdict,
            choice.approach,
            chosen,
            risks,
            plan,
            estimate,
            case,
            track,
            even,
        ),
        sources=[catalog[doc] for doc in cited],
        business_case=case,
        track=track,
    )


def _summary(
    profile: Profile,
    verdict: Verdict,
    approach: Approach,
    cost: CostOption,
    risks: list[Risk],
    reasons: tuple[str, ...],
    case: BusinessCase,
    track: Track,
) -> str:
    serious = [r.title.lower() for r in risks if SEVERITY_ORDER[r.severity] >= 2]
    parts = [
        f"{VERDICT_LABELS[verdict]}: use {APPROACH_NAMES[approach]} for "
        f"{task_words(profile.task_type)} ({reasons[-1]}).",
        f"Estimated running cost: about {about_usd(cost.monthly_usd)} a month at "
        f"{profile.monthly_requests or 0:,} requests.",
    ]
    parts.append(_value_sentence(case))
    parts.append(track.why)
    if serious:
        parts.append("Settle first: " + "; ".join(serious) + ".")
    return " ".join(parts)


def _value_sentence(case: BusinessCase) -> str:
    """The business case in one sentence: net value a month and the payback."""
    net = case.monthly_net_usd
    payback = case.payback_months
    if payback.expected is None:
        return (
            f"Value: it does not pay back (net {signed(about_usd, net.expected)} a month in the "
            "expected case)."
        )
    when = payback_words(payback.expected)
    cautious = (
        f"conservative case {payback_words(payback.conservative)}"
        if payback.conservative is not None
        else "the conservative case never pays back"
    )
    return (
        f"Value: about {signed(about_usd, net.expected)} a month net, paying back its build "
        f"cost in {when} ({cautious})."
    )


def _talking_points(
    profile: Profile,
    verdict: Verdict,
    approach: Approach,
    cost: CostOption,
    risks: list[Risk],
    plan: PocPlan,
    estimate: CostEstimate,
    case: BusinessCase,
    track: Track,
    even: BreakEven | None = None,
) -> list[str]:
    # Nothing here may read as encouragement the verdict does not give: no "safe starting
    # point" for a use that is stopped or decides about people, no test plan when stopped.
    stopped = verdict == "not_recommended"
    about_people = decides_about_people(profile) or profile.error_impact is ErrorImpact.CRITICAL
    # A use the law singles out (high-risk, a regulated product, children, a banned practice)
    # is not a "safe starting point" whatever the task.
    regulated = any(r.id in REGULATION_RISKS and SEVERITY_ORDER[r.severity] >= 2 for r in risks)
    points = [
        f"Our recommendation: {VERDICT_LABELS[verdict].lower()}, using {APPROACH_NAMES[approach]}."
    ]
    if (
        profile.task_type in SAFE_STARTING_POINTS
        and not stopped
        and not about_people
        and not regulated
    ):
        points.append(
            "This is a safe starting point: pre-trained models succeed most reliably at "
            "understanding and transforming content, summarising above all."
        )
    elif profile.task_type in (TaskType.FORECASTING, TaskType.DECISION_AUTOMATION):
        points.append(
            "Generative models are not built for numeric prediction or automated decisions; "
            "a classical model is cheaper and more reliable here."
        )
    if about_people:
        points.append(
            "This affects people directly: a person stays accountable for every decision, "
            "and we test for unfair outcomes across groups before any use."
        )
    points.append(
        f"Running it would cost about {about_usd(cost.monthly_usd)} a month at today's volume "
        f"(prices as of {estimate.price_date}); we estimate before we scale."
    )
    points.append(_value_point(case, track))
    if even is not None:
        points.append(even.text)
    blockers = [r for r in risks if r.severity == "blocker"]
    top = [r for r in risks if SEVERITY_ORDER[r.severity] >= 1 and r not in blockers][:2]
    for risk in top:
        points.append(f"Key risk - {_lower_first(risk.title)}: {_first_sentence(risk)}.")
    if stopped:
        titles = "; ".join(_lower_first(r.title) for r in blockers) or "the blocking risks"
        first = _first_sentence(blockers[0]) if blockers else "settle them first"
        points.append(
            f"Before any proof of concept, this must change ({titles}). "
            f"{first[:1].upper()}{first[1:]}."
        )
        points.append(
            "People stay in the loop: whatever is built later assists a person who decides."
        )
    else:
        kpi = plan.kpis[0]
        points.append(
            f"We test it in {article(plan.duration_weeks)}-week proof of concept measured by "
            f"{kpi.name.lower()} ({kpi.target})."
        )
        points.append("People stay in the loop: humans audit the outputs throughout the pilot.")
    points.append(
        "Contracts, licences and deployment get settled with legal and IT in week one, not "
        "after the pilot."
    )
    return points


def _lower_first(title: str) -> str:
    """A title inside a sentence: 'errors and human oversight', but 'EU AI Act ...'."""
    word = title.split(" ", 1)[0]
    if len(word) > 1 and word.isupper():
        return title
    return title[:1].lower() + title[1:]


def _first_sentence(risk: Risk) -> str:
    """The mitigation's first sentence, lower-cased to follow a colon, without its stop."""
    first = risk.mitigation.split(". ")[0].rstrip(".")
    return first[:1].lower() + first[1:]


def _value_point(case: BusinessCase, track: Track) -> str:
    """What it is worth, in the words a manager would say in the meeting."""
    payback = case.payback_months.expected
    if payback is None:
        return (
            "At these figures it does not pay for itself; "
            + case.sensitivity[:1].lower()
            + case.sensitivity[1:]
        )
    if payback < 1:
        lead = f"It pays for itself in weeks ({payback_words(payback)})"
    else:
        lead = f"It pays back its build cost in {payback_words(payback)}"
    kind = {
        "try_fast": "so this is one to try fast",
        "long_term_bet": "but we treat it as a long-term bet that needs an investment decision",
    }.get(track.id, "but it is not one for now")
    return f"{lead}, {kind}. {case.sensitivity}"
