"""The value model's inputs: every uncertain number of a workshop, and a scenario's multipliers."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..settings import SCENARIO_KEYS, Settings, did_you_mean
from ..workshop import Workshop

__all__ = ["model_inputs", "scenario_multipliers"]


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
