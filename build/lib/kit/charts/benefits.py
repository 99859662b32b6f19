"""Charts of the benefits-realisation step (workbook 06): frames from :mod:`kit.benefits` in, charts out.

Each builder draws an empty frame too (a workshop without actuals), as an empty chart.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from .theme import LAYER_COLOURS

__all__ = ["STATUS_COLOURS", "calibration_bars", "driver_bullets", "goal_rate_lines", "realised_ranges",
           "recalibration_ranges", "value_by_period_bars"]

#: Colour per realisation status.
STATUS_COLOURS: dict[str, str] = {"ahead": "#2e7d32", "on track": "#1f5f8b", "behind": "#c62828",
                                  "not reported": "#f9a825", "not yet due": "#9e9e9e"}
_RANGE = "#c9d7e3"


def _status_scale() -> alt.Scale:
    return alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values()))


def _label(frame: pd.DataFrame, text: str = "title") -> alt.Chart:
    """A chart whose data has a ``label``: the opportunity id and the first words of ``text``."""
    return alt.Chart(frame).transform_calculate(
        label=f"datum.opportunity_id + '  ' + (length(datum.{text}) > 40 ? substring(datum.{text}, 0, 39) + '…' "
              f": datum.{text})")


def realised_ranges(opportunities: pd.DataFrame, currency: str = "EUR") -> alt.LayerChart:
    """Realised against promised per opportunity: the promised 90% range as a bar, its mid-point
    as a tick, what was delivered as a dot coloured by status.

    ``opportunities`` is :attr:`kit.benefits.Realisation.opportunities` (money, over the
    periods reported).
    """
    base = _label(opportunities).encode(y=alt.Y("label:N", title=None, sort=None))
    tips = [alt.Tooltip("title:N", title="Opportunity"), alt.Tooltip("status:N", title="Status"),
            alt.Tooltip("realised:Q", title=f"Delivered ({currency})", format=",.0f"),
            alt.Tooltip("low:Q", title="Promised, low", format=",.0f"),
            alt.Tooltip("high:Q", title="Promised, high", format=",.0f"),
            alt.Tooltip("share_of_mid:Q", title="Share of the mid-point", format=".0%"),
            alt.Tooltip("reported:N", title="Periods")]
    promised = base.mark_bar(size=12, color=_RANGE).encode(
        x=alt.X("low:Q", title=f"Value over the periods reported ({currency})", axis=alt.Axis(format="~s")),
        x2="high:Q", tooltip=tips)
    mid = base.mark_tick(color="#555", thickness=2, size=14).encode(x="mid:Q", tooltip=tips)
    delivered = base.mark_point(filled=True, size=70, opacity=1).encode(
        x="realised:Q", color=alt.Color("status:N", title="Status", scale=_status_scale()), tooltip=tips)
    return (promised + mid + delivered).properties(
        title=alt.Title("Delivered against promised, per opportunity",
                        subtitle="Bar: the 90% range promised for the periods reported; tick: its mid-point; "
                                 "dot: delivered"),
        width=520, height=alt.Step(20))


def driver_bullets(drivers: pd.DataFrame) -> alt.LayerChart:
    """Every driver on one scale: delivered as a share of its mid-point, against its range
    (also as shares of the mid-point), so hours, calls and euros compare.

    ``drivers`` is :attr:`kit.benefits.Realisation.drivers`; drivers with nothing to compare
    (not yet due, not reported) are left out by the chart's filter.
    """
    base = _label(drivers, "driver").transform_filter("isValid(datum.mid) && datum.mid > 0").transform_calculate(
        low_share="datum.low / datum.mid", high_share="datum.high / datum.mid").encode(
        y=alt.Y("label:N", title=None, sort=None))
    tips = [alt.Tooltip("driver:N", title="Driver"), alt.Tooltip("title:N", title="Opportunity"),
            alt.Tooltip("status:N", title="Status"), alt.Tooltip("realised:Q", title="Delivered", format=",.0f"),
            alt.Tooltip("low:Q", title="Promised, low", format=",.0f"),
            alt.Tooltip("high:Q", title="Promised, high", format=",.0f"), alt.Tooltip("unit:N", title="Unit")]
    promised = base.mark_bar(size=10, color=_RANGE).encode(
        x=alt.X("low_share:Q", title="Delivered, as a share of the mid-point promised", axis=alt.Axis(format=".0%")),
        x2="high_share:Q", tooltip=tips)
    one = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(color="#555", strokeDash=[4, 3]).encode(x="x:Q")
    delivered = base.mark_point(filled=True, size=55, opacity=1).encode(
        x="share_of_mid:Q", color=alt.Color("status:N", title="Status", scale=_status_scale()), tooltip=tips)
    return (promised + one + delivered).properties(
        title=alt.Title("Each driver against its range",
                        subtitle="Bar: the 90% range as shares of its mid-point (dashed: 100%); dot: delivered"),
        width=480, height=alt.Step(16))


def value_by_period_bars(values: pd.DataFrame, currency: str = "EUR", by: str = "layer") -> alt.LayerChart:
    """Value delivered per quarter, stacked by layer or goal, with the mid-point promised for
    the same drivers and quarters as a line.

    ``values`` is :func:`kit.benefits.value_by_period`; ``by`` says which it was grouped by.
    """
    colour = (alt.Color("key:N", title="Layer", scale=alt.Scale(domain=list(LAYER_COLOURS),
                                                                range=list(LAYER_COLOURS.values())))
              if by == "layer" else alt.Color("name:N", title="Goal"))
    x = alt.X("period:O", title=None, sort=alt.EncodingSortField("quarter", order="ascending"))
    bars = alt.Chart(values).mark_bar().encode(
        x=x, y=alt.Y("sum(realised):Q", title=f"Value per quarter ({currency})", axis=alt.Axis(format="~s")),
        color=colour,
        tooltip=[alt.Tooltip("period:N", title="Quarter"), alt.Tooltip("name:N", title="Layer" if by == "layer" else "Goal"),
                 alt.Tooltip("realised:Q", title=f"Delivered ({currency})", format=",.0f"),
                 alt.Tooltip("promised:Q", title=f"Promised mid-point ({currency})", format=",.0f")])
    promised = alt.Chart(values).mark_line(color="#333", strokeDash=[5, 3], point=True).encode(
        x=x, y="sum(promised):Q",
        tooltip=[alt.Tooltip("period:N", title="Quarter"),
                 alt.Tooltip("sum(promised):Q", title=f"Promised in all ({currency})", format=",.0f")])
    what = "layer" if by == "layer" else "goal"
    return (bars + promised).properties(
        title=alt.Title(f"Value delivered per quarter, by {what}",
                        subtitle="Bars: delivered; dashed line: the mid-points promised for the same drivers"),
        width=480, height=260)


def goal_rate_lines(rates: pd.DataFrame) -> alt.FacetChart:
    """The business rates over time, one panel per goal (each on its own scale), the goal's
    baseline as a dashed line.

    ``rates`` is :func:`kit.benefits.goal_rates`.
    """
    x = alt.X("period:O", title=None, sort=alt.EncodingSortField("quarter", order="ascending"))
    tips = [alt.Tooltip("goal:N", title="Goal"), alt.Tooltip("period:N", title="Period"),
            alt.Tooltip("value:Q", title="Rate", format=",.3~g"), alt.Tooltip("unit:N", title="Unit"),
            alt.Tooltip("baseline:Q", title="Baseline", format=",.3~g"),
            alt.Tooltip("baseline_period:N", title="Baseline period")]
    line = alt.Chart().mark_line(point=True, color="#1f5f8b").encode(
        x=x, y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)), tooltip=tips)
    baseline = alt.Chart().mark_rule(color="#c62828", strokeDash=[5, 3]).encode(y="mean(baseline):Q")
    return alt.layer(line, baseline, data=rates).properties(width=220, height=140).facet(
        facet=alt.Facet("goal:N", title=None, sort=None), columns=3,
    ).resolve_scale(y="independent").properties(
        title=alt.Title("The business rates against their baseline",
                        subtitle="Measured rate per period; dashed red: the rate before the workshop"))


def calibration_bars(table: pd.DataFrame) -> alt.HConcatChart:
    """Calibration per group: the share of actuals inside their 90% range (a calibrated group
    lands near the dashed 90%), and the average bias (delivered / mid-point; dashed at 100%).

    ``table`` is :func:`kit.benefits.calibration` (its first row, all estimates, included).
    """
    y = alt.Y("group:N", title=None, sort=None)
    tips = [alt.Tooltip("group:N", title="Whose estimates"), alt.Tooltip("checks:Q", title="Checks"),
            alt.Tooltip("inside:Q", title="Inside their range"), alt.Tooltip("share:Q", title="Share", format=".0%"),
            alt.Tooltip("bias:Q", title="Delivered / mid-point", format=".0%"),
            alt.Tooltip("verdict:N", title="Verdict")]
    colour = alt.Color("verdict:N", title="Verdict", scale=alt.Scale(
        domain=["calibrated", "too narrow", "over-optimistic", "over-optimistic, too narrow", "over-cautious",
                "over-cautious, too narrow", "too few checks"],
        range=["#2e7d32", "#f9a825", "#c62828", "#8e0000", "#1f5f8b", "#0b3a5c", "#bdbdbd"]))
    share = alt.Chart(table).mark_bar().encode(
        x=alt.X("share:Q", title="Actuals inside their 90% range", axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1])), y=y, color=colour, tooltip=tips)
    target = alt.Chart(pd.DataFrame({"x": [0.9]})).mark_rule(color="#333", strokeDash=[4, 3]).encode(x="x:Q")
    bias = alt.Chart(table).mark_point(filled=True, size=80, opacity=1).encode(
        x=alt.X("bias:Q", title="Delivered / mid-point promised", axis=alt.Axis(format=".0%"),
                scale=alt.Scale(zero=True)), y=alt.Y("group:N", title=None, sort=None, axis=None), color=colour,
        tooltip=tips)
    one = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(color="#333", strokeDash=[4, 3]).encode(x="x:Q")
    return alt.hconcat((share + target).properties(width=300, height=alt.Step(22)),
                       (bias + one).properties(width=220, height=alt.Step(22))).properties(
        title=alt.Title("Calibration: how estimates landed",
                        subtitle="Left: share inside the range (dashed: the 90% a calibrated group reaches); "
                                 "right: the average bias"))


def recalibration_ranges(effect: pd.DataFrame, currency: str = "EUR") -> alt.LayerChart:
    """The open opportunities' NPV range (p5–p95, median tick, mean diamond), as estimated and
    as recalibrated; zero in red.

    ``effect`` is :func:`kit.benefits.recalibration_effect`.
    """
    base = alt.Chart(effect).encode(y=alt.Y("calibration:N", title=None, sort=None))
    tips = [alt.Tooltip("calibration:N", title="Estimates"), alt.Tooltip("opportunities:Q", title="Opportunities"),
            alt.Tooltip("npv_mean:Q", title=f"Mean NPV ({currency})", format=",.0f"),
            alt.Tooltip("npv_p5:Q", title="p5", format=",.0f"), alt.Tooltip("npv_p95:Q", title="p95", format=",.0f"),
            alt.Tooltip("p_loss:Q", title="P(loss)", format=".1%")]
    span = base.mark_bar(size=16, color=_RANGE).encode(
        x=alt.X("npv_p5:Q", title=f"NPV of the open opportunities together ({currency})", axis=alt.Axis(format="~s")),
        x2="npv_p95:Q", tooltip=tips)
    median = base.mark_tick(color="#333", thickness=2, size=18).encode(x="npv_p50:Q", tooltip=tips)
    mean = base.mark_point(shape="diamond", filled=True, color="#1f5f8b", size=80).encode(x="npv_mean:Q",
                                                                                        tooltip=tips)
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#c62828", strokeDash=[4, 3]).encode(x="x:Q")
    return (span + median + mean + zero).properties(
        title=alt.Title("What recalibration does to the next round's value",
                        subtitle="90% range of the NPV, tick median, diamond mean; same simulated futures"),
        width=520, height=alt.Step(40))
