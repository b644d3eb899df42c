"""Scoring the dialogue against scripted managers (``assistant/evalsets/dialogue/``).

A persona is a manager with an opener, the way they would answer each question, messages
they send unprompted (questions, corrections, asides) and follow-ups after the
recommendation; each message lists the facts it states and the values meant. ``run_persona``
plays one through any ``send`` function (the offline dialogue in unit tests, the
``Conversation`` facade in the benchmark) and counts what a manager would notice: questions
asked for facts already stated, values stored different from what was meant, turns to the
recommendation, and follow-ups answered from the assessment. ``dev`` personas may be tuned
on; ``heldout`` ones are reported beside them and never tuned on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from importlib import resources
from typing import Any

from assistant.advice.wording import APPROACH_NAMES, VERDICT_LABELS
from assistant.conversation.followups import COST_FRAME, PILOT_FRAME, WHAT_IF_FRAME
from assistant.i18n import translator
from assistant.pilot.reading import AGAINST_PLAN
from assistant.questionnaire import QUESTION_BY_FIELD, Interview
from assistant.questionnaire.parsing import FX_TO_USD
from assistant.schemas import Recommendation

# One turn: the message in, (reply text, interview after, recommendation after) out.
Send = Callable[[str], tuple[str, Interview, Recommendation | None]]

MAX_TURNS = 80
ASSESSMENT_ROUTES = ("decision", "cost", "risks", "whatif", "pilot", "comparison", "plan")


def load_personas(split: str) -> list[dict[str, Any]]:
    """The personas of ``split`` ("dev" or "heldout")."""
    base = resources.files("assistant.evalsets") / "dialogue" / f"personas_{split}.json"
    data: list[dict[str, Any]] = json.loads(base.read_text(encoding="utf-8"))
    return data


def load_messages(split: str) -> list[dict[str, Any]]:
    """The single mixed messages of ``split`` with the facts each states."""
    base = resources.files("assistant.evalsets") / "dialogue" / f"extraction_{split}.jsonl"
    return [json.loads(line) for line in base.read_text(encoding="utf-8").splitlines() if line]


def meant_matches(field_name: str, stored: object, meant: object) -> bool:
    """Whether a stored value is the value the manager meant (2% slack on sizes and
    volumes, where the conversion rules round)."""
    if meant == "*":
        return isinstance(stored, str) and bool(stored.strip())
    if isinstance(meant, list):
        return any(meant_matches(field_name, stored, m) for m in meant)
    if isinstance(meant, dict):  # money in another currency
        rate = FX_TO_USD.get(str(meant.get("currency")), None)
        if rate is None or not isinstance(stored, int | float):
            return False
        meant = float(Fraction(str(meant["amount"])) * rate)
    if isinstance(meant, bool) or isinstance(stored, bool):
        return stored is meant
    if isinstance(meant, int | float) and isinstance(stored, int | float):
        return abs(float(stored) - float(meant)) <= max(1.0, 0.02 * abs(float(meant)))
    return stored == meant


@dataclass
class PersonaResult:
    name: str
    turns_to_recommendation: int | None = None
    minimum_turns: int = 0
    stated_facts: int = 0
    reasked: list[str] = field(default_factory=list)
    misread: list[str] = field(default_factory=list)
    not_understood: int = 0
    unneeded_checks: int = 0
    followups: int = 0
    followups_from_assessment: int = 0
    followups_missed: list[str] = field(default_factory=list)
    verdict_ok: bool | None = None
    approach_ok: bool | None = None


def _answered_from_assessment(
    route: str, reply: str, rec: Recommendation, lang: str | None = "en"
) -> bool:
    """Whether a follow-up reply carries the assessment's own answer for its route: its
    verdict, first risk, approach or first KPI as the assessment's language says it (some
    follow-ups still answer in English, so the English wording counts too)."""
    text = reply.lower()
    tr = translator(lang)

    def says(label: str) -> bool:
        return label.lower() in text or tr(label).lower() in text

    if route == "decision":
        return says(VERDICT_LABELS[rec.verdict])

    def framed(message: str) -> bool:
        # The fixed words of a reply's frame, as the catalogue says them: its longest part
        # between placeholders.
        parts = re.split(r"\{\w+\}", tr(message).lower())
        return max((p.strip(" *:.。") for p in parts), key=len) in text

    if route == "cost":
        return framed(COST_FRAME)
    if route == "risks":
        return bool(rec.risks) and says(rec.risks[0].title)
    if route == "whatif":
        return framed(WHAT_IF_FRAME)
    if route == "pilot":
        # Answered by the follow-up, or logged by the pilot tracker against the plan.
        return framed(PILOT_FRAME) or framed(AGAINST_PLAN)
    if route == "comparison":
        return says(APPROACH_NAMES[rec.approach])
    if route == "plan":
        return says(rec.poc_plan.kpis[0].name)
    return True


class DialogueSession:
    """One interview held in memory and played through the offline dialogue, the way the
    ``Conversation`` facade holds it in the session store."""

    def __init__(self, dialogue: Any) -> None:
        self.dialogue = dialogue
        self.interview = Interview()
        self.recommendation: Recommendation | None = None
        self.replies: list[str] = []

    def send(self, text: str) -> tuple[str, Interview, Recommendation | None]:
        turn = self.dialogue.handle(self.interview, self.recommendation, text)
        self.recommendation = turn.recommendation
        self.replies.append(turn.reply)
        return turn.reply, self.interview, self.recommendation


def facade_sender(conversation: Any, session: str, sent: list[str] | None = None) -> Send:
    """``Send`` over the ``Conversation`` facade: every turn is stored and reloaded from
    the session store, as in the web app and ``chat``. ``sent`` collects the messages."""

    def send(text: str) -> tuple[str, Interview, Recommendation | None]:
        if sent is not None:
            sent.append(text)
        reply = conversation.respond(session, text)
        interview = Interview.model_validate(conversation.store.get(session).interview)
        return reply.reply, interview, conversation.recommendation(session)

    return send


GO_AHEAD = "go ahead"


def run_persona(
    persona: Mapping[str, Any], send: Send, *, accept_shortcut: bool = False
) -> PersonaResult:
    """Play ``persona`` through ``send`` and score it. With ``accept_shortcut`` the manager
    takes the offer to go ahead with typical figures as soon as it is made (a manager in a
    hurry); otherwise every question is answered."""
    result = PersonaResult(persona["name"])
    meant: dict[str, object] = {}
    answers: Mapping[str, Any] = persona["answers"]
    interjections = sorted(persona.get("interjections", []), key=lambda i: i["after_questions"])
    opener_states: Mapping[str, Any] = persona["opener"]["states"]

    def say(text: str, states: Mapping[str, Any]) -> tuple[str, Interview, Recommendation | None]:
        out = send(text)
        meant.update(states)
        return out

    reply, interview, rec = say(persona["opener"]["text"], opener_states)
    turns = 1
    asked = 0
    last_field: str | None = None
    same_field_asks = 0
    stated_before_asked: set[str] = set(opener_states)
    while rec is None and turns < MAX_TURNS:
        if accept_shortcut and interview.can_finish_early():
            reply, interview, rec = say(GO_AHEAD, {})
            turns += 1
            continue
        if interview.checks:
            check = interview.checks[0]
            answer = answers.get(check.field, {})
            if answer.get("confirm") and check.field in answer.get("states", {}):
                text, states = answer.get("confirm_reply", "yes"), answer["states"]
            elif check.field in meant and meant_matches(
                check.field, check.value, meant[check.field]
            ):
                result.unneeded_checks += 1
                text, states = "yes", {}
            else:
                text, states = "no", {}
            reply, interview, rec = say(text, states)
            turns += 1
            continue
        question = interview.next_question()
        if question is None:
            break
        field_name = question.field
        same_field_asks = same_field_asks + 1 if field_name == last_field else 1
        if same_field_asks > 4:
            break  # stuck on a question the persona cannot get past
        if same_field_asks == 1:
            asked += 1
            if field_name in meant:
                result.reasked.append(field_name)
        else:
            result.not_understood += 1
        last_field = field_name
        if interjections and interjections[0]["after_questions"] <= asked:
            item = interjections.pop(0)
            stated_before_asked.update(item.get("states", {}))
            reply, interview, rec = say(item["text"], item.get("states", {}))
            turns += 1
            last_field = None  # the question comes again: not a re-ask
            asked -= 1
            continue
        answer = answers.get(field_name, {"text": "skip", "states": {}})
        text = answer["text"] if same_field_asks < 3 else "skip"
        reply, interview, rec = say(text, answer.get("states", {}) if same_field_asks < 3 else {})
        turns += 1
    result.turns_to_recommendation = turns if rec is not None else None
    applicable = [q for q in interview.questions() if q.field not in opener_states]
    confirms = sum(1 for q in applicable if answers.get(q.field, {}).get("confirm"))
    result.minimum_turns = 1 + len(applicable) + confirms + len(persona.get("interjections", []))
    result.stated_facts = len(stated_before_asked) + len(
        [f for f in meant if f not in stated_before_asked]
    )
    stored = {**interview.assumed, **interview.answers}
    for name, value in meant.items():
        if name not in QUESTION_BY_FIELD:
            continue
        if name not in interview.answers:
            if name in interview.assumed or name not in stored:
                result.misread.append(f"{name}: meant {value!r}, not stored")
            continue
        if not meant_matches(name, interview.answers[name], value):
            result.misread.append(f"{name}: meant {value!r}, stored {interview.answers[name]!r}")
    if rec is None:
        return result
    expect = persona.get("expect", {})
    if "verdict" in expect:
        result.verdict_ok = rec.verdict in expect["verdict"]
    if "approach" in expect:
        result.approach_ok = rec.approach in expect["approach"]
    saved = rec
    for item in persona.get("followups", []):
        route = item["route"]
        reply, interview, after = send(item["text"])
        if route in ASSESSMENT_ROUTES:
            result.followups += 1
            if _answered_from_assessment(route, reply, saved, interview.lang):
                result.followups_from_assessment += 1
            else:
                result.followups_missed.append(f"{route}: {item['text']}")
        if after is not None:
            saved = after
    return result


@dataclass
class Summary:
    personas: int
    stated_facts: int
    reasked: int
    misread: int
    not_understood: int
    unneeded_checks: int
    followups: int
    followups_from_assessment: int
    median_turns: float
    median_minimum_turns: float
    verdicts_ok: int
    approaches_ok: int

    @property
    def reasked_share(self) -> float:
        return self.reasked / self.stated_facts if self.stated_facts else 0.0

    def as_dict(self) -> dict[str, float | int]:
        data: dict[str, float | int] = dict(self.__dict__)
        data["reasked_share"] = round(self.reasked_share, 3)
        return data


def summarise(results: list[PersonaResult]) -> Summary:
    def median(values: list[int]) -> float:
        ordered = sorted(values)
        if not ordered:
            return 0.0
        mid = len(ordered) // 2
        return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2

    return Summary(
        personas=len(results),
        stated_facts=sum(r.stated_facts for r in results),
        reasked=sum(len(r.reasked) for r in results),
        misread=sum(len(r.misread) for r in results),
        not_understood=sum(r.not_understood for r in results),
        unneeded_checks=sum(r.unneeded_checks for r in results),
        followups=sum(r.followups for r in results),
        followups_from_assessment=sum(r.followups_from_assessment for r in results),
        median_turns=median([r.turns_to_recommendation or MAX_TURNS for r in results]),
        median_minimum_turns=median([r.minimum_turns for r in results]),
        verdicts_ok=sum(1 for r in results if r.verdict_ok),
        approaches_ok=sum(1 for r in results if r.approach_ok),
    )


@dataclass
class MessageScore:
    """How the reader did on single mixed messages."""

    messages: int = 0
    facts: int = 0
    read_right: int = 0
    misread: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)  # should have been confirmed
    unreadable_ok: int = 0
    unreadable: int = 0


def score_messages(items: list[dict[str, Any]], read: Callable[..., Any]) -> MessageScore:
    """Score ``read(text, pending_question)`` (a ``reading.read_message`` bound to its
    context) on the mixed messages: every fact found with the value meant, nothing else
    stored, estimates confirmed, foreign-language messages left unread."""
    score = MessageScore()
    for item in items:
        score.messages += 1
        pending = QUESTION_BY_FIELD.get(item["pending"]) if item.get("pending") else None
        if pending is None and "use_case" in item["states"]:
            pending = QUESTION_BY_FIELD["use_case"]  # an opener answers the first question
        reading = read(item["text"], pending)
        found = reading.by_field()
        if item.get("unreadable"):
            score.unreadable += 1
            if not found:
                score.unreadable_ok += 1
            else:
                score.spurious.append(f"{item['text']!r}: read {sorted(found)}")
            continue
        states: Mapping[str, Any] = item["states"]
        for name, meant in states.items():
            score.facts += 1
            finding = found.get(name)
            if finding is None:
                if not (name == "use_case" and pending is None):
                    score.missed.append(f"{name} in {item['text']!r}")
                continue
            if meant_matches(name, finding.value, meant):
                score.read_right += 1
                if item.get("confirm") and not finding.check:
                    score.unchecked.append(f"{name} in {item['text']!r}")
            else:
                score.misread.append(f"{name}: {finding.value!r} for {meant!r} in {item['text']!r}")
        for name, finding in found.items():
            if name not in states and name not in ("use_case", "task_type") and not finding.check:
                score.spurious.append(f"{name}={finding.value!r} in {item['text']!r}")
    return score
