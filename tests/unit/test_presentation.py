"""The one presentation of a recommendation: plain labels from the questionnaire, money in
the manager's currency, titles instead of ids, an executive summary; and the short chat
text that points to the card."""

from __future__ import annotations

import functools
import re
from datetime import date

from assistant.advice.money import Money
from assistant.advice.presentation import (
    CitedDocument,
    chat_text,
    choice_label,
    present,
    value_label,
)
from assistant.advice.prices import load_price_book
from assistant.advice.recommend import Engine
from assistant.kb.documents import load_documents
from assistant.questionnaire import QUESTIONS
from assistant.schemas import Profile, Recommendation, SourceRef
from tests.conftest import KNOWLEDGE

PROFILE = {
    "use_case": "Summarise customer support tickets so team leads can spot recurring complaints",
    "task_type": "summarization",
    "monthly_requests": 60_000,
    "input_tokens": 1300,
    "output_tokens": 200,
    "human_review": "sampled",
    "data_sensitivity": "special_category",
    "monthly_budget_usd": 3000,
    "timeline_weeks": 8,
}
# Engine codes that must never reach a screen or a report.
CODES = re.compile(
    r"\b(every_output|special_category|search_qa|hosted_api|self_hosted_open_weights|"
    r"private_cloud|on_premises|start_poc|poc_with_safeguards|monthly_budget_usd|"
    r"task_type|data_sensitivity)\b|knowledge/|\.md\b"
)


@functools.cache
def engine() -> Engine:
    catalog = {
        d.id: SourceRef(doc_id=d.id, title=d.meta.title, path=d.path)
        for d in load_documents(KNOWLEDGE)
    }
    return Engine(prices=load_price_book(None), catalog=catalog)


def recommend(**changes: object) -> tuple[Recommendation, Profile]:
    profile = Profile.model_validate({**PROFILE, **changes})
    return engine().recommend(profile), profile


def everything_shown(view: object) -> str:
    """The display data as text, less the two codes kept for colours only."""
    return re.sub(r"\b(verdict_code|severity)='[a-z_]+'", "", repr(view))


def test_labels_come_from_the_questionnaires_choices() -> None:
    for question in QUESTIONS:
        for choice in question.choices:
            assert choice_label(question.field, choice.value) == choice.label
    assert value_label("human_review", "every_output", Money()) == "Every output is checked"
    assert value_label("eu_users", True, Money()) == "Yes"
    assert value_label("input_tokens", 1300, Money()) == "about 2 pages (1,300 tokens)"


def test_no_codes_ids_or_paths_in_the_display_data() -> None:
    rec, profile = recommend()
    view = present(rec, profile, today=date(2026, 12, 1))
    shown = everything_shown(
        (view.summary, view.inputs, view.costs, view.risks, view.plan, view.talking_points)
    )
    assert not CODES.search(shown), CODES.search(shown)
    assert all(not s.title.startswith("knowledge/") for s in view.sources)
    assert view.file_stem == (
        "Summarise customer support tickets so team leads can - adoption advice 2026-12-01"
    )


def test_money_in_the_managers_currency_with_the_rate_noted() -> None:
    rec, profile = recommend(currency="EUR")
    view = present(rec, profile)
    assert view.summary.monthly_cost.value.startswith("about €")
    assert all(c.amount.startswith("€") for c in view.costs)
    assert "$" not in view.overview + "".join(view.talking_points) + "".join(
        c.detail for c in view.costs
    )
    assert any("ECB rate of" in note for note in view.notes)
    in_dollars = present(rec, profile.model_copy(update={"currency": None}))
    assert in_dollars.summary.monthly_cost.value.startswith("about $")


def test_the_executive_summary() -> None:
    rec, profile = recommend()
    s = present(rec, profile).summary
    assert s.verdict and s.approach and s.monthly_cost.explanation
    assert 1 <= len(s.top_risks) <= 3 and 1 <= len(s.decisions) <= 4
    assert len(s.next_actions) == 3 and all(a.owner and a.when for a in s.next_actions)


def test_assumed_inputs_say_why() -> None:
    rec, profile = recommend()
    view = present(rec, profile)
    assumed = {line.label: line.explanation for line in view.assumed}
    assert assumed and all(reason.startswith("Assumed: ") for reason in assumed.values())


def test_cited_passages_name_documents_by_title() -> None:
    rec, profile = recommend()
    first = rec.sources[0]
    other = rec.sources[1].doc_id
    documents = {
        first.doc_id: CitedDocument(
            doc_id=first.doc_id, title="A title", passage=f"See {other} for more."
        )
    }
    view = present(rec, profile, documents=documents)
    assert view.sources[0].title == "A title"
    assert other not in view.sources[0].passage and rec.sources[1].title in view.sources[0].passage


def test_the_chat_text_is_short_and_points_to_the_card() -> None:
    rec, profile = recommend(currency="EUR")
    text = chat_text(present(rec, profile))
    assert "card" in text and "€" in text and len(text) < 600
    assert "Talking points" not in text and "$" not in text
