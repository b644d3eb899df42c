"""Keeping text data, not instructions, and output inert.

- Retrieved passages and user messages go to a model inside data tags it is told never to
  obey; anything in them that looks like our tags is neutralised first, so a document
  cannot close the tag and speak as the system.
- Output shown to a person cannot fetch anything: Markdown images are dropped, links keep
  their text and lose their address, and raw HTML is escaped.
"""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"</?\s*(retrieved_passage|user_message|system)[^>]*>", re.IGNORECASE)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_REF_IMAGE = re.compile(r"!\[([^\]]*)\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]+)\]\(\s*[^)]*\)")
_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:https?|ftp|data|javascript):[^>\s]*)>", re.IGNORECASE)
_BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s)<>\]]+", re.IGNORECASE)
_HTML = re.compile(r"<[A-Za-z!/][^>]*>")


def as_data(kind: str, text: str, **attributes: str) -> str:
    """Wrap untrusted ``text`` in a data tag the model is told not to obey."""
    clean = _TAG.sub("[tag removed]", text)
    attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attributes.items())
    return f"<{kind}{attrs}>\n{clean}\n</{kind}>"


def inert_markdown(text: str) -> str:
    """Markdown that renders without loading or linking anything remote."""
    text = _IMAGE.sub(lambda m: f"[image removed: {m.group(1)}]" if m.group(1) else "", text)
    text = _REF_IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_DEF.sub("", text)
    text = _AUTOLINK.sub("[link removed]", text)
    text = _BARE_URL.sub("[link removed]", text)
    return _HTML.sub(lambda m: html.escape(m.group(0)), text)
