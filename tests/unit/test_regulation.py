"""Regulation from structured answers: golden scenarios a consultant would accept (in
``regulation_scenarios.yaml``, written before the engine ran on them), the properties the
regulatory advice keeps, the suggestions the use-case text makes, and the interview's
questions about Annex III areas, regulated products, children and prohibited practices."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.advice.wording import VERDICT_LABELS
from assistant.kb.documents import load_documents
from assistant.questionnaire import QUESTION_BY_FIELD, Interview
from assistant.questionnaire.parsing import parse_answer
from assistant.questionnaire.suggestions import suggestions
from assistant.schemas import AnnexIIIArea, Profile, Recommendation
from tests.conftest import KNOWLEDGE
from tests.unit.test_engine import engine, recommend

SCENARIOS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).with_name("regulation_scenarios.yaml")).read_text(encoding="utf-8")
)
VERDICT_RANK = {"start_poc": 0, "poc_with_safeguards": 1, "not_recommended": 2}
TASK_TYPES = [
    "summarization",
    "drafting",
    "classification",
    "extraction",
    "search_qa",
    "conversation",
    "code",
    "translation",
    "vision",
    "speech",
    "forecasting",
    "decision_automation",
    "other",
]


# -- the golden scenarios ------------------------------------------------------------------


def test_the_scenarios_cover_what_a_consultant_meets() -> None:
    profiles = [s["profile"] for s in SCENARIOS]
    assert len(SCENARIOS) >= 20
    assert {p["task_type"] for p in profiles} == set(TASK_TYPES)
    assert {p.get("data_sensitivity") for p in profiles} >= {
        "public",
        "internal",
        "confidential",
        "personal",
        "special_category",
    }
    assert {p.get("deployment") for p in profiles} >= {"any", "private_cloud", "on_premises"}
    areas = {a for p in profiles for a in p.get("annex_iii_areas", [])}
    assert areas == {a.value for a in AnnexIIIArea}
    assert {p.get("regulated_product") for p in profiles} >= {"medical_device", "machinery", "toy"}
    assert any(p.get("children") for p in profiles)
    assert any(
        p.get("monthly_budget_usd", 1000) < 100 and p.get("data_sensitivity") == "personal"
        for p in profiles
    )
    assert any(
        p.get("deployment") == "on_premises" and p.get("data_sensitivity") == "special_category"
        for p in profiles
    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_golden_regulation_scenarios(scenario: dict[str, Any]) -> None:
    rec = recommend(**scenario["profile"])
    risks = {r.id: r for r in rec.risks}
    seen = sorted((r.id, r.severity) for r in rec.risks)
    assert rec.verdict in scenario["verdict"], (rec.verdict, seen)
    if "approach" in scenario:
        assert rec.approach in scenario["approach"], rec.summary
    assert set(scenario.get("risks", [])) <= set(risks), seen
    assert not set(scenario.get("not_risks", [])) & set(risks), seen
    for risk_id, allowed in scenario.get("severity", {}).items():
        if risk_id in risks:
            assert risks[risk_id].severity in allowed, (risk_id, risks[risk_id].severity)
    for risk_id, phrases in scenario.get("text", {}).items():
        words = f"{risks[risk_id].why} {risks[risk_id].mitigation}"
        for phrase in phrases:
            assert phrase.lower() in words.lower(), (risk_id, phrase, words)
    for risk_id, phrases in scenario.get("not_text", {}).items():
        if risk_id in risks:
            words = f"{risks[risk_id].why} {risks[risk_id].mitigation}".lower()
            assert not [p for p in phrases if p.lower() in words], (risk_id, words)
    names = " | ".join(k.name.lower() for k in rec.poc_plan.kpis)
    for kpi in scenario.get("kpis", []):
        assert kpi.lower() in names, names
    assert_points_agree(rec)


# -- talking points agree with the verdict -------------------------------------------------

LEGAL = {"prohibited_practice", "regulatory", "regulated_product", "children"}
ENCOURAGING = ("safe starting point", "we test it in", "proof of concept measured by")


def assert_points_agree(rec: Recommendation) -> None:
    points = " ".join(rec.talking_points).lower()
    assert VERDICT_LABELS[rec.verdict].lower() in rec.talking_points[0].lower()
    serious = any(r.severity in ("high", "blocker") for r in rec.risks if r.id in LEGAL)
    if rec.verdict == "not_recommended":
        assert not [p for p in ENCOURAGING if p in points], rec.talking_points
        assert "must change" in points
    if serious:
        assert "safe starting point" not in points, rec.talking_points
    if any(r.id == "prohibited_practice" for r in rec.risks):
        assert "prohibit" in points or "must change" in points


profiles = st.fixed_dictionaries(
    {
        "use_case": st.sampled_from(
            [
                "Summarise monthly reports",
                "Help with our daily work",
                "Sort incoming letters",
                "Shortlist applicants for our vacancies",
            ]
        ),
        "task_type": st.sampled_from(TASK_TYPES),
        "audience": st.sampled_from(["internal", "external"]),
        "monthly_requests": st.integers(min_value=0, max_value=5_000_000),
        "error_impact": st.sampled_from(["low", "moderate", "high", "critical"]),
        "human_review": st.sampled_from(["every_output", "sampled", "none"]),
        "data_sensitivity": st.sampled_from(
            ["public", "internal", "confidential", "personal", "special_category"]
        ),
        "deployment": st.sampled_from(["any", "private_cloud", "on_premises"]),
        "eu_users": st.booleans(),
        "commercial_product": st.booleans(),
        "annex_iii_areas": st.lists(st.sampled_from([a.value for a in AnnexIIIArea]), max_size=2),
    }
)

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(profiles, st.sampled_from([a.value for a in AnnexIIIArea]))
def test_adding_a_high_risk_area_never_improves_the_verdict(
    profile: dict[str, Any], area: str
) -> None:
    before = recommend(**profile)
    after = recommend(**{**profile, "annex_iii_areas": [*profile["annex_iii_areas"], area]})
    assert VERDICT_RANK[after.verdict] >= VERDICT_RANK[before.verdict]


@PROPERTY
@given(
    profiles,
    st.sampled_from(
        [
            {"prohibited_practice": "social_scoring"},
            {"regulated_product": "medical_device"},
            {"regulated_product": "machinery"},
            {"children": True},
        ]
    ),
)
def test_a_prohibited_practice_a_regulated_product_or_children_never_improve_it(
    profile: dict[str, Any], extra: dict[str, Any]
) -> None:
    before = recommend(**profile)
    after = recommend(**{**profile, **extra})
    assert VERDICT_RANK[after.verdict] >= VERDICT_RANK[before.verdict]
    if extra.get("prohibited_practice") and profile["eu_users"]:
        assert after.verdict == "not_recommended"


@PROPERTY
@given(profiles, st.sampled_from([None, "social_scoring", "emotion_recognition"]))
def test_every_talking_point_agrees_with_the_verdict(
    profile: dict[str, Any], practice: str | None
) -> None:
    rec = recommend(**profile, **({"prohibited_practice": practice} if practice else {}))
    assert_points_agree(rec)


# -- the text suggests, the answer decides ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("Shortlist applicants for our vacancies", "annex_iii_areas", "employment"),
        ("Mark pupils' homework and suggest feedback", "annex_iii_areas", "education"),
        ("Score consumer credit applications", "annex_iii_areas", "essential_services"),
        ("Prioritise emergency calls for the dispatchers", "annex_iii_areas", "emergency_triage"),
        (
            "Detect the emotions of our employees on video calls",
            "prohibited_practice",
            "emotion_recognition",
        ),
        ("Software for our medical device that reads ECGs", "regulated_product", "medical_device"),
        ("A homework helper for primary school children", "children", True),
    ],
)
def test_the_use_case_suggests_what_it_plainly_describes(
    text: str, field: str, value: object
) -> None:
    assert suggestions(text).get(field) == value


@pytest.mark.parametrize(
    "text",
    [
        "Extract amounts and references from supplier invoices and credit notes",
        "Generate an exam-style quiz about our coffee machines for a sales promotion",
        "Approve small refund requests automatically from the order history",
        "Summarise court-ordered audit reports for the finance team",
        "Draft the promotion emails for our summer sale",
    ],
)
def test_words_out_of_their_context_suggest_no_high_risk_area(text: str) -> None:
    assert "annex_iii_areas" not in suggestions(text)


def test_credit_notes_and_a_sales_quiz_are_not_high_risk_without_an_answer() -> None:
    for use_case, task in (
        ("Extract amounts and references from supplier invoices and credit notes", "extraction"),
        ("Generate an exam-style quiz about our coffee machines for a sales promotion", "drafting"),
    ):
        rec = recommend(use_case=use_case, task_type=task, audience="internal")
        assert "regulatory" not in {r.id for r in rec.risks}, use_case
        assert rec.assumptions["annex_iii_areas"] == "none"


def test_an_unanswered_area_the_text_suggests_is_assumed_and_said_so() -> None:
    rec = recommend(use_case="Shortlist applicants for our vacancies", task_type="classification")
    assert rec.assumptions["annex_iii_areas"] == "employment"
    regulatory = next(r for r in rec.risks if r.id == "regulatory")
    assert regulatory.severity == "high"
    assert "suggest" in regulatory.why.lower() and "Annex III point 4" in regulatory.why
    # An answer decides: "none" removes it.
    answered = recommend(
        use_case="Shortlist applicants for our vacancies",
        task_type="classification",
        annex_iii_areas=[],
    )
    assert "regulatory" not in {r.id for r in answered.risks}


def test_an_automated_decision_on_personal_data_is_not_high_risk_by_itself() -> None:
    rec = recommend(
        use_case="Approve small refund requests automatically",
        task_type="decision_automation",
        data_sensitivity="personal",
        audience="internal",
        annex_iii_areas=[],
        eu_users=True,
    )
    assert "regulatory" not in {r.id for r in rec.risks}


# -- the profile and the interview ---------------------------------------------------------


def test_an_old_saved_profile_stays_valid_and_new_fields_have_documented_defaults() -> None:
    old = {"use_case": "Summarise weekly reports", "task_type": "summarization"}
    rec = recommend(**old)
    assert rec.assumptions["annex_iii_areas"] == "none"
    assert rec.assumptions["prohibited_practice"] == "none"
    assert rec.assumptions["regulated_product"] == "none"
    assert rec.assumptions["children"] is False
    json.dumps(rec.model_dump(mode="json"))
    profile = Profile(**old, annex_iii_areas="employment, education")  # the interview's form
    assert [a.value for a in profile.annex_iii_areas or []] == ["education", "employment"]
    assert Profile(**old, annex_iii_areas="none").annex_iii_areas == []
    with pytest.raises(ValueError, match="annex_iii_areas"):
        Profile(**old, annex_iii_areas=["hiring"])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("none of those", "none"),
        ("no, nothing like that", "none"),
        ("hiring and performance reviews", "employment"),
        ("employment and education", "education,employment"),
        ("it scores credit applications", "essential_services"),
        ("3", "education"),
    ],
)
def test_the_areas_question_takes_plain_answers(text: str, value: str) -> None:
    result = parse_answer(QUESTION_BY_FIELD["annex_iii_areas"], text)
    assert result.ok and result.value == value, result


def test_the_areas_question_is_core_and_none_is_answered_once() -> None:
    interview = Interview()
    interview.answer("Summarise internal project meeting notes for the team")
    for field, text in (
        ("task_type", "summaries"),
        ("audience", "internal"),
        ("monthly_requests", "2000 a month"),
        ("error_impact", "low"),
        ("human_review", "spot checks"),
        ("data_sensitivity", "internal"),
        ("deployment", "no restriction"),
    ):
        question = interview.next_question()
        assert question is not None and question.field == field
        interview.answer(text)
    question = interview.next_question()
    assert question is not None and question.field == "annex_iii_areas"
    assert "none of those" in question.prompt.lower()
    assert not interview.can_finish_early()
    interview.answer("none of those")
    assert interview.answers["annex_iii_areas"] == "none"
    assert interview.can_finish_early()
    skipped = interview.skip_rest()
    assert {"prohibited_practice", "regulated_product", "children"} <= set(skipped)
    profile = interview.to_profile()
    assert profile.annex_iii_areas == []


def test_the_opener_suggests_an_area_for_the_manager_to_confirm() -> None:
    from assistant.conversation.offline import OfflineDialogue

    dialogue = OfflineDialogue(search=lambda q, k: [], recommend=engine().recommend)
    interview = Interview()
    turn = dialogue.handle(interview, None, "We want to shortlist applicants for our vacancies")
    assert "annex_iii_areas" not in interview.answers  # a suggestion never decides alone
    assert interview.checks and interview.checks[0].field == "annex_iii_areas"
    assert "Jobs and workers" in turn.reply
    dialogue.handle(interview, None, "yes")
    assert interview.answers["annex_iii_areas"] == "employment"
    assert interview.sources["annex_iii_areas"] == "confirmed"


def test_a_manager_who_says_none_to_the_suggestion_answers_once() -> None:
    from assistant.conversation.offline import OfflineDialogue

    dialogue = OfflineDialogue(search=lambda q, k: [], recommend=engine().recommend)
    interview = Interview()
    dialogue.handle(interview, None, "We want to shortlist applicants for our vacancies")
    dialogue.handle(interview, None, "none of those, it only formats them")
    assert interview.answers["annex_iii_areas"] == "none"
    assert not interview.checks


def test_the_opener_can_say_no_decisions_about_people() -> None:
    from assistant.questionnaire.reading import read_message

    reading = read_message(
        "Summarise our maintenance logs; it makes no decisions about people",
        QUESTION_BY_FIELD["use_case"],
        {},
    )
    found = reading.by_field()
    assert found["annex_iii_areas"].value == "none" and not found["annex_iii_areas"].check


def test_every_date_the_advice_states_is_in_the_document_it_comes_from() -> None:
    from assistant.advice.regulation import AS_OF, DATES

    documents = {d.id: d for d in load_documents(KNOWLEDGE)}
    for name, dated in DATES.items():
        document = documents[dated.document]
        assert dated.when in document.body, (name, dated)
    reviewed = {documents[d.document].meta.reviewed.isoformat() for d in DATES.values()}
    assert reviewed == {"2026-12-01"} and AS_OF == "1 December 2026"


def test_a_wrong_area_in_a_profile_file_is_one_line_naming_the_field() -> None:
    from assistant.advice.profile_io import ProfileError, parse_profile_json

    for areas in ('["hiring"]', '"hiring"', "3"):
        text = (
            f'{{"use_case": "Rank applicants", "task_type": "other", "annex_iii_areas": {areas}}}'
        )
        with pytest.raises(ProfileError) as caught:
            parse_profile_json(text)
        message = str(caught.value)
        assert "annex_iii_areas" in message and "employment" in message and "\n" not in message
    assert (
        parse_profile_json(
            '{"use_case": "Rank applicants", "task_type": "other", "annex_iii_areas": "none"}'
        ).annex_iii_areas
        == []
    )


def test_the_model_driven_interview_is_told_the_areas_question_takes_several() -> None:
    from assistant.conversation.agent import accepted

    words = accepted("annex_iii_areas")
    assert words.startswith("any of") and "employment" in words and words.endswith("none")
    result = parse_answer(QUESTION_BY_FIELD["annex_iii_areas"], "employment, education")
    assert result.ok and result.value == "education,employment"
