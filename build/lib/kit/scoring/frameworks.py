"""Scoring frameworks: pure functions on frames or arrays, each explainable.

:func:`weighted` (min-max normalised weighted sum with a per-criterion contribution),
:func:`topsis`, :func:`rice`, :func:`ice`, :func:`wsjf` and :func:`cd3`. None of them knows
about workshops; :mod:`kit.scoring.ranking` feeds them a workshop's group scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, Problem

__all__ = [
    "INTERCOM_CONFIDENCE",
    "INTERCOM_IMPACT",
    "cd3",
    "ice",
    "rice",
    "topsis",
    "weighted",
    "wsjf",
]

#: Intercom's RICE impact scale: massive 3, high 2, medium 1, low 0.5, minimal 0.25.
INTERCOM_IMPACT: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 3.0)

#: Intercom's RICE confidence scale by agreement level (high 100 %, medium 80 %, low 50 %).
INTERCOM_CONFIDENCE: dict[str, float] = {"high": 1.0, "medium": 0.8, "low": 0.5}


def weighted(frame: pd.DataFrame, weights: Mapping[str, float] | Sequence[float],
             directions: Mapping[str, str] | Sequence[str], *,
             bounds: Mapping[str, tuple[float, float]] | None = None) -> pd.DataFrame:
    """Weighted sum of min-max normalised criteria, with each criterion's contribution.

    Parameters
    ----------
    frame : DataFrame
        One row per alternative (the index names them), one numeric column per criterion.
    weights : mapping or sequence of float
        Weight per criterion (by column name, or in column order); normalised to sum to 1.
    directions : mapping or sequence of {"benefit", "cost"}
        ``benefit``: higher is better; ``cost``: higher is worse (inverted when normalising).
    bounds : mapping criterion -> (low, high), optional
        The range to normalise over (e.g. the scoring scale 1-10). Default: the lowest and
        highest value found in ``frame`` (a criterion on which all alternatives are equal
        normalises to 0.5).

    Returns
    -------
    DataFrame
        Same index as ``frame``: one column per criterion holding its **contribution**
        (normalised value × weight, so the columns add up to the score), then ``score`` (0-1)
        and ``rank`` (1 = best; ties share the better rank).

    Examples
    --------
    >>> f = pd.DataFrame({"value": [8, 4], "risk": [2, 6]}, index=["A", "B"])
    >>> weighted(f, [1, 1], ["benefit", "cost"])["score"].tolist()
    [1.0, 0.0]
    """
    columns, w, benefit = _criteria_spec(frame, weights, directions, "weighted")
    values = _numeric(frame, columns)
    lo = hi = None
    if bounds is not None:
        missing = [c for c in columns if c not in bounds]
        if missing:
            raise InputError.single("bounds missing for criteria", value=", ".join(missing),
                                    hint="give (low, high) for every criterion, or no bounds at all")
        lo = np.array([float(bounds[c][0]) for c in columns])
        hi = np.array([float(bounds[c][1]) for c in columns])
    norm = _minmax(values, benefit, lo, hi)
    contrib = norm * w
    out = pd.DataFrame(contrib, index=frame.index, columns=columns)
    out["score"] = contrib.sum(axis=1)
    out["rank"] = _rank(out["score"].to_numpy())
    return out


def topsis(matrix: pd.DataFrame, weights: Mapping[str, float] | Sequence[float],
           directions: Mapping[str, str] | Sequence[str], normalization: str = "vector") -> pd.DataFrame:
    """TOPSIS: closeness of each alternative to the ideal and away from the anti-ideal.

    Parameters
    ----------
    matrix : DataFrame
        One row per alternative, one numeric column per criterion.
    weights : mapping or sequence of float
        Weight per criterion; normalised to sum to 1.
    directions : mapping or sequence of {"benefit", "cost"}
    normalization : {"vector", "minmax"}
        ``vector`` (Hwang & Yoon 1981): each column divided by its Euclidean norm;
        ``minmax``: each column rescaled to 0-1 over its range (cost criteria inverted), as in
        Opricovic & Tzeng (2004).

    Returns
    -------
    DataFrame
        Same index: ``d_best`` and ``d_worst`` (weighted Euclidean distances to the ideal and
        anti-ideal), ``closeness`` = d_worst / (d_best + d_worst) in 0-1, and ``rank``
        (1 = best).

    Examples
    --------
    >>> m = pd.DataFrame({"cost": [1, 2, 5], "benefit": [3000, 3750, 4500]})
    >>> topsis(m, [.5, .5], ["cost", "benefit"], "minmax")["closeness"].round(3).tolist()
    [0.5, 0.617, 0.5]
    """
    columns, w, benefit = _criteria_spec(matrix, weights, directions, "topsis")
    if normalization not in ("vector", "minmax"):
        raise InputError.single("unknown TOPSIS normalization", value=normalization,
                                hint="use 'vector' or 'minmax'")
    values = _numeric(matrix, columns)
    d_best, d_worst, close = _topsis_kernel(values, w, benefit, normalization)
    out = pd.DataFrame({"d_best": d_best, "d_worst": d_worst, "closeness": close}, index=matrix.index)
    out["rank"] = _rank(close)
    return out


def rice(reach: Any, impact: Any, confidence: Any, effort: Any) -> Any:
    """RICE score = reach × impact × confidence / effort (Intercom).

    Parameters
    ----------
    reach : number, array or Series
        People or events reached per period.
    impact : number, array or Series
        Intercom's scale: 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal.
    confidence : number, array or Series
        A fraction (0.5) or a percentage (50): values above 1 are read as percentages.
        Intercom's scale: 100 % high, 80 % medium, 50 % low.
    effort : number, array or Series
        Person-months (must be positive).

    Returns
    -------
    Same shape as the inputs (a Series keeps its index).

    Raises
    ------
    InputError
        When an effort is zero, negative or missing, naming the opportunity (Series index).

    Examples
    --------
    >>> rice(500, 3, 0.5, 1)
    750.0
    """
    _denominator(effort, "effort", "RICE")
    for name, x in (("reach", reach), ("impact", impact), ("confidence", confidence)):
        _non_negative(x, name, "RICE")
    conf = np.where(np.asarray(confidence, dtype=float) > 1, np.asarray(confidence, dtype=float) / 100,
                    np.asarray(confidence, dtype=float))
    result = np.asarray(reach, dtype=float) * np.asarray(impact, dtype=float) * conf / np.asarray(effort, dtype=float)
    return _like(result, reach, impact, confidence, effort)


def ice(impact: Any, confidence: Any, ease: Any, method: str = "mean") -> Any:
    """ICE score from impact, confidence and ease (each typically 1-10).

    Sources disagree on how to combine the three: Sean Ellis' growth-hacking ICE averages
    them (``method="mean"``, the default, which keeps the 1-10 scale); others multiply them
    (``method="product"``, 1-1000), which punishes one weak factor harder. Both rank the same
    when only one factor differs.

    Examples
    --------
    >>> ice(8, 6, 4), ice(8, 6, 4, method="product")
    (6.0, 192.0)
    """
    for name, x in (("impact", impact), ("confidence", confidence), ("ease", ease)):
        _non_negative(x, name, "ICE")
    i, c, e = (np.asarray(x, dtype=float) for x in (impact, confidence, ease))
    if method == "mean":
        result = (i + c + e) / 3
    elif method == "product":
        result = i * c * e
    else:
        raise InputError.single("unknown ICE method", value=method, hint="use 'mean' or 'product'")
    return _like(result, impact, confidence, ease)


def wsjf(business_value: Any, time_criticality: Any, risk_reduction: Any, job_size: Any) -> Any:
    """Weighted shortest job first (SAFe): cost of delay / job size.

    Cost of delay = business value + time criticality + risk reduction (or opportunity
    enablement), each on the same relative scale.

    Raises
    ------
    InputError
        When a job size is zero, negative or missing, naming the opportunity.

    Examples
    --------
    >>> wsjf(8, 5, 3, 4)
    4.0
    """
    _denominator(job_size, "job size", "WSJF")
    result = (np.asarray(business_value, dtype=float) + np.asarray(time_criticality, dtype=float)
              + np.asarray(risk_reduction, dtype=float)) / np.asarray(job_size, dtype=float)
    return _like(result, business_value, time_criticality, risk_reduction, job_size)


def cd3(cost_of_delay_per_week: Any, duration_weeks: Any) -> Any:
    """CD3, cost of delay divided by duration (Reinertsen; Arnold).

    Raises
    ------
    InputError
        When a duration is zero, negative or missing, naming the opportunity.

    Examples
    --------
    >>> cd3(10_000, 4)
    2500.0
    """
    _denominator(duration_weeks, "duration", "CD3")
    result = np.asarray(cost_of_delay_per_week, dtype=float) / np.asarray(duration_weeks, dtype=float)
    return _like(result, cost_of_delay_per_week, duration_weeks)


def _minmax(values: np.ndarray, benefit: np.ndarray, lo: np.ndarray | None, hi: np.ndarray | None) -> np.ndarray:
    """Normalise the last axis to 0-1 (higher better) over bounds or the range along axis -2."""
    if lo is None or hi is None:
        lo = np.min(values, axis=-2, keepdims=True)
        hi = np.max(values, axis=-2, keepdims=True)
    span = hi - lo
    # A spread at rounding level (1e-16 of 1) is no spread: it must not decide a ranking.
    real = span > 1e-9 * np.maximum(np.maximum(np.abs(hi), np.abs(lo)), 1.0)
    safe = np.where(real, span, 1.0)
    up = np.where(real, (values - lo) / safe, 0.5)
    return np.where(benefit, up, np.where(real, 1 - up, 0.5))


def _topsis_kernel(values: np.ndarray, w: np.ndarray, benefit: np.ndarray,
                   normalization: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if normalization == "vector":
        norm = np.sqrt((values ** 2).sum(axis=-2, keepdims=True))
        v = values / np.where(norm > 0, norm, 1.0) * w
        best = np.where(benefit, v.max(axis=-2, keepdims=True), v.min(axis=-2, keepdims=True))
        worst = np.where(benefit, v.min(axis=-2, keepdims=True), v.max(axis=-2, keepdims=True))
    else:
        v = _minmax(values, benefit, None, None) * w
        best, worst = v.max(axis=-2, keepdims=True), v.min(axis=-2, keepdims=True)
    d_best = np.sqrt(((v - best) ** 2).sum(axis=-1))
    d_worst = np.sqrt(((v - worst) ** 2).sum(axis=-1))
    total = d_best + d_worst
    close = np.where(total > 0, d_worst / np.where(total > 0, total, 1.0), 0.5)
    return d_best, d_worst, close


def _rank(score: np.ndarray) -> np.ndarray:
    """1 = best; ties share the better rank."""
    return pd.Series(score).rank(ascending=False, method="min").astype(int).to_numpy()


def _criteria_spec(frame: pd.DataFrame, weights: Any, directions: Any, who: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    columns = [str(c) for c in frame.columns]
    clash = [c for c in columns if c in ("score", "rank", "closeness", "d_best", "d_worst")]
    if clash:
        raise InputError.single(f"{who}: a criterion may not be called " + ", ".join(clash),
                                value=", ".join(clash), hint="rename the column")
    w = np.array([float(weights[c]) for c in frame.columns] if isinstance(weights, Mapping)
                 else list(map(float, weights)), dtype=float)
    d = [str(directions[c]) for c in frame.columns] if isinstance(directions, Mapping) else [str(x) for x in directions]
    problems = []
    if len(w) != len(columns):
        problems.append(Problem(f"{who}: {len(w)} weights for {len(columns)} criteria", column="weights"))
    if len(d) != len(columns):
        problems.append(Problem(f"{who}: {len(d)} directions for {len(columns)} criteria", column="directions"))
    bad = [x for x in d if x not in ("benefit", "cost")]
    if bad:
        problems.append(Problem(f"{who}: unknown direction", column="directions", value=", ".join(bad),
                                hint="each direction is 'benefit' (higher is better) or 'cost' (higher is worse)"))
    if len(w) and ((w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0):
        problems.append(Problem(f"{who}: weights must be non-negative and not all 0", column="weights",
                                value=", ".join(f"{x:g}" for x in w)))
    if problems:
        raise InputError(problems)
    return columns, w / w.sum(), np.array([x == "benefit" for x in d])


def _numeric(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    values = frame.to_numpy(dtype=float, na_value=np.nan)
    bad = np.argwhere(~np.isfinite(values))
    if len(bad):
        raise InputError([Problem("value is missing or not a number", row=None, column=columns[j],
                                  value=f"{frame.index[i]}") for i, j in bad])
    return values


def _names(x: Any) -> list[str]:
    if isinstance(x, pd.Series):
        return [str(i) for i in x.index]
    return [f"item {k + 1}" for k in range(np.asarray(x).size)]


def _denominator(x: Any, what: str, who: str) -> None:
    arr = np.atleast_1d(np.asarray(x, dtype=float))
    bad = ~np.isfinite(arr) | (arr <= 0)
    if bad.any():
        names = np.asarray(_names(x) if np.ndim(x) else ["(the value given)"])
        raise InputError([Problem(f"{who}: {what} is zero, negative or missing for {n}", column=what, value=v,
                                  hint=f"give {n} a positive {what}; dividing by it would give a meaningless score")
                          for n, v in zip(names[bad], np.asarray(x, dtype=object).reshape(-1)[bad], strict=True)])


def _non_negative(x: Any, what: str, who: str) -> None:
    arr = np.atleast_1d(np.asarray(x, dtype=float))
    bad = ~np.isfinite(arr) | (arr < 0)
    if bad.any():
        names = np.asarray(_names(x) if np.ndim(x) else ["(the value given)"])
        raise InputError([Problem(f"{who}: {what} is negative or missing for {n}", column=what, value=v)
                          for n, v in zip(names[bad], np.asarray(x, dtype=object).reshape(-1)[bad], strict=True)])


def _like(result: np.ndarray, *inputs: Any) -> Any:
    """Give the result the index of the first Series input, or a float for scalar inputs."""
    for x in inputs:
        if isinstance(x, pd.Series):
            return pd.Series(result, index=x.index)
    return float(result) if np.ndim(result) == 0 else result
