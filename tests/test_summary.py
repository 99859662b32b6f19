"""The executive summary on the demo workshop, and its controls."""

from __future__ import annotations

import numpy as np
import pytest

from kit import scenarios, summary
from kit.apps.executive import ExecutiveControls


@pytest.fixture(scope="module")
def page(demo):
    return summary.executive_summary(demo, n_trials=1_000, seed=3)


def test_figures_agree_with_the_value_by_trial_and_the_selection(page):
    f = page.figures
    values = page.value_by_trial["chosen_value"].to_numpy()
    assert f["npv_mean"] == pytest.approx(values.mean())
    assert f["npv_p5"] == pytest.approx(np.percentile(values, 5))
    assert f["p_loss"] == pytest.approx((values < 0).mean())
    assert f["opportunities"] == len(page.selection.selected_ids) and f["investment"] <= f["budget"]
    assert sum(f[f"share_{layer}"] for layer in ("financial", "productivity", "customer", "growth")) == pytest.approx(1)
    assert f["yes"] + f["not_now"] + f["no"] == 37


def test_differences_list_exactly_where_rules_and_optimum_disagree(page):
    d = page.decisions
    disagree = d[(d["decision"] == "YES") != d["in_portfolio"]]
    assert sorted(page.differences["opportunity_id"]) == sorted(disagree["opportunity_id"])
    assert page.decisions.loc[page.decisions["opportunity_id"] == "OPP-09", "decision"].item() == "NO"


def test_headline_names_the_binding_limits_and_mandatory_items_are_in(page):
    assert any("What limits the portfolio" in line for line in page.headline)
    assert {"OPP-23", "OPP-24"} <= set(page.selection.selected_ids)  # regulatory items


def test_overrides_in_the_workshop_folder_are_applied(demo_copy):
    import kit

    (demo_copy / "overrides.csv").write_text(
        "opportunity_id,decision,rationale,by,at\nOPP-18,YES,Board wants a drone pilot,Ingrid Dahl,2027-01-15\n")
    ws = kit.load_workshop(demo_copy)
    page = summary.executive_summary(ws, n_trials=500)
    row = page.decisions.set_index("opportunity_id").loc["OPP-18"]
    assert (row["decision"], row["override_rationale"]) == ("YES", "Board wants a drone pilot")


def test_controls_recompute_for_budget_and_scenario(demo):
    controls = ExecutiveControls(demo, budget=5_000_000, n_trials=1_000, seed=3)
    base = controls.summary.figures
    controls.budget.value = 3_000_000
    assert controls.summary.figures["investment"] <= 3_000_000 < base["investment"]
    controls.scenario.value = "downturn"
    assert controls.summary.figures["npv_mean"] < base["npv_mean"]
    assert set(controls._simulations) == {"base", "downturn"}  # each scenario simulated once
    expected = scenarios.simulate(demo, n=1_000, seed=3, scenario="downturn")
    assert controls._simulations["downturn"].summary()["npv_mean"].sum() == pytest.approx(
        expected.summary()["npv_mean"].sum())
