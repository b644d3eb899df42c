"""The Pilot panel of an assessment: log the PoC's results against the plan, see each KPI
against its target over time, and the decision with its reason.

Thin over ``assistant.pilot`` through the conversation facade (``conv.pilot``), the same
path the CLI and the chat log through. The panel is drawn only while it is open, so a
closed panel costs the page one query.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from components import md

from assistant.advice.wording import DECISION_LABELS
from assistant.errors import describe
from assistant.pilot.decision import Judgement, PilotStatus, show
from assistant.pilot.measurements import PilotInputError, is_cost_kpi, kind_of
from assistant.schemas import Kpi

DECISION_COLORS = {"scale": "green", "iterate": "orange", "stop": "red", "need_more_data": "blue"}
STATUS_LABELS = {"met": "met", "missed": "missed", "unclear": "not settled", "no_target": "-"}
NOTICE = "pilot_notice"


def _log(conv: Any, session: str, kpi: Kpi, key: str) -> None:
    """A form's submit: read its widgets and log through the facade."""
    state = st.session_state
    percent = kind_of(kpi) != "number"

    def scaled(name: str) -> str | None:
        value = state.get(f"{key}-{name}")
        if value is None:
            return None
        return f"{value}%" if percent else str(value)

    try:
        value = scaled("value")
        if value is None:
            raise PilotInputError("type the measured value first")
        n = state.get(f"{key}-n")
        conv.pilot.log(
            session,
            kpi.name,
            value,
            baseline=scaled("baseline"),
            n=int(n) if n is not None else None,
            period=state.get(f"{key}-period"),
        )
    except Exception as exc:  # a bad figure: one line, nothing stored
        state[NOTICE] = ("error", f"{kpi.name}: {describe(exc)}")
    else:
        state[NOTICE] = ("success", f"Logged {kpi.name}.")


def _log_cost(conv: Any, session: str, key: str) -> None:
    state = st.session_state
    try:
        spent, requests = state.get(f"{key}-usd"), state.get(f"{key}-requests")
        if spent is None or requests is None:
            raise PilotInputError("type what the pilot cost and how many requests it served")
        conv.pilot.log_cost(session, spent, int(requests), state.get(f"{key}-period"))
    except Exception as exc:
        state[NOTICE] = ("error", f"Cost: {describe(exc)}")
    else:
        state[NOTICE] = ("success", "Logged the pilot's cost.")


def _remove(conv: Any, session: str, key: str) -> None:
    chosen = st.session_state.get(key)
    if chosen is None:
        return
    try:
        conv.pilot.remove(session, int(chosen))
    except Exception as exc:
        st.session_state[NOTICE] = ("error", describe(exc))
    else:
        st.session_state[NOTICE] = ("success", f"Removed measurement #{chosen}.")


def _kpi_form(conv: Any, session: str, kpi: Kpi) -> None:
    key = f"pilot-{session}-{kpi.name.lower().replace(' ', '-')}"
    percent = kind_of(kpi) != "number"
    unit = "%" if percent else (kpi.unit or "")
    with st.form(key, clear_on_submit=True):
        st.markdown(f"**{kpi.name}** · target: {kpi.target}")
        value, baseline, n, period = st.columns(4)
        value.number_input(f"Value ({unit})", value=None, key=f"{key}-value", format="%g")
        baseline.number_input(f"Baseline ({unit})", value=None, key=f"{key}-baseline", format="%g")
        n.number_input("Items measured", min_value=1, value=None, step=1, key=f"{key}-n")
        period.text_input("Period", placeholder="week 3", key=f"{key}-period")
        st.form_submit_button("Log", on_click=_log, args=(conv, session, kpi, key))


def _cost_form(conv: Any, session: str) -> None:
    key = f"pilot-{session}-cost"
    with st.form(key, clear_on_submit=True):
        st.markdown("**What the pilot cost** · compared with the estimate, scaled to full volume")
        usd, requests, period = st.columns(3)
        usd.number_input("Spent (USD)", min_value=0.0, value=None, key=f"{key}-usd")
        requests.number_input(
            "Requests served", min_value=1, value=None, step=1, key=f"{key}-requests"
        )
        period.text_input("Period", placeholder="weeks 1-3", key=f"{key}-period")
        st.form_submit_button("Log cost", on_click=_log_cost, args=(conv, session, key))


def _table(status: PilotStatus) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "#": j.measurement.id,
                "KPI": j.measurement.kpi,
                "period": j.measurement.period or "",
                "value": show(j),
                "baseline": show(j, j.measurement.baseline)
                if j.measurement.baseline is not None
                else "",
                "items": j.measurement.n,
                "95% interval": (
                    f"{show(j, j.interval[0])}-{show(j, j.interval[1])}" if j.interval else ""
                ),
                "target": f"{j.direction} {show(j, j.target)}" if j.target is not None else "",
                "status": STATUS_LABELS[j.status],
                "logged": j.measurement.logged_at[:16].replace("T", " "),
            }
            for j in status.judgements
        ]
    )


def kpi_chart(history: list[Judgement]) -> alt.LayerChart:
    """One KPI over time: the measured values (with their interval, for shares) and the
    target as a dashed line."""
    scale = 100 if history[-1].kind != "number" else 1
    data = pd.DataFrame(
        [
            {
                "when": j.measurement.period or f"#{j.measurement.id}",
                "order": n,
                "value": j.measurement.value * scale,
                "low": j.interval[0] * scale if j.interval else None,
                "high": j.interval[1] * scale if j.interval else None,
                "shown": show(j),
            }
            for n, j in enumerate(history)
        ]
    )
    x = alt.X("when:N", sort=alt.SortField("order"), title=None)
    unit = "%" if scale == 100 else (history[-1].kpi.unit if history[-1].kpi else "") or ""
    points = (
        alt.Chart(data, height=220)
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=unit),
            tooltip=[alt.Tooltip("when:N", title="Period"), alt.Tooltip("shown:N", title="Value")],
        )
    )
    band = alt.Chart(data).mark_errorbar().encode(x=x, y="low:Q", y2="high:Q")
    layers: list[Any] = [band, points]
    target = history[-1].target
    if target is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"target": [target * scale]}))
            .mark_rule(color="#d62728", strokeDash=[6, 4], size=2)
            .encode(y="target:Q")
        )
    return alt.layer(*layers)


def _draw(conv: Any, session: str, status: PilotStatus, kpis: list[Kpi]) -> None:
    notice = st.session_state.pop(NOTICE, None)
    if notice is not None:
        kind, text = notice
        (st.error if kind == "error" else st.success)(text)
    decision = status.decision
    st.badge(
        f"Decision: {DECISION_LABELS[decision.id]}",
        color=DECISION_COLORS[decision.id],  # type: ignore[arg-type]
        icon=":material/gavel:",
    )
    md(decision.why)
    if status.cost is not None:
        st.caption(f"Cost: {status.cost.reason}.")
    # A colleague the assessment is shared with to read sees the results, not the forms.
    writable = conv.access_level(session) != "read"
    if writable:
        st.markdown("**Log a result**")
        for kpi in kpis:
            if kpi.target_value is not None and not is_cost_kpi(kpi):
                _kpi_form(conv, session, kpi)
        _cost_form(conv, session)
    if not status.judgements:
        st.caption("Nothing logged yet. Results told in the chat are logged here too.")
        return
    st.markdown("**What was logged**")
    st.dataframe(_table(status), hide_index=True, width="stretch")
    for latest in status.latest:
        history = [j for j in status.judgements if j.measurement.kpi == latest.measurement.kpi]
        st.markdown(f"**{latest.measurement.kpi}**")
        st.altair_chart(kpi_chart(history), width="stretch")
    key = f"pilot-{session}-remove"
    if writable:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        left.selectbox(
            "Remove a wrong measurement (log it again to correct it)",
            [j.measurement.id for j in status.judgements],
            index=None,
            format_func=lambda i: f"#{i}",
            key=key,
        )
        right.button("Remove", on_click=_remove, args=(conv, session, key), key=f"{key}-button")
    st.markdown("**Talking points for the go / no-go meeting**")
    md("\n".join(f"- {point}" for point in status.talking_points))


def pilot_panel(conv: Any, session: str, kpis: list[Kpi], expanded: bool = False) -> None:
    """The panel under the recommendation card, collapsed until opened."""
    status: PilotStatus = conv.pilot.status(session)
    label = f"Pilot results · {DECISION_LABELS[status.decision.id]}"
    if status.judgements:
        label += f" · {len(status.judgements)} logged"
    panel = st.expander(
        label,
        expanded=expanded,
        key=f"pilot-panel-{session}",
        on_change="rerun",
        icon=":material/science:",
    )
    if panel.open:
        with panel:
            _draw(conv, session, status, kpis)
