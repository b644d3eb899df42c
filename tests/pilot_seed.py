"""Assessments with a finished recommendation, stored as the app stores them, for the pilot
tests (no interview to drive, no embedding model)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.conversation.store import SessionStore
from assistant.questionnaire import Interview
from assistant.schemas import Profile, Recommendation
from tests.unit.test_engine import engine

DRAFTING: dict[str, Any] = dict(
    use_case="Draft replies to customer emails for the support team",
    task_type="drafting",
    audience="internal",
    monthly_requests=20000,
    input_tokens=800,
    output_tokens=300,
    latency="interactive",
    error_impact="moderate",
    human_review="sampled",
    data_sensitivity="internal",
    deployment="any",
    monthly_budget_usd=3000,
    team_skill="some",
    labeled_examples=0,
    commercial_product=False,
    eu_users=False,
    timeline_weeks=6,
)
SUMMARIES: dict[str, Any] = {
    **DRAFTING,
    "use_case": "Summarise internal project meeting notes",
    "task_type": "summarization",
}


def profile(**fields: Any) -> Profile:
    # Only the fields this version of the profile knows (the value side is newer).
    return Profile(**{k: v for k, v in fields.items() if k in Profile.model_fields})


def recommendation(fields: dict[str, Any] = DRAFTING) -> Recommendation:
    return engine().recommend(profile(**fields))


def seed(
    db: Path,
    session_id: str = "pilot-test",
    fields: dict[str, Any] = DRAFTING,
    owner: str = "local",
    lang: str | None = None,
) -> str:
    """A session whose interview is complete and whose recommendation is saved (in
    ``lang``, the assessment's language, when given)."""
    chosen = profile(**fields)
    interview = Interview.from_profile(chosen)
    interview.lang = lang
    while interview.next_question() is not None:  # questions this profile leaves open
        interview.answer("skip")
    rec = engine().recommend(interview.to_profile())
    store = SessionStore(db)
    store.create(interview.model_dump(mode="json"), session_id=session_id, owner=owner)
    store.save_turn(
        session_id,
        [("assistant", "Here is my recommendation.", {})],
        interview.model_dump(mode="json"),
        rec.model_dump(mode="json"),
    )
    return session_id
