"""Hybrid search over the served index: dense vectors from Chroma plus BM25 keywords,
fused by reciprocal rank, with a cap on passages per document.

Dense search finds paraphrases ("will the bill explode" ~ "cost at scale"); BM25 finds exact
terms the embedding model blurs (licence names, article numbers, "700 million"). Neither
alone is reliable for a manager's question; their fusion is.

An index with Japanese versions is searched across both languages (the multilingual model
puts a Japanese question near the English passage that answers it, and the other way);
each document found is then shown in the manager's language when its version in that
language is among the candidates, so a Japanese question is answered in Japanese.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

import bm25s
import numpy as np
from chromadb.api.models.Collection import Collection
from chromadb.errors import NotFoundError

from assistant.kb.embeddings import Embedder
from assistant.kb.store import VectorStore, read_all
from assistant.kb.words import words
from assistant.schemas import Source

RRF_K = 60  # the usual reciprocal-rank-fusion constant: damps the weight of top ranks
CANDIDATES = 30  # how deep each retriever looks before fusion
POINTER_CHECK_SECONDS = 5.0  # how often a long-lived searcher looks for a new index


def own_word_weight(passages: int, documents: int) -> float:
    """What a word found in one document only weighs in a BM25 score: its inverse document
    frequency as bm25s computes it, the word being in each of that document's passages
    (its title is). Keyword floors are set in this unit, since BM25 scores grow with the
    corpus: a floor then means the same in a knowledge base of any size."""
    per_document = passages / max(1, documents)
    return math.log(1 + (passages - per_document + 0.5) / (per_document + 0.5))


def question_language(query: str) -> str:
    """ "ja" for a question written in Japanese, else "en"."""
    from assistant.questionnaire.japanese import is_japanese

    return "ja" if is_japanese(query) else "en"


def _lang(meta: dict[str, object]) -> str:
    return str(meta.get("lang") or "en")  # passages stored before languages are English


class IndexMissing(RuntimeError):
    """Nothing has been indexed yet."""


@dataclass
class _Loaded:
    name: str
    collection: Collection
    ids: list[str]
    metadatas: list[dict[str, object]]
    texts: list[str]
    bm25: bm25s.BM25
    position: dict[str, int]
    documents: int  # document versions (a Japanese version counts as one)


class Searcher:
    """Answers queries against whichever collection the pointer names, reloading the
    keyword index when an admin re-indexes."""

    def __init__(self, store: VectorStore, embedder: Embedder) -> None:
        self.store = store
        self.embedder = embedder
        self._loaded: _Loaded | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    def _load(self, force: bool = False) -> _Loaded:
        with self._lock:
            now = time.monotonic()
            if self._loaded and not force and now - self._checked_at < POINTER_CHECK_SECONDS:
                return self._loaded
            active = self.store.active()
            self._checked_at = now
            if active is None:
                raise IndexMissing("the knowledge base has not been indexed yet")
            if self._loaded and self._loaded.name == active.collection and not force:
                return self._loaded
            collection = self.store.get(active.collection)
            with self.store.remote():
                records = read_all(collection, ["documents", "metadatas"])
            texts = [str(t) for t in records["documents"]]
            metas = [dict(m) for m in records["metadatas"]]
            corpus = [
                f"{m.get('title', '')} {m.get('heading', '')} {m.get('tags', '')} {t}"
                for m, t in zip(metas, texts, strict=True)
            ]
            bm25 = bm25s.BM25()
            bm25.index(words(corpus) if corpus else [[]], show_progress=False)
            self._loaded = _Loaded(
                name=active.collection,
                collection=collection,
                ids=list(records["ids"]),
                metadatas=metas,
                texts=texts,
                bm25=bm25,
                position={chunk_id: i for i, chunk_id in enumerate(records["ids"])},
                documents=len({(m.get("doc_id"), _lang(m)) for m in metas}),
            )
            return self._loaded

    @property
    def chunk_count(self) -> int:
        return len(self._load().ids)

    def _keyword(self, loaded: _Loaded, query: str, depth: int) -> list[tuple[int, float]]:
        tokens = words([query])
        if not tokens or not tokens[0] or not loaded.ids:
            return []
        known = [t for t in tokens[0] if t in loaded.bm25.vocab_dict]
        if not known:
            return []
        docs, scores = loaded.bm25.retrieve(
            [known], k=min(depth, len(loaded.ids)), show_progress=False, n_threads=1
        )
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def search(
        self,
        query: str,
        k: int = 5,
        category: str | None = None,
        per_document: int = 1,
        min_score: float | None = None,
        relevance_floor: float | None = None,
        lang: str | None = None,
    ) -> list[Source]:
        """The ``k`` best passages for ``query``, best first, at most ``per_document``
        from one document, none below ``min_score`` cosine similarity; nothing at all when
        the best passage is below ``relevance_floor``. Raises :class:`IndexMissing` before
        the first re-index and ``StoreUnavailable`` for any failure to reach Chroma; the
        next call tries again, so a server that comes back is used without a restart.
        The floors default to the embedding model's own (each model spreads cosine
        similarities differently). ``lang`` is the language passages are shown in when a
        document has a version in it (default: the question's)."""
        if min_score is None:
            min_score = self.embedder.passage_floor
        if relevance_floor is None:
            relevance_floor = self.embedder.relevance_floor
        shown_in = lang or question_language(query)
        try:
            return self._search(
                self._load(), query, k, category, per_document, min_score, relevance_floor, shown_in
            )
        except NotFoundError:
            # The collection was replaced and dropped under us: follow the pointer.
            return self._search(
                self._load(force=True),
                query,
                k,
                category,
                per_document,
                min_score,
                relevance_floor,
                shown_in,
            )

    def _search(
        self,
        loaded: _Loaded,
        query: str,
        k: int,
        category: str | None,
        per_document: int,
        min_score: float,
        relevance_floor: float,
        shown_in: str,
    ) -> list[Source]:
        if not loaded.ids or not query.strip():
            return []
        depth = max(CANDIDATES, k * 4)
        vector = self.embedder.embed_query(query)
        with self.store.remote():
            dense = loaded.collection.query(
                query_embeddings=[vector.tolist()],
                n_results=min(depth, len(loaded.ids)),
                where={"category": category} if category else None,
                include=["distances"],
            )
        similarity: dict[str, float] = {
            chunk_id: 1.0 - float(distance)
            for chunk_id, distance in zip(dense["ids"][0], dense["distances"][0], strict=True)  # type: ignore[index]
        }
        fused: dict[str, float] = {}
        for rank, chunk_id in enumerate(dense["ids"][0]):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        keyword_hits = [
            (i, s)
            for i, s in self._keyword(loaded, query, depth)
            if category is None or loaded.metadatas[i].get("category") == category
        ]
        for rank, (index, _score) in enumerate(keyword_hits):
            chunk_id = loaded.ids[index]
            fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        missing = [chunk_id for chunk_id in fused if chunk_id not in similarity]
        if missing:  # keyword-only hits: score them on the same cosine scale
            with self.store.remote():
                got = loaded.collection.get(ids=missing, include=["embeddings"])
            for chunk_id, embedding in zip(got["ids"], got["embeddings"], strict=True):  # type: ignore[arg-type]
                similarity[chunk_id] = float(np.asarray(embedding) @ vector)
        if not similarity or max(similarity.values()) < relevance_floor:
            return []
        # A caller that turns the floors off (relevance_floor=0) turns this one off too.
        best_keyword = max((score for _, score in keyword_hits), default=0.0)
        if relevance_floor > 0 and best_keyword < self.embedder.keyword_floor * own_word_weight(
            len(loaded.ids), loaded.documents
        ):
            return []  # the question's words are not the guidance's: off-topic
        ranked = [
            cid
            for cid in sorted(fused, key=lambda cid: (-fused[cid], cid))
            if similarity.get(cid, 0.0) >= min_score
        ]
        results: list[Source] = []
        per_doc: dict[str, int] = {}
        taken: set[str] = set()
        for candidate in ranked:
            meta = loaded.metadatas[loaded.position[candidate]]
            doc_id = str(meta["doc_id"])
            if candidate in taken or per_doc.get(doc_id, 0) >= per_document:
                continue
            chunk_id = self._in_language(loaded, ranked, candidate, doc_id, shown_in, taken)
            taken.add(chunk_id)
            meta = loaded.metadatas[loaded.position[chunk_id]]
            score = similarity[chunk_id]
            per_doc[doc_id] = per_doc.get(doc_id, 0) + 1
            results.append(
                Source(
                    doc_id=doc_id,
                    title=str(meta["title"]),
                    category=str(meta["category"]),
                    path=str(meta["path"]),
                    heading=str(meta["heading"]),
                    score=round(score, 4),
                    text=loaded.texts[loaded.position[chunk_id]],
                    lang=_lang(meta),
                )
            )
            if len(results) >= k:
                break
        return results

    @staticmethod
    def _in_language(
        loaded: _Loaded, ranked: list[str], chunk_id: str, doc_id: str, lang: str, taken: set[str]
    ) -> str:
        """``chunk_id``, or the best-ranked passage of the same document in ``lang`` when
        the candidates hold one: the document was found, the manager reads it in their
        language."""
        if _lang(loaded.metadatas[loaded.position[chunk_id]]) == lang:
            return chunk_id
        for other in ranked:
            meta = loaded.metadatas[loaded.position[other]]
            if other not in taken and str(meta["doc_id"]) == doc_id and _lang(meta) == lang:
                return other
        return chunk_id
