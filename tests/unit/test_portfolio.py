"""The portfolio rows: figures taken from each assessment's recommendation, the
risk-and-effort score worked by hand, ordering, filters, and the words a manager reads."""

from __future__ import annotations

import json
import re

import pytest

from assistant.advice.portfolio import (
    PortfolioRow,
    contract_json,
    counts_line,
    display,
    filter_rows,
    payback_text,
    portfolio_money,
    portfolio_row,
    portfolio_rows,
    quadrant,
    risk_effort_score,
    sort_rows,
)
from assistant.advice.portfolio_report import markdown_portfolio, portfolio_report, text_table
from assistant.schemas import Recommendation, Risk
from tests.portfolio_seed import (
    CLAIMS,
    CONTRACTS,
    OLD,
    SUPPLIER,
    TICKETS,
    business_case,
    recommend,
    sample_records,
    with_case,
)

CONTRACT_KEYS = {
    "session",
    "title",
    "verdict",
    "track",
    "recommended_monthly_usd",
    "monthly_net_usd",
    "payback_months",
    "top_risk",
}
CODES = re.compile(
    r"\b(try_fast|long_term_bet|not_now|start_poc|poc_with_safeguards|not_recommended|"
    r"in_progress|hosted_api)\b"
)


def risk(severity: str, title: str) -> Risk:
    return Risk(id=title.lower(), severity=severity, title=title, why="", mitigation="", sources=[])  # type: ignore[arg-type]


def with_risks(rec: Recommendation, *risks: Risk, approach: str | None = None) -> Recommendation:
    update: dict[str, object] = {"risks": list(risks)}
    if approach:
        update["approach"] = approach
    return rec.model_copy(update=update)


def record(rec: Recommendation | None, answers: dict[str, object] | None = None) -> dict:
    return {
        "id": "abc123",
        "title": "  A   use case ",
        "interview": {"answers": answers or {}, "assumed": {}},
        "recommendation": rec.model_dump(mode="json") if rec is not None else None,
    }


@pytest.fixture(scope="module")
def rows() -> list[PortfolioRow]:
    return portfolio_rows(sample_records())


def by_title(rows: list[PortfolioRow]) -> dict[str, PortfolioRow]:
    return {row.title: row for row in rows}


# -- the rows ------------------------------------------------------------------------------


def test_an_assessed_row_takes_its_figures_from_the_recommendation(rows) -> None:
    row = by_title(rows)[TICKETS]
    rec = Recommendation.model_validate(sample_records()[0]["recommendation"])
    assert row.status == "assessed"
    assert row.session == "tick3ts"
    assert row.verdict == rec.verdict
    assert row.track == "try_fast"
    assert row.track_why.startswith("Summarising with spot checks")
    assert row.recommended_monthly_usd == rec.costs.recommended_monthly_usd
    assert row.monthly_net_usd == 1700.0 == row.value_score
    assert row.monthly_net_conservative_usd == 850.0
    assert row.payback_months == 3.1
    assert row.currency == "EUR"


def test_an_assessment_in_its_interview_is_a_row_without_figures(rows) -> None:
    row = by_title(rows)[CONTRACTS]
    assert row.status == "in_progress"
    assert row.verdict is row.track is row.top_risk is None
    assert row.recommended_monthly_usd is row.monthly_net_usd is row.payback_months is None
    assert row.risk_effort_score is None
    assert contract_json(row) == {
        "session": "contr4cts",
        "title": CONTRACTS,
        "verdict": None,
        "track": None,
        "recommended_monthly_usd": None,
        "monthly_net_usd": None,
        "payback_months": None,
        "top_risk": None,
        "status": "in_progress",
        "risk_effort_score": None,
        "pilot_decision": None,
    }


def test_an_assessment_saved_before_the_business_case_has_no_value_and_no_track(rows) -> None:
    row = by_title(rows)[OLD]
    assert row.status == "assessed" and row.verdict is not None
    assert row.track is None and row.monthly_net_usd is None and row.payback_months is None
    assert not row.has_business_case
    assert row.risk_effort_score is not None  # its risks and the stated build cost still count
    shown = display(row, portfolio_money([row]))
    assert shown.track == "not assessed"
    assert shown.net_value == shown.payback == "—"
    assert quadrant(row) is None


def test_a_recommendation_this_version_cannot_read_is_listed_in_progress() -> None:
    broken = {**record(None), "recommendation": {"verdict": "maybe"}}
    row = portfolio_row(broken)
    assert row.status == "in_progress" and row.title == "A use case"


def test_the_top_risk_is_the_most_severe_whatever_the_order() -> None:
    rec = with_risks(
        recommend(use_case="x", task_type="summarization"),
        risk("medium", "Drift"),
        risk("high", "Hallucinated facts"),
        risk("blocker", "Licence forbids it"),
        risk("blocker", "Second blocker"),
    )
    row = portfolio_row(record(rec))
    assert row.top_risk == "Licence forbids it"  # the engine's order breaks the tie
    assert row.top_risk_severity == "blocker"
    assert portfolio_row(record(with_risks(rec))).top_risk is None


# -- the risk-and-effort score ---------------------------------------------------------------


def test_risk_and_effort_worked_by_hand() -> None:
    rec = with_risks(
        recommend(use_case="x", task_type="summarization"),
        risk("high", "A"),
        risk("medium", "B"),
        approach="hosted_api",
    )
    # risks 15 + 6; build $10,000: 20 x (4 - 3) / 3 = 6.67; team none 10 + hosted API 0
    assert risk_effort_score(rec, "none", 10_000) == round(15 + 6 + 20 / 3 + 10) == 38
    # A strong team, no build cost: only the risks.
    assert risk_effort_score(rec, "strong", None) == 21
    # Unknown skill counts as "some" (5).
    assert risk_effort_score(rec, None, 1_000) == 26


def test_each_part_of_the_score_is_capped_and_the_total_is_at_most_100() -> None:
    rec = with_risks(
        recommend(use_case="x", task_type="summarization"),
        *[risk("blocker", f"B{n}") for n in range(5)],
        approach="self_hosted_open_weights",
    )
    assert risk_effort_score(rec, "none", 10**8) == 60 + 20 + 20
    assert risk_effort_score(with_risks(rec), "strong", 0) == 10  # self-hosting alone


def test_the_row_score_uses_the_interview_skill_and_the_business_case_build_cost() -> None:
    base = with_risks(
        recommend(use_case="x", task_type="summarization"), risk("low", "A"), approach="hosted_api"
    )
    rec = with_case(base, business_case(1000, 2, build=100_000), "try_fast", "why")
    # low 2 + build 20 x 2/3 = 13.33 + team none 10
    assert portfolio_row(record(rec, {"team_skill": "none"})).risk_effort_score == 25
    old = with_case(base, None, None)
    # No business case: the profile's stated build cost is used instead.
    assert portfolio_row(record(old, {"build_cost_usd": 100_000})).risk_effort_score == 20


# -- the contract's JSON ---------------------------------------------------------------------


def test_contract_json_has_the_contract_keys_in_usd(rows) -> None:
    out = [contract_json(row) for row in rows]
    json.dumps(out)  # plain JSON values only
    for item in out:
        assert set(item) >= CONTRACT_KEYS
    tickets = next(item for item in out if item["title"] == TICKETS)
    assert tickets["monthly_net_usd"] == 1700.0  # USD, though the manager said EUR
    assert tickets["track"] == "try_fast"
    supplier = next(item for item in out if item["title"] == SUPPLIER)
    assert supplier["monthly_net_usd"] == -300.0 and supplier["payback_months"] is None


# -- ordering and filters --------------------------------------------------------------------


def titles(rows: list[PortfolioRow]) -> list[str]:
    return [row.title for row in rows]


def test_sorting(rows) -> None:
    assert titles(sort_rows(rows, "value")) == [CLAIMS, TICKETS, SUPPLIER, OLD, CONTRACTS]
    assert titles(sort_rows(rows, "payback")) == [TICKETS, CLAIMS, SUPPLIER, OLD, CONTRACTS]
    assert titles(sort_rows(rows, "track")) == [TICKETS, CLAIMS, SUPPLIER, OLD, CONTRACTS]
    assert titles(sort_rows(rows, "title"))[-1] == CONTRACTS  # in progress stays last
    by_risk = sort_rows(rows, "risk")
    scores = [row.risk_effort_score for row in by_risk if row.risk_effort_score is not None]
    assert scores == sorted(scores) and by_risk[-1].title == CONTRACTS
    with pytest.raises(ValueError, match="sort by one of"):
        sort_rows(rows, "colour")


def test_filters(rows) -> None:
    assert titles(filter_rows(rows, tracks=["try_fast"])) == [TICKETS]
    assert set(titles(filter_rows(rows, tracks=["try_fast", "not_now"]))) == {TICKETS, SUPPLIER}
    assert titles(filter_rows(rows, tracks=["none"])) == [OLD]
    verdict = by_title(rows)[CLAIMS].verdict
    assert CLAIMS in titles(filter_rows(rows, verdicts=[verdict]))
    assert all(r.verdict == verdict for r in filter_rows(rows, verdicts=[verdict]))
    assert CONTRACTS in titles(filter_rows(rows))
    assert CONTRACTS not in titles(filter_rows(rows, include_in_progress=False))


# -- words and money -------------------------------------------------------------------------


def test_display_uses_labels_and_the_portfolio_currency(rows) -> None:
    money = portfolio_money(rows)
    assert money.currency == "EUR"  # two assessments give EUR, none another currency
    shown = {s.title: s for s in (display(row, money) for row in rows)}
    tickets = shown[TICKETS]
    assert tickets.track == "Try fast"
    assert tickets.verdict.startswith("Start a proof of concept")
    assert tickets.net_value.startswith("€") and tickets.net_value.endswith(" a month")
    assert tickets.payback == "about 3 months"
    assert shown[SUPPLIER].net_value.startswith("-€")
    assert shown[SUPPLIER].payback == "never pays back"
    assert shown[CONTRACTS].verdict == "In progress"
    for s in shown.values():
        assert not CODES.search(" ".join(str(v) for v in vars(s).values() if v != s.session))


def test_payback_in_words() -> None:
    def row(months: float | None, case: bool = True) -> PortfolioRow:
        return PortfolioRow(
            session="s", title="t", status="assessed", payback_months=months, has_business_case=case
        )

    assert payback_text(row(0.4)) == "about 2 weeks"
    assert payback_text(row(1.2)) == "about 1 month"
    assert payback_text(row(11.6)) == "about 12 months"
    assert payback_text(row(None)) == "never pays back"
    assert payback_text(row(None, case=False)) == "—"


def test_one_currency_for_the_portfolio() -> None:
    def row(currency: str | None) -> PortfolioRow:
        return PortfolioRow(session="s", title="t", status="assessed", currency=currency)

    assert portfolio_money([row(None)]).currency == "USD"
    assert portfolio_money([row("GBP"), row("GBP"), row("EUR")]).currency == "GBP"
    assert portfolio_money([row("GBP"), row("EUR")]).currency == "USD"  # a tie: dollars


def test_quadrants_and_counts(rows) -> None:
    found = {row.title: quadrant(row) for row in rows}
    assert found[TICKETS] == "Try first"
    assert found[CLAIMS] == "Needs an investment decision"
    assert found[SUPPLIER] == "Does not pay yet"
    assert counts_line(rows) == (
        "5 assessments: 1 try fast, 1 long-term bet, 1 not now, 1 not placed on a track, "
        "1 in progress."
    )
    assert counts_line([]) == "No assessments yet."


def test_markdown_and_text_table_show_every_assessment_without_ids_or_codes(rows) -> None:
    report = portfolio_report(sort_rows(rows, "value"))
    markdown = markdown_portfolio(report)
    table = text_table(report)
    for text in (markdown, table):
        for title in (TICKETS, CLAIMS, SUPPLIER, OLD, CONTRACTS):
            assert title in text
        assert not CODES.search(text)
        for sid in ("tick3ts", "cla1ms", "contr4cts"):
            assert sid not in text
    assert "| 1 | Claims triage for adjusters |" in markdown
    assert "### Try first" in markdown and "### Does not pay yet" in markdown
    assert "ECB rate" in markdown and "Amounts in EUR" in table


def test_the_pilot_decision_shows_for_assessed_rows_only() -> None:
    rec = recommend(use_case="Summarise tickets for team leads", task_type="summarization")
    rows = portfolio_rows([record(rec), record(None)], lambda session: "iterate")
    assert rows[0].pilot_decision == "iterate"
    assert rows[1].pilot_decision is None  # no plan, so no pilot
    assert display(rows[0], portfolio_money(rows)).pilot == "Iterate"
