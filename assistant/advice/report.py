"""The recommendation as a document a manager can hand over: Markdown or PDF, the same
content in both, drawn from one :class:`~assistant.advice.presentation.Presentation`.

Both open with the assessment's name and date and an executive summary, then the inputs
and assumptions, the costs (a bar chart) and the break-even (a chart of cost against
volume), the risks, the proof-of-concept plan, the talking points and the sources, with
the cited passages in an appendix. The PDF has page numbers and real bullet lists; no
file path, document id or internal code appears in either.

The PDF's text is DejaVu Sans (a system font) where it has the glyph and IPAexGothic,
shipped inside the japanize-matplotlib package, for the kana, kanji and full-width forms
it lacks, so a Japanese use case, title or answer prints as written. Without DejaVu,
IPAexGothic is the body font; without either, the PDF core fonts print Latin-1 only.
"""

from __future__ import annotations

import importlib.util
import itertools
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.advice.presentation import CitedDocument, Line, Presentation, present
from assistant.i18n import N_, Translator, translator
from assistant.inert import inert_markdown
from assistant.schemas import Profile, Recommendation

BAR_WIDTH = 30
DISCLAIMER = N_(
    "Decision support, not legal advice: have your legal and data-protection advisers "
    "confirm the licence, contract and regulatory points before you rely on them."
)
# The knowledge documents' categories (CONTRACT.md's closed list) as a source line names
# them: the English is the code with spaces, as it always was.
CATEGORY_NAMES = {
    "strengths": N_("strengths"),
    "costs": N_("costs"),
    "licensing": N_("licensing"),
    "data-privacy": N_("data privacy"),
    "security": N_("security"),
    "deployment": N_("deployment"),
    "evaluation": N_("evaluation"),
    "regulation": N_("regulation"),
    "organisation": N_("organisation"),
}
# Volumes the break-even table shows (plus the manager's own volume).
TABLE_VOLUMES = (1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000)
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
# The Japanese font ships inside this package (a declared dependency), so no download or
# system font is needed for Japanese.
_JAPANESE_FONT_PACKAGE, _JAPANESE_FONT_FILE = "japanize_matplotlib", "fonts/ipaexg.ttf"
_JAPANESE_FAMILY = "IPAexGothic"
# One colour per option line in the break-even chart (colour-blind-safe palette).
PALETTE = (
    (0, 114, 178),
    (86, 180, 233),
    (0, 158, 115),
    (230, 159, 0),
    (213, 94, 0),
    (204, 121, 167),
    (120, 120, 120),
)


def _long_date(view: Presentation) -> str:
    if view.lang == "ja":
        return f"{view.date.year}年{view.date.month}月{view.date.day}日"
    return f"{view.date.day} {view.date:%B %Y}"


def _said(view: Presentation) -> Translator:
    """The translator of the report's language: every fixed heading and label below."""
    return translator(view.lang)


def _label(tr: Translator, label: str) -> str:
    """ "Why:" — a label in front of its text, with the colon the language writes."""
    return tr("{label}:").format(label=label)


def _count(value: float) -> str:
    if value >= 1_000_000_000:
        return f"{value / 1_000_000_000:g}B"
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 1_000:
        return f"{value / 1_000:g}k"
    return f"{value:g}"


def break_even_table(view: Presentation) -> tuple[list[int], list[tuple[str, list[str]]]]:
    """Monthly cost per option at a few volumes (the break-even chart as a table)."""
    curve = view.curve
    if curve is None:
        return [], []
    wanted = set(TABLE_VOLUMES) | ({curve.your_volume} if curve.your_volume else set())
    have = {p.monthly_requests for p in curve.points}
    volumes = sorted(v for v in wanted if v in have)
    by_key = {(p.option, p.monthly_requests): p.value for p in curve.points}
    rows = [
        (option, [view.money.text(_round(by_key[(option, v)])) for v in volumes])
        for option in curve.options
    ]
    return volumes, rows


def _round(value: float) -> float:
    from assistant.advice.money import rounded

    return rounded(value)


# --- Markdown ---------------------------------------------------------------------------


def _cell(text: str) -> str:
    return inert_markdown(text).replace("\n", " ").replace("|", "\\|")


def text_chart(view: Presentation) -> list[str]:
    """A bar chart in plain text: readable in any Markdown viewer, no images."""
    tr = _said(view)
    top = max((c.value for c in view.costs), default=0.0) or 1.0
    width = max((len(c.label) for c in view.costs), default=0)
    lines = []
    for cost in view.costs:
        bar = "#" * max(1 if cost.value > 0 else 0, round(BAR_WIDTH * cost.value / top))
        mark = tr("  <- recommended") if cost.recommended else ""
        lines.append(f"{cost.label:<{width}} | {bar:<{BAR_WIDTH}} {cost.amount}{mark}")
    return lines


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown_report(view: Presentation) -> str:
    tr = _said(view)
    s = view.summary

    def bold(label: str) -> str:
        return f"**{_label(tr, label)}**"

    out = [
        f"# {inert_markdown(view.title)}",
        "",
        tr("Adoption recommendation · {date}").format(date=_long_date(view)),
        "",
    ]
    if view.use_case:
        out += [f"{bold(tr('Use case'))} {inert_markdown(view.use_case)}", ""]
    out += [f"## {tr('Executive summary')}", ""]
    verdict = tr("{verdict}, with {approach}.").format(
        verdict=s.verdict, approach=s.approach_phrase
    )
    out += [f"{bold(tr('Verdict'))} {verdict}  "]
    if s.track:
        out += [f"{bold(tr('Track'))} {inert_markdown(s.track)}  "]
    out += [
        f"{bold(s.monthly_cost.label)} {s.monthly_cost.value} "
        + tr("({explanation})").format(explanation=s.monthly_cost.explanation)
        + "  "
    ]
    if view.budget is not None:
        out += [
            f"{bold(view.budget.label)} {view.budget.value}{tr('. ')}{view.budget.explanation}  "
        ]
    out += [f"{bold(line.label)} {_sentences(line, tr)}  " for line in s.business_value]
    out += ["", inert_markdown(view.overview), ""]
    if s.top_risks:
        out += [f"**{tr('Top risks')}**", ""] + [f"{n}. {r}" for n, r in enumerate(s.top_risks, 1)]
        out.append("")
    out += [f"**{tr('Decisions needed')}**", ""] + [f"- {d}" for d in s.decisions] + [""]
    out += [
        f"**{tr('Next actions')}**",
        "",
        _row(tr("When"), tr("What"), tr("Owner")),
        "|---|---|---|",
    ]
    out += [f"| {a.when} | {_cell(a.what)} | {a.owner} |" for a in s.next_actions]
    out += ["", f"## {tr('Inputs and assumptions')}", ""]
    out += [_row(tr("Question"), tr("Answer"), tr("Note")), "|---|---|---|"]
    out += [f"| {i.label} | {_cell(i.value)} | {_cell(i.explanation)} |" for i in view.inputs]
    out += ["", f"## {tr('Costs')}", ""]
    out += [tr("Monthly running cost of each option:"), "", "```", *text_chart(view), "```", ""]
    out += [_row(tr("Option"), tr("Monthly cost"), tr("What it covers")), "|---|---:|---|"]
    out += [f"| {c.label} | {c.amount} | {_cell(c.explanation)} |" for c in view.costs]
    out += ["", tr("How each figure is calculated:"), ""]
    out += [f"- {bold(c.label)} {_cell(c.detail)}" for c in view.costs]
    volumes, rows = break_even_table(view)
    if volumes:
        out += ["", f"## {tr('Break-even: monthly cost as the volume grows')}", ""]
        per_month = [tr("{n}/month").format(n=_count(v)) for v in volumes]
        out += [_row(tr("Option"), *per_month)]
        out += ["|---|" + "---:|" * len(volumes)]
        out += [f"| {option} | " + " | ".join(values) + " |" for option, values in rows]
        if view.curve and view.curve.your_volume:
            out += [
                "",
                tr("Your volume: {n} requests a month.").format(n=f"{view.curve.your_volume:,}"),
            ]
    out += _markdown_business(view)
    out += _markdown_pilot(view)
    out += ["", f"## {tr('Risks')}", ""]
    if not view.risks:
        out += [tr("No notable risks for this profile."), ""]
    for risk in view.risks:
        out += [f"### {_label(tr, risk.severity_label)} {inert_markdown(risk.title)}", ""]
        out += [f"- {bold(tr('Why'))} {inert_markdown(risk.why)}"]
        out += [f"- {bold(tr('What to do'))} {inert_markdown(risk.mitigation)}"]
        if risk.sources:
            out += [
                f"- {bold(tr('Based on'))} " + "; ".join(inert_markdown(t) for t in risk.sources)
            ]
        out.append("")
    plan = view.plan
    out += [f"## {tr('Proof of concept plan ({weeks} weeks)').format(weeks=plan.weeks)}", ""]
    out += [_row(tr("KPI"), tr("Target"), tr("How it is measured")), "|---|---|---|"]
    out += [f"| {_cell(k.label)} | {_cell(k.value)} | {_cell(k.explanation)} |" for k in plan.kpis]
    out += ["", f"**{tr('Success criteria')}**", ""] + [f"- {c}" for c in plan.success_criteria]
    out += ["", f"{bold(tr('Human review'))} {plan.human_review}", "", f"**{tr('Steps')}**", ""]
    out += [f"{n}. {step}" for n, step in enumerate(plan.steps, 1)]
    out += ["", f"## {tr('Talking points')}", ""] + [f"- {p}" for p in view.talking_points]
    out += ["", f"## {tr('Sources')}", ""]
    out += [f"{n}. {_source_line(d, tr)}" for n, d in enumerate(view.sources, 1)]
    if any(d.passage for d in view.sources):
        out += ["", f"## {tr('Appendix: the cited passages')}", ""]
        for n, doc in enumerate(view.sources, 1):
            if not doc.passage:
                continue
            out += [f"### {n}. {inert_markdown(doc.title)}", ""]
            out += [
                "> " + line if line else ">" for line in inert_markdown(doc.passage).splitlines()
            ]
            if doc.references:
                out += [
                    "",
                    _label(tr, tr("Its sources"))
                    + " "
                    + "; ".join(inert_markdown(r) for r in doc.references),
                ]
            out.append("")
    notes = [*view.notes, tr(DISCLAIMER)]
    out += ["", "---", ""] + [f"_{note}_  " for note in notes[:-1]] + [f"_{notes[-1]}_"]
    return "\n".join(out) + "\n"


def _sentences(line: Line, tr: Translator) -> str:
    """A line's value and explanation as running text ("€260,000 a month. Expected …")."""
    stop = tr(".")  # "。" in Japanese, which stands without a space after it
    space = "" if stop != "." else " "
    return space.join(
        part.rstrip(".").rstrip("。") + stop for part in (line.value, line.explanation) if part
    )


def _markdown_business(view: Presentation) -> list[str]:
    b = view.business
    if b is None:
        return []
    tr = _said(view)
    out = [
        "",
        f"## {tr('Business case')}",
        "",
        f"**{b.track}{tr('.')}** {inert_markdown(b.track_why)}",
        "",
    ]
    out += [
        f"| | {tr('Conservative')} | {tr('Expected')} | {tr('How it is worked out')} |",
        "|---|---:|---:|---|",
    ]
    out += [f"| {label} | {low} | {high} | {_cell(why)} |" for label, low, high, why in b.rows]
    out += ["", f"**{_label(tr, tr('Break-even'))}** {inert_markdown(b.sensitivity)}", ""]
    out += [_label(tr, tr("Based on")), ""]
    out += [f"- **{_label(tr, a.label)}** {_cell(a.value)}" for a in b.assumptions]
    if b.sources:
        method = "; ".join(inert_markdown(t) for t in b.sources)
        out += ["", tr("Method: {documents}.").format(documents=method)]
    return out


def _markdown_pilot(view: Presentation) -> list[str]:
    pilot = view.pilot
    if pilot is None:
        return []
    tr = _said(view)
    decision = tr("Decision: {decision}.").format(decision=pilot.decision)
    out = ["", f"## {tr('Pilot results')}", "", f"**{decision}** {_cell(pilot.why)}", ""]
    out += [_row(tr("KPI"), tr("Latest figure"), tr("Where it stands")), "|---|---|---|"]
    out += [f"| {_cell(k.label)} | {_cell(k.value)} | {k.explanation} |" for k in pilot.kpis]
    if pilot.cost:
        out += ["", f"**{_label(tr, tr('Measured cost'))}** {_cell(pilot.cost)}"]
    if pilot.talking_points:
        out += ["", tr("For the go / no-go meeting:"), ""]
        out += [f"- {p}" for p in pilot.talking_points]
    return out


def _source_line(doc: CitedDocument, tr: Translator) -> str:
    # The title is the document's own (never translated); what kind it is and when it was
    # reviewed are said in the report's language.
    return inert_markdown(doc.title) + _source_extra(doc, tr)


def _source_extra(doc: CitedDocument, tr: Translator) -> str:
    category = tr(CATEGORY_NAMES.get(doc.category, doc.category.replace("-", " ")))
    reviewed = tr("reviewed {date}").format(date=doc.reviewed) if doc.reviewed else ""
    extra = tr(", ").join(x for x in (category, reviewed) if x)
    return tr(" ({extra})").format(extra=extra) if extra else ""


def to_markdown(
    rec: Recommendation, profile: Profile | None = None, view: Presentation | None = None
) -> str:
    return markdown_report(view or present(rec, profile))


# --- PDF --------------------------------------------------------------------------------


def _font_path() -> Path | None:
    for folder in _FONT_DIRS:
        if (folder / "DejaVuSans.ttf").exists() and (folder / "DejaVuSans-Bold.ttf").exists():
            return folder
    return None


def _japanese_font() -> Path | None:
    """IPAexGothic's file inside japanize-matplotlib, found without importing the package
    (its ``__init__`` imports matplotlib, which takes seconds); None when it is missing."""
    try:
        spec = importlib.util.find_spec(_JAPANESE_FONT_PACKAGE)
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / _JAPANESE_FONT_FILE
        if candidate.is_file():
            return candidate
    return None


def _has_cjk(text: str) -> bool:
    """Whether ``text`` has kana, kanji or full-width forms: Japanese sets no spaces
    between words, so such text may wrap between any two characters."""
    return any(
        "\u3000" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or "\uff00" <= c <= "\uffef"
        for c in text
    )


def _wrap(text: str) -> Any:
    """fpdf's wrap mode for ``text``: by word, or by character for Japanese, where breaking
    only at spaces would leave a label such as 'Why:' alone on its line."""
    from fpdf.enums import WrapMode

    return WrapMode.CHAR if _has_cjk(text) else WrapMode.WORD


_LATIN = {
    "—": "-",
    "–": "-",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "≥": ">=",
    "≤": "<=",
    "×": "x",
    "…": "...",
    "•": "-",
    "€": "EUR ",
    "₹": "INR ",
    "→": "->",
}


class _Pdf:
    """A thin layer over fpdf2: fonts, headings, paragraphs, bullets, tables, charts."""

    def __init__(self, view: Presentation) -> None:
        from fpdf import FPDF
        from fpdf.fonts import TTFFont

        title = view.title
        stamp = _long_date(view)
        tr = _said(view)
        self.tr = tr

        class Document(FPDF):
            def footer(inner) -> None:  # fpdf's hook, called on every page
                inner.set_y(-12)
                inner.set_font(self.family, "", 8)
                inner.set_text_color(110, 110, 110)
                # Cut to leave room for the page number: a Japanese title is twice as wide.
                line = self.fit(f"{title} · {stamp}", inner.epw - 28)
                inner.cell(0, 5, self.clean(line), new_x="LMARGIN", new_y="TOP")
                page = tr("Page {n} of {total}").format(n=inner.page_no(), total="{nb}")
                inner.cell(0, 5, self.clean(page), align="R")
                inner.set_text_color(0, 0, 0)

            def _render_styled_text_line(inner, *args: Any, **kwargs: Any) -> bool:
                # Select the current font on the page before each line of text, as fpdf
                # does itself for a line that opens in that font. For a line that opens
                # in the fallback font (Japanese), fpdf2 2.8.9 selects it only inside the
                # line's own q…Q, so after it the page is back on the previous font while
                # fpdf thinks it set the new one: the next lines, the footer's page number
                # among them, came out as other glyphs of the wrong font.
                if inner.page and not inner.current_font_is_set_on_page and inner.current_font:
                    inner._out(inner._set_font_for_page(inner.current_font, inner.font_size_pt))
                return bool(super()._render_styled_text_line(*args, **kwargs))

        pdf = Document(format="A4")
        pdf.set_margins(18, 16, 18)
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.set_title(title)
        pdf.set_author("Adoption Advisor")
        fonts, japanese = _font_path(), _japanese_font()
        if fonts:
            pdf.add_font("Body", "", str(fonts / "DejaVuSans.ttf"))
            pdf.add_font("Body", "B", str(fonts / "DejaVuSans-Bold.ttf"))
            oblique = fonts / "DejaVuSans-Oblique.ttf"
            pdf.add_font(
                "Body", "I", str(oblique if oblique.exists() else fonts / "DejaVuSans.ttf")
            )
            if japanese:
                # Any character DejaVu lacks (kana, kanji, 円, ・, 「」, full-width forms) is
                # drawn in IPAexGothic. It has one weight only, so exact_match=False lets
                # bold and italic text fall back to it too (upright and regular) instead
                # of printing boxes.
                pdf.add_font(_JAPANESE_FAMILY, "", str(japanese))
                pdf.set_fallback_fonts([_JAPANESE_FAMILY], exact_match=False)
            self.family, self.unicode = "Body", True
        elif japanese:
            # No DejaVu: IPAexGothic is the body font, so Unicode text still prints; its
            # one weight stands in for bold and italic.
            for style in ("", "B", "I"):
                pdf.add_font("Body", style, str(japanese))
            self.family, self.unicode = "Body", True
        else:  # the PDF core fonts only know Latin-1
            self.family, self.unicode = "Helvetica", False
        # The typographic characters none of the fonts has, each printed as its _LATIN
        # stand-in (IPAexGothic as the body font has no ≥, ≤ or ₹).
        glyphs = [font.cmap for font in pdf.fonts.values() if isinstance(font, TTFFont)]
        self.missing = {c: r for c, r in _LATIN.items() if not any(ord(c) in g for g in glyphs)}
        self.pdf = pdf
        self.width = pdf.w - pdf.l_margin - pdf.r_margin

    def fit(self, text: str, width: float) -> str:
        """``text`` cut with an ellipsis to fit ``width`` mm in the current font (fpdf
        measures each character in the font that draws it, IPAexGothic for Japanese)."""
        if self.pdf.get_string_width(self.clean(text)) <= width:
            return text
        while text and self.pdf.get_string_width(self.clean(text + "…")) > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def clean(self, text: str) -> str:
        """``text`` in characters the fonts can draw: a stand-in for each typographic
        character no font has, and with the core fonts, '?' for anything beyond Latin-1."""
        for old, new in self.missing.items():
            text = text.replace(old, new)
        if self.unicode:
            return text
        return text.encode("latin-1", "replace").decode("latin-1")

    def lines(self, width: float, height: float, text: str, markdown: bool = False) -> None:
        """``text`` as a left-aligned block ``width`` mm wide, wrapped by word, or by
        character when it has Japanese; the cursor goes to the next line's left margin."""
        self.pdf.multi_cell(
            width,
            height,
            self.clean(text),
            markdown=markdown,
            align="L",
            wrapmode=_wrap(text),
            new_x="LMARGIN",
            new_y="NEXT",
        )

    def heading(self, text: str, size: int = 14, room: float = 40) -> None:
        """A heading, on a new page when less than ``room`` mm would follow it."""
        pdf = self.pdf
        if pdf.get_y() > pdf.h - pdf.b_margin - room:
            pdf.add_page()
        pdf.ln(3 if size < 14 else 5)
        pdf.set_font(self.family, "B", size)
        self.lines(self.width, size * 0.5, text)
        pdf.ln(1)
        pdf.set_font(self.family, "", 10)

    def para(self, text: str, size: float = 10, style: str = "") -> None:
        self.pdf.set_font(self.family, style, size)
        self.lines(self.width, size * 0.5, text)
        self.pdf.ln(1)

    def labelled(self, label: str, text: str) -> None:
        """'Label: text' with the label in bold, wrapping as one paragraph."""
        self.pdf.set_font(self.family, "", 10)
        said = _label(self.tr, _escape(label))
        self.lines(self.width, 5, f"**{said}** {_escape(text)}", markdown=True)
        self.pdf.ln(1)

    def bullets(self, items: Sequence[str], numbered: bool = False) -> None:
        pdf = self.pdf
        pdf.set_font(self.family, "", 10)
        marker_w = 7
        for n, item in enumerate(items, 1):
            marker = f"{n}." if numbered else ("•" if self.unicode else "-")
            if pdf.get_y() + 5 > pdf.page_break_trigger:
                # Break before the marker, or it lands alone on one page and its text,
                # written back at the old height, on the next.
                pdf.add_page()
            y = pdf.get_y()
            pdf.set_x(pdf.l_margin + 2)
            pdf.cell(marker_w - 2, 5, marker)
            pdf.set_xy(pdf.l_margin + marker_w, y)
            self.lines(self.width - marker_w, 5, item)
            pdf.ln(0.8)
        pdf.ln(1)

    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]
    ) -> None:
        pdf = self.pdf
        pdf.set_font(self.family, "", 9)
        with pdf.table(
            col_widths=tuple(widths),
            line_height=4.6,
            text_align="LEFT",
            headings_style=_heading_style(self.family),
            borders_layout="HORIZONTAL_LINES",
            padding=1.2,
        ) as table:
            row = table.row()
            for cell in header:
                row.cell(self.clean(cell))
            for values in rows:
                row = table.row()
                for cell in values:
                    row.cell(self.clean(cell))
        pdf.ln(3)

    # -- charts ----------------------------------------------------------------------

    def cost_bars(self, view: Presentation) -> None:
        pdf = self.pdf
        costs = view.costs
        top = max((c.value for c in costs), default=0.0)
        budget = view.budget_value
        scale_top = max(top, budget or 0.0) or 1.0
        label_w, amount_w = 62.0, 30.0
        bar_max = self.width - label_w - amount_w - 2
        height = 7 * len(costs) + 10
        if pdf.get_y() + height > pdf.h - 20:
            pdf.add_page()
        x0, y0 = pdf.l_margin, pdf.get_y()
        for n, cost in enumerate(costs):
            y = y0 + 7 * n
            pdf.set_xy(x0, y)
            pdf.set_font(self.family, "B" if cost.recommended else "", 8.5)
            pdf.cell(label_w, 6, self.clean(self.fit(cost.label, label_w - 2)))
            length = max(0.6, bar_max * cost.value / scale_top)
            pdf.set_fill_color(*((0, 114, 178) if cost.recommended else (170, 190, 210)))
            pdf.rect(x0 + label_w, y + 1, length, 4.5, style="F")
            pdf.set_xy(x0 + label_w + bar_max + 2, y)
            pdf.cell(amount_w, 6, self.clean(_per_month_dropped(cost.amount, self.tr)))
        pdf.set_fill_color(255, 255, 255)
        bottom = y0 + 7 * len(costs)
        if budget:
            bx = x0 + label_w + bar_max * budget / scale_top
            pdf.set_draw_color(214, 39, 40)
            pdf.set_line_width(0.5)
            pdf.set_dash_pattern(dash=1.5, gap=1)
            pdf.line(bx, y0 - 1, bx, bottom + 1)
            pdf.set_dash_pattern()
            pdf.set_line_width(0.2)
            pdf.set_draw_color(0, 0, 0)
        pdf.set_xy(x0, bottom + 2)
        pdf.set_font(self.family, "", 8)
        legend = self.tr("Dark bar: the recommended option. Amounts per month.")
        if budget and view.budget is not None:
            legend += self.tr(" Red dashed line: your budget ({budget}).").format(
                budget=view.budget.value
            )
        self.lines(self.width, 4, legend)
        pdf.ln(2)

    def payback_chart(self, view: Presentation) -> None:
        _payback_chart(self, view)

    def break_even_chart(self, view: Presentation) -> None:
        curve = view.curve
        if curve is None:
            return
        points = [p for p in curve.points if p.monthly_requests > 0 and p.value > 0]
        if not points:
            return
        pdf = self.pdf
        chart_h, legend_w = 70.0, 58.0
        if pdf.get_y() + chart_h + 16 > pdf.h - 20:
            pdf.add_page()
        left = pdf.l_margin + 14
        top = pdf.get_y() + 2
        plot_w = self.width - 14 - legend_w - 4
        xs = [math.log10(p.monthly_requests) for p in points]
        ys = [math.log10(p.value) for p in points]
        x_lo, x_hi = math.floor(min(xs)), math.ceil(max(xs))
        y_lo, y_hi = math.floor(min(ys)), math.ceil(max(ys))
        x_hi, y_hi = max(x_hi, x_lo + 1), max(y_hi, y_lo + 1)

        def px(volume: float) -> float:
            return left + plot_w * (math.log10(volume) - x_lo) / (x_hi - x_lo)

        def py(value: float) -> float:
            return top + chart_h * (1 - (math.log10(value) - y_lo) / (y_hi - y_lo))

        pdf.set_draw_color(200, 200, 200)
        pdf.set_line_width(0.1)
        pdf.set_font(self.family, "", 7)
        for e in range(y_lo, y_hi + 1):
            y = py(10**e)
            pdf.line(left, y, left + plot_w, y)
            pdf.set_xy(pdf.l_margin, y - 2)
            pdf.cell(13, 4, self.clean(view.money.text(10**e)), align="R")
        for e in range(x_lo, x_hi + 1):
            x = px(10**e)
            pdf.line(x, top, x, top + chart_h)
            pdf.set_xy(x - 8, top + chart_h + 1)
            pdf.cell(16, 4, _count(10**e), align="C")
        pdf.set_xy(left, top + chart_h + 5)
        pdf.cell(
            plot_w,
            4,
            self.clean(self.tr("Requests per month (both axes on a log scale)")),
            align="C",
        )
        pdf.set_line_width(0.5)
        for n, option in enumerate(curve.options):
            colour = PALETTE[n % len(PALETTE)]
            pdf.set_draw_color(*colour)
            line = sorted((p.monthly_requests, p.value) for p in points if p.option == option)
            for (v1, c1), (v2, c2) in itertools.pairwise(line):
                pdf.line(px(v1), py(c1), px(v2), py(c2))
            ly = top + 4 + n * 8
            lx = left + plot_w + 4
            pdf.line(lx, ly + 2, lx + 5, ly + 2)
            pdf.set_xy(lx + 6, ly)
            pdf.set_font(self.family, "", 7)
            pdf.multi_cell(
                legend_w - 6, 3.2, self.clean(_fit(option, 60)), new_x="LMARGIN", new_y="NEXT"
            )
        if curve.your_volume and 10**x_lo <= curve.your_volume <= 10**x_hi:
            x = px(curve.your_volume)
            pdf.set_draw_color(90, 90, 90)
            pdf.set_line_width(0.3)
            pdf.set_dash_pattern(dash=1.2, gap=1.2)
            pdf.line(x, top, x, top + chart_h)
            pdf.set_dash_pattern()
            pdf.set_xy(x + 1, top + 1)
            pdf.set_font(self.family, "", 7)
            pdf.cell(
                30,
                3.5,
                self.clean(self.tr("your volume: {n}").format(n=_count(curve.your_volume))),
            )
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.2)
        pdf.set_xy(pdf.l_margin, top + chart_h + 11)
        pdf.set_font(self.family, "", 8)
        pdf.multi_cell(
            self.width,
            4,
            self.clean(
                self.tr(
                    "Where two lines cross, the cheaper option changes; the dashed line is your "
                    "volume."
                )
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(2)


def _per_month_dropped(amount: str, tr: Translator) -> str:
    """ "€370 a month" as "€370" (a chart says once that its amounts are per month)."""
    before, _, after = tr("{amount} a month").partition("{amount}")
    return amount.removeprefix(before).removesuffix(after)


def _ticks(lo: float, hi: float) -> list[float]:
    """Round gridline values (a step of 1, 2 or 5 times a power of ten) from ``lo`` to
    ``hi``, zero among them."""
    raw = (hi - lo) / 4
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step) * step
    return [first + k * step for k in range(int((hi - first) // step) + 1)]


def _payback_chart(doc: _Pdf, view: Presentation) -> None:
    """The cumulative net value, less the build cost, month by month in both cases: where
    a line crosses zero the build cost is earned back."""
    business = view.business
    if business is None or not business.cumulative:
        return
    pdf = doc.pdf
    chart_h = 55.0
    if pdf.get_y() + chart_h + 16 > pdf.h - 20:
        pdf.add_page()
    left, top = pdf.l_margin + 18, pdf.get_y() + 2
    plot_w = doc.width - 18 - 40
    months = [m for m, _, _ in business.cumulative]
    values = [v for _, low, high in business.cumulative for v in (low, high)]
    lo, hi = min(0.0, *values), max(0.0, *values)
    hi = hi if hi > lo else lo + 1

    def px(month: float) -> float:
        return left + plot_w * month / max(months)

    def py(value: float) -> float:
        return top + chart_h * (1 - (value - lo) / (hi - lo))

    pdf.set_font(doc.family, "", 7)
    pdf.set_draw_color(200, 200, 200)
    pdf.set_line_width(0.1)
    for value in _ticks(lo, hi):
        pdf.line(left, py(value), left + plot_w, py(value))
        pdf.set_xy(pdf.l_margin, py(value) - 2)
        pdf.cell(17, 4, doc.clean(view.money.text(value)), align="R")
    for month in range(0, max(months) + 1, 6):
        pdf.set_xy(px(month) - 6, top + chart_h + 1)
        pdf.cell(12, 4, f"{month}", align="C")
    pdf.set_xy(left, top + chart_h + 5)
    pdf.cell(plot_w, 4, doc.clean(doc.tr("Months after going live")), align="C")
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.3)
    pdf.line(left, py(0), left + plot_w, py(0))
    for n, (name, index) in enumerate(((doc.tr("Expected"), 2), (doc.tr("Conservative"), 1))):
        colour = PALETTE[n % len(PALETTE)]
        pdf.set_draw_color(*colour)
        pdf.set_line_width(0.6)
        points = [(row[0], row[index]) for row in business.cumulative]
        for (m1, v1), (m2, v2) in itertools.pairwise(points):
            pdf.line(px(m1), py(v1), px(m2), py(v2))
        ly = top + 4 + n * 7
        lx = left + plot_w + 4
        pdf.line(lx, ly + 2, lx + 5, ly + 2)
        pdf.set_xy(lx + 6, ly)
        pdf.cell(30, 4, doc.clean(name))
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.2)
    pdf.set_xy(pdf.l_margin, top + chart_h + 11)
    pdf.ln(1)


def _heading_style(family: str) -> Any:
    from fpdf.fonts import FontFace

    return FontFace(family=family, emphasis="BOLD", fill_color=(235, 240, 246))


def _escape(text: str) -> str:
    """fpdf's markdown reads ** and __ as bold and underline: keep text literal."""
    return text.replace("**", "* *").replace("__", "_ _").replace("--", "- -")


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pdf_report(view: Presentation, path: Path) -> Path:
    """Write the PDF report of ``view`` to ``path``."""
    doc = _Pdf(view)
    tr = doc.tr
    pdf = doc.pdf
    s = view.summary
    pdf.add_page()
    pdf.set_font(doc.family, "B", 20)
    doc.lines(doc.width, 9, view.title)
    pdf.set_font(doc.family, "", 11)
    pdf.set_text_color(90, 90, 90)
    stamp = tr("Adoption recommendation · {date}").format(date=_long_date(view))
    pdf.multi_cell(
        doc.width, 6, doc.clean(stamp), wrapmode=_wrap(stamp), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    if view.use_case:
        doc.labelled(tr("Use case"), view.use_case)

    doc.heading(tr("Executive summary"))
    doc.labelled(
        tr("Verdict"),
        tr("{verdict}, with {approach}.").format(verdict=s.verdict, approach=s.approach_phrase),
    )
    if s.track:
        doc.labelled(tr("Track"), s.track)
    stop = tr(". ")
    doc.labelled(s.monthly_cost.label, f"{s.monthly_cost.value}{stop}{s.monthly_cost.explanation}")
    if view.budget is not None:
        doc.labelled(view.budget.label, f"{view.budget.value}{stop}{view.budget.explanation}")
    for line in s.business_value:
        doc.labelled(line.label, _sentences(line, tr))
    doc.para(view.overview)
    if s.top_risks:
        doc.heading(tr("Top risks"), 11)
        doc.bullets(s.top_risks, numbered=True)
    doc.heading(tr("Decisions needed"), 11)
    doc.bullets(s.decisions)
    doc.heading(tr("Next actions"), 11)
    doc.table(
        (tr("When"), tr("What"), tr("Owner")),
        [(a.when, a.what, a.owner) for a in s.next_actions],
        (18, 58, 24),
    )

    doc.heading(tr("Inputs and assumptions"))
    doc.para(
        tr(
            "What the assessment is based on. Rows marked as assumed were skipped in the "
            "interview and took the documented default."
        ),
        9,
    )
    doc.table(
        (tr("Question"), tr("Answer"), tr("Note")),
        [(i.label, i.value, i.explanation) for i in view.inputs],
        (24, 38, 38),
    )

    doc.heading(tr("Costs"))
    doc.para(tr("Monthly running cost of each option:"), 10)
    doc.cost_bars(view)
    doc.table(
        (tr("Option"), tr("Monthly cost"), tr("What it covers")),
        [
            (c.label + (tr(" (recommended)") if c.recommended else ""), c.amount, c.explanation)
            for c in view.costs
        ],
        (32, 18, 50),
    )
    doc.heading(tr("How each figure is calculated"), 11)
    doc.bullets([_label(tr, c.label) + " " + c.detail for c in view.costs])
    if view.curve is not None:
        doc.heading(tr("Break-even: monthly cost as the volume grows"), room=95)
        doc.break_even_chart(view)

    business = view.business
    if business is not None:
        doc.heading(tr("Business case"), room=90)
        doc.labelled(business.track, business.track_why)
        doc.table(
            ("", tr("Conservative"), tr("Expected"), tr("How it is worked out")),
            [row for row in business.rows],
            (24, 17, 17, 42),
        )
        doc.labelled(tr("Break-even"), business.sensitivity)
        doc.heading(tr("Cumulative value after the build cost"), 11, room=80)
        doc.payback_chart(view)
        doc.heading(tr("What the business case rests on"), 11)
        doc.bullets([_label(tr, a.label) + " " + a.value for a in business.assumptions])
        if business.sources:
            doc.para(tr("Method: {documents}.").format(documents="; ".join(business.sources)), 8.5)

    pilot = view.pilot
    if pilot is not None:
        doc.heading(tr("Pilot results"), room=70)
        doc.labelled(tr("Decision: {decision}").format(decision=pilot.decision), pilot.why)
        doc.table(
            (tr("KPI"), tr("Latest figure"), tr("Where it stands")),
            [(k.label, k.value, k.explanation) for k in pilot.kpis],
            (26, 56, 18),
        )
        if pilot.cost:
            doc.labelled(tr("Measured cost"), pilot.cost)
        if pilot.talking_points:
            doc.heading(tr("For the go / no-go meeting"), 11)
            doc.bullets(pilot.talking_points)

    doc.heading(tr("Risks"))
    if not view.risks:
        doc.para(tr("No notable risks for this profile."))
    for risk in view.risks:
        doc.heading(_label(tr, risk.severity_label) + " " + risk.title, 11)
        doc.labelled(tr("Why"), risk.why)
        doc.labelled(tr("What to do"), risk.mitigation)
        if risk.sources:
            doc.labelled(tr("Based on"), "; ".join(risk.sources))

    plan = view.plan
    doc.heading(tr("Proof of concept plan ({weeks} weeks)").format(weeks=plan.weeks))
    doc.table(
        (tr("KPI"), tr("Target"), tr("How it is measured")),
        [(k.label, k.value, k.explanation) for k in plan.kpis],
        (26, 37, 37),
    )
    doc.heading(tr("Success criteria"), 11)
    doc.bullets(plan.success_criteria)
    doc.heading(tr("Human review"), 11)
    doc.para(plan.human_review)
    doc.heading(tr("Steps"), 11)
    doc.bullets(plan.steps, numbered=True)
    doc.heading(tr("Talking points"))
    doc.bullets(view.talking_points)
    doc.heading(tr("Sources"))
    doc.bullets([_plain_source(d, tr) for d in view.sources], numbered=True)
    if any(d.passage for d in view.sources):
        pdf.add_page()
        doc.heading(tr("Appendix: the cited passages"))
        for n, source in enumerate(view.sources, 1):
            if not source.passage:
                continue
            doc.heading(f"{n}. {source.title}", 10)
            doc.para(source.passage, 9)
            if source.references:
                doc.para(_label(tr, tr("Its sources")) + " " + "; ".join(source.references), 8, "I")
    pdf.ln(4)
    for note in (*view.notes, tr(DISCLAIMER)):
        doc.para(note, 8, "I")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def _plain_source(doc: CitedDocument, tr: Translator) -> str:
    return doc.title + _source_extra(doc, tr)


def to_pdf(
    rec: Recommendation,
    path: Path,
    profile: Profile | None = None,
    view: Presentation | None = None,
) -> Path:
    """Write a PDF report (``view`` when the caller built one with its documents)."""
    return pdf_report(view or present(rec, profile), path)
