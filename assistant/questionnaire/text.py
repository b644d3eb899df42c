"""Text as the answer readers see it: normalised, tokenised, lightly stemmed, and matched
against phrase lists with negation in scope.

One place for how a manager's words become tokens ("on-prem", "on prem" and "on / prem"
read the same; "summarise", "summarized" and "summarising" meet), so every reader, the
phrase data and the message reader match text the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

_TRANSLATE = {
    ord("\u2019"): "'",
    ord("\u2018"): "'",
    ord("\u201c"): '"',
    ord("\u201d"): '"',
    ord("\u2013"): "-",
    ord("\u2014"): "-",
    ord("\u2212"): "-",
    ord("\u301c"): "-",  # 〜 and ～, the wave dash of a Japanese range ("20〜30%")
    ord("\uff5e"): "-",
    ord("\u00a0"): " ",
    ord("\u202f"): " ",
    ord("\u2009"): " ",
    ord("\u00d7"): " x ",
}
_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\bcan't\b", "can not"),
        (r"\bcannot\b", "can not"),
        (r"\bwon't\b", "will not"),
        (r"\bain't\b", "is not"),
        (r"n't\b", " not"),
        (r"\b(it|that|what|there|here|who)'s\b", r"\1 is"),
        (r"\bi'm\b", "i am"),
        (r"'re\b", " are"),
        (r"'ve\b", " have"),
        (r"'ll\b", " will"),
        (r"'d\b", " would"),
        (r"'s\b", ""),  # possessive: "next quarter's sales"
        (r"\b(dont|doesnt|didnt|isnt|arent|wont|cant|wouldnt|havent)\b", r"\1 not"),
    )
)
# "US" the country, before lowercasing turns it into the pronoun.
_US = re.compile(r"\bU\.?S\.?(?:A\.?)?(?![A-Za-z])")
_SPACE_GROUPS = re.compile(r"(?<![\d.,])(\d{1,3})((?: \d{3})+)(?![\d.,]\d)")
# "1,50,000" and "12,00,000": Indian grouping (lakhs), two digits a group above the
# thousands; read as 150000, never as 1.
_INDIAN_GROUPS = re.compile(r"(?<![\d.,])(\d{1,2})((?:,\d{2})+),(\d{3})(?![\d,]\d)")
# "a page and a half", "a month and a half": one and a half of the unit.
# Also without the articles, as written in a hurry or by a non-native writer: "page and half".
_A_UNIT_AND_A_HALF = re.compile(
    r"\b(?:an? )?(page|paragraph|week|month|year|day) and (?:a )?half\b"
)
_TOKEN = re.compile(r"[0-9]+(?:[,.'][0-9]+)*|[a-z]+|[^\sa-z0-9]")
# Scripts the reader does not understand yet: a number written "2万" must never be read
# as 2, so an answer in them is refused with ``UNREADABLE`` rather than misread.
FOREIGN_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff10-\uff19]")
UNREADABLE = (
    "I read English answers only for now, so I haven't noted anything from that. "
    "Please give it in English, with numbers in digits, like '20,000 a month', "
    "'3 pages' or '6 weeks'."
)
JOINERS = frozenset({"-", "/", "'", '"', "_", "*", "#"})
CLAUSE_BREAKS = frozenset(
    ", . ; : ! ? ( ) but however though although only just rather instead whereas except".split()
)
NEGATORS = frozenset(
    {"not", "no", "never", "without", "nor", "neither", "none", "nothing", "nobody", "noone"}
)


def normalise(text: str) -> str:
    text = _US.sub(" usa ", text.translate(_TRANSLATE)).lower()
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = _A_UNIT_AND_A_HALF.sub(r"1.5 \1s", text)
    text = _INDIAN_GROUPS.sub(lambda m: m.group(1) + m.group(2).replace(",", "") + m.group(3), text)
    # "1 500" and "10 000": space-grouped thousands.
    return _SPACE_GROUPS.sub(lambda m: m.group(1) + m.group(2).replace(" ", ""), text)


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude stemmer applied to both answers and synonyms, so only consistency matters:
    British and American spellings meet (summarise/summarize, labelled/labeled) and common
    endings go (summarising, summarised, summarisation -> summariz)."""
    if not word.isalpha() or len(word) <= 3:
        return word
    word = re.sub(r"is(e|ed|es|ing|ation|ations|er|ers)$", r"iz\1", word)
    word = re.sub(r"ys(e|ed|es|ing)$", r"yz\1", word)
    word = re.sub(r"tre(s?)$", r"ter\1", word)
    for suffix, replacement in (
        ("ations", ""),
        ("ation", ""),
        ("ings", ""),
        ("ing", ""),
        ("ies", "y"),
        ("es", ""),
        ("ed", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) + len(replacement) >= 3:
            if suffix == "s" and word.endswith("ss"):
                break
            word = word[: len(word) - len(suffix)] + replacement
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1].isalpha():
        word = word[:-1]
    return word


@dataclass(frozen=True)
class Tok:
    text: str
    stem: str
    number: Fraction | None = None  # digits, parsed
    too_big: bool = False


def number_value(raw: str) -> Fraction | None:
    digits = re.sub(r"\D", "", raw)
    if len(digits) > 18:
        return None
    text = raw.replace("'", "")
    if re.fullmatch(r"\d+", text):
        return Fraction(int(text))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return Fraction(text.replace(",", ""))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?", text):  # 1.500.000,50
        return Fraction(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+,\d{1,2}", text):  # decimal comma
        return Fraction(text.replace(",", "."))
    if re.fullmatch(r"\d+\.\d+", text):
        return Fraction(text)
    return None


def tokenize(text: str) -> list[Tok]:
    toks: list[Tok] = []
    for match in _TOKEN.finditer(normalise(text)):
        raw = match.group()
        if raw[0].isdigit():
            value = number_value(raw)
            big = value is None and len(re.sub(r"\D", "", raw)) > 18
            toks.append(Tok(raw, raw, value, too_big=big))
        else:
            toks.append(Tok(raw, stem(raw)))
    return toks


@lru_cache(maxsize=8192)
def phrase(text: str) -> tuple[str, ...]:
    return tuple(t.stem for t in tokenize(text) if t.text not in JOINERS)


# Words that only strengthen the next one: "a cloud API is totally fine" is "... is fine".
INTENSIFIERS = frozenset({"totally", "perfectly", "completely", "entirely"})


def phrase_stream(toks: Sequence[Tok]) -> list[tuple[int, str]]:
    """(token index, stem) of the tokens phrases are matched on: joiners and intensifiers
    dropped, so 'on-prem', 'on prem' and 'on / prem' read the same."""
    return [
        (i, t.stem)
        for i, t in enumerate(toks)
        if t.text not in JOINERS and t.text not in INTENSIFIERS
    ]


@dataclass(frozen=True)
class Match:
    key: str
    start: int  # positions in the stream
    end: int
    negated: bool

    @property
    def length(self) -> int:
        return self.end - self.start


# A word this long written with one letter wrong, missing or extra ("embarassing",
# "reveiw", "confidental") still matches a phrase's word: people type fast, and a typo
# should cost a re-ask no more than a synonym does. Shorter words must match exactly
# ("form" is not "from").
TYPO_MIN_LENGTH = 6


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    """The English words pyspellchecker knows (its frequency list, about 160,000 words),
    loaded on the first long word that matches no phrase exactly."""
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en", distance=1).word_frequency.dictionary)


@lru_cache(maxsize=8192)
def is_english(stem: str) -> bool:
    """Whether ``stem`` is an English word or the stem of one ("product", "produc" of
    "produce"): a real word is never read as a typo of another ("product" is not
    "produce")."""
    words = _english()
    return any(stem + ending in words for ending in ("", "e", "s", "es", "ed", "ing", "y"))


def _deletions(word: str) -> set[str]:
    return {word[:k] + word[k + 1 :] for k in range(len(word))}


def one_typo_apart(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` (both at least ``TYPO_MIN_LENGTH`` long) differ by one
    letter changed, added, dropped or two letters swapped."""
    if a == b:
        return True
    if min(len(a), len(b)) < TYPO_MIN_LENGTH or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return short in _deletions(long)


class PhraseTable:
    """Phrases (stemmed) mapped to keys, matched longest first without overlaps; a long
    word one typo away from a phrase's word matches it (``one_typo_apart``)."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        # Every long first word and its one-letter deletions, so a typo of a first word
        # is found without comparing it with every phrase.
        self._near_first: dict[str, set[str]] = {}
        for phrase_text, key in entries:
            stems = phrase(phrase_text)
            if stems:
                self._by_first.setdefault(stems[0], []).append((stems, key))
        for first in self._by_first:
            if len(first) >= TYPO_MIN_LENGTH:
                for variant in _deletions(first) | {first}:
                    self._near_first.setdefault(variant, set()).add(first)

    def _firsts(self, stem: str) -> set[str]:
        if len(stem) < TYPO_MIN_LENGTH - 1 or stem in self._by_first or is_english(stem):
            return {stem}
        near: set[str] = {stem}
        for variant in _deletions(stem) | {stem}:
            near |= self._near_first.get(variant, set())
        return {first for first in near if first == stem or one_typo_apart(first, stem)}

    def find(self, stream: Sequence[tuple[int, str]]) -> list[Match]:
        stems = [stem for _, stem in stream]
        found: list[tuple[int, int, str]] = []
        for i, stem in enumerate(stems):
            for first in self._firsts(stem):
                for phrase, key in self._by_first.get(first, ()):
                    words = stems[i : i + len(phrase)]
                    if len(words) == len(phrase) and all(
                        w == p or (one_typo_apart(w, p) and not is_english(w))
                        for w, p in zip(words, phrase, strict=True)
                    ):
                        found.append((i, i + len(phrase), key))
        found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken: set[int] = set()
        chosen: list[Match] = []
        for start, end, key in found:
            if taken.intersection(range(start, end)):
                continue
            taken.update(range(start, end))
            first = stems[start]
            # "nobody looks at them except audits": a phrase opening with a clause break
            # starts afresh, out of reach of the negation before it.
            negated = (
                first not in NEGATOR_STEMS
                and first not in CLAUSE_BREAKS
                and negated_before(stems, start)
            )
            chosen.append(Match(key, start, end, negated))
        chosen.sort(key=lambda m: m.start)
        return chosen


NEGATOR_STEMS = frozenset(stem(word) for word in NEGATORS)


def negated_before(stems: Sequence[str], start: int, window: int = 5) -> bool:
    for stem in reversed(stems[max(0, start - window) : start]):
        if stem in CLAUSE_BREAKS:
            return False
        if stem in NEGATOR_STEMS:
            return True
    return False


_NO_SPACE_BEFORE = frozenset(",.;:!?%)-/'")
_NO_SPACE_AFTER = frozenset("$€£(-/'")


def join_tokens(toks: Sequence[Tok]) -> str:
    """Tokens back to readable text: '$', '2', 'k', '/', 'month' -> '$2k/month'."""
    text = ""
    for k, tok in enumerate(toks):
        prev = toks[k - 1] if k else None
        glued = prev is None or (
            tok.text in _NO_SPACE_BEFORE
            or prev.text in _NO_SPACE_AFTER
            or (prev.number is not None and tok.text in ("k", "m", "bn", "b", "mn"))
        )
        text += tok.text if glued else " " + tok.text
    return text
