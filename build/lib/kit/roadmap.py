"""Roadmap: the chosen opportunities scheduled into quarters, within each team's capacity.

A serial schedule: items are taken one at a time in priority order (mandatory first, then
the order given, by default the highest value per person-month first), each as soon as
everything it depends on is finished, and its effort is spread over the following quarters
by what its team still has free. An item never takes more than ``max_share`` of its team's
quarterly capacity, so several items progress side by side as they do in real teams.
What slips (past a due quarter or past the horizon) is reported with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, Problem
from .settings import did_you_mean
from .workshop import Workshop

__all__ = ["Roadmap", "quarter_label", "quarter_start", "roadmap"]

_EPS = 1e-9


def _parse_quarter(text: str, column: str = "start") -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*-?\s*Q([1-4])\s*", str(text), flags=re.IGNORECASE)
    if not match:
        raise InputError.single("is not a year and quarter", column=column, value=text,
                                hint="write it like 2027-Q1")
    return int(match.group(1)), int(match.group(2))


def quarter_label(start: str, offset: int) -> str:
    """The quarter ``offset`` quarters after ``start``: ``quarter_label("2027-Q1", 5) == "2028-Q2"``."""
    year, q = _parse_quarter(start)
    n = year * 4 + (q - 1) + int(offset)
    return f"{n // 4}-Q{n % 4 + 1}"


def quarter_start(start: str, offset: int) -> pd.Timestamp:
    """First day of the quarter ``offset`` quarters after ``start``."""
    year, q = _parse_quarter(quarter_label(start, offset))
    return pd.Timestamp(year=year, month=3 * (q - 1) + 1, day=1)


def _quarter_offset(start: str, label: str, column: str) -> int:
    y0, q0 = _parse_quarter(start)
    y, q = _parse_quarter(label, column)
    return (y * 4 + q - 1) - (y0 * 4 + q0 - 1)


@dataclass(frozen=True)
class Roadmap:
    """A schedule of the chosen set by quarter.

    Attributes
    ----------
    schedule : DataFrame
        One row per item: ``id, title, team, effort_months, mandatory, start, finish`` (quarter
        labels), ``start_index, finish_index`` (quarters from the roadmap start),
        ``start_date, end_date`` (first day of the start quarter, first day after the finish
        quarter), ``due, due_date`` (the due quarter, if any, and the first day after it),
        ``status`` (``on plan``, ``late``, ``beyond horizon``, ``not scheduled``) and
        ``reason`` (a sentence: what it waited for, what slipped).
    allocation : DataFrame
        Long form: ``id, team, quarter, quarter_index, months`` (effort placed per quarter).
    load : DataFrame
        Long form: ``team, quarter, quarter_index, used, capacity, utilisation``.
    quarters : list[str]
        The quarters of the horizon, from the workshop's ``start``.
    """

    schedule: pd.DataFrame
    allocation: pd.DataFrame
    load: pd.DataFrame
    quarters: list[str]

    def findings(self) -> list[str]:
        """Plain sentences: when the work ends, how busy the teams are, and what slips."""
        done = self.schedule[self.schedule["finish"] != ""]
        if self.schedule.empty:
            return ["Nothing to schedule."]
        last = done.loc[done["finish_index"].idxmax()] if len(done) else None
        lines = [f"{len(done)} of {len(self.schedule)} items scheduled"
                 + (f"; the last, {last['id']}, finishes in {last['finish']}." if last is not None else ".")]
        first_year = self.load[self.load["quarter_index"] < 4]
        if len(first_year):
            busy = first_year.groupby("team")["utilisation"].mean().sort_values(ascending=False)
            lines.append("Capacity used in the first four quarters: "
                         + ", ".join(f"{team} {share:.0%}" for team, share in busy.items()) + ".")
        slips = self.slips()
        return lines + (slips if slips else ["Nothing slips: every item finishes within the horizon"
                                             " and by its due quarter."])

    def slips(self) -> list[str]:
        """One sentence per item that misses its due quarter, the horizon, or cannot be placed."""
        late = self.schedule[self.schedule["status"] != "on plan"]
        return [f"{r.id} {r.title}: {r.reason}" for r in late.itertuples(index=False)]


def roadmap(workshop: Workshop, selected: Any, *, order: Sequence[str] | None = None,
            due: Mapping[str, str] | None = None, max_share: float = 0.5,
            quarters: int | None = None) -> Roadmap:
    """Schedule the chosen opportunities into quarters from the workshop's ``start``.

    Parameters
    ----------
    workshop : Workshop
        Gives each item's effort (person-months) and team, dependencies, the ``mandatory``
        flag, the start quarter, the horizon and each team's capacity per quarter
        (``capacity`` in ``workshop.yml``). A ``due`` column in the opportunities table
        (e.g. ``2027-Q4``), when present, gives due quarters.
    selected : Selection or iterable of ids
        The chosen set: a :class:`kit.portfolio.Selection` (its value per cost sets the
        default order) or opportunity ids.
    order : sequence of ids, optional
        Priority order (first is scheduled first). Mandatory items always come first, and an
        item's prerequisites inherit its priority.
    due : mapping id -> quarter, optional
        Due quarters such as ``{"OPP-23": "2027-Q4"}`` (added to any ``due`` column).
    max_share : float, default 0.5
        The largest share of its team's quarterly capacity one item may take in a quarter.
    quarters : int, optional
        Quarters in the horizon (default ``4 × horizon_years``). Work may run past it, and is
        then reported as slipping; the schedule stops at three times the horizon.

    Returns
    -------
    Roadmap

    Raises
    ------
    InputError
        When an item's team has no capacity in ``workshop.yml``, an id is unknown, or a due
        quarter cannot be read.
    """
    settings = workshop.settings
    opp = workshop.opportunities.set_index(workshop.opportunities["id"].astype(str), drop=False)
    ids, value_rank = _selected_ids(selected)
    known = opp.index.tolist()
    problems = [Problem("unknown opportunity in the selection", column="id", value=i,
                        hint=did_you_mean(i, known)) for i in ids if i not in opp.index]
    if not 0 < max_share <= 1:
        problems.append(Problem("max_share must be above 0 and at most 1", column="max_share",
                                value=max_share, hint="e.g. 0.5: one item takes at most half a team"))
    capacity = {str(k): float(v) for k, v in settings.capacity.items()}
    for i in ids:
        if i in opp.index:
            team = str(opp.at[i, "team"] or "")
            if team not in capacity:
                hint = (did_you_mean(team, list(capacity)) + " (teams come from capacity in workshop.yml)"
                        if capacity else "add 'capacity:' with person-months per quarter by team to workshop.yml")
                problems.append(Problem("has no team with capacity to schedule it", column="team",
                                        value=f"{i}: {team or '(no team)'}", hint=hint))
    due_at = _due(opp, ids, due, settings.start, problems)
    if problems:
        raise InputError(problems, summary="the roadmap cannot be scheduled")

    horizon = int(quarters or settings.horizon_years * 4)
    last = 3 * horizon
    rank = _ranks(opp, ids, order, value_rank)
    free = {team: np.full(last, cap) for team, cap in capacity.items()}
    finish: dict[str, int] = {}
    unscheduled: set[str] = set()
    rows: list[dict[str, Any]] = []
    alloc: list[dict[str, Any]] = []
    pending = sorted(ids, key=lambda i: rank[i])
    while pending:
        i = next((i for i in pending
                  if all(d in finish or d in unscheduled or d not in ids for d in _needs(opp, i))), pending[0])
        pending.remove(i)
        team = str(opp.at[i, "team"])
        effort = float(opp.at[i, "effort_months"])
        needs = [d for d in _needs(opp, i) if d in ids]
        outside = [d for d in _needs(opp, i) if d not in ids]
        blocked = [d for d in needs if d in unscheduled]
        waits = [d for d in needs if d not in blocked]
        earliest = max([finish[d] + 1 for d in waits], default=0)
        per_quarter = capacity[team] * max_share
        placed: list[dict[str, Any]] = []
        left, q, first, end = effort, earliest, None, None
        while left > _EPS and q < last and not blocked:
            take = min(left, free[team][q], per_quarter)
            if take > _EPS:
                free[team][q] -= take
                left -= take
                first = q if first is None else first
                end = q
                placed.append({"id": i, "team": team, "quarter": quarter_label(settings.start, q),
                               "quarter_index": q, "months": take})
            q += 1
        if effort <= _EPS and not blocked and earliest < last:
            first = end = earliest
        if left > _EPS or blocked or end is None:  # cannot finish: give the capacity back
            for p in placed:
                free[team][p["quarter_index"]] += p["months"]
            unscheduled.add(i)
            first = end = None
        else:
            alloc += placed
            finish[i] = end
        rows.append(_row(opp, i, team, effort, first, end, earliest, waits, blocked, outside,
                         due_at.get(i), finish, horizon, settings.start, capacity[team]))
    schedule = pd.DataFrame(rows, columns=_COLUMNS)
    schedule = schedule.sort_values(["start_index", "finish_index", "id"], na_position="last",
                                    kind="stable").reset_index(drop=True)
    allocation = pd.DataFrame(alloc, columns=["id", "team", "quarter", "quarter_index", "months"])
    span = max(horizon, int(allocation["quarter_index"].max()) + 1 if len(allocation) else 0)
    load = pd.DataFrame([{"team": team, "quarter": quarter_label(settings.start, q), "quarter_index": q,
                          "used": cap - free[team][q], "capacity": cap}
                         for team, cap in capacity.items() for q in range(span)])
    load["used"] = load["used"].clip(lower=0.0)
    load["utilisation"] = np.where(load["capacity"] > 0, load["used"] / load["capacity"].where(load["capacity"] > 0, 1),
                                   0.0)
    return Roadmap(schedule, allocation, load, [quarter_label(settings.start, q) for q in range(horizon)])


_COLUMNS = ["id", "title", "team", "effort_months", "mandatory", "start", "finish", "start_index",
            "finish_index", "start_date", "end_date", "due", "due_date", "status", "reason"]


def _selected_ids(selected: Any) -> tuple[list[str], dict[str, float]]:
    """Ids in the selection and, for a Selection, value per cost (higher is scheduled first)."""
    if hasattr(selected, "selected_ids"):
        ids = [str(i) for i in selected.selected_ids]
        frame = getattr(selected, "candidates", None)
        ratio: dict[str, float] = {}
        if isinstance(frame, pd.DataFrame) and {"id", "value_per_cost"} <= set(frame.columns):
            ratio = {str(k): float(v) for k, v in zip(frame["id"], frame["value_per_cost"], strict=True)}
        return ids, ratio
    if isinstance(selected, str):
        selected = [selected]
    return [str(i) for i in selected], {}


def _needs(opp: pd.DataFrame, i: str) -> list[str]:
    value = opp.at[i, "depends_on"]
    if isinstance(value, str):
        return [p.strip() for p in value.split(";") if p.strip()]
    return [str(v) for v in (value or ())]


def _due(opp: pd.DataFrame, ids: list[str], due: Mapping[str, str] | None, start: str,
         problems: list[Problem]) -> dict[str, int]:
    given: dict[str, str] = {}
    if "due" in opp.columns:
        given |= {i: str(opp.at[i, "due"]) for i in ids if i in opp.index and str(opp.at[i, "due"]).strip()
                  and str(opp.at[i, "due"]).lower() != "nan"}
    given |= {str(k): str(v) for k, v in (due or {}).items()}
    out = {}
    for i, label in given.items():
        try:
            out[i] = _quarter_offset(start, label, "due")
        except InputError:
            problems.append(Problem("due quarter is not a year and quarter", column="due",
                                    value=f"{i}: {label}", hint="write it like 2027-Q4"))
    return out


def _ranks(opp: pd.DataFrame, ids: list[str], order: Sequence[str] | None,
           value_rank: Mapping[str, float]) -> dict[str, tuple]:
    """Sort keys: mandatory first, then the given order (or value per cost), inherited by prerequisites."""
    if order is not None:
        position = {str(i): k for k, i in enumerate(order)}
        base = {i: (position.get(i, len(position)), ids.index(i)) for i in ids}
    else:
        base = {i: (-value_rank.get(i, 0.0) if np.isfinite(value_rank.get(i, 0.0)) else -1e300,
                    ids.index(i)) for i in ids}
    rank = {i: (0 if bool(opp.at[i, "mandatory"]) else 1, *base[i]) for i in ids}
    changed = True
    while changed:  # a prerequisite is as urgent as the most urgent item needing it
        changed = False
        for i in ids:
            for d in _needs(opp, i):
                if d in rank and rank[i] < rank[d]:
                    rank[d], changed = rank[i][:-1] + (rank[d][-1],), True
    return rank


def _row(opp: pd.DataFrame, i: str, team: str, effort: float, first: int | None, end: int | None,
         earliest: int, waits: list[str], blocked: list[str], outside: list[str], due: int | None,
         finish: dict[str, int], horizon: int, start: str, capacity: float) -> dict[str, Any]:
    def label(q: int) -> str:
        return quarter_label(start, q)

    reasons = []
    if waits:
        reasons.append("starts after " + ", ".join(f"{d} (done {label(finish[d])})" for d in waits))
    if outside:
        reasons.append("needs " + ", ".join(outside) + ", which is not in the selection")
    if blocked:
        status = "not scheduled"
        reasons.append("needs " + ", ".join(blocked) + ", which cannot be scheduled")
    elif end is None:
        status = "not scheduled"
        reasons.append(f"the {team} team ({capacity:g} person-months a quarter) cannot fit its "
                       f"{effort:g} person-months within {3 * horizon} quarters")
    else:
        if first is not None and first > earliest:
            reasons.append(f"the {team} team is fully booked until {label(first - 1)}")
        status = "on plan"
        if due is not None and end > due:
            status = "late"
            reasons.append(f"misses its due quarter {label(due)} by {end - due} quarter(s)")
        elif end >= horizon:
            status = "beyond horizon"
            reasons.append(f"finishes {label(end)}, after the horizon ends ({label(horizon - 1)})")
    if not reasons:
        reasons.append("starts as soon as possible")
    return {"id": i, "title": str(opp.at[i, "title"]), "team": team, "effort_months": effort,
            "mandatory": bool(opp.at[i, "mandatory"]),
            "start": label(first) if first is not None else "", "finish": label(end) if end is not None else "",
            "start_index": first, "finish_index": end,
            "start_date": quarter_start(start, first) if first is not None else pd.NaT,
            "end_date": quarter_start(start, end + 1) if end is not None else pd.NaT,
            "due": label(due) if due is not None else "",
            "due_date": quarter_start(start, due + 1) if due is not None else pd.NaT, "status": status,
            "reason": "; ".join(reasons)}

