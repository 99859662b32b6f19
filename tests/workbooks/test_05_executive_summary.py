"""Workbook 05 executed on the demo workshop: the one page agrees with the steps before it."""

from __future__ import annotations

import pytest

from kit import portfolio, scenarios, scoring, triage
from tests.conftest import DEMO, add_unscored

pytestmark = pytest.mark.workbooks


def test_executive_summary_records_the_chain(execute, demo):
    found = execute("05_executive_summary", workshop=str(DEMO), n_trials=2_000)
    f = found["figures"]
    decided = triage.decide(scoring.priority(demo), demo)
    assert (f["yes"], f["not_now"], f["no"]) == tuple(
        float((decided["decision"] == d).sum()) for d in ("YES", "NOT NOW", "NO"))
    sim = scenarios.simulate(demo, n=2_000, seed=2027)
    cands = portfolio.candidates(demo, portfolio.measure_values("mean NPV", summary=sim.summary()))
    expected = portfolio.select(cands, budget=demo.settings.budget, capacity=portfolio.capacity_limits(demo))
    assert found["selected_ids"] == expected.selected_ids
    assert f["investment"] == pytest.approx(expected.cost) and f["investment"] <= f["budget"] == 5_000_000
    assert f["npv_mean"] == pytest.approx(sim.npv_by_trial()[expected.selected_ids].sum(axis=1).mean())
    assert f["npv_p5"] < f["npv_mean"] < f["npv_p95"]
    assert "5.00 M EUR budget" in found["headline"][0]
    assert len(found["decisions"]) == 37


def test_executive_summary_in_a_downturn_with_a_smaller_budget(execute):
    base = execute("05_executive_summary", workshop=str(DEMO), n_trials=1_000)["figures"]
    down = execute("05_executive_summary", workshop=str(DEMO), n_trials=1_000, scenario="downturn",
                   budget=3_000_000)["figures"]
    assert down["budget"] == 3_000_000 and down["investment"] <= 3_000_000
    assert down["npv_mean"] < base["npv_mean"]


def test_an_unscored_opportunity_is_named_on_the_one_page(execute, demo_copy):
    found = execute("05_executive_summary", workshop=str(add_unscored(demo_copy)), n_trials=500, points=3)
    sentence = "1 opportunity not yet scored is left out: OPP-38 (0 of 5 criteria)."
    assert any(line.startswith(sentence) for line in found["headline"]) and found["lead"].endswith(sentence)
    assert found["unscored"]["opportunity_id"].tolist() == ["OPP-38"] and "OPP-38" not in found["selected_ids"]
    d = found["decisions"].set_index("opportunity_id")
    assert d.loc["OPP-38", "decision"] == "NOT NOW" and not d.loc["OPP-38", "in_portfolio"]
