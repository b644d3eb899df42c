"""The web app's entry point (``python -m assistant ui``): pages, and the knowledge index.

On the first start the index is built in the background (``index_build``) with its
progress on every page, and the chat works meanwhile. When it cannot be built or reached
(a bad document, a Chroma server that is down), every page shows a banner naming the
admin command, and the interview goes on without the knowledge base.
"""

from __future__ import annotations

import streamlit as st
from components import app_icon, get_advisor, require_sign_in
from index_build import index_banner
from pydantic import ValidationError

from assistant.errors import describe
from assistant.providers import ProviderError

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


try:
    advisor = get_advisor()
    conversation = advisor.conversation  # a bad ADVISOR_LLM is reported here, once
except (ValidationError, ProviderError) as exc:  # a bad setting: say which, not a traceback
    st.error(f"The app cannot start: {describe(exc)}", icon=":material/settings_alert:")
    st.stop()
require_sign_in()  # with sign-in configured, nothing below is drawn for a stranger
index_banner(advisor)
page.run()
