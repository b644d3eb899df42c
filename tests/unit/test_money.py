"""Money on screens and in reports: the manager's currency at the bundled, dated ECB rate,
rounded as a consultant would, never fetched from the network."""

from __future__ import annotations

import pytest

from assistant.advice.money import Money, money_for, rounded


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (414.0, 410.0),
        (5717.06, 5700.0),
        (1380.0, 1400.0),
        (50.4, 50.0),
        (7.523, 7.52),
        (0.0069, 0.0069),
        (0.00624, 0.0062),
        (0.0, 0.0),
        (-1234.0, -1200.0),
    ],
)
def test_consultant_rounding(value: float, expected: float) -> None:
    assert rounded(value) == pytest.approx(expected)


def test_dollars_stay_dollars() -> None:
    usd = money_for(None)
    assert usd == Money() and not usd.converted and usd.rate_line() == ""
    assert usd(414.0) == "$410" and usd(12_345_678) == "$12M" and usd(0.0069) == "$0.0069"
    assert usd.in_text("about $414 a month") == "about $414 a month"  # untouched


def test_euros_at_a_dated_ecb_rate() -> None:
    eur = money_for("eur")
    assert eur.currency == "EUR" and eur.rate_date is not None
    assert 0.5 < eur.rate < 1.5
    assert eur(1000.0).startswith("€") and eur.amount(1000.0) == pytest.approx(1000 * eur.rate)
    line = eur.rate_line()
    assert f"ECB rate of {eur.rate_date.isoformat()}" in line and "USD" in line


def test_amounts_inside_engine_sentences_are_converted() -> None:
    eur = money_for("EUR")
    text = eur.in_text("about $414 a month, $1,250 one-off, $0.40/$1.60 per M tokens.")
    assert "$" not in text
    assert "€0.36/€1.43 per M tokens" in text or "per M tokens" in text
    assert text.startswith(f"about {eur(414)} a month, {eur(1250)} one-off")


def test_a_currency_without_a_bundled_rate_falls_back_to_dollars_and_says_so() -> None:
    money = money_for("AED")
    assert money.currency == "USD" and "AED" in money.rate_line()
