"""Calibrated estimates: the distribution whose 90% interval a workshop gave.

Every uncertain number of the value model is a 90% interval low–high, as Hubbard teaches in
*How to Measure Anything*: :func:`calibrated` turns one into a normal, lognormal or Beta-PERT
distribution. The value model fits its inputs the same way, vectorised and without
scipy.stats, so valuing scenarios stays quick to import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..settings import did_you_mean

__all__ = ["DISTRIBUTIONS", "INTERVAL_WIDTH", "Z95", "calibrated"]

#: Width of a 90% interval in standard deviations, as Hubbard rounds it (2 × 1.645).
INTERVAL_WIDTH = 3.29
#: The standard normal's 95th percentile: p5 and p95 of a fitted estimate are mean ∓ Z95 · σ.
Z95 = 1.6448536269514722
#: Distributions an estimate may take.
DISTRIBUTIONS: tuple[str, ...] = ("normal", "lognormal", "pert")

_NORMAL, _LOGNORMAL, _PERT = 0, 1, 2


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
