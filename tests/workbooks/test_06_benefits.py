"""Workbook 06 executed on the demo workshop: what it records is kit.benefits' own answer, and
what people typed stays text."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

from kit import benefits
from tests.conftest import DATA

pytestmark = pytest.mark.workbooks

ATTACK = "<script>alert('note')</script>"


def test_benefits_records_the_realisation_of_the_demo(execute, demo, demo_copy):
    actuals = pd.read_csv(demo_copy / "actuals.csv", dtype=str, keep_default_na=False)
    actuals.loc[0, "note"] = ATTACK  # a note changes no number
    actuals.to_csv(demo_copy / "actuals.csv", index=False)
    found = execute("06_benefits", workshop=str(demo_copy), n_trials=1_000, seed=4)

    expected = benefits.realisation(demo)
    assert found["as_of"] == "2027-Q4" and found["calibrate_by"] == "sponsor"
    tile = found["delivered"]
    assert tile["value"] == pytest.approx(expected.delivered_so_far()["value"])
    assert (tile["ahead"], tile["on_track"], tile["behind"], tile["not_yet_due"]) == (2, 13, 2, 2)
    assert tile["text"] == expected.delivered_so_far()["text"]
    statuses = found["opportunities"].set_index("opportunity_id")["status"]
    assert statuses.to_dict() == expected.opportunities.set_index("opportunity_id")["status"].to_dict()
    assert len(found["drivers"]) == len(expected.drivers)

    calibration = found["calibration"]
    pd.testing.assert_frame_equal(calibration[["group", "checks", "inside", "verdict"]],
                                  benefits.calibration(expected.checks)[["group", "checks", "inside", "verdict"]],
                                  check_dtype=False)
    assert calibration.at[0, "share"] < 0.9
    effect = found["recalibration_effect"].set_index("calibration")
    assert effect.at["recalibrated", "npv_mean"] < effect.at["as estimated", "npv_mean"]
    assert found["recalibrated"]["changed"].any()
    assert found["value_by_layer"]["realised"].sum() == pytest.approx(expected.checks["money"].sum())
    assert set(found["goal_rates"]["goal_id"]) == set(demo.settings.goal_ids)

    nb = nbformat.read(str(found["__output__"]), as_version=4)
    shown = "".join("".join(o.get("data", {}).get("text/html", "")) for c in nb.cells for o in c.get("outputs", []))
    assert ATTACK not in shown and "&lt;script&gt;alert(" in shown
    assert shown.count('class="kit-chart"') == 7


def test_benefits_on_a_workshop_without_actuals_says_how_to_add_them(execute):
    found = execute("06_benefits", workshop=str(DATA / "good"), n_trials=200)
    assert found["delivered"] is None and found["as_of"] == ""
    assert found["opportunities"].empty and found["calibration"].at[0, "verdict"] == "too few checks"
    nb = nbformat.read(str(found["__output__"]), as_version=4)
    shown = "".join("".join(o.get("data", {}).get("text/html", "")) for c in nb.cells for o in c.get("outputs", []))
    assert "No actuals yet: add actuals.csv" in shown
