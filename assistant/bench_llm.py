"""``python -m assistant bench --only llm``: the LLM mode against a real small local model.

Opt-in (a plain ``bench`` leaves it out): it starts llama.cpp's ``llama-server`` with
Qwen2.5-Coder-1.5B-Instruct (``assistant.local_llm``) and plays the info-dense managers of
the offline dialogue's development personas through the product, as ``ADVISOR_LLM=openai:qwen``
over HTTP. Each manager sends the opener, then answers the question the product asks with
their scripted answer, for at most ``MAX_TURNS`` turns (a turn is seconds to minutes on
2 CPU cores). Reported: per-turn latency, tool calls that ran (a known tool, arguments
accepted), facts of the opener stored correctly, wrongly or not at all, turns answered
offline after a model failure, and interviews completed within the turns.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings

PERSONAS = 2
MAX_TURNS = 2
TURN_SECONDS = 900.0


def _tool_calls(conv: Any, session: str) -> tuple[int, int]:
    """(tool calls the model made, those that ran without a tool error) in a session."""
    from langchain_core.messages import AIMessage, ToolMessage

    saved = conv.llm.checkpointer.get_tuple({"configurable": {"thread_id": session}})
    messages = saved.checkpoint["channel_values"].get("messages", []) if saved else []
    made = sum(len(m.tool_calls) for m in messages if isinstance(m, AIMessage))
    failed = sum(1 for m in messages if isinstance(m, ToolMessage) and m.status == "error")
    return made, made - failed


def _same(expected: Any, stored: Any) -> bool:
    if expected == "*":
        return stored is not None
    if isinstance(expected, int | float) and isinstance(stored, int | float):
        return abs(float(expected) - float(stored)) <= 0.05 * abs(float(expected))
    return bool(expected == stored)


def bench_llm(settings: Settings) -> dict[str, Any]:
    from assistant.conversation.evaluation import load_personas
    from assistant.kb.store import forget_client
    from assistant.local_llm import MODEL_NAME, LocalModelUnavailable, serve
    from assistant.wiring import build_advisor

    personas = [p for p in load_personas("dev") if "info-dense opener" in p.get("traits", [])]
    personas = personas[:PERSONAS]
    work = Path(tempfile.mkdtemp(prefix="advisor-llm-bench-"))
    saved_env = {k: os.environ.get(k) for k in ("OPENAI_BASE_URL", "OPENAI_API_KEY")}
    turn_seconds: list[float] = []
    first_words: list[float] = []  # seconds from sending to the first word on screen
    report: dict[str, Any] = {"model": "Qwen2.5-Coder-1.5B-Instruct Q4_K_M, llama-server"}
    totals = dict.fromkeys(
        ("tool_calls", "tool_calls_valid", "facts", "facts_right", "facts_wrong"), 0
    )
    totals.update(offline_turns=0, interviews_completed=0)
    try:
        base = build_advisor(settings)
        base.ensure_index()
        shutil.copytree(settings.data_dir / "index", work / "data" / "index")
        with serve() as url:
            os.environ["OPENAI_BASE_URL"], os.environ["OPENAI_API_KEY"] = url, "dummy"
            local = Settings(
                data_dir=work / "data",
                knowledge_dir=settings.knowledge_dir,
                llm=f"openai:{MODEL_NAME}",
                llm_timeout_seconds=TURN_SECONDS,
                rate_limit_per_minute=100_000,
            )
            conv = build_advisor(local).conversation
            for persona in personas:
                session = conv.start().session
                message = persona["opener"]["text"]
                for turn in range(MAX_TURNS):
                    started = time.perf_counter()
                    heard: list[float] = []

                    def hear(_text: str, heard: list[float] = heard, t0: float = started) -> None:
                        if not heard:
                            heard.append(time.perf_counter() - t0)

                    reply = conv.respond(session, message, on_text=hear)
                    turn_seconds.append(time.perf_counter() - started)
                    first_words += heard
                    totals["offline_turns"] += reply.notice is not None
                    if turn == 0:
                        stored = conv.profile_fields(session)["answers"]
                        for name, expected in persona["opener"]["states"].items():
                            totals["facts"] += 1
                            if name in stored:
                                right = _same(expected, stored[name])
                                totals["facts_right"] += right
                                totals["facts_wrong"] += not right
                    if reply.recommendation is not None:
                        totals["interviews_completed"] += 1
                        break
                    if reply.question is None:
                        break
                    answer = persona["answers"].get(reply.question.field)
                    message = answer["text"] if answer else "skip"
                made, valid = _tool_calls(conv, session)
                totals["tool_calls"] += made
                totals["tool_calls_valid"] += valid
            forget_client(local)
    except LocalModelUnavailable as exc:
        return {"skipped": str(exc)}
    finally:
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(work, ignore_errors=True)
    times = np.asarray(turn_seconds)
    report.update(
        personas=len(personas),
        max_turns_each=MAX_TURNS,
        turns=len(turn_seconds),
        turn_p50_s=round(float(np.percentile(times, 50)), 1),
        turn_p95_s=round(float(np.percentile(times, 95)), 1),
        # Streamed to the web app: how soon the manager sees the model writing, on the
        # turns where it wrote words (others end on the reply built from its tool calls).
        turns_with_streamed_words=len(first_words),
        first_words_p50_s=round(float(np.median(first_words)), 1) if first_words else None,
        **totals,
    )
    return report
