"""What the prioritisation charts (workbook 02, the live scoring view) draw, from the real
frames of kit.ahp, kit.scoring and kit.triage on the demo workshop."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest

from kit import ahp, scoring, triage
from kit.charts import prioritise as charts
from kit.charts.theme import DECISION_COLOURS
from tests.charts.spec import marks, missing_fields, only, rows, svg, views

RED, BLUE = "#c62828", "#4c78a8"
RULES = {"score_threshold": None, "min_alignment": None}  # as workbook 02 passes them by default


@pytest.fixture(scope="module")
def goals(demo):
    return ahp.goal_weights(demo, equal_if_none=True)


@pytest.fixture(scope="module")
def ranking(demo, goals):
    return scoring.priority(demo, "weighted", goal_weights=goals)


@pytest.fixture(scope="module")
def decisions(demo, ranking):
    return triage.decide(ranking, demo, triage.workshop_overrides(demo, ""), rules=RULES)


@pytest.fixture(scope="module")
def stability(demo, goals):
    return scoring.rank_stability(demo, "weighted", top_k=10, n_resamples=200, seed=1, goal_weights=goals)


@pytest.fixture(scope="module")
def built(demo, goals, ranking, decisions, stability):
    """Every public builder, called the way workbook 02 and kit.apps.live call it."""
    return {
        "goal_weight_bars": charts.goal_weight_bars(goals.frame()),
        "consistency_bars": charts.consistency_bars(goals.consistency),
        "score_heatmap": charts.score_heatmap(scoring.group_scores(demo), order=ranking["opportunity_id"].tolist()),
        "contribution_bars": charts.contribution_bars(scoring.breakdown(demo, "weighted", goal_weights=goals)),
        "value_effort_matrix": charts.value_effort_matrix(scoring.value_effort(ranking, demo)),
        "disagreement_strips": charts.disagreement_strips(scoring.participant_scores(demo, top=6)),
        "rank_intervals": charts.rank_intervals(stability),
        "decision_bars": charts.decision_bars(triage.counts(decisions)),
        "resource_bars": charts.resource_bars(triage.resources(decisions, demo, rules=RULES)),
        "participation_bars": charts.participation_bars(scoring.participation(demo)),
    }


def test_every_public_builder_is_covered_and_reads_only_fields_its_data_has(built):
    """A renamed column in kit.scoring would leave an empty axis or tooltip, silently."""
    assert set(built) == set(charts.__all__)
    for name, chart in built.items():
        assert missing_fields(chart) == {}, name


# --- goal weights and consistency -------------------------------------------------------------


def test_goal_weight_bars_one_panel_per_person_one_bar_per_goal(demo, goals, built):
    """Each panel (group, then each participant) shows every goal's weight as a percentage."""
    frame = goals.frame()
    bar = only(built["goal_weight_bars"], "bar")
    assert len(bar.rows) == len(frame)
    assert set(Counter(bar.values("label")).values()) == {len(demo.settings.goals)}
    assert (bar.field("x"), bar.type("x"), bar.channel("x")["axis"]["format"]) == ("weight", "quantitative", "%")
    assert (bar.field("y"), bar.type("y"), bar.channel("y")["sort"]) == ("item_name", "nominal", None)
    facet = bar.channel("facet")
    assert (facet["field"], facet["sort"], facet["columns"]) == ("label", None, 4)
    assert bar.values("label")[0].startswith("Group")  # the group's panel comes first
    assert set(bar.tooltip()) == {"who", "item_name", "weight", "consistency_ratio"}


def test_goal_weight_bars_paint_inconsistent_participants_red(goals, built):
    """Red bars are exactly the panels of people whose CR is 0.10 or more (the demo has one)."""
    bar = only(built["goal_weight_bars"], "bar")
    assert bar.field("color") == "flagged"
    assert bar.channel("color")["scale"] == {"domain": [False, True], "range": [BLUE, RED]}
    flagged = {r["who"] for r in bar.rows if r["flagged"]}
    assert flagged == {r["who"] for r in bar.rows if r["consistency_ratio"] >= 0.10}
    assert flagged == set(goals.consistency.loc[goals.consistency["flagged"], "participant"])
    assert flagged  # the demo's inconsistent participant is drawn


def test_goal_weight_bars_tiny_frame_draws_names_as_typed():
    """A participant called ``<b>x</b>`` is drawn as that text, in red when inconsistent."""
    frame = pd.DataFrame({"who": ["Group", "<b>x</b>"], "item": ["g1", "g1"], "item_name": ["Goal one"] * 2,
                          "weight": [1.0, 1.0], "consistency_ratio": [0.0, 0.3], "flagged": [False, True],
                          "label": ["Group · CR 0.00", "<b>x</b> · CR 0.30"]})
    chart = charts.goal_weight_bars(frame, columns=2)
    assert rows(chart) == frame.to_dict("records")
    assert only(chart, "bar").channel("facet")["columns"] == 2
    drawn = svg(chart)
    assert "&lt;b&gt;x&lt;/b&gt; · CR 0.30" in drawn and "<b>" not in drawn
    assert f'fill="{RED}"' in drawn and f'fill="{BLUE}"' in drawn


def test_consistency_bars_one_bar_per_participant_and_the_limit_as_a_dashed_red_rule(goals, built):
    """Bars sorted longest first; the note tells why someone is flagged or excluded."""
    chart = built["consistency_bars"]
    assert marks(chart) == ["bar", "rule"]
    bar, rule = views(chart)
    assert len(bar.rows) == len(goals.consistency)
    assert sorted(bar.values("participant")) == sorted(goals.consistency["participant"])
    assert (bar.field("x"), bar.field("y"), bar.channel("y")["sort"]) == ("consistency_ratio", "participant", "-x")
    assert bar.channel("color")["scale"]["range"] == [BLUE, RED]
    assert {"participant", "consistency_ratio", "judgments", "note"} <= set(bar.tooltip())
    assert rule.rows == [{"limit": 0.10}] and rule.field("x") == "limit"
    assert rule.mark_props == {"color": RED, "strokeDash": [4, 4]}


def test_consistency_bars_limit_moves_the_rule_and_the_subtitle():
    """Another limit is drawn where it is, and named in the subtitle."""
    frame = pd.DataFrame({"participant": ["Ann", "Bo"], "judgments": [3, 3], "consistency_ratio": [0.05, 0.25],
                          "flagged": [False, True], "note": ["", "revisit A vs B"]})
    chart = charts.consistency_bars(frame, limit=0.2)
    bar, rule = views(chart)
    assert bar.values("note") == ["", "revisit A vs B"]
    assert rule.rows == [{"limit": 0.2}]
    assert "0.20" in chart.to_dict()["title"]["subtitle"]


# --- scores ------------------------------------------------------------------------------------


def test_score_heatmap_one_cell_per_opportunity_and_criterion_in_rank_order(demo, ranking, built):
    """Rows run in rank order; each cell is coloured 0-1 (green is better) and shows the mean."""
    chart = built["score_heatmap"]
    assert marks(chart) == ["rect", "text"]
    cells, text = views(chart)
    assert len(cells.rows) == len(demo.opportunities) * len(demo.settings.criteria)
    assert cells.rows is text.rows
    order = cells.channel("y")["sort"]
    assert [label.split("  ")[0] for label in order] == ranking["opportunity_id"].tolist()
    assert set(order) == set(cells.values("label"))
    assert (cells.field("x"), cells.channel("x")["sort"], cells.channel("x")["axis"]["orient"]) == (
        "criterion_name", None, "top")
    colour = cells.channel("color")
    assert (colour["field"], colour["type"], colour["scale"]) == (
        "normalised", "quantitative", {"scheme": "redyellowgreen", "domain": [0, 1]})
    assert {"title", "criterion_name", "mean", "median", "min", "max", "agreement"} == set(cells.tooltip())
    assert cells.tooltip()["title"]["title"] == "Opportunity"
    assert (text.field("text"), text.channel("text")["format"]) == ("mean", ".1f")


def test_score_heatmap_tiny_frame_keeps_titles_and_skips_unknown_ids_in_order():
    """Titles are drawn as typed; an order naming an unknown id does not add an empty row."""
    frame = pd.DataFrame({"opportunity_id": ["B", "A"], "title": ["<b>x</b>", "Plain"],
                          "criterion": ["value", "value"], "criterion_name": ["Business value"] * 2,
                          "mean": [7.0, 3.0], "median": [7.0, 3.0], "min": [6.0, 2.0], "max": [8.0, 4.0],
                          "normalised": [0.67, 0.22], "agreement": ["high", "low"]})
    chart = charts.score_heatmap(frame, order=["A", "ZZ", "B"])
    drawn = rows(chart)
    assert [r["label"] for r in drawn] == ["B  <b>x</b>", "A  Plain"]
    assert [r["title"] for r in drawn] == ["<b>x</b>", "Plain"]
    assert only(chart, "rect").channel("y")["sort"] == ["A  Plain", "B  <b>x</b>"]
    assert only(charts.score_heatmap(frame), "rect").channel("y")["sort"] is None
    assert "&lt;b&gt;x&lt;/b&gt;" in svg(chart)


def test_contribution_bars_stack_to_the_priority_score(ranking, built):
    """The bar length (sum of contributions) a reader compares is the opportunity's score."""
    bar = only(built["contribution_bars"], "bar")
    x = bar.channel("x")
    assert (x["field"], x["aggregate"], bar.channel("y")["sort"]) == ("contribution", "sum", "-x")
    assert (bar.field("color"), bar.channel("color")["sort"], bar.field("order")) == ("component_name", None, "order")
    totals = pd.DataFrame(bar.rows).groupby("opportunity_id")["contribution"].sum()
    score = ranking.set_index("opportunity_id")["score"]
    assert totals.sort_index().to_numpy() == pytest.approx(score.sort_index().to_numpy())
    assert {"title", "component_name", "weight", "contribution"} <= set(bar.tooltip())


def test_value_effort_matrix_points_rules_at_the_medians_and_ids(ranking, demo, built):
    """One point per opportunity coloured by quadrant, dashed rules at the splits, id labels."""
    frame = scoring.value_effort(ranking, demo)
    chart = built["value_effort_matrix"]
    assert marks(chart) == ["rule", "rule", "circle", "text"]
    h_rule, v_rule, points, ids = views(chart)
    assert len(points.rows) == len(ids.rows) == len(frame)
    assert (points.field("x"), points.field("y")) == ("effort_months", "value")
    scale = points.channel("color")["scale"]
    assert scale["domain"] == ["quick wins", "big bets", "fillers", "money pits"]
    assert scale["range"][scale["domain"].index("money pits")] == RED
    assert set(points.values("quadrant")) <= set(scale["domain"])
    assert {"opportunity_id", "title", "value", "effort_months", "cost_mid", "quadrant"} == set(points.tooltip())
    assert h_rule.field("y") == "value_split" and v_rule.field("x") == "effort_split"
    assert len(h_rule.rows) == len(v_rule.rows) == 1
    assert h_rule.rows[0]["value_split"] == pytest.approx(frame["value"].median())
    assert ids.field("text") == "opportunity_id"


def test_disagreement_strips_least_agreed_first_one_dot_per_person(demo, built):
    """Top six opportunities by disagreement, one column per criterion, a dot per participant's score."""
    scores = scoring.participant_scores(demo, top=6)
    dots = only(built["disagreement_strips"], "circle")
    assert len(dots.rows) == len(scores) == 6 * len(demo.settings.criteria) * scores["participant"].nunique()
    order = dots.channel("y")["sort"]
    talk = scores.drop_duplicates("opportunity_id").sort_values("talk_order")["opportunity_id"].tolist()
    assert [label.split("  ")[0] for label in order] == talk
    assert (dots.field("column"), dots.channel("column")["sort"]) == ("criterion_name", None)
    assert (dots.field("x"), dots.channel("x")["scale"]["domain"]) == ("score", [1, 10])
    assert dots.field("color") == "participant"
    assert {"participant", "title", "score", "agreement"} <= set(dots.tooltip())


def test_rank_intervals_span_dot_and_the_top_k_cut(stability, built):
    """Each opportunity: its resampled rank range and rank, coloured by top-k verdict; cut at k + 0.5."""
    chart = built["rank_intervals"]
    assert marks(chart) == ["rule", "point", "rule"]
    span, dot, cut = views(chart)
    assert len(span.rows) == len(dot.rows) == len(stability)
    assert (span.field("x"), span.field("x2"), dot.field("x")) == ("rank_low", "rank_high", "rank")
    order = span.channel("y")["sort"]
    assert [label.split("  ")[0] for label in order] == stability.sort_values("rank")["opportunity_id"].tolist()
    domain = span.channel("color")["scale"]["domain"]
    assert domain == ["in the top 10", "on the edge", "outside the top 10"]
    assert set(span.values("verdict")) <= set(domain)
    assert dot.channel("color")["scale"] == span.channel("color")["scale"]
    assert cut.rows == [{"k": 10.5}]
    assert span.tooltip()["p_top_k"]["title"] == "Chance of the top 10"


# --- triage ------------------------------------------------------------------------------------


def test_decision_bars_yes_not_now_no_in_their_colours(ranking, decisions, built):
    """Three bars, YES first, green / amber / red, counting every ranked opportunity."""
    bar = only(built["decision_bars"], "bar")
    assert bar.values("decision") == list(DECISION_COLOURS)
    assert sum(bar.values("opportunities")) == len(ranking)
    assert bar.channel("y")["sort"] == ["YES", "NOT NOW", "NO"]
    assert bar.channel("color")["scale"] == {"domain": ["YES", "NOT NOW", "NO"],
                                             "range": ["#2e7d32", "#f9a825", "#c62828"]}
    assert bar.channel("color")["legend"] is None
    assert {"decision", "opportunities", "cost_mid", "effort_months", "overridden"} == set(bar.tooltip())


def test_resource_bars_red_above_full_with_a_rule_at_100_percent(demo, decisions, built):
    """One bar per resource (budget, each team); bars over 100% turn red."""
    resources = triage.resources(decisions, demo, rules=RULES)
    chart = built["resource_bars"]
    assert marks(chart) == ["bar", "rule"]
    bar, full = views(chart)
    assert len(bar.rows) == len(resources) == 1 + len(demo.settings.capacity)
    assert bar.values("resource")[0] == "budget"
    colour = bar.channel("color")
    assert colour["condition"] == {"test": "(datum.share_used > 1)", "value": RED}
    assert colour["value"] == BLUE
    assert full.rows == [{"x": 1.0}] and bar.channel("x")["axis"]["format"] == "%"
    assert {"used_by_yes", "asked_by_not_now", "available"} <= set(bar.tooltip())


def test_participation_bars_tiny_frame_exact_rows():
    """One bar per participant on a 0-100% axis; names as typed, counts in the tooltip."""
    frame = pd.DataFrame({"participant": ["<b>x</b>", "Bo"], "opportunities": [2, 1], "scores": [4, 2],
                          "comparisons": [1, 0], "share": [1.0, 0.5]})
    chart = charts.participation_bars(frame)
    assert rows(chart) == frame.to_dict("records")
    bar = only(chart, "bar")
    assert (bar.field("x"), bar.channel("x")["scale"]["domain"]) == ("share", [0, 1])
    assert set(bar.tooltip()) == {"participant", "opportunities", "scores", "comparisons", "share"}


def test_participation_bars_one_bar_per_participant(demo, built):
    """The live view's first chart: everyone who scored, none missing."""
    bar = only(built["participation_bars"], "bar")
    assert sorted(bar.values("participant")) == sorted(demo.scores["participant"].unique())
