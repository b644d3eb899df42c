"""A manager's whole visit in a real browser: the interview by clicking and typing, the
recommendation, the report downloads, a refresh that finds the conversation again, and
the other pages. Screenshots are kept in ``test-artifacts/``."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.slow]

CHAT_INPUT = '[data-testid="stChatInputTextArea"]'
MESSAGE = '[data-testid="stChatMessage"]'
USE_CASE = "Summarise customer support tickets so team leads can spot recurring complaints"

# The interview, question by question: ("type", text), ("click", button) or
# ("number", value). Choice buttons, the number input and the skip button each get used.
STEPS: list[tuple[str, str]] = [
    ("type", USE_CASE),
    ("click", "Summarising"),
    ("click", "Our own staff"),
    ("number", "60000"),
    ("type", "two pages"),
    ("type", "a paragraph"),
    ("click", "Within a few seconds"),
    ("type", "noticeable"),
    ("click", "Spot checks"),
    ("type", "internal"),
    ("click", "Skip (use the default)"),
    ("type", "$3,000 a month"),
    ("type", "some"),
    ("type", "none"),
    ("click", "No"),
    ("click", "Yes"),
    ("type", "8 weeks"),
]


def shot(page: Page, name: str, height: int | None = None) -> None:
    """A screenshot; ``height`` makes the window that tall first, because Streamlit
    scrolls inside the page and a full-page capture would show one screen only."""
    size = page.viewport_size
    if height and size:
        page.set_viewport_size({"width": size["width"], "height": height})
        page.wait_for_timeout(500)  # charts re-layout to the new size
    page.screenshot(path=str(ARTIFACTS / name))
    if height and size:
        page.set_viewport_size(size)


def type_message(page: Page, text: str) -> None:
    box = page.locator(CHAT_INPUT)
    expect(box).to_be_enabled()
    box.fill(text)
    box.press("Enter")


def wait_for_progress(page: Page, answered: int) -> None:
    """The progress bar is filled after the reply, so it also says the reply is there."""
    progress = page.get_by_text(re.compile(rf"^Interview: {answered} of \d+"))
    expect(progress).to_be_visible(timeout=60_000)


def test_whole_assessment_download_and_refresh(app_url: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(app_url)
    page.locator(CHAT_INPUT).wait_for()
    wait_for_progress(page, 0)
    expect(page).to_have_url(re.compile(r"\?session=[a-z0-9_-]+$"))
    session_url = page.url
    shot(page, "01-greeting.png")

    for number, (action, value) in enumerate(STEPS, 1):
        if action == "type":
            type_message(page, value)
        elif action == "click":
            page.get_by_role("button", name=value).click()
        else:
            page.get_by_test_id("stNumberInputField").fill(value)
            page.get_by_role("button", name="Send", exact=True).click()
        wait_for_progress(page, number)
        if number == 3:  # the volume question: a number box with its unit
            expect(page.get_by_text("Your answer, in requests per month")).to_be_visible()
            shot(page, "02-number-question.png")

    card = page.get_by_role("heading", name="Recommendation")
    expect(card).to_be_visible()
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(2)
    shot(page, "03-recommendation.png", height=5200)

    with page.expect_download() as markdown:
        page.get_by_role("button", name="Download report (Markdown)").click()
    report = ARTIFACTS / "report.md"
    markdown.value.save_as(report)
    assert report.read_text(encoding="utf-8").startswith("# Adoption recommendation")
    assert USE_CASE in report.read_text(encoding="utf-8")
    with page.expect_download() as pdf:
        page.get_by_role("button", name="Download report (PDF)").click()
    pdf.value.save_as(ARTIFACTS / "report.pdf")
    assert (ARTIFACTS / "report.pdf").read_bytes().startswith(b"%PDF")

    page.reload()  # a refresh (or a bookmark) finds the conversation again
    page.locator(CHAT_INPUT).wait_for()
    assert page.url == session_url
    expect(page.locator(MESSAGE).filter(has_text=USE_CASE).first).to_be_visible()
    expect(page.get_by_role("heading", name="Recommendation")).to_be_visible()
    wait_for_progress(page, len(STEPS))
    shot(page, "04-after-refresh.png")

    # A follow-up question is answered from the knowledge base, with its sources.
    type_message(page, "What does the Llama licence allow for a product with many users?")
    cited = page.locator(MESSAGE).last.locator('[data-testid="stExpander"]')
    expect(cited.first).to_be_visible(timeout=60_000)
    cited.first.click()  # the passage behind the first citation
    expect(cited.first.get_by_text("knowledge/licensing/")).to_be_visible()
    shot(page, "05-follow-up.png")


def test_other_pages(app_url: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(app_url)
    page.locator(CHAT_INPUT).wait_for()
    type_message(page, USE_CASE)
    wait_for_progress(page, 1)

    page.get_by_role("link", name="Assessments").click()
    expect(page.get_by_role("heading", name="Assessments")).to_be_visible()
    expect(page.get_by_text(USE_CASE[:34])).to_be_visible()  # the title is the use case, cut short
    shot(page, "06-assessments.png")
    page.get_by_role("button", name="Open").click()
    expect(page.locator(MESSAGE).filter(has_text=USE_CASE).first).to_be_visible()

    page.get_by_role("link", name="Knowledge").click()
    expect(page.get_by_role("heading", name="Knowledge base")).to_be_visible()
    page.get_by_label("Search the guidance").fill("llama licence")
    page.get_by_role("button", name="Search").click()
    expect(
        page.locator('[data-testid="stExpander"]').filter(has_text="Llama").first
    ).to_be_visible()
    shot(page, "07-knowledge.png")

    page.get_by_role("link", name="About").click()
    expect(page.get_by_text("offline", exact=False).first).to_be_visible()
    shot(page, "08-about.png")
