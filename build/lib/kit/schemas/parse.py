"""Steps 1 and 2 of validation: parse each cell as people type it, then check the typed table.

:func:`validate_table` parses every cell by its field's kind (numbers with any thousands
separator, yes/no, lists, capability areas and their short forms, choices, alignment words,
ratios such as ``1/3``, periods such as ``Q3 2027``), so a bad cell is reported with the exact value found, then checks
the typed columns with the pandera schema of :mod:`~kit.schemas.fields`, reporting every
failure it has not reported already.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Problem
from ..io import TableSource
from ..settings import CAPABILITY_AREAS
from .fields import Field, TableSpec
from .periods import PERIOD_HINT, parse_period

__all__ = ["AREA_LOOKUP", "validate_table"]

_AREA_ALIASES = {
    "relationship": ["customer & vendor relationship management", "customer and vendor relationship management",
                     "customer & vendor relationships", "relationship management", "relationships",
                     "crm", "vrm", "srm", "crm & vrm", "crm/vrm", "customer & vendor", "customer relationship management",
                     "vendor relationship management"],
    "process": ["process optimisation", "process optimization", "processes", "bpm", "process improvement"],
    "portfolio": ["project portfolio management", "ppm", "project portfolio", "portfolio management",
                  "project management"],
    "governance": ["it governance", "gov", "governance, risk & compliance", "grc"],
    "analytics": ["business intelligence & analytics", "business intelligence and analytics", "bi",
                  "bi & analytics", "bi and analytics", "business intelligence", "data & analytics",
                  "data and analytics", "bi/analytics"],
}

_ALIGNMENT_WORDS = {"none": 0, "low": 1, "moderate": 2, "medium": 2, "strong": 3, "high": 3, "extreme": 4}

_YES = {"yes", "y", "true", "1", "x", "ja", "oui"}

_NO = {"no", "n", "false", "0", ""}



def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text).lower().replace("&", "and"))



AREA_LOOKUP: dict[str, str] = {}
for _id, _names in _AREA_ALIASES.items():
    for _name in [_id, CAPABILITY_AREAS[_id], *_names]:
        AREA_LOOKUP[_key(_name)] = _id



def _parse_number(text: str) -> float | None:
    t = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("_", "").replace("'", "")
    if not t:
        return np.nan
    if "," in t and "." in t:
        t = t.replace(",", "") if t.rfind(".") > t.rfind(",") else t.replace(".", "").replace(",", ".")
    elif "," in t:
        t = t.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3})+", t) else t.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3}){2,}", t):  # 1.234.567: dots can only group thousands
        t = t.replace(".", "")
    try:
        value = float(t)
    except ValueError:
        return None
    return value if np.isfinite(value) else None



def _parse_cell(f: Field, text: str) -> tuple[Any, str | None]:
    """Return (value, problem); problem is None when the cell parses."""
    text = str(text).strip()
    if f.kind == "text":
        return text, None
    if f.kind in ("number", "integer"):
        value = _parse_number(text)
        if value is None:
            return np.nan, "is not a number"
        if f.kind == "integer" and not np.isnan(value) and not float(value).is_integer():
            return np.nan, "is not a whole number"
        return value, None
    if f.kind == "ratio":
        if "/" in text:
            num, _, den = text.partition("/")
            a, b = _parse_number(num), _parse_number(den)
            if a is None or b is None or not b:
                return np.nan, "is not a ratio"
            return a / b, None
        value = _parse_number(text)
        return (np.nan, "is not a number") if value is None else (value, None)
    if f.kind == "yesno":
        low = text.lower()
        if low in _YES:
            return True, None
        if low in _NO:
            return False, None
        return None, "is not yes or no"
    if f.kind == "list":
        return tuple(p.strip() for p in re.split(r"[;,\n]", text) if p.strip()), None
    if f.kind == "area":
        if not text:
            return "", None
        found = AREA_LOOKUP.get(_key(text))
        return (found, None) if found else (text, "is not a capability area")
    if f.kind == "choice":
        low = text.lower()
        if not low:
            return "", None
        return (low, None) if low in f.choices else (text, "is not one of the allowed values")
    if f.kind == "period":
        if not text:
            return None, None  # empty: reported as such by the schema (not nullable)
        found = parse_period(text)
        return (found, None) if found else (text, "is not a quarter or a year")
    if f.kind == "alignment":
        low = text.lower()
        if low in _ALIGNMENT_WORDS:
            return float(_ALIGNMENT_WORDS[low]), None
        value = _parse_number(text)
        return (np.nan, "is not an alignment level") if value is None else (value, None)
    raise ValueError(f"unknown field kind {f.kind!r}")  # pragma: no cover



def _hint(f: Field) -> str:
    if f.kind == "area":
        return "use one of: " + "; ".join(CAPABILITY_AREAS.values()) + " (or a short form such as BI, CRM, PPM)"
    if f.kind == "choice":
        return "use one of: " + ", ".join(c for c in f.choices if c)
    if f.kind == "yesno":
        return "write yes or no"
    if f.kind == "alignment":
        return "0 none, 1 low, 2 moderate, 3 strong, 4 extreme"
    if f.kind == "period":
        return PERIOD_HINT
    return f.hint



def validate_table(raw: pd.DataFrame, spec: TableSpec, source: TableSource) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse and check one table read by :func:`kit.io.read_table`.

    Returns the typed frame (index: the user's row numbers) and the list of problems; the
    frame is only meaningful when the list is empty.
    """
    where = {"file": source.label, "sheet": source.sheet}
    problems: list[Problem] = []
    found = list(raw.columns)
    missing = [c for c in spec.required_columns if c not in raw.columns]
    for column in missing:
        problems.append(Problem(
            "required column is missing", column=column,
            hint=f"columns found: {', '.join(found) or '(none)'}; add a column headed '{column}'"
                 + (f" (is '{_near(column, found)}' meant to be it?)" if _near(column, found) else ""),
            **where))
    if raw.empty and not missing and spec.required:  # an optional table may wait for its first row
        problems.append(Problem("table has no rows", hint=f"add at least one row below the header ({spec.description})",
                                **where))
    if problems:
        return raw, problems

    typed = raw.copy()
    for f in (*spec.fields, *spec.extra):
        if f.name not in typed.columns:
            # an absent optional column gets the same dtype as one given with empty cells
            typed[f.name] = pd.Series([f.default] * len(typed), index=typed.index, dtype=_dtype(f))
            continue
        values = []
        for row, text in typed[f.name].items():
            value, problem = _parse_cell(f, text)
            if problem:
                problems.append(Problem(problem, row=int(row), column=f.name, value=text, hint=_hint(f), **where))
            elif (value == "" or (isinstance(value, float) and np.isnan(value))) and f.nullable:
                value = f.default
            values.append(value)
        typed[f.name] = pd.Series(values, index=typed.index, dtype=_dtype(f))
    failed = {(p.row, p.column) for p in problems}
    problems += _pandera_problems(typed, raw, spec, where, failed)
    return typed, problems



def _dtype(f: Field) -> Any:
    if f.kind in ("number", "ratio", "alignment"):
        return "float64"
    if f.kind == "integer":
        return "float64"  # may hold NaN until checked; converted when the workshop is built
    if f.kind == "yesno":
        return object
    return object



def _near(word: str, options: Iterable[str]) -> str | None:
    from ..settings import closest

    return closest(word, list(options))



def _pandera_problems(typed: pd.DataFrame, raw: pd.DataFrame, spec: TableSpec, where: dict[str, str],
                      already: set[tuple[int | None, str]]) -> list[Problem]:
    from pandera.errors import SchemaErrors

    try:
        spec.schema().validate(typed, lazy=True)
        return []
    except SchemaErrors as exc:
        cases = exc.failure_cases
    fields = {f.name: f for f in (*spec.fields, *spec.extra)}
    problems = []
    for case in cases.itertuples(index=False):
        column = str(case.column)
        row = None if case.index is None or pd.isna(case.index) else int(case.index)
        if (row, column) in already:
            continue
        f = fields.get(column)
        check = str(case.check)
        value = raw.at[row, column] if row is not None and column in raw.columns else case.failure_case
        if check == "not_nullable":
            problem, value = "is empty", ""
            hint = f"fill in the {column}" + (f" ({_hint(f)})" if f and _hint(f) else "")
        elif check == "field_uniqueness":
            problem, hint = "is not unique", f"every {column} must appear once; rename or remove the copy"
        else:
            problem, hint = check, (_hint(f) if f else "")
        problems.append(Problem(problem, row=row, column=column, value=value, hint=hint, **where))
    return problems
