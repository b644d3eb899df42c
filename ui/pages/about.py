"""About: which model answers, where the data lives, which Chroma, which version."""

from __future__ import annotations

import streamlit as st
from components import REINDEX_COMMAND, get_advisor

import assistant
from assistant.errors import describe

advisor = get_advisor()
settings = advisor.settings

st.title("About Adoption Advisor", anchor=False)
st.markdown(
    "Helps managers decide whether and how to adopt a pre-trained model for a business use "
    "case: a short interview, then a recommendation with costs, risks, a proof-of-concept "
    "plan and talking points, each point backed by the curated knowledge base."
)

if settings.offline:
    mode = "offline: no language model, no API key, no data leaves this machine"
else:
    mode = f"language model `{settings.llm}` (the offline answer is used if it fails)"
chroma = (
    f"server at `{settings.chroma_url}`"
    if settings.chroma_url
    else f"embedded, under `{(settings.index_dir / 'chroma').resolve()}`"
)
try:
    status = advisor.index_status()
    index = (
        f"{status.documents} documents, {status.chunks} passages, "
        f"indexed {status.indexed_at[:16].replace('T', ' ')} UTC"
        if status is not None
        else f"not built yet (`{REINDEX_COMMAND}`)"
    )
except Exception as exc:  # the server is down: say so here too
    index = f"unavailable ({describe(exc)})"

st.markdown(
    f"""
| Setting | Value |
|---|---|
| **Mode** | {mode} |
| **Data directory** | `{settings.data_dir.resolve()}` |
| **Knowledge documents** | `{settings.knowledge_dir.resolve()}` |
| **Chroma** | {chroma} |
| **Index** | {index} |
| **Version** | {assistant.__version__} |
"""
)
st.caption(
    "Settings come from ADVISOR_* environment variables or a .env file; see the README. "
    f"Administrators re-index the knowledge base with `{REINDEX_COMMAND}`."
)
