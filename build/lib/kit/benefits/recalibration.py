"""Recalibrated estimates: the next round's 90% intervals, learnt from how the last ones landed.

For every benefit estimate of an *open* opportunity (one with no actuals yet), the track
record of whoever estimated it (its opportunity's sponsor, or business unit) moves and widens
its interval, as the calibration table says (:func:`kit.benefits.calibration`, columns
``shift`` and ``widen``):

1. **shift**: low, high and the most likely value are multiplied by the group's bias, when
   the bias is called out (more than 15% from 1);
2. **widen** about the shifted mid-point, when the group's intervals are called too narrow,
   by the factor that would have put 9 in 10 of its actuals inside. Lognormal estimates widen
   in log space (their low stays above zero).

A calibrated group's estimates stay exactly as they were, and no interval is ever narrowed: a
year of actuals is too little to claim more certainty. A group with fewer than
:data:`~kit.benefits.calibration.MIN_CHECKS` checks, or with actuals from one opportunity only,
borrows the record of all estimates together; with too few checks in all, estimates stay as they were. Costs are not
recalibrated: actuals measure benefits.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..text import percent
from ..workshop import Workshop
from .calibration import MIN_CHECKS, calibration
from .promise import checks as all_checks

__all__ = ["MIN_OPPORTUNITIES", "open_opportunities", "recalibrate", "recalibrated_workshop", "recalibration_effect"]

_ALL = "all estimates"
#: A group's own record counts only when its actuals come from this many opportunities: one
#: opportunity's shortfall says as much about its delivery as about its estimator.
MIN_OPPORTUNITIES = 2
_COLUMNS = ["estimate", "opportunity_id", "title", "driver", "layer", "unit", "distribution", "group", "basis",
            "checks", "verdict", "shift", "widen", "low", "high", "most_likely", "new_low", "new_high",
            "new_most_likely", "changed", "reason"]


def open_opportunities(workshop: Workshop) -> list[str]:
    """Ids of the opportunities without actuals, in the workshop's order."""
    actuals = workshop.tables.get("actuals")
    reported = set(actuals["opportunity_id"]) if actuals is not None and len(actuals) else set()
    return [i for i in workshop.opportunities["id"] if i not in reported]


def recalibrate(workshop: Workshop, *, by: str = "sponsor", min_checks: int = MIN_CHECKS,
                opportunities: Iterable[str] | None = None) -> pd.DataFrame:
    """New 90% intervals for the benefit estimates of open opportunities.

    Parameters
    ----------
    workshop : Workshop
    by : {"sponsor", "business_unit"}
        Whose track record an estimate inherits: its opportunity's sponsor or business unit.
    min_checks : int
        A group with fewer checks (or with actuals from one opportunity only, see
        :data:`MIN_OPPORTUNITIES`) borrows the record of all estimates together.
    opportunities : list of str, optional
        Whose estimates to recalibrate; the open ones (:func:`open_opportunities`) by default.

    Returns
    -------
    DataFrame
        One row per estimate: ``estimate`` (its row in ``workshop.estimates``),
        ``opportunity_id, title, driver, layer, unit, distribution, group, basis`` (whose
        record was used: the group, ``all estimates`` or ``none``), ``checks`` (of that
        record), its ``verdict``, the ``shift`` and ``widen`` applied, the old ``low, high,
        most_likely``, the new ``new_low, new_high, new_most_likely``, ``changed`` and
        ``reason`` in words.
    """
    table = calibration(all_checks(workshop), by=by, min_checks=min_checks)
    groups = {r.group: r for r in table.iloc[1:].itertuples(index=False)}
    records = {g: r for g, r in groups.items() if r.checks >= min_checks and r.opportunities >= MIN_OPPORTUNITIES}
    overall = table.iloc[0]
    chosen = open_opportunities(workshop) if opportunities is None else list(opportunities)
    opp = workshop.opportunities.set_index("id")
    est = workshop.estimates
    rows = []
    for index, e in est[est["opportunity_id"].isin(chosen)].iterrows():
        owner = str(opp.at[e["opportunity_id"], by] if by in opp else "").strip() or "(none)"
        record = records.get(owner)
        if record is not None:
            basis, n, verdict, shift, widen = owner, record.checks, record.verdict, record.shift, record.widen
        elif overall["checks"] >= min_checks:
            basis, n, verdict = _ALL, int(overall["checks"]), str(overall["verdict"])
            shift, widen = float(overall["shift"]), float(overall["widen"])
        else:
            basis, n, verdict, shift, widen = "none", int(overall["checks"]), "too few checks", 1.0, 1.0
        own = groups.get(owner)
        why = ("all come from one opportunity" if own is not None and own.checks >= min_checks
               else "are too few")
        rows.append(_new_interval(index, e, opp.at[e["opportunity_id"], "title"], owner, basis, int(n), verdict,
                                  float(shift), float(widen), why))
    return pd.DataFrame(rows, columns=_COLUMNS)


def _new_interval(index: int, e: pd.Series, title: str, owner: str, basis: str, n: int, verdict: str,
                  bias: float, widen: float, why: str = "are too few") -> dict[str, object]:
    low, high = float(e["low"]), float(e["high"])
    mode = e.get("most_likely", np.nan)
    mode = float(mode) if mode is not None and not pd.isna(mode) else np.nan
    changed = not (bias == 1.0 and widen == 1.0)
    if not changed:
        new_low, new_high, new_mode = low, high, mode
    elif e["distribution"] == "lognormal" and low > 0:
        centre, spread = bias * np.sqrt(low * high), np.sqrt(high / low)
        new_low, new_high, new_mode = centre / spread**widen, centre * spread**widen, np.nan
    else:
        mid, half = (low + high) / 2, (high - low) / 2
        new_low, new_high = bias * (mid - widen * half), bias * (mid + widen * half)
        new_mode = bias * mode if np.isfinite(mode) else np.nan
    whose = (f"all estimates together (the actuals of {owner} {why})" if basis == _ALL
             else f"the estimates of {basis}")
    if basis == "none":
        reason = "unchanged: too few actuals to learn from yet"
    elif not changed:
        reason = f"unchanged: {whose} are {verdict} ({n} checks)"
    else:
        moves = [f"shifted to {percent(bias)}" if bias != 1.0 else "", f"widened {widen:.1f} times" if widen > 1 else ""]
        reason = f"{whose} are {verdict} ({n} checks): range " + " and ".join(m for m in moves if m)
    return {"estimate": index, "opportunity_id": e["opportunity_id"], "title": title, "driver": e["driver"],
            "layer": e["layer"], "unit": e["unit"], "distribution": e["distribution"], "group": owner, "basis": basis,
            "checks": n, "verdict": verdict, "shift": bias, "widen": widen, "low": low, "high": high, "most_likely": mode,
            "new_low": float(new_low), "new_high": float(new_high), "new_most_likely": float(new_mode),
            "changed": changed, "reason": reason}


def recalibrated_workshop(workshop: Workshop, *, by: str = "sponsor", min_checks: int = MIN_CHECKS) -> Workshop:
    """The same workshop with the open opportunities' estimates recalibrated (:func:`recalibrate`).

    Nothing is written: the returned workshop holds new ``estimates`` in memory, so
    :func:`kit.scenarios.simulate` on it values the next round with what the last one taught.
    """
    new = recalibrate(workshop, by=by, min_checks=min_checks)
    est = workshop.estimates.copy()
    if len(new):
        at = new["estimate"].to_numpy()
        est.loc[at, "low"] = new["new_low"].to_numpy()
        est.loc[at, "high"] = new["new_high"].to_numpy()
        if "most_likely" in est:
            est.loc[at, "most_likely"] = new["new_most_likely"].to_numpy()
    return dataclasses.replace(workshop, tables={**workshop.tables, "estimates": est})


def recalibration_effect(workshop: Workshop, *, by: str = "sponsor", n: int = 5_000, seed: int = 2027,
                         opportunities: Iterable[str] | None = None) -> pd.DataFrame:
    """The NPV range of the open opportunities together, as estimated and as recalibrated.

    Both simulations use the same seed, so their draws are shared and the difference comes
    from the recalibration alone (:func:`kit.scenarios.simulate`, base scenario).

    Returns
    -------
    DataFrame
        Two rows, ``calibration`` = ``as estimated`` and ``recalibrated``: ``opportunities,
        npv_mean, npv_p5, npv_p50, npv_p95, p_loss, benefit_pv``; no rows when no
        opportunity is open.
    """
    from ..scenarios import simulate

    columns = ["calibration", "opportunities", "npv_mean", "npv_p5", "npv_p50", "npv_p95", "p_loss", "benefit_pv"]
    chosen = open_opportunities(workshop) if opportunities is None else list(opportunities)
    if not chosen:
        return pd.DataFrame(columns=columns)
    frames = []
    for label, ws in (("as estimated", workshop), ("recalibrated", recalibrated_workshop(workshop, by=by))):
        summary = simulate(ws, n=n, seed=seed, opportunities=chosen).portfolio_summary()
        frames.append(summary.assign(calibration=label))
    return pd.concat(frames, ignore_index=True)[columns]
