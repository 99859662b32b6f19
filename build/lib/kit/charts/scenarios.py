"""Charts of the value-scenarios step (workbook 03): frames from :mod:`kit.scenarios` in, charts out."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..settings import LAYERS
from .theme import LAYER_COLOURS

__all__ = ["layer_bars", "loss_bars", "npv_ranges", "scenario_ranges", "tornado_chart", "voi_bars"]

_COST_COLOUR = "#9e9e9e"
_LAYER_NAMES = {"financial": "Financial", "productivity": "Productivity", "customer": "Customer",
                "growth": "Growth", "cost": "Cost"}


def _value_scale(cost: bool = True) -> alt.Scale:
    """Layers in their kit colours, plus costs in grey."""
    colours = [LAYER_COLOURS[layer] for layer in LAYERS]
    if not cost:
        return alt.Scale(domain=list(LAYERS), range=colours)
    return alt.Scale(domain=[*LAYERS, "cost"], range=[*colours, _COST_COLOUR])


def _label(frame: pd.DataFrame) -> alt.Chart:
    """A chart whose data has a ``label`` field: id and the first words of the title (Vega side)."""
    return alt.Chart(frame).transform_calculate(
        label="datum.opportunity_id + '  ' + (length(datum.title) > 36 ? substring(datum.title, 0, 35) + '…' "
              ": datum.title)")


def npv_ranges(summary: pd.DataFrame, currency: str = "EUR") -> alt.Chart:
    """NPV distribution per opportunity as a box: whiskers p5–p95, box p25–p75, median, mean.

    ``summary`` is :meth:`kit.scenarios.Simulation.summary`; colour is the probability of a loss.
    """
    base = _label(summary).encode(
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("npv_mean", order="descending")))
    money = alt.Axis(format="~s")
    tips = [alt.Tooltip("title:N", title="Opportunity"),
            alt.Tooltip("npv_mean:Q", title=f"Mean NPV ({currency})", format=",.0f"),
            alt.Tooltip("npv_p5:Q", title="p5", format=",.0f"), alt.Tooltip("npv_p50:Q", title="Median", format=",.0f"),
            alt.Tooltip("npv_p95:Q", title="p95", format=",.0f"),
            alt.Tooltip("p_loss:Q", title="P(loss)", format=".0%")]
    whisker = base.mark_rule(color="#777").encode(
        x=alt.X("npv_p5:Q", title=f"Net present value over the horizon ({currency})", axis=money), x2="npv_p95:Q",
        tooltip=tips)
    box = base.mark_bar(size=11).encode(
        x="npv_p25:Q", x2="npv_p75:Q",
        color=alt.Color("p_loss:Q", title="P(NPV < 0)", scale=alt.Scale(scheme="redyellowgreen", reverse=True,
                                                                          domain=[0, 1]),
                        legend=alt.Legend(format=".0%")),
        tooltip=tips)
    median = base.mark_tick(color="black", thickness=2, size=13).encode(x="npv_p50:Q", tooltip=tips)
    mean = base.mark_point(shape="diamond", filled=True, color="black", size=28).encode(x="npv_mean:Q", tooltip=tips)
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#c62828", strokeDash=[4, 3]).encode(x="x:Q")
    return (whisker + box + median + mean + zero).properties(
        title=alt.Title("NPV range per opportunity",
                        subtitle="Whiskers p5–p95, box p25–p75, tick median, diamond mean; left of the red line loses money"),
        width=520, height=alt.Step(18))


def layer_bars(layers: pd.DataFrame, currency: str = "EUR") -> alt.Chart:
    """Multi-layer ROI: mean discounted benefit per layer, stacked, with the cost to the left.

    ``layers`` is :meth:`kit.scenarios.Simulation.layer_values` (cost rows are negative).
    """
    return _label(layers).mark_bar().encode(
        x=alt.X("sum(value):Q", title=f"Mean present value over the horizon ({currency})", axis=alt.Axis(format="~s")),
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("value", op="sum", order="descending")),
        color=alt.Color("layer:N", title="Layer", scale=_value_scale(),
                        legend=alt.Legend(labelExpr=_legend_names())),
        order=alt.Order("layer_order:Q"),
        tooltip=[alt.Tooltip("title:N", title="Opportunity"), alt.Tooltip("layer:N", title="Layer"),
                 alt.Tooltip("value:Q", title=f"Value ({currency})", format=",.0f")],
    ).transform_calculate(
        layer_order=f"indexof({[*LAYERS, 'cost']!r}, datum.layer)"
    ).properties(title=alt.Title("Value by layer (multi-layer ROI)",
                                 subtitle="Benefits stacked to the right by layer, present value of costs to the left"),
                 width=520, height=alt.Step(18))


def _legend_names() -> str:
    pairs = " : ".join(f"datum.label == '{k}' ? '{v}'" for k, v in _LAYER_NAMES.items())
    return f"{pairs} : datum.label"


def loss_bars(summary: pd.DataFrame) -> alt.Chart:
    """Probability that each opportunity loses money (NPV < 0), highest first."""
    return _label(summary).mark_bar().encode(
        x=alt.X("p_loss:Q", title="Probability of a loss (NPV < 0)", axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("p_loss", order="descending")),
        color=alt.Color("p_loss:Q", scale=alt.Scale(scheme="redyellowgreen", reverse=True, domain=[0, 1]),
                        legend=None),
        tooltip=[alt.Tooltip("title:N", title="Opportunity"), alt.Tooltip("p_loss:Q", title="P(loss)", format=".1%"),
                 alt.Tooltip("payback_p50:Q", title="Median payback (years)", format=".1f")],
    ).properties(title="Probability of losing money", width=360, height=alt.Step(16))


def scenario_ranges(comparison: pd.DataFrame, currency: str = "EUR") -> alt.HConcatChart:
    """Scenarios side by side: the portfolio's NPV range, and its value by layer.

    ``comparison`` is :func:`kit.scenarios.compare_scenarios` with ``by="portfolio"``.
    """
    y = alt.Y("label:N", title=None, sort=None)
    tips = [alt.Tooltip("label:N", title="Scenario"),
            alt.Tooltip("npv_mean:Q", title=f"Mean NPV ({currency})", format=",.0f"),
            alt.Tooltip("npv_p5:Q", title="p5", format=",.0f"), alt.Tooltip("npv_p95:Q", title="p95", format=",.0f"),
            alt.Tooltip("p_loss:Q", title="P(loss)", format=".0%")]
    base = alt.Chart(comparison).encode(y=y)
    whisker = base.mark_rule(color="#777").encode(
        x=alt.X("npv_p5:Q", title=f"Portfolio NPV ({currency})", axis=alt.Axis(format="~s")), x2="npv_p95:Q",
        tooltip=tips)
    box = base.mark_bar(size=16, color="#4c78a8").encode(x="npv_p25:Q", x2="npv_p75:Q", tooltip=tips)
    median = base.mark_tick(color="black", thickness=2, size=18).encode(x="npv_p50:Q", tooltip=tips)
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#c62828", strokeDash=[4, 3]).encode(x="x:Q")
    ranges = (whisker + box + median + zero).properties(
        title=alt.Title("Portfolio NPV by scenario", subtitle="Whiskers p5–p95, box p25–p75, tick median"),
        width=340, height=alt.Step(34))
    folded = [f"value_{layer}" for layer in LAYERS]
    layers = alt.Chart(comparison).transform_fold(folded, as_=["key", "value"]).transform_calculate(
        layer="replace(datum.key, 'value_', '')",
        layer_order=f"indexof({list(LAYERS)!r}, replace(datum.key, 'value_', ''))",
    ).mark_bar().encode(
        x=alt.X("value:Q", title=f"Mean present value of benefits ({currency})", axis=alt.Axis(format="~s")),
        y=y,
        color=alt.Color("layer:N", title="Layer", scale=_value_scale(cost=False),
                        legend=alt.Legend(labelExpr=_legend_names())),
        order=alt.Order("layer_order:Q"),
        tooltip=[alt.Tooltip("label:N", title="Scenario"), alt.Tooltip("layer:N", title="Layer"),
                 alt.Tooltip("value:Q", title=currency, format=",.0f")],
    ).properties(title="Benefits by layer and scenario", width=300, height=alt.Step(34))
    return alt.hconcat(ranges, layers).resolve_scale(color="independent")


def tornado_chart(tornado: pd.DataFrame, currency: str = "EUR", top: int = 12) -> alt.Chart:
    """Tornado: NPV when each input sits at its p5 and at its p95, the others at their median.

    ``tornado`` is :func:`kit.scenarios.tornado`; the ``top`` largest swings are shown, largest
    on top, around the base NPV (all inputs at their median).
    """
    scope = str(tornado["scope"].iloc[0]) if len(tornado) else ""
    what = "the portfolio" if scope == "portfolio" else scope
    data = tornado.head(top).assign(
        label=lambda d: (d["opportunity_id"] + "  " + d["input"].str.slice(0, 44)) if scope == "portfolio"
        else d["input"].str.slice(0, 50))
    base = alt.Chart(data).transform_fold(["npv_at_p5", "npv_at_p95"], as_=["end", "npv"]).transform_calculate(
        end="datum.end == 'npv_at_p5' ? 'input at p5' : 'input at p95'")
    y = alt.Y("label:N", title=None, sort=alt.EncodingSortField("swing", order="descending"))
    bars = base.mark_bar(size=14).encode(
        x=alt.X("npv:Q", title=f"NPV of {what} ({currency})", axis=alt.Axis(format="~s"),
                scale=alt.Scale(zero=False)),
        x2="npv_base:Q", y=y,
        color=alt.Color("end:N", title="Estimate at", scale=alt.Scale(domain=["input at p5", "input at p95"],
                                                                        range=["#e45756", "#4c78a8"])),
        tooltip=[alt.Tooltip("input:N", title="Input"), alt.Tooltip("opportunity_id:N", title="Opportunity"),
                 alt.Tooltip("value_p5:Q", title="Input p5", format=",.4~g"),
                 alt.Tooltip("value_p95:Q", title="Input p95", format=",.4~g"),
                 alt.Tooltip("unit:N", title="Unit"),
                 alt.Tooltip("npv:Q", title=f"NPV ({currency})", format=",.0f"),
                 alt.Tooltip("swing:Q", title="Swing", format=",.0f")])
    centre = alt.Chart(data).mark_rule(color="black").encode(x="npv_base:Q")
    return (bars + centre).properties(
        title=alt.Title(f"What moves the NPV of {what}",
                        subtitle="Each estimate from its p5 to its p95, all others at their median"),
        width=480, height=alt.Step(20))


def voi_bars(voi: pd.DataFrame, currency: str = "EUR", top: int = 15) -> alt.Chart:
    """Value of information: the estimates most worth measuring (EVPPI), largest first.

    ``voi`` is :func:`kit.scenarios.value_of_information`.
    """
    data = voi.head(top).assign(label=lambda d: d["opportunity_id"] + "  " + d["input"].str.slice(0, 46))
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("evppi:Q", title=f"Worth paying to measure it, at most ({currency})", axis=alt.Axis(format="~s")),
        y=alt.Y("label:N", title=None, sort=alt.EncodingSortField("evppi", order="descending")),
        color=alt.Color("layer:N", title="Layer", scale=_value_scale(), legend=alt.Legend(labelExpr=_legend_names())),
        tooltip=[alt.Tooltip("input:N", title="Estimate"), alt.Tooltip("title:N", title="Opportunity"),
                 alt.Tooltip("evppi:Q", title=f"EVPPI ({currency})", format=",.0f"),
                 alt.Tooltip("evpi:Q", title=f"EVPI of the decision ({currency})", format=",.0f"),
                 alt.Tooltip("decision:N", title="Decision today")],
    ).properties(title=alt.Title("Which estimate is worth measuring before deciding",
                                 subtitle="Expected value of partial perfect information (EVPPI) per estimate"),
                 width=420, height=alt.Step(18))
