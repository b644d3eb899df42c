"""The Pilot panel, headless (AppTest): the panel alone over a seeded assessment, no
index or embedding model, so it runs in seconds. Log a KPI and a cost from the forms, see
the table, a chart per KPI with its target, the decision; a bad figure is one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import KNOWLEDGE, ROOT
from tests.pilot_seed import seed

SESSION = "pilot-panel"


def panel_script() -> None:
    import os
    import sys

    sys.path.insert(0, os.environ["PILOT_UI_DIR"])
    from pilot_panel import pilot_panel

    from assistant.config import Settings
    from assistant.conversation.offline import OfflineDialogue
    from assistant.conversation.service import Conversation
    from assistant.conversation.store import SessionStore

    settings = Settings()
    offline = OfflineDialogue(lambda q, k: [], lambda p: None, None)  # type: ignore[arg-type, return-value]
    conv = Conversation(settings, SessionStore(settings.sessions_db), offline)
    rec = conv.recommendation("pilot-panel")
    assert rec is not None
    pilot_panel(conv, "pilot-panel", rec.poc_plan.kpis, expanded=True)


@pytest.fixture
def at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    data = tmp_path / "data"
    seed(data / "sessions.sqlite", SESSION)
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(data))
    monkeypatch.setenv("ADVISOR_KNOWLEDGE_DIR", str(KNOWLEDGE))
    monkeypatch.setenv("PILOT_UI_DIR", str(ROOT / "ui"))
    test = AppTest.from_function(panel_script, default_timeout=60)
    test.run()
    assert not test.exception, test.exception
    return test


def badges(at: AppTest) -> list[str]:
    return [str(m.value) for m in at.markdown if "-badge[" in str(m.value)]


def number(at: AppTest, key: str) -> object:
    return next(n for n in at.number_input if n.key == key)


def test_the_panel_logs_a_kpi_and_shows_the_decision(at: AppTest) -> None:
    assert badges(at) == [":blue-badge[:material/gavel: Decision: Need more data]"]
    key = f"pilot-{SESSION}-drafts-accepted-with-light-edits"
    number(at, f"{key}-value").set_value(62)  # type: ignore[attr-defined]
    number(at, f"{key}-n").set_value(400)  # type: ignore[attr-defined]
    next(t for t in at.text_input if t.key == f"{key}-period").set_value("week 3")
    next(b for b in at.button if b.proto.form_id == key).click().run()
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == ["Logged Drafts accepted with light edits."]
    assert badges(at) == [":orange-badge[:material/gavel: Decision: Iterate]"]
    table = at.dataframe[0].value
    assert list(table["value"]) == ["62%"] and list(table["95% interval"]) == ["57.2%-66.6%"]
    assert len(at.get("vega_lite_chart")) == 1  # one chart per KPI logged


def test_a_bad_figure_in_the_form_is_one_line_and_stores_nothing(at: AppTest) -> None:
    key = f"pilot-{SESSION}-drafts-accepted-with-light-edits"
    number(at, f"{key}-value").set_value(150)  # type: ignore[attr-defined]
    next(b for b in at.button if b.proto.form_id == key).click().run()
    (error,) = at.error
    assert error.value.startswith("Drafts accepted with light edits: --value takes a share")
    assert not at.dataframe
