"""``python -m assistant bench --only browser``: the web app as a manager meets it.

Starts ``python -m assistant ui`` on a free port with a copy of an index built beforehand
(so the first-start index build is not what is measured), opens it in Debian's Chromium
and measures, after one warm-up visit, over several fresh visits (each a new assessment):

* from navigation to a usable chat input (visible and enabled), target 3 s;
* from sending the first answer to the reply with the next question, offline, target 1 s.

Both are read from the page's own clock (``performance.now()``, polled every animation
frame), so Playwright's polling and round trips do not add to the figures.
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from assistant.config import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RUNS = 5
TARGET_READY_S = 3.0
TARGET_REPLY_S = 1.0
FIRST_ANSWER = "Summarise customer support tickets so team leads can spot recurring complaints"

# In-page checks; each returns performance.now() (ms since navigation) once true. The
# reply is the third message (greeting, the answer, the reply) once it shows text.
_INPUT_READY = """() => {
  const box = document.querySelector('[data-testid="stChatInputTextArea"]');
  return box && !box.disabled && box.getClientRects().length > 0 ? performance.now() : false;
}"""
_REPLY_SHOWN = """() => {
  const messages = document.querySelectorAll('[data-testid="stChatMessage"]');
  return messages.length >= 3 && messages[2].innerText.trim().length > 0
    ? performance.now() : false;
}"""
# Stamps the moment Enter is pressed in the chat input, on the page's clock.
_STAMP_SEND = """() => {
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') window.__advisorSent = performance.now();
  }, {capture: true, once: true});
}"""


def start_app(
    data_dir: Path, knowledge_dir: Path, port: int, log: Path, home: Path | None = None
) -> subprocess.Popen[bytes]:
    """``python -m assistant ui`` on ``port``, offline, on ``data_dir`` (also used by the
    end-to-end tests)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update(
        ADVISOR_DATA_DIR=str(data_dir),
        ADVISOR_KNOWLEDGE_DIR=str(knowledge_dir.resolve()),
        ADVISOR_LLM="offline",
        HF_HUB_OFFLINE="1",
    )
    if home is not None:
        env["HOME"] = str(home)
    with log.open("wb") as out:
        # Its own process group: the CLI and the Streamlit server it starts stop together.
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "assistant",
                "ui",
                "--port",
                str(port),
                "--address",
                "127.0.0.1",
            ],
            cwd=data_dir.parent,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_healthy(
    url: str, process: subprocess.Popen[bytes], log: Path, seconds: float = 90
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the app exited with {process.returncode}: {log.read_text()[-2000:]}"
            )
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the app did not answer within {seconds:.0f} s: {log.read_text()[-2000:]}")


def stop_app(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _visit(context: Any, url: str) -> tuple[float, float]:
    """One fresh visit: (seconds to a usable chat input, seconds from send to reply)."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        ready_ms = page.wait_for_function(_INPUT_READY, polling="raf", timeout=60_000).json_value()
        page.evaluate(_STAMP_SEND)
        box = page.locator('[data-testid="stChatInputTextArea"]')
        box.fill(FIRST_ANSWER)
        box.press("Enter")
        shown_ms = page.wait_for_function(_REPLY_SHOWN, polling="raf", timeout=60_000).json_value()
        sent_ms = page.evaluate("window.__advisorSent")
        return ready_ms / 1000, (shown_ms - sent_ms) / 1000
    finally:
        page.close()


def launch_chromium(playwright: Any, work: Path, **options: Any) -> Any:
    """Debian's Chromium with a fresh profile and HOME under ``work`` (never a downloaded
    browser); also used by the end-to-end tests."""
    home = work / "browser-home"
    home.mkdir()
    return playwright.chromium.launch_persistent_context(
        str(work / "profile"),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        env={**os.environ, "HOME": str(home)},
        **options,
    )


def _measure(url: str, work: Path, runs: int) -> list[tuple[float, float]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = launch_chromium(playwright, work)
        try:
            _visit(context, url)  # warm-up: the server loads the pages and the model once
            return [_visit(context, url) for _ in range(runs)]
        finally:
            context.close()


def bench_browser(settings: Settings, runs: int = RUNS) -> dict[str, Any]:
    if not CHROMIUM.exists():
        return {"error": f"Chromium is missing at {CHROMIUM}: apt-get install chromium"}
    from assistant.kb.store import forget_client
    from assistant.wiring import build_advisor

    work = Path(tempfile.mkdtemp(prefix="advisor-browser-"))
    server = None
    try:
        seed = Settings(data_dir=work / "seed", knowledge_dir=settings.knowledge_dir)
        build_advisor(seed).reindex()
        forget_client(seed)
        data = work / "app" / "data"
        shutil.copytree(seed.data_dir, data)
        from assistant.bench import free_port  # bench imports this module at its end

        port = free_port()
        log = work / "app.log"
        server = start_app(data, settings.knowledge_dir, port, log)
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, server, log)
        samples = _measure(url, work, runs)
    finally:
        if server is not None:
            stop_app(server)
        shutil.rmtree(work, ignore_errors=True)
    ready = [round(r, 3) for r, _ in samples]
    reply = [round(s, 3) for _, s in samples]
    ready_median, reply_median = statistics.median(ready), statistics.median(reply)
    return {
        "runs": runs,
        "page_to_chat_input_median_s": round(ready_median, 3),
        "target_page_to_chat_input_s": TARGET_READY_S,
        "message_to_reply_median_s": round(reply_median, 3),
        "target_message_to_reply_s": TARGET_REPLY_S,
        "meets_targets": ready_median <= TARGET_READY_S and reply_median <= TARGET_REPLY_S,
        "page_to_chat_input_s": ready,
        "message_to_reply_s": reply,
    }
