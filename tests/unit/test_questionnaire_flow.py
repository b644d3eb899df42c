"""The interview: order, progress, skips, changes, storage; the questions and defaults it
relies on; and the detection of "change the budget to ..." corrections."""

from __future__ import annotations

import json

import pytest

from assistant.questionnaire import (
    DEFAULTS,
    QUESTION_BY_FIELD,
    QUESTIONS,
    TASK_SIZES,
    Interview,
    applies,
    default_for,
    detect_field_change,
    with_defaults,
)
from assistant.questionnaire.questions import (
    ENUMS,
    NEVER_ASSUMED,
    OPTIONAL_FIELDS,
    VOLUNTEERED_FIELDS,
)
from assistant.schemas import Profile, TaskType
from assistant.tokens import count_tokens

# One free-text answer per question, as a manager would type them.
ANSWERS = {
    "use_case": "Summarise customer support calls so team leads can spot recurring complaints",
    "task_type": "summarise call transcripts",
    "audience": "just our team leads",
    "monthly_requests": "about 2,000 calls a day",
    "input_tokens": "a 10 minute call",
    "output_tokens": "a short paragraph",
    "latency": "no rush, overnight is fine",
    "error_impact": "it would annoy a customer but we can fix it",
    "human_review": "someone spot-checks a sample each week",
    "data_sensitivity": "customer names and account numbers",
    "deployment": "it has to stay in our Azure tenant",
    "annex_iii_areas": "none of those",
    "prohibited_practice": "none of those",
    "regulated_product": "no, just software",
    "children": "no",
    "monthly_budget_usd": "$3k a month",
    "team_skill": "a couple of developers, no ML people",
    "labeled_examples": "none",
    "commercial_product": "yes, it's part of our paid product",
    "monthly_active_users": "around 500 team leads",
    "eu_users": "yes, mostly Germany",
    "timeline_weeks": "three months",
    "minutes_per_item": "a team lead spends about 6 minutes per call",
    "hourly_cost_usd": "$45 an hour all in",
    "time_saved_pct": "maybe a third",
    "build_cost_usd": "2 developers for 6 weeks at $90 an hour",
    "adoption_ramp_months": "a quarter",
}


def run(interview: Interview, answers: dict[str, str] = ANSWERS) -> list[str]:
    """Answer whatever is asked until done; the fields in the order asked."""
    asked: list[str] = []
    while (question := interview.next_question()) is not None:
        assert question.field not in asked, f"{question.field} asked twice"
        asked.append(question.field)
        result = interview.answer(answers[question.field])
        assert result.ok, f"{question.field}: {result.message}"
    return asked


# -- a whole interview -----------------------------------------------------------------------


def test_a_full_free_text_interview_completes() -> None:
    interview = Interview()
    assert interview.progress() == (0, 26)  # the user count is not asked yet
    asked = run(interview)
    assert asked == [
        q.field for q in QUESTIONS if q.field not in VOLUNTEERED_FIELDS
    ]  # in interview order, all 27
    assert interview.is_complete()
    answered, total = interview.progress()
    assert answered == total == 27
    profile = interview.to_profile()
    assert profile.task_type == TaskType.SUMMARIZATION
    assert profile.monthly_requests == 60_000
    assert profile.input_tokens == 2000  # 10 minutes x 150 words x 4/3
    assert profile.data_sensitivity == "personal"
    assert profile.monthly_budget_usd == 3000.0
    assert profile.monthly_active_users == 500
    assert profile.timeline_weeks == 13
    assert profile.minutes_per_item == 6
    assert profile.hourly_cost_usd == 45
    assert profile.time_saved_pct == 33.3
    assert profile.build_cost_usd == 2 * 6 * 40 * 90
    assert profile.adoption_ramp_months == 3
    assert interview.assumptions() == {}
    assert interview.answer("anything").ok is False  # nothing left to answer


def test_progress_counts_only_questions_that_apply() -> None:
    interview = Interview()
    answers = dict(ANSWERS, commercial_product="no, internal only")
    asked = run(interview, answers)
    assert "monthly_active_users" not in asked
    assert interview.progress() == (26, 26)
    assert interview.to_profile().monthly_active_users is None


def test_a_re_ask_changes_nothing() -> None:
    interview = Interview(answers={"use_case": ANSWERS["use_case"]})
    before = interview.model_dump()
    result = interview.answer("purple")
    assert not result.ok and result.message
    assert interview.model_dump() == before
    assert interview.next_question() == QUESTION_BY_FIELD["task_type"]


# -- skips -----------------------------------------------------------------------------------


def test_a_skip_records_the_default_as_an_assumption() -> None:
    interview = Interview()
    interview.answer(ANSWERS["use_case"])
    interview.answer("classify incoming emails")
    interview.answer("staff")
    interview.answer("2000 a day")
    for answer in (
        "noticeable",
        "spot checks",
        "internal",
        "no restriction",
        "none of those",
        "a few seconds",
    ):
        assert interview.answer(answer).ok
    result = interview.answer("no idea")  # input size
    assert result.ok and result.skipped
    classification = TASK_SIZES[TaskType.CLASSIFICATION].input_tokens
    assert interview.assumptions() == {"input_tokens": classification}
    assert interview.progress() == (11, 26)
    assert interview.next_question() == QUESTION_BY_FIELD["output_tokens"]
    # The profile leaves the field to the engine's defaults, which agree with the interview.
    profile = interview.to_profile()
    assert profile.input_tokens is None
    _, assumed = with_defaults(profile)
    assert assumed["input_tokens"] == interview.assumptions()["input_tokens"]
    assert interview.to_profile(include_assumed=True).input_tokens == classification


def test_assumed_sizes_follow_a_changed_task_type() -> None:
    interview = Interview(answers={"use_case": ANSWERS["use_case"], "task_type": "other"})
    interview.change("input_tokens", "skip")
    assert interview.assumptions()["input_tokens"] == TASK_SIZES[TaskType.OTHER].input_tokens
    interview.change("task_type", "summarising")
    summarise = TASK_SIZES[TaskType.SUMMARIZATION].input_tokens
    assert interview.assumptions()["input_tokens"] == summarise


def test_answering_a_skipped_question_removes_the_assumption() -> None:
    interview = Interview(answers={"use_case": ANSWERS["use_case"], "task_type": "other"})
    interview.change("latency", "not sure")
    assert "latency" in interview.assumptions()
    interview.change("latency", "instant")
    assert interview.assumptions() == {}
    assert interview.answers["latency"] == "realtime"


# -- changes ---------------------------------------------------------------------------------


def test_changing_commercial_product_to_no_drops_the_user_count() -> None:
    interview = Interview()
    run(interview)
    assert interview.progress() == (27, 27)
    result = interview.change("commercial_product", "no, it's internal")
    assert result.ok and result.value is False
    assert "monthly_active_users" not in interview.answers
    assert interview.progress() == (26, 26)
    assert interview.is_complete()
    assert interview.to_profile().monthly_active_users is None
    # Back to yes: the user count applies again and is asked next, nothing else is lost.
    interview.change("commercial_product", "yes")
    assert interview.progress() == (26, 27)
    assert interview.next_question() == QUESTION_BY_FIELD["monthly_active_users"]
    assert interview.answers["timeline_weeks"] == 13


def test_changing_an_earlier_answer_keeps_the_later_ones() -> None:
    interview = Interview()
    run(interview)
    later = {k: v for k, v in interview.answers.items() if k != "monthly_requests"}
    result = interview.change("monthly_requests", "10k a day")
    assert result.ok
    assert interview.answers["monthly_requests"] == 300_000
    assert {k: v for k, v in interview.answers.items() if k != "monthly_requests"} == later
    assert interview.is_complete()


def test_a_change_that_is_not_understood_keeps_the_old_answer() -> None:
    interview = Interview()
    run(interview)
    result = interview.change("monthly_budget_usd", "a fair amount")
    assert not result.ok and "20k a year" in result.message
    assert interview.answers["monthly_budget_usd"] == 3000.0


def test_changes_to_unknown_or_inapplicable_questions_are_refused() -> None:
    interview = Interview(answers={"use_case": ANSWERS["use_case"], "task_type": "code"})
    assert not interview.change("colour", "blue").ok
    assert not interview.change("monthly_active_users", "500").ok  # not a product (yet)
    assert "monthly_active_users" not in interview.answers


def test_a_pasted_sample_is_kept_and_replaced_by_a_later_size() -> None:
    sample = (
        "Dear support, my order 4411 arrived with a cracked screen. I have attached photos of "
        "the box and the device. I would like a replacement rather than a refund, and I need "
        "it before the end of the month because it is a birthday present. Kind regards, Tom"
    )
    interview = Interview(answers={"use_case": ANSWERS["use_case"], "task_type": "other"})
    result = interview.change("input_tokens", sample)
    assert result.sample_text == sample
    assert interview.answers["input_tokens"] == count_tokens(sample)
    assert interview.answers["sample_input"] == sample
    assert interview.to_profile().sample_input == sample
    interview.change("input_tokens", "2 pages")
    assert interview.answers["input_tokens"] == 1333
    assert "sample_input" not in interview.answers


# -- typed values, profile, storage ----------------------------------------------------------


def test_set_value_validates_against_the_profile() -> None:
    interview = Interview()
    interview.set_value("use_case", "Route support tickets to the right team")
    interview.set_value("task_type", TaskType.CLASSIFICATION)
    interview.set_value("latency", "batch")
    interview.set_value("monthly_budget_usd", 500)
    assert interview.answers["task_type"] == "classification"
    assert interview.to_profile().monthly_budget_usd == 500.0
    for field, bad in [
        ("latency", "soon"),
        ("monthly_requests", -1),
        ("monthly_requests", "5"),
        ("monthly_requests", True),
        ("timeline_weeks", 0),
        ("colour", "blue"),
    ]:
        with pytest.raises(ValueError, match=field):
            interview.set_value(field, bad)
    assert interview.answers["latency"] == "batch"
    interview.set_value("latency", None)
    assert "latency" not in interview.answers


def test_set_value_of_a_sample_measures_the_input() -> None:
    interview = Interview()
    interview.set_value("sample_input", "Please summarise this short note for me.")
    assert interview.answers["input_tokens"] == count_tokens(
        "Please summarise this short note for me."
    )


def test_to_profile_needs_the_use_case_and_the_task_type() -> None:
    interview = Interview()
    with pytest.raises(ValueError, match="use_case"):
        interview.to_profile()
    interview.answer(ANSWERS["use_case"])
    with pytest.raises(ValueError, match="task_type"):
        interview.to_profile()
    interview.answer("chatbot")
    assert interview.to_profile().task_type == TaskType.CONVERSATION


def test_an_interview_survives_a_json_round_trip() -> None:
    interview = Interview()
    answers = dict(ANSWERS, latency="not sure", eu_users="no idea")
    run(interview, answers)
    stored = interview.model_dump_json()
    assert json.loads(stored)["assumed"] == {"latency": "interactive", "eu_users": True}
    restored = Interview.model_validate_json(stored)
    assert restored == interview
    assert restored.to_profile() == interview.to_profile()
    assert restored.progress() == interview.progress()
    assert type(restored.answers["monthly_budget_usd"]) is float
    assert type(restored.answers["monthly_requests"]) is int
    assert restored.answers["commercial_product"] is True


def test_from_profile_holds_every_given_field() -> None:
    profile = Profile(use_case="Tag tickets", task_type="classification", monthly_requests=10)
    interview = Interview.from_profile(profile)
    assert interview.to_profile() == profile
    assert interview.next_question() == QUESTION_BY_FIELD["audience"]


# -- detecting corrections -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("actually the budget is 2k a month", "monthly_budget_usd", 2000.0),
        ("change the volume to 10k a day", "monthly_requests", 300_000),
        ("update the deadline to 8 weeks", "timeline_weeks", 8),
        ("correction: the review is every output", "human_review", "every_output"),
        ("actually our users are in the EU", "eu_users", True),
        ("actually we are not in the EU", "eu_users", False),
        ("make it realtime", "latency", "realtime"),
        ("actually, hosting must be on our own servers", "deployment", "on_premises"),
        ("instead, the output size is a one-word label", "output_tokens", 5),
        ("change the budget from 1k to 2k a month", "monthly_budget_usd", 2000.0),
        ("it's now 500 labelled examples", "labeled_examples", 500),
        ("actually the team has strong ML engineers", "team_skill", "strong"),
    ],
)
def test_detect_field_change(text: str, field: str, value: object) -> None:
    found = detect_field_change(text)
    assert found is not None and found[0] == field
    interview = Interview()
    run(interview)
    result = interview.change(found[0], found[1])
    assert result.ok, result.message
    assert result.value == value


@pytest.mark.parametrize(
    "text", ["the budget is 2k a month", "about 2000 a day", "yes", "actually no", "change"]
)
def test_no_change_without_intent_and_a_field(text: str) -> None:
    assert detect_field_change(text) is None


# -- questions and defaults ------------------------------------------------------------------


def test_every_profile_field_but_the_captured_ones_is_asked_once() -> None:
    fields = [q.field for q in QUESTIONS]
    assert sorted(fields) == sorted(set(Profile.model_fields) - {"sample_input", "currency"})
    assert len(fields) == len(set(fields))


def test_choice_values_are_exactly_the_schema_enum_values() -> None:
    for field, enum in ENUMS.items():
        question = QUESTION_BY_FIELD[field]
        assert question.kind == "choice"
        assert [c.value for c in question.choices] == [member.value for member in enum]
        assert question.options() == [member.value for member in enum]
        for choice in question.choices:
            assert choice.description and "\n" not in choice.description


def test_the_user_count_applies_only_to_a_commercial_product() -> None:
    question = QUESTION_BY_FIELD["monthly_active_users"]
    assert applies(question, {"commercial_product": True})
    assert not applies(question, {"commercial_product": False})
    assert not applies(question, {})
    assert all(
        applies(q, {})
        for q in QUESTIONS
        if q.field != "monthly_active_users" and q.field not in VOLUNTEERED_FIELDS
    )


def test_volunteered_figures_are_kept_never_asked_and_a_cost_per_item_stands_in() -> None:
    interview = Interview()
    interview.record("use_case", "Summarise incoming claims")
    interview.record("task_type", "summarization")
    asked = {q.field for q in interview.questions()}
    assert not asked & set(VOLUNTEERED_FIELDS)
    interview.record("cost_per_item_usd", 8.0)
    interview.record("revenue_at_stake_usd", 20000.0)
    asked = {q.field for q in interview.questions()}
    # The cost per item answers minutes and the cost of an hour; the revenue brings its
    # share, which has a default.
    assert {"cost_per_item_usd", "revenue_at_stake_usd", "revenue_share_pct"} <= asked
    assert not {"minutes_per_item", "hourly_cost_usd"} & asked
    # Minutes said anyway are kept, not held back.
    interview.record("minutes_per_item", 12.0)
    assert interview.answers["minutes_per_item"] == 12.0
    # Skipping the cost per item forgets it; nothing is assumed in its place.
    assert interview.change("cost_per_item_usd", "skip").ok
    assert "cost_per_item_usd" not in interview.known()
    profile, assumed = with_defaults(interview.to_profile())
    assert profile.cost_per_item_usd is None and "cost_per_item_usd" not in assumed
    assert assumed["revenue_share_pct"] == 5.0


def test_every_optional_field_has_a_documented_default() -> None:
    assert set(DEFAULTS) == set(OPTIONAL_FIELDS) - NEVER_ASSUMED
    for field, default in DEFAULTS.items():
        assert default.reason
        question = QUESTION_BY_FIELD[field]
        assert question.default == default.value and question.default_reason == default.reason


def test_token_defaults_depend_on_the_task_type() -> None:
    assert default_for("input_tokens", TaskType.SUMMARIZATION) == 3000
    assert default_for("output_tokens", "summarization") == 300
    assert default_for("input_tokens", TaskType.CLASSIFICATION) == 400
    assert default_for("output_tokens", TaskType.CLASSIFICATION) == 5
    assert set(TASK_SIZES) == set(TaskType)
    with pytest.raises(KeyError):
        default_for("use_case")


def test_with_defaults_fills_and_lists_what_it_assumed() -> None:
    profile = Profile(use_case="Tag tickets", task_type="classification", latency="batch")
    filled, assumed = with_defaults(profile)
    assert filled.latency == "batch" and "latency" not in assumed
    assert filled.input_tokens == 400 and assumed["input_tokens"] == 400
    assert assumed["human_review"] == "none"  # enum values as strings, JSON-ready
    assert filled.monthly_active_users == 0  # follows from commercial_product (assumed)
    assert "monthly_active_users" not in assumed and assumed["commercial_product"] is False
    assert filled.sample_input is None
    json.dumps(assumed)


def test_with_defaults_counts_a_sample_and_derives_a_products_users() -> None:
    sample = "Please classify this email about a late delivery."
    profile = Profile(
        use_case="Tag tickets",
        task_type="classification",
        sample_input=sample,
        commercial_product=True,
        monthly_requests=10_000,
    )
    filled, assumed = with_defaults(profile)
    assert filled.input_tokens == count_tokens(sample) and "input_tokens" not in assumed
    assert filled.monthly_active_users == 500 == assumed["monthly_active_users"]
    assert filled.sample_input == sample


def test_every_choice_label_fits_on_its_button() -> None:
    # The web app shows choices as buttons three to a row; a longer label is cut off.
    long = [c.label for q in QUESTIONS for c in q.choices if len(c.label) > 38]
    assert not long
