"""Reading a whole message for every fact it states, not only the pending question.

A manager's opener ("~20k support emails a month from customers in Germany, agents approve
every draft, budget around 3k EUR a month") states half the profile. ``read_message``
splits a message into clauses and each clause into spans around its figures, decides which
field each span speaks about from its units and context (a count "a month" is a volume, a
currency amount is a budget, "Germany" is EU users, "agents approve every draft" is review
of every output), and reads the value with the same per-field readers as a direct answer
(``parsing.parse_answer``). What is left answers the pending question.

Never a silent guess: a reading that is a range, a vague amount, a meaning-based guess or
implausible for a business use comes back with ``check`` set, and the dialogue confirms it
before anything is stored. A message in a language the reader does not understand comes
back ``unreadable`` rather than as a wrong value ("月2万件" is not 2). The phrase data lives
in ``cues.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

from assistant.questionnaire.cues import (
    correction_table,
    cues,
    item_noun,
    keyword_table,
    phrase_table,
    unit_table,
)
from assistant.questionnaire.japanese import is_japanese, only_a_number, rewrite
from assistant.questionnaire.numbers import PER_HEAD
from assistant.questionnaire.parsing import (
    DURATION_UNITS,
    JA_SAMPLE_CHARS,
    MEASURE_UNITS,
    NEGATORS,
    PERIOD_FACTORS,
    RATE_ADVERBS,
    RATE_LEADS,
    SKIPPED,
    STRICTEST_WINS,
    WORKING,
    ParseResult,
    Quantity,
    Similarity,
    Tok,
    currency_table,
    denies_model_output,
    find_quantities,
    join_tokens,
    multiplied,
    never_see,
    own_people_only,
    parse_answer,
    period_at,
    phrase_stream,
    says_skip,
    sends_input,
    six_days_a_week,
    spread_over,
    stem,
    tokenize,
    weekdays_only,
    working_days,
)
from assistant.questionnaire.questions import QUESTION_BY_FIELD, Question, Value
from assistant.questionnaire.suggestions import SUGGESTED, suggestion_words, suggestions
from assistant.questionnaire.text import FOREIGN_SCRIPT, UNREADABLE, is_english
from assistant.questionnaire.value_side import AT_ONCE as _AT_ONCE
from assistant.questionnaire.value_side import PEOPLE

# Clause boundaries: sentence ends, ", " (not "1,500"), semicolons, dashes, "but".
_SPLIT = re.compile(r"(?<=[.!?;])\s+|[;\n]+|,\s+|\s+[-–—]\s+|\s+but\s+|\s+whereas\s+", re.I)
# A clause that only multiplies the one before it: "600 products a month, times 5 languages".
_MULTIPLIER_START = re.compile(r"^(times|x|×|multiplied by|for each|per|in each of|across)\b", re.I)
# A closing yes or no that answers a yes/no question after the reasons: "..., so no".
_CONCLUSION = re.compile(
    r"^(so|so then|then|therefore|hence|thus|in short|overall|basically)[,:]?\s+"
    r"(no|nope|not really|yes|yep|yeah)[.!]*$",
    re.I,
)
_DENIAL_START = re.compile(r"^(but |and )?(not|never)\b", re.I)
_EACH_START = re.compile(r"^(and |but )?(each|every)\b", re.I)
# "I'd guess the bot would take maybe half": a share of the volume said just before.
_SHARES = (
    (re.compile(r"\b(half)\b", re.I), 0.5),
    (re.compile(r"\b(two thirds)\b", re.I), 2 / 3),
    (re.compile(r"\b(a|one) third\b", re.I), 1 / 3),
    (re.compile(r"\b(a|one) quarter\b", re.I), 0.25),
)
_TIME_UNITS = frozenset(
    "second seconds sec secs s ms millisecond milliseconds minute minutes min mins".split()
)
# Where an input size gives way to an output size: "10 pages into one", "from 10 pages to 1"
# ("to" only right before a size: "need to summarise" is no split).
_SPLIT_IN_OUT = frozenset({"into", "to", "->", ">"})
_SIZE_FIELDS = frozenset({"input_tokens", "output_tokens"})
_WEAK_UNITS = frozenset({stem("line"), stem("side"), stem("slide")})
# Words that lead into a figure and belong with it: "about €2k", "~$300".
_LEADS = frozenset("about around roughly approx approximately maybe ~ some $ € £ ¥ up".split())
# "we have 2 devs": a count of developers says the team can build on an API.
_DEVELOPERS = frozenset(
    stem(w)
    for w in "dev devs developer developers engineer engineers programmer programmers coder "
    "coders".split()
)
_SCALE_WORDS = frozenset("hundred hundreds thousand thousands million millions dozen".split())
# A demonym after these names a language, not where people are ("translate into German").
_LANGUAGE_LEADS = frozenset("into in from to speak speaks speaking written translate".split())
_DEMONYMS = frozenset(
    stem(w)
    for w in "dutch german french italian spanish polish austrian belgian irish portuguese "
    "swedish danish finnish czech greek hungarian romanian".split()
)
_TEXT_TASKS = frozenset({"summarization", "extraction", "search_qa", "translation"})
_NUMERIC_KINDS = ("integer", "number", "tokens")
_ESTIMATES = frozenset({"", "range", "vague", "similarity", "ambiguous"})


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
    # The figures a volume was multiplied from ("400 agents x 35 calls a working day" is
    # (400, 35)), so "300 agents now, not 400" can correct one of them later.
    factors: tuple[float, ...] = ()


@dataclass
class Reading:
    """Everything a message says. ``pending`` is the parse of what answered the pending
    question (its message is the re-ask when nothing was understood)."""

    findings: list[Finding] = field(default_factory=list)
    correction: bool = False
    unreadable: str = ""
    pending: ParseResult | None = None

    def by_field(self) -> dict[str, Finding]:
        return {f.field: f for f in self.findings}

    def put(self, finding: Finding) -> None:
        """Add a finding, replacing an earlier one for the same field."""
        self.findings = [f for f in self.findings if f.field != finding.field]
        self.findings.append(finding)


def _json(value: object) -> Value:
    if isinstance(value, Enum):
        return str(value.value)
    assert isinstance(value, bool | int | float | str)
    return value


# --- clauses and spans ---------------------------------------------------------------------


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
        elif merged and (
            (_EACH_START.match(part) and _counts_more(toks))
            or (_head_count(merged[-1]) and any(t.text == "each" for t in toks))
        ):
            # "45 officers, around 30 requests each per working day": 45 x 30.
            merged[-1] = f"{merged[-1]} times {part}"
        elif (
            merged
            and spread_over(toks) is not None
            and not any(t.stem in _LAUNCH for t in toks)
            and find_quantities(tokenize(merged[-1]))
        ):
            # "300 macros total, we'd do them over ~3 months", "6,000 contracts, spread over
            # the next 4 months": the span divides that total.
            merged[-1] = f"{merged[-1]} {part}"
        elif merged and _DENIAL_START.match(part) and denies_model_output(_stems(toks)):
            # "clients see final books, not the AI output": the denial belongs to the clause.
            merged[-1] = f"{merged[-1]} {part}"
        elif merged and len(part.split()) <= 3 and currency_table.find(phrase_stream(toks)):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


@dataclass(frozen=True)
class _Span:
    """The tokens around one figure (or two figures multiplied together) of a clause."""

    toks: tuple[Tok, ...]
    quantities: tuple[Quantity, ...]  # positions relative to ``toks``
    negated: bool

    @property
    def text(self) -> str:
        return join_tokens(self.toks)


def _spans(toks: Sequence[Tok]) -> list[_Span]:
    """A clause cut between its figures, so "live in 8 weeks with a budget of about €2k a
    month" reads as "live in 8 weeks with a budget of" and "about €2k a month"."""
    found = [q for q in find_quantities(toks) if not q.negative]
    span = spread_over(toks)  # "6,000 contracts over 4 months": one figure, not a timeline
    groups: list[list[Quantity]] = []
    for q in found:
        if groups and (multiplied(toks, groups[-1][-1], q) or q == span):
            groups[-1].append(q)
        else:
            groups.append([q])
    starts = []
    for k, group in enumerate(groups):
        start = group[0].start
        if k:
            floor = groups[k - 1][-1].end
            while start > floor and toks[start - 1].text in _LEADS | {"not", "no"}:
                start -= 1
        starts.append(0 if k == 0 else start)
    spans = []
    for k, group in enumerate(groups):
        begin = starts[k]
        end = starts[k + 1] if k + 1 < len(starts) else len(toks)
        shifted = tuple(
            Quantity(
                q.value,
                q.start - begin,
                q.end - begin,
                q.scaled,
                q.scale,
                q.negative,
                q.percent,
                q.too_big,
                q.ranged,
                q.vague,
            )
            for q in group
        )
        negated = any(_negated_quantity(toks, q) for q in group)
        spans.append(_Span(tuple(toks[begin:end]), shifted, negated))
    return spans


# Words that make a span of time a deadline rather than the time a total is spread over.
_LAUNCH = frozenset(
    stem(w)
    for w in "live launch launched ready deadline mvp demo poc prototype pilot deliver "
    "delivered rollout".split()
)


def _counts_people(toks: Sequence[Tok], q: Quantity) -> bool:
    """Whether ``q`` counts people ("5 engineers", "120 agents"), not work items."""
    unit = _next_word(toks, q.end)
    return unit is not None and (unit.stem in _DEVELOPERS or unit.stem in PEOPLE)


def _stems(toks: Sequence[Tok]) -> list[str]:
    return [w for _, w in phrase_stream(toks)]


def _head_count(clause: str) -> bool:
    """A clause that only counts something: "45 officers", "we have 12 sites"."""
    toks = tokenize(clause)
    figures = find_quantities(toks)
    return len(figures) == 1 and len(toks) <= 5 and figures[0].end == len(toks) - 1


def _counts_more(toks: Sequence[Tok]) -> bool:
    """A clause with a count that is not a size, an amount of money or a length of time:
    "each one needs all 5 languages" (but not "each one costs us $8" or "each takes 12
    minutes")."""
    if currency_table.find(phrase_stream(toks)):
        return False
    quantities = [q for q in find_quantities(toks) if not q.percent]
    return bool(quantities) and not any(
        _is_size(toks, q)
        or _is_duration(toks, q)
        or ((u := _next_word(toks, q.end)) is not None and u.stem in _MINUTE_UNITS)
        for q in quantities
    )


# --- what a figure measures ----------------------------------------------------------------


def _has(table_name: str, toks: Sequence[Tok]) -> bool:
    return any(not m.negated for m in unit_table(table_name).find(phrase_stream(toks)))


def _negated_quantity(toks: Sequence[Tok], q: Quantity) -> bool:
    """ "not 20k", "scratch the 6 weeks", "8 weeks rather than 12": a figure said to be
    wrong."""
    before = [t.text for t in toks[max(0, q.start - 2) : q.start]]
    if len(before) == 2 and before[0] in NEGATORS and before[1] in _TAKES_BACK:
        return False  # "about 100, no, 150 a day", "no wait, 80k": the "no" leads the new one
    after = [t.text for t in toks[q.end : q.end + 2]]
    if after[:1] in (["was"], ["were"]) and (len(after) == 1 or after[1] in _PAST_FIGURE):
        return True  # "more like 38k - 45 was our peak": the old figure, said in the past
    return any(word in NEGATORS or word == "scratch" for word in before) or before in (
        ["rather", "than"],
        ["instead", "of"],
    )


_TAKES_BACK = frozenset({",", "-", "–", "...", "wait", "sorry", "actually", "make", "more"})
_PAST_FIGURE = frozenset("our the last at before only just a an my wrong old".split())


def _next_word(toks: Sequence[Tok], k: int) -> Tok | None:
    while k < len(toks) and toks[k].text in ("-", "/", "of"):
        k += 1
    return toks[k] if k < len(toks) else None


def _written(toks: Sequence[Tok], q: Quantity) -> bool:
    """A figure in digits or with a scale ("40", "a few thousand"), not "once" or "a"."""
    return any(t.number is not None or t.text in _SCALE_WORDS for t in toks[q.start : q.end])


def _is_rate(toks: Sequence[Tok], q: Quantity) -> bool:
    """A period after the figure that makes it a rate: "a month", "per day", "daily"."""
    if q.value < 1 or q.percent:
        return False  # "half a year" is a length of time
    for k in range(q.end, min(q.end + 10, len(toks))):
        if toks[k].text in (",", ".", ";"):
            return False
        if period_at(toks, k):
            lead = k - 1
            if lead >= 0 and toks[lead].text == "-":
                continue  # "first-year applications", "month-end reports": a compound
            if lead > 0 and toks[lead].stem in WORKING:  # "per working day", "a clinic day"
                lead -= 1
            if lead > 0 and toks[lead].text in ("whole", "full", "entire"):
                lead -= 1
            if lead > 0 and toks[lead].text == "the" and toks[lead - 1].text in ("for", "over"):
                return True  # "$18k for the year", "6,000 over the whole year"
            return toks[k].text in RATE_ADVERBS or (lead >= 0 and toks[lead].text in RATE_LEADS)
    return False


def _is_size(toks: Sequence[Tok], q: Quantity, pending: str | None = None) -> bool:
    """A figure with a unit of length: "9 pages", "500 words" ("one line" only when a size
    was asked: a production line is not a length)."""
    nxt = _next_word(toks, q.end)
    if q.percent or nxt is None or nxt.stem not in MEASURE_UNITS:
        return False
    return nxt.stem not in _WEAK_UNITS or pending in _SIZE_FIELDS


def _is_duration(toks: Sequence[Tok], q: Quantity) -> bool:
    """ "in 8 weeks", "a couple of months"; not "7 days a week" (a schedule)."""
    nxt = _next_word(toks, q.end)
    if nxt is None or nxt.stem not in DURATION_UNITS or _is_rate(toks, q):
        return False
    at = toks.index(nxt) if nxt in toks else q.end
    after = [t.text for t in toks[at + 1 : at + 3]]
    return not (
        after[:1] in (["a"], ["per"], ["each"])
        and any(period_at(toks, k) for k in range(at + 1, min(at + 3, len(toks))))
    )


def _is_time(toks: Sequence[Tok], q: Quantity) -> bool:
    nxt = _next_word(toks, q.end)
    return nxt is not None and nxt.text in _TIME_UNITS


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


def _says_direction(toks: Sequence[Tok]) -> str | None:
    """The words "input" or "output" themselves."""
    words = {t.text for t in toks}
    if words & {"output", "outputs"} and not words & {"input", "inputs"}:
        return "output_tokens"
    if words & {"input", "inputs"} and not words & {"output", "outputs"}:
        return "input_tokens"
    return None


def _named_field(toks: Sequence[Tok]) -> str | None:
    """The numeric field a clause names by a keyword ("the volume is 40k")."""
    for match in keyword_table().find(phrase_stream(toks)):
        if not match.negated and QUESTION_BY_FIELD[match.key].kind in _NUMERIC_KINDS:
            return match.key
    return None


@dataclass(frozen=True)
class _Claim:
    field: str
    text: str  # what the field's reader parses
    value: Value | None = None  # already known (a phrase cue), no parsing needed


@dataclass(frozen=True)
class _Context:
    """What a span's field is read against: its clause, the whole message, the pending
    question."""

    clause: Sequence[Tok]
    message: Sequence[Tok]
    pending: str | None
    previous: Sequence[Tok] = ()  # the clause before, when it had no figure of its own
    currency: str | None = None  # the currency the manager gave money in before

    def has(self, name: str, span: Sequence[Tok]) -> bool:
        return _has(name, span) or _has(name, self.clause)


# "run to", "comes to", "up to": a size said, not a size turned into another.
_AMOUNT_TO = frozenset("run runs ran come comes came amount amounts add adds up goes close".split())


# "have to wade through 50-page wordings": a "to" that leads a verb, not a size turned into
# another.
_INFINITIVE = frozenset("have has had need needs want wants going used able trying".split())


# A correction picks its field by the value it corrects ("actually 200k a month, not 20k"),
# not by the question pending.
_CORRECTING = frozenset(
    "not actually sorry meant correction instead oops closer nearer checked".split()
)


def _bare_rate(toks: Sequence[Tok], q: Quantity) -> bool:
    """Whether a rate's period follows its figure with no noun between ("1,500 a month",
    "2k/mo"), so the figure counts nothing named."""
    k = q.end
    while k < len(toks) and toks[k].text in ("a", "per", "/", "k", "each", "every"):
        k += 1
    return k < len(toks) and period_at(toks, k) is not None


def _one_size(message: Sequence[Tok], pending: str) -> bool:
    return len([q for q in find_quantities(message) if _is_size(message, q, pending)]) == 1


def _size_claims(span: _Span, ctx: _Context) -> list[_Claim]:
    """Input and output sizes: "10-page reports into one-page summaries", "two pages in",
    "a paragraph out"."""
    toks = span.toks
    sizes = [q for q in find_quantities(toks) if _is_size(toks, q, ctx.pending)]
    cut = next(
        (
            k
            for k, t in enumerate(toks)
            if t.text in _SPLIT_IN_OUT
            and (
                t.text != "to"
                or (
                    any(0 < q.start - k <= 3 for q in sizes)
                    and not (k and toks[k - 1].text in _AMOUNT_TO | _INFINITIVE)
                )
            )
        ),
        None,
    )
    if cut is not None and sizes:
        before = any(q.end <= cut for q in sizes)
        after = any(q.start > cut for q in sizes)
        head, tail = join_tokens(toks[:cut]), join_tokens(toks[cut + 1 :])
        if before and after:
            return [_Claim("input_tokens", head), _Claim("output_tokens", tail)]
        if after:  # "summarise the files into a one-page brief"
            return [_Claim("output_tokens", tail)]
    direction = _in_or_out(toks) or _says_direction(toks)
    if direction is not None:
        return [_Claim(direction, span.text)]
    if ctx.pending in _SIZE_FIELDS and _one_size(ctx.message, ctx.pending):
        # The one size in an answer to a size question is that size: "the brief and the
        # spec sheet run to about 3 pages" answers "how long is the input?", whatever
        # nouns (a brief, a report, notes) it names.
        return [_Claim(ctx.pending, span.text)]
    if ctx.has("output", toks) and not _has("input", toks) and not _reads_through(toks):
        return [_Claim("output_tokens", span.text)]
    if _has("output", ctx.previous) and not _has("input", ctx.previous):
        return [_Claim("output_tokens", span.text)]  # "replies are shorter, maybe 120 words"
    if ctx.pending in _SIZE_FIELDS:
        return [_Claim(ctx.pending, span.text)]
    if ctx.has("output", toks) and not _has("input", toks) and not _reads_through(toks):
        return [_Claim("output_tokens", span.text)]
    return [_Claim("input_tokens", span.text)]


_THROUGH = re.compile(r"\b(wade|wading|go|going|read|reading|plough|dig|work|working)\s+through\b")


def _reads_through(toks: Sequence[Tok]) -> bool:
    """ "have to wade through 50-page wordings": the size of what is read, whatever a
    summary is mentioned beside it."""
    return bool(_THROUGH.search(join_tokens(toks)))


_MINUTE_UNITS = frozenset(
    stem(w) for w in "minute minutes min mins hour hours hr hrs second seconds sec secs".split()
)
_HOUR_MARKS = frozenset({"hour", "hourly", "hr", "/h", "ph"})
_VALUE_FIELDS = frozenset(
    {
        "minutes_per_item",
        "hourly_cost_usd",
        "time_saved_pct",
        "build_cost_usd",
        "adoption_ramp_months",
        "cost_per_item_usd",
        "revenue_at_stake_usd",
        "revenue_share_pct",
    }
)


def _per_hour(toks: Sequence[Tok]) -> bool:
    """ "€55 an hour", "$70/h", "£45 p/h", "per hr", "hourly"."""
    texts = [t.text for t in toks]
    return any(
        t in _HOUR_MARKS or (t == "h" and k and texts[k - 1] in ("/", "per", "p", "an", "a"))
        for k, t in enumerate(texts)
    )


def _day_rate(toks: Sequence[Tok]) -> bool:
    """ "€650/day", "£400 a day": a rate per day of work."""
    texts = [t.text for t in toks]
    return any(
        t in ("day", "week") and k and texts[k - 1] in ("/", "per", "a", "p")
        for k, t in enumerate(texts)
    )


def _money_range(toks: Sequence[Tok]) -> bool:
    """Two amounts of money joined as a range: "between £30 and £40"."""
    texts = [t.text for t in toks]
    return any(
        texts[k] in ("and", "to", "-", "or")
        and texts[k - 1][:1].isdigit()
        and texts[k + 1] in ("€", "$", "£", "¥", "₹")
        for k in range(1, len(texts) - 1)
    )


def _in_currency(text: str, ctx: _Context) -> str:
    """A figure with no currency of its own in a message that names one ("they cost us
    €60/h; we'd have maybe 3k a month" means 3k euros), or from a manager who gave money
    in one currency before."""
    toks = tokenize(text)
    if currency_table.find(phrase_stream(toks)):
        return text
    named = {m.key for m in currency_table.find(phrase_stream(ctx.message))}
    if len(named) == 1 and (code := next(iter(named))) != "USD":
        return f"{text} {code}"
    if not named and ctx.currency and ctx.currency != "USD":
        # "about 40k" from a manager who gave every other amount in euros: euros (said
        # back with the currency, so a wrong reading is seen at once).
        return f"{text} {ctx.currency}"
    return text


_PER_ITEM_WORDS = frozenset({"item", "unit", "piece", "one", "pop", "go", "case", "each"})
_EACH = frozenset({"each", "every", "per"})


_NOT_ITEMS = frozenset(
    stem(w) for w in "hour hr head person user seat fte month year week day the a an".split()
)


def _names_item(tok: Tok, *, any_word: bool = False) -> bool:
    """ "claim", "item", "one" (or, after "each" / "every", any word: "each KYC check"),
    never a period or a person ("per head" is a rate of pay)."""
    if tok.number is not None or tok.stem in _NOT_ITEMS or period_at([tok], 0):
        return False
    if any_word and tok.text.isalpha():
        return True
    return tok.stem in _PER_ITEM_WORDS or item_noun(tok.text) is not None


def _per_item(toks: Sequence[Tok], q: Quantity, clause: Sequence[Tok]) -> bool:
    """An amount per item of the work: "€8 per claim", "$4 a ticket", "£3 each", "each
    claim costs us $8", "cost per application is £25" (and no period: "€8 a month" is
    not)."""
    if any(period_at(toks, k) for k in range(q.end, len(toks))):
        return False
    after = toks[q.end : q.end + 4]
    for k, tok in enumerate(after):
        if tok.text in ("each", "apiece", "a-piece"):
            return True
        if (
            tok.text in ("per", "a", "an", "every")
            and k + 1 < len(after)
            and _names_item(after[k + 1])
        ):
            return True
    # "each claim costs", "every return we process costs", "per order it's about": an
    # item named with each / every / per before the amount, in the same clause.
    start = next((k for k, t in enumerate(clause) if t is toks[q.start]), len(clause))
    each = next(
        (
            k
            for k, tok in enumerate(clause[:start])
            if tok.text in _EACH
            and k + 1 < start
            and _names_item(clause[k + 1], any_word=tok.text != "per")
        ),
        None,
    )
    return each is not None and not any(period_at(clause, k) for k in range(each, len(clause)))


_WIN_BACK = frozenset(
    stem(w) for w in "back recover win won keep kept protect save saved of that those it".split()
)


def _effort_build(toks: Sequence[Tok]) -> bool:
    """People, or a rate of pay, and a length of time: "2 devs for 6 weeks", "30 days at
    €650/day"."""
    return (any(t.stem in PEOPLE for t in toks) or _per_hour(toks) or _day_rate(toks)) and any(
        t.stem in DURATION_UNITS and not _is_period_word(toks, k) for k, t in enumerate(toks)
    )


def _is_period_word(toks: Sequence[Tok], k: int) -> bool:
    """ "/day", "per week", "a month" (but "for a month" is a length of time)."""
    before = toks[k - 1].text if k > 0 else ""
    if before in ("/", "per", "p"):
        return True
    return before in ("a", "an") and not (
        k > 1 and toks[k - 2].text in ("for", "over", "in", "about", "within", "of", "take")
    )


def _minutes_figures(toks: Sequence[Tok], plain: Sequence[Quantity]) -> bool:
    return any(
        (u := _next_word(toks, q.end)) is not None and u.stem in _MINUTE_UNITS for q in plain
    )


_DEADLINE_LEADS = frozenset({"within", "by", "in", "before", "under"})


def _deadline(toks: Sequence[Tok], plain: Sequence[Quantity]) -> bool:
    """A length of time said as a deadline: "within 10 weeks", "in about 3 months"."""
    for q in plain:
        k = q.start - 1
        while k >= 0 and toks[k].text in _LEADS:
            k -= 1
        if k >= 0 and toks[k].text in _DEADLINE_LEADS:
            return True
    return False


def _value_claims(span: _Span, ctx: _Context) -> list[_Claim] | None:
    """The business case's figures: minutes per item, an hour's cost, a build cost, the
    time saved and the ramp-up. ``None`` when the span is none of them."""
    toks = span.toks
    plain = list(span.quantities)
    pending = ctx.pending
    money = bool(currency_table.find(phrase_stream(toks)))
    clause_money = money or bool(currency_table.find(phrase_stream(ctx.clause)))
    if (
        (clause_money or pending == "build_cost_usd")
        and _effort_build(ctx.clause)
        and (
            pending == "build_cost_usd"
            or _per_hour(ctx.clause)
            or ctx.has("build", ctx.clause)
            or _day_rate(ctx.clause)
        )
    ):
        # "2 developers for 6 weeks at €90 an hour": the whole clause is the sum.
        return [_Claim("build_cost_usd", _in_currency(join_tokens(ctx.clause), ctx))]
    if money:
        text = _in_currency(span.text, ctx)
        if _money_range(ctx.clause):
            text = _in_currency(join_tokens(ctx.clause), ctx)  # "between £30 and £40 an hour"
        if _per_hour(toks):  # money per hour is a rate of pay, never a monthly budget
            return [_Claim("hourly_cost_usd", text)]
        at_stake = ctx.has("at_stake", toks) or _has("at_stake", ctx.previous)
        if (at_stake or pending == "revenue_at_stake_usd") and not _has("budget", toks):
            # "we lose about €20k a month in abandoned orders": revenue, never a budget.
            return [_Claim("revenue_at_stake_usd", text)]
        if ctx.has("revenue", toks) and not _has("budget", toks):
            # "turnover is around $8M a year": the business's size, not a budget; "3 deals
            # a month at $15k each": revenue, not what handling one item costs.
            return []
        if (
            _per_item(toks, plain[0], ctx.clause)
            and not _has("budget", toks)
            and not ctx.has("model_price", toks)
        ):
            # "each claim costs us about $8 to process": what one item costs today (the
            # model's own price per request is the engine's to work out, never asked).
            claims = [_Claim("cost_per_item_usd", text)]
            if _minutes_figures(toks, plain):  # "30 min per claim and ~$20 per claim"
                claims.append(_Claim("minutes_per_item", span.text))
            return claims
        monthly = _is_rate(toks, plain[0]) and not _per_hour(toks) and not _day_rate(toks)
        if ctx.has("budget", toks) and not ctx.has("build", toks):
            return None  # a running budget, whatever was asked
        if pending in ("hourly_cost_usd", "build_cost_usd") and not (
            monthly and pending == "build_cost_usd" and not ctx.has("build", toks)
        ):
            return [_Claim(pending, text)]
        if ctx.has("build", toks):
            return [_Claim("build_cost_usd", text)]
        if (_has("labour", toks) or _has("labour", ctx.clause)) and not (
            _has("budget", toks) or pending == "monthly_budget_usd"
        ):
            return [_Claim("hourly_cost_usd", text)]
        return None
    if (
        _has("at_stake", ctx.clause)
        and _has("revenue", ctx.message)
        and any(_written(toks, q) and not q.percent for q in plain)
        and not any(_is_size(toks, q) or _is_duration(toks, q) for q in plain)
    ):
        # "about 600k in renewals are at risk every year": an amount of revenue with no
        # currency sign, said in the manager's currency.
        return [_Claim("revenue_at_stake_usd", _in_currency(span.text, ctx))]
    if pending == "build_cost_usd" and not any(q.percent for q in plain):
        return [_Claim(pending, _in_currency(span.text, ctx))]
    if (
        ctx.has("build", toks)
        and not ctx.has("timeline", toks)
        # An amount without a currency is a build cost only at a size one can be: "40k for
        # the build", never "a dozen clauses with quotes".
        and any(_written(toks, q) and not q.percent and q.value >= 1000 for q in plain)
        and not any(_is_rate(toks, q) or _is_duration(toks, q) or _is_size(toks, q) for q in plain)
        and not any((u := _next_word(toks, q.end)) is not None and u.stem in PEOPLE for q in plain)
    ):
        return [_Claim("build_cost_usd", _in_currency(span.text, ctx))]  # "40k for the build"
    if _minutes_figures(toks, plain) and (pending == "minutes_per_item" or ctx.has("effort", toks)):
        return [_Claim("minutes_per_item", span.text)]
    if any(q.percent for q in plain) and (
        pending == "revenue_share_pct"
        or (_has("at_stake", ctx.message) and any(t.stem in _WIN_BACK for t in toks))
    ):
        return [_Claim("revenue_share_pct", span.text)]  # "win back 10% of that"
    if any(q.percent for q in plain) and (pending == "time_saved_pct" or ctx.has("saving", toks)):
        return [_Claim("time_saved_pct", span.text)]
    if any(_is_duration(toks, q) for q in plain) and (
        pending == "adoption_ramp_months"
        or (
            ctx.has("ramp", toks)
            and pending != "timeline_weeks"
            and not _deadline(toks, plain)  # "rollout wanted within 10 weeks" is a deadline
        )
    ):
        return [_Claim("adoption_ramp_months", span.text)]
    if pending in _VALUE_FIELDS and not _is_rate(toks, plain[0]):
        return [_Claim(pending, span.text)]
    return None


_FROM_TO = re.compile(
    r"\bfrom\s+(?:about\s+|around\s+|~)?(\d+(?:\.\d+)?)\s*(min\w*|hours?|hrs?)?\b.{0,12}?"
    r"\b(?:to|down to)\s+(?:about\s+|around\s+|~)?(\d+(?:\.\d+)?)\s*(min\w*|hours?|hrs?)?",
    re.I,
)
_SHARE_WORDS = re.compile(
    r"\b(half|a third|one third|two thirds|a quarter|one quarter|three quarters|a fifth|"
    r"a tenth)\b(?! (?:of )?(?:a |an )?(?:year|month|week|day|hour))",
    re.I,
)
_HOUR_PHRASES = re.compile(r"\b(half an hour|an hour and a half|an hour|a minute|a day)\b", re.I)


def _value_clause_claims(clause: str, toks: Sequence[Tok], ctx: _Context) -> list[_Claim]:
    """Value facts a clause states without a figure of its own, or across two figures:
    "from 50 min to 20 min" (minutes per item and the share saved), "saves about a quarter
    of the time", "each takes an hour to process"."""
    claims: list[_Claim] = []
    from_to = _FROM_TO.search(clause)
    if from_to and (from_to.group(2) or from_to.group(4)):
        unit = from_to.group(2) or from_to.group(4)
        claims.append(_Claim("minutes_per_item", f"{from_to.group(1)} {unit}"))
        claims.append(_Claim("time_saved_pct", from_to.group(0)))
        return claims
    if (
        _SHARE_WORDS.search(clause)
        and (ctx.pending in ("time_saved_pct", "revenue_share_pct") or ctx.has("saving", toks))
        and not [q for q in find_quantities(toks) if q.value >= 1 and not q.percent]
    ):
        # "if it saved even a tenth of those cancellations": a share of revenue at stake
        # when the message is about revenue and not about people's time.
        revenue = ctx.pending == "revenue_share_pct" or (
            _has("at_stake", ctx.message) and not _has("effort", ctx.message)
        )
        claims.append(_Claim("revenue_share_pct" if revenue else "time_saved_pct", clause))
    if ctx.has("ramp", toks) and _AT_ONCE.find(phrase_stream(toks)):
        claims.append(_Claim("adoption_ramp_months", clause))  # "everyone switches on day one"
    hour = _HOUR_PHRASES.search(clause)
    if (
        hour
        and not find_quantities(toks)
        and (ctx.pending == "minutes_per_item" or ctx.has("effort", toks))
    ):
        claims.append(_Claim("minutes_per_item", hour.group(0)))
    return claims


def _span_claims(span: _Span, ctx: _Context) -> list[_Claim]:
    """The field a span's figure belongs to, from its units and context."""
    toks = span.toks
    plain = list(span.quantities)
    claims: list[_Claim] = []
    value = _value_claims(span, ctx)
    if value is not None:
        return value
    developers = [
        q for q in plain if (u := _next_word(toks, q.end)) is not None and u.stem in _DEVELOPERS
    ]
    if developers:  # "we have 2 devs", "zero developers"
        claims.append(_Claim("team_skill", "", "some" if developers[0].value else "none"))
    if currency_table.find(phrase_stream(toks)):
        first = plain[0]
        per_hour = any(t.text in ("hour", "hourly", "hr") for t in toks)
        per_item = any(t.text in ("per", "each") for t in toks[first.end :]) and not any(
            period_at(toks, k) for k in range(first.end, len(toks))
        )
        if ctx.pending == "monthly_budget_usd" or (
            not per_hour and not per_item and (ctx.has("budget", toks) or _is_rate(toks, first))
        ):
            claims.append(_Claim("monthly_budget_usd", _in_currency(span.text, ctx)))
        return claims
    rates = [q for q in plain if _is_rate(toks, q)]
    over = spread_over(toks)
    counted = [q for q in plain if q != over]
    if (
        over in plain
        and counted
        and not ctx.has("examples", toks)
        and not any(t.stem in _LAUNCH for t in toks)  # "live over the next 3 months"
        and not _counts_people(toks, counted[0])
    ):
        # "6,000 contracts over the next 4 months": a volume a month, not a timeline.
        rates = rates or counted[:1]
        plain = counted
    days = working_days(toks)
    if days is not None and days[0] in plain and len(plain) > 1:
        # "2,500 x 26 days per month": a daily figure times the days worked is a volume.
        plain = [q for q in plain if q != days[0]]
        rates = rates or plain[:1]
    sizes = [q for q in plain if _is_size(toks, q, ctx.pending) and q not in rates]
    if sizes:
        claims += _size_claims(span, ctx)
    if rates and ctx.pending == "minutes_per_item" and _per_hour(toks):
        # "about 4 an hour" answering how long one takes: a throughput, 15 minutes each.
        return [_Claim("minutes_per_item", span.text)]
    if rates:
        if ctx.has("users", toks) or ctx.pending == "monthly_active_users":
            claims.append(_Claim("monthly_active_users", span.text))
        elif ctx.has("budget", toks) or (
            ctx.pending == "monthly_budget_usd"
            and _bare_rate(toks, rates[0])
            and not any(t.text in _CORRECTING for t in ctx.message)
        ):
            # "1,500 a month" answering the budget question is the budget, in the
            # manager's currency; "1,500 emails a month" names what it counts.
            claims.append(_Claim("monthly_budget_usd", _in_currency(span.text, ctx)))
        else:
            claims.append(_Claim("monthly_requests", _volume_text(span, ctx)))
    if any(_is_duration(toks, q) for q in plain) and (
        ctx.pending == "timeline_weeks"
        or (
            ctx.has("timeline", toks)
            and not ctx.has("history", toks)
            and not ctx.has("setback", toks)
        )
    ):
        claims.append(_Claim("timeline_weeks", span.text))
    if any(_is_time(toks, q) for q in plain) and (
        ctx.pending == "latency" or ctx.has("speed", toks)
    ):
        claims.append(_Claim("latency", span.text))
    if any(q.percent for q in plain) and (ctx.pending == "human_review" or ctx.has("review", toks)):
        claims.append(_Claim("human_review", span.text))
    if claims or rates or sizes or any(q.percent for q in plain):
        return claims
    # A bare count: its own words say what it counts, else it answers the pending question.
    # Only a written figure counts here: "we'd back-tag the archive once" is not 1 example.
    if not any(_written(toks, q) for q in plain):
        return []
    if ctx.has("examples", toks):
        return [_Claim("labeled_examples", span.text)]
    if ctx.has("users", toks):
        return [_Claim("monthly_active_users", span.text)]
    return []


def _volume_text(span: _Span, ctx: _Context) -> str:
    """The words a volume is parsed from, with what the rest of the message says about it:
    the count a rate "per hotel" is multiplied by when the message names it elsewhere
    ("one note per hotel per day, 14 hotels" is 14 times one a day), and a working week
    said apart from the figure ("10 questions each a day, mon-fri")."""
    text = span.text
    toks = span.toks
    unit = next(
        (
            toks[k + 1]
            for k in range(len(toks) - 1)
            if toks[k].text == "per"
            and toks[k + 1].number is None
            and not period_at(toks, k + 1)
            and toks[k + 1].stem not in WORKING
        ),
        None,
    )
    if unit is not None and len([q for q in span.quantities if not q.percent]) == 1:
        inside = {id(t) for t in toks}
        for q in find_quantities(ctx.message):
            after = _next_word(ctx.message, q.end)
            if (
                after is not None
                and after.stem == unit.stem
                and not q.percent
                and id(ctx.message[q.start]) not in inside
            ):
                text = f"{join_tokens(ctx.message[q.start : q.end])} {after.text} times {text}"
                break
    said = join_tokens(ctx.message)
    periods = [period_at(toks, k) for k in range(len(toks))]
    if [p for p in periods if p] != ["day"]:
        return text  # "2,500 x 26 days per month" says its own days
    if weekdays_only(said) and not weekdays_only(text):
        text += " weekdays only"  # read by the rate's grammar: a day is a working day
    elif six_days_a_week(said) and not six_days_a_week(text):
        text += " 6 days a week"
    return text


_NEGATION_LEAD = re.compile(r"^(also |and |so )?(not|no|scratch|scratch the)\s+", re.I)


def _claims_without_negation(span: _Span, ctx: _Context) -> list[_Claim]:
    """What the figure of "not 12 weeks" would measure without its "not": the field a
    correction's old figure names."""
    toks = tokenize(_NEGATION_LEAD.sub("", span.text))
    spans = _spans(toks)
    if not spans:
        return []
    return _span_claims(spans[0], _Context(toks, ctx.message, ctx.pending, currency=ctx.currency))


def _named_size_claims(toks: Sequence[Tok], ctx: _Context) -> list[_Claim]:
    """ "a short paragraph out", "half a page out": a size named with no written figure."""
    if not any(t.stem in MEASURE_UNITS for t in toks):
        return []
    if not (ctx.has("output", toks) or _in_or_out(toks) or ctx.pending in _SIZE_FIELDS):
        return []
    return _size_claims(_Span(tuple(toks), (), False), ctx)


def _names_language(toks: Sequence[Tok], k: int) -> bool:
    """Whether the demonym at ``k`` names a language: "into Polish and Czech"."""
    if toks[k].stem not in _DEMONYMS:
        return False
    j = k - 1
    while j >= 0 and (toks[j].stem in _DEMONYMS or toks[j].text in ("and", ",", "or", "&")):
        j -= 1
    return j >= 0 and toks[j].text in _LANGUAGE_LEADS


def _phrase_claims(toks: Sequence[Tok]) -> list[_Claim]:
    """Choice and yes/no facts stated in passing, from ``cues.yaml``."""
    stream = phrase_stream(toks)
    claims = []
    found = {name: phrase_table(name).find(stream) for name in cues().phrases}
    found["audience"] = found.get("audience", []) + own_people_only(stream)
    # A single word inside another field's phrase of three words or more is part of that
    # phrase: the "tenant" of "our own azure tenant" says where it runs, not who reads it.
    long_spans = [(m.start, m.end, name) for name, ms in found.items() for m in ms if m.length >= 3]
    for name in cues().phrases:
        matches = [
            m
            for m in found[name]
            if not m.negated
            and not (
                m.length == 1 and any(o != name and s <= m.start < e for s, e, o in long_spans)
            )
        ]
        if name == "audience":
            # "clients see final books, not the AI output": they never see the model's words.
            matches = [
                m
                for m in matches
                if not (
                    m.key == "external"
                    and (
                        denies_model_output([w for _, w in stream[m.end :]])
                        or sends_input(stream, m)
                        or never_see(toks, stream, m)
                    )
                )
            ]
        if name == "eu_users":
            # "translate into German" names a language, not where the users are.
            matches = [
                m
                for m in matches
                if not (m.length == 1 and _names_language(toks, stream[m.start][0]))
            ]
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
        claims.append(_Claim(name, join_tokens(toks), typed))
    return claims


# --- values --------------------------------------------------------------------------------


def _implausible(field_name: str, value: Value, known: Mapping[str, Value]) -> str:
    """Why a reading is hard to believe for a business use (empty when it is believable)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    if field_name == "monthly_requests" and 0 < value < 20:
        return "that is very few for a business process"
    if field_name == "monthly_requests" and value > 1_000_000_000:
        return "that is more than a billion a month"
    if field_name == "input_tokens" and 0 < value < 30 and known.get("task_type") in _TEXT_TASKS:
        return "that is shorter than a single paragraph"
    if field_name == "input_tokens" and 0 <= value < 10:
        return "that is only a few words"
    if field_name in ("input_tokens", "output_tokens") and value > 200_000:
        return "that is longer than a long book"
    if field_name == "monthly_budget_usd" and 0 < value < 5:
        return "that is less than any model costs to run"
    if field_name == "timeline_weeks" and value > 260:
        return "that is more than five years away"
    return ""


def _share(clause: str, toks: Sequence[Tok]) -> float | None:
    """The share a clause with no figure of its own takes ("maybe half", "about 30%")."""
    if [q for q in find_quantities(toks) if not q.percent and q.value >= 1]:
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
    check = _estimate_check(claim.field, result.check)
    check = check or _implausible(claim.field, value, known) or _per_unit(claim)
    currency = _currency_of(claim.field, result.via)
    finding = Finding(
        claim.field,
        value,
        claim.text,
        check,
        result.sample_text,
        currency,
        _factors(claim.field, claim.text),
    )
    return finding, result


# The fields a product of two figures can be remembered for.
_FACTORED = frozenset({"monthly_requests", "monthly_active_users"})


def _factors(field_name: str, text: str) -> tuple[float, ...]:
    """The figures ``text`` works a volume out from: two it multiplies, and one over the
    span it spreads a total over ("over 5 months" is 1/5), when it does either."""
    if field_name not in _FACTORED:
        return ()
    toks = tokenize(text)
    span = spread_over(toks)
    plain = [q for q in find_quantities(toks) if not q.percent and not q.negative and q != span]
    figures: tuple[float, ...] = ()
    if len(plain) >= 2 and multiplied(toks, plain[0], plain[1]):
        figures = (float(plain[0].value), float(plain[1].value))
    elif plain:
        figures = (float(plain[0].value),)
    if span is not None:
        return (*figures, 1 / float(span.value))
    return figures if len(figures) > 1 else ()


MONEY_FIELDS = frozenset(
    {
        "monthly_budget_usd",
        "hourly_cost_usd",
        "build_cost_usd",
        "cost_per_item_usd",
        "revenue_at_stake_usd",
    }
)


def _currency_of(field_name: str, via: str) -> str | None:
    """The currency a money answer was given in ("money/EUR/month", "effort/GBP")."""
    kind, _, rest = via.partition("/")
    if field_name in MONEY_FIELDS and kind in ("money", "effort", "monthly") and rest:
        return rest.split("/")[0]
    return None


# A rough figure matters where it moves the cost or the verdict; a size or a deadline
# said roughly ("a couple of pages", "a few weeks") is stored as said.
_ESTIMATES_TO_CONFIRM = frozenset(
    {
        "monthly_requests",
        "monthly_budget_usd",
        "labeled_examples",
        "monthly_active_users",
        "minutes_per_item",
        "hourly_cost_usd",
        "time_saved_pct",
        "build_cost_usd",
        "cost_per_item_usd",
        "revenue_at_stake_usd",
        "revenue_share_pct",
    }
)


# A range is a guess between two figures, whatever it measures: its middle is confirmed
# before it is stored ("two to three pages" -> about 1,667 tokens?), as every range is.
_RANGES_TO_CONFIRM = _ESTIMATES_TO_CONFIRM | {"input_tokens", "output_tokens", "timeline_weeks"}


def _estimate_check(field_name: str, check: str) -> str:
    if check == "range" and field_name in _RANGES_TO_CONFIRM:
        return check
    if check in ("range", "vague") and field_name not in _ESTIMATES_TO_CONFIRM:
        return ""
    return check


_PER_UNIT_LEAD = "that is a figure per"


def _per_unit(claim: _Claim) -> str:
    """ "120 per dev per working day" with no head count: a rate per person, not the
    total volume, to be confirmed."""
    if claim.field not in ("monthly_requests", "monthly_active_users"):
        return ""
    toks = tokenize(claim.text)
    figures = [q for q in find_quantities(toks) if not q.percent]
    if len(figures) != 1:
        return ""
    for k, tok in enumerate(toks[:-1]):
        nxt = toks[k + 1]
        if (
            tok.text in ("per", "each")
            and nxt.number is None
            and not period_at(toks, k + 1)
            and nxt.stem not in WORKING
            and nxt.text not in ("a", "an", "the", "per", "every", "each")
        ):
            return f"{_PER_UNIT_LEAD} {nxt.text}, not the total"
    return ""


_RATE_FIELDS = frozenset({"monthly_requests", "monthly_active_users", "monthly_budget_usd"})


def _matches_known(q: Quantity, known: Mapping[str, Value], *, rates: bool = False) -> str | None:
    """The recorded numeric field whose value is ``q`` (the one "not 20k" corrects); with
    ``rates``, also a monthly field that ``q`` is per day, week or year."""
    for name, value in known.items():
        if not isinstance(value, int | float) or isinstance(value, bool) or not value:
            continue
        factors = PERIOD_FACTORS.values() if rates and name in _RATE_FIELDS else (1,)
        if any(
            abs(float(value) - float(q.value * factor)) <= 0.01 * abs(float(value))
            for factor in factors
        ):
            return name
    return None


def _foreign(text: str) -> bool:
    if FOREIGN_SCRIPT.search(text):
        return True
    words = re.findall(r"[^\W\d_]+", text.lower())
    foreign = sum(1 for w in words if w in _foreign_words())
    english = sum(1 for w in words if w in _english_words())
    if foreign >= 2 and foreign > english:
        return True
    # Most of its longer words unknown to an English dictionary: another language ("Os
    # dados incluem informações de saúde"), not English with a few typos or acronyms.
    longer = [w for w in words if len(w) >= 3]
    known = sum(1 for w in longer if is_english(w))
    return len(longer) >= 4 and known / len(longer) < 0.5


def _foreign_words() -> frozenset[str]:
    return frozenset(cues().foreign_words)


def _english_words() -> frozenset[str]:
    return frozenset(cues().english_words)


# --- the reader ----------------------------------------------------------------------------


def read_message(
    text: str,
    pending: Question | None,
    known: Mapping[str, Value],
    similarity: Similarity | None = None,
    last_field: str | None = None,
    factors: Mapping[str, Sequence[float]] | None = None,
) -> Reading:
    """Every fact ``text`` states. ``pending`` is the question the manager was asked,
    ``known`` what is recorded so far, ``last_field`` the field answered last (the one a
    bare "I meant 30k" corrects), ``factors`` the figures recorded volumes were multiplied
    from (the ones "300 agents now, not 400" corrects)."""
    if FOREIGN_SCRIPT.search(text) and is_japanese(text):
        return _read_japanese(text, pending, known, similarity, last_field)
    reading = Reading()
    if _foreign(text):
        reading.unreadable = UNREADABLE
        return reading
    pending_field = pending.field if pending is not None else None
    message = tokenize(text)
    reading.correction = any(
        not m.negated for m in correction_table().find(phrase_stream(message))
    ) or any(_negated_quantity(message, q) for q in find_quantities(message))

    if pending is not None and pending.kind == "text":
        # The use case is the whole message; what it says about the task and the rest is
        # read from it too.
        result = parse_answer(pending, text, similarity)
        reading.pending = result
        if not (result.ok and result.value is not None):
            return reading
        reading.findings.append(Finding(pending.field, _json(result.value), text))
        # The task only when the description names one kind clearly: "agents approve every
        # draft" has "approve" (a decision) in it but describes drafting; when two kinds tie
        # the task question is simply asked.
        task = parse_answer(QUESTION_BY_FIELD["task_type"], text, None)
        if task.ok and not task.skipped and task.value is not None and not task.check:
            reading.findings.append(Finding("task_type", _json(task.value), text))
        elif task.ok and task.value is not None and task.check == "ambiguous":
            # Two kinds named ("extract the fields from scanned PDFs"): the first one, put
            # to the manager to confirm rather than asked from scratch.
            reading.findings.append(Finding("task_type", _json(task.value), text, "ambiguous"))
        # What the description suggests about the EU AI Act questions is put to the manager
        # to confirm, never stored as said; a fact the message states plainly replaces it.
        words = suggestion_words(text)
        for name, value in suggestions(text).items():
            if name not in known:
                reading.findings.append(Finding(name, value, words[name], SUGGESTED))

    leftovers: list[str] = []  # clauses left for the pending question
    figures_read = False  # some clause's figure went to a field other than the pending one
    bare: list[_Span] = []  # figures nothing claimed: a correction may say whose they are
    old_fields: list[str] = []  # fields a correction names with their old figure
    from_clause: dict[str, int] = {}
    all_clauses = clauses(text)
    previous: Sequence[Tok] = ()
    for index, clause in enumerate(all_clauses):
        toks = tokenize(clause)
        given = known.get("currency")
        ctx = _Context(toks, message, pending_field, previous, str(given) if given else None)
        previous = () if find_quantities(toks) else toks
        spans = _spans(toks)
        counted: list[_Claim] = []
        for span in spans:
            if span.negated:
                old_fields += [c.field for c in _claims_without_negation(span, ctx)]
                continue
            span_claims = _span_claims(span, ctx)
            if not span_claims and any(_written(span.toks, q) for q in span.quantities):
                bare.append(span)
            elif not span_claims:
                span_claims = _named_size_claims(list(span.toks), ctx)  # "half a page out"
            counted += span_claims
        if not spans:
            counted = _named_size_claims(toks, ctx)
        figures_read = figures_read or any(c.field != pending_field for c in counted)
        claimed_any = False
        phrased = _phrase_claims(toks)
        if any(c.field == "latency" for c in counted):
            # "the fitter waits there, so within 10 seconds": the time said beats the words.
            phrased = [c for c in phrased if c.field != "latency"]
        for claim in phrased + _value_clause_claims(clause, toks, ctx) + counted:
            if from_clause.get(claim.field) == index:
                continue  # the first reading of a field in a clause stands
            finding, _ = _finding(claim, known, similarity)
            if finding is None:
                continue
            claimed_any = True
            if finding.check not in _ESTIMATES and says_skip(finding.field, clause):
                # "2 megapixel, no idea what that is in tokens": a don't-know, not a 1.
                if finding.field == pending_field:
                    reading.pending = SKIPPED
                continue
            if not _keeps(reading, finding):
                continue
            earlier = reading.by_field().get(finding.field)
            if earlier is not None and _adds_to(clause, finding, earlier):
                # "poc 15k, plus another 10k to wire it in": one sum, not a restatement.
                finding = replace(
                    finding,
                    value=round(float(earlier.value) + float(finding.value), 2),
                    words=f"{earlier.words}, {finding.words}",
                )
                reading.put(finding)
                continue
            # A later clause restates a field more precisely ("the 2,500 I gave you is the
            # whole network; Rotterdam alone is more like 800"): the later one stands.
            if reading.correction and finding.field in from_clause:
                old_fields.append(finding.field)
            reading.put(finding)
            from_clause[finding.field] = index
        if claimed_any and not any(c.field != pending_field for c in counted):
            # Only said in passing ("the letters go to the patient's GP" says the data is
            # about patients): the clause may still answer the pending question.
            leftovers.append(clause)
        elif not claimed_any and not _take_share(reading, clause, toks):
            leftovers.append(clause)

    if pending is not None and pending.kind == "boolean" and len(all_clauses) > 1:
        last = all_clauses[-1]
        if _CONCLUSION.match(last):
            # "We have a factory in Czechia but it has its own IT desk. So no.": the
            # conclusion answers the question, whatever the facts before it suggest.
            reading.findings = [f for f in reading.findings if f.field != pending.field]
            result = parse_answer(pending, last, None)
            if result.ok and result.value is not None:
                reading.pending = result
                reading.findings.append(Finding(pending.field, _json(result.value), last))
    _add_to_known(reading, known)
    if pending is not None and pending.choices and len(all_clauses) > 1:
        _lead_option(reading, pending, all_clauses)
    if factors:
        _per_head(reading, factors)
    if reading.correction and factors and _correct_factor(reading, text, message, known, factors):
        return reading
    if reading.correction and factors and not reading.findings:
        _correct_head_count(reading, text, message, known, factors)
        if reading.findings:
            return reading
    if reading.correction and bare:
        _correct_bare(reading, bare, old_fields, message, known, last_field, pending_field)
        if reading.findings:
            return reading
    if figures_read and pending is not None and pending.kind in _NUMERIC_KINDS:
        # "the 1,200 is motor alone; with household it's 1,800 a week": once the message's
        # figures went to their fields, a leftover figure is context, not the answer.
        leftovers = [c for c in leftovers if not find_quantities(tokenize(c))]
    if pending is not None and pending.kind != "text" and pending_field not in reading.by_field():
        _answer_pending(reading, pending, leftovers, text, known, similarity)
    return reading


def _read_japanese(
    text: str,
    pending: Question | None,
    known: Mapping[str, Value],
    similarity: Similarity | None,
    last_field: str | None,
) -> Reading:
    """A Japanese message, read in the English reader's words (``japanese.rewrite``). A use
    case is kept as the manager wrote it; the facts around it are read from the rewrite."""
    if pending is not None and pending.kind == "tokens" and len(text) > JA_SAMPLE_CHARS:
        # A pasted sample, counted as written (its words are not facts to read).
        result = parse_answer(pending, text, similarity)
        reading = Reading(pending=result)
        if result.ok and result.value is not None:
            value = _json(result.value)
            reading.findings.append(Finding(pending.field, value, text, "", result.sample_text))
        return reading
    english = rewrite(text)
    if "currency" not in known:
        known = {**known, "currency": "JPY"}  # an amount with no currency named is in yen
    if pending is not None and pending.kind == "choice" and only_a_number(text, english):
        return Reading(pending=parse_answer(pending, text, similarity))
    if pending is None or pending.kind != "text":
        return read_message(english, pending, known, similarity, last_field)
    result = parse_answer(pending, text, similarity)
    if not (result.ok and result.value is not None):
        return Reading(pending=result)
    reading = read_message(english, None, known, similarity, last_field)
    reading.pending = result
    reading.findings.insert(0, Finding(pending.field, _json(result.value), text))
    task = parse_answer(QUESTION_BY_FIELD["task_type"], text, None)
    if (
        "task_type" not in reading.by_field()
        and task.ok
        and not task.skipped
        and task.value is not None
        and not task.check
    ):
        reading.findings.append(Finding("task_type", _json(task.value), text))
    words = suggestion_words(english)
    for name, value in suggestions(english).items():
        if name not in known and name not in reading.by_field():
            reading.findings.append(Finding(name, value, words[name], SUGGESTED))
    return reading


_ADDING = re.compile(r"^(and )?(plus|\+|another|on top)\b", re.I)
_SUMMED_FIELDS = frozenset({"build_cost_usd", "monthly_budget_usd"})


# "regional adds another 400 a week", "an extra 2k a month on top": a figure to add to the
# one recorded, not one to replace it.
_ADDS_MORE = re.compile(
    r"\b(adds?|adding|plus)\s+(another|an extra|a further)\b|\b(another|an extra|a further)\s+"
    r"[\d$€£]|\bon top\b",
    re.I,
)
_ADDED_FIELDS = frozenset({"monthly_requests", "monthly_budget_usd", "monthly_active_users"})


def _add_to_known(reading: Reading, known: Mapping[str, Value]) -> None:
    """A figure said to come on top of a recorded one is added to it, and the sum is
    confirmed: "scratch the 900, that's metro only; regional adds another 400 a week"."""
    for finding in list(reading.findings):
        before = known.get(finding.field)
        if (
            finding.field not in _ADDED_FIELDS
            or finding.check
            or not _ADDS_MORE.search(finding.words)
            or not isinstance(before, int | float)
            or isinstance(before, bool)
            or not isinstance(finding.value, int | float)
        ):
            continue
        total = float(before) + float(finding.value)
        value: Value = round(total) if finding.field != "monthly_budget_usd" else round(total, 2)
        reading.put(replace(finding, value=value, check=_ADDED_CHECK))


_ADDED_CHECK = "added to the figure you gave earlier"


def _adds_to(clause: str, finding: Finding, earlier: Finding) -> bool:
    return (
        finding.field in _SUMMED_FIELDS
        and bool(_ADDING.match(clause.strip()))
        and isinstance(finding.value, int | float)
        and isinstance(earlier.value, int | float)
    )


# A later clause that qualifies the option named first: "internal, but it has patient
# names in it" means the stricter reading of the rest stands.
_QUALIFIES = re.compile(r"^\W*(but|though|although|except|however|apart from|other than)\b", re.I)


def _lead_option(reading: Reading, pending: Question, all_clauses: Sequence[str]) -> None:
    """ "Moderate. A wrong clause and council sends it back...", "internal. no customer
    info, just asset IDs and street names": an option named on its own first is the answer;
    what follows is the reason, unless it qualifies it ("but ...")."""
    last = all_clauses[-1]
    if len(last.split()) <= 2:
        # "I said low impact earlier but thinking about it, a wrong dosage could hurt an
        # animal. high.": a level said alone at the end is the conclusion.
        named = parse_answer(pending, last, None)
        if named.ok and named.via == "exact" and named.value is not None:
            reading.put(Finding(pending.field, _json(named.value), last))
            return
    first = all_clauses[0]
    if len(first.split()) > 3 or any(_QUALIFIES.match(c) for c in all_clauses[1:]):
        return
    named = parse_answer(pending, first, None)
    if named.ok and named.via == "exact" and named.value is not None:
        reading.put(Finding(pending.field, _json(named.value), first))


def _keeps(reading: Reading, finding: Finding) -> bool:
    """Whether ``finding`` replaces what an earlier clause said of its field: the most
    demanding data, audience or hosting named anywhere counts unless it is a correction."""
    earlier = reading.by_field().get(finding.field)
    order = STRICTEST_WINS.get(finding.field)
    if earlier is None or not order or reading.correction:
        return True
    return order.index(str(finding.value)) >= order.index(str(earlier.value))


def _take_share(reading: Reading, clause: str, toks: Sequence[Tok]) -> bool:
    """ "9,000 a month, I'd guess the bot takes maybe half": the volume times the share,
    to be confirmed."""
    share = _share(clause, toks)
    found = reading.by_field()
    volume = found.get("monthly_requests") or found.get("monthly_active_users")
    if share is None or volume is None or not isinstance(volume.value, int):
        return False
    reading.put(
        replace(
            volume,
            value=round(volume.value * share),
            words=f"{volume.words}, {clause}",
            check="vague",
        )
    )
    return True


def _correct_bare(
    reading: Reading,
    bare: list[_Span],
    old_fields: list[str],
    message: Sequence[Tok],
    known: Mapping[str, Value],
    last_field: str | None,
    pending_field: str | None,
) -> None:
    """A correction's figure with no unit: "not 12 weeks, 20", "scratch the 6 weeks, we need
    10", "I meant 30k", "the volume is double, so 40k". Its field is the one named with the
    old figure, else the one whose recorded value the message negates, else a field keyword,
    else the field answered last."""
    restated = reading.by_field()
    for q in find_quantities(tokenize(bare[-1].text)):
        if (field := _matches_known(q, known, rates=True)) is not None and field in restated:
            # "the 1,200 is motor alone; with household it's 1,800 a week": the old
            # figure of a field the message restates, named as context.
            return
    negated = [q for q in find_quantities(message) if _negated_quantity(message, q)]
    target = next((f for f in reversed(old_fields)), None)
    if target is None:
        target = next((f for q in negated if (f := _matches_known(q, known))), None)
    if target is None:
        target = _named_field(message)
    for candidate in (last_field, pending_field):
        if target is None and candidate and QUESTION_BY_FIELD[candidate].kind in _NUMERIC_KINDS:
            target = candidate
    if target is None:
        return
    finding, result = _finding(_Claim(target, bare[-1].text), known, None)
    if finding is not None:
        reading.put(finding)
        if target == pending_field:
            reading.pending = result


def _per_head(reading: Reading, factors: Mapping[str, Sequence[float]]) -> None:
    """ "More like 120 per dev per working day" after "350 devs x 40 calls a working day":
    the new figure per person times the head count given before, said back to confirm."""
    for finding in list(reading.findings):
        figures = factors.get(finding.field) or ()
        if (
            not finding.check.startswith(_PER_UNIT_LEAD)
            or len(figures) < 2
            or not all(f >= 1 for f in figures[:2])
            or not isinstance(finding.value, int)
        ):
            continue
        head = figures[0]
        per = find_quantities(tokenize(finding.words))
        reading.put(
            replace(
                finding,
                value=round(finding.value * head),
                check=f"that is the figure per person times the {head:,.0f} you gave",
                factors=(head, float(per[0].value)) if per else (),
            )
        )


def _correct_head_count(
    reading: Reading,
    text: str,
    message: Sequence[Tok],
    known: Mapping[str, Value],
    factors: Mapping[str, Sequence[float]],
) -> None:
    """ "Make that 35 sites" after "30 sites x 60 photos a day": one new count of the
    people or places a recorded volume was multiplied by; the volume is worked out again
    with it in place of the head count and confirmed."""
    counts = [
        q
        for q in find_quantities(message)
        if not q.percent
        and not q.negative
        and (noun := _next_word(message, q.end)) is not None
        and noun.stem in PER_HEAD
    ]
    if len(counts) != 1:
        return
    new = counts[0]
    for name, made_of in factors.items():
        value = known.get(name)
        if (
            name != "monthly_requests"
            or len(made_of) < 2
            or made_of[0] < 1
            or not isinstance(value, int | float)
            or isinstance(value, bool)
        ):
            continue
        head = made_of[0]
        reading.put(
            Finding(
                name,
                round(float(value) * float(new.value) / head),
                text,
                check=f"that is the volume worked out again with {float(new.value):,.0f} "
                f"instead of {head:,.0f}",
                factors=(float(new.value), *made_of[1:]),
            )
        )
        return


def _correct_factor(
    reading: Reading,
    text: str,
    message: Sequence[Tok],
    known: Mapping[str, Value],
    factors: Mapping[str, Sequence[float]],
) -> bool:
    """ "It's 300 agents now, not 400": the negated figure is one a recorded volume was
    multiplied from, so the volume is worked out again with the new one (294,000 for 400
    agents x 35 calls a working day becomes 220,500)."""
    quantities = [q for q in find_quantities(message) if not q.percent and not q.negative]
    negated = [q for q in quantities if _negated_quantity(message, q)]
    stated = [q for q in quantities if q not in negated]
    for old in negated:
        for name, figures in factors.items():
            value = known.get(name)
            if not isinstance(value, int | float) or isinstance(value, bool):
                continue
            # A span a total was spread over is kept as its inverse: "4 months, not 5".
            inverse = [0 < f < 1 for f in figures]
            written = [1 / f if inverse[k] else f for k, f in enumerate(figures)]
            at = next(
                (k for k, w in enumerate(written) if w and abs(w - float(old.value)) <= 0.01 * w),
                None,
            )
            others = [q for q in stated if q.value != old.value]
            if at is None or not others or not old.value:
                continue
            # The figure beside it; "17 hotels, not 14 - the three new ones ..." says the new
            # figure first, so one just before the "not" wins over one after.
            before = [q for q in others if 0 <= old.start - q.end <= 4]
            new = before[-1] if before else min(others, key=lambda q: abs(q.start - old.start))
            changed = list(figures)
            changed[at] = 1 / float(new.value) if inverse[at] else float(new.value)
            # The new figure is this volume's, not another field's ("4 months" no timeline).
            reading.findings = [
                f
                for f in reading.findings
                if not isinstance(f.value, int | float) or isinstance(f.value, bool)
            ]
            reading.put(
                Finding(
                    name,
                    round(float(value) * changed[at] / figures[at]),
                    text,
                    factors=tuple(changed),
                )
            )
            return True
    return False


def _answer_pending(
    reading: Reading,
    pending: Question,
    leftovers: list[str],
    text: str,
    known: Mapping[str, Value],
    similarity: Similarity | None,
) -> None:
    """Read what no other field claimed as the answer to the pending question."""
    rest = ", ".join(leftovers)
    if not rest and reading.findings:
        return
    # The meaning-based guess (an embedding per call) is for a short answer in the
    # manager's own words; a message that said other things, or a long one, is not guessed.
    guess = similarity if not reading.findings and len((rest or text).split()) <= 15 else None
    result = parse_answer(pending, rest or text, guess)
    given = known.get("currency")
    if (
        pending.field in MONEY_FIELDS
        and result.ok
        and _currency_of(pending.field, result.via) == "USD"
        and given
        and given != "USD"
        and not currency_table.find(phrase_stream(tokenize(rest or text)))
    ):
        # "about 40k" from a manager who gave money in euros before: euros, said back
        # with the currency so a wrong reading is seen at once.
        result = parse_answer(pending, f"{rest or text} {given}", guess)
    reading.pending = result
    if not result.ok and not reading.findings:
        # Not an answer to the question asked, but an option's own name ("batch", "on
        # premises"): the manager answered another question; take that one.
        named = [
            (question.field, parsed)
            for question in QUESTION_BY_FIELD.values()
            if question.choices and question.field != pending.field
            for parsed in [parse_answer(question, text)]
            if parsed.ok and parsed.via == "exact" and parsed.value is not None
        ]
        if len(named) == 1:
            name, parsed = named[0]
            reading.findings.append(Finding(name, _json(parsed.value), text))
        return
    if not result.ok or result.skipped or result.value is None:
        return
    value = _json(result.value)
    estimate = _estimate_check(pending.field, result.check)
    check = estimate or _implausible(pending.field, value, known)
    if check and not estimate and says_skip(pending.field, text):
        reading.pending = SKIPPED  # "no idea, a line maybe": a don't-know, not a figure
        return
    currency = _currency_of(pending.field, result.via)
    words = rest or text
    reading.findings.append(
        Finding(
            pending.field,
            value,
            words,
            check,
            result.sample_text,
            currency,
            _factors(pending.field, words),
        )
    )
