"""Nothing a user, a document or a model writes makes the browser fetch anything: a
listener on 127.0.0.1 is the target of every trick in ``tests/security/tricks.py``, sent
as a chat message and planted in a knowledge document's title, heading and text (shown in
source expanders and on the Knowledge page), and it must receive no request, also after a
reload replays the conversation. The browser reaching the listener when told to proves the
silence means something."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from assistant.bench_browser import start_app, stop_app, wait_healthy
from tests.conftest import KNOWLEDGE, ROOT, advisor_env, free_port, write_doc
from tests.e2e.conftest import ARTIFACTS, STARTUP_SECONDS
from tests.e2e.test_browser import CHAT_INPUT, MESSAGE, type_message, wait_for_progress
from tests.security.tricks import tricks

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.slow]

# A 1x1 transparent GIF, so a fetched "image" would really load.
PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


class Listener:
    """An HTTP server on a free loopback port that records every request it gets."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        seen = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/gif")
                self.send_header("Content-Length", str(len(PIXEL)))
                self.end_headers()
                self.wfile.write(PIXEL)

            do_POST = do_HEAD = do_GET

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.host = f"127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


def _planted_knowledge(folder: Path, host: str) -> None:
    """The real knowledge base plus one valid document whose title, heading and text carry
    tricks (a title is at most 200 characters, so it gets the shortest ones)."""
    shutil.copytree(KNOWLEDGE, folder)
    title = f"Quokka costs ![a\\]b](//{host}/title.png) ![r](//{host}/title-2.png)"
    body = (
        "Quokka budgeting is the planted document of this test, with enough ordinary words "
        "to pass the minimum length check and to be found by the word quokka in a question."
        f"\n\n## Quokka budgets ![h](//{host}/heading.png) <img src=//{host}/heading-2.png>\n\n"
        "The quokka budget grows with the number of quokka requests every month. "
        + " ".join(tricks(host)[:4]).replace("\n", " ")
        + "\n"
    )
    write_doc(folder, "costs-quokka-planted", "costs", body=body, title=f"'{title}'")


@pytest.fixture
def planted_app(tmp_path: Path, indexed_data_dir: Path, listener: Listener) -> Iterator[str]:
    knowledge = tmp_path / "knowledge"
    _planted_knowledge(knowledge, listener.host)
    data = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data)
    # Index the planted document (only it is embedded: the others are unchanged).
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "reindex.py"), "--json"],
        env=advisor_env(data, knowledge),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (tmp_path / "app-home").mkdir()
    port = free_port()
    log = tmp_path / "app.log"
    process = start_app(data, knowledge, port, log, home=tmp_path / "app-home")
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log, STARTUP_SECONDS)
        yield url
    finally:
        stop_app(process)


def test_no_trick_makes_the_browser_fetch(
    planted_app: str, browser: Any, listener: Listener
) -> None:
    page = browser.new_page()
    page.goto(planted_app)
    page.locator(CHAT_INPUT).wait_for()
    wait_for_progress(page, 0)

    message = "\n\n".join(tricks(listener.host))
    assert len(message) < 4000  # within the message limit, so it is stored and shown
    type_message(page, message)
    expect(page.locator(MESSAGE)).to_have_count(3)  # greeting, the message, the reply
    expect(page.locator(MESSAGE).filter(has_text="image removed").first).to_be_visible()

    # A question that cites the planted document: its title and heading label the source.
    type_message(page, "How do quokka budgets grow with quokka requests?")
    cited = page.locator(MESSAGE).last.locator('[data-testid="stExpander"]')
    expect(cited.filter(has_text="Quokka costs").first).to_be_visible(timeout=60_000)
    cited.filter(has_text="Quokka costs").first.click()  # the passage with its tricks
    page.screenshot(path=str(ARTIFACTS / "inert-chat.png"))

    page.reload()  # the conversation is replayed from the session store
    page.locator(CHAT_INPUT).wait_for()
    expect(page.locator(MESSAGE).filter(has_text="image removed").first).to_be_visible()

    page.get_by_role("link", name="Knowledge").click()
    expect(page.get_by_role("heading", name="Knowledge base")).to_be_visible()
    page.get_by_label("Search the guidance").fill("quokka budgets")
    page.get_by_role("button", name="Search").click()
    found = page.locator('[data-testid="stExpander"]').filter(has_text="Quokka costs")
    expect(found.first).to_be_visible()
    page.get_by_role("tab", name="Browse").click()
    planted = page.locator('[data-testid="stExpander"]').filter(has_text="Quokka costs")
    expect(planted.last).to_be_visible()
    planted.last.click()  # the whole document, tricks included
    page.wait_for_timeout(2000)  # time for any late fetch to arrive
    page.screenshot(path=str(ARTIFACTS / "inert-knowledge.png"))

    assert listener.requests == [], sorted(set(listener.requests))

    # The control: the same browser does reach the listener when it is asked to.
    # (Opening a page directly also makes the browser ask that host for its favicon.)
    page.goto(f"http://{listener.host}/control")
    assert "/control" in listener.requests
    assert set(listener.requests) <= {"/control", "/favicon.ico"}
