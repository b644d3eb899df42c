"""Rendering helpers shared by the pages: the cached advisor, safe Markdown, sources, the
knowledge-base banner and the recommendation card.

Everything here only draws what the package computed; decisions (verdicts, costs, risks,
what a question accepts) stay in ``assistant``. Text that came from a model, a knowledge
document or a user goes through ``inert_markdown`` so it cannot run HTML or load anything.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from assistant.advice.report import is_recommended, option_label
from assistant.advice.wording import SEVERITY_LABELS, VERDICT_LABELS
from assistant.config import Settings, load_settings
from assistant.conversation.safety import inert_markdown
from assistant.schemas import Profile, Recommendation
from assistant.wiring import Advisor, build_advisor

# Plain values kept in st.session_state, shared by the pages.
SESSION_KEY = "session_id"  # the assessment the chat shows (falls back from the URL)
CHAT_PAGE = "pages/chat.py"
REINDEX_COMMAND = "python scripts/reindex.py"

VERDICT_COLORS = {"start_poc": "green", "poc_with_safeguards": "orange", "not_recommended": "red"}
SEVERITY_ORDER = {"blocker": 0, "high": 1, "medium": 2, "low": 3}
BILLIONS = "replace(datum.label, 'G', 'B')"  # d3's SI format writes 1G; managers read 1B
DOLLARS = "datum.value >= 1 ? " + BILLIONS + " : ''"  # no "$100m" (milli-dollars) ticks


# -- the advisor ---------------------------------------------------------------------------


@st.cache_resource(show_spinner="Loading the advisor…")
def _advisor_for(settings_json: str) -> Advisor:
    advisor = build_advisor(Settings.model_validate_json(settings_json))
    # Load the embedding model in the background now (it takes seconds), so the first
    # answer the interview has to understand does not wait for it.
    threading.Thread(target=lambda: advisor.embedder.model, daemon=True).start()
    return advisor


def get_advisor() -> Advisor:
    """One advisor per configuration for the whole server (the model load is slow). Keyed
    on the settings, so a changed environment (or each test's data folder) gets its own."""
    return _advisor_for(load_settings().model_dump_json())


# -- text ----------------------------------------------------------------------------------


def md(text: str) -> None:
    """Markdown that cannot run HTML or fetch remote content."""
    st.markdown(inert_markdown(text))


def knowledge_unavailable(problem: str) -> None:
    """The banner for a missing index or an unreachable Chroma server."""
    st.error(
        f"The knowledge base is unavailable: {inert_markdown(problem)}\n\n"
        "The interview and the recommendation still work; answers to questions will say "
        f"that the knowledge base cannot be searched. An administrator can rebuild the index "
        f"with `{REINDEX_COMMAND}`.",
        icon=":material/database_off:",
    )


def sources(items: Iterable[Mapping[str, Any]]) -> None:
    """Cited passages, one expander each, showing the passage that was retrieved."""
    for n, source in enumerate(items, 1):
        heading = f" — {source['heading']}" if source.get("heading") else ""
        with st.expander(f"[{n}] {source['title']}{heading}", icon=":material/description:"):
            if source.get("text"):
                md(source["text"])
            score = source.get("score")
            st.caption(
                f"`{source['doc_id']}` · {source['path']}"
                + (f" · relevance {score:.2f}" if score is not None else "")
            )


# -- the recommendation card -------------------------------------------------------------


def _cost_chart(rec: Recommendation) -> alt.LayerChart | alt.Chart:
    data = pd.DataFrame(
        [
            {
                "option": option_label(o),
                "monthly_usd": o.monthly_usd,
                "recommended": "recommended" if is_recommended(o, rec) else "alternative",
                "basis": o.basis,
            }
            for o in rec.costs.options
        ]
    )
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("monthly_usd:Q", title="USD per month"),
            y=alt.Y("option:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color(
                "recommended:N",
                scale=alt.Scale(
                    domain=["recommended", "alternative"], range=["#1f77b4", "#aabed2"]
                ),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("option:N", title="Option"),
                alt.Tooltip("monthly_usd:Q", title="USD/month", format=",.2f"),
                alt.Tooltip("basis:N", title="Basis"),
            ],
        )
    )
    budget = rec.costs.monthly_budget_usd
    if budget is None:
        return bars
    rule = (
        alt.Chart(pd.DataFrame({"budget": [budget]}))
        .mark_rule(color="#d62728", strokeDash=[6, 4], size=2)
        .encode(x="budget:Q", tooltip=[alt.Tooltip("budget:Q", title="Budget", format=",.0f")])
    )
    return bars + rule


def _break_even_chart(rows: list[dict[str, Any]], volume: Any) -> alt.LayerChart | alt.Chart:
    # Volumes and costs both span orders of magnitude, so both axes are logarithmic; a log
    # axis cannot show zero, so the curves start at the first positive point.
    data = pd.DataFrame([r for r in rows if r["monthly_requests"] > 0 and r["monthly_usd"] > 0])
    lines = (
        alt.Chart(data, height=360)
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "monthly_requests:Q",
                scale=alt.Scale(type="log"),
                axis=alt.Axis(format="~s", grid=False, labelExpr=BILLIONS),
                title="Requests per month (log scale)",
            ),
            y=alt.Y(
                "monthly_usd:Q",
                scale=alt.Scale(type="log"),
                axis=alt.Axis(format="$~s", labelExpr=DOLLARS),
                title="USD per month (log scale)",
            ),
            color=alt.Color(
                "option:N", title=None, legend=alt.Legend(orient="right", labelLimit=320)
            ),
            tooltip=[
                alt.Tooltip("option:N", title="Option"),
                alt.Tooltip("monthly_requests:Q", title="Requests/month", format=","),
                alt.Tooltip("monthly_usd:Q", title="USD/month", format=",.2f"),
            ],
        )
    )
    if not isinstance(volume, int | float) or volume <= 0:
        return lines
    marker = (
        alt.Chart(pd.DataFrame({"volume": [volume]}))
        .mark_rule(color="gray", strokeDash=[4, 4])
        .encode(x="volume:Q", tooltip=[alt.Tooltip("volume:Q", title="Your volume", format=",")])
    )
    return lines + marker


def recommendation_card(
    advisor: Advisor, rec: Recommendation, profile: Profile | None, key: str
) -> None:
    """Verdict, approach, costs, break-even, risks, PoC plan, talking points, downloads."""
    with st.container(border=True):
        st.subheader("Recommendation", anchor=False)
        st.badge(
            VERDICT_LABELS[rec.verdict],
            color=VERDICT_COLORS.get(rec.verdict, "blue"),  # type: ignore[arg-type]
            icon=":material/gavel:",
        )
        alternatives = ", ".join(a.replace("_", " ") for a in rec.alternatives) or "none"
        st.markdown(
            f"**Approach:** {rec.approach.replace('_', ' ')}  \n**Alternatives:** {alternatives}"
        )
        md(rec.summary)
        if rec.assumptions:
            with st.expander("Defaults assumed for skipped questions"):
                assumed = rec.assumptions.items()
                md("\n".join(f"- **{f.replace('_', ' ')}:** {v}" for f, v in assumed))

        st.markdown("**Monthly cost by option**")
        st.altair_chart(_cost_chart(rec), width="stretch")
        budget = rec.costs.monthly_budget_usd
        st.caption(
            f"Recommended option: ${rec.costs.recommended_monthly_usd:,.0f} a month"
            + (f" against a budget of ${budget:,.0f} (red line)." if budget else ".")
        )
        if profile is not None:
            st.markdown("**Break-even: monthly cost as the volume grows**")
            volume = profile.monthly_requests or rec.assumptions.get("monthly_requests")
            st.altair_chart(_break_even_chart(advisor.cost_curve(profile), volume), width="stretch")
            st.caption(
                "Where two lines cross, the cheaper option changes; the dashed line is your volume."
            )

        st.markdown("**Risks, most severe first**")
        risks = sorted(rec.risks, key=lambda r: SEVERITY_ORDER.get(r.severity, 9))
        if risks:
            st.table(
                pd.DataFrame(
                    {
                        "Severity": [SEVERITY_LABELS[r.severity] for r in risks],
                        "Risk": [r.title for r in risks],
                        "Why": [r.why for r in risks],
                        "Mitigation": [r.mitigation for r in risks],
                        "Sources": [", ".join(r.sources) for r in risks],
                    }
                ),
                hide_index=True,
            )
        else:
            st.caption("No notable risks for this profile.")

        plan = rec.poc_plan
        st.markdown(f"**Proof of concept: {plan.duration_weeks} weeks**")
        st.table(
            pd.DataFrame(
                {
                    "KPI": [k.name for k in plan.kpis],
                    "Target": [k.target for k in plan.kpis],
                    "How measured": [k.how_measured for k in plan.kpis],
                }
            ),
            hide_index=True,
        )
        md(
            "**Success criteria**\n\n"
            + "\n".join(f"- {c}" for c in plan.success_criteria)
            + f"\n\n**Human review:** {plan.human_review}\n\n**Steps**\n\n"
            + "\n".join(f"{n}. {s}" for n, s in enumerate(plan.steps, 1))
        )
        st.markdown("**Talking points**")
        md("\n".join(f"- {p}" for p in rec.talking_points))
        if rec.sources:
            st.caption("Based on: " + "; ".join(f"{s.title} (`{s.doc_id}`)" for s in rec.sources))

        left, right = st.columns(2)
        left.download_button(
            "Download report (Markdown)",
            data=advisor.report(rec, profile, "md"),
            file_name="adoption-recommendation.md",
            mime="text/markdown",
            icon=":material/download:",
            key=f"report-md-{key}",
            on_click="ignore",
        )
        # The PDF takes a few hundred milliseconds: build it only when it is asked for.
        right.download_button(
            "Download report (PDF)",
            data=lambda: advisor.report(rec, profile, "pdf"),
            file_name="adoption-recommendation.pdf",
            mime="application/pdf",
            icon=":material/picture_as_pdf:",
            key=f"report-pdf-{key}",
            on_click="ignore",
        )
