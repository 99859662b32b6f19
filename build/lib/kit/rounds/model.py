"""The rules of a round: open it, vote while it is open, close it; who has voted, never what.

A round asks the group to score some cells (an opportunity on a criterion) within an optional
time limit. Everything is a row of the store's append-only ``contributions`` table:

* kind ``round``, event ``open``: ``round`` (its id), ``by``, ``cells`` (``[[opportunity_id,
  criterion], ...]``), ``scales`` (each criterion's ``[lowest, highest]`` when it opened),
  ``deadline`` (ISO 8601 UTC, or empty) and ``parent`` (the round it re-votes, or empty);
* kind ``round``, event ``close``: ``round`` and ``by``;
* kind ``vote``, one row per score: ``round, participant, opportunity_id, criterion, score,
  comment``.

Nothing is updated or deleted: the table is the audit trail. A round's number (1, 2, ...) is
its place in the order rounds were opened. A vote counts when it was stored before the round's
close and before its time limit; of a participant's votes on one cell, the latest counts and
every earlier one stays. Every function takes ``now`` (default: the clock), so the time limit
can be tested without waiting.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import InputError, Problem
from ..settings import did_you_mean

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store
    from ..workshop import Workshop

__all__ = [
    "APP",
    "Round",
    "RoundRef",
    "close_round",
    "counted_votes",
    "find_round",
    "load_rounds",
    "open_round",
    "rounds",
]

#: The ``app`` the store records for round events and votes.
APP = "rounds"

Cell = tuple[str, str]

_SCORE_COLUMNS = ("participant", "opportunity_id", "criterion", "score", "comment")


@dataclass(frozen=True, eq=False)
class Round:
    """One round as the store holds it.

    Attributes
    ----------
    id : str
        Its id in the store (``r-`` and 8 hex digits).
    number : int
        1 for the first round opened in the workshop, 2 for the next...
    cells : tuple of (opportunity_id, criterion)
        What it asks, in the order it was opened with.
    scales : dict
        Each criterion's ``(lowest, highest)`` when the round opened.
    opened_at, opened_by :
        When (UTC) and by whom it was opened.
    deadline : datetime or None
        Its time limit (UTC); no vote counts from then on.
    parent : str or None
        The id of the round it re-votes.
    closed_at, closed_by :
        When and by whom it was closed (None while nobody closed it).
    open_id, close_id : int
        The contribution ids of its events: a vote stored after ``close_id`` does not count.
    """

    id: str
    number: int
    cells: tuple[Cell, ...]
    scales: dict[str, tuple[float, float]]
    opened_at: datetime
    opened_by: str
    deadline: datetime | None
    parent: str | None
    closed_at: datetime | None
    closed_by: str | None
    open_id: int
    close_id: int | None

    @property
    def label(self) -> str:
        """``round 2``, for sentences."""
        return f"round {self.number}"

    @property
    def opportunities(self) -> list[str]:
        return list(dict.fromkeys(o for o, _ in self.cells))

    @property
    def criteria(self) -> list[str]:
        return list(dict.fromkeys(c for _, c in self.cells))

    def ended_at(self, now: datetime | None = None) -> datetime | None:
        """When voting ended: its close, or its time limit once that has passed (whichever came
        first); None while it is open."""
        if self.closed_at is not None:
            return min(self.closed_at, self.deadline) if self.deadline is not None else self.closed_at
        if self.deadline is not None and self.deadline <= _utc(now):
            return self.deadline
        return None

    def ended_by(self, now: datetime | None = None) -> str | None:
        """Who ended the voting: the one who closed it, ``"time limit"``, or None while open."""
        ended = self.ended_at(now)
        if ended is None:
            return None
        return self.closed_by if self.closed_at is not None and ended == self.closed_at else "time limit"

    def is_open(self, now: datetime | None = None) -> bool:
        return self.ended_at(now) is None

    def state(self, now: datetime | None = None) -> str:
        """``"open"`` or ``"closed"`` (closed by the facilitator or by its time limit)."""
        return "open" if self.is_open(now) else "closed"


#: A round as the functions accept it: the :class:`Round`, its id, or its number.
RoundRef = Round | str | int


def open_round(store: Store, workshop: Workshop, items: Sequence[str] | None = None,
               criteria: Sequence[str] | None = None, minutes: float | None = None, *, by: str,
               parent: RoundRef | None = None, now: datetime | None = None) -> Round:
    """Open a round on ``items`` × ``criteria``: votes are stored but hidden until it closes.

    Parameters
    ----------
    store : Store
        The workshop's contributions store.
    workshop : Workshop
        What the round may ask about (its opportunities and criteria, their scales).
    items : list of str, optional
        Opportunity ids (default: every opportunity).
    criteria : list of str, optional
        Criterion ids (default: every criterion).
    minutes : float, optional
        A time limit; no vote counts from then on.
    by : str
        Who opens it (the facilitator).
    parent : Round, str or int, optional
        The closed round this one re-votes (participants then see its results, :func:`kit.rounds.feedback`).
    now : datetime, optional
        The time it opens (default: now).

    Raises
    ------
    InputError
        An unknown opportunity or criterion, a time limit that is not a positive number, a cell
        already in a round that is still open, or a parent that is not closed.
    """
    ids = [str(i) for i in workshop.opportunities["id"]]
    known = workshop.settings.criterion_ids
    problems = []
    chosen = list(ids if items is None else dict.fromkeys(map(str, items)))
    wanted = list(known if criteria is None else dict.fromkeys(map(str, criteria)))
    for column, given, valid in (("opportunity_id", chosen, ids), ("criterion", wanted, known)):
        if not given:
            problems.append(Problem("a round needs at least one " + ("opportunity" if column != "criterion"
                                                                      else "criterion"), column=column,
                                    hint="give some, or none at all for every one"))
        for value in given:
            if value not in valid:
                problems.append(Problem(f"unknown {'opportunity' if column != 'criterion' else 'criterion'}",
                                        column=column, value=value, hint=did_you_mean(value, valid)))
    problems += _name_problems(by, "by") + _limit_problems(minutes)
    if problems:
        raise InputError(problems, summary="round not opened")
    order = {c: k for k, c in enumerate(known)}
    cells = [(o, c) for o in chosen for c in sorted(wanted, key=order.__getitem__)]
    return _open(store, workshop, cells, minutes=minutes, by=by, parent=parent, now=now)


def _open(store: Store, workshop: Workshop, cells: Sequence[Cell], *, minutes: float | None, by: str,
          parent: RoundRef | None, now: datetime | None) -> Round:
    """Open a round on ``cells``, each checked against the workshop and the rounds still open."""
    now = _utc(now)
    problems = _name_problems(by, "by") + _limit_problems(minutes)
    known = load_rounds(store)
    parent_round = None
    if parent is not None:
        parent_round = find_round(known, parent)
        if parent_round.is_open(now):
            problems.append(Problem(f"{parent_round.label} is still open: a re-vote follows a closed round",
                                    column="parent", value=parent_round.label,
                                    hint=f"close {parent_round.label} first"))
    busy = {cell: r for r in known if r.is_open(now) for cell in r.cells}
    for cell in cells:
        if cell in busy:
            problems.append(Problem(f"{cell[0]} on {cell[1]} is already in {busy[cell].label}, still open",
                                    column="opportunity_id", value=f"{cell[0]}/{cell[1]}",
                                    hint=f"close {busy[cell].label} first, or leave it out"))
    ids = {str(i) for i in workshop.opportunities["id"]}
    scales = {c.id: [c.scale[0], c.scale[1]] for c in workshop.settings.criteria if c.id in {k for _, k in cells}}
    for cell in cells:
        if cell[0] not in ids or cell[1] not in scales:
            problems.append(Problem("no longer in the workshop", column="opportunity_id",
                                    value=f"{cell[0]}/{cell[1]}", hint="leave it out of the round"))
    if problems:
        raise InputError(problems, summary="round not opened")
    deadline = now + timedelta(minutes=float(minutes)) if minutes is not None else None
    rid = "r-" + uuid.uuid4().hex[:8]
    store.append("round", [{"round": rid, "event": "open", "by": by.strip(), "cells": [list(c) for c in cells],
                            "scales": scales, "deadline": _stamp(deadline) if deadline else "",
                            "parent": parent_round.id if parent_round else ""}], app=APP, at=now)
    return find_round(load_rounds(store), rid)


def close_round(store: Store, round_id: RoundRef, *, by: str, now: datetime | None = None) -> Round:
    """Close a round: from now on its votes can be revealed (:func:`kit.rounds.reveal`).

    A round whose time limit has passed is closed already (no vote counts any more); closing it
    records who closed it. Votes stored after the close are kept and never counted.

    Raises
    ------
    InputError
        An unknown round, one closed before, or no name in ``by``.
    """
    now = _utc(now)
    found = find_round(load_rounds(store), round_id)
    problems = _name_problems(by, "by")
    if found.closed_at is not None:
        problems.append(Problem(f"{found.label} is already closed", column="round",
                                value=f"closed {_when(found.closed_at)} by {found.closed_by}",
                                hint="open a new round (or a re-vote) to score again"))
    if problems:
        raise InputError(problems, summary="round not closed")
    store.append("round", [{"round": found.id, "event": "close", "by": by.strip()}], app=APP, at=now)
    return find_round(load_rounds(store), found.id)


def rounds(store: Store, *, now: datetime | None = None) -> pd.DataFrame:
    """Every round of the workshop, first opened first.

    Returns
    -------
    DataFrame
        ``number, round, state, opened_at, opened_by, deadline, closed_at, closed_by, parent,
        opportunities, criteria, cells, voters, votes``: ``parent`` is the number of the round
        it re-votes (empty for a first round), ``closed_at`` when voting ended (its close or its
        time limit), ``voters`` and ``votes`` count the votes that count.
    """
    now = _utc(now)
    found = load_rounds(store)
    everything = _vote_rows(store)
    numbers = {r.id: r.number for r in found}
    records = []
    for r in found:
        counted = counted_votes(store, r, everything)
        records.append({
            "number": r.number, "round": r.id, "state": r.state(now), "opened_at": r.opened_at,
            "opened_by": r.opened_by, "deadline": r.deadline, "closed_at": r.ended_at(now),
            "closed_by": r.ended_by(now) or "",
            "parent": numbers.get(r.parent) if r.parent else None,
            "opportunities": len(r.opportunities), "criteria": len(r.criteria), "cells": len(r.cells),
            "voters": int(counted["participant"].nunique()) if len(counted) else 0, "votes": len(counted)})
    columns = ["number", "round", "state", "opened_at", "opened_by", "deadline", "closed_at", "closed_by", "parent",
               "opportunities", "criteria", "cells", "voters", "votes"]
    out = pd.DataFrame(records, columns=columns)
    out["parent"] = out["parent"].astype("Int64")
    return out


def load_rounds(store: Store) -> list[Round]:
    """Every round in the store, in the order they were opened."""
    rows = store.rows("round")
    if rows.empty:
        return []
    closes: dict[str, dict[str, Any]] = {}
    opens = []
    for r in rows.to_dict("records"):
        if r.get("event") == "close":
            closes.setdefault(str(r["round"]), r)  # the first close counts
        elif r.get("event") == "open":
            opens.append(r)
    out = []
    for number, r in enumerate(opens, start=1):
        close = closes.get(str(r["round"]))
        out.append(Round(
            id=str(r["round"]), number=number, cells=tuple((str(o), str(c)) for o, c in r["cells"]),
            scales={str(k): (float(v[0]), float(v[1])) for k, v in r["scales"].items()},
            opened_at=_parse(r["at"]), opened_by=str(r["by"]),
            deadline=_parse(r["deadline"]) if r.get("deadline") else None,
            parent=str(r["parent"]) if r.get("parent") else None,
            closed_at=_parse(close["at"]) if close else None, closed_by=str(close["by"]) if close else None,
            open_id=int(r["contribution"]), close_id=int(close["contribution"]) if close else None))
    return out


def find_round(known: Sequence[Round], ref: RoundRef) -> Round:
    """The round ``ref`` names among ``known``: a :class:`Round`, its id, or its number.

    Raises
    ------
    InputError
        When no round has that id or number.
    """
    key = ref.id if isinstance(ref, Round) else ref
    if isinstance(key, str) and key.strip().isdigit():  # a number typed as text (a notebook parameter)
        key = int(key)
    for r in known:
        if (isinstance(key, int) and not isinstance(key, bool) and r.number == key) or r.id == key:
            return r
    listing = ", ".join(f"{r.number} ({r.id})" for r in known[-12:])
    raise InputError.single("round not found", column="round", value=key,
                            hint=f"the rounds are {listing}" if known else "no round has been opened yet")


def counted_votes(store: Store, found: Round, everything: pd.DataFrame | None = None) -> pd.DataFrame:
    """The votes of ``found`` that count: stored before its close and its time limit, the latest
    of each participant on each cell, first given first.

    Columns ``participant, opportunity_id, criterion, score, comment, at, contribution``.
    """
    columns = ["participant", "opportunity_id", "criterion", "score", "comment", "at", "contribution"]
    every = _vote_rows(store) if everything is None else everything
    if every.empty:
        return pd.DataFrame(columns=columns)
    mine = every[every["round"] == found.id]
    if found.close_id is not None:
        mine = mine[mine["contribution"] < found.close_id]
    if found.deadline is not None:
        mine = mine[mine["at"].map(_parse) < found.deadline]
    mine = mine.drop_duplicates(["participant", "opportunity_id", "criterion"], keep="last")
    out = mine.reindex(columns=columns).astype({"participant": str, "opportunity_id": str, "criterion": str,
                                                "score": float})
    out["comment"] = out["comment"].fillna("").astype(str)
    return out.sort_values("contribution", kind="stable", ignore_index=True)

def _vote_rows(store: Store) -> pd.DataFrame:
    return store.rows("vote")


def _name_problems(name: object, column: str) -> list[Problem]:
    text = "" if name is None else str(name)
    if not text.strip():
        return [Problem("a name is required", column=column, hint="say who does it (the facilitator's name)")]
    if len(text) > 100 or any(unicodedata.category(ch) == "Cc" for ch in text):
        return [Problem("not a name: too long or with control characters", column=column, value=text,
                        hint="a name of at most 100 characters")]
    return []


def _limit_problems(minutes: object) -> list[Problem]:
    if minutes is None or (isinstance(minutes, (int, float)) and not isinstance(minutes, bool)
                           and 0 < minutes < float("inf")):
        return []
    return [Problem("the time limit must be a positive number of minutes", column="minutes", value=minutes,
                    hint="e.g. 5, or none for no limit")]


def _utc(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _stamp(moment: datetime) -> str:
    """As the store writes ``at``: ISO 8601 UTC with microseconds."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(str(text)).astimezone(UTC)


def _when(moment: datetime) -> str:
    """``2027-03-04 10:42 UTC``, for messages."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
