"""Limits that cannot be walked around: every way in (a chat message, the profile editor's
"Change an answer", a rename, a new assessment) passes the one set of limits in
``assistant.conversation.limits``, and a client cannot reset the per-session rate by
starting a new session per page visit.

Before, the profile editor stored a 50,000-character answer and took all 40 edits sent
within 0.1 s, and each new session came with a fresh allowance.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assistant.config import Settings
from assistant.conversation.limits import LimitExceeded
from assistant.wiring import build_advisor
from tests.conftest import KNOWLEDGE, ROOT, advisor_env

USE_CASE = "Summarise weekly sales reports for the board"
APP = ROOT / "ui" / "app.py"


@pytest.fixture
def conv(tmp_path: Path) -> Any:
    return build_advisor(Settings(data_dir=tmp_path / "data", knowledge_dir=KNOWLEDGE)).conversation


def stored(conv: Any, session: str) -> list[str]:
    return [m["content"] for m in conv.history(session)]


# -- the profile editor --------------------------------------------------------------------


def test_an_edit_past_the_size_limit_is_refused_and_not_stored(conv: Any) -> None:
    session = conv.start().session
    conv.respond(session, USE_CASE)
    before = stored(conv, session)
    with pytest.raises(LimitExceeded) as refused:
        conv.edit_answer(session, "use_case", "x" * 50_000)
    assert str(refused.value) == (
        "Your answer is 50,000 characters long; the limit is 4,000. "
        "Shorten it or paste only a typical part."
    )
    assert stored(conv, session) == before
    assert conv.profile_fields(session)["answers"]["use_case"] == USE_CASE
    with pytest.raises(LimitExceeded, match="empty"):
        conv.edit_answer(session, "use_case", "   ")


def test_a_pasted_sample_may_be_as_long_by_edit_as_by_message(conv: Any) -> None:
    session = conv.start().session
    reply = conv.edit_answer(session, "input_tokens", "The quarterly figures rose. " * 400)
    assert reply.profile["input_tokens"]["value"] > 1000  # 11,200 characters, counted


def test_edits_share_the_per_session_rate_with_messages(conv: Any) -> None:
    session = conv.start().session
    began = time.monotonic()
    accepted = refused = 0
    for n in range(40):
        try:
            conv.edit_answer(session, "monthly_requests", str(1000 + n))
            accepted += 1
        except LimitExceeded as exc:
            assert "the limit is 30. Wait a moment" in str(exc)
            refused += 1
    assert (accepted, refused) == (30, 10), time.monotonic() - began
    limited = conv.respond(session, "one more message")  # the same count
    assert "the limit is 30" in limited.reply
    assert "one more message" not in stored(conv, session)


# -- per client ----------------------------------------------------------------------------


def test_new_sessions_are_limited_per_client(conv: Any) -> None:
    conv.settings.new_sessions_per_hour = 3
    mine = [conv.start(client="ip:203.0.113.7").session for _ in range(3)]
    conv.start(mine[0], client="ip:203.0.113.7")  # opening one again starts nothing
    with pytest.raises(LimitExceeded) as refused:
        conv.start(client="ip:203.0.113.7")
    assert str(refused.value) == (
        "You've started 3 assessments in the last hour; the limit is 3. "
        "Continue one of them from Assessments, or wait before starting another."
    )
    with pytest.raises(LimitExceeded):  # a first message to a new id is a new session too
        conv.respond("fresh-one", USE_CASE, client="ip:203.0.113.7")
    assert not conv.store.exists("fresh-one")
    conv.delete(mine[0])  # deleting one gives no allowance back
    with pytest.raises(LimitExceeded):
        conv.start(client="ip:203.0.113.7")
    assert conv.start(client="ip:198.51.100.2").session  # another client is not affected
    later = conv.clock
    conv.clock = lambda: later().replace(year=later().year + 1)
    assert conv.start(client="ip:203.0.113.7").session  # an hour on, it may again


def test_a_new_session_per_visit_does_not_reset_the_rate(conv: Any) -> None:
    conv.settings.client_rate_limit_per_minute = 5
    client = "ip:203.0.113.7"
    replies = [conv.respond(conv.start(client=client).session, USE_CASE, client) for _ in range(6)]
    assert ["the limit is 5" in r.reply for r in replies] == [False] * 5 + [True]
    assert replies[-1].reply.startswith("You've sent 5 messages in the last minute across")
    session = conv.start(client="ip:198.51.100.2").session
    assert "limit" not in conv.respond(session, USE_CASE, "ip:198.51.100.2").reply


def test_renames_pass_the_limits(conv: Any) -> None:
    conv.settings.client_rate_limit_per_minute = 2
    session = conv.start().session
    with pytest.raises(LimitExceeded, match="the limit is 120"):
        conv.rename(session, "x" * 50_000)
    assert conv.store.get(session).title == "New assessment"
    conv.rename(session, "Board reports", client="local")
    conv.rename(session, "Board reports 2", client="local")
    with pytest.raises(LimitExceeded, match="the limit is 2"):
        conv.rename(session, "Board reports 3", client="local")
    assert conv.store.get(session).title == "Board reports 2"


# -- the terminal and the web app ------------------------------------------------------------


@pytest.fixture
def data(app_data: Path) -> Path:
    """A fresh data folder with a copy of the prebuilt index (``conftest.app_data``)."""
    return app_data


def app() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=90).run()


def say(at: AppTest, text: str) -> AppTest:
    at.chat_input[0].set_value(text).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in (*at.error, *at.warning)]
    return "\n".join(str(p) for p in parts)


def messages(at: AppTest) -> list[str]:
    return ["\n".join(x.value for x in m.markdown) for m in at.chat_message]


def sessions(data: Path) -> list[str]:
    with sqlite3.connect(data / "sessions.sqlite") as db:
        return [row[0] for row in db.execute("SELECT id FROM sessions")]


# -- end to end ----------------------------------------------------------------------------


def _chat(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--json"],
        capture_output=True,
        text=True,
        env=advisor_env(data_dir, new_sessions_per_hour="1"),
        cwd=ROOT,
        timeout=600,
        input="",
    )


@pytest.mark.integration
def test_the_terminal_is_one_client(fresh_data_dir: Path) -> None:
    first = _chat(fresh_data_dir)
    assert first.returncode == 0, first.stderr[-2000:]
    second = _chat(fresh_data_dir)  # another process, the same client
    assert second.returncode == 2
    assert (
        second.stderr.strip()
        .splitlines()[-1]
        .endswith(
            "You've started 1 assessment in the last hour; the limit is 1. Continue one of them "
            "from Assessments, or wait before starting another."
        )
    )


@pytest.mark.integration
def test_the_web_apps_editor_and_new_sessions_pass_the_limits(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_NEW_SESSIONS_PER_HOUR", "2")
    at = say(app(), USE_CASE)
    session = at.query_params["session"]
    at.session_state["edit-open"] = True  # "Change an answer" opened, where it folds
    at.run()
    at.sidebar.selectbox(key="edit-field").set_value("use_case")
    at.sidebar.text_input(key="edit-text").set_value("x" * 50_000)
    at.sidebar.button(key="edit-apply").click().run()
    assert not at.exception, at.exception
    assert "Your answer is 50,000 characters long; the limit is 4,000" in texts(at)
    assert all(len(text) < 5000 for text in messages(at))
    at.sidebar.button[0].click().run()  # "New assessment"
    say(at, "Draft replies to supplier emails for the purchasing team")
    at.sidebar.button[0].click().run()
    say(at, "Classify incoming invoices by cost centre")  # a third in the hour: refused
    assert "You've started 2 assessments in the last hour; the limit is 2" in texts(at)
    assert "session" not in at.query_params and len(sessions(data)) == 2
    at.query_params["session"] = "made-up-id"  # nor does a new id in the address
    at.run()
    assert not at.exception, at.exception
    assert "the limit is 2" in texts(at) and "session" not in at.query_params
    assert len(sessions(data)) == 2 and session in sessions(data)
