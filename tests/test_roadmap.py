"""Roadmap: quarters, team capacity, dependencies, due quarters and what slips."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit import portfolio
from kit.errors import InputError
from kit.roadmap import quarter_label, quarter_start, roadmap
from kit.settings import Settings
from kit.workshop import Workshop


def workshop(rows: list[dict], capacity: dict[str, float], *, start: str = "2027-Q1",
             horizon_years: int = 1) -> Workshop:
    frame = pd.DataFrame(rows)
    frame["title"] = frame.get("title", frame["id"].map(lambda i: f"Item {i}"))
    frame["depends_on"] = frame.get("depends_on", pd.Series([()] * len(frame))).map(
        lambda d: tuple(d) if isinstance(d, (list, tuple)) else ())
    frame["mandatory"] = frame.get("mandatory", pd.Series([False] * len(frame))).fillna(False).astype(bool)
    settings = Settings(name="test", start=start, horizon_years=horizon_years, capacity=capacity)
    return Workshop(Path("."), settings, {"opportunities": frame})


def test_quarter_labels():
    assert quarter_label("2027-Q1", 0) == "2027-Q1"
    assert quarter_label("2027-Q3", 2) == "2028-Q1"
    assert quarter_label("2027-Q4", 5) == "2029-Q1"
    assert quarter_start("2027-Q2", 1) == pd.Timestamp("2027-07-01")
    with pytest.raises(InputError, match="year and quarter"):
        quarter_label("2027/1", 1)


def test_effort_is_spread_by_team_capacity_and_dependencies_come_first():
    ws = workshop([
        {"id": "A", "team": "dev", "effort_months": 6},
        {"id": "B", "team": "dev", "effort_months": 3, "depends_on": ["A"]},
        {"id": "C", "team": "ops", "effort_months": 2},
    ], {"dev": 4, "ops": 2})
    rm = roadmap(ws, ["A", "B", "C"], max_share=0.5)
    s = rm.schedule.set_index("id")
    # A: 2 person-months a quarter (half of 4) -> 2027-Q1..Q3; B after A: Q4 then 2028-Q1
    assert (s.loc["A", "start"], s.loc["A", "finish"]) == ("2027-Q1", "2027-Q3")
    assert (s.loc["B", "start"], s.loc["B", "finish"]) == ("2027-Q4", "2028-Q1")
    assert s.loc["B", "status"] == "beyond horizon" and "starts after A (done 2027-Q3)" in s.loc["B", "reason"]
    assert s.loc["C", "finish"] == "2027-Q2"  # 1 per quarter (half of ops' 2)
    assert rm.quarters == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]
    assert rm.allocation.groupby("id")["months"].sum().to_dict() == {"A": 6, "B": 3, "C": 2}
    load = rm.load.set_index(["team", "quarter"])
    assert load.loc[("dev", "2027-Q1"), "utilisation"] == 0.5
    assert rm.slips() == [f"B Item B: {s.loc['B', 'reason']}"]


def test_mandatory_first_and_due_quarter_slips_with_reason():
    ws = workshop([
        {"id": "big", "team": "dev", "effort_months": 8},
        {"id": "law", "team": "dev", "effort_months": 4, "mandatory": True},
        {"id": "late", "team": "dev", "effort_months": 4},
    ], {"dev": 4}, horizon_years=2)
    rm = roadmap(ws, ["big", "late", "law"], order=["big", "late", "law"], max_share=1.0,
                 due={"law": "2027-Q1", "late": "2027-Q2"})
    s = rm.schedule.set_index("id")
    assert s.loc["law", "start"] == "2027-Q1" and s.loc["law", "status"] == "on plan"
    assert s.loc["big", "start"] == "2027-Q2" and "fully booked until 2027-Q1" in s.loc["big", "reason"]
    assert s.loc["late", "status"] == "late"
    assert "misses its due quarter 2027-Q2 by 2 quarter(s)" in s.loc["late", "reason"]
    assert s.loc["late", "due_date"] == pd.Timestamp("2027-07-01")  # the end of 2027-Q2
    assert any(line.startswith("late ") for line in rm.slips())


def test_prerequisite_inherits_priority():
    ws = workshop([
        {"id": "base", "team": "dev", "effort_months": 2},
        {"id": "other", "team": "dev", "effort_months": 2},
        {"id": "law", "team": "ops", "effort_months": 1, "mandatory": True, "depends_on": ["base"]},
    ], {"dev": 2, "ops": 2})
    rm = roadmap(ws, ["other", "base", "law"], order=["other", "base", "law"], max_share=1.0)
    s = rm.schedule.set_index("id")
    assert s.loc["base", "start"] == "2027-Q1"  # pulled ahead of 'other' by the mandatory item
    assert s.loc["other", "start"] == "2027-Q2"
    assert s.loc["law", "start"] == "2027-Q2"


def test_unknown_team_and_bad_due_are_input_errors():
    ws = workshop([{"id": "A", "team": "devs", "effort_months": 1}], {"dev": 4})
    with pytest.raises(InputError, match="has no team with capacity") as err:
        roadmap(ws, ["A"])
    assert "did you mean 'dev'" in str(err.value)
    ws = workshop([{"id": "A", "team": "dev", "effort_months": 1}], {"dev": 4})
    with pytest.raises(InputError, match="due quarter"):
        roadmap(ws, ["A"], due={"A": "next spring"})
    with pytest.raises(InputError, match="unknown opportunity"):
        roadmap(ws, ["Z"])


def test_team_without_capacity_is_not_scheduled():
    ws = workshop([{"id": "A", "team": "dev", "effort_months": 1},
                   {"id": "B", "team": "ops", "effort_months": 1, "depends_on": ["A"]}], {"dev": 0, "ops": 1})
    rm = roadmap(ws, ["A", "B"])
    s = rm.schedule.set_index("id")
    assert s.loc["A", "status"] == "not scheduled" and "cannot fit" in s.loc["A", "reason"]
    assert s.loc["B", "status"] == "not scheduled" and "needs A, which cannot be scheduled" in s.loc["B", "reason"]
    assert rm.allocation.empty and len(rm.slips()) == 2


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["dev", "ops"]), st.integers(0, 12),
                          st.integers(-1, 5)), min_size=1, max_size=7),
       st.sampled_from([0.25, 0.5, 1.0]))
def test_schedule_respects_capacity_and_dependencies(items, share):
    rows = []
    for k, (team, effort, dep) in enumerate(items):
        needs = [f"I{dep}"] if 0 <= dep < k else []
        rows.append({"id": f"I{k}", "team": team, "effort_months": effort, "depends_on": needs})
    capacity = {"dev": 4, "ops": 3}
    ws = workshop(rows, capacity, horizon_years=2)
    rm = roadmap(ws, [r["id"] for r in rows], max_share=share)
    used = rm.allocation.groupby(["team", "quarter_index"])["months"].sum()
    for (team, _), months in used.items():
        assert months <= capacity[team] + 1e-9
    per_item = rm.allocation.groupby(["id", "quarter_index"])["months"].sum()
    teams = {r["id"]: r["team"] for r in rows}
    for (i, _), months in per_item.items():
        assert months <= capacity[teams[i]] * share + 1e-9
    done = rm.allocation.groupby("id")["months"].sum()
    s = rm.schedule.set_index("id")
    for r in rows:
        if s.loc[r["id"], "status"] == "not scheduled":  # too much work for 3 × the horizon
            assert r["id"] not in done and s.loc[r["id"], "reason"]
            continue
        if r["effort_months"]:
            assert done[r["id"]] == pytest.approx(r["effort_months"])
        for d in r["depends_on"]:
            assert s.loc[r["id"], "start_index"] > s.loc[d, "finish_index"]


def test_roadmap_of_the_demo_selection(demo):
    values = pd.DataFrame({"opportunity_id": demo.opportunities["id"], "value": 1.0})
    cands = portfolio.candidates(demo, values)
    s = portfolio.select(cands, budget=demo.settings.budget, capacity=portfolio.capacity_limits(demo))
    rm = portfolio.roadmap(demo, s, due={"OPP-23": "2027-Q4"})
    sched = rm.schedule.set_index("id")
    assert set(sched.index) == set(s.selected_ids)
    assert sched.loc["OPP-23", "start"] == "2027-Q1" and sched.loc["OPP-23", "status"] == "on plan"
    assert (rm.load["used"] <= rm.load["capacity"] + 1e-9).all()
    assert len(rm.quarters) == 20 and rm.quarters[0] == "2027-Q1"
