"""The value model: a Monte Carlo of each opportunity's value, by layer, over the horizon.

:func:`simulate` draws every input of :func:`kit.scenarios.model_inputs` many times, turns each
draw into yearly cash flows per opportunity and value layer (financial, productivity,
customer, growth) and discounts them to a net present value: a range, not a single number.
:func:`compare_scenarios` runs the same draws under each scenario of ``workshop.yml``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..finance import discount_factors, payback
from ..settings import LAYERS, did_you_mean
from ..workshop import Workshop
from .estimates import _LOGNORMAL, _PERT, _fit
from .inputs import model_inputs, scenario_multipliers

__all__ = ["CHUNK", "Simulation", "compare_scenarios", "simulate"]

#: Trials drawn per step of the simulation (fixed: it is part of how a seed maps to numbers).
CHUNK = 20_000


@dataclass(frozen=True)
class _Model:
    """The value model in arrays: one row per input (see :func:`model_inputs`)."""

    inputs: pd.DataFrame
    starts: np.ndarray  # inputs of opportunity j are rows starts[j]:starts[j + 1]
    keys: tuple[int, ...]  # random-stream key per opportunity (from its id)
    kind: np.ndarray
    mu: np.ndarray
    sigma: np.ndarray
    pert: np.ndarray  # (K, 4): a, b, alpha, beta
    flows: np.ndarray  # (K, T): cash flow at t = 0..H per unit of the input, scenario applied
    npv_coef: np.ndarray  # (K,): NPV per unit of the input
    cost_coef: np.ndarray  # (K,): present value of cost per unit of the input (costs only)
    seed: int

    def draw(self, j: int, chunk: int, m: int) -> np.ndarray:
        """Inputs of opportunity ``j`` for ``m`` trials of chunk ``chunk``: (k, m) float32.

        Each (opportunity, chunk) has its own random stream, keyed by the seed, the
        opportunity's id and the chunk: the draws of an opportunity do not depend on which
        other opportunities are simulated, nor on the scenario (common random numbers).
        """
        lo, hi = self.starts[j], self.starts[j + 1]
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=(self.keys[j], chunk))))
        z = _standard_normal(rng, hi - lo, m)
        return self._transform(z, slice(lo, hi))

    def _transform(self, z: np.ndarray, rows: slice) -> np.ndarray:
        kind = self.kind[rows]
        x = z * self.sigma[rows, None].astype(np.float32) + self.mu[rows, None].astype(np.float32)
        logs = np.flatnonzero(kind == _LOGNORMAL)
        if len(logs):
            x[logs] = np.exp(x[logs])
        perts = np.flatnonzero(kind == _PERT)
        if len(perts):
            from scipy.special import betaincinv, ndtr

            a, b, al, be = (self.pert[rows][perts, i][:, None] for i in range(4))
            x[perts] = a + (b - a) * betaincinv(al, be, ndtr(z[perts].astype(float)))
        return x


def _standard_normal(rng: np.random.Generator, k: int, m: int) -> np.ndarray:
    """(k, m) standard normals, float32, by Box–Muller from float32 uniforms.

    About three times faster here than ``Generator.standard_normal``; float32 uniforms (24
    bits) cut the tails at ±5.8 σ, far beyond what a 90% interval says.
    """
    half = (k + 1) // 2
    u = rng.random((2, half, m), dtype=np.float32)
    radius = np.log1p(-u[0])  # 1 - u lies in (0, 1]: no log(0)
    radius *= np.float32(-2.0)
    np.sqrt(radius, out=radius)
    angle = u[1]
    angle *= np.float32(2 * np.pi)
    z = np.empty((2 * half, m), dtype=np.float32)
    np.cos(angle, out=z[:half])
    np.sin(angle, out=z[half:])
    z[:half] *= radius
    z[half:] *= radius
    return z[:k]


def _opportunity_key(opportunity_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(opportunity_id.encode(), digest_size=8).digest(), "little")


def _build_model(workshop: Workshop, inputs: pd.DataFrame, multipliers: dict[str, float], seed: int) -> _Model:
    settings = workshop.settings
    horizon = settings.horizon_years
    fits = [_fit(r.low, r.high, r.distribution, r.most_likely,
                 label=f"{r.opportunity_id} '{r.input}'") for r in inputs.itertuples(index=False)]
    kind = np.array([f.kind for f in fits], dtype=np.int8)
    mu = np.array([f.mu for f in fits], dtype=float)
    sigma = np.array([f.sigma for f in fits], dtype=float)
    pert = np.array([[f.a, f.b, f.alpha, f.beta] for f in fits], dtype=float).reshape(-1, 4)
    years = np.arange(horizon + 1)
    start = inputs["start_year"].to_numpy(dtype=float)[:, None]
    ramp = inputs["ramp_years"].to_numpy(dtype=float)[:, None]
    share = np.clip((years[None, :] - start + 1) / (ramp + 1), 0, 1)
    share[:, 0] = 0.0
    is_kind = {k: (inputs["kind"] == k).to_numpy() for k in ("one-off cost", "run cost", "benefit")}
    flows = np.zeros((len(inputs), horizon + 1))
    flows[is_kind["one-off cost"], 0] = -1.0
    run_share = (years[None, :] >= start) & (years[None, :] >= 1)
    flows[is_kind["run cost"]] = -run_share[is_kind["run cost"]].astype(float)
    flows[is_kind["benefit"]] = share[is_kind["benefit"]] * inputs["unit_value"].to_numpy()[is_kind["benefit"], None]
    layer_mult = inputs["layer"].map({layer: multipliers[layer] for layer in LAYERS}).fillna(1.0).to_numpy()
    mult = np.where(is_kind["benefit"], layer_mult * multipliers["adoption"], multipliers["cost"])
    flows *= mult[:, None]
    npv_coef = flows @ discount_factors(settings.discount_rate, horizon + 1)
    cost_coef = np.where(is_kind["benefit"], 0.0, -npv_coef)
    ids = list(dict.fromkeys(inputs["opportunity_id"]))
    counts = inputs.groupby("opportunity_id", sort=False).size().reindex(ids).to_numpy()
    starts = np.concatenate([[0], np.cumsum(counts)])
    return _Model(inputs, starts, tuple(_opportunity_key(i) for i in ids), kind, mu, sigma, pert, flows,
                  npv_coef, cost_coef, seed)


@dataclass(frozen=True, eq=False)
class Simulation:
    """The outcome of :func:`simulate`: per-trial NPV, ROI and payback of each opportunity.

    Attributes
    ----------
    opportunity_ids : list of str
        In the order simulated.
    titles : list of str
    n : int
        Number of trials.
    seed : int
        The seed: the same seed gives the same numbers, every run.
    scenario : str
        The scenario's name in ``workshop.yml``; ``label`` is its display name.
    multipliers : dict
        The scenario's multipliers (financial, productivity, customer, growth, cost, adoption).
    currency : str
    horizon_years : int
    discount_rate : float
    """

    opportunity_ids: list[str]
    titles: list[str]
    n: int
    seed: int
    scenario: str
    label: str
    multipliers: dict[str, float]
    currency: str
    horizon_years: int
    discount_rate: float
    _model: _Model = field(repr=False)
    _npv: np.ndarray = field(repr=False)  # (O, n) float64
    _roi: np.ndarray = field(repr=False)  # (O, n) float32, NaN where the cost is zero
    _payback: np.ndarray = field(repr=False)  # (O, n) float32, NaN = not paid back in the horizon
    _input_mean: np.ndarray = field(repr=False)  # (K,) mean drawn value of each input
    _mandatory: np.ndarray = field(repr=False)  # (O,) bool: no go/no-go decision to inform
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    def __repr__(self) -> str:
        return (f"<Simulation {len(self.opportunity_ids)} opportunities × {self.n:,} trials, "
                f"scenario {self.scenario!r}, seed {self.seed}>")

    @property
    def inputs(self) -> pd.DataFrame:
        """The model's inputs (see :func:`model_inputs`) with their mean drawn value."""
        return self._model.inputs.assign(mean_drawn=self._input_mean)

    def npv_by_trial(self) -> pd.DataFrame:
        """NPV of every opportunity in every trial: rows trials, columns opportunity ids."""
        frame = pd.DataFrame(self._npv.T, columns=pd.Index(self.opportunity_ids, name="opportunity_id"))
        frame.index.name = "trial"
        return frame

    def portfolio_npv(self) -> pd.Series:
        """NPV per trial of all simulated opportunities together."""
        return pd.Series(self._npv.sum(axis=0), name="portfolio_npv").rename_axis("trial")

    def _layer_matrix(self) -> np.ndarray:
        """(O, 5): mean discounted value per layer (LAYERS order), then minus the PV of costs."""
        inputs = self._model.inputs
        value = self._input_mean * self._model.npv_coef
        opp = np.repeat(np.arange(len(self.opportunity_ids)), np.diff(self._model.starts))
        out = np.zeros((len(self.opportunity_ids), len(LAYERS) + 1))
        layer_index = inputs["layer"].map({layer: i for i, layer in enumerate((*LAYERS, "cost"))}).to_numpy()
        np.add.at(out, (opp, layer_index), value)
        return out

    def summary(self) -> pd.DataFrame:
        """One row per opportunity: the NPV range, ROI, probability of loss, payback, layers.

        Returns
        -------
        DataFrame
            ``opportunity_id, title, scenario, npv_mean, npv_sd, npv_p5, npv_p25, npv_p50,
            npv_p75, npv_p95, roi_mean, roi_p5, roi_p50, roi_p95, p_loss, payback_p50,
            p_payback, benefit_pv, cost_pv, value_financial, value_productivity,
            value_customer, value_growth``. NPV and values in the workshop currency; ROI is
            NPV / present value of costs; ``p_loss`` is P(NPV < 0); ``payback_p50`` the median
            payback in years (NaN when most trials do not pay back within the horizon);
            ``p_payback`` the share of trials that pay back within it. ``value_<layer>`` is the
            mean discounted benefit of that layer over the horizon (the multi-layer ROI);
            ``benefit_pv`` their sum and ``cost_pv`` the mean present value of costs.
        """
        if "summary" not in self._cache:
            npv = self._npv
            q = np.percentile(npv, [5, 25, 50, 75, 95], axis=1)
            roi = self._roi
            roi_q = (np.nanpercentile(roi, [5, 50, 95], axis=1) if np.isnan(roi).any()
                     else np.percentile(roi, [5, 50, 95], axis=1))
            with np.errstate(invalid="ignore"):
                roi_mean = np.nanmean(roi, axis=1, dtype=np.float64) if np.isnan(roi).any() else roi.mean(
                    axis=1, dtype=np.float64)
            paid = ~np.isnan(self._payback)
            pb = np.median(np.where(paid, self._payback, np.inf), axis=1)
            layers = self._layer_matrix()
            frame = pd.DataFrame({
                "opportunity_id": self.opportunity_ids, "title": self.titles, "scenario": self.scenario,
                "npv_mean": npv.mean(axis=1), "npv_sd": npv.std(axis=1, ddof=1) if self.n > 1 else 0.0,
                "npv_p5": q[0], "npv_p25": q[1], "npv_p50": q[2], "npv_p75": q[3], "npv_p95": q[4],
                "roi_mean": roi_mean, "roi_p5": roi_q[0], "roi_p50": roi_q[1], "roi_p95": roi_q[2],
                "p_loss": (npv < 0).mean(axis=1), "payback_p50": np.where(np.isfinite(pb), pb, np.nan),
                "p_payback": paid.mean(axis=1), "benefit_pv": layers[:, :len(LAYERS)].sum(axis=1),
                "cost_pv": -layers[:, len(LAYERS)],
                **{f"value_{layer}": layers[:, i] for i, layer in enumerate(LAYERS)}})
            for column in ("roi_p5", "roi_p50", "roi_p95", "payback_p50"):
                frame[column] = frame[column].astype(float)
            self._cache["summary"] = frame
        return self._cache["summary"].copy()

    def layer_values(self) -> pd.DataFrame:
        """The multi-layer value of each opportunity, long form.

        Returns
        -------
        DataFrame
            ``opportunity_id, title, layer, value``: one row per layer (financial,
            productivity, customer, growth: mean discounted benefit over the horizon) and one
            row ``cost`` (minus the mean present value of one-off and run costs).
        """
        layers = self._layer_matrix()
        names = (*LAYERS, "cost")
        return pd.DataFrame({
            "opportunity_id": np.repeat(self.opportunity_ids, len(names)),
            "title": np.repeat(self.titles, len(names)),
            "layer": np.tile(names, len(self.opportunity_ids)),
            "value": layers.ravel()})

    def portfolio_summary(self) -> pd.DataFrame:
        """One row: the NPV range of all simulated opportunities together, and their layers.

        Returns
        -------
        DataFrame
            ``scenario, label, opportunities, npv_mean, npv_p5, npv_p25, npv_p50, npv_p75,
            npv_p95, p_loss, benefit_pv, cost_pv, value_<layer>...``
        """
        total = self._npv.sum(axis=0)
        q = np.percentile(total, [5, 25, 50, 75, 95])
        layers = self._layer_matrix().sum(axis=0)
        return pd.DataFrame([{
            "scenario": self.scenario, "label": self.label, "opportunities": len(self.opportunity_ids),
            "npv_mean": float(total.mean()), "npv_p5": q[0], "npv_p25": q[1], "npv_p50": q[2], "npv_p75": q[3],
            "npv_p95": q[4], "p_loss": float((total < 0).mean()), "benefit_pv": float(layers[:len(LAYERS)].sum()),
            "cost_pv": float(-layers[len(LAYERS)]),
            **{f"value_{layer}": float(layers[i]) for i, layer in enumerate(LAYERS)}}])

    def input_draws(self, opportunity_id: str) -> pd.DataFrame:
        """The drawn inputs of one opportunity, trial by trial (regenerated from the seed).

        Returns
        -------
        DataFrame
            Rows trials, one column per input (named by :func:`model_inputs`'s ``input``).
        """
        j = self._index(opportunity_id)
        lo, hi = self._model.starts[j], self._model.starts[j + 1]
        names = self._model.inputs["input"].iloc[lo:hi].tolist()
        return pd.DataFrame(self._draws(j).T.astype(float), columns=_unique(names)).rename_axis("trial")

    def _draws(self, j: int) -> np.ndarray:
        parts = [self._model.draw(j, c, min(CHUNK, self.n - s)) for c, s in enumerate(range(0, self.n, CHUNK))]
        return np.concatenate(parts, axis=1)

    def _index(self, opportunity_id: str) -> int:
        if opportunity_id not in self.opportunity_ids:
            raise InputError.single("opportunity not in this simulation", column="opportunity_id",
                                    value=opportunity_id, hint=did_you_mean(opportunity_id, self.opportunity_ids))
        return self.opportunity_ids.index(opportunity_id)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def simulate(workshop: Workshop, n: int = 10_000, seed: int | np.random.Generator = 2027, scenario: str = "base",
             opportunities: Iterable[str] | None = None) -> Simulation:
    """Monte Carlo of each opportunity's value, by layer, over the workshop horizon.

    For every trial and opportunity: each benefit estimate's yearly level is drawn once (an
    uncertain *level*, not a new draw each year), times its ``unit_value``, switched on from
    ``start_year`` and ramped up linearly over ``ramp_years``; the one-off cost falls at t = 0
    and the run cost every year from go-live. The scenario's multipliers scale each layer's
    benefits (and ``adoption`` all benefits) and the costs. Yearly cash flows are discounted
    at the workshop's rate (first flow at t = 0, see :mod:`kit.finance`) to an NPV; ROI is NPV
    over the present value of costs; payback is on undiscounted flows.

    Estimates are drawn **independently**: correlation between drivers (say, hours saved in
    two related processes) is ignored, which understates the spread when drivers move
    together. Normal estimates may, rarely, draw below zero; make an estimate lognormal when
    that is impossible. The model is linear in every input, which :func:`tornado` and
    :func:`value_of_information` use.

    Parameters
    ----------
    workshop : Workshop
        From :func:`kit.load_workshop`.
    n : int
        Number of trials.
    seed : int or numpy.random.Generator
        Same seed, same numbers. Each opportunity's draws depend only on the seed and its id,
        so a subset, or another scenario, reuses exactly the same draws.
    scenario : str
        A scenario of ``workshop.yml`` (``base`` when none are set).
    opportunities : list of str, optional
        Ids to simulate, in this order; None for all. Workbook 03 passes the YES list.

    Returns
    -------
    Simulation

    Raises
    ------
    InputError
        For an unknown scenario or opportunity id, or an estimate that cannot be fitted.
    """
    if isinstance(seed, np.random.Generator):
        seed = int(seed.integers(2**63))
    n = int(n)
    if n < 1:
        raise InputError.single("the number of trials must be at least 1", column="n_trials", value=n,
                                hint="10,000 trials give stable percentiles")
    multipliers = scenario_multipliers(workshop.settings, scenario)
    inputs = model_inputs(workshop, opportunities)
    model = _build_model(workshop, inputs, multipliers, int(seed))
    ids = list(dict.fromkeys(inputs["opportunity_id"]))
    titles = inputs.drop_duplicates("opportunity_id")["title"].astype(str).tolist()
    flags = dict(zip(workshop.opportunities["id"], workshop.opportunities["mandatory"].astype(bool), strict=True))
    mandatory = np.array([bool(flags.get(i, False)) for i in ids])
    horizon = workshop.settings.horizon_years
    n_opp = len(ids)
    npv = np.empty((n_opp, n))
    roi = np.full((n_opp, n), np.nan, dtype=np.float32)
    pay = np.empty((n_opp, n), dtype=np.float32)
    input_sum = np.zeros(len(inputs))
    discount = discount_factors(workshop.settings.discount_rate, horizon + 1).astype(np.float32)
    flows32 = model.flows.astype(np.float32)
    cost32 = model.cost_coef.astype(np.float32)
    for j in range(n_opp):
        lo, hi = model.starts[j], model.starts[j + 1]
        flow_j = np.ascontiguousarray(flows32[lo:hi].T)  # (T, k)
        cost_j = cost32[lo:hi]
        for c, s in enumerate(range(0, n, CHUNK)):
            m = min(CHUNK, n - s)
            x = model.draw(j, c, m)
            cash = flow_j @ x  # (T, m) yearly cash flows of this opportunity
            value = discount @ cash
            npv[j, s:s + m] = value
            cost = cost_j @ x
            np.divide(value, cost, out=roi[j, s:s + m], where=cost > 0)
            pay[j, s:s + m] = payback(cash, axis=0)
            input_sum[lo:hi] += x.sum(axis=1)  # float32 pairwise sums per chunk, totals in float64
    spec = workshop.settings.scenarios[scenario]
    return Simulation(ids, titles, n, int(seed), scenario, str(spec.get("label") or scenario), multipliers,
                      workshop.settings.currency, horizon, workshop.settings.discount_rate, model, npv, roi, pay,
                      input_sum / n, mandatory)


def compare_scenarios(workshop: Workshop, scenarios: Sequence[str] | None = None, *, n: int = 10_000,
                      seed: int = 2027, opportunities: Iterable[str] | None = None,
                      by: str = "portfolio") -> pd.DataFrame:
    """The same draws under each scenario of ``workshop.yml``, side by side.

    Parameters
    ----------
    workshop : Workshop
    scenarios : list of str, optional
        Scenario names; all of ``workshop.yml``'s, in its order, when None.
    n, seed, opportunities
        As for :func:`simulate` (the draws are shared: differences come from the multipliers).
    by : {"portfolio", "opportunity"}
        One row per scenario for all opportunities together (see
        :meth:`Simulation.portfolio_summary`), or one row per scenario and opportunity (see
        :meth:`Simulation.summary`, plus ``label``).

    Returns
    -------
    DataFrame
    """
    if by not in ("portfolio", "opportunity"):
        raise InputError.single("by must be 'portfolio' or 'opportunity'", column="by", value=by)
    names = list(workshop.settings.scenarios) if scenarios is None else list(scenarios)
    frames = []
    for name in names:
        sim = simulate(workshop, n=n, seed=seed, scenario=name, opportunities=opportunities)
        if by == "portfolio":
            frames.append(sim.portfolio_summary())
        else:
            frames.append(sim.summary().assign(label=sim.label))
    return pd.concat(frames, ignore_index=True)
