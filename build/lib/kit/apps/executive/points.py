"""Everything the executive dashboard can show, computed once: for each scenario, the proven
optimal portfolio at each budget of one grid, described and drawn.

A move of the budget slider or the scenario switch then swaps in a :class:`PointView` that is
already drawn; no move solves anything. :class:`Points` computes on demand (a point asked for
before its turn) and in small steps (:meth:`Points.steps`) that the dashboard runs in the
background after the page is shown, the scenario and budget on screen first. Every step holds
one lock, so the background and a click never compute the same thing at once.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ... import portfolio, scenarios
from ...roadmap import quarter_label
from ...summary import (
    Decisions,
    ExecutiveSummary,
    budget_grid,
    candidates_for,
    executive_summary,
    frontier_table,
    layer_sums,
    roadmap_rows,
    value_bins,
)
from ...workshop import Workshop
from .views import PointView, decisions_html, differences_html, lead_html, tiles_html

__all__ = ["Points", "Scenario", "SpecTemplates"]


class SpecTemplates:
    """Chart specs built once per kind of chart, then refilled with each point's rows.

    Building an Altair chart costs 20-100 ms; the dashboard draws the same four charts for
    dozens of points, each differing only in its data. The first build of a kind is kept with
    the names of its inline datasets, matched to the frames it was built from by their columns;
    later points put their own rows under those names. A kind whose datasets cannot be matched
    (an empty frame) is built afresh each time.
    """

    def __init__(self) -> None:
        self._kept: dict[tuple[Any, ...], tuple[dict[str, Any], dict[str, int]]] = {}
        self._lock = threading.Lock()
        self._fresh = itertools.count()

    def key(self, kind: tuple[Any, ...]) -> str:
        """The name of ``kind``'s template: specs under one name differ in their rows only."""
        with self._lock:
            kept = kind in self._kept
        return "-".join(map(str, kind)) + ("" if kept else f"-fresh-{next(self._fresh)}")

    def spec(self, kind: tuple[Any, ...], build: Callable[[], Any], *frames: pd.DataFrame) -> dict[str, Any]:
        """The Vega-Lite spec of chart ``kind`` for ``frames`` (``build()`` makes it from them)."""
        with self._lock:
            kept = self._kept.get(kind)
        if kept is None:
            spec = build().to_dict(validate=False)
            columns = [frozenset(map(str, f.columns)) if len(f) else None for f in frames]
            names = {name: columns.index(frozenset(values[0]))
                     for name, values in spec.get("datasets", {}).items()
                     if values and frozenset(values[0]) in columns}
            if len(names) == len(frames) and None not in columns:
                with self._lock:
                    self._kept[kind] = (spec, names)
            return spec
        spec, names = kept
        datasets = dict(spec["datasets"])
        for name, k in names.items():
            datasets[name] = json.loads(frames[k].to_json(orient="records"))
        return {**spec, "datasets": datasets}


@dataclass
class Scenario:
    """One scenario's simulation, candidates and exact points (filled in as they are computed)."""

    name: str
    label: str
    simulation: scenarios.Simulation
    candidates: pd.DataFrame
    saturation: float | None = None
    selections: dict[int, portfolio.Selection] = field(default_factory=dict)
    summaries: dict[int, ExecutiveSummary] = field(default_factory=dict)
    views: dict[int, PointView] = field(default_factory=dict)
    frontier: pd.DataFrame | None = None


class Points:
    """The exact points of the dashboard, per scenario, on one budget grid.

    Parameters
    ----------
    workshop : Workshop
    decisions : kit.summary.Decisions
        Scores and decisions (they change with neither budget nor scenario).
    n_trials, seed, value_measure
        As for :func:`kit.summary.executive_summary`.
    points : int
        Budgets of the grid besides the page's and the workshop's (:func:`kit.summary.budget_grid`).
    include : sequence of float
        Budgets the grid must hold exactly (the page's, the workshop's).
    """

    def __init__(self, workshop: Workshop, decisions: Decisions, *, n_trials: int, seed: int, value_measure: str,
                 points: int = 25, include: tuple[float, ...] = ()) -> None:
        self.workshop, self.decisions = workshop, decisions
        self.n_trials, self.seed, self.value_measure = n_trials, seed, value_measure
        self.n_points, self.include = points, tuple(include)
        self.capacity = portfolio.capacity_limits(workshop)
        self.lock = threading.RLock()
        self.scenarios: dict[str, Scenario] = {}
        self.grid: list[float] | None = None
        s = workshop.settings
        self.currency = s.currency
        self._quarters = [quarter_label(s.start, k) for k in range(12 * max(1, s.horizon_years) + 1)]
        self._roadmaps: dict[tuple[str, ...], pd.DataFrame] = {}
        self.specs = SpecTemplates()

    def scenario(self, name: str) -> Scenario:
        """The scenario's simulation and candidates (simulated on first use)."""
        with self.lock:
            if name not in self.scenarios:
                sim = scenarios.simulate(self.workshop, n=self.n_trials, seed=self.seed, scenario=name)
                cands = candidates_for(self.workshop, sim, self.decisions, self.value_measure)
                self.scenarios[name] = Scenario(name, sim.label, sim, cands)
            return self.scenarios[name]

    def saturation(self, name: str) -> float:
        """Where more budget stops adding value in scenario ``name``: the cost of its best set
        with no budget limit."""
        with self.lock:
            st = self.scenario(name)
            if st.saturation is None:
                best = portfolio.select(st.candidates, budget=np.inf, capacity=self.capacity)
                st.saturation = float(best.cost) if best.feasible else 0.0
            return st.saturation

    def ensure_grid(self) -> list[float]:
        """The grid, from every scenario's saturation: one budget axis for all scenarios, so the
        switch keeps the budget."""
        with self.lock:
            if self.grid is None:
                names = list(self.workshop.settings.scenarios) or list(self.scenarios)
                widest = max(names, key=self.saturation)
                self.grid = budget_grid(self.scenario(widest).candidates, self.capacity, points=self.n_points,
                                        include=self.include)
            return self.grid

    def index_of(self, budget: float) -> int:
        """The grid point closest to ``budget``."""
        grid = self.ensure_grid()
        return int(np.argmin([abs(b - budget) for b in grid]))

    def selection(self, name: str, k: int) -> portfolio.Selection:
        """The proven optimum of scenario ``name`` at grid budget ``k``."""
        with self.lock:
            st = self.scenario(name)
            if k not in st.selections:
                st.selections[k] = portfolio.select(st.candidates, budget=self.ensure_grid()[k],
                                                    capacity=self.capacity)
            return st.selections[k]

    def adopt(self, name: str, budget: float, selection: portfolio.Selection, summary: ExecutiveSummary) -> None:
        """Keep a point computed before the grid existed (the page's first view)."""
        with self.lock:
            st = self.scenario(name)
            k = self.index_of(budget)
            if abs(self.ensure_grid()[k] - budget) < 0.5:
                st.selections.setdefault(k, selection)
                st.summaries.setdefault(k, summary)

    def summary(self, name: str, k: int) -> ExecutiveSummary:
        """The executive summary of scenario ``name`` at grid budget ``k``."""
        with self.lock:
            st = self.scenario(name)
            if k not in st.summaries:
                st.summaries[k] = executive_summary(self.workshop, budget=self.ensure_grid()[k],
                                                    simulation=st.simulation, decisions=self.decisions,
                                                    selection=self.selection(name, k),
                                                    value_measure=self.value_measure)
            return st.summaries[k]

    def frontier(self, name: str) -> pd.DataFrame:
        """Scenario ``name``'s frontier over the whole grid (every point solved)."""
        with self.lock:
            st = self.scenario(name)
            if st.frontier is None:
                st.frontier = frontier_table(self.summary(name, k) for k in range(len(self.ensure_grid())))
            return st.frontier

    def view(self, name: str, k: int) -> PointView:
        """Scenario ``name`` at grid budget ``k``, drawn (with its frontier when that is known)."""
        with self.lock:
            st = self.scenario(name)
            if k in st.views:
                return st.views[k]
            made = self.draw(name, self.summary(name, k), st.frontier)
            if st.frontier is not None:
                st.views[k] = made
            return made

    def draw(self, name: str, summary: ExecutiveSummary, frontier: pd.DataFrame | None) -> PointView:
        """A summary drawn: tiles, tables and the four chart specs (None for the frontier when
        ``frontier`` is None, and for the roadmap when nothing is scheduled)."""
        from ...charts.summary import frontier_point, layer_totals, roadmap_overview, value_bars

        c = self.currency
        sel = summary.selection
        bins, sums = value_bins(summary.value_by_trial), layer_sums(summary.layers)
        kinds: list[tuple[Any, ...]] = [("value",), ("layers",)]
        specs: list[dict[str, Any] | None] = [self.specs.spec(kinds[0], lambda: value_bars(bins, c), bins),
                                              self.specs.spec(kinds[1], lambda: layer_totals(sums, c), sums)]
        title = "Optimal mean NPV" if self.value_measure == "mean NPV" else "Optimal value"
        kinds.append(("frontier", title))
        if frontier is not None:
            mark = pd.DataFrame({"budget": [sel.budget], "value": [sel.value], "label": ["current budget"]})
            specs.append(self.specs.spec(kinds[2], lambda: frontier_point(frontier, sel.budget, sel.value, c, title),
                                         frontier, mark))
        else:
            specs.append(None)
        rows = self._roadmap(tuple(sel.selected_ids), sel)
        names = "full" if len(rows) <= 10 else "ids" if len(rows) <= 24 else "none"
        kinds.append(("roadmap", names))
        specs.append(self.specs.spec(kinds[3], lambda: roadmap_overview(rows, self._quarters, names=names), rows)
                     if len(rows) else None)
        return PointView(scenario=name, budget=float(sel.budget), summary=summary, lead=lead_html(summary),
                         tiles=tiles_html(summary, c), decisions=decisions_html(summary),
                         differences=differences_html(summary), specs=tuple(specs),
                         templates=tuple(self.specs.key(k) for k in kinds))

    def _roadmap(self, ids: tuple[str, ...], selection: portfolio.Selection) -> pd.DataFrame:
        """The roadmap rows of a chosen set (the same set at several budgets is scheduled once)."""
        with self.lock:
            if ids not in self._roadmaps:
                plan = portfolio.roadmap(self.workshop, selection) if ids else None
                self._roadmaps[ids] = roadmap_rows(plan.schedule) if plan else pd.DataFrame()
            return self._roadmaps[ids]

    def ready(self, name: str) -> bool:
        """Whether every point of scenario ``name`` is drawn."""
        st = self.scenarios.get(name)
        return st is not None and self.grid is not None and len(st.views) == len(self.grid)

    def steps(self, first: str, budget: float, *, scenarios_too: bool = True
              ) -> Iterator[tuple[str, Callable[[], Any]]]:
        """The background work in order, as ``(event, step)`` pairs: run ``step()``, then tell
        the page about ``event`` (``""``: nothing to tell).

        The scenario on screen first: its grid, its points nearest ``budget`` first, its
        frontier (``"frontier"``, then the slider can move), its drawings (``"drawn"``); then
        each other scenario the same way (``"scenario:NAME"`` when it is drawn).
        """
        names = [first] + [n for n in self.workshop.settings.scenarios if n != first]
        if not scenarios_too:
            names = [first]
        yield "", lambda: self.scenario(first)
        yield "grid", self.ensure_grid
        for name in names:
            order = self._nearest_first(budget)
            for k in order:
                yield "", (lambda n=name, k=k: self.summary(n, k))
            yield ("frontier" if name == first else ""), (lambda n=name: self.frontier(n))
            for k in order:
                yield "", (lambda n=name, k=k: self.view(n, k))
            yield ("drawn" if name == first else f"scenario:{name}"), (lambda: None)

    def _nearest_first(self, budget: float) -> list[int]:
        grid = self.ensure_grid()
        return sorted(range(len(grid)), key=lambda k: (abs(grid[k] - budget), k))
