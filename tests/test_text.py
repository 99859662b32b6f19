"""kit.text: the one way numbers are written for people."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit import text


@pytest.mark.parametrize(("value", "currency", "expected"), [
    (1_234_567, "EUR", "1.23 M EUR"),
    (45_600, "", "45.6 k"),
    (41_234, "EUR", "41.2 k EUR"),
    (-950, "EUR", "-950 EUR"),
    (999.6, "EUR", "1.0 k EUR"),          # rounds up into the next unit, never "1,000 EUR"
    (999_960, "EUR", "1.00 M EUR"),       # never "1000.0 k"
    (5_000_000, "EUR", "5.00 M EUR"),
    (2.5e9, "USD", "2.50 bn USD"),
    (-0.3, "EUR", "0 EUR"),               # no "-0"
    (float("nan"), "EUR", "n/a"),
])
def test_money(value, currency, expected):
    assert text.money(value, currency) == expected


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_money_keeps_three_significant_digits_and_a_known_unit(x):
    written = text.money(x, "EUR")
    number, *unit = written.removesuffix(" EUR").lstrip("-").split(" ")
    assert unit in ([], ["k"], ["M"], ["bn"])
    scale = {"k": 1e3, "M": 1e6, "bn": 1e9}[unit[0]] if unit else 1
    shown = float(number.replace(",", "")) * scale
    assert math.isclose(shown, abs(x), rel_tol=0.01, abs_tol=0.5)
    if unit and unit[0] != "bn":
        assert float(number) < 1000


def test_amount_percent_plural_ratio():
    assert text.amount(1_234_567.4) == "1,234,567" and text.amount(-0.2) == "0" and text.amount(float("nan")) == ""
    assert text.percent(0.125) == "12%" and text.percent(0.125, 1) == "12.5%" and text.percent(float("nan")) == "n/a"
    assert [text.plural(n, "opportunity") for n in (0, 1, 2)] == ["0 opportunities", "1 opportunity", "2 opportunities"]
    assert text.plural(2, "day") == "2 days" and text.plural(3, "box") == "3 boxes"
    assert text.plural(1_200, "score") == "1,200 scores" and text.plural(2, "person", "people") == "2 people"
    assert [text.ratio(r) for r in (3, 1, 1 / 5, 0.2, 9)] == ["3", "1", "1/5", "1/5", "9"]
