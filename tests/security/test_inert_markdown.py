"""Text from a user, a document or a model renders without fetching or linking anything:
``inert_markdown`` parses the Markdown and writes back only safe constructs. Each trick's
output is parsed again, as the browser's renderer would, and must hold no image, no raw
HTML and no link to anywhere, while ordinary formatting survives unchanged."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from assistant.conversation.safety import inert_markdown
from tests.security.tricks import tricks

HOST = "127.0.0.1:9"
# How a browser-side renderer reads the output: CommonMark with raw HTML on, plus GFM.
# Every destination is accepted (markdown-it alone would refuse javascript: and data:),
# so whatever a more lenient renderer would link is seen here.
RENDERER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
RENDERER.validateLink = lambda url: True  # type: ignore[method-assign]
# What GFM's literal autolinks (www., http://, e-mail) would turn into a link.
BARE_ADDRESS = re.compile(r"(?i)[a-z][a-z0-9+.-]*://|\bwww\.|[\w.+-]+@[\w-]+\.\w|mailto:")


def _walk(tokens: list[Token]) -> list[Token]:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(_walk(token.children or []))
    return out


def remote_parts(markdown: str) -> list[str]:
    """Every construct in ``markdown`` that could fetch or link: empty when inert."""
    found = []
    for token in _walk(RENDERER.parse(markdown)):
        if token.type == "image":
            found.append(f"image {token.attrGet('src')}")
        elif token.type in ("html_block", "html_inline"):
            found.append(f"html {token.content!r}")
        elif token.type == "link_open":
            href = str(token.attrGet("href") or "")
            if re.match(r"(?i)^(?:[a-z][a-z0-9+.-]*:|//)", href) or href.startswith("\\"):
                found.append(f"link {href}")
        elif token.type == "text" and BARE_ADDRESS.search(token.content):
            found.append(f"bare address in text {token.content!r}")
    html = RENDERER.render(markdown)
    found += [f"tag {tag}" for tag in re.findall(r"<(?:img|a|script|iframe|svg)\b", html)]
    return found


@pytest.mark.parametrize("trick", tricks(HOST))
def test_every_trick_comes_out_inert(trick: str) -> None:
    # (entities and LaTeX are only dangerous to renderers that decode twice or trust TeX)
    dangerous = remote_parts(trick) or "&" in trick or "$" in trick
    assert dangerous, "the trick is not dangerous to begin with"
    out = inert_markdown(trick)
    assert remote_parts(out) == [], out


@pytest.mark.parametrize("trick", tricks(HOST))
def test_rendering_twice_changes_nothing(trick: str) -> None:
    once = inert_markdown(trick)
    assert inert_markdown(once) == once


def test_all_tricks_in_one_message() -> None:
    message = "\n\n".join(tricks(HOST))
    out = inert_markdown(message)
    assert remote_parts(out) == []


def test_the_visible_text_survives() -> None:
    out = inert_markdown(f"Read [the licence](http://{HOST}/l) and ![a chart](//{HOST}/c.png)")
    rendered = RENDERER.render(out)
    assert "Read the licence" in rendered
    assert "[image removed: a chart]" in rendered
    assert HOST not in rendered
    # a bare address stays readable, as code that no renderer turns into a link
    assert RENDERER.render(inert_markdown("see https://example.org/x.")) == (
        "<p>see <code>https://example.org/x</code>.</p>\n"
    )
    # HTML is shown as the text it is
    assert RENDERER.render(inert_markdown("<b>bold</b> &lt;i&gt;")) == (
        "<p>&lt;b&gt;bold&lt;/b&gt; &lt;i&gt;</p>\n"
    )


ORDINARY = """# Your recommendation

**Verdict:** start a proof of concept. *Why:* the volume is _modest_ and ~~costs~~ are low.

## Costs

- Hosted API: $120 a month
- Self-hosted: $1,900 a month
  - GPU rent dominates
  - 2 people part time

1. Pick 200 tickets.
2. Label them.

> Figures are from the 2026-11-29 price table.

| Option | Monthly cost |
|---|---:|
| Hosted | $120 |

Use `monthly_requests` for the volume:

```python
cost = requests * price  # [not a link](http://x)
```

***

Line one\\
line two, 3 * 4 = 12 and a_b_c.
"""


def test_ordinary_formatting_renders_the_same() -> None:
    plain = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    assert plain.render(inert_markdown(ORDINARY)) == plain.render(ORDINARY)


def test_the_knowledge_base_renders_the_same_apart_from_links() -> None:
    from tests.conftest import KNOWLEDGE

    plain = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    for path in sorted(KNOWLEDGE.rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        without_links = re.sub(r"</?a\b[^>]*>", "", plain.render(body))
        assert plain.render(inert_markdown(body)) == without_links, path
