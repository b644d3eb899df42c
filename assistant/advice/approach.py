"""Choosing the approach: which way of adopting a model fits the use case.

Read top to bottom, each step is one principle from the study and the frameworks; the
deployment constraint comes last, as a floor on privacy that nothing else can lower.
"""

from __future__ import annotations

from dataclasses import dataclass

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

NUMERIC_TASKS = {TaskType.FORECASTING, TaskType.DECISION_AUTOMATION}
NARROW_TASKS = {TaskType.CLASSIFICATION, TaskType.EXTRACTION}
# "Thousands of labelled examples on a narrow, high-volume task" (strengths documents).
FINE_TUNE_MIN_EXAMPLES = 2000
FINE_TUNE_MIN_MONTHLY_REQUESTS = 100_000


@dataclass(frozen=True)
class ApproachChoice:
    approach: Approach
    alternatives: tuple[Approach, ...]
    reasons: tuple[str, ...]
    sources: tuple[str, ...]


def _by_data(profile: Profile) -> tuple[Approach, str]:
    sensitivity = profile.data_sensitivity
    if sensitivity in (DataSensitivity.SPECIAL_CATEGORY, DataSensitivity.PERSONAL):
        return (
            "private_cloud_endpoint",
            "personal data should stay in a cloud tenancy and region you control, under a "
            "data processing agreement",
        )
    return "hosted_api", "a hosted API is the fastest and cheapest way to start"


def choose_approach(
    profile: Profile, self_hosting_cheaper: bool, fine_tuning_cheaper: bool = False
) -> ApproachChoice:
    """The approach for a profile with every optional field filled. The cost comparisons
    come from the cost model: an approach is only preferred for cost when it is cheaper."""
    reasons: list[str] = []
    sources: list[str] = []
    if profile.task_type in NUMERIC_TASKS:
        approach: Approach = "non_generative"
        reasons.append(
            "numeric prediction and automated decisions are what classical models and rules "
            "do reliably, and generative models do not"
        )
        sources += ["strengths-non-generative-alternatives", "strengths-known-weaknesses"]
    elif (
        profile.task_type in NARROW_TASKS
        and (profile.labeled_examples or 0) >= FINE_TUNE_MIN_EXAMPLES
        and (profile.monthly_requests or 0) >= FINE_TUNE_MIN_MONTHLY_REQUESTS
        and (fine_tuning_cheaper or profile.latency is Latency.REALTIME)
    ):
        approach = "small_fine_tuned_model"
        reasons.append(
            "with thousands of labelled examples on a narrow, high-volume task a small "
            "fine-tuned model wins on cost and latency"
        )
        sources += ["strengths-small-vs-large-models", "strengths-prompting-rag-fine-tuning"]
    else:
        approach, why = _by_data(profile)
        reasons.append(why)
        sources += (
            ["deployment-private-cloud-endpoint", "data-privacy-api-provider-data-use"]
            if approach == "private_cloud_endpoint"
            else ["deployment-hosted-api", "strengths-safe-starting-points"]
        )
        if self_hosting_cheaper and profile.team_skill is TeamSkill.STRONG:
            approach = "self_hosted_open_weights"
            reasons.append(
                "at this steady volume self-hosting open weights costs less than paying per "
                "token, and the team can run it"
            )
            sources.append("costs-self-hosting-gpu-economics")

    required = REQUIRED_LEVEL[profile.deployment or Deployment.ANY]
    if PRIVACY_LEVEL[approach] < required:
        approach = "self_hosted_open_weights" if required == 2 else "private_cloud_endpoint"
        reasons.append(
            "on-premises means running open-weight models yourself"
            if required == 2
            else "the data must stay in your private cloud"
        )
        sources.append(
            "deployment-self-hosted-open-weights"
            if required == 2
            else "deployment-private-cloud-endpoint"
        )
    if profile.latency is Latency.REALTIME and approach != "non_generative":
        sources.append("deployment-latency-real-time")
    return ApproachChoice(
        approach=approach,
        alternatives=_alternatives(approach, required, profile),
        reasons=tuple(reasons),
        sources=tuple(dict.fromkeys(sources)),
    )


def _alternatives(approach: Approach, required: int, profile: Profile) -> tuple[Approach, ...]:
    """Other approaches that satisfy the deployment constraint, most relevant first."""
    order: list[Approach] = [
        "hosted_api",
        "private_cloud_endpoint",
        "self_hosted_open_weights",
        "small_fine_tuned_model",
        "non_generative",
    ]
    if profile.task_type not in NARROW_TASKS:
        order.remove("small_fine_tuned_model")
    if profile.task_type not in NUMERIC_TASKS | NARROW_TASKS:
        order.remove("non_generative")
    return tuple(a for a in order if a != approach and PRIVACY_LEVEL[a] >= required)
