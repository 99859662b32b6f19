"""The executive dashboard (workbook 05): the answer above the fold, controls that answer at once.

First view (what the page's cell computes): scores and decisions, the scenario shown simulated,
the proven optimum at the page's budget, drawn as the headline, six key-figure tiles, the
budget slider and the scenario switch, the charts and the two tables. Everything else, the
exact optimum at every budget of one grid for every scenario and its drawing
(:class:`~kit.apps.executive.points.Points`), is computed by :meth:`Dashboard.explore` in a
background thread at the lowest CPU priority after the page is shown; from then on a move of
the slider or the switch swaps in a drawn point and solves nothing.

Widgets are only ever changed on the kernel's main thread (the background posts its news to
the kernel's event loop), and Output widgets are filled by state
(:func:`kit.apps.display.show_in`), never by capturing a cell. News that reaches the page
while it is still loading would be dropped by its widget manager; the page's
:class:`~kit.apps.sync.Handshake` sends every state again once the page listens.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from ... import portfolio
from ...summary import ExecutiveSummary, decide, executive_summary
from ...text import money, plural
from ...workshop import Workshop
from ..sync import Handshake
from .panels import panel_entry, panel_html, update_html
from .points import Points
from .views import PointView, css, header_html, static_page, status_html

__all__ = ["Dashboard", "ExecutiveControls", "dashboard"]

_FRONTIER_WAIT = "The efficient frontier appears here once every budget of the slider is solved exactly."
#: What each chart panel says while it has no chart.
_WAITS = ("", "", _FRONTIER_WAIT, "No item is scheduled.")


class Dashboard:
    """The executive summary as a dashboard: headline, tiles, budget slider, scenario switch,
    charts, decisions, differences.

    Parameters
    ----------
    workshop : Workshop
    budget : float, default 0
        The budget shown first (0: the workshop's).
    scenario : str, default "base"
        The scenario shown first.
    n_trials, seed, value_measure, overrides
        As for :func:`kit.summary.executive_summary`.
    points : int, default 25
        Budgets of the slider besides the page's and the workshop's, from what the mandatory
        items cost to where more money stops adding value.

    Attributes
    ----------
    widget : ipywidgets.VBox
        The page; displaying the dashboard displays it (with a static copy for exports).
    budget : ipywidgets.SelectionSlider
        Moves between the grid's budgets, each a proven optimum (disabled until they are).
    scenario : ipywidgets.Dropdown
    summary : kit.summary.ExecutiveSummary
        What the page shows now.
    points : kit.apps.executive.points.Points
        The exact points, computed so far.
    last_seconds : float
        Kernel time of the last redraw (the browser's drawing excluded).
    """

    def __init__(self, workshop: Workshop, *, budget: float = 0, scenario: str = "base", n_trials: int = 5_000,
                 seed: int = 2027, value_measure: str = "mean NPV", overrides: str | Path | None = None,
                 points: int = 25) -> None:
        import ipywidgets as w

        s = workshop.settings
        self.workshop, self.currency = workshop, s.currency
        start = portfolio.budget_for(workshop, budget)
        self.points = Points(workshop, decide(workshop, overrides), n_trials=n_trials, seed=seed,
                             value_measure=value_measure, points=points,
                             include=tuple(b for b in (start, s.budget) if b))
        first = self.points.scenario(scenario)
        chosen = portfolio.select(first.candidates, budget=start, capacity=self.points.capacity)
        self.summary: ExecutiveSummary = executive_summary(
            workshop, budget=start, simulation=first.simulation, decisions=self.points.decisions, selection=chosen,
            value_measure=value_measure)
        self._first = (scenario, start, chosen, self.summary)
        self.view: PointView = self.points.draw(scenario, self.summary, None)
        self.display_id = f"kit-dashboard-{uuid.uuid4().hex[:12]}"
        self._drawn = 0  # drawings so far: the page's charts and status line carry the number
        self.last_seconds = float("nan")
        self._explored = False
        self._quiet = False
        self._news: list[str] = []
        self._lock = threading.Lock()
        self._preparing = "Preparing the exact optimum at every other budget and for every scenario…"

        self.header = w.HTML(header_html(s.organisation, self.summary.scenario))
        self.lead = w.HTML(self.view.lead)
        self.tiles = w.HTML(self.view.tiles)
        self.budget = w.SelectionSlider(options=[(money(start, s.currency), float(start))], value=float(start),
                                        description="Budget", disabled=True, continuous_update=False,
                                        style={"description_width": "initial"}, layout=w.Layout(width="560px"))
        names = list(s.scenarios) or [scenario]
        labels = [(str(s.scenarios.get(n, {}).get("label", n)), n) for n in names]
        self.scenario = w.Dropdown(options=labels, value=scenario, description="Scenario",
                                   layout=w.Layout(width="300px"))
        controls = w.HBox([self.budget, self.scenario])
        controls.add_class("kit-controls")
        self.status = w.HTML(self._status())
        self.charts = [w.Output() for _ in range(4)]
        for out in self.charts:
            out.add_class("kit-panel")
        self.channel = w.Output(layout=w.Layout(height="0px", overflow="hidden"))  # carries the redraws
        grid = w.GridBox(self.charts, layout=w.Layout(grid_template_columns="repeat(2, minmax(0, 1fr))",
                                                       grid_gap="12px", width="100%"))
        grid.add_class("kit-grid")
        self.decisions = w.HTML(self.view.decisions)
        self.differences = w.HTML(self.view.differences)
        self.widget = w.VBox([w.HTML(css()), self.header, self.lead, self.tiles, controls, self.status, grid,
                              self.decisions, self.differences, self.channel], layout=w.Layout(width="100%"))
        self.widget.add_class("kit-dash")
        # the slider comes alive from the background: what the page misses while it loads is sent again
        self.handshake = Handshake.mount(self.widget)
        from IPython.display import HTML

        from ..display import show_in

        # each panel's element lasts; later points reach it through the channel (update_html)
        for k, (out, entry) in enumerate(zip(self.charts, self._entries(self.view), strict=True)):
            show_in(out, [HTML(panel_html(self.display_id, k, 0, entry))])
        self.budget.observe(self._moved, names="value")
        self.scenario.observe(self._moved, names="value")

    def _status(self) -> str:
        grid = self.points.grid
        sel = self.summary.selection
        k = None
        if grid is not None and self.budget.options and len(self.budget.options) == len(grid):
            k = self.points.index_of(sel.budget) + 1
        return status_html(self.summary, self.currency, point=k, points=len(grid) if grid else 1,
                           preparing=self._preparing, drawn=self._drawn)

    @staticmethod
    def _entries(view: PointView) -> list[dict[str, object]]:
        return [panel_entry(spec, template, wait)
                for spec, template, wait in zip(view.specs, view.templates, _WAITS, strict=True)]

    def show(self, view: PointView) -> None:
        """Make ``view`` the page: tiles, headline, charts and tables in one redraw."""
        start = time.perf_counter()
        self.view, self.summary = view, view.summary
        self.header.value = header_html(self.workshop.settings.organisation, view.summary.scenario)
        self.lead.value = view.lead
        self.tiles.value = view.tiles
        from IPython.display import HTML

        from ..display import show_in

        self._drawn += 1
        show_in(self.channel, [HTML(update_html(self.display_id, self._drawn, self._entries(view)))])
        self.decisions.value = view.decisions
        self.differences.value = view.differences
        self.status.value = self._status()  # last: the page has the new point once this line changed
        self.last_seconds = time.perf_counter() - start

    def _current(self) -> PointView:
        """The point the controls are set to (computed now if the background has not reached it)."""
        name, budget = self.scenario.value, float(self.budget.value)
        if self.points.grid is None:  # only the page's own budget is known yet
            scenario, start, chosen, summary = self._first
            if name == scenario:
                return self.points.draw(name, summary, None)
            st = self.points.scenario(name)
            sel = portfolio.select(st.candidates, budget=start, capacity=self.points.capacity)
            return self.points.draw(name, executive_summary(
                self.workshop, budget=start, simulation=st.simulation, decisions=self.points.decisions,
                selection=sel, value_measure=self.points.value_measure), None)
        return self.points.view(name, self.points.index_of(budget))

    def _moved(self, _change: Any = None) -> None:
        if not self._quiet:
            self.show(self._current())

    def explore(self, *, background: bool = True) -> None:
        """Compute every exact point of every scenario, the scenario on screen first.

        With ``background=True`` (the workbook's interactive cell) the work runs in a daemon
        thread at the lowest CPU priority, so it starts after the page is shown and never
        holds up a click; the slider comes alive once the scenario on screen is solved at
        every budget. ``background=False`` does it all now (tests, scripts).
        """
        if self._explored:
            return
        self._explored = True
        scenario, start = self.scenario.value, float(self.budget.value)
        steps = self.points.steps(scenario, start)
        if not background:
            for event, step in steps:
                step()
                if event:
                    self._event(event)
            return
        post = _poster()
        self._thread = threading.Thread(target=self._work, args=(steps, post), name="kit-dashboard", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the background of :meth:`explore` to finish; True when it has (scripts, tests)."""
        thread = getattr(self, "_thread", None)
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return self._explored

    def complete(self) -> None:
        """Make the page whole for a static copy when no one explores it live.

        A batch run (papermill) skips the interactive :meth:`explore` cell; this computes the
        frontier of the scenario shown, now, draws it into the page and updates the copy the
        report and the PNG export read. After :meth:`explore` it does nothing.
        """
        if self._explored:
            return
        scenario, start = self.scenario.value, float(self.budget.value)
        for event, step in self.points.steps(scenario, start, scenarios_too=False):
            step()
            if event in ("grid", "frontier"):
                self._event(event)
        self._preparing = ""
        self.show(self.points.view(scenario, self.points.index_of(start)))
        from IPython.display import update_display

        update_display(self, display_id=self.display_id)

    def _work(self, steps: Any, post: Any) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)  # this thread only, on Linux
        except (AttributeError, OSError):
            pass
        try:
            for event, step in steps:
                step()
                if event:
                    post(lambda e=event: self._event(e))
        except Exception as exc:  # say it on the page; the point shown stays exact
            post(lambda error=exc: self._failed(error))

    def _failed(self, exc: BaseException) -> None:
        self._preparing = f"The other budgets could not be prepared ({type(exc).__name__}: {exc})."
        self.status.value = self._status()

    def _event(self, event: str) -> None:
        """News from the background, on the main thread."""
        grid = self.points.grid or []
        if event == "grid":
            scenario, start, chosen, summary = self._first
            self.points.adopt(scenario, start, chosen, summary)
        elif event == "frontier":
            self._quiet = True
            try:
                budget = float(self.budget.value)
                self.budget.options = [(money(b, self.currency), float(b)) for b in grid]
                self.budget.value = float(grid[self.points.index_of(budget)])
                self.budget.disabled = False
            finally:
                self._quiet = False
            self._preparing = "Preparing the other scenarios…" if len(self.scenario.options) > 1 else ""
            self.show(self._current())
        elif event.startswith("scenario:") or event == "drawn":
            done = [n for _, n in self.scenario.options if self.points.ready(n)]
            left = len(self.scenario.options) - len(done)
            self._preparing = "" if not left else f"Preparing {plural(left, 'other scenario')}…"
            self.status.value = self._status()

    def static_html(self) -> str:
        """The page as it is now, without widgets: the report's first screen."""
        return static_page(self.view, organisation=self.workshop.settings.organisation, currency=self.currency,
                           status=self._status(), waits=_WAITS)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = f"<Dashboard: {self.summary.lead}>"
        return bundle


#: The name workbook 05 used before the dashboard; the same class.
ExecutiveControls = Dashboard


def dashboard(workshop: Workshop, **options: Any) -> Dashboard:
    """Show the executive dashboard of ``workshop`` in this cell and return it.

    ``options`` are those of :class:`Dashboard`. Then call :meth:`Dashboard.explore` (in a
    cell tagged ``interactive``: live pages only) and :meth:`Dashboard.complete` (for the
    static copy of a batch run).
    """
    from IPython.display import display

    board = Dashboard(workshop, **options)
    display(board, display_id=board.display_id)
    return board


def _poster() -> Any:
    """A function that runs a callback on the kernel's event loop (the main thread), from any
    thread; outside a kernel, it runs the callback at once."""
    try:
        from tornado.ioloop import IOLoop

        loop = IOLoop.current(instance=False)  # the running kernel's loop, or None
    except Exception:  # pragma: no cover - no tornado
        loop = None
    if loop is None:
        return lambda callback: callback()
    return loop.add_callback
