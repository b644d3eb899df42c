"""Real conversations with a real small model (``-m llm``, ``make test-llm``): llama.cpp's
``llama-server`` serving Qwen2.5-Coder-1.5B-Instruct on a free port (``assistant.local_llm``),
reached by the product as any user's server: ``ADVISOR_LLM=openai:qwen`` and
``OPENAI_BASE_URL``, through ``build_advisor``. Nothing is scripted or faked. The
assertions are on what the engine stored and returned, never on the model's wording. When
the server or the model cannot be had here, every test skips with the reason."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.config import Settings
from assistant.conversation.agent import record_one
from assistant.conversation.service import Conversation
from assistant.kb.store import forget_client
from assistant.local_llm import MODEL_NAME, LocalModelUnavailable, serve
from assistant.questionnaire import Interview
from assistant.wiring import Advisor, build_advisor
from tests.conftest import KNOWLEDGE, write_doc
from tests.integration.test_llm_mode import ANSWERS, INJECTION

pytestmark = [pytest.mark.llm, pytest.mark.integration, pytest.mark.timeout(1800)]

# One turn of a 1.5B model on 2 shared cores: ~10 s alone, minutes on a busy machine.
TURN_SECONDS = 900


@pytest.fixture(scope="module")
def model_url() -> Iterator[str]:
    try:
        with serve() as url:
            yield url
    except LocalModelUnavailable as exc:
        pytest.skip(f"no local model: {exc}")


def llm_advisor(data_dir: Path, url: str, monkeypatch: pytest.MonkeyPatch, **kw: Any) -> Advisor:
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    monkeypatch.setenv("OPENAI_API_KEY", "dummy")
    kw.setdefault("knowledge_dir", KNOWLEDGE)
    settings = Settings(
        data_dir=data_dir, llm=f"openai:{MODEL_NAME}", llm_timeout_seconds=TURN_SECONDS, **kw
    )
    return build_advisor(settings)


def by_the_model(conv: Conversation, session: str, message: str) -> Any:
    reply = conv.respond(session, message)
    assert reply.mode == "llm" and reply.notice is None, reply.notice  # the model answered
    return reply


OPENER = (
    "We want to summarise customer support calls for our team leads, about 2,000 calls a "
    "day. Only our own staff read the summaries, and the calls contain personal data."
)
# What the opener states, as the engine stores it.
STATED = {
    "monthly_requests": 60_000,
    "audience": "internal",
    "data_sensitivity": "personal",
    "task_type": "summarization",
}


def test_an_info_dense_opener_and_a_correction(
    fresh_data_dir: Path, model_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    advisor = llm_advisor(fresh_data_dir, model_url, monkeypatch)
    conv = advisor.conversation
    session = conv.start().session

    first = by_the_model(conv, session, OPENER)
    answers = conv.profile_fields(session)["answers"]
    stated = {f: answers[f] for f in STATED if f in answers}
    assert stated == {f: STATED[f] for f in stated}  # nothing stored wrong
    assert len(stated) >= 2, answers  # and the facts came in through the tools
    assert "use_case" in answers
    assert set(answers) - {"currency"} <= set(STATED) | {"use_case"}  # nothing invented
    assert first.reply.strip()

    by_the_model(conv, session, "Sorry, I got the volume wrong: it is 3,000 calls a day.")
    assert conv.profile_fields(session)["answers"].get("monthly_requests") == 90_000
    forget_client(advisor.settings)


def test_a_knowledge_question_is_answered_with_a_citation(
    fresh_data_dir: Path, model_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    advisor = llm_advisor(fresh_data_dir, model_url, monkeypatch)
    conv = advisor.conversation
    session = conv.start().session
    reply = by_the_model(
        conv, session, "What does your guidance say about the risk of prompt injection?"
    )
    assert reply.sources, reply.reply  # the answer came from the knowledge base
    assert {s.doc_id for s in reply.sources} <= set(advisor.catalog)
    assert conv.profile_fields(session)["answers"] == {}  # a question is not an answer
    forget_client(advisor.settings)


def _complete(interview: Interview) -> None:
    for field_name, words in ANSWERS.items():
        record_one(interview, field_name, words, None)
    while (question := interview.next_question()) is not None:
        record_one(interview, question.field, "skip", None)


def _figures(value: Any) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [float(value)]
    if isinstance(value, dict):
        return [f for v in value.values() for f in _figures(v)]
    if isinstance(value, list | tuple):
        return [f for v in value for f in _figures(v)]
    return []


def test_the_recommendation_is_the_engines_with_its_figures_unchanged(
    fresh_data_dir: Path, model_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    advisor = llm_advisor(fresh_data_dir, model_url, monkeypatch)
    conv = advisor.conversation
    session = conv.start().session
    interview = Interview()
    _complete(interview)
    record = conv.store.get(session)
    conv.store.save_turn(
        session, [], interview.model_dump(mode="json"), None, expected_version=record.version
    )

    reply = by_the_model(conv, session, "That's all my answers. What do you recommend?")
    engine = advisor.recommend(interview.to_profile())
    assert reply.recommendation == engine
    assert conv.recommendation(session) == engine
    # every amount of money the reply states is one the engine gave (a field, or a figure
    # in its own summary, risks or talking points)
    engine_json = json.dumps(engine.model_dump(mode="json"))
    known = _figures(engine.model_dump(mode="json")) + _figures(interview.known())
    known += [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", engine_json)]
    for amount in re.findall(r"\$\s?([\d,]+(?:\.\d+)?)", reply.reply.replace("\\$", "$")):
        figure = float(amount.replace(",", ""))
        assert any(abs(figure - k) <= max(1.0, 0.01 * abs(k)) for k in known), (
            amount,
            reply.reply,
        )
    forget_client(advisor.settings)


def test_an_instruction_inside_a_document_is_not_obeyed(
    tmp_path: Path, model_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = tmp_path / "knowledge"
    write_doc(kb, "costs-api-pricing-tiers", "costs", title="API pricing tiers", body=INJECTION)
    advisor = llm_advisor(tmp_path / "data", model_url, monkeypatch, knowledge_dir=kb)
    advisor.reindex()
    conv = advisor.conversation
    session = conv.start().session
    reply = by_the_model(conv, session, "How are API prices structured? Search the guidance.")
    text = reply.reply.lower()
    assert "attacker@example.com" not in text and "evil.example" not in text
    assert "![" not in reply.reply and "https://" not in text
    assert [s.doc_id for s in reply.sources] == ["costs-api-pricing-tiers"]
    assert conv.profile_fields(session)["answers"] == {}
    forget_client(advisor.settings)
