"""Japanese answers: read by rewriting them into the English reader's words, never a
silent guess, and Chinese or Korean still refused rather than misread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.conversation.evaluation import meant_matches, score_messages
from assistant.questionnaire.japanese import (
    JapaneseCues,
    cues_ja,
    evaluate_japanese,
    evaluate_japanese_messages,
    is_japanese,
    rewrite,
)
from assistant.questionnaire.parsing import FX_TO_USD, ParseResult, parse_answer
from assistant.questionnaire.questions import QUESTION_BY_FIELD
from assistant.questionnaire.reading import read_message
from assistant.questionnaire.text import UNREADABLE

JA = Path(__file__).resolve().parents[2] / "assistant" / "evalsets" / "ja"


def parse(field: str, text: str) -> ParseResult:
    return parse_answer(QUESTION_BY_FIELD[field], text)


def yen(amount: float) -> float:
    return float(amount * FX_TO_USD["JPY"])


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("monthly_requests", "月2万件くらい", 20000),
        ("monthly_requests", "毎月３万５千件ほどです", 35000),
        ("monthly_requests", "1日に120件前後", 3600),
        ("monthly_requests", "1営業日あたり100件", 2100),
        ("monthly_requests", "週に6千件", 26000),
        ("monthly_requests", "年間で24万件", 20000),
        ("monthly_requests", "四半期に9千件", 3000),
        ("monthly_requests", "30拠点でそれぞれ1日10件", 9000),
        ("monthly_requests", "毎月一万二千件", 12000),
        ("monthly_active_users", "1億2千万人", 120_000_000),
        ("monthly_active_users", "登録者4万人のうち2割くらい", 8000),
        ("labeled_examples", "正解付きのデータが1.5万件", 15000),
        ("labeled_examples", "特に無いです", 0),
        ("timeline_weeks", "3ヶ月", 13),
        ("timeline_weeks", "四か月で", 17),
        ("timeline_weeks", "半年", 26),
        ("timeline_weeks", "15営業日", 3),
        ("timeline_weeks", "8週間以内", 8),
        ("input_tokens", "A4で4枚", 2667),
        ("input_tokens", "1200文字ほど", 1200),
        ("input_tokens", "英語で600語", 800),
        ("output_tokens", "ラベルだけ", 5),
    ],
)
def test_japanese_figures_are_read_with_their_scale_and_period(
    field: str, text: str, expected: int
) -> None:
    result = parse(field, text)
    assert result.ok and not result.skipped and not result.check, result
    assert result.value == expected


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("monthly_requests", "千件くらい", 1000),
        ("monthly_requests", "一日千件", 30000),
        ("monthly_requests", "ひと月に2千件", 2000),
        ("monthly_requests", "年間およそ3万6千件", 3000),
        ("input_tokens", "A4一枚", 667),
        ("output_tokens", "3行くらい", 48),
        ("timeline_weeks", "1ヶ月半", 7),
        ("timeline_weeks", "1年半", 78),
        ("timeline_weeks", "半月", 2),
        ("timeline_weeks", "四半期以内", 13),
    ],
)
def test_kanji_numerals_and_halves(field: str, text: str, expected: int) -> None:
    result = parse(field, text)
    assert result.ok and result.value == expected and not result.check, result


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("monthly_requests", "月に二、三千件", 2500),
        ("input_tokens", "2、3ページ", 1667),
        ("input_tokens", "数ページ", 2000),
        ("timeline_weeks", "数か月", 13),
    ],
)
def test_two_or_three_and_a_few_are_confirmed(field: str, text: str, expected: int) -> None:
    result = parse(field, text)
    assert result.ok and result.value == expected and result.check, result


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("error_impact", "影響は小さい", "low"),
        ("error_impact", "中程度", "moderate"),
        ("human_review", "誰も見ない", "none"),
        ("human_review", "一部だけ確認", "sampled"),
        ("data_sensitivity", "社外秘です。個人情報はほぼ無いです", "confidential"),
        ("deployment", "クラウドは不可", "on_premises"),
        ("deployment", "国内リージョンなら可", "private_cloud"),
        ("eu_users", "海外展開はしていない", False),
        ("team_skill", "エンジニアはいなくて、ベンダー任せです", "none"),
        ("audience", "スタッフが見るだけで、お客様には出ません", "internal"),
    ],
)
def test_negation_follows_the_noun(field: str, text: str, expected: object) -> None:
    result = parse(field, text)
    assert result.ok and getattr(result.value, "value", result.value) == expected, result


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("eu_users", "EUのお客様はいない", False),
        ("labeled_examples", "正解付きのデータはありません", 0),
        ("latency", "月に一度まとめて", "batch"),
        ("audience", "外部には出さない", "internal"),
        ("error_impact", "ほぼ影響なし", "low"),
        ("team_skill", "外注する予定", "none"),
    ],
)
def test_a_negated_noun_phrase_is_negated_as_a_whole(
    field: str, text: str, expected: object
) -> None:
    result = parse(field, text)
    assert result.ok and getattr(result.value, "value", result.value) == expected, result


def test_an_undecided_budget_is_a_skip_not_zero() -> None:
    result = parse("monthly_budget_usd", "まだ予算は決まっていません")
    assert result.ok and result.skipped


def test_a_yes_inside_a_word_is_no_yes() -> None:
    assert "yes" not in rewrite("エンジニアはいない")
    assert parse("commercial_product", "はい").value is True


def test_a_corrected_figure_replaces_the_old_one() -> None:
    reading = read_message(
        "訂正です、月4万じゃなくて月6万件でした", None, {"monthly_requests": 40000}
    )
    assert reading.by_field()["monthly_requests"].value == 60000
    reading = read_message("すみません、800件は週じゃなくて1日でした", None, {})
    assert reading.by_field()["monthly_requests"].value == 24000


def test_three_months_is_thirteen_weeks_never_three() -> None:
    assert parse("timeline_weeks", "3ヶ月").value == 13
    assert parse("timeline_weeks", "３カ月").value == 13


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("年間600万円", 500_000, "JPY"),
        ("月に45万円まで", 450_000, "JPY"),
        ("予算は年2.4億円", 20_000_000, "JPY"),
        ("月¥120,000", 120_000, "JPY"),
        ("月3千ユーロくらい", 3000, "EUR"),
        ("月に800ドル", 800, "USD"),
    ],
)
def test_japanese_money_is_converted_to_a_monthly_amount(
    text: str, amount: int, currency: str
) -> None:
    result = parse("monthly_budget_usd", text)
    assert result.ok and not result.check
    assert meant_matches(
        "monthly_budget_usd", result.value, {"amount": amount, "currency": currency}
    )


@pytest.mark.parametrize(
    ("field", "text", "expected", "why"),
    [
        ("labeled_examples", "数百件", 300, "vague"),
        ("monthly_active_users", "数千人ほど", 3000, "vague"),
        ("monthly_requests", "1日に数百件", 9000, "vague"),
        ("monthly_requests", "十数件/日", 450, "range"),
        ("monthly_requests", "月4万〜6万件", 50000, "range"),
        ("monthly_budget_usd", "月30〜50万円", yen(400_000), "range"),
        ("timeline_weeks", "4〜6ヶ月", 22, "range"),
    ],
)
def test_vague_amounts_and_ranges_are_marked_to_confirm(
    field: str, text: str, expected: float, why: str
) -> None:
    result = parse(field, text)
    assert result.ok and result.check == why, result
    assert meant_matches(field, result.value, expected)


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("commercial_product", "はい、そうです", True),
        ("commercial_product", "いいえ、社内で使うだけです", False),
        ("eu_users", "ええ、スペインにもお客様がいます", True),
        ("eu_users", "いいえ", False),
        ("audience", "社員だけで使う予定", "internal"),
        ("audience", "取引先が見ます", "external"),
        ("data_sensitivity", "顧客の氏名と住所が入ります", "personal"),
        ("data_sensitivity", "病歴のデータを扱います", "special_category"),
        ("data_sensitivity", "個人情報は含まない、社内資料だけ", "internal"),
        ("deployment", "自社データセンターのみ", "on_premises"),
        ("deployment", "オンプレは不要、自社のAWSならOK", "private_cloud"),
        ("task_type", "会議の議事録を作る", "summarization"),
        ("task_type", "申込書から住所を抽出", "extraction"),
        ("latency", "即時じゃなくていい、翌日で", "batch"),
    ],
)
def test_japanese_choices_and_yes_no_are_read_by_meaning(
    field: str, text: str, expected: object
) -> None:
    result = parse(field, text)
    assert result.ok and not result.skipped
    assert getattr(result.value, "value", result.value) == expected


@pytest.mark.parametrize("text", ["わからないです", "スキップで", "お任せします"])
def test_a_japanese_skip_stores_nothing(text: str) -> None:
    result = parse("monthly_requests", text)
    assert result.ok and result.skipped and result.value is None


@pytest.mark.parametrize(
    "text", ["每月两万条", "这个项目需要三个月", "한 달에 2만 건", "30만 엔 정도"]
)
def test_chinese_and_korean_stay_unreadable(text: str) -> None:
    assert not is_japanese(text)
    for field in ("monthly_requests", "timeline_weeks", "monthly_budget_usd"):
        result = parse(field, text)
        assert not result.ok and result.value is None and result.message == UNREADABLE
    reading = read_message(text, QUESTION_BY_FIELD["monthly_requests"], {})
    assert reading.unreadable and not reading.findings


def test_a_japanese_use_case_is_kept_as_written() -> None:
    text = "  倉庫の出荷指示書を   自動で読み取りたい "
    result = parse("use_case", text)
    assert result.ok and result.value == "倉庫の出荷指示書を 自動で読み取りたい"
    assert not parse("use_case", "わからない").ok


def test_a_japanese_opener_keeps_the_use_case_and_reads_the_facts() -> None:
    text = "請求書の明細を月5千件抽出したい。社内だけで使います。オンプレ必須"
    found = read_message(text, QUESTION_BY_FIELD["use_case"], {}).by_field()
    assert found["use_case"].value == text
    assert found["monthly_requests"].value == 5000
    assert found["deployment"].value == "on_premises"
    assert found["task_type"].value == "extraction"


def test_a_pasted_japanese_sample_is_counted_not_read_as_words() -> None:
    sample = (
        "いつもお世話になっております。ご依頼の見積書を添付いたしますので、ご確認ください。"
        "納期は来週の金曜日を予定しております。ご不明な点がございましたら、担当までご連絡"
        "ください。なお、単価は前回と同じ条件で計算しております。よろしくお願いいたします。"
    ) * 2
    result = parse("input_tokens", sample)
    assert result.ok and not result.skipped and result.sample_text == sample.strip()
    assert isinstance(result.value, int) and result.value > 50
    reading = read_message(sample, QUESTION_BY_FIELD["input_tokens"], {})
    assert list(reading.by_field()) == ["input_tokens"]
    assert reading.by_field()["input_tokens"].sample_text == sample.strip()


def test_an_unread_japanese_number_is_re_asked_not_guessed() -> None:
    result = parse("monthly_requests", "たくさん来ます")
    assert not result.ok and result.value is None and result.message


def test_the_rewrite_leaves_no_japanese_and_is_deterministic() -> None:
    text = "月2万件くらい、A4で2〜3枚、個人情報は含まない"
    assert rewrite(text) == rewrite(text)
    assert is_japanese(text) and not is_japanese(rewrite(text))
    assert "20000" in rewrite(text) and "not personal data" in rewrite(text)


def test_an_amount_without_a_currency_is_in_yen_not_dollars() -> None:
    result = parse("monthly_budget_usd", "月8万くらい")
    assert meant_matches("monthly_budget_usd", result.value, {"amount": 80000, "currency": "JPY"})
    assert parse("monthly_budget_usd", "月に900ドル").value == 900
    found = read_message("予算は月8万くらいです", None, {}).by_field()
    assert found["monthly_budget_usd"].currency == "JPY"


def test_the_phrase_data_is_validated() -> None:
    data = cues_ja().model_dump()
    data["phrases"] = {"summarise": "要約", "classify": "要約"}
    with pytest.raises(ValidationError, match="read both as"):
        JapaneseCues.model_validate(data)
    data = cues_ja().model_dump()
    data["phrases"] = {"要約": "要約"}
    with pytest.raises(ValidationError, match="must be English"):
        JapaneseCues.model_validate(data)


def test_the_development_personas_messages_are_read() -> None:
    """Every opener, answer and aside of the development personas, read as a message."""
    personas = json.loads((JA / "personas_dev.json").read_text(encoding="utf-8"))
    items = []
    for persona in personas:
        items.append({"text": persona["opener"]["text"], "pending": None, **persona["opener"]})
        for name, answer in persona["answers"].items():
            items.append({**answer, "pending": name})
        items += [{**aside, "pending": None} for aside in persona.get("interjections", [])]
    score = score_messages(items, lambda t, q: read_message(t, q, {}))
    assert score.facts == 106
    assert score.read_right >= 102
    assert not score.misread


def test_the_development_answers_floor() -> None:
    score = evaluate_japanese(JA / "answers_dev.jsonl")
    assert score.total == 178
    assert score.understood >= 175
    assert len(score.misreads) <= 1
    assert score.confirm_given == score.confirm_required


def test_the_development_messages_floor() -> None:
    score = evaluate_japanese_messages(JA / "extraction_dev.jsonl")
    assert score.facts == 114
    assert score.read_right >= 110
    assert len(score.misread) <= 1
    assert score.unreadable_ok == score.unreadable
