"""The Portfolio page in a real browser, as a manager looks at it: saved assessments side
by side, the value-against-risk chart drawn, both downloads, and one
assessment opened in the chat. Screenshots at a desktop and a phone width go to
``test-artifacts/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_browser import CHAT_INPUT, DESKTOP, PHONE, assert_clean, settled_page, shot
from tests.portfolio_seed import CLAIMS, CONTRACTS, SUPPLIER, TICKETS, seed

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.slow]


def test_portfolio_page(app_url: str, browser: Any, tmp_path: Path) -> None:
    seed(tmp_path / "data")  # the app's data folder (see the app_url fixture)
    page = browser.new_page()
    page.set_viewport_size(DESKTOP)
    page.goto(app_url)
    page.locator(CHAT_INPUT).wait_for()
    page.get_by_role("link", name="Portfolio").click()
    expect(page.get_by_role("heading", name="Portfolio", exact=True)).to_be_visible()
    chart = page.locator('[data-testid="stVegaLiteChart"]')
    expect(chart).to_be_visible()
    expect(chart.locator("canvas, svg").first).to_be_visible()  # drawn, not just a box
    grid = page.locator('[data-testid="stTable"]')
    expect(grid).to_be_visible()
    expect(grid.get_by_text("Try fast")).to_be_visible()
    expect(page.get_by_text(CONTRACTS)).to_be_visible()  # in progress, listed below
    settled_page(page)
    shot(page, "10-portfolio.png")
    page.get_by_role("heading", name="Side by side").scroll_into_view_if_needed()
    shot(page, "10-portfolio-table.png")
    assert_clean(page, "portfolio")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download for the steering meeting (PDF)").click()
    pdf = download.value
    target = ARTIFACTS / pdf.suggested_filename
    pdf.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert pdf.suggested_filename.startswith("Use-case portfolio ")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download for the steering meeting (Markdown)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    for title in (TICKETS, CLAIMS, SUPPLIER, CONTRACTS):
        assert title in text

    page.set_viewport_size(PHONE)
    settled_page(page)
    assert_clean(page, "phone portfolio")
    shot(page, "11-phone-portfolio.png")
    page.set_viewport_size(DESKTOP)
    settled_page(page)

    picker = page.get_by_label("Open an assessment").first
    option = page.get_by_role("option", name=SUPPLIER)
    for _ in range(3):  # a page still redrawing after the resize can swallow the click
        picker.click()
        try:
            option.wait_for(timeout=20_000)
            break
        except PlaywrightTimeout:
            settled_page(page)
    option.click()
    page.get_by_role("button", name="Open in the chat").first.click()
    expect(page.get_by_role("heading", name=SUPPLIER)).to_be_visible()
