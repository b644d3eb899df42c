"""The recommendation engine: golden scenarios a careful consultant would sign, monotonic
properties, determinism, and citations that exist."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.advice.approach import PRIVACY_LEVEL
from assistant.advice.prices import load_price_book
from assistant.advice.recommend import Engine
from assistant.advice.rules import RULES, SEVERITY_ORDER, cited_documents
from assistant.kb.documents import load_documents
from assistant.schemas import Profile, Recommendation, SourceRef
from tests.conftest import KNOWLEDGE

VERDICT_RANK = {"start_poc": 0, "poc_with_safeguards": 1, "not_recommended": 2}


@functools.cache
def engine() -> Engine:
    catalog = {
        d.id: SourceRef(doc_id=d.id, title=d.meta.title, path=d.path)
        for d in load_documents(KNOWLEDGE)
    }
    return Engine(prices=load_price_book(None), catalog=catalog)


def recommend(**fields: Any) -> Recommendation:
    return engine().recommend(Profile(**fields))


# (name, profile, verdict, approach, risks that must be raised, risks that must not be)
GOLDEN: list[tuple[str, dict[str, Any], str, str, set[str], set[str]]] = [
    (
        "internal meeting summaries: the safe starting point",
        dict(
            use_case="Summarise internal project meeting notes for the team",
            task_type="summarization",
            audience="internal",
            monthly_requests=2000,
            input_tokens=4000,
            output_tokens=300,
            latency="batch",
            error_impact="low",
            human_review="sampled",
            data_sensitivity="internal",
            deployment="any",
            monthly_budget_usd=500,
            team_skill="some",
            eu_users=False,
            commercial_product=False,
            timeline_weeks=6,
        ),
        "start_poc",
        "hosted_api",
        {"accuracy_oversight"},
        {"budget_exceeded", "cost_at_scale", "regulatory", "data_protection"},
    ),
    (
        "patient letters with health data must stay on premises",
        dict(
            use_case="Summarise discharge letters for patients' family doctors",
            task_type="summarization",
            monthly_requests=20000,
            data_sensitivity="special_category",
            deployment="on_premises",
            error_impact="high",
            human_review="every_output",
            team_skill="strong",
            eu_users=True,
            audience="internal",
        ),
        "poc_with_safeguards",
        "self_hosted_open_weights",
        {"data_protection", "licensing"},
        {"budget_exceeded"},
    ),
    (
        "sales forecasting is not a job for a generative model",
        dict(
            use_case="Predict next quarter's sales per region",
            task_type="forecasting",
            monthly_requests=500,
            error_impact="moderate",
            human_review="every_output",
            data_sensitivity="confidential",
            eu_users=False,
        ),
        "start_poc",
        "non_generative",
        {"task_fit"},
        {"latency", "prompt_injection", "licensing"},
    ),
    (
        "automatic loan approval with no human is not recommended",
        dict(
            use_case="Approve consumer loans automatically from the application form",
            task_type="decision_automation",
            monthly_requests=30000,
            error_impact="critical",
            human_review="none",
            data_sensitivity="personal",
            eu_users=True,
            audience="external",
        ),
        "not_recommended",
        "non_generative",
        {"accuracy_oversight", "regulatory", "task_fit"},
        set(),
    ),
    (
        "ticket routing with 50k labels at high volume: small fine-tuned model",
        dict(
            use_case="Route incoming support tickets to the right queue",
            task_type="classification",
            monthly_requests=3_000_000,
            input_tokens=400,
            output_tokens=5,
            latency="realtime",
            labeled_examples=50000,
            error_impact="low",
            human_review="sampled",
            data_sensitivity="internal",
            team_skill="strong",
            eu_users=False,
        ),
        "start_poc",
        "small_fine_tuned_model",
        {"accuracy_oversight"},
        {"budget_exceeded"},
    ),
    (
        "public support chatbot for EU customers",
        dict(
            use_case="Answer customer questions about orders on our website",
            task_type="conversation",
            audience="external",
            monthly_requests=200000,
            latency="interactive",
            error_impact="moderate",
            human_review="sampled",
            data_sensitivity="personal",
            eu_users=True,
            commercial_product=False,
            team_skill="some",
        ),
        "start_poc",
        "private_cloud_endpoint",
        {"regulatory", "prompt_injection", "data_protection"},
        {"task_fit"},
    ),
    (
        "CV screening is high-risk under the EU AI Act",
        dict(
            use_case="Rank job candidates' CVs for our recruiters",
            task_type="classification",
            monthly_requests=5000,
            error_impact="high",
            human_review="every_output",
            data_sensitivity="personal",
            eu_users=True,
            audience="internal",
        ),
        "poc_with_safeguards",
        "private_cloud_endpoint",
        {"regulatory", "data_protection"},
        set(),
    ),
    (
        "a tiny budget against a large volume",
        dict(
            use_case="Draft personalised marketing emails",
            task_type="drafting",
            monthly_requests=2_000_000,
            input_tokens=800,
            output_tokens=400,
            monthly_budget_usd=200,
            error_impact="low",
            human_review="sampled",
            data_sensitivity="internal",
            eu_users=False,
        ),
        "poc_with_safeguards",
        "hosted_api",
        {"budget_exceeded", "cost_at_scale"},
        set(),
    ),
    (
        "a product with a billion users meets the Llama licence threshold",
        dict(
            use_case="Translate user posts in our social app",
            task_type="translation",
            commercial_product=True,
            monthly_active_users=1_200_000_000,
            monthly_requests=50_000_000,
            input_tokens=200,
            output_tokens=200,
            deployment="on_premises",
            team_skill="strong",
            error_impact="low",
            human_review="none",
            eu_users=False,
        ),
        "poc_with_safeguards",
        "self_hosted_open_weights",
        {"licensing", "cost_at_scale"},
        set(),
    ),
    (
        "real-time voice agent answers",
        dict(
            use_case="Live agent assist suggestions during phone calls",
            task_type="conversation",
            latency="realtime",
            output_tokens=300,
            monthly_requests=100000,
            error_impact="moderate",
            human_review="every_output",
            data_sensitivity="internal",
            eu_users=False,
        ),
        "poc_with_safeguards",
        "hosted_api",
        {"latency"},
        set(),
    ),
    (
        "no in-house skills, self-hosting forced by policy",
        dict(
            use_case="Extract fields from supplier invoices",
            task_type="extraction",
            deployment="on_premises",
            team_skill="none",
            monthly_requests=10000,
            error_impact="moderate",
            human_review="sampled",
            data_sensitivity="confidential",
            eu_users=False,
        ),
        "poc_with_safeguards",
        "self_hosted_open_weights",
        {"skills_gap", "data_protection"},
        set(),
    ),
    (
        "private cloud requirement for contract review",
        dict(
            use_case="Find risky clauses in supplier contracts",
            task_type="extraction",
            deployment="private_cloud",
            data_sensitivity="confidential",
            monthly_requests=3000,
            error_impact="high",
            human_review="every_output",
            eu_users=False,
        ),
        "start_poc",
        "private_cloud_endpoint",
        {"data_protection", "accuracy_oversight"},
        {"budget_exceeded"},
    ),
    (
        "developer code assistant",
        dict(
            use_case="Suggest code completions and unit tests for our developers",
            task_type="code",
            monthly_requests=60000,
            error_impact="moderate",
            human_review="every_output",
            data_sensitivity="confidential",
            team_skill="strong",
            eu_users=False,
        ),
        "start_poc",
        "hosted_api",
        {"data_protection"},
        {"regulatory", "task_fit"},
    ),
    (
        "critical medical triage even with review is safeguarded, not a plain start",
        dict(
            use_case="Suggest triage levels for emergency calls",
            task_type="classification",
            error_impact="critical",
            human_review="every_output",
            data_sensitivity="special_category",
            eu_users=True,
            monthly_requests=10000,
        ),
        "poc_with_safeguards",
        "private_cloud_endpoint",
        {"accuracy_oversight", "regulatory", "data_protection"},
        set(),
    ),
    (
        "search over internal policies for staff",
        dict(
            use_case="Answer staff questions from our HR and IT policy documents",
            task_type="search_qa",
            audience="internal",
            monthly_requests=15000,
            error_impact="moderate",
            human_review="sampled",
            data_sensitivity="internal",
            eu_users=True,
        ),
        "start_poc",
        "hosted_api",
        {"accuracy_oversight"},
        {"regulatory", "prompt_injection"},
    ),
    (
        "a commercial writing feature sold to customers",
        dict(
            use_case="Generate product descriptions inside our e-commerce SaaS",
            task_type="drafting",
            commercial_product=True,
            monthly_active_users=40000,
            audience="external",
            monthly_requests=400000,
            eu_users=True,
            error_impact="low",
            human_review="sampled",
            data_sensitivity="public",
        ),
        "start_poc",
        "hosted_api",
        {"licensing", "vendor_lock_in", "regulatory"},
        {"data_protection"},
    ),
]


@pytest.mark.parametrize(
    ("profile", "verdict", "approach", "present", "absent"),
    [g[1:] for g in GOLDEN],
    ids=[g[0] for g in GOLDEN],
)
def test_golden_scenarios(
    profile: dict[str, Any], verdict: str, approach: str, present: set[str], absent: set[str]
) -> None:
    rec = recommend(**profile)
    risks = {r.id for r in rec.risks}
    assert rec.verdict == verdict, (rec.verdict, sorted(risks), rec.summary)
    assert rec.approach == approach, rec.summary
    assert present <= risks, sorted(risks)
    assert not (absent & risks), sorted(risks)


def test_same_profile_same_bytes() -> None:
    profile = GOLDEN[5][1]
    first = json.dumps(recommend(**profile).model_dump(mode="json"))
    second = json.dumps(recommend(**profile).model_dump(mode="json"))
    assert first == second


def test_defaults_are_listed_as_assumptions() -> None:
    rec = recommend(use_case="Summarise weekly reports", task_type="summarization")
    assert {"monthly_requests", "data_sensitivity", "human_review", "latency"} <= set(
        rec.assumptions
    )
    assert "task_type" not in rec.assumptions
    # an assumed budget is not held against the manager
    assert rec.costs.monthly_budget_usd is None
    assert "budget_exceeded" not in {r.id for r in rec.risks}


def test_every_point_cites_existing_documents() -> None:
    known = {d.id for d in load_documents(KNOWLEDGE)}
    assert cited_documents() <= known
    for _, profile, *_ in GOLDEN:
        rec = recommend(**profile)
        cited = {s.doc_id for s in rec.sources}
        assert cited <= known
        for risk in rec.risks:
            assert risk.sources and set(risk.sources) <= cited


def test_rules_have_distinct_ids_and_conditions() -> None:
    assert len({r.risk_id for r in RULES}) == len(RULES)
    assert all(r.condition for r in RULES)
    contract_ids = {
        "cost_at_scale",
        "budget_exceeded",
        "data_protection",
        "licensing",
        "accuracy_oversight",
        "latency",
        "regulatory",
        "skills_gap",
        "vendor_lock_in",
    }
    assert contract_ids <= {r.risk_id for r in RULES}


def test_recommendation_costs_and_plan_are_consistent() -> None:
    rec = recommend(**GOLDEN[0][1])
    recommended = [o for o in rec.costs.options if o.approach == rec.approach]
    assert rec.costs.recommended_monthly_usd in {o.monthly_usd for o in recommended}
    assert rec.poc_plan.duration_weeks == 6
    assert len(rec.poc_plan.kpis) >= 3 and rec.talking_points
    assert all(len(p.split(". ")) <= 2 for p in rec.talking_points)


# -- properties ------------------------------------------------------------------------

task_types = st.sampled_from(
    [
        "summarization",
        "drafting",
        "classification",
        "extraction",
        "search_qa",
        "conversation",
        "code",
        "translation",
        "other",
    ]
)
base_profiles = st.fixed_dictionaries(
    {
        "use_case": st.just("Help our team with documents"),
        "task_type": task_types,
        "monthly_requests": st.integers(0, 20_000_000),
        "input_tokens": st.integers(1, 20_000),
        "output_tokens": st.integers(1, 2_000),
        "latency": st.sampled_from(["realtime", "interactive", "batch"]),
        "error_impact": st.sampled_from(["low", "moderate", "high", "critical"]),
        "human_review": st.sampled_from(["every_output", "sampled", "none"]),
        "data_sensitivity": st.sampled_from(
            ["public", "internal", "confidential", "personal", "special_category"]
        ),
        "deployment": st.sampled_from(["any", "private_cloud", "on_premises"]),
        "team_skill": st.sampled_from(["none", "some", "strong"]),
        "labeled_examples": st.integers(0, 100_000),
        "eu_users": st.booleans(),
    }
)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(base_profiles, st.integers(2, 50))
def test_more_volume_never_lowers_any_option_cost(profile: dict[str, Any], factor: int) -> None:
    low = recommend(**profile)
    high = recommend(**{**profile, "monthly_requests": profile["monthly_requests"] * factor})
    for before, after in zip(low.costs.options, high.costs.options, strict=True):
        assert after.monthly_usd >= before.monthly_usd, (before, after)


@FAST
@given(base_profiles)
def test_removing_review_on_critical_use_never_improves_the_verdict(
    profile: dict[str, Any],
) -> None:
    critical = {**profile, "error_impact": "critical"}
    reviewed = recommend(**{**critical, "human_review": "every_output"})
    sampled = recommend(**{**critical, "human_review": "sampled"})
    unreviewed = recommend(**{**critical, "human_review": "none"})
    assert VERDICT_RANK[unreviewed.verdict] >= VERDICT_RANK[sampled.verdict]
    assert VERDICT_RANK[sampled.verdict] >= VERDICT_RANK[reviewed.verdict]
    assert unreviewed.verdict == "not_recommended"


@FAST
@given(base_profiles)
def test_stricter_deployment_never_picks_a_less_private_approach(profile: dict[str, Any]) -> None:
    levels = []
    for deployment in ("any", "private_cloud", "on_premises"):
        rec = recommend(**{**profile, "deployment": deployment})
        levels.append(PRIVACY_LEVEL[rec.approach])
        assert all(
            PRIVACY_LEVEL[a] >= {"any": 0, "private_cloud": 1, "on_premises": 2}[deployment]
            for a in [rec.approach, *rec.alternatives]
        )
    assert levels == sorted(levels)


@FAST
@given(base_profiles)
def test_risks_are_sorted_by_severity(profile: dict[str, Any]) -> None:
    rec = recommend(**profile)
    ranks = [SEVERITY_ORDER[r.severity] for r in rec.risks]
    assert ranks == sorted(ranks, reverse=True)
