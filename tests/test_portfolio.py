"""Portfolio selection: exact optimum, reasons, infeasibility, frontier, robustness, greedy."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit import load_workshop, portfolio, scoring
from kit.errors import InputError
from tests.conftest import add_unscored


def knapsack_frame() -> pd.DataFrame:
    values = [15, 100, 90, 60, 40, 15, 10, 1]
    weights = [2, 20, 20, 30, 40, 30, 60, 10]
    return pd.DataFrame({"id": [str(i) for i in range(1, 9)], "value": values, "cost": weights})


def test_knapsack_vector_from_adagio():
    """0/1 knapsack, example 1 of ``knapsack()`` in the R package adagio (H. W. Borchers).

    Source: adagio reference manual, ``knapsack(w, p, cap)`` with p = 15, 100, 90, 60, 40,
    15, 10, 1; w = 2, 20, 20, 30, 40, 30, 60, 10; cap = 102 -> items 1 2 3 4 6, profit 280.
    """
    s = portfolio.select(knapsack_frame(), budget=102)
    assert s.status == "optimal"
    assert s.gap == 0
    assert s.selected_ids == ["1", "2", "3", "4", "6"]
    assert s.value == 280
    assert s.cost == 102
    budget = s.totals.set_index("constraint").loc["budget"]
    assert budget["used"] == 102 and budget["slack"] == 0 and budget["share_used"] == 1


def test_greedy_falls_short_where_the_optimum_does_not():
    """Same adagio instance with capacity 70: greedy by value per cost takes items 1, 2, 3
    (cost 42), then only 8 still fits: value 206; the optimum 2, 3, 4 uses all 70 for 250."""
    frame = knapsack_frame()
    best = portfolio.select(frame, budget=70)
    rule = portfolio.greedy(frame, budget=70)
    assert rule.status == "greedy"
    assert rule.selected_ids == ["1", "2", "3", "8"] and rule.value == 206
    assert best.selected_ids == ["2", "3", "4"] and best.value == 250
    table = portfolio.compare({"optimum": best, "greedy": rule}).set_index("method")
    assert table.loc["optimum", "share_of_best"] == 1
    assert table.loc["greedy", "value_below_best"] == best.value - rule.value
    swaps = best.swaps(rule)
    assert set(swaps["id"]) == set(best.selected_ids) ^ set(rule.selected_ids)


def _brute_force(values, costs, usage, budget, limit, deps, group, forced_in, forced_out):
    best, best_set = None, None
    n = len(values)
    for bits in itertools.product([0, 1], repeat=n):
        x = np.array(bits, dtype=bool)
        if costs @ x > budget or usage @ x > limit:
            continue
        if any(x[a] and not x[b] for a, b in deps):
            continue
        if x[list(group)].sum() > 1:
            continue
        if not all(x[i] for i in forced_in) or any(x[i] for i in forced_out):
            continue
        total = float(values @ x)
        if best is None or total > best:
            best, best_set = total, x
    return best, best_set


@st.composite
def instances(draw):
    n = draw(st.integers(1, 8))
    values = np.array(draw(st.lists(st.integers(-20, 100), min_size=n, max_size=n)), dtype=float)
    costs = np.array(draw(st.lists(st.integers(0, 50), min_size=n, max_size=n)), dtype=float)
    usage = np.array(draw(st.lists(st.integers(0, 10), min_size=n, max_size=n)), dtype=float)
    budget = draw(st.integers(0, 200))
    limit = draw(st.integers(0, 40))
    pairs = [(a, b) for a in range(n) for b in range(a)]  # a needs an earlier b: no cycles
    deps = draw(st.lists(st.sampled_from(pairs), max_size=3, unique=True)) if pairs else []
    group = draw(st.sets(st.integers(0, n - 1), max_size=3))
    forced_in = draw(st.sets(st.integers(0, n - 1), max_size=2))
    forced_out = draw(st.sets(st.integers(0, n - 1), max_size=2).filter(lambda s: not s & forced_in))
    return values, costs, usage, budget, limit, deps, group, forced_in, forced_out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_optimum_matches_brute_force(instance):
    values, costs, usage, budget, limit, deps, group, forced_in, forced_out = instance
    ids = [f"X{i}" for i in range(len(values))]
    frame = pd.DataFrame({"id": ids, "value": values, "cost": costs, "team_months": usage})
    kwargs = dict(budget=budget, capacity={"team_months": limit},
                  depends_on={ids[a]: [ids[b]] for a, b in deps} if deps else {},
                  exclusive=[[ids[i] for i in group]], force_in=[ids[i] for i in forced_in],
                  force_out={ids[i]: "test" for i in forced_out})
    if deps:  # several deps of one item: merge them
        merged: dict[str, list[str]] = {}
        for a, b in deps:
            merged.setdefault(ids[a], []).append(ids[b])
        kwargs["depends_on"] = merged
    s = portfolio.select(frame, **kwargs)
    best, _ = _brute_force(values, costs, usage, budget, limit, deps, group, forced_in, forced_out)
    if best is None:
        assert s.status == "infeasible"
        assert s.conflicts and s.selected_ids == []
        return
    assert s.status == "optimal"
    assert s.value == pytest.approx(best)
    x = frame["id"].isin(s.selected_ids).to_numpy()
    assert costs @ x <= budget and usage @ x <= limit
    assert all(x[b] for a, b in deps if x[a])
    rule = portfolio.greedy(frame, **kwargs)
    assert rule.value <= s.value + 1e-9
    y = frame["id"].isin(rule.selected_ids).to_numpy()
    assert costs @ y <= budget and usage @ y <= limit  # the rule stays within the limits too


def test_forced_items_dependencies_and_reasons():
    frame = pd.DataFrame({
        "id": ["A", "B", "C", "D", "E"],
        "title": ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"],
        "value": [10.0, -1.0, 8.0, 5.0, -3.0],
        "cost": [4.0, 1.0, 4.0, 3.0, 1.0],
        "depends_on": [("B",), (), (), (), ()],
        "force_in": ["", "", "", "", "regulator"],
    })
    s = portfolio.select(frame, budget=9, force_out={"C": "sponsor left"}, exclusive=[["A", "D"]])
    assert s.status == "optimal"
    assert s.selected_ids == ["A", "B", "E"]
    reasons = s.candidates.set_index("id")
    assert reasons.loc["E", "reason"] == "forced in" and "regulator" in reasons.loc["E", "detail"]
    assert reasons.loc["E", "decision"] == "forced in"
    assert reasons.loc["B", "reason"] == "needed by another" and "A" in reasons.loc["B", "detail"]
    assert reasons.loc["C", "reason"] == "forced out" and "sponsor left" in reasons.loc["C", "detail"]
    assert reasons.loc["D", "reason"] == "alternative chosen"
    text = " ".join(s.findings("EUR"))
    assert "proven optimum" in text and "forced out: C" in text


def test_over_budget_and_no_value_reasons():
    frame = pd.DataFrame({"id": ["a", "b", "c", "d"], "value": [10, 9, -1, 50], "cost": [5, 5, 1, 20],
                          "ops_months": [1, 1, 0, 1]})
    s = portfolio.select(frame, budget=6, capacity={"ops_months": 1})
    reasons = s.candidates.set_index("id")["reason"]
    assert reasons["a"] == "chosen"
    assert reasons["b"] == "over budget and capacity"
    assert reasons["c"] == "no positive value"
    assert reasons["d"] == "too large"
    totals = s.totals.set_index("constraint")
    assert totals.loc["ops_months", "used"] == 1 and totals.loc["budget", "slack"] == 1


def test_infeasible_names_the_conflict():
    frame = pd.DataFrame({"id": ["m1", "m2", "x"], "value": [1, 1, 5], "cost": [300, 400, 10],
                          "force_in": [portfolio.MANDATORY_REASON, portfolio.MANDATORY_REASON, ""]})
    s = portfolio.select(frame, budget=500)
    assert s.status == "infeasible" and not s.feasible
    message = " ".join(s.conflicts)
    assert "budget of 500" in message and "700" in message
    assert "m1 forced in" in message and "m2 forced in" in message
    assert "x" not in message.replace("exceed", "")  # the free item plays no part
    assert s.findings()[0] == "No portfolio meets every constraint."
    rule = portfolio.greedy(frame, budget=500)
    assert rule.status == "infeasible" and rule.selected_ids == [] and rule.conflicts == s.conflicts


def test_infeasible_dependency_on_forced_out_item():
    frame = pd.DataFrame({"id": ["a", "b"], "value": [1, 1], "cost": [1, 1], "depends_on": ["b", ""]})
    s = portfolio.select(frame, budget=10, force_in=["a"], force_out=["b"])
    assert s.status == "infeasible"
    message = s.conflicts[0]
    assert "a needs b" in message and "b forced out" in message and "a forced in" in message
    assert "budget" not in message


def test_time_limit_is_reported():
    rng = np.random.default_rng(3)
    n = 400
    cost = rng.lognormal(12, 0.8, n)
    frame = pd.DataFrame({"id": [f"i{k}" for k in range(n)], "cost": cost,
                          "value": cost * rng.lognormal(0, 0.05, n)})
    s = portfolio.select(frame, budget=cost.sum() / 3, time_limit=1e-9)
    assert s.status == "time limit"
    assert s.gap is None or s.gap >= 0
    assert any("time" in line for line in s.findings())


def test_input_errors_name_what_to_fix():
    frame = knapsack_frame()
    with pytest.raises(InputError, match="unknown candidate") as err:
        portfolio.select(frame, budget=10, force_in=["9"])
    assert "9" in str(err.value)
    with pytest.raises(InputError, match="column not found"):
        portfolio.select(frame, value="valu", budget=10)
    with pytest.raises(InputError, match="both forced in and forced out"):
        portfolio.select(frame, budget=10, force_in=["1"], force_out=["1"])
    with pytest.raises(InputError, match="dependency on an unknown candidate"):
        portfolio.select(frame, budget=10, depends_on={"1": ["42"]})
    with pytest.raises(InputError, match="a budget is needed"):
        portfolio.select(frame, budget=None)
    with pytest.raises(InputError, match="'id' column"):
        portfolio.select(frame.drop(columns="id"), budget=10)
    with pytest.raises(InputError, match="no candidates"):
        portfolio.select(frame.iloc[:0], budget=10)
    bad = frame.assign(cost=frame["cost"].astype(object))
    bad.loc[2, "cost"] = "lots"
    with pytest.raises(InputError, match="is not a number"):
        portfolio.select(bad, budget=10)


def test_frontier_is_monotone_and_tracks_entries():
    frame = knapsack_frame().assign(force_in=["", "", "", "", "", "", "", "mandatory"])
    front = portfolio.frontier(frame)
    points = front.points
    assert len(points) == 25
    assert points["budget"].iloc[0] == 10  # the cheapest set holding the forced item
    assert points["budget"].iloc[-1] == frame["cost"].sum()
    assert points["value"].is_monotonic_increasing
    assert (points["cost"] <= points["budget"] + 1e-9).all()
    assert (points["status"] == "optimal").all()
    assert points["value"].iloc[-1] == frame["value"].sum()
    members = front.membership
    for (_, prev), (_, cur) in itertools.pairwise(points.iterrows()):
        before = set(members[(members.budget == prev.budget) & members.selected]["id"])
        after = set(members[(members.budget == cur.budget) & members.selected]["id"])
        assert set(filter(None, cur.entered.split(", "))) == after - before
        assert set(filter(None, cur.left.split(", "))) == before - after
    third = points.iloc[3]
    assert front.value_at(third.budget) == third.value == portfolio.select(frame, budget=third.budget).value
    assert front.value_at(third.budget + 0.5) == third.value  # a step between computed budgets
    capped = portfolio.frontier(knapsack_frame().assign(team_months=1), capacity={"team_months": 3})
    assert len(capped.points) == 26  # 25 up to where capacity binds, one more at everything
    assert capped.points["budget"].iloc[-2] == 70  # items 2, 3, 4: the best three, cost 70
    assert capped.points["budget"].iloc[-1] == 212
    assert capped.points["value"].iloc[-1] == capped.points["value"].iloc[-2] == 250
    custom = portfolio.frontier(knapsack_frame(), budgets=[102, 50])
    assert custom.points["budget"].tolist() == [50, 102]
    assert custom.points["value"].iloc[-1] == 280


def test_selection_probability_on_fixed_and_noisy_draws():
    frame = knapsack_frame()
    fixed = pd.DataFrame([frame["value"].to_numpy()] * 5, columns=frame["id"])
    robust = portfolio.selection_probability(fixed, frame, budget=102)
    prob = robust.probability.set_index("id")
    assert (prob.loc[["1", "2", "3", "4", "6"], "probability"] == 1).all()
    assert (prob.loc[["5", "7", "8"], "probability"] == 0).all()
    assert set(prob.loc[["1", "2"], "group"]) == {"robust core"}
    assert set(prob.loc[["7", "8"], "group"]) == {"rarely chosen"}
    assert prob.loc["1", "chosen"] and not prob.loc["8", "chosen"]
    assert robust.values["chosen_value"].eq(280).all() and robust.values["regret"].eq(0).all()

    rng = np.random.default_rng(7)
    draws = pd.DataFrame(frame["value"].to_numpy() * rng.lognormal(0, 0.5, (50, 8)), columns=frame["id"])
    noisy = portfolio.selection_probability(draws, frame, budget=102, trials=40)
    with ThreadPoolExecutor(2) as pool:
        pooled = portfolio.selection_probability(draws, frame, budget=102, trials=40, executor=pool)
    pd.testing.assert_frame_equal(pooled.probability, noisy.probability)
    pd.testing.assert_frame_equal(pooled.values, noisy.values)
    assert noisy.summary["trials"] == 40 == len(noisy.values)
    assert noisy.probability["probability"].between(0, 1).all()
    assert (noisy.values["regret"] >= -1e-9).all()  # hindsight is never worse than the proposal
    assert "contested" in set(noisy.probability["group"])
    with pytest.raises(InputError, match="no value draws"):
        portfolio.selection_probability(draws.drop(columns="3"), frame, budget=102)


def test_candidates_from_the_demo(demo):
    values = pd.DataFrame({"opportunity_id": demo.opportunities["id"], "npv": np.arange(37.0)})
    cands = portfolio.candidates(demo, values, column="npv")
    assert len(cands) == 37
    assert {"id", "title", "value", "cost", "depends_on", "force_in", "platform_months", "data_months"} <= set(cands)
    row = cands.set_index("id").loc["OPP-23"]
    assert row["force_in"] == portfolio.MANDATORY_REASON and row["mandatory"]
    assert row["cost"] == (160_000 + 380_000) / 2
    assert row["integration_months"] == 16 and row["platform_months"] == 0
    assert cands.set_index("id").loc["OPP-31", "depends_on"] == ("OPP-28", "OPP-03")
    limits = portfolio.capacity_limits(demo)
    assert limits == {"platform_months": 72, "data_months": 72, "apps_months": 64, "integration_months": 48}
    with pytest.raises(InputError, match="no value for this opportunity") as err:
        portfolio.candidates(demo, values.iloc[1:], column="npv")
    assert "OPP-01" in str(err.value)
    s = portfolio.select(cands, budget=demo.settings.budget, capacity=limits)
    assert s.status == "optimal" and {"OPP-23", "OPP-24"} <= set(s.selected_ids)
    assert (s.totals["slack"] >= -1e-6).all()


def test_an_unscored_opportunity_is_never_chosen(demo, demo_copy):
    """OPP-38 is cheap and worth millions, but nobody has scored it yet: forced out, with its
    reason, whatever the value measure (the priority score has no value for it at all)."""
    ws = load_workshop(add_unscored(demo_copy))
    values = pd.DataFrame({"opportunity_id": ws.opportunities["id"], "value": [*np.arange(37.0), 1e9]})
    cands = portfolio.candidates(ws, values)
    row = cands.set_index("id").loc["OPP-38"]
    assert row["force_out"] == "not yet scored (0 of 5 criteria)" and row["force_in"] == "" and row["value"] == 1e9
    assert (cands.set_index("id").drop(index="OPP-38")["force_out"] == "").all()
    limits = portfolio.capacity_limits(ws)
    chosen = portfolio.select(cands, budget=ws.settings.budget, capacity=limits)
    assert "OPP-38" not in chosen.selected_ids
    assert "OPP-38" in portfolio.select(cands.assign(force_out=""), budget=ws.settings.budget,
                                        capacity=limits).selected_ids  # it would be, if it were scored
    out = chosen.left_out().set_index("id").loc["OPP-38"]
    assert out["reason"] == "not yet scored"
    assert out["detail"] == "not yet scored (0 of 5 criteria): not a candidate until the group has scored it"
    assert any(line == "Left out, not yet scored: OPP-38." for line in chosen.findings())
    front = portfolio.frontier(cands, 4, capacity=limits)
    assert not any("OPP-38" in str(e) for e in front.points["entered"])
    by_score = portfolio.candidates(ws, portfolio.measure_values("priority score", priority=scoring.priority(ws)))
    assert by_score.set_index("id").loc["OPP-38", "value"] == 0.0 and len(by_score) == 38
    with pytest.raises(InputError, match="no value for this opportunity"):  # a scored one still needs a value
        portfolio.candidates(ws, values.iloc[1:])
    assert "force_out" in portfolio.candidates(demo, values.iloc[:37]) and \
        (portfolio.candidates(demo, values.iloc[:37])["force_out"] == "").all()


def test_what_needs_an_unscored_opportunity_says_so():
    frame = pd.DataFrame({"id": ["a", "u"], "value": [5.0, 5.0], "cost": [1.0, 1.0], "depends_on": ["u", ""],
                          "force_out": ["", "not yet scored (2 of 5 criteria)"]})
    chosen = portfolio.select(frame, budget=10)
    assert chosen.selected_ids == []
    reasons = chosen.candidates.set_index("id")
    assert reasons.loc["a", "detail"] == "needs u, which is not yet scored (2 of 5 criteria)"
    assert reasons.loc["u", "reason"] == "not yet scored"
    plain = portfolio.select(frame.assign(force_out=["", "vendor not approved"]), budget=10)
    assert plain.candidates.set_index("id").loc["a", "detail"] == "needs u, which is forced out"


def test_measure_values_pick_the_column():
    summary = pd.DataFrame({"opportunity_id": ["a", "b"], "npv_mean": [1.0, 2.0], "npv_p5": [-1.0, 0.5]})
    priority = pd.DataFrame({"opportunity_id": ["a", "b"], "score": [0.7, 0.4]})
    assert portfolio.measure_values("p5 NPV", summary=summary)["value"].tolist() == [-1.0, 0.5]
    assert portfolio.measure_values("priority score", priority=priority)["value"].tolist() == [0.7, 0.4]
    with pytest.raises(InputError, match="unknown value measure"):
        portfolio.measure_values("mean npv", summary=summary)
    with pytest.raises(InputError, match="needs the priority frame"):
        portfolio.measure_values("priority score", summary=summary)


def test_charts_build(demo):
    from kit.charts import portfolio as charts

    values = pd.DataFrame({"opportunity_id": demo.opportunities["id"], "value": np.linspace(-1, 3, 37) * 1e6})
    cands = portfolio.candidates(demo, values)
    limits = portfolio.capacity_limits(demo)
    s = portfolio.select(cands, budget=demo.settings.budget, capacity=limits)
    front = portfolio.frontier(cands, 5, capacity=limits)
    g = portfolio.greedy(cands, budget=demo.settings.budget, capacity=limits)
    rng = np.random.default_rng(1)
    draws = pd.DataFrame(cands["value"].to_numpy() * rng.lognormal(0, 0.3, (10, 37)), columns=cands["id"])
    robust = portfolio.selection_probability(draws, cands, budget=demo.settings.budget, capacity=limits)
    rm = portfolio.roadmap(demo, s)
    for chart in (charts.selection_bars(s.candidates, "EUR"), charts.totals_bars(s.totals),
                  charts.frontier_chart(front.points, s.budget, s.value, "EUR"),
                  charts.greedy_bars(portfolio.compare({"optimum": s, "greedy": g})),
                  charts.probability_bars(robust.probability), charts.portfolio_value_histogram(robust.values),
                  charts.gantt(rm.schedule), charts.capacity_heatmap(rm.load),
                  charts.budget_view(s.candidates, front.points, s.budget, s.value, "EUR")):
        assert chart.to_dict()["$schema"]


def test_budget_slider_reselects_when_moved(demo):
    """The widget of workbook 04, driven as a person would (Voilà test: tests/browser)."""
    from kit import portfolio, scenarios
    from kit.apps.executive import portfolio_slider

    sim = scenarios.simulate(demo, n=500, seed=1)
    cands = portfolio.candidates(demo, portfolio.measure_values("mean NPV", summary=sim.summary()))
    limits = portfolio.capacity_limits(demo)
    front = portfolio.frontier(cands, budgets=5, capacity=limits)
    slider = portfolio_slider(cands, front, budget=5_000_000, currency="EUR", capacity=limits)
    assert slider.result.budget == 5_000_000
    slider.slider.value = 3_000_000
    assert slider.result.budget == 3_000_000 and slider.result.cost <= 3_000_000
    expected = portfolio.select(cands, budget=3_000_000, capacity=limits)
    assert slider.result.selected_ids == expected.selected_ids
    assert slider.last_seconds > 0
