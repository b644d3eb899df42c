"""LLM mode over the real provider path: ``ADVISOR_LLM=openai:<model>`` with
``OPENAI_BASE_URL`` pointing at an OpenAI-compatible server. The app's own
``build_advisor`` picks the model (``init_chat_model`` → ``langchain-openai``), which
talks HTTP to a scripted stand-in server; the agent, its tools, the engine and the stores
are the real ones. The script plays a small local model: a tool call written as bare JSON
text, an empty final reply, a range to confirm, then a provider failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.kb.store import forget_client
from assistant.wiring import build_advisor
from tests.conftest import KNOWLEDGE
from tests.openai_stub import Status, Tools, stub_server

pytestmark = pytest.mark.integration

OPENER = (
    "We want to summarise customer call transcripts for our team leads, about 2,000 "
    "calls a day, and only our own staff would read the summaries. A wrong one? Purple."
)


def bare_json(name: str, **arguments: object) -> str:
    """A tool call as a small model often writes it: JSON text, no real call."""
    return json.dumps({"name": name, "arguments": arguments})


def test_an_openai_compatible_server_drives_the_interview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = [
        # turn 1: facts recorded at once (one value rejected), as bare JSON; empty reply
        bare_json(
            "record_answers",
            answers={
                "use_case": "Summarise customer call transcripts for team leads",
                "monthly_requests": "about 2,000 calls a day",
                "audience": "only our own staff",
                "error_impact": "purple",
                "human_review": "every_output",  # the manager never said this
            },
        ),
        "",
        # turn 2: a range is not stored until the manager confirms it
        Tools([("record_answers", {"answers": {"monthly_budget_usd": "2k to 4k a month"}})]),
        "Is a budget of about $3,000 a month right?",
        # turn 3: the manager confirms; the model passes the field at the top level
        Tools([("record_answers", {"monthly_budget_usd": "yes"})]),
        "Thanks. Which kind of task is it: summarisation, drafting, or another?",
        # turn 4: the provider fails (the client retries once): the offline answer
        Status(503),
        Status(503),
    ]
    with stub_server(script) as stub:
        monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "any-key")
        settings = Settings(
            data_dir=tmp_path / "data", knowledge_dir=KNOWLEDGE, llm="openai:local-model"
        )
        advisor = build_advisor(settings)
        conv = advisor.conversation
        assert conv.mode == "llm"
        session = conv.start().session

        first = conv.respond(session, OPENER)
        answers = conv.profile_fields(session)["answers"]
        assert answers["use_case"] == "Summarise customer call transcripts for team leads"
        assert answers["monthly_requests"] == 2000 * 30
        assert answers["audience"] == "internal"
        assert "error_impact" not in answers
        # the rejected value came back to the model with what is accepted
        (result,) = stub.tool_messages()
        rejected = [r for r in json.loads(result)["results"] if r["status"] == "rejected"]
        assert [r["field"] for r in rejected] == ["error_impact", "human_review"]
        assert rejected[0]["accepted"] == "one of: low, moderate, high, critical"
        assert "has not said this" in rejected[1]["why"]
        assert "human_review" not in answers
        # the empty final reply was replaced by one built from the tool results
        assert first.notice is None and first.mode == "llm"
        assert "60,000" in first.reply and first.question is not None
        assert first.question.prompt in first.reply

        second = conv.respond(session, "somewhere between 2k and 4k a month")
        assert "monthly_budget_usd" not in conv.profile_fields(session)["answers"]
        assert second.question is not None and second.question.field == "monthly_budget_usd"
        assert "3,000" in second.reply  # the model's question, as the model wrote it

        conv.respond(session, "yes")
        profile = conv.state(session).profile
        assert profile["monthly_budget_usd"] == {"value": 3000.0, "source": "confirmed"}

        failed = conv.respond(session, "summarization")
        assert failed.notice is not None and "offline answer" in failed.notice
        assert conv.profile_fields(session)["answers"]["task_type"] == "summarization"
        history = conv.history(session)
        assert history[-2]["content"] == "summarization"

    # what went over the wire: the configured model and key, the tools, the memory
    assert {r["model"] for r in stub.requests} == {"local-model"}
    assert stub.headers[0]["authorization"] == "Bearer any-key"
    assert [t["function"]["name"] for t in stub.requests[0]["tools"]] == [
        "next_question",
        "record_answers",
        "search_knowledge",
        "estimate_cost",
        "get_recommendation",
    ]
    third_turn = stub.requests[4]["messages"]
    assert any(
        "<user_message>" in str(m.get("content")) and OPENER in str(m.get("content"))
        for m in third_turn
    )
    # the reply built for the empty turn is what the model sees it said
    assert any(m["role"] == "assistant" and "60,000" in str(m.get("content")) for m in third_turn)
    forget_client(settings)


def test_the_model_s_words_stream_to_the_caller_as_they_arrive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reply = "Noted: about 60,000 calls a month. Who reads the summaries: staff or customers?"
    script = [
        # a tool call written as JSON text (streamed like any text), then the reply
        bare_json("record_answers", answers={"monthly_requests": "about 2,000 calls a day"}),
        reply,
    ]
    with stub_server(script) as stub:
        monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "any-key")
        settings = Settings(
            data_dir=tmp_path / "data", knowledge_dir=KNOWLEDGE, llm="openai:local-model"
        )
        conv = build_advisor(settings).conversation
        session = conv.start().session
        seen: list[str] = []
        turn = conv.respond(session, "about 2,000 calls a day", on_text=seen.append)

    assert all(r["stream"] is True for r in stub.requests)  # the model was asked to stream
    assert turn.reply == reply and turn.notice is None
    assert conv.profile_fields(session)["answers"]["monthly_requests"] == 60000
    # word by word, each update the reply so far; the JSON tool call was never shown
    assert len(seen) >= 10 and seen[-1] == reply
    assert all(reply.startswith(text) for text in seen)
    assert all("{" not in text and "record_answers" not in text for text in seen)
    forget_client(settings)
