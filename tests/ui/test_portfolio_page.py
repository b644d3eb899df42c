"""The Portfolio page, headless (Streamlit's AppTest): saved assessments side by side in
plain words, the chart, filters and sort, opening one in the chat, and the downloads."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.portfolio_seed import CLAIMS, CONTRACTS, OLD, SUPPLIER, TICKETS, seed

pytestmark = pytest.mark.integration

APP = ROOT / "ui" / "app.py"
TIMEOUT = 90  # seconds per script run
PAGE = "pages/portfolio.py"
CODES = ("try_fast", "long_term_bet", "not_now", "poc_with_safeguards", "start_poc")


@pytest.fixture
def data(app_data: Path) -> Path:
    """A fresh data folder with a copy of the prebuilt index (``conftest.app_data``)."""
    return app_data


@pytest.fixture
def seeded(data: Path) -> Path:
    seed(data)
    return data


def portfolio() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    at = at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    """Everything the page shows as Markdown, captions and alerts, in one string."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in (*at.error, *at.warning, *at.info, *at.success)]
    return "\n".join(str(p) for p in parts)


def table(at: AppTest) -> list[dict[str, str]]:
    return at.table[0].value.reset_index().to_dict("records")  # type: ignore[no-any-return]


def test_every_assessment_side_by_side_in_plain_words(seeded: Path) -> None:
    at = portfolio()
    assert not at.get("help") and not at.json and not at.error
    rows = table(at)
    assert [r["Use case"] for r in rows] == [CLAIMS, TICKETS, SUPPLIER, OLD]  # by value
    tickets = rows[1]
    assert tickets["Track"] == "Try fast"
    assert tickets["Verdict"].startswith("Start a proof of concept")
    assert tickets["Running cost a month"].startswith("€")
    assert tickets["Payback"] == "about 3 months"
    assert rows[2]["Net value a month (expected)"].startswith("-€")
    assert rows[2]["Payback"] == "never pays back"
    assert rows[3]["Track"] == "not assessed" and rows[3]["Net value a month (expected)"] == "—"
    shown = texts(at)
    assert CONTRACTS in shown  # listed as in progress
    assert "5 assessments: 1 try fast, 1 long-term bet, 1 not now" in shown
    assert "Amounts in EUR at the ECB rate" in shown
    everything = shown + str(rows)
    for code in CODES:
        assert code not in everything
    assert "tick3ts" not in everything  # no internal ids
    assert len(at.get("vega_lite_chart")) == 1
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Try fast": "1", "Long-term bet": "1", "Not now": "1", "In progress": "1"}
    labels = [b.label for b in at.get("download_button")]
    assert labels == [
        "Download for the steering meeting (PDF)",
        "Download for the steering meeting (Markdown)",
    ]


def test_filter_by_track_and_verdict_and_sort(seeded: Path) -> None:
    at = portfolio()
    at.multiselect(key="pf-track").set_value(["try_fast", "not_now"]).run()
    assert not at.exception, at.exception
    assert [r["Use case"] for r in table(at)] == [TICKETS, SUPPLIER]
    at.selectbox(key="pf-sort").set_value("title").run()
    assert [r["Use case"] for r in table(at)] == [SUPPLIER, TICKETS]
    at.multiselect(key="pf-track").set_value(["none"]).run()
    assert [r["Use case"] for r in table(at)] == [OLD]
    at.multiselect(key="pf-track").set_value([])  # empty: every track
    at.multiselect(key="pf-verdict").set_value(["not_recommended"]).run()
    assert not at.exception, at.exception
    assert not at.table  # nothing matches: a message instead of an empty table
    assert "No assessment matches these filters." in texts(at)


def test_open_one_in_the_chat(seeded: Path) -> None:
    at = portfolio()
    at.selectbox(key="pf-pick").set_value("suppl1er")
    at.button(key="pf-open").click().run()
    assert not at.exception, at.exception
    assert at.query_params["session"] == ["suppl1er"] or at.query_params["session"] == "suppl1er"
    assert SUPPLIER in [h.value for h in at.header]


def test_no_assessments_yet(data: Path) -> None:
    at = portfolio()
    assert "No assessments yet" in texts(at)
    assert not at.table and not at.error
