"""The agent's help for small local models, without a model server: answers recorded
through the offline parser (uncertain readings confirmed first), tool calls written as
bare JSON, an empty final reply, and a bound on model calls per turn."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.conversation.agent import (
    MAX_MODEL_CALLS,
    LiveText,
    LlmDialogue,
    Said,
    bare_tool_calls,
    cut_off_record_call,
    normalised_args,
    record_one,
)
from assistant.questionnaire import Interview
from tests.fakes import ScriptedChatModel, call

USE_CASE = "Summarise customer call transcripts for our team leads"


def dialogue(model: ScriptedChatModel, tmp_path: Path) -> LlmDialogue:
    return LlmDialogue(
        model,
        lambda query, k: [],
        lambda profile: None,  # type: ignore[arg-type,return-value]
        None,
        lambda profile: None,
        tmp_path / "agent_memory.sqlite",
        30,
    )


def test_a_plain_answer_is_recorded_as_the_offline_parser_reads_it() -> None:
    interview = Interview()
    assert record_one(interview, "use_case", USE_CASE, None)["status"] == "recorded"
    result = record_one(interview, "monthly_requests", "about 2,000 a day", None)
    assert result == {"field": "monthly_requests", "status": "recorded", "value": "60,000 a month"}
    assert interview.answers["monthly_requests"] == 60_000
    assert interview.sources["monthly_requests"] == "stated"


def test_a_range_is_confirmed_before_it_is_stored() -> None:
    interview = Interview()
    record_one(interview, "use_case", USE_CASE, None)
    result = record_one(interview, "monthly_budget_usd", "2k to 4k a month", None)
    assert result["status"] == "needs_confirmation" and result["why"] == "range"
    assert "monthly_budget_usd" not in interview.answers
    next_question = interview.next_question()
    assert next_question is not None and next_question.field == "monthly_budget_usd"
    assert record_one(interview, "monthly_budget_usd", "yes", None)["status"] == "confirmed"
    assert interview.answers["monthly_budget_usd"] == 3000.0
    assert interview.sources["monthly_budget_usd"] == "confirmed"
    assert interview.checks == []


def test_a_declined_reading_is_not_stored_and_asked_again() -> None:
    interview = Interview()
    record_one(interview, "use_case", USE_CASE, None)
    record_one(interview, "monthly_budget_usd", "2k to 4k a month", None)
    assert record_one(interview, "monthly_budget_usd", "no", None)["status"] == "not recorded"
    assert "monthly_budget_usd" not in interview.answers and interview.checks == []
    assert interview.focus == "monthly_budget_usd"


def test_bad_values_come_back_with_what_is_accepted() -> None:
    interview = Interview()
    result = record_one(interview, "error_impact", "purple", None)
    assert result["status"] == "rejected"
    assert result["accepted"] == "one of: low, moderate, high, critical"
    unknown = record_one(interview, "favourite_colour", "blue", None)
    assert unknown["status"] == "rejected" and "monthly_requests" in unknown["why"]
    assert interview.answers == {}


def test_only_what_the_manager_said_is_recorded() -> None:
    message = (
        "We want to summarise support calls for our team leads, about 2,000 calls a day; "
        "the calls contain personal data."
    )
    interview = Interview()
    said = Said.read(message, interview, None)
    record_one(interview, "use_case", message, None, said)
    invented = record_one(interview, "error_impact", "low", None, said)
    assert invented["status"] == "rejected" and "has not said this" in invented["why"]
    skipped = record_one(interview, "latency", "skip", None, said)
    assert skipped["status"] == "rejected"  # nobody asked to skip it
    # a model that renames what was said ("personal data" as "confidential"): the
    # manager's words, read by the offline reader, are what is stored
    assert record_one(interview, "data_sensitivity", "confidential", None, said)["status"] == (
        "recorded"
    )
    assert interview.answers["data_sensitivity"] == "personal"
    assert "error_impact" not in interview.answers and "latency" not in interview.assumed


def test_skip_takes_the_documented_default() -> None:
    interview = Interview()
    record_one(interview, "use_case", USE_CASE, None)
    record_one(interview, "task_type", "summarization", None)
    result = record_one(interview, "latency", "skip", None)
    assert result["status"] == "assumed (default)" and "latency" in interview.assumed


def test_bare_json_naming_a_known_tool_becomes_a_tool_call() -> None:
    text = (
        'Sure! ```json\n{"name": "record_answers", "arguments": {"answers": '
        '{"audience": "customers"}}}\n``` and {"name": "send_email", "arguments": {}}'
    )
    calls = bare_tool_calls(text, {"record_answers", "next_question"})
    assert [(c["name"], c["args"]) for c in calls] == [
        ("record_answers", {"answers": {"audience": "customers"}})
    ]
    assert calls[0]["type"] == "tool_call"
    as_string = '{"name": "next_question", "parameters": "{}"}'
    assert [c["name"] for c in bare_tool_calls(as_string, {"next_question"})] == ["next_question"]
    assert bare_tool_calls("no JSON here {oops", {"next_question"}) == []


def test_a_record_call_cut_off_by_the_reply_limit_keeps_its_complete_pairs() -> None:
    text = (
        '{{"name": "record_answers", "arguments": {"answers": {"audience": "internal", '
        '"monthly_requests": "about 2,000 a day", "error_impact": "lo'
    )
    assert bare_tool_calls(text, {"record_answers"}) == []
    (found,) = cut_off_record_call(text)
    assert found["args"] == {
        "answers": {"audience": "internal", "monthly_requests": "about 2,000 a day"}
    }
    assert cut_off_record_call('{"name": "next_question", "arguments": {"x": "y"') == []


def test_record_answers_arguments_are_tidied() -> None:
    assert normalised_args("record_answers", {"monthly_requests": 5000, "eu_users": True}) == {
        "answers": {"monthly_requests": "5000", "eu_users": "yes"}
    }
    assert normalised_args("search_knowledge", {"query": "x"}) == {"query": "x"}


def test_bare_json_is_taken_and_an_empty_reply_is_built_from_the_tools(tmp_path: Path) -> None:
    bare = json.dumps({"name": "record_answers", "arguments": {"answers": {"use_case": USE_CASE}}})
    model = ScriptedChatModel(script=[bare, ""])
    interview = Interview()
    turn = dialogue(model, tmp_path).handle("s-1", interview, None, USE_CASE)
    assert interview.answers["use_case"] == USE_CASE
    assert "Noted" in turn.reply and "Question" in turn.reply  # what was noted, what's next
    # the next turn shows the model the reply the manager saw, not an empty message
    model.script = ["ok"]
    dialogue(model, tmp_path).handle("s-1", interview, None, "thanks")
    assert any("Noted" in str(m.content) for m in model.seen[-1])


def test_the_built_reply_tells_the_manager_only_what_they_said_and_was_not_read(
    tmp_path: Path,
) -> None:
    answers = {
        "risk_of_prompt_injection": "yes",  # a field the model made up
        "deployment": "on_prem",  # a field the manager never mentioned
        "error_impact": "purple",  # the manager's words, not readable
    }
    bare = json.dumps({"name": "record_answers", "arguments": {"answers": answers}})
    model = ScriptedChatModel(script=[bare, ""])
    message = "A wrong summary would be purple, I suppose."
    turn = dialogue(model, tmp_path).handle("s-3", Interview(), None, message)
    assert "Not noted: impact of a mistake (Please pick one of: " in turn.reply
    assert "no such field" not in turn.reply and "risk_of" not in turn.reply
    assert "has not said" not in turn.reply and "Deployment" not in turn.reply


def test_a_looping_model_is_stopped_with_a_notice(tmp_path: Path) -> None:
    model = ScriptedChatModel(script=[call("next_question", n) for n in range(40)])
    turn = dialogue(model, tmp_path).handle("s-2", Interview(), None, "hello")
    assert len(model.seen) == MAX_MODEL_CALLS
    assert f"after {MAX_MODEL_CALLS} model calls" in turn.reply
    assert "Question" in turn.reply  # still says what to answer next


def test_streamed_words_are_inert_and_hold_back_tool_calls_written_as_text() -> None:
    seen: list[str] = []
    live = LiveText(seen.append)
    for piece in ["See ", "![x](http://evil.example/p.png) ", "and <b>bold</b>"]:
        live.add("m1", piece)
    live.add("m2", 'Done {"name": "record_answers"')
    assert seen[-1] == "Done"
    assert "![x](" not in "".join(seen) and "image removed" in seen[-2]
    assert seen[-2].endswith("and \\<b>bold\\</b>")  # HTML shown as text
