"""The one way the kit writes a number for people: money, amounts, percentages, plurals, ratios.

Every sentence, table cell and report line goes through these functions, so one amount reads
the same in workbook 03, the executive summary and the report (``41.2 k EUR`` everywhere).
Charts format their axes in Vega's own format strings (see :mod:`kit.charts`).

>>> money(1_234_567, "EUR")
'1.23 M EUR'
>>> money(45_600, "EUR"), money(-950, "EUR"), money(999_999, "EUR")
('45.6 k EUR', '-950 EUR', '1.00 M EUR')
>>> amount(1_234_567.4), number(0.7345), number(12_345.6), percent(0.125), percent(0.125, 1)
('1,234,567', '0.735', '12,346', '12%', '12.5%')
>>> plural(1, "opportunity"), plural(3, "opportunity")
('1 opportunity', '3 opportunities')
>>> ratio(3), ratio(0.2), ratio(1)
('3', '1/5', '1')
"""

from __future__ import annotations

import math

__all__ = ["amount", "money", "number", "percent", "plural", "ratio"]

# Units for compact money, smallest first, with the decimals that keep three significant digits.
_UNITS = ((1e3, "k", 1), (1e6, "M", 2), (1e9, "bn", 2))


def money(value: float, currency: str = "") -> str:
    """An amount for a sentence: three significant digits and a unit, then the currency code.

    ``1.23 M EUR``, ``45.6 k EUR``, ``950 EUR``; without ``currency``, the number alone
    (``45.6 k``). Rounding never shows ``1000.0 k``: 999,999 is ``1.00 M``. NaN is ``n/a``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    x = abs(float(value))
    text = f"{x:,.0f}"
    if round(x) >= 1000:
        for size, unit, decimals in _UNITS:
            scaled = round(x / size, decimals)
            if scaled < 1000 or unit == _UNITS[-1][1]:
                text = f"{scaled:,.{decimals}f} {unit}"
                break
    sign = "-" if value < 0 and text != "0" else ""
    return f"{sign}{text}" + (f" {currency}" if currency else "")


def amount(value: float) -> str:
    """An amount for a table cell: whole units with thousands separators (``1,234,567``).

    The column header carries the currency. NaN is an empty cell.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = f"{float(value):,.0f}"
    return "0" if text == "-0" else text


def number(value: float) -> str:
    """A quantity of no fixed kind for a sentence (a score, a person-month, a value measure):
    thousands separators from 1,000 on (``12,346``), else three significant digits (``0.735``)."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def percent(share: float, decimals: int = 0) -> str:
    """A share as a percentage: ``0.125`` is ``12%`` (``12.5%`` with one decimal). NaN is ``n/a``."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "n/a"
    return f"{share:.{decimals}%}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and the word in the right number: ``1 opportunity``, ``3 opportunities``.

    ``many`` gives an irregular plural; otherwise ``-y`` after a consonant becomes ``-ies``,
    ``-s``/``-x``/``-ch``/``-sh`` take ``-es`` and other words take ``-s``.
    """
    if n == 1:
        return f"1 {word}"
    if many is None:
        if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
            many = word[:-1] + "ies"
        elif word.endswith(("s", "x", "ch", "sh")):
            many = word + "es"
        else:
            many = word + "s"
    return f"{n:,} {many}"


def ratio(value: float) -> str:
    """A pairwise ratio as people write it on Saaty's scale: ``3``, ``1``, ``1/5``."""
    if value >= 1:
        return f"{value:g}"
    return f"1/{round(1 / value):g}"
