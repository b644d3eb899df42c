"""``python -m assistant portfolio``: the JSON list of the contract, the table, bad flags,
and the Markdown and PDF exports for a steering meeting, read back as a person would."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.cli import main
from tests.conftest import run_cli
from tests.portfolio_seed import CLAIMS, CONTRACTS, OLD, SUPPLIER, TICKETS, seed

TITLES = (TICKETS, CLAIMS, SUPPLIER, OLD, CONTRACTS)
SESSION_IDS = ("tick3ts", "cla1ms", "suppl1er", "oldtrans", "contr4cts")


@pytest.fixture
def seeded(data_dir: Path) -> Path:
    seed(data_dir)
    return data_dir


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["portfolio", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_json_lists_every_assessment_in_the_contract_shape(seeded, capsys) -> None:
    status, out, err = run(capsys, "--json")
    assert status == 0, err
    items = json.loads(out)
    assert [i["title"] for i in items] == [CLAIMS, TICKETS, SUPPLIER, OLD, CONTRACTS]
    for item in items:
        assert set(item) == {
            "session",
            "title",
            "verdict",
            "track",
            "recommended_monthly_usd",
            "monthly_net_usd",
            "payback_months",
            "top_risk",
            "status",
            "risk_effort_score",
            "pilot_decision",
        }
    claims, tickets, supplier, old, contracts = items
    assert tickets["session"] == "tick3ts" and tickets["track"] == "try_fast"
    assert tickets["monthly_net_usd"] == 1700.0 and tickets["payback_months"] == 3.1
    assert isinstance(tickets["recommended_monthly_usd"], float)
    assert isinstance(claims["top_risk"], str) and claims["track"] == "long_term_bet"
    assert supplier["payback_months"] is None and supplier["monthly_net_usd"] == -300.0
    assert old["track"] is None and old["monthly_net_usd"] is None and old["verdict"]
    assert contracts["status"] == "in_progress" and contracts["verdict"] is None


def test_json_sorts_and_filters(seeded, capsys) -> None:
    _, out, _ = run(capsys, "--json", "--track", "try_fast", "--track", "not_now")
    assert [i["title"] for i in json.loads(out)] == [TICKETS, SUPPLIER]
    _, out, _ = run(capsys, "--json", "--sort", "payback")
    assert [i["title"] for i in json.loads(out)][:2] == [TICKETS, CLAIMS]
    _, out, _ = run(capsys, "--json", "--track", "none")
    assert [i["title"] for i in json.loads(out)] == [OLD]


def test_the_table_is_plain_words(seeded, capsys) -> None:
    status, out, err = run(capsys)
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Use-case portfolio · ")
    assert lines[1] == (
        "5 assessments: 1 try fast, 1 long-term bet, 1 not now, 1 not placed on a track, "
        "1 in progress."
    )
    header = lines[3].split()
    assert header[:3] == ["#", "Use", "case"] and "Payback" in header
    body = lines[5:10]
    for n, title in enumerate((CLAIMS, TICKETS, SUPPLIER, OLD, CONTRACTS), 1):
        assert body[n - 1].lstrip().startswith(f"{n}  {title}")
    assert "Try fast" in body[1] and "about 3 months" in body[1] and "€" in body[1]
    assert "never pays back" in body[2] and "-€" in body[2]
    assert "not assessed" in body[3]
    assert "In progress" in body[4]
    assert lines[-1].startswith("Amounts in EUR at the ECB rate of ")
    for sid in SESSION_IDS:
        assert sid not in out


def test_an_empty_data_folder_is_an_empty_portfolio(data_dir, capsys) -> None:
    status, out, _ = run(capsys, "--json")
    assert status == 0 and json.loads(out) == []
    status, out, _ = run(capsys)
    assert "No assessments yet." in out
    assert not (data_dir / "sessions.sqlite").exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--track", "quick"], "argument --track: invalid choice: 'quick'"),
        (["--verdict", "yes"], "argument --verdict: invalid choice: 'yes'"),
        (["--sort", "colour"], "argument --sort: invalid choice: 'colour'"),
        (["--report", "out.txt"], "--report out.txt: use a file name ending in .md or .pdf"),
        (["--report", "no/such/folder/p.pdf"], "the folder no/such/folder does not exist"),
        (["--colour"], "unrecognized arguments: --colour"),
    ],
)
def test_bad_flags_are_one_line_and_exit_2(seeded, capsys, args, says) -> None:
    status, out, err = run(capsys, *args)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ") and says in err


def test_a_bad_flag_as_a_user_runs_it(tmp_path: Path) -> None:
    done = run_cli("portfolio", "--track", "soon", data_dir=tmp_path / "data")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "invalid choice: 'soon'" in done.stderr


def test_markdown_export(seeded, tmp_path: Path, capsys) -> None:
    target = tmp_path / "steering.md"
    status, out, err = run(capsys, "--report", str(target), "--name", "Q1 steering meeting")
    assert status == 0 and "portfolio written to" in err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Q1 steering meeting\n\nPortfolio of use cases for the steering")
    for title in TITLES:
        assert title in text
    assert "| # | Use case | Verdict | Track |" in text
    for sid in SESSION_IDS:
        assert sid not in text
    assert not list(tmp_path.glob(".*.partial"))
    assert out.startswith("Q1 steering meeting · ")  # the table is printed as well


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))[6:])


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_pdf_export_has_the_table_the_chart_and_page_numbers(seeded, tmp_path: Path, capsys):
    target = tmp_path / "steering.pdf"
    status, _, err = run(capsys, "--report", str(target), "--json")
    assert status == 0, err
    pages = pdf_pages(target)
    assert 1 <= pages <= 3
    text = pdf_text(target)
    flat = " ".join(text.split())
    assert "Use-case portfolio" in flat and "steering meeting" in flat
    for title in TITLES:
        assert title in flat
    for n in range(1, pages + 1):
        assert f"Page {n} of {pages}" in flat
    assert "Value against risk and effort" in flat and "Risk and effort (0 to 100)" in flat
    assert "Try first" in flat and "Needs an investment decision" in flat
    assert "Try fast" in flat and "never pays" in flat and "€" in flat
    # No internal detail: no paths, document ids, session ids or engine codes.
    assert "/" not in text.replace("N/A", "")
    assert ".md" not in text and "try_fast" not in text and "poc_with_safeguards" not in text
    for sid in SESSION_IDS:
        assert sid not in text
