"""The offline dialogue manager: a conversation with no language model.

It greets and explains, asks the questionnaire one question at a time, understands free
text, answers knowledge questions mid-interview (then returns to the pending question),
takes corrections ("actually the budget is 2k a month"), presents the recommendation, and
afterwards answers follow-ups: knowledge questions, what-ifs that re-run the engine, and
questions about the proof-of-concept plan. Deterministic: same state and message, same reply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.advice.wording import APPROACH_NAMES, SEVERITY_LABELS, VERDICT_LABELS
from assistant.conversation import intents
from assistant.conversation.replies import ReplySource
from assistant.errors import KnowledgeUnavailable
from assistant.kb.answering import compose_answer
from assistant.questionnaire import QUESTION_BY_FIELD, Interview, Question, detect_field_change
from assistant.schemas import Profile, Recommendation, Source

Search = Callable[[str, int], list[Source]]
Recommend = Callable[[Profile], Recommendation]
Similarity = Callable[[str, Sequence[str]], list[float]]

GREETING = (
    "Hello! I'm the Adoption Advisor. I'll help you decide whether and how to adopt a "
    "pre-trained model (an LLM or another foundation model) for your use case.\n\n"
    "I'll ask about {total} short questions, one at a time: what the use case is, how much "
    "it will be used, how sensitive the data is, and so on. Answer in your own words; say "
    "'skip' if you don't know and I'll assume a sensible default. You can ask me a question "
    'at any point, or correct an answer ("actually the budget is 2k a month").\n\n'
    "At the end you get a recommendation with costs, risks, a proof-of-concept plan and "
    "talking points, every point backed by our guidance documents."
)
FOLLOW_UP_HINT = (
    'Ask me anything about it: a what-if ("what if we had twice the volume?", "what if we '
    'must stay on-premises?"), the plan ("what are the KPIs?"), or any question about '
    "costs, licences, data, security or regulation."
)
HELP_TEXT = (
    "I can interview you about your use case and recommend how to adopt a model. Answer the "
    "current question in your own words, say 'skip' to take a default, correct an earlier "
    'answer ("actually the volume is 10k a day"), or ask me a question about costs, '
    "licences, data privacy, security, deployment, evaluation, regulation or your team."
)


@dataclass
class Turn:
    """What one message produced."""

    reply: str
    recommendation: Recommendation | None
    sources: list[ReplySource] = field(default_factory=list)
    title: str | None = None


def source_refs(sources: list[Source]) -> list[ReplySource]:
    return [
        ReplySource(
            doc_id=s.doc_id,
            title=s.title,
            path=s.path,
            heading=s.heading,
            text=s.text,
            score=s.score,
        )
        for s in sources
    ]


def ask_line(question: Question, answered: int, total: int) -> str:
    line = f"**Question {answered + 1} of {total}:** {question.prompt}"
    if question.choices:
        line += "\n" + "\n".join(
            f"- **{c.label}** ({c.value}): {c.description}" for c in question.choices
        )
    if question.help:
        line += f"\n\n_{question.help}_"
    return line


def _fmt(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value).replace("_", " ")


def present(rec: Recommendation) -> str:
    """The recommendation as a chat message."""
    lines = [
        f"## {VERDICT_LABELS[rec.verdict]}",
        "",
        rec.summary,
        "",
        f"**Approach:** {APPROACH_NAMES[rec.approach]}"
        + (
            f" (alternatives: {', '.join(APPROACH_NAMES[a] for a in rec.alternatives)})"
            if rec.alternatives
            else ""
        ),
        "",
        "**Monthly cost by option:**",
    ]
    # The arithmetic behind each figure is in the report and the recommendation JSON; the
    # chat keeps to the figures.
    lines += [
        f"- {o.label or o.approach.replace('_', ' ')}: ${o.monthly_usd:,.2f} a month"
        for o in rec.costs.options
    ]
    if rec.risks:
        lines += ["", "**Risks:**"]
        lines += [f"- [{SEVERITY_LABELS[r.severity]}] {r.title}: {r.mitigation}" for r in rec.risks]
    plan = rec.poc_plan
    lines += ["", f"**Proof of concept ({plan.duration_weeks} weeks), KPIs:**"]
    lines += [f"- {k.name}: {k.target}" for k in plan.kpis]
    lines += ["", "**Talking points:**"] + [f"- {p}" for p in rec.talking_points]
    if rec.assumptions:
        lines += [
            "",
            "**Assumed (you skipped these):** "
            + ", ".join(f"{k.replace('_', ' ')} = {_fmt(v)}" for k, v in rec.assumptions.items()),
        ]
    lines += ["", FOLLOW_UP_HINT]
    return "\n".join(lines)


class OfflineDialogue:
    """Turns a message and the session's state into a reply, without a language model."""

    def __init__(
        self, search: Search, recommend: Recommend, similarity: Similarity | None = None
    ) -> None:
        self.search = search
        self.recommend = recommend
        self.similarity = similarity

    # -- helpers -----------------------------------------------------------------------

    def greeting(self, interview: Interview) -> str:
        _, total = interview.progress()
        return GREETING.format(total=total) + "\n\n" + self.next_prompt(interview)

    def next_prompt(self, interview: Interview) -> str:
        question = interview.next_question()
        if question is None:
            return ""
        answered, total = interview.progress()
        return ask_line(question, answered, total)

    def _knowledge(self, question: str) -> tuple[str, list[Source]]:
        try:
            sources = self.search(question, 5)
        except KnowledgeUnavailable as exc:  # the index is missing or the server is down
            return (
                f"I can't reach the knowledge base right now ({exc}). An admin can rebuild "
                "it with `python scripts/reindex.py`; the assessment itself still works.",
                [],
            )
        return compose_answer(question, sources), sources

    def _finish(self, interview: Interview, lead: str) -> Turn:
        rec = self.recommend(interview.to_profile())
        return Turn(
            reply=f"{lead}\n\nThat's everything I need. Here is my recommendation.\n\n"
            + present(rec),
            recommendation=rec,
            title=_title(interview),
        )

    # -- the turn ----------------------------------------------------------------------

    def handle(self, interview: Interview, rec: Recommendation | None, message: str) -> Turn:
        text = message.strip()
        if intents.HELP.match(text):
            return Turn(reply=HELP_TEXT + "\n\n" + self.next_prompt(interview), recommendation=rec)
        if intents.is_greeting(text):
            return Turn(
                reply="Hello again! " + (self.next_prompt(interview) or FOLLOW_UP_HINT),
                recommendation=rec,
            )
        # "Is it actually reliable?" is a question, not a correction.
        change = None if text.rstrip().endswith("?") else detect_field_change(text)
        if change is not None:
            return self._change(interview, rec, *change)
        pending = interview.next_question()
        if pending is None:
            return self._follow_up(interview, rec, text)
        if pending.kind != "text" and intents.is_question(text):
            answer, sources = self._knowledge(text)
            return Turn(
                reply=f"{answer}\n\nBack to the assessment: {self.next_prompt(interview)}",
                recommendation=rec,
                sources=source_refs(sources),
            )
        result = interview.answer(text, self.similarity)
        if not result.ok:
            return Turn(
                reply=f"{result.message}\n\n{self.next_prompt(interview)}", recommendation=rec
            )
        ack = _acknowledge(pending, interview, result.skipped)
        if result.via == "similarity":  # a best guess from meaning: let the manager check it
            ack += (
                f" (I read that as the closest option; if it's wrong, say \"actually the "
                f'{_label(pending.field)} is ...")'
            )
        if interview.is_complete():
            return self._finish(interview, ack)
        return Turn(
            reply=f"{ack}\n\n{self.next_prompt(interview)}",
            recommendation=rec,
            title=_title(interview),
        )

    def change(
        self, interview: Interview, rec: Recommendation | None, field_name: str, value: str
    ) -> Turn:
        """Change one earlier answer; re-run the engine when the profile is complete."""
        if field_name not in QUESTION_BY_FIELD:
            return Turn(reply=f"There is no question about '{field_name}'.", recommendation=rec)
        return self._change(interview, rec, field_name, value)

    def _change(
        self, interview: Interview, rec: Recommendation | None, field_name: str, value: str
    ) -> Turn:
        question = QUESTION_BY_FIELD[field_name]
        result = interview.change(field_name, value, self.similarity)
        if not result.ok:
            return Turn(reply=f"I couldn't change that: {result.message}", recommendation=rec)
        lead = _acknowledge(question, interview, result.skipped, changed=True)
        if interview.is_complete():
            before = rec
            updated = self.recommend(interview.to_profile())
            return Turn(
                reply=lead + "\n\n" + _difference(before, updated) + "\n\n" + present(updated),
                recommendation=updated,
                title=_title(interview),
            )
        return Turn(
            reply=f"{lead}\n\n{self.next_prompt(interview)}",
            recommendation=None,
            title=_title(interview),
        )

    def _follow_up(self, interview: Interview, rec: Recommendation | None, text: str) -> Turn:
        if rec is None:
            return self._finish(interview, "Your profile is complete.")
        if intents.is_what_if(text):
            return self._what_if(interview, rec, text)
        if intents.about_plan(text) and not _names_topic_outside_plan(text):
            answer, sources = self._knowledge(text)
            return Turn(
                reply=_plan_text(rec) + "\n\n**From the guidance:**\n\n" + answer,
                recommendation=rec,
                sources=source_refs(sources),
            )
        if intents.about_recommendation(text) and len(text.split()) <= 8:
            return Turn(reply=present(rec), recommendation=rec)
        answer, sources = self._knowledge(text)
        return Turn(reply=answer, recommendation=rec, sources=source_refs(sources))

    def _what_if(self, interview: Interview, rec: Recommendation, text: str) -> Turn:
        rest = intents.WHAT_IF.sub(" ", text).strip(" ?.!")
        change = detect_field_change("change " + rest)
        if change is None:
            return Turn(
                reply="I couldn't tell which answer the what-if changes. Name it, for example "
                '"what if the volume were 10k a day?" or "what if we must stay on-premises?"',
                recommendation=rec,
            )
        field_name, value = change
        trial = interview.model_copy(deep=True)
        factor = intents.multiplier(text)
        current = trial.known().get(field_name)
        if (
            factor is not None
            and isinstance(current, int | float)
            and not isinstance(current, bool)
        ):
            scaled = current * factor
            trial.set_value(field_name, round(scaled) if isinstance(current, int) else scaled)
        else:
            result = trial.change(field_name, value, self.similarity)
            if not result.ok:
                return Turn(
                    reply=f"I couldn't apply that what-if: {result.message}", recommendation=rec
                )
        alternative = self.recommend(trial.to_profile())
        label = _label(field_name)
        new_value = _fmt(trial.known().get(field_name))
        return Turn(
            reply=f"**What if {label} = {new_value}?** (your saved assessment is unchanged; "
            f'say "actually the {label} is {new_value}" to keep it)\n\n'
            + _difference(rec, alternative)
            + "\n\n"
            + present(alternative),
            recommendation=rec,
        )


FIELD_LABELS = {
    "use_case": "use case",
    "task_type": "task",
    "monthly_requests": "volume",
    "input_tokens": "input size (tokens)",
    "output_tokens": "output size (tokens)",
    "latency": "response time",
    "error_impact": "impact of errors",
    "human_review": "human review",
    "data_sensitivity": "data sensitivity",
    "monthly_budget_usd": "monthly budget (USD)",
    "team_skill": "team skills",
    "labeled_examples": "labelled examples",
    "commercial_product": "commercial product",
    "monthly_active_users": "monthly active users",
    "eu_users": "EU users",
    "timeline_weeks": "timeline (weeks)",
}


def _label(field_name: str) -> str:
    return FIELD_LABELS.get(field_name, field_name.replace("_", " "))


def _acknowledge(
    question: Question, interview: Interview, skipped: bool, changed: bool = False
) -> str:
    value = interview.known().get(question.field)
    name = _label(question.field)
    if skipped:
        return f"No problem — I'll assume {name} = {_fmt(value)}."
    if changed:
        return f"Updated: {name} is now {_fmt(value)}."
    return f"Got it: {name} = {_fmt(value)}."


def _title(interview: Interview) -> str | None:
    use_case = interview.answers.get("use_case")
    if not isinstance(use_case, str):
        return None
    words = use_case.split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")


def _difference(before: Recommendation | None, after: Recommendation) -> str:
    if before is None:
        return ""
    parts = []
    if before.verdict != after.verdict:
        parts.append(
            f"verdict {VERDICT_LABELS[before.verdict].lower()} → "
            f"{VERDICT_LABELS[after.verdict].lower()}"
        )
    if before.approach != after.approach:
        parts.append(
            f"approach {APPROACH_NAMES[before.approach]} → {APPROACH_NAMES[after.approach]}"
        )
    old, new = before.costs.recommended_monthly_usd, after.costs.recommended_monthly_usd
    if old != new:
        parts.append(f"monthly cost ${old:,.2f} → ${new:,.2f}")
    added = {r.id for r in after.risks} - {r.id for r in before.risks}
    removed = {r.id for r in before.risks} - {r.id for r in after.risks}
    if added:
        parts.append("new risks: " + ", ".join(sorted(added)).replace("_", " "))
    if removed:
        parts.append("risks gone: " + ", ".join(sorted(removed)).replace("_", " "))
    return (
        ("**What changes:** " + "; ".join(parts) + ".")
        if parts
        else ("**What changes:** nothing material: same verdict, approach, cost and risks.")
    )


def _plan_text(rec: Recommendation) -> str:
    plan = rec.poc_plan
    lines = [f"**Your proof of concept: {plan.duration_weeks} weeks.**", "", "KPIs:"]
    lines += [f"- {k.name}: {k.target} (measured by {k.how_measured})" for k in plan.kpis]
    lines += ["", "Success criteria:"] + [f"- {c}" for c in plan.success_criteria]
    lines += ["", f"Human review: {plan.human_review}", "", "Steps:"]
    lines += [f"{n}. {s}" for n, s in enumerate(plan.steps, 1)]
    return "\n".join(lines)


_OUTSIDE_PLAN = re.compile(
    r"\b(licen[cs]\w*|gdpr|privacy|ai act|injection|llama|gemma|"
    r"mistral|copyright|gpu|price|pricing)\b",
    re.IGNORECASE,
)


def _names_topic_outside_plan(text: str) -> bool:
    return bool(_OUTSIDE_PLAN.search(text))
