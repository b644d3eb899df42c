"""Shared fixtures: isolated settings, a real index of the real knowledge base, a real
Chroma server. The environment is changed only through monkeypatch, which undoes it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.processes import free_port, stop

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
VENV_BIN = Path(sys.executable).parent

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(autouse=True)
def _clean_advisor_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's ADVISOR_* settings or .env file."""
    for key in list(os.environ):
        if key.startswith("ADVISOR_"):
            monkeypatch.delenv(key)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data"
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(path))
    monkeypatch.setenv("ADVISOR_KNOWLEDGE_DIR", str(KNOWLEDGE))
    return path


def write_doc(
    folder: Path,
    doc_id: str,
    category: str = "costs",
    body: str | None = None,
    title: str | None = None,
    extra: str = "",
) -> Path:
    """A valid knowledge document (tests break it on purpose where needed)."""
    body = body or (
        "An opening paragraph that says what this document is about, for a manager deciding "
        f"about {doc_id}. It has enough words to pass the minimum length check easily.\n\n"
        "## The main point\n\n"
        f"The main point of {doc_id} is explained here in plain words with a number: 42. "
        "Another sentence adds detail so the section is long enough to be a passage.\n\n"
        "## What to do\n\n- Do the first thing.\n- Then do the second thing, carefully.\n"
    )
    path = folder / category / f"{doc_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "---\n"
        f"id: {doc_id}\n"
        f"title: {title or 'A document about ' + doc_id}\n"
        f"category: {category}\n"
        "tags: [test, example]\n"
        "sources:\n  - title: A source\n    url: https://example.org/source\n"
        "reviewed: 2026-11-29\n"
        f"{extra}"
        "---\n\n" + body,
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="session")
def indexed_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real index of the real knowledge base, built once per test run."""
    from assistant.config import Settings
    from assistant.wiring import build_advisor

    path = tmp_path_factory.mktemp("indexed") / "data"
    build_advisor(Settings(data_dir=path, knowledge_dir=KNOWLEDGE)).reindex()
    return path


@pytest.fixture
def app_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, indexed_data_dir: Path) -> Path:
    """A fresh data folder holding a copy of the prebuilt index, set for the web app."""
    path = tmp_path / "data"
    shutil.copytree(indexed_data_dir, path)
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(path))
    monkeypatch.setenv("ADVISOR_KNOWLEDGE_DIR", str(KNOWLEDGE))
    return path


@pytest.fixture(scope="session")
def advisor(indexed_data_dir: Path):  # type: ignore[no-untyped-def]
    from assistant.config import Settings
    from assistant.wiring import build_advisor

    return build_advisor(Settings(data_dir=indexed_data_dir, knowledge_dir=KNOWLEDGE))


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[str]:
    """A real `chroma run` server on a free loopback port, stopped after the test."""
    chroma = shutil.which("chroma", path=str(VENV_BIN)) or shutil.which("chroma")
    if chroma is None:
        pytest.fail("the `chroma` command is missing: install the project with its dependencies")
    port = free_port()
    log = open(tmp_path / "chroma.log", "wb")  # noqa: SIM115 - closed when the server stops
    process = subprocess.Popen(
        [
            chroma,
            "run",
            "--path",
            str(tmp_path / "server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"chroma run exited: {(tmp_path / 'chroma.log').read_text()}")
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("chroma run did not start listening within 60 s")
    try:
        yield url
    finally:
        stop(process)
        log.close()


@pytest.fixture
def fresh_data_dir(tmp_path: Path, indexed_data_dir: Path) -> Path:
    """A private copy of the indexed data directory (its own sessions database)."""
    target = tmp_path / "data"
    shutil.copytree(indexed_data_dir, target)
    return target


@pytest.fixture
def fresh_advisor(fresh_data_dir: Path):  # type: ignore[no-untyped-def]
    from assistant.config import Settings
    from assistant.kb.store import forget_client
    from assistant.wiring import build_advisor

    settings = Settings(data_dir=fresh_data_dir, knowledge_dir=KNOWLEDGE)
    yield build_advisor(settings)
    forget_client(settings)


def advisor_env(data_dir: Path, knowledge_dir: Path = KNOWLEDGE, **settings: str) -> dict[str, str]:
    """The environment of a child process: this one's, with only the given ADVISOR_*
    settings (``chroma_url="http://…"`` becomes ADVISOR_CHROMA_URL)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADVISOR_")}
    env.update(ADVISOR_DATA_DIR=str(data_dir), ADVISOR_KNOWLEDGE_DIR=str(knowledge_dir))
    env.update({f"ADVISOR_{name.upper()}": value for name, value in settings.items()})
    return env


def run_cli(
    *args: str, data_dir: Path, stdin: str | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """``python -m assistant ARGS`` as a user runs it: a fresh process, only the data and
    knowledge settings in the environment."""
    env = advisor_env(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
        input=stdin,
    )
