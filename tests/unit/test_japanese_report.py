"""A Japanese assessment's recommendation and report: every fixed heading and label from
the Japanese catalogue, money in yen written the Japanese way, the date in Japanese form,
the meeting phrases a Japanese manager would say; document titles as the documents have
them; and English exactly as before."""

from __future__ import annotations

import re
from datetime import date

from assistant.advice.presentation import chat_text, present
from assistant.advice.report import markdown_report
from assistant.conversation.offline import present as chat_message
from tests.unit.test_presentation import recommend

JAPANESE_HEADINGS = [
    "## エグゼクティブサマリー",
    "**主なリスク**",
    "**必要なご判断**",
    "**次のアクション**",
    "| 時期 | 内容 | 担当 |",
    "## 前提条件と仮置き",
    "| 質問 | 回答 | 備考 |",
    "## 費用",
    "| 方式 | 月額費用 | 費用の内訳 |",
    "## 費用対効果",
    "| | 保守的 | 想定 | 算出の考え方 |",
    "## リスク",
    "## PoC計画(8週間)",
    "| KPI | 目標 | 測定方法 |",
    "**成功基準**",
    "**進め方**",
    "## 会議で使えるフレーズ",
    "## 出典",
]
ENGLISH_HEADINGS = re.compile(
    r"^(#+ |\*\*)(Executive summary|Top risks|Decisions needed|Next actions|Inputs and "
    r"assumptions|Costs|Break-even|Business case|Risks|Proof of concept plan|Success "
    r"criteria|Steps|Talking points|Sources|Appendix|Verdict|Track|Use case|Why|What to do|"
    r"Based on|Human review)",
    re.M,
)


def japanese_view():  # type: ignore[no-untyped-def]
    rec, profile = recommend(
        use_case="問い合わせメールを要約し、担当者が繰り返し寄せられる苦情を把握できるようにする",
        currency="JPY",
        minutes_per_item=6,
    )
    return rec, profile, present(rec, profile, today=date(2026, 12, 3), lang="ja")


def test_a_japanese_report_has_japanese_headings_and_no_english_one() -> None:
    _, _, view = japanese_view()
    text = markdown_report(view)
    assert "AI導入に関する推奨 · 2026年12月3日" in text
    for heading in JAPANESE_HEADINGS:
        assert heading in text, heading
    assert not ENGLISH_HEADINGS.search(text), ENGLISH_HEADINGS.search(text)
    assert "**結論:** " in text and "**理由:** " in text and "**対策:** " in text
    assert "本書は意思決定の参考資料であり、法的助言ではありません。" in text
    assert "<- 推奨" in text and "<- recommended" not in text


def test_japanese_money_is_in_yen_written_after_the_number() -> None:
    _, _, view = japanese_view()
    assert (
        view.summary.monthly_cost.value.startswith("月約")
        and "円" in view.summary.monthly_cost.value
    )
    assert "¥" not in markdown_report(view)
    assert view.money.rate_line().startswith("金額は 2026-")  # the ECB rate, said in Japanese


def test_the_verdict_the_approach_and_the_labels_are_japanese() -> None:
    _, _, view = japanese_view()
    s = view.summary
    assert s.verdict.endswith("PoC(概念実証)に着手")
    assert s.approach_phrase in ("ホスト型のモデルAPI", "プライベートクラウドのエンドポイント")
    assert {line.label for line in s.business_value} == {"純効果", "投資回収期間", "判断の分かれ目"}
    assert s.track.startswith("すぐに試す:")
    assert s.decisions[0].endswith("を承認するかどうか。")
    assert s.next_actions[0].when == "第1週"
    assert all(r.severity_label in ("致命的", "高", "中", "低") for r in view.risks)
    assert view.inputs[0].label == "用途" and any(i.assumed for i in view.inputs)


def test_talking_points_are_the_phrases_a_japanese_manager_says() -> None:
    _, _, view = japanese_view()
    points = view.talking_points
    # Safeguards first: the data is special-category.
    assert points[0] == "初日から安全策を講じたうえで、まずは小さく試して、数字で判断しましょう。"
    assert any(p.startswith("ご提案は「") for p in points)
    assert points[-1].startswith("契約・ライセンス・導入環境については")
    assert all(p.endswith("。") for p in points)


def test_document_titles_are_never_translated() -> None:
    rec, profile, view = japanese_view()
    english = present(rec, profile, today=date(2026, 12, 3))
    assert [d.title for d in view.sources] == [d.title for d in english.sources]
    assert [r.sources for r in view.risks] == [r.sources for r in english.risks]


def test_the_chat_texts_are_japanese() -> None:
    rec, _, view = japanese_view()
    short = chat_text(view)
    assert short.startswith(f"**{view.summary.verdict}**(") and "上の推奨カード" in short
    message = chat_message(rec, "JPY", "ja")
    assert message.startswith(f"## {view.summary.verdict}")
    assert "**方式別の月額費用:**" in message and "**会議で使えるフレーズ:**" in message
    assert "Monthly cost by option" not in message


def test_english_is_said_as_before() -> None:
    rec, profile = recommend()
    assert present(rec, profile, today=date(2026, 12, 3), lang="en") == present(
        rec, profile, today=date(2026, 12, 3)
    )
    text = markdown_report(present(rec, profile, today=date(2026, 12, 3)))
    assert "Adoption recommendation · 3 December 2026" in text and "## Executive summary" in text
    assert chat_message(rec).startswith("## Start a proof of concept")


def test_risks_kpis_and_the_plan_are_said_from_the_catalogue() -> None:
    _, _, view = japanese_view()
    titles = [r.title for r in view.risks]
    assert "プロンプトに含まれる個人情報・機密情報" in titles
    assert [k.label for k in view.plan.kpis][:2] == ["編集時間の削減", "事実の誤り"]
    assert view.plan.kpis[2].value.startswith("約") and view.plan.kpis[2].value.endswith(
        "以下(見積もりどおり)"
    )
    assert view.plan.steps[0].startswith("第1週:KPIを合意し")
    assert view.plan.steps[-1].startswith("第8週:KPIを基準値と比較し")
    assert view.plan.success_criteria[0].startswith("編集時間の削減:")
    assert view.plan.human_review.startswith("出力は月約60,000件のため、最初の2週間は")


def test_the_business_case_is_said_in_japanese_from_its_figures() -> None:
    _, _, view = japanese_view()
    business = view.business
    assert business is not None
    assert business.sensitivity.startswith("1件あたり") and "3分の削減" in business.sensitivity
    assert business.track_why.endswith("で投資を回収できます。")
    labels = dict((a.label, a.value) for a in business.assumptions)
    assert labels["現在の1件あたりの所要時間"] == "6分(ご回答)"
    assert view.overview.startswith("結論は「")


def test_large_yen_sums_are_written_in_man_and_oku() -> None:
    from assistant.advice.money import money_for

    yen = money_for("JPY", "ja")
    assert yen.text(2_600) == "2,600円"
    assert yen.text(470_000) == "47万円"
    assert yen.text(7_400_000) == "740万円"
    assert yen.text(130_000_000) == "1.3億円"
    assert money_for("JPY").text(7_400_000) == "¥7.4M"  # English as before


def test_recommend_takes_the_report_language() -> None:
    from assistant.cli import build_parser

    assert build_parser().parse_args(["recommend", "--profile", "p.json"]).lang == "en"
    assert (
        build_parser().parse_args(["recommend", "--profile", "p.json", "--lang", "ja"]).lang == "ja"
    )


# Latin letters a Japanese line may keep: names of models, machines, laws and studies.
_NAMES = re.compile(
    r"(?<![A-Za-z])(PoC|KPI|API|AI|EU|GDPR|DPIA|AWS|NVIDIA|Bedrock|regional endpoint|"
    r"ChatGPT|OCR|vCPU|GiB|GB|Noy|Zhang|Peng|"
    r"Brynjolfsson|Li|Raymond|A/B|ML|[a-z]+\d[\w.\-]*|gpt[\w.\-]*|claude[\w.\-]*|\d[\w.,]*)"
    r"(?![A-Za-z])"
)


def english_in(text: str) -> list[str]:
    """The English words left in Japanese text once names, numbers and units are out."""
    return re.findall(r"[A-Za-z]{3,}", _NAMES.sub(" ", text))


def test_why_each_default_was_taken_is_said_in_japanese() -> None:
    _, _, view = japanese_view()
    assumed = [line.explanation for line in view.inputs if line.assumed]
    assert len(assumed) >= 5
    for explanation in assumed:
        assert explanation.startswith("仮置き"), explanation
        assert not english_in(explanation), explanation
    business = view.business
    assert business is not None
    for line in business.assumptions:
        assert not english_in(line.value), line


def test_each_option_s_arithmetic_is_said_in_japanese() -> None:
    _, _, view = japanese_view()
    hosted = [row for row in view.costs if "トークン" in row.detail]
    assert hosted, [row.detail for row in view.costs]
    for row in view.costs:
        assert not english_in(row.detail), row.detail


def test_a_japanese_report_cites_the_japanese_versions_of_the_documents() -> None:
    from pathlib import Path

    from assistant.config import Settings
    from assistant.wiring import Advisor

    rec, profile, _ = japanese_view()
    root = Path(__file__).resolve().parents[2]
    advisor = Advisor(Settings(knowledge_dir=root / "knowledge"))
    japanese = advisor.present(rec, profile, lang="ja")
    english = advisor.present(rec, profile)
    assert [d.doc_id for d in japanese.sources] == [d.doc_id for d in english.sources]
    for doc in japanese.sources:
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", doc.title), doc.title
    assert all(not re.search(r"[\u3040-\u30ff]", d.title) for d in english.sources)
