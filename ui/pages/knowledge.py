"""Knowledge: search and browse the guidance the advice is built on, and see the index.

Read-only on purpose: re-indexing changes what every user is told, so it stays an admin
command (``python scripts/reindex.py``), not a button.
"""

from __future__ import annotations

import streamlit as st
from components import REINDEX_COMMAND, get_advisor, md, sources

from assistant.conversation.safety import inert_markdown
from assistant.errors import describe
from assistant.kb.documents import load_library
from assistant.schemas import Category

ALL = "All categories"
CATEGORIES = [ALL, *(c.value for c in Category)]

advisor = get_advisor()

st.title("Knowledge base", anchor=False)
st.caption(
    "The curated guidance every recommendation and answer cites. Read-only here: after "
    f"editing `knowledge/`, an administrator re-indexes with `{REINDEX_COMMAND}`."
)

try:
    status = advisor.index_status()
except Exception as exc:  # the banner at the top already says what to do
    status = None
    st.warning(f"Index status unavailable: {inert_markdown(describe(exc))}")
if status is not None:
    docs, chunks, when = st.columns([1, 1, 2])
    docs.metric("Documents", status.documents)
    chunks.metric("Passages", status.chunks)
    when.markdown(
        f"**Last indexed** {status.indexed_at[:16].replace('T', ' ')} UTC  \n"
        f"**Embedding model** `{status.embedding_model}`"
    )
else:
    st.info(f"No index is served yet. Build it with `{REINDEX_COMMAND}`.")

category = st.selectbox("Category", CATEGORIES, key="kb-category")
chosen = None if category == ALL else category

search, browse = st.tabs(["Search", "Browse"])

with search, st.form("kb-search", border=False):
    query = st.text_input("Search the guidance", placeholder="e.g. llama licence", key="kb-query")
    st.form_submit_button("Search", icon=":material/search:")
    if query.strip():
        try:
            results = advisor.search(query.strip(), k=5, category=chosen)
        except Exception as exc:  # StoreUnavailable, IndexMissing: say so, don't crash
            st.error(
                f"Search is unavailable: {inert_markdown(describe(exc))}. "
                f"Rebuild the index with `{REINDEX_COMMAND}`."
            )
        else:
            if not results:
                st.info("Nothing relevant found. Try other words or another category.")
            sources(r.model_dump() for r in results)

with browse:
    # Every document has a Japanese version beside it (the English one is the guidance
    # of record); a Japanese team reads that one.
    version = st.radio(
        "Version",
        ["English", "日本語"],
        horizontal=True,
        key="kb-version",
        label_visibility="collapsed",
    )
    try:
        documents = [
            d
            for d in load_library(advisor.settings.knowledge_dir)
            if d.lang == ("ja" if version == "日本語" else "en")
        ]
    except Exception as exc:  # a bad document: the admin's re-index names it too
        st.error(f"The knowledge documents cannot be read: {inert_markdown(describe(exc))}")
        documents = []
    shown = [d for d in documents if chosen is None or d.meta.category.value == chosen]
    st.caption(f"{len(shown)} documents")
    for document in shown:
        meta = document.meta
        with st.expander(inert_markdown(meta.title), icon=":material/article:"):
            st.caption(
                f"`{meta.id}` · {meta.category.value} · reviewed {meta.reviewed} · "
                + ", ".join(meta.tags)
            )
            md(document.body)
            # Titles only: addresses would be stripped anyway (nothing in the app links out).
            md("**Sources:** " + "; ".join(s.title for s in meta.sources))
