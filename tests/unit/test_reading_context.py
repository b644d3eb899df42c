"""Reading a figure by what the rest of the message says about it: counts named elsewhere,
working weeks, compounds that only look like periods, old figures said in the past tense,
money for a year, additions to a recorded figure, an option named first, outsiders who
never see the output, and pilot shares reported one after another."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from assistant.conversation import intents
from assistant.conversation.followups import figures, matched_figures
from assistant.questionnaire import QUESTION_BY_FIELD, parse_answer
from assistant.questionnaire.questions import Value
from assistant.questionnaire.reading import Reading, read_message
from tests.pilot_seed import recommendation


def read(
    text: str,
    pending: str | None,
    known: Mapping[str, Value] | None = None,
    factors: Mapping[str, Sequence[float]] | None = None,
) -> Reading:
    question = QUESTION_BY_FIELD[pending] if pending else None
    return read_message(text, question, known or {}, factors=factors)


def found(reading: Reading) -> dict[str, Value]:
    return {f.field: f.value for f in reading.findings}


def test_a_count_named_elsewhere_multiplies_a_rate_per_one() -> None:
    reading = read("One note per hotel per day, 14 hotels, seven days a week.", "monthly_requests")
    finding = reading.by_field()["monthly_requests"]
    assert finding.value == 420
    assert not finding.check


def test_a_working_week_said_apart_from_the_figure_counts_working_days() -> None:
    reading = read("40 planners, maybe 10 questions each a day, mon-fri", "monthly_requests")
    finding = reading.by_field()["monthly_requests"]
    assert finding.value == 40 * 10 * 21
    assert finding.check != "range"  # a head count times a rate is not a range


def test_every_day_of_the_week_stays_thirty_days() -> None:
    assert found(read("about 300 a day, seven days a week", "monthly_requests")) == {
        "monthly_requests": 9000
    }


def test_a_hyphenated_compound_is_not_the_rates_period() -> None:
    reading = read("we get about 42,000 first-year applications a year", "error_impact")
    assert found(reading).get("monthly_requests") == 3500


def test_a_corrected_count_a_volume_was_multiplied_from_recomputes_it() -> None:
    reading = read(
        "Make that 17 hotels, not 14 - the three Leeds properties come onto our RMS in April.",
        "output_tokens",
        {"monthly_requests": 420},
        factors={"monthly_requests": (14.0, 1.0)},
    )
    assert found(reading)["monthly_requests"] == 510


def test_money_for_the_year_is_a_budget_whatever_question_is_pending() -> None:
    reading = read(
        "Correction on the money: finance says $18k for the year, not 25.",
        "labeled_examples",
        {"monthly_budget_usd": 2083.0, "currency": "USD"},
    )
    assert found(reading) == {"monthly_budget_usd": 1500.0}


def test_a_figure_said_in_the_past_is_the_old_one() -> None:
    reading = read(
        "scratch that, MAU is more like 38k - 45 was our peak in March",
        "latency",
        {"monthly_active_users": 45000, "commercial_product": True},
    )
    assert found(reading)["monthly_active_users"] == 38000


def test_no_followed_by_a_comma_leads_the_new_figure() -> None:
    assert found(read("about 100, no, 150 a day", "monthly_requests")) == {"monthly_requests": 4500}


def test_another_figure_on_top_is_added_to_the_recorded_one_and_confirmed() -> None:
    reading = read(
        "actually scratch the 900, thats metro only. regional adds another 400 a wk",
        "latency",
        {"monthly_requests": 3900},
    )
    finding = reading.by_field()["monthly_requests"]
    assert finding.value == 3900 + round(400 * 52 / 12)
    assert finding.check  # a sum the manager did not say: confirmed first


def test_a_level_named_first_stands_over_the_consequences_described() -> None:
    reading = read(
        "Moderate. A wrong clause reference and council sends it back, we lose a few weeks. "
        "Annoying, not catastrophic.",
        "error_impact",
    )
    assert found(reading) == {"error_impact": "moderate"}  # and "a few weeks" is no deadline


def test_a_sensitivity_named_first_stands_unless_qualified() -> None:
    plain = read(
        "internal. no customer info in the notes, just asset IDs and street names",
        "data_sensitivity",
    )
    assert found(plain)["data_sensitivity"] == "internal"
    qualified = read("Internal, but there are patient names in some", "data_sensitivity")
    assert found(qualified)["data_sensitivity"] != "internal"


@pytest.mark.parametrize(
    "text", ["Applicants would never see it.", "Admissions staff only. Applicants never see it."]
)
def test_outsiders_who_never_see_the_output_make_it_internal(text: str) -> None:
    assert parse_answer(QUESTION_BY_FIELD["audience"], text).value == "internal"


def test_an_outsider_who_sees_it_is_still_external() -> None:
    assert parse_answer(QUESTION_BY_FIELD["audience"], "the applicants see it").value == "external"


def test_coding_records_to_a_scheme_is_classification_not_software() -> None:
    text = "we want each work order coded to a failure mode + condition score automatically"
    assert parse_answer(QUESTION_BY_FIELD["task_type"], text).value == "classification"
    assert parse_answer(QUESTION_BY_FIELD["task_type"], "help with code review").value == "code"


def test_a_yes_to_the_review_question_is_every_output_to_confirm() -> None:
    result = parse_answer(
        QUESTION_BY_FIELD["human_review"], "yes they read the clause it cites before acting"
    )
    assert result.value == "every_output"
    assert result.check  # confirmed, never stored as said


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("4 an hour", 15), ("about 6 claims per hour", 10), ("half an hour each", 30)],
)
def test_a_throughput_is_turned_into_minutes_per_item(text: str, minutes: float) -> None:
    assert parse_answer(QUESTION_BY_FIELD["minutes_per_item"], text).value == minutes


@pytest.mark.parametrize(
    "text", ["has to stay onshore. our Azure tenant is ok", "should be fine overnight"]
)
def test_a_modal_before_a_verb_starts_an_answer_not_a_question(text: str) -> None:
    assert not intents.is_question(text)


def test_a_question_inside_a_longer_message_is_seen() -> None:
    text = "Quick one - are these any good with numbers? I'm worried it'll make one up."
    assert not intents.is_question(text)
    assert intents.asks_something(text)


def test_shares_reported_one_after_another_take_the_words_after_them() -> None:
    text = (
        "I ran 40 notes through it by hand: 65% were fine as they were, 22% needed light "
        "edits and 13% had a number wrong. Good enough?"
    )
    reported = figures(text)
    assert [f.words for f in reported] == [
        "were fine as they were",
        "needed light edits",
        "had a number wrong",
    ]
    rec = recommendation()
    pairs = matched_figures(reported, rec.poc_plan.kpis)
    accepted = [(f, k) for f, k in pairs if k is not None and k.name.startswith("Drafts accepted")]
    assert len(accepted) == 1
    assert accepted[0][0].value == 87  # accepted as they were plus with light edits
    assert not any(k is not None and f.value == 13 for f, k in pairs)


@pytest.mark.parametrize(
    ("text", "field", "wrong"),
    [
        ("お客様の目には触れません、整備士だけ", "audience", "external"),
        ("オンプレまでは要らない。自社のGoogle Cloudなら大丈夫", "deployment", "on_premises"),
    ],
)
def test_japanese_negation_after_the_noun_undoes_it(text: str, field: str, wrong: str) -> None:
    assert found(read(text, field)).get(field) != wrong


def test_a_time_said_beats_a_real_time_word_in_the_same_breath() -> None:
    reading = read("no need for real time, but the fitter waits, so within 10 seconds", "latency")
    assert found(reading)["latency"] == "interactive"


@pytest.mark.parametrize(
    ("text", "field", "meant"),
    [
        ("1時間で4件くらい処理してます", "minutes_per_item", 15),
        ("オンプレまでは要らない。自社のGoogle Cloudなら大丈夫", "deployment", "private_cloud"),
        ("予算はゼロ。無料の範囲でやりたい", "monthly_budget_usd", 0),
        ("売るつもりはないです", "commercial_product", False),
    ],
)
def test_japanese_everyday_wording(text: str, field: str, meant: Value) -> None:
    assert found(read(text, field)).get(field) == meant


def test_a_yen_figure_taken_back_at_once_gives_way_to_the_new_one() -> None:
    reading = read("月5万円、いや8万円までなら出せます", "monthly_budget_usd")
    finding = reading.by_field()["monthly_budget_usd"]
    assert finding.currency == "JPY"
    assert round(float(finding.value)) == round(508.72)  # 80,000 yen, not 50,000


def test_a_six_day_week_counts_26_days() -> None:
    reading = read("12 vets, each sees about 20 animals a day, 6 days a week", "monthly_requests")
    assert found(reading)["monthly_requests"] == 12 * 20 * 26


def test_a_level_said_alone_at_the_end_is_the_conclusion() -> None:
    text = (
        "I said low impact earlier but thinking about it, a wrong dose could hurt an animal. high."
    )
    assert found(read(text, "error_impact"))["error_impact"] == "high"


def test_a_date_written_with_a_slash_is_no_figure() -> None:
    reading = read("At the 1/1 renewals we get lots; annually perhaps 4,000.", "monthly_requests")
    assert found(reading)["monthly_requests"] == 333


def test_the_size_of_what_is_waded_through_is_the_input() -> None:
    text = (
        "We'd like summaries of incoming wordings so underwriters don't have to wade through "
        "50-page wordings before the first call."
    )
    assert found(read(text, "use_case")).get("input_tokens") == round(50 * 2000 / 3)


def test_a_date_beside_a_length_of_time_is_its_reason() -> None:
    result = parse_answer(QUESTION_BY_FIELD["timeline_weeks"], "he retires end of june so 10 weeks")
    assert result.value == 10
    assert not parse_answer(QUESTION_BY_FIELD["timeline_weeks"], "end of june").ok


def test_a_change_word_in_passing_is_no_change() -> None:
    from assistant.questionnaire.flow import detect_field_change

    text = "we'd test every script against the old output before switching"
    assert detect_field_change(text) is None
    assert detect_field_change("change the output size to a novel") == ("output_tokens", "a novel")


@pytest.mark.parametrize("text", ["overnight is fine", "it's fine if it's slow"])
def test_fine_is_no_penalty(text: str) -> None:
    assert parse_answer(QUESTION_BY_FIELD["error_impact"], text).value != "high"


def test_a_new_head_count_reworks_the_volume_it_multiplied_and_is_confirmed() -> None:
    reading = read(
        "Make that 35 sites - we just won two more jobs and a third starts next month.",
        "error_impact",
        {"monthly_requests": 46800},
        factors={"monthly_requests": (30.0, 60.0)},
    )
    finding = reading.by_field()["monthly_requests"]
    assert finding.value == 35 * 60 * 26
    assert finding.check


def test_a_days_per_month_said_in_the_figure_is_not_counted_twice() -> None:
    text = "the 2,500 per day is for 6 days a week. Kindly take 2,500 x 26 days per month."
    assert found(read(text, "latency"))["monthly_requests"] == 65000


def test_outsiders_who_send_the_input_or_whom_the_data_is_about_are_not_the_audience() -> None:
    text = (
        "Tenants email repair requests, about 600 a week. Staff only see the output. "
        "Tenant names and addresses are in the emails."
    )
    assert found(read(text, "use_case"))["audience"] == "internal"
    replies = "want to draft replies to customer emails, agents review everything"
    assert found(read(replies, "use_case")).get("audience") == "external"


def test_a_tie_between_two_tasks_is_confirmed_not_stored() -> None:
    text = "extract GSTIN and tax amounts from scanned PDF invoices"
    finding = read(text, "use_case").by_field()["task_type"]
    assert finding.check == "ambiguous"


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Quick one - would the data leave the UK? We'd need it to stay here.", "would the data"),
        ("small. $300 a month?", None),
        ("Before we go further: is this even legal? I have read that", "is this even legal?"),
    ],
)
def test_the_question_inside_a_message_is_found(text: str, asked: str | None) -> None:
    part = intents.question_part(text)
    assert (part is None) if asked is None else (part is not None and part.startswith(asked))


def test_a_calendar_year_is_no_count() -> None:
    text = "We have archive of all answers since 2019, more or less 400 thousand letters."
    assert found(read(text, "labeled_examples"))["labeled_examples"] == 400_000


def test_a_page_and_half_without_the_article() -> None:
    assert found(read("Answer letter is usually page and half.", "output_tokens")) == {
        "output_tokens": 1000
    }


def test_outsiders_who_see_nothing_leave_it_internal() -> None:
    text = "It is only internal for the advisors, the dealers see nothing from it."
    assert found(read(text, "use_case")).get("audience") == "internal"


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("Give me three ways this goes wrong.", "risks"),
        ("How would the next three months look concretely?", "plan"),
        ("what's that roughly per month in dollars", "cost"),
        ("The vendor will have it built in next year. Why not just wait for that?", "comparison"),
        ("And in winter when complaints are 50% more?", "what_if"),
    ],
)
def test_follow_up_wordings_reach_their_route(text: str, route: str) -> None:
    assert intents.route(text) == route


def test_a_percentage_more_is_a_multiplier() -> None:
    assert intents.multiplier("when complaints are 50% more") == 1.5
    assert intents.multiplier("if volume is 20% lower") == 0.8


def test_counts_of_the_items_tested_are_shares_of_them() -> None:
    reported = figures(
        "We tested on 50 old complaints: 34 letters were good after small changes, "
        "11 needed big changes and 5 had wrong amount. Is it enough?"
    )
    assert [(f.words, f.value) for f in reported] == [
        ("were good after small changes", 68.0),
        ("needed big changes", 22.0),
        ("had wrong amount", 10.0),
    ]
