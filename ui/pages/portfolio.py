"""Portfolio: every assessment side by side (verdict, track, running cost, net value,
payback, top risk), a chart of value against risk and effort, sort and filter, open any
one in the chat, and the Markdown and PDF exports for a steering meeting.

The rows and their words come from ``assistant.advice.portfolio``; this page only lays
them out. Filters and the sort live in their widgets' state (plain strings).
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from components import CHAT_PAGE, SESSION_KEY, get_advisor, get_conversation

from assistant.advice.portfolio import (
    RISK_THRESHOLD,
    SORTS,
    TRACK_LABELS,
    TRACK_ORDER,
    DisplayRow,
    PortfolioRow,
    counts_line,
    display,
    filter_rows,
    portfolio_money,
    portfolio_rows,
    sort_rows,
)
from assistant.advice.portfolio_report import (
    OTHER_COLOUR,
    SCORING,
    TRACK_COLOURS,
    markdown_portfolio,
    pdf_bytes,
    portfolio_report,
)
from assistant.advice.wording import VERDICT_LABELS
from assistant.conversation.safety import inert_markdown

NO_TRACK = "none"
TRACK_CHOICES = [*TRACK_ORDER, NO_TRACK]
NO_TRACK_LABEL = "Not assessed"
# The verdicts, short enough for a filter's chip (the table shows them in full).
VERDICT_CHOICE_LABELS = {
    "start_poc": "Start now",
    "poc_with_safeguards": "Start with safeguards",
    "not_recommended": "Not recommended",
}


def track_label(code: str) -> str:
    return TRACK_LABELS.get(code, NO_TRACK_LABEL)


def _hex(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def chart(shown: list[DisplayRow], currency: str) -> alt.LayerChart | None:
    """Each use case by net value (up) against risk and effort (across), over the three
    regions a steering meeting reads: try first, needs an investment decision, does not
    pay yet."""
    placed = [s for s in shown if s.value is not None and s.risk_effort_score is not None]
    if not placed:
        return None
    values = [float(s.value or 0.0) for s in placed]
    span = (max(0.0, *values) - min(0.0, *values)) or 1.0
    top = max(0.0, *values) + span * 0.15
    bottom = min(0.0, *values) - span * 0.15
    data = pd.DataFrame(
        {
            "title": [s.title for s in placed],
            "label": [s.title if len(s.title) <= 34 else s.title[:33] + "…" for s in placed],
            "risk": [s.risk_effort_score for s in placed],
            "value": values,
            "track": [s.track if s.track in TRACK_COLOURS else NO_TRACK_LABEL for s in placed],
            "verdict": [s.verdict for s in placed],
            "net": [s.net_value for s in placed],
            "payback": [s.payback for s in placed],
            "top_risk": [s.top_risk for s in placed],
        }
    )
    domain = [*TRACK_COLOURS, NO_TRACK_LABEL]
    colours = [_hex(c) for c in TRACK_COLOURS.values()] + [_hex(OTHER_COLOUR)]
    x = alt.X("risk:Q", title="Risk and effort (0 to 100)", scale=alt.Scale(domain=[0, 100]))
    y = alt.Y(
        "value:Q",
        title=f"Net value, {currency} a month",
        scale=alt.Scale(domain=[bottom, top], nice=False),
        axis=alt.Axis(format=",.0f"),
    )
    base = alt.Chart(data, height=400)
    points = base.mark_circle(size=240, opacity=0.9, stroke="white", strokeWidth=1).encode(
        x=x,
        y=y,
        color=alt.Color(
            "track:N",
            title="Track",
            scale=alt.Scale(domain=domain, range=colours),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[
            alt.Tooltip("title:N", title="Use case"),
            alt.Tooltip("verdict:N", title="Verdict"),
            alt.Tooltip("track:N", title="Track"),
            alt.Tooltip("net:N", title="Net value"),
            alt.Tooltip("payback:N", title="Payback"),
            alt.Tooltip("top_risk:N", title="Top risk"),
            alt.Tooltip("risk:Q", title="Risk and effort"),
        ],
    )
    labels = base.mark_text(align="left", dx=11, fontSize=12).encode(
        x="risk:Q", y="value:Q", text="label:N"
    )
    # The "try first" region, lightly shaded as in the PDF.
    region = (
        alt.Chart(pd.DataFrame({"x": [0], "x2": [RISK_THRESHOLD], "y": [0.0], "y2": [top]}))
        .mark_rect(color="#e8f5ee")
        .encode(x="x:Q", x2="x2:Q", y="y:Q", y2="y2:Q")
    )
    names = pd.DataFrame(
        {
            "x": [1, RISK_THRESHOLD + 1, 1],
            "y": [top, top, bottom],
            "text": ["Try first", "Needs an investment decision", "Does not pay yet"],
            "baseline": ["top", "top", "bottom"],
        }
    )
    if bottom >= 0:
        names = names.iloc[:2]
    region_names = [
        alt.Chart(names[names["baseline"] == where])
        .mark_text(align="left", baseline=where, dy=4 if where == "top" else -4, fontSize=12)
        .encode(x="x:Q", y="y:Q", text="text:N", color=alt.value("#555"))
        for where in ("top", "bottom")
        if (names["baseline"] == where).any()
    ]
    threshold = (
        alt.Chart(pd.DataFrame({"x": [RISK_THRESHOLD]}))
        .mark_rule(strokeDash=[5, 4], color="#666")
        .encode(x="x:Q")
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#333").encode(y="y:Q")
    return alt.layer(region, threshold, zero, *region_names, points, labels)


def table(shown: list[DisplayRow]) -> pd.DataFrame:
    """The side-by-side table, one row per use case (named in the first column)."""
    return pd.DataFrame(
        {
            "Verdict": [s.verdict for s in shown],
            "Track": [s.track for s in shown],
            "Running cost a month": [s.monthly_cost.removesuffix(" a month") for s in shown],
            "Net value a month (expected)": [s.net_value.removesuffix(" a month") for s in shown],
            "Payback": [s.payback for s in shown],
            "Top risk": [s.top_risk for s in shown],
            "Risk and effort": [s.risk_effort for s in shown],
            "Pilot": [s.pilot for s in shown],
        },
        index=pd.Index([s.title for s in shown], name="Use case"),
    )


def open_in_chat(session_id: str) -> None:
    st.session_state[SESSION_KEY] = session_id
    st.switch_page(CHAT_PAGE, query_params={"session": session_id})


def open_picker(rows: list[PortfolioRow], key: str) -> None:
    """Pick one assessment and open it in the chat (as the Assessments page does)."""
    if not rows:
        return
    titles = {row.session: row.title for row in rows}
    with st.container(horizontal=True, vertical_alignment="bottom"):
        chosen = st.selectbox(
            "Open an assessment",
            list(titles),
            format_func=lambda sid: titles[sid],
            key=f"{key}-pick",
        )
        if st.button("Open in the chat", icon=":material/chat:", key=f"{key}-open"):
            open_in_chat(str(chosen))


advisor = get_advisor()
conv = get_conversation()  # the assessments this user may see
every = portfolio_rows(conv.records(), conv.pilot.decision_of)

st.title("Portfolio", anchor=False)
st.caption(
    "Every assessment side by side: which use case to try first, and which needs an "
    "investment decision."
)
if not every:
    st.info("No assessments yet: start one on the Chat page.")
    st.stop()

money = portfolio_money(every)
assessed = [row for row in every if row.status == "assessed"]
waiting = [row for row in every if row.status == "in_progress"]

st.markdown(f"**{counts_line(every)}**")
with st.container(horizontal=True):
    for track in TRACK_ORDER:
        st.metric(TRACK_LABELS[track], sum(row.track == track for row in assessed))
    st.metric("In progress", len(waiting))

# Empty filters mean "all": the boxes stay short until a manager narrows the view.
track_box, verdict_box, sort_box = st.columns(3, vertical_alignment="bottom")
tracks = track_box.multiselect(
    "Track",
    TRACK_CHOICES,
    placeholder="All tracks",
    format_func=track_label,
    key="pf-track",
)
verdicts = verdict_box.multiselect(
    "Verdict",
    list(VERDICT_LABELS),
    placeholder="All verdicts",
    format_func=lambda code: VERDICT_CHOICE_LABELS[code],
    key="pf-verdict",
)
order = sort_box.selectbox("Sort by", list(SORTS), format_func=lambda k: SORTS[k], key="pf-sort")

shown_rows = sort_rows(
    filter_rows(assessed, tracks=tracks or None, verdicts=verdicts or None), str(order)
)
shown = [display(row, money) for row in shown_rows]

if not assessed:
    st.info("No assessment has a recommendation yet: finish an interview on the Chat page.")
elif not shown_rows:
    st.info("No assessment matches these filters.")
else:
    st.subheader("Value against risk and effort", anchor=False)
    figure = chart(shown, money.currency)
    if figure is not None:
        st.altair_chart(figure, width="stretch")
        st.caption(
            f"Up: more net value a month (expected case). Right: more risk and effort. Left "
            f"of the dashed line ({RISK_THRESHOLD}) and above zero: try first; right of it: "
            "needs an investment decision; below zero: does not pay yet."
        )
    else:
        st.caption("None of these assessments has a business case yet, so none is placed.")
    unplaced = [s.title for s in shown if s.value is None]
    if unplaced and figure is not None:
        st.caption(
            "Not placed (assessed before the business case was added): "
            + ", ".join(inert_markdown(t) for t in unplaced)
            + "."
        )
    st.subheader("Side by side", anchor=False)
    # A static table, not a data grid: its cells wrap, so every column fits the page
    # (a grid hides the top risk behind a sideways scroll on a laptop).
    st.table(table(shown))
    reasons = [s for s in shown if s.track_why]
    if reasons:
        with st.expander("Why each track"):
            st.markdown(
                "\n".join(
                    f"- **{inert_markdown(s.title)}** ({s.track}): {inert_markdown(s.track_why)}"
                    for s in reasons
                )
            )
    with st.expander("How the figures are made"):
        st.markdown(SCORING)
    open_picker(shown_rows, "pf")

if waiting:
    st.subheader("In progress", anchor=False)
    st.caption("Interviews without a recommendation yet: open one to finish it.")
    st.markdown("\n".join(f"- {inert_markdown(row.title)}" for row in waiting))
    open_picker(waiting, "pf-waiting")

rate = money.rate_line()
if rate:
    st.caption(rate)

# The exports hold what the page shows (filters and order), plus the interviews in progress.
report = portfolio_report([*shown_rows, *waiting], money=money)


def _markdown() -> str:
    return markdown_portfolio(report)


def _pdf() -> bytes:
    return pdf_bytes(report)


downloads: dict[str, Any] = {"on_click": "ignore", "width": "stretch"}
left, right = st.columns(2)
# Both are built only when a button is pressed, not on every run.
left.download_button(
    "Download for the steering meeting (PDF)",
    data=_pdf,
    file_name=f"{report.file_stem}.pdf",
    mime="application/pdf",
    icon=":material/picture_as_pdf:",
    key="pf-pdf",
    type="primary",
    **downloads,
)
right.download_button(
    "Download for the steering meeting (Markdown)",
    data=_markdown,
    file_name=f"{report.file_stem}.md",
    mime="text/markdown",
    icon=":material/download:",
    key="pf-md",
    **downloads,
)
