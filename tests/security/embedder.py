"""An embedder without the model, behind the real interface: deterministic unit vectors
from the text, so store and index tests run in a fraction of a second. Text containing
POISON gets a vector of the wrong size, which Chroma refuses."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from assistant.kb.embeddings import DIMENSIONS, Embedder


class FakeEmbedder(Embedder):
    def embed(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        rows = []
        for text in texts:
            size = 5 if "POISON" in text else DIMENSIONS
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")
            vector = np.random.default_rng(seed).random(size)
            rows.append(vector / np.linalg.norm(vector))
        if any(len(r) != DIMENSIONS for r in rows):
            return np.array(rows, dtype=object)
        return np.array(rows, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self.embed([text])[0], dtype=np.float32)
