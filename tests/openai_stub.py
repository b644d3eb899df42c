"""A scripted OpenAI-compatible chat server (standard library only) for the fast tests of
the real provider path: ``langchain-openai`` talks HTTP to it exactly as to llama.cpp's
``llama-server``, vLLM, LM Studio or Ollama's OpenAI endpoint. Each POST to
``/v1/chat/completions`` takes the next scripted step and records the request body. A
request with ``"stream": true`` gets the step as server-sent events, as those servers send
them: text a word at a time, a tool call in one delta."""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Tools:
    """A step: the assistant asks for these tool calls (name, arguments)."""

    calls: list[tuple[str, dict[str, Any]]]


@dataclass
class Status:
    """A step: the server fails with this HTTP status."""

    code: int


@dataclass
class Held:
    """A step: a text reply streamed in two parts, the second only once ``release`` is set
    (a test sees the first part arrive before the reply is complete)."""

    first: str
    rest: str
    release: threading.Event


Step = Tools | Status | Held | str


@dataclass
class StubServer:
    script: list[Step]
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    base_url: str = ""

    def tool_messages(self, request: int = -1) -> list[str]:
        """The tool results the agent sent back in one request."""
        return [
            str(m.get("content"))
            for m in self.requests[request]["messages"]
            if m.get("role") == "tool"
        ]


def _completion(step: Tools | str, model: str) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": None}
    if isinstance(step, Tools):
        message["tool_calls"] = [
            {
                "id": f"call_{n}_{int(time.monotonic() * 1e6)}",
                "type": "function",
                "function": {"name": name, "arguments": json.dumps(args)},
            }
            for n, (name, args) in enumerate(step.calls)
        ]
        finish = "tool_calls"
    else:
        message["content"] = step
        finish = "stop"
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:16]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def _chunk(delta: dict[str, Any], model: str, finish: str | None = None) -> bytes:
    body = {
        "id": "chatcmpl-stream",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n".encode()


def _stream(step: Tools | str, model: str) -> Iterator[bytes]:
    """One step as the chunks of a streamed completion."""
    completion = _completion(step, model)["choices"][0]
    message = completion["message"]
    yield _chunk({"role": "assistant", "content": ""}, model)
    if "tool_calls" in message:
        calls = [{"index": n, **call} for n, call in enumerate(message["tool_calls"])]
        yield _chunk({"tool_calls": calls}, model)
    else:
        for word in re.findall(r"\S+\s*|\s+", message["content"]):
            yield _chunk({"content": word}, model)
    yield _chunk({}, model, completion["finish_reason"])
    yield b"data: [DONE]\n\n"


@contextmanager
def stub_server(script: list[Step]) -> Iterator[StubServer]:
    """The server on a free port of 127.0.0.1, for the ``with`` block."""
    stub = StubServer(script=list(script))
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep the test output clean
            pass

        def _send(self, code: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._send(404, {"error": {"message": f"no route {self.path}"}})
                return
            with lock:
                stub.requests.append(body)
                stub.headers.append({k.lower(): v for k, v in self.headers.items()})
                step: Step = stub.script.pop(0) if stub.script else Status(500)
            if isinstance(step, Status):
                self._send(step.code, {"error": {"message": "scripted failure"}})
                return
            model = body.get("model", "")
            if not body.get("stream"):
                text = step.first + step.rest if isinstance(step, Held) else step
                self._send(200, _completion(text, model))
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            if isinstance(step, Held):
                for piece in list(_stream(step.first, model))[:-2]:  # not its end and [DONE]
                    self.wfile.write(piece)
                self.wfile.flush()
                step.release.wait(timeout=120)
                pieces = list(_stream(step.rest, model))[1:]  # no second role delta
            else:
                pieces = list(_stream(step, model))
            for piece in pieces:
                self.wfile.write(piece)
            self.wfile.flush()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub.base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
