"""Absurd or hostile profiles for ``recommend --profile`` end in exit 2 and one line that
names the field and what it accepts: numbers beyond a documented bound (of any size,
NaN, Infinity), values nested 50,000 deep, blank or control-character use cases, lone
surrogates and bytes that are not UTF-8. At every bound the recommendation still works."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import schemas
from assistant.cli import main

BASE = '"task_type": "summarization"'
BOUNDS = {
    "monthly_requests": schemas.MAX_MONTHLY_REQUESTS,
    "input_tokens": schemas.MAX_TOKENS_PER_REQUEST,
    "output_tokens": schemas.MAX_TOKENS_PER_REQUEST,
    "monthly_active_users": schemas.MAX_USERS,
    "monthly_budget_usd": schemas.MAX_BUDGET_USD,
    "labeled_examples": schemas.MAX_LABELED_EXAMPLES,
    "timeline_weeks": schemas.MAX_TIMELINE_WEEKS,
    "minutes_per_item": schemas.MAX_MINUTES_PER_ITEM,
    "hourly_cost_usd": schemas.MAX_HOURLY_COST_USD,
    "time_saved_pct": 100,
    "build_cost_usd": schemas.MAX_BUILD_COST_USD,
    "adoption_ramp_months": schemas.MAX_RAMP_MONTHS,
    "cost_per_item_usd": schemas.MAX_COST_PER_ITEM_USD,
    "revenue_at_stake_usd": schemas.MAX_REVENUE_AT_STAKE_USD,
    "revenue_share_pct": 100,
}


def recommend(
    tmp_path: Path, text: str | bytes, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    path = tmp_path / "profile.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    status = main(["recommend", "--profile", str(path), "--json"])
    out, err = capsys.readouterr()
    return status, out, err


def test_every_numeric_field_of_the_profile_has_a_bound() -> None:
    numeric = [
        name
        for name, info in schemas.Profile.model_fields.items()
        if {int, float} & set(getattr(info.annotation, "__args__", (info.annotation,)))
    ]
    assert sorted(numeric) == sorted(BOUNDS)
    for name in numeric:
        limits = [m.le for m in schemas.Profile.model_fields[name].metadata if hasattr(m, "le")]
        assert limits == [BOUNDS[name]], name


HOSTILE = [
    ("monthly_requests", f'{{"use_case": "S", {BASE}, "monthly_requests": {10**30}}}'),
    ("monthly_requests", f'{{"use_case": "S", {BASE}, "monthly_requests": {10**15}}}'),
    ("monthly_active_users", f'{{"use_case": "S", {BASE}, "monthly_active_users": {10**400}}}'),
    ("labeled_examples", f'{{"use_case": "S", {BASE}, "labeled_examples": {"9" * 5000}}}'),
    ("monthly_budget_usd", f'{{"use_case": "S", {BASE}, "monthly_budget_usd": NaN}}'),
    ("monthly_budget_usd", f'{{"use_case": "S", {BASE}, "monthly_budget_usd": Infinity}}'),
    ("monthly_budget_usd", f'{{"use_case": "S", {BASE}, "monthly_budget_usd": 1e999}}'),
    (
        "monthly_requests",
        f'{{"use_case": "S", {BASE}, "monthly_requests": {"[" * 50_000}1{"]" * 50_000}}}',
    ),
    ("use_case", '{"use_case": ' + '{"a":' * 30_000 + "1" + "}" * 30_000 + f", {BASE}}}"),
    ("use_case", f'{{"use_case": "   \\t  ", {BASE}}}'),
    ("use_case", f'{{"use_case": "Summaries\\u0000", {BASE}}}'),
    ("use_case", f'{{"use_case": "Summaries\\u001b[31m", {BASE}}}'),
    ("use_case", f'{{"use_case": "S\\ud800", {BASE}}}'),
    ("use_case", f'{{{BASE}, "use_case": "S\\udc00 more"}}'),
    ("use_case", b'{"task_type": "other", "use_case": "S\xed\xa0\x80"}'),
    ("timeline_weeks", f'{{"use_case": "S", {BASE}, "timeline_weeks": 10000}}'),
    ("input_tokens", f'{{"use_case": "S", {BASE}, "input_tokens": 2000001}}'),
]


@pytest.mark.parametrize(
    ("field", "text"), HOSTILE, ids=[f"{f}-{n}" for n, (f, _) in enumerate(HOSTILE)]
)
def test_hostile_values_exit_2_naming_the_field(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    field: str,
    text: str | bytes,
) -> None:
    status, out, err = recommend(tmp_path, text, capsys)
    assert status == 2, err
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert f"field '{field}'" in err, err
    assert "give " in err or "UTF-8" in err, err  # and what is accepted
    err.encode("utf-8")  # printable: no lone surrogate reaches the terminal


@pytest.mark.parametrize("field", sorted(BOUNDS))
def test_one_past_each_bound_is_refused_with_the_bound(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str
) -> None:
    profile = {"use_case": "Summaries", "task_type": "summarization", field: BOUNDS[field] + 1}
    status, _, err = recommend(tmp_path, json.dumps(profile), capsys)
    assert status == 2
    assert f"field '{field}'" in err and f"{BOUNDS[field]:,}" in err, err


def test_everything_at_its_bound_still_gets_a_recommendation(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = {
        "use_case": "  Summaries of every call, for every customer  ",
        "task_type": "summarization",
        "commercial_product": True,
        **BOUNDS,
    }
    status, out, err = recommend(tmp_path, json.dumps(profile), capsys)
    assert status == 0, err
    rec = json.loads(out)
    costs = [o["monthly_usd"] for o in rec["costs"]["options"]]
    assert all(0 <= c < 1e15 for c in costs), costs
