"""kit.scenarios: calibrated estimates, the Monte Carlo value model, scenarios, tornado, EVPI/EVPPI."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import kit
from kit import scenarios
from kit.errors import InputError
from kit.settings import LAYERS
from tests.conftest import write_workshop

YML = """name: Tiny
currency: EUR
horizon_years: {horizon}
discount_rate: {rate}
scenarios:
  base: {{label: Base}}
  half_financial: {{label: Half financial, financial: 0.5}}
  dear: {{label: Dear, cost: 1.5, adoption: 0.8}}
"""


def make_workshop(folder: Path, opportunities: list[dict], estimates: list[dict], *, horizon: int = 5,
                  rate: float = 0.08) -> kit.Workshop:
    """A workshop folder written from rows (defaults fill the columns a test does not care about)."""
    defaults = {"capability_area": "process", "goals": "productivity", "effort_months": 3,
                "run_cost_low": 0, "run_cost_high": 0}
    estimate = {"unit_value": 1, "distribution": "normal", "start_year": 1, "ramp_years": 0, "unit": "EUR"}
    return write_workshop(folder, YML.format(horizon=horizon, rate=rate),
                          opportunities=[{**defaults, **o} for o in opportunities],
                          estimates=[{**estimate, **e} for e in estimates])


@pytest.fixture
def linear(tmp_path: Path) -> kit.Workshop:
    """Two opportunities with normal and lognormal benefits, ramps, run costs: a linear model."""
    return make_workshop(tmp_path / "linear", [
        {"id": "A", "title": "Alpha", "cost_low": 100_000, "cost_high": 200_000,
         "run_cost_low": 10_000, "run_cost_high": 20_000},
        {"id": "B", "title": "Beta", "cost_low": 50_000, "cost_high": 50_000},
    ], [
        {"opportunity_id": "A", "layer": "productivity", "driver": "Hours saved", "low": 1000, "high": 3000,
         "unit": "hours", "unit_value": 50, "start_year": 1, "ramp_years": 1},
        {"opportunity_id": "A", "layer": "growth", "driver": "New margin", "low": 10_000, "high": 90_000,
         "distribution": "lognormal", "start_year": 2},
        {"opportunity_id": "A", "layer": "financial", "driver": "Licences retired", "low": 20_000, "high": 30_000,
         "start_year": 3},
        {"opportunity_id": "B", "layer": "customer", "driver": "Churn avoided", "low": 5_000, "high": 25_000},
    ])


# --- calibrated estimates -----------------------------------------------------------------


def test_calibrated_normal_follows_hubbard():
    """Hubbard, How to Measure Anything (3rd ed., ch. 6): a 90% CI is ±1.645 σ around the mean,
    i.e. σ = (upper - lower) / 3.29."""
    d = scenarios.calibrated(4000, 9000)
    assert d.mean() == pytest.approx(6500)
    assert d.std() == pytest.approx(5000 / 3.29)


@settings(max_examples=40, deadline=None)
@given(low=st.floats(-1e6, 1e6), width=st.floats(1e-3, 1e6), kind=st.sampled_from(["normal", "lognormal"]))
def test_fitted_90_percent_interval_reproduces_low_and_high(low, width, kind):
    if kind == "lognormal":
        low = abs(low) + 1.0
    high = low + width
    p5, p95 = scenarios.calibrated(low, high, kind).ppf([0.05, 0.95])
    assert p5 == pytest.approx(low, rel=0.005, abs=0.005 * width)
    assert p95 == pytest.approx(high, rel=0.005, abs=0.005 * width)


@pytest.mark.parametrize("mode", [100, 120, 150, 190, 200])
def test_pert_with_most_likely_keeps_the_90_percent_interval_and_the_mode(mode):
    d = scenarios.calibrated(100, 200, most_likely=mode)
    p5, p95 = d.ppf([0.05, 0.95])
    assert p5 == pytest.approx(100, rel=0.005) and p95 == pytest.approx(200, rel=0.005)
    a, scale = d.kwds["loc"], d.kwds["scale"]
    al, be = d.args
    assert a + (al - 1) / (al + be - 2) * scale == pytest.approx(mode, abs=1e-6)  # Beta mode
    assert al + be == pytest.approx(6)  # PERT: alpha + beta = 2 + lambda, lambda = 4


def test_calibrated_checks_its_input():
    with pytest.raises(InputError, match="low is greater than high"):
        scenarios.calibrated(10, 5)
    with pytest.raises(InputError, match="lognormal estimate needs a positive low"):
        scenarios.calibrated(0, 5, "lognormal")
    with pytest.raises(InputError, match="outside the interval"):
        scenarios.calibrated(1, 5, most_likely=7)
    with pytest.raises(InputError, match="did you mean 'lognormal'"):
        scenarios.calibrated(1, 5, "lognormla")
    with pytest.raises(InputError, match="needs a most-likely value"):
        scenarios.calibrated(1, 5, "pert")


def test_a_known_value_is_a_point_mass():
    d = scenarios.calibrated(7, 7)
    assert d.mean() == 7 and d.ppf(0.05) == 7 and d.ppf(0.95) == 7


# --- the value model ----------------------------------------------------------------------


def analytic_mean_npv(ws: kit.Workshop, opportunity_id: str) -> float:
    """Expected NPV of one opportunity, summed by hand from the calibrated distributions."""
    rate, horizon = ws.settings.discount_rate, ws.settings.horizon_years
    opp = ws.opportunities.set_index("id").loc[opportunity_id]
    est = ws.estimates[ws.estimates["opportunity_id"] == opportunity_id]
    value = -(opp.cost_low + opp.cost_high) / 2
    golive = est["start_year"].min() if len(est) else 1
    run = (opp.run_cost_low + opp.run_cost_high) / 2
    for year in range(1, horizon + 1):
        flow = -run if year >= golive else 0.0
        for r in est.itertuples():
            share = min(max((year - r.start_year + 1) / (r.ramp_years + 1), 0), 1)
            flow += scenarios.calibrated(r.low, r.high, r.distribution).mean() * r.unit_value * share
        value += flow / (1 + rate) ** year
    return value


def test_mean_npv_matches_the_analytic_mean_on_a_linear_case(linear):
    sim = scenarios.simulate(linear, n=40_000, seed=3)
    summary = sim.summary().set_index("opportunity_id")
    for oid in ("A", "B"):
        expected = analytic_mean_npv(linear, oid)
        error = summary.at[oid, "npv_sd"] / np.sqrt(sim.n)
        assert summary.at[oid, "npv_mean"] == pytest.approx(expected, abs=4 * error)


def test_layers_add_up_to_the_mean_npv(linear):
    summary = scenarios.simulate(linear, n=5_000).summary()
    layers = summary[[f"value_{layer}" for layer in LAYERS]].sum(axis=1)
    np.testing.assert_allclose(layers, summary["benefit_pv"], rtol=1e-9)
    np.testing.assert_allclose(summary["benefit_pv"] - summary["cost_pv"], summary["npv_mean"], rtol=1e-5)
    a = summary.set_index("opportunity_id").loc["A"]
    assert a.value_customer == 0 and a.value_growth > 0 and a.value_financial > 0


def test_summary_has_the_promised_columns(demo):
    sim = scenarios.simulate(demo, n=500)
    summary = sim.summary()
    required = {"opportunity_id", "title", "npv_mean", "npv_p5", "npv_p50", "npv_p95", "roi_mean", "p_loss",
                "payback_p50", "value_financial", "value_productivity", "value_customer", "value_growth"}
    assert required <= set(summary.columns)
    assert len(summary) == len(demo.opportunities) == len(sim.opportunity_ids)
    assert (summary["npv_p5"] <= summary["npv_p50"]).all() and (summary["npv_p50"] <= summary["npv_p95"]).all()
    trials = sim.npv_by_trial()
    assert trials.shape == (500, len(demo.opportunities)) and list(trials.columns) == sim.opportunity_ids
    assert (sim.n, sim.seed, sim.scenario) == (500, 2027, "base")
    np.testing.assert_allclose(trials.mean().to_numpy(), summary["npv_mean"])
    np.testing.assert_allclose((trials < 0).mean().to_numpy(), summary["p_loss"])


def test_same_seed_same_numbers_other_seed_other_numbers(demo):
    one = scenarios.simulate(demo, n=3_000, seed=7).npv_by_trial()
    two = scenarios.simulate(demo, n=3_000, seed=7).npv_by_trial()
    pd.testing.assert_frame_equal(one, two)
    other = scenarios.simulate(demo, n=3_000, seed=8).npv_by_trial()
    assert not np.allclose(one.to_numpy(), other.to_numpy())
    rng_seeded = scenarios.simulate(demo, n=100, seed=np.random.default_rng(5))
    assert rng_seeded.seed == scenarios.simulate(demo, n=100, seed=np.random.default_rng(5)).seed


def test_an_opportunity_draws_the_same_numbers_whatever_else_is_simulated(demo):
    full = scenarios.simulate(demo, n=25_000, seed=1).npv_by_trial()  # two chunks
    part = scenarios.simulate(demo, n=25_000, seed=1, opportunities=["OPP-18", "OPP-03"]).npv_by_trial()
    assert list(part.columns) == ["OPP-18", "OPP-03"]
    pd.testing.assert_frame_equal(part, full[["OPP-18", "OPP-03"]])


def test_scenario_multipliers_move_the_mean_as_expected(linear):
    base = scenarios.simulate(linear, n=4_000).summary().set_index("opportunity_id")
    half = scenarios.simulate(linear, n=4_000, scenario="half_financial").summary().set_index("opportunity_id")
    dear = scenarios.simulate(linear, n=4_000, scenario="dear").summary().set_index("opportunity_id")
    np.testing.assert_allclose(half["value_financial"], 0.5 * base["value_financial"], rtol=1e-6)
    np.testing.assert_allclose(half["npv_mean"], base["npv_mean"] - 0.5 * base["value_financial"], rtol=1e-5)
    np.testing.assert_allclose(dear["cost_pv"], 1.5 * base["cost_pv"], rtol=1e-6)
    np.testing.assert_allclose(dear["benefit_pv"], 0.8 * base["benefit_pv"], rtol=1e-6)
    np.testing.assert_allclose(dear["npv_mean"], 0.8 * base["benefit_pv"] - 1.5 * base["cost_pv"], rtol=1e-5)


def test_demo_scenarios_side_by_side(demo):
    compared = scenarios.compare_scenarios(demo, n=2_000).set_index("scenario")
    assert list(compared.index) == ["base", "downturn", "growth"]
    assert compared.at["downturn", "npv_mean"] < compared.at["base", "npv_mean"] < compared.at["growth", "npv_mean"]
    assert compared.at["base", "label"] == "Base case"
    by_opp = scenarios.compare_scenarios(demo, ["base", "growth"], n=500, by="opportunity")
    assert len(by_opp) == 2 * len(demo.opportunities) and set(by_opp["label"]) == {"Base case", "E-commerce growth"}


def test_unknown_scenario_names_the_valid_ones(demo):
    with pytest.raises(InputError, match="unknown scenario") as info:
        scenarios.simulate(demo, n=10, scenario="downtrun")
    assert "did you mean 'downturn'" in str(info.value) and "base, downturn, growth" in str(info.value)


def test_unknown_opportunity_is_an_input_error(demo):
    with pytest.raises(InputError, match="unknown opportunity") as info:
        scenarios.simulate(demo, n=10, opportunities=["OPP-03", "OPP-3x"])
    assert "OPP-3x" in str(info.value)
    with pytest.raises(InputError, match="no opportunities selected"):
        scenarios.simulate(demo, n=10, opportunities=[])


def test_the_demo_tells_its_story(demo):
    """datasets/demo/README.md: OPP-18 loses money, OPP-03 is around zero, OPP-10 has the largest NPV."""
    summary = scenarios.simulate(demo, n=5_000).summary().set_index("opportunity_id")
    assert summary.at["OPP-18", "p_loss"] > 0.95
    assert abs(summary.at["OPP-03", "npv_mean"]) < summary.at["OPP-03", "npv_sd"]
    assert summary["npv_mean"].idxmax() == "OPP-10"
    assert np.isnan(summary.at["OPP-09", "payback_p50"])


def test_most_likely_column_makes_a_pert_estimate(tmp_path):
    ws = make_workshop(tmp_path / "pert", [{"id": "P", "title": "Pert", "cost_low": 10, "cost_high": 10}], [
        {"opportunity_id": "P", "layer": "financial", "driver": "Skewed", "low": 100, "high": 200, "most_likely": 120},
        {"opportunity_id": "P", "layer": "financial", "driver": "Plain", "low": 100, "high": 200, "most_likely": ""},
    ])
    inputs = scenarios.model_inputs(ws).set_index("input")
    assert inputs.at["Skewed", "distribution"] == "pert" and inputs.at["Plain", "distribution"] == "normal"
    sim = scenarios.simulate(ws, n=20_000)
    drawn = sim.input_draws("P")
    assert drawn["Skewed"].mean() == pytest.approx(scenarios.calibrated(100, 200, most_likely=120).mean(), rel=0.01)
    assert drawn["Skewed"].quantile(0.05) == pytest.approx(100, rel=0.02)
    assert drawn["Plain"].mean() == pytest.approx(150, rel=0.01)


# --- tornado ------------------------------------------------------------------------------


def test_tornado_swings_each_input_from_p5_to_p95(linear):
    sim = scenarios.simulate(linear, n=200)
    one = scenarios.tornado(sim, "A")
    assert list(one["swing"]) == sorted(one["swing"], reverse=True)
    hours = one.set_index("input").loc["Hours saved"]
    d = (1.08 ** -np.arange(6))
    per_hour = 50 * (0.5 * d[1] + d[2:].sum())  # ramp: half in year 1, full from year 2
    assert hours.swing == pytest.approx(per_hour * (3000 - 1000), rel=1e-3)
    assert hours.npv_at_p95 > hours.npv_base > hours.npv_at_p5
    cost = one.set_index("input").loc["One-off cost"]
    assert cost.npv_at_p95 < cost.npv_base  # a dearer project is worth less
    assert cost.swing == pytest.approx(100_000, rel=1e-3)
    portfolio = scenarios.tornado(sim, top=3)
    assert len(portfolio) == 3 and set(portfolio["scope"]) == {"portfolio"}
    base_b = scenarios.tornado(sim, "B")["npv_base"].iloc[0]
    assert portfolio["npv_base"].iloc[0] == pytest.approx(one["npv_base"].iloc[0] + base_b)


# --- value of information -----------------------------------------------------------------


def test_evpi_of_a_coin_bet_against_a_sure_thing():
    """A bet paying 10 on heads and 20 on tails (p = .5) against a sure 12 (the textbook EVPI
    construction, e.g. Clemen & Reilly, Making Hard Decisions, ch. 12): E[bet] = 15 is chosen;
    with perfect information one takes max(10, 12) or max(20, 12): 16. EVPI = 16 - 15 = 1."""
    coin = np.tile([0, 1], 5_000)
    bet = np.where(coin == 0, 10.0, 20.0)
    options = np.column_stack([bet, np.full_like(bet, 12.0)])
    assert scenarios.evpi(options) == pytest.approx(1.0)
    assert scenarios.evpi(bet - 12) == pytest.approx(1.0)  # one column: acting against a do-nothing worth 0
    for method in ("regression", "bins"):
        assert scenarios.evppi(coin, options, method=method) == pytest.approx(1.0, abs=1e-9)
        noise = np.random.default_rng(0).random(len(coin))
        assert scenarios.evppi(noise, options, method=method) == pytest.approx(0.0, abs=0.2)


def _normal_evpi(mu: float, sigma: float) -> float:
    """E[max(X, 0)] - max(mu, 0) for X ~ N(mu, sigma): closed form."""
    z = mu / sigma
    return mu * stats.norm.cdf(z) + sigma * stats.norm.pdf(z) - max(mu, 0.0)


@pytest.mark.parametrize("mu", [-50.0, 0.0, 30.0])
def test_evpi_and_evppi_of_a_normal_sum_match_the_closed_form(mu):
    """NB = A + B with A ~ N(mu, 80), B ~ N(0, 60) independent: EVPI is the normal loss integral
    with σ = 100; knowing A leaves E[NB | A] = A ~ N(mu, 80), so EVPPI(A) uses σ = 80."""
    rng = np.random.default_rng(42)
    a, b = rng.normal(mu, 80, 400_000), rng.normal(0, 60, 400_000)
    assert scenarios.evpi(a + b) == pytest.approx(_normal_evpi(mu, 100), rel=0.03)
    assert scenarios.evppi(a, a + b) == pytest.approx(_normal_evpi(mu, 80), rel=0.03)
    assert scenarios.evppi(a, a + b, method="bins", bins=100) == pytest.approx(_normal_evpi(mu, 80), rel=0.03)
    assert scenarios.evppi(b, a + b) == pytest.approx(_normal_evpi(mu, 60), rel=0.03)  # E[NB | B] ~ N(mu, 60)


def test_an_input_that_does_not_vary_is_worth_exactly_nothing():
    """A fixed cost (low == high) drawn as 123456.789 in every trial: its deviations from its
    own floating-point mean are rounding noise, not information. Its EVPPI is 0 exactly (CI
    once saw 7e-12 here), while a varying input beside it keeps its value."""
    from kit.scenarios.information import _evppi_linear

    rng = np.random.default_rng(3)
    fixed = np.full(60_001, 123456.789)
    assert (fixed - fixed.mean()).any()  # the noise the estimator must not read as a slope
    hours = rng.normal(15_000, 3_000, size=fixed.size)
    npv = 20 * hours - fixed - 170_000
    fixed_value, hours_value = _evppi_linear(np.vstack([fixed, hours]), npv)
    assert fixed_value == 0.0
    assert hours_value > 1_000


def test_simulation_evpi_matches_the_closed_form_for_a_normal_npv(tmp_path):
    """One opportunity, fixed cost, one normal benefit: its NPV is normal, so EVPI has a closed
    form, and that benefit is the only uncertainty, so its EVPPI equals the EVPI."""
    ws = make_workshop(tmp_path / "close", [{"id": "C", "title": "Close call", "cost_low": 300_000,
                                             "cost_high": 300_000}],
                       [{"opportunity_id": "C", "layer": "productivity", "driver": "Hours saved", "low": 10_000,
                         "high": 20_000, "unit_value": 6}], horizon=4, rate=0.05)
    sim = scenarios.simulate(ws, n=60_000, seed=9)
    coef = 6 * sum(1.05 ** -t for t in range(1, 5))
    mu, sigma = coef * 15_000 - 300_000, coef * 10_000 / 3.29
    evpi = scenarios.evpi_by_opportunity(sim).set_index("opportunity_id")
    assert evpi.at["C", "evpi"] == pytest.approx(_normal_evpi(mu, sigma), rel=0.03)
    assert evpi.at["C", "decision"] == ("go" if mu > 0 else "no-go")
    voi = scenarios.value_of_information(sim).set_index("input")
    assert voi.at["Hours saved", "evppi"] == pytest.approx(evpi.at["C", "evpi"], rel=0.01)
    assert voi.at["One-off cost", "evppi"] == 0.0
    assert (voi["evppi"] <= voi["evpi"] + 1e-9).all()


def test_value_of_information_ranks_the_demo_and_speaks_plainly(demo):
    sim = scenarios.simulate(demo, n=4_000)
    voi = scenarios.value_of_information(sim)
    assert list(voi["evppi"]) == sorted(voi["evppi"], reverse=True)
    assert len(voi) == len(sim.inputs)
    evpi = scenarios.evpi_by_opportunity(sim)
    by_id = evpi.set_index("opportunity_id")
    assert by_id.at["OPP-18", "decision"] == "no-go" and by_id.at["OPP-18", "evpi"] < 1_000  # a clear NO
    for mandatory in ("OPP-23", "OPP-24"):  # no go/no-go decision to inform
        assert by_id.at[mandatory, "decision"] == "mandatory" and by_id.at[mandatory, "evpi"] == 0
    assert not voi.loc[voi["opportunity_id"] == "OPP-24", "evppi"].any()
    assert by_id["evpi"].idxmax() == "OPP-03"  # the demo's close call: CRM consolidation, NPV around zero
    lines = scenarios.voi_sentences(voi, "EUR", top=3)
    assert len(lines) == 3
    top = voi.iloc[0]
    assert lines[0].startswith(f"Measuring '{top.input}' narrows the decision on {top.opportunity_id}")
    assert "worth up to " in lines[0] and lines[0].endswith(" EUR.")
    assert scenarios.closest_call(evpi) == evpi["opportunity_id"].iloc[0]
    assert scenarios.closest_call(evpi, prefer="OPP-10") == "OPP-10"
    with pytest.raises(InputError, match="not in this simulation"):
        scenarios.closest_call(evpi, prefer="OPP-99")


