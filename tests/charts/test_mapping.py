"""What the opportunity-map charts (workbook 01) draw, from kit.mapping's frames of the demo workshop."""

from __future__ import annotations

import pandas as pd
import pytest

from kit import mapping
from kit.charts import mapping as charts
from kit.charts.theme import AREA_COLOURS
from tests.charts.spec import marks, missing_fields, only, rows, svg, views

LEVELS = ["none", "low", "moderate", "strong", "extreme"]
DIMENSIONS = ("capability area", "business unit", "sponsor")  # the ones workbook 01 draws


@pytest.fixture(scope="module")
def matrix(demo):
    return mapping.alignment_matrix(demo)


@pytest.fixture(scope="module")
def portfolio(demo):
    return mapping.portfolio_summary(demo)


@pytest.fixture(scope="module")
def values(demo):
    return mapping.indicative_value(demo)


@pytest.fixture(scope="module")
def built(demo, matrix, portfolio, values):
    """Every public builder, called the way workbook 01 calls it."""
    return {
        "alignment_heatmap": charts.alignment_heatmap(matrix),
        "goal_coverage_bars": charts.goal_coverage_bars(mapping.goal_coverage(demo)),
        "area_coverage_bars": charts.area_coverage_bars(mapping.area_coverage(demo)),
        **{f"summary_bars {d}": charts.summary_bars(portfolio, d) for d in DIMENSIONS},
        "opportunity_map": charts.opportunity_map(values, currency=demo.settings.currency),
    }


def test_every_public_builder_is_covered_and_reads_only_fields_its_data_has(built):
    """A renamed column in kit.mapping would leave an empty axis or tooltip, silently."""
    assert {name.split(" ")[0] for name in built} == set(charts.__all__)
    for name, chart in built.items():
        assert missing_fields(chart) == {}, name


def test_alignment_heatmap_one_cell_per_opportunity_and_goal_best_aligned_first(demo, matrix, built):
    """Cells coloured none → extreme in blues; rows sorted by total alignment, highest on top."""
    cells = only(built["alignment_heatmap"], "rect")
    assert len(cells.rows) == len(matrix) == len(demo.opportunities) * len(demo.settings.goals)
    order = cells.channel("y")["sort"]
    assert len(order) == len(demo.opportunities) and set(order) == set(cells.values("label"))
    total = matrix.groupby("opportunity_id")["alignment"].sum()
    sums = [total[label.split("  ")[0]] for label in order]
    assert sums == sorted(sums, reverse=True)
    assert (cells.field("x"), cells.channel("x")["sort"], cells.channel("x")["axis"]["orient"]) == (
        "goal_name", None, "top")
    colour = cells.channel("color")
    assert (colour["field"], colour["type"], colour["sort"]) == ("level", "ordinal", LEVELS)
    assert colour["scale"] == {"domain": LEVELS, "scheme": "blues"}
    assert set(cells.values("level")) <= set(LEVELS)
    assert set(cells.tooltip()) == {"title", "goal_name", "level", "area_name"}
    assert cells.tooltip()["title"]["title"] == "Opportunity"


def test_alignment_heatmap_tiny_frame_exact_rows_and_titles_as_typed():
    """Two opportunities on one goal: two cells, the stronger first, titles unchanged."""
    frame = pd.DataFrame({"opportunity_id": ["A", "B"], "title": ["<b>x</b>", "B" * 50],
                          "area_name": ["Process optimisation"] * 2, "goal": ["g1", "g1"],
                          "goal_name": ["Goal one"] * 2, "alignment": [1, 3], "level": ["low", "strong"]})
    chart = charts.alignment_heatmap(frame)
    drawn = rows(chart)
    assert [(r["opportunity_id"], r["title"], r["level"]) for r in drawn] == [
        ("A", "<b>x</b>", "low"), ("B", "B" * 50, "strong")]
    assert [r["label"] for r in drawn] == ["A  <b>x</b>", "B  " + "B" * 38]
    assert only(chart, "rect").channel("y")["sort"] == ["B  " + "B" * 38, "A  <b>x</b>"]
    drawn_svg = svg(chart)
    assert "&lt;b&gt;x&lt;/b&gt;" in drawn_svg and "<b>" not in drawn_svg


def test_goal_coverage_bars_one_bar_per_goal_under_served_in_red(demo, built):
    """Goals sorted by how many ideas serve them; red for under-served, blue for crowded."""
    bar = only(built["goal_coverage_bars"], "bar")
    assert bar.values("goal") == list(demo.settings.goal_ids)
    assert (bar.field("x"), bar.field("y"), bar.channel("y")["sort"]) == ("serving", "goal_name", "-x")
    scale = bar.channel("color")["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True)) == {
        "under-served": "#c62828", "balanced": "#9e9e9e", "crowded": "#1f5f8b"}
    assert set(bar.values("status")) <= set(scale["domain"])
    assert set(bar.tooltip()) == {"goal_name", "serving", "strong", "mean_alignment", "status"}


def test_area_coverage_bars_one_bar_per_area_in_the_area_colours(built):
    """Bars in the kit's area colours; balanced areas are drawn lighter than the outliers."""
    bar = only(built["area_coverage_bars"], "bar")
    assert len(bar.rows) == len(AREA_COLOURS)
    assert (bar.field("x"), bar.field("y"), bar.channel("y")["sort"]) == ("opportunities", "area_name", "-x")
    assert bar.channel("color")["scale"] == {"domain": list(AREA_COLOURS), "range": list(AREA_COLOURS.values())}
    assert set(bar.values("area_name")) <= set(AREA_COLOURS)
    assert bar.channel("opacity") == {"condition": {"test": "(datum.status === 'balanced')", "value": 0.6},
                                      "value": 1.0}
    assert {"area_name", "opportunities", "cost_mid", "effort_months", "status"} == set(bar.tooltip())


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_summary_bars_only_the_dimension_asked_for(demo, portfolio, built, dimension):
    """One bar per category of that dimension; the counts add up to every idea once."""
    chart = built[f"summary_bars {dimension}"]
    bar = only(chart, "bar")
    expected = portfolio[portfolio["dimension"] == dimension]
    assert len(bar.rows) == len(expected) > 1
    assert sum(bar.values("opportunities")) == len(demo.opportunities)
    assert set(bar.values("dimension")) == {dimension}
    assert (bar.field("x"), bar.field("y"), bar.channel("y")["sort"]) == ("opportunities", "category", "-x")
    assert chart.to_dict()["title"] == f"Ideas by {dimension}"
    assert set(bar.tooltip()) == {"category", "opportunities", "cost_mid"}


def test_summary_bars_tiny_frame_exact_rows():
    """Two categories typed by people, kept as typed; other dimensions left out."""
    frame = pd.DataFrame({"dimension": ["sponsor", "sponsor", "business unit"],
                          "category": ["<b>x</b>", "Ann, CFO", "Sales"], "opportunities": [2, 1, 4],
                          "cost_mid": [10.0, 5.0, 7.0], "effort_months": [1.0, 2.0, 3.0]})
    chart = charts.summary_bars(frame, "sponsor")
    assert rows(chart) == frame.iloc[:2].to_dict("records")
    assert "&lt;b&gt;x&lt;/b&gt;" in svg(chart)


def test_opportunity_map_bubbles_and_the_value_equals_cost_diagonal(demo, values, built):
    """One bubble per idea (x cost, y value, colour area, size effort) and a dashed diagonal."""
    chart = built["opportunity_map"]
    assert marks(chart) == ["line", "circle"]
    diagonal, bubbles = views(chart)
    assert len(bubbles.rows) == len(values) == len(demo.opportunities)
    top = values["cost_mid"].max()
    assert diagonal.rows == [{"x": 0.0, "y": 0.0}, {"x": top, "y": top}]
    assert diagonal.mark_props["strokeDash"] == [4, 4]
    assert (bubbles.field("x"), bubbles.field("y"), bubbles.field("size")) == (
        "cost_mid", "value_mid", "effort_months")
    assert bubbles.channel("x")["title"] == "One-off cost, mid (EUR)"
    assert bubbles.channel("size")["scale"] == {"range": [40, 900]}
    assert bubbles.channel("color")["scale"]["domain"] == list(AREA_COLOURS)
    assert set(bubbles.values("area_name")) <= set(AREA_COLOURS)
    assert {"opportunity_id", "title", "sponsor", "goals", "cost_mid", "value_mid"} <= set(bubbles.tooltip())


def test_opportunity_map_tiny_frame_exact_points_and_titles_as_typed():
    """Two ideas: two bubbles with the typed title, the diagonal up to the larger cost."""
    frame = pd.DataFrame({"opportunity_id": ["A", "B"], "title": ["<b>x</b>", "Plain"],
                          "area_name": ["Process optimisation"] * 2, "sponsor": ["Ann", "Bo"],
                          "goals": ["g1", "g1, g2"], "cost_mid": [100.0, 250.0], "effort_months": [2.0, 5.0],
                          "value_mid": [300.0, 50.0]})
    chart = charts.opportunity_map(frame, currency="SEK")
    diagonal, bubbles = views(chart)
    assert bubbles.rows == frame.to_dict("records")
    assert diagonal.rows == [{"x": 0.0, "y": 0.0}, {"x": 250.0, "y": 250.0}]
    assert bubbles.channel("y")["title"] == "Indicative value over the horizon (SEK)"
    assert "Opportunity: &lt;b&gt;x&lt;/b&gt;" in svg(chart)
