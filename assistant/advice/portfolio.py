"""The portfolio: every assessment side by side, so a manager sees which use case to try
first and which needs an investment decision.

``portfolio_rows(records)`` turns the saved sessions (``SessionRecord``: id, title, the
interview and the recommendation, if there is one yet) into one :class:`PortfolioRow`
each; ``contract_json`` is the ``portfolio --json`` shape of a row (``CONTRACT.md``, "The
business case"); ``display`` words a row for a screen or a report (labels, not codes; money
in one currency for the whole portfolio, so figures compare).

An assessment without a recommendation yet is a row with ``status == "in_progress"`` and
no figures: every recommendation field of it is ``None`` (null in JSON).

Two scores place each use case on the value-against-risk chart:

* **value** is the expected monthly net value in USD (``business_case.monthly_net_usd
  .expected``: benefit minus running cost minus review time). ``None`` when the
  assessment has no business case (saved before there was one): it is listed, not placed.
* **risk and effort** is a number from 0 (nothing in the way) to 100, the sum of three
  capped parts, so one look says why a use case sits where it does:

  - risks, up to 60: each risk adds by severity (blocker 30, high 15, medium 6, low 2);
  - build cost, up to 20: 0 at $1,000 or less, 20 at $1,000,000 or more, in between on a
    log scale (each tenfold step adds about 6.7), from the business case's expected build
    cost, else the profile's ``build_cost_usd``, else 0;
  - team and approach, up to 20: the team's skill (none 10, some 5, strong 0) plus how
    much the approach asks of it (hosted API 0, private cloud endpoint 4, non-generative
    model 6, small fine-tuned model 8, self-hosted open weights 10).

  Scores from 50 up sit on the chart's "needs an investment decision" side
  (``RISK_THRESHOLD``).

Nothing here reads files or imports a UI: the CLI, the web app and the exports call it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from pydantic import ValidationError

from assistant.advice.money import Money, money_for
from assistant.advice.wording import DECISION_LABELS, TRACK_LABELS, VERDICT_LABELS
from assistant.schemas import Recommendation

Status = Literal["assessed", "in_progress"]

TRACK_ORDER = ("try_fast", "long_term_bet", "not_now")
SEVERITY_RANK = {"blocker": 0, "high": 1, "medium": 2, "low": 3}
SEVERITY_WEIGHT = {"blocker": 30, "high": 15, "medium": 6, "low": 2}
TEAM_WEIGHT = {"none": 10, "some": 5, "strong": 0}
APPROACH_WEIGHT = {
    "hosted_api": 0,
    "private_cloud_endpoint": 4,
    "non_generative": 6,
    "small_fine_tuned_model": 8,
    "self_hosted_open_weights": 10,
}
RISK_CAP, BUILD_CAP, TEAM_CAP = 60, 20, 20
BUILD_FLOOR_USD, BUILD_CEILING_USD = 1_000.0, 1_000_000.0
RISK_THRESHOLD = 50
# The team's skill when neither the interview nor the engine recorded it: the engine's own
# default ("some") would be the same, but an old assessment may carry neither.
DEFAULT_TEAM = "some"
NOT_ASSESSED = "—"
IN_PROGRESS = "In progress"

# Ways to order the rows (the CLI's --sort and the page's sort box).
SORTS: dict[str, str] = {
    "value": "Net value, highest first",
    "risk": "Risk and effort, lowest first",
    "payback": "Payback, soonest first",
    "cost": "Running cost, lowest first",
    "track": "Track (try fast first)",
    "title": "Name",
}


@dataclass(frozen=True)
class PortfolioRow:
    """One assessment in the portfolio; money in USD (``display`` converts it)."""

    session: str
    title: str
    status: Status
    updated_at: str = ""
    verdict: str | None = None
    track: str | None = None
    track_why: str = ""
    recommended_monthly_usd: float | None = None
    monthly_net_usd: float | None = None  # expected case
    monthly_net_conservative_usd: float | None = None
    payback_months: float | None = None  # expected case; None: never, or not assessed
    has_business_case: bool = False
    top_risk: str | None = None
    top_risk_severity: str | None = None
    risk_effort_score: int | None = None
    currency: str | None = None  # the manager's currency in this assessment, if given
    pilot_decision: str | None = None  # the team's pilot: scale / iterate / stop / ...

    @property
    def value_score(self) -> float | None:
        """Where the chart places the row vertically: the expected monthly net value."""
        return self.monthly_net_usd


# --- building the rows ------------------------------------------------------------------


def _get(obj: Any, key: str) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(key)
    return getattr(obj, key, None)


def _interview_value(interview: Mapping[str, Any], name: str) -> Any:
    """A field from the interview's answers, else from the defaults it assumed."""
    for part in ("answers", "assumed"):
        values = interview.get(part)
        if isinstance(values, Mapping) and values.get(name) is not None:
            return values[name]
    return None


def top_risk(rec: Recommendation) -> tuple[str | None, str | None]:
    """(title, severity) of the most severe risk; the engine's order breaks ties."""
    if not rec.risks:
        return None, None
    worst = min(rec.risks, key=lambda r: SEVERITY_RANK.get(r.severity, 9))
    return worst.title, worst.severity


def build_points(build_cost_usd: float) -> float:
    """The build-cost part of the risk-and-effort score (0 to ``BUILD_CAP``)."""
    if build_cost_usd <= BUILD_FLOOR_USD:
        return 0.0
    span = math.log10(BUILD_CEILING_USD) - math.log10(BUILD_FLOOR_USD)
    share = (math.log10(build_cost_usd) - math.log10(BUILD_FLOOR_USD)) / span
    return BUILD_CAP * min(1.0, share)


def risk_effort_score(
    rec: Recommendation, team_skill: str | None, build_cost_usd: float | None
) -> int:
    """Risk and effort from 0 to 100 (the module docstring gives the parts)."""
    risks = min(RISK_CAP, sum(SEVERITY_WEIGHT.get(r.severity, 0) for r in rec.risks))
    build = build_points(build_cost_usd or 0.0)
    team = TEAM_WEIGHT.get(team_skill or DEFAULT_TEAM, TEAM_WEIGHT[DEFAULT_TEAM])
    effort = min(TEAM_CAP, team + APPROACH_WEIGHT.get(rec.approach, 0))
    return round(risks + build + effort)


def _recommendation(data: Mapping[str, Any] | None) -> Recommendation | None:
    if not data:
        return None
    try:
        return Recommendation.model_validate(data)
    except ValidationError:
        # A saved recommendation this version cannot read: the next turn of its chat
        # recomputes it, and until then it is listed as in progress rather than failing
        # the whole portfolio.
        return None


def portfolio_row(record: Any) -> PortfolioRow:
    """The row of one saved session (anything with ``id``, ``title``, ``interview`` and
    ``recommendation`` as the session store keeps them)."""
    interview = _get(record, "interview") or {}
    currency = _interview_value(interview, "currency")
    waiting = PortfolioRow(
        session=str(_get(record, "id")),
        title=" ".join(str(_get(record, "title") or "").split()) or "Untitled assessment",
        status="in_progress",
        updated_at=str(_get(record, "updated_at") or ""),
        currency=str(currency) if currency else None,
    )
    rec = _recommendation(_get(record, "recommendation"))
    if rec is None:
        return waiting
    case = rec.business_case
    team = _interview_value(interview, "team_skill") or rec.assumptions.get("team_skill")
    if case is not None:
        build: float | None = case.build_cost_usd.expected
    else:
        stated = _interview_value(interview, "build_cost_usd")
        build = float(stated) if isinstance(stated, int | float) else None
    risk_title, risk_severity = top_risk(rec)
    return replace(
        waiting,
        status="assessed",
        verdict=rec.verdict,
        track=rec.track.id if rec.track is not None else None,
        track_why=rec.track.why if rec.track is not None else "",
        recommended_monthly_usd=rec.costs.recommended_monthly_usd,
        monthly_net_usd=case.monthly_net_usd.expected if case is not None else None,
        monthly_net_conservative_usd=(
            case.monthly_net_usd.conservative if case is not None else None
        ),
        payback_months=case.payback_months.expected if case is not None else None,
        has_business_case=case is not None,
        top_risk=risk_title,
        top_risk_severity=risk_severity,
        risk_effort_score=risk_effort_score(rec, str(team) if team else None, build),
    )


def portfolio_rows(
    records: Iterable[Any], pilot: Callable[[str], str | None] | None = None
) -> list[PortfolioRow]:
    """One row per record, in the order given (the store's: most recently updated first);
    ``pilot`` gives an assessed session's pilot decision, where its team logged results."""
    rows = [portfolio_row(record) for record in records]
    if pilot is None:
        return rows
    return [
        replace(row, pilot_decision=pilot(row.session)) if row.status == "assessed" else row
        for row in rows
    ]


# --- the contract's JSON ----------------------------------------------------------------


def contract_json(row: PortfolioRow) -> dict[str, Any]:
    """The ``portfolio --json`` object of a row: the contract's keys (money in USD), plus
    ``status`` and ``risk_effort_score``. In-progress rows carry nulls; an assessed row
    with a ``monthly_net_usd`` but a null ``payback_months`` never pays back."""
    return {
        "session": row.session,
        "title": row.title,
        "verdict": row.verdict,
        "track": row.track,
        "recommended_monthly_usd": row.recommended_monthly_usd,
        "monthly_net_usd": row.monthly_net_usd,
        "payback_months": row.payback_months,
        "top_risk": row.top_risk,
        "status": row.status,
        "risk_effort_score": row.risk_effort_score,
        "pilot_decision": row.pilot_decision,
    }


# --- ordering and filtering -------------------------------------------------------------


def _last(value: float | None, sign: float = 1.0) -> tuple[int, float]:
    """A sort key with missing values last."""
    return (1, 0.0) if value is None else (0, sign * value)


def sort_rows(rows: Sequence[PortfolioRow], by: str = "value") -> list[PortfolioRow]:
    """``rows`` ordered ``by`` one of ``SORTS``; in-progress rows always come last, and the
    name breaks ties so the order is stable between runs."""
    if by not in SORTS:
        raise ValueError(f"sort by one of {', '.join(SORTS)}, not {by!r}")

    def key(row: PortfolioRow) -> tuple[Any, ...]:
        waiting = row.status == "in_progress"
        if by == "value":
            main: tuple[Any, ...] = _last(row.monthly_net_usd, -1.0)
        elif by == "risk":
            main = _last(None if row.risk_effort_score is None else float(row.risk_effort_score))
        elif by == "payback":
            # Never paying back sorts after any payback, before "not assessed".
            if not row.has_business_case:
                main = (2, 0.0)
            elif row.payback_months is None:
                main = (1, 0.0)
            else:
                main = (0, row.payback_months)
        elif by == "cost":
            main = _last(row.recommended_monthly_usd)
        elif by == "track":
            rank = TRACK_ORDER.index(row.track) if row.track in TRACK_ORDER else len(TRACK_ORDER)
            main = (rank, *_last(row.monthly_net_usd, -1.0))
        else:
            main = ()
        return (waiting, *main, row.title.casefold(), row.session)

    return sorted(rows, key=key)


def filter_rows(
    rows: Iterable[PortfolioRow],
    tracks: Iterable[str] | None = None,
    verdicts: Iterable[str] | None = None,
    include_in_progress: bool = True,
) -> list[PortfolioRow]:
    """The rows on the given tracks and with the given verdicts (``None``: any). A track
    of ``"none"`` selects assessed rows without a track (saved before there was one).
    In-progress rows have neither, so a track or verdict filter leaves them out."""
    track_set = set(tracks) if tracks is not None else None
    verdict_set = set(verdicts) if verdicts is not None else None
    out = []
    for row in rows:
        if row.status == "in_progress":
            if include_in_progress and track_set is None and verdict_set is None:
                out.append(row)
            continue
        if track_set is not None and (row.track or "none") not in track_set:
            continue
        if verdict_set is not None and row.verdict not in verdict_set:
            continue
        out.append(row)
    return out


# --- words and money for screens and reports --------------------------------------------


def portfolio_money(rows: Iterable[PortfolioRow]) -> Money:
    """One currency for the whole portfolio, so figures compare: the one most assessments
    give (dollars when none gives one, or on a tie with dollars)."""
    counts = Counter(row.currency for row in rows if row.currency)
    if not counts:
        return money_for(None)
    best = max(counts.values())
    tied = sorted(code for code, n in counts.items() if n == best)
    return money_for("USD" if "USD" in tied or len(tied) > 1 else tied[0])


def signed(money: Money, usd: float) -> str:
    """An amount that may be negative, the sign before the symbol ("-€1,200")."""
    text = money(abs(usd))
    return f"-{text}" if usd < 0 and money.amount(abs(usd)) >= 0.005 else text


def payback_text(row: PortfolioRow) -> str:
    """'about 3 months', 'about 2 weeks', 'never pays back', or '—' (not assessed)."""
    if not row.has_business_case:
        return NOT_ASSESSED
    months = row.payback_months
    if months is None:
        return "never pays back"
    if months <= 0:
        return "at once"
    if months < 1:
        weeks = max(1, round(months * 52 / 12))
        return f"about {weeks} week{'s' if weeks != 1 else ''}"
    whole = round(months)
    return f"about {whole} month{'s' if whole != 1 else ''}"


@dataclass(frozen=True)
class DisplayRow:
    """A row in words: what a screen's table or a report's table shows."""

    session: str
    title: str
    status: str  # "Assessed" or "In progress"
    verdict: str
    track: str
    track_why: str
    monthly_cost: str
    net_value: str
    payback: str
    top_risk: str
    risk_effort: str
    pilot: str  # the pilot's decision in words, "—" when nothing is logged
    # For charts, in the display currency (None: not placed).
    value: float | None
    risk_effort_score: int | None


def display(row: PortfolioRow, money: Money) -> DisplayRow:
    """``row`` worded for a manager, amounts in ``money``'s currency."""
    if row.status == "in_progress":
        return DisplayRow(
            session=row.session,
            title=row.title,
            status=IN_PROGRESS,
            verdict=IN_PROGRESS,
            track=NOT_ASSESSED,
            track_why="",
            monthly_cost=NOT_ASSESSED,
            net_value=NOT_ASSESSED,
            payback=NOT_ASSESSED,
            top_risk=NOT_ASSESSED,
            risk_effort=NOT_ASSESSED,
            pilot="—",
            value=None,
            risk_effort_score=None,
        )
    net = row.monthly_net_usd
    risk = row.top_risk or "none noted"
    return DisplayRow(
        session=row.session,
        title=row.title,
        status="Assessed",
        verdict=VERDICT_LABELS.get(row.verdict or "", NOT_ASSESSED),
        track=TRACK_LABELS.get(row.track or "", "not assessed"),
        track_why=row.track_why,
        monthly_cost=(
            f"{money(row.recommended_monthly_usd)} a month"
            if row.recommended_monthly_usd is not None
            else NOT_ASSESSED
        ),
        net_value=f"{signed(money, net)} a month" if net is not None else NOT_ASSESSED,
        payback=payback_text(row),
        top_risk=risk,
        risk_effort=(
            f"{row.risk_effort_score} of 100" if row.risk_effort_score is not None else NOT_ASSESSED
        ),
        pilot=DECISION_LABELS.get(row.pilot_decision or "", "—"),
        value=money.amount(net) if net is not None else None,
        risk_effort_score=row.risk_effort_score,
    )


def quadrant(row: PortfolioRow) -> str | None:
    """Where the chart puts the row, in words (``None`` when it is not placed)."""
    if row.monthly_net_usd is None or row.risk_effort_score is None:
        return None
    if row.monthly_net_usd <= 0:
        return "Does not pay yet"
    if row.risk_effort_score < RISK_THRESHOLD:
        return "Try first"
    return "Needs an investment decision"


QUADRANTS = ("Try first", "Needs an investment decision", "Does not pay yet")


def counts_line(rows: Sequence[PortfolioRow]) -> str:
    """'5 assessments: 2 try fast, 1 long-term bet, 1 not now, 1 in progress.'"""
    if not rows:
        return "No assessments yet."
    parts = []
    for track in TRACK_ORDER:
        n = sum(row.track == track for row in rows)
        if n:
            parts.append(f"{n} {TRACK_LABELS[track].lower()}")
    untracked = sum(row.status == "assessed" and row.track is None for row in rows)
    if untracked:
        parts.append(f"{untracked} not placed on a track")
    waiting = sum(row.status == "in_progress" for row in rows)
    if waiting:
        parts.append(f"{waiting} in progress")
    noun = "assessment" if len(rows) == 1 else "assessments"
    return f"{len(rows)} {noun}: " + ", ".join(parts) + "."
