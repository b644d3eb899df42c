"""A language model's reply in a real browser, shown as it is written: the app in LLM mode
(``ADVISOR_LLM=openai:…``) talks HTTP to a scripted OpenAI-compatible server that streams
the reply in two parts and holds the second until the test has seen the first on the
page. So the words reach the manager while the turn is still running, and the final reply
replaces them once the turn is done, under the conversation so far."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from assistant.bench_browser import start_app, stop_app, wait_healthy
from tests.conftest import KNOWLEDGE, free_port
from tests.e2e.conftest import ARTIFACTS, STARTUP_SECONDS
from tests.e2e.test_browser import CHAT_INPUT, MESSAGE
from tests.openai_stub import Held, StubServer, Tools, stub_server

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.slow]

OPENER = "We want to summarise supplier contracts for our buyers, about 400 a month."
FIRST = "Thanks, I have noted about 400 contracts a month for summarising."
REST = " Who reads the summaries: only your own staff, or customers too?"
RELEASE = threading.Event()


@pytest.fixture
def llm_app(tmp_path: Path, indexed_data_dir: Path) -> Iterator[tuple[str, StubServer]]:
    script = [
        Tools(
            [
                (
                    "record_answers",
                    {"answers": {"use_case": OPENER, "monthly_requests": "about 400 a month"}},
                )
            ]
        ),
        Held(FIRST, REST, RELEASE),
    ]
    with stub_server(script) as stub:
        data = tmp_path / "data"
        shutil.copytree(indexed_data_dir, data)
        (tmp_path / "app-home").mkdir()
        port = free_port()
        log = tmp_path / "app.log"
        model = {
            "ADVISOR_LLM": "openai:local-model",
            "OPENAI_BASE_URL": stub.base_url,
            "OPENAI_API_KEY": "any-key",
        }
        process = start_app(data, KNOWLEDGE, port, log, tmp_path / "app-home", model)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, process, log, STARTUP_SECONDS)
            yield url, stub
        finally:
            RELEASE.set()  # a failed test must not leave the server's thread waiting
            stop_app(process)


def test_the_model_s_reply_appears_as_it_is_written(
    llm_app: tuple[str, StubServer], browser: Any
) -> None:
    url, stub = llm_app
    page = browser.new_page()
    page.goto(url)
    box = page.locator(CHAT_INPUT)
    box.fill(OPENER)
    box.press("Enter")

    newest = page.locator(MESSAGE).last
    # the first part is on the page while the model is still writing the rest
    expect(newest).to_contain_text("I have noted about 400 contracts")
    expect(newest).not_to_contain_text("Who reads the summaries")
    expect(page.locator(MESSAGE).filter(has_text=OPENER)).to_have_count(1)
    page.screenshot(path=str(ARTIFACTS / "live-reply-writing.png"))
    RELEASE.set()

    expect(newest).to_contain_text("Who reads the summaries: only your own staff")
    expect(page.get_by_text("Interview: 2 of")).to_be_visible()
    expect(page.get_by_text("did not answer")).to_have_count(0)  # no offline fallback
    page.screenshot(path=str(ARTIFACTS / "live-reply-done.png"))
    assert all(request.get("stream") is True for request in stub.requests)

    # the reply was saved: a refresh shows it once, in the conversation
    page.reload()
    expect(page.locator(MESSAGE).filter(has_text="Who reads the summaries")).to_have_count(1)
