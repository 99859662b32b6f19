"""What an estimate promised for a period, next to what was realised: one *check* per actual.

An estimate (``estimates`` table) is a 90% interval of a driver's **yearly level**, switched on
from ``start_year`` and ramped up linearly over ``ramp_years``, as the value model counts it
(:func:`kit.scenarios.simulate`). Year 1 is the first four quarters from the workshop's
``start``. A quarter is promised a quarter of its year's ramped level; a calendar year the
sum of its quarters (those from the start on). So an estimate of 4,000–9,000 hours a year,
ramped over one year, promises 500–1,125 hours in each quarter of year 1 and 1,000–2,250 in
each quarter after.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..schemas.actuals import driver_key, model_quarters
from ..schemas.periods import quarter_label, quarters
from ..workshop import Workshop

__all__ = ["CHECK_COLUMNS", "checks", "estimate_rows", "fraction_due", "ramp_share", "start_label"]

#: Columns of :func:`checks`, in order.
CHECK_COLUMNS = [
    "opportunity_id", "title", "sponsor", "business_unit", "layer", "driver", "unit", "unit_value", "estimate",
    "period", "first_quarter", "last_quarter", "value", "fraction", "low", "mid", "high", "due", "inside", "ratio",
    "money", "mid_money", "source", "note",
]


_NUMBERS = {"unit_value", "value", "fraction", "low", "mid", "high", "ratio", "money", "mid_money"}


def ramp_share(year: np.ndarray | int, start_year: int, ramp_years: int) -> np.ndarray:
    """The share of an estimate's yearly level due in model year ``year`` (1 = the first year).

    ``(year - start_year + 1) / (ramp_years + 1)``, between 0 and 1, as the value model ramps.
    """
    return np.clip((np.asarray(year, dtype=float) - start_year + 1) / (ramp_years + 1), 0.0, 1.0)


def fraction_due(quarter_numbers: list[int] | range, first: int, last: int, start_year: int,
                 ramp_years: int) -> float:
    """The share of the yearly level due over some quarters (quarter numbers, see
    :mod:`kit.schemas.periods`): a quarter of each quarter's ramped year; 0 outside ``first``–``last``."""
    q = np.asarray(list(quarter_numbers), dtype=int)
    q = q[(q >= first) & (q <= last)]
    if not len(q):
        return 0.0
    return float(ramp_share((q - first) // 4 + 1, start_year, ramp_years).sum() / 4)


def estimate_rows(workshop: Workshop) -> pd.DataFrame:
    """The estimates with their opportunity's title, sponsor and business unit, and a ``key``
    to match actuals by (:func:`kit.schemas.actuals.driver_key`); the first of duplicate drivers."""
    est = workshop.estimates.copy()
    opp = workshop.opportunities.set_index("id")
    est["estimate"] = est.index
    est["key"] = est["driver"].map(driver_key)
    for column in ("title", "sponsor", "business_unit"):
        values = opp[column] if column in opp else pd.Series("", index=opp.index)
        est[column] = est["opportunity_id"].map(values).fillna("").astype(str)
    return est.drop_duplicates(["opportunity_id", "key"])


def checks(workshop: Workshop) -> pd.DataFrame:
    """Every actual of the workshop next to what its estimate promised for that period.

    Parameters
    ----------
    workshop : Workshop
        From :func:`kit.load_workshop`; its ``actuals`` table may be empty.

    Returns
    -------
    DataFrame
        One row per actual (see :data:`CHECK_COLUMNS`): the driver as the estimates name it,
        ``period`` and its ``first_quarter``/``last_quarter`` numbers, the ``value`` realised,
        ``fraction`` (the share of the yearly level due in the period), the period's 90%
        interval ``low``–``high`` and ``mid`` (the yearly interval times ``fraction``, in the
        estimate's unit), ``due`` (anything was due), ``inside`` (the value landed in the
        interval; NA when nothing was due), ``ratio`` (value / mid; NaN when the mid is not
        positive), and the value and mid in money (times ``unit_value``).
    """
    actuals = workshop.tables.get("actuals")
    if actuals is None or not len(actuals):
        return _empty()
    est = estimate_rows(workshop).set_index(["opportunity_id", "key"])
    first, last = model_quarters(workshop.settings)
    rows = []
    for a in actuals.itertuples(index=False):
        e = est.loc[(a.opportunity_id, driver_key(a.driver))]
        covered = quarters(a.period)
        fraction = fraction_due(covered, first, last, int(e["start_year"]), int(e["ramp_years"]))
        low, high = float(e["low"]) * fraction, float(e["high"]) * fraction
        mid = (low + high) / 2
        due = fraction > 0
        value = float(a.value)
        rows.append({
            "opportunity_id": a.opportunity_id, "title": e["title"], "sponsor": e["sponsor"],
            "business_unit": e["business_unit"], "layer": e["layer"], "driver": e["driver"], "unit": e["unit"],
            "unit_value": float(e["unit_value"]), "estimate": int(e["estimate"]), "period": a.period,
            "first_quarter": covered[0], "last_quarter": covered[-1], "value": value, "fraction": fraction,
            "low": low, "mid": mid, "high": high, "due": due,
            "inside": _within(value, low, high) if due else pd.NA,
            "ratio": value / mid if due and mid > 0 else np.nan,
            "money": value * float(e["unit_value"]), "mid_money": mid * float(e["unit_value"]),
            "source": a.source, "note": a.note})
    out = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    out["inside"] = out["inside"].astype("boolean")
    return out


def _within(value: float, low: float, high: float) -> bool:
    """``low <= value <= high``, allowing for rounding (a value typed at the bound is inside)."""
    tol = 1e-9 * max(1.0, abs(low), abs(high))
    return bool(low - tol <= value <= high + tol)


def _empty() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=float if c in _NUMBERS else object) for c in CHECK_COLUMNS})
    out["inside"] = out["inside"].astype("boolean")
    return out



def start_label(workshop: Workshop, start_year: int) -> str:
    """The quarter a driver's benefits start in (``start_year`` counted from the workshop's start)."""
    first, _ = model_quarters(workshop.settings)
    return quarter_label(first + 4 * (int(start_year) - 1))
