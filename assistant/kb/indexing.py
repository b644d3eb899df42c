"""Re-indexing the knowledge base into Chroma: validated, incremental and atomic.

1. Every document is read and validated first; a bad one stops the run before any write.
2. Documents are compared with the served index by content hash: only added and changed
   documents are chunked and embedded; the passages of unchanged ones are copied with
   their stored vectors (and their path brought up to date when the file moved); removed
   ones are left behind.
3. The result is written to a new collection; the pointer moves to it only once it is
   complete, so a failed or killed run leaves the served index exactly as it was.
4. One run at a time: a second run stops at once with a clear message. So, under the
   lock, any collection the pointer does not name (served or served just before) is the
   leftover of a killed run, and every run that gets the lock deletes it.
"""

from __future__ import annotations

import fcntl
import os
import re
import secrets
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from chromadb.api.models.Collection import Collection
from pydantic import BaseModel

from assistant.config import Settings
from assistant.kb.chunking import Chunk, chunk_document
from assistant.kb.documents import Document, DocumentError, load_library, version_key
from assistant.kb.embeddings import Embedder
from assistant.kb.store import (
    COLLECTION_PREFIX,
    INDEX_FORMAT,
    ActiveIndex,
    VectorStore,
    read_all,
)

EMBED_BATCH = 64
Progress = Callable[[int, int], None]  # (done, total) passages embedded


class ReindexBusy(RuntimeError):
    """Another re-index holds the lock; ``holder`` says which process, since when."""

    def __init__(self, holder: str) -> None:
        self.holder = holder
        super().__init__(
            f"another re-index is running ({holder}); wait for it to finish, then run again"
        )


class PassageError(RuntimeError):
    """The vector store refused a passage; the message names its file and heading."""

    def __init__(self, chunk: Chunk, error: Exception) -> None:
        message = str(error).strip().splitlines()[0] if str(error).strip() else ""
        super().__init__(
            f"{chunk.path}: section '{chunk.heading}' could not be indexed "
            f"({type(error).__name__}: {message})"
        )


class ReindexSummary(BaseModel):
    """What a re-index did (or, with ``dry_run``, would do)."""

    documents: int
    chunks: int
    added: int
    updated: int
    deleted: int
    unchanged: int
    seconds: float
    moved: int = 0  # unchanged documents whose file moved: path refreshed, not re-embedded
    collection: str
    dry_run: bool = False
    full: bool = False


@dataclass
class Plan:
    added: list[Document] = field(default_factory=list)
    updated: list[Document] = field(default_factory=list)
    unchanged: list[Document] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    moved: list[Document] = field(default_factory=list)  # unchanged, at a new path

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.deleted or self.moved)


LOCK_FILE = "reindex.lock"
WAIT_POLL_SECONDS = 0.25
_PROGRESS_NOTE = re.compile(r"(\d+)/(\d+) passages")


# The Postgres advisory lock key of a re-index (ADVISOR_DATABASE_URL set): held on its own
# connection for the whole run, so a re-index on another machine sharing the Chroma server
# and the database is refused as one on this machine is. Postgres frees it when the
# connection goes (a killed process), as the OS frees the file lock.
REINDEX_LOCK_KEY = 0x5E5512


@contextmanager
def reindex_lock(
    index_dir: Path, database_url: str | None = None
) -> Iterator[Callable[[str], None]]:
    """An exclusive, non-blocking lock: the file under the index folder (this machine),
    and with a Postgres database also its advisory lock (every machine)."""
    with _file_lock(index_dir) as note:
        if database_url is None:
            yield note
            return
        import psycopg

        with psycopg.connect(database_url, autocommit=True) as db:
            row = db.execute("SELECT pg_try_advisory_lock(%s)", (REINDEX_LOCK_KEY,)).fetchone()
            if not row or not row[0]:
                raise ReindexBusy("a process on another machine (the database's re-index lock)")
            try:
                yield note
            finally:
                db.execute("SELECT pg_advisory_unlock(%s)", (REINDEX_LOCK_KEY,))


def _wait_for_cluster_lock(database_url: str, deadline: float | None) -> None:
    """Wait until no process on any machine holds the database's re-index lock."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as db:
        while True:
            row = db.execute(
                "SELECT pg_try_advisory_lock_shared(%s)", (REINDEX_LOCK_KEY,)
            ).fetchone()
            if row and row[0]:
                db.execute("SELECT pg_advisory_unlock_shared(%s)", (REINDEX_LOCK_KEY,))
                return
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError("the re-index on another machine did not finish in time")
            time.sleep(WAIT_POLL_SECONDS)


@contextmanager
def _file_lock(index_dir: Path) -> Iterator[Callable[[str], None]]:
    """An exclusive, non-blocking lock; the OS frees it if the process dies. The file
    says who holds it; the holder adds how far it is with the function it is given."""
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / LOCK_FILE
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReindexBusy(_holder(handle).split(";")[0]) from None
        since = f"pid {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC"

        def note(text: str = "") -> None:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{since}; {text}" if text else since)
            handle.flush()

        note()
        try:
            yield note
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _holder(handle: IO[str]) -> str:
    handle.seek(0)
    return handle.read().strip() or "another process"


def wait_for_reindex(
    index_dir: Path,
    progress: Progress | None = None,
    timeout: float | None = None,
    database_url: str | None = None,
) -> None:
    """Wait until no re-index holds the lock, passing on how far the running one is (as
    it notes in the lock file) to ``progress``. TimeoutError after ``timeout`` seconds.
    With a Postgres database, a re-index on another machine is waited for too (its
    progress is not known here)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    if database_url is not None:
        _wait_for_cluster_lock(database_url, deadline)
    with open(index_dir / LOCK_FILE, "a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                match = _PROGRESS_NOTE.search(_holder(handle))
                if match and progress:
                    progress(int(match.group(1)), int(match.group(2)))
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError(
                        f"the re-index run by {_holder(handle)} did not finish within {timeout:g} s"
                    ) from None
                time.sleep(WAIT_POLL_SECONDS)
            else:
                fcntl.flock(handle, fcntl.LOCK_UN)
                return


def ensure_index(
    settings: Settings,
    store: VectorStore,
    embedder: Embedder,
    *,
    progress: Progress | None = None,
    waiting: Callable[[str], None] | None = None,
    timeout: float | None = None,
) -> ReindexSummary | None:
    """The served index, built now if there is none yet; None when one is served.

    Processes that start together on a fresh data folder (chats, ``ask``, the web app) all
    need the index: one builds it, the others wait for that build (told through
    ``waiting`` who builds it, and following its ``progress``) and then serve its result,
    instead of failing with "another re-index is running". A re-index an admin started is
    waited for the same way.
    """
    told = False
    while True:
        if store.active() is not None:
            return None
        try:
            return _reindex(settings, store, embedder, progress=progress, only_if_missing=True)
        except ReindexBusy as busy:
            if waiting is not None and not told:
                waiting(f"another process is building the knowledge index ({busy.holder})")
                told = True
            wait_for_reindex(settings.index_dir, progress, timeout, settings.database_url)


@dataclass
class Served:
    """What the served index holds of each document: content hash, passages, paths."""

    hashes: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    paths: dict[str, set[str]] = field(default_factory=dict)


def document_key(meta: Mapping[str, object]) -> str:
    """The document a stored passage belongs to, one per language (passages stored before
    documents had languages are English)."""
    return version_key(str(meta["doc_id"]), str(meta.get("lang") or "en"))


def served_documents(store: VectorStore) -> Served:
    collection = store.active_collection()
    served = Served()
    if collection is None:
        return served
    for meta in read_all(collection, ["metadatas"])["metadatas"]:
        key = document_key(meta)
        served.hashes[key] = str(meta["doc_hash"])
        served.counts[key] = served.counts.get(key, 0) + 1
        served.paths.setdefault(key, set()).add(str(meta.get("path", "")))
    return served


def plan_changes(
    documents: list[Document],
    served: dict[str, str],
    paths: dict[str, set[str]] | None = None,
) -> Plan:
    plan = Plan()
    for document in documents:
        previous = served.get(document.key)
        if previous is None:
            plan.added.append(document)
        elif previous != document.content_hash:
            plan.updated.append(document)
        else:
            plan.unchanged.append(document)
            if paths is not None and paths.get(document.key, set()) != {document.path}:
                plan.moved.append(document)
    current = {d.key for d in documents}
    plan.deleted = sorted(key for key in served if key not in current)
    return plan


def _copy_unchanged(
    store: VectorStore, source: str, target_name: str, keep: dict[str, Document]
) -> None:
    """Copy the passages of unchanged documents with their stored vectors; the path is
    the document's current one (the file may have moved without changing)."""
    target = store.get(target_name)
    records = read_all(store.get(source), ["embeddings", "documents", "metadatas"])
    rows = [i for i, meta in enumerate(records["metadatas"]) if document_key(meta) in keep]
    for start in range(0, len(rows), 1000):
        page = rows[start : start + 1000]
        metadatas = []
        for i in page:
            meta = dict(records["metadatas"][i])
            meta["path"] = keep[document_key(meta)].path
            metadatas.append(meta)
        target.add(
            ids=[records["ids"][i] for i in page],
            embeddings=[records["embeddings"][i] for i in page],
            documents=[records["documents"][i] for i in page],
            metadatas=metadatas,  # type: ignore[arg-type]
        )


def _embed_into(
    store: VectorStore,
    embedder: Embedder,
    target_name: str,
    chunks: list[Chunk],
    progress: Progress | None,
) -> None:
    target = store.get(target_name)
    for start in range(0, len(chunks), EMBED_BATCH):
        batch = chunks[start : start + EMBED_BATCH]
        vectors = list(embedder.embed([c.embedding_text() for c in batch]))
        try:
            _add(target, batch, vectors)
        except Exception as exc:
            raise _culprit(target, batch, vectors, exc) from exc
        if progress:
            progress(min(start + len(batch), len(chunks)), len(chunks))


def _add(target: Collection, chunks: list[Chunk], vectors: list[Any]) -> None:
    target.add(
        ids=[c.id for c in chunks],
        embeddings=vectors,
        documents=[c.text for c in chunks],
        metadatas=[c.metadata() for c in chunks],  # type: ignore[misc]
    )


def _culprit(
    target: Collection, batch: list[Chunk], vectors: list[Any], error: Exception
) -> PassageError:
    """The passage of a failed batch that the store refuses, named by file and heading
    (the batch is retried one passage at a time into the collection being built, which is
    dropped anyway when the run fails)."""
    for chunk, vector in zip(batch, vectors, strict=True):
        try:
            _add(target, [chunk], [vector])
        except Exception as exc:
            return PassageError(chunk, exc)
    return PassageError(batch[0], error)


def _check_unique(chunks: list[Chunk]) -> None:
    seen: dict[str, Chunk] = {}
    for chunk in chunks:
        other = seen.setdefault(chunk.id, chunk)
        if other is not chunk:
            raise DocumentError(
                chunk.path,
                "body",
                f"section '{chunk.heading}' gets passage id {chunk.id!r}, already used by "
                f"section '{other.heading}' of {other.path}",
            )


def _collect_garbage(store: VectorStore, keep: set[str]) -> None:
    """Drop collections no pointer names: leftovers of killed runs and old generations.
    Called under the re-index lock, so no run is writing one of them. The generation
    served just before is kept, so a reader mid-query is not cut off."""
    for name in store.collection_names():
        if name not in keep:
            store.delete(name)


def reindex(
    settings: Settings,
    store: VectorStore,
    embedder: Embedder,
    *,
    full: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    after_write: Callable[[], None] | None = None,
) -> ReindexSummary:
    """Bring the served index in line with the knowledge folder. ``after_write`` is a test
    hook called after the new collection is written and before the pointer moves."""
    summary = _reindex(
        settings,
        store,
        embedder,
        full=full,
        dry_run=dry_run,
        progress=progress,
        after_write=after_write,
    )
    assert summary is not None  # only a first-use build returns None
    return summary


def _reindex(
    settings: Settings,
    store: VectorStore,
    embedder: Embedder,
    *,
    full: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    after_write: Callable[[], None] | None = None,
    only_if_missing: bool = False,
) -> ReindexSummary | None:
    """``reindex``; with ``only_if_missing`` (first use) nothing is done, and None
    returned, when an index is served by the time the lock is held."""
    started = time.perf_counter()
    library = load_library(settings.knowledge_dir)  # raises before any write
    # Only the versions the model reads: all-MiniLM-L6-v2 maps Japanese to noise that would
    # crowd out English passages.
    documents = [d for d in library if d.lang in embedder.languages]
    with reindex_lock(settings.index_dir, settings.database_url) as note:
        active = store.active()
        if only_if_missing and active is not None:  # built by another process meanwhile
            return None

        def noted(done: int, total: int) -> None:  # how far, for processes waiting on us
            note(f"{done}/{total} passages")
            if progress:
                progress(done, total)

        # An index built by another chunker or model cannot be extended: rebuild it all.
        compatible = (
            active is not None
            and active.index_format == INDEX_FORMAT
            and active.embedding_model == embedder.name
        )
        if active is not None and not dry_run:  # leftovers of killed runs go first
            _collect_garbage(store, keep={active.collection, active.previous})
        served = served_documents(store) if compatible else Served()
        counts = served.counts
        plan = plan_changes(documents, served.hashes, served.paths)
        rebuild = full or not compatible
        if rebuild:  # every surviving document is embedded again
            plan.updated += plan.unchanged
            plan.unchanged = []
            plan.moved = []
        to_embed = [c for d in [*plan.added, *plan.updated] for c in chunk_document(d)]
        _check_unique(to_embed)  # before any write, naming the file and the heading
        total_chunks = len(to_embed) + sum(counts.get(d.key, 0) for d in plan.unchanged)

        def summary(collection: str) -> ReindexSummary:
            return ReindexSummary(
                documents=len(documents),
                chunks=total_chunks,
                added=len(plan.added),
                updated=len(plan.updated),
                deleted=len(plan.deleted),
                unchanged=len(plan.unchanged),
                moved=len(plan.moved),
                seconds=round(time.perf_counter() - started, 3),
                collection=collection,
                dry_run=dry_run,
                full=full,
            )

        served_name = active.collection if active else ""
        if dry_run or not (plan.changed or rebuild):
            return summary(served_name)

        stamp = datetime.now(UTC)
        name = f"{COLLECTION_PREFIX}{stamp:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
        store.create(name)
        try:
            if active is not None and plan.unchanged:
                _copy_unchanged(store, active.collection, name, {d.key: d for d in plan.unchanged})
            _embed_into(store, embedder, name, to_embed, noted)
            written = store.get(name).count()
            if written != total_chunks:
                raise RuntimeError(f"wrote {written} passages, expected {total_chunks}")
            if after_write:
                after_write()
        except BaseException:
            store.delete(name)  # the served index was never touched
            raise
        store.activate(
            ActiveIndex(
                collection=name,
                indexed_at=stamp.isoformat(timespec="seconds"),
                embedding_model=embedder.name,
                index_format=INDEX_FORMAT,
                documents=len(documents),
                chunks=total_chunks,
                previous=served_name,
            )
        )
        _collect_garbage(store, keep={name, served_name})
        return summary(name)
