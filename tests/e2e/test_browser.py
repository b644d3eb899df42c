"""A manager's whole visit in a real browser, looked at as a person would: the interview by
clicking and typing, the recommendation card, the report downloads, follow-ups, a refresh
that finds the conversation again, and the other pages, at a desktop and a phone width.

Every page is checked for what must never show: Streamlit's debug renderings (a help
table, a JSON dump, a traceback), error boxes nobody provoked, and text that runs out of
its container sideways. After each follow-up the newest reply must be on screen.
Screenshots of every page and of the card (1280x900 and 390x844) go to
``test-artifacts/``.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from assistant.questionnaire import QUESTIONS
from tests.e2e.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.slow]

CHAT_INPUT = '[data-testid="stChatInputTextArea"]'
MESSAGE = '[data-testid="stChatMessage"]'
USE_CASE = "Summarise customer support tickets so team leads can spot recurring complaints"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# What to answer to each question, by the field it asks about: ("type", text),
# ("click", button), ("number", value) or ("skip", ""). Choice buttons, the number input,
# yes/no buttons and the skip button each get used; the order is the interview's.
ANSWERS: dict[str, tuple[str, str]] = {
    "use_case": ("type", USE_CASE),
    "task_type": ("click", "Summarising"),
    "audience": ("click", "Our own staff"),
    "monthly_requests": ("number", "60000"),
    "input_tokens": ("type", "two pages"),
    "output_tokens": ("type", "a paragraph"),
    "latency": ("click", "Within a few seconds"),
    "error_impact": ("type", "noticeable"),
    "human_review": ("click", "Spot checks"),
    "data_sensitivity": ("type", "internal"),
    "deployment": ("skip", ""),
    "annex_iii_areas": ("click", "None of those"),
    "monthly_budget_usd": ("type", "€3,000 a month"),
    "team_skill": ("type", "some"),
    "labeled_examples": ("type", "none"),
    "commercial_product": ("click", "No"),
    "eu_users": ("click", "Yes"),
    "prohibited_practice": ("click", "None of those"),
    "regulated_product": ("click", "No"),
    "children": ("click", "No"),
    "timeline_weeks": ("type", "8 weeks"),
    "minutes_per_item": ("type", "12 minutes"),
    "hourly_cost_usd": ("type", "€55 an hour"),
    "time_saved_pct": ("type", "about a third"),
    "build_cost_usd": ("type", "40k"),
    "adoption_ramp_months": ("skip", ""),
}
FOLLOW_UPS = [
    "What does the Llama licence allow for a product with many users?",
    "what if we had twice the volume?",
    "what are the KPIs?",
]

# Elements that only show up when something went wrong or leaked: magic's help table, a
# JSON dump, a traceback, an error box; and the developer toolbar's Deploy button.
_INTRUDERS = """() => {
  const found = [];
  for (const id of ['stHelp', 'stJson', 'stException'])
    document.querySelectorAll(`[data-testid="${id}"]`).forEach(e =>
      found.push(`${id}: ${e.innerText.slice(0, 80)}`));
  document.querySelectorAll('[data-testid="stAlertContentError"]').forEach(e =>
    found.push(`error box: ${e.innerText.slice(0, 80)}`));
  // The developer toolbar's "Deploy" is not for the people using the app.
  document.querySelectorAll('[data-testid="stAppDeployButton"]').forEach(() =>
    found.push('the Deploy button'));
  return found;
}"""
# Text that runs out of its box sideways (scroll areas such as code and charts excepted),
# and a page wider than the window.
_OVERFLOW = """() => {
  const out = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    out.push(`page ${document.documentElement.scrollWidth}px wide in ${window.innerWidth}px`);
  const sel = 'p, li, h1, h2, h3, h4, td, th, label, button, summary, '
    + '[data-testid="stCaptionContainer"]';
  for (const el of document.querySelectorAll(sel)) {
    if (!el.offsetParent || el.closest('pre, code, [data-testid="stVegaLiteChart"]')) continue;
    const side = el.closest('[data-testid="stSidebar"]');
    if (side && side.getBoundingClientRect().right <= 0) continue;  // a closed sidebar
    const style = getComputedStyle(el);
    const own = el.scrollWidth > el.clientWidth + 1 && style.overflowX === 'visible';
    const box = el.closest('[data-testid="stElementContainer"], [data-testid="stSidebar"]');
    const r = el.getBoundingClientRect(), b = box ? box.getBoundingClientRect() : null;
    const past = b && r.width > 0 && r.right > b.right + 1
      && !el.closest('[data-testid="stTable"], table');
    if (own || past) out.push(`${el.tagName}: ${el.innerText.slice(0, 60)}`);
  }
  return out;
}"""
# Where the newest message is relative to the visible window (above the chat box).
_NEWEST = """() => {
  const all = document.querySelectorAll('[data-testid="stChatMessage"]');
  const r = all[all.length - 1].getBoundingClientRect();
  const box = document.querySelector('[data-testid="stBottom"]');
  const floor = box ? box.getBoundingClientRect().top : window.innerHeight;
  return {top: r.top, bottom: r.bottom, floor: floor, count: all.length};
}"""


_NEW_REPLY = """(before) => {
  const all = document.querySelectorAll('[data-testid="stChatMessage"]');
  const last = all[all.length - 1];
  return last && last.querySelector('[data-testid="stChatMessageAvatarAssistant"]')
    && last.innerText.trim() !== '' && last.innerText !== before;
}"""


def newest_text(page: Page) -> str:
    return str(page.locator(MESSAGE).last.inner_text())


def shot(page: Page, name: str) -> None:
    page.wait_for_timeout(400)  # charts and fonts settle
    page.screenshot(path=str(ARTIFACTS / name))


def assert_clean(page: Page, where: str) -> None:
    """Only the app's own elements, and no text out of its box."""
    intruders = page.evaluate(_INTRUDERS)
    assert not intruders, f"{where}: {intruders}"
    overflow = page.evaluate(_OVERFLOW)
    if overflow:  # what a person would have seen, for the failure report
        page.screenshot(path=str(ARTIFACTS / "failed-overflow.png"), full_page=True)
    assert not overflow, f"{where}: text overflows: {overflow[:5]}"


def settled_page(page: Page) -> None:
    """The script run is over: no 'running' indicator."""
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0)
    page.wait_for_timeout(300)


def settled(page: Page) -> None:
    """The chat page's run is over and its chat box usable."""
    settled_page(page)
    expect(page.locator(CHAT_INPUT)).to_be_enabled()


def type_message(page: Page, text: str) -> None:
    box = page.locator(CHAT_INPUT)
    expect(box).to_be_enabled()
    box.fill(text)
    box.press("Enter")


def wait_for_progress(page: Page, answered: int) -> None:
    """The progress bar is filled after the reply, so it also says the reply is there."""
    progress = page.get_by_text(re.compile(rf"^Interview: {answered} of \d+"))
    expect(progress).to_be_visible(timeout=60_000)


def wait_for_reply(page: Page, before: str) -> None:
    """The newest message is a new reply (``before`` was the newest text), fully shown."""
    page.wait_for_function(_NEW_REPLY, arg=before, polling=100, timeout=60_000)
    settled(page)


def newest_in_view(page: Page, where: str) -> None:
    """The newest message ends up on screen (the app scrolls it into view once it has drawn
    it, which a busy machine may take a moment to do)."""
    condition = "() => { const p = (" + _NEWEST + ")(); return p.top < p.floor && p.bottom > 0; }"
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(condition, timeout=15_000)
    place = page.evaluate(_NEWEST)
    assert place["top"] < place["floor"] and place["bottom"] > 0, f"{where}: {place}"


def pending_field(page: Page) -> str:
    """The question now waiting: the one whose prompt the newest message asks last."""
    text = " ".join(page.locator(MESSAGE).last.inner_text().split())
    asked = [(text.rfind(" ".join(q.prompt.split())), q.field) for q in QUESTIONS]
    place, field = max(asked)
    return field if place >= 0 else "use_case"


def answer_everything(page: Page) -> None:
    """The interview to the end, answering whatever question is pending."""
    for _ in range(40):
        if page.get_by_text(re.compile(r"recommendation ready")).count():
            return
        field = pending_field(page)
        action, value = ANSWERS[field]
        before = newest_text(page)
        if action == "type":
            type_message(page, value)
        elif action == "click":
            page.get_by_role("button", name=value, exact=True).click()
        elif action == "skip":
            page.get_by_role("button", name="Skip (use the default)").click()
        else:
            page.get_by_test_id("stNumberInputField").fill(value)
            page.get_by_role("button", name="Send", exact=True).click()
        wait_for_reply(page, before)
        assert_clean(page, f"after answering {field}")
        newest_in_view(page, f"after answering {field}")
    raise AssertionError("the interview did not end with a recommendation")


def card_shots(page: Page, prefix: str) -> None:
    """The card's tabs, one screenshot of the whole card each."""
    card = page.get_by_test_id("stExpander").filter(has_text="Recommendation:").first
    size = page.viewport_size or DESKTOP
    for tab in ("Summary", "Value", "Costs", "Risks", "Plan", "Sources"):
        page.get_by_role("tab", name=tab).click()
        settled_page(page)  # opening a tab draws it
        expect(page.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")
        assert_clean(page, f"card tab {tab}")
        # Streamlit scrolls inside the page, so a capture shows only what is on screen:
        # make the window as tall as the card first.
        page.set_viewport_size({"width": size["width"], "height": 3000})
        page.wait_for_timeout(600)  # charts re-layout
        card.screenshot(path=str(ARTIFACTS / f"{prefix}-card-{tab.lower()}.png"))
        page.set_viewport_size(size)
    page.get_by_role("tab", name="Summary").click()


def test_whole_assessment_download_and_refresh(app_url: str, browser: Any) -> None:
    page = browser.new_page()
    page.set_viewport_size(DESKTOP)
    page.goto(app_url)
    page.locator(CHAT_INPUT).wait_for()
    wait_for_progress(page, 0)
    settled(page)
    assert "session=" not in page.url  # nothing is saved until the first message
    assert_clean(page, "greeting")
    shot(page, "01-greeting.png")

    answer_everything(page)
    assert re.search(r"\?session=[a-z0-9_-]+$", page.url)
    session_url = page.url
    card = page.get_by_test_id("stExpander").filter(has_text="Recommendation:").first
    expect(card).to_be_visible()
    # The reply presenting it is short and points to the card; it is shown once.
    newest = page.locator(MESSAGE).last
    expect(newest).to_contain_text("recommendation card")
    assert newest.inner_text().count("Talking points") == 0
    shot(page, "02-recommendation-reply.png")
    page.get_by_role("tab", name="Summary").scroll_into_view_if_needed()
    expect(page.get_by_role("tab", name="Costs")).to_be_visible()
    page.get_by_role("tab", name="Costs").click()
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(2)
    card_shots(page, "03-desktop")
    assert "€" in card.inner_text()  # the manager's currency

    with page.expect_download() as pdf:
        page.get_by_role("button", name="Download report (PDF)").click()
    name = pdf.value.suggested_filename
    assert re.fullmatch(r"Summarise customer .* - adoption advice \d{4}-\d{2}-\d{2}\.pdf", name)
    pdf.value.save_as(ARTIFACTS / "report.pdf")
    assert (ARTIFACTS / "report.pdf").read_bytes().startswith(b"%PDF")
    with page.expect_download() as markdown:
        page.get_by_role("button", name="Download report (Markdown)").click()
    assert markdown.value.suggested_filename == name.removesuffix(".pdf") + ".md"
    report = ARTIFACTS / "report.md"
    markdown.value.save_as(report)
    text = report.read_text(encoding="utf-8")
    assert "## Executive summary" in text and USE_CASE in text and "knowledge/" not in text

    # Follow-ups: each newest reply is on screen, under a card that is drawn once.
    for question in FOLLOW_UPS:
        before = newest_text(page)
        type_message(page, question)
        wait_for_reply(page, before)
        newest_in_view(page, f"after {question!r}")
        assert_clean(page, f"after {question!r}")
        expect(page.get_by_role("tab", name="Summary")).to_have_count(1)
    cited = page.locator(MESSAGE).nth(-5).locator('[data-testid="stExpander"]')
    expect(cited.first).to_be_visible()  # the licence answer cites its passages by title
    assert "knowledge/" not in cited.first.inner_text()
    shot(page, "04-follow-ups.png")

    # The team logs a pilot result on the Pilot panel: judged against the plan, kept.
    page.get_by_text(re.compile(r"^Pilot results")).first.click()
    form = page.get_by_test_id("stForm").first
    form.get_by_label(re.compile(r"^Value")).fill("35")
    form.get_by_label("Items measured").fill("400")
    form.get_by_label("Period").fill("week 3")
    form.get_by_role("button", name="Log", exact=True).click()
    logged = page.get_by_text(re.compile(r"^Pilot results · .+ · 1 logged"))
    expect(logged).to_be_visible(timeout=60_000)
    settled(page)
    assert_clean(page, "after logging a pilot result")
    panel = page.get_by_test_id("stExpander").filter(has_text="Pilot results").first
    panel.screenshot(path=str(ARTIFACTS / "05-pilot.png"))

    page.reload()  # a refresh (or a bookmark) finds the conversation again
    page.locator(CHAT_INPUT).wait_for()
    settled(page)
    assert page.url == session_url
    expect(page.get_by_text(re.compile(r"^Pilot results · .+ · 1 logged"))).to_be_visible()
    newest_in_view(page, "after a refresh")
    assert_clean(page, "after a refresh")
    shot(page, "05-after-refresh.png")
    # A long conversation opens on its latest messages; the earlier ones are a click away.
    page.get_by_role("button", name=re.compile(r"^Show the \d+ earlier messages$")).click()
    expect(page.locator(MESSAGE).filter(has_text=USE_CASE).first).to_be_attached()
    settled(page)

    page.set_viewport_size(PHONE)
    page.reload()
    page.locator(CHAT_INPUT).wait_for()
    settled(page)
    newest_in_view(page, "phone")
    assert_clean(page, "phone chat")
    shot(page, "06-phone-chat.png")
    card_shots(page, "07-phone")


def test_other_pages(app_url: str, browser: Any) -> None:
    page = browser.new_page()
    page.set_viewport_size(DESKTOP)
    page.goto(app_url)
    page.locator(CHAT_INPUT).wait_for()
    settled(page)
    for _ in range(2):  # visits without a message save nothing
        page.reload()
        page.locator(CHAT_INPUT).wait_for()
    settled(page)
    type_message(page, USE_CASE)
    expect(page).to_have_url(re.compile(r"\?session="))
    settled(page)

    page.get_by_role("link", name="Assessments").click()
    expect(page.get_by_role("heading", name="Assessments")).to_be_visible()
    settled_page(page)
    expect(page.get_by_text(USE_CASE[:34])).to_be_visible()  # the title is the use case, cut short
    expect(page.get_by_role("button", name="Open")).to_have_count(1)  # one assessment
    assert_clean(page, "assessments")
    shot(page, "08-assessments.png")
    page.get_by_role("button", name="Rename").click()
    page.get_by_label("New name").fill("Ticket summaries pilot")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Ticket summaries pilot")).to_be_visible()
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_role("heading", name="Ticket summaries pilot")).to_be_visible()
    expect(page.locator(MESSAGE).filter(has_text=USE_CASE).first).to_be_visible()

    page.get_by_role("link", name="Knowledge").click()
    expect(page.get_by_role("heading", name="Knowledge base")).to_be_visible()
    page.get_by_label("Search the guidance").fill("llama licence")
    page.get_by_role("button", name="Search").click()
    expect(
        page.locator('[data-testid="stExpander"]').filter(has_text="Llama").first
    ).to_be_visible()
    settled_page(page)
    assert_clean(page, "knowledge")
    shot(page, "09-knowledge.png")

    page.get_by_role("link", name="About").click()
    expect(page.get_by_text("Not legal advice")).to_be_visible()
    expect(page.get_by_text("How it decides")).to_be_visible()
    settled_page(page)
    assert_clean(page, "about")
    shot(page, "10-about.png")

    page.set_viewport_size(PHONE)
    for name, path in (("chat", ""), ("assessments", "assessments"), ("knowledge", "knowledge")):
        page.goto(f"{app_url}/{path}")
        page.locator(CHAT_INPUT if not path else "h1").first.wait_for()
        settled_page(page)
        assert_clean(page, f"{name} on a phone")
        shot(page, f"11-phone-{name}.png")
    page.goto(f"{app_url}/about")
    expect(page.get_by_text("Not legal advice")).to_be_visible()
    settled_page(page)
    assert_clean(page, "about on a phone")
    shot(page, "11-phone-about.png")
