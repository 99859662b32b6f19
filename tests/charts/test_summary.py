"""What the executive-summary charts (workbook 05) draw, from a small seeded
:func:`kit.summary.executive_summary` of the demo workshop."""

from __future__ import annotations

import pandas as pd
import pytest

from kit import portfolio, summary
from kit.charts import prioritise as prioritise_charts
from kit.charts import scenarios as scenario_charts
from kit.charts import summary as charts
from kit.settings import LAYERS
from tests.charts.spec import marks, missing_fields, only, rows, svg, views

N, SEED = 500, 1
QUARTERS = [f"{2027 + k // 4}-Q{k % 4 + 1}" for k in range(40)]


@pytest.fixture(scope="module")
def page(demo):
    return summary.executive_summary(demo, n_trials=N, seed=SEED)


@pytest.fixture(scope="module")
def built(demo, page):
    """Every chart of workbook 05, called the way it calls them."""
    currency = demo.settings.currency
    plan = summary.roadmap_rows(portfolio.roadmap(demo, page.selection).schedule)
    front = summary.frontier_table([page])
    return {
        "value_range": charts.value_range(page.value_by_trial, currency),
        "value_bars": charts.value_bars(summary.value_bins(page.value_by_trial), currency),
        "layer_totals": charts.layer_totals(summary.layer_sums(page.layers), currency),
        "frontier_point": charts.frontier_point(front, page.selection.budget, page.selection.value, currency),
        "roadmap_overview": charts.roadmap_overview(plan, QUARTERS, names="ids"),
        "layer_bars": scenario_charts.layer_bars(page.layers, currency),
        "decision_bars": prioritise_charts.decision_bars(page.counts),
    }


def test_every_public_builder_is_covered_and_reads_only_fields_its_data_has(built):
    """A renamed column of the executive summary would leave an empty chart, silently."""
    assert set(charts.__all__) <= set(built)
    for name, chart in built.items():
        assert missing_fields(chart) == {}, name


def test_value_range_histogram_of_every_simulated_future_and_the_red_zero(page, built):
    """Bars count futures per NPV bin (at most 40 bins); the red rule at 0 separates losses."""
    chart = built["value_range"]
    assert marks(chart) == ["bar", "rule"]
    bars, zero = views(chart)
    assert len(bars.rows) == len(page.value_by_trial) == N
    assert pd.Series(bars.values("chosen_value")).mean() == pytest.approx(page.figures["npv_mean"])
    x = bars.channel("x")
    assert (x["field"], x["type"], x["bin"]) == ("chosen_value", "quantitative", {"maxbins": 40})
    assert x["title"] == "Net present value of the portfolio (EUR)"
    assert (bars.channel("y")["aggregate"], bars.channel("y")["title"]) == ("count", "Simulated futures")
    assert bars.tooltip()["count"]["title"] == "Futures"
    assert zero.rows == [{"x": 0.0}] and zero.field("x") == "x"
    assert zero.mark_props == {"color": "#c62828", "strokeWidth": 2}


def test_value_range_tiny_frame_exact_rows_and_counts_drawn():
    """Two futures far apart: two bars of one future each, either side of zero."""
    frame = pd.DataFrame({"trial": [0, 1], "chosen_value": [-100.0, 100.0]})
    chart = charts.value_range(frame)
    assert rows(chart, "layer[0]") == frame.to_dict("records")
    assert only(chart, "bar").channel("x")["title"] == "Net present value of the portfolio"  # no "()" without currency
    assert svg(chart).count("Futures: 1") == 2


def test_value_range_currency_typed_in_workshop_yml_is_drawn_as_text():
    """The currency is the only text people type into this chart; it reaches the axis as typed."""
    frame = pd.DataFrame({"trial": [0, 1, 2], "chosen_value": [1.0, 2.0, 3.0]})
    chart = charts.value_range(frame, "<b>x</b>")
    assert only(chart, "bar").channel("x")["title"] == "Net present value of the portfolio (<b>x</b>)"
    drawn = svg(chart)
    assert "(&lt;b&gt;x&lt;/b&gt;)" in drawn and "<b>" not in drawn


def test_layer_bars_of_the_summary_show_only_the_chosen_portfolio(page, built):
    """Workbook 05's layer chart: every chosen opportunity, each with its four layers and cost."""
    bar = only(built["layer_bars"], "bar")
    ids = set(page.selection.selected_ids)
    assert len(bar.rows) == len(ids) * (len(LAYERS) + 1)
    assert set(bar.values("opportunity_id")) == ids
    benefits = sum(r["value"] for r in bar.rows if r["layer"] != "cost")
    financial = sum(r["value"] for r in bar.rows if r["layer"] == "financial")
    assert financial / benefits == pytest.approx(page.figures["share_financial"], rel=1e-6)


def test_decision_bars_of_the_summary_count_every_opportunity(demo, page, built):
    """YES / NOT NOW / NO bars agree with the headline figures and cover every idea."""
    bar = only(built["decision_bars"], "bar")
    counts = dict(zip(bar.values("decision"), bar.values("opportunities"), strict=True))
    assert counts == {"YES": page.figures["yes"], "NOT NOW": page.figures["not_now"], "NO": page.figures["no"]}
    assert sum(counts.values()) == len(demo.opportunities)


def test_value_bars_draw_the_bins_losses_red_and_match_the_futures(page, built):
    """The dashboard's histogram: bins computed by kit.summary.value_bins, one bar each."""
    chart = built["value_bars"]
    assert marks(chart) == ["bar", "rule"]
    bars, zero = views(chart)
    bins = summary.value_bins(page.value_by_trial)
    assert sum(r["futures"] for r in bars.rows) == N and len(bars.rows) == len(bins) == 30
    assert bars.channel("x")["bin"] == "binned" and bars.field("x2") == "high"
    assert bars.channel("color")["scale"]["range"] == ["#1f5f8b", "#c62828"]
    assert zero.rows == [{"x": 0.0}]


def test_value_bins_mark_losses_and_cover_every_future():
    frame = pd.DataFrame({"trial": range(4), "chosen_value": [-300.0, -10.0, 50.0, 400.0]})
    bins = summary.value_bins(frame, bins=7)
    assert bins["futures"].sum() == 4 and bins["low"].iloc[0] == -300.0 and bins["high"].iloc[-1] == 400.0
    assert bins.loc[bins["high"] <= 0, "outcome"].eq("loss").all()
    assert bins.loc[bins["high"] > 0, "outcome"].eq("gain").all()


def test_layer_totals_sum_the_chosen_items_per_layer(page, built):
    bar = only(built["layer_totals"], "bar")
    sums = {r["layer"]: r["value"] for r in bar.rows}
    assert list(sums) == [*LAYERS, "cost"]
    expected = page.layers.groupby("layer")["value"].sum()
    for layer, value in sums.items():
        assert value == pytest.approx(expected.get(layer, 0.0))
    assert sums["cost"] < 0


def test_frontier_point_marks_the_portfolio_shown(page, built):
    chart = built["frontier_point"]
    assert marks(chart) == ["line", "circle", "rule", "point"]
    point = only(chart, "point")
    assert point.rows[0]["budget"] == page.selection.budget and point.rows[0]["value"] == page.selection.value


def test_roadmap_overview_one_bar_per_scheduled_item_in_start_order(page, built):
    bar = only(built["roadmap_overview"], "bar")
    assert sorted(r["id"] for r in bar.rows) == sorted(page.selection.selected_ids)
    assert [r["order"] for r in bar.rows] == list(range(len(bar.rows)))
    starts = [r["start_index"] for r in bar.rows]
    assert starts == sorted(starts) and all(r["end"] > r["start_index"] for r in bar.rows)
    assert bar.field("y") == "id" and bar.channel("y")["sort"] == {"field": "order", "op": "min"}
