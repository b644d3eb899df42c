"""Markdown that tries to make a renderer fetch or link something, pointed at ``host``
(``127.0.0.1:PORT`` in the browser test, so a fetch reaches a listener we own).

Each one defeated (or would defeat) a sanitiser written as regular expressions.
"""

from __future__ import annotations


def tricks(host: str) -> list[str]:
    """The tricks, one Markdown snippet each."""
    url = f"//{host}"
    return [
        # brackets escaped, nested or inside code in the alt text
        f"![a\\]b]({url}/escaped.png)",
        f"![a[b]c]({url}/nested.png)",
        f"![`]`]({url}/code.png)",
        f"![a\nb]({url}/newline.png)",
        # shortcut, collapsed and full reference images, defined far from their use
        f"![r1]\n\n> [r1]: {url}/quote-def.png",
        f"- item\n\n  [r2]: {url}/list-def.png\n\n![r2]",
        f"![r3][]\n\n[r3]: {url}/collapsed.png",
        f'![x][r4]\n\n[r4]:\n  {url}/full.png\n  "title"',
        # image destinations in angle brackets, with titles, inside links and emphasis
        f"![a](<{url}/angle one.png>)",
        f'![a]({url}/titled.png "t")',
        f"[![inner]({url}/in-link.png)]({url}/outer)",
        f"***bold ![a]({url}/in-emphasis.png) _and **deeper ![b]({url}/deep.png)**_***",
        f"\\![not an image but a link]({url}/escaped-bang)",
        # autolinks, bare addresses, e-mail
        f"<http:{url}/autolink>",
        f"<https:{url}/autolink-s>",
        f"see www.{host.split(':')[0]}.example/bare and http:{url}/bare-http.",
        "<mailto:someone@example.org> and someone@example.org",
        # links of every kind: inline, reference, data:, javascript:, entities in the URL
        f"[inline](http:{url}/link)",
        f"[ref][r5] and [r5]\n\n[r5]: http:{url}/ref-link",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![data image](data:image/png;base64,iVBORw0KGgo=)",
        "[js](javascript:alert(1)) [JS](JAVASCRIPT:alert(1)) [ent](java&#115;cript:alert(1))",
        f"[entities](&#x2F;&#x2F;{host}/entity-link)",
        # raw HTML, and HTML spelled with entities that decode to markup
        f'<img src="http:{url}/raw.png">',
        f'<a href="http:{url}/raw-link">raw link</a>',
        f"<div>\n\n![in html]({url}/in-div.png)\n\n</div>",
        f'<svg><image href="{url}/svg.png"/></svg> <iframe src="{url}/frame"></iframe>',
        "<script>fetch('/x')</script>",
        f"&lt;img src={url}/entity.png&gt; &#60;img src={url}/dec.png&#62;",
        # in headings, tables, quotes and lists
        f"# Heading ![a]({url}/heading.png)",
        f"| a | b |\n|---|---|\n| ![c]({url}/cell.png) | [d](http:{url}/cell) |",
        f"> quote ![q]({url}/quote.png)\n> - item ![i]({url}/quote-item.png)",
        # Streamlit's LaTeX
        f"$\\href{{http:{url}/tex}}{{x}}$ and $$\\includegraphics{{{url}/tex.png}}$$",
    ]
