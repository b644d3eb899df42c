"""The portfolio as a document for a steering meeting: Markdown or PDF, the same content
in both, drawn from the rows of :mod:`assistant.advice.portfolio`.

Both open with a name and the date, count the assessments by track, show every use case
side by side in one table (numbered), place each by value against risk and effort (the
PDF draws the chart with fpdf2's own lines and circles, since no image renderer works
offline; the Markdown lists the chart's three regions), give each track's one-line reason
and say how the scores are made. The PDF is landscape A4 with page numbers. No session id,
file path or internal code appears in either.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from assistant.advice.money import Money
from assistant.advice.portfolio import (
    QUADRANTS,
    RISK_THRESHOLD,
    DisplayRow,
    PortfolioRow,
    counts_line,
    display,
    portfolio_money,
    quadrant,
)
from assistant.advice.report import _LATIN, DISCLAIMER, _font_path, _heading_style
from assistant.inert import inert_markdown

DEFAULT_NAME = "Use-case portfolio"
# One colour per track on the chart (the colour-blind-safe palette the reports use).
TRACK_COLOURS: dict[str, tuple[int, int, int]] = {
    "Try fast": (0, 158, 115),
    "Long-term bet": (0, 114, 178),
    "Not now": (213, 94, 0),
}
OTHER_COLOUR = (140, 140, 140)
QUADRANT_NOTES = {
    "Try first": f"pays off, risk and effort below {RISK_THRESHOLD} of 100",
    "Needs an investment decision": f"pays off, risk and effort {RISK_THRESHOLD} or more",
    "Does not pay yet": "the expected monthly net value is zero or less",
}
SCORING = (
    "Net value is the expected monthly benefit minus the running cost and the human "
    "review time the plan keeps. Risk and effort runs from 0 to 100: the risks found "
    "(blocker 30, high 15, medium 6, low 2; at most 60), the build cost (0 at 1,000 US dollars "
    "or less up to 20 at 1,000,000, on a log scale) and what the approach asks of the team "
    "(at most 20)."
)


@dataclass(frozen=True)
class PortfolioReport:
    """What both documents show: the rows in the order given, worded in one currency."""

    name: str
    date: date
    money: Money
    rows: tuple[PortfolioRow, ...]
    shown: tuple[DisplayRow, ...]

    @property
    def file_stem(self) -> str:
        """'Use-case portfolio 2026-12-01' (safe in any file system)."""
        import re

        safe = " ".join(re.sub(r"[^A-Za-z0-9 ._-]+", " ", self.name).split())[:60]
        return f"{safe.strip(' .-') or DEFAULT_NAME} {self.date.isoformat()}"

    @property
    def notes(self) -> tuple[str, ...]:
        rate = self.money.rate_line()
        return tuple(n for n in (rate, DISCLAIMER) if n)


def portfolio_report(
    rows: Sequence[PortfolioRow],
    name: str = DEFAULT_NAME,
    today: date | None = None,
    money: Money | None = None,
) -> PortfolioReport:
    """The report of ``rows`` (already sorted and filtered as the reader wants them)."""
    money = money or portfolio_money(rows)
    return PortfolioReport(
        name=" ".join(name.split()) or DEFAULT_NAME,
        date=today or date.today(),
        money=money,
        rows=tuple(rows),
        shown=tuple(display(row, money) for row in rows),
    )


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _subtitle(report: PortfolioReport) -> str:
    return f"Portfolio of use cases for the steering meeting · {_long_date(report.date)}"


# --- Markdown ---------------------------------------------------------------------------


def _cell(text: str) -> str:
    return inert_markdown(text).replace("\n", " ").replace("|", "\\|")


def _placed_line(n: int, shown: DisplayRow) -> str:
    return (
        f"- **{n}. {inert_markdown(shown.title)}**: {shown.net_value} net, risk and effort "
        f"{shown.risk_effort}, {shown.track.lower()}."
    )


def markdown_portfolio(report: PortfolioReport) -> str:
    out = [f"# {inert_markdown(report.name)}", "", _subtitle(report), ""]
    out += [counts_line(report.rows), ""]
    if not report.rows:
        return "\n".join(out) + "\n"
    out += ["## Side by side", ""]
    out += [
        "| # | Use case | Verdict | Track | Running cost | Net value (expected) | Payback "
        "| Top risk | Pilot |",
        "|---:|---|---|---|---:|---:|---|---|---|",
    ]
    for n, s in enumerate(report.shown, 1):
        out.append(
            f"| {n} | {_cell(s.title)} | {s.verdict} | {s.track} | {s.monthly_cost} | "
            f"{s.net_value} | {s.payback} | {_cell(s.top_risk)} | {s.pilot} |"
        )
    out += ["", "## Value against risk and effort", ""]
    numbered = list(enumerate(zip(report.rows, report.shown, strict=True), 1))
    for region in QUADRANTS:
        members = [(n, s) for n, (row, s) in numbered if quadrant(row) == region]
        if not members:
            continue
        out += [f"### {region} ({QUADRANT_NOTES[region]})", ""]
        out += [_placed_line(n, s) for n, s in members] + [""]
    unplaced = [
        (n, s) for n, (row, s) in numbered if row.status == "assessed" and quadrant(row) is None
    ]
    if unplaced:
        out += ["### Not placed (assessed before the business case was added)", ""]
        out += [f"- {n}. {inert_markdown(s.title)}" for n, s in unplaced] + [""]
    reasons = [(n, s) for n, s in enumerate(report.shown, 1) if s.track_why]
    if reasons:
        out += ["## Why each track", ""]
        out += [
            f"- **{n}. {inert_markdown(s.title)}** ({s.track}): {inert_markdown(s.track_why)}"
            for n, s in reasons
        ]
        out.append("")
    out += ["## How to read the figures", "", SCORING, ""]
    out += ["---", ""] + [f"_{note}_  " for note in report.notes]
    return "\n".join(out) + "\n"


# --- a plain-text table (the terminal) --------------------------------------------------

# Column: (header, widest it gets); longer text is cut with an ellipsis.
_TEXT_COLUMNS = (
    ("#", 3),
    ("Use case", 34),
    ("Verdict", 40),
    ("Track", 13),
    ("Running cost", 16),
    ("Net value", 18),
    ("Payback", 16),
    ("Top risk", 40),
)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def text_table(report: PortfolioReport) -> str:
    """The portfolio for a terminal: the counts, one aligned row per assessment, the
    currency note."""
    lines = [f"{report.name} · {_long_date(report.date)}", counts_line(report.rows)]
    if report.rows:
        cells = [
            [
                str(n),
                s.title,
                s.verdict,
                s.track,
                s.monthly_cost.removesuffix(" a month"),
                s.net_value.removesuffix(" a month"),
                s.payback,
                s.top_risk,
            ]
            for n, s in enumerate(report.shown, 1)
        ]
        widths = [
            max(len(header), *(len(_cut(row[i], cap)) for row in cells))
            for i, (header, cap) in enumerate(_TEXT_COLUMNS)
        ]
        header = [h for h, _ in _TEXT_COLUMNS]
        header[4], header[5] = "Cost a month", "Net a month"
        widths[4] = max(widths[4], len(header[4]))
        widths[5] = max(widths[5], len(header[5]))
        lines.append("")
        lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
        lines.append("  ".join("-" * w for w in widths))
        for row in cells:
            lines.append(
                "  ".join(
                    _cut(text, cap).rjust(w) if i in (0, 4, 5) else _cut(text, cap).ljust(w)
                    for i, (text, w, (_, cap)) in enumerate(
                        zip(row, widths, _TEXT_COLUMNS, strict=True)
                    )
                ).rstrip()
            )
    rate = report.money.rate_line()
    if rate:
        lines += ["", rate]
    return "\n".join(lines) + "\n"


# --- PDF --------------------------------------------------------------------------------


class _Document:
    """fpdf2 in landscape A4 with the reports' fonts, a footer with page numbers, and the
    portfolio chart."""

    def __init__(self, report: PortfolioReport) -> None:
        from fpdf import FPDF

        footer_text = f"{report.name} · {_long_date(report.date)}"
        outer = self

        class Pdf(FPDF):
            def footer(inner) -> None:  # fpdf's hook, called on every page
                inner.set_y(-12)
                inner.set_font(outer.family, "", 8)
                inner.set_text_color(110, 110, 110)
                inner.cell(0, 5, outer.clean(footer_text), new_x="LMARGIN", new_y="TOP")
                inner.cell(0, 5, f"Page {inner.page_no()} of {{nb}}", align="R")
                inner.set_text_color(0, 0, 0)

        pdf = Pdf(orientation="L", format="A4")
        pdf.set_margins(16, 14, 16)
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.set_title(report.name)
        pdf.set_author("Adoption Advisor")
        fonts = _font_path()
        if fonts:
            pdf.add_font("Body", "", str(fonts / "DejaVuSans.ttf"))
            pdf.add_font("Body", "B", str(fonts / "DejaVuSans-Bold.ttf"))
            oblique = fonts / "DejaVuSans-Oblique.ttf"
            pdf.add_font(
                "Body", "I", str(oblique if oblique.exists() else fonts / "DejaVuSans.ttf")
            )
            self.family, self.unicode = "Body", True
        else:  # the PDF core fonts only know Latin-1
            self.family, self.unicode = "Helvetica", False
        self.pdf = pdf
        self.width = pdf.w - pdf.l_margin - pdf.r_margin

    def clean(self, text: str) -> str:
        if self.unicode:
            return text
        for old, new in _LATIN.items():
            text = text.replace(old, new)
        return text.encode("latin-1", "replace").decode("latin-1")

    def fit(self, text: str, width: float) -> str:
        if self.pdf.get_string_width(self.clean(text)) <= width:
            return text
        while text and self.pdf.get_string_width(self.clean(text + "…")) > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def heading(self, text: str, size: int = 14, room: float = 30) -> None:
        pdf = self.pdf
        if pdf.get_y() > pdf.h - pdf.b_margin - room:
            pdf.add_page()
        pdf.ln(3 if size < 14 else 4)
        pdf.set_font(self.family, "B", size)
        pdf.multi_cell(self.width, size * 0.5, self.clean(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    def para(self, text: str, size: float = 10, style: str = "") -> None:
        self.pdf.set_font(self.family, style, size)
        self.pdf.multi_cell(
            self.width, size * 0.5, self.clean(text), align="L", new_x="LMARGIN", new_y="NEXT"
        )
        self.pdf.ln(1)

    def table(self, report: PortfolioReport) -> None:
        pdf = self.pdf
        pdf.set_font(self.family, "", 8.5)
        header = (
            "#",
            "Use case",
            "Verdict",
            "Track",
            "Running cost",
            "Net value (expected)",
            "Payback",
            "Top risk",
            "Pilot",
        )
        with pdf.table(
            col_widths=(5, 38, 28, 16, 18, 19, 17, 34, 15),
            line_height=4.4,
            text_align="LEFT",
            headings_style=_heading_style(self.family),
            borders_layout="HORIZONTAL_LINES",
            padding=1.2,
        ) as table:
            row = table.row()
            for cell in header:
                row.cell(self.clean(cell))
            for n, s in enumerate(report.shown, 1):
                row = table.row()
                values = (
                    str(n),
                    s.title,
                    s.verdict,
                    s.track,
                    s.monthly_cost,
                    s.net_value,
                    s.payback,
                    s.top_risk,
                    s.pilot,
                )
                for value in values:
                    row.cell(self.clean(value))
        pdf.ln(3)

    def chart(self, report: PortfolioReport) -> None:
        """Each placed use case as a numbered dot: risk and effort across, net value up."""
        placed = [
            (n, s)
            for n, s in enumerate(report.shown, 1)
            if s.value is not None and s.risk_effort_score is not None
        ]
        if not placed:
            self.para("No use case has a business case yet, so none can be placed.", 9)
            return
        pdf = self.pdf
        plot_h, legend_w, axis_w = 80.0, 70.0, 22.0
        if pdf.get_y() + plot_h + 20 > pdf.h - pdf.b_margin:
            pdf.add_page()
        left = pdf.l_margin + axis_w
        top = pdf.get_y() + 2
        plot_w = self.width - axis_w - legend_w - 6
        values = [s.value for _, s in placed if s.value is not None]
        ticks = nice_ticks(min(0.0, *values), max(0.0, *values))
        y_lo, y_hi = ticks[0], ticks[-1]

        def px(score: float) -> float:
            return left + plot_w * max(0.0, min(100.0, score)) / 100

        def py(value: float) -> float:
            return top + plot_h * (1 - (value - y_lo) / (y_hi - y_lo))

        # The "try first" region (pays off, below the risk threshold), lightly shaded.
        pdf.set_fill_color(232, 245, 238)
        zero = py(0.0)
        pdf.rect(left, top, px(RISK_THRESHOLD) - left, zero - top, style="F")
        pdf.set_draw_color(210, 210, 210)
        pdf.set_line_width(0.1)
        pdf.set_font(self.family, "", 7)
        for tick in ticks:
            y = py(tick)
            pdf.line(left, y, left + plot_w, y)
            pdf.set_xy(pdf.l_margin, y - 2)
            label = _signed_text(report.money, tick)
            pdf.cell(axis_w - 2, 4, self.clean(label), align="R")
        for score in range(0, 101, 25):
            x = px(score)
            pdf.line(x, top, x, top + plot_h)
            pdf.set_xy(x - 8, top + plot_h + 1)
            pdf.cell(16, 4, str(score), align="C")
        pdf.set_draw_color(60, 60, 60)
        pdf.set_line_width(0.4)
        pdf.line(left, zero, left + plot_w, zero)  # net value zero: pays / does not pay
        pdf.set_dash_pattern(dash=1.5, gap=1.2)
        pdf.line(px(RISK_THRESHOLD), top, px(RISK_THRESHOLD), top + plot_h)
        pdf.set_dash_pattern()
        pdf.set_font(self.family, "B", 7.5)
        pdf.set_text_color(90, 90, 90)
        if zero - top > 8:
            pdf.set_xy(left + 1.5, top + 1)
            pdf.cell(40, 4, "Try first")
            pdf.set_xy(px(RISK_THRESHOLD) + 1.5, top + 1)
            pdf.cell(60, 4, self.clean("Needs an investment decision"))
        if top + plot_h - zero > 8:
            pdf.set_xy(left + 1.5, top + plot_h - 5)
            pdf.cell(60, 4, "Does not pay yet")
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(self.family, "", 7.5)
        pdf.set_xy(left, top + plot_h + 5)
        pdf.cell(plot_w, 4, "Risk and effort (0 to 100)", align="C")
        pdf.set_line_width(0.2)
        for n, s in placed:
            colour = TRACK_COLOURS.get(s.track, OTHER_COLOUR)
            x, y = px(float(s.risk_effort_score or 0)), py(float(s.value or 0.0))
            pdf.set_fill_color(*colour)
            pdf.set_draw_color(255, 255, 255)
            pdf.circle(x=x, y=y, radius=2.2, style="FD")
            pdf.set_font(self.family, "B", 7)
            pdf.set_xy(x + 2.4, y - 2)
            pdf.cell(8, 4, str(n))
        # The legend: colours by track, then the numbered names.
        lx = left + plot_w + 6
        ly = top + 1
        pdf.set_font(self.family, "B", 8)
        pdf.set_xy(lx, ly)
        pdf.cell(legend_w, 4, "Track")
        ly += 5
        pdf.set_font(self.family, "", 7.5)
        tracks = [t for t in TRACK_COLOURS if any(s.track == t for _, s in placed)]
        if any(s.track not in TRACK_COLOURS for _, s in placed):
            tracks.append("not assessed")
        for track in tracks:
            pdf.set_fill_color(*TRACK_COLOURS.get(track, OTHER_COLOUR))
            pdf.circle(x=lx + 1.8, y=ly + 2, radius=1.6, style="F")
            pdf.set_xy(lx + 5, ly)
            pdf.cell(legend_w - 5, 4, self.clean(track))
            ly += 4.6
        ly += 2
        pdf.set_font(self.family, "B", 8)
        pdf.set_xy(lx, ly)
        pdf.cell(legend_w, 4, "Use cases")
        ly += 5
        pdf.set_font(self.family, "", 7.5)
        for n, s in placed:
            if ly > top + plot_h + 4:
                pdf.set_xy(lx, ly)
                pdf.cell(legend_w, 4, self.clean("… and the rest in the table"))
                break
            pdf.set_xy(lx, ly)
            pdf.cell(legend_w, 4, self.clean(self.fit(f"{n}. {s.title}", legend_w)))
            ly += 4.2
        pdf.set_fill_color(255, 255, 255)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_xy(pdf.l_margin, top + plot_h + 11)
        pdf.set_font(self.family, "", 8)
        pdf.multi_cell(
            self.width,
            4,
            self.clean(
                "Numbers are the rows of the table. Up: more net value a month (expected "
                f"case); right: more risk and effort. The dashed line is {RISK_THRESHOLD}; "
                "the solid line is zero net value."
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(2)


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round axis ticks covering ``lo`` to ``hi`` (about ``count`` of them)."""
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(lo / step) * step
    last = math.ceil(hi / step) * step
    ticks = []
    value = first
    while value <= last + step / 2:
        ticks.append(round(value, 10))
        value += step
    return ticks if len(ticks) > 1 else [first, first + step]


def _signed_text(money: Money, amount: float) -> str:
    """An axis label in the display currency (already converted)."""
    text = money.text(abs(amount))
    return f"-{text}" if amount < 0 else text


def _build_pdf(report: PortfolioReport) -> _Document:
    doc = _Document(report)
    pdf = doc.pdf
    pdf.add_page()
    pdf.set_font(doc.family, "B", 20)
    pdf.multi_cell(doc.width, 9, doc.clean(report.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(doc.family, "", 11)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(doc.width, 6, doc.clean(_subtitle(report)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    doc.para(counts_line(report.rows), 11, "B")
    if report.rows:
        doc.heading("Side by side")
        doc.table(report)
        doc.heading("Value against risk and effort", room=120)
        doc.chart(report)
        reasons = [(n, s) for n, s in enumerate(report.shown, 1) if s.track_why]
        if reasons:
            doc.heading("Why each track")
            for n, s in reasons:
                doc.para(f"{n}. {s.title} ({s.track}): {s.track_why}", 9.5)
        doc.heading("How to read the figures", 11, room=20)
        doc.para(SCORING, 9)
    pdf.ln(3)
    for note in report.notes:
        doc.para(note, 8, "I")
    return doc


def pdf_portfolio(report: PortfolioReport, path: Path) -> Path:
    """Write the PDF of ``report`` to ``path``."""
    doc = _build_pdf(report)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.pdf.output(str(path))
    return path


def pdf_bytes(report: PortfolioReport) -> bytes:
    """The PDF of ``report`` in memory (the web app's download button)."""
    return bytes(_build_pdf(report).pdf.output())
