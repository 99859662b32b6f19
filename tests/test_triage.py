"""kit.triage: every rule on a small workshop, overrides and the decision log, and the demo's story."""

from __future__ import annotations

import pandas as pd
import pytest

from kit import InputError, load_workshop, scoring, triage
from tests.conftest import add_unscored, opp, tiny

GOOD, BAD = (9, 1), (2, 9)


def decide(ws, overrides=None, **rules):
    return triage.decide(scoring.priority(ws), ws, overrides, rules=rules or None).set_index("opportunity_id")


def test_mandatory_is_yes_whatever_the_score(tmp_path):
    ws = tiny(tmp_path, [opp("A"), opp("M", mandatory="yes")], {"A": [GOOD], "M": [BAD]})
    d = decide(ws)
    assert d.loc["M", "decision"] == "YES" and d.loc["M", "rule"] == "mandatory"
    assert "regulatory" in d.loc["M", "reason"]
    off = tiny(tmp_path, [opp("A"), opp("M", mandatory="yes")], {"A": [GOOD], "M": [BAD]},
               extra="triage: {mandatory_yes: false}\n")
    assert decide(off).loc["M", "rule"] == "below_threshold"


def test_no_goal_alignment_is_no(tmp_path):
    ws = tiny(tmp_path, [opp("A"), opp("Z", align=(0, 0))], {"A": [GOOD], "Z": [GOOD]})
    d = decide(ws)
    assert d.loc["Z", "decision"] == "NO" and d.loc["Z", "rule"] == "no_alignment"
    assert "no goal alignment" in d.loc["Z", "reason"]
    assert decide(ws, min_alignment=0).loc["Z", "decision"] == "YES"
    low = tiny(tmp_path, [opp("A"), opp("L", align=(1, 0))], {"A": [GOOD], "L": [GOOD]}, extra="triage: {min_alignment: 2}\n")
    assert decide(low).loc["L", "rule"] == "no_alignment"


def test_score_below_the_threshold_is_no_naming_the_weakest(tmp_path):
    ws = tiny(tmp_path, [opp("A"), opp("B")], {"A": [GOOD], "B": [BAD]})
    d = decide(ws)
    assert d.loc["B", "decision"] == "NO" and d.loc["B", "rule"] == "below_threshold"
    assert "below the bar of 0.45" in d.loc["B", "reason"]
    assert "Weakest: business value 2.0/10; delivery risk 9.0/10 (higher is worse)" in d.loc["B", "reason"]
    assert decide(ws, score_threshold=0.1).loc["B", "decision"] == "YES"


def test_dependency_on_a_no_is_not_now(tmp_path):
    ws = tiny(tmp_path, [opp("A", depends="N"), opp("N")], {"A": [GOOD], "N": [BAD]})
    d = decide(ws)
    assert d.loc["A", "decision"] == "NOT NOW" and d.loc["A", "rule"] == "dependency"
    assert "Needs N (Idea N), which is NO" in d.loc["A", "reason"]
    assert decide(ws, dependency_rule=False).loc["A", "decision"] == "YES"


def test_a_prerequisite_goes_just_before_what_needs_it(tmp_path):
    """A (best) needs P (third): P takes the budget before C (second), which no longer fits."""
    ws = tiny(tmp_path, [opp("A", cost=400, depends="P"), opp("C", cost=400), opp("P", cost=400)],
              {"A": [(10, 1)], "C": [(9, 1)], "P": [(6, 3)]})
    d = decide(ws)
    assert d[["decision", "rule"]].to_dict("index") == {
        "A": {"decision": "YES", "rule": "fits"}, "C": {"decision": "NOT NOW", "rule": "budget"},
        "P": {"decision": "YES", "rule": "fits"}}
    assert "dependency" not in set(d["rule"])


def test_a_dependency_waiting_for_a_not_now_is_not_now(tmp_path):
    ws = tiny(tmp_path, [opp("A", cost=800), opp("B", cost=800), opp("C", cost=100, depends="B")],
              {"A": [(10, 1)], "B": [(9, 1)], "C": [(8, 1)]})
    d = decide(ws)
    assert d.loc["B", "rule"] == "budget"
    assert d.loc["C", "rule"] == "dependency" and "which is NOT NOW" in d.loc["C", "reason"]


def test_budget_is_filled_best_score_first(tmp_path):
    ws = tiny(tmp_path, [opp("A", cost=600), opp("B", cost=600), opp("C", cost=300)],
              {"A": [(10, 1)], "B": [(9, 1)], "C": [(8, 1)]})
    d = decide(ws)
    assert d["decision"].to_dict() == {"A": "YES", "B": "NOT NOW", "C": "YES"}  # a smaller one still fits
    assert d.loc["B", "rule"] == "budget"
    assert "the budget runs out (1.0 k EUR: 1 item ahead of it takes 600 EUR; this needs 600 EUR" in d.loc["B", "reason"]
    assert set(decide(ws, budget_rule=False)["decision"]) == {"YES"}


def test_team_capacity_is_filled_best_score_first(tmp_path):
    """apps: 3 person-months a quarter, so 12 in the first four quarters."""
    ws = tiny(tmp_path, [opp("A", effort=8), opp("B", effort=8), opp("D", effort=8, team="data")],
              {"A": [(10, 1)], "B": [(9, 1)], "D": [(8, 1)]})
    d = decide(ws)
    assert d.loc["B", "decision"] == "NOT NOW" and d.loc["B", "rule"] == "capacity"
    assert "the apps team's capacity runs out (12 person-months in the first 4 quarters" in d.loc["B", "reason"]
    assert d.loc["D", "decision"] == "YES"  # data has its own 8
    assert decide(ws, capacity_quarters=8).loc["B", "decision"] == "YES"
    assert decide(ws, capacity_rule=False).loc["B", "decision"] == "YES"


def test_both_constraints_are_named_together(tmp_path):
    ws = tiny(tmp_path, [opp("A", cost=900, effort=10), opp("B", cost=900, effort=10)], {"A": [(10, 1)], "B": [(9, 1)]})
    d = decide(ws)
    assert d.loc["B", "rule"] == "budget_and_capacity"
    assert "budget runs out" in d.loc["B", "reason"] and "apps team's capacity" in d.loc["B", "reason"]


def test_contested_decisions_are_marked(tmp_path):
    split = [(1, 2), (10, 9), (1, 2), (10, 9)]
    ws = tiny(tmp_path, [opp("A"), opp("S")], {"A": [GOOD] * 4, "S": split})
    d = decide(ws)
    assert d.loc["S", "contested"] and not d.loc["A", "contested"]
    assert "the group is split on business value (scores from 1 to 10)" in d.loc["S", "reason"]
    assert not decide(ws, contested_rwg=0.0)["contested"].any()


def test_overrides_are_applied_and_logged(tmp_path):
    ws = tiny(tmp_path, [opp("A", cost=600), opp("B", cost=600), opp("N", cost=400)],
              {"A": [(10, 1)], "B": [(9, 1)], "N": [BAD]})
    overrides = pd.DataFrame([
        {"opportunity_id": "N", "decision": "not now", "rationale": "first thought", "by": "Ana", "at": "2027-01-01"},
        {"opportunity_id": "N", "decision": "yes", "rationale": "The regulator asked for it", "by": "Ana",
         "at": "2027-01-02"},
        {"opportunity_id": "A", "decision": "NO", "rationale": "Merged into B", "by": "Ben", "at": ""},
    ])
    d = decide(ws, overrides)
    assert d.loc["N", "decision"] == "YES" and d.loc["N", "rule_decision"] == "NO"  # last row wins, rules kept
    assert d.loc["N", "override_rationale"] == "The regulator asked for it" and d.loc["N", "override_at"] == "2027-01-02"
    assert d.loc["N", "reason"].startswith("Override by Ana on 2027-01-02: The regulator asked for it (the rules said NO")
    assert d.loc["A", "decision"] == "NO" and d.loc["A", "rule_decision"] == "YES"
    # N (approved) takes the budget first; A (dropped) frees it; B fits in what is left
    assert d.loc["B", "decision"] == "YES"
    assert d.loc["B", "override_decision"] == "" and d.loc["B", "decision"] == d.loc["B", "rule_decision"]
    counts = triage.counts(d.reset_index()).set_index("decision")
    assert counts.loc["YES", "overridden"] == 1 and counts.loc["NO", "overridden"] == 1


def test_an_override_to_yes_uses_budget_others_needed(tmp_path):
    ws = tiny(tmp_path, [opp("A", cost=600), opp("N", cost=600)], {"A": [(10, 1)], "N": [BAD]})
    d = decide(ws, [{"opportunity_id": "N", "decision": "YES", "rationale": "Board decision", "by": "CEO"}])
    assert d.loc["A", "decision"] == "NOT NOW" and d.loc["A", "rule"] == "budget"


def test_bad_overrides_are_input_errors(tmp_path):
    ws = tiny(tmp_path, [opp("A"), opp("B")], {"A": [GOOD], "B": [GOOD]})
    bad = [{"opportunity_id": "X", "decision": "maybe", "rationale": "", "by": ""}]
    with pytest.raises(InputError) as err:
        decide(ws, bad)
    problems = err.value.problems["problem"].tolist()
    assert problems == ["override for an unknown opportunity", "override decision must be YES, NO or NOT NOW",
                        "override without a rationale", "override without an author"]
    with pytest.raises(InputError, match="overrides lack columns rationale, by"):
        decide(ws, [{"opportunity_id": "A", "decision": "YES"}])


def test_read_overrides(tmp_path):
    assert triage.read_overrides("") is None
    path = tmp_path / "overrides.csv"
    path.write_text("opportunity_id,decision,rationale,by,at\nA,NOT NOW,\"Wait, for Q3\",Ana,2027-03-04\n")
    table = triage.read_overrides(path)
    assert table.loc[0, "rationale"] == "Wait, for Q3" and table.loc[0, "at"] == "2027-03-04"
    with pytest.raises(InputError, match="overrides file not found"):
        triage.read_overrides(tmp_path / "missing.csv")


def test_rule_settings_are_checked(tmp_path):
    ws = tiny(tmp_path, [opp("A")], {"A": [GOOD]})
    with pytest.raises(InputError, match="did you mean 'budget_rule'"):
        triage.decide(scoring.priority(ws), ws, rules={"budget_rules": False})
    with pytest.raises(InputError, match="must be true or false"):
        tiny(tmp_path, [opp("A")], {"A": [GOOD]}, extra="triage: {budget_rule: maybe}\n")
    with pytest.raises(InputError, match="did you mean 'capacity_rule'"):
        tiny(tmp_path, [opp("A")], {"A": [GOOD]}, extra="triage: {capacity_rul: true}\n")
    with pytest.raises(InputError, match="must be between 1 and 40"):
        tiny(tmp_path, [opp("A")], {"A": [GOOD]}, extra="triage: {capacity_quarters: 0}\n")
    table = triage.rules_table(ws, {"score_threshold": 0.6})
    assert table.set_index("setting").loc["score_threshold", "value"] == "0.6"
    assert set(table["setting"]) == {"score_threshold", "min_alignment", "mandatory_yes", "dependency_rule",
                                     "budget_rule", "capacity_rule", "capacity_quarters", "contested_rwg"}


def test_scored_frame_is_checked(demo):
    with pytest.raises(InputError, match="lacks columns"):
        triage.decide(pd.DataFrame({"opportunity_id": ["OPP-01"]}), demo)
    scored = scoring.priority(demo)
    scored.loc[0, "opportunity_id"] = "OPP-99"
    with pytest.raises(InputError, match="not in the workshop"):
        triage.decide(scored, demo)


@pytest.fixture(scope="module")
def demo_decisions(demo):
    return triage.decide(scoring.priority(demo), demo)


def test_demo_story(demo_decisions):
    """datasets/demo/README.md: the clear YES, the mandatory, the clear NO, the NOT NOW and the contested."""
    d = demo_decisions.set_index("opportunity_id")
    clear_yes = ["OPP-13", "OPP-12", "OPP-06", "OPP-16", "OPP-26", "OPP-01", "OPP-02", "OPP-15", "OPP-19", "OPP-30",
                 "OPP-28", "OPP-29"]
    assert (d.loc[clear_yes, "decision"] == "YES").all()
    assert (d.loc[["OPP-23", "OPP-24"], "rule"] == "mandatory").all()
    assert (d.loc[["OPP-09", "OPP-27"], "rule"] == "no_alignment").all()
    assert d.loc["OPP-27", "score"] > 0.45  # IT's own wish: scores well enough, serves no goal
    assert (d.loc[["OPP-18", "OPP-08"], "rule"] == "below_threshold").all()
    not_now = ["OPP-03", "OPP-31", "OPP-11", "OPP-07", "OPP-34", "OPP-17", "OPP-36", "OPP-33", "OPP-37"]
    assert (d.loc[not_now, "decision"] == "NOT NOW").all()
    assert d.loc["OPP-11", "rule"] == "dependency" and "OPP-10" in d.loc["OPP-11", "reason"]
    assert d.loc["OPP-31", "rule"] == "dependency" and "OPP-03" in d.loc["OPP-31", "reason"]
    assert {"capacity"} <= set(d.loc[not_now, "rule"])
    assert set(d.index[d["contested"]]) == {"OPP-10", "OPP-05", "OPP-32", "OPP-08"}
    assert d["reason"].str.len().gt(40).all()


def test_demo_counts_and_resources(demo, demo_decisions):
    counts = triage.counts(demo_decisions)
    assert counts["decision"].tolist() == ["YES", "NOT NOW", "NO"] and counts["opportunities"].sum() == 37
    res = triage.resources(demo_decisions, demo).set_index("resource")
    assert res.loc["budget", "available"] == 5_000_000 and res.loc["budget", "used_by_yes"] <= 5_000_000
    assert res.loc["data team", "available"] == 72 and res.loc["data team", "share_used"] <= 1
    assert res.loc["data team", "asked_by_not_now"] > 0


def test_select_reads_a_workbook_parameter(demo):
    from kit import scoring, triage
    from kit.errors import InputError

    assert triage.select(demo, "all") is None
    decided = triage.decide(scoring.priority(demo), demo)
    yes = decided.loc[decided["decision"] == "YES", "opportunity_id"].tolist()
    assert triage.select(demo, "YES") == yes
    both = triage.select(demo, "yes; NOT NOW")
    assert set(both) == set(decided.loc[decided["decision"] != "NO", "opportunity_id"])
    assert triage.select(demo, "OPP-10;OPP-03") == ["OPP-10", "OPP-03"]
    with pytest.raises(InputError, match="OPP-100") as info:
        triage.select(demo, "OPP-100")
    assert "OPP-10" in info.value.problems.loc[0, "hint"]


# --- the facilitator's override form --------------------------------------------------------


def test_workshop_overrides_reads_the_workshops_own_file_unless_told_otherwise(demo_copy, tmp_path):
    import kit

    ws = kit.load_workshop(demo_copy)
    assert triage.workshop_overrides(ws) is None
    (demo_copy / "overrides.csv").write_text("opportunity_id,decision,rationale,by,at\nOPP-10,YES,why,Ada,\n")
    assert triage.workshop_overrides(ws)["opportunity_id"].tolist() == ["OPP-10"]
    other = tmp_path / "other.csv"
    other.write_text("opportunity_id,decision,rationale,by,at\nOPP-11,NO,why,Bo,\n")
    assert triage.workshop_overrides(ws, other)["opportunity_id"].tolist() == ["OPP-11"]
    assert triage.workshop_overrides(ws, "")["opportunity_id"].tolist() == ["OPP-10"]


def test_override_form_logs_a_decision_that_decide_then_applies(demo_copy):
    from datetime import UTC, datetime

    import kit
    from kit.apps.overrides import OverrideForm, override_form

    ws = kit.load_workshop(demo_copy)
    decisions = triage.decide(scoring.priority(ws), ws)
    form = override_form(ws, decisions, by="Ingrid Dahl")
    assert "OPP-10  TMS modernisation · rules: NOT NOW" in [label for label, _ in form.opportunity.options]
    form.opportunity.value = "OPP-10"
    form.decision.value = "YES"
    form.rationale.value = "=cmd|' /C calc'!A0 vendor support for the old TMS ends in 2029"
    form.save_button.click()
    assert "Override saved: OPP-10 is YES (the rules said NOT NOW)" in form.status.value
    log = triage.workshop_overrides(ws)  # the store's overrides: the decision log
    assert log[["opportunity_id", "decision", "by"]].values.tolist() == [["OPP-10", "YES", "Ingrid Dahl"]]
    assert log["rationale"].iloc[0].startswith("=cmd")  # kept as typed; exports write it as text
    assert datetime.fromisoformat(log["at"].iloc[0]).tzinfo is not None
    again = triage.decide(scoring.priority(ws), ws, triage.workshop_overrides(ws)).set_index("opportunity_id")
    assert again.loc["OPP-10", "decision"] == "YES" and again.loc["OPP-10", "rule_decision"] == "NOT NOW"
    assert again.loc["OPP-11", "decision"] == "YES"  # its prerequisite is approved now
    # a second override of the same opportunity is added; the latest counts
    fixed = OverrideForm(decisions, form.writer, by="Ingrid Dahl", now=lambda: datetime(2027, 3, 4, tzinfo=UTC))
    fixed.opportunity.value, fixed.decision.value, fixed.rationale.value = "OPP-10", "NOT NOW", "budget first"
    assert fixed.save()["at"].iloc[0] == "2027-03-04T00:00:00+00:00"
    assert len(triage.workshop_overrides(ws)) == 2  # both kept
    latest = triage.decide(scoring.priority(ws), ws, triage.workshop_overrides(ws)).set_index("opportunity_id")
    assert latest.loc["OPP-10", "decision"] == "NOT NOW"


def test_override_form_needs_decision_reason_and_author(demo_copy):
    import kit
    from kit.apps.overrides import override_form

    ws = kit.load_workshop(demo_copy)
    form = override_form(ws, triage.decide(scoring.priority(ws), ws))
    assert form.save() is None
    assert "the decision and the reason and who decided" in form.status.value
    assert triage.workshop_overrides(ws) is None


def test_override_form_takes_the_author_from_the_voila_link(demo_copy, monkeypatch):
    import kit
    from kit.apps.overrides import override_form

    monkeypatch.setenv("QUERY_STRING", "participant=Ingrid%20Dahl")
    ws = kit.load_workshop(demo_copy)
    assert override_form(ws, triage.decide(scoring.priority(ws), ws)).by.value == "Ingrid Dahl"


# --- opportunities not yet scored (issue 12: ideas added live in the room) ------------------


def test_an_unscored_opportunity_is_not_now_with_its_reason_and_the_rest_unchanged(demo_copy, demo_decisions):
    ws = load_workshop(add_unscored(demo_copy))
    d = triage.decide(scoring.priority(ws), ws)
    assert len(d) == 38 and d["opportunity_id"].iloc[-1] == "OPP-38"  # listed last, after the ranked ones
    row = d.set_index("opportunity_id").loc["OPP-38"]
    assert (row["decision"], row["rule"], row["rule_decision"]) == ("NOT NOW", "unscored", "NOT NOW")
    assert row["reason"].startswith("Not yet scored (0 of 5 criteria): not ranked until at least one participant "
                                    "scores it on business value, strategic fit, urgency, feasibility and delivery risk.")
    assert pd.isna(row["rank"]) and pd.isna(row["score"]) and not row["contested"]
    assert row["cost_mid"] == 60_000 and row["team"] == "data"
    same = ["opportunity_id", "decision", "reason", "rule", "score", "contested", "cost_mid"]
    pd.testing.assert_frame_equal(d.iloc[:37][same], demo_decisions[same])
    assert d["rank"].iloc[:37].tolist() == demo_decisions["rank"].tolist()
    counts = triage.counts(d).set_index("decision")["opportunities"]
    before = triage.counts(demo_decisions).set_index("decision")["opportunities"]
    assert counts["NOT NOW"] == before["NOT NOW"] + 1 and counts["YES"] == before["YES"]
    used = triage.resources(d, ws).set_index("resource")["used_by_yes"]
    assert used.tolist() == triage.resources(demo_decisions, ws).set_index("resource")["used_by_yes"].tolist()
    assert "OPP-38" not in triage.select(ws, "YES") and "OPP-38" in triage.select(ws, "NOT NOW")
    assert triage.unscored_left_out(ws, triage.select(ws, "YES"))["opportunity_id"].tolist() == ["OPP-38"]
    assert triage.unscored_left_out(ws, None).empty  # "all": nothing is left out


def test_partly_scored_names_the_criteria_still_to_score(tmp_path):
    ws = tiny(tmp_path, [opp("A"), opp("U")], {"A": [GOOD]})
    with open(ws.path / "scores.csv", "a", encoding="utf-8") as f:
        f.write("p0,U,value,9\n")
    d = decide(load_workshop(ws.path))
    assert d.loc["U", "decision"] == "NOT NOW" and d.loc["U", "rule"] == "unscored"
    assert d.loc["U", "reason"].startswith("Not yet scored (1 of 2 criteria): not ranked until at least one "
                                           "participant scores it on delivery risk.")
    assert d.loc["A", "reason"].endswith("(rank 1 of 1); serves Goal one (strong); fits the budget and the apps "
                                         "team's capacity.")


def test_what_needs_an_unscored_opportunity_waits_and_mandatory_does_not_skip_scoring(tmp_path):
    ws = tiny(tmp_path, [opp("A", depends="U"), opp("U"), opp("M", mandatory="yes")], {"A": [GOOD]})
    d = decide(ws)
    assert d.loc["A", "decision"] == "NOT NOW" and d.loc["A", "rule"] == "dependency"
    assert "U (Idea U), which is NOT NOW" in d.loc["A", "reason"]
    assert d.loc["M", "rule"] == "unscored" and d.loc["M", "decision"] == "NOT NOW"


def test_an_unscored_opportunity_can_be_overridden_and_then_takes_budget(tmp_path):
    ws = tiny(tmp_path, [opp("A", cost=600), opp("U", cost=600)], {"A": [GOOD]})
    d = decide(ws, [{"opportunity_id": "U", "decision": "YES", "rationale": "Board decision", "by": "CEO"}])
    assert d.loc["U", "decision"] == "YES" and d.loc["U", "rule_decision"] == "NOT NOW"
    assert "(the rules said NOT NOW: not yet scored (0 of 2 criteria)" in d.loc["U", "reason"]
    assert d.loc["A", "decision"] == "NOT NOW" and d.loc["A", "rule"] == "budget"  # U took the money
