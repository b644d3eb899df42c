"""A team's proof of concept: measurements logged against the assessment's plan, judged
with their uncertainty, the measured cost scaled to the full volume, and a decision
(scale, iterate, stop or need more data). See ``decision`` for the rules."""

from assistant.pilot.decision import Decision, PilotStatus, assess
from assistant.pilot.measurements import Measurement, PilotInputError, build_measurement

__all__ = [
    "Decision",
    "Measurement",
    "PilotInputError",
    "PilotStatus",
    "assess",
    "build_measurement",
]
