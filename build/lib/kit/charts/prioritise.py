"""Charts of the prioritisation step (workbook 02): each takes a frame from kit.ahp,
kit.scoring or kit.triage and returns an Altair chart; nothing is computed here."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .theme import DECISION_COLOURS, decision_scale

__all__ = [
    "consistency_bars",
    "contribution_bars",
    "decision_bars",
    "disagreement_strips",
    "goal_weight_bars",
    "participation_bars",
    "rank_intervals",
    "resource_bars",
    "score_heatmap",
    "value_effort_matrix",
]

_FLAG = alt.Scale(domain=[False, True], range=["#4c78a8", "#c62828"])
_AGREEMENT = alt.Scale(domain=["high", "medium", "low", "n/a"], range=["#2e7d32", "#f9a825", "#c62828", "#9e9e9e"])
_QUADRANTS = {"quick wins": "#2e7d32", "big bets": "#1f5f8b", "fillers": "#9e9e9e", "money pits": "#c62828"}


def _label(frame: pd.DataFrame) -> pd.Series:
    return frame["opportunity_id"] + "  " + frame["title"].astype(str).str.slice(0, 38)


def goal_weight_bars(weights: pd.DataFrame, columns: int = 4) -> alt.Chart:
    """Goal weights of the group and of each participant, one small panel each, with the CR.

    ``weights`` is :meth:`kit.ahp.GroupAhpResult.frame`; panels of participants whose
    consistency ratio is 0.10 or more are drawn in red.
    """
    return alt.Chart(weights).mark_bar().encode(
        x=alt.X("weight:Q", title="Weight", axis=alt.Axis(format="%")),
        y=alt.Y("item_name:N", title=None, sort=None),
        color=alt.Color("flagged:N", scale=_FLAG, legend=alt.Legend(title="CR ≥ 0.10")),
        facet=alt.Facet("label:N", title=None, sort=None, columns=columns),
        tooltip=[alt.Tooltip("who:N", title="Who"), alt.Tooltip("item_name:N", title="Goal"),
                 alt.Tooltip("weight:Q", format=".1%", title="Weight"),
                 alt.Tooltip("consistency_ratio:Q", format=".3f", title="Consistency ratio")],
    ).properties(width=150, height=alt.Step(14), title=alt.Title(
        "Goal weights from pairwise comparisons", subtitle="Group = geometric mean of everyone's judgments; "
                                                           "red panels are inconsistent (CR ≥ 0.10)"))


def consistency_bars(consistency: pd.DataFrame, limit: float = 0.10) -> alt.LayerChart:
    """Consistency ratio per participant with the 0.10 limit, from ``GroupAhpResult.consistency``."""
    bars = alt.Chart(consistency).mark_bar().encode(
        x=alt.X("consistency_ratio:Q", title="Consistency ratio (CR)"),
        y=alt.Y("participant:N", title=None, sort="-x"),
        color=alt.Color("flagged:N", scale=_FLAG, legend=None),
        tooltip=["participant:N", alt.Tooltip("consistency_ratio:Q", format=".3f"), "judgments:Q", "note:N"],
    )
    rule = alt.Chart(pd.DataFrame({"limit": [limit]})).mark_rule(strokeDash=[4, 4], color="#c62828").encode(
        x="limit:Q")
    return (bars + rule).properties(title=alt.Title("Consistency of each participant",
                                                    subtitle=f"Above the dashed line ({limit:.2f}): revisit the judgments"),
                                    height=alt.Step(22), width=380)


def score_heatmap(scores: pd.DataFrame, order: list[str] | None = None) -> alt.Chart:
    """Opportunity × criterion heatmap of the group mean, from :func:`kit.scoring.group_scores`.

    Colour is the mean on 0-1 with higher always better (so a high delivery risk is red); the
    cell text is the mean score. ``order`` lists opportunity ids top to bottom (e.g. by rank).
    """
    data = scores.assign(label=_label(scores))
    labels = None
    if order is not None:
        first = data.drop_duplicates("opportunity_id").set_index("opportunity_id")["label"]
        labels = [first[i] for i in order if i in first.index]
    base = alt.Chart(data).encode(
        x=alt.X("criterion_name:N", title=None, sort=None, axis=alt.Axis(orient="top", labelAngle=-20)),
        y=alt.Y("label:N", title=None, sort=labels),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color("normalised:Q", title="Better →", scale=alt.Scale(scheme="redyellowgreen", domain=[0, 1])),
        tooltip=[alt.Tooltip("title:N", title="Opportunity"), alt.Tooltip("criterion_name:N", title="Criterion"),
                 alt.Tooltip("mean:Q", format=".1f"), alt.Tooltip("median:Q", format=".1f"),
                 alt.Tooltip("min:Q"), alt.Tooltip("max:Q"), alt.Tooltip("agreement:N")],
    )
    text = base.mark_text(fontSize=10).encode(text=alt.Text("mean:Q", format=".1f"))
    return (cells + text).properties(width=alt.Step(90), height=alt.Step(16), title=alt.Title(
        "Score matrix", subtitle="Group mean per criterion; green is better (delivery risk: lower is better)"))


def contribution_bars(parts: pd.DataFrame) -> alt.Chart:
    """Why each opportunity scores what it does: stacked contributions, from :func:`kit.scoring.breakdown`."""
    data = parts.assign(label=_label(parts))
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("sum(contribution):Q", title="Score (sum of the weighted components)"),
        y=alt.Y("label:N", title=None, sort="-x"),
        color=alt.Color("component_name:N", title="Component", sort=None),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("title:N", title="Opportunity"), alt.Tooltip("component_name:N", title="Component"),
                 alt.Tooltip("value:Q", format=".2f", title="Group value"),
                 alt.Tooltip("weight:Q", format=".0%", title="Weight"),
                 alt.Tooltip("contribution:Q", format=".3f", title="Contribution")],
    ).properties(height=alt.Step(15), width=460, title=alt.Title(
        "What makes up each score", subtitle="Each bar is the weighted sum of the criteria and strategic alignment"))


def value_effort_matrix(frame: pd.DataFrame) -> alt.LayerChart:
    """The value-vs-effort 2×2 from :func:`kit.scoring.value_effort`, split at the medians."""
    points = alt.Chart(frame).mark_circle(size=90, opacity=0.85, stroke="white").encode(
        x=alt.X("effort_months:Q", title="Effort (person-months)"),
        y=alt.Y("value:Q", title="Value (priority score)"),
        color=alt.Color("quadrant:N", title="Quadrant",
                        scale=alt.Scale(domain=list(_QUADRANTS), range=list(_QUADRANTS.values()))),
        tooltip=[alt.Tooltip("opportunity_id:N", title="Id"), alt.Tooltip("title:N", title="Opportunity"),
                 alt.Tooltip("value:Q", format=".2f"), alt.Tooltip("effort_months:Q", title="Effort"),
                 alt.Tooltip("cost_mid:Q", format=",.0f", title="Cost (mid)"), "quadrant:N"],
    )
    splits = frame.iloc[:1]
    v_rule = alt.Chart(splits).mark_rule(strokeDash=[4, 4], color="#777").encode(x="effort_split:Q")
    h_rule = alt.Chart(splits).mark_rule(strokeDash=[4, 4], color="#777").encode(y="value_split:Q")
    ids = alt.Chart(frame).mark_text(dx=7, align="left", fontSize=9, color="#555").encode(
        x="effort_months:Q", y="value:Q", text="opportunity_id:N")
    return (h_rule + v_rule + points + ids).properties(width=560, height=380, title=alt.Title(
        "Value vs effort", subtitle="Top left: quick wins; top right: big bets; bottom left: fillers; "
                                    "bottom right: money pits (split at the medians)"))


def disagreement_strips(scores: pd.DataFrame) -> alt.Chart:
    """Each participant's score per criterion for the least agreed opportunities.

    ``scores`` is :func:`kit.scoring.participant_scores` (``top=`` to keep a few); rows are in
    talk order (least agreement first), one column per criterion.
    """
    data = scores.assign(label=_label(scores))
    order = data.drop_duplicates("opportunity_id").sort_values("talk_order")["label"].tolist()
    return alt.Chart(data).mark_circle(size=70, opacity=0.8).encode(
        x=alt.X("score:Q", title="Score", scale=alt.Scale(domain=[1, 10])),
        y=alt.Y("label:N", title=None, sort=order),
        color=alt.Color("participant:N", title="Participant"),
        column=alt.Column("criterion_name:N", title=None, sort=None),
        tooltip=["participant:N", alt.Tooltip("title:N", title="Opportunity"), "criterion_name:N", "score:Q",
                 "agreement:N"],
    ).properties(width=130, height=alt.Step(18), title=alt.Title(
        "Where the group disagrees", subtitle="Least agreement at the top: talk about these first"))


def rank_intervals(stability: pd.DataFrame) -> alt.LayerChart:
    """Ranks with their resampling interval, from :func:`kit.scoring.rank_stability`."""
    data = stability.assign(label=_label(stability))
    order = data.sort_values("rank")["label"].tolist()
    k = int(data["top_k"].iloc[0]) if len(data) else 0
    verdicts = alt.Scale(domain=[f"in the top {k}", "on the edge", f"outside the top {k}"],
                         range=["#2e7d32", "#f9a825", "#9e9e9e"])
    base = alt.Chart(data).encode(y=alt.Y("label:N", title=None, sort=order))
    tooltip = [alt.Tooltip("title:N", title="Opportunity"), alt.Tooltip("rank:Q", title="Rank"),
               alt.Tooltip("rank_low:Q", title="Rank, low end"), alt.Tooltip("rank_high:Q", title="Rank, high end"),
               alt.Tooltip("p_top_k:Q", format=".0%", title=f"Chance of the top {k}"), "verdict:N"]
    span = base.mark_rule(strokeWidth=3, opacity=0.6).encode(
        x=alt.X("rank_low:Q", title="Rank (1 = best), with its resampling interval"), x2="rank_high:Q",
        color=alt.Color("verdict:N", title="Top-k membership", scale=verdicts), tooltip=tooltip)
    dot = base.mark_point(filled=True, size=50).encode(x="rank:Q", color=alt.Color("verdict:N", scale=verdicts),
                                                       tooltip=tooltip)
    cut = alt.Chart(pd.DataFrame({"k": [k + 0.5]})).mark_rule(strokeDash=[4, 4], color="#777").encode(x="k:Q")
    return (span + dot + cut).properties(height=alt.Step(15), width=460, title=alt.Title(
        "Ranking and how sure it is", subtitle="Bars: where each opportunity ranks when the group is resampled"))


def decision_bars(counts: pd.DataFrame) -> alt.Chart:
    """Number of YES / NOT NOW / NO, from :func:`kit.triage.counts`."""
    return alt.Chart(counts).mark_bar().encode(
        x=alt.X("opportunities:Q", title="Opportunities"),
        y=alt.Y("decision:N", title=None, sort=list(DECISION_COLOURS)),
        color=alt.Color("decision:N", scale=decision_scale(), legend=None),
        tooltip=["decision:N", "opportunities:Q", alt.Tooltip("cost_mid:Q", format=",.0f", title="Cost (mid)"),
                 alt.Tooltip("effort_months:Q", title="Effort (person-months)"), "overridden:Q"],
    ).properties(height=alt.Step(30), width=360, title="Decisions")


def resource_bars(resources: pd.DataFrame) -> alt.LayerChart:
    """Share of the budget and of each team's capacity used by the YES, from :func:`kit.triage.resources`."""
    bars = alt.Chart(resources).mark_bar().encode(
        x=alt.X("share_used:Q", title="Share used by YES", axis=alt.Axis(format="%")),
        y=alt.Y("resource:N", title=None, sort=None),
        color=alt.condition(alt.datum.share_used > 1, alt.value("#c62828"), alt.value("#4c78a8")),
        tooltip=["resource:N", "unit:N", alt.Tooltip("available:Q", format=",.0f"),
                 alt.Tooltip("used_by_yes:Q", format=",.0f", title="Used by YES"),
                 alt.Tooltip("asked_by_not_now:Q", format=",.0f", title="Asked by NOT NOW")],
    )
    full = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(color="#333").encode(x="x:Q")
    return (bars + full).properties(height=alt.Step(26), width=360, title=alt.Title(
        "What binds", subtitle="Budget and first-year team capacity used by the YES decisions"))


def participation_bars(participation: pd.DataFrame) -> alt.Chart:
    """How far each participant has got: share of opportunities × criteria scored, and the
    number of comparisons made (in the tooltip). ``participation`` is
    :func:`kit.scoring.participation`."""
    return alt.Chart(participation).mark_bar(color="#4c78a8").encode(
        x=alt.X("share:Q", title="Share of opportunities × criteria scored", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("participant:N", title=None, sort=None),
        tooltip=[alt.Tooltip("participant:N", title="Participant"),
                 alt.Tooltip("opportunities:Q", title="Opportunities scored"),
                 alt.Tooltip("scores:Q", title="Scores"), alt.Tooltip("comparisons:Q", title="Goal comparisons"),
                 alt.Tooltip("share:Q", title="Share scored", format=".0%")],
    ).properties(title=alt.Title("Who has scored so far", subtitle="Bar: share of all opportunities × criteria"),
                 width=360, height=alt.Step(18))
