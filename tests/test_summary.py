"""The executive summary on the demo workshop, and its controls."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

import kit
from kit import benefits, portfolio, scenarios, summary, text
from kit.apps.executive import ExecutiveControls
from tests.conftest import DEMO, add_unscored


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


def test_an_unscored_opportunity_is_not_now_out_of_the_portfolio_and_named(demo_copy, page):
    ws = kit.load_workshop(add_unscored(demo_copy))
    left = summary.executive_summary(ws, n_trials=1_000, seed=3)
    row = left.decisions.set_index("opportunity_id").loc["OPP-38"]
    assert row["decision"] == "NOT NOW" and not row["in_portfolio"]
    assert row["reason"].startswith("Not yet scored (0 of 5 criteria)")
    assert "OPP-38" not in left.selection.selected_ids and "OPP-38" not in set(left.differences["opportunity_id"])
    sentence = "1 opportunity not yet scored is left out: OPP-38 (0 of 5 criteria)."
    assert sentence + " It is NOT NOW and out of the portfolio until the group has scored it." in left.headline
    assert left.lead.endswith(" " + sentence) and left.unscored["opportunity_id"].tolist() == ["OPP-38"]
    assert (left.figures["yes"], left.figures["not_now"], left.figures["no"]) == (
        page.figures["yes"], page.figures["not_now"] + 1, page.figures["no"])
    assert page.unscored.empty and not any("not yet scored" in line for line in page.headline)


def test_the_dashboard_moves_between_exact_points_for_budget_and_scenario(demo):
    """Workbook 05's controls: the slider's budgets are the exact points, the switch re-values them."""
    controls = ExecutiveControls(demo, budget=5_000_000, n_trials=1_000, seed=3, points=8)
    base = controls.summary.figures
    controls.explore(background=False)
    below = max(b for b in controls.budget.options if b[1] <= 3_000_000)[1]
    controls.budget.value = below
    assert controls.summary.figures["investment"] <= below <= 3_000_000 < base["investment"]
    controls.scenario.value = "downturn"
    assert controls.summary.selection.budget == below and controls.summary.scenario == "Freight downturn"
    controls.budget.value = 5_000_000.0
    assert controls.summary.figures["npv_mean"] < base["npv_mean"]


def test_a_summary_from_reused_decisions_simulation_and_selection_is_the_same(demo, page):
    sim = scenarios.simulate(demo, n=1_000, seed=3)
    decided = summary.decide(demo)
    chosen = portfolio.select(summary.candidates_for(demo, sim, decided), budget=5_000_000,
                              capacity=portfolio.capacity_limits(demo))
    again = summary.executive_summary(demo, simulation=sim, decisions=decided, selection=chosen)
    assert again.figures == page.figures and again.headline == page.headline
    assert again.decisions.equals(page.decisions) and again.differences.equals(page.differences)


def test_the_lead_is_two_sentences_with_the_median_and_what_limits(demo, page):
    assert page.lead.count(". ") + 1 <= 2 and page.lead.endswith(".")
    assert text.money(page.figures["npv_median"], "EUR") in page.lead and "What limits it" in page.lead
    assert page.figures["npv_p5"] <= page.figures["npv_median"] <= page.figures["npv_p95"]
    assert 0 < page.figures["capacity_used"] <= page.figures["capacity_tightest"] <= 1


def test_budget_grid_spans_the_mandatory_items_to_saturation_and_holds_the_given_budgets(demo, page):
    sim = scenarios.simulate(demo, n=1_000, seed=3)
    cands = summary.candidates_for(demo, sim, summary.decide(demo))
    cap = portfolio.capacity_limits(demo)
    grid = summary.budget_grid(cands, cap, points=10, include=(5_000_000, 3_333_333))
    mandatory = cands.loc[cands["mandatory"], "cost"].sum()
    assert grid == sorted(grid) and grid[0] == round(mandatory) and {5_000_000, 3_333_333} <= set(grid)
    saturation = portfolio.select(cands, budget=float("inf"), capacity=cap).cost
    assert max(b for b in grid if b != 5_000_000) == pytest.approx(saturation, abs=1)
    assert len(grid) in (11, 12)  # ten evenly spaced, one dropped beside an included budget at most


def test_frontier_table_says_what_enters_and_leaves(page, demo):
    smaller = summary.executive_summary(demo, budget=2_000_000, n_trials=1_000, seed=3)
    table = summary.frontier_table([page, smaller])
    assert table["budget"].tolist() == [2_000_000, 5_000_000]
    entered = set(table["entered"].iloc[1].split(", ")) - {""}
    assert entered == set(page.selection.selected_ids) - set(smaller.selection.selected_ids)


def test_what_the_yes_list_delivered_so_far_is_a_key_figure(demo, page, tmp_path):
    """Issue 15: the demo's actuals give one key figure, the benefits room's own words; a
    workshop without actuals has no such row."""
    delivered = benefits.delivered_so_far(demo)
    assert page.delivered == delivered
    row = page.kpis.set_index("measure").loc["Delivered so far", "value"]
    assert row == delivered["text"] and "1.62 M EUR delivered from 2027-Q1 to 2027-Q4" in row
    bare = tmp_path / "bare"
    shutil.copytree(DEMO, bare)
    (bare / "actuals.csv").unlink()
    (bare / "goal_rates.csv").unlink()
    plain = summary.executive_summary(kit.load_workshop(bare), n_trials=300, seed=3)
    assert plain.delivered is None and "Delivered so far" not in set(plain.kpis["measure"])
