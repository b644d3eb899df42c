"""Puts the parts together for one configuration: ``build_advisor(settings)``.

The CLI, the scripts and the web app get everything from here, so each concern (store,
model, engine) is chosen in exactly one place and built only when first needed.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from assistant.config import Settings
from assistant.errors import KnowledgeUnavailable
from assistant.i18n import LANGS, translator
from assistant.kb.answering import compose_answer
from assistant.kb.embeddings import Embedder, make_embedder
from assistant.kb.indexing import Progress, ReindexSummary, ensure_index, reindex
from assistant.kb.search import Searcher
from assistant.kb.store import ActiveIndex, VectorStore, open_client
from assistant.schemas import Answer, Profile, Recommendation, Source, SourceRef

if TYPE_CHECKING:
    from assistant.advice.presentation import CitedDocument, PilotView, Presentation
    from assistant.advice.prices import PriceBook
    from assistant.advice.recommend import Engine
    from assistant.conversation.service import Conversation
    from assistant.kb.documents import Document

MAX_QUESTION_CHARS = 2000


class Advisor:
    """The product's services for one set of settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()

    @functools.cached_property
    def embedder(self) -> Embedder:
        """The model behind the knowledge index (the ``embedding_model`` setting)."""
        return make_embedder(self.settings.embedding_model)

    @functools.cached_property
    def choice_embedder(self) -> Embedder:
        """The model that matches an answer with a question's choices: all-MiniLM-L6-v2,
        whose similarities the reader's thresholds were tuned on (questionnaire/parsing)."""
        if self.embedder.name == Embedder.name:
            return self.embedder
        return Embedder()

    @functools.cached_property
    def store(self) -> VectorStore:
        return VectorStore(open_client(self.settings), self.embedder)

    @functools.cached_property
    def searcher(self) -> Searcher:
        return Searcher(self.store, self.embedder)

    # -- knowledge base ----------------------------------------------------------------

    def index_status(self) -> ActiveIndex | None:
        return self.store.active()

    def reindex(
        self, *, full: bool = False, dry_run: bool = False, progress: Progress | None = None
    ) -> ReindexSummary:
        return reindex(
            self.settings, self.store, self.embedder, full=full, dry_run=dry_run, progress=progress
        )

    def ensure_index(
        self, progress: Progress | None = None, waiting: Callable[[str], None] | None = None
    ) -> ReindexSummary | None:
        """Build the index on first use; None when one is already served. When another
        process is building it, wait for that (following its progress) and serve it."""
        with self._lock:
            return ensure_index(
                self.settings, self.store, self.embedder, progress=progress, waiting=waiting
            )

    def search(self, query: str, k: int = 5, category: str | None = None) -> list[Source]:
        from assistant.kb.search import IndexMissing

        try:
            return self.searcher.search(query, k=k, category=category)
        except IndexMissing:  # first use: build the index, then search it
            self.ensure_index()
            return self.searcher.search(query, k=k, category=category)

    def ask(self, question: str, k: int = 5) -> Answer:
        question = question.strip()
        if not question:
            raise ValueError("the question is empty: type a question about adopting a model")
        if len(question) > MAX_QUESTION_CHARS:
            raise ValueError(
                f"the question is {len(question):,} characters long; "
                f"the limit is {MAX_QUESTION_CHARS:,}"
            )
        if not 1 <= k <= 20:
            raise ValueError(f"--k must be between 1 and 20, not {k}")
        sources = self.search(question, k=k)
        return Answer(question=question, answer=compose_answer(question, sources), sources=sources)

    # -- advice ------------------------------------------------------------------------

    @functools.cached_property
    def library(self) -> list[Document]:
        """Every knowledge document in every language, read from the folder (not the
        index, so advice works even when the vector store is down)."""
        from assistant.kb.documents import load_library

        return load_library(self.settings.knowledge_dir)

    @functools.cached_property
    def documents(self) -> list[Document]:
        """The English knowledge documents: the guidance of record the advice cites."""
        return [d for d in self.library if d.lang == "en"]

    @functools.cached_property
    def catalog(self) -> dict[str, SourceRef]:
        """Knowledge documents by id, for citations."""
        return {
            d.id: SourceRef(doc_id=d.id, title=d.meta.title, path=d.path) for d in self.documents
        }

    @functools.cached_property
    def cited_documents(self) -> dict[str, CitedDocument]:
        """Each document as a report's appendix shows it: title, category, review date,
        its opening passage and the titles of its own sources."""
        return self.cited_documents_in("en")

    def cited_documents_in(self, lang: str) -> dict[str, CitedDocument]:
        """``cited_documents`` in ``lang``: a document with a version in that language is
        cited by that version's title and opening (the advice itself rests on the English
        original, with the same sources)."""
        return self._cited[translator(lang).lang]

    @functools.cached_property
    def _cited(self) -> dict[str, dict[str, CitedDocument]]:
        return {lang: self._cite_in(lang) for lang in LANGS}

    def _cite_in(self, lang: str) -> dict[str, CitedDocument]:
        from assistant.advice.presentation import CitedDocument

        chosen = {d.id: d for d in self.documents}
        chosen.update({d.id: d for d in self.library if d.lang == lang and d.id in chosen})
        return {
            d.id: CitedDocument(
                doc_id=d.id,
                title=d.meta.title,
                category=d.meta.category.value,
                reviewed=d.meta.reviewed.isoformat(),
                passage=_opening(d.body),
                references=tuple(s.title for s in d.meta.sources),
            )
            for d in chosen.values()
        }

    @functools.cached_property
    def prices(self) -> PriceBook:
        from assistant.advice.prices import load_price_book

        path = self.settings.price_overrides_path
        explicit = self.settings.price_overrides is not None
        return load_price_book(path if explicit or path.exists() else None, required=explicit)

    @functools.cached_property
    def engine(self) -> Engine:
        from assistant.advice.recommend import Engine

        return Engine(prices=self.prices, catalog=self.catalog)

    def recommend(self, profile: Profile) -> Recommendation:
        return self.engine.recommend(profile)

    def cost_curve(
        self, profile: Profile, volumes: Sequence[int] | None = None
    ) -> list[dict[str, Any]]:
        """Monthly cost per option across volumes (for a break-even chart)."""
        from assistant.advice.costs import cost_curve
        from assistant.questionnaire import with_defaults

        filled, _ = with_defaults(profile)
        rows = cost_curve(filled, self.prices, volumes=list(volumes) if volumes else None)
        return [dict(row) for row in rows]

    def present(
        self,
        recommendation: Recommendation,
        profile: Profile | None,
        title: str | None = None,
        pilot: PilotView | None = None,
        lang: str = "en",
    ) -> Presentation:
        """The display data every rendering of a recommendation draws (card, chat text,
        reports), with the cited passages, the break-even curve and, for an assessment
        whose team has logged pilot results, the pilot; in the assessment's ``lang``."""
        from assistant.advice.presentation import present

        return present(
            recommendation,
            profile,
            title=title,
            documents=self._cited_documents_or_none(lang),
            curve=self.cost_curve(profile) if profile is not None else None,
            pilot=pilot,
            lang=lang,
        )

    def _cited_documents_or_none(self, lang: str = "en") -> dict[str, CitedDocument] | None:
        try:
            return self.cited_documents_in(lang)
        except ValueError:  # a bad document: the report cites titles without passages
            return None

    def report(
        self,
        recommendation: Recommendation,
        profile: Profile | None,
        fmt: str,
        title: str | None = None,
        view: Presentation | None = None,
        lang: str = "en",
    ) -> bytes:
        """The report as bytes: fmt 'md' or 'pdf', in ``lang`` (or ``view``'s language)."""
        from assistant.advice.report import markdown_report, pdf_report

        view = view or self.present(recommendation, profile, title, lang=lang)
        if fmt == "md":
            return markdown_report(view).encode("utf-8")
        if fmt != "pdf":
            raise ValueError(f"report format {fmt!r}: use md or pdf")
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as folder:
            return pdf_report(view, Path(folder) / "report.pdf").read_bytes()

    # -- conversation ------------------------------------------------------------------

    def knowledge_search(self, query: str, k: int = 5) -> list[Source]:
        """Search for the conversation: an unavailable index is a clear message, not a
        crash, so the interview goes on without the knowledge base."""
        from assistant.kb.search import IndexMissing
        from assistant.kb.store import StoreUnavailable

        try:
            return self.search(query, k=k)
        except (StoreUnavailable, IndexMissing) as exc:
            raise KnowledgeUnavailable(str(exc)) from exc

    def similarity(self, text: str, candidates: Sequence[str]) -> list[float]:
        return self.choice_embedder.similarity(text, candidates)

    @functools.cached_property
    def conversation(self) -> Conversation:
        from assistant.advice.costs import estimate_costs
        from assistant.conversation.offline import OfflineDialogue
        from assistant.conversation.service import Conversation
        from assistant.conversation.store import SessionStore

        offline = OfflineDialogue(self.knowledge_search, self.recommend, self.similarity)
        llm = None
        if not self.settings.offline:
            from assistant.conversation.agent import LlmDialogue
            from assistant.providers import chat_model

            llm = LlmDialogue(
                chat_model(self.settings.llm, self.settings.llm_timeout_seconds),
                self.knowledge_search,
                self.recommend,
                self.similarity,
                lambda profile: estimate_costs(profile, self.prices),
                self.settings.agent_memory_target,
                self.settings.llm_timeout_seconds,
            )
        return Conversation(
            self.settings, SessionStore(self.settings.sessions_target), offline, llm
        )


def _opening(body: str) -> str:
    """A document's opening passage: the text before its first section heading."""
    lead = body.strip().split("\n## ", 1)[0]
    return "\n\n".join(p.strip() for p in lead.split("\n\n") if p.strip() and not p.startswith("#"))


def build_advisor(settings: Settings) -> Advisor:
    return Advisor(settings)
