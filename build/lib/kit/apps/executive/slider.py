"""The budget slider of workbook 04: drag the budget, the portfolio is re-optimised and redrawn."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

__all__ = ["BudgetSlider", "budget_slider", "portfolio_slider"]


class BudgetSlider:
    """A budget slider that re-optimises and redraws below itself when released.

    Parameters
    ----------
    optimise : callable
        ``optimise(budget) -> result``, e.g. ``functools.partial(kit.portfolio.select,
        candidates, capacity=...)`` wrapped to take the budget.
    render : callable
        ``render(result) -> displayable`` (an Altair chart, a table, or a list of them).
    value, low, high : float
        Starting budget and the slider's range.
    step : float, optional
        Slider step (default: 1/100 of the range).
    description : str
        Label shown left of the slider.

    Attributes
    ----------
    slider : ipywidgets.FloatSlider
    output : ipywidgets.Output
        Where ``render``'s result is displayed.
    widget : ipywidgets.VBox
        Slider above output; displaying the object displays this.
    result : Any
        The last ``optimise`` result.
    last_seconds : float
        Time of the last re-optimise and redraw in the kernel (the browser's drawing excluded).
    """

    def __init__(self, optimise: Callable[[float], Any], render: Callable[[Any], Any], *, value: float,
                 low: float, high: float, step: float | None = None, description: str = "Budget") -> None:
        import ipywidgets as w

        self.optimise, self.render = optimise, render
        low, high = float(min(low, value)), float(max(high, value))
        self.slider = w.FloatSlider(value=float(value), min=low, max=high,
                                    step=step or max((high - low) / 100, 1e-9), description=description,
                                    continuous_update=False, readout_format=",.0f",
                                    style={"description_width": "initial"}, layout=w.Layout(width="620px"))
        self.output = w.Output()
        self.widget = w.VBox([self.slider, self.output])
        self.result: Any = None
        self.last_seconds = float("nan")
        self.slider.observe(lambda change: self.update(change["new"]), names="value")
        self.update(self.slider.value)

    def update(self, budget: float) -> Any:
        """Re-optimise for ``budget`` and redraw; returns the new result."""
        from ..display import show_in

        start = time.perf_counter()
        self.result = self.optimise(float(budget))
        view = self.render(self.result)
        show_in(self.output, view if isinstance(view, (list, tuple)) else [view])
        self.last_seconds = time.perf_counter() - start
        return self.result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def budget_slider(optimise: Callable[[float], Any], render: Callable[[Any], Any], *, value: float,
                  low: float, high: float, step: float | None = None,
                  description: str = "Budget") -> BudgetSlider:
    """A :class:`BudgetSlider`: drag the budget, the portfolio is re-optimised and redrawn.

    See :class:`BudgetSlider` for the parameters. Display the returned object in a cell.
    """
    return BudgetSlider(optimise, render, value=value, low=low, high=high, step=step, description=description)


def portfolio_slider(candidates: Any, frontier: Any, *, budget: float, currency: str = "",
                     value_title: str = "Value", **constraints: Any) -> BudgetSlider:
    """The workbook-04 budget slider: re-select the portfolio, redraw frontier and chosen set.

    Parameters
    ----------
    candidates : DataFrame
        As for :func:`kit.portfolio.select`.
    frontier : kit.portfolio.Frontier
        Drawn behind the current budget; its budgets set the slider's range.
    budget : float
        The starting budget.
    currency, value_title : str
        Axis labels.
    **constraints
        Passed to :func:`kit.portfolio.select` (``capacity``, ``force_in``, ``force_out``, …).

    Returns
    -------
    BudgetSlider
        Its ``result`` is the latest :class:`kit.portfolio.Selection`.
    """
    from ... import portfolio
    from ...charts import portfolio as charts

    def optimise(value: float) -> Any:
        return portfolio.select(candidates, budget=value, **constraints)

    def render(selection: Any) -> Any:
        if not selection.feasible:
            from ..display import bullets

            return bullets(selection.findings(currency), display=False)
        return charts.budget_view(selection.candidates, frontier.points, selection.budget, selection.value,
                                  currency, value_title)

    budgets = frontier.points["budget"]
    return budget_slider(optimise, render, value=budget, low=float(budgets.min()), high=float(budgets.max()),
                         description=f"Budget ({currency})" if currency else "Budget")
