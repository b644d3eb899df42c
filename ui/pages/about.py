"""About: what the product does, how it decides, what it relies on and its limits; the
administrators' details (mode, folders, Chroma, index, version) in an expander."""

from __future__ import annotations

from collections import Counter

import streamlit as st
from components import REINDEX_COMMAND, get_advisor, sign_in_configured

import assistant
from assistant.advice.money import money_for
from assistant.conversation.safety import inert_markdown
from assistant.errors import describe

advisor = get_advisor()
settings = advisor.settings

st.title("About Adoption Advisor", anchor=False)
st.markdown(
    "Adoption Advisor helps a manager decide **whether and how to adopt a pre-trained "
    "model** (a large language model or another foundation model) for a real business use "
    "case. A short interview, in your own words, describes the use case; the advisor then "
    "gives a recommendation to take into a meeting: a verdict, the approach, what it would "
    "cost to run, the risks and what to do about them, a proof-of-concept plan with KPIs, "
    "talking points, and the guidance each point is based on. You can come back to an "
    "assessment, ask follow-up questions and try what-ifs."
)

st.subheader("Who sees what", anchor=False)
if sign_in_configured():
    st.markdown(
        "Everyone signs in. Each assessment belongs to the person who started it: you see "
        "your own and those colleagues shared with you (to read, or to read, ask "
        "follow-ups and log pilot results), and you can share yours from the Assessments "
        "page. Administrators see every assessment."
    )
else:
    st.markdown(
        "**Single-user**: sign-in is not configured, so whoever opens this app sees every "
        "assessment saved in its data folder. For a team, configure sign-in (see the "
        "README) and each person sees only their own and those shared with them."
    )

st.subheader("How it decides", anchor=False)
try:
    documents = advisor.documents
except Exception as exc:  # a bad document: the admin's re-index names it too
    documents = []
    problem = describe(exc)
else:
    problem = ""
categories = Counter(d.meta.category.value.replace("-", " ") for d in documents)
reviewed = max((d.meta.reviewed for d in documents), default=None)
try:
    prices = advisor.prices
    price_date = prices.snapshot_date
    assumptions_date = prices.assumptions.as_of
except ValueError:  # a bad overrides file: the chat says so when it prices
    price_date = assumptions_date = "unknown"
ecb = money_for("EUR").rate_date
st.markdown(
    f"""
- **The method.** Your answers make a use-case profile; anything you skip takes a
  documented default, which the recommendation lists as assumed. A fixed set of rules,
  not a language model, turns the profile into the verdict, the approach, the risks and
  the plan, so the same answers always give the same recommendation and every point can
  be traced to the rule and the document behind it.
- **The costs.** Token counts of a typical request times the price per token of reference
  models (list prices as of **{price_date}**, from the maintained genai-prices data), and
  for self-hosting, fine-tuning and classical models dated assumptions about servers and
  operations (as of **{assumptions_date}**). Amounts in other currencies use the European
  Central Bank's reference rate{f" of **{ecb.isoformat()}**" if ecb else ""}.
- **The sources.** A curated knowledge base of {len(documents)} guidance documents
  ({", ".join(f"{n} on {c}" for c, n in sorted(categories.items()))}), each citing where
  its facts come from and dated when last reviewed{f" (latest {reviewed})" if reviewed else ""}.
  Answers to your questions quote these documents and name them.
"""
)
if problem:
    st.warning(f"The guidance documents cannot be read: {inert_markdown(problem)}")

st.subheader("Its limits", anchor=False)
st.markdown(
    """
- Costs are **estimates for planning**, not quotes: prices change, real prompts differ from
  the typical request, and negotiated prices are used only where an administrator has
  entered them.
- It knows only what you tell it and what the knowledge base says; it does not see your
  data, contracts or systems, and the guidance is only as current as its review dates.
- Without a language model configured (the default), answers to questions are passages
  quoted from the guidance, not new text; when nothing relevant is found it says so.
"""
)
st.info(
    "**Not legal advice.** Licence, data-protection and regulatory points are general "
    "guidance to prepare a decision. Have your legal and data-protection advisers confirm "
    "them for your case before you rely on them.",
    icon=":material/gavel:",
)

with st.expander("For administrators: mode, folders, index and version"):
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
