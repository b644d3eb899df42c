"""A portfolio of saved assessments for the portfolio tests: real recommendations from the
engine, with the business case and track set by hand (so the figures are known), one
assessment saved before there was a business case and one still in its interview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.schemas import BusinessCase, Profile, Recommendation, Track
from tests.unit.test_engine import engine

BASE = {
    "monthly_requests": 60_000,
    "input_tokens": 1300,
    "output_tokens": 200,
    "human_review": "sampled",
    "timeline_weeks": 8,
}


def recommend(**fields: Any) -> Recommendation:
    return engine().recommend(Profile.model_validate({**BASE, **fields}))


def business_case(
    net: float, payback: float | None, build: float = 20_000.0, conservative_net: float = 0.0
) -> BusinessCase:
    """A business case with these expected figures (and plausible parts around them)."""

    def cases(conservative: float | None, expected: float | None) -> dict[str, Any]:
        return {"conservative": conservative, "expected": expected}

    return BusinessCase.model_validate(
        {
            "monthly_benefit_usd": cases(net + 500, net + 1000),
            "monthly_net_usd": cases(conservative_net or net / 2, net),
            "payback_months": cases(None if payback is None else payback * 2, payback),
            "roi_12_months": cases(0.5, 2.0),
            "sensitivity": "pays off as long as the model saves at least 3 minutes per item",
            "assumptions": {"time_saved_pct": "30 (default for summarization)"},
            "monthly_running_usd": cases(600.0, 500.0),
            "monthly_review_usd": cases(200.0, 100.0),
            "build_cost_usd": cases(build * 1.5, build),
            "items_per_month": 60_000,
        }
    )


def with_case(
    rec: Recommendation, case: BusinessCase | None, track: str | None, why: str = ""
) -> Recommendation:
    return rec.model_copy(
        update={
            "business_case": case,
            "track": Track.model_validate({"id": track, "why": why}) if track else None,
        }
    )


TICKETS = "Ticket summaries for team leads"
CLAIMS = "Claims triage for adjusters"
SUPPLIER = "Supplier email drafts"
OLD = "Product page translation"
CONTRACTS = "Contract clause search"


def sample_records() -> list[dict[str, Any]]:
    """Five assessments as the session store keeps them (id, title, interview,
    recommendation), in the store's order."""
    tickets = with_case(
        recommend(use_case="Summarise support tickets", task_type="summarization"),
        business_case(1700.0, 3.1),
        "try_fast",
        "Summarising with spot checks, inside the budget: pays back in about 3 months.",
    )
    claims = with_case(
        recommend(
            use_case="Decide small insurance claims automatically",
            task_type="decision_automation",
            data_sensitivity="personal",
            human_review="none",
        ),
        business_case(9000.0, 14.0, build=400_000.0),
        "long_term_bet",
        "Large value, but automated decisions on personal data need an investment decision.",
    )
    supplier = with_case(
        recommend(use_case="Draft replies to supplier emails", task_type="drafting"),
        business_case(-300.0, None),
        "not_now",
        "Loses money even in the expected case: it would need three times the volume.",
    )
    old = with_case(
        recommend(use_case="Translate product pages", task_type="translation"), None, None
    )

    def record(
        sid: str, title: str, rec: Recommendation | None, answers: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "id": sid,
            "title": title,
            "updated_at": "2026-12-01T09:00:00.000+00:00",
            "interview": {"answers": answers, "assumed": {}},
            "recommendation": rec.model_dump(mode="json") if rec is not None else None,
        }

    return [
        record("tick3ts", TICKETS, tickets, {"currency": "EUR", "team_skill": "some"}),
        record("cla1ms", CLAIMS, claims, {"currency": "EUR", "team_skill": "none"}),
        record("suppl1er", SUPPLIER, supplier, {}),
        record("oldtrans", OLD, old, {"build_cost_usd": 10_000}),
        record("contr4cts", CONTRACTS, None, {"use_case": "Find clauses in contracts"}),
    ]


def seed(data_dir: Path) -> list[dict[str, Any]]:
    """The sample assessments saved in ``data_dir``'s sessions database."""
    from assistant.conversation.store import SessionStore

    store = SessionStore(data_dir / "sessions.sqlite")
    records = sample_records()
    for item in records:
        store.create(item["interview"], title=item["title"], session_id=item["id"])
        store.save_turn(
            item["id"],
            [("assistant", "Saved for the portfolio tests.", {})],
            item["interview"],
            item["recommendation"],
        )
    return records
