"""Step 3 of validation for the benefits tables: ``actuals`` and ``goal_rates``.

:func:`check_actuals` reports actuals for an unknown opportunity or driver, periods before the
workshop's start or after its horizon, and a driver reported twice for the same quarter;
:func:`check_goal_rates` reports unknown goals, measured rates before the start, and a goal
with two baselines or two rates for one period. Called by :func:`~kit.schemas.cross_check`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from ..settings import Settings, did_you_mean
from .periods import last_quarter, parse_period, quarter_label, quarter_number, quarters

__all__ = ["check_actuals", "check_goal_rates", "driver_key", "model_quarters"]

Add = Callable[..., None]


def driver_key(driver: object) -> str:
    """How an actual's driver is matched to an estimate's: case and runs of spaces do not count."""
    return " ".join(str(driver).split()).casefold()


def model_quarters(settings: Settings) -> tuple[int, int]:
    """The first and last quarter numbers the value model counts: ``start`` and ``horizon_years`` on."""
    first = quarter_number(settings.start)
    return first, first + 4 * settings.horizon_years - 1


def _parsed(period: object) -> bool:
    """True when the contract parsed the cell (a bad one keeps the text typed, and is reported)."""
    return isinstance(period, str) and bool(period) and parse_period(period) == period


def check_actuals(settings: Settings, actuals: pd.DataFrame, opportunities: pd.DataFrame | None,
                  estimates: pd.DataFrame | None, add: Add) -> None:
    """Report every problem of the typed ``actuals`` table through ``add(problem, **where)``."""
    ids = list(opportunities["id"]) if opportunities is not None else []
    drivers: dict[str, dict[str, str]] = {}
    if estimates is not None:
        for oid, driver in zip(estimates["opportunity_id"], estimates["driver"], strict=True):
            drivers.setdefault(str(oid), {}).setdefault(driver_key(driver), str(driver))
    first, last = model_quarters(settings)
    seen: dict[tuple[str, str], list[tuple[Any, str, set[int]]]] = {}
    for row, r in actuals.iterrows():
        oid, period = str(r["opportunity_id"]), r["period"]
        if ids and oid not in ids:
            add("actual for an unknown opportunity", row=row, column="opportunity_id", value=oid,
                hint=did_you_mean(oid, ids))
        elif estimates is not None:
            known = drivers.get(oid, {})
            if not known:
                add("actual for an opportunity without estimates", row=row, column="driver", value=r["driver"],
                    hint=f"{oid} has no row in the estimates table: add its drivers there first")
            elif driver_key(r["driver"]) not in known:
                add(f"unknown driver for {oid}", row=row, column="driver", value=r["driver"],
                    hint=did_you_mean(str(r["driver"]), list(known.values())) + " (drivers come from the estimates table)")
        if not _parsed(period):
            continue  # reported by the contract already
        covered = set(quarters(period))
        if last_quarter(period) < first:
            add("period before the workshop's start", row=row, column="period", value=period,
                hint=f"benefits count from the start, {settings.start} (start in workshop.yml); "
                     "a figure from before it is a baseline: put the business rate in goal_rates")
        elif quarter_number(period) > last:
            add("period after the workshop's horizon", row=row, column="period", value=period,
                hint=f"the value model counts {settings.horizon_years} years, {settings.start} to {quarter_label(last)} "
                     "(horizon_years in workshop.yml)")
        key = (oid, driver_key(r["driver"]))
        for other_row, other_period, other in seen.get(key, []):
            if covered & other:
                if other_period == period:
                    add("period reported twice for this driver", row=row, column="period", value=period,
                        hint=f"row {other_row} has the same driver and period: keep one row (add the values up)")
                else:
                    add("period overlaps another row for this driver", row=row, column="period", value=period,
                        hint=f"row {other_row} has {other_period}: report a driver by quarters or by years, not both")
                break
        seen.setdefault(key, []).append((row, period, covered))


def check_goal_rates(settings: Settings, rates: pd.DataFrame, add: Add) -> None:
    """Report every problem of the typed ``goal_rates`` table through ``add(problem, **where)``."""
    goal_ids = settings.goal_ids
    first, _ = model_quarters(settings)
    baselines: dict[str, Any] = {}
    seen: dict[tuple[str, str], Any] = {}
    for row, r in rates.iterrows():
        goal, period, kind = str(r["goal_id"]), r["period"], r["kind"] or "rate"
        if goal not in goal_ids:
            add("rate for an unknown goal", row=row, column="goal_id", value=goal,
                hint=did_you_mean(goal, goal_ids) + " (goals come from workshop.yml)")
        if not _parsed(period) or kind not in ("rate", "baseline"):
            continue  # reported by the contract already
        if kind == "baseline":
            if goal in baselines:
                add("second baseline for this goal", row=row, column="kind", value=f"{goal} {period}",
                    hint=f"row {baselines[goal]} has its baseline already: keep one baseline row per goal")
            else:
                baselines[goal] = row
            continue
        if last_quarter(period) < first:
            add("measured rate before the workshop's start", row=row, column="period", value=period,
                hint=f"rates count from the start, {settings.start}: write kind baseline for the rate before it")
        if (goal, period) in seen:
            add("rate reported twice for this goal and period", row=row, column="period", value=period,
                hint=f"row {seen[(goal, period)]} has the same goal and period: keep one")
        else:
            seen[(goal, period)] = row
