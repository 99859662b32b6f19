"""The efficient frontier: the proven-optimal value of the portfolio at each budget."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from .model import _TOL, _build, _Model

__all__ = ["Frontier", "frontier"]


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
