"""Reading free-text answers: the documented conversions, re-asks, limits, skips, choices,
the similarity fallback and the evaluation set."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from assistant.questionnaire import (
    QUESTION_BY_FIELD,
    ParseResult,
    Similarity,
    evaluate,
    parse_answer,
)
from assistant.questionnaire.parsing import (
    FX_TO_USD,
    MAX_ANSWER_CHARS,
    MAX_SAMPLE_CHARS,
    SIMILARITY_MARGIN,
    SIMILARITY_THRESHOLD,
    choice_texts,
)
from assistant.questionnaire.reading import read_message
from assistant.schemas import Profile
from assistant.tokens import count_tokens

EVALSET = Path(__file__).resolve().parents[2] / "assistant" / "evalsets" / "answers.jsonl"


def parse(field: str, text: str) -> ParseResult:
    return parse_answer(QUESTION_BY_FIELD[field], text)


# -- the conversions the brief and the module docstring promise ------------------------------


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        # numbers, number words, vague quantities, ranges
        ("monthly_requests", "1,500,000", 1_500_000),
        ("monthly_requests", "1.5k", 1500),
        ("monthly_requests", "2 bn a year", 166_666_667),
        ("monthly_requests", "a couple of hundred", 200),
        ("monthly_requests", "a few thousand", 3000),
        ("monthly_requests", "twenty", 20),
        ("monthly_requests", "twenty-five", 25),
        ("monthly_requests", "two and a half million", 2_500_000),
        ("monthly_requests", "half a million", 500_000),
        ("monthly_requests", "a dozen", 12),
        ("monthly_requests", "between 200 and 300", 250),
        ("monthly_requests", "2-3k", 2500),
        ("monthly_requests", "~ 400", 400),
        ("monthly_requests", "maybe 10 000", 10_000),
        # rates to a month
        ("monthly_requests", "about 50k a day", 1_500_000),
        ("monthly_requests", "2 million a year", 166_667),
        ("monthly_requests", "100 per hour", 72_000),
        ("monthly_requests", "100 per working day", 2100),
        ("monthly_requests", "100 per business day", 2100),
        ("monthly_requests", "120 a week", 520),
        ("monthly_requests", "300 per quarter", 100),
        ("monthly_requests", "40 tickets per agent per day, 50 agents", 60_000),
        ("monthly_active_users", "5% of 200k customers", 10_000),
        # money
        ("monthly_budget_usd", "$1.5k/month", 1500.0),
        ("monthly_budget_usd", "2000 dollars", 2000.0),
        ("monthly_budget_usd", "20k a year", 1667.0),
        ("monthly_budget_usd", "€500 per month", float(round(500 * FX_TO_USD["EUR"], 4))),
        ("monthly_budget_usd", "£1,000 a month", float(round(1000 * FX_TO_USD["GBP"], 4))),
        ("monthly_budget_usd", "zero", 0.0),
        # durations
        ("timeline_weeks", "six weeks", 6),
        ("timeline_weeks", "3 months", 13),
        ("timeline_weeks", "a quarter", 13),
        ("timeline_weeks", "two sprints", 4),
        ("timeline_weeks", "a year and a half", 78),
        ("timeline_weeks", "3 days", 1),
        ("timeline_weeks", "12", 12),
        # sizes
        ("input_tokens", "2 pages", 1333),
        ("input_tokens", "800 words", 1067),
        ("input_tokens", "1500 tokens", 1500),
        ("input_tokens", "a paragraph", 133),
        ("input_tokens", "4000 characters", 1000),
        ("output_tokens", "a one-word label", 5),
        ("output_tokens", "a short email", 133),
        # counts
        ("labeled_examples", "none", 0),
        ("labeled_examples", "about 5,000 tagged tickets", 5000),
    ],
)
def test_documented_conversions(field: str, text: str, expected: float) -> None:
    result = parse(field, text)
    assert result.ok and not result.skipped, result.message
    assert result.value == expected
    assert type(result.value) is type(expected)  # ints stay ints, budgets are floats


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("latency", "instant", "realtime"),
        ("latency", "while the customer waits", "realtime"),
        ("latency", "under a second", "realtime"),
        ("latency", "live", "realtime"),
        ("latency", "within 5 seconds", "interactive"),
        ("latency", "not realtime, overnight is fine", "batch"),
        ("data_sensitivity", "customer names", "personal"),
        ("data_sensitivity", "employee records", "personal"),
        ("data_sensitivity", "PII", "personal"),
        ("data_sensitivity", "health data", "special_category"),
        ("data_sensitivity", "biometric", "special_category"),
        ("data_sensitivity", "union membership", "special_category"),
        ("data_sensitivity", "mostly public pages but some customer names", "personal"),
        ("data_sensitivity", "no personal data, just internal docs", "internal"),
        ("deployment", "our own servers", "on_premises"),
        ("deployment", "in-house data centre", "on_premises"),
        ("deployment", "air-gapped", "on_premises"),
        ("deployment", "on prem", "on_premises"),
        ("task_type", "summarise call transcripts", "summarization"),
        ("task_type", "Summarising our board packs", "summarization"),
        ("task_type", "predict next quarter's sales", "forecasting"),
        ("task_type", "chatbot", "conversation"),
        ("task_type", "route tickets", "classification"),
        ("task_type", "pull fields from invoices", "extraction"),
        ("task_type", "approve loans automatically", "decision_automation"),
        ("task_type", "search_qa", "search_qa"),
        ("task_type", "search qa", "search_qa"),
        ("task_type", "Answering questions from documents", "search_qa"),
        ("task_type", "1", "summarization"),
        ("human_review", "about 10% of them", "sampled"),
        ("human_review", "100%", "every_output"),
        ("human_review", "no, a person approves each one", "every_output"),
        ("audience", "staff, but customers see the replies", "external"),
    ],
)
def test_choices(field: str, text: str, expected: str) -> None:
    result = parse(field, text)
    assert result.ok, result.message
    assert result.value == expected


def test_choice_values_are_returned_as_the_schema_enum() -> None:
    value = parse("latency", "instant").value
    profile = Profile(use_case="a use case", task_type="other", latency=value)
    assert profile.latency == value


def test_two_options_matching_equally_take_the_first_named_to_be_confirmed() -> None:
    result = parse("task_type", "transcribe calls and summarise them")
    assert result.ok and result.value == "speech"
    assert result.check == "ambiguous"


def test_the_option_named_most_often_wins_a_tie() -> None:
    result = parse("task_type", "code completion, and chat about code")
    assert result.ok and result.value == "code" and not result.check


def test_unmatched_choice_lists_every_option() -> None:
    result = parse("latency", "purple")
    assert not result.ok
    for choice in QUESTION_BY_FIELD["latency"].choices:
        assert choice.label in result.message


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("commercial_product", "yes", True),
        ("commercial_product", "yeah, we sell it", True),
        ("commercial_product", "we do", True),
        ("commercial_product", "correct", True),
        ("commercial_product", "no", False),
        ("commercial_product", "nope", False),
        ("commercial_product", "not really", False),
        ("commercial_product", "internal only", False),
        ("commercial_product", "we do not sell it", False),
        ("eu_users", "it is", True),
        ("eu_users", "customers in France", True),
        ("eu_users", "the US and Germany", True),
        ("eu_users", "US only", False),
        ("eu_users", "only for us in the UK", False),
        ("eu_users", "not in the EU", False),
    ],
)
def test_yes_no(field: str, text: str, expected: bool) -> None:
    result = parse(field, text)
    assert result.ok, result.message
    assert result.value is expected


def test_conflicting_yes_no_is_re_asked() -> None:
    result = parse("commercial_product", "it is an internal tool but we sell it")
    assert not result.ok
    assert result.message == "Please answer yes or no."


# -- re-asks and ranges ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text", "accepted"),
    [
        ("monthly_requests", "lots", "2,000 a day"),
        ("monthly_active_users", "many", "500 users"),
        ("monthly_budget_usd", "a fair amount", "20k a year"),
        ("timeline_weeks", "by end of next month", "6 weeks"),
        ("timeline_weeks", "ASAP", "3 months"),
        ("input_tokens", "long ones", "800 words"),
        ("input_tokens", "2000", "2 pages"),  # a number with no unit is not a size
        ("labeled_examples", "loads", "a few thousand"),
    ],
)
def test_not_understood_says_what_is_accepted(field: str, text: str, accepted: str) -> None:
    result = parse(field, text)
    assert not result.ok and not result.skipped
    assert accepted in result.message
    assert "\n" not in result.message


@pytest.mark.parametrize(
    ("field", "text", "range_text"),
    [
        ("monthly_requests", "-500 a day", "0 or more"),
        ("monthly_budget_usd", "minus 100 dollars", "0 or more"),
        ("labeled_examples", "-3", "0 or more"),
        ("timeline_weeks", "0 weeks", "at least 1 week"),
        ("timeline_weeks", "-2 weeks", "at least 1 week"),
    ],
)
def test_out_of_range_names_the_range(field: str, text: str, range_text: str) -> None:
    result = parse(field, text)
    assert not result.ok
    assert range_text in result.message


def test_a_product_name_with_a_dash_is_not_a_minus_sign() -> None:
    assert parse("monthly_requests", "about 500 a day through gpt-4").value == 15_000


def test_implausibly_large_numbers_are_re_asked_not_overflowed() -> None:
    result = parse("monthly_requests", "9" * 40)
    assert not result.ok
    assert "too large" in result.message


def test_empty_answer_is_re_asked() -> None:
    result = parse("monthly_requests", "   ")
    assert not result.ok and not result.skipped
    assert "2,000 a day" in result.message


# -- skipping --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["skip", "don't know", "not sure", "no idea", "pass", "I really have no idea", "TBD"]
)
@pytest.mark.parametrize("field", ["monthly_requests", "latency", "eu_users", "input_tokens"])
def test_skip_phrases_take_the_default(field: str, text: str) -> None:
    result = parse(field, text)
    assert result.ok and result.skipped
    assert result.value is None


def test_no_budget_yet_is_a_skip_but_nothing_is_zero() -> None:
    assert parse("monthly_budget_usd", "no budget yet").skipped
    assert parse("monthly_budget_usd", "nothing").value == 0.0


def test_a_hedged_answer_is_read_not_skipped() -> None:
    result = parse("monthly_requests", "not sure, maybe 2000 a day")
    assert result.ok and not result.skipped
    assert result.value == 60_000


def test_required_questions_cannot_be_skipped() -> None:
    for field in ("use_case", "task_type"):
        result = parse(field, "no idea")
        assert not result.ok and not result.skipped
        assert result.message


# -- free text and limits --------------------------------------------------------------------


def test_use_case_needs_a_sentence() -> None:
    assert not parse("use_case", "chatbot").ok
    assert "sentence" in parse("use_case", "chatbot").message
    result = parse("use_case", "  Summarise   support calls for team leads ")
    assert result.value == "Summarise support calls for team leads"


def test_use_case_over_2000_characters_is_re_asked() -> None:
    result = parse("use_case", "word " * 500)
    assert not result.ok
    assert "2,000" in result.message


def test_answers_over_the_limit_are_rejected_clearly() -> None:
    result = parse("monthly_requests", "1" + " a" * MAX_ANSWER_CHARS)
    assert not result.ok
    assert "too long" in result.message and "20,000" in result.message


def test_the_input_size_question_accepts_a_long_pasted_sample() -> None:
    sample = ("The customer writes that the parcel arrived damaged and asks for a refund. " * 400)[
        :50_000
    ]
    assert len(sample) > MAX_ANSWER_CHARS
    result = parse("input_tokens", sample)
    assert result.ok and result.sample_text == sample.strip()
    assert result.value == count_tokens(sample.strip())
    too_long = parse("input_tokens", "x " * (MAX_SAMPLE_CHARS // 2 + 1))
    assert not too_long.ok and "100,000" in too_long.message


def test_a_pasted_email_is_a_sample_even_if_it_mentions_an_invoice() -> None:
    email = (
        "Hello, I was charged twice on invoice 2291 for the March licence renewal, once by "
        "card and once by bank transfer. Please refund the duplicate payment to my card and "
        "confirm by email when it is done, as our finance team closes the books next week."
    )
    result = parse("input_tokens", email)
    assert result.sample_text == email
    assert result.value == count_tokens(email)


def test_a_long_description_with_a_size_is_a_size_not_a_sample() -> None:
    text = (
        "Usually it is the full claim file, which for most of our customers comes to around "
        "3 pages once you include the adjuster notes and the photos descriptions, sometimes "
        "a bit more for the complicated ones"
    )
    result = parse("input_tokens", text)
    assert result.sample_text is None
    assert result.value == 2000


# -- similarity fallback ---------------------------------------------------------------------


def fake_similarity(scores: dict[str, float]) -> tuple[Similarity, list[str]]:
    """A similarity that scores each candidate text by the choice it belongs to."""
    question = QUESTION_BY_FIELD["deployment"]
    owner = {text: value for value, text in choice_texts(question)}
    calls: list[str] = []

    def similarity(text: str, candidates: Sequence[str]) -> list[float]:
        calls.append(text)
        return [scores[owner[c]] for c in candidates]

    return similarity, calls


def test_similarity_picks_a_clear_winner() -> None:
    similarity, calls = fake_similarity(
        {"any": 0.1, "private_cloud": 0.2, "on_premises": SIMILARITY_THRESHOLD + 0.1}
    )
    question = QUESTION_BY_FIELD["deployment"]
    result = parse_answer(question, "the data mustn't wander off anywhere", similarity)
    assert result.ok and result.value == "on_premises" and result.via == "similarity"
    assert calls == ["the data mustn't wander off anywhere"]


def test_similarity_without_a_clear_winner_re_asks() -> None:
    close = SIMILARITY_THRESHOLD + 0.1
    similarity, _ = fake_similarity(
        {"any": 0.1, "private_cloud": close - SIMILARITY_MARGIN / 2, "on_premises": close}
    )
    question = QUESTION_BY_FIELD["deployment"]
    assert not parse_answer(question, "the data mustn't wander off anywhere", similarity).ok
    low, _ = fake_similarity(
        {"any": 0.0, "private_cloud": 0.0, "on_premises": SIMILARITY_THRESHOLD - 0.01}
    )
    assert not parse_answer(question, "the data mustn't wander off anywhere", low).ok


def test_similarity_is_a_last_resort_and_skips_short_answers_and_questions() -> None:
    similarity, calls = fake_similarity({"any": 0.9, "private_cloud": 0.0, "on_premises": 0.0})
    question = QUESTION_BY_FIELD["deployment"]
    assert parse_answer(question, "our own servers", similarity).value == "on_premises"
    assert not parse_answer(question, "hmm", similarity).ok
    assert not parse_answer(question, "what does that mean?", similarity).ok
    assert calls == []


# -- the evaluation set ----------------------------------------------------------------------


def test_evaluation_set_is_large_and_covers_every_field() -> None:
    items = [json.loads(line) for line in EVALSET.read_text(encoding="utf-8").splitlines()]
    assert len(items) >= 110
    asked = set(Profile.model_fields) - {"sample_input", "currency"}
    assert {item["field"] for item in items} == asked
    assert sum(1 for item in items if item.get("needs_similarity")) <= 15
    assert any(item["expected"] == "__skip__" for item in items)
    for item in items:
        assert item["field"] in QUESTION_BY_FIELD
        assert set(item) <= {"field", "text", "expected", "needs_similarity"}


def test_evaluation_set_is_understood_first_time_at_least_90_percent() -> None:
    correct, total, failures = evaluate(EVALSET)
    assert total >= 110
    assert correct / total >= 0.9, "\n".join(failures)


def test_evaluate_leaves_out_similarity_lines_only_without_similarity(tmp_path: Path) -> None:
    path = tmp_path / "answers.jsonl"
    lines = [
        {"field": "monthly_requests", "text": "about 50k a day", "expected": 1_500_000},
        {"field": "monthly_requests", "text": "no idea", "expected": "__skip__"},
        {"field": "eu_users", "text": "yes", "expected": False},
        {
            "field": "deployment",
            "text": "the data mustn't wander off anywhere",
            "expected": "on_premises",
            "needs_similarity": True,
        },
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    correct, total, failures = evaluate(path)
    assert (correct, total) == (2, 3)
    assert len(failures) == 1 and "eu_users" in failures[0]
    similarity, _ = fake_similarity({"any": 0.0, "private_cloud": 0.1, "on_premises": 0.8})
    assert evaluate(path, similarity)[:2] == (3, 4)


@pytest.mark.parametrize("text", ["每月大约两万条", "这个要三个月", "한 달에 2만 건", "30만 엔"])
@pytest.mark.parametrize("field", ["monthly_requests", "timeline_weeks", "monthly_budget_usd"])
def test_numbers_in_chinese_or_korean_are_refused_not_read_as_their_leading_digit(
    field: str, text: str
) -> None:
    result = parse_answer(QUESTION_BY_FIELD[field], text)
    assert not result.ok and result.value is None
    assert result.message.startswith("I read English answers only for now")


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("error_impact", "a bad translation is embarassing but nobody gets hurt", "moderate"),
        ("data_sensitivity", "its all confidental, unreleased plans", "confidential"),
        ("human_review", "every draft is aproved by an agent before sending", "every_output"),
    ],
)
def test_a_long_word_with_one_typo_still_matches(field: str, text: str, expected: str) -> None:
    result = parse_answer(QUESTION_BY_FIELD[field], text)
    assert result.ok and result.value == expected, result


def test_typos_match_only_long_words_that_are_not_words_themselves() -> None:
    from assistant.questionnaire.text import one_typo_apart

    assert one_typo_apart("embarass", "embarrass")  # one letter missing
    assert one_typo_apart("reveiw", "review")  # two letters swapped
    assert not one_typo_apart("form", "from")  # too short to guess
    assert not one_typo_apart("patient", "patents")
    # "product" is a word of its own, never a typo of "produce" (an output cue).
    reading = read_message("worst case a typo on a product page", None, {})
    assert "output_tokens" not in reading.by_field()


def test_a_message_in_another_language_is_left_unread() -> None:
    reading = read_message("Os dados incluem informações de saúde dos pacientes.", None, {})
    assert reading.unreadable and not reading.by_field()
    english = read_message("we get ~20k tix/mo, agents approve evry draft b4 its sent", None, {})
    assert not english.unreadable


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        # The words that state a field in passing answer its question as well.
        (
            "error_impact",
            "a wrong weight means a wrong invoice. annoying but we catch most",
            "moderate",
        ),
        (
            "human_review",
            "every suggestion is accepted or rejected by the developer",
            "every_output",
        ),
        # A phrase after "except" is out of reach of the "nobody" before it.
        ("human_review", "passed parts nobody looks at except audits", "sampled"),
    ],
)
def test_answers_in_the_words_a_manager_uses_in_passing(
    field: str, text: str, expected: str
) -> None:
    result = parse_answer(QUESTION_BY_FIELD[field], text)
    assert result.ok and result.value == expected, result


def test_a_small_count_near_a_build_word_is_not_a_build_cost() -> None:
    found = read_message("a table of a dozen clauses with quotes, a page or two", None, {})
    assert "build_cost_usd" not in found.by_field()
    assert read_message("40k for the build", None, {}).by_field()["build_cost_usd"].value == 40000


def test_embargoed_copy_is_confidential_though_it_is_published_later() -> None:
    text = "articles are public once published, but we'd tag them before publication, embargoed"
    result = parse_answer(QUESTION_BY_FIELD["data_sensitivity"], text)
    assert result.ok and result.value == "confidential"


@pytest.mark.parametrize(
    ("text", "currency"),
    [("Our budget is around 6 lakh per annum.", "INR"), ("around 8 000 zl per month", "PLN")],
)
def test_amounts_in_lakh_are_rupees_and_zl_is_zloty(text: str, currency: str) -> None:
    result = parse_answer(QUESTION_BY_FIELD["monthly_budget_usd"], text)
    assert result.ok and result.via.startswith(f"money/{currency}/")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # the organisation's own people, named, and nobody else
        ("our engineers only, the customers never see it", "internal"),
        ("only our underwriters", "internal"),
        ("just our buyers in procurement", "internal"),
        ("only our customers", "external"),
        ("our clients only", "external"),
        # an outside reader who gets a person's words, not the model's
        ("our auditors only. patients get the nurse's letter, not the model output", "internal"),
        ("customers get the reply", "external"),
    ],
)
def test_audience_by_who_is_named_only_and_what_outsiders_get(text: str, value: str) -> None:
    result = parse("audience", text)
    assert result.ok and result.value == value, result


def test_an_outsider_denied_the_model_s_words_alone_is_asked_again() -> None:
    # who reads the model's own output is then not said: asked, never guessed
    assert not parse("audience", "tenants get the final notice, not the draft").ok


def test_a_worse_consequence_said_in_passing_is_confirmed_not_taken() -> None:
    hedged = parse("error_impact", "we'd lose the deal, and perhaps there's a safety issue")
    assert hedged.ok and hedged.value == "high" and hedged.check == "ambiguous"
    plain = parse("error_impact", "we'd lose the deal, and there's a safety issue")
    assert plain.ok and plain.value == "critical" and not plain.check
    # data sensitivity keeps the strictest even when hedged
    data = parse("data_sensitivity", "mostly internal docs, maybe some health data")
    assert data.value == "special_category"


@pytest.mark.parametrize(
    ("text", "tokens"),
    [("a page or two", 1000), ("a paragraph or two", 200), ("an email or three", None)],
)
def test_a_unit_or_n_is_a_range_at_its_midpoint(text: str, tokens: int | None) -> None:
    result = parse("output_tokens", text)
    assert result.ok and result.check == "range"
    if tokens is not None:
        assert result.value == tokens
