"""Periods of the benefits tables: a quarter (``2027-Q3``) or a calendar year (``2027``).

People write quarters many ways (``2027 Q3``, ``Q3 2027``, ``2027q3``); :func:`parse_period`
turns each into one canonical text. Arithmetic is on *quarter numbers* (``year * 4 + q - 1``),
so a year is its four quarters and the workshop's ``start`` (``2027-Q1``) is a quarter number
too.

>>> parse_period("Q3 2027"), parse_period("2027"), parse_period("autumn")
('2027-Q3', '2027', None)
>>> [quarter_label(q) for q in quarters("2027")][::3]
['2027-Q1', '2027-Q4']
"""

from __future__ import annotations

import re

__all__ = ["PERIOD_HINT", "is_year", "last_quarter", "parse_period", "quarter_label", "quarter_number",
           "quarters"]

_QUARTER = re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*[qQ]\s*([1-4])\s*$")
_QUARTER_FIRST = re.compile(r"^\s*[qQ]\s*([1-4])\s*[-/ ]?\s*(\d{4})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})(?:\.0+)?\s*$")  # a spreadsheet may hand a year over as 2027.0

#: What a period looks like, for hints.
PERIOD_HINT = "write a quarter such as 2027-Q3, or a calendar year such as 2027"


def parse_period(text: str) -> str | None:
    """The canonical period (``2027-Q3`` or ``2027``) of what a person typed, or ``None``."""
    text = str(text)
    m = _QUARTER.match(text)
    if m:
        return f"{m.group(1)}-Q{m.group(2)}"
    m = _QUARTER_FIRST.match(text)
    if m:
        return f"{m.group(2)}-Q{m.group(1)}"
    m = _YEAR.match(text)
    if m:
        return m.group(1)
    return None


def is_year(period: str) -> bool:
    """True for a calendar year (``2027``), False for a quarter (``2027-Q3``)."""
    return "-Q" not in period


def quarter_number(period: str) -> int:
    """The quarter number of a quarter (``2027-Q3`` is ``2027 * 4 + 2``); of a year, its first quarter."""
    year, _, q = period.partition("-Q")
    return int(year) * 4 + (int(q) - 1 if q else 0)


def quarters(period: str) -> list[int]:
    """The quarter numbers a period covers: one for a quarter, four for a year."""
    first = quarter_number(period)
    return list(range(first, first + (4 if is_year(period) else 1)))


def last_quarter(period: str) -> int:
    """The quarter number a period ends with."""
    return quarters(period)[-1]


def quarter_label(number: int) -> str:
    """A quarter number as people read it: ``2027-Q3``."""
    return f"{number // 4}-Q{number % 4 + 1}"
