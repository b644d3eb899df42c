"""The offline conversation: personas driven in free text, corrections, mid-interview
questions, follow-ups, memory across processes, isolation, concurrency and limits."""

from __future__ import annotations

import json
import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from assistant.conversation.evaluation import (
    facade_sender,
    load_personas,
    run_persona,
    summarise,
)
from assistant.conversation.store import SessionNotFound
from tests.conftest import KNOWLEDGE, run_cli

pytestmark = pytest.mark.integration

PERSONAS = load_personas("dev")


def play(conv: Any, persona: dict[str, Any], sent: list[str] | None = None) -> str:
    """Run a persona through the facade (follow-ups left out); returns the session."""
    session = conv.start().session
    run_persona({**persona, "followups": []}, facade_sender(conv, session, sent))
    return session


def test_development_personas_through_the_facade(fresh_data_dir: Path) -> None:
    """The same personas as the unit test, here with the real embedding similarity, the
    session store and a reload on every turn. Scripted managers answer in milliseconds, so
    the per-session message limit meant for people typing is lifted, as in the benchmark
    (the limit has tests of its own)."""
    from assistant.config import Settings
    from assistant.kb.store import forget_client
    from assistant.wiring import build_advisor

    settings = Settings(
        data_dir=fresh_data_dir, knowledge_dir=KNOWLEDGE, rate_limit_per_minute=100_000
    )
    conv = build_advisor(settings).conversation
    results = [run_persona(p, facade_sender(conv, conv.start().session)) for p in PERSONAS]
    summary = summarise(results)
    assert summary.reasked_share <= 0.05
    assert summary.misread <= 10
    assert summary.followups_from_assessment >= 0.95 * summary.followups
    assert summary.verdicts_ok >= 10
    forget_client(settings)


def test_greeting_then_first_question(fresh_advisor) -> None:  # type: ignore[no-untyped-def]
    reply = fresh_advisor.conversation.start()
    assert "Adoption Advisor" in reply.reply
    assert reply.question is not None and reply.question.field == "use_case"
    assert reply.progress.answered == 0 and reply.progress.total >= 15


def test_unclear_answer_is_re_asked_with_what_is_accepted(fresh_advisor) -> None:  # type: ignore[no-untyped-def]
    conv = fresh_advisor.conversation
    session = conv.start().session
    conv.respond(session, "Summarise our weekly sales reports for the board")
    conv.respond(session, "summaries")
    conv.respond(session, "internal")
    reply = conv.respond(session, "purple elephants")
    assert reply.question is not None and reply.question.field == "monthly_requests"
    assert "a day" in reply.reply or "a month" in reply.reply  # says what is accepted


def test_follow_ups_after_the_recommendation(fresh_advisor) -> None:  # type: ignore[no-untyped-def]
    conv = fresh_advisor.conversation
    session = play(conv, PERSONAS[0])
    saved = conv.recommendation(session)
    volume = conv.profile_fields(session)["answers"]["monthly_requests"]
    what_if = conv.respond(session, "what if we had ten times the volume?")
    assert f"What if volume: {volume * 10:,} a month" in what_if.reply
    assert "monthly cost" in what_if.reply
    assert conv.recommendation(session) == saved  # a what-if does not change the assessment
    on_prem = conv.respond(session, "what if we must stay on-premises?")
    assert "self-hosted open-weight models" in on_prem.reply
    kpis = conv.respond(session, "what are the KPIs?")
    assert saved is not None
    assert all(k.name in kpis.reply for k in saved.poc_plan.kpis)
    knowledge = conv.respond(session, "Is there a licence issue with using Llama?")
    assert knowledge.sources and knowledge.sources[0].doc_id.startswith("licensing-")
    assert knowledge.recommendation == saved


def test_a_reply_that_presents_the_recommendation_says_so(fresh_advisor) -> None:  # type: ignore[no-untyped-def]
    conv = fresh_advisor.conversation
    session = play(conv, PERSONAS[0])
    said = [m for m in conv.history(session) if m["role"] == "assistant"]
    presenting = [m for m in said if m["payload"].get("presents_recommendation")]
    assert len(presenting) == 1 and presenting[0] is said[-1]  # the interview's last reply
    lead = presenting[0]["payload"]["lead"]
    assert lead.endswith("That's everything I need.")
    assert presenting[0]["content"].startswith(lead)
    what_if = conv.respond(session, "what if we had ten times the volume?")
    assert not what_if.presents_recommendation and what_if.lead is None
    again = conv.respond(session, "show me the recommendation")
    assert again.presents_recommendation and again.lead == ""
    assert "lead" not in again.contract_json()  # for the web app only
    assert again.contract_json()["presents_recommendation"] is True


def test_change_after_the_recommendation_re_runs_the_engine(fresh_advisor) -> None:  # type: ignore[no-untyped-def]
    conv = fresh_advisor.conversation
    session = play(conv, PERSONAS[0])
    reply = conv.respond(session, "actually the deployment must be on premises")
    assert reply.recommendation is not None
    assert reply.recommendation.approach == "self_hosted_open_weights"
    assert conv.recommendation(session) == reply.recommendation
    edited = conv.edit_answer(session, "monthly_budget_usd", "20k a month")
    assert edited.recommendation is not None
    assert edited.recommendation.costs.monthly_budget_usd == 20000


def test_sessions_are_isolated_listed_renamed_exported_deleted(fresh_advisor) -> None:  # type: ignore[no-untyped-def]
    conv = fresh_advisor.conversation
    first = conv.start().session
    second = conv.start().session
    conv.respond(first, "Translate product manuals into German for our distributors")
    conv.respond(second, "Classify incoming invoices by cost centre")
    assert conv.profile_fields(first)["answers"]["use_case"].startswith("Translate")
    assert conv.profile_fields(second)["answers"]["use_case"].startswith("Classify")
    history = conv.history(first)
    assert all("invoices" not in m["content"] for m in history)
    conv.rename(first, "German manuals")
    titles = {s["id"]: s["title"] for s in conv.sessions()}
    assert titles[first] == "German manuals"
    exported = json.loads(conv.export(first, "json"))
    assert exported["session"]["id"] == first and len(exported["messages"]) == len(history)
    assert "Translate product manuals" in conv.export(first, "md")
    conv.delete(second)
    assert second not in {s["id"] for s in conv.sessions()}
    with pytest.raises(SessionNotFound):
        conv.history(second)
    with pytest.raises(ValueError, match="empty"):
        conv.rename(first, "   ")


def messages(n: int) -> list[str]:
    return [
        f"Summarise report number {n} for the finance team weekly",
        "only our own staff",
        "about 200 a month",
    ]


def test_concurrent_sessions_in_threads(fresh_advisor) -> None:  # type: ignore[no-untyped-def]
    conv = fresh_advisor.conversation
    sessions = [conv.start().session for _ in range(6)]
    errors: list[BaseException] = []

    def drive(session: str, n: int) -> None:
        try:
            for text in messages(n):
                conv.respond(session, text)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=drive, args=(s, n)) for n, s in enumerate(sessions)]
    threads += [threading.Thread(target=drive, args=(sessions[0], 99))]  # same session twice
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    reference = conv.start().session  # the same messages, one at a time
    for text in messages(7):
        conv.respond(reference, text)
    expected = conv.state(reference).progress.answered
    assert expected >= 4  # use case, task, audience, volume
    for n, session in enumerate(sessions[1:], start=1):
        assert f"number {n} " in conv.profile_fields(session)["answers"]["use_case"]
        assert conv.state(session).progress.answered == expected
    roles = [m["role"] for m in conv.history(sessions[0])]
    assert roles[0] == "assistant" and roles[1:] == ["user", "assistant"] * 6


def test_message_size_and_rate_limits(fresh_advisor) -> None:  # type: ignore[no-untyped-def]
    conv = fresh_advisor.conversation
    session = conv.start().session
    too_long = conv.respond(session, "x" * (fresh_advisor.settings.max_message_chars + 1))
    assert "the limit is 4,000" in too_long.reply
    assert len(conv.history(session)) == 1  # refused messages are not stored
    conv.settings.rate_limit_per_minute = 3
    try:
        for n in range(3):
            conv.respond(session, f"hello number {n}")
        limited = conv.respond(session, "one more")
        assert "the limit is 3" in limited.reply
        assert "one more" not in [m["content"] for m in conv.history(session)]
        later = conv.clock
        conv.clock = lambda: later().replace(year=datetime.now(UTC).year + 1)
        assert "the limit" not in conv.respond(session, "hello again").reply
    finally:
        conv.settings.rate_limit_per_minute = 30


def run_chat(data_dir: Path, session: str, lines: list[str]) -> list[dict[str, Any]]:
    done = run_cli(
        "chat", "--session", session, "--json", data_dir=data_dir, stdin="\n".join(lines) + "\n"
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_chat_cli_json_lines_and_resume_in_a_new_process(
    fresh_advisor, fresh_data_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    turns: list[str] = []
    play(fresh_advisor.conversation, PERSONAS[0], turns)  # what this persona sends
    data_dir = tmp_path / "cli-data"
    shutil.copytree(fresh_data_dir, data_dir)
    first = run_chat(data_dir, "team-alpha", turns[:5])
    assert len(first) == 5
    row = first[-1]
    assert set(row) >= {
        "session",
        "reply",
        "question",
        "progress",
        "recommendation",
        "sources",
        "profile",
    }
    assert row["session"] == "team-alpha"
    assert row["presents_recommendation"] is False and "lead" not in row
    assert set(row["question"]) == {"field", "prompt", "options"}
    assert row["recommendation"] is None
    # The opener stated several facts at once; each is echoed with where it came from.
    opener = first[0]["profile"]
    assert opener["monthly_requests"] == {"value": 5200, "source": "stated"}
    assert all(entry["source"] in ("stated", "confirmed", "assumed") for entry in opener.values())
    assert any(r["question"] and r["question"]["options"] for r in first)  # enum choices
    second = run_chat(data_dir, "team-alpha", [*turns[5:], "what are the KPIs?"])
    assert second[0]["progress"]["answered"] >= row["progress"]["answered"]  # continued
    done = second[len(turns) - 6]
    assert done["question"] is None and done["recommendation"]["verdict"] in (
        "start_poc",
        "poc_with_safeguards",
    )
    assert done["presents_recommendation"] is True
    follow_up = second[-1]
    assert follow_up["presents_recommendation"] is False
    assert follow_up["recommendation"] == done["recommendation"]
    assert "KPIs" in follow_up["reply"]


def test_bad_session_id_is_one_line(fresh_data_dir: Path) -> None:
    done = run_cli("chat", "--session", "../etc", data_dir=fresh_data_dir, stdin="hi\n")
    assert done.returncode == 2 and "is not valid" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_knowledge_questions_still_get_a_reply_without_an_index(tmp_path: Path) -> None:
    from assistant.config import Settings
    from assistant.wiring import build_advisor

    settings = Settings(
        data_dir=tmp_path / "data", knowledge_dir=KNOWLEDGE, chroma_url="http://127.0.0.1:9"
    )  # nothing listens there
    conv = build_advisor(settings).conversation
    session = conv.start().session
    reply = conv.respond(session, "Summarise board papers for directors every month")
    assert reply.progress.answered >= 1  # the interview works without the knowledge base
    asked = conv.respond(session, "What does an LLM cost compared with search?")
    assert "can't reach the knowledge base" in asked.reply
    assert "scripts/reindex.py" in asked.reply
