"""``python -m assistant pilot``: log, cost, remove and status, in-process, with the whole
output asserted; bad input is exit 2 with one line and stores nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.cli import main
from tests.pilot_seed import seed

ACCEPTED = "Drafts accepted with light edits"


@pytest.fixture
def session(data_dir: Path) -> str:
    return seed(data_dir / "sessions.sqlite")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def status_json(capsys: pytest.CaptureFixture[str], session: str) -> dict[str, Any]:
    code, out, _ = run(capsys, "pilot", "status", "--session", session, "--json")
    assert code == 0
    return json.loads(out)  # type: ignore[no-any-return]


def test_log_then_status_json_has_the_contract_shape(
    session: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "pilot",
        "log",
        "--session",
        session,
        "--kpi",
        "DRAFTS ACCEPTED WITH LIGHT EDITS",
        "--value",
        "62%",
        "--n",
        "400",
        "--period",
        "week 3",
        "--json",
    )
    assert code == 0
    assert json.loads(out)["logged"]["kpi"] == ACCEPTED
    status = status_json(capsys, session)
    assert {"session", "measurements", "decision"} <= set(status)
    assert status["session"] == session
    (measurement,) = status["measurements"]
    contract = {
        "kpi": ACCEPTED,
        "value": 0.62,
        "baseline": None,
        "n": 400,
        "period": "week 3",
        "target_value": 0.7,
        "direction": ">=",
        "met": False,
    }
    assert {k: measurement[k] for k in contract} == contract
    assert [round(v, 2) for v in measurement["interval"]] == [0.57, 0.67]
    assert set(status["decision"]) == {"id", "why"}
    assert status["decision"]["id"] == "iterate"
    assert status["decision"]["why"].startswith(f"Clearly missed: {ACCEPTED} 62% on 400 items")


def test_cost_scales_to_the_full_volume(session: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(
        capsys, "pilot", "cost", "--session", session, "--usd", "120", "--requests", "30000"
    )
    assert code == 0
    cost = status_json(capsys, session)["cost"]
    assert cost["per_task_usd"] == 0.004
    assert cost["monthly_requests"] == 20000
    assert cost["monthly_at_scale_usd"] == 80.0
    assert cost["breaks_case"] is False


def test_status_in_text_and_remove(session: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "pilot", "log", "--session", session, "--kpi", "drafts accepted", "--value", "0.8")
    code, out, _ = run(capsys, "pilot", "status", "--session", session)
    assert code == 0
    assert out.splitlines()[0] == (f"#1 {ACCEPTED} 80% against a target of >= 70%: not settled")
    assert "Decision: Need more data. Not enough evidence to decide yet: " in out
    code, _, err = run(capsys, "pilot", "remove", "--session", session, "--id", "1")
    assert (code, err) == (0, "Removed #1.\n")
    assert status_json(capsys, session)["measurements"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--kpi", "drafts accepted", "--value", "150%"],
            "error: --value takes a share from 0 to 100%: 62%, 0.62 or 62, not '150%'",
        ),
        (
            ["--kpi", "drafts accepted", "--value", "62%", "--n", "-3"],
            "error: --n takes a whole number of items from 1 to 1,000,000,000, not -3",
        ),
        (
            ["--kpi", "drafts accepted", "--value", "1"],
            "error: --value '1' is ambiguous: write 1% or 100%",
        ),
        (
            ["--kpi", "drafts acepted with light edits", "--value", "62%"],
            "error: KPI 'drafts acepted with light edits' is not in the plan; did you mean "
            f"'{ACCEPTED}'? (the plan's KPIs: 'Time to a final draft', '{ACCEPTED}', "
            "'Cost per task', 'Response time'; any other name starts a new KPI)",
        ),
        (["--kpi", "drafts accepted"], "error: the following arguments are required: --value"),
    ],
)
def test_bad_input_is_exit_2_one_line_and_nothing_stored(
    session: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "pilot", "log", "--session", session, *args)
    assert code == 2 and out == ""
    assert err.splitlines() == [err.strip()] and err.strip().startswith(message)
    assert status_json(capsys, session)["measurements"] == []


def test_an_unknown_session_is_one_line(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "pilot", "status", "--session", "nosuchone")
    assert (code, out, err) == (2, "", "error: no assessment with id 'nosuchone'\n")
    code, _, err = run(capsys, "pilot", "log", "--session", "Bad Id", "--kpi", "x", "--value", "3")
    assert code == 2 and err.startswith("error: --session 'Bad Id' is not valid: use 3-64")


def test_a_session_without_a_recommendation_is_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.conversation.store import SessionStore

    SessionStore(data_dir / "sessions.sqlite").create({"answers": {}}, session_id="half-done")
    code, _, err = run(capsys, "pilot", "status", "--session", "half-done")
    assert code == 2
    assert err == (
        "error: assessment 'half-done' has no recommendation yet: finish its interview first "
        "(a pilot is judged against the recommendation's plan)\n"
    )
