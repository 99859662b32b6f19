"""Workbook 02 executed on the demo workshop: its recorded results tell the demo's story."""

from __future__ import annotations

import nbformat
import pytest

from tests.conftest import DEMO, add_unscored

pytestmark = pytest.mark.workbooks


def test_prioritise_records_weights_ranking_and_decisions(execute):
    found = execute("02_prioritise", workshop=str(DEMO))
    weights = found["goal_weights"]
    assert weights.sum() == pytest.approx(1.0)
    assert list(weights.sort_values(ascending=False).index[:2]) == ["productivity", "customer_satisfaction"]
    assert found["flagged"] == ["Jonas Eklund"]
    cr = found["consistency"].set_index("participant")["consistency_ratio"]
    assert cr["Jonas Eklund"] == pytest.approx(0.42, abs=0.01)
    assert found["group_consistency_ratio"] < 0.1

    ranking = found["ranking"]
    assert len(ranking) == 37 and ranking["rank"].min() == 1
    assert set(ranking.head(3)["opportunity_id"]) <= {"OPP-12", "OPP-13", "OPP-01", "OPP-26"}
    stability = found["rank_stability"].set_index("opportunity_id")
    assert stability.loc["OPP-10", "rank_high"] - stability.loc["OPP-10", "rank_low"] > 15  # contested
    assert set(found["agenda"]["opportunity_id"].head(4)) == {"OPP-10", "OPP-05", "OPP-32", "OPP-08"}

    d = found["decisions"].set_index("opportunity_id")
    assert d.loc["OPP-13", "decision"] == "YES" and d.loc["OPP-23", "rule"] == "mandatory"
    assert d.loc["OPP-09", "rule"] == "no_alignment" and d.loc["OPP-27", "rule"] == "no_alignment"
    assert d.loc["OPP-11", "decision"] == "NOT NOW" and d.loc["OPP-03", "decision"] == "NOT NOW"
    counts = found["decision_counts"].set_index("decision")["opportunities"]
    assert counts.sum() == 37 and min(counts) > 0

    nb = nbformat.read(found["__output__"], as_version=4)
    html = "".join(o["data"]["text/html"] for c in nb.cells for o in c.get("outputs", [])
                   if "text/html" in o.get("data", {}))
    assert html.count("vegaEmbed(") >= 8 and "window.vegaEmbed=" in html
    for remote in ('src="http', "src='http", 'href="http', "href='http"):
        assert remote not in html


def test_thresholds_and_overrides_reach_the_decisions(execute, tmp_path):
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("opportunity_id,decision,rationale,by,at\n"
                         "OPP-10,YES,Vendor support for the old TMS ends in 2029,Ingrid Dahl,2027-03-04\n")
    found = execute("02_prioritise", workshop=str(DEMO), overrides=str(overrides), score_threshold=0.5,
                    n_resamples=200)
    d = found["decisions"].set_index("opportunity_id")
    assert d.loc["OPP-10", "decision"] == "YES" and d.loc["OPP-10", "rule_decision"] == "NOT NOW"
    assert d.loc["OPP-10", "override_by"] == "Ingrid Dahl"
    assert d.loc["OPP-11", "decision"] == "YES"  # its prerequisite is now approved
    assert "budget" in set(d["rule"])  # the approved TMS uses up the money
    assert d.loc["OPP-36", "rule"] == "below_threshold"  # 0.499 is under the raised bar


def test_other_frameworks_run(execute):
    found = execute("02_prioritise", workshop=str(DEMO), framework="wsjf", top_k=5, n_resamples=100)
    assert set(found["ranking"]["framework"]) == {"wsjf"}
    assert found["rank_stability"]["top_k"].iloc[0] == 5
    assert len(found["decisions"]) == 37


def test_the_workshops_own_overrides_count_without_a_parameter(execute, demo_copy):
    (demo_copy / "overrides.csv").write_text("opportunity_id,decision,rationale,by,at\n"
                                             "OPP-10,YES,Vendor support ends in 2029,Ingrid Dahl,\n")
    found = execute("02_prioritise", workshop=str(demo_copy), n_resamples=100)
    d = found["decisions"].set_index("opportunity_id")
    assert d.loc["OPP-10", "decision"] == "YES" and d.loc["OPP-10", "override_by"] == "Ingrid Dahl"


def test_prioritise_runs_before_anyone_compared_the_goals(execute, demo_copy):
    (demo_copy / "pairwise.csv").unlink()
    found = execute("02_prioritise", workshop=str(demo_copy), n_resamples=100)
    assert found["goal_weights"].round(3).tolist() == [0.2] * 5
    assert len(found["decisions"]) == 37


def test_an_idea_added_in_the_room_is_left_out_and_the_workbook_runs_to_the_end(execute, demo_copy):
    """Issue 12: OPP-38 was added live and nobody has scored it yet."""
    found = execute("02_prioritise", workshop=str(add_unscored(demo_copy)), n_resamples=100)
    assert found["unscored_note"] == "1 opportunity not yet scored is left out: OPP-38 (0 of 5 criteria)."
    assert found["unscored"]["opportunity_id"].tolist() == ["OPP-38"]
    assert len(found["ranking"]) == 37 and "OPP-38" not in set(found["ranking"]["opportunity_id"])
    assert "OPP-38" not in set(found["rank_stability"]["opportunity_id"])
    d = found["decisions"].set_index("opportunity_id")
    assert len(d) == 38 and d.loc["OPP-38", "decision"] == "NOT NOW" and d.loc["OPP-38", "rule"] == "unscored"
    assert d.loc["OPP-38", "reason"].startswith("Not yet scored (0 of 5 criteria)")
    assert found["decision_counts"]["opportunities"].sum() == 38
    nb = nbformat.read(found["__output__"], as_version=4)
    shown = "".join(o["data"]["text/html"] for c in nb.cells for o in c.get("outputs", [])
                    if "text/html" in o.get("data", {}))
    assert "1 opportunity not yet scored is left out: OPP-38 (0 of 5 criteria)." in shown


def test_the_last_closed_live_round_scores_its_items(execute, demo_copy, monkeypatch):
    """Workbook 02 takes the scores of closed rounds (kit.rounds) for their items, and says so."""
    from datetime import UTC, datetime, timedelta

    import kit
    from kit import rounds
    from kit.store import open_store

    monkeypatch.delenv("KIT_STORE", raising=False)
    ws = kit.load_workshop(demo_copy)
    start = datetime(2027, 3, 4, 9, 0, tzinfo=UTC)
    with open_store(demo_copy) as store:
        r = rounds.open_round(store, ws, ["OPP-36"], by="Fay", now=start)
        best = [{"participant": p, "opportunity_id": "OPP-36", "criterion": c, "score": 1 if c == "risk" else 10}
                for p in ("Ann", "Bo", "Cy") for c in ws.settings.criterion_ids]
        rounds.votes(store, ws, r, best, now=start + timedelta(minutes=1))
        rounds.close_round(store, r, by="Fay", now=start + timedelta(minutes=2))
    found = execute("02_prioritise", workshop=str(demo_copy), n_resamples=100)
    assert found["rounds_used"] == ("Scores from round 1 (closed 2027-03-04 09:02 UTC) for 5 items. "
                                    "The other items keep the workshop's own scores.")
    ranked = found["ranking"].set_index("opportunity_id")
    assert ranked.loc["OPP-36", "rank"] < kit.scoring.priority(ws).set_index("opportunity_id").loc["OPP-36", "rank"]
    assert ranked.loc["OPP-36", "agreement"] == "high"  # three people, all of one mind


def test_a_revote_shows_round_one_against_round_two_for_the_contested_score(execute, demo_copy, monkeypatch):
    """Workbook 02 sets each score voted again (a Delphi re-vote) against the round it asked
    again: votes, median and agreement before and after, and says whether agreement rose."""
    from datetime import UTC, datetime, timedelta

    import kit
    from kit import rounds
    from kit.store import open_store

    monkeypatch.delenv("KIT_STORE", raising=False)
    ws = kit.load_workshop(demo_copy)
    start = datetime(2027, 3, 4, 9, 0, tzinfo=UTC)

    def cast(r, values, minute):
        rows = [{"participant": p, "opportunity_id": "OPP-36", "criterion": "value", "score": s}
                for p, s in zip(("Ann", "Bo", "Cy", "Di"), values, strict=True)]
        rounds.votes(store, ws, r, rows, now=start + timedelta(minutes=minute))

    with open_store(demo_copy) as store:
        first = rounds.open_round(store, ws, ["OPP-36"], ["value"], by="Fay", now=start)
        cast(first, (1, 10, 2, 9), 1)
        rounds.close_round(store, first, by="Fay", now=start + timedelta(minutes=2))
        second = rounds.revote(store, ws, first, by="Fay", now=start + timedelta(minutes=3))
        assert second is not None and second.cells == (("OPP-36", "value"),)
        cast(second, (7, 8, 7, 8), 4)
        rounds.close_round(store, second, by="Fay", now=start + timedelta(minutes=5))
    found = execute("02_prioritise", workshop=str(demo_copy), n_resamples=100)
    moved = found["revotes"]
    assert len(moved) == 1
    row = moved.iloc[0]
    assert (row["opportunity_id"], row["criterion"], row["round_before"], row["round_after"]) == \
        ("OPP-36", "Business value", 1, 2)
    assert (row["median_before"], row["median_after"]) == (5.5, 7.5)
    assert (row["agreement_before"], row["agreement_after"]) == ("low", "high") and row["change"] > 0.5
    assert found["revotes_note"] == "1 score was voted again on 1 opportunity: agreement rose on 1, fell on 0."
    assert found["rounds_used"].startswith("Scores from round 2 (closed 2027-03-04 09:05 UTC) for 1 item")


def test_without_live_rounds_the_revote_table_is_empty_and_says_so(execute, demo_copy, monkeypatch):
    monkeypatch.delenv("KIT_STORE", raising=False)
    found = execute("02_prioritise", workshop=str(demo_copy), n_resamples=100)
    assert found["revotes"].empty and found["revotes_note"] == ""
