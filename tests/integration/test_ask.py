"""The ask command and retrieval quality on the real knowledge base."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.kb.quality import first_relevant_rank, load_questions, measure
from assistant.schemas import Source
from tests.conftest import KNOWLEDGE, run_cli

pytestmark = pytest.mark.integration

# Floors that catch a regression; docs/benchmarks.md reports the measured values.
RECALL_AT_5_FLOOR = 0.92
MRR_FLOOR = 0.75

OFF_TOPIC = [
    "What is a good recipe for lasagne?",
    "Who won the football world cup in 1998?",
    "How do I change a flat bicycle tyre?",
    "What's the weather going to be like in Lisbon tomorrow?",
]


def test_labelled_questions_are_well_formed() -> None:
    from assistant.kb.documents import load_documents

    known = {d.id for d in load_documents(KNOWLEDGE)}
    questions = load_questions()
    assert len(questions) >= 40
    for item in questions:
        assert item.relevant and set(item.relevant) <= known, item


def test_retrieval_quality_meets_the_floor(advisor) -> None:  # type: ignore[no-untyped-def]
    quality = measure(lambda q, k: advisor.search(q, k=k), load_questions(), k=5)
    assert quality.recall_at_k >= RECALL_AT_5_FLOOR, quality.misses
    assert quality.mrr >= MRR_FLOOR


def test_first_relevant_rank_counts_distinct_documents() -> None:
    def src(doc_id: str) -> Source:
        return Source(
            doc_id=doc_id, title="t", category="costs", path="p", heading="h", score=0.5, text="x"
        )

    sources = [src("a"), src("a"), src("b"), src("c")]
    assert first_relevant_rank(sources, ("c",)) == 3
    assert first_relevant_rank(sources, ("z",)) is None


def test_search_filters_by_category_and_spreads_documents(advisor) -> None:  # type: ignore[no-untyped-def]
    hits = advisor.searcher.search(
        "what does it cost and is it allowed",
        k=8,
        category="licensing",
        min_score=0.0,
        relevance_floor=0.0,
    )
    assert hits and all(h.category == "licensing" for h in hits)
    spread = advisor.searcher.search("EU AI Act obligations", k=8, per_document=2)
    counts: dict[str, int] = {}
    for hit in spread:
        counts[hit.doc_id] = counts.get(hit.doc_id, 0) + 1
    assert max(counts.values()) <= 2


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_questions_get_no_sources_and_say_so(advisor, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = advisor.ask(question)
    assert answer.sources == []
    assert "nothing that answers" in answer.answer


def test_answer_cites_only_retrieved_passages(advisor) -> None:  # type: ignore[no-untyped-def]
    answer = advisor.ask("Can we use Llama in a product with a billion monthly users?")
    assert answer.sources[0].doc_id == "licensing-llama-community"
    quoted = answer.answer.split("\nSources:")[0]
    bullets = [line for line in quoted.splitlines() if line.startswith("- ")]
    assert bullets
    passages = " ".join(s.text for s in answer.sources)
    for line in bullets:
        marker = int(line.rsplit("[", 1)[1].rstrip("]"))
        assert 1 <= marker <= len(answer.sources)
        sentence = line[2:].rsplit(" [", 1)[0]
        # every quoted sentence appears (modulo Markdown) in the passage it cites
        assert sentence.split()[0] in passages
    assert "700 million" in answer.answer


def test_ask_file_prints_json_lines_in_order(indexed_data_dir: Path, tmp_path: Path) -> None:
    questions = [
        "How much does an LLM answer cost compared with a keyword search?",
        "What is a lasagne recipe?",
        "Do we have to tell users they are talking to an AI in the EU?",
    ]
    path = tmp_path / "q.txt"
    path.write_text("\n".join(questions) + "\n\n")
    done = run_cli("ask", "--file", str(path), "--json", "--k", "3", data_dir=indexed_data_dir)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["question"] for r in rows] == questions
    assert all(r["mode"] == "offline" for r in rows)
    assert all(len(r["sources"]) <= 3 for r in rows)
    assert rows[1]["sources"] == []
    assert rows[0]["sources"][0]["doc_id"] == "costs-llm-vs-keyword-search"
    assert set(rows[0]["sources"][0]) == {
        "doc_id",
        "title",
        "category",
        "path",
        "heading",
        "score",
        "text",
        "lang",
    }
    assert rows[0]["sources"][0]["lang"] == "en"
    scores = [s["score"] for s in rows[2]["sources"]]
    assert all(0 < s <= 1 for s in scores)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["ask"], "give a QUESTION"),
        (["ask", "--k", "0", "q"], "--k takes a whole number from 1 to 20"),
        (["ask", "--file", "/no/such/file.txt"], "no such file"),
        (["ask", "x" * 2500], "the limit is 2,000"),
        (["nonsense"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_with_status_2(
    indexed_data_dir: Path, args: list[str], expected: str
) -> None:
    done = run_cli(*args, data_dir=indexed_data_dir)
    assert done.returncode == 2
    assert expected in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_ask_builds_the_index_on_first_use(tmp_path: Path) -> None:
    done = run_cli(
        "ask",
        "Is summarising documents a safe place to start?",
        "--json",
        data_dir=tmp_path / "fresh",
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["sources"] and (tmp_path / "fresh" / "index" / "chroma").exists()
