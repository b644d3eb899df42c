"""``python -m assistant bench``: the figures ``docs/benchmarks.md`` reports.

Everything is measured in one run on this machine and reported as medians and ratios, so
the numbers compare like with like even on a busy or slow machine. Sections can be chosen
with ``--only``; ``--scale N`` sets the synthetic index size (default 100,000 passages).
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from assistant import processes
from assistant.config import Settings

Report = dict[str, Any]


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


# -- knowledge base ------------------------------------------------------------------------


def bench_reindex(settings: Settings, runs: int = 3) -> Report:
    """Full re-index vs a no-op re-index of the real knowledge base."""
    from assistant.kb.store import forget_client
    from assistant.wiring import build_advisor

    work = Path(tempfile.mkdtemp(prefix="advisor-bench-"))
    try:
        local = Settings(data_dir=work / "data", knowledge_dir=settings.knowledge_dir)
        advisor = build_advisor(local)
        advisor.embedder.embed(["warm up the model"])  # model load is not re-index time
        full = [_timed(lambda: advisor.reindex(full=True)) for _ in range(runs)]
        noop = [_timed(lambda: advisor.reindex()) for _ in range(max(5, runs))]
        summary = advisor.reindex()
        forget_client(local)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    full_median, noop_median = statistics.median(full), statistics.median(noop)
    return {
        "documents": summary.documents,
        "chunks": summary.chunks,
        "full_reindex_s": round(full_median, 3),
        "noop_reindex_s": round(noop_median, 3),
        "noop_to_full_ratio": round(noop_median / full_median, 4),
        "target_noop_to_full_ratio": 0.10,
    }


def bench_ask(settings: Settings) -> Report:
    """Per-question ask time against the floor (query embedding + one raw Chroma query on
    the same collection), and retrieval quality on the labelled questions."""
    from assistant.kb.quality import load_questions, measure
    from assistant.wiring import build_advisor

    advisor = build_advisor(settings)
    advisor.ensure_index()
    questions = load_questions()
    collection = advisor.store.active_collection()
    assert collection is not None
    advisor.ask(questions[0].question)  # warm: model, BM25 index, Chroma segments
    ratios: list[float] = []
    ask_times: list[float] = []
    floor_times: list[float] = []
    for item in questions:
        question = item.question

        def floor_query(q: str = question) -> object:
            vector = advisor.embedder.embed_query(q).tolist()
            return collection.query(query_embeddings=[vector], n_results=5)

        def ask_query(q: str = question) -> object:
            return advisor.ask(q)

        floor = min(_timed(floor_query) for _ in range(3))
        ask = min(_timed(ask_query) for _ in range(3))
        floor_times.append(floor)
        ask_times.append(ask)
        ratios.append(ask / floor)
    quality = measure(lambda q, k: advisor.search(q, k=k), questions, k=5)
    return {
        "questions": len(questions),
        "chunks": collection.count(),
        "ask_median_ms": _ms(statistics.median(ask_times)),
        "floor_median_ms": _ms(statistics.median(floor_times)),
        "ask_to_floor_median_ratio": round(statistics.median(ratios), 2),
        "target_ask_to_floor_ratio": 2.0,
        "recall_at_5": round(quality.recall_at_k, 3),
        "mrr": round(quality.mrr, 3),
        "target_recall_at_5": 0.9,
    }


def _synthetic_corpus(n: int, seed: int = 7) -> tuple[list[str], np.ndarray]:
    """Texts drawn from the knowledge base's vocabulary, and random unit vectors: the
    index's size and shape without hours of embedding."""
    rng = np.random.default_rng(seed)
    vocabulary = (
        "model cost token licence privacy security deployment evaluation regulation "
        "summary contract latency budget review pilot vendor cloud premises risk data "
        "customer team accuracy audit scale price api weights open compliance"
    ).split()
    words = rng.choice(vocabulary, size=(n, 24))
    texts = [" ".join(row) for row in words]
    vectors = rng.normal(size=(n, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return texts, vectors


def _fill(store: Any, name: str, texts: list[str], vectors: np.ndarray) -> None:
    from assistant.kb.store import ActiveIndex

    collection = store.create(name)
    for start in range(0, len(texts), 5000):
        stop = min(start + 5000, len(texts))
        collection.add(
            ids=[f"synthetic::{i}" for i in range(start, stop)],
            embeddings=vectors[start:stop].tolist(),
            documents=texts[start:stop],
            metadatas=[
                {
                    "doc_id": f"synthetic-{i // 6}",
                    "title": "Synthetic",
                    "category": "costs",
                    "heading": "Synthetic",
                    "path": "synthetic.md",
                    "tags": "",
                    "position": i % 6,
                    "doc_hash": "0",
                    "tokens": 24,
                }
                for i in range(start, stop)
            ],
        )
    store.activate(ActiveIndex(name, "", "all-MiniLM-L6-v2", 1, len(texts) // 6, len(texts)))


def _query_latency(settings: Settings, queries: list[str]) -> Report:
    from assistant.kb.embeddings import Embedder
    from assistant.kb.search import Searcher
    from assistant.kb.store import VectorStore, open_client

    embedder = Embedder()
    store = VectorStore(open_client(settings), embedder)
    collection = store.active_collection()
    assert collection is not None
    vectors = embedder.embed(queries)
    dense: list[float] = []
    for vector in vectors:
        collection.query(query_embeddings=[vector.tolist()], n_results=5)  # warm
        embedding = vector.tolist()
        dense.append(
            _timed(lambda e=embedding: collection.query(query_embeddings=[e], n_results=5))  # type: ignore[misc]
        )
    searcher = Searcher(store, embedder)
    load = _timed(lambda: searcher.search(queries[0], k=5, relevance_floor=0.0))
    hybrid = [
        _timed(lambda q=q: searcher.search(q, k=5, relevance_floor=0.0))  # type: ignore[misc]
        for q in queries
    ]
    return {
        "dense_query_p50_ms": _ms(_percentile(dense, 50)),
        "dense_query_p95_ms": _ms(_percentile(dense, 95)),
        "hybrid_search_p50_ms": _ms(_percentile(hybrid, 50)),
        "hybrid_search_p95_ms": _ms(_percentile(hybrid, 95)),
        "searcher_load_s": round(load, 2),
    }


free_port = processes.free_port  # the benchmark's servers (bench_browser imports it here)


def _wait_for_server(settings: Settings, seconds: float = 60) -> Any:
    from assistant.kb.store import StoreUnavailable, VectorStore, open_client

    deadline = time.monotonic() + seconds
    while True:
        try:
            return VectorStore(open_client(settings))
        except StoreUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def bench_scale(chunks: int, queries: list[str]) -> Report:
    """Query latency at ``chunks`` synthetic passages, embedded and on a `chroma run`
    server started for the run."""
    from assistant.kb.store import VectorStore, forget_client, open_client

    texts, vectors = _synthetic_corpus(chunks)
    report: Report = {"chunks": chunks, "queries": len(queries), "target_p95_ms": 50}
    work = Path(tempfile.mkdtemp(prefix="advisor-scale-"))
    server = None
    try:
        embedded = Settings(data_dir=work / "embedded")
        started = time.perf_counter()
        _fill(VectorStore(open_client(embedded)), "kb-synthetic", texts, vectors)
        report["embedded_load_s"] = round(time.perf_counter() - started, 1)
        report["embedded"] = _query_latency(embedded, queries)
        forget_client(embedded)

        port = free_port()
        chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or "chroma"
        server = subprocess.Popen(
            [
                chroma,
                "run",
                "--path",
                str(work / "server"),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        remote = Settings(data_dir=work / "remote", chroma_url=f"http://127.0.0.1:{port}")
        store = _wait_for_server(remote)
        started = time.perf_counter()
        _fill(store, "kb-synthetic", texts, vectors)
        report["server_load_s"] = round(time.perf_counter() - started, 1)
        report["server"] = _query_latency(remote, queries)
        forget_client(remote)
    finally:
        if server is not None:
            processes.stop(server, timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    return report


# -- advice and conversation ---------------------------------------------------------------


def bench_advice(settings: Settings, seconds: float = 3.0) -> Report:
    """Recommendations per second over varied profiles, and free-text answers understood
    at the first try on the labelled answer set."""
    from importlib import resources

    from assistant.questionnaire import evaluate
    from assistant.schemas import Profile
    from assistant.wiring import build_advisor

    advisor = build_advisor(settings)
    engine = advisor.engine
    tasks = [
        "summarization",
        "drafting",
        "classification",
        "extraction",
        "search_qa",
        "conversation",
        "forecasting",
        "translation",
    ]
    profiles = [
        Profile(
            use_case="Benchmark use case",
            task_type=task,  # type: ignore[arg-type]
            monthly_requests=10 ** (2 + n % 6),
            data_sensitivity="personal"  # type: ignore[arg-type]
            if n % 3 == 0
            else "internal",
        )
        for n, task in enumerate(tasks * 4)
    ]
    per_second = _recommendations_per_second(engine, profiles, seconds)
    # The same over every way work is billed (images read, speech, images generated) and
    # every deployment, with budgets and labelled examples that move the choice.
    kinds = [
        ("Spot surface defects on camera images of castings", "vision"),
        ("Summarise recorded contact-centre calls", "speech"),
        ("Generate product images for the online shop", "drafting"),
        ("Route support tickets to the right queue", "classification"),
    ]
    mixed = [
        Profile(
            use_case=use_case,
            task_type=task,  # type: ignore[arg-type]
            monthly_requests=10 ** (2 + n % 6),
            deployment=("any", "private_cloud", "on_premises")[n % 3],  # type: ignore[arg-type]
            data_sensitivity="personal" if n % 2 else "internal",  # type: ignore[arg-type]
            labeled_examples=20_000 if n % 4 == 0 else 0,
            monthly_budget_usd=(None, 50.0, 5_000.0)[n % 3],
        )
        for n, (use_case, task) in enumerate(kinds * 6)
    ]
    every_modality = _recommendations_per_second(engine, mixed, seconds)
    answers = Path(str(resources.files("assistant") / "evalsets" / "answers.jsonl"))
    understood, total, _ = evaluate(answers, advisor.similarity)
    return {
        "recommendations_per_second": per_second,
        "recommendations_per_second_every_modality": every_modality,
        "answers": total,
        "answers_understood_first_time": round(understood / total, 3),
        "target_understood": 0.9,
    }


def _recommendations_per_second(engine: Any, profiles: list[Any], seconds: float) -> float:
    """Recommendations a second over ``profiles`` in turn for ``seconds``, after one warm-up."""
    engine.recommend(profiles[0])
    done = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        engine.recommend(profiles[done % len(profiles)])
        done += 1
    return round(done / (time.perf_counter() - started), 1)


def _rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def bench_conversation(settings: Settings) -> Report:
    """The dialogue scored on the scripted managers (``evalsets/dialogue``), development
    and held-out side by side, through the ``Conversation`` facade with the real model:
    stated facts re-asked, values misread, turns to the recommendation (and the fewest
    possible), follow-ups answered from the assessment; mixed messages read right; offline
    turn latency; memory with 20 sessions."""
    from assistant.conversation.evaluation import (
        facade_sender,
        load_personas,
        run_persona,
        summarise,
    )
    from assistant.kb.store import forget_client
    from assistant.wiring import build_advisor

    work = Path(tempfile.mkdtemp(prefix="advisor-chat-bench-"))
    try:
        base = build_advisor(settings)
        base.ensure_index()
        shutil.copytree(settings.data_dir / "index", work / "data" / "index")
        # Scripted managers answer in milliseconds: the per-session limit meant for people
        # typing would refuse their follow-ups, so it is lifted for the benchmark.
        local = Settings(
            data_dir=work / "data",
            knowledge_dir=settings.knowledge_dir,
            rate_limit_per_minute=100_000,
        )
        advisor = build_advisor(local)
        conv = advisor.conversation
        turn_times: list[float] = []

        def timed(session: str) -> Callable[[str], Any]:
            send = facade_sender(conv, session)

            def wrapper(text: str) -> Any:
                started = time.perf_counter()
                out = send(text)
                turn_times.append(time.perf_counter() - started)
                return out

            return wrapper

        personas = {
            split: load_personas(split) for split in ("dev", "dev2", "dev3", "dev4", "heldout")
        }
        run_persona(personas["dev"][0], facade_sender(conv, conv.start().session))  # warm
        results = {
            split: [run_persona(p, timed(conv.start().session)) for p in group]
            for split, group in personas.items()
        }
        # The same info-dense managers in a hurry: they take "go ahead" when it is offered.
        fast = {
            split: [
                run_persona(p, timed(conv.start().session), accept_shortcut=True)
                for p in group
                if "info-dense opener" in p.get("traits", [])
            ]
            for split, group in personas.items()
        }
        sessions = 1 + sum(len(group) for group in results.values())
        while sessions < 20:
            run_persona(personas["dev"][sessions % 12], timed(conv.start().session))
            sessions += 1
        rss = _rss_mib()
        forget_client(local)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report: Report = {
        "turns": len(turn_times),
        "turn_p50_ms": _ms(_percentile(turn_times, 50)),
        "turn_p95_ms": _ms(_percentile(turn_times, 95)),
        "target_turn_p95_ms": 150,
        "sessions_served": sessions,
        "rss_mib_with_20_sessions": round(rss, 1),
        "target_reasked_share": 0.05,
        "target_misread": 0,
        "target_turns_info_dense": 8,
    }
    for split, group in results.items():
        summary = summarise(group).as_dict()
        dense = [
            r.turns_to_recommendation or 0
            for r, p in zip(group, personas[split], strict=True)
            if "info-dense opener" in p.get("traits", [])
        ]
        summary["info_dense_turns_median"] = float(statistics.median(dense)) if dense else 0.0
        hurried = [r.turns_to_recommendation or 0 for r in fast[split]]
        summary["info_dense_turns_median_go_ahead"] = (
            float(statistics.median(hurried)) if hurried else 0.0
        )
        report[f"personas_{split}"] = summary
        if split in ("dev", "dev2", "heldout"):  # the sets with single mixed messages
            report[f"messages_{split}"] = _messages_report(split)
    for split in ("value_dev", "value_heldout"):  # the business case's figures
        report[f"messages_{split}"] = _messages_report(split)
    for split in ("dev", "heldout"):  # Japanese answers and messages (evalsets/ja)
        report[f"japanese_{split}"] = _japanese_report(split)
    return report


def _japanese_report(split: str) -> Report:
    """How the reader did on the Japanese single answers and mixed messages of ``split``."""
    from importlib import resources

    from assistant.questionnaire.japanese import evaluate_japanese, evaluate_japanese_messages

    base = resources.files("assistant") / "evalsets" / "ja"
    answers = evaluate_japanese(Path(str(base / f"answers_{split}.jsonl")))
    messages = evaluate_japanese_messages(Path(str(base / f"extraction_{split}.jsonl")))
    return {
        "answers": answers.total,
        "answers_understood": round(answers.understood / answers.total, 3),
        "answers_misread": len(answers.misreads),
        "confirmations": f"{answers.confirm_given}/{answers.confirm_required}",
        "message_facts": messages.facts,
        "messages_read_right": round(messages.read_right / messages.facts, 3),
        "messages_misread": len(messages.misread),
        "foreign_left_unread": f"{messages.unreadable_ok}/{messages.unreadable}",
    }


def _messages_report(split: str) -> Report:
    """How the reader did on one set of single mixed messages."""
    from assistant.conversation.evaluation import load_messages, score_messages
    from assistant.questionnaire.reading import read_message

    score = score_messages(load_messages(split), lambda t, q: read_message(t, q, {}))
    return {
        "messages": score.messages,
        "facts": score.facts,
        "read_right": round(score.read_right / score.facts, 3),
        "misread": len(score.misread),
        "missed": len(score.missed),
        "spurious": len(score.spurious),
        "foreign_left_unread": f"{score.unreadable_ok}/{score.unreadable}",
    }


# -- running -------------------------------------------------------------------------------

SECTIONS = ("reindex", "ask", "scale", "advice", "conversation")


def run(settings: Settings, only: list[str] | None = None, scale: int = 100_000) -> Report:
    from assistant.kb.quality import load_questions

    chosen = only or [name for name in all_sections() if name not in OPT_IN]
    report: Report = {"machine": {"python": sys.version.split()[0], "cpus": _cpus()}}
    if "reindex" in chosen:
        report["reindex"] = bench_reindex(settings)
    if "ask" in chosen:
        report["ask"] = bench_ask(settings)
    if "scale" in chosen:
        queries = [q.question for q in load_questions()][:200]
        report["scale"] = bench_scale(scale, queries)
    if "advice" in chosen:
        report["advice"] = bench_advice(settings)
    if "conversation" in chosen:
        report["conversation"] = bench_conversation(settings)
    for name, section in _EXTRA_SECTIONS.items():
        if name in chosen:
            report[name] = section(settings)
    return report


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))


# Sections owned by other parts of the product register here.
_EXTRA_SECTIONS: dict[str, Callable[[Settings], Report]] = {}
# Sections run only when named with --only: a real local model (minutes a persona), the
# load test (50 simulated users for two minutes on two app processes) and the embedding
# models side by side (a first index of each, minutes with the multilingual one).
OPT_IN = frozenset({"llm", "load", "embeddings"})


def print_report(report: Report, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report, indent=2))
        return
    for section, values in report.items():
        print(f"## {section}")
        for key, value in values.items():
            if isinstance(value, dict):
                for sub, inner in value.items():
                    print(f"  {key}.{sub}: {inner}")
            else:
                print(f"  {key}: {value}")


def all_sections() -> list[str]:
    return [*SECTIONS, *_EXTRA_SECTIONS]


from assistant.bench_browser import bench_browser as _bench_browser  # noqa: E402

_EXTRA_SECTIONS["browser"] = _bench_browser

from assistant.bench_llm import bench_llm as _bench_llm  # noqa: E402

_EXTRA_SECTIONS["llm"] = _bench_llm

from assistant.bench_load import bench_load as _bench_load  # noqa: E402

_EXTRA_SECTIONS["load"] = _bench_load

from assistant.bench_embeddings import bench_embeddings as _bench_embeddings  # noqa: E402

_EXTRA_SECTIONS["embeddings"] = _bench_embeddings
