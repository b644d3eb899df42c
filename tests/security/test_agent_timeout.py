"""A model turn that runs past ``ADVISOR_LLM_TIMEOUT_SECONDS`` is answered offline and
abandoned for good: it takes no further step after its in-flight call, holds no shared
worker (later turns get the model at once, however many turns timed out before), and
every provider, Ollama included, is given the time-out for its HTTP calls."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

from assistant.conversation.agent import LlmDialogue
from assistant.providers import PROVIDERS, model_options
from assistant.questionnaire import Interview
from tests.fakes import call

HANG_SECONDS = 3.0
TIMEOUT = 0.3


class HangingModel(BaseChatModel):
    """Hangs for HANG_SECONDS on a turn whose message says "hang", then asks for a tool
    (so a turn that is not stopped goes on calling it); answers at once otherwise."""

    calls: list[str] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "hanging"

    def bind_tools(self, tools: Any, **kwargs: Any) -> HangingModel:  # type: ignore[override]
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        hang = any(isinstance(m, HumanMessage) and "hang" in str(m.content) for m in messages)
        self.calls.append("hang" if hang else "fast")
        if hang:
            time.sleep(HANG_SECONDS)
            return ChatResult(generations=[ChatGeneration(message=call("next_question"))])
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content="fine"))])


def _llm_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("advisor-llm") and t.is_alive()]


def test_timed_out_turns_hold_no_worker_and_stop_at_their_next_step(tmp_path: Path) -> None:
    model = HangingModel()
    dialogue = LlmDialogue(
        model,
        lambda query, k: [],
        lambda profile: None,  # type: ignore[arg-type,return-value]
        None,
        lambda profile: None,
        tmp_path / "agent_memory.sqlite",
        TIMEOUT,
    )
    for n in range(6):  # more timed-out turns than the old pool had workers (four)
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            dialogue.handle(f"hung-{n}", Interview(), None, "please hang")
        assert time.monotonic() - started < TIMEOUT + 1.0

    started = time.monotonic()
    turn = dialogue.handle("fresh", Interview(), None, "hello")  # the model is there at once
    assert turn.reply == "fine"
    assert time.monotonic() - started < TIMEOUT + 1.0

    deadline = time.monotonic() + HANG_SECONDS + 10
    while _llm_threads() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _llm_threads() == []  # every abandoned turn's thread has ended
    # and none of them went on to another step after its hung call
    assert model.calls.count("hang") == 6 and model.calls.count("fast") == 1


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_every_provider_gets_the_time_out(provider: str) -> None:
    options = model_options(provider, 12.5)
    given = options.get("timeout") or options.get("client_kwargs", {}).get("timeout")
    assert given == 12.5, options
