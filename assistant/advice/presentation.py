"""One presentation of a recommendation, which every rendering draws: the web app's card,
the chat text that presents it, the Markdown report and the PDF report.

``present(recommendation, profile, …)`` turns the engine's output into plain display data:
labels instead of field names and enum codes (read from the questionnaire's questions and
choices), money in the manager's currency rounded as a consultant would (``money``), each
figure with its one-line explanation, document titles instead of ids and paths, and an
executive summary (verdict, monthly cost, top three risks, decisions needed, next three
actions with owners). Renderers only lay it out; none of them formats money or looks up a
label itself.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from assistant.advice.business import CONSERVATIVE, SAMPLED_SHARE, cumulative_net
from assistant.advice.money import Money, money_for
from assistant.advice.regulation import TRANSPARENCY_WHY
from assistant.advice.wording import (
    APPROACH_NAMES,
    SEVERITY_LABELS,
    TRACK_LABELS,
    VERDICT_LABELS,
    article,
    months_words,
    signed,
)
from assistant.i18n import N_, Translator, translator
from assistant.questionnaire import QUESTION_BY_FIELD, QUESTIONS
from assistant.questionnaire.parsing import TOKENS_PER_WORD, WORDS_PER_PAGE
from assistant.questionnaire.wording import default_reason_text
from assistant.questionnaire.wording import label as questionnaire_label
from assistant.schemas import CostOption, Profile, Recommendation

SEVERITY_RANK = {"blocker": 0, "high": 1, "medium": 2, "low": 3}
# Fields that are not interview answers a manager would recognise as an input.
_NOT_INPUTS = frozenset({"sample_input", "currency"})
_PRICE_DATE = re.compile(r"prices of (\d{4}-\d{2}-\d{2})")
_FLEET = re.compile(r"^(?:.*? plus )?(\d+) x ")
# The servers an option runs on, as costs.py names them ("2 x AWS g6.xlarge (1 x NVIDIA L4
# 24 GB)"), up to the arithmetic that follows.
_SERVERS = re.compile(r"\d+ x [A-Za-z][^:]*?(?=:| at |$)")
_STEP_WHEN = re.compile(r"^(Weeks? [\d-]+):\s*")
# A document id mentioned in running text ("see costs-tokens-and-api-pricing").
_DOC_ID = re.compile(r"\b[a-z]+(?:-[a-z0-9]+){2,}\b")


# --- the display data -------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A labelled value and the one line that explains it."""

    label: str
    value: str
    explanation: str = ""
    assumed: bool = False  # an input the manager skipped, which took the default


@dataclass(frozen=True)
class CostRow:
    label: str
    amount: str  # "€370 a month"
    value: float  # the monthly amount in the display currency, for charts
    explanation: str  # one plain line
    detail: str  # the engine's arithmetic, in the display currency
    recommended: bool
    ruled_out: bool = False  # the manager's constraints exclude it: priced, never offered


@dataclass(frozen=True)
class RiskRow:
    severity: str  # the engine's code, for colours
    severity_label: str
    title: str
    why: str
    mitigation: str
    sources: tuple[str, ...]  # document titles


@dataclass(frozen=True)
class Action:
    what: str
    owner: str
    when: str


@dataclass(frozen=True)
class Summary:
    """The executive summary: what a manager's boss reads first."""

    verdict: str
    verdict_code: str
    track: str
    approach: str
    approach_phrase: str  # "a hosted model API", for running text
    monthly_cost: Line
    business_value: tuple[Line, ...]
    top_risks: tuple[str, ...]
    decisions: tuple[str, ...]
    next_actions: tuple[Action, ...]


@dataclass(frozen=True)
class CurvePoint:
    monthly_requests: int
    option: str
    value: float  # monthly cost in the display currency


@dataclass(frozen=True)
class Curve:
    """Monthly cost of each option as the volume grows (the break-even chart)."""

    points: tuple[CurvePoint, ...]
    your_volume: int | None
    options: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    weeks: int
    kpis: tuple[Line, ...]  # name, target, how it is measured
    success_criteria: tuple[str, ...]
    human_review: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class CitedDocument:
    """A knowledge document as the appendix shows it (input and output)."""

    doc_id: str
    title: str
    category: str = ""
    reviewed: str = ""
    passage: str = ""
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class BusinessView:
    """The business case as a manager reads it: each figure in the conservative and the
    expected case, with what it rests on."""

    track: str  # "Try fast", "Long-term bet", "Not now"
    track_code: str
    track_why: str
    rows: tuple[tuple[str, str, str, str], ...]  # label, conservative, expected, explanation
    sensitivity: str
    assumptions: tuple[Line, ...]
    monthly_net: tuple[float, float]  # conservative, expected, in the display currency
    cumulative: tuple[tuple[int, float, float], ...]  # month, conservative, expected (net of build)
    sources: tuple[str, ...]  # document titles


CHART_MONTHS = 24  # the payback chart's horizon


@dataclass(frozen=True)
class PilotView:
    """What the team's proof of concept measured and the decision it leads to."""

    decision: str  # "Scale", "Iterate", "Stop", "Need more data"
    decision_code: str
    why: str
    kpis: tuple[Line, ...]  # KPI, latest figure with its evidence, where it stands
    cost: str  # the measured cost against the estimate ("" when not logged)
    talking_points: tuple[str, ...]
    measurements: int


@dataclass(frozen=True)
class Presentation:
    title: str
    date: date
    use_case: str
    money: Money
    summary: Summary
    overview: str
    alternatives: tuple[str, ...]
    inputs: tuple[Line, ...]  # what the manager said; explanation says when it was assumed
    costs: tuple[CostRow, ...]
    budget: Line | None
    budget_value: float | None  # in the display currency, for charts
    within_budget: bool | None
    curve: Curve | None
    risks: tuple[RiskRow, ...]
    plan: Plan
    talking_points: tuple[str, ...]
    sources: tuple[CitedDocument, ...]
    notes: tuple[str, ...] = field(default=())  # price date, exchange rate
    # Where the recommended option and its nearest rival swap places, when that bears on
    # the choice (also among the notes, so every screen and report shows it).
    break_even: str | None = None
    business: BusinessView | None = None
    pilot: PilotView | None = None
    lang: str = "en"  # the assessment's language: every rendering's fixed words follow it

    @property
    def file_stem(self) -> str:
        """'Ticket summaries pilot - adoption advice 2026-12-01' (safe in any file system)."""
        safe = re.sub(r"[^A-Za-z0-9 ._-]+", " ", self.title)
        safe = " ".join(safe.split())[:60].strip(" .-") or "Assessment"
        return f"{safe} - adoption advice {self.date.isoformat()}"

    @property
    def assumed(self) -> tuple[Line, ...]:
        return tuple(line for line in self.inputs if line.assumed)


# --- labels -----------------------------------------------------------------------------


def field_label(name: str, lang: str = "en") -> str:
    """The plain name of a profile field, as the interview calls it ("Who sees the
    output"), from the questionnaire's own names."""
    label = questionnaire_label(name, lang) or name.replace("_", " ")
    # The value shown beside it carries its unit ("8 weeks", "€2,700").
    label = re.sub(r"\s*\((?:tokens|USD|weeks)\)$", "", label)
    return label[:1].upper() + label[1:]


def choice_label(name: str, value: object, lang: str = "en") -> str | None:
    """The label of an enum value, from the question's choices ("Spot checks")."""
    question = QUESTION_BY_FIELD.get(name)
    for choice in question.choices if question is not None else ():
        if choice.value == str(getattr(value, "value", value)):
            return translator(lang)(choice.label)
    return None


def _tokens(value: int, tr: Translator) -> str:
    if tr.lang != "en":
        # Words and pages are English measures: a Japanese text is sized in tokens alone.
        return tr("{n} tokens").format(n=f"{value:,}")
    words = float(value / TOKENS_PER_WORD)
    if words >= WORDS_PER_PAGE * 0.75:
        pages = round(words / WORDS_PER_PAGE * 2) / 2
        size = f"about {pages:g} page{'s' if pages != 1 else ''}"
    elif words >= 15:
        size = f"about {_round_count(words)} words"
    else:
        size = "a word or two"
    return f"{size} ({value:,} tokens)"


def _round_count(value: float) -> str:
    if value >= 100:
        digits = len(str(int(value))) - 2
        return f"{round(value, -digits):,.0f}"
    return f"{round(value):,}"


def value_label(name: str, value: object, money: Money) -> str:
    """A profile value as a manager would write it (in the language ``money`` is in)."""
    tr = translator(money.lang)
    label = choice_label(name, value, money.lang)
    if label is not None:
        return label
    if isinstance(value, bool):
        return tr("Yes") if value else tr("No")
    if name in ("input_tokens", "output_tokens") and isinstance(value, int):
        return _tokens(value, tr)
    if name == "monthly_budget_usd" and isinstance(value, int | float):
        return tr("{amount} a month").format(amount=money(float(value)))
    if name == "monthly_requests" and isinstance(value, int | float):
        return tr("{n} a month").format(n=f"{value:,.0f}")
    if name == "timeline_weeks" and isinstance(value, int | float):
        return tr("{n} weeks").format(n=f"{value:,.0f}")
    if name == "labeled_examples" and isinstance(value, int | float):
        return tr("None") if value == 0 else f"{value:,.0f}"
    if tr.lang != "en" and isinstance(value, int | float) and name in _BUSINESS_UNITS:
        # English shows these bare, as it always has; Japanese says each with its unit.
        unit = _BUSINESS_UNITS[name]
        number = money(float(value)) if unit.startswith("{amount}") else f"{value:g}"
        return tr(unit).format(amount=number, n=number)
    if isinstance(value, int | float):
        return f"{value:,.0f}"
    text = " ".join(str(value).split())
    return text if len(text) <= 200 else text[:197] + "…"


# The approaches as a heading or a table names them (the running-text names, with their
# article, are ``wording.APPROACH_NAMES``).
APPROACH_TITLES: dict[str, str] = {
    "hosted_api": N_("Hosted model API"),
    "private_cloud_endpoint": N_("Private cloud endpoint"),
    "self_hosted_open_weights": N_("Self-hosted open-weight models"),
    "small_fine_tuned_model": N_("Small fine-tuned model"),
    "non_generative": N_("Non-generative (classical) model"),
}


# The business-case inputs with their units, for a language whose reader expects them.
_BUSINESS_UNITS = {
    "minutes_per_item": N_("{n} minutes"),
    "hourly_cost_usd": N_("{amount} an hour"),
    "time_saved_pct": N_("{n}%"),
    "build_cost_usd": N_("{amount} one-off"),
    "adoption_ramp_months": N_("{n} months"),
    "cost_per_item_usd": N_("{amount} per item"),
    "revenue_at_stake_usd": N_("{amount} a month"),
    "revenue_share_pct": N_("{n}%"),
}


def approach_label(approach: str, lang: str = "en") -> str:
    if approach in APPROACH_TITLES:
        return translator(lang)(APPROACH_TITLES[approach])
    name = re.sub(r"^(a|an)\s+", "", approach.replace("_", " "))
    return name[:1].upper() + name[1:]


def approach_phrase(approach: str, lang: str = "en") -> str:
    """The approach in running text ("a hosted model API")."""
    return translator(lang)(APPROACH_NAMES[approach])


_HOSTED_LABEL = re.compile(r"^Hosted API, (?P<tier>[^(]+?) \((?P<model>.+)\)$")


def option_name(label: str, lang: str = "en") -> str:
    """A priced option's name ("Hosted API, small model (gpt-4.1-mini)") in ``lang``; the
    model's own name is never translated."""
    tr = translator(lang)
    if tr.lang == "en":
        return label
    hosted = _HOSTED_LABEL.match(label)
    if hosted is not None:
        return tr("Hosted API, {tier} ({model})").format(
            tier=tr(hosted.group("tier")), model=hosted.group("model")
        )
    return tr(label)


def option_label(option: CostOption, lang: str = "en") -> str:
    if option.label:
        return option_name(option.label, lang)
    return approach_label(option.approach, lang)


def is_recommended(option: CostOption, rec: Recommendation) -> bool:
    return (
        option.approach == rec.approach and option.monthly_usd == rec.costs.recommended_monthly_usd
    )


# --- building it ------------------------------------------------------------------------


def _get(obj: Any, key: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(key)
    return getattr(obj, key, None)


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?。])(\s|$|(?<=。))", text.strip())
    return match.group(1) if match else text.strip()


def _inputs(rec: Recommendation, profile: Profile | None, money: Money) -> tuple[Line, ...]:
    tr = translator(money.lang)
    given = profile.model_dump(exclude_none=True) if profile is not None else {}
    task = str(given.get("task_type") or rec.assumptions.get("task_type") or "other")
    lines = []
    for question in QUESTIONS:
        name = question.field
        if name in _NOT_INPUTS:
            continue
        if name in given:
            lines.append(Line(field_label(name, money.lang), value_label(name, given[name], money)))
        elif name in rec.assumptions:
            value = rec.assumptions[name]
            try:
                reason = money.in_text(default_reason_text(name, task, money.lang))
            except KeyError:
                reason = tr("the documented default")
            lines.append(
                Line(
                    field_label(name, money.lang),
                    value_label(name, value, money),
                    tr("Assumed: {reason}.").format(reason=reason),
                    assumed=True,
                )
            )
    return tuple(lines)


def _explain(option: CostOption, volume: str, money: Money) -> str:
    tr = translator(money.lang)
    ruled_out = tr(option.ruled_out) if option.ruled_out else ""
    why = f"{ruled_out[:1].upper()}{ruled_out[1:]}{tr('. ')}" if ruled_out else ""
    return why + _plain(option, volume, tr)


def _plain(option: CostOption, volume: str, tr: Translator) -> str:
    approach = option.approach
    if approach == "hosted_api":
        if option.tier == "image":
            return tr("Pay per generated image at the {model} list price, for {volume}.").format(
                model=option.model, volume=volume
            )
        return tr("Pay per use at the {model} list price, for {volume}.").format(
            model=option.model, volume=volume
        )
    if approach == "private_cloud_endpoint":
        return tr(
            "The same kind of model in your own cloud account and region, plus private "
            "networking, for {volume}."
        ).format(volume=volume)
    servers = _FLEET.match(option.basis)
    # The count goes before its noun in both languages ("2 GPU servers", 「2台のGPUサーバー」).
    count = tr("{n} ").format(n=servers.group(1)) if servers else ""
    owned = "owned: " in option.basis
    if approach == "self_hosted_open_weights":
        if owned:
            return tr(
                "{count}GPU servers you own on your premises (purchase spread over three "
                "years, power, space and support) with an open-weight model, plus the people "
                "who operate them; the cost barely grows with volume."
            ).format(count=count)
        return tr(
            "{count}rented GPU servers running around the clock with an open-weight model "
            "(the always-on ones on a one-year commitment), plus the people who operate "
            "them; the cost barely grows with volume."
        ).format(count=count)
    if approach == "small_fine_tuned_model":
        what = (
            tr("a small detector trained on your images")
            if "detector" in (option.model or "")
            else tr("a small model")
        )
        servers_text = (
            tr("{count}smaller GPU servers you own") if owned else tr("{count}smaller GPU servers")
        ).format(count=count)
        return tr(
            "A one-off fine-tuning of {what} spread over a year, plus {servers} and their "
            "operation."
        ).format(what=what, servers=servers_text)
    return tr(
        "A classical (non-generative) model built once and spread over a year, plus "
        "{count}small servers and their operation."
    ).format(count=count)


# A hosted API's arithmetic as costs.py writes it, said afresh in another language.
_HOSTED_BASIS = re.compile(
    r"^(?P<n>[\d,]+) requests x \((?P<input>[\d,]+) in \+ (?P<output>[\d,]+) out tokens\) "
    r"at (?P<model>.+?) list prices of (?P<date>[\d-]+): (?P<price_in>\S+)/(?P<price_out>\S+) "
    r"per M tokens"
)


def _detail(detail: str, explanation: str, lang: str) -> str:
    """How an option's monthly figure is worked out, in the assessment's language."""
    if lang == "en":
        return detail
    tr = translator(lang)
    hosted = _HOSTED_BASIS.match(detail)
    if hosted is None:
        # The servers' arithmetic is said in plain words; the machine names stay as they
        # are (a provider's instance type reads the same in any language).
        fleet = _SERVERS.search(detail)
        return explanation + (
            tr(" (servers: {fleet})").format(fleet=fleet.group(0)) if fleet else ""
        )
    said = tr(
        "{n} requests a month x ({input} input + {output} output tokens) at the {model} list "
        "prices of {date} ({price_in} / {price_out} per million tokens)."
    ).format(**hosted.groupdict())  # the groups are named as the placeholders
    # A private endpoint adds its networking, which the plain line says.
    return said + (" " + explanation if "networking" in detail else "")


def _costs(rec: Recommendation, profile: Profile | None, money: Money) -> tuple[CostRow, ...]:
    tr = translator(money.lang)
    volume_value = (profile.monthly_requests if profile else None) or rec.assumptions.get(
        "monthly_requests"
    )
    volume = (
        tr("{n} requests a month").format(n=f"{volume_value:,.0f}")
        if isinstance(volume_value, int | float)
        else tr("your volume")
    )
    return tuple(
        CostRow(
            label=option_label(o, money.lang),
            amount=tr("{amount} a month").format(amount=money(o.monthly_usd)),
            value=money.amount(o.monthly_usd),
            explanation=_explain(o, volume, money),
            detail=_detail(money.in_text(o.basis), _explain(o, volume, money), money.lang),
            recommended=is_recommended(o, rec),
            ruled_out=o.ruled_out is not None,
        )
        for o in rec.costs.options
    )


def _recommended_option(rec: Recommendation) -> CostOption | None:
    return next((o for o in rec.costs.options if is_recommended(o, rec)), None)


# The rules' sentences with a profile value in them (rules._oversight_why, _data_why),
# said from a catalogue template with the value's own label.
_OVERSIGHT_WHY = re.compile(
    r"^Pre-trained models make fluent mistakes \(confabulation\); the impact of an error "
    r"here is (?P<impact>\w+) and (?P<review>.+)\.$"
)
_DATA_WHY = re.compile(
    r"^The inputs contain (?P<kind>[\w ]+) data; (?P<rest>what the provider stores|who inside)"
)


_TRANSPARENCY = re.compile(
    r".*These have applied since (?P<since>.+?); systems on the market before then had until "
    r"(?P<until>.+?) to mark output\.$"
)


def _long_date(english: str, tr: Translator) -> str:
    """ "2 August 2026" as 「2026年8月2日」 in Japanese (the form the reports' dates take)."""
    try:
        when = datetime.strptime(english, "%d %B %Y")
    except ValueError:
        return english
    return f"{when.year}年{when.month}月{when.day}日" if tr.lang == "ja" else english


def _risk_text(text: str, tr: Translator) -> str:
    if tr.lang == "en":
        return text
    oversight = _OVERSIGHT_WHY.match(text)
    if oversight is not None:
        impact = choice_label("error_impact", oversight.group("impact"), tr.lang)
        return tr(
            "Pre-trained models make fluent mistakes (confabulation); the impact of an error "
            "here is {impact} and {review}."
        ).format(impact=impact or oversight.group("impact"), review=tr(oversight.group("review")))
    dated = _TRANSPARENCY.match(text)
    if dated is not None:
        return tr(TRANSPARENCY_WHY).format(
            since=_long_date(dated.group("since"), tr), until=_long_date(dated.group("until"), tr)
        )
    data = _DATA_WHY.match(text)
    if data is not None:
        code = data.group("kind").replace(" ", "_")
        kind = choice_label("data_sensitivity", code, tr.lang) or data.group("kind")
        template = (
            N_(
                "The inputs contain {kind} data; what the provider stores, for how long, and "
                "where, must be settled before the pilot."
            )
            if data.group("rest") == "what the provider stores"
            else N_(
                "The inputs contain {kind} data; who inside can reach the prompts, outputs "
                "and logs, and how long they are kept, must be settled before the pilot."
            )
        )
        return tr(template).format(kind=kind)
    return tr(text)


def severity_label(severity: str, lang: str = "en") -> str:
    """ "Blocker", "High": the severity as a risk's heading opens."""
    return translator(lang)(SEVERITY_LABELS[severity].capitalize())


def _risks(rec: Recommendation, titles: Mapping[str, str], money: Money) -> tuple[RiskRow, ...]:
    tr = translator(money.lang)
    ordered = sorted(rec.risks, key=lambda r: SEVERITY_RANK.get(r.severity, 9))
    return tuple(
        RiskRow(
            severity=r.severity,
            severity_label=severity_label(r.severity, money.lang),
            # A risk's texts are the rules' own (assistant/advice/rules.py), said from the
            # catalogue; one a rule wrote with figures in it stays as the rule wrote it.
            title=tr(r.title),
            why=money.in_text(_risk_text(r.why, tr)),
            mitigation=money.in_text(_risk_text(r.mitigation, tr)),
            sources=tuple(titles.get(s, s) for s in r.sources),
        )
        for r in ordered
    )


def _owner(step: str, profile: Profile | None, tr: Translator) -> str:
    text = step.lower()
    builder = (
        tr("Your supplier")
        if profile is not None and _get(profile.team_skill, "value") == "none"
        else tr("Your development team")
    )
    if "legal" in text:
        return tr("Legal and IT, with the project lead")
    if "build" in text:
        return builder
    if "pilot group" in text:
        return tr("The pilot group's team lead")
    if "review" in text:
        return tr("The reviewers' lead")
    if "go / iterate / stop" in text or "compare kpis" in text:
        return tr("You, with the sponsor")
    return tr("The project lead")


_WEEKS = re.compile(r"^Weeks? (\d+)(?:-(\d+))?$")


def _when(when: str, tr: Translator) -> str:
    """ "Weeks 2-5" in the assessment's language."""
    match = _WEEKS.match(when)
    if match is None or tr.lang == "en":
        return when
    if match.group(2):
        return tr("Weeks {start}-{end}").format(start=match.group(1), end=match.group(2))
    return tr("Week {n}").format(n=match.group(1))


def _split_step(step: str, tr: Translator) -> tuple[str, str]:
    match = _STEP_WHEN.match(step)
    when = _when(match.group(1), tr) if match else tr("During the pilot")
    what = tr(step[match.end() :] if match else step)
    return when, what[:1].upper() + what[1:]


def _decisions(rec: Recommendation, money: Money, risks: Sequence[RiskRow]) -> tuple[str, ...]:
    tr = translator(money.lang)
    cost = money(rec.costs.recommended_monthly_usd)
    weeks = rec.poc_plan.duration_weeks
    if rec.verdict == "not_recommended":
        out = [
            tr("Whether to redesign the use case around the blocking risks below, or stop here.")
        ]
    else:
        out = [
            tr(
                "Approve {a_weeks}-week proof of concept with {approach}, running at about "
                "{cost} a month."
            ).format(
                # English says "a 6-week", "an 8-week"; other languages the number alone.
                a_weeks=article(weeks) if tr.lang == "en" else str(weeks),
                approach=approach_phrase(rec.approach, money.lang),
                cost=cost,
            )
        ]
    budget = rec.costs.monthly_budget_usd
    if budget is not None and rec.costs.recommended_monthly_usd > budget:
        out.append(
            tr(
                "Raise the running budget from {budget} to about {cost} a month, or accept "
                "a cheaper option."
            ).format(budget=money(budget), cost=cost)
        )
    for risk in risks:
        if risk.severity in ("blocker", "high") and len(out) < 4:
            out.append(
                tr("How to handle “{risk}”: {mitigation}").format(
                    risk=risk.title, mitigation=_first_sentence(risk.mitigation)
                )
            )
    if len(out) < 3:
        out.append(tr("Who owns the pilot, and who reviews its outputs."))
    return tuple(out)


def _curve(rows: Sequence[Mapping[str, Any]] | None, volume: Any, money: Money) -> Curve | None:
    if not rows:
        return None
    points = tuple(
        CurvePoint(
            int(r["monthly_requests"]),
            option_name(str(r["option"]), money.lang),
            money.amount(r["monthly_usd"]),
        )
        for r in rows
    )
    options = tuple(dict.fromkeys(p.option for p in points))
    your = int(volume) if isinstance(volume, int | float) and volume > 0 else None
    return Curve(points=points, your_volume=your, options=options)


def _without_ids(text: str, titles: Mapping[str, str]) -> str:
    """Document ids in a passage become the documents' titles."""
    return _DOC_ID.sub(
        lambda m: f"“{titles[m.group(0)]}”" if m.group(0) in titles else m.group(0), text
    )


ASSUMPTION_LABELS = {
    "minutes_per_item": N_("Time per item today"),
    "hourly_cost_usd": N_("Cost of an hour of that work"),
    "time_saved_pct": N_("Share of the time the model saves"),
    "build_cost_usd": N_("Build cost of the PoC and integration"),
    "adoption_ramp_months": N_("Months until everyone uses it"),
    "review_time": N_("Review time kept"),
    "conservative_case": N_("Conservative case"),
    "cost_per_item_usd": N_("Cost of one item today"),
    "revenue_at_stake_usd": N_("Revenue at stake"),
    "revenue_share_pct": N_("Share of that revenue the model wins or keeps"),
    "revenue": N_("Revenue"),
}
# The business case's rows, by what they are: the executive summary picks two of them.
NET_ROW, PAYBACK_ROW = N_("Net value a month"), N_("Payback")


def _ratio(value: object, tr: Translator) -> str:
    """A return as a manager reads it: "+83%", "-40%", and "about 27x the build cost"
    rather than "+2716%"."""
    if not isinstance(value, int | float):
        return "—"
    if value >= 10:
        return tr("about {n}x the build cost").format(n=f"{value + 1:,.0f}")
    return f"{value * 100:+,.0f}%"


def _months(value: object, tr: Translator) -> str:
    if tr.lang == "en":
        return months_words(value)
    if not isinstance(value, int | float):
        return tr("never")
    if value < 1:
        return tr("under a month")
    return tr("about {n} months").format(n=f"{value:.0f}")


# The engine words its business case in English sentences with figures in them (business.py);
# for another language they are said afresh from the same figures.
_MISSING = (
    N_("it is not a task of understanding or transforming content"),
    N_("mistakes are serious and not every output is checked"),
    N_("running it costs more than the budget"),
    N_("the conservative case loses money"),
)
_TAKES = re.compile(r"^it takes (.+) to pay back$")


def _track_why(track: str, english: str, case: Any, tr: Translator) -> str:
    payback = _months(case.payback_months.expected, tr)
    if track == "try_fast":
        return tr(
            "A safe starting point that fits the budget and pays back in {payback} in the "
            "expected case."
        ).format(payback=payback)
    if track == "long_term_bet":
        reasons = english.split(" but ", 1)[-1].rstrip(".").split("; ")
        said = [
            tr("it takes {time} to pay back").format(time=payback)
            if _TAKES.match(reason)
            else tr(reason)
            for reason in reasons
        ]
        return tr("Worth it in the expected case, but {reasons}.").format(
            reasons=tr("; ").join(said)
        )
    if "blocking risk" in english:
        return tr("Not now: first resolve the blocking risk.")
    return tr("At these figures it does not pay back within three years.")


def _time(minutes: float, tr: Translator) -> str:
    if minutes < 1:
        return tr("{n} seconds").format(n=max(1, round(minutes * 60)))
    return tr("{n} minutes").format(n=f"{minutes:.1f}".removesuffix(".0"))


def _sensitivity(case: Any, known: Mapping[str, Any], money: Money, tr: Translator) -> str:
    if case.sensitivity.startswith("Pays back within a year on the revenue"):
        return tr(
            "Pays back within a year on the revenue it wins or keeps alone, even if it saved "
            "no time at all."
        )
    share = float(known.get("time_saved_pct") or 0.0) / 100
    shown: Callable[[float], str]
    if case.basis == "cost":
        needed, today, shown = case.break_even_usd_saved, case.cost_per_item_usd, money
    else:
        needed, today = case.break_even_minutes_saved, case.minutes_per_item
        shown = functools.partial(_time, tr=tr)
    if needed is None:
        return tr("No break-even can be worked out from the figures given.")
    if needed > today:
        return tr(
            "It does not pay back within a year even if the model did all of the work: it "
            "would have to save {needed} per item, against {today} today."
        ).format(needed=shown(needed), today=shown(today))
    return tr(
        "Pays back within a year as long as the model saves at least {needed} per item "
        "(the expected case assumes {assumed})."
    ).format(needed=shown(needed), assumed=shown(today * share))


_REVIEW_SHARE = re.compile(r"^(\d+(?:\.\d+)?)% of today's time")


def _assumption(
    name: str, text: str, known: Mapping[str, Any], money: Money, tr: Translator
) -> str:
    """One figure the business case rests on, and whether it is the manager's own."""
    value = known.get(name)
    if tr.lang != "en" and name == "review_time":
        review = str(known.get("human_review") or "none")
        share = _REVIEW_SHARE.match(text)
        said = tr("{share}% of today's time per item goes to checking the model's work ({review})")
        text = said.format(
            share=share.group(1) if share else "?",
            review=choice_label("human_review", review, tr.lang) or review,
        )
        if review == "sampled":
            text += tr(" ({share}% of items)").format(share=f"{SAMPLED_SHARE * 100:g}")
        return text
    if tr.lang != "en" and name == "conservative_case":
        return tr(
            "{time}% less time saved, review {review}% longer, running cost {running}% "
            "higher, build {build}% over, adoption {ramp}% slower"
        ).format(
            time=f"{(1 - CONSERVATIVE.time_saved) * 100:g}",
            review=f"{(CONSERVATIVE.review - 1) * 100:g}",
            running=f"{(CONSERVATIVE.running - 1) * 100:g}",
            build=f"{(CONSERVATIVE.build - 1) * 100:g}",
            ramp=f"{(CONSERVATIVE.ramp - 1) * 100:g}",
        )
    if tr.lang == "en" or not isinstance(value, int | float) or name not in _BUSINESS_UNITS:
        return money.in_text(tr(text))
    source = tr("as you said") if "(as you said)" in text else tr("default")
    return tr("{value} ({source})").format(value=value_label(name, value, money), source=source)


def _business(
    rec: Recommendation, titles: Mapping[str, str], money: Money, profile: Profile | None = None
) -> BusinessView | None:
    case = rec.business_case
    track = rec.track
    if case is None or track is None:
        return None
    tr = translator(money.lang)
    given = profile.model_dump(exclude_none=True) if profile is not None else {}
    known = {**rec.assumptions, **given}
    why = track.why.split(": ", 1)[-1] if ": " in track.why else track.why
    why = why[:1].upper() + why[1:]
    if tr.lang != "en":
        why = _track_why(track.id, track.why, case, tr)
    item = case.item
    revenue = case.monthly_revenue_usd
    items = tr("{n} {item}s a month").format(n=f"{case.items_per_month:,}", item=tr(item))
    saved = (
        tr(
            "{items} x the share of the {cost} each costs today that the model saves, once "
            "everyone uses it."
        ).format(items=items, cost=money(case.cost_per_item_usd))
        if case.basis == "cost"
        else tr("{items} x the minutes saved x the cost of an hour, once everyone uses it.").format(
            items=items
        )
    )
    won = (
        (
            (
                tr("Revenue won or kept"),
                money(revenue.conservative),
                money(revenue.expected),
                tr(
                    "The share of the revenue at stake the model wins or keeps, once everyone "
                    "uses it."
                ),
            ),
        )
        if revenue.expected > 0
        else ()
    )
    rows = (
        (
            tr("Value of time saved"),
            money(case.monthly_benefit_usd.conservative - revenue.conservative),
            money(case.monthly_benefit_usd.expected - revenue.expected),
            saved,
        ),
        *won,
        (
            tr("Running cost"),
            f"-{money(case.monthly_running_usd.conservative)}",
            f"-{money(case.monthly_running_usd.expected)}",
            tr("The recommended option's model and hosting cost."),
        ),
        (
            tr("Review time"),
            f"-{money(case.monthly_review_usd.conservative)}",
            f"-{money(case.monthly_review_usd.expected)}",
            tr("People checking the model's work, which the plan keeps."),
        ),
        (
            tr(NET_ROW),
            signed(money, case.monthly_net_usd.conservative),
            signed(money, case.monthly_net_usd.expected),
            tr("What is left each month once it is fully in use."),
        ),
        (
            tr("Build cost (one-off)"),
            money(case.build_cost_usd.conservative),
            money(case.build_cost_usd.expected),
            tr("The PoC and the integration with your systems."),
        ),
        (
            tr(PAYBACK_ROW),
            _months(case.payback_months.conservative, tr),
            _months(case.payback_months.expected, tr),
            tr("Months after going live until the build cost is earned back (use ramps up)."),
        ),
        (
            tr("Return over 12 months"),
            _ratio(case.roi_12_months.conservative, tr),
            _ratio(case.roi_12_months.expected, tr),
            tr("Net value in the first year, less the build cost, per unit of build cost."),
        ),
    )
    cumulative = tuple(
        (
            month,
            money.amount(
                cumulative_net(
                    case.monthly_net_usd.conservative,
                    case.build_cost_usd.conservative,
                    case.adoption_ramp_months.conservative,
                    month,
                )
            ),
            money.amount(
                cumulative_net(
                    case.monthly_net_usd.expected,
                    case.build_cost_usd.expected,
                    case.adoption_ramp_months.expected,
                    month,
                )
            ),
        )
        for month in range(0, CHART_MONTHS + 1)
    )
    return BusinessView(
        track=tr(TRACK_LABELS.get(track.id, track.id)),
        track_code=track.id,
        track_why=money.in_text(why),
        rows=rows,
        sensitivity=(
            money.in_text(case.sensitivity)
            if tr.lang == "en"
            else _sensitivity(case, known, money, tr)
        ),
        assumptions=tuple(
            Line(
                tr(ASSUMPTION_LABELS[name])
                if name in ASSUMPTION_LABELS
                else field_label(name, money.lang),
                _assumption(name, text, known, money, tr),
            )
            for name, text in case.assumptions.items()
        ),
        monthly_net=(
            money.amount(case.monthly_net_usd.conservative),
            money.amount(case.monthly_net_usd.expected),
        ),
        cumulative=cumulative,
        sources=tuple(titles.get(doc, doc) for doc in case.sources),
    )


def _value_lines(business: BusinessView | None, tr: Translator) -> tuple[Line, ...]:
    """The business case in the executive summary: net value and payback."""
    if business is None:
        return ()
    by_label = {row[0]: row for row in business.rows}
    net = by_label[tr(NET_ROW)]
    payback = by_label[tr(PAYBACK_ROW)]
    return (
        Line(
            tr("Net value"),
            tr("{amount} a month").format(amount=net[2]),
            tr(
                "Expected case, after running cost and review time (conservative: {amount})."
            ).format(amount=net[1]),
        ),
        Line(
            tr(PAYBACK_ROW),
            payback[2],
            tr(
                "Until the build cost is earned back, expected case (conservative: {months})."
            ).format(months=payback[1]),
        ),
        Line(
            tr("What it hinges on"), business.sensitivity.removesuffix(".").removesuffix("。"), ""
        ),
    )


def _title(profile: Profile | None, tr: Translator) -> str:
    if profile is None:
        return tr("Adoption recommendation")
    words = profile.use_case.split()
    if tr.lang == "ja" and len(words) <= 8:
        # Japanese sets no spaces between words: cut by characters instead.
        text = " ".join(words)
        return text[:32] + ("…" if len(text) > 32 else "")
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")


def present(
    rec: Recommendation,
    profile: Profile | None = None,
    *,
    title: str | None = None,
    today: date | None = None,
    documents: Mapping[str, CitedDocument] | None = None,
    curve: Sequence[Mapping[str, Any]] | None = None,
    pilot: PilotView | None = None,
    lang: str = "en",
    currency: str | None = None,
) -> Presentation:
    """The display data of ``rec`` for the manager behind ``profile``.

    ``title`` names the assessment (default: the use case, cut short); ``documents`` gives
    the cited documents' titles and passages for the appendix (default: the titles the
    recommendation carries); ``curve`` is the cost-by-volume table (``Advisor.cost_curve``)
    for the break-even chart; ``pilot`` what the team's proof of concept measured
    (``assistant.pilot``), when it has logged anything; ``lang`` the assessment's language
    ("en" or "ja"), which every fixed word and the engine's catalogued texts are said in;
    ``currency`` the manager's currency when there is no profile to take it from.
    """
    tr = translator(lang)
    lang = tr.lang
    money = money_for(profile.currency if profile is not None else currency, lang)
    documents = documents or {}
    titles = {s.doc_id: s.title for s in rec.sources}
    titles.update({d: doc.title for d, doc in documents.items()})
    costs = _costs(rec, profile, money)
    risks = _risks(rec, titles, money)
    chosen = _recommended_option(rec)
    price_date = _PRICE_DATE.search(chosen.basis) if chosen else None
    chosen_name = option_label(chosen, lang) if chosen else ""
    cost_note = (
        (
            tr("{option}, at list prices of {date}.").format(
                option=chosen_name, date=price_date.group(1)
            )
            if price_date
            else tr("{option}.").format(option=chosen_name)
        )
        if chosen
        else ""
    )
    budget = rec.costs.monthly_budget_usd
    budget_line = None
    if budget is not None:
        within = rec.costs.recommended_monthly_usd <= budget
        budget_line = Line(
            tr("Monthly budget"),
            tr("{amount} a month").format(amount=money(budget)),
            tr("The recommended option fits within it.")
            if within
            else tr("The recommended option costs more than this."),
        )
    business = _business(rec, titles, money, profile)
    value_lines = _value_lines(business, tr)
    track_text = (
        tr("{track}: {why}").format(track=business.track, why=business.track_why)
        if business
        else ""
    )
    plan = rec.poc_plan
    actions = tuple(
        Action(what=what, owner=_owner(step, profile, tr), when=when)
        for step in plan.steps[:3]
        for when, what in [_split_step(step, tr)]
    )
    summary = Summary(
        verdict=tr(VERDICT_LABELS[rec.verdict]),
        verdict_code=rec.verdict,
        track=track_text,
        approach=approach_label(rec.approach, lang),
        approach_phrase=approach_phrase(rec.approach, lang),
        monthly_cost=Line(
            tr("Running cost"),
            tr("about {amount} a month").format(amount=money(rec.costs.recommended_monthly_usd)),
            cost_note,
        ),
        business_value=tuple(value_lines),
        top_risks=tuple(
            tr("{severity}: {risk} — {mitigation}").format(
                severity=r.severity_label, risk=r.title, mitigation=_first_sentence(r.mitigation)
            )
            for r in risks[:3]
        ),
        decisions=_decisions(rec, money, risks),
        next_actions=actions,
    )
    cited = tuple(
        documents.get(s.doc_id) or CitedDocument(doc_id=s.doc_id, title=s.title)
        for s in rec.sources
    )
    cited = tuple(
        CitedDocument(
            doc_id=d.doc_id,
            title=d.title,
            category=d.category,
            reviewed=d.reviewed,
            passage=_without_ids(d.passage, titles),
            references=d.references,
        )
        for d in cited
    )
    volume = (profile.monthly_requests if profile else None) or rec.assumptions.get(
        "monthly_requests"
    )
    even = rec.costs.break_even
    even_text = money.in_text(tr(even.text)) if even is not None else None
    notes = tuple(
        n
        for n in (
            tr("Token prices as of {date}.").format(date=price_date.group(1)) if price_date else "",
            even_text or "",
            money.rate_line(),
        )
        if n
    )
    return Presentation(
        title=title or _title(profile, tr),
        date=today or date.today(),
        use_case=profile.use_case if profile is not None else "",
        money=money,
        summary=summary,
        overview=(
            money.in_text(rec.summary)
            if lang == "en"
            else _overview(rec, profile, tr, summary, business, risks)
        ),
        alternatives=tuple(approach_label(a, lang) for a in rec.alternatives),
        inputs=_inputs(rec, profile, money),
        costs=costs,
        budget=budget_line,
        budget_value=None if budget is None else money.amount(budget),
        within_budget=None if budget is None else rec.costs.recommended_monthly_usd <= budget,
        curve=_curve(curve, volume, money),
        risks=risks,
        plan=Plan(
            weeks=plan.duration_weeks,
            kpis=tuple(
                Line(
                    tr(k.name),
                    money.in_text(_target(k.target, tr)),
                    money.in_text(tr(k.how_measured)),
                )
                for k in plan.kpis
            ),
            success_criteria=tuple(
                money.in_text(_criterion(c, plan.kpis, tr)) for c in plan.success_criteria
            ),
            human_review=_review(plan.human_review, tr),
            steps=tuple(_step(step, tr) for step in plan.steps),
        ),
        talking_points=_talking_points(rec, money, tr, summary, business),
        sources=cited,
        notes=notes,
        break_even=even_text,
        business=business,
        pilot=pilot,
        lang=lang,
    )


# What a manager says in the meeting, said afresh rather than translated: a Japanese
# manager proposes and asks for a decision in set phrases (会議で使えるフレーズ), and the
# engine's English sentences read as a translation in Japanese. Same points, same order,
# as ``recommend._talking_points``.
_OPENING = {
    "start_poc": N_("Let's start small with a proof of concept and decide on the numbers."),
    "poc_with_safeguards": N_(
        "Let's start small, with safeguards in place from day one, and decide on the numbers."
    ),
    "not_recommended": N_(
        "As it stands I can't recommend going ahead; let's first change how it is designed."
    ),
}


def _talking_points(
    rec: Recommendation,
    money: Money,
    tr: Translator,
    summary: Summary,
    business: BusinessView | None,
) -> tuple[str, ...]:
    if tr.lang == "en":
        return tuple(money.in_text(p) for p in rec.talking_points)
    stopped = rec.verdict == "not_recommended"
    points = [
        tr(_OPENING[rec.verdict]),
        tr("What we propose: {verdict}, using {approach}.").format(
            verdict=summary.verdict, approach=summary.approach_phrase
        ),
        tr(
            "Running it costs {cost} at today's volume; we check the actual cost before we scale."
        ).format(cost=summary.monthly_cost.value),
    ]
    if business is not None:
        net, payback = summary.business_value[0], summary.business_value[1]
        if business.track_code == "try_fast":
            points.append(
                tr("It is worth {net} net and pays back in {payback}: one to try fast.").format(
                    net=net.value, payback=payback.value
                )
            )
        else:
            points.append(
                tr(
                    "It is worth {net} net and pays back in {payback}: not one to rush, it needs "
                    "an investment decision."
                ).format(net=net.value, payback=payback.value)
            )
    risks = [r for r in summary_risks(rec) if r.severity in ("blocker", "high")][:2]
    for risk in risks:
        points.append(
            tr("The risk to watch is “{risk}”; we deal with it first.").format(risk=tr(risk.title))
        )
    if stopped:
        points.append(tr("Whatever we build later assists a person, who keeps the decision."))
    elif rec.poc_plan.kpis:
        kpi = rec.poc_plan.kpis[0]
        points.append(
            tr(
                "We run a {weeks}-week proof of concept and judge it on “{kpi}” (target: {target})."
            ).format(
                weeks=rec.poc_plan.duration_weeks,
                kpi=tr(kpi.name),
                target=money.in_text(tr(kpi.target)),
            )
        )
        points.append(
            tr("People check the outputs throughout the pilot, so quality stays in our hands.")
        )
    points.append(
        tr("Let's settle contracts, licences and deployment with legal and IT in the first week.")
    )
    return tuple(points)


def summary_risks(rec: Recommendation) -> list[Any]:
    """The recommendation's risks, the most severe first."""
    return sorted(rec.risks, key=lambda r: SEVERITY_RANK.get(r.severity, 9))


def _overview(
    rec: Recommendation,
    profile: Profile | None,
    tr: Translator,
    summary: Summary,
    business: BusinessView | None,
    risks: Sequence[RiskRow],
) -> str:
    """The recommendation in a few sentences, said from its figures (the engine's summary
    is an English sentence with the figures in it)."""
    task = choice_label("task_type", profile.task_type, tr.lang) if profile is not None else None
    parts = [
        (
            tr("{verdict}: we recommend {approach} for {task}.")
            if task
            else tr("{verdict}: we recommend {approach}.")
        ).format(verdict=summary.verdict, approach=summary.approach_phrase, task=task)
    ]
    volume = profile.monthly_requests if profile is not None else None
    if volume:
        parts.append(
            tr("Estimated running cost: {cost} at {n} requests a month.").format(
                cost=summary.monthly_cost.value, n=f"{volume:,}"
            )
        )
    if business is not None:
        net, payback = summary.business_value[0], summary.business_value[1]
        parts.append(
            tr("Value: {net} net, paying back its build cost in {payback}.").format(
                net=net.value, payback=payback.value
            )
        )
        parts.append(summary.track)
    serious = [r.title for r in risks if r.severity in ("blocker", "high")]
    if serious:
        parts.append(
            tr("Settle first: {risks}.").format(risks=tr("; ").join(f"「{t}」" for t in serious))
        )
    return "".join(parts) if tr.lang == "ja" else " ".join(parts)


def _criterion(criterion: str, kpis: Sequence[Any], tr: Translator) -> str:
    """A success criterion; one that is a KPI and its target is said from the KPI."""
    for kpi in kpis:
        if criterion == f"{kpi.name}: {kpi.target}.":
            return tr("{kpi}: {target}.").format(kpi=tr(kpi.name), target=tr(kpi.target))
    return tr(criterion)


# The review plans poc.review_plan words with the volume in them.
_STAFF_IT = re.compile(
    r"^(?P<first>.+?) At about (?P<n>\S+(?: million)?) outputs a month, staff the review for "
    r"it or run the pilot on a slice of about (?P<slice>\S+) outputs\.$"
)
_AUDIT = re.compile(
    r"^At about (?P<n>\S+(?: million)?) outputs a month, reviewers check every output of a "
    r"pilot slice \(about (?P<slice>\S+) outputs\) in the first two weeks, then a random "
    r"audit sample of (?P<audit>\d+) outputs a month plus every output users flag"
)


def _review(review: str, tr: Translator) -> str:
    """The human review plan; its fixed sentences from the catalogue, the volume kept."""
    if tr.lang == "en":
        return review
    staff = _STAFF_IT.match(review)
    if staff is not None:
        return tr(staff.group("first")) + tr(
            " At about {n} outputs a month, staff the review for it or run the pilot on a "
            "slice of about {slice} outputs."
        ).format(n=staff.group("n"), slice=staff.group("slice"))
    audit = _AUDIT.match(review)
    if audit is not None:
        return tr(
            "At about {n} outputs a month, reviewers check every output of a pilot slice "
            "(about {slice} outputs) in the first two weeks, then a random audit sample of "
            "{audit} outputs a month plus every output users flag (if none of the {audit} is "
            "wrong, the error rate is probably under 1%)."
        ).format(**audit.groupdict())
    return tr(review)


_ESTIMATE = re.compile(r"^about (?P<cost>\S+) or less \(the estimate\)$")


def _target(target: str, tr: Translator) -> str:
    """A KPI's target; the cost per task, worded with its figure, from the catalogue too."""
    estimate = _ESTIMATE.match(target)
    if estimate is not None and tr.lang != "en":
        return tr("about {cost} or less (the estimate)").format(cost=estimate.group("cost"))
    return tr(target)


def _step(step: str, tr: Translator) -> str:
    """A plan step ("Weeks 2-5: build …") with its weeks and its text said in ``tr``."""
    match = _STEP_WHEN.match(step)
    if match is None or tr.lang == "en":
        return tr(step)
    return tr("{when}: {what}").format(when=_when(match.group(1), tr), what=tr(step[match.end() :]))


# --- the chat text ----------------------------------------------------------------------


CARD_ABOVE = N_("in the recommendation card above")


def chat_text(p: Presentation, where: str = CARD_ABOVE) -> str:
    """The short chat message that presents a recommendation and points to the card
    (``where``, a catalogued text, says where the card is)."""
    tr = translator(p.lang)
    s = p.summary
    lines = [
        tr("**{verdict}**, with {approach}: {cost}.").format(
            verdict=s.verdict, approach=s.approach_phrase, cost=s.monthly_cost.value
        )
    ]
    if p.budget is not None:
        fits = (
            tr("That is within your budget of {budget}.")
            if p.within_budget
            else tr("That is over your budget of {budget}.")
        )
        lines[0] += " " + fits.format(budget=p.budget.value)
    if p.business is not None:
        net, payback = p.summary.business_value[0], p.summary.business_value[1]
        lines.append(
            tr("**{track}**: worth about {net} net; payback {payback}. {sensitivity}").format(
                track=p.business.track,
                net=net.value,
                payback=payback.value,
                sensitivity=p.business.sensitivity,
            )
        )
    if p.risks:
        top = p.risks[0]
        lines.append(
            tr("Main risk to manage: {risk} ({severity}).").format(
                risk=top.title,
                severity=top.severity_label.lower() if p.lang == "en" else top.severity_label,
            )
        )
    lines.append(
        tr(
            "The full recommendation — costs, risks, the {weeks}-week plan, talking points and "
            "sources — is {where}, with the report to download."
        ).format(weeks=p.plan.weeks, where=tr(where))
    )
    return "\n\n".join(lines)
