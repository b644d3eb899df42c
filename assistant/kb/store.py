"""The Chroma vector store: embedded under the data directory, or a Chroma server.

Chroma has no collection alias, so the served index is a pointer we own: the metadata of
a small registry collection names the active collection. A re-index builds a new
collection and only then moves the pointer, so readers see the old index or the new one,
never half of one.
"""

from __future__ import annotations

import contextlib
import fcntl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
import httpx
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from assistant.config import Settings
from assistant.kb.embeddings import ChromaEmbeddingFunction, Embedder

REGISTRY = "advisor-registry"
CREATE_LOCK = ".advisor-create.lock"
COLLECTION_PREFIX = "kb-"
# Bump when chunking or embedding changes, so the next re-index rebuilds everything.
INDEX_FORMAT = 1


# A Chroma server that stops answering must not hang a turn: every request to it gives up
# after this long (the client's own default is to wait for ever).
CHROMA_TIMEOUT_SECONDS = 30.0
CHROMA_CONNECT_SECONDS = 5.0


class StoreUnavailable(RuntimeError):
    """The vector store cannot be reached or opened; the message says what to do."""


@dataclass(frozen=True)
class ActiveIndex:
    collection: str
    indexed_at: str
    embedding_model: str
    index_format: int
    documents: int
    chunks: int
    # The generation served before this one: kept for readers still on it, and the only
    # other collection a re-index leaves standing.
    previous: str = ""


_clients: dict[str, ClientAPI] = {}
_clients_lock = threading.Lock()


def _chroma_settings() -> ChromaSettings:
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def open_client(settings: Settings) -> ClientAPI:
    """One client per location and process (Chroma refuses two for one path)."""
    key = settings.chroma_url or str((settings.index_dir / "chroma").resolve())
    with _clients_lock:
        client = _clients.get(key)
        if client is not None:
            return client
        try:
            if settings.chroma_url:
                url = urlparse(settings.chroma_url)
                client = chromadb.HttpClient(
                    host=url.hostname or "localhost",
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=_chroma_settings(),
                )
                _bound_requests(client)
                client.heartbeat()
            else:
                path = settings.index_dir / "chroma"
                path.mkdir(parents=True, exist_ok=True)
                # The first open of a new folder creates Chroma's tables; two processes
                # doing it at once fail ("table collections already exists").
                with _folder_lock(path):
                    client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
        except Exception as exc:  # chromadb raises many types for "cannot connect"
            if settings.chroma_url:
                raise StoreUnavailable(
                    f"cannot reach the Chroma server at {settings.chroma_url} "
                    f"({type(exc).__name__}): check that it is running, or ADVISOR_CHROMA_URL"
                ) from exc
            raise StoreUnavailable(
                f"cannot open the Chroma index under {settings.index_dir} "
                f"({type(exc).__name__}): check ADVISOR_DATA_DIR (a folder this user can write)"
            ) from exc
        _clients[key] = client
        return client


@contextlib.contextmanager
def _folder_lock(folder: Path | None) -> Iterator[None]:
    """Between processes using one embedded Chroma folder: one creates at a time (no-op
    for a server, which orders its own writes)."""
    if folder is None:
        yield
        return
    with open(folder / CREATE_LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _bound_requests(client: ClientAPI) -> None:
    """Give the HTTP client's requests a time limit (Chroma creates it with none)."""
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(CHROMA_TIMEOUT_SECONDS, connect=CHROMA_CONNECT_SECONDS)


def _location(client: ClientAPI) -> tuple[str, str]:
    """Where the client's index is, and what to check when it cannot be reached."""
    try:
        chroma = client.get_settings()
    except Exception:
        return "the Chroma index", "check ADVISOR_CHROMA_URL and ADVISOR_DATA_DIR"
    if chroma.chroma_server_host:
        where = f"the Chroma server at {chroma.chroma_server_host}:{chroma.chroma_server_http_port}"
        return where, "check that it is running (ADVISOR_CHROMA_URL)"
    return (
        f"the Chroma index in {chroma.persist_directory}",
        "check the disk and ADVISOR_DATA_DIR",
    )


def _embedded_folder(client: ClientAPI) -> Path | None:
    try:
        chroma = client.get_settings()
    except Exception:
        return None
    if chroma.is_persistent and chroma.persist_directory and not chroma.chroma_server_host:
        return Path(chroma.persist_directory)
    return None


def forget_client(settings: Settings) -> None:
    """Drop a cached client (after a server restart, or between tests)."""
    key = settings.chroma_url or str((settings.index_dir / "chroma").resolve())
    with _clients_lock:
        _clients.pop(key, None)


class VectorStore:
    """The collections of one Chroma location and the pointer to the served one."""

    def __init__(self, client: ClientAPI, embedder: Embedder | None = None) -> None:
        self.client = client
        # Any: Chroma types its parameter narrower than its own protocol allows.
        embedder = embedder or Embedder()
        self.embedding_function: Any = ChromaEmbeddingFunction(embedder)
        self.embedding_model = embedder.name
        self.where, self._hint = _location(client)
        self._folder = _embedded_folder(client)

    @contextlib.contextmanager
    def remote(self) -> Iterator[None]:
        """Around any call to Chroma: whatever the client raises for an index it cannot
        reach (httpx errors, Chroma's errors, ConnectionError, time-outs, a server answering
        garbage) becomes :class:`StoreUnavailable`. A collection that no longer exists
        stays ``NotFoundError``: that is the index changing, not the store being down."""
        try:
            yield
        except (NotFoundError, StoreUnavailable):
            raise
        except Exception as exc:
            detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
            raise StoreUnavailable(
                f"cannot reach {self.where} ({type(exc).__name__}"
                + (f": {detail}" if detail else "")
                + f"): {self._hint}"
            ) from exc

    # -- the pointer -------------------------------------------------------------------

    def _registry(self) -> Collection:
        with self.remote():
            try:
                return self.client.get_collection(
                    REGISTRY, embedding_function=self.embedding_function
                )
            except NotFoundError:  # first use: processes starting together create it once
                with _folder_lock(self._folder):
                    return self.client.get_or_create_collection(
                        REGISTRY, embedding_function=self.embedding_function
                    )

    def active(self) -> ActiveIndex | None:
        """The served index, or None when nothing has been indexed yet."""
        meta = self._registry().metadata or {}
        if not meta.get("collection"):
            return None
        return ActiveIndex(
            collection=str(meta["collection"]),
            indexed_at=str(meta.get("indexed_at", "")),
            embedding_model=str(meta.get("embedding_model", "")),
            index_format=int(meta.get("index_format", 0)),
            documents=int(meta.get("documents", 0)),
            chunks=int(meta.get("chunks", 0)),
            previous=str(meta.get("previous", "")),
        )

    def activate(self, index: ActiveIndex) -> None:
        """Point readers at ``index.collection`` (a single metadata update)."""
        registry = self._registry()
        with self.remote():
            registry.modify(
                metadata={
                    "collection": index.collection,
                    "indexed_at": index.indexed_at,
                    "embedding_model": index.embedding_model,
                    "index_format": index.index_format,
                    "documents": index.documents,
                    "chunks": index.chunks,
                    "previous": index.previous,
                }
            )

    # -- collections -------------------------------------------------------------------

    def create(self, name: str) -> Collection:
        with self.remote():
            return self.client.create_collection(
                name,
                embedding_function=self.embedding_function,
                configuration={"hnsw": {"space": "cosine", "ef_search": 100}},
                metadata={"embedding_model": self.embedding_model, "index_format": INDEX_FORMAT},
            )

    def get(self, name: str) -> Collection:
        with self.remote():
            return self.client.get_collection(name, embedding_function=self.embedding_function)

    def collection_names(self) -> list[str]:
        """Our index collections (the registry and anything else are left alone)."""
        with self.remote():
            names = [c.name for c in self.client.list_collections()]
        return sorted(n for n in names if n.startswith(COLLECTION_PREFIX))

    def delete(self, name: str) -> None:
        with contextlib.suppress(NotFoundError), self.remote():
            self.client.delete_collection(name)

    def active_collection(self) -> Collection | None:
        active = self.active()
        if active is None:
            return None
        try:
            return self.get(active.collection)
        except NotFoundError:
            return None


def read_all(collection: Collection, include: list[str], batch: int = 5000) -> dict[str, Any]:
    """Every record of a collection, in pages (Chroma caps one ``get``)."""
    ids: list[str] = []
    out: dict[str, list[Any]] = {key: [] for key in include}
    total = collection.count()
    for offset in range(0, total, batch):
        page = collection.get(include=include, limit=batch, offset=offset)  # type: ignore[arg-type]
        ids.extend(page["ids"])
        for key in include:
            values = page.get(key)
            out[key].extend(list(values) if values is not None else [])  # type: ignore[call-overload]
    return {"ids": ids, **out}
