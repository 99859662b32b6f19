"""Portfolio selection: the best set of opportunities under budget and team capacity.

The selection is an exact 0/1 optimisation solved with HiGHS (:func:`scipy.optimize.milp`
with a relative gap of 0), so the set it returns is a *proven* optimum, not a near one:

* maximise the total of a value column (mean NPV, a pessimistic NPV, a priority score …);
* subject to the budget, any number of capacity limits (one column each, e.g. person-months
  of a team), items forced in or out (with the reason kept), dependencies (A needs B) and
  mutually exclusive alternatives (at most one of a group).

Every function here works on a plain *candidates* frame (an ``id`` column plus the columns
named by the arguments), so any value measure can drive it; :func:`candidates` builds that
frame from a workshop. Beside the optimum: the efficient frontier over budgets
(:func:`frontier`), how often each item is optimal when values are uncertain
(:func:`selection_probability`), and the greedy value-per-cost rule for comparison
(:func:`greedy`, :func:`compare`). The roadmap lives in :mod:`kit.roadmap`.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from .errors import InputError, Problem
from .roadmap import Roadmap, roadmap
from .settings import did_you_mean
from .workshop import Workshop

__all__ = [
    "MANDATORY_REASON",
    "MEASURES",
    "Frontier",
    "Roadmap",
    "Robustness",
    "Selection",
    "budget_for",
    "candidates",
    "capacity_limits",
    "compare",
    "frontier",
    "greedy",
    "measure_values",
    "pressure",
    "roadmap",
    "select",
    "selection_probability",
]

#: Reason recorded for opportunities marked ``mandatory`` in the workshop.
MANDATORY_REASON = "mandatory (regulatory)"

#: Value measures a workbook can optimise: name -> (source frame, column).
MEASURES: dict[str, tuple[str, str]] = {
    "mean NPV": ("summary", "npv_mean"),
    "p5 NPV": ("summary", "npv_p5"),
    "priority score": ("priority", "score"),
}

_TOL = 1e-9  # relative tolerance when checking a solution against its limits


# --- building the candidates frame from a workshop ------------------------------------------


def capacity_limits(workshop: Workshop, quarters: int = 4) -> dict[str, float]:
    """Capacity limits for the selection: person-months per team over the first quarters.

    ``workshop.yml`` gives each team's capacity in person-months *per quarter*. The
    selection checks the work against what the teams can deliver in the first ``quarters``
    quarters (one year by default): the budget is committed for the coming planning year
    and what the teams cannot deliver within it waits for the next round. The roadmap
    (:func:`kit.roadmap.roadmap`) then schedules the chosen set quarter by quarter over the
    whole horizon.

    Parameters
    ----------
    workshop : Workshop
        A loaded workshop; its ``settings.capacity`` maps team -> person-months per quarter.
    quarters : int, default 4
        How many quarters of capacity the selection may use.

    Returns
    -------
    dict[str, float]
        ``{"<team>_months": capacity × quarters}``, the column names :func:`candidates` uses.
    """
    if quarters < 1:
        raise InputError.single("quarters must be at least 1", value=quarters,
                                hint="the selection needs at least one quarter of capacity")
    return {f"{team}_months": float(per_quarter) * quarters
            for team, per_quarter in workshop.settings.capacity.items()}


def budget_for(workshop: Workshop, budget: float | None = None) -> float:
    """The budget to select with: ``budget`` when given (not None, above 0), else ``budget``
    in ``workshop.yml``. A workbook parameter ``budget: float = 0`` thus means "the workshop's".

    Raises
    ------
    InputError
        When neither gives a budget, or ``budget`` is negative.
    """
    if budget is not None and budget < 0:
        raise InputError.single("budget must not be negative", column="budget", value=budget,
                                hint="give the one-off budget in the workshop currency, or 0 for workshop.yml's")
    if budget:
        return float(budget)
    if workshop.settings.budget is None:
        raise InputError.single("no budget given", file="workshop.yml", column="budget",
                                hint="add a line 'budget: 5000000' to workshop.yml, or pass a budget")
    return float(workshop.settings.budget)


def pressure(candidates: pd.DataFrame, budget: float, capacity: Mapping[str, float] | None = None, *,
             cost: str = "cost") -> pd.DataFrame:
    """What all candidates together ask for against each limit.

    Returns
    -------
    DataFrame
        ``constraint, asked, limit, ratio``: ``ratio`` 2 means twice as much is asked as the
        limit allows; rows for the budget and each capacity column.
    """
    limits = {"budget": (cost, float(budget))} | {n: (n, float(v)) for n, v in (capacity or {}).items()}
    rows = []
    for name, (column, limit) in limits.items():
        if column not in candidates.columns:
            raise InputError.single("column not found in the candidates", column=column,
                                    hint=did_you_mean(column, list(map(str, candidates.columns))))
        asked = float(pd.to_numeric(candidates[column], errors="coerce").fillna(0).sum())
        rows.append({"constraint": name, "asked": asked, "limit": limit,
                     "ratio": asked / limit if limit > 0 else np.inf})
    return pd.DataFrame(rows, columns=["constraint", "asked", "limit", "ratio"])


def measure_values(measure: str, *, summary: pd.DataFrame | None = None,
                   priority: pd.DataFrame | None = None) -> pd.DataFrame:
    """The value column for one of :data:`MEASURES`, from the frame that holds it.

    Parameters
    ----------
    measure : str
        ``"mean NPV"`` or ``"p5 NPV"`` (from ``summary``, the value model's
        ``Simulation.summary()``), or ``"priority score"`` (from ``priority``, the
        scoring step's ``kit.scoring.priority``).
    summary, priority : DataFrame, optional
        Frames with an ``opportunity_id`` column and the measure's column.

    Returns
    -------
    DataFrame
        ``opportunity_id, value``.
    """
    if measure not in MEASURES:
        raise InputError.single("unknown value measure", column="value_measure", value=measure,
                                hint=did_you_mean(measure, list(MEASURES)))
    source, column = MEASURES[measure]
    frame = {"summary": summary, "priority": priority}[source]
    if frame is None:
        raise InputError.single(f"the value measure '{measure}' needs the {source} frame",
                                value=measure, hint=f"pass {source}=... to measure_values")
    if column not in frame.columns:
        raise InputError.single(f"column '{column}' not found", column=column,
                                hint="columns found: " + ", ".join(map(str, frame.columns)))
    return pd.DataFrame({"opportunity_id": frame["opportunity_id"].astype(str).to_numpy(),
                         "value": frame[column].astype(float).to_numpy()})


def candidates(workshop: Workshop, values: pd.DataFrame | pd.Series, *,
               column: str = "value") -> pd.DataFrame:
    """The candidates frame for :func:`select`, from a workshop and a value per opportunity.

    Parameters
    ----------
    workshop : Workshop
        Gives titles, one-off cost (the mid of ``cost_low`` and ``cost_high``), effort and
        team, dependencies and the ``mandatory`` flag.
    values : DataFrame or Series
        A frame with ``opportunity_id`` (or ``id``) and ``column``, or a Series indexed by
        opportunity id; e.g. :func:`measure_values`. Every opportunity needs a value.
    column : str, default "value"
        The value column of ``values``.

    Returns
    -------
    DataFrame
        One row per opportunity: ``id, title, value, cost, effort_months, team,
        <team>_months`` (one effort column per team in ``workshop.yml``'s capacity, the
        item's effort in its own team's column and 0 elsewhere), ``depends_on`` (tuple of
        ids), ``mandatory`` and ``force_in`` (:data:`MANDATORY_REASON` for mandatory items,
        else empty).

    Raises
    ------
    InputError
        When an opportunity has no value, or a value names an unknown opportunity.
    """
    opp = workshop.opportunities
    value_map = _value_map(values, column)
    ids = opp["id"].astype(str).tolist()
    problems = [Problem("no value for this opportunity", column=column, value=i,
                        hint="the value frame needs one row per opportunity")
                for i in ids if i not in value_map or not np.isfinite(value_map[i])]
    problems += [Problem("value for an unknown opportunity", column="opportunity_id", value=i,
                         hint=did_you_mean(i, ids)) for i in value_map if i not in set(ids)]
    if problems:
        raise InputError(problems, summary="the values do not match the workshop's opportunities")
    out = pd.DataFrame({
        "id": ids,
        "title": opp["title"].astype(str).to_numpy(),
        "value": [float(value_map[i]) for i in ids],
        "cost": ((opp["cost_low"] + opp["cost_high"]) / 2).astype(float).to_numpy(),
        "effort_months": opp["effort_months"].astype(float).to_numpy(),
        "team": opp["team"].fillna("").astype(str).to_numpy(),
    })
    for team in workshop.settings.capacity:
        out[f"{team}_months"] = np.where(out["team"] == team, out["effort_months"], 0.0)
    out["depends_on"] = [tuple(d) for d in opp["depends_on"]]
    out["mandatory"] = opp["mandatory"].astype(bool).to_numpy()
    out["force_in"] = np.where(out["mandatory"], MANDATORY_REASON, "")
    return out


def _value_map(values: pd.DataFrame | pd.Series, column: str) -> dict[str, float]:
    if isinstance(values, pd.Series):
        return {str(k): float(v) for k, v in values.items()}
    key = "opportunity_id" if "opportunity_id" in values.columns else "id"
    missing = [c for c in (key, column) if c not in values.columns]
    if missing:
        raise InputError.single(f"the value frame has no column '{missing[0]}'", column=missing[0],
                                hint="columns found: " + ", ".join(map(str, values.columns)))
    return {str(k): float(v) for k, v in zip(values[key], values[column], strict=True)}


# --- the model ---------------------------------------------------------------------------------


@dataclass
class _Model:
    """The selection problem as arrays, built once and solved many times."""

    frame: pd.DataFrame
    ids: list[str]
    titles: list[str]
    value: np.ndarray
    cost: np.ndarray
    budget: float
    limits: dict[str, float]
    usage: dict[str, np.ndarray]
    forced_in: dict[int, str]
    forced_out: dict[int, str]
    deps: list[tuple[int, int]]  # (needs, needed)
    groups: list[list[int]]
    value_name: str
    cost_name: str

    @property
    def n(self) -> int:
        return len(self.ids)

    def bounds(self, drop: frozenset = frozenset()) -> Bounds:
        lower, upper = np.zeros(self.n), np.ones(self.n)
        for i in self.forced_in:
            if ("in", i) not in drop:
                lower[i] = 1.0
        for i in self.forced_out:
            if ("out", i) not in drop:
                upper[i] = 0.0
        return Bounds(lower, upper)

    def constraints(self, budget: float, drop: frozenset = frozenset()) -> list[LinearConstraint]:
        rows, upper = [], []
        if ("budget",) not in drop and np.isfinite(budget):
            rows.append(self.cost)
            upper.append(budget)
        for name, limit in self.limits.items():
            if ("capacity", name) not in drop:
                rows.append(self.usage[name])
                upper.append(limit)
        out = []
        if rows:
            out.append(LinearConstraint(np.vstack(rows), -np.inf, np.asarray(upper, dtype=float)))
        deps = [d for k, d in enumerate(self.deps) if ("dep", k) not in drop]
        if deps:
            r = np.repeat(np.arange(len(deps)), 2)
            c = np.array([x for a, b in deps for x in (a, b)])
            v = np.tile([1.0, -1.0], len(deps))
            out.append(LinearConstraint(csr_array((v, (r, c)), shape=(len(deps), self.n)), -np.inf, 0.0))
        groups = [g for k, g in enumerate(self.groups) if ("excl", k) not in drop]
        if groups:
            r = np.concatenate([[k] * len(g) for k, g in enumerate(groups)])
            c = np.concatenate(groups)
            out.append(LinearConstraint(csr_array((np.ones(len(c)), (r, c)), shape=(len(groups), self.n)),
                                        -np.inf, 1.0))
        return out

    def solve(self, value: np.ndarray | None = None, budget: float | None = None,
              time_limit: float | None = None, drop: frozenset = frozenset(),
              objective: np.ndarray | None = None) -> Any:
        c = -(self.value if value is None else value) if objective is None else objective
        options: dict[str, Any] = {"mip_rel_gap": 0.0, "disp": False, "presolve": True}
        if time_limit is not None:
            options["time_limit"] = float(time_limit)
        with _quiet_solver():
            return milp(c, integrality=np.ones(self.n), bounds=self.bounds(drop),
                        constraints=self.constraints(self.budget if budget is None else budget, drop),
                        options=options)

    def feasible(self, budget: float, drop: frozenset) -> bool:
        res = self.solve(budget=budget, drop=drop, objective=np.zeros(self.n))
        return res.status == 0

    def prerequisites(self, i: int) -> set[int]:
        """Everything ``i`` needs, directly or through other items."""
        needs: dict[int, list[int]] = {}
        for a, b in self.deps:
            needs.setdefault(a, []).append(b)
        found: set[int] = set()
        stack = list(needs.get(i, []))
        while stack:
            j = stack.pop()
            if j not in found:
                found.add(j)
                stack += needs.get(j, [])
        return found


_QUIET = threading.Lock()
_QUIET_STATE: dict[str, Any] = {"depth": 0, "saved": None, "libc": None}


@contextlib.contextmanager
def _quiet_solver() -> Any:
    """Silence HiGHS debug lines printed to the process's stdout (file descriptor 1).

    HiGHS prints a stray line now and then even with ``disp=False``; in a notebook the
    kernel forwards descriptor 1 into the cell output, where it would confuse readers.
    Nested and concurrent solves share one redirection (the first in redirects, the last
    out restores).
    """
    with _QUIET:
        if _QUIET_STATE["depth"] == 0:
            try:
                import ctypes

                _QUIET_STATE["libc"] = ctypes.CDLL(None)
                _QUIET_STATE["libc"].fflush(None)
                saved = os.dup(1)
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                os.close(devnull)
                _QUIET_STATE["saved"] = saved
            except (OSError, TypeError, AttributeError):  # pragma: no cover - no C library or fd 1
                _QUIET_STATE["saved"] = None
        _QUIET_STATE["depth"] += 1
    try:
        yield
    finally:
        with _QUIET:
            _QUIET_STATE["depth"] -= 1
            if _QUIET_STATE["depth"] == 0 and _QUIET_STATE["saved"] is not None:
                _QUIET_STATE["libc"].fflush(None)
                os.dup2(_QUIET_STATE["saved"], 1)
                os.close(_QUIET_STATE["saved"])
                _QUIET_STATE["saved"] = None


def _num(x: float) -> str:
    """A number for a sentence: thousands separators for money, 3 digits for scores."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def _build(frame: pd.DataFrame, *, value: str, cost: str, budget: float | None,
           capacity: Mapping[str, float] | None, force_in: Iterable[str] | Mapping[str, str],
           force_out: Iterable[str] | Mapping[str, str],
           depends_on: Mapping[str, Iterable[str]] | str | None,
           exclusive: Iterable[Iterable[str]] | None) -> _Model:
    """Check the inputs (all problems at once) and turn them into arrays."""
    problems: list[Problem] = []
    if not isinstance(frame, pd.DataFrame) or "id" not in frame.columns:
        found = ", ".join(map(str, getattr(frame, "columns", []))) or "(none)"
        raise InputError.single("the candidates frame needs an 'id' column", column="id",
                                hint=f"columns found: {found}")
    if frame.empty:
        raise InputError.single("there are no candidates to choose from",
                                hint="give at least one opportunity")
    ids = frame["id"].astype(str).tolist()
    index = {i: k for k, i in enumerate(ids)}
    for i in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem("candidate id appears more than once", column="id", value=i,
                                hint="every candidate must appear once"))
    columns = list(map(str, frame.columns))
    numbers: dict[str, np.ndarray] = {}
    for name in [value, cost, *(capacity or {})]:
        if name not in frame.columns:
            problems.append(Problem("column not found in the candidates", column=name,
                                    hint=did_you_mean(name, columns)))
            continue
        col = pd.to_numeric(frame[name], errors="coerce").astype(float).to_numpy()
        for k in np.flatnonzero(~np.isfinite(col)):
            problems.append(Problem("is not a number", column=name, value=frame[name].iloc[k],
                                    hint=f"give {ids[k]} a number in '{name}'"))
        if name != value:
            for k in np.flatnonzero(col < 0):
                problems.append(Problem("must not be negative", column=name, value=col[k],
                                        hint=f"check {ids[k]}: costs and efforts are 0 or more"))
        numbers[name] = np.nan_to_num(col)
    if budget is None or np.isnan(budget):
        problems.append(Problem("a budget is needed", column="budget", value=budget,
                                hint="pass budget=... or set 'budget:' in workshop.yml"))
    elif budget < 0:
        problems.append(Problem("the budget must not be negative", column="budget", value=budget))
    for name, limit in (capacity or {}).items():
        if limit is None or not np.isfinite(limit) or limit < 0:
            problems.append(Problem("capacity limit must be a number of 0 or more", column=name,
                                    value=limit))

    def reasons(given: Iterable[str] | Mapping[str, str], column: str, default: str) -> dict[int, str]:
        out: dict[int, str] = {}
        if column in frame.columns:
            for k, reason in enumerate(frame[column].tolist()):
                if isinstance(reason, str) and reason.strip():
                    out[k] = reason.strip()
                elif isinstance(reason, (bool, np.bool_)) and reason:
                    out[k] = default
        items = given.items() if isinstance(given, Mapping) else ((i, default) for i in given)
        for i, reason in items:
            if str(i) not in index:
                problems.append(Problem(f"{column.replace('_', ' ')}: unknown candidate", column=column,
                                        value=i, hint=did_you_mean(str(i), ids)))
            else:
                out[index[str(i)]] = str(reason or default).strip()
        return out

    forced_in = reasons(force_in, "force_in", "forced in")
    forced_out = reasons(force_out, "force_out", "forced out")
    for k in sorted(set(forced_in) & set(forced_out)):
        problems.append(Problem("is both forced in and forced out", column="force_out", value=ids[k],
                                hint=f"in: {forced_in[k]}; out: {forced_out[k]}; keep one"))

    deps: list[tuple[int, int]] = []
    if depends_on is None:
        depends_on = "depends_on" if "depends_on" in frame.columns else {}
    if isinstance(depends_on, str):
        if depends_on not in frame.columns:
            problems.append(Problem("dependency column not found", column=depends_on,
                                    hint=did_you_mean(depends_on, columns)))
            depends_on = {}
        else:
            depends_on = dict(zip(ids, frame[depends_on].map(_as_ids), strict=True))
    for a, needed in depends_on.items():
        for b in _as_ids(needed):
            if str(a) not in index or b not in index:
                bad = a if str(a) not in index else b
                problems.append(Problem("dependency on an unknown candidate", column="depends_on",
                                        value=f"{a} needs {b}",
                                        hint=f"{bad} is not a candidate: add it, or drop the dependency "
                                             f"if it is already done ({did_you_mean(str(bad), ids)})"))
            elif str(a) != b:
                deps.append((index[str(a)], index[b]))
    groups: list[list[int]] = []
    for group in exclusive or ():
        members = _as_ids(group)
        unknown = [m for m in members if m not in index]
        for m in unknown:
            problems.append(Problem("exclusive group names an unknown candidate", column="exclusive",
                                    value=m, hint=did_you_mean(m, ids)))
        known = sorted({index[m] for m in members if m in index})
        if len(known) > 1:
            groups.append(known)
    if problems:
        raise InputError(problems, summary=f"the portfolio inputs have {len(problems)} problem"
                         + ("s" if len(problems) != 1 else ""))
    titles = frame["title"].astype(str).tolist() if "title" in frame.columns else ids
    return _Model(frame.reset_index(drop=True), ids, titles, numbers[value], numbers[cost],
                  float(budget), {str(k): float(v) for k, v in (capacity or {}).items()},
                  {str(k): numbers[k] for k in (capacity or {})}, forced_in, forced_out, deps, groups,
                  value, cost)


def _as_ids(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.replace(",", ";").split(";") if p.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


# --- selection -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """A chosen portfolio and why each candidate is in or out.

    Attributes
    ----------
    status : str
        ``"optimal"`` (proven, relative gap 0), ``"time limit"`` (best found; see ``gap``),
        ``"infeasible"`` (see ``conflicts``) or ``"greedy"`` (the value-per-cost heuristic).
    selected_ids : list[str]
        The chosen candidates, in candidate order.
    value, cost : float
        Totals of the value and cost columns over the chosen set.
    budget : float
        The budget the set was chosen for.
    gap : float or None
        Relative gap between the set's value and the best bound (0 for a proven optimum).
    totals : DataFrame
        ``constraint, limit, used, slack, share_used``: the budget and each capacity limit.
    candidates : DataFrame
        One row per candidate: ``id, title, value, cost, value_per_cost, selected, decision,
        reason, detail`` (``decision``: ``forced in``, ``chosen`` or ``left out``; ``reason`` a short label such as ``forced in``, ``needed by another``,
        ``over budget``, ``no positive value``; ``detail`` a sentence).
    conflicts : list[str]
        When infeasible: the smallest set of constraints found that cannot all hold.
    seconds : float
        Time spent solving.
    """

    status: str
    selected_ids: list[str]
    value: float
    cost: float
    budget: float
    gap: float | None
    totals: pd.DataFrame
    candidates: pd.DataFrame
    conflicts: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def feasible(self) -> bool:
        """Whether the selection satisfies every constraint (optimal, time limit or greedy)."""
        return self.status != "infeasible"

    def findings(self, currency: str = "") -> list[str]:
        """Plain sentences for a sponsor: what was chosen, what binds, why the rest is out."""
        def money(x: float) -> str:
            return f"{x:,.0f} {currency}".strip()

        if not self.feasible:
            return ["No portfolio meets every constraint."] + self.conflicts
        if self.status == "time limit" and not self.selected_ids and self.conflicts:
            return self.conflicts
        lines = [f"{len(self.selected_ids)} of {len(self.candidates)} opportunities chosen: "
                 f"total value {_num(self.value)}, cost {money(self.cost)} of a budget of "
                 f"{money(self.budget)}."]
        if self.status == "optimal":
            lines.append("This is a proven optimum: no other set within the limits has a higher total value.")
        elif self.status == "time limit":
            gap = "unknown" if self.gap is None else f"{self.gap:.2%}"
            lines.append(f"The solver stopped at its time limit; the best possible set is at most {gap} better.")
        binding = self.totals[self.totals["share_used"] >= 0.97]
        for t in binding.itertuples(index=False):
            lines.append(f"The {_limit_label(t.constraint)} is (nearly) used up: {_num(t.used)} of {_num(t.limit)}.")
        out = self.candidates[~self.candidates["selected"]]
        for reason, group in out.groupby("reason", sort=False):
            lines.append(f"Left out, {reason}: " + ", ".join(group["id"].astype(str)) + ".")
        return lines

    def left_out(self) -> pd.DataFrame:
        """The candidates not chosen, best value first: ``id, title, value, cost, reason, detail``."""
        out = self.candidates[~self.candidates["selected"]]
        return out.sort_values("value", ascending=False, kind="stable")[
            ["id", "title", "value", "cost", "reason", "detail"]].reset_index(drop=True)

    def swaps(self, other: Selection) -> pd.DataFrame:
        """Candidates chosen by one selection but not the other: ``id, title, in_self, in_other``."""
        mine, theirs = set(self.selected_ids), set(other.selected_ids)
        frame = self.candidates[["id", "title"]].copy()
        frame["in_self"] = frame["id"].isin(mine)
        frame["in_other"] = frame["id"].isin(theirs)
        return frame[frame["in_self"] != frame["in_other"]].reset_index(drop=True)


def select(candidates: pd.DataFrame, *, value: str = "value", cost: str = "cost",
           budget: float | None, capacity: Mapping[str, float] | None = None,
           force_in: Iterable[str] | Mapping[str, str] = (),
           force_out: Iterable[str] | Mapping[str, str] = (),
           depends_on: Mapping[str, Iterable[str]] | str | None = None,
           exclusive: Iterable[Iterable[str]] | None = None,
           time_limit: float | None = 60.0) -> Selection:
    """The set of candidates with the highest total value within every limit, proven optimal.

    Solves the 0/1 programme *maximise Σ value·x subject to Σ cost·x ≤ budget, Σ usage·x ≤
    limit for each capacity column, forced items fixed, x_A ≤ x_B when A needs B, and at most
    one of each exclusive group* with HiGHS at a relative gap of 0.

    Parameters
    ----------
    candidates : DataFrame
        One row per candidate with an ``id`` column, the ``value`` and ``cost`` columns and
        one column per capacity limit; optional ``title``, ``depends_on`` (ids, tuple or
        ``;``-separated), ``force_in`` / ``force_out`` (a reason, or empty).
        :func:`candidates` builds it from a workshop.
    value, cost : str
        Names of the value column (any measure; negative values are allowed) and the cost column.
    budget : float
        Upper limit of total cost (``numpy.inf`` for none).
    capacity : mapping of str to float, optional
        Column name -> limit, e.g. ``{"platform_months": 72}`` (:func:`capacity_limits`).
    force_in, force_out : iterable of ids or mapping id -> reason
        Items that must (not) be chosen, in addition to the frame's ``force_in`` /
        ``force_out`` columns; the reason is kept in the result.
    depends_on : mapping id -> ids, or column name, optional
        "A needs B": A may only be chosen with B. Defaults to the ``depends_on`` column.
    exclusive : iterable of groups of ids, optional
        Alternatives: at most one of each group.
    time_limit : float or None, default 60
        Seconds before the solver stops with its best set and the remaining gap.

    Returns
    -------
    Selection
        Status, chosen ids, totals against each limit with slack, and per-candidate reasons.
        When no set meets every constraint, ``status == "infeasible"`` and ``conflicts`` names
        a smallest set of constraints that cannot hold together (e.g. forced items that alone
        cost more than the budget).

    Raises
    ------
    InputError
        For inputs that cannot be read: missing columns, unknown ids, an item both forced in
        and out, negative costs.

    Examples
    --------
    >>> frame = pd.DataFrame({"id": ["a", "b", "c"], "value": [3, 4, 5], "cost": [1, 2, 3]})
    >>> select(frame, budget=3).selected_ids
    ['a', 'b']
    """
    model = _build(candidates, value=value, cost=cost, budget=budget, capacity=capacity,
                   force_in=force_in, force_out=force_out, depends_on=depends_on, exclusive=exclusive)
    return _select(model, time_limit=time_limit)


def _select(model: _Model, budget: float | None = None, time_limit: float | None = 60.0,
            explain: bool = True) -> Selection:
    budget = model.budget if budget is None else float(budget)
    start = time.perf_counter()
    res = model.solve(budget=budget, time_limit=time_limit)
    seconds = time.perf_counter() - start
    if res.status == 0:
        status, gap = "optimal", float(getattr(res, "mip_gap", 0.0) or 0.0)
    elif res.status == 1 and res.x is not None:
        status, gap = "time limit", getattr(res, "mip_gap", None)
    elif res.status == 2:
        conflicts = _conflicts(model, budget)
        return _result(model, np.zeros(model.n, bool), "infeasible", None, budget, seconds,
                       conflicts=conflicts, explain=explain)
    else:  # stopped (time or iteration limit) before any portfolio was found
        return _result(model, np.zeros(model.n, bool), "time limit", None, budget, seconds,
                       conflicts=[f"The solver stopped before finding any portfolio ({res.message}); "
                                  "allow more time with time_limit=..."], explain=False)
    chosen = np.asarray(res.x) > 0.5
    return _result(model, chosen, status, gap, budget, seconds, explain=explain)


def _result(model: _Model, chosen: np.ndarray, status: str, gap: float | None, budget: float,
            seconds: float, conflicts: list[str] | None = None, explain: bool = True) -> Selection:
    used = {"budget": float(model.cost @ chosen)}
    limits = {"budget": budget}
    for name, limit in model.limits.items():
        used[name] = float(model.usage[name] @ chosen)
        limits[name] = limit
    totals = pd.DataFrame({"constraint": list(limits), "limit": list(limits.values()),
                           "used": [used[k] for k in limits]})
    totals["slack"] = totals["limit"] - totals["used"]
    totals["share_used"] = np.where(totals["limit"] > 0,
                                    totals["used"] / totals["limit"].where(totals["limit"] > 0, 1),
                                    np.where(totals["used"] > 0, np.inf, 0.0))
    frame = pd.DataFrame({"id": model.ids, "title": model.titles, "value": model.value,
                          "cost": model.cost})
    frame["value_per_cost"] = np.where(model.cost > 0, model.value / np.where(model.cost > 0, model.cost, 1),
                                       np.where(model.value > 0, np.inf, 0.0))
    frame["selected"] = chosen
    frame["decision"] = np.where(chosen, np.where(np.isin(np.arange(model.n), list(model.forced_in)),
                                                  "forced in", "chosen"), "left out")
    if explain and status != "infeasible":
        frame["reason"], frame["detail"] = zip(*(_reason(model, chosen, k, limits, used, status)
                                                 for k in range(model.n)), strict=True)
    else:
        frame["reason"] = "no feasible portfolio" if status == "infeasible" else ""
        frame["detail"] = ""
    return Selection(status, [i for i, c in zip(model.ids, chosen, strict=True) if c],
                     float(model.value @ chosen), used["budget"], budget, gap, totals, frame,
                     list(conflicts or []), seconds)


def _reason(model: _Model, chosen: np.ndarray, k: int, limits: dict[str, float],
            used: dict[str, float], status: str) -> tuple[str, str]:
    """A short reason and a sentence for why candidate ``k`` is in or out."""
    ids = model.ids
    needed_by = [ids[a] for a, b in model.deps if b == k and chosen[a]]
    if chosen[k]:
        if k in model.forced_in:
            return "forced in", f"forced in: {model.forced_in[k]}"
        if needed_by and model.value[k] <= 0:
            return "needed by another", f"needed by {', '.join(needed_by)}"
        extra = f"; also needed by {', '.join(needed_by)}" if needed_by else ""
        where = "by value per cost" if status == "greedy" else "in the optimal set"
        return "chosen", f"{where}: value {_num(model.value[k])} for cost {_num(model.cost[k])}{extra}"
    if k in model.forced_out:
        return "forced out", f"forced out: {model.forced_out[k]}"
    blocked = [ids[b] for b in model.prerequisites(k) if b in model.forced_out]
    if blocked:
        return "needs a forced-out item", f"needs {', '.join(blocked)}, which is forced out"
    for g in model.groups:
        rivals = [ids[j] for j in g if j != k and chosen[j]] if k in g else []
        if rivals:
            return "alternative chosen", f"an alternative to {', '.join(rivals)}, which is chosen instead"
    package = [k, *sorted(j for j in model.prerequisites(k) if not chosen[j])]
    with_deps = f" with {', '.join(ids[j] for j in package[1:])}" if len(package) > 1 else ""
    package_value = float(model.value[package].sum())
    if package_value <= 0:
        what = "has no positive value" if len(package) == 1 else \
            f"has no positive value{with_deps} (total {_num(package_value)})"
        return "no positive value", what
    alone_over = [name for name, limit in limits.items()
                  if _usage(model, name, package) > limit * (1 + _TOL) + _TOL]
    over = [name for name, limit in limits.items()
            if used[name] + _usage(model, name, package) > limit * (1 + _TOL) + _TOL]
    if alone_over:
        return "too large", (f"on its own{with_deps} it needs more than the "
                             + " and ".join(_limit_label(n) for n in alone_over) + " allows")
    if over:
        excess = "; ".join(f"{_limit_label(n)} by {_num(used[n] + _usage(model, n, package) - limits[n])}"
                           for n in over)
        label = "over budget" if over == ["budget"] else ("over capacity" if "budget" not in over
                                                          else "over budget and capacity")
        why = "" if status != "optimal" else \
            f"; making room would give up at least the {_num(package_value)} it adds"
        return label, f"adding it{with_deps} would exceed the {excess}{why}"
    if status == "greedy":
        return "skipped by the rule", "fits, but the rule met an exclusive alternative or a dependency first"
    return "other constraints", f"adding it{with_deps} would break an exclusive or dependency constraint"


def _usage(model: _Model, name: str, package: list[int]) -> float:
    vector = model.cost if name == "budget" else model.usage[name]
    return float(vector[package].sum())


def _limit_label(name: str) -> str:
    return "budget" if name == "budget" else f"{name} capacity"


def _conflicts(model: _Model, budget: float) -> list[str]:
    """A smallest set of constraint groups that cannot hold together (a deletion filter).

    Groups the user cares about most (the budget, forced-in items) are tried for removal
    last, so they are the ones kept when several explanations exist.
    """
    groups: list[tuple] = [("dep", k) for k in range(len(model.deps))]
    groups += [("excl", k) for k in range(len(model.groups))]
    groups += [("out", i) for i in model.forced_out]
    groups += [("capacity", name) for name in model.limits]
    groups += [("in", i) for i in model.forced_in]
    if np.isfinite(budget):
        groups.append(("budget",))
    active = set(groups)
    for g in groups:
        trial = active - {g}
        dropped = frozenset(set(groups) - trial)
        if not model.feasible(budget, dropped):
            active = trial
    kept = [g for g in groups if g in active]
    return _describe(model, kept, budget)


def _describe(model: _Model, kept: list[tuple], budget: float) -> list[str]:
    ids = model.ids
    forced = {g[1] for g in kept if g[0] == "in"}
    needs = {}
    for g in kept:
        if g[0] == "dep":
            a, b = model.deps[g[1]]
            needs.setdefault(a, set()).add(b)
    closure = set(forced)
    stack = list(forced)
    while stack:
        j = stack.pop()
        for b in needs.get(j, ()):
            if b not in closure:
                closure.add(b)
                stack.append(b)
    lines = []
    for g in kept:
        kind = g[0]
        if kind == "budget":
            need = float(model.cost[sorted(closure)].sum()) if closure else None
            tail = (f": the forced items{' and what they need' if closure - forced else ''} cost "
                    f"{need:,.0f} together" if need is not None else "")
            lines.append(f"the budget of {budget:,.0f}{tail}")
        elif kind == "capacity":
            limit = model.limits[g[1]]
            need = float(model.usage[g[1]][sorted(closure)].sum()) if closure else None
            tail = f": the forced items need {_num(need)}" if need is not None else ""
            lines.append(f"the {g[1]} capacity of {_num(limit)}{tail}")
        elif kind == "in":
            lines.append(f"{ids[g[1]]} forced in — {model.forced_in[g[1]]}")
        elif kind == "out":
            lines.append(f"{ids[g[1]]} forced out — {model.forced_out[g[1]]}")
        elif kind == "dep":
            a, b = model.deps[g[1]]
            lines.append(f"{ids[a]} needs {ids[b]}")
        elif kind == "excl":
            lines.append("at most one of " + ", ".join(ids[j] for j in model.groups[g[1]]))
    return ["These constraints cannot all hold: " + "; ".join(lines) + "."] if lines else \
        ["No portfolio meets every constraint."]


# --- greedy, for comparison -----------------------------------------------------------------------


def greedy(candidates: pd.DataFrame, *, value: str = "value", cost: str = "cost",
           budget: float | None, capacity: Mapping[str, float] | None = None,
           force_in: Iterable[str] | Mapping[str, str] = (),
           force_out: Iterable[str] | Mapping[str, str] = (),
           depends_on: Mapping[str, Iterable[str]] | str | None = None,
           exclusive: Iterable[Iterable[str]] | None = None) -> Selection:
    """The classic rule of thumb: take items by value per cost until the money runs out.

    Forced items (and what they need) come first; then each item with positive value, best
    value per cost first, is added with its missing prerequisites when the whole package
    fits every limit and no exclusive alternative is already in. Same arguments as
    :func:`select`; the result has ``status == "greedy"`` (``"infeasible"`` when the forced
    items alone break a limit).

    Returns
    -------
    Selection
        The greedy set, with the same reasons as :func:`select` (read "chosen" as "chosen by
        the rule").
    """
    model = _build(candidates, value=value, cost=cost, budget=budget, capacity=capacity,
                   force_in=force_in, force_out=force_out, depends_on=depends_on, exclusive=exclusive)
    return _greedy(model)


def _greedy(model: _Model) -> Selection:
    start = time.perf_counter()
    chosen = np.zeros(model.n, bool)
    limits = {"budget": (model.cost, model.budget)}
    limits |= {n: (model.usage[n], lim) for n, lim in model.limits.items()}
    used = dict.fromkeys(limits, 0.0)
    out = set(model.forced_out)
    banned = out | {k for k in range(model.n) if model.prerequisites(k) & out}

    def fits(package: list[int]) -> bool:
        if any(j in banned for j in package):
            return False
        if any(int(chosen[g].sum()) + len(set(package) & set(g)) > 1 for g in model.groups):
            return False
        return all(used[n] + float(vec[package].sum()) <= lim * (1 + _TOL) + _TOL
                   for n, (vec, lim) in limits.items())

    def take(package: list[int]) -> None:
        chosen[package] = True
        for n, (vec, _) in limits.items():
            used[n] += float(vec[package].sum())

    for i in model.forced_in:
        take(sorted({i, *model.prerequisites(i)} - set(np.flatnonzero(chosen))))
    forced_fit = all(used[n] <= lim * (1 + _TOL) + _TOL for n, (_, lim) in limits.items())
    if not forced_fit or any(chosen[g].sum() > 1 for g in model.groups) or (chosen & np.isin(
            np.arange(model.n), list(model.forced_out))).any():
        return _result(model, np.zeros(model.n, bool), "infeasible", None, model.budget,
                       time.perf_counter() - start, conflicts=_conflicts(model, model.budget))
    ratio = np.where(model.cost > 0, model.value / np.where(model.cost > 0, model.cost, 1), np.inf)
    for k in np.argsort(-ratio, kind="stable"):
        if chosen[k] or model.value[k] <= 0:
            continue
        package = sorted({int(k), *model.prerequisites(int(k))} - set(np.flatnonzero(chosen)))
        if fits(package):
            take(package)
    return _result(model, chosen, "greedy", None, model.budget, time.perf_counter() - start)


def compare(selections: Mapping[str, Selection]) -> pd.DataFrame:
    """Side-by-side totals of several selections, e.g. ``{"optimum": s, "greedy": g}``.

    Returns
    -------
    DataFrame
        ``method, status, value, cost, items, share_of_best, value_below_best`` (share and
        shortfall against the highest value among them).
    """
    rows = [{"method": name, "status": s.status, "value": s.value, "cost": s.cost,
             "items": len(s.selected_ids)} for name, s in selections.items()]
    out = pd.DataFrame(rows, columns=["method", "status", "value", "cost", "items"])
    best = out["value"].max() if len(out) else np.nan
    out["share_of_best"] = out["value"] / best if best and best > 0 else np.nan
    out["value_below_best"] = best - out["value"]
    return out


# --- efficient frontier -------------------------------------------------------------------------


@dataclass(frozen=True)
class Frontier:
    """The optimal value at each budget.

    Attributes
    ----------
    points : DataFrame
        One row per budget: ``budget, value, cost, items, status, entered, left`` (``entered``
        and ``left``: ids joined by ``", "``, against the previous, smaller budget).
    membership : DataFrame
        Long form: ``budget, id, title, selected``.
    """

    points: pd.DataFrame
    membership: pd.DataFrame

    def value_at(self, budget: float) -> float:
        """The optimal value at the largest computed budget not above ``budget`` (a step)."""
        below = self.points[self.points["budget"] <= budget + _TOL * max(1.0, abs(budget))]
        return float(below["value"].iloc[-1]) if len(below) else float("nan")


def frontier(candidates: pd.DataFrame, budgets: int | Sequence[float] = 25, *, value: str = "value",
             cost: str = "cost", capacity: Mapping[str, float] | None = None,
             force_in: Iterable[str] | Mapping[str, str] = (),
             force_out: Iterable[str] | Mapping[str, str] = (),
             depends_on: Mapping[str, Iterable[str]] | str | None = None,
             exclusive: Iterable[Iterable[str]] | None = None,
             time_limit: float | None = 60.0) -> Frontier:
    """The efficient frontier: the proven-optimal value at each budget.

    Parameters
    ----------
    candidates : DataFrame
        As for :func:`select`.
    budgets : int or sequence of float, default 25
        The budgets to solve for, or how many evenly spaced budgets to use from the cheapest
        set meeting every other constraint (the forced items and what they need) to the cost
        of the best set with no budget limit, where more money stops adding value (capacity
        or the items worth doing run out). One more point at the cost of everything not
        forced out closes the frontier when that is further.
    value, cost, capacity, force_in, force_out, depends_on, exclusive, time_limit
        As for :func:`select`.

    Returns
    -------
    Frontier
        ``points`` (value, cost and set size per budget, with the items entering and leaving
        between neighbouring budgets) and the long-form ``membership``.
    """
    model = _build(candidates, value=value, cost=cost, budget=np.inf, capacity=capacity,
                   force_in=force_in, force_out=force_out, depends_on=depends_on, exclusive=exclusive)
    top = model.solve(budget=np.inf, time_limit=time_limit)
    if isinstance(budgets, (int, np.integer)):
        if budgets < 2:
            raise InputError.single("a frontier needs at least 2 budgets", value=budgets)
        grid = _budget_grid(model, int(budgets), top)
    else:
        grid = np.sort(np.asarray(list(budgets), dtype=float))
    solved = _frontier_sets(model, grid, time_limit, top)
    rows, members = [], []
    previous: set[str] = set()
    for b, (status, x) in zip(grid, solved, strict=True):
        current = {i for i, c in zip(model.ids, x, strict=True) if c}
        feasible = status != "infeasible"
        rows.append({"budget": float(b), "value": float(model.value @ x) if feasible else np.nan,
                     "cost": float(model.cost @ x) if feasible else np.nan, "items": len(current),
                     "status": status,
                     "entered": ", ".join(i for i in model.ids if i in current - previous),
                     "left": ", ".join(i for i in model.ids if i in previous - current)})
        members.append(pd.DataFrame({"budget": float(b), "id": model.ids, "title": model.titles,
                                     "selected": x}))
        previous = current
    return Frontier(pd.DataFrame(rows), pd.concat(members, ignore_index=True))


def _frontier_sets(model: _Model, grid: np.ndarray, time_limit: float | None,
                   top: Any) -> list[tuple[str, np.ndarray]]:
    """The optimal set at each budget, largest budget first, reusing proofs where they hold.

    A set optimal at a larger budget is optimal at any smaller budget it still fits, since the
    smaller budget only removes sets. So the optimum with no budget limit serves every budget
    above its cost, and each solved point may serve the next smaller ones.
    """
    empty = np.zeros(model.n, bool)
    out: dict[int, tuple[str, np.ndarray]] = {}
    known = (("optimal" if top.status == 0 else "time limit"), np.asarray(top.x) > 0.5) \
        if top.x is not None else None
    for k in np.argsort(-grid, kind="stable"):
        b = float(grid[k])
        if known is not None and known[0] == "optimal" and \
                float(model.cost @ known[1]) <= b * (1 + _TOL) + _TOL:
            out[int(k)] = known
            continue
        res = model.solve(budget=b, time_limit=time_limit)
        if res.x is None:
            out[int(k)] = ("infeasible" if res.status == 2 else "time limit", empty)
            continue
        known = ("optimal" if res.status == 0 else "time limit", np.asarray(res.x) > 0.5)
        out[int(k)] = known
    return [out[k] for k in range(len(grid))]


def _budget_grid(model: _Model, points: int, top: Any) -> np.ndarray:
    """``points`` budgets from the cheapest feasible set to where more money stops adding
    value, plus one at the cost of everything when that is further."""
    cheapest = model.solve(budget=np.inf, objective=model.cost.copy())
    low = float(model.cost @ (cheapest.x > 0.5)) if cheapest.status == 0 else 0.0
    allowed = np.ones(model.n, bool)
    allowed[list(model.forced_out)] = False
    everything = float(model.cost[allowed].sum())
    saturation = float(model.cost @ (np.asarray(top.x) > 0.5)) if top.status == 0 else everything
    high = max(saturation, low + 1.0) if saturation > low else max(everything, low + 1.0)
    grid = np.linspace(low, high, points)
    if everything > high * (1 + _TOL):
        grid = np.append(grid, everything)
    return grid


# --- robustness under uncertain value ------------------------------------------------------------


def _solve_trials(model: _Model, draws: np.ndarray, time_limit: float | None) -> tuple[np.ndarray, np.ndarray]:
    """The optimal set for each row of values (trials × candidates), and which trials solved."""
    chosen = np.zeros(draws.shape, bool)
    ok = np.zeros(len(draws), bool)
    for t, row in enumerate(draws):
        res = model.solve(value=row, time_limit=time_limit)
        if res.x is not None:
            chosen[t] = np.asarray(res.x) > 0.5
            ok[t] = True
    return chosen, ok


@dataclass(frozen=True)
class Robustness:
    """How often each candidate is in the optimal portfolio across Monte Carlo trials.

    Attributes
    ----------
    probability : DataFrame
        ``id, title, probability, group, chosen``: the share of trials in which the item is in
        that trial's optimal set; ``group`` is ``robust core``, ``contested`` or ``rarely
        chosen``; ``chosen`` whether it is in the reference set.
    values : DataFrame
        One row per trial: ``trial, chosen_value`` (the reference set's value in that
        trial), ``best_value`` (the trial's own optimum, with hindsight) and ``regret``.
    summary : dict
        ``trials, chosen_mean, chosen_p5, chosen_p95, best_mean, regret_mean, seconds``.
    """

    probability: pd.DataFrame
    values: pd.DataFrame
    summary: dict[str, float]


def selection_probability(values_by_trial: pd.DataFrame, candidates: pd.DataFrame, *,
                          budget: float | None, chosen: Iterable[str] | None = None,
                          trials: int | None = None, core: float = 0.8, rare: float = 0.2,
                          value: str = "value", cost: str = "cost",
                          capacity: Mapping[str, float] | None = None,
                          force_in: Iterable[str] | Mapping[str, str] = (),
                          force_out: Iterable[str] | Mapping[str, str] = (),
                          depends_on: Mapping[str, Iterable[str]] | str | None = None,
                          exclusive: Iterable[Iterable[str]] | None = None,
                          time_limit: float | None = 60.0,
                          executor: Executor | None = None) -> Robustness:
    """Re-optimise the portfolio for each Monte Carlo draw of the values.

    Parameters
    ----------
    values_by_trial : DataFrame
        Trials × candidate ids (e.g. ``Simulation.npv_by_trial()``); one column per candidate.
    candidates : DataFrame
        As for :func:`select`; its ``value`` column gives the reference set when ``chosen``
        is not given.
    budget : float
        As for :func:`select`.
    chosen : iterable of ids, optional
        The set actually proposed (default: the optimum under ``candidates[value]``); its value
        is evaluated in every trial.
    trials : int, optional
        Use only the first ``trials`` rows of ``values_by_trial``.
    core, rare : float
        Probability from which an item is in the robust core (≥ ``core``), and below which it
        is rarely chosen (< ``rare``); the rest is contested.
    value, cost, capacity, force_in, force_out, depends_on, exclusive, time_limit
        As for :func:`select`.
    executor : concurrent.futures.Executor, optional
        Solve the trials in chunks on this executor (e.g. a ``ProcessPoolExecutor`` or a Dask
        client); by default they are solved one after the other here.

    Returns
    -------
    Robustness
    """
    model = _build(candidates, value=value, cost=cost, budget=budget, capacity=capacity,
                   force_in=force_in, force_out=force_out, depends_on=depends_on, exclusive=exclusive)
    columns = [str(c) for c in values_by_trial.columns]
    missing = [i for i in model.ids if i not in columns]
    if missing:
        raise InputError.single(f"no value draws for {len(missing)} candidate(s)", column="values_by_trial",
                                value=", ".join(missing[:5]),
                                hint="values_by_trial needs one column per candidate id")
    if not 0 <= rare <= core <= 1:
        raise InputError.single("thresholds must satisfy 0 <= rare <= core <= 1", value=f"{rare}, {core}")
    draws = values_by_trial.set_axis(columns, axis=1)[model.ids].to_numpy(dtype=float)
    if trials is not None:
        draws = draws[: int(trials)]
    if chosen is None:
        reference = _select(model, explain=False)
        chosen_mask = np.isin(model.ids, reference.selected_ids)
    else:
        chosen_ids = set(map(str, chosen))
        chosen_mask = np.array([i in chosen_ids for i in model.ids])
    start = time.perf_counter()
    if executor is None or len(draws) < 2:
        chosen_by_trial, ok = _solve_trials(model, draws, time_limit)
    else:
        chunks = np.array_split(np.arange(len(draws)), min(len(draws), 16))
        futures = [executor.submit(_solve_trials, model, draws[c], time_limit) for c in chunks]
        parts = [f.result() for f in futures]
        chosen_by_trial = np.vstack([p[0] for p in parts])
        ok = np.concatenate([p[1] for p in parts])
    counts = chosen_by_trial[ok].sum(axis=0).astype(float)
    best = np.where(ok, np.einsum("ij,ij->i", draws, chosen_by_trial.astype(float)), np.nan)
    solved = int(ok.sum())
    seconds = time.perf_counter() - start
    prob = counts / max(solved, 1)
    group = np.where(prob >= core, "robust core", np.where(prob < rare, "rarely chosen", "contested"))
    probability = pd.DataFrame({"id": model.ids, "title": model.titles, "probability": prob,
                                "group": group, "chosen": chosen_mask})
    probability = probability.sort_values(["probability", "id"], ascending=[False, True],
                                          kind="stable").reset_index(drop=True)
    chosen_value = draws @ chosen_mask
    values = pd.DataFrame({"trial": np.arange(len(draws)), "chosen_value": chosen_value,
                           "best_value": best, "regret": best - chosen_value})
    summary = {"trials": int(len(draws)), "solved": int(solved),
               "chosen_mean": float(np.mean(chosen_value)) if len(draws) else np.nan,
               "chosen_p5": float(np.percentile(chosen_value, 5)) if len(draws) else np.nan,
               "chosen_p95": float(np.percentile(chosen_value, 95)) if len(draws) else np.nan,
               "best_mean": float(np.nanmean(best)) if solved else np.nan,
               "regret_mean": float(np.nanmean(best - chosen_value)) if solved else np.nan,
               "seconds": seconds}
    return Robustness(probability, values, summary)

