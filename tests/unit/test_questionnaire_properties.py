"""Properties of the answer reader and the defaults, checked on generated inputs."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.questionnaire import (
    PERIOD_FACTORS,
    QUESTION_BY_FIELD,
    QUESTIONS,
    Interview,
    parse_answer,
    with_defaults,
)
from assistant.questionnaire.questions import ENUMS, MULTI_ENUMS, NEVER_ASSUMED, OPTIONAL_FIELDS
from assistant.schemas import Profile

REQUESTS = QUESTION_BY_FIELD["monthly_requests"]
PERIOD_WORDS = {
    "hour": "an hour",
    "day": "a day",
    "working_day": "per working day",
    "week": "a week",
    "fortnight": "a fortnight",
    "month": "a month",
    "quarter": "a quarter",
    "year": "a year",
}


def monthly(text: str) -> int:
    result = parse_answer(REQUESTS, text)
    assert result.ok and not result.skipped, (text, result.message)
    assert isinstance(result.value, int)
    return result.value


@given(st.integers(min_value=0, max_value=10**10 // 30))
def test_n_a_day_is_thirty_times_n_a_month(n: int) -> None:
    assert monthly(f"{n} a day") == n * 30
    assert monthly(f"{n:,} a day") == n * 30


@given(st.integers(min_value=0, max_value=10**7))
def test_n_k_is_n_thousand(n: int) -> None:
    assert monthly(f"{n} k") == n * 1000
    assert monthly(f"{n}k") == n * 1000


@given(st.integers(min_value=0, max_value=10**8), st.integers(min_value=1, max_value=10**8))
def test_more_per_day_is_more_per_month(a: int, extra: int) -> None:
    assert monthly(f"{a} a day") < monthly(f"{a + extra} a day")


@given(st.integers(min_value=1, max_value=10**7), st.sampled_from(sorted(PERIOD_WORDS)))
def test_each_period_uses_its_documented_factor(n: int, period: str) -> None:
    expected = n * PERIOD_FACTORS[period]
    assert abs(monthly(f"{n} {PERIOD_WORDS[period]}") - expected) <= 0.5


@given(st.integers(min_value=1, max_value=10**7))
def test_shorter_periods_give_more_per_month(n: int) -> None:
    # Ordered from the shortest period to the longest.
    order = ["hour", "day", "working_day", "week", "fortnight", "month", "quarter", "year"]
    values = [monthly(f"{n} {PERIOD_WORDS[period]}") for period in order]
    assert values == sorted(values, reverse=True)


def test_a_volume_past_the_profile_bound_is_refused_with_the_reason() -> None:
    result = parse_answer(QUESTION_BY_FIELD["monthly_requests"], "1 billion a day")
    assert not result.ok and "10000000000" in result.message.replace(",", "")


ANSWER_WORDS = st.sampled_from(
    "a an and of to or between about roughly ~ - / % $ € k m bn thousand million hundred "
    "half dozen couple few several zero one two twelve twenty 0 1 7 12 3.5 1,500 10,000 "
    "day week month year hour working per each x pages words tokens label not no yes skip "
    "sure instant batch personal eu us sprint quarter end minus".split()
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.sampled_from(QUESTIONS),
    st.one_of(st.text(max_size=300), st.lists(ANSWER_WORDS, max_size=12).map(" ".join)),
)
def test_parse_answer_never_raises(question: Any, text: str) -> None:
    result = parse_answer(question, text)
    if result.ok:
        assert result.skipped or result.value is not None
        if not result.skipped:
            # Whatever was read is a valid value for the profile field.
            data: dict[str, Any] = {"use_case": "a valid use case", "task_type": "other"}
            data[question.field] = result.value
            Profile.model_validate(data)
    else:
        assert result.message and "\n" not in result.message
        assert not result.skipped


def optional_value(field: str) -> st.SearchStrategy[Any]:
    if field in ENUMS:
        return st.sampled_from(list(ENUMS[field]))
    if field in ("commercial_product", "eu_users", "children"):
        return st.booleans()
    if field in MULTI_ENUMS:
        return st.lists(st.sampled_from(list(MULTI_ENUMS[field])), max_size=3)
    if field == "monthly_budget_usd":
        return st.floats(min_value=0, max_value=1e9, allow_nan=False)
    if field == "timeline_weeks":
        return st.integers(min_value=1, max_value=520)
    bound = next(m.le for m in Profile.model_fields[field].metadata if hasattr(m, "le"))
    return st.integers(min_value=0, max_value=bound)


PROFILES = st.fixed_dictionaries(
    {
        "use_case": st.text(
            st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=50
        ).filter(str.strip),
        "task_type": st.sampled_from(list(ENUMS["task_type"])),
        "sample_input": st.none()
        | st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200),
        **{
            field: st.none() | optional_value(field)
            for field in OPTIONAL_FIELDS
            if field != "task_type"
        },
    }
).map(lambda data: Profile.model_validate(data))


@settings(max_examples=200, deadline=None)
@given(PROFILES)
def test_with_defaults_fills_every_optional_field(profile: Profile) -> None:
    filled, assumed = with_defaults(profile)
    # Left empty by design: what was never stated of the cost per item and the revenue at
    # stake (and its share without the revenue), and minutes and the cost of an hour once
    # a cost per item stands in for them.
    empty = set(NEVER_ASSUMED) - {f for f in NEVER_ASSUMED if getattr(profile, f) is not None}
    if not profile.revenue_at_stake_usd and profile.revenue_share_pct is None:
        empty.add("revenue_share_pct")
    if profile.cost_per_item_usd is not None:
        empty |= {f for f in ("minutes_per_item", "hourly_cost_usd") if getattr(profile, f) is None}
    for field in OPTIONAL_FIELDS:
        assert (getattr(filled, field) is None) == (field in empty), field
    assert filled.sample_input == profile.sample_input
    given_fields = {f for f in OPTIONAL_FIELDS if getattr(profile, f) is not None}
    for field in given_fields:
        assert getattr(filled, field) == getattr(profile, field)
    assert set(assumed) <= set(OPTIONAL_FIELDS) - given_fields
    # Only two fields may be filled without being listed, for documented reasons.
    unlisted = set(OPTIONAL_FIELDS) - given_fields - set(assumed) - empty
    assert unlisted <= {"input_tokens", "monthly_active_users"}
    if "input_tokens" in unlisted:
        assert profile.sample_input
    if "monthly_active_users" in unlisted:
        assert filled.commercial_product is False and filled.monthly_active_users == 0
    # The assumptions are JSON-ready and are the values used.
    restored = json.loads(json.dumps(assumed))
    for field, value in restored.items():
        used = filled.model_dump(mode="json")[field]
        if field in MULTI_ENUMS:  # a list of choices is assumed in the interview's form
            used = ",".join(used) or "none"
        assert used == value


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.sampled_from(["skip", "yes", "no", "2 pages", "a few thousand", "batch"]), max_size=25
    )
)
def test_interview_invariants_hold_for_any_answers(texts: list[str]) -> None:
    interview = Interview(answers={"use_case": "Route tickets to teams", "task_type": "other"})
    for text in texts:
        before = interview.progress()
        result = interview.answer(text)
        answered, total = interview.progress()
        assert 0 <= answered <= total
        if not result.ok:
            assert (answered, total) == before
        assert set(interview.answers).isdisjoint(interview.assumed)
        assert Interview.model_validate_json(interview.model_dump_json()) == interview
    interview.to_profile()
    interview.to_profile(include_assumed=True)
