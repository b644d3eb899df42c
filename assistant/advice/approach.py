"""Choosing the approach: which way of adopting a model fits the use case.

Read top to bottom, each step is one principle from the study and the frameworks. Only
approaches that can do the work are considered (a detector reads images, nothing classical
generates them); the deployment constraint is a floor on privacy that nothing else can
lower, and the options below it are ruled out, not offered. Every comparison of cost uses
the figures the cost model computed for this profile, and a budget the manager stated
moves the choice to another option that satisfies the same constraints when the first
choice would blow it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.advice.costs import approaches_for
from assistant.schemas import (
    Approach,
    DataSensitivity,
    Deployment,
    Latency,
    Profile,
    TaskType,
    TeamSkill,
)

# How far data travels: a stricter deployment may only move up this scale.
PRIVACY_LEVEL: dict[str, int] = {
    "hosted_api": 0,
    "private_cloud_endpoint": 1,
    "self_hosted_open_weights": 2,
    "small_fine_tuned_model": 2,  # served in your own environment
    "non_generative": 2,  # classical models run in-house
}
REQUIRED_LEVEL = {Deployment.ANY: 0, Deployment.PRIVATE_CLOUD: 1, Deployment.ON_PREMISES: 2}
RULED_OUT_WHY = {
    1: "ruled out: the data must stay in your private cloud",
    2: "ruled out: the data must stay on your premises",
}

NUMERIC_TASKS = {TaskType.FORECASTING, TaskType.DECISION_AUTOMATION}
NARROW_TASKS = {TaskType.CLASSIFICATION, TaskType.EXTRACTION}
# Narrow work in any modality that a small model trained on labelled examples can take
# over: labels or fields from text, inspecting or sorting images, recognising speech.
FINE_TUNE_TASKS = NARROW_TASKS | {TaskType.VISION, TaskType.SPEECH}
# "Thousands of labelled examples on a narrow, high-volume task" (strengths documents).
FINE_TUNE_MIN_EXAMPLES = 2000
FINE_TUNE_MIN_MONTHLY_REQUESTS = 100_000
ORDER: tuple[Approach, ...] = (
    "hosted_api",
    "private_cloud_endpoint",
    "self_hosted_open_weights",
    "small_fine_tuned_model",
    "non_generative",
)


@dataclass(frozen=True)
class ApproachChoice:
    approach: Approach
    alternatives: tuple[Approach, ...]
    reasons: tuple[str, ...]
    sources: tuple[str, ...]
    ruled_out: tuple[Approach, ...] = ()
    """Approaches that could do the work but the deployment constraint excludes."""
    forced: bool = False
    """The approach follows from the deployment constraint, not from cost."""


def usable(profile: Profile, modality: str) -> tuple[Approach, ...]:
    """Approaches that can do this work, whatever the constraints."""
    can = approaches_for(modality)  # type: ignore[arg-type]
    out = []
    for approach in ORDER:
        if approach not in can:
            continue
        if approach == "small_fine_tuned_model" and profile.task_type not in FINE_TUNE_TASKS:
            continue
        if approach == "non_generative" and profile.task_type not in NUMERIC_TASKS | NARROW_TASKS:
            continue
        out.append(approach)
    return tuple(out)


def _by_data(profile: Profile) -> tuple[Approach, str]:
    sensitivity = profile.data_sensitivity
    if sensitivity in (DataSensitivity.SPECIAL_CATEGORY, DataSensitivity.PERSONAL):
        return (
            "private_cloud_endpoint",
            "personal data should stay in a cloud tenancy and region you control, under a "
            "data processing agreement",
        )
    return "hosted_api", "a hosted API is the fastest and cheapest way to start"


def _raise_to(approach: Approach, required: int, candidates: tuple[Approach, ...]) -> Approach:
    """The approach itself if the constraint allows it, else the generative option that
    meets the constraint most closely."""
    if PRIVACY_LEVEL[approach] >= required:
        return approach
    floor: Approach = "self_hosted_open_weights" if required == 2 else "private_cloud_endpoint"
    if floor in candidates:
        return floor
    return next(a for a in candidates if PRIVACY_LEVEL[a] >= required)


def choose_approach(
    profile: Profile,
    costs: Mapping[Approach, float],
    modality: str = "text",
    budget: float | None = None,
) -> ApproachChoice:
    """The approach for a profile with every optional field filled. ``costs`` are the
    monthly figures the cost model computed (hosted APIs at the tier the engine uses) for
    at least the approaches that can do the work; ``budget`` is the budget the manager
    stated (None when it was assumed)."""
    reasons: list[str] = []
    sources: list[str] = []
    required = REQUIRED_LEVEL[profile.deployment or Deployment.ANY]
    can = usable(profile, modality)
    allowed = tuple(a for a in can if PRIVACY_LEVEL[a] >= required)
    ruled_out = tuple(a for a in can if a not in allowed)

    by_data, why_data = _by_data(profile)
    baseline = _raise_to(by_data, required, allowed)
    fine_tune_fits = (
        "small_fine_tuned_model" in allowed
        and (profile.labeled_examples or 0) >= FINE_TUNE_MIN_EXAMPLES
        and (profile.monthly_requests or 0) >= FINE_TUNE_MIN_MONTHLY_REQUESTS
        and (
            costs["small_fine_tuned_model"] < costs[baseline] or profile.latency is Latency.REALTIME
        )
    )
    if profile.task_type in NUMERIC_TASKS and "non_generative" in allowed:
        approach: Approach = "non_generative"
        reasons.append(
            "numeric prediction and automated decisions are what classical models and rules "
            "do reliably, and generative models do not"
        )
        sources += ["strengths-non-generative-alternatives", "strengths-known-weaknesses"]
    elif fine_tune_fits:
        approach = "small_fine_tuned_model"
        small = (
            "detector trained on your images" if modality == "image_input" else "fine-tuned model"
        )
        reasons.append(
            f"with thousands of labelled examples on a narrow, high-volume task a small {small} "
            + (
                f"costs less than {_name(baseline)} and answers faster"
                if costs["small_fine_tuned_model"] < costs[baseline]
                else "answers within a real-time limit that a call to a large model cannot "
                "promise, though it costs more at this volume"
            )
        )
        sources += ["strengths-small-vs-large-models", "strengths-prompting-rag-fine-tuning"]
    else:
        approach = by_data
        reasons.append(why_data)
        sources += (
            ["deployment-private-cloud-endpoint", "data-privacy-api-provider-data-use"]
            if approach == "private_cloud_endpoint"
            else ["deployment-hosted-api", "strengths-safe-starting-points"]
        )
        if (
            "self_hosted_open_weights" in allowed
            and profile.team_skill is TeamSkill.STRONG
            and costs["self_hosted_open_weights"] < costs[baseline]
        ):
            approach = "self_hosted_open_weights"
            reasons.append(
                "at this steady volume self-hosting open weights costs less than paying per "
                "use, and the team can run it"
            )
            sources.append("costs-self-hosting-gpu-economics")

    forced = False
    if PRIVACY_LEVEL[approach] < required:
        approach = _raise_to(approach, required, allowed)
        forced = True
        reasons.append(
            "on-premises means running the models yourself"
            if required == 2
            else "the data must stay in your private cloud"
        )
        sources.append(
            "deployment-self-hosted-open-weights"
            if required == 2
            else "deployment-private-cloud-endpoint"
        )

    if budget is not None and costs[approach] > budget:
        approach, forced = _within_budget(
            profile, approach, allowed, costs, budget, reasons, sources, forced
        )

    if profile.latency is Latency.REALTIME and approach != "non_generative":
        sources.append("deployment-latency-real-time")
    return ApproachChoice(
        approach=approach,
        alternatives=tuple(a for a in allowed if a != approach),
        reasons=tuple(reasons),
        sources=tuple(dict.fromkeys(sources)),
        ruled_out=ruled_out,
        forced=forced,
    )


def _within_budget(
    profile: Profile,
    approach: Approach,
    allowed: tuple[Approach, ...],
    costs: Mapping[Approach, float],
    budget: float,
    reasons: list[str],
    sources: list[str],
    forced: bool,
) -> tuple[Approach, bool]:
    """A cheaper option within the budget that meets the same constraints, when the choice
    so far blows it. Personal data (not special-category data) with no deployment
    constraint may go to a hosted API under a data processing agreement when nothing kept
    in your own cloud fits; special-category data never does."""
    soft = PRIVACY_LEVEL[approach] if approach == "private_cloud_endpoint" else 0
    # The kind of approach chosen (classical for numbers, generative otherwise) is kept.
    same_kind = [
        a
        for a in allowed
        if (a == "non_generative") == (approach == "non_generative") and a != approach
    ]
    fits = [a for a in same_kind if PRIVACY_LEVEL[a] >= soft and costs[a] <= budget]
    relaxed = False
    if (
        not fits
        and soft
        and profile.data_sensitivity is DataSensitivity.PERSONAL
        and (profile.deployment or Deployment.ANY) is Deployment.ANY
        and "hosted_api" in allowed
        and costs["hosted_api"] <= budget
    ):
        fits, relaxed = ["hosted_api"], True
    if not fits:
        return approach, forced
    better = min(fits, key=lambda a: (costs[a], ORDER.index(a)))
    times = costs[approach] / budget if budget > 0 else 0
    over = f"{times:.0f} times" if times >= 2 else "over"
    reasons.append(
        f"{_name(approach)} would cost {over} the budget"
        + (
            "; personal data can go to a hosted API under a data processing agreement, "
            "processed in the EU and not kept or used for training"
            if relaxed
            else f", and {_name(better)} meets the same constraints within it"
        )
    )
    sources += (
        ["data-privacy-api-provider-data-use", "deployment-hosted-api"]
        if relaxed
        else ["costs-controlling-cost-at-scale"]
    )
    return better, False


def _name(approach: Approach) -> str:
    return {
        "hosted_api": "a hosted API",
        "private_cloud_endpoint": "a private cloud endpoint",
        "self_hosted_open_weights": "self-hosting open weights",
        "small_fine_tuned_model": "a small fine-tuned model",
        "non_generative": "a classical model",
    }[approach]
