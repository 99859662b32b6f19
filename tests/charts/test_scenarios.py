"""What the value-scenario charts (workbooks 03 and 05) draw, from a small seeded simulation
of the demo workshop's YES opportunities (as workbook 03 runs it by default)."""

from __future__ import annotations

import pandas as pd
import pytest

from kit import scenarios, triage
from kit.charts import scenarios as charts
from kit.charts.theme import LAYER_COLOURS
from kit.settings import LAYERS
from tests.charts.spec import marks, missing_fields, only, rows, svg, views

RED, GREY = "#c62828", "#9e9e9e"
N, SEED = 500, 1


@pytest.fixture(scope="module")
def chosen(demo):
    return triage.select(demo, "YES")


@pytest.fixture(scope="module")
def sim(demo, chosen):
    return scenarios.simulate(demo, n=N, seed=SEED, scenario="base", opportunities=chosen)


@pytest.fixture(scope="module")
def summary(sim):
    return sim.summary()


@pytest.fixture(scope="module")
def comparison(demo, chosen):
    return scenarios.compare_scenarios(demo, n=N, seed=SEED, opportunities=chosen)


@pytest.fixture(scope="module")
def voi(sim):
    return scenarios.value_of_information(sim)


@pytest.fixture(scope="module")
def focus(sim):
    return scenarios.closest_call(scenarios.evpi_by_opportunity(sim))


@pytest.fixture(scope="module")
def built(demo, sim, summary, comparison, voi, focus):
    """Every public builder, called the way workbook 03 calls it."""
    currency = demo.settings.currency
    return {
        "npv_ranges": charts.npv_ranges(summary, currency),
        "layer_bars": charts.layer_bars(sim.layer_values(), currency),
        "loss_bars": charts.loss_bars(summary),
        "scenario_ranges": charts.scenario_ranges(comparison, currency),
        "tornado_chart": charts.tornado_chart(scenarios.tornado(sim), currency),
        "voi_bars": charts.voi_bars(voi, currency),
        "tornado_chart (one opportunity)": charts.tornado_chart(scenarios.tornado(sim, focus), currency),
    }


def test_every_public_builder_is_covered_and_reads_only_fields_its_data_has(built):
    """A renamed column in kit.scenarios would leave an empty axis or tooltip, silently."""
    assert {name.split(" ")[0] for name in built} == set(charts.__all__)
    for name, chart in built.items():
        assert missing_fields(chart) == {}, name


def _label_expr(view) -> str:
    (calc,) = [t for t in view.transforms if t.get("as") == "label"]
    return calc["calculate"]


def test_npv_ranges_box_whiskers_median_mean_and_the_red_zero_line(chosen, summary, built):
    """Per opportunity: p5–p95 whisker, p25–p75 box coloured by P(loss), median tick, mean diamond."""
    chart = built["npv_ranges"]
    assert marks(chart) == ["rule", "bar", "tick", "point", "rule"]
    whisker, box, median, mean, zero = views(chart)
    for view in (whisker, box, median, mean):
        assert len(view.rows) == len(summary) == len(chosen)
        assert view.field("y") == "label"
        assert view.channel("y")["sort"] == {"field": "npv_mean", "order": "descending"}
        assert "datum.opportunity_id" in _label_expr(view)
        assert view.tooltip()["title"]["title"] == "Opportunity"
        assert {"npv_mean", "npv_p5", "npv_p50", "npv_p95", "p_loss"} <= set(view.tooltip())
    assert (whisker.field("x"), whisker.field("x2")) == ("npv_p5", "npv_p95")
    assert whisker.channel("x")["title"] == "Net present value over the horizon (EUR)"
    assert (box.field("x"), box.field("x2")) == ("npv_p25", "npv_p75")
    assert box.field("color") == "p_loss"
    assert box.channel("color")["scale"] == {"scheme": "redyellowgreen", "reverse": True, "domain": [0, 1]}
    assert median.field("x") == "npv_p50"
    assert (mean.field("x"), mean.mark_props["shape"]) == ("npv_mean", "diamond")
    assert zero.rows == [{"x": 0.0}] and zero.mark_props["color"] == RED


def test_npv_ranges_tiny_frame_draws_titles_as_text_and_shortens_long_ones():
    """The label Vega computes is the id and the title as typed, cut after 35 characters."""
    long = "A very long title that goes on and on beyond thirty six characters"
    frame = pd.DataFrame({"opportunity_id": ["OPP-01", "OPP-02"], "title": ["<b>x</b>", long],
                          "npv_mean": [10.0, -5.0], "npv_p5": [-1.0, -9.0], "npv_p25": [5.0, -7.0],
                          "npv_p50": [9.0, -5.0], "npv_p75": [12.0, -3.0], "npv_p95": [20.0, 1.0],
                          "p_loss": [0.1, 0.9]})
    chart = charts.npv_ranges(frame, "<i>€</i>")
    assert rows(chart, "layer[0]") == frame.to_dict("records")
    drawn = svg(chart)
    assert "OPP-01  &lt;b&gt;x&lt;/b&gt;" in drawn and "<b>" not in drawn
    assert f"OPP-02  {long[:35]}…" in drawn
    assert "Mean NPV (&lt;i&gt;€&lt;/i&gt;): −5" in drawn  # the tooltip names the currency as typed


def test_layer_bars_stack_each_layer_and_the_cost_to_mean_npv(summary, built, sim):
    """Bars per opportunity: benefits by layer in kit colours, cost grey and negative; net = mean NPV."""
    bar = only(built["layer_bars"], "bar")
    assert len(bar.rows) == len(sim.layer_values()) == len(summary) * (len(LAYERS) + 1)
    x = bar.channel("x")
    assert (x["field"], x["aggregate"]) == ("value", "sum")
    assert bar.channel("y")["sort"] == {"field": "value", "op": "sum", "order": "descending"}
    scale = bar.channel("color")["scale"]
    assert scale == {"domain": [*LAYERS, "cost"], "range": [*LAYER_COLOURS.values(), GREY]}
    assert set(bar.values("layer")) == set(scale["domain"])
    assert all(r["value"] <= 0 for r in bar.rows if r["layer"] == "cost")
    net = pd.DataFrame(bar.rows).groupby("opportunity_id")["value"].sum()
    assert net.to_numpy() == pytest.approx(summary.set_index("opportunity_id").loc[net.index, "npv_mean"], abs=1.0)
    assert "'financial' ? 'Financial'" in bar.channel("color")["legend"]["labelExpr"]
    assert bar.field("order") == "layer_order"
    assert {"title", "layer", "value"} == set(bar.tooltip())


def test_loss_bars_highest_probability_of_loss_first(summary, built):
    """One bar per opportunity on a 0-100% axis; the tooltip adds the median payback."""
    bar = only(built["loss_bars"], "bar")
    assert len(bar.rows) == len(summary)
    assert (bar.field("x"), bar.channel("x")["scale"]["domain"]) == ("p_loss", [0, 1])
    assert bar.channel("y")["sort"] == {"field": "p_loss", "order": "descending"}
    assert {"title", "p_loss", "payback_p50"} == set(bar.tooltip())


def test_scenario_ranges_one_row_per_scenario_and_benefits_folded_by_layer(demo, comparison, built):
    """Left: portfolio NPV range per scenario with the zero line; right: benefits by layer."""
    chart = built["scenario_ranges"]
    assert marks(chart) == ["rule", "bar", "tick", "rule", "bar"]
    whisker, box, median, zero, layers = views(chart)
    assert whisker.path.startswith("hconcat[0]") and layers.path == "hconcat[1]"
    assert [r["label"] for r in whisker.rows] == [s["label"] for s in demo.settings.scenarios.values()]
    assert len(layers.rows) == len(comparison)
    assert (whisker.field("x"), whisker.field("x2"), box.field("x"), box.field("x2"), median.field("x")) == (
        "npv_p5", "npv_p95", "npv_p25", "npv_p75", "npv_p50")
    assert whisker.channel("y")["sort"] is None  # scenarios in workshop.yml order
    assert zero.rows == [{"x": 0.0}] and zero.mark_props["color"] == RED
    (fold,) = [t for t in layers.transforms if "fold" in t]
    assert fold["fold"] == [f"value_{layer}" for layer in LAYERS]
    assert layers.channel("color")["scale"]["domain"] == list(LAYERS)  # benefits only: no cost
    assert whisker.tooltip()["label"]["title"] == "Scenario"
    assert chart.to_dict()["resolve"] == {"scale": {"color": "independent"}}


def test_tornado_chart_portfolio_largest_swings_around_the_base(sim, built):
    """Top 12 inputs of the portfolio, each from p5 to p95 (red/blue) around a black base rule."""
    tornado = scenarios.tornado(sim)
    chart = built["tornado_chart"]
    assert marks(chart) == ["bar", "rule"]
    bars, centre = views(chart)
    assert len(bars.rows) == len(centre.rows) == min(12, len(tornado))
    assert bars.values("label") == [f"{r.opportunity_id}  {r.input[:44]}" for r in tornado.head(12).itertuples()]
    (fold,) = [t for t in bars.transforms if "fold" in t]
    assert fold == {"fold": ["npv_at_p5", "npv_at_p95"], "as": ["end", "npv"]}
    assert (bars.field("x"), bars.field("x2"), centre.field("x")) == ("npv", "npv_base", "npv_base")
    assert bars.channel("y")["sort"] == {"field": "swing", "order": "descending"}
    assert bars.channel("color")["scale"] == {"domain": ["input at p5", "input at p95"],
                                              "range": ["#e45756", "#4c78a8"]}
    assert {"input", "opportunity_id", "value_p5", "value_p95", "unit", "swing"} <= set(bars.tooltip())
    assert chart.to_dict()["title"]["text"] == "What moves the NPV of the portfolio"
    assert len(rows(charts.tornado_chart(tornado, top=3), "layer[0]")) == 3


def test_tornado_chart_one_opportunity_labels_inputs_and_names_it(sim, focus, built):
    """For one opportunity the rows are just its inputs, and the title names it."""
    tornado = scenarios.tornado(sim, focus)
    chart = built["tornado_chart (one opportunity)"]
    bars = only(chart, "bar")
    assert len(bars.rows) == min(12, len(tornado))
    assert set(bars.values("opportunity_id")) == {focus}
    assert bars.values("label") == [i[:50] for i in tornado["input"].head(12)]
    assert chart.to_dict()["title"]["text"] == f"What moves the NPV of {focus}"


def test_tornado_chart_tiny_frame_keeps_input_names_as_typed():
    """An estimate named ``<b>x</b>`` in the workshop files is drawn as that text."""
    frame = pd.DataFrame({"scope": ["portfolio"] * 2, "opportunity_id": ["OPP-01", "OPP-02"],
                          "title": ["T1", "T2"], "input": ["<b>x</b>", "Hours saved"], "unit": ["EUR", "hours"],
                          "value_p5": [1.0, 2.0], "value_p95": [3.0, 4.0], "npv_base": [100.0, 100.0],
                          "npv_at_p5": [50.0, 80.0], "npv_at_p95": [170.0, 110.0], "swing": [120.0, 30.0]})
    chart = charts.tornado_chart(frame, "EUR")
    drawn = rows(chart, "layer[0]")
    assert [r["label"] for r in drawn] == ["OPP-01  <b>x</b>", "OPP-02  Hours saved"]
    assert [r["input"] for r in drawn] == ["<b>x</b>", "Hours saved"]
    assert "&lt;b&gt;x&lt;/b&gt;" in svg(chart)


def test_voi_bars_top_estimates_worth_measuring(voi, built):
    """The 15 largest EVPPIs, largest first, coloured by layer; the tooltip says today's decision."""
    bar = only(built["voi_bars"], "bar")
    assert len(bar.rows) == min(15, len(voi))
    assert bar.values("evppi") == sorted(voi["evppi"], reverse=True)[:15]
    assert bar.channel("y")["sort"] == {"field": "evppi", "order": "descending"}
    domain = bar.channel("color")["scale"]["domain"]
    assert set(bar.values("layer")) <= set(domain) and "cost" in domain
    assert {"input", "title", "evppi", "evpi", "decision"} == set(bar.tooltip())
    assert bar.tooltip()["input"]["title"] == "Estimate"
