"""The words the advice is told in: verdict, approach and severity names, and how money
is written. One place, so the engine, the reports and the chat say the same thing."""

from __future__ import annotations

from collections.abc import Callable

from assistant.advice.money import rounded
from assistant.i18n import N_

VERDICT_LABELS: dict[str, str] = {
    "start_poc": N_("Start a proof of concept"),
    "poc_with_safeguards": N_("Start a proof of concept with safeguards"),
    "not_recommended": N_("Not recommended as described"),
}
APPROACH_NAMES: dict[str, str] = {
    "hosted_api": N_("a hosted model API"),
    "private_cloud_endpoint": N_("a private cloud endpoint"),
    "self_hosted_open_weights": N_("self-hosted open-weight models"),
    "small_fine_tuned_model": N_("a small fine-tuned model"),
    "non_generative": N_("a non-generative (classical) model"),
}
TRACK_LABELS: dict[str, str] = {
    "try_fast": N_("Try fast"),
    "long_term_bet": N_("Long-term bet"),
    "not_now": N_("Not now"),
}
# A pilot's scale / iterate / stop decision, as the pilot panel, the CLI and the portfolio
# name it.
DECISION_LABELS: dict[str, str] = {
    "scale": N_("Scale"),
    "iterate": N_("Iterate"),
    "stop": N_("Stop"),
    "need_more_data": N_("Need more data"),
}
SEVERITY_LABELS: dict[str, str] = {
    "blocker": N_("BLOCKER"),
    "high": N_("High"),
    "medium": N_("Medium"),
    "low": N_("Low"),
}
# The severities as a risk's heading opens ("Blocker: …"), for the catalogue.
SEVERITY_TITLES: tuple[str, ...] = (N_("Blocker"), N_("High"), N_("Medium"), N_("Low"))


def usd(value: float) -> str:
    """Dollars as a manager reads them: cents below $100, whole dollars above."""
    return f"${value:,.0f}" if value >= 100 else f"${value:,.2f}"


def article(number: int) -> str:
    """'a 6', 'an 8', 'an 11', 'an 18': the article English reads before a number."""
    spoken = str(number)
    return f"an {spoken}" if spoken.startswith("8") or number in (11, 18) else f"a {spoken}"


def week_range(start: int, end: int) -> str:
    """'Week 2' for a range that starts and ends in the same week, else 'Weeks 2-5'."""
    return f"Week {start}" if end <= start else f"Weeks {start}-{end}"


def about_usd(value: float) -> str:
    """A dollar figure as a consultant says it: two significant figures from a dollar up
    ($5,717 -> $5,700, $4.37 -> $4.40), whole cents down to a cent ($0.0817 -> $0.08), one
    significant figure below a cent ($0.0067 -> $0.007)."""
    magnitude = abs(value)
    if magnitude >= 10:
        return f"${rounded(value):,.0f}"
    if magnitude >= 1:
        return f"${round(value, 1):.2f}"
    if magnitude >= 0.01 or magnitude == 0:
        return f"${value:.2f}"
    digits = 0
    while magnitude * 10**digits < 1:
        digits += 1
    return f"${value:.{digits}f}"


def about_count(number: float) -> str:
    """A count as a consultant says it: two significant figures (249,095 -> 250,000;
    4,483,969 -> 4.5 million)."""
    value = rounded(number)
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:,.1f}".removesuffix(".0") + " million"
    return f"{value:,.0f}"


def signed(shown: Callable[[float], str], value: float) -> str:
    """A net figure with its sign in front of the currency: "-$1,200", not "$-1,200"."""
    return f"-{shown(-value)}" if value < 0 else shown(value)


def months_words(value: object) -> str:
    """A payback period: "never", "under a month", "about 1 month", "about 5 months"."""
    if not isinstance(value, int | float):
        return "never"
    if value < 1:
        return "under a month"
    return f"about {value:.0f} month{'s' if round(value) != 1 else ''}"
