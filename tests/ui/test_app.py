"""The web app, headless (Streamlit's AppTest): every page, with the real package, a real
index of the real knowledge base (copied from one built per test run) and a fresh data
folder per test."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.advice.wording import VERDICT_LABELS
from assistant.questionnaire import QUESTION_BY_FIELD, QUESTIONS
from assistant.questionnaire.questions import VOLUNTEERED_FIELDS
from tests.conftest import ROOT, free_port, write_doc

APP = ROOT / "ui" / "app.py"
TIMEOUT = 90  # seconds per script run: the first one loads the embedding model

pytestmark = pytest.mark.integration

# One typed answer per question, in interview order (not a commercial product, so the
# user-count question never applies): 26 questions.
TYPED_ANSWERS = [
    "Summarise customer support tickets so team leads can spot recurring complaints",
    "summarising",
    "our own staff",
    "about 2,000 a day",
    "noticeable",
    "spot checks",
    "internal",
    "no restriction",
    "none of those",
    "a few seconds",
    "two pages",
    "a paragraph",
    "€3,000 a month",
    "some",
    "none",
    "no",
    "yes",
    "none of those",
    "no, just software",
    "no",
    "8 weeks",
    "about 6 minutes each",
    "€45 an hour all in",
    "skip",
    "around 30k",
    "a quarter",
]


@pytest.fixture
def data(app_data: Path) -> Path:
    """A fresh data folder with a copy of the prebuilt index (``conftest.app_data``)."""
    return app_data


# What to answer to each question, by the field it asks about (the dialogue may take two
# facts from one answer, so the interview is driven by the question it asks).
# Never asked: the user count (not a commercial product here) and the figures only read
# when volunteered (a cost per item, the revenue at stake).
ASKED = [
    q.field
    for q in QUESTIONS
    if q.field != "monthly_active_users" and q.field not in VOLUNTEERED_FIELDS
]
ANSWERS = {**dict(zip(ASKED, TYPED_ANSWERS, strict=True)), "monthly_active_users": "20k"}


def pending(at: AppTest) -> str | None:
    """The field of the question the newest message asks, if any."""
    text = " ".join(messages(at)[-1][1].split())
    asked = [(text.rfind(" ".join(q.prompt.split())), q.field) for q in QUESTIONS]
    place, field = max(asked)
    return field if place >= 0 else None


def interview(at: AppTest, until: str | None = None) -> AppTest:
    """Answer each question as it comes, up to the recommendation (or ``until`` a field)."""
    for _ in range(40):
        if at.chat_input[0].placeholder.startswith("Ask a follow-up"):
            return at  # the recommendation is there
        field = pending(at)
        if until is not None and field == until:
            return at
        say(at, ANSWERS[field] if field else "yes")  # no question: a check to confirm
    raise AssertionError("the interview did not end")


def app(**query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params.update(query)
    return at.run()


def texts(at: AppTest) -> str:
    """Everything the page shows as Markdown, captions and alerts, in one string."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in (*at.error, *at.warning, *at.info, *at.success)]
    return "\n".join(str(p) for p in parts)


def progress_text(at: AppTest) -> str:
    """The interview's progress bar (a first start also shows the index build's)."""
    shown = [str(p.proto.text) for p in at.get("progress")]
    return next((t for t in shown if t.startswith("Interview:")), shown[0] if shown else "")


def say(at: AppTest, text: str) -> AppTest:
    at.chat_input[0].set_value(text).run()
    assert not at.exception, at.exception
    return at


def plain(value: object) -> bool:
    """JSON-like data only: what the brief allows in st.session_state."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(plain(v) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


def sessions(data: Path) -> list[str]:
    """The saved assessments' ids, straight from the sessions database."""
    import sqlite3

    path = data / "sessions.sqlite"
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT id FROM sessions")]


def messages(at: AppTest) -> list[tuple[str, str]]:
    return [(m.name, "\n".join(x.value for x in m.markdown)) for m in at.chat_message]


# -- chat ----------------------------------------------------------------------------------


def test_chat_greets_and_asks_the_first_question(data: Path) -> None:
    at = app()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]  # the index is there: no banner
    (role, greeting), *_ = messages(at)
    assert role == "assistant"
    assert "Adoption Advisor" in greeting
    assert QUESTIONS[0].prompt in greeting
    assert progress_text(at).startswith("Interview: 0 of")
    # Nothing is saved until the first message: no assessment, none in the URL.
    assert "session" not in at.query_params
    assert sessions(data) == []
    app()
    assert sessions(data) == []
    say(at, TYPED_ANSWERS[0])
    assert at.query_params.get("session")  # now the assessment is in the URL
    assert len(sessions(data)) == 1


def test_typed_answer_advances_the_progress(data: Path) -> None:
    at = app()
    say(at, "Help our staff with their work")
    assert progress_text(at).startswith("Interview: 1 of")
    assert messages(at)[-2] == ("user", "Help our staff with their work")
    assert QUESTION_BY_FIELD["task_type"].prompt in messages(at)[-1][1]
    # The task question is a choice: one button per choice, with its description; the
    # choices are not listed a second time in the message.
    assert at.button(key="choice-task_type-summarization").label == "Summarising"
    assert "None of the above." in texts(at)
    assert "**Summarising**" not in messages(at)[-1][1]
    assert "(summarization)" not in texts(at)


def test_choice_buttons_number_input_and_skip_answer(data: Path) -> None:
    at = app()
    say(at, "Help our staff with their work")
    at.button(key="choice-task_type-extraction").click().run()
    assert messages(at)[-2] == ("user", "Pulling out information")  # the choice's label
    assert progress_text(at).startswith("Interview: 2 of")
    at.button(key="choice-audience-external").click().run()
    at.number_input(key="number-monthly_requests-value").set_value(25000)
    at.button(key="FormSubmitter:number-monthly_requests-Send").click().run()
    assert not at.exception, at.exception
    assert messages(at)[-2] == ("user", "25,000 requests per month")
    at.button(key="skip-error_impact").click().run()
    assert progress_text(at).startswith("Interview: 5 of")
    state = at.session_state.to_dict()
    assert state["session_id"] == at.query_params["session"]
    assert all(plain(v) for v in state.values()), state  # no objects in the session
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    # Plain labels, not codes: the choices' own labels.
    assert "Pulling out information" in sidebar and "Customers or the public" in sidebar
    assert "extraction" not in sidebar and "external" not in sidebar
    assert "25,000" in sidebar
    assert "_(assumed)_" in sidebar  # the skipped impact took its default


def test_full_typed_interview_ends_with_the_recommendation_card(data: Path) -> None:
    at = interview(app())
    assert re.match(r"Interview: (\d+) of \1 ", progress_text(at))
    shown = texts(at)
    cards = [e for e in at.expander if e.label.startswith("Recommendation: ")]
    assert len(cards) == 1  # one card
    assert any(label in cards[0].label for label in VERDICT_LABELS.values())
    assert "€" in cards[0].label  # the budget was given in euros
    assert [t.label for t in at.tabs] == ["Summary", "Value", "Costs", "Risks", "Plan", "Sources"]
    assert "Decisions needed" in shown and "Next actions" in shown
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download report (PDF)", "Download report (Markdown)"]
    assert not at.get("vega_lite_chart")  # only the open tab is drawn
    at.session_state["card-tab"] = "Costs"
    at.run()
    assert len(at.get("vega_lite_chart")) == 2  # cost comparison and break-even
    assert "How each figure is calculated" in [e.label for e in at.expander]
    at.session_state["card-tab"] = "Value"
    at.run()
    assert len(at.get("vega_lite_chart")) == 1  # the value earned month by month
    value_tab = texts(at)
    assert "Break-even:" in value_tab and "Net value a month" in str(at.table[0].value)
    assert re.search(r"Try fast|Long-term bet|Not now", value_tab)
    at.session_state["card-tab"] = "Plan"
    at.run()
    assert "Talking points for the meeting" in texts(at)
    # The reply that presents it is short and points to the card, not a second copy.
    reply = messages(at)[-1][1]
    assert "recommendation card" in reply and "Talking points" not in reply
    # No codes, ids or paths anywhere on the page.
    assert not re.search(r"knowledge/|\bhosted_api\b|\bsampled\b|\bsummarization\b", shown)
    # The profile so far is in the sidebar.
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    assert "60,000" in sidebar  # "about 2,000 a day" understood as a monthly volume
    # A follow-up is answered below; the card is still drawn once.
    say(at, "what if we had twice the volume?")
    assert len([e for e in at.expander if e.label.startswith("Recommendation: ")]) == 1
    assert messages(at)[-2] == ("user", "what if we had twice the volume?")


def test_answer_edited_from_the_sidebar(data: Path) -> None:
    at = interview(app(), until="input_tokens")
    assert not at.sidebar.selectbox  # the form is drawn only once "Change an answer" opens
    at.session_state["edit-open"] = True
    at.run()
    at.sidebar.selectbox(key="edit-field").set_value("audience")
    at.sidebar.text_input(key="edit-text").set_value("customers")
    at.sidebar.button(key="edit-apply").click().run()
    assert not at.exception, at.exception
    role, said = messages(at)[-2]
    assert role == "user" and "customers" in said
    sidebar = "\n".join(m.value for m in at.sidebar.markdown)
    assert "Customers or the public" in sidebar and "Our own staff" not in sidebar
    assert pending(at) == "input_tokens"  # the interview goes on where it was


def test_the_language_switch_holds_the_interview_in_japanese(data: Path) -> None:
    at = app()
    switch = at.sidebar.radio(key="lang-choice")
    assert switch.label == "言語 / Language" and switch.value == "auto"
    switch.set_value("ja").run()
    assert not at.exception, at.exception
    greeting = messages(at)[0][1]
    assert greeting.startswith("こんにちは。Adoption Advisor です。") and "**質問 1/" in greeting
    assert sessions(data) == []  # still nothing saved before the first message
    # An English-looking first message: the chosen language holds.
    say(at, "We want AI drafts of replies to 20k support emails a month")
    reply = messages(at)[-1][1]
    assert reply.startswith("次のように理解しました。") and "件数:月20,000件" in reply
    button = at.button(key="choice-audience-external")
    assert button.label == "お客様・社外の方"
    button.click().run()
    assert messages(at)[-2] == ("user", "お客様・社外の方")
    assert messages(at)[-1][1].startswith("承知しました。「出力を見る人:お客様・社外の方」")
    # Back to English: the waiting question is asked again in English.
    at.sidebar.radio(key="lang-choice").set_value("en").run()
    assert not at.exception, at.exception
    assert messages(at)[-1][1].startswith("I'll continue in English.\n\n**Question ")
    assert at.sidebar.radio(key="lang-choice").value == "en"


def test_session_in_the_url_resumes_the_conversation(data: Path) -> None:
    first = app()
    say(first, "Help our staff with their work")
    say(first, "summarising")
    session = first.query_params["session"]

    again = app(session=session)  # a refresh, a bookmark or a restart
    assert again.query_params["session"] == session
    assert messages(again)[1:4:2] == [
        ("user", "Help our staff with their work"),
        ("user", "summarising"),
    ]
    assert progress_text(again).startswith("Interview: 2 of")

    other = app()  # no session in the URL: a new assessment, not yet saved
    assert "session" not in other.query_params
    assert len(messages(other)) == 1


def test_invalid_session_in_the_url_starts_a_new_one(data: Path) -> None:
    at = app(session="NOT a valid id!")
    assert not at.exception
    assert "not valid" in texts(at)
    assert at.query_params.get("session") != "NOT a valid id!"


def test_user_and_model_text_render_inert(data: Path) -> None:
    at = app()
    say(at, "Tickets <img src=x onerror=alert(1)> and ![pixel](http://evil.example/p.png)")
    rendered = messages(at)[-2][1]
    assert "<img" not in rendered.replace("\\<img", "")  # shown as text, escaped
    assert "\\<img" in rendered
    assert "evil.example" not in rendered


def test_knowledge_base_down_shows_a_banner_and_the_interview_goes_on(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISOR_CHROMA_URL", f"http://127.0.0.1:{free_port()}")  # nobody there
    at = app()
    assert not at.exception
    banner = " ".join(e.value for e in at.error)
    assert "knowledge base is unavailable" in banner
    assert "python scripts/reindex.py" in banner
    say(at, "Help our staff with their work")
    assert progress_text(at).startswith("Interview: 1 of")
    say(at, "What does the Llama licence allow?")  # a knowledge question mid-interview
    assert not at.exception, at.exception
    assert QUESTION_BY_FIELD["task_type"].prompt in messages(at)[-1][1]  # and back to it
    assert progress_text(at).startswith("Interview: 1 of")


def test_first_start_builds_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    knowledge = tmp_path / "knowledge"
    write_doc(knowledge, "costs-small-test", "costs")
    write_doc(knowledge, "licensing-small-test", "licensing")
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ADVISOR_KNOWLEDGE_DIR", str(knowledge))
    at = app()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    # The build runs in the background with its progress on the page, and the chat works
    # meanwhile.
    assert [s.label for s in at.status] == ["Building the knowledge index (first start)…"]
    assert at.chat_input and QUESTIONS[0].prompt in messages(at)[0][1]
    say(at, TYPED_ANSWERS[0])
    answered = progress_text(at)
    assert not answered.startswith("Interview: 0 of")
    deadline = time.monotonic() + TIMEOUT
    while at.status and time.monotonic() < deadline:  # until the build is over
        time.sleep(0.5)
        at.run()
    assert not at.status and not at.error, [e.value for e in at.error]
    assert progress_text(at) == answered  # the interview was kept


# -- assessments ---------------------------------------------------------------------------


def test_assessments_lists_renames_exports_and_deletes(data: Path) -> None:
    chat = app()
    say(chat, TYPED_ANSWERS[0])
    first = chat.query_params["session"]
    chat.sidebar.button[0].click().run()  # "New assessment": nothing saved yet
    assert "session" not in chat.query_params
    say(chat, "Draft replies to supplier emails for the purchasing team")
    second = chat.query_params["session"]
    assert second != first

    at = chat.switch_page("pages/assessments.py").run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert TYPED_ANSWERS[0][:40] in shown and "Draft replies to supplier emails" in shown
    assert first not in shown  # no internal ids on the page
    exports = [b.label for b in at.get("download_button")]
    assert exports.count("JSON") == 2 and exports.count("Markdown") == 2

    at.text_input(key=f"title-{first}").set_value("Ticket summaries pilot")
    at.button(key=f"FormSubmitter:rename-form-{first}-Save").click().run()
    assert not at.exception, at.exception
    assert "**Ticket summaries pilot**" in texts(at)

    at.button(key=f"delete-{second}").click().run()
    assert "and its whole conversation?" in texts(at)  # asks first
    at.button(key=f"cancel-{second}").click().run()
    assert at.button(key=f"open-{second}")
    at.button(key=f"delete-{second}").click().run()
    at.button(key=f"confirm-{second}").click().run()
    assert not at.exception, at.exception
    assert not [b for b in at.button if b.key == f"open-{second}"]
    assert at.button(key=f"open-{first}")

    at.button(key=f"open-{first}").click().run()  # back to the chat, on that assessment
    assert not at.exception, at.exception
    assert at.query_params["session"] == first
    assert ("user", TYPED_ANSWERS[0]) in messages(at)
    # The renamed assessment shows its name on the chat page.
    assert "Ticket summaries pilot" in [h.value for h in at.header]


# -- knowledge and about -------------------------------------------------------------------


def test_knowledge_page_searches_and_browses(data: Path) -> None:
    at = app().switch_page("pages/knowledge.py").run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Documents"]) > 10
    assert int(metrics["Passages"]) > int(metrics["Documents"])
    assert "python scripts/reindex.py" in texts(at)

    at.text_input(key="kb-query").set_value("llama licence")
    at.button(key="FormSubmitter:kb-search-Search").click().run()
    assert not at.exception, at.exception
    titles = [e.label for e in at.expander]
    assert any("Llama" in t for t in titles[:5]), titles[:5]

    at.selectbox(key="kb-category").set_value("licensing").run()
    assert not at.exception, at.exception
    browsed = [c.value for c in at.caption if " · reviewed " in c.value]
    assert browsed, "the Browse tab lists the documents of the category"
    assert all(" · licensing · " in c for c in browsed)
    english = [e.label for e in at.expander]
    at.radio(key="kb-version").set_value("日本語").run()
    assert not at.exception, at.exception
    japanese = [e.label for e in at.expander]
    assert len(japanese) == len(english) and japanese != english
    assert any("ライセンス" in t for t in japanese), japanese  # the Japanese versions


def test_about_page_says_what_it_does_how_it_decides_and_its_limits(data: Path) -> None:
    import assistant

    at = app().switch_page("pages/about.py").run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert "How it decides" in [h.value for h in at.subheader]
    assert "Its limits" in [h.value for h in at.subheader]
    assert "Not legal advice" in shown and "list prices as of" in shown
    assert "guidance documents" in shown
    # The administrators' details are in an expander.
    assert any(e.label.startswith("For administrators") for e in at.expander)
    assert "offline" in shown
    assert str(data.resolve()) in shown
    assert "embedded" in shown
    assert assistant.__version__ in shown


def test_a_bad_model_setting_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ADVISOR_LLM", "nosuchprovider:model")
    at = AppTest.from_file(str(APP))
    at.run(timeout=120)
    assert not at.exception
    assert any("cannot start" in e.value and "ADVISOR_LLM" in e.value for e in at.error)


@pytest.mark.parametrize(
    "page", ["pages/chat.py", "pages/assessments.py", "pages/knowledge.py", "pages/about.py"]
)
def test_no_page_renders_anything_but_its_own_content(data: Path, page: str) -> None:
    """No debug rendering on any page: Streamlit 'magic' is off and no bare expression
    dumps an object (a help table or a JSON view), no traceback, no error box."""
    at = app().switch_page(page).run()
    assert not at.exception, at.exception
    assert not at.get("help") and not at.json and not at.error
