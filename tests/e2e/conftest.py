"""The real app in a real browser: ``python -m assistant ui`` on a free port with its own
data folder (a copy of the prebuilt index), and Debian's Chromium driven by Playwright
with a fresh profile and HOME. Screenshots and downloads go to ``test-artifacts/``."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.bench_browser import CHROMIUM, launch_chromium, start_app, stop_app, wait_healthy
from tests.conftest import KNOWLEDGE, ROOT, free_port

ARTIFACTS = ROOT / "test-artifacts"
STARTUP_SECONDS = 90


@pytest.fixture
def app_url(tmp_path: Path, indexed_data_dir: Path) -> Iterator[str]:
    data = tmp_path / "data"
    shutil.copytree(indexed_data_dir, data)
    (tmp_path / "app-home").mkdir()
    port = free_port()
    log = tmp_path / "app.log"
    process = start_app(data, KNOWLEDGE, port, log, home=tmp_path / "app-home")
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log, STARTUP_SECONDS)
        yield url
    finally:
        stop_app(process)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """A Chromium context with a fresh profile; fails (not skips) without Chromium."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: install Debian's `chromium` package "
            "(apt-get install chromium); CI installs it."
        )
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        context = launch_chromium(
            playwright, tmp_path, viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        context.set_default_timeout(60_000)
        # assertions wait as long as actions: a loaded 2-core CI machine is slow, not broken
        expect.set_options(timeout=60_000)
        try:
            yield context
        finally:
            context.close()
