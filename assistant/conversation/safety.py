"""Keeping text data, not instructions, and output inert.

- Retrieved passages and user messages go to a model inside data tags it is told never to
  obey; anything in them that looks like our tags is neutralised first, so a document
  cannot close the tag and speak as the system.
- Output shown to a person cannot fetch anything: :func:`inert_markdown` (from
  ``assistant.inert``) parses the Markdown and writes back only what is safe: images
  dropped, links keeping their text and losing their address, raw HTML shown as text.
"""

from __future__ import annotations

import html
import re

from assistant.inert import inert_markdown

_TAG = re.compile(r"</?\s*(retrieved_passage|user_message|system)[^>]*>", re.IGNORECASE)


def as_data(kind: str, text: str, **attributes: str) -> str:
    """Wrap untrusted ``text`` in a data tag the model is told not to obey."""
    clean = _TAG.sub("[tag removed]", text)
    attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attributes.items())
    return f"<{kind}{attrs}>\n{clean}\n</{kind}>"


__all__ = ["as_data", "inert_markdown"]
