"""A team's proof of concept: measurements logged against the assessment's plan, judged
with their uncertainty, the measured cost scaled to the full volume, and a decision
(scale, iterate, stop or need more data). See ``decision`` for the rules.

Nothing is imported here: the command line registers ``pilot`` for every command, and the
statistics library the judgements use costs a second to import."""
