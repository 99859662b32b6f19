"""The candidates frame from a workshop: values, costs, team efforts, dependencies, limits.

Every selection function of :mod:`kit.portfolio` works on a plain *candidates* frame (an ``id``
column plus the columns its arguments name), so any value measure can drive it;
:func:`candidates` builds that frame from a workshop, :func:`measure_values` picks the value
column, :func:`capacity_limits` and :func:`budget_for` give the limits, and :func:`pressure`
shows how far the candidates together overrun them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..settings import did_you_mean
from ..workshop import Workshop

__all__ = ["MANDATORY_REASON", "MEASURES", "budget_for", "candidates", "capacity_limits", "measure_values",
           "pressure"]

#: Reason recorded for opportunities marked ``mandatory`` in the workshop.
MANDATORY_REASON = "mandatory (regulatory)"

#: Value measures a workbook can optimise: name -> (source frame, column).
MEASURES: dict[str, tuple[str, str]] = {
    "mean NPV": ("summary", "npv_mean"),
    "p5 NPV": ("summary", "npv_p5"),
    "priority score": ("priority", "score"),
}


def capacity_limits(workshop: Workshop, quarters: int = 4) -> dict[str, float]:
    """Capacity limits for the selection: person-months per team over the first quarters.

    ``workshop.yml`` gives each team's capacity in person-months *per quarter*. The
    selection checks the work against what the teams can deliver in the first ``quarters``
    quarters (one year by default): the budget is committed for the coming planning year
    and what the teams cannot deliver within it waits for the next round. The roadmap
    (:func:`kit.roadmap.roadmap`) then schedules the chosen set quarter by quarter over the
    whole horizon.

    Parameters
    ----------
    workshop : Workshop
        A loaded workshop; its ``settings.capacity`` maps team -> person-months per quarter.
    quarters : int, default 4
        How many quarters of capacity the selection may use.

    Returns
    -------
    dict[str, float]
        ``{"<team>_months": capacity × quarters}``, the column names :func:`candidates` uses.
    """
    if quarters < 1:
        raise InputError.single("quarters must be at least 1", value=quarters,
                                hint="the selection needs at least one quarter of capacity")
    return {f"{team}_months": float(per_quarter) * quarters
            for team, per_quarter in workshop.settings.capacity.items()}


def budget_for(workshop: Workshop, budget: float | None = None) -> float:
    """The budget to select with: ``budget`` when given (not None, above 0), else ``budget``
    in ``workshop.yml``. A workbook parameter ``budget: float = 0`` thus means "the workshop's".

    Raises
    ------
    InputError
        When neither gives a budget, or ``budget`` is negative.
    """
    if budget is not None and budget < 0:
        raise InputError.single("budget must not be negative", column="budget", value=budget,
                                hint="give the one-off budget in the workshop currency, or 0 for workshop.yml's")
    if budget:
        return float(budget)
    if workshop.settings.budget is None:
        raise InputError.single("no budget given", file="workshop.yml", column="budget",
                                hint="add a line 'budget: 5000000' to workshop.yml, or pass a budget")
    return float(workshop.settings.budget)


def pressure(candidates: pd.DataFrame, budget: float, capacity: Mapping[str, float] | None = None, *,
             cost: str = "cost") -> pd.DataFrame:
    """What all candidates together ask for against each limit.

    Returns
    -------
    DataFrame
        ``constraint, asked, limit, ratio``: ``ratio`` 2 means twice as much is asked as the
        limit allows; rows for the budget and each capacity column.
    """
    limits = {"budget": (cost, float(budget))} | {n: (n, float(v)) for n, v in (capacity or {}).items()}
    rows = []
    for name, (column, limit) in limits.items():
        if column not in candidates.columns:
            raise InputError.single("column not found in the candidates", column=column,
                                    hint=did_you_mean(column, list(map(str, candidates.columns))))
        asked = float(pd.to_numeric(candidates[column], errors="coerce").fillna(0).sum())
        rows.append({"constraint": name, "asked": asked, "limit": limit,
                     "ratio": asked / limit if limit > 0 else np.inf})
    return pd.DataFrame(rows, columns=["constraint", "asked", "limit", "ratio"])


def measure_values(measure: str, *, summary: pd.DataFrame | None = None,
                   priority: pd.DataFrame | None = None) -> pd.DataFrame:
    """The value column for one of :data:`MEASURES`, from the frame that holds it.

    Parameters
    ----------
    measure : str
        ``"mean NPV"`` or ``"p5 NPV"`` (from ``summary``, the value model's
        ``Simulation.summary()``), or ``"priority score"`` (from ``priority``, the
        scoring step's ``kit.scoring.priority``).
    summary, priority : DataFrame, optional
        Frames with an ``opportunity_id`` column and the measure's column.

    Returns
    -------
    DataFrame
        ``opportunity_id, value``.
    """
    if measure not in MEASURES:
        raise InputError.single("unknown value measure", column="value_measure", value=measure,
                                hint=did_you_mean(measure, list(MEASURES)))
    source, column = MEASURES[measure]
    frame = {"summary": summary, "priority": priority}[source]
    if frame is None:
        raise InputError.single(f"the value measure '{measure}' needs the {source} frame",
                                value=measure, hint=f"pass {source}=... to measure_values")
    if column not in frame.columns:
        raise InputError.single(f"column '{column}' not found", column=column,
                                hint="columns found: " + ", ".join(map(str, frame.columns)))
    return pd.DataFrame({"opportunity_id": frame["opportunity_id"].astype(str).to_numpy(),
                         "value": frame[column].astype(float).to_numpy()})


def candidates(workshop: Workshop, values: pd.DataFrame | pd.Series, *,
               column: str = "value") -> pd.DataFrame:
    """The candidates frame for :func:`select`, from a workshop and a value per opportunity.

    Parameters
    ----------
    workshop : Workshop
        Gives titles, one-off cost (the mid of ``cost_low`` and ``cost_high``), effort and
        team, dependencies and the ``mandatory`` flag.
    values : DataFrame or Series
        A frame with ``opportunity_id`` (or ``id``) and ``column``, or a Series indexed by
        opportunity id; e.g. :func:`measure_values`. Every opportunity needs a value, except
        one not yet scored (its value is 0 when it has none).
    column : str, default "value"
        The value column of ``values``.

    Returns
    -------
    DataFrame
        One row per opportunity: ``id, title, value, cost, effort_months, team,
        <team>_months`` (one effort column per team in ``workshop.yml``'s capacity, the
        item's effort in its own team's column and 0 elsewhere), ``depends_on`` (tuple of
        ids), ``mandatory``, ``force_in`` (:data:`MANDATORY_REASON` for mandatory items,
        else empty) and ``force_out``: for an opportunity not yet scored on every criterion
        (:func:`kit.scoring.unscored`, in a workshop with scores) its reason ``not yet scored
        (k of n criteria)``, so no selection chooses it (triage does not say YES to it either;
        it is not forced in even when mandatory), else empty.

    Raises
    ------
    InputError
        When an opportunity has no value, or a value names an unknown opportunity.
    """
    opp = workshop.opportunities
    value_map = _value_map(values, column)
    ids = opp["id"].astype(str).tolist()
    left_out = _unscored(workshop)
    for i in left_out:  # not chosen whatever its value: the ranking's measures have none
        if i not in value_map or not np.isfinite(value_map[i]):
            value_map[i] = 0.0
    problems = [Problem("no value for this opportunity", column=column, value=i,
                        hint="the value frame needs one row per opportunity")
                for i in ids if i not in value_map or not np.isfinite(value_map[i])]
    problems += [Problem("value for an unknown opportunity", column="opportunity_id", value=i,
                         hint=did_you_mean(i, ids)) for i in value_map if i not in set(ids)]
    if problems:
        raise InputError(problems, summary="the values do not match the workshop's opportunities")
    out = pd.DataFrame({
        "id": ids,
        "title": opp["title"].astype(str).to_numpy(),
        "value": [float(value_map[i]) for i in ids],
        "cost": ((opp["cost_low"] + opp["cost_high"]) / 2).astype(float).to_numpy(),
        "effort_months": opp["effort_months"].astype(float).to_numpy(),
        "team": opp["team"].fillna("").astype(str).to_numpy(),
    })
    for team in workshop.settings.capacity:
        out[f"{team}_months"] = np.where(out["team"] == team, out["effort_months"], 0.0)
    out["depends_on"] = [tuple(d) for d in opp["depends_on"]]
    out["mandatory"] = opp["mandatory"].astype(bool).to_numpy()
    unscored_reason = pd.Series([left_out.get(i, "") for i in ids], index=out.index, dtype=object)
    out["force_in"] = np.where(out["mandatory"] & (unscored_reason == ""), MANDATORY_REASON, "")
    out["force_out"] = unscored_reason
    return out


def _unscored(workshop: Workshop) -> dict[str, str]:
    """Opportunity id -> ``not yet scored (k of n criteria)`` (none in a workshop without scores)."""
    if not len(workshop.scores):
        return {}
    from ..scoring import unscored

    left = unscored(workshop)
    return dict(zip(left["opportunity_id"], left["reason"], strict=True))


def _value_map(values: pd.DataFrame | pd.Series, column: str) -> dict[str, float]:
    if isinstance(values, pd.Series):
        return {str(k): float(v) for k, v in values.items()}
    key = "opportunity_id" if "opportunity_id" in values.columns else "id"
    missing = [c for c in (key, column) if c not in values.columns]
    if missing:
        raise InputError.single(f"the value frame has no column '{missing[0]}'", column=missing[0],
                                hint="columns found: " + ", ".join(map(str, values.columns)))
    return {str(k): float(v) for k, v in zip(values[key], values[column], strict=True)}
