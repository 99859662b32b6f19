"""What the benefits-realisation charts (workbook 06) draw, from the demo's actuals, and that each
draws a workshop without actuals as an empty chart."""

from __future__ import annotations

import pandas as pd
import pytest

from kit import benefits
from kit.charts import benefits as charts
from kit.charts.theme import LAYER_COLOURS
from tests.charts.spec import marks, missing_fields, only, svg, views
from tests.conftest import DATA

RED = "#c62828"


@pytest.fixture(scope="module")
def progress(demo):
    return benefits.realisation(demo)


def _built(ws, progress) -> dict:
    currency = ws.settings.currency
    return {
        "realised_ranges": charts.realised_ranges(progress.opportunities, currency),
        "driver_bullets": charts.driver_bullets(progress.drivers),
        "value_by_period_bars": charts.value_by_period_bars(benefits.value_by_period(ws, by="layer"), currency),
        "value_by_period_bars (goal)": charts.value_by_period_bars(benefits.value_by_period(ws, by="goal"), currency,
                                                                   by="goal"),
        "goal_rate_lines": charts.goal_rate_lines(benefits.goal_rates(ws)),
        "calibration_bars": charts.calibration_bars(benefits.calibration(progress.checks)),
        "recalibration_ranges": charts.recalibration_ranges(benefits.recalibration_effect(ws, n=300, seed=1), currency),
    }


@pytest.fixture(scope="module")
def built(demo, progress):
    return _built(demo, progress)


def test_every_public_builder_is_covered_and_reads_only_fields_its_data_has(built):
    assert {name.split(" ")[0] for name in built} == set(charts.__all__) - {"STATUS_COLOURS"}
    for name, chart in built.items():
        assert missing_fields(chart) == {}, name


def test_a_workshop_without_actuals_draws_empty_charts():
    import kit

    good = kit.load_workshop(DATA / "good")
    for name, chart in _built(good, benefits.realisation(good)).items():
        assert "<svg" in svg(chart), name


def test_realised_ranges_bar_mid_tick_and_a_dot_coloured_by_status(progress, built):
    chart = built["realised_ranges"]
    assert marks(chart) == ["bar", "tick", "point"]
    bar, tick, dot = views(chart)
    assert len(bar.rows) == len(progress.opportunities) == 19
    assert (bar.field("x"), bar.field("x2"), tick.field("x"), dot.field("x")) == ("low", "high", "mid", "realised")
    assert dot.channel("color")["scale"] == {"domain": list(charts.STATUS_COLOURS),
                                             "range": list(charts.STATUS_COLOURS.values())}
    assert {"title", "status", "realised", "share_of_mid", "reported"} <= set(dot.tooltip())


def test_driver_bullets_put_every_driver_on_the_scale_of_its_mid_point(built):
    bar, one, dot = views(built["driver_bullets"])
    assert (bar.field("x"), bar.field("x2"), dot.field("x")) == ("low_share", "high_share", "share_of_mid")
    assert {"low_share", "high_share"} <= bar.derived() and one.rows == [{"x": 1.0}]
    assert any("datum.mid > 0" in t.get("filter", "") for t in bar.transforms)  # nothing due: left out


def test_value_by_period_stacks_layers_in_kit_colours_under_the_promised_line(built):
    bars, line = views(built["value_by_period_bars"])
    assert (bars.channel("y")["field"], bars.channel("y")["aggregate"]) == ("realised", "sum")
    assert bars.channel("color")["scale"] == {"domain": list(LAYER_COLOURS), "range": list(LAYER_COLOURS.values())}
    assert (line.channel("y")["field"], line.mark_props["strokeDash"]) == ("promised", [5, 3])
    assert bars.channel("x")["sort"] == {"field": "quarter", "order": "ascending"}
    by_goal = views(built["value_by_period_bars (goal)"])[0]
    assert by_goal.field("color") == "name" and "Productivity increase" in by_goal.values("name")


def test_goal_rates_one_panel_per_goal_with_the_baseline_dashed(demo, built):
    spec = built["goal_rate_lines"].to_dict()
    assert spec["facet"]["field"] == "goal" and spec["resolve"]["scale"]["y"] == "independent"
    line, baseline = views(built["goal_rate_lines"])
    assert len(line.rows) == 20  # five goals, four quarters
    assert (baseline.channel("y")["field"], baseline.mark_props["color"]) == ("baseline", RED)


def test_calibration_bars_share_against_90_percent_and_bias_against_100(progress, built):
    share, target, bias, one = views(built["calibration_bars"])
    assert share.field("x") == "share" and target.rows == [{"x": 0.9}]
    assert bias.field("x") == "bias" and one.rows == [{"x": 1.0}]
    assert share.values("group")[0] == "All estimates"


def test_recalibration_ranges_as_estimated_and_recalibrated(built):
    span = only(built["recalibration_ranges"], "bar")
    assert [r["calibration"] for r in span.rows] == ["as estimated", "recalibrated"]
    assert (span.field("x"), span.field("x2")) == ("npv_p5", "npv_p95")


def test_titles_typed_by_people_are_drawn_as_text():
    frame = pd.DataFrame({"opportunity_id": ["A"], "title": ["<b>x</b>"], "sponsor": [""], "business_unit": [""],
                          "drivers": [1], "reported": ["2027"], "realised": [5.0], "low": [1.0], "mid": [2.0],
                          "high": [3.0], "share_of_mid": [2.5], "status": ["ahead"], "reason": [""]})
    drawn = svg(charts.realised_ranges(frame))
    assert "A  &lt;b&gt;x&lt;/b&gt;" in drawn and "<b>" not in drawn
