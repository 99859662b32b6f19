"""Table contracts: the columns of each workshop table, their types and rules.

Validation runs in three steps, all problems collected before anything is raised:

1. *parse* each cell from the text the user typed (numbers, yes/no, lists, choices), so a
   bad cell is reported with the exact value found;
2. *check* the typed columns with a pandera schema built from the same field list (ranges,
   allowed values, uniqueness, required cells), lazily so every failure is reported;
3. *cross-check* rows and tables against each other and ``workshop.yml`` (unknown ids,
   ``low > high``, dependency cycles), see :func:`cross_check`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import Problem
from .io import TableSource
from .settings import CAPABILITY_AREAS, LAYERS, Settings, did_you_mean

if TYPE_CHECKING:  # pandera is imported when a table is checked: a cached workshop never needs it
    import pandera.pandas as pa

__all__ = ["TABLES", "Field", "TableSpec", "cross_check", "spec_for", "validate_table"]

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


@dataclass(frozen=True)
class Field:
    """One column of a table.

    ``kind`` is how cells are parsed: ``text``, ``number``, ``integer``, ``yesno``, ``list``
    (``;``-separated ids), ``area`` (capability area), ``choice`` (one of ``choices``),
    ``alignment`` (0-4 or none/low/moderate/strong/extreme) or ``ratio`` (number or ``1/3``).
    """

    name: str
    kind: str = "text"
    required: bool = True
    nullable: bool = False
    default: Any = None
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    unique: bool = False
    hint: str = ""


@dataclass(frozen=True)
class TableSpec:
    """The contract of one table: its name, fields, and whether a workshop needs it."""

    name: str
    fields: tuple[Field, ...]
    required: bool = False
    description: str = ""
    extra: tuple[Field, ...] = field(default_factory=tuple)

    @property
    def required_columns(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    def schema(self) -> pa.DataFrameSchema:
        """The pandera schema for the typed (parsed) table."""
        import pandera.pandas as pa

        columns = {}
        for f in (*self.fields, *self.extra):
            checks = []
            if f.low is not None or f.high is not None:
                checks.append(_range_check(f.low, f.high))
            if f.kind == "text" and not f.nullable:
                checks.append(pa.Check(lambda s: s.astype(str).str.strip() != "", element_wise=False,
                                       error="must not be empty"))
            columns[f.name] = pa.Column(nullable=f.nullable, unique=f.unique, required=False,
                                        checks=checks, description=f.hint or None)
        return pa.DataFrameSchema(columns, strict=False)


def _range_check(low: float | None, high: float | None) -> pa.Check:
    import pandera.pandas as pa

    if low is not None and high is not None:
        return pa.Check.in_range(low, high, error=f"must be between {_bound(low)} and {_bound(high)}")
    if low is not None:
        return pa.Check.ge(low, error="must not be negative" if low == 0 else f"must be at least {_bound(low)}")
    return pa.Check.le(high, error=f"must be at most {_bound(high)}")


def _bound(x: float) -> str:
    """A range bound as people write it: 9, 0.5, or 1/9 for a bound set just below 1/9."""
    if 0 < x < 0.18 and abs(x * round(1 / x) - 1) < 0.02:
        return f"1/{round(1 / x)}"
    return f"{round(x, 6):g}"


_MONEY = "write a plain number such as 250000 (no currency sign or text)"

OPPORTUNITIES = TableSpec(
    "opportunities",
    required=True,
    description="One row per opportunity (idea, request or initiative).",
    fields=(
        Field("id", unique=True, hint="a short unique code such as OPP-01"),
        Field("title", hint="a few words that name the opportunity"),
        Field("capability_area", "area", hint="one of the five capability areas"),
        Field("goals", "list", nullable=True, default=(), hint="goal ids separated by ';'"),
        Field("cost_low", "number", low=0, hint=_MONEY),
        Field("cost_high", "number", low=0, hint=_MONEY),
        Field("effort_months", "number", low=0, hint="person-months, e.g. 6"),
        Field("description", required=False, nullable=True, default=""),
        Field("sponsor", required=False, nullable=True, default=""),
        Field("business_unit", required=False, nullable=True, default=""),
        Field("run_cost_low", "number", required=False, nullable=True, default=0.0, low=0, hint=_MONEY),
        Field("run_cost_high", "number", required=False, nullable=True, default=0.0, low=0, hint=_MONEY),
        Field("team", required=False, nullable=True, default=""),
        Field("depends_on", "list", required=False, nullable=True, default=()),
        Field("mandatory", "yesno", required=False, nullable=True, default=False),
        Field("time_criticality", "number", required=False, nullable=True, low=1, high=10),
        Field("risk_reduction", "number", required=False, nullable=True, low=1, high=10),
    ),
)

ESTIMATES = TableSpec(
    "estimates",
    required=True,
    description="Benefits: one row per value driver of an opportunity, as a 90% interval per year.",
    fields=(
        Field("opportunity_id"),
        Field("layer", "choice", choices=LAYERS),
        Field("driver", hint="what changes, e.g. 'Hours saved by dispatchers'"),
        Field("low", "number", hint="the low end of a 90% interval per year"),
        Field("high", "number", hint="the high end of a 90% interval per year"),
        Field("unit", required=False, nullable=True, default=""),
        Field("unit_value", "number", required=False, nullable=True, default=1.0, hint=_MONEY),
        Field("distribution", "choice", required=False, nullable=True, default="normal",
              choices=("normal", "lognormal", "pert")),
        Field("start_year", "integer", required=False, nullable=True, default=1, low=1, high=30),
        Field("ramp_years", "integer", required=False, nullable=True, default=0, low=0, high=30),
        Field("most_likely", "number", required=False, nullable=True, default=np.nan,
              hint="the most likely yearly level, between low and high (makes the estimate PERT)"),
    ),
)

SCORES = TableSpec(
    "scores",
    description="Each participant's score of each opportunity on each criterion.",
    fields=(
        Field("participant"),
        Field("opportunity_id"),
        Field("criterion"),
        Field("score", "number"),
        Field("comment", required=False, nullable=True, default=""),
    ),
)

PAIRWISE = TableSpec(
    "pairwise",
    description="Pairwise judgments: a is `ratio` times as important as b (1/9 to 9).",
    fields=(
        Field("participant"),
        Field("a"),
        Field("b"),
        Field("ratio", "ratio", low=0.11, high=9 + 1e-9,  # 0.11: 1/9 as people round it
              hint="Saaty's scale: 1 (equal) to 9 (extremely more), or 1/3, 1/5 ... for less"),
    ),
)

MATURITY = TableSpec(
    "maturity",
    description="Maturity self-assessment answers, 1 (reactive) to 5 (value-creating).",
    fields=(
        Field("participant"),
        Field("area", hint="a dimension id of the maturity instrument, e.g. governance"),
        Field("statement", hint="a statement id of the maturity instrument, e.g. governance.1"),
        Field("score", "integer", low=1, high=5),
        Field("role", "choice", required=False, nullable=True, default="", choices=("it", "business", "")),
        Field("submitted", required=False, nullable=True, default="",
              hint="when the answers were given (ISO 8601), written by the answering form"),
    ),
)

TABLES: dict[str, TableSpec] = {t.name: t for t in (OPPORTUNITIES, ESTIMATES, SCORES, PAIRWISE, MATURITY)}


def spec_for(name: str, settings: Settings) -> TableSpec:
    """The contract of table ``name`` for this workshop (alignment columns follow its goals)."""
    spec = TABLES[name]
    if name == "opportunities":
        extra = tuple(
            Field(f"align_{g}", "alignment", required=False, nullable=True, default=0, low=0, high=4,
                  hint="0 none, 1 low, 2 moderate, 3 strong, 4 extreme")
            for g in settings.goal_ids
        )
        return TableSpec(spec.name, spec.fields, spec.required, spec.description, extra)
    return spec


# --- step 1: parse ------------------------------------------------------------------------


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
    from .settings import closest

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


# --- step 3: cross-checks -----------------------------------------------------------------


def cross_check(settings: Settings, tables: dict[str, pd.DataFrame],
                sources: dict[str, TableSource]) -> list[Problem]:
    """Rules spanning rows, tables and settings. Tables are typed frames from :func:`validate_table`."""
    problems: list[Problem] = []
    tables = {n: t for n, t in tables.items() if n in sources}

    def at(name: str) -> Callable[..., None]:
        src = sources[name]

        def add(problem: str, **kw: Any) -> None:
            problems.append(Problem(problem, file=src.label, sheet=src.sheet, **kw))

        return add

    opp = tables.get("opportunities")
    ids: list[str] = []
    if opp is not None:
        add = at("opportunities")
        ids = list(opp["id"])
        goal_ids = settings.goal_ids
        for column in opp.columns:
            if str(column).startswith("align_") and column[6:] not in goal_ids:
                add("alignment column for an unknown goal", column=column, value=column[6:],
                    hint=did_you_mean(column[6:], goal_ids) + " (goals come from workshop.yml)")
        for row, r in opp.iterrows():
            for g in r["goals"]:
                if g not in goal_ids:
                    add("unknown goal id", row=row, column="goals", value=g,
                        hint=did_you_mean(g, goal_ids) + " (goals come from workshop.yml)")
            for lo, hi in (("cost_low", "cost_high"), ("run_cost_low", "run_cost_high")):
                if r[lo] > r[hi]:
                    add(f"{lo} is greater than {hi}", row=row, column=lo, value=f"{r[lo]:g} > {r[hi]:g}",
                        hint=f"{lo} is the low end of a 90% interval: swap the two values")
            if settings.capacity and r["team"] and r["team"] not in settings.capacity:
                add("unknown team", row=row, column="team", value=r["team"],
                    hint=did_you_mean(r["team"], list(settings.capacity)) + " (teams come from capacity in workshop.yml)")
            for dep in r["depends_on"]:
                if dep not in ids:
                    add("depends on an unknown opportunity", row=row, column="depends_on", value=dep,
                        hint=did_you_mean(dep, ids))
                elif dep == r["id"]:
                    add("depends on itself", row=row, column="depends_on", value=dep, hint="remove it")
        cycle = _find_cycle({r["id"]: [d for d in r["depends_on"] if d in ids and d != r["id"]]
                             for _, r in opp.iterrows()})
        if cycle:
            row = int(opp.index[opp["id"] == cycle[0]][0])
            add("dependency cycle: " + " -> ".join(cycle), row=row, column="depends_on", value=cycle[1],
                hint="an opportunity cannot (indirectly) depend on itself: remove one of these dependencies")

    est = tables.get("estimates")
    if est is not None:
        add = at("estimates")
        for row, r in est.iterrows():
            if ids and r["opportunity_id"] not in ids:
                add("estimate for an unknown opportunity", row=row, column="opportunity_id",
                    value=r["opportunity_id"], hint=did_you_mean(r["opportunity_id"], ids))
            if r["low"] > r["high"]:
                add("low is greater than high", row=row, column="low", value=f"{r['low']:g} > {r['high']:g}",
                    hint="low and high are the ends of a 90% interval: swap them")
            if r["distribution"] == "lognormal" and r["low"] <= 0:
                add("a lognormal estimate needs a positive low", row=row, column="low", value=f"{r['low']:g}",
                    hint="use distribution normal, or a low above 0")

    scores = tables.get("scores")
    if scores is not None:
        add = at("scores")
        criteria = {c.id: c for c in settings.criteria}
        for row, r in scores.iterrows():
            if ids and r["opportunity_id"] not in ids:
                add("score for an unknown opportunity", row=row, column="opportunity_id",
                    value=r["opportunity_id"], hint=did_you_mean(r["opportunity_id"], ids))
            crit = criteria.get(r["criterion"])
            if crit is None:
                add("unknown criterion", row=row, column="criterion", value=r["criterion"],
                    hint=did_you_mean(r["criterion"], list(criteria)) + " (criteria come from workshop.yml)")
            elif not crit.scale[0] <= r["score"] <= crit.scale[1]:
                add(f"score outside the scale of {crit.id}", row=row, column="score", value=f"{r['score']:g}",
                    hint=f"use {crit.scale[0]:g} to {crit.scale[1]:g}")

    pair = tables.get("pairwise")
    if pair is not None:
        add = at("pairwise")
        items = settings.goal_ids + settings.criterion_ids
        for row, r in pair.iterrows():
            for side in ("a", "b"):
                if r[side] not in items:
                    add("compares an unknown goal or criterion", row=row, column=side, value=r[side],
                        hint=did_you_mean(r[side], items))
            if r["a"] == r["b"]:
                add("compares an item with itself", row=row, column="b", value=r["b"], hint="a and b must differ")
    return problems


def _find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """A dependency cycle as a closed path (first == last), or ``None``."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in graph:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None
