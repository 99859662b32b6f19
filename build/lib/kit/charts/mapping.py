"""Charts of the opportunity-mapping step (workbook 01)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .theme import area_scale

__all__ = ["alignment_heatmap", "area_coverage_bars", "goal_coverage_bars", "opportunity_map", "summary_bars"]

_LEVELS = ["none", "low", "moderate", "strong", "extreme"]


def alignment_heatmap(matrix: pd.DataFrame) -> alt.Chart:
    """Opportunity × goal heatmap from :func:`kit.mapping.alignment_matrix`."""
    order = (matrix.groupby("opportunity_id", sort=False)["alignment"].sum()
             .sort_values(ascending=False).index.tolist())
    label = matrix.assign(label=matrix["opportunity_id"] + "  " + matrix["title"].str.slice(0, 38))
    labels = label.drop_duplicates("opportunity_id").set_index("opportunity_id").loc[order, "label"].tolist()
    base = alt.Chart(label).encode(
        x=alt.X("goal_name:N", title=None, sort=None, axis=alt.Axis(labelAngle=-30, orient="top")),
        y=alt.Y("label:N", title=None, sort=labels),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("level:O", title="Alignment", sort=_LEVELS,
                        scale=alt.Scale(domain=_LEVELS, scheme="blues")),
        tooltip=[alt.Tooltip("title:N", title="Opportunity"), alt.Tooltip("goal_name:N", title="Goal"),
                 alt.Tooltip("level:N", title="Alignment"), alt.Tooltip("area_name:N", title="Area")],
    )
    return cells.properties(title=alt.Title("Goal alignment", subtitle="Which business goals each opportunity serves"),
                            width=alt.Step(70), height=alt.Step(16))


def goal_coverage_bars(coverage: pd.DataFrame) -> alt.Chart:
    """Opportunities serving each goal, coloured by status, from :func:`kit.mapping.goal_coverage`."""
    return alt.Chart(coverage).mark_bar().encode(
        x=alt.X("serving:Q", title="Opportunities serving the goal (alignment ≥ moderate)",
                axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("goal_name:N", title=None, sort="-x"),
        color=alt.Color("status:N", title="Coverage",
                        scale=alt.Scale(domain=["under-served", "balanced", "crowded"],
                                        range=["#c62828", "#9e9e9e", "#1f5f8b"])),
        tooltip=["goal_name:N", "serving:Q", "strong:Q", alt.Tooltip("mean_alignment:Q", format=".2f"), "status:N"],
    ).properties(title="Goal coverage", height=alt.Step(28))


def area_coverage_bars(coverage: pd.DataFrame) -> alt.Chart:
    """Opportunities per capability area, from :func:`kit.mapping.area_coverage`."""
    return alt.Chart(coverage).mark_bar().encode(
        x=alt.X("opportunities:Q", title="Opportunities", axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("area_name:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260)),
        color=alt.Color("area_name:N", scale=area_scale(), legend=None),
        opacity=alt.condition(alt.datum.status == "balanced", alt.value(0.6), alt.value(1.0)),
        tooltip=["area_name:N", "opportunities:Q", alt.Tooltip("cost_mid:Q", format=",.0f", title="Mid cost"),
                 alt.Tooltip("effort_months:Q", title="Effort (person-months)"), "status:N"],
    ).properties(title="Ideas per capability area", height=alt.Step(28))


def summary_bars(summary: pd.DataFrame, dimension: str) -> alt.Chart:
    """Counts for one dimension of :func:`kit.mapping.portfolio_summary` (e.g. ``"business unit"``)."""
    data = summary[summary["dimension"] == dimension]
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("opportunities:Q", title="Opportunities", axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("category:N", title=None, sort="-x", axis=alt.Axis(labelLimit=220)),
        tooltip=["category:N", "opportunities:Q", alt.Tooltip("cost_mid:Q", format=",.0f", title="Mid cost")],
    ).properties(title=f"Ideas by {dimension}", height=alt.Step(22), width=360)


def opportunity_map(values: pd.DataFrame, currency: str = "EUR") -> alt.Chart:
    """Bubble chart: indicative value against cost, colour by area, size by effort.

    ``values`` is :func:`kit.mapping.indicative_value`. The diagonal marks value = cost.
    """
    top = float(max(values["cost_mid"].max(), 1.0))
    bubbles = alt.Chart(values).mark_circle(opacity=0.75, stroke="white", strokeWidth=1).encode(
        x=alt.X("cost_mid:Q", title=f"One-off cost, mid ({currency})", axis=alt.Axis(format="~s")),
        y=alt.Y("value_mid:Q", title=f"Indicative value over the horizon ({currency})", axis=alt.Axis(format="~s")),
        color=alt.Color("area_name:N", title="Capability area", scale=area_scale()),
        size=alt.Size("effort_months:Q", title="Effort (person-months)", scale=alt.Scale(range=[40, 900])),
        tooltip=[alt.Tooltip("opportunity_id:N", title="Id"), alt.Tooltip("title:N", title="Opportunity"),
                 alt.Tooltip("sponsor:N", title="Sponsor"), alt.Tooltip("goals:N", title="Goals"),
                 alt.Tooltip("cost_mid:Q", title="Cost (mid)", format=",.0f"),
                 alt.Tooltip("value_mid:Q", title="Value (mid)", format=",.0f"),
                 alt.Tooltip("effort_months:Q", title="Effort (person-months)")],
    )
    diagonal = alt.Chart(pd.DataFrame({"x": [0.0, top], "y": [0.0, top]})).mark_line(
        strokeDash=[4, 4], color="#999").encode(x="x:Q", y="y:Q")
    return (diagonal + bubbles).properties(
        title=alt.Title("Opportunity map", subtitle="Above the dashed line: value exceeds cost"),
        width=560, height=380)
