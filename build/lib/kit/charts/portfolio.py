"""Charts of the portfolio step (workbook 04): selection, frontier, robustness, roadmap."""

from __future__ import annotations

import altair as alt
import pandas as pd

__all__ = [
    "DECISION_COLOURS",
    "GROUP_COLOURS",
    "budget_view",
    "capacity_heatmap",
    "frontier_chart",
    "gantt",
    "greedy_bars",
    "portfolio_value_histogram",
    "probability_bars",
    "selection_bars",
    "totals_bars",
]

#: Colour per portfolio decision (``Selection.candidates["decision"]``).
DECISION_COLOURS: dict[str, str] = {"forced in": "#1f5f8b", "chosen": "#2e7d32", "left out": "#bdbdbd"}

#: Colour per robustness group (``Robustness.probability["group"]``).
GROUP_COLOURS: dict[str, str] = {"robust core": "#2e7d32", "contested": "#f9a825", "rarely chosen": "#9e9e9e"}

_STATUS_COLOURS = {"on plan": "transparent", "late": "#c62828", "beyond horizon": "#f9a825", "not scheduled": "#000000"}


def _scale(colours: dict[str, str]) -> alt.Scale:
    return alt.Scale(domain=list(colours), range=list(colours.values()))


_LABELS = alt.Axis(labelLimit=280)
_OUTLINE_LEGEND = alt.Legend(symbolType="square", symbolFillColor="#ffffff", symbolStrokeWidth=2)


def _money(currency: str) -> str:
    return f" ({currency})" if currency else ""


def selection_bars(candidates: pd.DataFrame, currency: str = "", value_title: str = "Value") -> alt.Chart:
    """Each candidate's value, coloured by decision, from ``Selection.candidates``.

    Chosen items first (highest value first), then the left-out ones; hover for the reason.
    """
    data = candidates.assign(label=candidates["id"].astype(str) + "  " + candidates["title"].astype(str).str.slice(0, 40))
    order = data.sort_values(["selected", "value"], ascending=[False, False], kind="stable")["label"].tolist()
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("value:Q", title=value_title, axis=alt.Axis(format="~s")),
        y=alt.Y("label:N", title=None, sort=order, axis=_LABELS),
        color=alt.Color("decision:N", title="Decision", scale=_scale(DECISION_COLOURS)),
        tooltip=[alt.Tooltip("id:N", title="Id"), alt.Tooltip("title:N", title="Opportunity"),
                 alt.Tooltip("value:Q", title=value_title, format=",.3~f"),
                 alt.Tooltip("cost:Q", title=f"Cost{_money(currency)}", format=",.0f"),
                 alt.Tooltip("reason:N", title="Reason"), alt.Tooltip("detail:N", title="Why")],
    ).properties(title=alt.Title("The chosen portfolio", subtitle="Hover a bar for why it is in or out"),
                 height=alt.Step(15), width=360)


def totals_bars(totals: pd.DataFrame) -> alt.Chart:
    """Share of each limit used (budget and team capacity), from ``Selection.totals``."""
    base = alt.Chart(totals).encode(y=alt.Y("constraint:N", title=None, sort=None))
    bars = base.mark_bar(color="#4c78a8").encode(
        x=alt.X("share_used:Q", title="Share of the limit used", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1.05], clamp=True)),
        tooltip=["constraint:N", alt.Tooltip("used:Q", format=",.4~g"), alt.Tooltip("limit:Q", format=",.4~g"),
                 alt.Tooltip("slack:Q", format=",.4~g"), alt.Tooltip("share_used:Q", format=".0%")],
    )
    full = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(color="#c62828", strokeDash=[4, 3]).encode(x="x:Q")
    return (bars + full).properties(title="Budget and capacity used", height=alt.Step(26), width=320)


def frontier_chart(points: pd.DataFrame, budget: float | None = None, value: float | None = None,
                   currency: str = "", value_title: str = "Optimal value") -> alt.LayerChart:
    """The efficient frontier from ``Frontier.points``, the current budget marked.

    ``budget`` and ``value`` (e.g. ``Selection.budget`` and ``Selection.value``) place the
    current portfolio on the chart.
    """
    base = alt.Chart(points).encode(
        x=alt.X("budget:Q", title=f"Budget{_money(currency)}", axis=alt.Axis(format="~s")),
        y=alt.Y("value:Q", title=value_title, axis=alt.Axis(format="~s")),
    )
    line = base.mark_line(interpolate="step-after", color="#4c78a8")
    dots = base.mark_circle(size=45, color="#4c78a8").encode(
        tooltip=[alt.Tooltip("budget:Q", format=",.0f", title="Budget"),
                 alt.Tooltip("value:Q", format=",.3~f", title=value_title),
                 alt.Tooltip("cost:Q", format=",.0f", title="Cost of the set"),
                 alt.Tooltip("items:Q", title="Items"), alt.Tooltip("entered:N", title="Enters"),
                 alt.Tooltip("left:N", title="Leaves")])
    layers: list[alt.Chart] = [line, dots]
    if budget is not None:
        mark = pd.DataFrame({"budget": [budget], "value": [value], "label": ["current budget"]})
        layers.append(alt.Chart(mark).mark_rule(color="#c62828", strokeDash=[4, 3]).encode(x="budget:Q"))
        if value is not None:
            layers.append(alt.Chart(mark).mark_point(color="#c62828", size=120, filled=True).encode(
                x="budget:Q", y="value:Q",
                tooltip=[alt.Tooltip("budget:Q", format=",.0f", title="Current budget"),
                         alt.Tooltip("value:Q", format=",.3~f", title=value_title)]))
    return alt.layer(*layers).properties(
        title=alt.Title("Efficient frontier", subtitle="The best value each budget can buy; red: the current budget"),
        width=420, height=260)


def greedy_bars(comparison: pd.DataFrame, value_title: str = "Total value") -> alt.Chart:
    """Total value of the optimum against the greedy rule, from :func:`kit.portfolio.compare`."""
    base = alt.Chart(comparison).encode(y=alt.Y("method:N", title=None, sort=None))
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title=value_title, axis=alt.Axis(format="~s")),
        color=alt.Color("method:N", legend=None, scale=alt.Scale(range=["#2e7d32", "#9e9e9e", "#4c78a8"])),
        tooltip=["method:N", alt.Tooltip("value:Q", format=",.3~f"), alt.Tooltip("cost:Q", format=",.0f"),
                 "items:Q", alt.Tooltip("share_of_best:Q", format=".1%", title="Share of the best")])
    text = base.mark_text(align="left", dx=4).encode(x="value:Q", text=alt.Text("share_of_best:Q", format=".1%"))
    return (bars + text).properties(title="Optimum against greedy (value per cost)", height=alt.Step(30), width=360)


def probability_bars(probability: pd.DataFrame) -> alt.Chart:
    """How often each item is optimal across trials, from ``Robustness.probability``.

    Colour gives the group (robust core, contested, rarely chosen); a dark outline marks the
    items in the proposed portfolio.
    """
    data = probability.assign(label=probability["id"].astype(str) + "  "
                              + probability["title"].astype(str).str.slice(0, 40),
                              in_portfolio=probability["chosen"].map({True: "in the portfolio", False: "not in it"}))
    return alt.Chart(data).mark_bar(strokeWidth=1.5).encode(
        x=alt.X("probability:Q", title="Share of trials in which it is in the optimal set",
                axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("label:N", title=None, sort=None, axis=_LABELS),
        color=alt.Color("group:N", title="Group", scale=_scale(GROUP_COLOURS)),
        stroke=alt.Stroke("in_portfolio:N", title="Proposed", legend=_OUTLINE_LEGEND,
                          scale=alt.Scale(domain=["in the portfolio", "not in it"], range=["#212121", "transparent"])),
        tooltip=[alt.Tooltip("id:N", title="Id"), alt.Tooltip("title:N", title="Opportunity"),
                 alt.Tooltip("probability:Q", format=".0%", title="Chosen in"), "group:N",
                 alt.Tooltip("in_portfolio:N", title="Proposed")],
    ).properties(title=alt.Title("Selection probability", subtitle="Re-optimised for every Monte Carlo trial"),
                 height=alt.Step(15), width=360)


def portfolio_value_histogram(values: pd.DataFrame, currency: str = "") -> alt.Chart:
    """Distribution over trials of the proposed portfolio's value, from ``Robustness.values``."""
    return alt.Chart(values).mark_bar(color="#4c78a8", opacity=0.85).encode(
        x=alt.X("chosen_value:Q", bin=alt.Bin(maxbins=40), title=f"Value of the proposed portfolio{_money(currency)}",
                axis=alt.Axis(format="~s")),
        y=alt.Y("count():Q", title="Trials"),
        tooltip=[alt.Tooltip("count():Q", title="Trials")],
    ).properties(title=alt.Title("Portfolio value under uncertainty", subtitle="One bar per value range, across trials"),
                 width=420, height=220)


def gantt(schedule: pd.DataFrame) -> alt.LayerChart:
    """The roadmap as a Gantt chart, from ``Roadmap.schedule``: bars by team, slips outlined."""
    data = schedule.dropna(subset=["start_date"]).assign(
        label=lambda d: d["id"].astype(str) + "  " + d["title"].astype(str).str.slice(0, 40))
    order = data["label"].tolist()
    bars = alt.Chart(data).mark_bar(cornerRadius=2, strokeWidth=2).encode(
        x=alt.X("start_date:T", title=None, axis=alt.Axis(format="%Y Q%q", tickCount={"interval": "month", "step": 3})),
        x2="end_date:T",
        y=alt.Y("label:N", title=None, sort=order, axis=_LABELS),
        color=alt.Color("team:N", title="Team"),
        stroke=alt.Stroke("status:N", title="Status", scale=_scale(_STATUS_COLOURS), legend=_OUTLINE_LEGEND),
        tooltip=[alt.Tooltip("id:N", title="Id"), alt.Tooltip("title:N", title="Opportunity"), "team:N",
                 alt.Tooltip("effort_months:Q", title="Effort (person-months)"), "start:N", "finish:N",
                 "due:N", "status:N", alt.Tooltip("reason:N", title="Why")],
    )
    layers: list[alt.Chart] = [bars]
    due = data[data["due"].astype(str) != ""]
    if len(due):
        layers.append(alt.Chart(due).mark_tick(color="#c62828", thickness=2, size=14).encode(
            x=alt.X("due_date:T"), y=alt.Y("label:N", sort=order), tooltip=["id:N", "due:N"]))
    return alt.layer(*layers).properties(
        title=alt.Title("Roadmap", subtitle="Each bar from its first to its last quarter of work; red ticks: due quarters"),
        height=alt.Step(16), width=560)


def capacity_heatmap(load: pd.DataFrame) -> alt.LayerChart:
    """Share of each team's capacity used per quarter, from ``Roadmap.load``."""
    order = load.sort_values("quarter_index")["quarter"].drop_duplicates().tolist()
    base = alt.Chart(load).encode(
        x=alt.X("quarter:O", title=None, sort=order, axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("team:N", title=None),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("utilisation:Q", title="Capacity used", scale=alt.Scale(domain=[0, 1], scheme="blues"),
                        legend=alt.Legend(format="%")),
        tooltip=["team:N", "quarter:N", alt.Tooltip("used:Q", format=",.1f", title="Person-months used"),
                 alt.Tooltip("capacity:Q", format=",.1f", title="Capacity"),
                 alt.Tooltip("utilisation:Q", format=".0%", title="Used")])
    text = base.mark_text(fontSize=10).encode(
        text=alt.Text("utilisation:Q", format=".0%"),
        color=alt.condition(alt.datum.utilisation > 0.6, alt.value("white"), alt.value("#333")))
    return (cells + text).properties(title="Capacity use by team and quarter", width=alt.Step(38), height=alt.Step(30))


def budget_view(candidates: pd.DataFrame, points: pd.DataFrame, budget: float, value: float,
                currency: str = "", value_title: str = "Value") -> alt.HConcatChart:
    """What the budget slider redraws: the frontier with the budget marked, and the chosen set."""
    return alt.hconcat(frontier_chart(points, budget, value, currency, value_title=f"Optimal {value_title.lower()}"),
                       selection_bars(candidates, currency, value_title))
