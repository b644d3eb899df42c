"""Token counting and embedding work with the network unreachable and empty caches."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Runs in a fresh interpreter: every socket connection except loopback raises, and the
# tiktoken cache starts empty, so a download attempt would fail the test.
NO_NETWORK = r"""
import json, socket
real_connect = socket.socket.connect
def guarded(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if host not in ("127.0.0.1", "::1", "localhost"):
        raise OSError(f"network blocked in test: {address}")
    return real_connect(self, address)
socket.socket.connect = guarded
socket.create_connection = lambda *a, **k: (_ for _ in ()).throw(OSError("blocked"))
from assistant.tokens import count_tokens
from assistant.kb.embeddings import Embedder
vectors = Embedder().embed(["a cheap model", "an inexpensive model", "a legal contract"])
print(json.dumps({
    "tokens": count_tokens("Pre-trained models summarise reports well."),
    "cl100k": count_tokens("hello world", "cl100k_base"),
    "dims": int(vectors.shape[1]),
    "near": float(vectors[0] @ vectors[1]),
    "far": float(vectors[0] @ vectors[2]),
}))
"""


@pytest.mark.integration
def test_tokens_and_embeddings_offline(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TIKTOKEN"))}
    env.update(
        TIKTOKEN_CACHE_DIR=str(tmp_path / "tiktoken"),
        HF_HOME=str(tmp_path / "hf"),
        HTTPS_PROXY="http://127.0.0.1:9",
        HTTP_PROXY="http://127.0.0.1:9",
    )
    done = subprocess.run(
        [sys.executable, "-c", NO_NETWORK], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["tokens"] > 5
    assert result["cl100k"] == 2  # "hello world" is two cl100k tokens
    assert result["dims"] == 384
    assert result["near"] > result["far"]
    assert any((tmp_path / "tiktoken").iterdir())
