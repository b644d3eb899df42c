"""The business case: golden cases checked by hand, the properties every case keeps, the
track and the verdict it informs, and bad input for every value-side field.

The golden figures below were worked out by hand from the method in
``assistant/advice/business.py`` (value = items x minutes x share saved x cost of a
minute; review = items x minutes x review share x cost of a minute; conservative case: 75%
of the time saved, review x 1.25, running x 1.25, build x 1.5, ramp x 1.5), not by running
the code.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.advice.business import business_case, track_for
from assistant.questionnaire import QUESTION_BY_FIELD, with_defaults
from assistant.questionnaire.parsing import parse_answer
from assistant.schemas import Profile
from tests.unit.test_engine import recommend

VALUE_FIELDS = (
    "minutes_per_item",
    "hourly_cost_usd",
    "time_saved_pct",
    "build_cost_usd",
    "adoption_ramp_months",
)


def filled(**fields: Any) -> tuple[Profile, set[str]]:
    profile, assumed = with_defaults(Profile(**fields))
    return profile, set(assumed)


# name, profile, running cost a month, then by hand: expected benefit, expected review,
# expected net, conservative net, expected payback, conservative payback, expected ROI.
GOLDEN: list[tuple[str, dict[str, Any], float, tuple[Any, ...]]] = [
    (
        "claim summaries, every one reviewed",
        dict(
            task_type="summarization",
            monthly_requests=5200,
            minutes_per_item=20,
            hourly_cost_usd=60,
            time_saved_pct=50,
            human_review="every_output",
            build_cost_usd=48000,
            adoption_ramp_months=3,
        ),
        70.2,
        # 5200x20x0.5x$1 = 52,000; review 5200x20x0.2 = 20,800; net 31,129.80
        # conservative 39,000 - 26,000 - 87.75 = 12,912.25
        # payback: 10,376.6 + 20,753.2 + 31,129.8 crosses 48,000 in month 3: 2.54
        # conservative (ramp 4.5, build 72,000): crosses in month 8: 7.35
        # ROI: 31,129.8 x 11 (adoption over 12 months, ramp 3) - 48,000 = 6.13 x build
        (52000.0, 20800.0, 31129.8, 12912.25, 2.5, 7.4, 6.13),
    ),
    (
        "ticket routing, no review, no ramp",
        dict(
            task_type="classification",
            monthly_requests=20000,
            minutes_per_item=2,
            hourly_cost_usd=30,
            time_saved_pct=60,
            human_review="none",
            build_cost_usd=20000,
            adoption_ramp_months=0,
        ),
        3.36,
        # 20000x2x0.6x$0.5 = 12,000; net 11,996.64; conservative 9,000 - 4.20 = 8,995.80
        # payback 20,000 / 11,996.64 = 1.67; conservative 30,000 / 8,995.80 = 3.33
        # ROI (11,996.64 x 12 - 20,000) / 20,000 = 6.20
        (12000.0, 0.0, 11996.64, 8995.8, 1.7, 3.3, 6.2),
    ),
    (
        "a few drafts a month never pays back",
        dict(
            task_type="drafting",
            monthly_requests=200,
            minutes_per_item=5,
            hourly_cost_usd=30,
            time_saved_pct=50,
            human_review="every_output",
            build_cost_usd=48000,
            adoption_ramp_months=3,
        ),
        2.1,
        # 200x5x0.5x$0.5 = 250; review 100; net 147.90: 325 months for 48,000, so never
        # conservative 187.50 - 125 - 2.625 = 59.875; ROI (147.9 x 11 - 48,000) / 48,000
        (250.0, 100.0, 147.9, 59.88, None, None, -0.97),
    ),
    (
        "support chat assistant, spot checks",
        dict(
            task_type="conversation",
            monthly_requests=30000,
            minutes_per_item=6,
            hourly_cost_usd=40,
            time_saved_pct=30,
            human_review="sampled",
            build_cost_usd=60000,
            adoption_ramp_months=6,
        ),
        225.0,
        # 30000x6x0.3x$2/3 = 36,000; review 30000x6x0.02x$2/3 = 2,400; net 33,375
        # conservative 27,000 - 3,000 - 281.25 = 23,718.75
        # payback (ramp 6): 5,562.5, 16,687.5, 33,375, 55,625, then 27,812.5: 4.16
        # ROI: 33,375 x 9.5 - 60,000 = 257,062.5 / 60,000 = 4.28
        (36000.0, 2400.0, 33375.0, 23718.75, 4.2, None, 4.28),
    ),
    (
        "invoice field extraction",
        dict(
            task_type="extraction",
            monthly_requests=8000,
            minutes_per_item=6,
            hourly_cost_usd=45,
            time_saved_pct=60,
            human_review="every_output",
            build_cost_usd=40000,
            adoption_ramp_months=2,
        ),
        50.0,
        # 8000x6x0.6x$0.75 = 21,600; review 7,200; net 14,350
        # conservative 16,200 - 9,000 - 62.5 = 7,137.5
        # payback (ramp 2): 7,175, then 14,350 a month: 3 + 4,125 / 14,350 = 3.29
        # ROI: 14,350 x 11.5 - 40,000 = 125,025 / 40,000 = 3.13
        (21600.0, 7200.0, 14350.0, 7137.5, 3.3, None, 3.13),
    ),
    (
        "product translations pay back within the first month",
        dict(
            task_type="translation",
            monthly_requests=3000,
            minutes_per_item=45,
            hourly_cost_usd=50,
            time_saved_pct=50,
            human_review="every_output",
            build_cost_usd=30000,
            adoption_ramp_months=1,
        ),
        400.0,
        # 3000x45x0.5x$5/6 = 56,250; review 22,500; net 33,350; 30,000 / 33,350 = 0.90
        # conservative 42,187.5 - 28,125 - 500 = 13,562.5
        (56250.0, 22500.0, 33350.0, 13562.5, 0.9, None, 12.34),
    ),
    (
        "policy questions answered from documents",
        dict(
            task_type="search_qa",
            monthly_requests=15000,
            minutes_per_item=8,
            hourly_cost_usd=40,
            time_saved_pct=40,
            human_review="none",
            build_cost_usd=50000,
            adoption_ramp_months=3,
        ),
        900.0,
        # 15000x8x0.4x$2/3 = 32,000; net 31,100; payback 2 + 18,900 / 31,100 = 2.61
        # conservative 24,000 - 1,125 = 22,875
        (32000.0, 0.0, 31100.0, 22875.0, 2.6, None, 5.84),
    ),
    (
        "code review help, spot checks",
        dict(
            task_type="code",
            monthly_requests=2000,
            minutes_per_item=30,
            hourly_cost_usd=80,
            time_saved_pct=35,
            human_review="sampled",
            build_cost_usd=30000,
            adoption_ramp_months=2,
        ),
        300.0,
        # 2000x30x0.35x$4/3 = 28,000; review 2000x30x0.02x$4/3 = 1,600; net 26,100
        # payback (ramp 2): 13,050 then 26,100: 1 + 16,950 / 26,100 = 1.65
        # conservative 21,000 - 2,000 - 375 = 18,625
        (28000.0, 1600.0, 26100.0, 18625.0, 1.6, None, 9.0),
    ),
    (
        "call transcription, switched on at once",
        dict(
            task_type="speech",
            monthly_requests=1000,
            minutes_per_item=20,
            hourly_cost_usd=30,
            time_saved_pct=60,
            human_review="none",
            build_cost_usd=10000,
            adoption_ramp_months=0,
        ),
        100.0,
        # 1000x20x0.6x$0.5 = 6,000; net 5,900; 10,000 / 5,900 = 1.69
        # conservative 4,500 - 125 = 4,375; ROI (5,900 x 12 - 10,000) / 10,000 = 6.08
        (6000.0, 0.0, 5900.0, 4375.0, 1.7, None, 6.08),
    ),
    (
        "damage photos, nothing to build",
        dict(
            task_type="vision",
            monthly_requests=4000,
            minutes_per_item=3,
            hourly_cost_usd=40,
            time_saved_pct=50,
            human_review="every_output",
            build_cost_usd=0,
            adoption_ramp_months=0,
        ),
        120.0,
        # 4000x3x0.5x$2/3 = 4,000; review 4000x3x0.2x$2/3 = 1,600; net 2,280
        # conservative 3,000 - 2,000 - 150 = 850
        # no build cost: payback at once, and no return ratio to give
        (4000.0, 1600.0, 2280.0, 850.0, 0.0, 0.0, None),
    ),
    (
        "claims decisions prepared for people",
        dict(
            task_type="decision_automation",
            monthly_requests=1500,
            minutes_per_item=10,
            hourly_cost_usd=55,
            time_saved_pct=30,
            human_review="every_output",
            build_cost_usd=80000,
            adoption_ramp_months=3,
        ),
        60.0,
        # 1500x10x0.3x$55/60 = 4,125; review 1500x10x0.2x$55/60 = 2,750; net 1,315
        # payback (ramp 3): 1,315 x (2 + k - 2) reaches 80,000 after 61.8 months
        # conservative 3,093.75 - 3,437.5 - 75 = -418.75: never
        (4125.0, 2750.0, 1315.0, -418.75, 61.8, None, -0.82),
    ),
]


@pytest.mark.parametrize(
    ("profile", "running", "figures"), [g[1:] for g in GOLDEN], ids=[g[0] for g in GOLDEN]
)
def test_golden_business_cases(
    profile: dict[str, Any], running: float, figures: tuple[Any, ...]
) -> None:
    benefit, review, net, net_low, payback, payback_low, roi = figures
    filled_profile, assumed = filled(use_case="golden case", **profile)
    case = business_case(filled_profile, running, assumed)
    assert case.monthly_benefit_usd.expected == pytest.approx(benefit, abs=0.01)
    assert case.monthly_review_usd.expected == pytest.approx(review, abs=0.01)
    assert case.monthly_net_usd.expected == pytest.approx(net, abs=0.01)
    assert case.monthly_net_usd.conservative == pytest.approx(net_low, abs=0.01)
    assert case.payback_months.expected == payback
    if payback_low is not None or payback is None:
        assert case.payback_months.conservative == payback_low
    assert case.roi_12_months.expected == (None if roi is None else pytest.approx(roi, abs=0.01))
    assert not assumed.intersection(VALUE_FIELDS)
    assert all("as you said" in case.assumptions[f] for f in VALUE_FIELDS)


def test_the_break_even_sentence_names_the_item_and_the_minutes() -> None:
    profile, assumed = filled(use_case="x", **GOLDEN[0][1])
    case = business_case(profile, 70.2, assumed, "claim")
    # (48,000 / 11 + 70.20 + 20,800) / (5,200 x $1 a minute) = 4.85 minutes
    assert case.break_even_minutes_saved == pytest.approx(4.85, abs=0.01)
    assert case.sensitivity == (
        "Pays back within a year as long as the model saves at least 4.9 minutes per claim "
        "(the expected case assumes 10 minutes)."
    )
    never, assumed = filled(use_case="x", **GOLDEN[2][1])
    sentence = business_case(never, 2.1, assumed, "draft").sensitivity
    assert sentence.startswith("Does not pay back within a year even if the model did all")
    no_cost, assumed = filled(use_case="x", task_type="other", hourly_cost_usd=0)
    assert "No break-even" in business_case(no_cost, 10, assumed).sensitivity


def test_defaults_are_listed_as_assumptions_with_their_reason() -> None:
    profile, assumed = filled(use_case="Summarise claim files", task_type="summarization")
    case = business_case(profile, 50, assumed)
    assert set(VALUE_FIELDS) <= assumed
    assert "default: typical for summarising" in case.assumptions["time_saved_pct"]
    assert "Noy and Zhang" in case.assumptions["time_saved_pct"]
    assert case.assumptions["hourly_cost_usd"].startswith("$50 an hour (default")


# --- properties ---------------------------------------------------------------------------

profiles = st.fixed_dictionaries(
    {
        "task_type": st.sampled_from(["summarization", "drafting", "classification", "code"]),
        "monthly_requests": st.integers(0, 2_000_000),
        "minutes_per_item": st.floats(0, 600),
        "hourly_cost_usd": st.floats(0, 500),
        "time_saved_pct": st.floats(0, 100),
        "build_cost_usd": st.floats(0, 2_000_000),
        "adoption_ramp_months": st.integers(0, 36),
        "human_review": st.sampled_from(["every_output", "sampled", "none"]),
    }
)


def _case(fields: dict[str, Any], running: float) -> Any:
    profile, assumed = filled(use_case="property", **fields)
    return business_case(profile, running, assumed)


def _payback_rank(value: float | None) -> float:
    return float("inf") if value is None else value


@settings(max_examples=150, deadline=None)
@given(profiles, st.floats(0, 50), st.floats(0, 50_000))
def test_more_time_saved_never_lowers_the_benefit(
    fields: dict[str, Any], more: float, running: float
) -> None:
    better = dict(fields, time_saved_pct=min(100.0, fields["time_saved_pct"] + more))
    low, high = _case(fields, running), _case(better, running)
    assert high.monthly_benefit_usd.expected >= low.monthly_benefit_usd.expected
    assert high.monthly_benefit_usd.conservative >= low.monthly_benefit_usd.conservative


@settings(max_examples=150, deadline=None)
@given(profiles, st.floats(0, 50_000), st.floats(0, 50_000))
def test_a_higher_running_cost_never_shortens_payback(
    fields: dict[str, Any], running: float, more: float
) -> None:
    cheap, dear = _case(fields, running), _case(fields, running + more)
    for which in ("expected", "conservative"):
        assert _payback_rank(getattr(dear.payback_months, which)) >= _payback_rank(
            getattr(cheap.payback_months, which)
        )


@settings(max_examples=150, deadline=None)
@given(profiles, st.floats(0, 50_000))
def test_the_conservative_case_is_never_better_than_the_expected_one(
    fields: dict[str, Any], running: float
) -> None:
    case = _case(fields, running)
    assert case.monthly_benefit_usd.conservative <= case.monthly_benefit_usd.expected + 1e-6
    assert case.monthly_net_usd.conservative <= case.monthly_net_usd.expected + 1e-6
    assert _payback_rank(case.payback_months.conservative) >= _payback_rank(
        case.payback_months.expected
    )
    # Where the expected case earns money each month, its first year is the better one.
    # (Where even it loses money, the slower ramp of the conservative case means fewer
    # loss-making items in the first year, so its loss ratio can read slightly smaller.)
    low, high = case.roi_12_months.conservative, case.roi_12_months.expected
    if low is not None and high is not None and case.monthly_net_usd.expected > 0:
        assert low <= high + 1e-9


# --- the track and the verdict ------------------------------------------------------------


def test_a_safe_case_that_pays_back_fast_is_try_fast() -> None:
    rec = recommend(
        use_case="Summarise incoming claim files for handlers",
        **GOLDEN[0][1],
        error_impact="moderate",
    )
    assert rec.track is not None and rec.track.id == "try_fast"
    assert rec.verdict == "start_poc"
    assert rec.business_case is not None and rec.business_case.item == "claim"
    assert any("pays back its build cost in about" in p for p in rec.talking_points)
    assert "Value: about $" in rec.summary


def test_a_case_that_loses_money_at_the_managers_figures_is_not_now_and_blocked() -> None:
    rec = recommend(use_case="Draft replies to the odd supplier letter", **GOLDEN[2][1])
    assert rec.track is not None and rec.track.id == "not_now"
    assert "does not pay back within three years" in rec.track.why
    assert rec.verdict == "not_recommended"
    assert rec.risks[0].id == "business-case-does-not-pay"
    assert rec.risks[0].severity == "blocker"


def test_a_conservative_loss_at_the_managers_figures_is_not_a_start_now() -> None:
    rec = recommend(
        use_case="Prepare claims decisions for handlers", **GOLDEN[10][1], error_impact="moderate"
    )
    assert rec.business_case is not None
    assert rec.business_case.monthly_net_usd.conservative < 0
    assert rec.verdict != "start_poc"
    assert rec.track is not None and rec.track.id != "try_fast"


def test_typical_figures_warn_but_do_not_overrule_the_verdict() -> None:
    """With the value questions skipped the case is shown and warns, but the verdict stays
    what the rest of the profile says (the golden engine scenarios are unchanged)."""
    rec = recommend(
        use_case="Predict next quarter's sales per region",
        task_type="forecasting",
        monthly_requests=500,
        human_review="every_output",
        eu_users=False,
    )
    money = [r for r in rec.risks if r.id.startswith("business-case")]
    assert money and money[0].severity == "medium"
    assert rec.track is not None and rec.track.why.startswith("Not now, unless your own")


def test_a_task_outside_the_safe_starting_points_is_a_long_term_bet() -> None:
    rec = recommend(use_case="A chat assistant for customers", **GOLDEN[3][1])
    assert rec.track is not None and rec.track.id == "long_term_bet"
    assert "not a task of understanding or transforming content" in rec.track.why


def test_track_for_an_over_budget_case_names_the_budget() -> None:
    profile, assumed = filled(use_case="x", **GOLDEN[0][1])
    case = business_case(profile, 70.2, assumed)
    track = track_for(profile, case, "start_poc", fits_budget=False, assumed=assumed)
    assert track.id == "long_term_bet" and "costs more than the budget" in track.why


# --- bad input for every new field ----------------------------------------------------------

BAD_ANSWERS = [
    ("minutes_per_item", "purple", "time per item"),
    ("minutes_per_item", "-5 minutes", "can't be negative"),
    ("minutes_per_item", "9000 hours", "outside what I can take"),
    ("hourly_cost_usd", "lots", "cost per hour"),
    ("hourly_cost_usd", "-20 euros an hour", "can't be negative"),
    ("time_saved_pct", "150%", "outside what I can take"),
    ("time_saved_pct", "dunno really, depends", "share of the time"),
    ("build_cost_usd", "a fortune", "one-off amount"),
    ("adoption_ramp_months", "ages", "number of months"),
    ("adoption_ramp_months", "5 years", "outside what I can take"),
]


@pytest.mark.parametrize(("field", "text", "says"), BAD_ANSWERS)
def test_bad_value_answers_are_refused_with_the_reason(field: str, text: str, says: str) -> None:
    result = parse_answer(QUESTION_BY_FIELD[field], text)
    assert not result.ok or result.skipped, result
    if not result.skipped:
        assert says in result.message
        assert "\n" not in result.message


GOOD_ANSWERS = [
    ("minutes_per_item", "about 12 minutes per claim", 12),
    ("minutes_per_item", "half an hour each", 30),
    ("minutes_per_item", "an hour and a half", 90),
    ("hourly_cost_usd", "$86k a year loaded", 50),
    ("time_saved_pct", "about a third", 33.3),
    ("time_saved_pct", "3x faster", 66.7),
    ("build_cost_usd", "2 developers for 6 weeks at $90 an hour", 43200),
    ("build_cost_usd", "about 40k", 40000),
    ("adoption_ramp_months", "straight away", 0),
    ("adoption_ramp_months", "8 weeks", 2),
]


@pytest.mark.parametrize(("field", "text", "value"), GOOD_ANSWERS)
def test_value_answers_in_a_managers_words(field: str, text: str, value: float) -> None:
    result = parse_answer(QUESTION_BY_FIELD[field], text)
    assert result.ok and not result.skipped
    assert result.value == pytest.approx(value, abs=0.05)


@pytest.mark.parametrize("field", VALUE_FIELDS)
def test_recommend_refuses_an_out_of_range_value_field_in_one_line(
    field: str, tmp_path: Path
) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"use_case": "x y z", "task_type": "other", field: -1}))
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "recommend", "--profile", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0]


# --- a cost per item and revenue at stake ---------------------------------------------------


def test_a_cost_per_item_stands_in_for_minutes_and_the_cost_of_an_hour() -> None:
    profile, assumed = filled(
        use_case="Summarise warranty claims",
        task_type="summarization",
        monthly_requests=4000,
        cost_per_item_usd=8,
        time_saved_pct=50,
        human_review="every_output",
        build_cost_usd=30000,
        adoption_ramp_months=0,
    )
    case = business_case(profile, 100, assumed, "claim")
    # By hand: benefit 4,000 x $8 x 0.5 = 16,000; review 4,000 x $8 x 0.2 = 6,400;
    # net 16,000 - 100 - 6,400 = 9,500. Conservative: 4,000 x 8 x 0.375 = 12,000 less
    # 8,000 review and 125 running = 3,875. Payback 30,000 / 9,500 = 3.2 months and
    # 45,000 / 3,875 = 11.6; ROI (9,500 x 12 - 30,000) / 30,000 = 2.8.
    assert case.basis == "cost" and case.cost_per_item_usd == 8
    assert case.monthly_benefit_usd.expected == pytest.approx(16000)
    assert case.monthly_review_usd.expected == pytest.approx(6400)
    assert case.monthly_net_usd.expected == pytest.approx(9500)
    assert case.monthly_net_usd.conservative == pytest.approx(3875)
    assert (case.payback_months.expected, case.payback_months.conservative) == (3.2, 11.6)
    assert case.roi_12_months.expected == pytest.approx(2.8)
    # Break-even: (30,000 / 12 + 100 + 6,400) / 4,000 = $2.25 of each claim's $8.
    assert case.break_even_usd_saved == pytest.approx(2.25)
    assert case.break_even_minutes_saved is None
    assert case.sensitivity == (
        "Pays back within a year as long as the model saves at least $2.25 of the $8 each "
        "claim costs today (the expected case assumes $4)."
    )
    # Minutes and the cost of an hour are neither assumed nor listed: the cost replaces them.
    assert not assumed & {"minutes_per_item", "hourly_cost_usd"}
    assert "minutes_per_item" not in case.assumptions
    assert case.assumptions["cost_per_item_usd"] == "$8 per claim today (as you said)"


def test_revenue_at_stake_adds_to_the_benefit_at_the_share_given() -> None:
    profile, assumed = filled(
        use_case="Route sales enquiries",
        task_type="classification",
        monthly_requests=10000,
        minutes_per_item=2,
        hourly_cost_usd=50,
        time_saved_pct=60,
        human_review="none",
        revenue_at_stake_usd=40000,
        revenue_share_pct=10,
        build_cost_usd=20000,
        adoption_ramp_months=0,
    )
    case = business_case(profile, 50, assumed, "enquiry")
    # By hand: time 10,000 x 2 x 0.6 x $50/60 = 10,000; revenue 40,000 x 10% = 4,000;
    # net 14,000 - 50 = 13,950. Conservative: 7,500 + 3,000 - 62.50 = 10,437.50.
    # Payback 20,000 / 13,950 = 1.4; 30,000 / 10,437.5 = 2.9.
    assert case.monthly_revenue_usd.expected == pytest.approx(4000)
    assert case.monthly_revenue_usd.conservative == pytest.approx(3000)
    assert case.monthly_benefit_usd.expected == pytest.approx(14000)
    assert case.monthly_net_usd.expected == pytest.approx(13950)
    assert case.monthly_net_usd.conservative == pytest.approx(10437.5)
    assert (case.payback_months.expected, case.payback_months.conservative) == (1.4, 2.9)
    # The revenue alone pays the build back within a year (4,000 x 12 > 20,000 + 600).
    assert case.sensitivity.startswith("Pays back within a year on the revenue it wins")
    assert "revenue won or kept counts as benefit" in case.assumptions["revenue"]


def test_revenue_at_stake_without_a_share_takes_a_cautious_default() -> None:
    profile, assumed = filled(
        use_case="Answer product questions in the shop",
        task_type="search_qa",
        revenue_at_stake_usd=20000,
    )
    assert profile.revenue_share_pct == 5.0 and "revenue_share_pct" in assumed
    case = business_case(profile, 100, assumed)
    assert case.monthly_revenue_usd.expected == pytest.approx(1000)
    assert "A/B test" in case.assumptions["revenue_share_pct"]
    # No revenue given: nothing is assumed about it and no revenue is counted.
    plain, assumed = filled(use_case="Answer product questions", task_type="search_qa")
    assert plain.revenue_share_pct is None and "revenue_share_pct" not in assumed
    assert business_case(plain, 100, assumed).monthly_revenue_usd.expected == 0


@settings(max_examples=100, deadline=None)
@given(profiles, st.floats(0, 200), st.floats(0, 1_000_000), st.floats(0, 50_000))
def test_more_revenue_at_stake_never_lowers_the_benefit_nor_slows_payback(
    fields: dict[str, Any], cost: float, revenue: float, running: float
) -> None:
    low = _case(dict(fields, cost_per_item_usd=cost, revenue_at_stake_usd=revenue), running)
    high = _case(dict(fields, cost_per_item_usd=cost, revenue_at_stake_usd=revenue * 2), running)
    assert high.monthly_benefit_usd.expected >= low.monthly_benefit_usd.expected
    assert _payback_rank(high.payback_months.expected) <= _payback_rank(low.payback_months.expected)
    assert low.monthly_net_usd.conservative <= low.monthly_net_usd.expected


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("cost_per_item_usd", "the agency bills us $4.50 a ticket", 4.5),
        ("cost_per_item_usd", "about 12 bucks per claim", 12),
        ("revenue_at_stake_usd", "$1.2M a year in renewals", 100000),
        ("revenue_at_stake_usd", "about 9k a week", 39000),
        ("revenue_share_pct", "maybe a tenth", 10),
    ],
)
def test_cost_per_item_and_revenue_answers(field: str, text: str, value: float) -> None:
    result = parse_answer(QUESTION_BY_FIELD[field], text)
    assert result.ok and not result.skipped
    assert result.value == pytest.approx(value, abs=0.05)


@pytest.mark.parametrize(
    ("field", "text", "says"),
    [
        ("cost_per_item_usd", "€55 an hour", "amount per item"),
        ("cost_per_item_usd", "cheap", "amount per item"),
        ("revenue_at_stake_usd", "$40 an hour", "amount a month"),
        ("revenue_share_pct", "120%", "outside what I can take"),
    ],
)
def test_bad_cost_per_item_and_revenue_answers_are_refused(
    field: str, text: str, says: str
) -> None:
    result = parse_answer(QUESTION_BY_FIELD[field], text)
    assert not result.ok and says in result.message and "\n" not in result.message
