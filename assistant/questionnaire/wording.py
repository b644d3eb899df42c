"""How recorded answers are said back to the manager: field names and values in plain words,
and the questions themselves, in the assessment's language.

One place for "volume: 20,000 a month", "human review: every output is checked", "monthly
budget: €3,000 a month (about $3,450)", used by the dialogue's summaries, confirmations
and what-ifs. Field names come from ``cues.yaml``; choice values from the questions'
labels; money from the parser's fixed rates, so what is said back is what was stored.

The questions, the field names and the reader's re-asks are written in English in their
own modules; other languages are looked up in the message catalogue (``assistant.i18n``)
when they are said, so the data stays in one place and the reader never sees a translation.
``catalogued_texts`` lists every such text, for the test that the catalogue has them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction

from assistant.i18n import N_, SOURCE_LANG, Translator, translator
from assistant.questionnaire.cues import cues
from assistant.questionnaire.parsing import _REASK, _WHAT, FX_TO_USD, TOKENS_PER_WORD, _reask
from assistant.questionnaire.questions import (
    _TASK_CHOICES,
    DEFAULTS,
    QUESTION_BY_FIELD,
    QUESTIONS,
    TASK_SIZES,
    TASK_VALUES,
    Choice,
    Question,
    Value,
    _task,
    default_reason,
)
from assistant.questionnaire.text import UNREADABLE

CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£"}


def label(field: str, lang: str | None = None) -> str:
    """The field as the manager would name it ("volume", "who sees the output")."""
    return translator(lang)(cues().label(field))


def money(usd: float, currency: str | None = None, lang: str | None = None) -> str:
    """An amount in the currency it was given in, with dollars beside it: "€3,000 (about
    $3,450)"; dollars alone for USD."""
    code = currency or "USD"
    if code == "USD" or code not in FX_TO_USD:
        return f"${_figure(usd)}"
    local = float(Fraction(str(usd)) / FX_TO_USD[code])
    tr = translator(lang)
    sign = CURRENCY_SIGNS.get(code)
    if code == "JPY" and tr.lang == "ja":
        shown = f"{_figure(local)}円"  # how yen is written in Japanese
    else:
        shown = f"{sign}{_figure(local)}" if sign else f"{_figure(local)} {code}"
    return tr("{amount} (about {usd})").format(amount=shown, usd=f"${_figure(usd)}")


def _figure(amount: float) -> str:
    """Cents only below 100 where there are any ("4.50", "1.80"; "8", "3,000")."""
    if 0 < amount < 100 and round(amount, 2) != round(amount):
        return f"{amount:,.2f}"
    return f"{amount:,.0f}"


def _plural(tr: Translator, value: float, one: str, many: str) -> str:
    return tr(one if value == 1 else many).format(n=f"{value:,.0f}")


def describe(field: str, value: Value, currency: str | None = None, lang: str | None = None) -> str:
    """The value in plain words, with its unit."""
    tr = translator(lang)
    question = QUESTION_BY_FIELD.get(field)
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if question is not None and question.kind == "choices":
        names = [
            tr(c.label)
            for part in str(value).split(",")
            for c in question.choices
            if c.value == part
        ]
        return tr(", ").join(names) if names else str(value).replace("_", " ")
    if question is not None and question.choices:
        choice = next((c for c in question.choices if c.value == value), None)
        return tr(choice.label) if choice else str(value).replace("_", " ")
    if isinstance(value, int | float):
        amount = money(float(value), currency, lang)
        if field == "monthly_requests":
            return tr("{n} a month").format(n=f"{value:,.0f}")
        if field == "monthly_active_users":
            return tr("{n} users a month").format(n=f"{value:,.0f}")
        if field in ("input_tokens", "output_tokens"):
            words = round(float(value) / float(TOKENS_PER_WORD))
            return tr("about {tokens} tokens (~{words} words)").format(
                tokens=f"{value:,.0f}", words=f"{words:,}"
            )
        if field in ("monthly_budget_usd", "revenue_at_stake_usd"):
            return tr("{amount} a month").format(amount=amount)
        if field == "timeline_weeks":
            return _plural(tr, value, N_("{n} week"), N_("{n} weeks"))
        if field == "minutes_per_item":
            return tr("{n} minutes").format(n=f"{float(value):,.1f}".removesuffix(".0"))
        if field == "hourly_cost_usd":
            return tr("{amount} an hour").format(amount=amount)
        if field in ("time_saved_pct", "revenue_share_pct"):
            return f"{float(value):g}%"
        if field == "cost_per_item_usd":
            return tr("{amount} per item").format(amount=amount)
        if field == "build_cost_usd":
            return tr("{amount} one-off").format(amount=amount)
        if field == "adoption_ramp_months":
            if value == 0:
                return tr("at once")
            return _plural(tr, value, N_("{n} month"), N_("{n} months"))
        return f"{value:,.0f}"
    text = str(value)
    shown = f"{text[:80]}…" if len(text) > 80 else text
    return tr("“{text}”").format(text=shown)


# --- the questions, as the manager reads them --------------------------------------------


def localized(question: Question, lang: str | None = None) -> Question:
    """``question`` with what the manager reads in ``lang``: the prompt, the help, the
    hint and each choice's label and description. Its values and synonyms are the
    reader's and stay as they are."""
    tr = translator(lang)
    if tr.lang == SOURCE_LANG:
        return question
    return question.model_copy(
        update={
            "prompt": tr(question.prompt),
            "help": tr(question.help),
            "unit_hint": tr(question.unit_hint),
            "choices": tuple(
                c.model_copy(update={"label": tr(c.label), "description": tr(c.description)})
                for c in question.choices
            ),
        }
    )


# Said around a choice typed back as shown: 「個人情報です」, 「“社内情報”」.
# Around a label typed back: quotes, a full stop, 「です」, and 「のみ」「だけ」「で」「にします」
# (「自社のクラウド環境のみです」 picks that choice as surely as the label alone).
_AROUND_LABEL = re.compile(
    r"^[\s「『“\"']+|[\s」』”\"'。.!！]*(のみ|だけ|で|にします|でお願いします)?"
    r"(です|でございます)?[\s。.!！]*$"
)


def own_words(question: Question, text: str, lang: str | None = None) -> str:
    """``text`` as the reader understands it: a choice typed back as it was shown in
    ``lang`` (a label of the question, or several labels of a several-choice question,
    split by 、) is put into its English label, which the reader reads exactly; any other
    text is left as it is."""
    tr = translator(lang)
    if tr.lang == SOURCE_LANG or not question.choices:
        return text
    labels = {_AROUND_LABEL.sub("", tr(c.label)): c.label for c in question.choices}
    typed = _AROUND_LABEL.sub("", text)
    if typed in labels:
        return labels[typed]
    if question.kind == "choices":
        parts = [_AROUND_LABEL.sub("", part) for part in re.split(r"[、,]|と(?=[^、,]*$)", typed)]
        if len(parts) > 1 and all(part in labels for part in parts):
            return ", ".join(labels[part] for part in parts)
    return text


# The reader's re-asks (``parsing``) open with one of these before the re-ask proper; the
# named groups are filled into the translation.
_LEADS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (r"I didn't catch an answer\.", N_("I didn't catch an answer.")),
        (
            r"I need a short description to give any advice\.",
            N_("I need a short description to give any advice."),
        ),
        (r"I need this one to give any advice\.", N_("I need this one to give any advice.")),
        (r"That number is too large to be right\.", N_("That number is too large to be right.")),
        (
            r"(?P<what>.+) can't be negative: give 0 or more\.",
            N_("{what} can't be negative: give 0 or more."),
        ),
        (
            r"That is outside what I can take for this \((?P<detail>.+)\)\.",
            N_("That is outside what I can take for this ({detail})."),
        ),
    )
)
# Whole messages with a figure in them.
_WHOLE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.S), message)
    for pattern, message in (
        (
            r"That answer is too long \((?P<length>[\d,]+) characters; the limit is "
            r"(?P<limit>[\d,]+)\): please answer in a sentence( \(or a shorter sample\))?\.",
            N_(
                "That answer is too long ({length} characters; the limit is {limit}): please "
                "answer in a sentence."
            ),
        ),
        (
            r"Please keep the description under (?P<limit>[\d,]+) characters \(it has "
            r"(?P<length>[\d,]+)\): a sentence or two is enough\.",
            N_(
                "Please keep the description under {limit} characters (it has {length}): a "
                "sentence or two is enough."
            ),
        ),
        (r"That is out of range \((?P<detail>.+)\)\.", N_("That is out of range ({detail}).")),
        (
            r"There is no question about '(?P<field>.+)'\.",
            N_("There is no question about '{field}'."),
        ),
    )
)
_IF_NONE_FITS = " If none fits, say 'other'."
# Why a reading is confirmed first, when the reader says it in a sentence with a figure.
_WHY: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message)
    for pattern, message in (
        (
            r"that is the figure per person times the (?P<head>[\d,]+) you gave",
            N_("that is the figure per person times the {head} you gave"),
        ),
        (
            r"that is a figure per (?P<unit>\S+), not the total",
            N_("that is a figure per {unit}, not the total"),
        ),
        (
            r"that is the volume worked out again with (?P<new>[\d,]+) instead of "
            r"(?P<old>[\d,]+)",
            N_("that is the volume worked out again with {new} instead of {old}"),
        ),
    )
)


def _quoted(tr: Translator, choices: tuple[Choice, ...] | list[Choice]) -> str:
    names = [tr("'{label}'").format(label=tr(c.label)) for c in choices]
    if len(names) == 1:
        return names[0]
    return tr("{items} or {last}").format(items=tr(", ").join(names[:-1]), last=names[-1])


def reask(question: Question, lang: str | None = None) -> str:
    """What the reader asks again when an answer to ``question`` was not understood."""
    tr = translator(lang)
    english = _reask(question)
    if tr.lang == SOURCE_LANG or tr.has(english):
        return tr(english)
    if question.kind == "choices":
        return tr("Please name the areas that apply, such as {some}, or say '{none}'.").format(
            some=_quoted(tr, question.choices[:-1][:3]), none=tr(question.choices[-1].label)
        )
    if question.choices:
        return tr("Please pick one of: {choices}.").format(choices=_quoted(tr, question.choices))
    return tr("I need {what}.").format(what=tr(question.unit_hint))


def _lead(text: str, tr: Translator) -> str | None:
    if not text:
        return ""
    for pattern, message in _LEADS:
        found = pattern.fullmatch(text)
        if found:
            return tr(message).format(**found.groupdict())
    return None


def say_message(message: str, question: Question | None, lang: str | None = None) -> str:
    """A message of the reader or the interview (a re-ask, a refusal) in ``lang``; said as
    it is when the catalogue has no way to say it."""
    tr = translator(lang)
    if tr.lang == SOURCE_LANG or not message:
        return message
    if tr.has(message):
        return tr(message)
    for pattern, template in _WHOLE:
        found = pattern.fullmatch(message)
        if found:
            return tr(template).format(**{k: v for k, v in found.groupdict().items() if v})
    if question is not None:
        english = _reask(question)
        rest, tail = message, ""
        if rest.endswith(_IF_NONE_FITS):
            rest, tail = rest.removesuffix(_IF_NONE_FITS), tr(_IF_NONE_FITS.strip())
        if rest.endswith(english):
            lead = _lead(rest.removesuffix(english).strip(), tr)
            if lead is not None:
                return "".join(part for part in (lead, reask(question, lang), tail) if part)
    return message


def why_checked(why: str, lang: str | None = None) -> str:
    """The reader's reason to confirm a reading ("that is very few for a business
    process") in ``lang``."""
    tr = translator(lang)
    if tr.lang == SOURCE_LANG or tr.has(why):
        return tr(why)
    for pattern, template in _WHY:
        found = pattern.fullmatch(why)
        if found:
            return tr(template).format(**found.groupdict())
    return why


TYPICAL_FOR = N_("typical for {task}: {basis}")


def default_reason_text(field: str, task_type: str | None, lang: str | None = None) -> str:
    """Why a skipped field took its default, in ``lang`` (``default_reason`` in English):
    the per-task figures say which task they are typical for."""
    tr = translator(lang)
    if tr.lang == SOURCE_LANG:
        return default_reason(field, task_type)
    task = _task(task_type)
    if field in ("input_tokens", "output_tokens"):
        basis = TASK_SIZES[task].basis
    elif field in ("minutes_per_item", "time_saved_pct"):
        basis = TASK_VALUES[task].basis
    else:
        return tr(DEFAULTS[field].reason)
    label = next((c.label for c in _TASK_CHOICES if c.value == task.value), task.value)
    return tr(TYPICAL_FOR).format(task=tr(label), basis=tr(basis))


def catalogued_texts() -> Iterator[str]:
    """Every text of the questions' and the reader's data that is said to the manager
    (the code's own texts are marked where they are written, for the extractor)."""
    for question in QUESTIONS:
        yield from (question.prompt, question.help, question.unit_hint)
        for choice in question.choices:
            yield from (choice.label, choice.description)
        if not question.choices:  # a choice question's re-ask is put together from its labels
            yield _reask(question)
    yield from cues().labels.values()
    yield from _REASK.values()
    yield from _WHAT.values()
    yield UNREADABLE
    yield _IF_NONE_FITS.strip()
    # Why a skipped question took its default (the assumptions table of a report).
    yield from (d.reason for d in DEFAULTS.values())
    yield from (size.basis for size in TASK_SIZES.values())
    yield from (value.basis for value in TASK_VALUES.values())
