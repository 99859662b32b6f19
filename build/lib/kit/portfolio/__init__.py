"""Portfolio selection: the best set of opportunities under budget and team capacity.

Modules, in the order a workbook uses them:

* :mod:`~kit.portfolio.inputs` — the candidates frame from a workshop, value measures, limits;
* :mod:`~kit.portfolio.model` — the 0/1 problem as arrays, solved with HiGHS;
* :mod:`~kit.portfolio.selection` — :func:`select`, the proven optimum, with reasons;
* :mod:`~kit.portfolio.heuristic` — :func:`greedy`, the value-per-cost rule, and :func:`compare`;
* :mod:`~kit.portfolio.efficient_frontier` — :func:`frontier`, the optimum at each budget;
* :mod:`~kit.portfolio.robustness` — :func:`selection_probability` under uncertain values.

The roadmap lives in :mod:`kit.roadmap` and is re-exported here. No submodule is named after
a function (``select``, ``candidates``, ``greedy``, ``frontier``): ``kit.portfolio.select`` is
the function, always.
"""

from ..roadmap import Roadmap, roadmap
from .efficient_frontier import Frontier, frontier
from .heuristic import compare, greedy
from .inputs import (
    MANDATORY_REASON,
    MEASURES,
    budget_for,
    candidates,
    capacity_limits,
    measure_values,
    pressure,
)
from .robustness import Robustness, selection_probability
from .selection import Selection, select

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
