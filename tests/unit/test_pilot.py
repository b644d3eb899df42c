"""The pilot: reading and checking figures, the statistics, the decision rules, storage
and free-text logging in the chat."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.conversation.offline import OfflineDialogue
from assistant.conversation.service import Conversation
from assistant.conversation.store import SessionStore
from assistant.pilot.decision import assess
from assistant.pilot.measurements import (
    Measurement,
    PilotInputError,
    build_measurement,
    cost_measurement,
    find_kpi,
    parse_n,
    parse_value,
)
from assistant.pilot.reading import items, period, read_report
from assistant.pilot.stats import clears, items_to_settle, proportion_interval
from assistant.pilot.store import PilotStore
from assistant.schemas import Recommendation
from tests.conftest import KNOWLEDGE
from tests.pilot_seed import DRAFTING, SUMMARIES, recommendation, seed
from tests.unit.test_dialogue import fake_search
from tests.unit.test_engine import engine

ACCEPTED = "Drafts accepted with light edits"
TIME = "Time to a final draft"
COST = "Cost per task"


@pytest.fixture(scope="module")
def rec() -> Recommendation:
    return recommendation(DRAFTING)


def log(rec: Recommendation, kpi: str, value: str, **extra: str | int | None) -> Measurement:
    return build_measurement(rec.poc_plan.kpis, kpi, value, **extra)  # type: ignore[arg-type]


def cost(rec: Recommendation, usd: float, requests: int) -> Measurement:
    return cost_measurement(rec.poc_plan.kpis, usd, requests)


# -- statistics ---------------------------------------------------------------------------


def test_the_interval_narrows_tenfold_from_40_to_4000_items() -> None:
    small = proportion_interval(0.62, 40)
    large = proportion_interval(0.62, 4000)
    assert small[0] < 0.62 < small[1] and large[0] < 0.62 < large[1]
    assert (small[1] - small[0]) / (large[1] - large[0]) == pytest.approx(10, rel=0.1)
    assert (round(small[0], 2), round(small[1], 2)) == (0.47, 0.76)  # 25 of 40
    assert (round(large[0], 3), round(large[1], 3)) == (0.605, 0.635)
    # Wilson stays inside 0-1 where the normal interval would not.
    assert proportion_interval(0.0, 40)[0] == 0.0
    assert proportion_interval(1.0, 40)[1] == pytest.approx(1.0)


def test_items_to_settle_a_share_just_above_its_target() -> None:
    more = items_to_settle(0.75, 40, 0.70)
    assert more is not None and more > 0
    assert not clears(proportion_interval(0.75, 40), 0.70)
    assert clears(proportion_interval(0.75, 40 + more), 0.70)
    assert not clears(proportion_interval(0.75, 40 + more - 10), 0.70)
    # The normal approximation puts it near 1.96^2 * 0.75 * 0.25 / 0.05^2 = 288 items.
    assert 250 < 40 + more < 350
    assert items_to_settle(0.75, 4000, 0.70) == 0  # already settled
    assert items_to_settle(0.70, 400, 0.70) is None  # at the target: nothing settles it


# -- reading and checking values ----------------------------------------------------------


@pytest.mark.parametrize("text", ["62%", "0.62", "62", " 62 % ", "62 percent", 62, 0.62])
def test_a_share_is_read_the_same_way_however_it_is_written(text: str | float) -> None:
    assert parse_value(text, "share") == pytest.approx(0.62)


@pytest.mark.parametrize(
    ("text", "kind", "says"),
    [
        ("1", "share", "ambiguous: write 1% or 100%"),
        ("150%", "share", "a share from 0 to 100%"),
        ("-5%", "share", "a share from 0 to 100%"),
        ("lots", "share", "a share from 0 to 100%"),
        ("nan", "share", "a share from 0 to 100%"),
        (float("inf"), "share", "a share from 0 to 100%"),
        ("2000%", "change", "a change from -100% to 1000%"),
        ("5%", "number", "a plain number"),
        ("1e999", "number", "a number"),
    ],
)
def test_a_bad_value_is_one_line_naming_what_is_accepted(
    text: str | float, kind: str, says: str
) -> None:
    with pytest.raises(PilotInputError) as caught:
        parse_value(text, kind)  # type: ignore[arg-type]
    assert says in str(caught.value) and "\n" not in str(caught.value)


def test_a_change_may_be_negative() -> None:
    assert parse_value("-10%", "change") == pytest.approx(-0.1)


@pytest.mark.parametrize("text", ["0", "-3", "4.5", "many", "2000000000"])
def test_n_is_a_positive_whole_number(text: str) -> None:
    with pytest.raises(PilotInputError, match="--n takes a whole number of items from 1"):
        parse_n(text)


def test_n_accepts_thousands_separators() -> None:
    assert parse_n("1,200") == 1200 and parse_n(None) is None and parse_n(" ") is None


def test_kpi_names_match_the_plan_case_insensitively(rec: Recommendation) -> None:
    kpis = rec.poc_plan.kpis
    assert find_kpi("DRAFTS ACCEPTED WITH LIGHT EDITS", kpis).name == ACCEPTED  # type: ignore[union-attr]
    assert find_kpi("  drafts   accepted with light edits", kpis).name == ACCEPTED  # type: ignore[union-attr]
    assert find_kpi("drafts accepted", kpis).name == ACCEPTED  # type: ignore[union-attr]
    assert find_kpi("Customer satisfaction score", kpis) is None  # a new KPI
    with pytest.raises(PilotInputError, match="did you mean 'Drafts accepted with light edits'"):
        find_kpi("drafts acepted with light edits", kpis)
    with pytest.raises(PilotInputError, match="the KPI name is empty"):
        find_kpi("  ", kpis)


def test_a_measurement_takes_the_plans_name_and_scale(rec: Recommendation) -> None:
    m = log(rec, "drafts accepted", "62%", baseline="55", n="400", period="week 3")
    assert (m.kpi, m.value, m.baseline, m.n, m.period) == (ACCEPTED, 0.62, 0.55, 400, "week 3")
    new = log(rec, "Customer satisfaction score", "4.2")
    assert (new.kpi, new.value) == ("Customer satisfaction score", 4.2)
    spent = cost(rec, 120, 30000)
    assert (spent.kpi, spent.value, spent.n, spent.spent_usd) == (COST, 0.004, 30000, 120)
    with pytest.raises(PilotInputError, match="--requests takes a whole number"):
        cost_measurement(rec.poc_plan.kpis, 120, 0)
    with pytest.raises(PilotInputError, match="--usd takes an amount"):
        cost_measurement(rec.poc_plan.kpis, -1, 100)


# -- the decision -------------------------------------------------------------------------


def decide(rec: Recommendation, *measurements: Measurement) -> tuple[str, str]:
    status = assess("s", rec, list(measurements), 20000)
    return status.decision.id, status.decision.why


def test_scale_when_every_kpi_is_met_with_enough_evidence(rec: Recommendation) -> None:
    decision, why = decide(
        rec,
        log(rec, TIME, "30%", n=300, baseline="0%"),
        log(rec, ACCEPTED, "80%", n=1000, baseline="50%"),
        cost(rec, 45, 5000),
    )
    assert decision == "scale", why
    assert "80% on 1,000 items" in why and "No baseline" not in why


def test_scale_without_a_baseline_says_it_compared_with_the_target_only(
    rec: Recommendation,
) -> None:
    decision, why = decide(
        rec, log(rec, TIME, "30%", n=300), log(rec, ACCEPTED, "80%", n=1000), cost(rec, 45, 5000)
    )
    assert decision == "scale"
    assert f"No baseline was logged for {TIME}, {ACCEPTED}" in why


def test_a_target_met_on_too_small_a_sample_needs_more_data(rec: Recommendation) -> None:
    status = assess(
        "s",
        rec,
        [log(rec, TIME, "30%", n=300), log(rec, ACCEPTED, "75%", n=40), cost(rec, 45, 5000)],
        20000,
    )
    accepted = next(j for j in status.latest if j.measurement.kpi == ACCEPTED)
    assert accepted.met is True and accepted.status == "unclear"
    assert accepted.more_items is not None and accepted.more_items > 200
    assert status.decision.id == "need_more_data"
    assert f"about {accepted.more_items:,} more items would settle it" in status.decision.why


def test_a_kpi_clearly_missed_but_close_is_iterate(rec: Recommendation) -> None:
    decision, why = decide(rec, log(rec, ACCEPTED, "62%", n=400), log(rec, TIME, "30%", n=300))
    assert decision == "iterate"
    assert "62% on 400 items (95% interval 57.2%-66.6%) against a target of >= 70%" in why


def test_a_kpi_far_below_its_target_is_stop(rec: Recommendation) -> None:
    decision, why = decide(rec, log(rec, ACCEPTED, "30%", n=400))
    assert decision == "stop" and "far from the target" in why


def test_no_better_than_the_baseline_is_stop(rec: Recommendation) -> None:
    decision, why = decide(rec, log(rec, ACCEPTED, "55%", n=2000, baseline="60%"))
    assert decision == "stop" and "no better than the baseline of 60%" in why


def test_quality_passes_but_the_measured_cost_breaks_the_case(rec: Recommendation) -> None:
    decision, why = decide(
        rec,
        log(rec, TIME, "30%", n=300),
        log(rec, ACCEPTED, "80%", n=1000),
        cost(rec, 1000, 5000),  # $0.20 a task: $4,000 a month at 20,000, over the $3,000 budget
    )
    assert decision == "iterate"
    assert why.startswith("Quality passes, but at the measured $0.2000 per task")
    assert "$4,000 a month at 20,000 requests" in why


def test_quality_met_without_the_cost_logged_needs_more_data(rec: Recommendation) -> None:
    decision, why = decide(rec, log(rec, TIME, "30%", n=300), log(rec, ACCEPTED, "80%", n=1000))
    assert decision == "need_more_data" and "the pilot's cost is not logged" in why


def test_nothing_logged_needs_more_data(rec: Recommendation) -> None:
    decision, why = decide(rec)
    assert decision == "need_more_data"
    assert f"not measured yet: {TIME}, {ACCEPTED}" in why


def test_an_error_rate_is_judged_downwards() -> None:
    summaries = recommendation(SUMMARIES)
    errors = "Factual errors"
    ok = build_measurement(summaries.poc_plan.kpis, errors, "3%", n=2000)
    far = build_measurement(summaries.poc_plan.kpis, errors, "12%", n=2000)
    assert assess("s", summaries, [ok], 20000).latest[0].status == "met"
    decision = assess("s", summaries, [far], 20000).decision
    assert decision.id == "stop"


def test_the_latest_measurement_decides_and_the_history_is_kept(rec: Recommendation) -> None:
    status = assess(
        "s",
        rec,
        [
            log(rec, ACCEPTED, "62%", n=400, period="week 1"),
            log(rec, ACCEPTED, "80%", n=1000, period="week 3"),
            log(rec, TIME, "30%", n=300),
            cost(rec, 45, 5000),
        ],
        20000,
    )
    assert len(status.judgements) == 4
    assert [j.measurement.kpi for j in status.latest] == [TIME, ACCEPTED, COST]
    assert status.decision.id == "scale"
    assert status.cost is not None and status.cost.monthly_at_scale_usd == pytest.approx(180)


def test_a_kpi_outside_the_plan_is_shown_but_not_decided_on(rec: Recommendation) -> None:
    status = assess("s", rec, [log(rec, "Customer satisfaction score", "4.2", n=50)], 20000)
    assert status.judgements[0].status == "no_target"
    assert status.as_json()["measurements"][0]["met"] is None
    assert status.decision.id == "need_more_data"


# -- storage and the chat -----------------------------------------------------------------


def conversation(tmp_path: Path) -> Conversation:
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=KNOWLEDGE)
    offline = OfflineDialogue(fake_search, engine().recommend, None)
    return Conversation(settings, SessionStore(settings.sessions_db), offline)


def test_measurements_survive_a_new_store_and_go_with_their_session(tmp_path: Path) -> None:
    conv = conversation(tmp_path)
    session = seed(conv.store.path)
    conv.pilot.log(session, "drafts accepted", "62%", n="400", period="week 3")
    conv.pilot.log_cost(session, "120", "30000")
    reopened = PilotStore(SessionStore(conv.store.path))
    assert [m.kpi for m in reopened.list(session)] == [ACCEPTED, COST]
    first = reopened.list(session)[0]
    assert first.id is not None
    conv.pilot.remove(session, first.id)
    assert [m.kpi for m in reopened.list(session)] == [COST]
    conv.delete(session)
    count = conv.store._connection().execute("SELECT COUNT(*) FROM pilot_measurements")
    assert count.fetchone()[0] == 0


def test_a_pilot_message_in_the_chat_is_logged_and_judged(tmp_path: Path) -> None:
    conv = conversation(tmp_path)
    session = seed(conv.store.path)
    reply = conv.respond(
        session, "week 3: 62% of drafts accepted with light edits, 400 drafts reviewed"
    )
    logged = conv.pilot.status(session).judgements
    assert [(j.measurement.kpi, j.measurement.value, j.measurement.n) for j in logged] == [
        (ACCEPTED, 0.62, 400)
    ]
    assert logged[0].measurement.period == "week 3"
    assert "**Logged for your pilot (week 3):**" in reply.reply
    assert "62% on 400 items (95% interval 57.2%-66.6%)" in reply.reply
    assert "**Decision: Iterate.**" in reply.reply
    history = conv.history(session)
    assert history[-1]["content"] == reply.reply  # the turn is saved like any other


def test_a_japanese_pilot_message_is_logged_and_answered_in_japanese(tmp_path: Path) -> None:
    conv = conversation(tmp_path)
    session = seed(conv.store.path, lang="ja")
    reply = conv.respond(session, "3週目の結果です。採用率62%、400件の下書きを確認しました")
    logged = conv.pilot.status(session).judgements
    assert [(j.measurement.kpi, j.measurement.value, j.measurement.n) for j in logged] == [
        (ACCEPTED, 0.62, 400)
    ]
    assert logged[0].measurement.period == "3週目"
    text = reply.reply
    assert "**パイロットの結果として記録しました(3週目):**" in text
    assert "62%(400件で測定)" in text and "**判断:" in text
    assert not re.search(r"\b(Logged|Decision|Against|items|target)\b", text), text
    # The stored judgement and the card speak the assessment's language too.
    view = conv.pilot.view_of(session)
    assert view is not None and view.kpis[0].explanation in ("達成", "未達", "判定保留")


def test_a_bad_pilot_figure_in_the_chat_stores_nothing(tmp_path: Path) -> None:
    conv = conversation(tmp_path)
    session = seed(conv.store.path)
    reply = conv.respond(session, "week 2: 150% of drafts accepted, 300 drafts reviewed")
    assert reply.reply.startswith("I couldn't log that: --value takes a share from 0 to 100%")
    assert conv.pilot.status(session).judgements == []


def test_the_chat_reads_counts_periods_and_cost(rec: Recommendation) -> None:
    assert items("62% accepted on 1,200 drafts") == 1200
    assert items("n=350, 70% accepted") == 350
    assert items("week 3: 62% of drafts accepted") is None
    assert period("in the second week we saw 70% accepted") == "second week"
    report = read_report(
        rec, "so far 81% accepted, 900 drafts checked; we spent $90 on 9,000 requests"
    )
    assert [(m.kpi, round(m.value, 4), m.n) for m in report.measurements] == [
        (ACCEPTED, 0.81, 900),
        (COST, 0.01, 9000),
    ]


def test_the_pilot_goes_into_the_chat_json_the_export_and_the_reports(tmp_path: Path) -> None:
    from assistant.advice.presentation import present
    from assistant.advice.report import markdown_report, pdf_report

    conv = conversation(tmp_path)
    session = seed(conv.store.path)
    before = conv.respond(session, "what are the KPIs?")
    assert before.pilot is None  # nothing logged yet
    reply = conv.respond(
        session, "week 3: 62% of drafts accepted with light edits, 400 drafts reviewed"
    )
    assert reply.pilot is not None and reply.pilot["decision"]["id"] == "iterate"
    assert reply.contract_json()["pilot"]["measurements"][0]["n"] == 400
    exported = conv.export(session, "md")
    assert "## Pilot results" in exported and "**Decision: Iterate.**" in exported
    assert "## Inputs and assumptions" in exported  # the profile travels with the export
    rec = conv.recommendation(session)
    assert rec is not None
    view = present(rec, conv.profile(session), pilot=conv.pilot.status(session).view())
    assert view.pilot is not None and view.pilot.kpis[0].explanation == "Missed"
    assert "| Drafts accepted" in markdown_report(view)
    pdf = pdf_report(view, tmp_path / "r.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
