"""Discounted cash flows: net present value, internal rate of return, payback.

Conventions of the kit
----------------------
* Cash flows are yearly and the **first cash flow is at t = 0** (today, not discounted): the
  one-off cost of an opportunity sits at t = 0, the benefits and run costs of year ``y`` at
  t = y (end of year ``y``).
* Every function takes one series (a list or 1-D array) or many at once: an array whose
  **last axis** is time (``axis`` says otherwise), e.g. ``(trials, periods)`` from a Monte Carlo
  run. One series gives a Python ``float`` (or ``None``), many give an array.

Excel's ``NPV(rate, value1, value2, ...)`` discounts its first value by one full period (it
assumes every value falls at the *end* of a period). To reproduce it, put a zero in front::

    Excel:  =NPV(10%, -10000, 3000, 4200, 6800)         -> 1188.44
    kit:    npv(0.10, [0, -10000, 3000, 4200, 6800])    -> 1188.44

and the usual Excel idiom for an investment made today, ``=NPV(r, v1..vn) + v0``, is simply
``npv(r, [v0, v1, ..., vn])`` here. In general ``excel_npv = npv(r, values) / (1 + r)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .errors import InputError

__all__ = ["discount_factors", "irr", "npv", "payback"]

ArrayLike = Sequence[float] | np.ndarray


def discount_factors(rate: float, periods: int) -> np.ndarray:
    """Discount factors ``(1 + rate) ** -t`` for t = 0 .. periods - 1.

    Parameters
    ----------
    rate : float
        Discount rate per period as a fraction (8% is 0.08); must be above -1.
    periods : int
        Number of factors, the first one (t = 0) being 1.

    Returns
    -------
    numpy.ndarray
        Shape ``(periods,)``.
    """
    _check_rate(rate)
    return (1.0 + float(rate)) ** -np.arange(int(periods), dtype=float)


def npv(rate: float, cashflows: ArrayLike, *, axis: int = -1) -> Any:
    """Net present value with the first cash flow at t = 0.

    Parameters
    ----------
    rate : float
        Discount rate per period as a fraction (10% is 0.10).
    cashflows : sequence or array
        One series of cash flows (t = 0, 1, 2, ...) or an array of series, time along ``axis``.
    axis : int
        The time axis of ``cashflows`` (default: the last).

    Returns
    -------
    float or numpy.ndarray
        ``sum(cf[t] / (1 + rate) ** t)``: a float for one series, else an array with the time
        axis removed.

    Examples
    --------
    Microsoft's NPV help: ``=NPV(10%, -10000, 3000, 4200, 6800)`` is 1188.44; Excel discounts
    the first value, so prepend a zero:

    >>> round(npv(0.10, [0, -10000, 3000, 4200, 6800]), 2)
    1188.44
    """
    flows = np.moveaxis(np.asarray(cashflows, dtype=float), axis, -1)
    value = flows @ discount_factors(rate, flows.shape[-1])
    return float(value) if np.ndim(value) == 0 else value


def irr(cashflows: ArrayLike, *, axis: int = -1, errors: str = "raise") -> Any:
    """Internal rate of return: the rate above -100% at which the NPV is zero.

    The NPV of ``c_0 .. c_T`` is a polynomial in ``x = 1 / (1 + r)``; its real roots are found
    as eigenvalues of the companion matrix (vectorised over series). Every real root with
    ``x > 0`` is a rate above -100%, and there is **no upper bound**: a quick win that pays
    back within months has an IRR of several hundred percent, and that is what is returned.

    A series whose cash flows change sign more than once can have several IRRs (one per real
    root). Then the one **closest to zero** is returned, as numpy-financial's ``irr`` does; the
    others are not reported, so for such a series also look at ``npv`` over a range of rates.

    Parameters
    ----------
    cashflows : sequence or array
        One series (t = 0, 1, ...) or many, time along ``axis``.
    axis : int
        The time axis (default: the last).
    errors : {"raise", "nan"}
        What to do with a series that has no IRR (no rate above -100% makes its NPV zero):
        raise an InputError (default), or give NaN for it (useful over Monte Carlo trials).

    Returns
    -------
    float or numpy.ndarray
        The IRR as a fraction (1.5 is 150%): a float for one series, else an array with the
        time axis removed.

    Raises
    ------
    InputError
        With ``errors="raise"``, when a series has no sign change (all money in, or all money
        out: no rate makes its NPV zero), or its NPV has no real root above -100% (possible
        when the signs change an even number of times, e.g. ``(1, -2, 2)``).

    Examples
    --------
    Microsoft's IRR help: -70000 then 12000, 15000, 18000, 21000, 26000 gives 8.7%.

    >>> round(irr([-70000, 12000, 15000, 18000, 21000, 26000]), 4)
    0.0866

    An automation paying back within months: about 181.5%.

    >>> round(irr([-183493, 398047, 147010, 372182, 338633, 261121]), 4)
    1.8152
    """
    if errors not in ("raise", "nan"):
        raise ValueError("errors must be 'raise' or 'nan'")
    flows = np.moveaxis(np.asarray(cashflows, dtype=float), axis, -1)
    single = flows.ndim == 1
    rows = flows.reshape(-1, flows.shape[-1]) if flows.size else flows.reshape(0, max(flows.shape[-1], 1))
    out = np.full(rows.shape[0], np.nan)
    finite = np.isfinite(rows).all(axis=1)
    # A flow below 1e-200 of the series' largest is no money at all, and dividing by it (the
    # companion matrix below) overflows; it counts as zero. Its IRR would be a rate within
    # 1e-200 of -100%, which no float tells apart from -100% anyway.
    size = np.abs(np.where(np.isfinite(rows), rows, 0.0)).max(axis=1, keepdims=True, initial=0.0)
    given, rows = rows, np.where(np.abs(rows) > size * 1e-200, rows, 0.0)
    signs = np.sign(rows)
    has_change = finite & (signs > 0).any(axis=1) & (signs < 0).any(axis=1)
    nonzero = rows != 0
    first = np.where(has_change, nonzero.argmax(axis=1), 0)
    last = np.where(has_change, rows.shape[1] - 1 - nonzero[:, ::-1].argmax(axis=1), 0)
    # Leading and trailing zeros do not change the IRR: solve each (first, last) group at once.
    for lo, hi in set(zip(first[has_change].tolist(), last[has_change].tolist(), strict=True)):
        idx = np.flatnonzero(has_change & (first == lo) & (last == hi))
        out[idx] = _irr_trimmed(rows[idx, lo:hi + 1])
    bad = np.flatnonzero(np.isnan(out))
    if len(bad) and errors == "raise":
        i = int(bad[0])
        where = "" if single else f" (series {i} of {rows.shape[0]}, {len(bad)} in all)"
        if not finite[i]:
            problem, hint = (f"cash flows are not all numbers{where}", "give every period a finite amount (0 for none)")
        elif not ((given[i] > 0).any() and (given[i] < 0).any()):
            problem, hint = (f"cash flows have no sign change{where}: no rate makes their NPV zero",
                             "an IRR needs money out (negative) and money in (positive)")
        else:
            problem, hint = (f"no IRR above -100%{where}",
                             "check the signs and sizes of the cash flows; use npv() at a chosen rate instead")
        raise InputError.single(problem, column="cashflows", value=_short(given[i]), hint=hint)
    if single:
        return float(out[0])
    return out.reshape(flows.shape[:-1])


def _irr_trimmed(rows: np.ndarray) -> np.ndarray:
    """IRR of series whose first and last values are non-zero (one row per series).

    Parameters
    ----------
    rows : numpy.ndarray
        Shape ``(series, periods)``; ``rows[:, 0]`` and ``rows[:, -1]`` are non-zero.

    Returns
    -------
    numpy.ndarray
        Shape ``(series,)``: the real rate above -1 closest to zero, NaN where there is none.
    """
    degree = rows.shape[1] - 1
    if degree == 0:
        return np.full(rows.shape[0], np.nan)
    # sum_t c_t x^t = 0, monic after dividing by c_T; companion matrix of c_0..c_{T-1} / c_T.
    monic = rows[:, :-1] / rows[:, -1:]
    companion = np.zeros((rows.shape[0], degree, degree))
    companion[:, 1:, :-1] = np.eye(degree - 1) if degree > 1 else 0.0
    companion[:, :, -1] = -monic
    roots = np.linalg.eigvals(companion)
    # Eigenvalues of a real root come back with a rounding-size imaginary part now and then;
    # a relative tolerance keeps them (numpy-financial's exact ``imag == 0`` may drop them).
    real = np.abs(roots.imag) <= 1e-9 * np.maximum(1.0, np.abs(roots.real))
    x = roots.real
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        rate = 1.0 / x - 1.0
    # x > 0 is exactly r > -1; any x in (0, 1/2) is a rate above 100%, which is kept: a small
    # x is a high but real return (c_0 = 0 cannot give x = 0, leading zeros are trimmed).
    # A huge x is a rate within rounding of -100%: -1.0 as a float, not a rate above it.
    ok = real & (x > 0) & np.isfinite(rate) & (rate > -1)
    distance = np.where(ok, np.abs(rate), np.inf)
    best = distance.argmin(axis=1)
    chosen = np.take_along_axis(rate, best[:, None], axis=1)[:, 0]
    chosen = np.where(np.isfinite(np.take_along_axis(distance, best[:, None], axis=1)[:, 0]), chosen, np.nan)
    polished = _polish(rows, chosen)
    return np.where(polished > -1, polished, np.nan)


def _polish(rows: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Two Newton steps on the NPV, so the rate is exact to machine precision.

    Parameters
    ----------
    rows : numpy.ndarray
        Shape ``(series, periods)``.
    rate : numpy.ndarray
        Shape ``(series,)``, a root from the eigenvalues or NaN (left as it is).

    Returns
    -------
    numpy.ndarray
        The polished rates.
    """
    t = np.arange(rows.shape[1])
    for _ in range(2):
        ok = np.isfinite(rate)
        base = 1.0 + np.where(ok, rate, 0.0)[:, None]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            value = (rows * base ** -t).sum(axis=1)
            slope = (-t * rows * base ** (-t - 1)).sum(axis=1)
            step = np.where(ok & (slope != 0), value / slope, 0.0)
        # Only a small step is a polish; a large one (a flat NPV near a double root) could jump
        # to another root. Small relative to 1 + r, since dr / (1 + r) = -dx / x: the same
        # guard in x for a 5% rate and for a 300% one.
        small = np.abs(step) < 1e-3 * np.where(ok, base[:, 0], 1.0)
        rate = np.where(ok & small, rate - step, rate)
    return rate


def payback(cashflows: ArrayLike, *, axis: int = -1) -> Any:
    """Payback period: when the cumulative cash flow first reaches zero, in fractional periods.

    Within the period where the cumulative sum turns non-negative, the cash flow is taken as
    spread evenly, so ``(-1000, 300, 400, 500)`` pays back after ``2 + 300/500 = 2.6``
    periods. Cash flows are not discounted here; pass discounted flows for a discounted
    payback.

    Parameters
    ----------
    cashflows : sequence or array
        One series (t = 0, 1, ...) or many, time along ``axis``.
    axis : int
        The time axis (default: the last).

    Returns
    -------
    float, None or numpy.ndarray
        For one series, the payback period or ``None`` when it never pays back within the
        series; for many, an array with NaN where a series never pays back.

    Examples
    --------
    >>> payback([-1000, 300, 400, 500])
    2.6
    >>> payback([-1000, 100, 100]) is None
    True
    """
    flows = np.asarray(cashflows)
    if flows.dtype.kind != "f":
        flows = flows.astype(float)
    single = flows.ndim == 1
    by_period = np.moveaxis(flows, axis, 0)
    shape, dtype = by_period.shape[1:], flows.dtype
    owed = np.zeros(shape, dtype)  # minus the cumulative flow so far
    unpaid = np.ones(shape, dtype=bool)
    hit = np.empty(shape, dtype=bool)
    weight = np.empty(shape, dtype)
    numerator = np.zeros(shape, dtype)  # (t - 1) * flow + owed, in the period t that pays back
    denominator = np.zeros(shape, dtype)  # flow in that period: the ratio is t - 1 + owed / flow
    scratch = np.empty(shape, dtype)
    # One step per period, vectorised over series, in place and without masked writes (random
    # masks are slow): fast for many short series, as in a Monte Carlo run.
    for t in range(by_period.shape[0]):
        flow = by_period[t]
        np.greater_equal(flow, owed, out=hit)
        hit &= unpaid
        unpaid ^= hit
        np.copyto(weight, hit)
        if t == 0:
            denominator += weight  # paid back at t = 0: 0 / 1
        else:
            np.multiply(flow, t - 1, out=scratch)
            scratch += owed
            scratch *= weight
            numerator += scratch
            np.multiply(flow, weight, out=scratch)
            denominator += scratch
        owed -= flow
    with np.errstate(divide="ignore", invalid="ignore"):
        result = numerator / denominator  # 0 / 0 = NaN where it never pays back
    if single:
        value = float(result)
        return None if np.isnan(value) else value
    return result


def _check_rate(rate: float) -> None:
    if not np.isfinite(rate) or rate <= -1:
        raise InputError.single("discount rate must be above -100%", column="discount_rate", value=rate,
                                hint="a yearly rate as a fraction: 8% is 0.08")


def _short(row: np.ndarray) -> str:
    return "(" + ", ".join(f"{v:g}" for v in row[:8]) + (", ..." if len(row) > 8 else "") + ")"
