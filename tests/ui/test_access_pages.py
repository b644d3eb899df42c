"""The pages load sessions through the access rule: without sign-in the app is single-user
(and says so), and an assessment owned by someone else (a database shared with a team
deployment) is not found on the chat page, not listed, not in the portfolio."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.pilot_seed import seed

APP = ROOT / "ui" / "app.py"


def app(**query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params.update(query)
    return at.run()


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in (*at.error, *at.warning, *at.info, *at.success)]
    return "\n".join(str(p) for p in parts)


def messages(at: AppTest) -> list[tuple[str, str]]:
    return [(m.name, "\n".join(x.value for x in m.markdown)) for m in at.chat_message]


def test_about_says_single_user_without_sign_in(app_data: Path) -> None:
    at = app().switch_page("pages/about.py").run()
    assert not at.exception, at.exception
    assert "Who sees what" in [h.value for h in at.subheader]
    assert "**Single-user**: sign-in is not configured" in texts(at)


def test_someone_elses_assessment_is_not_found_anywhere(app_data: Path) -> None:
    theirs = seed(app_data / "sessions.sqlite", session_id="alices-drafts", owner="alice@x.com")
    at = app(session=theirs)
    assert not at.exception, at.exception
    assert "Assessment not found" in texts(at)
    assert at.query_params.get("session") != theirs
    assert all("Here is my recommendation." not in text for _, text in messages(at))
    listed = at.switch_page("pages/assessments.py").run()
    assert not listed.exception, listed.exception
    assert "No assessments yet" in texts(listed)
    portfolio = at.switch_page("pages/portfolio.py").run()
    assert not portfolio.exception, portfolio.exception
    assert "No assessments yet" in texts(portfolio)
