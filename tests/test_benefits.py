"""kit.benefits: realised against promised, calibration and recalibration, on constructed
workshops whose answers are known, and the demo's story."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kit
from kit import benefits, scenarios
from kit.apps import display
from kit.benefits.promise import fraction_due
from kit.schemas.periods import parse_period, quarter_label, quarter_number, quarters
from kit.text import money
from tests.conftest import write_workshop

YML = "name: Benefits test\ncurrency: EUR\nstart: 2027-Q1\nhorizon_years: 3\n"
QUARTERS = [f"{y}-Q{q}" for y in (2027, 2028, 2029) for q in (1, 2, 3, 4)]


def _opportunity(oid: str, sponsor: str, unit: str = "Sales", goals: str = "sales", **extra: object) -> dict:
    return {"id": oid, "title": f"Idea {oid}", "capability_area": "BI", "goals": goals, "cost_low": 1000,
            "cost_high": 2000, "effort_months": 1, "sponsor": sponsor, "business_unit": unit, **extra}


def _estimate(oid: str, driver: str = "Hours saved", low: float = 4000, high: float = 8000, *,
              distribution: str = "normal", start_year: int = 1, ramp_years: int = 0, layer: str = "productivity",
              unit_value: float = 1.0) -> dict:
    return {"opportunity_id": oid, "layer": layer, "driver": driver, "low": low, "high": high, "unit": "hours",
            "unit_value": unit_value, "distribution": distribution, "start_year": start_year,
            "ramp_years": ramp_years}


def _groups(tmp_path: Path, values: dict[str, list[float]], *, open_ids: dict[str, str] | None = None) -> kit.Workshop:
    """Two opportunities per sponsor, one driver each of 4,000-8,000 hours a year (a quarter:
    1,000-2,000, mid-point 1,500), reported for four quarters at ``values[sponsor]``; and one
    open opportunity (no actuals) per entry of ``open_ids`` (id -> sponsor)."""
    opps, est, actuals = [], [], []
    n = 0
    for sponsor, quarter_values in values.items():
        for _ in range(2):
            n += 1
            oid = f"OPP-{n}"
            opps.append(_opportunity(oid, sponsor))
            est.append(_estimate(oid))
            actuals += [{"opportunity_id": oid, "driver": "Hours saved", "period": p, "value": v}
                        for p, v in zip(QUARTERS, quarter_values, strict=False)]
    for oid, sponsor in (open_ids or {}).items():
        opps.append(_opportunity(oid, sponsor))
        est += [_estimate(oid), _estimate(oid, "Fees avoided", 1000, 4000, distribution="lognormal", layer="financial")]
    return write_workshop(tmp_path / "ws", YML, opportunities=opps, estimates=est, actuals=actuals)


# --- periods and the promise -----------------------------------------------------------------

@pytest.mark.parametrize("typed, period", [
    ("2027-Q3", "2027-Q3"), ("2027 Q3", "2027-Q3"), ("2027q3", "2027-Q3"), ("Q3 2027", "2027-Q3"),
    ("q1-2028", "2028-Q1"), ("2027/Q4", "2027-Q4"), ("2027", "2027"), ("2027.0", "2027"), (" 2029 ", "2029"),
])
def test_periods_as_people_type_them(typed: str, period: str):
    assert parse_period(typed) == period


@pytest.mark.parametrize("typed", ["Q5 2027", "27-Q3", "spring 2027", "2027-H1", "", "2027-Q3-1"])
def test_what_is_not_a_period(typed: str):
    assert parse_period(typed) is None


def test_quarter_numbers():
    assert quarters("2027") == [quarter_number(f"2027-Q{q}") for q in range(1, 5)]
    assert quarters("2027-Q3") == [quarter_number("2027-Q3")] and quarter_label(quarter_number("2028-Q2")) == "2028-Q2"


def test_the_promise_of_a_period_follows_the_ramp():
    """The example of kit.benefits.promise: 4,000-9,000 hours a year ramped over one year
    promises 500-1,125 hours in a quarter of year 1, and 1,000-2,250 in one of year 2."""
    first, last = quarter_number("2027-Q1"), quarter_number("2031-Q4")
    assert fraction_due([quarter_number("2027-Q2")], first, last, 1, 1) == pytest.approx(0.125)
    assert fraction_due([quarter_number("2028-Q2")], first, last, 1, 1) == pytest.approx(0.25)
    assert fraction_due(quarters("2027"), first, last, 1, 1) == pytest.approx(0.5)
    assert fraction_due(quarters("2027"), first, last, 2, 0) == 0  # not due before year 2
    assert fraction_due(quarters("2032"), first, last, 1, 0) == 0  # beyond the horizon the model counts nothing


def test_a_check_holds_the_period_interval(tmp_path: Path):
    ws = write_workshop(tmp_path / "ws", YML, opportunities=[_opportunity("A", "Ann")],
                        estimates=[_estimate("A", low=4000, high=9000, ramp_years=1)],
                        actuals=[{"opportunity_id": "A", "driver": "hours SAVED", "period": "2027-Q2", "value": 800},
                                 {"opportunity_id": "A", "driver": "Hours saved", "period": "2028", "value": 9100}])
    c = benefits.checks(ws).set_index("period")
    assert (c.at["2027-Q2", "low"], c.at["2027-Q2", "high"], c.at["2027-Q2", "mid"]) == pytest.approx((500, 1125, 812.5))
    assert bool(c.at["2027-Q2", "inside"]) and c.at["2027-Q2", "driver"] == "Hours saved"  # matched without case
    assert (c.at["2028", "low"], c.at["2028", "high"]) == pytest.approx((4000, 9000))
    assert not bool(c.at["2028", "inside"]) and c.at["2028", "ratio"] == pytest.approx(9100 / 6500)


# --- calibration on constructed data with known answers --------------------------------------

def test_actuals_at_their_mid_points_are_all_inside_and_unbiased(tmp_path: Path):
    ws = _groups(tmp_path, {"Ann": [1500] * 4, "Bo": [1500] * 4}, open_ids={"OPP-9": "Ann"})
    table = benefits.calibration(benefits.checks(ws), by="sponsor")
    assert list(table["group"]) == ["All estimates", "Ann", "Bo"]
    assert table["checks"].tolist() == [16, 8, 8]
    assert table["share"].tolist() == [1.0, 1.0, 1.0]
    assert table["bias"].tolist() == pytest.approx([1.0, 1.0, 1.0])
    assert set(table["verdict"]) == {"calibrated"}
    assert "landed inside their 90% range 8 times in 8 and delivered 100% of their mid-points" in table.at[1, "sentence"]


def test_actuals_at_the_upper_bound_are_inside_with_the_bias_of_high_over_mid(tmp_path: Path):
    ws = _groups(tmp_path, {"Ann": [2000] * 4, "Bo": [2000] * 4}, open_ids={"OPP-9": "Ann"})
    table = benefits.calibration(benefits.checks(ws))
    assert table["share"].tolist() == [1.0, 1.0, 1.0]  # the bound itself is inside
    assert table["bias"].tolist() == pytest.approx([2000 / 1500] * 3)
    assert table.at[1, "verdict"] == "over-cautious"
    new = benefits.recalibrate(ws).set_index("driver")
    assert new.at["Hours saved", "new_low"] == pytest.approx(4000 * 4 / 3)
    assert new.at["Hours saved", "new_high"] == pytest.approx(8000 * 4 / 3)  # shifted, not widened


def test_actuals_drawn_from_their_estimates_land_inside_about_nine_times_in_ten(tmp_path: Path):
    """Each actual drawn from its estimate's own distribution for its period (normal and
    lognormal, ramped and not): the share inside is 90% give or take sampling error, and the
    normal estimates' bias is 1 give or take its error."""
    rng = np.random.default_rng(7)
    opps, est, actuals = [], [], []
    for k in range(30):
        oid = f"OPP-{k}"
        opps.append(_opportunity(oid, "Ann" if k % 2 else "Bo"))
        est += [_estimate(oid, "Hours saved", 4000, 8000, ramp_years=k % 2),
                _estimate(oid, "Fees avoided", 1000, 9000, distribution="lognormal", layer="financial")]
        for year in (1, 2, 3):
            share = min(1.0, year / (k % 2 + 1))
            for q in range(1, 5):
                period = f"{2026 + year}-Q{q}"
                normal = rng.normal(6000, 4000 / 3.29) * share / 4
                mu, sigma = (math.log(1000) + math.log(9000)) / 2, (math.log(9000) - math.log(1000)) / 3.29
                actuals += [{"opportunity_id": oid, "driver": "Hours saved", "period": period, "value": normal},
                            {"opportunity_id": oid, "driver": "Fees avoided", "period": period,
                             "value": math.exp(rng.normal(mu, sigma)) * 0.25}]
    ws = write_workshop(tmp_path / "ws", YML, opportunities=opps, estimates=est, actuals=actuals)
    found = benefits.checks(ws)
    n = len(found)
    assert n == 30 * 2 * 12
    overall = benefits.calibration(found).iloc[0]
    assert abs(overall["share"] - 0.9) < 3 * math.sqrt(0.9 * 0.1 / n)
    normal = found[found["driver"] == "Hours saved"]
    assert normal["ratio"].mean() == pytest.approx(1.0, abs=3 * (4000 / 3.29 / 6000) / math.sqrt(len(normal)))
    assert benefits.calibration(normal).iloc[0]["verdict"] == "calibrated"


def test_recalibration_of_an_unbiased_group_leaves_intervals_unchanged(tmp_path: Path):
    ws = _groups(tmp_path, {"Ann": [1500, 1400, 1600, 1500]}, open_ids={"OPP-8": "Ann", "OPP-9": "Ann"})
    new = benefits.recalibrate(ws)
    assert list(new["opportunity_id"]) == ["OPP-8", "OPP-8", "OPP-9", "OPP-9"]
    assert (new["new_low"] == new["low"]).all() and (new["new_high"] == new["high"]).all()
    assert not new["changed"].any() and new["reason"].str.startswith("unchanged: the estimates of Ann are calibrated").all()
    same = benefits.recalibrated_workshop(ws)
    pd.testing.assert_frame_equal(same.estimates, ws.estimates)


def test_an_over_optimistic_group_is_shifted_down_and_others_keep_their_ranges(tmp_path: Path):
    """Ann delivers 60% of every mid-point (900 of 1,500: below every range); Bo is exact;
    Cy has no actuals and borrows the record of everyone together (bias 0.8)."""
    ws = _groups(tmp_path, {"Ann": [900] * 4, "Bo": [1500] * 4},
                 open_ids={"OPP-7": "Ann", "OPP-8": "Bo", "OPP-9": "Cy"})
    table = benefits.calibration(benefits.checks(ws)).set_index("group")
    assert (table.at["Ann", "inside"], table.at["Ann", "checks"]) == (0, 8)
    assert table.at["Ann", "bias"] == pytest.approx(0.6) and table.at["Ann", "verdict"] == "over-optimistic, too narrow"
    assert table.at["Ann", "shift"] == pytest.approx(0.6) and table.at["Ann", "widen"] == 1.0  # centred, they held
    assert "0 times in 8" in table.at["Ann", "sentence"] and "expect about 60%" in table.at["Ann", "sentence"]
    new = benefits.recalibrate(ws).set_index(["opportunity_id", "driver"])
    hours = ("Hours saved",)
    assert (new.loc[("OPP-7", *hours), "new_low"], new.loc[("OPP-7", *hours), "new_high"]) == pytest.approx((2400, 4800))
    fees = new.loc[("OPP-7", "Fees avoided")]
    assert (fees["new_low"], fees["new_high"]) == pytest.approx((600, 2400))  # lognormal: low stays above zero
    assert (new.loc[("OPP-8", *hours), "new_low"], new.loc[("OPP-8", *hours), "new_high"]) == (4000, 8000)
    cy = new.loc[("OPP-9", *hours)]
    assert cy["basis"] == "all estimates" and (cy["new_low"], cy["new_high"]) == pytest.approx((3200, 6400))
    assert "actuals of Cy are too few" in cy["reason"]
    effect = benefits.recalibration_effect(ws, n=2_000, seed=3).set_index("calibration")
    assert effect.at["recalibrated", "npv_mean"] < effect.at["as estimated", "npv_mean"]
    assert effect["opportunities"].tolist() == [3, 3]


def test_a_group_whose_ranges_are_too_narrow_is_widened_to_hold_nine_in_ten(tmp_path: Path):
    """Values of 300 and 2,700 around a mid-point of 1,500 (half-width 500): unbiased on
    average, never inside; 2.4 half-widths away, so ranges widen 2.4 times about their middle."""
    ws = _groups(tmp_path, {"Ann": [300, 2700, 300, 2700]}, open_ids={"OPP-9": "Ann"})
    row = benefits.calibration(benefits.checks(ws)).set_index("group").loc["Ann"]
    assert row["verdict"] == "too narrow" and row["shift"] == 1.0 and row["widen"] == pytest.approx(2.4)
    new = benefits.recalibrate(ws).set_index("driver")
    assert (new.at["Hours saved", "new_low"], new.at["Hours saved", "new_high"]) == pytest.approx((1200, 10800))
    assert (new.at["Fees avoided", "new_low"], new.at["Fees avoided", "new_high"]) == pytest.approx(
        (2000 / 2**2.4, 2000 * 2**2.4))
    assert "widened 2.4 times" in new.at["Hours saved", "reason"]


def test_groups_with_too_few_checks_are_not_judged(tmp_path: Path):
    ws = _groups(tmp_path, {"Ann": [1500]}, open_ids={"OPP-9": "Ann"})
    table = benefits.calibration(benefits.checks(ws))
    assert table.at[0, "verdict"] == "too few checks" and "2 checks so far, too few to judge" in table.at[0, "sentence"]
    assert not benefits.recalibrate(ws)["changed"].any()


def test_calibration_by_business_unit_and_an_unknown_grouping(tmp_path: Path):
    ws = _groups(tmp_path, {"Ann": [1500] * 4})
    assert benefits.calibration(benefits.checks(ws), by="business_unit")["group"].tolist() == ["All estimates", "Sales"]
    with pytest.raises(kit.InputError, match="unknown calibration grouping") as info:
        benefits.calibration(benefits.checks(ws), by="team")
    assert info.value.problems.at[0, "value"] == "team" and "sponsor" in info.value.problems.at[0, "hint"]


# --- realised against promised ---------------------------------------------------------------

def test_every_status_with_its_reason(tmp_path: Path):
    opps = [_opportunity(o, "Ann") for o in ("A", "B", "C", "D")]
    est = [_estimate("A", "Ahead"), _estimate("A", "On track"), _estimate("B", "Behind"),
           _estimate("B", "Never reported"), _estimate("C", "Later", start_year=2), _estimate("D", "Early", start_year=3)]
    actuals = [{"opportunity_id": "A", "driver": "Ahead", "period": "2027-Q1", "value": 2800},
               {"opportunity_id": "A", "driver": "Ahead", "period": "2027-Q2", "value": 2900},
               {"opportunity_id": "A", "driver": "On track", "period": "2027", "value": 6100},
               {"opportunity_id": "B", "driver": "Behind", "period": "2027-Q1", "value": 400},
               {"opportunity_id": "C", "driver": "Later", "period": "2027", "value": 0},
               {"opportunity_id": "D", "driver": "Early", "period": "2027-Q4", "value": 50}]
    ws = write_workshop(tmp_path / "ws", YML, opportunities=opps, estimates=est, actuals=actuals)
    progress = benefits.realisation(ws)
    drivers = progress.drivers.set_index("driver")
    assert drivers["status"].to_dict() == {"Ahead": "ahead", "On track": "on track", "Behind": "behind",
                                           "Never reported": "not reported", "Later": "not yet due", "Early": "ahead"}
    assert drivers.at["Ahead", "reason"] == ("5,700 hours from 2027-Q1 to 2027-Q2, above the 2,000 hours to 4,000 hours "
                                             "promised for those periods: 190% of the mid-point")
    assert drivers.at["Behind", "reason"].startswith("400 hours in 2027-Q1, below the 1,000 hours to 2,000 hours")
    assert drivers.at["Never reported", "reason"] == "due from 2027-Q1, nothing reported up to 2027-Q4"
    assert drivers.at["Later", "reason"] == "benefits start in 2028-Q1"
    assert "before its benefits were due (from 2029-Q1)" in drivers.at["Early", "reason"]
    opp = progress.opportunities.set_index("opportunity_id")
    assert opp["status"].to_dict() == {"A": "ahead", "B": "behind", "C": "not yet due", "D": "ahead"}
    # A in money: mids 3,000 + 6,000; half-widths 1,000 and 2,000 combine to sqrt(5) * 1,000, so
    # 11,800 delivered is above 9,000 + 2,236
    assert (opp.at["A", "low"], opp.at["A", "high"]) == pytest.approx((9000 - math.sqrt(5e6), 9000 + math.sqrt(5e6)))
    assert "nothing reported for 'Never reported'" in opp.at["B", "reason"]
    assert (progress.since, progress.as_of) == ("2027-Q1", "2027-Q4")
    lines = progress.findings()
    assert any(line.startswith("Ahead of their range: A Idea A") for line in lines)
    assert any("Due but not reported: B 'Never reported'" in line for line in lines)


def test_delivered_so_far_is_none_without_actuals_and_the_sum_with_them(tmp_path: Path):
    from tests.conftest import DATA

    good = kit.load_workshop(DATA / "good")
    assert benefits.delivered_so_far(good) is None
    assert benefits.realisation(good).findings()[0].startswith("No actuals yet: add actuals.csv")
    ws = _groups(tmp_path, {"Ann": [1500] * 4, "Bo": [2500] * 2})
    tile = benefits.delivered_so_far(ws)
    assert tile["value"] == pytest.approx(2 * 4 * 1500 + 2 * 2 * 2500) == pytest.approx(benefits.checks(ws)["money"].sum())
    assert tile["promised"] == pytest.approx(2 * 4 * 1500 + 2 * 2 * 1500)
    assert (tile["on_track"], tile["ahead"], tile["opportunities"]) == (2, 2, 4)
    assert tile["text"].startswith(f"{money(tile['value'], 'EUR')} delivered from 2027-Q1 to 2027-Q4, against "
                                   f"{money(tile['promised'], 'EUR')} promised")


def test_value_by_period_adds_up_and_shares_value_among_goals_by_alignment(tmp_path: Path):
    opps = [_opportunity("A", "Ann", goals="sales;productivity", align_sales=3, align_productivity=1)]
    ws = write_workshop(tmp_path / "ws", YML, opportunities=opps, estimates=[_estimate("A", unit_value=10)],
                        actuals=[{"opportunity_id": "A", "driver": "Hours saved", "period": "2027", "value": 6000},
                                 {"opportunity_id": "A", "driver": "Hours saved", "period": "2028-Q1", "value": 1000}])
    layer = benefits.value_by_period(ws, by="layer")
    assert layer["period"].tolist() == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4", "2028-Q1"]
    assert layer["realised"].tolist() == pytest.approx([15000] * 4 + [10000])  # a year spread over its quarters
    assert layer["promised"].tolist() == pytest.approx([15000] * 5)
    goal = benefits.value_by_period(ws, by="goal")
    q1 = goal[goal["period"] == "2027-Q1"].set_index("key")["realised"]
    assert q1.to_dict() == pytest.approx({"productivity": 3750, "sales": 11250})
    assert goal["realised"].sum() == pytest.approx(layer["realised"].sum())
    with pytest.raises(kit.InputError, match="unknown grouping"):
        benefits.value_by_period(ws, by="team")


def test_goal_rates_against_their_baseline(tmp_path: Path):
    ws = write_workshop(tmp_path / "ws", YML, opportunities=[_opportunity("A", "Ann")], estimates=[_estimate("A")],
                        goal_rates=[{"goal_id": "sales", "period": "2026", "value": 3.0, "kind": "baseline", "unit": "%"},
                                    {"goal_id": "sales", "period": "2027-Q2", "value": 3.6, "kind": "", "unit": ""},
                                    {"goal_id": "sales", "period": "2027-Q1", "value": 3.2, "kind": "rate", "unit": ""},
                                    {"goal_id": "productivity", "period": "2026", "value": 1.0, "kind": "baseline",
                                     "unit": "% a year"}])
    rates = benefits.goal_rates(ws)
    sales = rates[rates["goal_id"] == "sales"]
    assert sales["period"].tolist() == ["2027-Q1", "2027-Q2"] and sales["change"].tolist() == pytest.approx([0.2, 0.6])
    assert set(sales["unit"]) == {"%"}  # the baseline's unit when a rate gives none
    assert benefits.goal_rate_sentences(rates) == [
        "Productivity increase: a baseline of 1 % a year (2026), no measured rate yet.",
        "Sales gains: 3.6 % in 2027-Q2, up 0.6 on a baseline of 3 % (2026)."]


def test_notes_typed_by_people_are_shown_as_text(tmp_path: Path):
    attack = "<script>alert('x')</script>"
    ws = write_workshop(tmp_path / "ws", YML, opportunities=[_opportunity("A", "Ann")], estimates=[_estimate("A")],
                        actuals=[{"opportunity_id": "A", "driver": "Hours saved", "period": "2027-Q1", "value": 1,
                                  "source": "<b>ledger</b>", "note": attack}])
    markup = display.table(benefits.realisation(ws).notes(), display=False).data
    assert attack not in markup and "&lt;script&gt;" in markup and "&lt;b&gt;ledger&lt;/b&gt;" in markup


# --- the next round, in workbook 03 ----------------------------------------------------------

def test_with_calibration(tmp_path: Path):
    ws = _groups(tmp_path, {"Ann": [900] * 4, "Bo": [900] * 4}, open_ids={"OPP-9": "Ann"})
    assert scenarios.with_calibration(ws, "as estimated") is ws
    measured = scenarios.with_calibration(ws, "Measured")
    changed = measured.estimates["low"] != ws.estimates["low"]
    assert measured.estimates.loc[changed, "opportunity_id"].unique().tolist() == ["OPP-9"]
    assert ws.estimates["low"].tolist()[:4] == [4000] * 4  # the workshop itself is untouched
    with pytest.raises(kit.InputError, match="unknown calibration") as info:
        scenarios.with_calibration(ws, "measure")
    assert "did you mean 'measured'?" in info.value.problems.at[0, "hint"]


# --- the demo's story ------------------------------------------------------------------------

def test_the_demo_tells_its_story(demo):
    progress = benefits.realisation(demo)
    status = progress.opportunities.set_index("opportunity_id")["status"]
    assert sorted(status[status == "ahead"].index) == ["OPP-13", "OPP-26"]
    assert progress.opportunities.set_index("opportunity_id").at["OPP-28", "share_of_mid"] < 0.4
    assert (status == "on track").sum() == 13 and sorted(status[status == "not yet due"].index) == ["OPP-21", "OPP-29"]
    table = benefits.calibration(progress.checks).set_index("group")
    elena = table.loc["Elena Vidal, Chief Commercial Officer"]
    assert elena["verdict"].startswith("over-optimistic") and elena["bias"] < 0.6
    assert table.loc["All estimates", "share"] < 0.9
    new = benefits.recalibrate(demo)
    hers = new[new["group"] == "Elena Vidal, Chief Commercial Officer"]
    assert set(hers["opportunity_id"]) == {"OPP-03", "OPP-05", "OPP-07", "OPP-34"} and (hers["new_high"] < hers["high"]).all()
    assert not set(new["opportunity_id"]) & set(status.index)  # only open opportunities are recalibrated
