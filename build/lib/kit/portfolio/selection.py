"""The best set of candidates under budget and capacity, proven optimal, and why each is in or out.

The selection is an exact 0/1 optimisation solved with HiGHS (:func:`scipy.optimize.milp`
with a relative gap of 0), so the set it returns is a *proven* optimum, not a near one:

* maximise the total of a value column (mean NPV, a pessimistic NPV, a priority score …);
* subject to the budget, any number of capacity limits (one column each, e.g. person-months
  of a team), items forced in or out (with the reason kept), dependencies (A needs B) and
  mutually exclusive alternatives (at most one of a group).

The :class:`Selection` says, per candidate, why it is in or out; when no set meets every
constraint it names a smallest set of constraints that cannot hold together.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..text import money, number
from .model import _TOL, _build, _Model

__all__ = ["Selection", "select"]

#: How a forced-out reason starts when the opportunity is not yet scored on every criterion
#: (:func:`kit.portfolio.candidates`); such a candidate is left out as "not yet scored".
_UNSCORED = "not yet scored"


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
        ``over budget``, ``no positive value``, ``not yet scored``; ``detail`` a sentence).
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
        if not self.feasible:
            return ["No portfolio meets every constraint."] + self.conflicts
        if self.status == "time limit" and not self.selected_ids and self.conflicts:
            return self.conflicts
        lines = [f"{len(self.selected_ids)} of {len(self.candidates)} opportunities chosen: "
                 f"total value {number(self.value)}, cost {money(self.cost, currency)} of a budget of "
                 f"{money(self.budget, currency)}."]
        if self.status == "optimal":
            lines.append("This is a proven optimum: no other set within the limits has a higher total value.")
        elif self.status == "time limit":
            gap = "unknown" if self.gap is None else f"{self.gap:.2%}"
            lines.append(f"The solver stopped at its time limit; the best possible set is at most {gap} better.")
        binding = self.totals[self.totals["share_used"] >= 0.97]
        for t in binding.itertuples(index=False):
            lines.append(f"The {_limit_label(t.constraint)} is (nearly) used up: {number(t.used)} of {number(t.limit)}.")
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
        return "chosen", f"{where}: value {number(model.value[k])} for cost {number(model.cost[k])}{extra}"
    if k in model.forced_out:
        why = model.forced_out[k]
        if why.startswith(_UNSCORED):
            return _UNSCORED, f"{why}: not a candidate until the group has scored it"
        return "forced out", f"forced out: {why}"
    blocked = [b for b in model.prerequisites(k) if b in model.forced_out]
    if blocked:
        if any(model.forced_out[b].startswith(_UNSCORED) for b in blocked):
            words = "; ".join(f"{ids[b]}, which is {model.forced_out[b]}" if model.forced_out[b].startswith(_UNSCORED)
                              else f"{ids[b]}, which is forced out" for b in blocked)
            return "needs a forced-out item", f"needs {words}"
        return "needs a forced-out item", f"needs {', '.join(ids[b] for b in blocked)}, which is forced out"
    for g in model.groups:
        rivals = [ids[j] for j in g if j != k and chosen[j]] if k in g else []
        if rivals:
            return "alternative chosen", f"an alternative to {', '.join(rivals)}, which is chosen instead"
    package = [k, *sorted(j for j in model.prerequisites(k) if not chosen[j])]
    with_deps = f" with {', '.join(ids[j] for j in package[1:])}" if len(package) > 1 else ""
    package_value = float(model.value[package].sum())
    if package_value <= 0:
        what = "has no positive value" if len(package) == 1 else \
            f"has no positive value{with_deps} (total {number(package_value)})"
        return "no positive value", what
    alone_over = [name for name, limit in limits.items()
                  if _usage(model, name, package) > limit * (1 + _TOL) + _TOL]
    over = [name for name, limit in limits.items()
            if used[name] + _usage(model, name, package) > limit * (1 + _TOL) + _TOL]
    if alone_over:
        return "too large", (f"on its own{with_deps} it needs more than the "
                             + " and ".join(_limit_label(n) for n in alone_over) + " allows")
    if over:
        excess = "; ".join(f"{_limit_label(n)} by {number(used[n] + _usage(model, n, package) - limits[n])}"
                           for n in over)
        label = "over budget" if over == ["budget"] else ("over capacity" if "budget" not in over
                                                          else "over budget and capacity")
        why = "" if status != "optimal" else \
            f"; making room would give up at least the {number(package_value)} it adds"
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
            tail = f": the forced items need {number(need)}" if need is not None else ""
            lines.append(f"the {g[1]} capacity of {number(limit)}{tail}")
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

