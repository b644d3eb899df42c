"""A scripted chat model for LLM-mode tests: it emits the tool calls and texts it is
given, in order, and records every list of messages it was shown (like simonw/llm's
MockModel). It stands in only for the paid API; the agent, the tools, the engine and the
stores around it are the real ones."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

Step = AIMessage | str | Exception | Callable[[list[BaseMessage]], AIMessage]


def call(name: str, n: int = 0, **args: Any) -> AIMessage:
    """An AI message asking for one tool call."""
    return AIMessage(
        content="", tool_calls=[{"name": name, "args": args, "id": f"call-{name}-{n}"}]
    )


class ScriptedChatModel(BaseChatModel):
    script: list[Any] = Field(default_factory=list)
    seen: list[list[BaseMessage]] = Field(default_factory=list)
    delay_seconds: float = 0.0
    bound_tools: list[str] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:  # type: ignore[override]
        self.bound_tools = [getattr(t, "name", str(t)) for t in tools]
        return self

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.seen.append(list(messages))
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        if not self.script:
            raise RuntimeError("the scripted model has no more replies")
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        if callable(step):
            step = step(messages)
        message = AIMessage(content=step) if isinstance(step, str) else step
        return ChatResult(generations=[ChatGeneration(message=message)])
