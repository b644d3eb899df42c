"""A Chroma server outage is the designed "can't reach the knowledge base" condition, for
every error the client can raise: the interview goes on, and when the server is back the
next question is answered from it again, in the same process. Tested against a real
``chroma run`` that the test stops, freezes and restarts on the same port and folder."""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from chromadb.errors import InternalError, NotFoundError

from assistant.config import Settings
from assistant.kb import store as store_module
from assistant.kb.store import StoreUnavailable, VectorStore, forget_client
from assistant.processes import stop
from assistant.wiring import build_advisor
from tests.conftest import ROOT, VENV_BIN, advisor_env, free_port, write_doc

CANT_REACH = "can't reach the knowledge base"
QUESTION = "What does an open licence allow for model weights?"


class ChromaServer:
    """``chroma run`` on a fixed port and folder, so it can be stopped and started again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        chroma = shutil.which("chroma", path=str(VENV_BIN)) or shutil.which("chroma")
        assert chroma, "the `chroma` command is missing"
        log = open(self.folder / "chroma.log", "ab")  # noqa: SIM115 - the server owns it
        self.process = subprocess.Popen(
            [
                chroma,
                "run",
                "--path",
                str(self.folder / "server"),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                assert self.process.poll() is None, (self.folder / "chroma.log").read_text()
                time.sleep(0.2)
        pytest.fail("chroma run did not start listening within 60 s")

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)

    def freeze(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ChromaServer]:
    chroma = ChromaServer(tmp_path)
    chroma.start()
    try:
        yield chroma
    finally:
        if chroma.process is not None:
            chroma.thaw()
        chroma.stop()


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    kb = tmp_path / "knowledge"
    write_doc(kb, "licensing-open", "licensing", title="Open licences for model weights")
    write_doc(kb, "costs-gpu-rent", "costs", title="Renting GPUs by the hour")
    return kb


def an_answer(reply: dict[str, Any]) -> str:
    """An answer the pending question accepts, whichever question it is."""
    question = reply["question"]
    return str(question["options"][0]) if question and question["options"] else "skip"


# -- every error the client raises -------------------------------------------------------


class _Failing:
    """A Chroma client whose every call raises ``error``."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def __getattr__(self, name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> Any:
            raise self.error

        return fail


CLIENT_ERRORS = [
    httpx.ConnectError("[Errno 111] Connection refused"),
    httpx.ReadTimeout("timed out"),
    httpx.RemoteProtocolError("Server disconnected without sending a response."),
    httpx.HTTPStatusError(
        "502", request=httpx.Request("GET", "http://x"), response=httpx.Response(502)
    ),
    InternalError("the server failed"),
    ConnectionRefusedError(111, "Connection refused"),
    ConnectionResetError(104, "Connection reset by peer"),
    TimeoutError("timed out"),
    ValueError("Could not connect to a Chroma server. Are you sure it is running?"),
    json.JSONDecodeError("Expecting value", "<html>", 0),
    Exception("<html><body>502 Bad Gateway</body></html>"),
]


@pytest.mark.parametrize("error", CLIENT_ERRORS, ids=lambda e: type(e).__name__)
def test_every_client_error_is_store_unavailable(error: BaseException) -> None:
    store = VectorStore(_Failing(error))  # type: ignore[arg-type]
    for call in (store.active, store.collection_names, lambda: store.get("kb-x")):
        with pytest.raises(StoreUnavailable) as caught:
            call()
        assert "cannot reach" in str(caught.value) and type(error).__name__ in str(caught.value)


def test_a_missing_collection_is_not_an_outage() -> None:
    store = VectorStore(_Failing(NotFoundError("Collection kb-x does not exist")))  # type: ignore[arg-type]
    with pytest.raises(NotFoundError):
        store.get("kb-x")
    store.delete("kb-x")  # deleting what is gone already is fine


# -- a real server, stopped, frozen and restarted ------------------------------------------


@pytest.mark.integration
@pytest.mark.server
def test_the_chat_survives_an_outage_and_recovers_without_restart(
    server: ChromaServer, knowledge: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "CHROMA_TIMEOUT_SECONDS", 3.0)  # a frozen server
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge, chroma_url=server.url)
    advisor = build_advisor(settings)
    try:
        advisor.reindex()
        conv = advisor.conversation
        session = conv.start().session
        conv.respond(session, "Summarise supplier contracts for the legal team")
        before = conv.respond(session, QUESTION)  # a question mid-interview
        assert CANT_REACH not in before.reply and before.sources

        server.stop()
        down = conv.respond(session, QUESTION)
        assert CANT_REACH in down.reply and "ADVISOR_CHROMA_URL" in down.reply
        answered = conv.respond(session, an_answer(down.contract_json()))  # it goes on
        assert answered.progress.answered == down.progress.answered + 1

        server.start()  # same port, same folder: the next question works again
        back = conv.respond(session, QUESTION)
        assert CANT_REACH not in back.reply and back.sources

        server.freeze()  # accepts connections, never answers: a time-out, not a hang
        started = time.monotonic()
        frozen = conv.respond(session, QUESTION)
        assert CANT_REACH in frozen.reply and "ReadTimeout" in frozen.reply
        assert time.monotonic() - started < 30
        server.thaw()
        again = conv.respond(session, QUESTION)
        assert CANT_REACH not in again.reply and again.sources
    finally:
        forget_client(settings)


@pytest.mark.integration
@pytest.mark.server
def test_the_terminal_chat_keeps_going_when_the_server_goes_away(
    server: ChromaServer, knowledge: Path, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge, chroma_url=server.url)
    build_advisor(settings).reindex()
    forget_client(settings)
    chat = subprocess.Popen(
        [sys.executable, "-m", "assistant", "chat", "--json"],
        cwd=ROOT,
        env=advisor_env(tmp_path / "data", knowledge, chroma_url=server.url),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert chat.stdin is not None and chat.stdout is not None

    def say(message: str) -> dict[str, Any]:
        chat.stdin.write(message + "\n")  # type: ignore[union-attr]
        chat.stdin.flush()  # type: ignore[union-attr]
        line = chat.stdout.readline()  # type: ignore[union-attr]
        assert line, chat.stderr.read() if chat.stderr else ""
        return json.loads(line)  # type: ignore[no-any-return]

    try:
        say("Summarise supplier contracts for the legal team")
        assert say(QUESTION)["sources"]  # the client is connected and serving
        server.stop()
        down = say(QUESTION)
        assert CANT_REACH in down["reply"]
        answered = say(an_answer(down))["progress"]["answered"]
        assert answered == down["progress"]["answered"] + 1
        server.start()
        assert say(QUESTION)["sources"]
        chat.stdin.close()
        assert chat.wait(timeout=60) == 0, chat.stderr.read() if chat.stderr else ""
    finally:
        if chat.poll() is None:
            chat.kill()
