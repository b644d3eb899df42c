"""The reply a turn produces, as the UI, the CLI and the agent see it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.schemas import Recommendation


class ChoiceInfo(BaseModel):
    value: str
    label: str  # as shown, in the assessment's language (sent back as it is, it is read)
    description: str


class PendingQuestion(BaseModel):
    """The questionnaire question waiting for an answer."""

    field: str
    prompt: str
    options: list[str] | None = None  # accepted values of an enum field
    help: str = ""
    kind: str = "text"
    choices: list[ChoiceInfo] | None = None
    unit_hint: str | None = None
    required: bool = False  # required questions cannot be skipped
    number_unit: str | None = None  # the unit a bare number answer is read in


class Progress(BaseModel):
    answered: int
    total: int


class ReplySource(BaseModel):
    """A cited document; the passage is included when the reply quoted one."""

    doc_id: str
    title: str
    path: str
    heading: str | None = None
    text: str | None = None
    score: float | None = None


class Reply(BaseModel):
    session: str
    reply: str
    question: PendingQuestion | None = None
    progress: Progress
    recommendation: Recommendation | None = None
    sources: list[ReplySource] = Field(default_factory=list)
    mode: Literal["offline", "llm"] = "offline"
    notice: str | None = None  # e.g. the model failed and the offline answer is shown
    # Every answer recorded so far: {"field": {"value": ..., "source": "stated" |
    # "confirmed" | "assumed"}} (the chat JSON's ``profile``).
    profile: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # The reply presents the saved recommendation in full (the end of the interview, or
    # "show me the recommendation" again); what-ifs and follow-ups do not.
    presents_recommendation: bool = False
    # What the team's pilot measured and the decision (``pilot status --json``), once
    # anything is logged.
    pilot: dict[str, Any] | None = None
    # What such a reply says before the presentation, for a UI that shows the
    # recommendation elsewhere (the web app's card); not part of the chat JSON.
    lead: str | None = Field(default=None, exclude=True)
    # The language of the assessment, "en" or "ja": the interview's texts are in it.
    lang: Literal["en", "ja"] = "en"

    def contract_json(self) -> dict[str, Any]:
        """The chat JSON of the contract (plus ``mode`` and ``notice``)."""
        data = self.model_dump(mode="json", exclude={"question"})
        data["question"] = (
            None
            if self.question is None
            else {
                "field": self.question.field,
                "prompt": self.question.prompt,
                "options": self.question.options,
            }
        )
        return data

    def stream(self) -> Iterator[str]:
        """The reply text in small pieces, for a typing effect in the UI."""
        yield from re.findall(r"\S+\s*|\s+", self.reply)
