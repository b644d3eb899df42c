"""Follow-ups in a Japanese assessment are answered in Japanese from the assessment itself,
and a Japanese request mid-interview is not read as an answer."""

from __future__ import annotations

import re

import pytest

from assistant.conversation.evaluation import DialogueSession
from tests.unit.test_dialogue import session
from tests.unit.test_japanese_report import english_in

OPENER = (
    "問い合わせメールの返信案を作りたいです。月2万件、個人情報を含みます。"
    "オペレーターが全件確認してから送ります。予算は月50万円。"
)


def japanese_session() -> DialogueSession:
    chat = session()
    chat.interview.lang = "ja"
    chat.send(OPENER)
    for _ in range(40):
        if chat.recommendation is not None:
            return chat
        chat.send("はい" if chat.interview.checks else "スキップ")
    raise AssertionError("the interview did not finish")


@pytest.fixture(scope="module")
def finished() -> DialogueSession:
    return japanese_session()


def english_words(reply: str) -> list[str]:
    """The English words left in a reply once names, numbers and units are taken out."""
    return english_in(reply)


@pytest.mark.parametrize(
    ("question", "frame"),
    [
        ("やるべきですか？", "はい"),
        ("コストを説明してください", "計算の根拠"),
        ("元は取れますか？", "投資回収"),
        ("リスクを3つ教えて", "主なリスク"),
        ("ChatGPTではだめですか？", "この案件のお勧め"),
    ],
)
def test_a_follow_up_is_answered_in_japanese_from_the_assessment(
    finished: DialogueSession, question: str, frame: str
) -> None:
    reply, _interview, rec = finished.send(question)
    assert rec is not None
    assert frame in reply, reply
    assert not english_words(reply), english_words(reply)


def test_the_top_n_risks_are_exactly_n(finished: DialogueSession) -> None:
    reply, *_ = finished.send("リスクを2つ教えて")
    assert len(re.findall(r"^\d\. ", reply, re.M)) == 2


def test_pilot_figures_in_japanese_are_compared_with_the_kpis(finished: DialogueSession) -> None:
    reply, *_ = finished.send("採用率62%、時間削減18%でした。十分ですか？")
    assert "計画との比較" in reply
    # Both figures are matched to the plan's KPIs, and neither meets its target.
    assert reply.count("未達") == 2
    assert "改善して継続" in reply or "中止" in reply


def test_a_japanese_what_if_leaves_the_assessment_and_says_what_changes(
    finished: DialogueSession,
) -> None:
    before = finished.interview.model_dump()
    reply, interview, _rec = finished.send("月15万件だったら？")
    assert interview.model_dump() == before
    assert "保存済みの評価は変わりません" in reply and "月額費用" in reply
    assert "月額約月" not in reply  # the monthly amount is said once
    assert not english_words(reply), english_words(reply)


def test_a_japanese_request_mid_interview_is_not_taken_as_an_answer() -> None:
    chat = session()
    chat.interview.lang = "ja"
    chat.send(OPENER)
    pending = chat.interview.next_question()
    assert pending is not None and pending.kind == "choice"
    known = dict(chat.interview.known())
    for request in ("リスクを3つ教えて", "コストを説明してください", "元は取れますか"):
        reply, interview, _ = chat.send(request)
        assert dict(interview.known()) == known, request  # nothing stored
        assert not interview.checks
    assert "評価が完了した時点で" in reply


def test_going_ahead_before_the_core_answers_says_why_this_one_is_needed() -> None:
    chat = session()
    chat.interview.lang = "ja"
    chat.send(OPENER)
    reply, _interview, rec = chat.send("このまま進めて")
    assert rec is None and "推奨内容を左右する" in reply
    english = session()
    english.send("Draft replies to 20k customer emails a month")
    reply, *_ = english.send("go ahead")
    assert "shape the recommendation" in reply


def test_a_choice_typed_back_with_nomi_or_desu_is_that_choice() -> None:
    from assistant.questionnaire.questions import QUESTION_BY_FIELD
    from assistant.questionnaire.wording import own_words

    deployment = QUESTION_BY_FIELD["deployment"]
    assert own_words(deployment, "自社のクラウド環境のみ", "ja") == "Our own cloud account"
    assert own_words(deployment, "「自社サーバー」です", "ja") == "Our own servers"
    audience = QUESTION_BY_FIELD["audience"]
    assert own_words(audience, "社内の従業員のみです", "ja") == "Our own staff"
