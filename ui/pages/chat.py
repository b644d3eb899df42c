"""The chat: the interview one question at a time, then the recommendation and follow-ups.

Layout: the title and progress, the recommendation card (once there is one: the one place
a recommendation is shown, collapsible, above the conversation), then the conversation
with the newest message last, right above the chat box, so it is always in view. Replies
that present a recommendation are shown short, pointing to the card.

The assessment lives in the URL (``?session=…``), so a refresh, a bookmark or a restart
comes back to it; the session id is also kept in st.session_state for moving between
pages, where Streamlit drops the query string. A visit with no assessment in the URL
shows the greeting without saving anything: the assessment is created when the first
message is sent. Buttons and forms do not answer directly: their callbacks put one plain
"outbox" entry in st.session_state, and the run below sends it exactly like a typed
message, so every answer takes the same path.

The language switch (Japanese or English, or taken from the first message) is the one
control labelled in both languages: it sets the language of the assessment, which the
package keeps with it; the interview's questions and replies come from the package in that
language.
"""

from __future__ import annotations

import concurrent.futures
import queue
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import streamlit as st
from card import TAB_OPENED, recommendation_card
from components import (
    SESSION_KEY,
    client_id,
    get_advisor,
    get_conversation,
    md,
    sources,
)
from pilot_panel import pilot_panel

from assistant.advice.presentation import Presentation, chat_text, field_label, value_label
from assistant.conversation.replies import PendingQuestion, Reply
from assistant.conversation.safety import inert_markdown
from assistant.conversation.service import (
    InvalidSessionId,
    LimitExceeded,
    SessionNotFound,
    pending_question,
)
from assistant.conversation.store import new_session_id
from assistant.errors import describe
from assistant.i18n import LANG_NAMES, translator
from assistant.questionnaire import QUESTIONS, Interview
from assistant.schemas import Profile

CHAT_BOX = "chat-box"
OUTBOX = "outbox"  # {"text": …} for a message, {"field": …, "text": …} for an edit
NEW_SESSION = "new_session"
SHOW_ALL = "show_all_history"  # the session whose whole history is shown
SHOWING_EARLIER = "showing_earlier"
# Messages shown before "show earlier messages": the last four exchanges. Drawing each
# message costs the browser time before the chat box is usable on a slow machine.
HISTORY_WINDOW = 8
EDITING = "edit-open"  # the sidebar's "Change an answer" is open
LANG_CHOICE = "lang-choice"  # the language switch: "auto", "en" or "ja"
LANG_CHANGED = "lang-changed"  # the switch was moved since the last run
AUTO = "auto"
# Labelled in both languages: whoever opens the page finds the switch in theirs.
LANG_LABELS = {AUTO: "自動 / Auto", **LANG_NAMES}
DEFAULT_TITLE = "New assessment"
# The list an offline answer ends with: "Sources:" and one "- [n] title (path)" a line.
_SOURCE_LIST = re.compile(r"\n+Sources:\n(?:- \[\d+\][^\n]*(?:\n|$))+", re.M)
# A choice listed in a question message: "- **Label** (code): description".
_LISTED_CHOICE = re.compile(r"^- \*\*(?P<label>[^*]+)\*\* \((?P<code>[a-z_]+)\): ", re.M)


# -- callbacks -----------------------------------------------------------------------------


def send(text: str) -> None:
    st.session_state[OUTBOX] = {"text": text}


def send_number(widget_key: str, unit: str) -> None:
    value = st.session_state.get(widget_key)
    if value is not None:
        send(f"{value:,} {unit}".strip())


def send_edit(field_key: str, text_key: str) -> None:
    text = str(st.session_state.get(text_key) or "").strip()
    if text:
        st.session_state[OUTBOX] = {"field": st.session_state[field_key], "text": text}
        st.session_state[text_key] = ""


def start_new() -> None:
    st.session_state[NEW_SESSION] = True


def show_all(session: str) -> None:
    st.session_state[SHOW_ALL] = session
    st.session_state[SHOWING_EARLIER] = True  # this run stays where the reader is


def stay() -> None:
    st.session_state[SHOWING_EARLIER] = True  # a sidebar change: the chat stays put


def language_moved() -> None:
    st.session_state[LANG_CHANGED] = True


def chosen_lang() -> str | None:
    """The language the switch chose, or None to take the first message's."""
    choice = st.session_state.get(LANG_CHOICE)
    return choice if choice in LANG_NAMES else None


# -- the session ---------------------------------------------------------------------------


def draft(conv: Any) -> Reply:
    """What a new visit shows before anything is saved: the greeting, the first question,
    in the language chosen (English until one is)."""
    interview = Interview(lang=chosen_lang())
    answered, total = interview.progress()
    return Reply.model_validate(
        {
            "session": "",
            "reply": conv.offline.greeting(interview),
            "question": pending_question(interview),
            "progress": {"answered": answered, "total": total},
            "lang": interview.lang or "en",
        }
    )


def open_session(conv: Any) -> Reply:
    """The assessment from the URL (or this browser tab), or an unsaved draft."""
    wanted = st.query_params.get("session") or st.session_state.get(SESSION_KEY)
    if st.session_state.pop(NEW_SESSION, False):
        wanted = None
    if wanted:
        try:
            opened: Reply = (
                conv.state(wanted)
                if conv.store.exists(wanted)
                else conv.start(wanted, client=client_id())
            )
        except InvalidSessionId as exc:
            st.warning(f"{inert_markdown(str(exc))}. A new assessment was started instead.")
        except SessionNotFound:  # someone else's (not shared with this user): not found
            st.warning(
                "Assessment not found: it does not exist, or it is not shared with you. "
                "A new assessment was started instead.",
                icon=":material/search_off:",
            )
        except LimitExceeded as exc:  # too many new assessments: nothing was created
            st.warning(inert_markdown(str(exc)))
        else:
            st.session_state[SESSION_KEY] = opened.session
            if st.query_params.get("session") != opened.session:
                st.query_params["session"] = opened.session
            return opened
    st.session_state.pop(SESSION_KEY, None)
    st.query_params.pop("session", None)
    return draft(conv)


# -- messages ------------------------------------------------------------------------------


def presents(payload: dict[str, Any]) -> bool:
    """Whether a stored reply presented the recommendation in full (the package says so)."""
    return bool(payload.get("presents_recommendation"))


def shown_text(
    content: str, payload: dict[str, Any], view: Presentation | None, current: bool, pending: Any
) -> str:
    """A stored message as the chat shows it: a reply that presented the recommendation cut
    to what it said first and a short pointer to the card (``current``: the newest such
    reply, whose recommendation the card shows), and choices not listed twice when the
    buttons list them."""
    if presents(payload):
        lead = str(payload.get("lead") or "").rstrip()
        if view is not None and current:
            body = chat_text(view)
        else:
            body = "_The recommendation was presented here; the card above has the current one._"
        content = f"{lead}\n\n{body}" if lead else body
    if pending is not None and pending.choices:
        listed = tuple(f"- **{c.label}**" for c in pending.choices)
        content = "\n".join(line for line in content.splitlines() if not line.startswith(listed))
    return _LISTED_CHOICE.sub(lambda m: f"- **{m.group('label')}**: ", content)


def without_source_list(content: str) -> str:
    """An answer without its closing list of sources (titles and file paths): the
    expanders under it name the same sources and show their passages."""
    return _SOURCE_LIST.sub("\n\n", content).rstrip()


def show_message(role: str, content: str, payload: dict[str, Any]) -> None:
    cited = payload.get("sources") or []
    with st.chat_message(role):
        md(without_source_list(content) if cited else content)
        if payload.get("notice"):
            st.warning(inert_markdown(payload["notice"]))
        sources(cited)


def question_widget(question: PendingQuestion, lang: str = "en") -> None:
    """The input the pending question's type calls for; the chat box always works too.
    Labels are in the assessment's language; a yes/no button sends the English word, which
    the reader takes in either language."""
    tr = translator(lang)
    field = question.field
    if question.kind in ("choice", "choices") and question.choices:
        # Several areas can be typed ("jobs and credit"); a button answers with one.
        columns = st.columns(3)
        for n, choice in enumerate(question.choices):
            with columns[n % 3]:
                st.button(
                    choice.label,
                    key=f"choice-{field}-{choice.value}",
                    on_click=send,
                    args=(choice.label,),
                    width="stretch",
                    help=inert_markdown(choice.description),
                )
                st.caption(inert_markdown(choice.description))
    elif question.kind == "boolean":
        with st.container(horizontal=True):
            st.button(tr("Yes"), key=f"yes-{field}", on_click=send, args=("yes",))
            st.button(tr("No"), key=f"no-{field}", on_click=send, args=("no",))
    elif question.kind in ("integer", "number"):
        unit = question.number_unit or ""
        with st.form(f"number-{field}", border=False):
            value, go = st.columns([4, 1], vertical_alignment="bottom")
            value.number_input(
                tr("Your answer, in {unit}").format(unit=unit) if unit else tr("Your answer"),
                min_value=0,
                value=None,
                step=1,
                key=f"number-{field}-value",
            )
            go.form_submit_button(
                tr("Send"),
                on_click=send_number,
                args=(f"number-{field}-value", unit),
                width="stretch",
            )
    if not question.required:
        st.button(
            tr("Skip (use the default)"),
            key=f"skip-{field}",
            on_click=send,
            args=("skip",),
            type="tertiary",
            icon=":material/skip_next:",
        )


def placeholder(question: PendingQuestion | None, lang: str = "en") -> str:
    """The chat box's hint: how to answer the pending question (no second box for it)."""
    tr = translator(lang)
    if question is None:
        return tr("Ask a follow-up question or a what-if")
    if question.unit_hint:
        return tr("Type your answer: {hint}").format(hint=question.unit_hint)
    return tr("Type your answer or a question")


def language_switch(reply: Reply, session: str) -> None:
    """The assessment's language: shown as stored once the assessment has one."""
    if session and not st.session_state.get(LANG_CHANGED):
        st.session_state[LANG_CHOICE] = reply.lang
    st.radio(
        "言語 / Language",
        list(LANG_LABELS),
        format_func=LANG_LABELS.__getitem__,
        key=LANG_CHOICE,
        horizontal=True,
        on_change=language_moved,
        help="インタビューの言語 / The language of the interview",
    )


def profile_sidebar(
    conv: Any,
    session: str,
    view: Presentation | None,
    read_only: bool = False,
    shown: Reply | None = None,
) -> None:
    """The answers so far, in plain words, any of them editable (unless the assessment
    is shared with this user to read only), under the language switch."""
    from assistant.advice.money import money_for

    lang = shown.lang if shown is not None else "en"
    tr = translator(lang)
    with st.sidebar:
        st.button(tr("New assessment"), on_click=start_new, icon=":material/add:", width="stretch")
        if shown is not None and not read_only:
            language_switch(shown, session)
        st.subheader(tr("Profile so far"), anchor=False)
        fields = conv.profile_fields(session) if session else {"answers": {}, "assumed": {}}
        answers, assumed = fields["answers"], fields["assumed"]
        known = [q.field for q in QUESTIONS if q.field in answers or q.field in assumed]
        if not known:
            st.caption(tr("Nothing yet: answer the first question."))
            return
        currency = answers.get("currency") or assumed.get("currency")
        money = view.money if view is not None else money_for(currency, lang)
        lines = []
        for field in known:
            value = answers[field] if field in answers else assumed[field]
            tag = "" if field in answers else " _" + tr("(assumed)") + "_"
            name = field_label(field, lang)
            lines.append(f"- **{name}:** {value_label(field, value, money)}{tag}")
        md("\n".join(lines))
        if read_only:
            return
        # Its form is drawn only once opened: a select box and a text box on every load
        # made the browser fetch and run their code before the chat box was usable.
        editor = st.expander(
            tr("Change an answer"), icon=":material/edit:", key=EDITING, on_change=stay
        )
        if not editor.open:
            return
        with editor:
            st.selectbox(
                tr("Question"),
                known,
                format_func=lambda name: field_label(name, lang),
                key="edit-field",
            )
            st.text_input(tr("New answer, in your own words"), key="edit-text")
            st.button(
                tr("Change"),
                on_click=send_edit,
                args=("edit-field", "edit-text"),
                key="edit-apply",
                type="primary",
            )


# Brings the newest message into view above the chat box: its end when it fits on the
# screen (with the question before it in view where there is room), else its start. A
# fixed script of the app's own, so JavaScript is allowed for it alone. It places the
# message once the page has stopped growing (charts and fonts settle after it is drawn),
# not on every resize: measuring and scrolling while the page is still being drawn forces
# the browser to lay it out again each time, which delayed a long conversation's chat box.
_SCROLL = """<script>
(() => {
  const doc = window.parent === window ? document : window.parent.document;
  const place = () => {
    const all = doc.querySelectorAll('[data-testid="stChatMessage"]');
    if (!all.length) return;
    const last = all[all.length - 1];
    const bottom = doc.querySelector('[data-testid="stBottom"]');
    const covered = bottom ? bottom.getBoundingClientRect().height : 0;
    last.style.scrollMarginBottom = `${covered + 16}px`;
    last.style.scrollMarginTop = '64px';
    const fits = last.getBoundingClientRect().height < window.innerHeight - covered - 80;
    last.scrollIntoView({block: fits ? 'end' : 'start', behavior: 'instant'});
  };
  const main = doc.querySelector('[data-testid="stMain"]') || doc.body;
  // Placed when a resize is followed by a quiet tick, so once per burst of drawing.
  let grew = false, pending = true, timer = 0;
  const follow = new ResizeObserver(() => { grew = pending = true; });
  const stop = () => { follow.disconnect(); clearInterval(timer); };
  // Followed for a few seconds, unless the reader scrolls or types first.
  for (const event of ['wheel', 'touchstart', 'keydown', 'mousedown'])
    doc.addEventListener(event, stop, {once: true, capture: true});
  setTimeout(stop, 4000);
  timer = setInterval(() => {
    if (grew) grew = false;
    else if (pending) { pending = false; place(); }
  }, 120);
  requestAnimationFrame(() => main.firstElementChild && follow.observe(main.firstElementChild));
})();
</script>"""


def scroll_to_newest() -> None:
    # In a container with a new key each run: an element drawn again in place is updated,
    # not mounted, and its script would not run again.
    with st.container(key=f"scroll-{time.time_ns()}", height="content"):
        st.html(_SCROLL, unsafe_allow_javascript=True, width="content")


def title_of(conv: Any, session: str) -> str:
    if not session:
        return "Adoption Advisor"
    title = str(conv.title(session))
    return title if title and title != DEFAULT_TITLE else "Adoption Advisor"


def view_of(
    conv: Any, session: str, rec: Any, title: str
) -> tuple[Presentation | None, Profile | None]:
    """The recommendation as the card and the chat show it, and the profile it was made
    from (both None before there is one)."""
    if rec is None or not session:
        return None, None
    profile = conv.profile(session)
    # The pilot's results go into the card's reports once the team has logged any.
    pilot = conv.pilot.view_of(session)
    view = advisor.present(rec, profile, title, pilot=pilot, lang=conv.language(session))
    return view, profile


def draw_past(
    history: list[dict[str, Any]],
    session: str,
    view: Presentation | None,
    turn: Reply | None,
    pending: PendingQuestion | None,
) -> None:
    """The conversation before this run's turn, newest last; a long one shows its latest
    messages first. Of the replies that presented a recommendation, the newest is shown as
    the pointer to the card (unless this run's ``turn`` presents one) and older ones cut
    short. ``pending``: the question the newest message asks, whose choices the buttons
    list."""
    if st.session_state.get(SHOW_ALL) != session and len(history) > HISTORY_WINDOW:
        hidden = len(history) - HISTORY_WINDOW
        st.button(
            f"Show the {hidden} earlier messages",
            on_click=show_all,
            args=(session,),
            type="tertiary",
            icon=":material/expand_less:",
        )
        history = history[hidden:]
    said = [m.get("payload") or {} for m in history if m["role"] == "assistant"]
    presenting = [n for n, payload in enumerate(said) if presents(payload)]
    turn_presents = turn is not None and turn.presents_recommendation
    current = presenting[-1] if presenting and not turn_presents else -1
    spoken = 0
    for n, message in enumerate(history):
        content = message["content"]
        if message["role"] == "assistant":
            latest = n == len(history) - 1
            content = shown_text(
                content, said[spoken], view, spoken == current, pending if latest else None
            )
            spoken += 1
        show_message(message["role"], content, message.get("payload") or {})


def respond_live(
    conv: Any, session: str, text: str, client: str, bubble: Any, started: Callable[[], None]
) -> Reply:
    """Send a message in LLM mode, showing the model's words in ``bubble`` as they come.

    The turn runs in a thread of its own and hands its words over a queue, because only
    this run's thread may draw. A run stopped by a newer message leaves the turn to
    finish: it is saved, and shown by the next run. ``started`` is called once the thread
    holds the message."""
    words: queue.Queue[str] = queue.Queue()
    done: concurrent.futures.Future[Reply] = concurrent.futures.Future()
    lang = chosen_lang()  # read here: the thread has no page state

    def run() -> None:
        try:
            done.set_result(
                conv.respond(session, text, client=client, on_text=words.put, lang=lang)
            )
        except BaseException as exc:  # raised below, in the page's run
            done.set_exception(exc)

    threading.Thread(target=run, name="advisor-live-reply", daemon=True).start()
    started()
    with bubble:
        slot = st.empty()
        with st.spinner("Thinking…"):
            while not (done.done() and words.empty()):
                try:
                    latest = words.get(timeout=0.1)
                except queue.Empty:
                    continue
                while not words.empty():  # draw only the newest of what has arrived
                    latest = words.get_nowait()
                slot.markdown(latest)  # inert already: the package made it so
        slot.empty()
    return done.result()


def deliver(conv: Any, outbox: dict[str, str]) -> Reply:
    """Send ``outbox`` to its assessment (an answer edit or a message), without drawing."""
    if "field" in outbox:
        return conv.edit_answer(
            outbox["session"], outbox["field"], outbox["text"], client=client_id()
        )
    return conv.respond(outbox["session"], outbox["text"], client=client_id(), lang=chosen_lang())


# -- the page ------------------------------------------------------------------------------

advisor = get_advisor()
conv = get_conversation()  # acting as the signed-in user (or the local one)
reply = open_session(conv)
session = reply.session
# A colleague's assessment shared to read: shown, but no chat box.
read_only = bool(session) and conv.access_level(session) == "read"
if st.session_state.pop(LANG_CHANGED, False) and not read_only:
    # The switch was moved: a saved assessment continues in that language (its question
    # asked again in it); an unsaved one greets in it.
    wanted_lang = chosen_lang()
    if not session:
        reply = draft(conv)
    elif wanted_lang is not None and wanted_lang != reply.lang:
        try:
            reply = conv.set_language(session, wanted_lang, client_id())
        except Exception as exc:  # one line the user can act on, never a traceback
            st.error(f"The language could not be changed: {inert_markdown(describe(exc))}")

# The message this run sends stays in the session state until it has been handled: a run
# stopped before that (the manager clicked another page, or sent again) leaves it for the
# next run rather than losing it. Streamlit stops a run only inside its own calls, so it is
# marked handled by changing the dict itself, which no stop can interrupt half-way.
outbox: dict[str, str] | None = st.session_state.get(OUTBOX)
# A typed message is read before the chat box is drawn, so the box can be drawn at once on
# a plain visit (the page is usable sooner) and after the turn when there is one (its hint
# is then the next question's).
typed = st.session_state.get(CHAT_BOX)
if typed and not read_only:
    if outbox is not None and not outbox.get("handled"):
        # Sent again before a stopped run had sent the earlier one: both are kept, in order.
        earlier = outbox.setdefault("session", session or new_session_id())
        try:
            deliver(conv, outbox)
        except Exception:  # the newer message still goes; this one is said
            st.error("An earlier message could not be handled; please send it again.")
        outbox["handled"] = "yes"
        outbox = {"text": typed, "session": earlier}
    else:
        outbox = {"text": typed}
    st.session_state[OUTBOX] = outbox
if outbox is not None and outbox.get("handled"):  # a stopped run had finished with it
    outbox = None
    st.session_state.pop(OUTBOX, None)
if read_only:
    outbox = None
    st.session_state.pop(OUTBOX, None)
    st.session_state.pop(CHAT_BOX, None)
if outbox is not None and conv.store.exists(outbox.get("session", "")):
    session = outbox["session"]  # a stopped run's message goes to its own assessment
if outbox is None and not read_only:
    st.chat_input(placeholder(reply.question, reply.lang), key=CHAT_BOX)

header = st.container()  # title, progress and card, filled once this run's turn is known
past = st.container()  # the conversation before this run's turn
now = st.container()  # this run's turn: the message sent and the reply
history = (
    conv.history(session)
    if session
    else [{"role": "assistant", "content": reply.reply, "payload": {}}]
)
showing_earlier = st.session_state.pop(SHOWING_EARLIER, False)
showing_earlier |= bool(st.session_state.pop(TAB_OPENED, False))  # stay on the card
# A language model's reply is shown as it is written, under the conversation so far, so
# that is drawn before the turn; an offline turn takes milliseconds and is drawn after it.
live = outbox is not None and "field" not in outbox and conv.mode == "llm"
if live:
    with past:
        before, _ = view_of(conv, session, reply.recommendation, title_of(conv, session))
        draw_past(history, session, before, None, None)
turn: Reply | None = None
said = ""
bubble: Any = None  # the reply's chat message, once drawn
if outbox is not None:
    creating = not session
    try:
        if creating:  # the first message creates the assessment, under an id kept with it
            session = outbox.setdefault("session", new_session_id())
        else:
            outbox["session"] = session
        if "field" in outbox or not live:
            editing = "field" in outbox
            with now, st.spinner("Updating the assessment…" if editing else "Thinking…"):
                turn = deliver(conv, outbox)
                # Marked inside the spinner: leaving it is a Streamlit call, where a run
                # can stop, and the next run must not send the message a second time.
                outbox["handled"] = "yes"
            # An edit is shown as the package words it.
            said = conv.history(session)[-2]["content"] if editing else outbox["text"]
        else:
            said = outbox["text"]
            sent, named = outbox, session

            def started() -> None:
                # The turn runs on in its own thread whatever happens to this run; the
                # assessment is named in the address at once so the next run shows it.
                sent["handled"] = "yes"
                st.session_state[SESSION_KEY] = named
                st.query_params["session"] = named

            with now:
                with st.chat_message("user"):
                    md(said)
                bubble = st.chat_message("assistant")
            turn = respond_live(conv, session, said, client_id(), bubble, started)
        # Only a saved assessment is named in the address: one named before its first
        # turn was saved would be opened empty by a run that stopped in between.
        st.session_state.pop(OUTBOX, None)
        st.session_state[SESSION_KEY] = session
        if st.query_params.get("session") != session:
            st.query_params["session"] = session
    except Exception as exc:  # one line the user can act on, never a traceback
        outbox["handled"] = "yes"
        st.session_state.pop(OUTBOX, None)
        with bubble if bubble is not None else now:
            st.error(f"That message could not be handled: {inert_markdown(describe(exc))}")
        if creating and not conv.store.exists(session):  # refused before it was created
            st.session_state.pop(SESSION_KEY, None)
            st.query_params.pop("session", None)
            session = ""
    else:
        reply = turn
rec = reply.recommendation
title = title_of(conv, session)
view, profile = view_of(conv, session, rec, title)

with header:
    st.header(inert_markdown(title), anchor=False)
    answered, total = reply.progress.answered, reply.progress.total
    tr = translator(reply.lang)
    st.progress(
        answered / total if total else 1.0,
        text=tr("Interview: {answered} of {total} questions answered").format(
            answered=answered, total=total
        )
        + (tr(" · recommendation ready") if rec is not None else ""),
    )
    if view is not None and rec is not None:
        recommendation_card(view, advisor, (rec, profile), key=session)
        pilot_panel(conv, session, rec.poc_plan.kpis)

if not live:
    with past:
        draw_past(history, session, view, turn, None if turn is not None else reply.question)
if turn is not None:
    payload = turn.model_dump(include={"presents_recommendation"}) | {"lead": turn.lead}
    text = shown_text(turn.reply, payload, view, True, turn.question)
    text = without_source_list(text) if turn.sources else text
    with now:
        if bubble is None:
            with st.chat_message("user"):
                md(said)
            bubble = st.chat_message("assistant")
        with bubble:
            if live:  # its words were shown as they came: now the final, checked reply
                md(text)
            else:
                st.write_stream(turn.model_copy(update={"reply": inert_markdown(text)}).stream())
            if turn.notice:
                st.warning(inert_markdown(turn.notice))
            sources(s.model_dump() for s in turn.sources)

if read_only:
    st.info(
        "This assessment is shared with you to read; its owner can let you ask follow-ups.",
        icon=":material/visibility:",
    )
elif reply.question is not None:
    question_widget(reply.question, reply.lang)
if outbox is not None:
    st.chat_input(placeholder(reply.question, reply.lang), key=CHAT_BOX)
# A new visit shows only the greeting, at the top of the page: nothing to bring into view.
if not showing_earlier and (turn is not None or len(history) > 1):
    scroll_to_newest()
profile_sidebar(conv, session, view, read_only, reply)
