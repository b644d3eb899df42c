"""The offline dialogue manager: a conversation with no language model.

It greets and explains, reads every message for every fact it states (``reading``), says
back what it understood, confirms what is uncertain before storing it, asks only what is
still missing, answers knowledge questions mid-interview (then returns to the pending
question), takes corrections with or without a keyword, presents the recommendation, and
afterwards answers follow-ups from the assessment first (the decision, the cost, the top
risks, pilot results against the plan, comparisons, what-ifs that re-run the engine without
changing the saved assessment), then from the knowledge base. Deterministic: same state and
message, same reply.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from assistant.advice.presentation import Presentation
from assistant.conversation import followups, intents
from assistant.conversation.replies import ReplySource
from assistant.errors import KnowledgeUnavailable
from assistant.i18n import N_, Translator, translator
from assistant.kb.answering import compose_answer
from assistant.questionnaire import (
    QUESTION_BY_FIELD,
    Interview,
    Question,
    Value,
    detect_field_change,
)
from assistant.questionnaire.flow import Check, validate_value
from assistant.questionnaire.japanese import followup_words, is_japanese, rewrite
from assistant.questionnaire.parsing import parse_answer
from assistant.questionnaire.reading import Finding, Reading, read_message
from assistant.questionnaire.wording import (
    describe,
    label,
    localized,
    own_words,
    say_message,
    why_checked,
)
from assistant.schemas import Profile, Recommendation, Source

Search = Callable[[str, int], list[Source]]
Recommend = Callable[[Profile], Recommendation]
Similarity = Callable[[str, Sequence[str]], list[float]]

GREETING = N_(
    "Hello! I'm the Adoption Advisor. I'll help you decide whether and how to adopt a "
    "pre-trained model (an LLM or another foundation model) for your use case.\n\n"
    "Tell me about the use case in your own words; I'll take every fact you give and ask "
    "only for what is missing, the questions that decide the advice first (what it does, "
    "how much it is used, how bad a mistake would be, the data, where it may run, and "
    "whether it decides about people where the EU AI Act sees high risk). After "
    "those you can say 'go ahead' and I'll use typical figures for the rest of the "
    "{total} questions, or answer them to firm up the costs and the business case. Say "
    "'skip' to any question, ask me something at any point, or correct an answer "
    '("actually the budget is 2k a month").\n\n'
    "At the end you get a recommendation with costs, risks, a proof-of-concept plan and "
    "talking points, every point backed by our guidance documents."
)
ASK = N_("**Question {n} of {total}:** {prompt}")
NO_SUCH_QUESTION = N_("There is no question about '{field}'.")
PROFILE_COMPLETE = N_("Your profile is complete.")
FOLLOW_UP_HINT = N_(
    'Ask me anything about it: "should we do it?", "explain the cost", "top 3 risks", a '
    'what-if ("what if we had twice the volume?", "we can\'t use US clouds"), the plan ("what '
    'are the KPIs?"), your pilot results ("drafts accepted 62%, time saved 18%"), or any '
    "question about costs, licences, data, security or regulation."
)
HELP_TEXT = N_(
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
    # Set when the reply presents the recommendation in full: what it says before the
    # presentation ("" for nothing), so a UI that shows the recommendation elsewhere can
    # show this and a pointer instead of a second copy.
    lead: str | None = None


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


def ask_line(question: Question, answered: int, total: int, lang: str | None = None) -> str:
    """The question as the chat asks it, in ``lang``: the prompt, its choices, its help."""
    question = localized(question, lang)
    line = translator(lang)(ASK).format(n=answered + 1, total=total, prompt=question.prompt)
    if question.choices:
        line += "\n" + "\n".join(f"- **{c.label}**: {c.description}" for c in question.choices)
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


def present(rec: Recommendation, currency: str | None = None, lang: str | None = None) -> str:
    """The recommendation as a chat message, in ``lang``, drawn from the one presentation
    of a recommendation, so its money is in the manager's currency throughout."""
    return _present_from_view(rec, currency, translator(lang))


def _present_from_view(rec: Recommendation, currency: str | None, tr: Translator) -> str:
    """The chat message of ``present`` drawn from the one presentation of a recommendation
    (``assistant.advice.presentation``), which says it in ``tr``'s language."""
    from assistant.advice.presentation import present as presentation

    view = presentation(rec, currency=currency, lang=tr.lang)
    s = view.summary
    lines = [f"## {s.verdict}", "", view.overview, ""]
    approach = tr("**Approach:** {approach}").format(approach=s.approach)
    if view.alternatives:
        approach += tr(" (alternatives: {alternatives})").format(
            alternatives=tr(", ").join(view.alternatives)
        )
    lines += [approach, "", tr("**Monthly cost by option:**")]
    lines += [f"- {c.label}: {c.amount}" for c in view.costs]
    if view.risks:
        lines += ["", tr("**Risks:**")]
        lines += [f"- [{r.severity_label}] {r.title}: {r.mitigation}" for r in view.risks]
    lines += ["", tr("**Proof of concept ({weeks} weeks), KPIs:**").format(weeks=view.plan.weeks)]
    lines += [f"- {k.label}: {k.value}" for k in view.plan.kpis]
    lines += ["", tr("**Talking points:**")] + [f"- {p}" for p in view.talking_points]
    if rec.assumptions:
        lines += [
            "",
            tr("**Assumed (you skipped these):** ")
            + tr("; ").join(
                tr("{field}: {value}").format(
                    field=label(k, tr.lang), value=describe(k, v, currency, tr.lang)
                )
                for k, v in rec.assumptions.items()
            ),
        ]
    lines += ["", tr(FOLLOW_UP_HINT)]
    return "\n".join(lines)


class OfflineDialogue:
    """Turns a message and the session's state into a reply, without a language model."""

    def __init__(
        self, search: Search, recommend: Recommend, similarity: Similarity | None = None
    ) -> None:
        self.search = search
        self.recommend = recommend
        self.similarity = similarity
        # Follow-up routes (intents.ROUTES) to the method that answers each.
        self._routes: dict[str, Callable[[Interview, Recommendation, str], Turn]] = {
            "pilot": self._pilot,
            "what_if": self._what_if,
            "comparison": self._comparison,
            "decision": self._decision,
            "value": self._value,
            "risks": self._risks,
            "cost": self._cost,
            "plan": self._plan,
            "knowledge": self._knowledge_turn,
        }

    # -- helpers -----------------------------------------------------------------------

    def greeting(self, interview: Interview) -> str:
        _, total = interview.progress()
        return _tr(interview)(GREETING).format(total=total) + "\n\n" + self.next_prompt(interview)

    def next_prompt(self, interview: Interview) -> str:
        if interview.checks:
            return _check_line(interview.checks[0], interview)
        question = interview.next_question()
        if question is None:
            return ""
        answered, total = interview.progress()
        line = ask_line(question, answered, total, interview.lang)
        if interview.can_finish_early():
            left = len(interview.remaining())
            hint = (
                N_(
                    "_I have enough for a first recommendation: say **go ahead** to use "
                    "typical figures for the {left} question left, each listed as an "
                    "assumption you can change._"
                )
                if left == 1
                else N_(
                    "_I have enough for a first recommendation: say **go ahead** to use "
                    "typical figures for the {left} questions left, each listed as an "
                    "assumption you can change._"
                )
            )
            line += "\n\n" + _tr(interview)(hint).format(left=left)
        return line

    def _knowledge(self, question: str, lang: str | None = None) -> tuple[str, list[Source]]:
        tr = translator(lang)
        try:
            sources = self.search(question, 5)
        except KnowledgeUnavailable as exc:  # the index is missing or the server is down
            return (
                tr(
                    "I can't reach the knowledge base right now ({error}). An admin can "
                    "rebuild it with `python scripts/reindex.py`; the assessment itself "
                    "still works."
                ).format(error=exc),
                [],
            )
        if not sources:
            return tr(NO_GUIDANCE), []
        return compose_answer(question, sources), sources

    def _finish(self, interview: Interview, lead: str) -> Turn:
        rec = self.recommend(interview.to_profile())
        tr = _tr(interview)
        lead = (f"{lead}\n\n" if lead else "") + tr("That's everything I need.")
        return Turn(
            reply=lead
            + tr(" Here is my recommendation.")
            + "\n\n"
            + present(rec, _currency(interview), interview.lang),
            recommendation=rec,
            title=_title(interview),
            lead=lead,
        )

    def _read(
        self,
        interview: Interview,
        text: str,
        pending: Question | None,
        currency: str | None = None,
    ) -> Reading:
        known = interview.known()
        if currency:  # a figure confirmed is in the currency it was first given in
            known = {**known, "currency": currency}
        return read_message(
            text,
            pending,
            known,
            self.similarity,
            last_field=interview.last_field,
            factors=interview.factors,
        )

    # -- the turn ----------------------------------------------------------------------

    def handle(self, interview: Interview, rec: Recommendation | None, message: str) -> Turn:
        text = message.strip()
        tr = _tr(interview)
        waiting = interview.next_question()
        if waiting is not None:  # a choice typed back as it was shown (a button's label)
            text = own_words(waiting, text, interview.lang)
        if intents.HELP.match(text):
            return Turn(
                reply=tr(HELP_TEXT) + "\n\n" + self.next_prompt(interview), recommendation=rec
            )
        if intents.is_greeting(text):
            return Turn(
                reply=tr("Hello again! ") + (self.next_prompt(interview) or tr(FOLLOW_UP_HINT)),
                recommendation=rec,
            )
        if interview.checks:
            return self._confirm(interview, rec, text)
        if interview.can_finish_early() and (
            intents.GO_AHEAD.match(text) or intents.GO_AHEAD_JA.match(text)
        ):
            skipped = interview.skip_rest()
            names = tr(", ").join(label(field, interview.lang) for field in skipped)
            return self._finish(
                interview,
                tr(
                    "Going ahead with typical figures for the {count} questions left "
                    "({names}); each is listed as an assumption, and you can change any of "
                    "them afterwards."
                ).format(count=len(skipped), names=names),
            )
        pending = interview.next_question()
        if pending is None:
            return self._follow_up(interview, rec, text)
        if intents.GO_AHEAD.match(text) or intents.GO_AHEAD_JA.match(text):
            # "go ahead" before the core is in: say why this question still matters.
            left = len(interview.core_left()) or 1
            wait = CORE_FIRST_ONE if left == 1 else CORE_FIRST
            return Turn(
                reply=tr(wait).format(left=left) + "\n\n" + self.next_prompt(interview),
                recommendation=rec,
            )

        # The message is read at most once a turn, and only when a branch needs it.
        @functools.cache
        def reading() -> Reading:
            return self._read(interview, text, pending)

        if (
            pending.kind != "text"
            and intents.is_question(text)
            and intents.route(text) in intents.ASSESSMENT_ROUTES
            and not reading().findings
        ):
            answered, total = interview.progress()
            left = total - answered
            wait = (
                N_(
                    "I can answer that from your assessment once it is complete: {left} more "
                    "question to go."
                )
                if left == 1
                else N_(
                    "I can answer that from your assessment once it is complete: {left} more "
                    "questions to go."
                )
            )
            return Turn(
                reply=tr(wait).format(left=left) + f"\n\n{self.next_prompt(interview)}",
                recommendation=rec,
            )
        if pending.kind != "text" and intents.is_question(text):
            # "small. $300 a month?", "so kind of both?": an answer said as a question.
            if not intents.QUESTION_START.match(text) and pending.field in reading().by_field():
                return self._take(interview, rec, reading(), pending)
            return self._aside(interview, text, rec, self.next_prompt(interview))
        if (
            pending.kind != "text"
            and intents.asks_something(text)
            and not _news(interview, reading(), pending)
        ):
            # "Before we go further: is this even legal? I've read ...": a question asked
            # mid-message, with nothing in it that answers one.
            return self._aside(interview, text, rec, self.next_prompt(interview))
        read = reading()
        if read.unreadable:
            unreadable = say_message(read.unreadable, pending, interview.lang)
            return Turn(reply=f"{unreadable}\n\n{self.next_prompt(interview)}", recommendation=rec)
        if not read.findings:
            # "change the deployment to on premises": a change named by its keyword.
            change = None if text.rstrip().endswith("?") else detect_field_change(text)
            if change is not None and change[0] != pending.field:
                return self._change(interview, rec, *change)
            result = read.pending
            if result is not None and result.ok and result.skipped:
                interview.answer(text, self.similarity)  # records the default as assumed
                return self._next(interview, rec, _assumed_line(pending.field, interview))
            message_text = (
                say_message(result.message, pending, interview.lang) if result is not None else ""
            )
            return Turn(
                reply=f"{message_text}\n\n{self.next_prompt(interview)}".strip(),
                recommendation=rec,
            )
        asked = intents.question_part(text) if pending.kind != "text" else None
        turn = self._take(interview, rec, read, pending)
        if asked and turn.recommendation is None:
            # "Would the tenants' data leave the UK? We'd need it to stay in the UK.": the
            # fact is noted and the question answered, in one reply.
            answer, sources = self._knowledge(asked, interview.lang)
            turn.reply = f"{answer}\n\n{turn.reply}"
            turn.sources = source_refs(sources)
        return turn

    def _aside(
        self, interview: Interview, text: str, rec: Recommendation | None, back_to: str
    ) -> Turn:
        """A knowledge question mid-interview: the answer, then back to what was waiting."""
        answer, sources = self._knowledge(text, interview.lang)
        tr = _tr(interview)
        back = tr("Back to the assessment: {question}").format(question=back_to)
        return Turn(
            reply=f"{answer}\n\n{back}",
            recommendation=rec,
            sources=source_refs(sources),
        )

    def _take(
        self,
        interview: Interview,
        rec: Recommendation | None,
        reading: Reading,
        pending: Question | None,
    ) -> Turn:
        """Store what a message stated, queue what must be confirmed, and say it back."""
        noted: list[str] = []
        tr = _tr(interview)
        said_again = [f.field for f in reading.findings]
        reading.findings = _news(interview, reading, pending)
        if said_again and not reading.findings:
            # Only facts already noted, as noted: say so, rather than ask on without a word.
            facts = tr("; ").join(_fact(name, interview) for name in said_again)
            lead = tr("That matches what I have: {facts}.").format(facts=facts)
            return self._next(interview, rec, lead)
        for finding in reading.findings:
            before = interview.answers.get(finding.field)
            try:
                validate_value(finding.field, finding.value)
            except ValueError as error:  # past a bound a real business could reach
                noted.append(tr("not noted, out of range: {error}").format(error=error))
                continue
            if (
                not finding.check
                and before is not None
                and before != finding.value
                and not reading.correction
                and (pending is None or finding.field != pending.field)
                and interview.sources.get(finding.field) is not None
            ):
                # Said in passing, it would change what the manager told us earlier: never
                # overwrite that without asking.
                shown = describe(finding.field, before, _currency(interview), interview.lang)
                finding = replace(
                    finding,
                    check=tr("that changes the {value} you gave earlier").format(value=shown),
                )
            if finding.check:
                interview.checks.append(_check(finding))
                continue
            interview.record(
                finding.field,
                finding.value,
                "stated",
                sample_text=finding.sample_text,
                currency=finding.currency,
                factors=finding.factors,
            )
            noted.append(_noted_line(finding.field, before, interview))
        lead = _understood(noted, reading, pending, tr)
        return self._next(interview, rec, lead)

    def _next(self, interview: Interview, rec: Recommendation | None, lead: str) -> Turn:
        """After recording: confirm what needs it, re-run a finished assessment, or ask on."""
        if interview.checks:
            return Turn(
                reply=f"{lead}\n\n{_check_line(interview.checks[0], interview)}".strip(),
                recommendation=rec,
                title=_title(interview),
            )
        if interview.is_complete():
            if rec is None:
                return self._finish(interview, lead)
            updated = self.recommend(interview.to_profile())
            return Turn(
                reply=f"{lead}\n\n{_changes(rec, updated, interview, interview)}"
                + _tr(interview)(UPDATED),
                recommendation=updated,
                title=_title(interview),
            )
        return Turn(
            reply=f"{lead}\n\n{self.next_prompt(interview)}".strip(),
            recommendation=None,  # the profile is incomplete again: no recommendation stands
            title=_title(interview),
        )

    def _confirm(self, interview: Interview, rec: Recommendation | None, text: str) -> Turn:
        """The manager's answer to "did I read that right?"."""
        check = interview.checks[0]
        question = QUESTION_BY_FIELD[check.field]
        tr = _tr(interview)
        # 「はい」 and 「いいえ」 are yes and no: the intents are matched on the English the
        # reader puts Japanese into (the reading itself is of the message as written).
        said = rewrite(text) if is_japanese(text) else text
        if intents.is_question(text) and not intents.YES.match(said):
            return self._aside(interview, text, rec, _check_line(check, interview))
        reading = self._read(interview, text, question, check.currency)
        own = reading.by_field().get(check.field)
        if intents.NO_ONLY.match(said):
            own = None  # a plain "no" declines; it is not a zero
        if own is not None and not intents.YES_ONLY.match(said):
            interview.checks.pop(0)
            if own.check and own.value != check.value:
                # Another estimate: confirm that one instead.
                reading.findings = [f for f in reading.findings if f.field != check.field]
                interview.checks.insert(0, _check(own))
            else:
                reading.findings = [
                    f if f.field != check.field else replace(f, check="") for f in reading.findings
                ]
            turn = self._take(interview, rec, reading, question)
            for field_name, source in ((check.field, "confirmed"),):
                if field_name in interview.answers:
                    interview.sources[field_name] = source  # type: ignore[assignment]
            return turn
        if intents.YES.match(said):
            interview.checks.pop(0)
            interview.record(
                check.field,
                check.value,
                "confirmed",
                sample_text=check.sample_text,
                currency=check.currency,
                factors=check.factors,
            )
            lead = tr("Thanks, noted: {fact}.").format(fact=_fact(check.field, interview))
            return self._next(interview, rec, lead)
        if intents.NO.match(said):
            interview.checks.pop(0)
            interview.focus = check.field
            return self._next(interview, rec, tr("OK, I haven't noted that."))
        # Neither yes, no nor the figure: leave the reading unstored, ask that question
        # next, and take the message for what it says.
        interview.checks.pop(0)
        turn = self.handle(interview, rec, text)
        if check.field not in interview.known() and not interview.checks:
            interview.focus = check.field  # asked again next, once this message is taken
            if interview.next_question() is not None:
                # The question the turn asked gives way to the one to ask again.
                turn.reply = turn.reply.split("\n\n" + tr(ASK).split("{n}")[0])[0]
                turn.reply += "\n\n" + self.next_prompt(interview)
        not_yet = tr("(I haven't noted {field} yet.)").format(
            field=label(check.field, interview.lang)
        )
        turn.reply = f"{not_yet}\n\n{turn.reply}"
        return turn

    def change(
        self, interview: Interview, rec: Recommendation | None, field_name: str, value: str
    ) -> Turn:
        """Change one earlier answer; re-run the engine when the profile is complete."""
        if field_name not in QUESTION_BY_FIELD:
            return Turn(
                reply=_tr(interview)(NO_SUCH_QUESTION).format(field=field_name),
                recommendation=rec,
            )
        return self._change(interview, rec, field_name, value)

    def _change(
        self, interview: Interview, rec: Recommendation | None, field_name: str, value: str
    ) -> Turn:
        before = interview.answers.get(field_name)
        result = interview.change(field_name, value, self.similarity)
        tr = _tr(interview)
        if not result.ok:
            why = say_message(result.message, QUESTION_BY_FIELD.get(field_name), interview.lang)
            return Turn(
                reply=tr("I couldn't change that: {reason}").format(reason=why),
                recommendation=rec,
            )
        if result.skipped:
            lead = _assumed_line(field_name, interview)
        else:
            lead = tr("Updated: {fact}.").format(fact=_noted_line(field_name, before, interview))
        return self._next(interview, rec, lead)

    # -- after the recommendation -----------------------------------------------------

    def _follow_up(self, interview: Interview, rec: Recommendation | None, text: str) -> Turn:
        if rec is None:
            return self._finish(interview, _tr(interview)(PROFILE_COMPLETE))
        route = intents.route(text)
        if route not in ("what_if", "pilot") and not text.rstrip().endswith("?"):
            # "actually the budget is 5k", "sorry, it's 200k a month, not 20k": a correction
            # changes the saved assessment.
            reading = self._read(interview, text, None)
            if reading.correction and reading.findings:
                return self._take(interview, rec, reading, None)
            change = detect_field_change(text)
            if change is not None:
                return self._change(interview, rec, *change)
        if route != "what_if" and is_japanese(text):
            # The answers look for English words ("top 3", "ChatGPT"); a what-if is read
            # for the facts it changes, which the reader does in Japanese itself.
            text = followup_words(text)
        return self._routes[route](interview, rec, text)

    def _decision(self, interview: Interview, rec: Recommendation, text: str) -> Turn:
        return Turn(reply=followups.decision(rec, _view(rec, interview)), recommendation=rec)

    def _value(self, interview: Interview, rec: Recommendation, text: str) -> Turn:
        return Turn(reply=followups.value(rec, _view(rec, interview)), recommendation=rec)

    def _cost(self, interview: Interview, rec: Recommendation, text: str) -> Turn:
        return Turn(reply=followups.cost(rec, _view(rec, interview)), recommendation=rec)

    def _risks(self, interview: Interview, rec: Recommendation, text: str) -> Turn:
        return Turn(
            reply=followups.risks(_view(rec, interview), followups.top_n(text)),
            recommendation=rec,
        )

    def _pilot(self, interview: Interview, rec: Recommendation, text: str) -> Turn:
        answer = followups.pilot(rec, _view(rec, interview), text)
        if answer is None:
            return self._plan(interview, rec, text)
        return Turn(reply=answer, recommendation=rec)

    def _comparison(self, interview: Interview, rec: Recommendation, text: str) -> Turn:
        own = followups.comparison(_view(rec, interview), rec, interview.known(), text)
        guidance, sources = self._knowledge(text, interview.lang)
        if sources:
            own += "\n\n" + _tr(interview)(FROM_GUIDANCE) + "\n\n" + guidance
        return Turn(reply=own, recommendation=rec, sources=source_refs(sources))

    def _plan(self, interview: Interview, rec: Recommendation, text: str) -> Turn:
        if _names_topic_outside_plan(text):
            return self._knowledge_turn(interview, rec, text)
        answer, sources = self._knowledge(text, interview.lang)
        reply = _plan_text(rec, interview.lang)
        if sources:
            reply += "\n\n" + _tr(interview)(FROM_GUIDANCE) + "\n\n" + answer
        return Turn(reply=reply, recommendation=rec, sources=source_refs(sources))

    def _knowledge_turn(self, interview: Interview, rec: Recommendation, text: str) -> Turn:
        if intents.about_recommendation(text) and len(text.split()) <= 8:
            return Turn(
                reply=present(rec, _currency(interview), interview.lang),
                recommendation=rec,
                lead="",
            )
        answer, sources = self._knowledge(text, interview.lang)
        return Turn(reply=answer, recommendation=rec, sources=source_refs(sources))

    def _what_if(self, interview: Interview, rec: Recommendation, text: str) -> Turn:
        tr = _tr(interview)
        trial = interview.model_copy(deep=True)
        rest = intents.WHAT_IF.sub(" ", text).strip(" ?.!")
        reading = self._read(trial, rest or text, None)
        changes = {f.field: f for f in reading.findings if f.field not in ("use_case",)}
        factor = intents.multiplier(text)
        if not changes and factor is not None:
            target = next(
                (
                    name
                    for name, words in _SCALABLE.items()
                    if any(word in text.lower() for word in words)
                ),
                "monthly_requests",
            )
            current = trial.known().get(target)
            if isinstance(current, int | float) and not isinstance(current, bool):
                scaled = current * factor
                try:
                    trial.set_value(target, round(scaled) if isinstance(current, int) else scaled)
                except ValueError as error:
                    return Turn(
                        reply=tr(CANNOT_APPLY).format(error=error),
                        recommendation=rec,
                    )
                changed = [target]
            else:
                changed = []
        else:
            changed = []
            for finding in changes.values():
                try:
                    trial.record(finding.field, finding.value, currency=finding.currency)
                except ValueError:
                    continue
                changed.append(finding.field)
        if not changed and not changes:
            # "what if all 9,000 went through the bot?": a bare figure is a volume.
            result = parse_answer(QUESTION_BY_FIELD["monthly_requests"], rest or text)
            if result.ok and not result.skipped and isinstance(result.value, int):
                try:
                    trial.set_value("monthly_requests", result.value)
                except ValueError as error:
                    return Turn(
                        reply=tr(CANNOT_APPLY).format(error=error),
                        recommendation=rec,
                    )
                changed = ["monthly_requests"]
        if not changed:
            change = detect_field_change("change " + rest)
            if change is not None and trial.change(*change, self.similarity).ok:
                changed = [change[0]]
        if not changed:
            return Turn(
                reply=tr(WHICH_CHANGE),
                recommendation=rec,
            )
        alternative = self.recommend(trial.to_profile())
        said = tr("; ").join(_fact(name, trial) for name in changed)
        return Turn(
            reply=tr(followups.WHAT_IF_FRAME).format(change=said, first=_fact(changed[0], trial))
            + "\n\n"
            + _changes(rec, alternative, interview, trial),
            recommendation=rec,
        )


# Words that say which figure a "10x" or "twice" scales (the volume when none is named).
_SCALABLE: dict[str, tuple[str, ...]] = {
    "monthly_budget_usd": ("budget",),
    "monthly_active_users": ("users",),
    "input_tokens": ("input", "longer documents", "document length"),
    "labeled_examples": ("examples", "labelled", "labeled"),
    "monthly_requests": ("volume", "requests", "traffic", "load"),
}

CORE_FIRST_ONE = N_(
    "This answer shapes the recommendation, so I need it before I can go ahead with typical "
    "figures for the rest."
)
CORE_FIRST = N_(
    "I need {left} more answers that shape the recommendation (this one first) before I can "
    "go ahead with typical figures for the rest."
)
CANNOT_APPLY = N_("I couldn't apply that what-if: {error}.")
WHICH_CHANGE = N_(
    "I couldn't tell which answer the what-if changes. Name it, for example "
    '"what if the volume were 10k a day?" or "what if we must stay on-premises?"'
)
FROM_GUIDANCE = N_("**From the guidance:**")
UPDATED = N_(" The full recommendation is updated.")

NO_GUIDANCE = N_(
    "I don't have guidance on that: it is outside what the knowledge base covers (adopting "
    "pre-trained models: costs, licences, data, security, deployment, evaluation, regulation "
    "and organisation), so I won't guess."
)

FIELD_LABELS = {name: label(name) for name in QUESTION_BY_FIELD}


def _check(finding: Finding) -> Check:
    """A reading to confirm, kept in the interview until the manager answers."""
    return Check(
        field=finding.field,
        value=finding.value,
        words=finding.words,
        why=finding.check,
        sample_text=finding.sample_text,
        currency=finding.currency,
        factors=list(finding.factors),
    )


def _tr(interview: Interview) -> Translator:
    """The translator for the interview's language (English until one is known)."""
    return translator(interview.lang)


def _currency(interview: Interview) -> str | None:
    value = interview.answers.get("currency")
    return value if isinstance(value, str) else None


def _fact(field_name: str, interview: Interview) -> str:
    lang = interview.lang
    value = interview.known().get(field_name)
    if value is None:
        return label(field_name, lang)
    tr = _tr(interview)
    return tr("{field}: {value}").format(
        field=label(field_name, lang),
        value=describe(field_name, value, _currency(interview), lang),
    )


def _news(interview: Interview, reading: Reading, pending: Question | None) -> list[Finding]:
    """The findings that tell something new: a fact said again as it was recorded ("no,
    it's purely an internal tool" after "internal" earlier) changes nothing and is not said
    back as news, nor does it make a question asked in the same message an answer."""
    return [
        f
        for f in reading.findings
        if f.check
        or (pending is not None and f.field == pending.field)
        or interview.answers.get(f.field) != f.value
        or interview.sources.get(f.field) not in ("stated", "confirmed")
    ]


def _noted_line(field_name: str, before: Value | None, interview: Interview) -> str:
    line = _fact(field_name, interview)
    after = interview.answers.get(field_name)
    if before is not None and before != after:
        was = describe(field_name, before, _currency(interview), interview.lang)
        tr = _tr(interview)
        line += tr(" (was {value})").format(value=was)
    return line


def _understood(
    noted: list[str], reading: Reading, pending: Question | None, tr: Translator
) -> str:
    if not noted:
        return ""
    only_pending = (
        len(noted) == 1
        and pending is not None
        and len(reading.findings) == 1
        and reading.findings[0].field == pending.field
        and not reading.correction
    )
    if only_pending:
        return tr("Got it: {fact}.").format(fact=noted[0])
    if reading.correction and len(noted) == 1:
        return tr("Updated: {fact}.").format(fact=noted[0])
    return (
        tr("Here is what I understood:")
        + "\n"
        + "\n".join(f"- {line}" for line in noted)
        + "\n\n"
        + tr("Correct anything that's wrong.")
    )


def _assumed_line(field_name: str, interview: Interview) -> str:
    lang = interview.lang
    value = interview.known().get(field_name)
    shown = describe(field_name, value, _currency(interview), lang) if value is not None else "?"
    tr = _tr(interview)
    return tr("No problem — I'll assume {field}: {value}.").format(
        field=label(field_name, lang), value=shown
    )


_WHY = {
    "range": N_("the middle of the range you gave"),
    "vague": N_("a rough figure from your words"),
    "similarity": N_("the closest option to what you wrote"),
    "ambiguous": N_("the first of the options you mentioned"),
    "suggested": N_("what your description suggests; it decides which EU rules apply"),
}


def _check_line(check: Check, interview: Interview) -> str:
    lang = interview.lang
    tr = _tr(interview)
    why = tr(_WHY[check.why]) if check.why in _WHY else why_checked(check.why, lang)
    shown = describe(check.field, check.value, check.currency or _currency(interview), lang)
    words = check.words if len(check.words) <= 80 else check.words[:77] + "…"
    question = QUESTION_BY_FIELD[check.field]
    other = tr("tell me which it is") if question.choices else tr("give me the figure")
    if question.kind == "choices":
        none = question.choices[-1].label
        other = tr("name the ones that apply, or say '{none}'").format(
            none=none.lower() if tr.lang == "en" else tr(none)
        )
    facts = {"field": label(check.field, lang), "value": shown, "why": why, "other": other}
    if tr.lang != "en" and not is_japanese(words):
        # The reader's words are the English it read a Japanese message as: said back to a
        # Japanese reader they would be a language the reader never used.
        return tr(
            "Just to check before I note it: I read that as **{field}: {value}** ({why}). "
            "Is that right? Say yes, or {other}."
        ).format(**facts)
    return tr(
        "Just to check before I note it: I read “{words}” as **{field}: {value}** ({why}). "
        "Is that right? Say yes, or {other}."
    ).format(words=words, **facts)


def _title(interview: Interview) -> str | None:
    use_case = interview.answers.get("use_case")
    if not isinstance(use_case, str):
        return None
    words = use_case.split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")


def _view(rec: Recommendation, interview: Interview) -> Presentation:
    """The presentation a follow-up answer is said from, in the interview's language."""
    return followups.view_of(rec, _currency(interview), interview.lang)


def _changes(before: Recommendation, after: Recommendation, was: Interview, now: Interview) -> str:
    """What changes from ``before`` to ``after`` and the one line of ``after``, each
    recommendation presented once (``was`` and ``now`` are the interviews behind them)."""
    shown = _view(after, now)
    return (
        followups.difference(_view(before, was), shown, before, after)
        + "\n\n"
        + followups.summary_line(after, shown)
    )


def _plan_text(rec: Recommendation, lang: str | None = None) -> str:
    tr = translator(lang)
    if tr.lang != "en":
        from assistant.advice.presentation import present as presentation

        view = presentation(rec, lang=tr.lang).plan
        lines = [tr("**Your proof of concept: {weeks} weeks.**").format(weeks=view.weeks), ""]
        lines += [tr("KPIs:")]
        lines += [
            tr("- {kpi}: {target} (measured by {how})").format(
                kpi=k.label, target=k.value, how=k.explanation
            )
            for k in view.kpis
        ]
        lines += ["", tr("Success criteria:")] + [f"- {c}" for c in view.success_criteria]
        lines += ["", tr("Human review: {review}").format(review=view.human_review), ""]
        lines += [tr("Steps:")] + [f"{n}. {s}" for n, s in enumerate(view.steps, 1)]
        return "\n".join(lines)
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
