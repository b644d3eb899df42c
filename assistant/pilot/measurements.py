"""What a team logs from its pilot, and the checks that keep bad figures out.

A measurement is one figure for one KPI over one period: the value, the baseline where
there is one, the number of items it was measured on (``n``), the period ("week 3") and a
note. The KPI is one of the assessment's PoC plan (matched by name, case-insensitively) or
a new one the team tracks too.

How values are read, for a KPI measured as a percentage (a unit starting with ``%``):

- ``62%`` and ``0.62`` are the same share; a bare number above 1 (``62``) is read as
  percent too. A bare ``1`` is refused as ambiguous (1% or 100%?): write ``1%`` or
  ``100%``. A share is 0-100%; a change ("% less time") may be negative (slower) and up to
  1000%.
- Shares and changes are held, and printed in JSON, as fractions (0.62), with the plan's
  target converted the same way (70 -> 0.7), so value, target and interval compare.

Every other KPI takes a plain finite number (a cost per task in USD is not negative). ``n``
is a whole number of items from 1 to 1,000,000,000. Every refusal is a
:class:`PilotInputError` with one line naming the field and what it accepts.
"""

from __future__ import annotations

import difflib
import math
import re
from typing import Literal

from pydantic import BaseModel

from assistant.schemas import Kpi

KpiKind = Literal["share", "change", "number"]

MAX_N = 1_000_000_000
MAX_NAME_CHARS = 80
MAX_TEXT_CHARS = 200
MAX_NUMBER = 1e12
MAX_CHANGE = 10.0  # +1000%: a tenfold improvement is the most a pilot plausibly shows
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NUMBER = re.compile(r"^\s*([+-]?(?:\d[\d,]*(?:\.\d+)?|\.\d+))\s*(%|percent|per cent)?\s*$", re.I)


class PilotInputError(ValueError):
    """A figure that cannot be logged; the message is one line for the user."""


class Measurement(BaseModel):
    """One logged figure. ``spent_usd`` is set when the figure is a cost per task worked
    out from what the pilot cost and how many requests it served."""

    id: int | None = None
    kpi: str
    value: float
    baseline: float | None = None
    n: int | None = None
    period: str | None = None
    note: str | None = None
    spent_usd: float | None = None
    logged_at: str = ""


def kind_of(kpi: Kpi | None, value_text: str = "") -> KpiKind:
    """How a KPI is measured: a share of items (has an interval), a relative change
    ("% less time"), or a plain number (a cost per task). A new KPI is a share when its
    value is given with a percent sign."""
    unit = (kpi.unit or "").strip().lower() if kpi else ""
    if kpi is None:
        return "share" if value_text.strip().endswith("%") else "number"
    if unit.startswith("%"):
        return "change" if re.search(r"\b(less|more|faster|lower|higher)\b", unit) else "share"
    return "number"


def is_cost_kpi(kpi: Kpi) -> bool:
    return "usd" in (kpi.unit or "").lower() or "cost" in kpi.name.lower()


def target_of(kpi: Kpi | None) -> float | None:
    """The plan's target on the scale measurements are held in (fractions for percents)."""
    if kpi is None or kpi.target_value is None:
        return None
    return kpi.target_value / 100 if kind_of(kpi) != "number" else kpi.target_value


def _normal(name: str) -> str:
    return " ".join(name.lower().split())


def find_kpi(name: str, kpis: list[Kpi]) -> Kpi | None:
    """The plan's KPI called ``name`` (case and spacing ignored, or the start of exactly one
    name: "drafts accepted"), ``None`` for a new KPI. A near-miss of a plan name ("drafts
    acepted") is refused, naming the plan's KPIs, rather than started as a new one."""
    wanted = _normal(name)
    if not wanted:
        raise PilotInputError(kpi_help("the KPI name is empty", kpis))
    if len(wanted) > MAX_NAME_CHARS or _CONTROL.search(name):
        raise PilotInputError(f"the KPI name must be 1-{MAX_NAME_CHARS} characters of plain text")
    by_name = {_normal(k.name): k for k in kpis}
    if wanted in by_name:
        return by_name[wanted]
    starts = [k for key, k in by_name.items() if key.startswith(wanted) and len(wanted) >= 4]
    if len(starts) == 1:
        return starts[0]
    close = difflib.get_close_matches(wanted, list(by_name), n=1, cutoff=0.85)
    if close:
        raise PilotInputError(
            kpi_help(
                f"KPI {name.strip()!r} is not in the plan; did you mean "
                f"{by_name[close[0]].name!r}?",
                kpis,
            )
        )
    return None


def kpi_help(lead: str, kpis: list[Kpi]) -> str:
    names = ", ".join(repr(k.name) for k in kpis)
    return f"{lead} (the plan's KPIs: {names}; any other name starts a new KPI)"


def _number(text: str | float, field: str, accepted: str) -> tuple[float, bool]:
    """A finite number and whether it carried a percent sign."""
    if isinstance(text, bool):
        raise PilotInputError(f"{field} takes {accepted}, not {text!r}")
    if isinstance(text, int | float):
        number, percent = float(text), False
    else:
        match = _NUMBER.match(text)
        if not match:
            raise PilotInputError(f"{field} takes {accepted}, not {text.strip()[:40]!r}")
        number, percent = float(match.group(1).replace(",", "")), bool(match.group(2))
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise PilotInputError(f"{field} takes {accepted}, not {text!r}")
    return number, percent


def parse_value(text: str | float, kind: KpiKind, field: str = "--value") -> float:
    """A value (or baseline) on the KPI's scale: fractions for shares and changes."""
    if kind == "number":
        number, percent = _number(text, field, "a number")
        if percent:
            raise PilotInputError(f"{field} takes a plain number for this KPI, not a percentage")
        return number
    accepted = (
        "a share from 0 to 100%: 62%, 0.62 or 62"
        if kind == "share"
        else "a change from -100% to 1000%: 18%, 0.18 or 18 (negative if it got worse)"
    )
    number, percent = _number(text, field, accepted)
    if not percent and abs(number) == 1:
        raise PilotInputError(f"{field} {text!r} is ambiguous: write 1% or 100%")
    fraction = number / 100 if percent or abs(number) > 1 else number
    low, high = (0.0, 1.0) if kind == "share" else (-1.0, MAX_CHANGE)
    if not low <= fraction <= high:
        raise PilotInputError(f"{field} takes {accepted}, not {text!r}")
    return fraction


def parse_n(text: str | int | None, field: str = "--n") -> int | None:
    """The number of items measured: a whole number from 1 to 1,000,000,000, or none."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    accepted = f"a whole number of items from 1 to {MAX_N:,}"
    if isinstance(text, bool):
        raise PilotInputError(f"{field} takes {accepted}, not {text!r}")
    if isinstance(text, int):
        n = text
    else:
        cleaned = text.strip().replace(",", "").replace("_", "")
        if not re.fullmatch(r"[+-]?\d+", cleaned):
            raise PilotInputError(f"{field} takes {accepted}, not {text.strip()[:40]!r}")
        n = int(cleaned)
    if not 1 <= n <= MAX_N:
        raise PilotInputError(f"{field} takes {accepted}, not {n}")
    return n


def clean_text(text: str | None, field: str) -> str | None:
    if text is None or not text.strip():
        return None
    if _CONTROL.search(text) or len(text) > MAX_TEXT_CHARS:
        raise PilotInputError(f"{field} takes up to {MAX_TEXT_CHARS} characters of plain text")
    return " ".join(text.split())


def build_measurement(
    kpis: list[Kpi],
    kpi: str,
    value: str | float,
    baseline: str | float | None = None,
    n: str | int | None = None,
    period: str | None = None,
    note: str | None = None,
) -> Measurement:
    """A checked measurement, named as the plan names its KPI; raises PilotInputError."""
    planned = find_kpi(kpi, kpis)
    kind = kind_of(planned, value if isinstance(value, str) else "")
    number = parse_value(value, kind)
    base = None
    if baseline is not None and not (isinstance(baseline, str) and not baseline.strip()):
        base = parse_value(baseline, kind, "--baseline")
    if planned is not None and is_cost_kpi(planned) and number < 0:
        raise PilotInputError("--value takes a cost per task of 0 USD or more")
    return Measurement(
        kpi=planned.name if planned else " ".join(kpi.split()),
        value=number,
        baseline=base,
        n=parse_n(n),
        period=clean_text(period, "--period"),
        note=clean_text(note, "--note"),
    )


def cost_measurement(
    kpis: list[Kpi], spent_usd: str | float, requests: str | int, period: str | None = None
) -> Measurement:
    """What the pilot cost and how many requests it served, as a cost per task."""
    spent, percent = _number(spent_usd, "--usd", "an amount in USD of 0 or more")
    if percent or spent < 0:
        raise PilotInputError("--usd takes an amount in USD of 0 or more")
    n = parse_n(requests, "--requests")
    if n is None:
        raise PilotInputError(f"--requests takes a whole number of requests from 1 to {MAX_N:,}")
    planned = next((k for k in kpis if is_cost_kpi(k) and k.target_value is not None), None)
    return Measurement(
        kpi=planned.name if planned else "Cost per task",
        value=spent / n,
        n=n,
        period=clean_text(period, "--period"),
        spent_usd=spent,
    )
