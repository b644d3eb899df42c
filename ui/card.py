"""The recommendation card: the one place the web app shows a recommendation.

It draws a :class:`~assistant.advice.presentation.Presentation` (the same display data the
reports and the chat text use) in tabs: Summary, Value (the business case), Costs, Risks,
Plan and Sources, with the
report downloads on the Summary tab. Money is in the manager's currency, every figure has
its explanation beside it, and documents are named by their titles.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd
import streamlit as st
from components import md

from assistant.advice.presentation import Presentation
from assistant.conversation.safety import inert_markdown
from assistant.i18n import N_, Translator, translator
from assistant.wiring import Advisor

VERDICT_COLORS = {"start_poc": "green", "poc_with_safeguards": "orange", "not_recommended": "red"}
SEVERITY_COLORS = {"blocker": "red", "high": "red", "medium": "orange", "low": "gray"}
BILLIONS = "replace(datum.label, 'G', 'B')"  # d3's SI format writes 1G; managers read 1B
TABS = [N_("Summary"), N_("Value"), N_("Costs"), N_("Risks"), N_("Plan"), N_("Sources")]
TRACK_COLORS = {"try_fast": "green", "long_term_bet": "blue", "not_now": "red"}
TAB_KEY = "card-tab"
TAB_OPENED = "card_tab_opened"  # set when this run only switches the card's tab


def _tab_opened() -> None:
    st.session_state[TAB_OPENED] = True


def card_label(view: Presentation) -> str:
    """The card's one-line header, also what a collapsed card still shows."""
    s = view.summary
    tr = translator(view.lang)
    return tr("Recommendation: {verdict} · {cost}").format(
        verdict=s.verdict, cost=s.monthly_cost.value
    )


def _bullets(items: Sequence[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _cost_chart(view: Presentation) -> alt.LayerChart | alt.Chart:
    currency = view.money.currency
    data = pd.DataFrame(
        [
            {
                "option": c.label,
                "amount": c.value,
                "shown": c.amount,
                "kind": "recommended" if c.recommended else "alternative",
                "why": c.explanation,
            }
            for c in view.costs
        ]
    )
    bars = (
        alt.Chart(data, height=alt.Step(26))
        .mark_bar()
        .encode(
            x=alt.X("amount:Q", title=f"{currency} per month", axis=alt.Axis(format="~s")),
            y=alt.Y("option:N", title=None, sort=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(
                    domain=["recommended", "alternative"], range=["#0072b2", "#aabed2"]
                ),
                legend=None,  # the caption says it, and a legend is cut off on a phone
            ),
            tooltip=[
                alt.Tooltip("option:N", title="Option"),
                alt.Tooltip("shown:N", title="Cost"),
                alt.Tooltip("why:N", title="What it covers"),
            ],
        )
    )
    if view.budget_value is None:
        return bars
    rule = (
        alt.Chart(pd.DataFrame({"budget": [view.budget_value]}))
        .mark_rule(color="#d62728", strokeDash=[6, 4], size=2)
        .encode(x="budget:Q")
    )
    return bars + rule


def _break_even_chart(view: Presentation) -> alt.LayerChart | alt.Chart | None:
    curve = view.curve
    if curve is None:
        return None
    # Volumes and costs both span orders of magnitude, so both axes are logarithmic; a log
    # axis cannot show zero, so the curves start at the first positive point.
    data = pd.DataFrame(
        [
            {"requests": p.monthly_requests, "amount": p.value, "option": p.option}
            for p in curve.points
            if p.monthly_requests > 0 and p.value > 0
        ]
    )
    currency = view.money.currency
    lines = (
        alt.Chart(data, height=320)
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "requests:Q",
                scale=alt.Scale(type="log"),
                axis=alt.Axis(format="~s", grid=False, labelExpr=BILLIONS),
                title="Requests per month (log scale)",
            ),
            y=alt.Y(
                "amount:Q",
                scale=alt.Scale(type="log"),
                axis=alt.Axis(format="~s", labelExpr=BILLIONS),
                title=f"{currency} per month (log scale)",
            ),
            color=alt.Color(
                "option:N",
                title=None,
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=260),
            ),
            tooltip=[
                alt.Tooltip("option:N", title="Option"),
                alt.Tooltip("requests:Q", title="Requests/month", format=","),
                alt.Tooltip("amount:Q", title=f"{currency}/month", format=",.0f"),
            ],
        )
    )
    if curve.your_volume is None:
        return lines
    marker = (
        alt.Chart(pd.DataFrame({"volume": [curve.your_volume]}))
        .mark_rule(color="gray", strokeDash=[4, 4])
        .encode(x="volume:Q")
    )
    return lines + marker


def _summary(view: Presentation, advisor: Advisor, key: str, report_args: tuple) -> None:
    tr = translator(view.lang)
    s = view.summary
    st.markdown(
        tr("**{verdict}**, with {approach}.").format(verdict=s.verdict, approach=s.approach_phrase)
    )
    if s.track:
        md(f"**{_label(tr, tr('Track'))}** {s.track}")
    cost, budget = st.columns(2)
    with cost:
        st.metric(s.monthly_cost.label, s.monthly_cost.value.removeprefix("about "))
        st.caption(s.monthly_cost.explanation)
    if view.budget is not None:
        with budget:
            st.metric(view.budget.label, view.budget.value)
            st.caption(view.budget.explanation)
    for line in s.business_value:
        st.markdown(f"**{_label(tr, line.label)}** {line.value}")
        st.caption(line.explanation)
    md(view.overview)
    if s.top_risks:
        st.markdown(f"**{tr('Top risks')}**")
        md("\n".join(f"{n}. {r}" for n, r in enumerate(s.top_risks, 1)))
    st.markdown(f"**{tr('Decisions needed')}**")
    md(_bullets(s.decisions))
    st.markdown(f"**{tr('Next actions')}**")
    md(
        "\n".join(
            f"- **{_label(tr, a.when)}** {a.what} " + tr("_Owner: {owner}._").format(owner=a.owner)
            for a in s.next_actions
        )
    )
    with st.expander(tr("What this is based on: your answers and the defaults assumed")):
        md("\n".join(_input_line(i.label, i.value, i.explanation, tr) for i in view.inputs))
    _downloads(view, advisor, key, report_args)
    for note in view.notes:
        st.caption(note)


def _label(tr: Translator, label: str) -> str:
    """ "Track:" with the colon the language writes."""
    return tr("{label}:").format(label=label)


def _input_line(label: str, value: str, note: str, tr: Translator) -> str:
    shown = note.removesuffix(".").removesuffix("。")
    return f"- **{_label(tr, label)}** {value}" + (f" _({shown})_" if note else "")


def _downloads(view: Presentation, advisor: Advisor, key: str, report_args: tuple) -> None:
    tr = translator(view.lang)
    left, right = st.columns(2)
    # Both are built only when a button is pressed, not on every run.
    left.download_button(
        tr("Download report (PDF)"),
        data=lambda: advisor.report(*report_args, "pdf", view=view),
        file_name=f"{view.file_stem}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        key=f"report-pdf-{key}",
        on_click="ignore",
        type="primary",
        width="stretch",
    )
    right.download_button(
        tr("Download report (Markdown)"),
        data=lambda: advisor.report(*report_args, "md", view=view),
        file_name=f"{view.file_stem}.md",
        mime="text/markdown",
        icon=":material/download:",
        key=f"report-md-{key}",
        on_click="ignore",
        width="stretch",
    )


def _costs(view: Presentation) -> None:
    tr = translator(view.lang)
    st.markdown(f"**{tr('Monthly running cost of each option')}**")
    st.altair_chart(_cost_chart(view), width="stretch")
    st.caption(
        tr(
            "The dark bar is the recommended option; the red dashed line is your budget, {budget}."
        ).format(budget=view.budget.value)
        if view.budget
        else tr("The dark bar is the recommended option.")
    )
    md(
        "\n".join(
            f"- **{_label(tr, c.label + (tr(' (recommended)') if c.recommended else ''))}** "
            f"{c.amount}{tr('. ')}{c.explanation}"
            for c in view.costs
        )
    )
    with st.expander(tr("How each figure is calculated")):
        md("\n".join(f"- **{_label(tr, c.label)}** {c.detail}" for c in view.costs))
    chart = _break_even_chart(view)
    if chart is not None:
        st.markdown(f"**{tr('Break-even: monthly cost as the volume grows')}**")
        st.altair_chart(chart, width="stretch")
        st.caption(
            tr("Where two lines cross, the cheaper option changes; the dashed line is your volume.")
        )
    for note in view.notes:
        st.caption(note)


def _payback_chart(view: Presentation) -> alt.LayerChart | None:
    business = view.business
    if business is None:
        return None
    data = pd.DataFrame(
        [
            {"month": month, "case": case, "value": value}
            for month, low, high in business.cumulative
            for case, value in (("Conservative", low), ("Expected", high))
        ]
    )
    symbol = view.money.symbol or view.money.currency + " "
    lines = (
        alt.Chart(data, height=260)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("month:Q", title="Months after going live"),
            y=alt.Y(
                "value:Q",
                title=f"Net of the build ({view.money.currency})",
                axis=alt.Axis(format="~s", labelExpr=f"'{symbol}' + {BILLIONS}"),
            ),
            color=alt.Color("case:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("month:Q", title="Month"),
                alt.Tooltip("case:N", title="Case"),
                alt.Tooltip("value:Q", title="Cumulative", format=",.0f"),
            ],
        )
    )
    zero = alt.Chart(pd.DataFrame({"value": [0]})).mark_rule(color="gray").encode(y="value:Q")
    return lines + zero


def _value(view: Presentation) -> None:
    tr = translator(view.lang)
    business = view.business
    if business is None:
        st.caption(tr("This assessment was made before the business case was added."))
        return
    st.badge(
        business.track,
        color=TRACK_COLORS.get(business.track_code, "blue"),  # type: ignore[arg-type]
        icon=":material/flag:",
    )
    md(business.track_why)
    # A static table: its explanations wrap instead of hiding behind a sideways scroll.
    table = pd.DataFrame(
        {
            tr("Conservative"): [row[1] for row in business.rows],
            tr("Expected"): [row[2] for row in business.rows],
            tr("How it is worked out"): [row[3] for row in business.rows],
        },
        index=pd.Index([row[0] for row in business.rows], name=""),
    )
    st.table(table)
    md(f"**{_label(tr, tr('Break-even'))}** {business.sensitivity}")
    chart = _payback_chart(view)
    if chart is not None:
        st.markdown(f"**{tr('Value earned after the build cost, month by month')}**")
        st.altair_chart(chart, width="stretch")
        st.caption(tr("Where a line crosses zero, the build cost is earned back."))
    with st.expander(tr("What the business case rests on")):
        md("\n".join(_input_line(a.label, a.value, "", tr) for a in business.assumptions))
        if business.sources:
            st.caption(
                _label(tr, tr("Method"))
                + " "
                + "; ".join(inert_markdown(t) for t in business.sources)
            )


def _risks(view: Presentation) -> None:
    tr = translator(view.lang)
    if not view.risks:
        st.caption(tr("No notable risks for this profile."))
    for risk in view.risks:
        colour = SEVERITY_COLORS.get(risk.severity, "gray")
        md(f"**{risk.title}**")
        st.badge(risk.severity_label, color=colour)  # type: ignore[arg-type]
        md(f"{risk.why}\n\n**{_label(tr, tr('What to do'))}** {risk.mitigation}")
        if risk.sources:
            st.caption(
                _label(tr, tr("Based on"))
                + " "
                + "; ".join(inert_markdown(t) for t in risk.sources)
            )


def _plan(view: Presentation) -> None:
    tr = translator(view.lang)
    plan = view.plan
    st.markdown(tr("**Proof of concept: {weeks} weeks**").format(weeks=plan.weeks))
    md(
        "\n".join(
            f"- **{_label(tr, k.label)}** {k.value} "
            + tr("_(measured by {how})_").format(how=k.explanation.removesuffix("."))
            for k in plan.kpis
        )
    )
    st.markdown(f"**{tr('Success criteria')}**")
    md(_bullets(plan.success_criteria))
    md(f"**{_label(tr, tr('Human review'))}** {plan.human_review}")
    st.markdown(f"**{tr('Steps')}**")
    md("\n".join(f"{n}. {step}" for n, step in enumerate(plan.steps, 1)))
    st.markdown(f"**{tr('Talking points for the meeting')}**")
    md(_bullets(view.talking_points))


def _sources(view: Presentation) -> None:
    tr = translator(view.lang)
    st.caption(tr("The guidance documents this recommendation is based on."))
    for n, doc in enumerate(view.sources, 1):
        reviewed = " · " + tr("reviewed {date}").format(date=doc.reviewed) if doc.reviewed else ""
        with st.expander(f"{n}. {inert_markdown(doc.title)}", icon=":material/description:"):
            if doc.passage:
                md(doc.passage)
            category = doc.category.replace("-", " ")
            extra = (category.capitalize() if view.lang == "en" else tr(category)) + reviewed
            st.caption(extra.strip(" ·"))
    with st.expander(tr("Document ids (for administrators)"), icon=":material/badge:"):
        st.caption(", ".join(f"`{d.doc_id}`" for d in view.sources))


def recommendation_card(
    view: Presentation, advisor: Advisor, report_args: tuple, key: str, expanded: bool = True
) -> None:
    """The card: a collapsible header with the verdict and cost, then the tabs."""
    with st.expander(card_label(view), expanded=expanded, icon=":material/assignment:"):
        st.badge(
            view.summary.verdict,
            color=VERDICT_COLORS.get(view.summary.verdict_code, "blue"),  # type: ignore[arg-type]
            icon=":material/gavel:",
        )
        # Only the open tab is drawn (its charts are the slowest part of the page); opening
        # another one reruns the page, which then stays where the reader is.
        tr = translator(view.lang)
        summary, value, costs, risks, plan, cited = st.tabs(
            [tr(tab) for tab in TABS], key=TAB_KEY, on_change=_tab_opened
        )
        for tab, draw in (
            (summary, lambda: _summary(view, advisor, key, report_args)),
            (value, lambda: _value(view)),
            (costs, lambda: _costs(view)),
            (risks, lambda: _risks(view)),
            (plan, lambda: _plan(view)),
            (cited, lambda: _sources(view)),
        ):
            if tab.open:
                with tab:
                    draw()
