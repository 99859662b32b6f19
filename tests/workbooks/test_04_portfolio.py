"""Workbook 04 executed on the demo workshop: the recorded portfolio is the kit's optimum."""

from __future__ import annotations

import pytest

from kit import portfolio, scenarios
from tests.conftest import DEMO, add_unscored

pytestmark = pytest.mark.workbooks


def test_portfolio_records_selection_frontier_and_roadmap(execute, demo):
    found = execute("04_portfolio", workshop=str(DEMO), n_trials=500, robustness_trials=40, seed=11,
                    force_out={"OPP-05": "vendor not approved"})
    assert found["status"] == "optimal" and found["value_measure"] == "mean NPV"
    assert found["budget"] == demo.settings.budget

    # the same optimum, computed here from the same seed
    sim = scenarios.simulate(demo, n=500, seed=11)
    cands = portfolio.candidates(demo, portfolio.measure_values("mean NPV", summary=sim.summary()))
    limits = portfolio.capacity_limits(demo)
    expected = portfolio.select(cands, budget=demo.settings.budget, capacity=limits,
                                force_out={"OPP-05": "vendor not approved"})
    assert found["portfolio_value"] == pytest.approx(expected.value, rel=1e-9)
    assert {"OPP-23", "OPP-24"} <= set(found["selected_ids"])  # mandatory: always in
    assert "OPP-05" not in found["selected_ids"]
    selection = found["selection"].set_index("id")
    assert selection.loc["OPP-05", "reason"] == "forced out"
    assert selection.loc["OPP-23", "detail"] == f"forced in: {portfolio.MANDATORY_REASON}"
    assert (selection.loc[~selection["selected"], "reason"] != "").all()  # every left-out has a reason

    totals = found["totals"].set_index("constraint")
    assert found["portfolio_cost"] <= demo.settings.budget
    assert (totals["slack"] >= -1e-6).all()
    assert set(totals.index) == {"budget", "platform_months", "data_months", "apps_months", "integration_months"}

    front = found["frontier"]
    assert len(front) >= 25
    assert front["value"].is_monotonic_increasing
    assert front["budget"].iloc[0] == pytest.approx(cands.query("mandatory")["cost"].sum())
    assert front["budget"].iloc[-1] == pytest.approx(cands.query("id != 'OPP-05'")["cost"].sum())

    greedy = found["greedy"].set_index("method")
    assert greedy.loc["optimum", "value"] >= greedy.iloc[1]["value"]

    prob = found["selection_probability"].set_index("id")
    assert len(prob) == 37 and prob["probability"].between(0, 1).all()
    assert prob.loc[["OPP-23", "OPP-24"], "probability"].eq(1).all()
    assert prob.loc["OPP-05", "probability"] == 0
    assert found["robustness"]["trials"] == 40

    roadmap = found["roadmap"]
    assert set(roadmap["id"]) == set(found["selected_ids"])
    assert roadmap.set_index("id").loc["OPP-23", "start"] == "2027-Q1"


def test_priority_score_measure(execute):
    found = execute("04_portfolio", workshop=str(DEMO), value_measure="priority score", n_trials=200,
                    robustness_trials=10, budget=3_000_000)
    assert found["status"] == "optimal" and found["budget"] == 3_000_000
    assert found["portfolio_cost"] <= 3_000_000
    assert found["selection"]["value"].between(0, 1).all()


def test_an_unscored_opportunity_stays_out_of_the_portfolio(execute, demo_copy):
    found = execute("04_portfolio", workshop=str(add_unscored(demo_copy)), n_trials=200, robustness_trials=20)
    assert found["unscored_note"] == "1 opportunity not yet scored is left out: OPP-38 (0 of 5 criteria)."
    assert "OPP-38" not in found["selected_ids"] and "OPP-38" not in set(found["roadmap"]["id"])
    row = found["selection"].set_index("id").loc["OPP-38"]
    assert row["reason"] == "not yet scored" and row["value"] > 1e6  # worth millions, but not scored
