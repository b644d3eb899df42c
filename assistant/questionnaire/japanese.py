"""Japanese answers read by rewriting them into the English reader's own phrasing.

A Japanese manager writes 「月2万件くらい」, 「A4で2〜3枚」 or 「個人情報は含まない、社内文書だけ」.
Rather than a second parser with its own rules, ``rewrite`` turns such text, deterministically,
into the words the English reader already understands ("about 20000 a month", "2 to 3
pages", "not personal data, internal documents only") and the English reader does the rest:
periods, multipliers, validation and bounds, ranges and vague amounts marked to confirm,
corrections and skips all behave the same in both languages, and a reading is never a
silent guess. The rewrite:

* normalises with NFKC (full-width digits and commas, half-width katakana);
* turns numerals into digits: 万 = 10,000, 千, 百, 十 and 億 combined as written
  (「2万5千」 = 25000, 「1億2千万」 = 120000000, 「三か月」 = 3か月), 割 into a percentage, and
  ranges (「2万〜3万」, 「20〜40万」, 「1万5千から2万」) into "20000 to 30000", the scale of the
  upper bound carried to a bare lower one; orders of magnitude without digits (数百, 数千,
  十数) into the English reader's vague words, so they are confirmed;
* moves a period written before its figure after it (「月2万件」 → "20000 a month");
* replaces phrases (``cues_ja.yaml``), longest first, with English words, and undoes the
  phrase or figure just before a negation (「オンプレは不要」 → "not on premises");
* drops any Japanese left over, so an unknown word costs a re-ask, never a wrong value.

Japanese is told from Chinese and Korean: Hangul is never Japanese, and text without kana
that uses a character only simplified Chinese has (两, 这, 每 ...) is Chinese; both stay
unreadable, because 万 in 「两万条」 or 「30만 엔」 must not be read as a Japanese number.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from assistant.questionnaire.currency import currency_table
from assistant.questionnaire.questions import split_phrases
from assistant.questionnaire.text import FOREIGN_SCRIPT, phrase_stream, tokenize

if TYPE_CHECKING:
    from assistant.conversation.evaluation import MessageScore

CUES_JA_FILE = Path(__file__).with_name("cues_ja.yaml")

_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_UNITS: Mapping[str, int] = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "億": 10**8}
_SMALL_UNITS = "十百千"


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _spellings(value: Any) -> tuple[str, ...]:
    """A comma-separated list as written in the file (or a list), normalised as the text
    it is matched against."""
    items = split_phrases(value or "") if isinstance(value, str) else tuple(value or ())
    return tuple(_nfkc(str(p)) for p in items)


class JapaneseCues(BaseModel):
    """The validated contents of ``cues_ja.yaml``: every spelling NFKC-normalised and in
    lower case, as the text it is matched against."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    chinese_only: str
    kanji_digits: str
    kanji_number_followers: str
    vague: dict[str, str]
    rate_periods: dict[str, tuple[str, ...]]
    rate_units: dict[str, tuple[str, ...]]
    after_number: dict[str, tuple[str, ...]]
    negators: tuple[str, ...]
    negation_particles: str
    negation_gap_words: tuple[str, ...]
    instead_negators: tuple[str, ...]
    negating_phrases: tuple[str, ...]
    negated_forms: dict[str, str] = {}
    not_numerals: tuple[str, ...]
    clause_openers: tuple[str, ...]
    phrases: dict[str, tuple[str, ...]]
    # What a follow-up after the recommendation asks for, in the English words the routes
    # are matched on (``assistant/conversation/intents.py``).
    followups: dict[str, tuple[str, ...]] = {}

    @field_validator("chinese_only", "kanji_number_followers", "negation_particles")
    @classmethod
    def _no_spaces(cls, value: str) -> str:
        return "".join(value.split())

    @field_validator(
        "rate_periods", "rate_units", "after_number", "phrases", "followups", mode="before"
    )
    @classmethod
    def _split_lists(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {str(english): _spellings(spellings) for english, spellings in value.items()}

    @field_validator(
        "negators",
        "instead_negators",
        "negation_gap_words",
        "negating_phrases",
        "not_numerals",
        "clause_openers",
        mode="before",
    )
    @classmethod
    def _split_negators(cls, value: Any) -> Any:
        return _spellings(value)

    @field_validator("vague", mode="before")
    @classmethod
    def _normalise_vague(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {_nfkc(str(k)): str(v) for k, v in value.items()}

    @model_validator(mode="after")
    def _consistent(self) -> JapaneseCues:
        if len(self.kanji_digits) != 10:
            raise ValueError("kanji_digits: the ten digits 〇 to 九, in order")
        for section, table in (
            ("rate_periods", self.rate_periods),
            ("rate_units", self.rate_units),
            ("after_number", self.after_number),
            ("phrases", self.phrases),
            ("followups", self.followups),
        ):
            seen: dict[str, str] = {}
            for english, spellings in table.items():
                if FOREIGN_SCRIPT.search(english) or _CJK.search(english):
                    raise ValueError(f"{section}.{english!r}: the reading must be English")
                if not spellings:
                    raise ValueError(f"{section}.{english!r}: no Japanese spelling")
                for spelling in spellings:
                    if spelling in seen and seen[spelling] != english:
                        raise ValueError(
                            f"{section}: {spelling!r} is read both as {seen[spelling]!r} "
                            f"and as {english!r}"
                        )
                    seen[spelling] = english
        for phrase, negated in self.negated_forms.items():
            if _CJK.search(phrase + negated):
                raise ValueError(f"negated_forms.{phrase!r}: write both in English")
        return self


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key written twice (plain YAML keeps the last one, so a
    second list for the same English words would silently replace the first)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        repeated = sorted({str(k) for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(f"{CUES_JA_FILE.name}: written twice: {', '.join(repeated)}")
        return super().construct_mapping(node, deep=deep)


@lru_cache(maxsize=1)
def _followup_spellings() -> tuple[tuple[str, str], ...]:
    pairs = [(s, english) for english, ss in cues_ja().followups.items() for s in ss]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))  # longest first


_BARE_NUMBER = re.compile(r"^\s*\d+\s*(番目?)?\s*(です|でお願いします|にします|で)?[。.!！\s]*$")


def only_a_number(text: str, english: str) -> bool:
    """Whether a Japanese message read as a bare number (``english``) says more than the
    number: 「リスクを3つ教えて」 reads as "3", which must not pick the third choice,
    while 「2番です」 does."""
    return bool(re.fullmatch(r"\s*\d+\s*", english)) and not _BARE_NUMBER.match(_nfkc(text))


def followup_words(text: str) -> str:
    """A Japanese follow-up with the words that say what it asks for put in English
    (「投資に見合うのか」 says "is it worth it"), for the follow-up routes; other text is kept."""
    out = _nfkc(text)
    for spelling, english in _followup_spellings():
        out = out.replace(spelling, f" {english} ")
    # Latin words set apart from the Japanese around them, so "ChatGPTを" is a word.
    return " ".join(_LATIN_RUN.sub(r" \1 ", out).split())


_LATIN_RUN = re.compile(r"([a-z0-9][a-z0-9%.\-]*)")


@lru_cache(maxsize=1)
def cues_ja() -> JapaneseCues:
    text = CUES_JA_FILE.read_text(encoding="utf-8")
    return JapaneseCues.model_validate(yaml.load(text, Loader=_UniqueKeyLoader))


# --- which language -------------------------------------------------------------------------


def is_japanese(text: str) -> bool:
    """Whether ``text`` is Japanese (or only full-width digits): kana, or kanji with no
    character only simplified Chinese uses; never with Hangul."""
    if not FOREIGN_SCRIPT.search(text) or _HANGUL.search(text):
        return False
    if _KANA.search(text):
        return True
    chinese = set(cues_ja().chinese_only)
    return not any(ch in chinese for ch in text)


# --- numbers --------------------------------------------------------------------------------

_NUM = r"\d[\d,]*(?:\.\d+)?"
_JA_NUMBER = re.compile(rf"{_NUM}(?:[十百千万億](?:{_NUM})?)*")
_RANGE_MARK = r"\s*(?:〜|~|から|-)\s*"
_JA_RANGE = re.compile(
    rf"(?P<low>{_NUM}(?:[十百千万億](?:{_NUM})?)*)"
    rf"(?P<unit>件|人|名|円|ページ|枚|文字|字|語|ヶ月|週間|営業日|日|分|秒)?"
    rf"{_RANGE_MARK}(?P<high>{_NUM}(?:[十百千万億](?:{_NUM})?)*)"
)
_PARTS = re.compile(rf"{_NUM}|[十百千万億]")
_SHARE_OF = re.compile(
    rf"(?P<whole>{_NUM})\s*(?P<unit>人|件|名)?のうち\s*(?:約)?(?P<part>{_NUM})\s*%"
)
_EXCEPTION = re.compile(
    r"(?:たまに|まれに|時々|ときどき)[^。.,、!?]*?(?:もある|もあります|もあるけど)"
)
_PERIODS: Mapping[str, str] = {
    "月": "a month",
    "1ヶ月": "a month",
    "週": "a week",
    "1週間": "a week",
    "日": "a day",
    "1日": "a day",
    "営業日": "per working day",
    "1営業日": "per working day",
    "年": "a year",
    "年間": "a year",
    "1年": "a year",
}
_PERIOD_WORDS = "|".join(sorted(map(re.escape, _PERIODS), key=len, reverse=True))
_PERIOD_FIX = re.compile(
    rf"(?<![\dヶか])(?P<old>{_PERIOD_WORDS})(?:あたり)?(?:じゃなくて|ではなくて|ではなく|じゃなく)"
    rf"(?P<new>{_PERIOD_WORDS})(?:あたり)?"
)
_MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH_NAME = re.compile(r"(?<![\d.,])(1[0-2]|[1-9])月(?![にあ]|間|額|末)")
_AND_A_HALF = re.compile(rf"({_NUM})(ヶ月|か月|カ月|ヵ月|ケ月|年|時間|週間|日)半")
_KANJI_DIGIT = "一二三四五六七八九"
_TWO_OR_THREE = re.compile(
    rf"(?<![\d,.{_KANJI_DIGIT}])([1-9{_KANJI_DIGIT}])[、,]\s*([1-9{_KANJI_DIGIT}])(?![\d,])"
)


def _two_or_three(match: re.Match[str]) -> str:
    """「2、3」 is two or three only when the second follows the first (「1,2」 is no range of
    thousands either way, and 「5、8件」 is a list)."""
    a, b = (int(d) if d.isdigit() else _KANJI_DIGIT.index(d) + 1 for d in match.groups())
    if b != a + 1:
        return match.group()
    return f"{a}〜{b}"


_TENTHS = re.compile(rf"(?P<n>{_NUM})割")


def _value(number: str) -> Fraction:
    """「2万5千」 = 25000, 「1億2千万」 = 120000000, 「1.5万」 = 15000: digits and 十百千 make a
    group below 万, 万 and 億 scale the group before them."""
    big = small = Fraction(0)
    current: Fraction | None = None
    for part in _PARTS.findall(number):
        if part[0].isdigit():
            current = Fraction(part.replace(",", ""))
        elif part in _SMALL_UNITS:
            small += (current if current is not None else Fraction(1)) * _UNITS[part]
            current = None
        else:
            group = small + (current or Fraction(0))
            big += (group or Fraction(1)) * _UNITS[part]
            small, current = Fraction(0), None
    return big + small + (current or Fraction(0))


def _leading_scale(number: str) -> int:
    scales = [_UNITS[p] for p in _PARTS.findall(number) if p in _UNITS]
    return max(scales, default=1)


def _digits(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.6g}"


def _kanji_numerals(text: str) -> str:
    """「二万件」 → 「20000件」, 「三か月」 → 「3か月」; a kanji run is a number only before a
    counter, so 「一覧」 stays a word."""
    data = cues_ja()
    digits = data.kanji_digits
    words = "|".join(map(re.escape, data.not_numerals))
    run = re.compile(
        rf"(?!{words})"
        rf"(?:[{digits[1:]}]|(?<![\d.,])[十百千])[{digits}十百千万億]*"
        rf"(?=[{re.escape(data.kanji_number_followers)}])"
    )

    def convert(match: re.Match[str]) -> str:
        raw = match.group()
        out = ""
        for ch in raw:
            out += str(digits.index(ch)) if ch in digits else ch
        if out[0] in _SMALL_UNITS:
            out = "1" + out  # 「十五」 is 1十5, 「千件」 1千件
        return " " + out  # 「A4一枚」: a figure of its own, not "a41"

    return run.sub(convert, text)


def _vague(text: str) -> str:
    """数百 → "a few hundred", 十数 → "10 to 20": estimates the English reader confirms.
    Not the 数 of 件数 or 人数 (the count of something)."""
    table = cues_ja().vague
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![件人回点手枚台字語文名通数])(" + "|".join(map(re.escape, keys)) + ")"
        r"(?=[件人回点枚台字語文秒分日名通万千百ヶか週年時円ページ%\d]|ユーザ|コール|トークン)"
    )
    return pattern.sub(lambda m: f" {table[m.group(1)]} ", text)


def _numbers(text: str) -> str:
    """Japanese numbers to digits, ranges to "low to high"."""

    def one(match: re.Match[str]) -> str:
        raw = match.group()
        if not any(p in _UNITS for p in raw):
            return raw
        return _digits(_value(raw))

    def span(match: re.Match[str]) -> str:
        low, high = match.group("low"), match.group("high")
        low_value, high_value = _value(low), _value(high)
        scale = _leading_scale(high)
        if _leading_scale(low) == 1 and scale > 1 and low_value * scale <= high_value:
            low_value *= scale  # 「20〜40万円」: both ends are 万
        return f"{_digits(low_value)} to {_digits(high_value)}"

    text = _JA_RANGE.sub(span, text)
    return _JA_NUMBER.sub(one, text)


def _prepare(text: str) -> str:
    text = _nfkc(text)
    for mark, replacement in (("。", ". "), ("、", ", "), ("・", ", "), ("…", ", ")):
        text = text.replace(mark, replacement)
    # One spelling of months (「3か月」「3カ月」「3ヵ月」 are 3ヶ月); × multiplies.
    text = re.sub(r"(?<=[\d一二三四五六七八九十半数])(?:か|カ|ヵ|ケ|箇)月", "ヶ月", text)
    text = text.replace("×", " x ")
    text = text.replace("～", "〜").replace("~", "〜")  # 「2~3」 is a range, not "about 3"
    text = re.sub(r"[「」『』【】]", " ", text)
    # 「たまに5枚とかもある」: an occasional exception, not the typical figure.
    text = _EXCEPTION.sub(" with the odd exception ", text)
    text = _vague(text)
    # 「2、3ページ」「二、三千件」: two or three, a range.
    text = _TWO_OR_THREE.sub(_two_or_three, text)
    text = _kanji_numerals(text)
    # 「1ヶ月半」「1年半」「1時間半」: and a half.
    text = _AND_A_HALF.sub(lambda m: f"{m.group(1)}.5{m.group(2)}", text)
    text = _numbers(text)
    # 「1,200件は月じゃなくて週でした」: the period corrected, as the English reader says it.
    text = _PERIOD_FIX.sub(
        lambda m: f" {_PERIODS[m.group('new')]}, not {_PERIODS[m.group('old')]} ", text
    )
    # 「3月・4月」 are March and April, not three months.
    text = _MONTH_NAME.sub(lambda m: f" {_MONTHS[int(m.group(1)) - 1]} ", text)
    # 「年間で1人860万円」: per person, not one person.
    text = re.sub(r"(?<![\d.,])1(?:人|名)(?:あたり|につき)?(?=\s*\d)", " per person ", text)
    text = _TENTHS.sub(lambda m: f"{_digits(Fraction(m.group('n').replace(',', '')) * 10)}%", text)
    # 「会員30万人のうち1割」: the share of the whole, as the English reader writes it.
    return _SHARE_OF.sub(
        lambda m: f" {m.group('part')}% of {m.group('whole')} {m.group('unit') or ''} ", text
    )


# --- the rewrite ----------------------------------------------------------------------------


@dataclass
class _Chunk:
    text: str
    kind: str  # "num" (a figure), "measure" (a figure and its unit), "phrase", "raw"
    end: int  # where it ended in the prepared text
    start: int  # and where it began


_FIGURE = r"[$¥€£]?\d[\d,]*(?:\.\d+)?(?:k|m)?(?:\s+to\s+[$¥€£]?\d[\d,]*(?:\.\d+)?(?:k|m)?)?"
_RATE_GAP = r"(?:[\s,にではがのも]|約|およそ|だいたい|大体|平均|それぞれ|各)*"
_HEDGES = ("くらい", "ぐらい", "程度", "ほど", "前後")


@dataclass(frozen=True)
class _Tables:
    rate: re.Pattern[str]
    rate_english: Mapping[str, str]
    rate_units: Mapping[str, str]
    phrases: Mapping[str, str]
    units: Mapping[str, str]
    negators: frozenset[str]
    negating: frozenset[str]
    openers: frozenset[str]
    instead: frozenset[str]
    longest: int


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    data = cues_ja()
    rate_english = {p: english for english, ps in data.rate_periods.items() for p in ps}
    vague = "|".join(re.escape(v) for v in sorted(set(data.vague.values()), key=len, reverse=True))
    prefixes = "|".join(map(re.escape, sorted(rate_english, key=len, reverse=True)))
    rate_units = {p: english for english, ps in data.rate_units.items() for p in ps}
    units = "|".join(map(re.escape, sorted(rate_units, key=len, reverse=True)))
    hedges = "|".join(_HEDGES)
    rate = re.compile(
        rf"(?P<period>{prefixes})(?P<gap>{_RATE_GAP})\s*(?P<num>{_FIGURE}|{vague})\s*"
        rf"(?P<unit>{units})?(?P<each>ずつ)?(?P<hedge>{hedges})?"
    )
    phrases = {p: english for english, ps in data.phrases.items() for p in ps}
    unit_table = {p: english for english, ps in data.after_number.items() for p in ps}
    everything = [*phrases, *unit_table, *data.negators, *rate_english]
    return _Tables(
        rate=rate,
        rate_english=rate_english,
        rate_units=rate_units,
        phrases=phrases,
        units=unit_table,
        negators=frozenset(data.negators),
        negating=frozenset(data.negating_phrases),
        openers=frozenset(data.clause_openers),
        instead=frozenset(data.instead_negators),
        longest=max(len(p) for p in everything),
    )


def _longest(table: Mapping[str, str] | frozenset[str], text: str, i: int, longest: int) -> str:
    for size in range(min(longest, len(text) - i), 0, -1):
        if text[i : i + size] in table:
            return text[i : i + size]
    return ""


_ASCII_NUMBER = re.compile(_FIGURE)
_CLAUSE_START = frozenset(" ,.!?()…:;/")
_ASCII_WORD = re.compile(r"[a-z][a-z0-9&'.+-]*|[$¥€£%/()!?:;.,+&-]")


def _rate_english(match: re.Match[str], tables: _Tables) -> str:
    gap = match.group("gap")
    words = []
    if match.group("hedge") or any(h in gap for h in ("約", "およそ", "だいたい", "大体", "平均")):
        words.append("about")
    if match.group("each") or "それぞれ" in gap or "各" in gap:
        words.append("each")
    words.append(match.group("num"))
    unit = match.group("unit")
    if unit:
        words.append(tables.rate_units[unit].strip())
    words.append(tables.rate_english[match.group("period")])
    return " ".join(w for w in words if w)


def _adjacent(between: str) -> bool:
    """Whether only particles (and words like ほぼ) stand between a phrase and a negation,
    so the negation is about that phrase: 「個人情報はほぼ無い」."""
    data = cues_ja()
    for word in data.negation_gap_words:
        between = between.replace(word, "")
    return all(ch in data.negation_particles or ch.isspace() or ch == "," for ch in between)


def _negate(chunks: list[_Chunk], target: _Chunk, s: str) -> None:
    """Put the English negation before the whole noun phrase that ends in ``target``:
    「EUの顧客はいない」 is "not the eu customers", not "the eu, not customers"; a phrase
    with a negated form of its own takes it (「正解データはない」 is "none")."""
    start = chunks.index(target)
    while start > 0:
        before = chunks[start - 1]
        between = s[before.end : chunks[start].start].strip()
        if before.kind == "raw" or between not in ("の", "と", "や", "とか"):
            break
        start -= 1
    negated = cues_ja().negated_forms.get(target.text) if start == chunks.index(target) else None
    chunks[start].text = negated or f"not {chunks[start].text}"


def _instead(chunks: list[_Chunk]) -> list[_Chunk]:
    """「月2万じゃなくて月20万件」: "200000 a month instead of 20000 a month", the form in
    which the English reader takes the new figure and leaves the old one."""
    out: list[_Chunk] = []
    waiting: list[_Chunk] = []
    for chunk in chunks:
        if chunk.kind == "replaced":
            waiting.append(chunk)
            continue
        out.append(chunk)
        if waiting and chunk.kind in ("num", "measure"):
            old = waiting.pop()
            out.append(_Chunk(f"instead of {old.text}", "raw", chunk.end, chunk.end))
    out += [_Chunk(f"not {c.text},", "raw", c.end, c.start) for c in waiting]
    return out


def rewrite(text: str) -> str:
    """``text`` (Japanese) in the English reader's words; deterministic, and with no
    Japanese left in it."""
    tables = _tables()
    s = _prepare(text)
    chunks: list[_Chunk] = []
    i = 0
    while i < len(s):
        after_digit = i > 0 and s[i - 1].isdigit()
        rate = None if after_digit else tables.rate.match(s, i)
        phrase = _longest(tables.phrases, s, i, tables.longest)
        if after_digit and phrase[:1].isdigit():
            phrase = ""  # 「3分の1」 is a phrase, not the end of 「13分の1」
        if phrase in tables.openers and i > 0 and s[i - 1] not in _CLAUSE_START:
            phrase = _longest(tables.phrases, s, i, len(phrase) - 1)
        negator = _longest(tables.negators, s, i, tables.longest)
        last = chunks[-1] if chunks else None
        unit = ""
        if last is not None and last.kind == "num" and not s[last.end : i].strip():
            # One unit per figure: 「3年分」 is 3 years, not 3 years and minutes.
            unit = _longest(tables.units, s, i, tables.longest)
            if unit and phrase.startswith(unit):
                phrase = ""  # 「50万円で」: the figure's unit, then the rest
        best = max(
            (rate.end() - i if rate else 0, 3),
            (len(unit), 2),
            (len(negator), 1),
            (len(phrase), 0),
        )
        size, which = best
        if size == 0:
            glued = i > 0 and s[i - 1].isascii() and s[i - 1].isalnum()  # "a4", "gpt4"
            number = None if glued else _ASCII_NUMBER.match(s, i)
            vague = next(
                (v for v in cues_ja().vague.values() if s.startswith(v, i) and not after_digit),
                None,
            )
            if number:
                chunks.append(_Chunk(number.group(), "num", number.end(), i))
                i = number.end()
            elif vague:
                chunks.append(_Chunk(vague, "num", i + len(vague), i))
                i += len(vague)
            elif word := _ASCII_WORD.match(s, i):
                chunks.append(_Chunk(word.group(), "raw", word.end(), i))
                i = word.end()
            else:
                i += 1  # Japanese nothing reads, or a space: dropped
            continue
        if which == 3 and rate is not None:
            chunks.append(_Chunk(_rate_english(rate, tables), "num", rate.end(), i))
        elif which == 2 and last is not None:
            last.text += tables.units[unit]
            last.end = i + size
            last.kind = "measure"
        elif which == 1:
            target = next(
                (c for c in reversed(chunks) if c.kind != "raw" or c.text.isalpha()), None
            )
            between = s[target.end : i] if target is not None else ""
            if target is None or not _adjacent(between):
                if phrase:  # 「ないです」 alone: "none", not a negation of nothing
                    chunks.append(_Chunk(tables.phrases[phrase], "phrase", i + len(phrase), i))
                    i += len(phrase)
                    continue
            elif target is not None:
                if negator in tables.instead and target.kind in ("num", "measure"):
                    target.kind = "replaced"  # said again after the figure that replaces it
                else:
                    _negate(chunks, target, s)
                    chunks.append(_Chunk(",", "raw", i + size, i))
        else:
            english = tables.phrases[phrase]
            if (
                phrase in tables.negating
                and last is not None
                and last.kind != "raw"
                and _adjacent(s[last.end : i])
            ):
                _negate(chunks, last, s)
                english = ", " + english
            if english:
                chunks.append(_Chunk(english, "phrase", i + size, i))
        i += size
    out = " ".join(c.text for c in _instead(chunks))
    out = re.sub(r"\s+([,.!?;:%])", r"\1", out)
    out = re.sub(r"([,.;:])(?:\s*[,.;:])+", r"\1", out)
    out = _CJK.sub(" ", out)
    return " ".join(out.split()).strip(" ,")


def rewrite_answer(text: str, field: str) -> str:
    """``rewrite`` for an answer to ``field``: an amount of money that names no currency is
    in yen (「月5万くらい」 from a Japanese manager is not 50,000 dollars)."""
    english = rewrite(text)
    if field.endswith("_usd") and not currency_table.find(phrase_stream(tokenize(english))):
        return f"{english} jpy"
    return english


# --- scoring --------------------------------------------------------------------------------


@dataclass
class JapaneseScore:
    """How the reader did on single Japanese answers. A misread is a wrong value that would
    be stored without a check (the worst outcome); anything else not right is "not
    understood" (re-asked, or a wrong estimate the manager is asked to confirm)."""

    understood: int = 0
    total: int = 0
    misreads: list[str] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    confirm_required: int = 0
    confirm_given: int = 0

    @property
    def failures(self) -> list[str]:
        return self.misreads + self.not_understood


def evaluate_japanese(
    path: str | Path, similarity: Callable[..., list[float]] | None = None
) -> JapaneseScore:
    """Score the dialogue's reader (``read_message`` with the question pending, as every
    answer in the interview is read) on a JSON Lines file of Japanese answers
    (``{"field", "text", "expected"[, "confirm"][, "skip"]}``): right means the value
    meant for the question asked (money compared after conversion, as the dialogue scorer
    does), a skip read as a skip, and for ``confirm`` lines the reading also marked to
    confirm. A misread is a value for that question stored without a check."""
    from assistant.conversation.evaluation import meant_matches
    from assistant.questionnaire.questions import QUESTION_BY_FIELD
    from assistant.questionnaire.reading import read_message

    score = JapaneseScore()
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        name, expected = item["field"], item["expected"]
        reading = read_message(item["text"], QUESTION_BY_FIELD[name], {}, similarity)
        own = reading.by_field().get(name)
        pending = reading.pending
        skipped = own is None and pending is not None and pending.ok and pending.skipped
        skip = bool(item.get("skip")) or expected == "__skip__"
        score.total += 1
        if item.get("confirm"):
            score.confirm_required += 1
        got = "skip" if skipped else (own.value if own is not None else "not understood")
        where = f"line {number} {name}: {item['text'][:60]!r} -> {got!r}, expected {expected!r}"
        if skip:
            good = skipped
        else:
            good = own is not None and meant_matches(name, own.value, expected)
            if good and item.get("confirm"):
                if own is not None and own.check:
                    score.confirm_given += 1
                else:
                    good = False
                    where += " (not marked to confirm)"
        if good:
            score.understood += 1
        elif own is not None and not own.check:
            score.misreads.append(where)
        else:
            score.not_understood.append(where)
    return score


def evaluate_japanese_messages(path: str | Path) -> MessageScore:
    """Score ``read_message`` on a JSON Lines file of Japanese mixed messages, with the
    English sets' scorer (``score_messages``)."""
    from assistant.conversation.evaluation import score_messages
    from assistant.questionnaire.reading import read_message

    items = [
        json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line
    ]
    return score_messages(items, lambda t, q: read_message(t, q, {}))
