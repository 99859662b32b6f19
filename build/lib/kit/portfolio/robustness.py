"""Robustness under uncertain value: how often each candidate is optimal across Monte Carlo draws."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError
from .model import _build, _Model
from .selection import _select

__all__ = ["Robustness", "selection_probability"]


def _solve_trials(model: _Model, draws: np.ndarray, time_limit: float | None) -> tuple[np.ndarray, np.ndarray]:
    """The optimal set for each row of values (trials × candidates), and which trials solved."""
    chosen = np.zeros(draws.shape, bool)
    ok = np.zeros(len(draws), bool)
    for t, row in enumerate(draws):
        res = model.solve(value=row, time_limit=time_limit)
        if res.x is not None:
            chosen[t] = np.asarray(res.x) > 0.5
            ok[t] = True
    return chosen, ok


@dataclass(frozen=True)
class Robustness:
    """How often each candidate is in the optimal portfolio across Monte Carlo trials.

    Attributes
    ----------
    probability : DataFrame
        ``id, title, probability, group, chosen``: the share of trials in which the item is in
        that trial's optimal set; ``group`` is ``robust core``, ``contested`` or ``rarely
        chosen``; ``chosen`` whether it is in the reference set.
    values : DataFrame
        One row per trial: ``trial, chosen_value`` (the reference set's value in that
        trial), ``best_value`` (the trial's own optimum, with hindsight) and ``regret``.
    summary : dict
        ``trials, chosen_mean, chosen_p5, chosen_p95, best_mean, regret_mean, seconds``.
    """

    probability: pd.DataFrame
    values: pd.DataFrame
    summary: dict[str, float]


def selection_probability(values_by_trial: pd.DataFrame, candidates: pd.DataFrame, *,
                          budget: float | None, chosen: Iterable[str] | None = None,
                          trials: int | None = None, core: float = 0.8, rare: float = 0.2,
                          value: str = "value", cost: str = "cost",
                          capacity: Mapping[str, float] | None = None,
                          force_in: Iterable[str] | Mapping[str, str] = (),
                          force_out: Iterable[str] | Mapping[str, str] = (),
                          depends_on: Mapping[str, Iterable[str]] | str | None = None,
                          exclusive: Iterable[Iterable[str]] | None = None,
                          time_limit: float | None = 60.0,
                          executor: Executor | None = None) -> Robustness:
    """Re-optimise the portfolio for each Monte Carlo draw of the values.

    Parameters
    ----------
    values_by_trial : DataFrame
        Trials × candidate ids (e.g. ``Simulation.npv_by_trial()``); one column per candidate.
    candidates : DataFrame
        As for :func:`select`; its ``value`` column gives the reference set when ``chosen``
        is not given.
    budget : float
        As for :func:`select`.
    chosen : iterable of ids, optional
        The set actually proposed (default: the optimum under ``candidates[value]``); its value
        is evaluated in every trial.
    trials : int, optional
        Use only the first ``trials`` rows of ``values_by_trial``.
    core, rare : float
        Probability from which an item is in the robust core (≥ ``core``), and below which it
        is rarely chosen (< ``rare``); the rest is contested.
    value, cost, capacity, force_in, force_out, depends_on, exclusive, time_limit
        As for :func:`select`.
    executor : concurrent.futures.Executor, optional
        Solve the trials in chunks on this executor (e.g. a ``ProcessPoolExecutor`` or a Dask
        client); by default they are solved one after the other here.

    Returns
    -------
    Robustness
    """
    model = _build(candidates, value=value, cost=cost, budget=budget, capacity=capacity,
                   force_in=force_in, force_out=force_out, depends_on=depends_on, exclusive=exclusive)
    columns = [str(c) for c in values_by_trial.columns]
    missing = [i for i in model.ids if i not in columns]
    if missing:
        raise InputError.single(f"no value draws for {len(missing)} candidate(s)", column="values_by_trial",
                                value=", ".join(missing[:5]),
                                hint="values_by_trial needs one column per candidate id")
    if not 0 <= rare <= core <= 1:
        raise InputError.single("thresholds must satisfy 0 <= rare <= core <= 1", value=f"{rare}, {core}")
    draws = values_by_trial.set_axis(columns, axis=1)[model.ids].to_numpy(dtype=float)
    if trials is not None:
        draws = draws[: int(trials)]
    if chosen is None:
        reference = _select(model, explain=False)
        chosen_mask = np.isin(model.ids, reference.selected_ids)
    else:
        chosen_ids = set(map(str, chosen))
        chosen_mask = np.array([i in chosen_ids for i in model.ids])
    start = time.perf_counter()
    if executor is None or len(draws) < 2:
        chosen_by_trial, ok = _solve_trials(model, draws, time_limit)
    else:
        chunks = np.array_split(np.arange(len(draws)), min(len(draws), 16))
        futures = [executor.submit(_solve_trials, model, draws[c], time_limit) for c in chunks]
        parts = [f.result() for f in futures]
        chosen_by_trial = np.vstack([p[0] for p in parts])
        ok = np.concatenate([p[1] for p in parts])
    counts = chosen_by_trial[ok].sum(axis=0).astype(float)
    best = np.where(ok, np.einsum("ij,ij->i", draws, chosen_by_trial.astype(float)), np.nan)
    solved = int(ok.sum())
    seconds = time.perf_counter() - start
    prob = counts / max(solved, 1)
    group = np.where(prob >= core, "robust core", np.where(prob < rare, "rarely chosen", "contested"))
    probability = pd.DataFrame({"id": model.ids, "title": model.titles, "probability": prob,
                                "group": group, "chosen": chosen_mask})
    probability = probability.sort_values(["probability", "id"], ascending=[False, True],
                                          kind="stable").reset_index(drop=True)
    chosen_value = draws @ chosen_mask
    values = pd.DataFrame({"trial": np.arange(len(draws)), "chosen_value": chosen_value,
                           "best_value": best, "regret": best - chosen_value})
    summary = {"trials": int(len(draws)), "solved": int(solved),
               "chosen_mean": float(np.mean(chosen_value)) if len(draws) else np.nan,
               "chosen_p5": float(np.percentile(chosen_value, 5)) if len(draws) else np.nan,
               "chosen_p95": float(np.percentile(chosen_value, 95)) if len(draws) else np.nan,
               "best_mean": float(np.nanmean(best)) if solved else np.nan,
               "regret_mean": float(np.nanmean(best - chosen_value)) if solved else np.nan,
               "seconds": seconds}
    return Robustness(probability, values, summary)
