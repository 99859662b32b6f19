"""Realised against promised, per driver and per opportunity: ahead, on track, behind, not
yet due or not reported, each with its reason in words.

A driver is compared over the periods reported for it: the values added up against its
estimate's 90% interval for those periods (the yearly interval times the share due, ramp
included; see :mod:`kit.benefits.promise`). An opportunity is compared in money: what its
drivers delivered against the sum of their mid-points, give or take the 90% half-width of a
sum of independent estimates (the square root of the summed squared half-widths, as the value
model draws estimates independently). A driver or an opportunity is *ahead* above its
interval, *behind* below it and *on track* inside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..schemas.actuals import model_quarters
from ..schemas.periods import quarter_label
from ..text import money, number, percent, plural
from ..workshop import Workshop
from .promise import checks, estimate_rows, fraction_due, start_label

__all__ = ["AHEAD", "BEHIND", "NOT_REPORTED", "NOT_YET_DUE", "ON_TRACK", "STATUSES", "Realisation",
           "delivered_so_far", "realisation"]

AHEAD, ON_TRACK, BEHIND, NOT_REPORTED, NOT_YET_DUE = "ahead", "on track", "behind", "not reported", "not yet due"
#: Every status, in the order tables and charts show them.
STATUSES: tuple[str, ...] = (AHEAD, ON_TRACK, BEHIND, NOT_REPORTED, NOT_YET_DUE)

_DRIVER_COLUMNS = ["opportunity_id", "title", "sponsor", "business_unit", "layer", "driver", "unit", "estimate",
                   "starts", "periods", "reported", "realised", "low", "mid", "high", "share_of_mid",
                   "realised_money", "low_money", "mid_money", "high_money", "status", "reason"]
_OPPORTUNITY_COLUMNS = ["opportunity_id", "title", "sponsor", "business_unit", "drivers", "reported", "realised",
                        "low", "mid", "high", "share_of_mid", "status", "reason"]
_NO_ACTUALS = ("No actuals yet: add actuals.csv (opportunity_id, driver, period, value) to the workshop folder "
               "to compare what was delivered with what was promised.")


@dataclass(frozen=True)
class Realisation:
    """What the YES list delivered so far, against what its estimates promised.

    Attributes
    ----------
    checks : DataFrame
        One row per actual, next to its period's promise (:func:`kit.benefits.checks`).
    drivers : DataFrame
        One row per estimate of every opportunity with actuals: ``opportunity_id, title,
        sponsor, business_unit, layer, driver, unit, estimate, starts, periods, reported,
        realised, low, mid, high, share_of_mid, realised_money, low_money, mid_money,
        high_money, status, reason``. ``realised`` and the interval ``low``–``high`` (mid
        ``mid``) are in the estimate's unit over the periods reported; ``share_of_mid`` is
        realised / mid; ``status`` one of :data:`STATUSES`.
    opportunities : DataFrame
        One row per opportunity with actuals: ``opportunity_id, title, sponsor,
        business_unit, drivers, reported, realised, low, mid, high, share_of_mid, status,
        reason``, in money.
    since, as_of : str
        The first and last quarter any actual covers (``""`` without actuals).
    currency : str
    """

    checks: pd.DataFrame
    drivers: pd.DataFrame
    opportunities: pd.DataFrame
    since: str
    as_of: str
    currency: str

    @property
    def empty(self) -> bool:
        """True when the workshop has no actuals."""
        return not len(self.checks)

    def findings(self) -> list[str]:
        """Sentences for the top of workbook 06: what was delivered, what is ahead, behind, missing."""
        if self.empty:
            return [_NO_ACTUALS]
        delivered = self.delivered_so_far()
        lines = [delivered["text"] + "."] if delivered else []
        opp = self.opportunities
        for status, lead in ((AHEAD, "Ahead of their range"), (BEHIND, "Behind their range")):
            chosen = opp[opp["status"] == status]
            if len(chosen):
                lines.append(f"{lead}: " + "; ".join(
                    f"{r.opportunity_id} {r.title} ({percent(r.share_of_mid)} of the mid-point)"
                    if np.isfinite(r.share_of_mid) else f"{r.opportunity_id} {r.title}"
                    for r in chosen.itertuples(index=False)) + ".")
        on_track = int((opp["status"] == ON_TRACK).sum())
        if on_track:
            lines.append(f"On track: {plural(on_track, 'opportunity')} within the range promised for the periods "
                         "reported.")
        missing = self.drivers[self.drivers["status"] == NOT_REPORTED]
        if len(missing):
            lines.append("Due but not reported: " + "; ".join(
                f"{r.opportunity_id} '{r.driver}'" for r in missing.itertuples(index=False))
                + ". Without a number there is nothing to learn from.")
        waiting = opp[opp["status"] == NOT_YET_DUE]
        if len(waiting):
            lines.append("Not yet due: " + "; ".join(f"{r.opportunity_id} {r.title}" for r in waiting.itertuples(index=False))
                         + ".")
        return lines

    def delivered_so_far(self) -> dict[str, Any] | None:
        """The executive summary's tile: the money delivered so far, against the promise.

        Returns
        -------
        dict or None
            None without actuals; else ``label`` ("Delivered so far"), ``value`` (money
            delivered), ``promised`` (the mid-points promised for the same periods), ``low``
            and ``high`` (the summed ranges of the opportunities compared), ``share``
            (value / promised), ``since``, ``as_of``, ``currency``, the number of
            ``opportunities`` with actuals and how many are ``ahead``, ``on_track``,
            ``behind``, ``not_reported`` and ``not_yet_due``, and ``text``, the figure in words.
        """
        if self.empty:
            return None
        opp = self.opportunities
        compared = opp[opp["status"].isin((AHEAD, ON_TRACK, BEHIND))]
        value, promised = float(opp["realised"].sum()), float(compared["mid"].sum())
        counts = {status: int((opp["status"] == status).sum()) for status in STATUSES}
        share = value / promised if promised > 0 else float("nan")
        words = ", ".join(f"{n} {status}" for status, n in counts.items() if n)
        c = self.currency
        text = (f"{money(value, c)} delivered from {self.since} to {self.as_of}, against {money(promised, c)} "
                f"promised for the same periods" + (f" ({percent(share)})" if np.isfinite(share) else "")
                + f"; of {plural(len(opp), 'opportunity')}: {words}")
        return {"label": "Delivered so far", "value": value, "promised": promised,
                "low": float(compared["low"].sum()), "high": float(compared["high"].sum()), "share": share,
                "since": self.since, "as_of": self.as_of, "currency": c, "opportunities": len(opp),
                "ahead": counts[AHEAD], "on_track": counts[ON_TRACK], "behind": counts[BEHIND],
                "not_reported": counts[NOT_REPORTED], "not_yet_due": counts[NOT_YET_DUE], "text": text}

    def notes(self) -> pd.DataFrame:
        """The actuals that carry a note or a source, as typed: ``opportunity_id, driver, period,
        value, unit, source, note`` (show them with :func:`kit.apps.display.table`: as text)."""
        c = self.checks
        typed = (c["note"].astype(str).str.strip() != "") | (c["source"].astype(str).str.strip() != "")
        return c.loc[typed, ["opportunity_id", "driver", "period", "value", "unit", "source", "note"]].reset_index(
            drop=True)


def realisation(workshop: Workshop) -> Realisation:
    """Compare what every opportunity with actuals delivered with what its estimates promised.

    Parameters
    ----------
    workshop : Workshop
        From :func:`kit.load_workshop`; without an ``actuals`` table everything is empty and
        :meth:`Realisation.findings` says how to add one.

    Returns
    -------
    Realisation
    """
    found = checks(workshop)
    currency = workshop.settings.currency
    if not len(found):
        return Realisation(found, pd.DataFrame(columns=_DRIVER_COLUMNS), pd.DataFrame(columns=_OPPORTUNITY_COLUMNS),
                           "", "", currency)
    first, last = model_quarters(workshop.settings)
    since, as_of = int(found["first_quarter"].min()), int(found["last_quarter"].max())
    tracked = [i for i in workshop.opportunities["id"] if i in set(found["opportunity_id"])]
    est = estimate_rows(workshop)
    est = est[est["opportunity_id"].isin(tracked)]
    est = est.assign(_order=est["opportunity_id"].map({o: n for n, o in enumerate(tracked)})).sort_values(
        ["_order", "estimate"], kind="stable")
    drivers = pd.DataFrame([_driver(e, found[found["estimate"] == e.estimate], workshop, (first, last), since, as_of)
                            for e in est.itertuples(index=False)], columns=_DRIVER_COLUMNS)
    opportunities = pd.DataFrame([_opportunity(drivers[drivers["opportunity_id"] == o], found, currency)
                                  for o in tracked], columns=_OPPORTUNITY_COLUMNS)
    return Realisation(found, drivers, opportunities, quarter_label(since), quarter_label(as_of), currency)


def delivered_so_far(workshop: Workshop) -> dict[str, Any] | None:
    """The "delivered so far" figure of a workshop and its words (None without actuals).

    See :meth:`Realisation.delivered_so_far` for the keys; the executive summary shows
    ``text`` as one key figure.
    """
    return realisation(workshop).delivered_so_far()


def _quantity(value: float, unit: str, currency: str) -> str:
    """An amount in an estimate's unit: money when the unit is the currency (or empty)."""
    if not unit or unit == currency:
        return money(value, currency)
    return f"{number(value)} {unit}"


def _span(first: int, last: int) -> str:
    if first == last:
        return f"in {quarter_label(first)}"
    if first % 4 == 0 and last == first + 3:
        return f"in {first // 4}"
    return f"from {quarter_label(first)} to {quarter_label(last)}"


def _verdict(realised: float, low: float, high: float) -> tuple[str, str]:
    tol = 1e-9 * max(1.0, abs(low), abs(high))
    if realised > high + tol:
        return AHEAD, "above"
    if realised < low - tol:
        return BEHIND, "below"
    return ON_TRACK, "within"


def _driver(e: Any, rows: pd.DataFrame, workshop: Workshop, model: tuple[int, int], since: int,
            as_of: int) -> dict[str, Any]:
    currency = workshop.settings.currency
    first, last = model
    starts = start_label(workshop, e.start_year)
    uv = float(e.unit_value)
    record: dict[str, Any] = {
        "opportunity_id": e.opportunity_id, "title": e.title, "sponsor": e.sponsor, "business_unit": e.business_unit,
        "layer": e.layer, "driver": e.driver, "unit": e.unit, "estimate": int(e.estimate), "starts": starts,
        "periods": len(rows), "reported": "", "realised": np.nan, "low": np.nan, "mid": np.nan, "high": np.nan,
        "share_of_mid": np.nan, "realised_money": 0.0, "low_money": 0.0, "mid_money": 0.0, "high_money": 0.0}
    if not len(rows):
        due = fraction_due(range(first, as_of + 1), first, last, int(e.start_year), int(e.ramp_years)) > 0
        if due:
            status = NOT_REPORTED
            reason = f"due from {starts}, nothing reported up to {quarter_label(as_of)}"
        else:
            status, reason = NOT_YET_DUE, f"benefits start in {starts}"
        return record | {"status": status, "reason": reason}
    fraction = float(rows["fraction"].sum())
    realised = float(rows["value"].sum())
    low, high = float(e.low) * fraction, float(e.high) * fraction
    mid = (low + high) / 2
    span = _span(int(rows["first_quarter"].min()), int(rows["last_quarter"].max()))
    record |= {"reported": span.removeprefix("in ").removeprefix("from "), "realised": realised,
               "realised_money": realised * uv}
    if fraction == 0:
        if realised > 0:
            return record | {"status": AHEAD, "reason": f"{_quantity(realised, e.unit, currency)} {span}, before its "
                                                         f"benefits were due (from {starts})"}
        return record | {"status": NOT_YET_DUE, "reason": f"benefits start in {starts}"}
    share = realised / mid if mid > 0 else np.nan
    status, where = _verdict(realised, low, high)
    covered = sum(len(range(max(a, first), min(b, last) + 1)) for a, b in
                  zip(rows["first_quarter"], rows["last_quarter"], strict=True)) / 4
    ramp = " (ramp-up counted)" if fraction < covered - 1e-9 else ""
    q = _quantity
    reason = (f"{q(realised, e.unit, currency)} {span}, {where} the {q(low, e.unit, currency)} to "
              f"{q(high, e.unit, currency)} promised for {'that period' if len(rows) == 1 else 'those periods'}{ramp}"
              + (f": {percent(share)} of the mid-point" if np.isfinite(share) else ""))
    return record | {"low": low, "mid": mid, "high": high, "share_of_mid": share, "low_money": low * uv,
                     "mid_money": mid * uv, "high_money": high * uv, "status": status, "reason": reason}


def _opportunity(drivers: pd.DataFrame, found: pd.DataFrame, currency: str) -> dict[str, Any]:
    first = drivers.iloc[0]
    oid = first["opportunity_id"]
    rows = found[found["opportunity_id"] == oid]
    span = _span(int(rows["first_quarter"].min()), int(rows["last_quarter"].max()))
    realised = float(drivers["realised_money"].sum())
    compared = drivers[drivers["status"].isin((AHEAD, ON_TRACK, BEHIND)) & drivers["mid"].notna()]
    record: dict[str, Any] = {
        "opportunity_id": oid, "title": first["title"], "sponsor": first["sponsor"],
        "business_unit": first["business_unit"], "drivers": len(drivers),
        "reported": span.removeprefix("in ").removeprefix("from "), "realised": realised}
    counts = ", ".join(f"{n} {s}" for s in STATUSES if (n := int((drivers["status"] == s).sum())))
    missing = drivers.loc[drivers["status"] == NOT_REPORTED, "driver"].tolist()
    tail = f"; drivers: {counts}" + (f"; nothing reported for {', '.join(repr(m) for m in missing)}" if missing else "")
    if not len(compared):
        if realised > 0:
            status, reason = AHEAD, f"{money(realised, currency)} {span}, before its benefits were due"
        elif missing:
            status, reason = NOT_REPORTED, f"due, but nothing reported for {', '.join(repr(m) for m in missing)}"
        else:
            starts = min(drivers["starts"])
            status, reason = NOT_YET_DUE, f"benefits start in {starts}"
        return record | {"low": np.nan, "mid": np.nan, "high": np.nan, "share_of_mid": np.nan, "status": status,
                         "reason": reason}
    mid = float(compared["mid_money"].sum())
    half = float(np.sqrt((((compared["high_money"] - compared["low_money"]) / 2) ** 2).sum()))
    low, high = mid - half, mid + half
    status, where = _verdict(realised, low, high)
    share = realised / mid if mid > 0 else np.nan
    reason = (f"{money(realised, currency)} {span}, {where} the {money(low, currency)} to {money(high, currency)} "
              "promised for the periods reported" + (f" ({percent(share)} of the mid-point)" if np.isfinite(share) else "")
              + tail)
    return record | {"low": low, "mid": mid, "high": high, "share_of_mid": share, "status": status, "reason": reason}
