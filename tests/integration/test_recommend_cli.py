"""The recommend and assess commands as a user runs them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

PROFILE = {
    "use_case": "Summarise customer call transcripts for team leads",
    "task_type": "summarization",
    "monthly_requests": 40000,
    "data_sensitivity": "personal",
    "human_review": "sampled",
    "monthly_budget_usd": 2000,
}


def run(*args: str, tmp_path: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, data_dir=tmp_path / "data", stdin=stdin)


def write_profile(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(data))
    return path


def test_recommend_json_has_the_contract_shape_and_is_repeatable(tmp_path: Path) -> None:
    path = write_profile(tmp_path, PROFILE)
    first = run("recommend", "--profile", str(path), "--json", tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    rec = json.loads(first.stdout)
    assert set(rec) == {
        "verdict",
        "approach",
        "alternatives",
        "summary",
        "assumptions",
        "costs",
        "risks",
        "poc_plan",
        "talking_points",
        "sources",
        "business_case",
        "track",
    }
    assert rec["track"]["id"] in {"try_fast", "long_term_bet", "not_now"}
    assert {"monthly_net_usd", "payback_months", "sensitivity"} <= set(rec["business_case"])
    assert rec["verdict"] in {"start_poc", "poc_with_safeguards", "not_recommended"}
    assert rec["costs"]["monthly_budget_usd"] == 2000
    assert "latency" in rec["assumptions"] and "monthly_requests" not in rec["assumptions"]
    assert {"id", "severity", "title", "why", "mitigation", "sources"} <= set(rec["risks"][0])
    assert {"duration_weeks", "kpis", "success_criteria", "human_review", "steps"} <= set(
        rec["poc_plan"]
    )
    assert all((ROOT / s["path"]).exists() for s in rec["sources"])
    second = run("recommend", "--profile", str(path), "--json", tmp_path=tmp_path)
    assert second.stdout == first.stdout


def test_reports_in_markdown_and_pdf(tmp_path: Path) -> None:
    path = write_profile(tmp_path, PROFILE)
    md, pdf = tmp_path / "out.md", tmp_path / "out.pdf"
    assert (
        run("recommend", "--profile", str(path), "--report", str(md), tmp_path=tmp_path).returncode
        == 0
    )
    assert (
        run("recommend", "--profile", str(path), "--report", str(pdf), tmp_path=tmp_path).returncode
        == 0
    )
    text = md.read_text()
    assert "## Costs" in text and "<- recommended" in text and "## Talking points" in text
    assert "](http" not in text and "<img" not in text  # nothing remote in the report
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5000
    assert not list(tmp_path.glob(".*.partial"))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({**PROFILE, "colour": "red"}, "field 'colour' is not a profile field"),
        (
            {**PROFILE, "task_type": "poetry"},
            "field 'task_type': \"poetry\" is not accepted; give one of summarization",
        ),
        ({**PROFILE, "monthly_requests": "lots"}, "field 'monthly_requests'"),
        ({**PROFILE, "monthly_requests": -1}, "a whole number from 0 to 10,000,000,000"),
        ({**PROFILE, "eu_users": "yes"}, "field 'eu_users'"),
        ({"task_type": "drafting"}, "field 'use_case' is required"),
        (["not", "an", "object"], "must be a JSON object"),
    ],
)
def test_bad_profiles_exit_2_with_one_line(tmp_path: Path, data: object, expected: str) -> None:
    done = run("recommend", "--profile", str(write_profile(tmp_path, data)), tmp_path=tmp_path)
    assert done.returncode == 2
    assert expected in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_bad_report_name_and_missing_file(tmp_path: Path) -> None:
    path = write_profile(tmp_path, PROFILE)
    bad = run(
        "recommend", "--profile", str(path), "--report", str(tmp_path / "x.docx"), tmp_path=tmp_path
    )
    assert bad.returncode == 2 and "ending in .md or .pdf" in bad.stderr
    missing = run("recommend", "--profile", str(tmp_path / "nope.json"), tmp_path=tmp_path)
    assert missing.returncode == 2 and "no such file" in missing.stderr


@pytest.mark.integration
def test_assess_runs_the_interview_in_a_terminal(tmp_path: Path) -> None:
    answers = [
        "We want to summarise long supplier contracts for the legal team",
        "summaries",
        "just our own staff",
        "about 300 a week",
        "high",
        "a lawyer checks every summary",
        "confidential",
        "skip",
        "none of those",
        "a few seconds is fine",
        "around 20 pages",
        "half a page",
        "$3k a month",
        "strong",
        "none",
        "no",
        "yes",
        "none of those",
        "no",
        "no",
        "eight weeks",
        "a lawyer spends about 40 minutes on each",
        "$150 an hour",
        "skip",
        "skip",
        "skip",
    ]
    saved = tmp_path / "profile.json"
    done = run(
        "assess",
        "--json",
        "--save-profile",
        str(saved),
        tmp_path=tmp_path,
        stdin="\n".join(answers * 2) + "\n",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rec = json.loads(done.stdout)
    profile = json.loads(saved.read_text())
    assert profile["task_type"] == "summarization"
    assert profile["monthly_requests"] == 1300
    assert profile["human_review"] == "every_output"
    assert profile["timeline_weeks"] == 8
    assert rec["poc_plan"]["duration_weeks"] == 8
    assert "deployment" in rec["assumptions"]
    assert profile["minutes_per_item"] == 40 and profile["hourly_cost_usd"] == 150
    assert "time_saved_pct" in rec["assumptions"]  # skipped: the default is listed
    assert profile["annex_iii_areas"] == [] and profile["children"] is False


def test_negotiated_prices_change_the_figures_and_a_bad_file_is_named(tmp_path: Path) -> None:
    path = write_profile(tmp_path, PROFILE)
    listed = json.loads(
        run("recommend", "--profile", str(path), "--json", tmp_path=tmp_path).stdout
    )
    overrides = tmp_path / "data" / "price_overrides.json"
    overrides.parent.mkdir(parents=True, exist_ok=True)
    overrides.write_text(json.dumps({"private": {"input_per_mtok": 0.5, "output_per_mtok": 1.0}}))
    negotiated = json.loads(
        run("recommend", "--profile", str(path), "--json", tmp_path=tmp_path).stdout
    )
    assert negotiated["approach"] == listed["approach"] == "private_cloud_endpoint"
    assert (
        negotiated["costs"]["recommended_monthly_usd"] < listed["costs"]["recommended_monthly_usd"]
    )
    overrides.write_text(json.dumps({"mid": {"input_per_mtok": "cheap"}}))
    bad = run("recommend", "--profile", str(path), tmp_path=tmp_path)
    assert bad.returncode == 2 and "price_overrides.json" in bad.stderr
    assert "input_per_mtok" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
