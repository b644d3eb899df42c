"""The real app in a real browser: ``python -m assistant ui`` on a free port with its own
data folder (a copy of the prebuilt index), and Debian's Chromium driven by Playwright
with a fresh profile and HOME. Screenshots and downloads go to ``test-artifacts/``."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.bench_browser import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import KNOWLEDGE, ROOT, free_port

ARTIFACTS = ROOT / "test-artifacts"
STARTUP_SECONDS = 90


def wait_for_health(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"the app did not answer within {seconds:.0f} s:\n{log.read_text()}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the CLI and the Streamlit server it started (one process group, ours)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def app_url(tmp_path: Path, indexed_data_dir: Path) -> Iterator[str]:
    data = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update(
        ADVISOR_DATA_DIR=str(data),
        ADVISOR_KNOWLEDGE_DIR=str(KNOWLEDGE),
        HF_HUB_OFFLINE="1",
        HOME=str(tmp_path / "app-home"),
    )
    (tmp_path / "app-home").mkdir()
    port = free_port()
    log = tmp_path / "app.log"
    with log.open("wb") as out:
        # A new session makes the CLI and its Streamlit child one group to stop together.
        process = subprocess.Popen(
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
            cwd=tmp_path,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, process, log, STARTUP_SECONDS)
        yield url
    finally:
        stop(process)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """A Chromium context with a fresh profile; fails (not skips) without Chromium."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: install Debian's `chromium` package "
            "(apt-get install chromium); CI installs it."
        )
    from playwright.sync_api import expect, sync_playwright

    home = tmp_path / "browser-home"
    home.mkdir()
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            env={**os.environ, "HOME": str(home)},
            viewport={"width": 1400, "height": 1000},
            accept_downloads=True,
        )
        context.set_default_timeout(60_000)
        # assertions wait as long as actions: a loaded 2-core CI machine is slow, not broken
        expect.set_options(timeout=60_000)
        try:
            yield context
        finally:
            context.close()
