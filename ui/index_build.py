"""The knowledge index on a first start: built in the background, its progress on every page.

A fresh data folder has no index, and building it (loading the embedding model, embedding
every passage) takes tens of seconds on a small machine. Instead of holding every page
until it is done, the build runs in a thread of the server, one per configuration, and
the pages work meanwhile: the interview needs no index, and a question to the knowledge
base waits for the build (``Advisor.search`` builds or waits for it). Each page shows the
build's progress, refreshed every second, until it is done; then the page is drawn once
more without it. A build that fails shows the administrators' banner, and a visit after
``RETRY_SECONDS`` tries again (an admin may have fixed the document meanwhile).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import streamlit as st
from components import knowledge_unavailable

from assistant.errors import describe
from assistant.wiring import Advisor

RETRY_SECONDS = 30.0
SAW_BUILD = "saw_index_build"  # this browser tab was shown the build's progress


@dataclass
class Build:
    """One build's state, written by its thread and read by the pages."""

    done: int = 0
    total: int = 0
    waiting_for: str | None = None  # another process builds it; we wait and serve it
    documents: int | None = None
    chunks: int | None = None
    problem: str | None = None
    finished_at: float | None = None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    def step(self, done: int, total: int) -> None:
        self.done, self.total = done, total


@st.cache_resource
def _builds() -> dict[int, Build]:
    """The builds of this server, by advisor (one advisor per configuration)."""
    return {}


def _run(advisor: Advisor, build: Build) -> None:
    def waiting(note: str) -> None:
        build.waiting_for = note

    try:
        summary = advisor.ensure_index(progress=build.step, waiting=waiting)
        if summary is not None:
            build.documents, build.chunks = summary.documents, summary.chunks
    except Exception as exc:  # a bad document, a full disk: the pages show the banner
        build.problem = describe(exc)
    finally:
        build.finished_at = time.monotonic()


def _stale(build: Build) -> bool:
    """A failed build old enough to be tried again."""
    return build.problem is not None and time.monotonic() - (build.finished_at or 0) > RETRY_SECONDS


def _current(advisor: Advisor, start: bool) -> Build | None:
    """This advisor's build; a new one started when ``start`` and none is running (or the
    last one failed more than ``RETRY_SECONDS`` ago)."""
    builds = _builds()
    build = builds.get(id(advisor))
    if start and (build is None or _stale(build)):
        build = builds[id(advisor)] = Build()
        threading.Thread(
            target=_run, args=(advisor, build), name="advisor-index-build", daemon=True
        ).start()
    return build


def _label(build: Build) -> str:
    if build.waiting_for:
        return f"Waiting while {build.waiting_for}…"
    if not build.total:
        return "Loading the embedding model and reading the guidance documents…"
    return f"{build.done} of {build.total} passages"


@st.fragment(run_every=1.0)
def _progress(advisor: Advisor) -> None:
    build = _current(advisor, start=False)
    if build is None or build.finished:
        st.rerun()  # drawn once more, without the progress (or with the banner)
        return
    st.session_state[SAW_BUILD] = True
    with st.status("Building the knowledge index (first start)…", expanded=True):
        st.progress(build.done / build.total if build.total else 0.0, text=_label(build))
        st.caption(
            "You can start the interview now; an answer from the guidance documents "
            "waits until the index is ready."
        )


def index_banner(advisor: Advisor) -> None:
    """Nothing when the index is served; its build's progress when it is being built (the
    build started here on the first visit); the admin banner when it cannot be built or
    reached (e.g. a Chroma server that is down)."""
    build = _current(advisor, start=False)
    if build is not None and not build.finished:
        _progress(advisor)
        return
    if build is not None and build.problem is not None and not _stale(build):
        knowledge_unavailable(build.problem)
        return
    if build is not None and build.problem is None and st.session_state.pop(SAW_BUILD, False):
        done = f": {build.documents} documents, {build.chunks} passages" if build.chunks else ""
        st.toast(f"Knowledge index ready{done}.", icon=":material/check_circle:")
    try:
        if advisor.index_status() is not None:
            return
    except Exception as exc:  # e.g. StoreUnavailable: the Chroma server is down
        knowledge_unavailable(describe(exc))
        return
    _current(advisor, start=True)
    _progress(advisor)
