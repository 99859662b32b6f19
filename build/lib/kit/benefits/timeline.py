"""Value as a rate per period: realised money per quarter by value layer or business goal, and
the business rates themselves (``goal_rates``) against their baseline.

A year's actual is spread evenly over its quarters from the workshop's start. An
opportunity's value is shared among the goals it serves in proportion to its alignment with
each (``align_<goal>``; equal shares when none is given).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from ..schemas.actuals import model_quarters
from ..schemas.periods import quarter_label, quarter_number
from ..settings import LAYERS, did_you_mean
from ..text import number
from ..workshop import Workshop
from .promise import checks as all_checks

__all__ = ["goal_rate_sentences", "goal_rates", "goal_shares", "value_by_period"]

_BY = ("layer", "goal")
_PERIOD_COLUMNS = ["quarter", "period", "key", "name", "realised", "promised"]
_RATE_COLUMNS = ["goal_id", "goal", "quarter", "period", "value", "unit", "baseline", "baseline_period", "change",
                 "source", "note"]


def goal_shares(workshop: Workshop) -> pd.DataFrame:
    """How each opportunity's value is shared among its goals: ``opportunity_id, goal_id, share``.

    Weights are the alignment levels of the goals it lists (equal when they are all zero);
    an opportunity listing no goal has no rows.
    """
    rows = []
    for r in workshop.opportunities.itertuples(index=False):
        goals = [g for g in r.goals if g in workshop.settings.goal_ids]
        weights = np.nan_to_num(np.array([float(getattr(r, f"align_{g}", 0) or 0) for g in goals]))
        if not goals:
            continue
        if weights.sum() <= 0:
            weights = np.ones(len(goals))
        rows += [(r.id, g, w / weights.sum()) for g, w in zip(goals, weights, strict=True)]
    return pd.DataFrame(rows, columns=["opportunity_id", "goal_id", "share"])


def value_by_period(workshop: Workshop, by: str = "layer") -> pd.DataFrame:
    """Realised and promised money per quarter, by value layer or by goal.

    ``promised`` is the mid-point of the estimates for the same drivers and periods (like
    compared with like: a driver not reported in a quarter promises nothing there).

    Parameters
    ----------
    workshop : Workshop
    by : {"layer", "goal"}

    Returns
    -------
    DataFrame
        ``quarter`` (its number, for ordering), ``period`` (``2027-Q3``), ``key`` (layer or
        goal id), ``name`` (its display name), ``realised``, ``promised``: one row per quarter
        and key with anything reported, in the workshop currency.
    """
    if by not in _BY:
        raise InputError.single("unknown grouping for value by period", column="by", value=by,
                                hint=did_you_mean(str(by), _BY))
    found = all_checks(workshop)
    if not len(found):
        return pd.DataFrame(columns=_PERIOD_COLUMNS)
    first, last = model_quarters(workshop.settings)
    parts = []
    for c in found.itertuples(index=False):
        covered = [q for q in range(c.first_quarter, c.last_quarter + 1) if first <= q <= last]
        for q in covered:
            parts.append((c.opportunity_id, c.layer, q, c.money / len(covered), c.mid_money / len(covered)))
    spread = pd.DataFrame(parts, columns=["opportunity_id", "layer", "quarter", "realised", "promised"])
    if by == "layer":
        spread["key"] = spread["layer"]
        names = {layer: layer.capitalize() for layer in LAYERS}
        order = list(LAYERS)
    else:
        spread = spread.merge(goal_shares(workshop), on="opportunity_id", how="inner")
        spread["realised"] *= spread["share"]
        spread["promised"] *= spread["share"]
        spread["key"] = spread["goal_id"]
        names = {g.id: g.name for g in workshop.settings.goals}
        order = workshop.settings.goal_ids
    out = spread.groupby(["quarter", "key"], as_index=False)[["realised", "promised"]].sum()
    out["period"] = out["quarter"].map(quarter_label)
    out["name"] = out["key"].map(names)
    out["_order"] = out["key"].map({k: i for i, k in enumerate(order)})
    return out.sort_values(["quarter", "_order"], kind="stable")[_PERIOD_COLUMNS].reset_index(drop=True)


def goal_rates(workshop: Workshop) -> pd.DataFrame:
    """The measured business rates per goal and period, each beside its goal's baseline.

    Returns
    -------
    DataFrame
        One row per measured rate (``kind`` rate of ``goal_rates``), by goal in
        ``workshop.yml`` order then period: ``goal_id, goal, quarter`` (the period's first
        quarter number), ``period, value, unit, baseline, baseline_period, change`` (value -
        baseline; NaN without a baseline), ``source, note``. Goals with a baseline and no
        rate yet have one row with ``period`` empty and ``value`` NaN.
    """
    table = workshop.tables.get("goal_rates")
    if table is None or not len(table):
        return pd.DataFrame(columns=_RATE_COLUMNS)
    kinds = table["kind"].replace("", "rate")
    base = table[kinds == "baseline"].drop_duplicates("goal_id").set_index("goal_id")
    rates = table[kinds == "rate"]
    names = {g.id: g.name for g in workshop.settings.goals}
    rows = []
    for goal in workshop.settings.goal_ids:
        mine = rates[rates["goal_id"] == goal]
        has_base = goal in base.index
        b_value = float(base.at[goal, "value"]) if has_base else np.nan
        b_period = str(base.at[goal, "period"]) if has_base else ""
        b_unit = str(base.at[goal, "unit"]) if has_base else ""
        if not len(mine) and has_base:
            rows.append({"goal_id": goal, "goal": names[goal], "quarter": np.nan, "period": "", "value": np.nan,
                         "unit": b_unit, "baseline": b_value, "baseline_period": b_period, "change": np.nan,
                         "source": base.at[goal, "source"], "note": base.at[goal, "note"]})
        for r in mine.itertuples(index=False):
            rows.append({"goal_id": goal, "goal": names[goal], "quarter": quarter_number(r.period), "period": r.period,
                         "value": float(r.value), "unit": r.unit or b_unit, "baseline": b_value,
                         "baseline_period": b_period, "change": float(r.value) - b_value, "source": r.source,
                         "note": r.note})
    out = pd.DataFrame(rows, columns=_RATE_COLUMNS)
    out["_goal"] = out["goal_id"].map({g: i for i, g in enumerate(workshop.settings.goal_ids)})
    return out.sort_values(["_goal", "quarter"], kind="stable").drop(columns="_goal").reset_index(drop=True)


def goal_rate_sentences(rates: pd.DataFrame) -> list[str]:
    """One sentence per goal of :func:`goal_rates`: its latest rate against its baseline."""
    lines = []
    for _, part in rates.groupby("goal_id", sort=False):
        measured = part[part["value"].notna()]
        first = part.iloc[0]
        unit = f" {first['unit']}" if str(first["unit"]).strip() else ""
        base = (f"a baseline of {number(first['baseline'])}{unit} ({first['baseline_period']})"
                if np.isfinite(first["baseline"]) else "")
        if not len(measured):
            lines.append(f"{first['goal']}: {base}, no measured rate yet.")
            continue
        latest = measured.iloc[-1]
        text = f"{first['goal']}: {number(latest['value'])}{unit} in {latest['period']}"
        if base:
            change = float(latest["change"])
            move = "level with" if abs(change) < 1e-12 else ("up " if change > 0 else "down ") + number(abs(change))
            text += f", {move}{'' if move == 'level with' else ' on'} {base}"
        lines.append(text + ".")
    return lines
