"""The value of information: which estimate is worth measuring before deciding, and up to what cost.

EVPI (:func:`evpi`, :func:`evpi_by_opportunity`) is what learning the truth before a go/no-go
is worth; EVPPI (:func:`evppi`, :func:`value_of_information`) what learning one estimate is
worth; :func:`voi_sentences` says it in words.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError
from ..settings import did_you_mean
from ..text import money
from .simulation import Simulation

__all__ = ["closest_call", "evpi", "evpi_by_opportunity", "evppi", "value_of_information", "voi_sentences"]


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
    # An input that does not vary (a fixed cost: low == high) informs nothing. Its deviations
    # from its own mean are rounding noise, ~1e-11 of its size, whose "slope" is noise too; so
    # an input whose range is below 1e-9 of its size counts as constant, with EVPPI exactly 0.
    varies = np.ptp(x, axis=1) > 1e-9 * np.abs(x).max(axis=1, initial=0.0)
    xc = x - x.mean(axis=1, keepdims=True)
    yc = y - y.mean()
    var = (xc * xc).sum(axis=1)
    slope = np.divide(xc @ yc, var, out=np.zeros(len(x)), where=varies & (var > 0))
    fitted = y.mean() + slope[:, None] * xc
    value = np.maximum(np.maximum(fitted, 0).mean(axis=1) - max(y.mean(), 0.0), 0.0)
    return np.where(varies, value, 0.0)


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
        modernisation; worth up to 41.2 k EUR."
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
