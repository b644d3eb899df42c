"""The conversation facade: ``respond(session_id, message)``. The web app and the terminal
chat call only this.

Each turn loads the session, lets the dialogue (the LLM agent when one is configured,
else the offline manager) produce a reply, and saves the messages and the new state in
one transaction. A model failure falls back to the offline answer with a notice, and the
turn is kept.

A turn is saved only onto the version of the session it read (see
``assistant.conversation.store``): when another process saved a turn of the same session
meanwhile, the turn is redone on the new state, so neither process's answers are lost.
Within one process a lock per session keeps turns from colliding at all. Every message,
edit, rename and new session passes ``assistant.conversation.limits`` first.

Every method acts as one user (:meth:`Conversation.as_user`; the local user by default,
which owns every session when sign-in is off) and loads sessions only through
``assistant.conversation.access``: one the user may not read is "not found".
"""

from __future__ import annotations

import copy
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from assistant.conversation import access
from assistant.conversation.access import LOCAL_USER, AccessDenied, User
from assistant.conversation.limits import LimitExceeded, Limits
from assistant.conversation.offline import OfflineDialogue, Turn, present
from assistant.conversation.replies import (
    ChoiceInfo,
    PendingQuestion,
    Progress,
    Reply,
    ReplySource,
)
from assistant.conversation.store import (
    SessionNotFound,
    SessionRecord,
    SessionStore,
    VersionConflict,
    valid_session_id,
)
from assistant.i18n import LANGS, Lang, translator
from assistant.pilot.service import NoPlanYet, Pilot, chat_turn
from assistant.questionnaire import QUESTION_BY_FIELD, Interview, Question
from assistant.questionnaire.japanese import is_japanese
from assistant.questionnaire.wording import localized
from assistant.schemas import Profile, Recommendation

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.conversation.agent import LlmDialogue

# How long a turn keeps redoing itself while other processes keep saving the same session
# first; past it the turn is refused (nothing stored) and the person sends it again.
CONFLICT_PATIENCE_SECONDS = 30.0
# The unit a form's bare number is sent in ("60,000 requests per month"), phrased so the
# answer parser reads it exactly.
NUMBER_UNITS = {
    "monthly_requests": "requests per month",
    "monthly_budget_usd": "USD per month",
    "labeled_examples": "examples",
    "monthly_active_users": "users per month",
    "timeline_weeks": "weeks",
}
SESSION_ID_HELP = "3-64 characters: lowercase letters, digits, '-' and '_'"


class InvalidSessionId(ValueError):
    def __init__(self, value: str) -> None:
        super().__init__(f"session id {value[:40]!r} is not valid: use {SESSION_ID_HELP}")


class SessionBusy(RuntimeError):
    """Other processes kept saving this session for the whole time a turn was redone."""

    def __init__(self, session_id: str) -> None:
        super().__init__(
            f"assessment {session_id!r} is being changed elsewhere right now; nothing was "
            "stored: send it again in a moment"
        )


@dataclass
class _Work:
    """What a turn would save: its messages, and the turn and reply it produced."""

    messages: list[tuple[str, str, dict[str, Any]]]
    turn: Turn
    reply: Reply


def pending_question(interview: Interview) -> PendingQuestion | None:
    """The question waiting for an answer, worded in the interview's language."""
    question: Question | None = interview.next_question()
    if question is None:
        return None
    said = localized(question, interview.lang)
    return PendingQuestion(
        field=question.field,
        prompt=said.prompt,
        options=question.options(),
        help=said.help,
        kind=question.kind,
        choices=[
            ChoiceInfo(value=c.value, label=c.label, description=c.description)
            for c in said.choices
        ]
        or None,
        unit_hint=said.unit_hint or None,
        required=question.required,
        number_unit=NUMBER_UNITS.get(question.field),
    )


class Conversation:
    """Sessions and turns for one configuration."""

    def __init__(
        self,
        settings: Settings,
        store: SessionStore,
        offline: OfflineDialogue,
        llm: LlmDialogue | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.settings = settings
        self.store = store
        self.offline = offline
        self.llm = llm
        self.clock = clock
        # Read through the attribute, so a clock set on the conversation (tests) applies.
        self.limits = Limits(settings, store, lambda: self.clock())
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()
        # Who is asking; the web app and the CLI get a copy bound to theirs (as_user).
        self.user: User = LOCAL_USER
        # The pilot results of each assessment, in the same database (assistant.pilot).
        self.pilot = Pilot(store)

    def as_user(self, user: User) -> Conversation:
        """This conversation acting as ``user``: the same store, dialogue and per-session
        locks (shared, so one process's turns still never collide), their access."""
        bound = copy.copy(self)
        bound.user = user
        bound.pilot = self.pilot.as_user(user)
        return bound

    def _check(self, session_id: str, need: access.Level = "read") -> SessionRecord:
        return access.check(self.store, self.user, session_id, need)

    @property
    def mode(self) -> Literal["offline", "llm"]:
        return "llm" if self.llm is not None else "offline"

    def _lock(self, session_id: str) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(session_id, threading.Lock())

    # -- sessions ----------------------------------------------------------------------

    def start(
        self, session_id: str | None = None, client: str | None = None, lang: str | None = None
    ) -> Reply:
        """Open a session (a new one, or the one with this id, created if unknown) and
        return its current state; a new session opens with the greeting. ``client`` is
        who is asking (see ``limits``): creating counts against its allowance. ``lang``
        ("en" or "ja") is the language chosen for it; without one, a new session takes the
        language of its first message, and an existing one keeps its own."""
        if session_id is not None and not valid_session_id(session_id):
            raise InvalidSessionId(session_id)
        chosen = _chosen(lang)
        if session_id is not None and self.store.exists(session_id):
            if (
                chosen is not None
                and self.language(session_id) != chosen
                and self.access_level(session_id) != "read"  # read-only: shown as it is
            ):
                return self.set_language(session_id, chosen, client)
            return self.state(session_id)  # not found unless this user may read it
        self.limits.new_session(client)
        # Stored with no language until one is chosen or the first message shows it.
        interview = Interview(lang=chosen)
        greeting = self.offline.greeting(interview)
        record = self.store.create(
            interview.model_dump(mode="json"),
            session_id=session_id,
            messages=[("assistant", greeting, {})],
            client=client,
            owner=self.user.id,
        )
        if record is None:  # another process created this id just now: open its session
            return self.state(str(session_id))
        return self._reply(record.id, greeting, interview, None)

    def language(self, session_id: str) -> Lang:
        """The language the assessment is held in (English until one is known)."""
        lang = Interview.model_validate(self._check(session_id).interview).lang
        return lang or "en"

    def set_language(self, session_id: str, lang: str, client: str | None = None) -> Reply:
        """Hold the assessment in ``lang`` from now on ("en" or "ja"): the assistant says
        so and asks the waiting question again in it."""
        chosen = _chosen(lang)
        if chosen is None:
            raise ValueError(f"language {lang[:20]!r}: use {' or '.join(LANGS)}")

        def work(interview: Interview, rec: Recommendation | None) -> _Work:
            spoken = any(m.role == "user" for m in self.store.messages(session_id))
            interview.lang = chosen
            text = _lang_switched(interview, self.offline, spoken)
            turn = Turn(reply=text, recommendation=rec)
            return _Work(
                [("assistant", text, {})],
                turn,
                self._reply(session_id, text, interview, rec),
            )

        with self._lock(session_id):
            return self._commit(session_id, client, work)

    def _load(self, session_id: str) -> tuple[Interview, Recommendation | None]:
        return _parse(self._check(session_id))

    def state(self, session_id: str) -> Reply:
        """The session as it stands: the last assistant message, the pending question."""
        interview, rec = self._load(session_id)
        last = next(
            (m for m in reversed(self.store.messages(session_id)) if m.role == "assistant"), None
        )
        return self._reply(session_id, last.content if last else "", interview, rec)

    def history(self, session_id: str) -> list[dict[str, Any]]:
        self._check(session_id)  # raises for an unknown session, or one not this user's
        return [m.model_dump() for m in self.store.messages(session_id)]

    def title(self, session_id: str) -> str:
        return self._check(session_id).title

    def access_level(self, session_id: str) -> access.Level:
        """What this user may do with the session: 'read', 'write' or 'own'."""
        return access.level(self.store, self.user, session_id)

    def records(self) -> list[SessionRecord]:
        """The sessions this user may read, newest first (the portfolio's input)."""
        return [record for record, _ in access.visible(self.store, self.user)]

    def sessions(self) -> list[dict[str, Any]]:
        out = []
        for record, level in access.visible(self.store, self.user):
            interview = Interview.model_validate(record.interview)
            answered, total = interview.progress()
            out.append(
                {
                    "id": record.id,
                    "title": record.title,
                    "created_at": record.created_at,
                    "updated_at": record.updated_at,
                    "answered": answered,
                    "total": total,
                    "verdict": (record.recommendation or {}).get("verdict"),
                    "owner": record.owner,
                    "access": level,
                }
            )
        return out

    def rename(self, session_id: str, title: str, client: str | None = None) -> None:
        self._check(session_id, "own")
        self.limits.name(title)
        self.limits.client_rate(client)
        self.store.rename(session_id, title, client)

    def delete(self, session_id: str) -> None:
        self._check(session_id, "own")
        self.store.delete(session_id)

    def shares(self, session_id: str) -> dict[str, str]:
        """Who the session is shared with (user id -> 'read' or 'write'); owner only."""
        self._check(session_id, "own")
        return self.store.shares(session_id)

    def share(self, session_id: str, colleague: str, level: str) -> str:
        """Share with a colleague (an e-mail address) to 'read' or 'write'; returns the
        id as stored. Only the owner (or an admin) may share."""
        record = self._check(session_id, "own")
        if level not in access.SHARE_LEVELS:
            raise ValueError(f"share level {level!r}: use 'read' or 'write'")
        uid = access.user_id(colleague)
        if uid == record.owner:
            raise ValueError(f"{uid} owns this assessment already")
        self.store.share(session_id, uid, level)
        return uid

    def unshare(self, session_id: str, colleague: str) -> None:
        self._check(session_id, "own")
        uid = colleague.strip().lower()
        if not self.store.unshare(session_id, uid):
            raise ValueError(f"this assessment is not shared with {uid[:80]!r}")

    def export(self, session_id: str, fmt: Literal["json", "md"] = "json") -> str:
        record = self._check(session_id)
        messages = self.store.messages(session_id)
        if fmt == "json":
            return json.dumps(
                {
                    "session": record.model_dump(),
                    "messages": [m.model_dump() for m in messages],
                    # What the team's pilot measured, judged, with the decision.
                    "pilot": self.pilot.status(session_id).as_json()
                    if record.recommendation
                    else None,
                },
                indent=2,
                ensure_ascii=False,
            )
        lines = [
            f"# {record.title}",
            "",
            f"Session `{record.id}`, started {record.created_at}.",
            "",
        ]
        for message in messages:
            who = "You" if message.role == "user" else "Advisor"
            lines += [f"**{who}:**", "", message.content, ""]
        if record.recommendation:
            from assistant.advice.presentation import present
            from assistant.advice.report import markdown_report

            rec = Recommendation.model_validate(record.recommendation)
            view = present(
                rec,
                self.profile(session_id),  # the inputs and assumptions, in the manager's money
                title=record.title,
                pilot=self.pilot.view_of(session_id),
                lang=self.language(session_id),
            )
            lines += ["---", "", markdown_report(view)]
        return "\n".join(lines)

    def profile(self, session_id: str) -> Profile | None:
        """The profile from the answers so far; None until use case and task are known."""
        interview = Interview.model_validate(self._check(session_id).interview)
        try:
            return interview.to_profile()
        except ValueError:
            return None

    def recommendation(self, session_id: str) -> Recommendation | None:
        record = self._check(session_id)
        return (
            Recommendation.model_validate(record.recommendation) if record.recommendation else None
        )

    def profile_fields(self, session_id: str) -> dict[str, Any]:
        """What the profile holds so far: answers and assumed values, by field."""
        interview = Interview.model_validate(self._check(session_id).interview)
        return {"answers": dict(interview.answers), "assumed": dict(interview.assumed)}

    # -- turns -------------------------------------------------------------------------

    def respond(
        self,
        session_id: str,
        message: str,
        client: str | None = None,
        on_text: Callable[[str], None] | None = None,
        lang: str | None = None,
    ) -> Reply:
        """Answer one message in a session (created if it does not exist yet). A message
        past a limit is answered with the refusal and not stored; a new session past the
        client's allowance raises :class:`LimitExceeded`. In LLM mode ``on_text`` gets the
        model's words so far (inert Markdown) as they stream in, from another thread; the
        Reply holds the final text. ``lang`` is the language chosen for a session this
        creates (see :meth:`start`)."""
        if not valid_session_id(session_id):
            raise InvalidSessionId(session_id)
        if self.store.exists(session_id):  # someone else's: not found, or read-only
            self._check(session_id, "write")
        pilot_turn = chat_turn(self.pilot, session_id, message)  # pilot results are logged

        def work(interview: Interview, rec: Recommendation | None) -> _Work | Reply:
            pending = interview.next_question()
            try:
                self.limits.message(
                    session_id,
                    client,
                    message,
                    sample=pending is not None and pending.kind == "tokens",
                )
            except LimitExceeded as refusal:  # nothing stored: the message was not accepted
                return self._reply(session_id, str(refusal), interview, rec)
            if interview.lang is None:  # not chosen: the first message shows it
                interview.lang = detect_lang(message)
            turn, notice = pilot_turn(interview, rec) or self._turn(
                session_id, interview, rec, message, on_text
            )
            payload: dict[str, Any] = {
                "sources": [s.model_dump() for s in turn.sources],
                **({"notice": notice} if notice else {}),
                **_presenting(turn),
            }
            return _Work(
                [("user", message.strip(), {}), ("assistant", turn.reply, payload)],
                turn,
                self._reply(
                    session_id, turn.reply, interview, turn.recommendation, turn.sources, notice
                ).model_copy(update=_presenting(turn)),
            )

        with self._lock(session_id):
            if not self.store.exists(session_id):
                self.start(session_id, client, lang)
            return self._commit(session_id, client, work)

    def edit_answer(
        self, session_id: str, field: str, text: str, client: str | None = None
    ) -> Reply:
        """Change one answer from a form (the web app's profile editor). It passes the
        same limits as a message; a refusal raises :class:`LimitExceeded`."""
        question = QUESTION_BY_FIELD.get(field)

        def work(interview: Interview, rec: Recommendation | None) -> _Work:
            sample = question is not None and question.kind == "tokens"
            self.limits.message(session_id, client, text, what="answer", sample=sample)
            turn = self.offline.change(interview, rec, field, text)
            return _Work(
                [
                    ("user", _edit_message(field, text), {}),
                    ("assistant", turn.reply, _presenting(turn)),
                ],
                turn,
                self._reply(session_id, turn.reply, interview, turn.recommendation).model_copy(
                    update=_presenting(turn)
                ),
            )

        with self._lock(session_id):
            return self._commit(session_id, client, work)

    def _commit(
        self,
        session_id: str,
        client: str | None,
        work: Callable[[Interview, Recommendation | None], _Work | Reply],
    ) -> Reply:
        """Read the session, do the turn's ``work`` on it and save the result onto the
        version read; if another process saved first, redo it all on the new state (the
        limits are checked again too). A Reply from ``work`` is a refusal: nothing saved.
        """
        deadline = time.monotonic() + CONFLICT_PATIENCE_SECONDS
        attempt = 0
        while True:
            record = self._check(session_id, "write")
            interview, rec = _parse(record)
            done = work(interview, rec)
            if isinstance(done, Reply):
                return done
            try:
                self.store.save_turn(
                    session_id,
                    done.messages,
                    interview.model_dump(mode="json"),
                    done.turn.recommendation.model_dump(mode="json")
                    if done.turn.recommendation
                    else None,
                    title=done.turn.title,
                    expected_version=record.version,
                    client=client,
                )
            except VersionConflict:
                attempt += 1
                if time.monotonic() > deadline:
                    raise SessionBusy(session_id) from None
                # A random pause, growing with each miss, so two processes that collided
                # do not collide again in step.
                time.sleep(random.uniform(0, min(0.2, 0.005 * 2**attempt)))
                continue
            return done.reply

    def _turn(
        self,
        session_id: str,
        interview: Interview,
        rec: Recommendation | None,
        message: str,
        on_text: Callable[[str], None] | None = None,
    ) -> tuple[Turn, str | None]:
        if self.llm is None:
            return self.offline.handle(interview, rec, message), None
        # The agent works on a copy: a model that fails or times out half way (its thread
        # may still be running) never leaves half an answer in the session.
        trial = interview.model_copy(deep=True)
        try:
            turn = self.llm.handle(session_id, trial, rec, message, on_text)
            for name in Interview.model_fields:  # the agent's turn, with all its state
                setattr(interview, name, getattr(trial, name))
            return turn, None
        except Exception as exc:  # any model failure: answer offline, keep the turn
            notice = (
                f"The language model did not answer ({type(exc).__name__}); this is the "
                "offline answer."
            )
            return self.offline.handle(interview, rec, message), notice

    def _reply(
        self,
        session_id: str,
        text: str,
        interview: Interview,
        rec: Recommendation | None,
        sources: list[ReplySource] | None = None,
        notice: str | None = None,
    ) -> Reply:
        answered, total = interview.progress()
        return Reply(
            session=session_id,
            reply=text,
            question=pending_question(interview),
            progress=Progress(answered=answered, total=total),
            recommendation=rec,
            sources=sources or [],
            mode=self.mode,
            notice=notice,
            profile=interview.provenance(),
            pilot=self._pilot_json(session_id, rec),
            lang=interview.lang or "en",
        )

    def _pilot_json(self, session_id: str, rec: Recommendation | None) -> dict[str, Any] | None:
        """The pilot status (CONTRACT, "The pilot") once the team has logged anything."""
        if rec is None or not self.store.exists(session_id):
            return None
        if not self.pilot.store.list(session_id):
            return None  # nothing logged (also while the first recommendation is unsaved)
        try:
            return self.pilot.status(session_id).as_json()
        except NoPlanYet:
            return None


def _chosen(lang: str | None) -> Lang | None:
    """A language choice as stored: None for no choice; anything unknown is refused."""
    if lang is None or lang == "":
        return None
    if lang not in LANGS:
        raise ValueError(f"language {lang[:20]!r}: use {' or '.join(LANGS)}")
    return "ja" if lang == "ja" else "en"


def _parse(record: SessionRecord) -> tuple[Interview, Recommendation | None]:
    rec = Recommendation.model_validate(record.recommendation) if record.recommendation else None
    return Interview.model_validate(record.interview), rec


def _presenting(turn: Turn) -> dict[str, Any]:
    """A reply that presents the recommendation says so (in the stored message's payload
    and in the Reply), with what it says before the presentation."""
    if turn.lead is None:
        return {}
    return {"presents_recommendation": True, "lead": turn.lead}


def detect_lang(message: str) -> Lang:
    """The language of an assessment whose language was not chosen, from its first
    message: Japanese when that is written in Japanese, else English."""
    return "ja" if is_japanese(message) else "en"


def _lang_switched(interview: Interview, offline: OfflineDialogue, spoken: bool) -> str:
    """What the assistant says when the language of an assessment is changed: the
    greeting again while the manager has said nothing (``spoken``), else the question
    waiting, in that language."""
    if not spoken:
        return offline.greeting(interview)
    tr = translator(interview.lang)
    said = tr("I'll continue in English.")
    prompt = offline.next_prompt(interview)
    return f"{said}\n\n{prompt}" if prompt else said


def _edit_message(field: str, text: str) -> str:
    return f"Change {field.replace('_', ' ')} to: {text}"


__all__ = [
    "AccessDenied",
    "Conversation",
    "InvalidSessionId",
    "LimitExceeded",
    "SessionBusy",
    "SessionNotFound",
    "pending_question",
    "present",
]
