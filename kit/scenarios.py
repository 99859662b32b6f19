"""Value scenarios: calibrated estimates, a Monte Carlo multi-layer value model, sensitivity
and the value of information.

The recipe of workbook 03:

1. every uncertain number becomes a *calibrated estimate* (:func:`calibrated`): a 90% interval
   low–high, as Hubbard teaches in *How to Measure Anything*;
2. :func:`simulate` draws them many times and turns each draw into yearly cash flows per
   opportunity and value layer (financial, productivity, customer, growth), discounted to a
   net present value: a range, not a single number;
3. :func:`compare_scenarios` runs the same draws under the workshop's scenarios (multipliers
   on layers, costs and adoption);
4. :func:`tornado` shows which estimate moves the NPV most, and :func:`value_of_information`
   which estimate is worth measuring before deciding, and up to what cost (EVPI / EVPPI).

All functions return long-form DataFrames for :mod:`kit.charts.scenarios`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, Problem
from .finance import discount_factors, payback
from .settings import LAYERS, SCENARIO_KEYS, Settings, did_you_mean
from .workshop import Workshop

__all__ = [
    "DISTRIBUTIONS",
    "Simulation",
    "calibrated",
    "closest_call",
    "compare_scenarios",
    "evpi",
    "evpi_by_opportunity",
    "evppi",
    "model_inputs",
    "money",
    "scenario_multipliers",
    "simulate",
    "tornado",
    "value_of_information",
    "voi_sentences",
]

#: Width of a 90% interval in standard deviations, as Hubbard rounds it (2 × 1.645).
INTERVAL_WIDTH = 3.29
#: The standard normal's 95th percentile: p5 and p95 of a fitted estimate are mean ∓ Z95 · σ.
Z95 = 1.6448536269514722
#: Distributions an estimate may take.
DISTRIBUTIONS: tuple[str, ...] = ("normal", "lognormal", "pert")
#: Trials drawn per step of the simulation (fixed: it is part of how a seed maps to numbers).
CHUNK = 20_000

_NORMAL, _LOGNORMAL, _PERT = 0, 1, 2
_COST_KINDS = ("one-off cost", "run cost")


# --- calibrated estimates -----------------------------------------------------------------


@dataclass(frozen=True)
class _Fit:
    """Parameters of a fitted estimate: ``kind`` and, by kind, (mu, sigma) or PERT (a, b, α, β)."""

    kind: int
    mu: float = 0.0
    sigma: float = 0.0
    a: float = np.nan
    b: float = np.nan
    alpha: float = np.nan
    beta: float = np.nan


def _fit(low: float, high: float, distribution: str = "normal", most_likely: float | None = None,
         *, label: str = "estimate") -> _Fit:
    """Check a 90% interval and fit its distribution (no scipy.stats needed)."""
    distribution = str(distribution or "normal").strip().lower()
    if distribution not in DISTRIBUTIONS:
        raise InputError.single(f"unknown distribution for {label}", column="distribution", value=distribution,
                                hint=did_you_mean(distribution, DISTRIBUTIONS))
    low, high = float(low), float(high)
    if not (np.isfinite(low) and np.isfinite(high)):
        raise InputError.single(f"{label}: low and high must be numbers", column="low", value=f"{low}, {high}",
                                hint="give both ends of a 90% interval")
    if low > high:
        raise InputError.single(f"{label}: low is greater than high", column="low", value=f"{low:g} > {high:g}",
                                hint="low and high are the ends of a 90% interval: swap them")
    has_mode = most_likely is not None and not pd.isna(most_likely)
    if distribution == "pert" and not has_mode:
        raise InputError.single(f"{label}: a PERT estimate needs a most-likely value", column="most_likely",
                                hint="give most_likely between low and high, or use distribution normal")
    if has_mode and distribution == "lognormal":
        raise InputError.single(f"{label}: a most-likely value makes a PERT estimate, not a lognormal one",
                                column="distribution", value=distribution,
                                hint="drop the most-likely value, or use distribution pert")
    if distribution == "lognormal":
        if low <= 0:
            raise InputError.single(f"{label}: a lognormal estimate needs a positive low", column="low", value=low,
                                    hint="use distribution normal, or a low above 0")
        return _Fit(_LOGNORMAL, (np.log(low) + np.log(high)) / 2, (np.log(high) - np.log(low)) / INTERVAL_WIDTH)
    if has_mode:
        mode = float(most_likely)  # type: ignore[arg-type]
        if not low <= mode <= high:
            raise InputError.single(f"{label}: most-likely value outside the interval", column="most_likely",
                                    value=f"{mode:g} not in [{low:g}, {high:g}]",
                                    hint="the most-likely value lies between low and high")
        if low == high:
            return _Fit(_NORMAL, low, 0.0)
        return _fit_pert(low, high, mode, label)
    return _Fit(_NORMAL, (low + high) / 2, (high - low) / INTERVAL_WIDTH)


def _pert_shape(a: float, mode: float, b: float) -> tuple[float, float]:
    return 1 + 4 * (mode - a) / (b - a), 1 + 4 * (b - mode) / (b - a)


def _fit_pert(low: float, high: float, mode: float, label: str) -> _Fit:
    """The Beta-PERT (minimum a, mode, maximum b) whose 5th and 95th percentiles are low and high."""
    from scipy.optimize import fsolve
    from scipy.special import betainc

    width = high - low

    def ends(p: np.ndarray) -> tuple[float, float]:
        return low - width * np.exp(p[0]), high + width * np.exp(p[1])

    def gaps(p: np.ndarray) -> list[float]:
        a, b = ends(p)
        al, be = _pert_shape(a, mode, b)
        return [betainc(al, be, (low - a) / (b - a)) - 0.05, betainc(al, be, (high - a) / (b - a)) - 0.95]

    skew = (mode - low) / width  # a mode near low needs little room below, much above
    start = np.log([0.1 + 0.4 * skew, 0.1 + 0.4 * (1 - skew)])
    solution, info, ok, _ = fsolve(gaps, start, full_output=True, xtol=1e-12)
    if ok != 1 or max(abs(g) for g in gaps(solution)) > 1e-6:
        raise InputError.single(f"{label}: no PERT distribution fits this interval", column="most_likely",
                                value=f"{low:g} / {mode:g} / {high:g}",
                                hint="move the most-likely value away from the ends, or use distribution normal")
    a, b = ends(solution)
    al, be = _pert_shape(a, mode, b)
    return _Fit(_PERT, a=a, b=b, alpha=al, beta=be)


def calibrated(low: float, high: float, distribution: str = "normal", most_likely: float | None = None) -> Any:
    """A calibrated estimate: the distribution whose 90% interval is ``low``–``high``.

    Following Hubbard (*How to Measure Anything*): a *normal* estimate has mean
    ``(low + high) / 2`` and standard deviation ``(high - low) / 3.29``; a *lognormal* one is
    the same in log space (for quantities that cannot go below zero and may run high). With a
    ``most_likely`` value the estimate is a Beta-PERT (λ = 4) whose 5th and 95th percentiles are
    ``low`` and ``high``. ``low == high`` is a known value (a point mass).

    Parameters
    ----------
    low, high : float
        The 90% interval: the estimator is 90% sure the true value lies between them.
    distribution : {"normal", "lognormal", "pert"}
        Shape of the estimate; ``"normal"`` with a ``most_likely`` value means PERT.
    most_likely : float, optional
        The mode, between low and high.

    Returns
    -------
    scipy.stats frozen distribution
        So ``.rvs(size, random_state=rng)``, ``.ppf(q)``, ``.mean()`` work as usual.

    Raises
    ------
    InputError
        When ``low > high``, a lognormal bound is not positive, the most-likely value lies
        outside the interval, or the distribution is unknown.

    Examples
    --------
    >>> d = calibrated(4000, 9000)
    >>> round(d.mean()), [round(v) for v in d.ppf([0.05, 0.95])]
    (6500, [4000, 9000])
    """
    from scipy import stats

    fit = _fit(low, high, distribution, most_likely)
    if fit.kind == _LOGNORMAL:
        return stats.lognorm(s=fit.sigma, scale=np.exp(fit.mu))
    if fit.kind == _PERT:
        return stats.beta(fit.alpha, fit.beta, loc=fit.a, scale=fit.b - fit.a)
    if fit.sigma == 0:
        return stats.rv_discrete(name="known", values=([fit.mu], [1.0]))
    return stats.norm(loc=fit.mu, scale=fit.sigma)


def _quantiles(fit_kind: np.ndarray, mu: np.ndarray, sigma: np.ndarray, pert: np.ndarray,
               q: Sequence[float]) -> np.ndarray:
    """Quantiles (rows: inputs, columns: q) of fitted estimates, vectorised."""
    z = _ndtri(np.asarray(q, dtype=float))
    out = mu[:, None] + sigma[:, None] * z[None, :]
    logs = fit_kind == _LOGNORMAL
    out[logs] = np.exp(out[logs])
    rows = np.flatnonzero(fit_kind == _PERT)
    if len(rows):
        from scipy.special import betaincinv

        a, b, al, be = (pert[rows, i][:, None] for i in range(4))
        out[rows] = a + (b - a) * betaincinv(al, be, np.asarray(q, dtype=float)[None, :])
    return out


def _ndtri(q: np.ndarray) -> np.ndarray:
    """Standard normal quantiles; the common ones without importing scipy."""
    known = {0.05: -Z95, 0.5: 0.0, 0.95: Z95}
    if all(float(v) in known for v in q):
        return np.array([known[float(v)] for v in q])
    from scipy.special import ndtri

    return ndtri(q)


# --- the value model ----------------------------------------------------------------------


def scenario_multipliers(settings: Settings, scenario: str) -> dict[str, float]:
    """The multipliers of one scenario of ``workshop.yml``, every key filled in.

    Keys ``financial, productivity, customer, growth`` multiply that layer's benefits, ``cost``
    multiplies one-off and run costs, ``adoption`` multiplies all benefits; a missing key is 1.

    Raises
    ------
    InputError
        When the scenario is not in ``workshop.yml``, naming the valid ones.
    """
    known = settings.scenarios
    if scenario not in known:
        raise InputError.single("unknown scenario", file="workshop.yml", column="scenarios", value=scenario,
                                hint=did_you_mean(str(scenario), list(known)) + " (scenarios come from workshop.yml)")
    spec = known[scenario]
    return {key: float(spec.get(key, 1.0)) for key in SCENARIO_KEYS}


def _selected(workshop: Workshop, opportunities: Iterable[str] | None) -> pd.DataFrame:
    opp = workshop.opportunities
    if opportunities is None:
        return opp.reset_index(drop=True)
    if isinstance(opportunities, str):
        opportunities = [opportunities]
    wanted = list(dict.fromkeys(str(o) for o in opportunities))
    ids = list(opp["id"])
    unknown = [o for o in wanted if o not in ids]
    if unknown:
        raise InputError([Problem("unknown opportunity", column="opportunities", value=o,
                                  hint=did_you_mean(o, ids)) for o in unknown])
    if not wanted:
        raise InputError.single("no opportunities selected", column="opportunities",
                                hint="pass None for all opportunities, or a list of ids such as ['OPP-01']")
    return opp.set_index("id", drop=False).loc[wanted].reset_index(drop=True)


def model_inputs(workshop: Workshop, opportunities: Iterable[str] | None = None) -> pd.DataFrame:
    """Every uncertain input of the value model, one row each, grouped by opportunity.

    Per opportunity: its one-off cost (``cost_low``–``cost_high``, at t = 0), its yearly run
    cost (``run_cost_low``–``run_cost_high``, from go-live: the first year any benefit starts,
    else year 1), then its benefit estimates (yearly level ``low``–``high`` in ``unit``, worth
    ``unit_value`` each, from ``start_year``, ramping up linearly over ``ramp_years``). Costs
    are normal estimates; an estimate with a ``most_likely`` column value is PERT.

    Returns
    -------
    DataFrame
        ``opportunity_id, title, input, kind, layer, unit, unit_value, low, high, most_likely,
        distribution, start_year, ramp_years``; ``kind`` is ``one-off cost``, ``run cost`` or
        ``benefit``, ``layer`` is a value layer or ``cost``.
    """
    opp = _selected(workshop, opportunities)
    est = workshop.estimates
    ids = list(opp["id"])
    est = est[est["opportunity_id"].isin(ids)]
    mode = _most_likely(est)
    benefit = pd.DataFrame({
        "opportunity_id": est["opportunity_id"].astype(str), "input": est["driver"].astype(str), "kind": "benefit",
        "layer": est["layer"].astype(str), "unit": est["unit"].fillna("").astype(str),
        "unit_value": est["unit_value"].astype(float), "low": est["low"].astype(float),
        "high": est["high"].astype(float), "most_likely": mode,
        "distribution": np.where(mode.notna() & (est["distribution"] != "lognormal"), "pert",
                                 est["distribution"].replace("", "normal")),
        "start_year": est["start_year"].astype(int), "ramp_years": est["ramp_years"].astype(int)})
    golive = benefit.groupby("opportunity_id")["start_year"].min()
    costs = []
    for kind, label, lo, hi in (("one-off cost", "One-off cost", "cost_low", "cost_high"),
                                ("run cost", "Run cost per year", "run_cost_low", "run_cost_high")):
        costs.append(pd.DataFrame({
            "opportunity_id": opp["id"].astype(str), "input": label, "kind": kind, "layer": "cost",
            "unit": workshop.settings.currency, "unit_value": 1.0, "low": opp[lo].astype(float).fillna(0.0),
            "high": opp[hi].astype(float).fillna(0.0), "most_likely": np.nan, "distribution": "normal",
            "start_year": 0 if kind == "one-off cost" else opp["id"].map(golive).fillna(1).astype(int),
            "ramp_years": 0}))
    out = pd.concat([*costs, benefit], ignore_index=True)
    order = {i: n for n, i in enumerate(ids)}
    out["_opp"] = out["opportunity_id"].map(order)
    out["_kind"] = out["kind"].map({"one-off cost": 0, "run cost": 1, "benefit": 2})
    out = out.sort_values(["_opp", "_kind"], kind="stable").drop(columns=["_opp", "_kind"]).reset_index(drop=True)
    out.insert(1, "title", out["opportunity_id"].map(dict(zip(opp["id"], opp["title"], strict=True))))
    return out


def _most_likely(est: pd.DataFrame) -> pd.Series:
    """The optional ``most_likely`` column of the estimates as numbers (NaN when blank)."""
    if "most_likely" not in est.columns:
        return pd.Series(np.nan, index=est.index, dtype=float)
    text = est["most_likely"].astype(object).where(est["most_likely"].notna(), "").astype(str).str.strip()
    values = pd.to_numeric(text.replace("", np.nan), errors="coerce")
    bad = values.isna() & (text != "") & (text.str.lower() != "nan")
    if bad.any():
        raise InputError([Problem("most_likely is not a number", file="estimates", column="most_likely",
                                  value=text[i], hint=f"estimate '{est.at[i, 'driver']}' of {est.at[i, 'opportunity_id']}: "
                                  "write a plain number, or leave it empty")
                          for i in est.index[bad]])
    return values.astype(float)


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


# --- sensitivity --------------------------------------------------------------------------


def tornado(simulation: Simulation, opportunity_id: str | None = None, top: int | None = None) -> pd.DataFrame:
    """Swing of NPV when each input moves from its p5 to its p95, all others at their median.

    Parameters
    ----------
    simulation : Simulation
    opportunity_id : str, optional
        One opportunity's NPV; None for the portfolio (all simulated opportunities together,
        every input of every opportunity competing for the top bars).
    top : int, optional
        Keep the inputs with the largest swing.

    Returns
    -------
    DataFrame
        ``scope, opportunity_id, title, input, kind, layer, unit, value_p5, value_p50,
        value_p95, npv_base, npv_at_p5, npv_at_p95, npv_low, npv_high, swing``, largest swing
        first. ``npv_base`` is the NPV with every input at its median (scenario applied).
    """
    model = simulation._model
    if opportunity_id is None:
        rows, scope = slice(0, len(model.inputs)), "portfolio"
    else:
        j = simulation._index(opportunity_id)
        rows, scope = slice(model.starts[j], model.starts[j + 1]), opportunity_id
    q = _quantiles(model.kind[rows], model.mu[rows], model.sigma[rows], model.pert[rows], [0.05, 0.5, 0.95])
    coef = model.npv_coef[rows]
    base = float((coef * q[:, 1]).sum())
    at_low = base + coef * (q[:, 0] - q[:, 1])
    at_high = base + coef * (q[:, 2] - q[:, 1])
    info = model.inputs.iloc[rows]
    out = pd.DataFrame({
        "scope": scope, "opportunity_id": info["opportunity_id"].to_numpy(), "title": info["title"].to_numpy(),
        "input": info["input"].to_numpy(), "kind": info["kind"].to_numpy(), "layer": info["layer"].to_numpy(),
        "unit": info["unit"].to_numpy(), "value_p5": q[:, 0], "value_p50": q[:, 1], "value_p95": q[:, 2],
        "npv_base": base, "npv_at_p5": at_low, "npv_at_p95": at_high,
        "npv_low": np.minimum(at_low, at_high), "npv_high": np.maximum(at_low, at_high),
        "swing": np.abs(at_high - at_low)})
    out = out.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return out.head(top) if top else out


# --- value of information -----------------------------------------------------------------


def _options(net_benefit: Any) -> np.ndarray:
    """(n, k) net benefits of k options; a 1-D array is 'act' against a do-nothing worth 0."""
    nb = np.asarray(net_benefit, dtype=float)
    if nb.ndim == 1:
        nb = np.column_stack([nb, np.zeros_like(nb)])
    if nb.ndim != 2 or nb.shape[0] == 0:
        raise ValueError("net_benefit must be (trials,) or (trials, options)")
    return nb


def evpi(net_benefit: Any) -> float:
    """Expected value of perfect information: ``E[max_k NB_k] - max_k E[NB_k]``.

    Parameters
    ----------
    net_benefit : array
        ``(trials,)``: net benefit of acting (e.g. NPV of a go) against doing nothing (0); or
        ``(trials, options)``: the net benefit of each option in each trial.

    Returns
    -------
    float
        What it is worth, on average, to learn the truth before choosing: the most one should
        pay for any measurement of this decision.

    Examples
    --------
    A bet paying 10 on heads and 20 on tails (p = 0.5), against a sure 12: betting is worth 15
    on average; knowing the coin first, one takes 12 on heads and 20 on tails, 16 on average.

    >>> evpi([[10, 12], [20, 12]])
    1.0
    """
    nb = _options(net_benefit)
    return float(max(nb.max(axis=1).mean() - nb.mean(axis=0).max(), 0.0))


def evppi(parameter: Any, net_benefit: Any, *, method: str = "regression", degree: int = 1,
          bins: int = 50) -> float:
    """Expected value of partial perfect information about one uncertain parameter.

    ``E_θ[max_k E[NB_k | θ]] - max_k E[NB_k]``: what it is worth to learn ``θ`` exactly before
    choosing, the others staying uncertain. ``E[NB_k | θ]`` is estimated from the simulation
    (Strong, Oakley & Brennan 2014 for the regression method).

    Parameters
    ----------
    parameter : array, shape (trials,)
        The drawn values of the parameter.
    net_benefit : array
        ``(trials,)`` against doing nothing, or ``(trials, options)``, as for :func:`evpi`.
    method : {"regression", "bins"}
        ``regression``: least squares of each option's net benefit on a polynomial of the
        parameter (``degree`` 1 is exact when the net benefit is linear in it, as in the kit's
        value model); ``bins``: mean net benefit within ``bins`` equal-count bins.
    degree, bins : int
        Settings of the two methods.

    Returns
    -------
    float
        Never below 0 (estimation noise is clipped).
    """
    x = np.asarray(parameter, dtype=float)
    nb = _options(net_benefit)
    if x.shape != (nb.shape[0],):
        raise ValueError("parameter must have one value per trial")
    if method == "regression":
        spread = x.std()
        if spread == 0:
            return 0.0
        t = (x - x.mean()) / spread
        design = np.vander(t, degree + 1, increasing=True)
        coef, *_ = np.linalg.lstsq(design, nb, rcond=None)
        fitted = design @ coef
    elif method == "bins":
        order = np.argsort(x, kind="stable")
        group = np.empty(len(x), dtype=int)
        group[order] = np.arange(len(x)) * bins // len(x)
        sums = np.zeros((bins, nb.shape[1]))
        np.add.at(sums, group, nb)
        counts = np.bincount(group, minlength=bins)[:, None]
        fitted = (sums / np.maximum(counts, 1))[group]
    else:
        raise ValueError("method must be 'regression' or 'bins'")
    return float(max(fitted.max(axis=1).mean() - nb.mean(axis=0).max(), 0.0))


def _evppi_linear(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """EVPPI of each row of ``x`` (k, n) for the go/no-go decision on ``y`` (n,): linear regression."""
    xc = x - x.mean(axis=1, keepdims=True)
    yc = y - y.mean()
    var = (xc * xc).sum(axis=1)
    slope = np.divide(xc @ yc, var, out=np.zeros(len(x)), where=var > 0)
    fitted = y.mean() + slope[:, None] * xc
    return np.maximum(np.maximum(fitted, 0).mean(axis=1) - max(y.mean(), 0.0), 0.0)


def _decisions(mean: np.ndarray, mandatory: np.ndarray) -> np.ndarray:
    return np.where(mandatory, "mandatory", np.where(mean > 0, "go", "no-go"))


def evpi_by_opportunity(simulation: Simulation) -> pd.DataFrame:
    """EVPI of the go/no-go decision of each opportunity (go = NPV, no-go = 0).

    Returns
    -------
    DataFrame
        ``opportunity_id, title, npv_mean, p_loss, decision, evpi``, highest EVPI first.
        ``decision`` is what the expected NPV says today (``go`` when positive); a high EVPI
        marks a close call worth measuring before deciding. A mandatory opportunity (column
        ``mandatory`` of the opportunities) has no go/no-go decision: its decision is
        ``mandatory`` and its EVPI 0.
    """
    npv = simulation._npv
    mean = npv.mean(axis=1)
    value = np.maximum(npv, 0).mean(axis=1) - np.maximum(mean, 0)
    value = np.where(simulation._mandatory, 0.0, np.maximum(value, 0.0))
    out = pd.DataFrame({"opportunity_id": simulation.opportunity_ids, "title": simulation.titles,
                        "npv_mean": mean, "p_loss": (npv < 0).mean(axis=1),
                        "decision": _decisions(mean, simulation._mandatory), "evpi": value})
    return out.sort_values("evpi", ascending=False, kind="stable").reset_index(drop=True)


def value_of_information(simulation: Simulation) -> pd.DataFrame:
    """EVPPI of every input: what measuring it is worth for its opportunity's go/no-go.

    Inputs are independent and each belongs to one opportunity, so an input only informs its
    own opportunity's decision. ``E[NPV | input]`` is exactly linear in the input in this
    model, so the regression estimator of :func:`evppi` (degree 1) is used. Inputs of mandatory
    opportunities are worth 0: there is no go/no-go decision for them to inform.

    Returns
    -------
    DataFrame
        ``opportunity_id, title, input, kind, layer, evppi, evpi, share_of_evpi, npv_mean,
        decision``, highest EVPPI first. ``evppi`` is the most worth paying to measure that
        input perfectly before deciding (at most the opportunity's ``evpi``).
    """
    model = simulation._model
    parts = []
    for j, oid in enumerate(simulation.opportunity_ids):
        y = simulation._npv[j]
        x = simulation._draws(j).astype(float)
        mean = float(y.mean())
        total = max(float(np.maximum(y, 0).mean()) - max(mean, 0.0), 0.0)
        value = np.minimum(_evppi_linear(x, y), total)
        if simulation._mandatory[j]:
            total, value = 0.0, np.zeros_like(value)
        info = model.inputs.iloc[model.starts[j]:model.starts[j + 1]]
        parts.append(pd.DataFrame({
            "opportunity_id": oid, "title": simulation.titles[j], "input": info["input"].to_numpy(),
            "kind": info["kind"].to_numpy(), "layer": info["layer"].to_numpy(), "evppi": value, "evpi": total,
            "share_of_evpi": np.divide(value, total, out=np.zeros_like(value), where=total > 0),
            "npv_mean": mean, "decision": _decisions(np.array([mean]), simulation._mandatory[j:j + 1])[0]}))
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values("evppi", ascending=False, kind="stable").reset_index(drop=True)


def closest_call(evpi: pd.DataFrame, prefer: str | None = None) -> str:
    """The opportunity whose decision is the closest call (highest EVPI), or ``prefer`` if given.

    Parameters
    ----------
    evpi : DataFrame
        From :func:`evpi_by_opportunity`.
    prefer : str, optional
        An opportunity id chosen by the user; checked against the frame.
    """
    ids = evpi["opportunity_id"].tolist()
    if prefer:
        if prefer not in ids:
            raise InputError.single("opportunity not in this simulation", column="focus", value=prefer,
                                    hint=did_you_mean(prefer, ids))
        return prefer
    return str(evpi.sort_values("evpi", ascending=False, kind="stable")["opportunity_id"].iloc[0])


_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}


def money(value: float, currency: str = "EUR") -> str:
    """A rounded amount with its currency: ``€12,300``, ``12,300 CHF``."""
    amount = f"{abs(value):,.0f}" if abs(value) < 10_000 else f"{round(abs(value), -2):,.0f}"
    sign = "-" if value < 0 else ""
    symbol = _SYMBOLS.get(currency)
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency}"


def voi_sentences(voi: pd.DataFrame, currency: str = "EUR", top: int = 5) -> list[str]:
    """The value-of-information ranking in words, one sentence per top input.

    Parameters
    ----------
    voi : DataFrame
        From :func:`value_of_information`.
    currency : str
    top : int
        Number of sentences at most; inputs worth (rounded) nothing are left out.

    Returns
    -------
    list of str
        E.g. "Measuring 'Hours saved by dispatchers' narrows the decision on OPP-10 TMS
        modernisation; worth up to €41,200."
    """
    lines = []
    for r in voi.sort_values("evppi", ascending=False, kind="stable").head(top).itertuples(index=False):
        if r.evppi < 1:
            continue
        lines.append(f"Measuring '{r.input}' narrows the decision on {r.opportunity_id} {r.title}; "
                     f"worth up to {money(r.evppi, currency)}.")
    if not lines:
        lines.append("No single estimate is worth measuring: at these ranges every go/no-go decision is clear.")
    return lines
