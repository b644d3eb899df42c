"""What the web app's widgets send comes back as the number they show."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.conversation.service import NUMBER_UNITS, pending_question
from assistant.questionnaire import QUESTION_BY_FIELD, Interview, parse_answer


@pytest.mark.parametrize("field", sorted(NUMBER_UNITS))
@given(number=st.integers(min_value=1, max_value=10_000_000))
def test_a_number_with_its_unit_parses_to_that_number(field: str, number: int) -> None:
    if field == "timeline_weeks":
        number = min(number, 520)
    result = parse_answer(QUESTION_BY_FIELD[field], f"{number:,} {NUMBER_UNITS[field]}")
    assert result.ok and not result.skipped
    assert result.value == number


def test_pending_question_says_if_it_can_be_skipped() -> None:
    interview = Interview()
    first = pending_question(interview)
    assert first is not None and first.field == "use_case" and first.required
    interview.answer("Summarise weekly reports for the board")
    interview.answer("summaries")
    interview.answer("internal")
    volume = pending_question(interview)
    assert volume is not None and volume.field == "monthly_requests"
    assert not volume.required and volume.number_unit == "requests per month"
