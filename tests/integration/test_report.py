"""The reports as a manager receives them: the PDF rendered to page images with poppler's
pdftoppm and its text extracted with pdftotext, and the Markdown beside it, both drawn
from one presentation. Named and dated, an executive summary first, inputs, charts, risks,
plan, talking points, sources with their passages, page numbers; no file paths, document
ids, engine codes or '0.00 GPUs'."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from assistant.advice.report import markdown_report, pdf_report
from assistant.config import Settings
from assistant.schemas import Profile
from assistant.wiring import build_advisor
from tests.conftest import KNOWLEDGE

pytestmark = pytest.mark.integration

PROFILE = Profile.model_validate(
    {
        "use_case": "Summarise customer support tickets so team leads can spot recurring "
        "complaints",
        "task_type": "summarization",
        "monthly_requests": 60_000,
        "input_tokens": 1300,
        "output_tokens": 200,
        "human_review": "sampled",
        "monthly_budget_usd": 3000,
        "timeline_weeks": 8,
        "currency": "EUR",
    }
)
HEADINGS = [
    "Ticket summaries pilot",
    "Executive summary",
    "Top risks",
    "Decisions needed",
    "Next actions",
    "Inputs and assumptions",
    "Costs",
    "Break-even",
    "Risks",
    "Proof of concept plan",
    "Talking points",
    "Sources",
    "Appendix: the cited passages",
]
LEAKS = re.compile(
    r"knowledge/|\.md\b|hosted api:|0\.00 (GPUs|instances)|\b(hosted_api|sampled|"
    r"summarization|start_poc|every_output|deployment-hosted-api)\b"
)


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: install Debian's poppler-utils (make test does)")
    return found


@pytest.fixture(scope="module")
def view(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    data = tmp_path_factory.mktemp("report") / "data"
    advisor = build_advisor(Settings(data_dir=data, knowledge_dir=KNOWLEDGE))
    rec = advisor.recommend(PROFILE)
    presented = advisor.present(rec, PROFILE, "Ticket summaries pilot")
    return presented.__class__(**{**presented.__dict__, "date": date(2026, 12, 1)})


def test_pdf_pages_rendered_and_read(view, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert view.file_stem == "Ticket summaries pilot - adoption advice 2026-12-01"
    pdf = pdf_report(view, tmp_path / f"{view.file_stem}.pdf")
    subprocess.run(
        [tool("pdftoppm"), "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 4 <= len(pages) <= 10, len(pages)
    assert all(p.stat().st_size > 5_000 for p in pages)  # drawn pages, not blank ones
    text = subprocess.run(
        [tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    first = text.split("\f")[0]
    assert "Ticket summaries pilot" in first and "1 December 2026" in first
    assert "Executive summary" in first and "€" in first
    positions = [text.find(h) for h in HEADINGS]
    assert -1 not in positions, [h for h, p in zip(HEADINGS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)  # in the order a reader expects
    assert f"Page 1 of {len(pages)}" in text and f"Page {len(pages)} of {len(pages)}" in text
    assert "•" in text  # real bullets, not hyphens
    assert "not legal advice" in text and "ECB rate of" in text
    assert not LEAKS.search(text), LEAKS.search(text)


def test_markdown_has_the_same_content(view) -> None:  # type: ignore[no-untyped-def]
    text = markdown_report(view)
    assert text.startswith("# Ticket summaries pilot\n\nAdoption recommendation · 1 December 2026")
    for heading in HEADINGS[1:]:
        assert heading in text, heading
    assert "<- recommended" in text and "| Option |" in text
    assert not LEAKS.search(text), LEAKS.search(text)
    assert "](http" not in text and "<img" not in text
