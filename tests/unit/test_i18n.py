"""The language of an assessment: the Japanese catalogue has every text the interview says,
a Japanese manager is interviewed in Japanese through the facade (chosen, or detected from
the first message), the choice is kept with the assessment, and an assessment stored before
languages existed is English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

import assistant
from assistant.cli import UsageError, build_parser
from assistant.config import Settings
from assistant.conversation.offline import OfflineDialogue
from assistant.conversation.service import Conversation
from assistant.conversation.store import SessionStore
from assistant.i18n import catalogue_ids, translator
from assistant.questionnaire import QUESTION_BY_FIELD, QUESTIONS, Interview
from assistant.questionnaire import reading as reader
from assistant.questionnaire.japanese import is_japanese
from assistant.questionnaire.wording import catalogued_texts, describe, own_words, say_message
from tests.conftest import KNOWLEDGE
from tests.unit.test_dialogue import fake_search
from tests.unit.test_engine import engine

PACKAGE = Path(assistant.__file__).parent
OPENER = "問い合わせメールが月2万件くらいあり、返信の下書きをAIで作りたい。個人情報が含まれます。"
# Every prompt of the interview in English: none may reach a Japanese manager.
ENGLISH_PROMPTS = [q.prompt for q in QUESTIONS]


@pytest.fixture
def conv(tmp_path: Path) -> Conversation:
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=KNOWLEDGE)
    offline = OfflineDialogue(fake_search, engine().recommend, None)
    return Conversation(settings, SessionStore(settings.sessions_db), offline)


def code_messages() -> set[str]:
    """The texts the code marks for the catalogue (``tr("…")`` and ``N_("…")``), in the
    package and in the web pages (the recommendation card says its labels the same way)."""
    found = [
        message
        for folder in (PACKAGE, PACKAGE.parent / "ui")
        for _, _, message, _, _ in extract_from_dir(
            str(folder), method_map=[("**.py", "python")], keywords={"tr": None, "N_": None}
        )
    ]
    return {message for message in found if isinstance(message, str)}


def reader_reasons() -> set[str]:
    """The reader's reasons to confirm a figure ("that is very few for a business process")."""
    return set(re.findall(r'return "(that is [^"{]+)"', Path(reader.__file__).read_text()))


def no_english_question(text: str) -> None:
    for prompt in ENGLISH_PROMPTS:
        assert prompt not in text
    assert "**Question" not in text and "Here is what I understood" not in text


# -- the catalogue -----------------------------------------------------------------------


def test_every_text_the_interview_says_is_in_the_japanese_catalogue() -> None:
    wanted = code_messages() | {t for t in catalogued_texts() if t} | reader_reasons()
    assert len(wanted) > 300  # the extractor found the marked texts
    missing = sorted(wanted - catalogue_ids("ja"))
    assert not missing, missing[:10]


def test_every_translation_uses_only_the_placeholders_of_its_english() -> None:
    # A translation may leave one out ("~375 words" means nothing for a Japanese text),
    # never name one its English does not fill.
    ja = translator("ja")
    for message in catalogue_ids("ja"):
        names = set(re.findall(r"\{(\w*)\}", message))
        assert set(re.findall(r"\{(\w*)\}", ja(message))) <= names, message
        assert all(name for name in names), f"positional placeholder in {message!r}"


def test_english_says_the_message_id_and_a_missing_japanese_entry_falls_back_to_it() -> None:
    assert translator("en")("Got it: {fact}.") == "Got it: {fact}."
    assert translator("ja")("A text nobody translated.") == "A text nobody translated."
    assert translator("ja")("Got it: {fact}.").startswith("承知しました")
    assert translator("xx") is translator("en")  # an unknown language is English


def test_values_are_said_in_japanese_word_order() -> None:
    assert describe("monthly_requests", 20_000, lang="ja") == "月20,000件"
    assert describe("monthly_requests", 20_000) == "20,000 a month"
    assert describe("timeline_weeks", 13, lang="ja") == "13週間"
    assert describe("data_sensitivity", "personal", lang="ja") == "個人情報"
    assert describe("eu_users", False, lang="ja") == "いいえ"


def test_a_re_ask_is_said_in_japanese() -> None:
    question = QUESTION_BY_FIELD["monthly_requests"]
    english = (
        "I didn't catch an answer. I need a number of requests, like '2,000 a day' or "
        "'50k a month'."
    )
    said = say_message(english, question, "ja")
    assert said.startswith("ご回答を読み取れませんでした。") and "月5万件" in said
    assert say_message(english, question, "en") == english
    audience = QUESTION_BY_FIELD["audience"]
    picked = say_message(
        "Please pick one of: 'Our own staff' or 'Customers or the public'.", audience, "ja"
    )
    assert picked == "次のいずれかでお答えください:「社内の従業員のみ」または「お客様・社外の方」。"


def test_a_choice_typed_back_as_shown_is_read_as_that_choice() -> None:
    question = QUESTION_BY_FIELD["team_skill"]
    assert own_words(question, "ある程度です", "ja") == "Some"
    assert own_words(question, "ある程度です", "en") == "ある程度です"
    areas = QUESTION_BY_FIELD["annex_iii_areas"]
    assert own_words(areas, "雇用・労務、与信・保険・公的給付", "ja") == (
        "Jobs and workers, Credit, insurance and public benefits"
    )


# -- through the facade ------------------------------------------------------------------


def test_a_japanese_opener_gets_japanese_questions_and_a_japanese_summary(
    conv: Conversation,
) -> None:
    opened = conv.start("ja-opener")
    assert opened.lang == "en" and opened.reply.startswith("Hello!")  # nothing said yet
    reply = conv.respond("ja-opener", OPENER)
    assert reply.lang == "ja"
    assert reply.reply.startswith("次のように理解しました。")
    assert "- 件数:月20,000件" in reply.reply
    assert "- 最も機密性の高いデータ:個人情報" in reply.reply
    assert "違っている点があれば、ご遠慮なくご訂正ください。" in reply.reply
    assert "**質問 5/" in reply.reply  # the next question, in Japanese
    no_english_question(reply.reply)
    assert reply.question is not None and reply.question.field == "audience"
    assert reply.question.prompt.startswith("モデルが作成したものを")
    assert reply.question.choices is not None
    assert [c.label for c in reply.question.choices] == ["社内の従業員のみ", "お客様・社外の方"]
    assert reply.contract_json()["lang"] == "ja"
    # A button's label, sent as it is shown, answers the question.
    answered = conv.respond("ja-opener", "お客様・社外の方")
    assert answered.reply.startswith("承知しました。「出力を見る人:お客様・社外の方」")
    assert answered.profile["audience"]["value"] == "external"
    no_english_question(answered.reply)


def test_a_japanese_yes_confirms_a_rough_figure(conv: Conversation) -> None:
    conv.start("ja-confirm", lang="ja")
    conv.respond("ja-confirm", "問い合わせメールへの返信の下書きをAIで作りたい")
    check = conv.respond("ja-confirm", "月数千件くらい")
    assert check.reply.startswith("記録する前に念のため確認させてください。")
    assert "**件数:月3,000件**" in check.reply
    assert "about a few thousand" not in check.reply  # not the reader's English
    confirmed = conv.respond("ja-confirm", "はい")
    assert confirmed.reply.startswith(
        "ありがとうございます。「件数:月3,000件」として記録しました。"
    )
    assert confirmed.profile["monthly_requests"] == {"value": 3000, "source": "confirmed"}


def test_a_chosen_japanese_speaks_japanese_to_an_english_looking_first_message(
    conv: Conversation,
) -> None:
    opened = conv.start("ja-chosen", lang="ja")
    assert opened.lang == "ja" and opened.reply.startswith("こんにちは。Adoption Advisor です。")
    no_english_question(opened.reply)
    reply = conv.respond("ja-chosen", "We want AI drafts of replies to 20k support emails a month")
    assert reply.lang == "ja"
    assert "件数:月20,000件" in reply.reply
    no_english_question(reply.reply)
    assert is_japanese(reply.reply)
    # The language is kept with the assessment: a later process speaks Japanese too.
    again = Conversation(conv.settings, SessionStore(conv.store.path), conv.offline)
    assert again.state("ja-chosen").lang == "ja"
    assert again.respond("ja-chosen", "customers").reply.startswith("承知しました。")


def test_an_english_opener_stays_english_as_before(conv: Conversation) -> None:
    reply = conv.respond("en-opener", "We want AI drafts of replies to 20k support emails a month")
    assert reply.lang == "en"
    assert reply.reply.startswith("Here is what I understood:\n- ")
    assert "**Question " in reply.reply


def test_the_language_can_be_changed_and_the_question_is_asked_again_in_it(
    conv: Conversation,
) -> None:
    conv.respond("switch", "We want AI drafts of replies to 20k support emails a month")
    switched = conv.start("switch", lang="ja")
    assert switched.lang == "ja"
    assert switched.reply.startswith("ここからは日本語でご案内します。\n\n**質問 ")
    back = conv.set_language("switch", "en")
    assert back.reply.startswith("I'll continue in English.\n\n**Question ")
    with pytest.raises(ValueError, match="use en or ja"):
        conv.set_language("switch", "fr")


def test_an_assessment_stored_before_languages_existed_is_english(conv: Conversation) -> None:
    old = Interview().model_dump(mode="json")
    old.pop("lang")
    conv.store.create(old, session_id="from-before", messages=[("assistant", "Hello!", {})])
    assert Interview.model_validate(old).lang == "en"
    assert conv.state("from-before").lang == "en"
    # Its next message is not a first message: even in Japanese it does not switch.
    reply = conv.respond("from-before", OPENER)
    assert reply.lang == "en" and "Here is what I understood" in reply.reply


def test_chat_json_carries_the_language_and_the_cli_takes_lang() -> None:
    args = build_parser().parse_args(["chat", "--lang", "ja"])
    assert args.lang == "ja"
    with pytest.raises(UsageError, match="invalid choice: 'fr'"):
        build_parser().parse_args(["chat", "--lang", "fr"])
    readme = (PACKAGE.parent / "README.md").read_text()
    assert "--lang en|ja" in readme and '`lang` (`"en"`' in readme


def test_a_japanese_greeting_and_the_fixed_replies_are_japanese() -> None:
    dialogue = OfflineDialogue(fake_search, engine().recommend, None)
    interview = Interview(lang="ja")
    hello = dialogue.handle(interview, None, "こんにちは").reply
    assert hello.startswith("こんにちは。引き続きよろしくお願いいたします。\n\n**質問 1/")
    assert dialogue.handle(interview, None, "help").reply.startswith("用途についてお話を伺い")
    answer, _ = dialogue._knowledge("What is the best pizza?", "ja")
    assert answer.startswith("その点についてはガイダンスがございません。")


def test_a_japanese_question_mid_interview_is_answered_not_read_as_an_answer(
    conv: Conversation,
) -> None:
    conv.start("ja-aside", lang="ja")
    conv.respond("ja-aside", OPENER)  # the audience question is pending
    aside = conv.respond("ja-aside", "個人情報を海外のクラウドに出すのは問題ありませんか？")
    assert "それでは、評価の続きに戻ります。" in aside.reply
    assert aside.question is not None and aside.question.field == "audience"
    assert "audience" not in aside.profile  # nothing stored from a question


def test_every_japanese_text_s_bold_renders_as_bold() -> None:
    """CommonMark closes ``**`` after punctuation only before a space or punctuation, so
    「**効果:**純額」 shows its asterisks; each entry is rendered to check none is left."""
    from markdown_it import MarkdownIt

    render = MarkdownIt("commonmark").render
    tr = translator("ja")
    # Placeholders filled with ordinary words, as they are when said.
    filled = {
        message: re.sub(r"\{\w+\}", "値", tr(message))
        for message in catalogue_ids("ja")
        if "**" in tr(message)
    }
    assert filled
    left = [text for text in filled.values() if "**" in render(text)]
    assert not left, left[:5]
