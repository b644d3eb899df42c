"""Follow-up answers taken from the assessment itself: the decision, the business case, the
cost, the top risks, pilot results against the plan, comparisons with other ways of doing
it, and what a what-if changes.

After the recommendation most questions a manager asks are about *their* case ("so should
we do it?", "explain the cost, it seems low", "top 3 risks", "drafts accepted 62%, is
that good enough?", "why not just use ChatGPT?"). The answer is in the stored
recommendation, so it is built from it, in plain words; the dialogue adds guidance passages
with citations where they help.

Every answer is drawn from the one presentation of the recommendation
(``assistant.advice.presentation``), which already says the verdict, the options, the
risks, the business case and the KPIs in the assessment's language and currency; the
sentences around them come from the message catalogue. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.advice.presentation import (
    NET_ROW,
    PAYBACK_ROW,
    Presentation,
    approach_phrase,
    present,
)
from assistant.i18n import N_, translator
from assistant.questionnaire import Value
from assistant.questionnaire.wording import describe
from assistant.schemas import Kpi, Recommendation

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


# The frames of the answers a benchmark recognises an answer from the assessment by.
COST_FRAME = N_("How it is worked out: {basis}")
PILOT_FRAME = N_("**Your pilot against the plan:**")
WHAT_IF_FRAME = N_(
    '**What if {change}?** Your saved assessment is unchanged; say "actually {first}" to keep it.'
)


def view_of(rec: Recommendation, currency: str | None, lang: str | None) -> Presentation:
    """The presentation every follow-up answer is said from."""
    return present(rec, currency=currency, lang=translator(lang).lang)


def top_n(text: str, default: int = 3) -> int:
    """ "top 3 risks", "the two biggest risks", 「リスクを3つ」 -> 3, 2, 3."""
    match = re.search(r"(\d+)|\b(one|two|three|four|five|six)\b", text.lower())
    if not match:
        return default
    return int(match.group(1)) if match.group(1) else _NUMBER_WORDS[match.group(2)]


def _serious(view: Presentation) -> list[int]:
    return [k for k, r in enumerate(view.risks) if r.severity in ("blocker", "high")]


def decision(rec: Recommendation, view: Presentation) -> str:
    """Should we do it: the verdict, why, and what must be settled first."""
    tr = translator(view.lang)
    s = view.summary
    lines = [
        tr("**{verdict}**, with {approach}.").format(verdict=s.verdict, approach=s.approach_phrase)
    ]
    if rec.verdict == "start_poc":
        lines.append(
            tr(
                "Yes: start with a small proof of concept. Nothing in the assessment blocks "
                "it, and it runs at about {amount} a month at your volume."
            ).format(amount=view.money(rec.costs.recommended_monthly_usd))
        )
    elif rec.verdict == "poc_with_safeguards":
        lines.append(
            tr(
                "Yes, but only as a proof of concept with safeguards in place from day one; "
                "do not go straight to production."
            )
        )
    else:
        lines.append(tr("Not as things stand: a blocking risk has to be resolved first."))
    serious = [view.risks[k] for k in _serious(view)]
    if serious:
        lines.append(tr("**Why, and what must be settled first:**"))
        lines += [f"- {r.title}: {r.mitigation}" for r in serious]
    elif view.risks:
        first = view.risks[0]
        lines.append(
            tr("**Settle first:** {risk}: {mitigation}").format(
                risk=_lower(first.title, view.lang), mitigation=first.mitigation
            )
        )
    budget = rec.costs.monthly_budget_usd
    if budget is not None and rec.costs.recommended_monthly_usd > budget:
        lines.append(
            tr("Note the cost is above your budget of {amount} a month.").format(
                amount=view.money(budget, exact=True)
            )
        )
    if view.business is not None:
        business = view.business
        lines.append(f"{_value_line(view)} {business.track}: {business.track_why}")
    if view.plan.kpis:
        kpi = view.plan.kpis[0]
        lines.append(
            tr("The plan: a {weeks}-week pilot measured by {kpi} ({target}).").format(
                weeks=view.plan.weeks, kpi=_lower(kpi.label, view.lang), target=kpi.value
            )
        )
    return "\n\n".join(lines)


def _lower(text: str, lang: str) -> str:
    """A heading's words inside a sentence: lower-cased in English, as they are elsewhere."""
    return text[:1].lower() + text[1:] if lang == "en" else text


def _rows(view: Presentation) -> dict[str, tuple[str, str, str, str]]:
    assert view.business is not None
    return {row[0]: row for row in view.business.rows}


def _value_line(view: Presentation) -> str:
    tr = translator(view.lang)
    rows = _rows(view)
    net, payback = rows[tr(NET_ROW)], rows[tr(PAYBACK_ROW)]
    return tr(
        "**Value:** about {net} a month net (conservative {net_low}); payback {payback} "
        "(conservative {payback_low})."
    ).format(net=net[2], net_low=net[1], payback=payback[2], payback_low=payback[1])


def value(rec: Recommendation, view: Presentation) -> str:
    """Does it pay off: net value, payback and ROI in both cases, the break-even, what it
    rests on, and the track."""
    tr = translator(view.lang)
    case, business = rec.business_case, view.business
    if case is None or business is None:
        return tr(
            "This assessment was made before the business case was part of the advice; "
            "say 'recalculate' or change any answer to get one."
        )
    rows = _rows(view)
    # The verdict leads: "is it worth it?" is the decision asked in money.
    lines = [
        tr("**{verdict}.**").format(verdict=view.summary.verdict)
        + f" **{business.track}: {business.track_why}**",
        _value_line(view),
    ]
    money = view.money
    revenue = case.monthly_revenue_usd.expected
    won = (
        tr(", and the revenue it wins or keeps adds {amount}").format(amount=money(revenue))
        if revenue > 0
        else ""
    )
    lines.append(
        tr(
            "How it is worked out: {items} are worth {saved} of people's time saved{won}; "
            "the running cost ({running}) and the review time the plan keeps ({review}) come "
            "off that; the build ({build}) is paid back from what is left."
        ).format(
            items=tr("{n} {item}s a month").format(
                n=f"{case.items_per_month:,}", item=tr(case.item)
            ),
            saved=money(case.monthly_benefit_usd.expected - revenue),
            won=won,
            running=money(case.monthly_running_usd.expected),
            review=money(case.monthly_review_usd.expected),
            build=money(case.build_cost_usd.expected),
        )
    )
    roi = rows.get(tr("Return over 12 months"))
    if roi is not None and case.roi_12_months.expected is not None:
        lines.append(
            tr("Return over the first 12 months: {expected} (conservative {low}).").format(
                expected=roi[2], low=roi[1]
            )
        )
    lines.append(tr("**What it hinges on:** {text}").format(text=business.sensitivity))
    defaults = [name for name, text in case.assumptions.items() if "(default" in text]
    assumed = [
        line
        for name, line in zip(case.assumptions, business.assumptions, strict=True)
        if name in defaults
    ]
    if assumed:
        lines.append(tr("Assumed, because you skipped them (give your own figures to firm it up):"))
        lines.append("\n".join(f"- {line.label}: {line.value}" for line in assumed))
    return "\n\n".join(lines)


def cost(rec: Recommendation, view: Presentation) -> str:
    """The cost basis of the recommended option, and why the others cost what they do."""
    tr = translator(view.lang)
    chosen = next((c for c in view.costs if c.recommended), None)
    lines = [
        tr("**Recommended: {approach}, about {amount} a month.**").format(
            approach=view.summary.approach_phrase,
            amount=view.money(rec.costs.recommended_monthly_usd),
        )
    ]
    if chosen is not None:
        lines.append(tr(COST_FRAME).format(basis=chosen.detail))
    budget = rec.costs.monthly_budget_usd
    if budget is not None:
        share = rec.costs.recommended_monthly_usd / budget if budget else 0.0
        lines.append(
            (
                tr("Against your budget of {amount} a month that is {share} of it.")
                if budget
                else tr("Against your budget of {amount} a month that is more than the budget.")
            ).format(amount=view.money(budget, exact=True), share=f"{share:.0%}")
        )
    if view.break_even:
        lines.append(view.break_even)
    others = [c for c in view.costs if c is not chosen and not c.ruled_out]
    if others:
        lines.append(tr("**The other options:**"))
        lines += [
            f"- {c.label}: " + tr("about {amount}.").format(amount=c.amount) + " " + c.detail
            for c in others
        ]
    ruled = [c for c in view.costs if c.ruled_out]
    if ruled:
        lines.append(
            tr("**Ruled out by your constraints**, priced only for comparison:")
            + "\n"
            + "\n".join(f"- {c.label}: {c.amount}. {c.explanation}" for c in ruled)
        )
    lines.append(
        tr(
            "Token prices are list prices; the figure moves with volume and with how long "
            'inputs and outputs are. Ask "what if we had 10x the volume?" to see how it '
            "scales."
        )
    )
    return "\n\n".join(lines)


def risks(view: Presentation, n: int) -> str:
    """The assessment's own risks, most severe first, one line each."""
    tr = translator(view.lang)
    if not view.risks:
        return tr("The assessment found no notable risks for this use case.")
    chosen = view.risks[:n]
    heading = (
        tr("**The top risk for this case:**")
        if len(chosen) == 1
        else tr("**The top {n} risks for this case:**").format(n=len(chosen))
    )
    lines = [heading]
    lines += [
        f"{k}. **{r.title}** ({_lower(r.severity_label, view.lang)}): {r.mitigation}"
        for k, r in enumerate(chosen, 1)
    ]
    if len(view.risks) > n:
        lines.append(tr("({n} more in the full recommendation.)").format(n=len(view.risks) - n))
    return "\n".join(lines)


# --- pilot results against the plan ------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A figure a team reported: "drafts accepted 62%" -> ("drafts accepted", 62.0)."""

    words: str
    value: float


_FIGURE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|percent|per cent)")
_STOP = frozenset(
    "the a an we our of with is was were are and but so that it its in on at to for by "
    "about around roughly ran pilot results result got saw had have has been".split()
)


_TESTED_ON = re.compile(r"\b(?:tested|tried|ran|checked)\b(?: it)? on (\d+)\b", re.I)
_COUNTED = re.compile(
    r"\b(\d+)\s+(?:[a-z]+\s+)?(were|was|had|needed|came|got|passed|failed)\b"
    r"([^,.;:?]*?)(?=\s+and\s+\d|[,.;:?]|$)",
    re.I,
)


_FROM_TO = re.compile(
    r"([a-z][a-z \-]{0,40}?)\s+(?:went |dropped |fell |came down |down )?from\s+(\d+(?:\.\d+)?)"
    r"\s*(s|sec|secs|seconds|min|mins|minutes|h|hours)?\s+to\s+(\d+(?:\.\d+)?)",
    re.I,
)


_OUT_OF = re.compile(
    r"([a-z][a-z \-]{0,30}?)?\s*\b(\d+)\s+(?:out of|of)\s+(?:the\s+)?(\d+)\b"
    r"(?:\s+([a-z]+(?: [a-z]+)?))?",
    re.I,
)


def figures(text: str) -> list[Figure]:
    """Percentages in a pilot report, each with the words that say what it measures; a
    time "from 60s to 35s" becomes the share of time saved (42%). A Japanese report is
    read once its words are put in English (``followup_words``)."""
    found: list[Figure] = []
    for match in _FROM_TO.finditer(text):
        before, after = float(match.group(2)), float(match.group(4))
        if before > 0 and after < before:
            saved = round((before - after) / before * 100)
            found.append(Figure(f"{match.group(1).strip().lower()} time saved", float(saved)))
    text = _FROM_TO.sub(" ", text)
    # "caught 52 of 58", "3 out of 5 were usable": a share said as a count.
    for match in _OUT_OF.finditer(text):
        part, whole = float(match.group(2)), float(match.group(3))
        if 0 < part <= whole:
            words = f"{match.group(1) or ''} {match.group(4) or ''}".strip().lower()
            found.append(Figure(words, round(part / whole * 100, 1)))
    text = _OUT_OF.sub(" ", text)
    # "we tested on 50 old complaints: 34 letters were good, 11 needed big changes": counts
    # of the items tested, each a share of them.
    tested = _TESTED_ON.search(text)
    if tested and not _FIGURE.search(text):
        whole = float(tested.group(1))
        for match in _COUNTED.finditer(text, tested.end()):
            part = float(match.group(1))
            if 0 < part <= whole:
                words = " ".join(f"{match.group(2)} {match.group(3)}".split()).lower()
                found.append(Figure(words, round(part / whole * 100, 1)))
        return found
    last = 0
    matches = list(_FIGURE.finditer(text))
    for k, match in enumerate(matches):
        lead = text[last : match.start()]
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        tail = text[match.end() : min(end, match.end() + 40)]
        words = re.split(r"[,;:.、。]", lead)[-1].strip()
        # "65% were fine, 22% needed light edits, 91% of fields right": words that go on
        # from the figure say what it measures; otherwise the words before it do.
        following = re.split(r"[,;:.、。]|\band\b", tail)[0].strip()
        opening = following.split()[0].lower() if following.split() else ""
        if opening in _TAIL_LEADS or not re.search(r"[a-z]", words, re.I):
            words = following
        found.append(Figure(words.lower(), float(match.group(1))))
        last = match.end()
    return found


_TAIL_LEADS = frozenset(
    "was were had has have needed need needs of are is got came went did passed failed "
    "required matched".split()
)


def matched_figures(reported: list[Figure], kpis: list[Kpi]) -> list[tuple[Figure, Kpi | None]]:
    """Each reported figure with the KPI it measures. Two shares of the same drafts for an
    acceptance KPI are one figure ("65% fine as they were, 22% needed light edits" is 87%
    accepted with light edits); any other second figure for a KPI is left unmatched rather
    than logged over the first."""
    pairs = [(f, kpi_for(f, kpis)) for f in reported]
    out: list[tuple[Figure, Kpi | None]] = []
    taken: dict[str, int] = {}
    for figure, kpi in pairs:
        if kpi is None or kpi.name not in taken:
            if kpi is not None:
                taken[kpi.name] = len(out)
            out.append((figure, kpi))
            continue
        at = taken[kpi.name]
        first = out[at][0]
        if "accep" in _stems(kpi.name) and first.value + figure.value <= 100:
            joined = Figure(f"{first.words} + {figure.words}", first.value + figure.value)
            out[at] = (joined, kpi)
        else:
            out.append((figure, None))
    return out


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return {w[:5] for w in words if w not in _STOP and len(w) > 2}


_TIME_WORDS = {"time", "faste", "saved", "quick", "hours", "minut", "speed", "effor", "handl"}
# Words a team uses for what a KPI name calls otherwise (first five letters, as _stems).
_KIN = {
    "recal": "accur",
    "preci": "accur",
    "corre": "accur",
    "right": "accur",
    "kept": "accep",
    "fine": "accep",
    "small": "light",
    "minor": "light",
    "usabl": "accep",
    "good": "accep",
    "uncha": "accep",
    "used": "accep",
    "sent": "accep",
    "appro": "accep",
    "edite": "edits",
    "light": "edits",
    "error": "error",
    "wrong": "error",
    "mista": "error",
    "rejec": "rewor",
}


def kpi_for(figure: Figure, kpis: list[Kpi]) -> Kpi | None:
    stems = _stems(figure.words)
    stems |= {_KIN[s] for s in stems if s in _KIN}
    best, score = None, 0
    for kpi in kpis:
        if kpi.target_value is None:
            continue
        name = _stems(kpi.name + " " + (kpi.unit or ""))
        overlap = len(stems & name)
        if stems & _TIME_WORDS and name & _TIME_WORDS:
            overlap += 1
        if overlap > score:
            best, score = kpi, overlap
    return best


def _met(kpi: Kpi, value: float) -> bool:
    assert kpi.target_value is not None
    return value >= kpi.target_value if kpi.direction != "<=" else value <= kpi.target_value


SCALE = N_(
    "**Scale**, carefully: every KPI you reported meets its target. Before you widen it, "
    "check the sample was large enough (a few hundred items at least), keep the human audit "
    "on a sample, and confirm the cost per task on the real invoice."
)
STOP = N_(
    "**Stop** (or rethink the approach): the results are far below the targets, so more "
    "prompt tuning is unlikely to close the gap. Keep what you learned about the baseline and "
    "revisit the use case, the data or the task framing."
)
ITERATE = N_(
    "**Iterate**: some targets are met and the gaps are closable. Fix the weakest KPI first "
    "(look at the rejected or edited outputs by type), run another two to four weeks on the "
    "same baseline, and measure again before deciding to scale."
)


def pilot(rec: Recommendation, view: Presentation, text: str) -> str | None:
    """Reported pilot figures compared with the plan's KPI targets, and a scale / iterate /
    stop call with the reason; ``None`` when the text reports no figure. ``text`` is in
    English words (a Japanese report through ``followup_words``)."""
    tr = translator(view.lang)
    reported = figures(text)
    if not reported:
        return None
    shown = dict(zip((k.name for k in rec.poc_plan.kpis), view.plan.kpis, strict=True))
    pairs = matched_figures(reported, rec.poc_plan.kpis)
    matched = [(f, k) for f, k in pairs if k is not None]
    if not matched:
        targets = [k for k in rec.poc_plan.kpis if k.target_value is not None]
        return "\n".join(
            [
                tr(
                    "**Your pilot against the plan:** none of these figures is one of the "
                    "plan's KPIs, so I can't call it yet. The plan decides on:"
                ),
                *[
                    f"- {shown[k.name].label}: {shown[k.name].value} ({shown[k.name].explanation})"
                    for k in targets
                ],
                "",
                tr(
                    "Report those (with the number of items measured), and I'll compare them "
                    "with the targets and say scale, iterate or stop."
                ),
            ]
        )
    lines = [tr(PILOT_FRAME)]
    met = 0
    far = 0
    for figure, kpi in matched:
        assert kpi is not None and kpi.target_value is not None
        ok = _met(kpi, figure.value)
        met += ok
        gap = abs(figure.value - kpi.target_value)
        if not ok and kpi.target_value and gap / kpi.target_value > 0.4:
            far += 1
        line = shown[kpi.name]
        verdict = (
            tr("**met**.") if ok else tr("**not met** ({gap} points short).").format(gap=f"{gap:g}")
        )
        lines.append(
            tr("- {kpi}: {value}% against a target of {target} — {verdict}").format(
                kpi=line.label, value=f"{figure.value:g}", target=line.value, verdict=verdict
            )
        )
    unmatched = [f for f, k in pairs if k is None]
    if unmatched:
        lines.append(
            tr("- Not in the plan's KPIs: {figures}.").format(
                figures=tr(", ").join(
                    f"{f.words or tr('a figure')} {f.value:g}%" for f in unmatched
                )
            )
        )
    if met == len(matched):
        call = SCALE
    elif far * 2 >= len(matched) and met == 0:
        call = STOP
    else:
        call = ITERATE
    lines.append("")
    lines.append(tr(call))
    return "\n".join(lines)


# --- comparisons -------------------------------------------------------------------------

_CONSUMER = re.compile(r"\b(chat ?gpt|copilot|gemini app|claude\.ai|consumer)\b", re.I)
_CLASSICAL = re.compile(
    r"\b(classifiers?|classic(al)?|traditional (model|ml|approach)|machine learning|ml model)\b",
    re.I,
)
_DEDICATED = re.compile(r"\b(deepl|google translate|ocr|textract|rules?|regex|keyword)\b", re.I)


def comparison(
    view: Presentation, rec: Recommendation, known: Mapping[str, Value], text: str
) -> str:
    """Why the recommended route rather than the one named, from the profile."""
    tr = translator(view.lang)
    lang = view.lang
    sensitivity = known.get("data_sensitivity", "internal")
    deployment = known.get("deployment", "any")
    lines = [
        tr("For your case the recommendation is **{approach}** (about {amount} a month).").format(
            approach=view.summary.approach_phrase,
            amount=view.money(rec.costs.recommended_monthly_usd),
        )
    ]
    reasons = []
    if _CONSUMER.search(text):
        if sensitivity in ("personal", "special_category", "confidential"):
            reasons.append(
                tr(
                    "Your data is {kind}: a consumer chat app or an individual plan does not "
                    "give you a data processing agreement, retention control or an audit "
                    "trail; a business API or a private endpoint does."
                ).format(kind=_lower(describe("data_sensitivity", sensitivity, None, lang), lang))
            )
        reasons.append(
            tr(
                "A chat window is a person copying text in and out; at {volume} the value "
                "comes from wiring the model into the workflow, with logging, review and the "
                "KPIs of the plan, which a chat app cannot measure."
            ).format(
                volume=describe("monthly_requests", known.get("monthly_requests", 0), None, lang)
            )
        )
    if _DEDICATED.search(text):
        reasons.append(
            tr(
                "A dedicated tool (machine translation, OCR, rules) is often cheaper and more "
                "predictable for a narrow task; the engine compared a non-generative option "
                "too (see the cost options). Use a pre-trained model where the task needs "
                "understanding or rewriting that the dedicated tool cannot do, and test both "
                "on the same sample in the pilot."
            )
        )
    if _CLASSICAL.search(text):
        row = next(
            (
                c
                for o, c in zip(rec.costs.options, view.costs, strict=True)
                if o.approach == "non_generative"
            ),
            None,
        )
        examples = known.get("labeled_examples")
        reasons.append(
            tr(
                "A classical classifier is cheap per item and predictable once trained, but it "
                "needs labelled examples to learn from (you have {examples}) and knows only the "
                "categories it was trained on; a pre-trained model starts with none and copes "
                "with new kinds of input."
            ).format(
                examples=describe("labeled_examples", examples, None, lang)
                if isinstance(examples, int)
                else tr("none stated")
            )
        )
        if row is not None:
            reasons.append(
                tr("For your volume the classical option costs {amount}: {why}").format(
                    amount=row.amount, why=row.explanation
                )
            )
    if deployment in ("private_cloud", "on_premises"):
        reasons.append(
            tr(
                "Your rule on where it may run ({rule}) rules out any public consumer service."
            ).format(rule=_lower(describe("deployment", deployment, None, lang), lang))
        )
    if not reasons:
        reasons.append(
            tr(
                "The engine weighed the options on data sensitivity, where it may run, cost "
                "at your volume and the team's skills; the cost options show what each would "
                "cost."
            )
        )
    if rec.alternatives:
        reasons.append(
            tr("Reasonable alternatives for you: {options}.").format(
                options=tr(", ").join(approach_phrase(a, lang) for a in rec.alternatives)
            )
        )
    return "\n\n".join(lines + reasons)


# --- what a change does ------------------------------------------------------------------


def summary_line(rec: Recommendation, view: Presentation) -> str:
    """One line of a recommendation: verdict, approach, cost and the top risk."""
    tr = translator(view.lang)
    s = view.summary
    line = tr("With that: **{verdict}**, {approach}, about {amount} a month.").format(
        verdict=s.verdict,
        approach=s.approach_phrase,
        amount=view.money(rec.costs.recommended_monthly_usd),
    )
    if view.risks:
        line += tr(" Top risk: {risk}.").format(risk=_lower(view.risks[0].title, view.lang))
    return line


def difference(
    before: Presentation, after: Presentation, old: Recommendation, new: Recommendation
) -> str:
    """What changed between two recommendations, said in the later one's language."""
    tr = translator(after.lang)
    lang = after.lang
    parts = []
    if old.verdict != new.verdict:
        parts.append(
            tr("verdict {before} → {after}").format(
                before=_lower(before.summary.verdict, lang),
                after=_lower(after.summary.verdict, lang),
            )
        )
    if old.approach != new.approach:
        parts.append(
            tr("approach {before} → {after}").format(
                before=before.summary.approach_phrase, after=after.summary.approach_phrase
            )
        )
    if old.costs.recommended_monthly_usd != new.costs.recommended_monthly_usd:
        parts.append(
            tr("monthly cost {before} → {after}").format(
                before=after.money(old.costs.recommended_monthly_usd),
                after=after.money(new.costs.recommended_monthly_usd),
            )
        )
    if before.business is not None and after.business is not None:
        was, now = _rows(before)[tr(NET_ROW)][2], _rows(after)[tr(NET_ROW)][2]
        if was != now:
            parts.append(tr("net value {before} → {after} a month").format(before=was, after=now))
        was, now = _rows(before)[tr(PAYBACK_ROW)][2], _rows(after)[tr(PAYBACK_ROW)][2]
        if was != now:
            parts.append(tr("payback {before} → {after}").format(before=was, after=now))
    titles = {r.id: tr(r.title) for r in [*old.risks, *new.risks]}
    added = sorted({r.id for r in new.risks} - {r.id for r in old.risks})
    removed = sorted({r.id for r in old.risks} - {r.id for r in new.risks})
    if added:
        parts.append(
            tr("new risks: {risks}").format(
                risks=tr(", ").join(_lower(titles[r], lang) for r in added)
            )
        )
    if removed:
        parts.append(
            tr("risks gone: {risks}").format(
                risks=tr(", ").join(_lower(titles[r], lang) for r in removed)
            )
        )
    if not parts:
        return tr("**What changes:** nothing material: same verdict, approach, cost and risks.")
    return tr("**What changes:** {changes}.").format(changes=tr("; ").join(parts))
