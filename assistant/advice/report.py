"""The recommendation as a document a manager can take into a meeting: Markdown or PDF,
each with a cost comparison chart."""

from __future__ import annotations

from pathlib import Path

from assistant.advice.wording import SEVERITY_LABELS, VERDICT_LABELS, usd
from assistant.schemas import CostOption, Profile, Recommendation

BAR_WIDTH = 30
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


def _label(approach: str) -> str:
    return approach.replace("_", " ")


def option_label(option: CostOption) -> str:
    return option.label or _label(option.approach)


def is_recommended(option: CostOption, rec: Recommendation) -> bool:
    return (
        option.approach == rec.approach and option.monthly_usd == rec.costs.recommended_monthly_usd
    )


def text_chart(rec: Recommendation) -> list[str]:
    """A bar chart in plain text: readable in any Markdown viewer, no images."""
    options = rec.costs.options
    top = max((o.monthly_usd for o in options), default=0.0) or 1.0
    width = max(len(option_label(o)) for o in options)
    lines = []
    for option in options:
        value = option.monthly_usd
        bar = "#" * max(1 if value > 0 else 0, round(BAR_WIDTH * value / top))
        mark = " <- recommended" if is_recommended(option, rec) else ""
        lines.append(
            f"{option_label(option):<{width}} | {bar:<{BAR_WIDTH}} {usd(value)}/month{mark}"
        )
    return lines


def to_markdown(rec: Recommendation, profile: Profile | None = None) -> str:
    out: list[str] = ["# Adoption recommendation", ""]
    if profile is not None:
        out += [f"**Use case:** {profile.use_case}", ""]
    out += [
        f"**Verdict:** {VERDICT_LABELS[rec.verdict]}  ",
        f"**Approach:** {_label(rec.approach)}  ",
        f"**Alternatives:** {', '.join(_label(a) for a in rec.alternatives) or 'none'}",
        "",
        rec.summary,
        "",
    ]
    if rec.assumptions:
        out += ["## Assumptions (defaults taken)", ""]
        out += [f"- `{field}`: {value}" for field, value in rec.assumptions.items()]
        out.append("")
    out += ["## Costs", "", "```", *text_chart(rec), "```", ""]
    out += ["| Option | Monthly cost | Basis |", "|---|---:|---|"]
    out += [f"| {option_label(o)} | {usd(o.monthly_usd)} | {o.basis} |" for o in rec.costs.options]
    budget = rec.costs.monthly_budget_usd
    out += [
        "",
        f"Recommended option: {usd(rec.costs.recommended_monthly_usd)} a month"
        + (f" against a budget of {usd(budget)}." if budget is not None else "."),
        "",
        "## Risks",
        "",
        "| Severity | Risk | Why | Mitigation | Sources |",
        "|---|---|---|---|---|",
    ]
    out += [
        f"| {SEVERITY_LABELS[r.severity]} | {r.title} | {r.why} | {r.mitigation} | "
        f"{', '.join(r.sources)} |"
        for r in rec.risks
    ]
    plan = rec.poc_plan
    out += [
        "",
        f"## Proof of concept ({plan.duration_weeks} weeks)",
        "",
        "| KPI | Target | How measured |",
        "|---|---|---|",
    ]
    out += [f"| {k.name} | {k.target} | {k.how_measured} |" for k in plan.kpis]
    out += ["", "**Success criteria**", ""] + [f"- {c}" for c in plan.success_criteria]
    out += ["", f"**Human review:** {plan.human_review}", "", "**Steps**", ""]
    out += [f"{n}. {step}" for n, step in enumerate(plan.steps, 1)]
    out += ["", "## Talking points", ""] + [f"- {p}" for p in rec.talking_points]
    out += ["", "## Sources", ""]
    out += [f"- {s.title} (`{s.doc_id}`, {s.path})" for s in rec.sources]
    return "\n".join(out) + "\n"


def _font_path() -> Path | None:
    for folder in _FONT_DIRS:
        if (folder / "DejaVuSans.ttf").exists() and (folder / "DejaVuSans-Bold.ttf").exists():
            return folder
    return None


def to_pdf(rec: Recommendation, path: Path, profile: Profile | None = None) -> Path:
    """Write a PDF report with a drawn bar chart of the cost options."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title("Adoption recommendation")
    fonts = _font_path()
    if fonts:
        pdf.add_font("Body", "", str(fonts / "DejaVuSans.ttf"))
        pdf.add_font("Body", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        family = "Body"

        def clean(text: str) -> str:
            return text
    else:  # the PDF core fonts only know Latin-1
        family = "Helvetica"

        def clean(text: str) -> str:
            swaps = {
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
            }
            for old, new in swaps.items():
                text = text.replace(old, new)
            return text.encode("latin-1", "replace").decode("latin-1")

    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def heading(text: str, size: int = 13) -> None:
        pdf.ln(2)
        pdf.set_font(family, "B", size)
        pdf.multi_cell(width, 7, clean(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 10)

    def para(text: str) -> None:
        pdf.set_font(family, "", 10)
        pdf.multi_cell(width, 5, clean(text), new_x="LMARGIN", new_y="NEXT")

    heading("Adoption recommendation", 18)
    if profile is not None:
        para(f"Use case: {profile.use_case}")
    heading(f"Verdict: {VERDICT_LABELS[rec.verdict]}")
    para(
        f"Approach: {_label(rec.approach)}. Alternatives: "
        f"{', '.join(_label(a) for a in rec.alternatives) or 'none'}."
    )
    para(rec.summary)
    if rec.assumptions:
        heading("Assumptions (defaults taken)", 11)
        para("; ".join(f"{k}: {v}" for k, v in rec.assumptions.items()))

    heading("Monthly cost by option")
    top = max((o.monthly_usd for o in rec.costs.options), default=0.0) or 1.0
    label_w, bar_max = 62.0, width - 62.0 - 32.0
    for option in rec.costs.options:
        y = pdf.get_y()
        pdf.set_font(family, "", 9)
        pdf.cell(label_w, 6, clean(option_label(option)))
        length = max(0.5, bar_max * option.monthly_usd / top)
        recommended = (
            option.approach == rec.approach
            and option.monthly_usd == rec.costs.recommended_monthly_usd
        )
        pdf.set_fill_color(*((31, 119, 180) if recommended else (170, 190, 210)))
        pdf.rect(pdf.l_margin + label_w, y + 1, length, 4, style="F")
        pdf.set_x(pdf.l_margin + label_w + bar_max + 2)
        pdf.cell(30, 6, clean(usd(option.monthly_usd)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 8)
    for option in rec.costs.options:
        pdf.multi_cell(
            width,
            4,
            clean(f"{_label(option.approach)}: {option.basis}"),
            new_x="LMARGIN",
            new_y="NEXT",
        )

    heading("Risks")
    for risk in rec.risks:
        pdf.set_font(family, "B", 10)
        pdf.multi_cell(
            width,
            5,
            clean(f"[{SEVERITY_LABELS[risk.severity]}] {risk.title}"),
            new_x="LMARGIN",
            new_y="NEXT",
        )
        para(f"Why: {risk.why}")
        para(f"Mitigation: {risk.mitigation}")
        para(f"Sources: {', '.join(risk.sources)}")
        pdf.ln(1)

    plan = rec.poc_plan
    heading(f"Proof of concept ({plan.duration_weeks} weeks)")
    for kpi in plan.kpis:
        para(f"- {kpi.name}: {kpi.target} ({kpi.how_measured})")
    heading("Success criteria", 11)
    for item in plan.success_criteria:
        para(f"- {item}")
    heading("Human review", 11)
    para(plan.human_review)
    heading("Steps", 11)
    for n, step in enumerate(plan.steps, 1):
        para(f"{n}. {step}")
    heading("Talking points")
    for point in rec.talking_points:
        para(f"- {point}")
    heading("Sources")
    for source in rec.sources:
        para(f"- {source.title} ({source.doc_id}, {source.path})")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path
