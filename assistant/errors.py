"""Turning failures into one line a user can act on."""

from __future__ import annotations

import os
import traceback


class KnowledgeUnavailable(RuntimeError):
    """The vector index cannot be used right now (missing, or the server is down)."""


def describe(exc: BaseException) -> str:
    """One line for the user; the full traceback only with ADVISOR_DEBUG=1."""
    if os.environ.get("ADVISOR_DEBUG") == "1":
        traceback.print_exception(exc)
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return message
