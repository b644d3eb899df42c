"""The web app's entry point (``python -m assistant ui``): pages, and the knowledge index.

On the first start the index is built here, with visible progress. When it cannot be
built or reached (a bad document, a Chroma server that is down), every page shows a
banner naming the admin command, and the interview goes on without the knowledge base.
"""

from __future__ import annotations

import streamlit as st
from components import app_icon, get_advisor, knowledge_unavailable
from pydantic import ValidationError

from assistant.errors import describe
from assistant.providers import ProviderError
from assistant.wiring import Advisor

st.set_page_config(page_title="Adoption Advisor", page_icon=app_icon(), layout="wide")

page = st.navigation(
    [
        st.Page("pages/chat.py", title="Chat", icon=":material/chat:", default=True),
        st.Page("pages/assessments.py", title="Assessments", icon=":material/folder_open:"),
        st.Page("pages/portfolio.py", title="Portfolio", icon=":material/scatter_plot:"),
        st.Page("pages/knowledge.py", title="Knowledge", icon=":material/menu_book:"),
        st.Page("pages/about.py", title="About", icon=":material/info:"),
    ]
)


def check_index(advisor: Advisor) -> None:
    """Build the index if there is none yet; a banner instead of a crash otherwise."""
    try:
        if advisor.index_status() is not None:
            return
    except Exception as exc:  # e.g. StoreUnavailable: the Chroma server is down
        knowledge_unavailable(describe(exc))
        return
    problem = None
    with st.status("Building the knowledge index (first start)…", expanded=True) as box:
        bar = st.progress(0.0, text="Reading the guidance documents…")

        def report(done: int, total: int) -> None:
            bar.progress(done / total if total else 1.0, text=f"{done} of {total} passages")

        try:
            summary = advisor.ensure_index(progress=report)
        except Exception as exc:  # a bad document, a full disk: the chat goes on without it
            problem = describe(exc)
            box.update(label="The knowledge index could not be built", state="error")
        else:
            if summary is not None:
                st.write(f"Indexed {summary.documents} documents, {summary.chunks} passages.")
            box.update(label="Knowledge index ready", state="complete", expanded=False)
    if problem is not None:
        knowledge_unavailable(problem)


try:
    advisor = get_advisor()
    conversation = advisor.conversation  # a bad ADVISOR_LLM is reported here, once
except (ValidationError, ProviderError) as exc:  # a bad setting: say which, not a traceback
    st.error(f"The app cannot start: {describe(exc)}", icon=":material/settings_alert:")
    st.stop()
check_index(advisor)
page.run()
