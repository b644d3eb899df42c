"""The words the advice is told in: verdict, approach and severity names, and how money
is written. One place, so the engine, the reports and the chat say the same thing."""

from __future__ import annotations

VERDICT_LABELS: dict[str, str] = {
    "start_poc": "Start a proof of concept",
    "poc_with_safeguards": "Start a proof of concept with safeguards",
    "not_recommended": "Not recommended as described",
}
APPROACH_NAMES: dict[str, str] = {
    "hosted_api": "a hosted model API",
    "private_cloud_endpoint": "a private cloud endpoint",
    "self_hosted_open_weights": "self-hosted open-weight models",
    "small_fine_tuned_model": "a small fine-tuned model",
    "non_generative": "a non-generative (classical) model",
}
SEVERITY_LABELS: dict[str, str] = {
    "blocker": "BLOCKER",
    "high": "High",
    "medium": "Medium",
    "low": "Low",
}


def usd(value: float) -> str:
    """Dollars as a manager reads them: cents below $100, whole dollars above."""
    return f"${value:,.0f}" if value >= 100 else f"${value:,.2f}"


def article(number: int) -> str:
    """'a 6', 'an 8', 'an 11', 'an 18': the article English reads before a number."""
    spoken = str(number)
    return f"an {spoken}" if spoken.startswith("8") or number in (11, 18) else f"a {spoken}"
