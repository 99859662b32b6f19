"""Workbooks 02-05 on the demo with one idea accepted in the room (kit.ideas, from the store):
nobody has scored it and it has no estimates; every workbook runs to the end and says it is
"not yet scored (0 of 5 criteria)". A proposed idea not accepted yet is in none of them."""

from __future__ import annotations

import pytest

from tests.conftest import add_idea

pytestmark = pytest.mark.workbooks

SENTENCE = "1 opportunity not yet scored is left out: OPP-38 (0 of 5 criteria)."


def test_workbook_01_maps_the_accepted_idea_and_not_a_proposed_one(execute, demo_copy):
    found = execute("01_opportunity_map", workshop=str(add_idea(demo_copy)))
    assert found["opportunities"] == 38 and "OPP-38" in set(found["indicative_value"]["opportunity_id"])
    add_idea(demo_copy, accept=False)  # OPP-39, proposed only
    assert execute("01_opportunity_map", workshop=str(demo_copy))["opportunities"] == 38


def test_workbook_02_leaves_the_idea_out_of_the_ranking_and_triage_says_why(execute, demo_copy):
    found = execute("02_prioritise", workshop=str(add_idea(demo_copy)), n_resamples=100)
    assert found["unscored_note"] == SENTENCE
    assert len(found["ranking"]) == 37 and "OPP-38" not in set(found["ranking"]["opportunity_id"])
    d = found["decisions"].set_index("opportunity_id")
    assert d.loc["OPP-38", "decision"] == "NOT NOW" and d.loc["OPP-38", "rule"] == "unscored"


def test_workbook_03_leaves_the_idea_out_of_the_yes_list(execute, demo_copy):
    found = execute("03_value_scenarios", workshop=str(add_idea(demo_copy)), n_trials=300)
    assert "OPP-38" not in found["opportunities"] and found["unscored_note"] == SENTENCE


def test_workbook_04_keeps_the_idea_out_of_the_portfolio(execute, demo_copy):
    found = execute("04_portfolio", workshop=str(add_idea(demo_copy)), n_trials=200, robustness_trials=20)
    assert found["unscored_note"] == SENTENCE and "OPP-38" not in found["selected_ids"]
    assert found["selection"].set_index("id").loc["OPP-38", "reason"] == "not yet scored"


def test_workbook_05_names_the_idea_on_the_one_page(execute, demo_copy):
    found = execute("05_executive_summary", workshop=str(add_idea(demo_copy)), n_trials=500, points=3)
    assert any(line.startswith(SENTENCE) for line in found["headline"])
    assert found["unscored"]["opportunity_id"].tolist() == ["OPP-38"] and "OPP-38" not in found["selected_ids"]
