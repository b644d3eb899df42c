"""The message catalogue: what the product says, in the language of each assessment.

English is the source language: every fixed text is written in English in the code (or in
the questions' data) and that English text is the message id. Other languages live in
``assistant/locale/<lang>/LC_MESSAGES/messages.po``, one Gettext catalogue per language,
edited as text and reviewed in a diff like any source file. The ``.po`` file is read with
Babel and compiled into memory once per process, so there is no compiled ``.mo`` file to
build, ship or keep in step; a message missing from a catalogue is said in English.

Placeholders are named (``{volume}``) and filled after translating, because word order
differs between languages ("20,000 a month" is 「月20,000件」).

A text joins the catalogue by being marked where it is written: said at once with a
translator named ``tr`` (``tr("Got it: {fact}.")``), or defined with ``N_`` and said later;
texts held as data (the questions, the field names) are listed by
``assistant.questionnaire.wording.catalogued_texts``. ``tests/unit/test_i18n.py`` extracts
both with Babel and fails for any text without a Japanese entry, so the recommendation,
the report or the pages join the same catalogue the same way.
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path
from typing import Literal

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

Lang = Literal["en", "ja"]
LANGS: tuple[Lang, ...] = ("en", "ja")
SOURCE_LANG: Lang = "en"
# How each language is named in a language choice: in itself, so a reader finds theirs.
LANG_NAMES: dict[Lang, str] = {"en": "English", "ja": "日本語"}

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"


# Named as the Gettext extractors (Babel's among them) expect a marker to be.
def N_(message: str) -> str:
    """Mark a text for the catalogue where it is defined, not translated there (a module
    constant is translated when it is said, in the language of that assessment)."""
    return message


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def as_lang(value: object) -> Lang:
    """``value`` as a supported language; anything else is the source language."""
    return "ja" if value == "ja" else SOURCE_LANG


class Translator:
    """Says a message id in one language; the id itself when the language is English or
    the catalogue has no entry for it."""

    def __init__(self, lang: Lang, translations: gettext.NullTranslations) -> None:
        self.lang = lang
        self._translations = translations
        self._ids: frozenset[str] = frozenset(getattr(translations, "_catalog", {}))

    def __call__(self, message: str) -> str:
        if not message:
            return message  # Gettext maps "" to the catalogue's header
        return self._translations.gettext(message)

    def has(self, message: str) -> bool:
        """Whether the catalogue translates ``message`` (always true in English)."""
        return self.lang == SOURCE_LANG or (bool(message) and message in self._ids)


def _load(lang: Lang) -> gettext.NullTranslations:
    path = catalogue_path(lang)
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    # Fuzzy entries are drafts, not translations: they stay out, as msgfmt leaves them.
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def translator(lang: str | None = None) -> Translator:
    """The translator for ``lang`` ("en" or "ja"; anything else is English), built once
    per process."""
    return _translator(as_lang(lang))


@functools.cache
def _translator(lang: Lang) -> Translator:
    if lang == SOURCE_LANG:
        return Translator(lang, gettext.NullTranslations())
    return Translator(lang, _load(lang))


def catalogue_ids(lang: Lang) -> set[str]:
    """The message ids ``lang``'s catalogue translates (non-empty, not fuzzy)."""
    with catalogue_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    return {
        str(message.id)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }
