"""The reports as a manager receives them: the PDF rendered to page images with poppler's
pdftoppm and its text extracted with pdftotext, and the Markdown beside it, both drawn
from one presentation. Named and dated, an executive summary first, inputs, charts, risks,
plan, talking points, sources with their passages, page numbers; no file paths, document
ids, engine codes or '0.00 GPUs'. A Japanese manager's text prints as written, in the
IPAexGothic font the PDF embeds."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from assistant.advice.presentation import Line
from assistant.advice.report import _Pdf, markdown_report, pdf_report
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


JAPANESE_USE_CASE = "月2万件の問い合わせメールを要約し、返信の下書きを作る。個人情報を含む。"
JAPANESE_TITLE = "問い合わせメール要約の試行"
# Each printed in a different way: a table row, an italic note, a bullet.
JAPANESE_ANSWER = Line("担当部署", "カスタマーサポート部・第２課", "前提：返信は担当者が確認する")
JAPANESE_NOTE = "価格は「２０２６年１２月」時点、税抜き・円換算。"
JAPANESE_POINT = "まず１か月、下書きの採用率を測る（目標：７０％以上）。"


@pytest.fixture(scope="module")
def japanese_view(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    data = tmp_path_factory.mktemp("report-ja") / "data"
    advisor = build_advisor(Settings(data_dir=data, knowledge_dir=KNOWLEDGE))
    profile = PROFILE.model_copy(
        update={"use_case": JAPANESE_USE_CASE, "monthly_requests": 20_000, "currency": "JPY"}
    )
    rec = advisor.recommend(profile)
    presented = advisor.present(rec, profile, JAPANESE_TITLE)
    return dataclasses.replace(
        presented,
        date=date(2026, 12, 1),
        inputs=(*presented.inputs, JAPANESE_ANSWER),
        notes=(*presented.notes, JAPANESE_NOTE),
        talking_points=(*presented.talking_points, JAPANESE_POINT),
    )


def test_pdf_prints_japanese_in_the_embedded_font(japanese_view, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = pdf_report(japanese_view, tmp_path / "japanese.pdf")
    text = subprocess.run(
        [tool("pdftotext"), str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    # Japanese wraps between any two characters: compare with the line breaks taken out.
    joined = re.sub(r"\s+", "", text)
    expected = [
        JAPANESE_USE_CASE,
        JAPANESE_TITLE,
        JAPANESE_ANSWER.label,
        JAPANESE_ANSWER.value,
        JAPANESE_ANSWER.explanation,
        JAPANESE_NOTE,
        JAPANESE_POINT,
    ]
    for phrase in expected:
        assert phrase in joined, phrase  # a box or a dropped glyph breaks the phrase
    pages = text.split("\f")
    assert JAPANESE_TITLE in re.sub(r"\s+", "", pages[0])  # the bold title
    pages = [p for p in pages if p.strip()]
    for number, page in enumerate(pages, 1):  # the footer: Japanese, then Latin, in order
        assert JAPANESE_TITLE in re.sub(r"\s+", "", page), number
        assert f"Page {number} of {len(pages)}" in page, page[-200:]
    assert "Executive summary" in text and "¥" in text  # the Latin text is still DejaVu's
    fonts = subprocess.run(
        [tool("pdffonts"), str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    ipa = [row.split() for row in fonts.splitlines() if "IPAexGothic" in row]
    assert ipa, fonts
    assert all(row[-5] == "yes" for row in ipa), fonts  # embedded, not left to the reader
    assert any("DejaVuSans" in row for row in fonts.splitlines()), fonts


def test_japanese_is_cut_to_fit_in_its_own_font(japanese_view) -> None:  # type: ignore[no-untyped-def]
    doc = _Pdf(japanese_view)
    doc.pdf.add_page()
    doc.pdf.set_font(doc.family, "", 9)
    cut = doc.fit(JAPANESE_USE_CASE, 40)
    assert cut.endswith("…") and JAPANESE_USE_CASE.startswith(cut[:-1])
    assert doc.pdf.get_string_width(cut) <= 40
    # A Japanese character is about twice as wide as a Latin one: the width measured is
    # IPAexGothic's, not a missing glyph's.
    assert doc.pdf.get_string_width("要約") > 1.5 * doc.pdf.get_string_width("ab")
    assert doc.fit("要約", 40) == "要約"


JAPANESE_HEADINGS = [
    JAPANESE_TITLE,
    "エグゼクティブサマリー",
    "主なリスク",
    "必要なご判断",
    "次のアクション",
    "前提条件と仮置き",
    "費用",
    "損益分岐:件数の増加に伴う月額費用",
    "費用対効果",
    "リスク",
    "PoC計画(8週間)",
    "会議で使えるフレーズ",
    "出典",
    "付録:引用した箇所",
]


def test_a_japanese_assessments_pdf_is_in_japanese(tmp_path: Path) -> None:
    data = tmp_path / "data"
    advisor = build_advisor(Settings(data_dir=data, knowledge_dir=KNOWLEDGE))
    profile = PROFILE.model_copy(
        update={"use_case": JAPANESE_USE_CASE, "monthly_requests": 20_000, "currency": "JPY"}
    )
    rec = advisor.recommend(profile)
    view = advisor.present(rec, profile, JAPANESE_TITLE, lang="ja")
    view = dataclasses.replace(view, date=date(2026, 12, 3))
    pdf = pdf_report(view, tmp_path / "japanese.pdf")
    text = subprocess.run(
        [tool("pdftotext"), str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    joined = re.sub(r"\s+", "", text)
    # In the order a reader expects: each heading after the one before it ("費用" is also
    # inside earlier text, so each is looked for from where the last one was found).
    at = 0
    for heading in JAPANESE_HEADINGS:
        found = joined.find(heading, at)
        assert found >= 0, heading
        at = found + len(heading)
    assert "AI導入に関する推奨·2026年12月3日" in joined and "円" in joined
    pages = [p for p in text.split("\f") if p.strip()]
    for number, page in enumerate(pages, 1):  # the footer, with the page count filled in
        assert f"{number}/{len(pages)}ページ" in re.sub(r"\s+", "", page), page[-200:]
    for english in ("Executive summary", "Page 1 of", "Talking points", "Decisions needed"):
        assert english not in text, english
