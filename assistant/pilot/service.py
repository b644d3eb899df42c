"""The pilot of one assessment: log, correct and remove measurements, and its status.

The conversation facade (``Conversation.pilot``) holds one of these; the CLI, the chat and
the web app all log through it, so a figure is checked and stored the same way whichever
way it came in. Each call acts as one user (``as_user``) and loads the session through
``assistant.conversation.access``: reading the status needs read access, logging and
removing needs write access (the owner, or a colleague it is shared with to write).
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from assistant.advice.presentation import PilotView
from assistant.conversation import access, intents
from assistant.conversation.access import LOCAL_USER, User
from assistant.conversation.offline import Turn
from assistant.conversation.store import SessionStore
from assistant.i18n import translator
from assistant.pilot.decision import PilotStatus, assess
from assistant.pilot.measurements import (
    Measurement,
    PilotInputError,
    build_measurement,
    cost_measurement,
)
from assistant.pilot.reading import Report, answer, read_report
from assistant.pilot.store import PilotStore
from assistant.questionnaire import Interview
from assistant.questionnaire.japanese import followup_words, is_japanese
from assistant.schemas import Recommendation


class NoPlanYet(PilotInputError):
    """The assessment has no recommendation, so no plan to judge a pilot against."""

    def __init__(self, session_id: str) -> None:
        super().__init__(
            f"assessment {session_id!r} has no recommendation yet: finish its interview "
            "first (a pilot is judged against the recommendation's plan)"
        )


class Pilot:
    def __init__(self, sessions: SessionStore) -> None:
        self.sessions = sessions
        self.store = PilotStore(sessions)
        self.user: User = LOCAL_USER

    def as_user(self, user: User) -> Pilot:
        bound = copy.copy(self)
        bound.user = user
        return bound

    def _plan(
        self, session_id: str, need: access.Level = "read"
    ) -> tuple[Recommendation, int | None, str | None]:
        """The assessment's recommendation, its monthly volume and its language."""
        # SessionNotFound for an unknown id or one this user may not read.
        record = access.check(self.sessions, self.user, session_id, need)
        if not record.recommendation:
            raise NoPlanYet(session_id)
        rec = Recommendation.model_validate(record.recommendation)
        try:
            interview = Interview.model_validate(record.interview)
            profile = interview.to_profile(include_assumed=True)
        except ValueError:
            return rec, None, None
        return rec, profile.monthly_requests, interview.lang

    def status(self, session_id: str) -> PilotStatus:
        rec, volume, lang = self._plan(session_id)
        return assess(session_id, rec, self.store.list(session_id), volume, lang)

    def view_of(self, session_id: str) -> PilotView | None:
        """The pilot as the card and the reports show it, or None when nothing is logged
        or the assessment has no plan yet."""
        access.check(self.sessions, self.user, session_id, "read")
        if not self.store.list(session_id):
            return None
        try:
            return self.status(session_id).view()
        except NoPlanYet:
            return None

    def decision_of(self, session_id: str) -> str | None:
        """The pilot's decision ("scale", "iterate", ...), or None when nothing is logged
        or the assessment has no plan yet (the portfolio's column)."""
        access.check(self.sessions, self.user, session_id, "read")
        if not self.store.list(session_id):
            return None
        try:
            return self.status(session_id).decision.id
        except NoPlanYet:
            return None

    def log(
        self,
        session_id: str,
        kpi: str,
        value: str | float,
        baseline: str | float | None = None,
        n: str | int | None = None,
        period: str | None = None,
        note: str | None = None,
    ) -> tuple[Measurement, PilotStatus]:
        """Check and store one measurement; raises PilotInputError naming what is wrong
        (nothing is stored then)."""
        rec, _, _ = self._plan(session_id, "write")
        measurement = build_measurement(rec.poc_plan.kpis, kpi, value, baseline, n, period, note)
        (stored,) = self.store.add(session_id, [measurement])
        return stored, self.status(session_id)

    def log_cost(
        self,
        session_id: str,
        spent_usd: str | float,
        requests: str | int,
        period: str | None = None,
    ) -> tuple[Measurement, PilotStatus]:
        """What the pilot cost and how many requests it served, as a cost per task."""
        rec, _, _ = self._plan(session_id, "write")
        measurement = cost_measurement(rec.poc_plan.kpis, spent_usd, requests, period)
        (stored,) = self.store.add(session_id, [measurement])
        return stored, self.status(session_id)

    def remove(self, session_id: str, measurement_id: int) -> PilotStatus:
        self._plan(session_id, "write")
        self.store.remove(session_id, measurement_id)
        return self.status(session_id)

    def from_chat(self, session_id: str, rec: Recommendation, text: str) -> str | None:
        """Log what a chat message reports and answer with the judgement; ``None`` when it
        reports nothing the plan measures (the dialogue answers it then)."""
        _, _, lang = self._plan(session_id, "write")  # the assessment's language, guarded
        tr = translator(lang)
        # A Japanese report is read with its words put in English (「採用率62%」 is
        # "accepted 62%"), as the follow-up routes read it.
        report: Report = read_report(rec, followup_words(text) if is_japanese(text) else text)
        if report.error is not None:
            return tr(
                "I couldn't log that: {error}. Nothing was stored; send the figures again."
            ).format(error=report.error)
        if not report.measurements:
            return None
        logged = self.store.add(session_id, report.measurements)
        return answer(report, logged, self.status(session_id))


ChatTurn = Callable[[Interview, Recommendation | None], "tuple[Turn, None] | None"]


def chat_turn(pilot: Pilot, session_id: str, message: str) -> ChatTurn:
    """The pilot's answer to one chat message, for the facade's turn: after the
    recommendation, a message the follow-up routes read as pilot results is logged against
    the plan and answered with the judgement; anything else gives ``None`` (the dialogue
    answers). The figures are stored once even when the facade redoes the turn on a newer
    state of the session (another process saved first): the first answer is kept."""
    answered: list[tuple[Turn, None]] = []

    def turn(interview: Interview, rec: Recommendation | None) -> tuple[Turn, None] | None:
        if answered:
            return answered[0]
        if rec is None or interview.checks or interview.next_question() is not None:
            return None
        if intents.route(message.strip()) != "pilot":
            return None
        reply = pilot.from_chat(session_id, rec, message)
        if reply is None:  # no figure the plan measures: the dialogue's pilot answer
            return None
        answered.append((Turn(reply=reply, recommendation=rec), None))
        return answered[0]

    return turn
