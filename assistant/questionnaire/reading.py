"""Reading a whole message for every fact it states, not only the pending question.

A manager's opener ("~20k support emails a month from customers in Germany, agents approve
every draft, budget around 3k EUR a month") states half the profile. ``read_message``
splits a message into clauses, decides which field each clause speaks about from its units
and context (a count "a month" is a volume, a currency amount is a budget, "Germany" is EU
users, "agents approve every draft" is review of every output), and reads the value with
the same per-field readers as a direct answer (``parsing.parse_answer``). What is left
answers the pending question.

Never a silent guess: a reading that is a range, a vague amount, a meaning-based guess or
implausible for a business use comes back with ``check`` set, and the dialogue confirms it
before anything is stored. A message in a language the reader does not understand comes
back ``unreadable`` rather than as a wrong value ("月2万件" is not 2).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

from assistant.questionnaire.cues import correction_table, cues, phrase_table, unit_table
from assistant.questionnaire.parsing import (
    DURATION_UNITS,
    MEASURE_UNITS,
    NEGATORS,
    STRICTEST_WINS,
    ParseResult,
    Quantity,
    Similarity,
    Tok,
    currency_table,
    find_quantities,
    parse_answer,
    period_at,
    phrase_stream,
    stem,
    tokenize,
)
from assistant.questionnaire.questions import QUESTION_BY_FIELD, Question, Value

# Scripts the reader does not understand yet: a number written "2万" must never be read as 2.
_FOREIGN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff10-\uff19]")
UNREADABLE = (
    "I read English answers only for now, so I haven't noted anything from that. "
    "Please give it in English, with numbers in digits, like '20,000 a month', "
    "'3 pages' or '6 weeks'."
)

# Clause boundaries: sentence ends, ", " (not "1,500"), semicolons, dashes, "but".
_SPLIT = re.compile(r"(?<=[.!?;])\s+|[;\n]+|,\s+|\s+[-–—]\s+|\s+but\s+|\s+whereas\s+", re.I)
# A clause that only multiplies the one before it: "600 products a month, times 5 languages".
_MULTIPLIER_START = re.compile(r"^(times|x|×|multiplied by|for each|per|in each of|across)\b", re.I)
_EACH_START = re.compile(r"^(and |but )?(each|every)\b", re.I)
# "I'd guess the bot would take maybe half": a share of the volume said just before.
_SHARES = (
    (re.compile(r"\b(half)\b", re.I), 0.5),
    (re.compile(r"\b(two thirds)\b", re.I), 2 / 3),
    (re.compile(r"\b(a|one) third\b", re.I), 1 / 3),
    (re.compile(r"\b(a|one) quarter\b", re.I), 0.25),
)
_RATE_LEADS = frozenset({"a", "an", "per", "each", "every", "/"})
_RATE_ADVERBS = frozenset(
    "daily weekly monthly yearly annually nightly hourly fortnightly quarterly pa pcm".split()
)
_TIME_UNITS = frozenset(
    "second seconds sec secs s ms millisecond milliseconds minute minutes min mins".split()
)
_SPLIT_IN_OUT = frozenset({"into", "to", "->", ">"})
_SIZE_FIELDS = frozenset({"input_tokens", "output_tokens"})
# "we have 2 devs": a count of developers says the team can build on an API.
_DEVELOPERS = frozenset(
    stem(w)
    for w in "dev devs developer developers engineer engineers programmer programmers coder coders".split()
)

# Readings implausible enough for a business process to ask about before storing them.
_TEXT_TASKS = frozenset({"summarization", "extraction", "search_qa", "translation"})


@dataclass(frozen=True)
class Finding:
    """One fact a message states: the field, the value meant and the words it came from.
    ``check`` says why it must be confirmed before it is stored (empty when it is plain)."""

    field: str
    value: Value
    words: str
    check: str = ""
    sample_text: str | None = None
    currency: str | None = None


@dataclass
class Reading:
    """Everything a message says. ``pending`` is the parse of what answered the pending
    question (its message is the re-ask when nothing was understood)."""

    findings: list[Finding] = field(default_factory=list)
    correction: bool = False
    unreadable: str = ""
    pending: ParseResult | None = None
    corrected_from: dict[str, Value] = field(default_factory=dict)

    def by_field(self) -> dict[str, Finding]:
        return {f.field: f for f in self.findings}


def _json(value: object) -> Value:
    if isinstance(value, Enum):
        return str(value.value)
    assert isinstance(value, bool | int | float | str)
    return value


def clauses(text: str) -> list[str]:
    """The message cut into clauses, a multiplier clause kept with the one it multiplies
    ("600 a month, and each needs 5 languages") and a lone currency with its amount
    ("3 grand a month, euros")."""
    parts = [p.strip(" .,;:!") for p in _SPLIT.split(text) if p and p.strip(" .,;:!")]
    merged: list[str] = []
    for part in parts:
        toks = tokenize(part)
        if merged and _MULTIPLIER_START.match(part):
            merged[-1] = f"{merged[-1]} {part}"
        elif merged and _EACH_START.match(part) and _counts_more(toks):
            merged[-1] = f"{merged[-1]} times {part}"
        elif merged and len(part.split()) <= 3 and currency_table.find(phrase_stream(toks)):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


def _counts_more(toks: Sequence[Tok]) -> bool:
    """A clause with a count that is not a size: "each one needs all 5 languages"."""
    quantities = [q for q in find_quantities(toks) if not q.percent]
    return bool(quantities) and not any(_is_size(toks, q) for q in quantities)


def _has(table_name: str, toks: Sequence[Tok]) -> bool:
    return any(not m.negated for m in unit_table(table_name).find(phrase_stream(toks)))


def _negated_quantity(toks: Sequence[Tok], q: Quantity) -> bool:
    before = [t.text for t in toks[max(0, q.start - 2) : q.start]]
    return any(word in NEGATORS for word in before)


def _next_word(toks: Sequence[Tok], k: int) -> Tok | None:
    while k < len(toks) and toks[k].text in ("-", "/"):
        k += 1
    return toks[k] if k < len(toks) else None


def _is_rate(toks: Sequence[Tok], q: Quantity) -> bool:
    """A period after the figure that makes it a rate: "a month", "per day", "daily"."""
    for k in range(q.end, min(q.end + 10, len(toks))):
        if toks[k].text in (",", ".", ";"):
            return False
        if period_at(toks, k):
            return toks[k].text in _RATE_ADVERBS or (k > 0 and toks[k - 1].text in _RATE_LEADS)
    return False


def _unit_after(toks: Sequence[Tok], q: Quantity) -> Tok | None:
    return _next_word(toks, q.end)


_WEAK_UNITS = frozenset({stem("line"), stem("side"), stem("slide")})


def _is_size(toks: Sequence[Tok], q: Quantity, pending: str | None = None) -> bool:
    """A figure with a unit of length: "9 pages", "500 words" ("one line" only when a size
    was asked: a production line is not a length)."""
    nxt = _unit_after(toks, q)
    if nxt is None or nxt.stem not in MEASURE_UNITS:
        return False
    return nxt.stem not in _WEAK_UNITS or pending in _SIZE_FIELDS


def _is_duration(toks: Sequence[Tok], q: Quantity) -> bool:
    nxt = _unit_after(toks, q)
    return nxt is not None and nxt.stem in DURATION_UNITS and not _is_rate(toks, q)


def _is_time(toks: Sequence[Tok], q: Quantity) -> bool:
    nxt = _unit_after(toks, q)
    return nxt is not None and nxt.text in _TIME_UNITS


@dataclass(frozen=True)
class _Claim:
    field: str
    text: str  # what the field's reader parses
    value: Value | None = None  # already known (a phrase cue), no parsing needed


def _phrase_claims(toks: Sequence[Tok]) -> list[_Claim]:
    """Choice and yes/no facts stated in passing, from ``cues.yaml``."""
    stream = phrase_stream(toks)
    claims = []
    for name, values in cues().phrases.items():
        matches = [m for m in phrase_table(name).find(stream) if not m.negated]
        if not matches:
            continue
        best: dict[str, int] = {}
        for m in matches:
            best[m.key] = max(best.get(m.key, 0), m.length)
        order = STRICTEST_WINS.get(name)
        if len(best) == 1:
            value = next(iter(best))
        elif order:
            value = max(best, key=order.index)
        else:
            longest = max(best.values())
            tied = [v for v, n in best.items() if n == longest]
            if len(tied) != 1:
                continue  # two different values said: leave it to the question
            value = tied[0]
        typed: Value = (value == "true") if QUESTION_BY_FIELD[name].kind == "boolean" else value
        claims.append(_Claim(name, "", typed))
        del values
    return claims


def _size_claims(clause: str, toks: Sequence[Tok], pending: str | None) -> list[_Claim]:
    """Input and output sizes: "10-page reports into one-page summaries", "two pages in",
    "a paragraph out"."""
    cut = next((k for k, t in enumerate(toks) if t.text in _SPLIT_IN_OUT), None)
    sizes = [q for q in find_quantities(toks) if _is_size(toks, q, pending)]
    if cut is not None and sizes:
        words = clause.split()
        # The cut word stands alone, so its index among the raw words splits the clause.
        at = next((i for i, w in enumerate(words) if w.lower() in _SPLIT_IN_OUT), None)
        if at is not None:
            before = any(q.end <= cut for q in sizes)
            after = any(q.start > cut for q in sizes)
            if before and after:
                return [
                    _Claim("input_tokens", " ".join(words[:at])),
                    _Claim("output_tokens", " ".join(words[at + 1 :])),
                ]
            if after and not before:  # "summarise the files into a one-page brief"
                return [_Claim("output_tokens", " ".join(words[at + 1 :]))]
    direction = _in_or_out(toks)
    if direction is not None:
        return [_Claim(direction, clause)]
    if _has("output", toks) and pending != "input_tokens":
        return [_Claim("output_tokens", clause)]
    if pending in _SIZE_FIELDS:
        return [_Claim(pending, clause)]
    return [_Claim("input_tokens", clause)]


def _in_or_out(toks: Sequence[Tok]) -> str | None:
    """ "two pages in", "a paragraph out": the word right after the size says which."""
    for k, tok in enumerate(toks):
        if tok.stem in MEASURE_UNITS and k + 1 < len(toks):
            nxt = toks[k + 1].text
            if nxt == "out":
                return "output_tokens"
            if nxt == "in":
                return "input_tokens"
    return None


def _quantity_claims(clause: str, toks: Sequence[Tok], pending: str | None) -> list[_Claim]:
    """Figures, sent to the field their units and context name."""
    found = [q for q in find_quantities(toks) if not q.negative]
    plain = [q for q in found if not _negated_quantity(toks, q)]
    if not plain:
        # "a short paragraph out", "one-page summaries": a named size with no digits.
        if any(t.stem in MEASURE_UNITS for t in toks) and (
            _has("output", toks) or _in_or_out(toks) or pending in _SIZE_FIELDS
        ):
            return _size_claims(clause, toks, pending)
        return []
    claims: list[_Claim] = []
    if any((u := _unit_after(toks, q)) is not None and u.stem in _DEVELOPERS for q in plain):
        claims.append(_Claim("team_skill", "", "some"))  # "we have 2 devs"
    if currency_table.find(phrase_stream(toks)):
        first = plain[0]
        per_hour = any(t.text in ("hour", "hourly", "hr") for t in toks)
        per_item = any(t.text in ("per", "each") for t in toks[first.end :]) and not any(
            period_at(toks, k) for k in range(first.end, len(toks))
        )
        if pending == "monthly_budget_usd" or (
            not per_hour and not per_item and (_has("budget", toks) or _is_rate(toks, first))
        ):
            claims.append(_Claim("monthly_budget_usd", clause))
        return claims
    rates = [q for q in plain if _is_rate(toks, q)]
    sizes = [q for q in plain if _is_size(toks, q, pending) and q not in rates]
    if sizes:
        claims += _size_claims(clause, toks, pending)
    if rates:
        if _has("users", toks) or pending == "monthly_active_users":
            claims.append(_Claim("monthly_active_users", clause))
        elif _has("budget", toks):
            claims.append(_Claim("monthly_budget_usd", clause))
        else:
            claims.append(_Claim("monthly_requests", clause))
    if any(_is_duration(toks, q) for q in plain) and (
        pending == "timeline_weeks" or (_has("timeline", toks) and not _has("history", toks))
    ):
        claims.append(_Claim("timeline_weeks", clause))
    if any(_is_time(toks, q) for q in plain) and (pending == "latency" or _has("speed", toks)):
        claims.append(_Claim("latency", clause))
    if any(q.percent for q in plain) and (pending == "human_review" or _has("review", toks)):
        claims.append(_Claim("human_review", clause))
    if claims or rates or sizes:
        return claims
    # A bare count: its own words say what it counts, else it answers the pending question.
    if _has("examples", toks):
        return [_Claim("labeled_examples", clause)]
    if _has("users", toks):
        return [_Claim("monthly_active_users", clause)]
    return []


_NUMERIC_KINDS = ("integer", "number", "tokens")


def _implausible(field_name: str, value: Value, known: Mapping[str, Value]) -> str:
    """Why a reading is hard to believe for a business use (empty when it is believable)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    if field_name == "monthly_requests" and 0 < value < 20:
        return "that is very few for a business process"
    if field_name == "input_tokens" and 0 < value < 30 and known.get("task_type") in _TEXT_TASKS:
        return "that is shorter than a single paragraph"
    if field_name == "input_tokens" and 0 <= value < 10:
        return "that is only a few words"
    if field_name == "monthly_budget_usd" and 0 < value < 5:
        return "that is less than any model costs to run"
    if field_name == "timeline_weeks" and value > 260:
        return "that is more than five years away"
    return ""


def _share(clause: str, toks: Sequence[Tok]) -> float | None:
    """The share a clause with no figure of its own takes ("maybe half", "about 30%")."""
    if [q for q in find_quantities(toks) if not q.percent]:
        return None
    for pattern, share in _SHARES:
        if pattern.search(clause):
            return share
    percents = [q for q in find_quantities(toks) if q.percent and 0 < q.value < 100]
    if len(percents) == 1 and not _has("review", toks):
        return float(percents[0].value) / 100
    return None


def _finding(
    claim: _Claim, known: Mapping[str, Value], similarity: Similarity | None
) -> tuple[Finding | None, ParseResult | None]:
    if claim.value is not None:
        return Finding(claim.field, claim.value, claim.text), None
    result = parse_answer(QUESTION_BY_FIELD[claim.field], claim.text, similarity)
    if not result.ok or result.skipped or result.value is None:
        return None, result
    value = _json(result.value)
    check = result.check or _implausible(claim.field, value, known)
    currency = None
    if claim.field == "monthly_budget_usd" and result.via.startswith("money/"):
        currency = result.via.split("/")[1]
    return (
        Finding(claim.field, value, claim.text, check, result.sample_text, currency),
        result,
    )


def _corrected_field(
    toks: Sequence[Tok], known: Mapping[str, Value], last_field: str | None, pending: str | None
) -> tuple[str | None, dict[str, Value]]:
    """For "not 20k but 30k" / "I meant 30k": the field whose value is being corrected."""
    negated = [q for q in find_quantities(toks) if _negated_quantity(toks, q)]
    for q in negated:
        for name, value in known.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                if value and abs(float(value) - float(q.value)) <= 0.01 * abs(float(value)):
                    return name, {name: value}
    for candidate in (last_field, pending):
        if candidate and QUESTION_BY_FIELD[candidate].kind in _NUMERIC_KINDS:
            return candidate, {}
    return None, {}


def read_message(
    text: str,
    pending: Question | None,
    known: Mapping[str, Value],
    similarity: Similarity | None = None,
    last_field: str | None = None,
) -> Reading:
    """Every fact ``text`` states. ``pending`` is the question the manager was asked,
    ``known`` what is recorded so far, ``last_field`` the field answered last (the one a
    bare "I meant 30k" corrects)."""
    reading = Reading()
    if _FOREIGN.search(text):
        reading.unreadable = UNREADABLE
        return reading
    pending_field = pending.field if pending is not None else None
    all_toks = tokenize(text)
    reading.correction = bool(
        [m for m in correction_table().find(phrase_stream(all_toks)) if not m.negated]
    ) or any(_negated_quantity(all_toks, q) for q in find_quantities(all_toks))

    if pending is not None and pending.kind == "text":
        # The use case is the whole message; what it says about the task and the rest is
        # read from it too.
        result = parse_answer(pending, text, similarity)
        reading.pending = result
        if result.ok and result.value is not None:
            reading.findings.append(Finding(pending.field, _json(result.value), text))
            task = parse_answer(QUESTION_BY_FIELD["task_type"], text)
            if task.ok and not task.skipped and task.value is not None:
                reading.findings.append(Finding("task_type", _json(task.value), text))
        else:
            return reading

    unclaimed: list[str] = []
    from_clause: dict[str, int] = {}
    for index, clause in enumerate(clauses(text)):
        toks = tokenize(clause)
        claims = _phrase_claims(toks) + _quantity_claims(clause, toks, pending_field)
        claimed_any = False
        for claim in claims:
            if from_clause.get(claim.field) == index:
                continue  # the first reading of a field in a clause stands
            finding, _ = _finding(claim, known, similarity)
            if finding is None:
                continue
            # A later clause restates a field more precisely ("the 2,500 I gave you is the
            # whole network; Rotterdam alone is more like 800"): the later one stands.
            reading.findings = [f for f in reading.findings if f.field != finding.field]
            reading.findings.append(finding)
            from_clause[finding.field] = index
            claimed_any = True
        if not claimed_any:
            share = _share(clause, toks)
            volume = reading.by_field().get("monthly_requests")
            if share is not None and volume is not None and isinstance(volume.value, int):
                reading.findings = [f for f in reading.findings if f is not volume]
                reading.findings.append(
                    replace(
                        volume,
                        value=round(volume.value * share),
                        words=f"{volume.words}, {clause}",
                        check="vague",
                    )
                )
                continue
            unclaimed.append(clause)

    if reading.correction and not any(
        f.field != "use_case" and f.field != "task_type" for f in reading.findings
    ):
        target, was = _corrected_field(all_toks, known, last_field, pending_field)
        if target is not None:
            rest = " ".join(unclaimed) or text
            finding, result = _finding(_Claim(target, rest), known, similarity)
            if finding is not None:
                reading.findings.append(finding)
                reading.corrected_from.update(was)
                if target == pending_field:
                    reading.pending = result
                return reading

    if pending is not None and pending.kind != "text" and pending_field not in reading.by_field():
        rest = ", ".join(unclaimed)
        if rest or not reading.findings:
            result = parse_answer(pending, rest or text, similarity)
            reading.pending = result
            if result.ok and not result.skipped and result.value is not None:
                value = _json(result.value)
                check = result.check or _implausible(pending.field, value, known)
                currency = None
                if pending.field == "monthly_budget_usd" and result.via.startswith("money/"):
                    currency = result.via.split("/")[1]
                reading.findings.append(
                    Finding(pending.field, value, rest or text, check, result.sample_text, currency)
                )
    return reading
