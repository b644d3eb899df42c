"""The chat: the interview one question at a time, then the recommendation and follow-ups.

The assessment lives in the URL (``?session=…``), so a refresh, a bookmark or a restart
comes back to it; the session id is also kept in st.session_state for moving between
pages, where Streamlit drops the query string. Buttons and forms do not answer directly:
their callbacks put one plain "outbox" entry in st.session_state, and the run below sends
it exactly like a typed message, so every answer takes the same path.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from components import SESSION_KEY, get_advisor, md, recommendation_card, sources

from assistant.conversation.offline import FIELD_LABELS
from assistant.conversation.replies import PendingQuestion, Reply
from assistant.conversation.safety import inert_markdown
from assistant.conversation.service import InvalidSessionId
from assistant.errors import describe
from assistant.questionnaire import QUESTIONS

OUTBOX = "outbox"  # {"text": …} for a message, {"field": …, "text": …} for an edit
NEW_SESSION = "new_session"


def field_name(field: str) -> str:
    """The package's word for a field (as its acknowledgements say it), capitalised."""
    label = FIELD_LABELS.get(field, field.replace("_", " "))
    return label[:1].upper() + label[1:]


FIELD_NAMES = {q.field: field_name(q.field) for q in QUESTIONS}


def shown(value: object) -> str:
    """An answer as a person would write it: yes/no, 50,000, a long sample cut short."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


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


def open_session(conv: Any) -> Reply:
    """The assessment from the URL (or this browser tab), or a new one; the URL is set."""
    wanted = st.query_params.get("session") or st.session_state.get(SESSION_KEY)
    if st.session_state.pop(NEW_SESSION, False):
        wanted = None
    try:
        opened: Reply = conv.start(wanted)
    except InvalidSessionId as exc:
        st.warning(f"{inert_markdown(str(exc))}. A new assessment was started instead.")
        opened = conv.start()
    st.session_state[SESSION_KEY] = opened.session
    if st.query_params.get("session") != opened.session:
        st.query_params["session"] = opened.session
    return opened


def show_message(role: str, content: str, payload: dict[str, Any]) -> None:
    with st.chat_message(role):
        md(content)
        if payload.get("notice"):
            st.warning(inert_markdown(payload["notice"]))
        sources(payload.get("sources") or [])


def question_widget(question: PendingQuestion) -> None:
    """The input the pending question's type calls for; the chat box always works too."""
    field = question.field
    with st.container(border=True):
        if question.kind == "choice" and question.choices:
            st.caption("Click an answer, or type your own below.")
            columns = st.columns(3)
            for n, choice in enumerate(question.choices):
                with columns[n % 3]:
                    st.button(
                        choice.label,
                        key=f"choice-{field}-{choice.value}",
                        on_click=send,
                        args=(choice.label,),
                        width="stretch",
                    )
                    st.caption(inert_markdown(choice.description))
        elif question.kind == "boolean":
            st.caption("Click an answer, or type your own below.")
            yes, no, _ = st.columns([1, 1, 4])
            yes.button("Yes", key=f"yes-{field}", on_click=send, args=("yes",), width="stretch")
            no.button("No", key=f"no-{field}", on_click=send, args=("no",), width="stretch")
        elif question.kind in ("integer", "number"):
            unit = question.number_unit or ""
            with st.form(f"number-{field}", border=False):
                value, go = st.columns([4, 1], vertical_alignment="bottom")
                value.number_input(
                    f"Your answer, in {unit}" if unit else "Your answer",
                    min_value=0,
                    value=None,
                    step=1,
                    key=f"number-{field}-value",
                )
                go.form_submit_button(
                    "Send",
                    on_click=send_number,
                    args=(f"number-{field}-value", unit),
                    width="stretch",
                )
            if question.unit_hint:
                hint = inert_markdown(question.unit_hint)
                st.caption(f"Or type it in your own words below: {hint}.")
        elif question.unit_hint:
            st.caption(f"Type your answer below: {inert_markdown(question.unit_hint)}.")
        if not question.required:
            st.button(
                "Skip (use the default)",
                key=f"skip-{field}",
                on_click=send,
                args=("skip",),
                type="tertiary",
                icon=":material/skip_next:",
            )


def profile_sidebar(conv: Any, session: str) -> None:
    """The answers so far, any of them editable."""
    fields = conv.profile_fields(session)
    answers, assumed = fields["answers"], fields["assumed"]
    known = [f for f in FIELD_NAMES if f in answers or f in assumed]
    with st.sidebar:
        st.button("New assessment", on_click=start_new, icon=":material/add:", width="stretch")
        st.subheader("Profile so far", anchor=False)
        if not known:
            st.caption("Nothing yet: answer the first question.")
            return
        lines = []
        for field in known:
            value = answers[field] if field in answers else assumed[field]
            tag = "" if field in answers else " _(assumed)_"
            lines.append(f"- **{FIELD_NAMES[field]}:** {shown(value)}{tag}")
        md("\n".join(lines))
        with st.expander("Change an answer", icon=":material/edit:"):
            st.selectbox("Question", known, format_func=FIELD_NAMES.__getitem__, key="edit-field")
            st.text_input("New answer, in your own words", key="edit-text")
            st.button(
                "Change",
                on_click=send_edit,
                args=("edit-field", "edit-text"),
                key="edit-apply",
                type="primary",
            )


advisor = get_advisor()
conv = advisor.conversation
reply = open_session(conv)
session = reply.session

typed = st.chat_input("Type your answer or a question", key="chat-box")
outbox: dict[str, str] | None = st.session_state.pop(OUTBOX, None)
if typed:
    outbox = {"text": typed}

st.title("Adoption Advisor", anchor=False)
progress = st.empty()  # filled once this run's turn is known

for message in conv.history(session):
    show_message(message["role"], message["content"], message.get("payload") or {})

if outbox is not None:
    try:
        if "field" in outbox:
            with st.spinner("Updating the assessment…"):
                reply = conv.edit_answer(session, outbox["field"], outbox["text"])
            said = conv.history(session)[-2]["content"]  # the edit, as the package words it
        else:
            said = outbox["text"]
        with st.chat_message("user"):
            md(said)
        if "field" not in outbox:
            with st.spinner("Thinking…"):
                reply = conv.respond(session, outbox["text"])
    except Exception as exc:  # one line the user can act on, never a traceback
        st.error(f"That message could not be handled: {inert_markdown(describe(exc))}")
    else:
        with st.chat_message("assistant"):
            stream = reply.model_copy(update={"reply": inert_markdown(reply.reply)}).stream()
            st.write_stream(stream)
            if reply.notice:
                st.warning(inert_markdown(reply.notice))
            sources(s.model_dump() for s in reply.sources)

answered, total = reply.progress.answered, reply.progress.total
progress.progress(
    answered / total if total else 1.0,
    text=f"Interview: {answered} of {total} questions answered"
    + (" · recommendation ready" if reply.recommendation else ""),
)
if reply.question is not None:
    question_widget(reply.question)
if reply.recommendation is not None:
    recommendation_card(advisor, reply.recommendation, conv.profile(session), key=session)
profile_sidebar(conv, session)
