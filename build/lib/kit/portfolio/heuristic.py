"""The greedy value-per-cost rule, for comparison with the optimum.

:func:`greedy` is the classic rule of thumb a portfolio board uses; :func:`compare` puts its
set beside the proven optimum of :func:`kit.portfolio.select`, to show what the rule leaves on
the table.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .model import _TOL, _build, _Model
from .selection import Selection, _conflicts, _result

__all__ = ["compare", "greedy"]


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
