"""Assessments: every saved interview this user may see (their own, and those shared
with them), to open, export, and for their own to rename, share or delete.

Opening one puts its id in the chat's URL, so the chat page (and any bookmark of it) shows
that assessment. Deleting asks for confirmation first; the pending confirmation is the
only thing kept in st.session_state.
"""

from __future__ import annotations

import contextlib
import re

import streamlit as st
from components import CHAT_PAGE, SESSION_KEY, client_id, get_conversation, sign_in_configured

from assistant.advice.wording import VERDICT_LABELS
from assistant.conversation.access import LEVEL_WORDS
from assistant.conversation.safety import inert_markdown
from assistant.conversation.service import AccessDenied, SessionNotFound

CONFIRM_DELETE = "confirm_delete"  # the id whose deletion waits for a yes


def ask_delete(session_id: str) -> None:
    st.session_state[CONFIRM_DELETE] = session_id


def cancel_delete() -> None:
    st.session_state.pop(CONFIRM_DELETE, None)


def export_name(item: dict[str, str]) -> str:
    """'Ticket summaries pilot - conversation 2026-12-01': the title and the date."""
    safe = " ".join(re.sub(r"[^A-Za-z0-9 ._-]+", " ", item["title"]).split())[:60]
    return f"{safe or 'Assessment'} - conversation {item['updated_at'][:10]}"


conv = get_conversation()  # acting as the signed-in user (or the local one)
teams = sign_in_configured()

st.title("Assessments", anchor=False)
st.caption("Every assessment is saved as you go. Open one to continue it or ask follow-ups.")

notice = st.session_state.pop("assessments_notice", None)
if notice:
    st.success(inert_markdown(notice))

items = conv.sessions()
if not items:
    st.info("No assessments yet: start one on the Chat page.")

for item in items:
    sid = item["id"]
    with st.container(border=True):
        st.markdown(f"**{inert_markdown(item['title'])}**")
        verdict = VERDICT_LABELS.get(item["verdict"] or "", "no recommendation yet")
        mine = item["access"] == "own"
        whose = (
            ""
            if mine and item["owner"] == conv.user.id
            else f" · {inert_markdown(item['owner'])}'s, you may {LEVEL_WORDS[item['access']]}"
        )
        st.caption(
            f"{item['answered']} of {item['total']} questions answered · {verdict} · "
            f"updated {item['updated_at'][:16].replace('T', ' ')} UTC{whose if teams else ''}"
        )
        with st.container(horizontal=True):
            if st.button("Open", key=f"open-{sid}", icon=":material/chat:", type="primary"):
                st.session_state[SESSION_KEY] = sid
                st.switch_page(CHAT_PAGE, query_params={"session": sid})
            if mine:
                with (
                    st.popover("Rename", icon=":material/edit:"),
                    st.form(f"rename-form-{sid}", border=False),
                ):
                    title = st.text_input("New name", value=item["title"], key=f"title-{sid}")
                    if st.form_submit_button("Save"):
                        try:
                            conv.rename(sid, title, client=client_id())
                        except (ValueError, SessionNotFound, AccessDenied) as exc:
                            st.error(inert_markdown(str(exc)))
                        else:
                            st.rerun()
            if mine and teams:
                with st.popover("Share", icon=":material/share:"):
                    for colleague, level in conv.shares(sid).items():
                        left, right = st.columns([3, 1])
                        left.markdown(f"{inert_markdown(colleague)}: may {LEVEL_WORDS[level]}")
                        if right.button("Stop", key=f"unshare-{sid}-{colleague}"):
                            conv.unshare(sid, colleague)
                            st.rerun()
                    with st.form(f"share-form-{sid}", border=False):
                        colleague = st.text_input(
                            "Colleague's e-mail",
                            key=f"share-with-{sid}",
                            placeholder="name@company.com",
                        )
                        level = st.radio(
                            "They may",
                            ["read", "write"],
                            format_func=lambda v: LEVEL_WORDS[v],
                            key=f"share-level-{sid}",
                        )
                        if st.form_submit_button("Share"):
                            try:
                                conv.share(sid, colleague, str(level))
                            except (ValueError, SessionNotFound, AccessDenied) as exc:
                                st.error(inert_markdown(str(exc)))
                            else:
                                st.rerun()
            # The exports are built only when a button is pressed, not on every run.
            with st.popover("Export", icon=":material/download:"):
                st.download_button(
                    "JSON",
                    data=lambda sid=sid: conv.export(sid, "json"),
                    file_name=f"{export_name(item)}.json",
                    mime="application/json",
                    key=f"export-json-{sid}",
                    on_click="ignore",
                )
                st.download_button(
                    "Markdown",
                    data=lambda sid=sid: conv.export(sid, "md"),
                    file_name=f"{export_name(item)}.md",
                    mime="text/markdown",
                    key=f"export-md-{sid}",
                    on_click="ignore",
                )
            if mine:
                st.button(
                    "Delete",
                    key=f"delete-{sid}",
                    icon=":material/delete:",
                    on_click=ask_delete,
                    args=(sid,),
                )
        if mine and st.session_state.get(CONFIRM_DELETE) == sid:
            st.warning(f"Delete **{inert_markdown(item['title'])}** and its whole conversation?")
            yes, no, _ = st.columns([1, 1, 4])
            if yes.button("Yes, delete", key=f"confirm-{sid}", type="primary"):
                st.session_state.pop(CONFIRM_DELETE, None)
                with contextlib.suppress(SessionNotFound):  # gone already: same outcome
                    conv.delete(sid)
                if st.session_state.get(SESSION_KEY) == sid:
                    st.session_state.pop(SESSION_KEY)  # the chat starts a new one
                st.session_state["assessments_notice"] = f"Deleted “{item['title']}”."
                st.rerun()
            no.button("Cancel", key=f"cancel-{sid}", on_click=cancel_delete)
