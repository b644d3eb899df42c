"""Markdown that cannot fetch, link or run anything, made by parsing rather than by pattern.

Text from a user, a knowledge document or a model is shown as Markdown (the web app, the
Markdown report). Regular expressions over Markdown are defeated by nested or escaped
brackets and by reference definitions far from their use, so the text is parsed with
markdown-it (CommonMark, plus GFM tables and strikethrough) and the token tree is written
back out as Markdown that holds only what is safe:

- paragraphs, headings, emphasis, strikethrough, inline code, code blocks, lists, block
  quotes, tables and rules are kept;
- an image becomes ``[image removed: its alt text]``; a link keeps its text and loses its
  address; reference definitions disappear with the links that used them;
- every piece of text is re-escaped, so raw HTML, HTML entities that decode to markup, and
  brackets shown as text stay text; bare addresses (``https://…``, ``www.…``, e-mail)
  are shown as inline code, which no Markdown renderer turns into a link.

The output is stable: rendering it again gives the same text.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

# HTML is left off on purpose: markdown-it then reads tags as text, which is escaped.
_PARSER = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])

# Characters that start inline constructs anywhere in a line (links, images, HTML,
# autolinks, emphasis, code, strikethrough, tables, Streamlit's LaTeX) and the escape itself.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<|~$])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What a line may not start with once it is text: headings, quotes, list markers and
# setext underlines.
_LINE_START = re.compile(r"^(?:[#>+=-]|(\d{1,9})([.)]))")
# Addresses GFM (and Streamlit) turn into links even without Markdown link syntax.
_BARE_ADDRESS = re.compile(
    r"(?i)(?:\b[a-z][a-z0-9+.-]{0,31}://|\bwww\.|\b(?:mailto|xmpp):)[^\s<>`]*"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_TRAILING_PUNCTUATION = ".,;:!?)'\""
_SAFE_INFO = re.compile(r"[^\w+#.-]")


def _escape(text: str) -> str:
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _ENTITY.sub(r"\\&", text)


def _code_span(content: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * (longest + 1)
    pad = (
        content[:1] == "`"
        or content[-1:] == "`"
        or (content[:1] == " " and content[-1:] == " " and content.strip() != "")
    )
    return f"{fence} {content} {fence}" if pad else f"{fence}{content}{fence}"


def _text(text: str) -> str:
    """Escaped text, with bare addresses shown as code so they never become links."""
    out: list[str] = []
    position = 0
    for match in _BARE_ADDRESS.finditer(text):
        address = match.group(0).rstrip(_TRAILING_PUNCTUATION)
        if not address:
            continue
        out.append(_escape(text[position : match.start()]))
        out.append(_code_span(address))
        position = match.start() + len(address)
    out.append(_escape(text[position:]))
    return "".join(out)


def _plain(node: SyntaxTreeNode) -> str:
    """The text of an inline node and its children, without any markup."""
    if node.type in ("text", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(_plain(child) for child in node.children)


def _inline(nodes: list[SyntaxTreeNode]) -> str:
    parts: list[str] = []
    for node in nodes:
        kind = node.type
        if kind == "text":
            parts.append(_text(node.content))
        elif kind == "code_inline":
            parts.append(_code_span(node.content))
        elif kind == "softbreak":
            parts.append("\n")
        elif kind == "hardbreak":
            parts.append("\\\n")
        elif kind in ("em", "strong", "s"):
            marker = node.markup or {"em": "*", "strong": "**", "s": "~~"}[kind]
            parts.append(f"{marker}{_inline(node.children)}{marker}")
        elif kind == "link":  # the text stays, the address goes
            parts.append(_inline(node.children))
        elif kind == "image":
            alt = _plain(node).strip()
            parts.append(_text(f"[image removed: {alt}]") if alt else "")
        else:  # anything unforeseen is shown as its text
            parts.append(_text(_plain(node)))
    return "".join(parts)


def _lines(inline: str) -> list[str]:
    """Inline Markdown as lines that cannot be read as the start of a block."""
    lines = []
    for line in inline.split("\n"):
        line = line.lstrip()
        lines.append(_LINE_START.sub(_escape_line_start, line, count=1))
    return lines


def _escape_line_start(match: re.Match[str]) -> str:
    if match.group(1):  # "1." or "1)": escape the dot ("1\." is not a list marker)
        return f"{match.group(1)}\\{match.group(2)}"
    return "\\" + match.group(0)


def _inline_of(node: SyntaxTreeNode) -> str:
    return "".join(_inline(child.children) for child in node.children if child.type == "inline")


def _fence(content: str, info: str = "") -> list[str]:
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * max(3, longest + 1)
    body = content[:-1] if content.endswith("\n") else content
    return [
        fence + _SAFE_INFO.sub("", info.split()[0] if info.strip() else ""),
        *body.split("\n"),
        fence,
    ]


def _prefixed(lines: list[str], first: str, rest: str) -> list[str]:
    out = []
    for n, line in enumerate(lines):
        lead = first if n == 0 else rest
        out.append((lead + line) if line else lead.rstrip())
    return out


def _list(node: SyntaxTreeNode) -> list[str]:
    ordered = node.type == "ordered_list"
    start = int(node.attrs.get("start", 1)) if ordered else 1
    tight = all(
        child.hidden
        for item in node.children
        for child in item.children
        if child.type == "paragraph"
    )
    out: list[str] = []
    for n, item in enumerate(node.children):
        marker = f"{start + n}{node.markup or '.'}" if ordered else (node.markup or "-")
        body = _blocks(item.children, tight)
        if n and not tight:
            out.append("")  # a loose list keeps its blank lines between items
        if not body:
            out.append(marker)
            continue
        out.extend(_prefixed(body, marker + " ", " " * (len(marker) + 1)))
    return out


def _table(node: SyntaxTreeNode) -> list[str]:
    rows: list[list[str]] = []
    aligns: list[str] = []
    for section in node.children:
        for row in section.children:
            cells = []
            for cell in row.children:
                cells.append(" ".join(_lines(_inline_of(cell))))
                if section.type == "thead":
                    style = str(cell.attrs.get("style", ""))
                    aligns.append(
                        {"text-align:left": ":--", "text-align:right": "--:"}.get(
                            style, ":-:" if style == "text-align:center" else "---"
                        )
                    )
            rows.append(cells)
    if not rows:
        return []
    width = len(aligns) or len(rows[0])
    out = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join(aligns or ["---"] * width) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return out


def _block(node: SyntaxTreeNode) -> list[str]:
    kind = node.type
    if kind == "paragraph":
        return _lines(_inline_of(node))
    if kind == "heading":
        level = int(node.tag[1]) if node.tag[1:].isdigit() else 1
        text = " ".join(_lines(_inline_of(node)))
        return ["#" * level + " " + text]
    if kind in ("bullet_list", "ordered_list"):
        return _list(node)
    if kind == "blockquote":
        return _prefixed(_blocks(node.children, False), "> ", "> ")
    if kind in ("fence", "code_block"):
        return _fence(node.content, node.info if kind == "fence" else "")
    if kind == "hr":
        return ["***"]
    if kind == "table":
        return _table(node)
    if kind == "inline":
        return _lines(_inline(node.children))
    inner = _blocks(node.children, False)  # an unforeseen container: keep its content
    return inner or _lines(_text(node.content))


def _blocks(nodes: list[SyntaxTreeNode], tight: bool) -> list[str]:
    out: list[str] = []
    previous: SyntaxTreeNode | None = None
    for node in nodes:
        lines = _block(node)
        if not lines:
            continue
        if previous is not None:
            # In a tight list item a nested list follows its paragraph directly; anything
            # else is separated by a blank line so it cannot run into what came before.
            joined = tight and node.type in ("bullet_list", "ordered_list")
            if not joined:
                out.append("")
        out.extend(lines)
        previous = node
    return out


def inert_markdown(text: str) -> str:
    """Markdown that renders without loading or linking anything remote."""
    tree = SyntaxTreeNode(_PARSER.parse(text))
    return "\n".join(_blocks(tree.children, False)).strip("\n")
