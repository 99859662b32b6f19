"""Charts of the executive summary (workbook 05)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..settings import LAYERS
from .portfolio import frontier_chart
from .theme import LAYER_COLOURS

__all__ = ["frontier_point", "layer_totals", "roadmap_overview", "value_bars", "value_range"]


def value_range(value_by_trial: pd.DataFrame, currency: str = "") -> alt.LayerChart:
    """Histogram of the chosen portfolio's NPV over simulated futures, zero marked in red.

    ``value_by_trial`` is :attr:`kit.summary.ExecutiveSummary.value_by_trial`.
    """
    unit = f" ({currency})" if currency else ""
    bars = alt.Chart(value_by_trial).mark_bar(color="#1f5f8b", opacity=0.85).encode(
        x=alt.X("chosen_value:Q", bin=alt.Bin(maxbins=40), title=f"Net present value of the portfolio{unit}",
                axis=alt.Axis(format="~s")),
        y=alt.Y("count():Q", title="Simulated futures"),
        tooltip=[alt.Tooltip("count():Q", title="Futures")],
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#c62828", strokeWidth=2).encode(x="x:Q")
    return (bars + zero).properties(
        title=alt.Title("What the portfolio may be worth", subtitle="Each bar: how many simulated futures end there"),
        width=520, height=220)


#: Plot size of the dashboard's charts: two side by side fit a 1024-pixel screen.
DASHBOARD_WIDTH = 330
DASHBOARD_HEIGHT = 170


def value_bars(bins: pd.DataFrame, currency: str = "") -> alt.LayerChart:
    """The portfolio's NPV range as a histogram already binned (:func:`kit.summary.value_bins`:
    ``low, high, futures, outcome``), losses in red, zero marked: "what it may be worth"."""
    unit = f" ({currency})" if currency else ""
    bars = alt.Chart(bins).mark_bar(opacity=0.9, binSpacing=1).encode(
        x=alt.X("low:Q", bin="binned", title=f"Net present value{unit}", axis=alt.Axis(format="~s")),
        x2="high:Q",
        y=alt.Y("futures:Q", title="Simulated futures"),
        color=alt.Color("outcome:N", legend=None,
                        scale=alt.Scale(domain=["gain", "loss"], range=["#1f5f8b", "#c62828"])),
        tooltip=[alt.Tooltip("low:Q", title="From", format=",.0f"), alt.Tooltip("high:Q", title="To", format=",.0f"),
                 alt.Tooltip("futures:Q", title="Futures")],
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#c62828", strokeWidth=2).encode(x="x:Q")
    return (bars + zero).properties(
        title=alt.Title("What the portfolio may be worth", subtitle="Simulated futures by NPV; red: a loss"),
        width=DASHBOARD_WIDTH, height=DASHBOARD_HEIGHT)


def layer_totals(sums: pd.DataFrame, currency: str = "") -> alt.LayerChart:
    """The chosen portfolio's value by layer (financial, productivity, customer, growth) and its
    cost, from :func:`kit.summary.layer_sums` (``layer, value``): the multi-layer return."""
    order = [*LAYERS, "cost"]
    colours = [LAYER_COLOURS[layer] for layer in LAYERS] + ["#9e9e9e"]
    unit = f" ({currency})" if currency else ""
    bars = alt.Chart(sums).mark_bar().encode(
        y=alt.Y("layer:N", title=None, sort=order),
        x=alt.X("value:Q", title=f"Present value{unit}", axis=alt.Axis(format="~s")),
        color=alt.Color("layer:N", legend=None, scale=alt.Scale(domain=order, range=colours)),
        tooltip=[alt.Tooltip("layer:N", title="Layer"), alt.Tooltip("value:Q", title=f"Value{unit}", format=",.0f")])
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#555").encode(x="zero:Q")
    return (bars + zero).properties(
        title=alt.Title("Where the value lands", subtitle="Mean present value by layer; the cost to the left"),
        width=DASHBOARD_WIDTH, height=DASHBOARD_HEIGHT)


def frontier_point(points: pd.DataFrame, budget: float, value: float, currency: str = "",
                   value_title: str = "Optimal value") -> alt.LayerChart:
    """The efficient frontier (``budget, value, …`` per exact point, :func:`kit.summary.frontier_table`)
    with the portfolio shown marked in red, sized for the dashboard."""
    return frontier_chart(points, budget, value, currency, value_title).properties(
        title=alt.Title("Efficient frontier", subtitle="The proven best value at each budget; red: the one shown"),
        width=DASHBOARD_WIDTH, height=DASHBOARD_HEIGHT)


def roadmap_overview(rows: pd.DataFrame, quarters: list[str], *, names: str = "full") -> alt.Chart:
    """The roadmap of the chosen set from :func:`kit.summary.roadmap_rows`: one bar per item from
    its first to its last quarter, coloured by team; ``quarters[k]`` names quarter index ``k``.

    ``names``: ``"full"`` (id and title beside each bar), ``"ids"`` (ids only, small) or
    ``"none"`` (long lists: names in the tooltips only), so the chart keeps its size whatever
    the number of items.
    """
    labels = "[" + ",".join(f"'{q}'" for q in quarters) + "]"
    field = "id" if names == "ids" else "label"
    return alt.Chart(rows).mark_bar(cornerRadius=2).encode(
        x=alt.X("start_index:Q", title=None,
                axis=alt.Axis(tickMinStep=1, labelExpr=f"{labels}[datum.value] || ''", labelAngle=0,
                              labelOverlap=True)),
        x2="end:Q",
        y=alt.Y(f"{field}:N", title=None, sort=alt.EncodingSortField(field="order", op="min"),
                axis=alt.Axis(labels=names != "none", ticks=False, labelLimit=200,
                              labelFontSize=9 if names == "ids" else 11)),
        color=alt.Color("team:N", title="Team", legend=alt.Legend(orient="bottom", direction="horizontal")),
        tooltip=[alt.Tooltip("id:N", title="Id"), alt.Tooltip("title:N", title="Opportunity"),
                 alt.Tooltip("team:N", title="Team"), alt.Tooltip("start:N", title="Starts"),
                 alt.Tooltip("finish:N", title="Ends"), alt.Tooltip("status:N", title="Status")],
    ).properties(title=alt.Title("Roadmap", subtitle="Each item from its first to its last quarter of work"),
                 width=DASHBOARD_WIDTH - {"full": 120, "ids": 20, "none": 0}[names], height=DASHBOARD_HEIGHT)
