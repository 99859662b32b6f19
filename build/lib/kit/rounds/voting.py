"""Voting in a round, and who has voted (never what): :func:`vote` / :func:`votes`,
:func:`status`. The rules of rounds themselves are in :mod:`.model`.

A vote counts when it was stored before the round's close and before its time limit; of a
participant's votes on one cell, the latest counts and every earlier one stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import InputError, Problem
from ..text import plural
from .model import (
    _SCORE_COLUMNS,
    APP,
    Round,
    RoundRef,
    _utc,
    _when,
    counted_votes,
    find_round,
    load_rounds,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store
    from ..workshop import Workshop

__all__ = ["Status", "status", "vote", "votes"]


@dataclass(frozen=True, eq=False)
class Status:
    """Who has voted in a round and how much, never what (see :func:`status`).

    Attributes
    ----------
    round : Round
    state : str
        ``"open"`` or ``"closed"``.
    seconds_left : float or None
        Until the time limit, while open and limited; None otherwise.
    voters : DataFrame
        ``participant, voted, of, share``: cells voted on, of the round's cells, sorted by name.
    cells : DataFrame
        ``opportunity_id, criterion, votes``: how many people voted on each cell.
    """

    round: Round
    state: str
    seconds_left: float | None
    voters: pd.DataFrame
    cells: pd.DataFrame

    @property
    def sentence(self) -> str:
        """``Round 2 is open (4 min left): 5 people have voted, 37 of 50 scores.``"""
        left = ""
        if self.seconds_left is not None:
            left = f" ({max(int(self.seconds_left // 60), 0)} min left)" if self.seconds_left >= 60 else \
                " (less than a minute left)"
        given = int(self.voters["voted"].sum()) if len(self.voters) else 0
        have = "has" if len(self.voters) == 1 else "have"
        return (f"{self.round.label.capitalize()} is {self.state}{left}: "
                f"{plural(len(self.voters), 'person', 'people')} {have} voted, "
                f"{given:,} of {len(self.voters) * len(self.round.cells):,} scores.")


def vote(store: Store, workshop: Workshop, round_id: RoundRef, participant: str, opportunity_id: str,
         criterion: str, score: float, comment: str = "", *, now: datetime | None = None,
         origin: str = "") -> int:
    """One participant's score of one cell in an open round; see :func:`votes`."""
    row = {"participant": participant, "opportunity_id": opportunity_id, "criterion": criterion,
           "score": score, "comment": comment}
    return votes(store, workshop, round_id, [row], now=now, origin=origin)


def votes(store: Store, workshop: Workshop, round_id: RoundRef,
          rows: pd.DataFrame | Iterable[Mapping[str, Any]], *, now: datetime | None = None,
          origin: str = "") -> int:
    """Store scores given in an open round (one Save of a form); returns how many.

    Parameters
    ----------
    rows : DataFrame or list of dict
        ``participant, opportunity_id, criterion, score`` and optionally ``comment``, as a row
        of the ``scores`` table.

    Raises
    ------
    InputError
        Nothing is stored when the round is closed or its time is up, a cell is not in the
        round, or a row breaks the ``scores`` table's contract (a score outside its
        criterion's scale, an unknown participant name left empty...): every problem at once.
    """
    from ..store.contributions import check_rows

    now = _utc(now)
    found = find_round(load_rounds(store), round_id)
    ended, ender = found.ended_at(now), found.ended_by(now)
    if ended is not None:
        limit = ender == "time limit"
        raise InputError.single(
            f"the time of {found.label} is up: the vote was not saved" if limit
            else f"{found.label} is closed: the vote was not saved", column="round",
            value=f"time limit {_when(ended)}" if limit else f"closed {_when(ended)} by {ender}",
            hint="votes count only while a round is open; wait for the next round")
    frame = pd.DataFrame(rows if isinstance(rows, pd.DataFrame) else list(rows))
    if "comment" not in frame.columns:
        frame["comment"] = ""
    frame = frame[[c for c in _SCORE_COLUMNS if c in frame.columns]].fillna({"comment": ""})
    problems: list[Problem] = []
    try:
        checked = check_rows(workshop, "score", frame)
    except InputError as exc:
        problems += [Problem(**{**r, "row": None if pd.isna(r["row"]) else int(r["row"])})
                     for r in exc.problems.to_dict("records")]
        checked = None
    cells = set(found.cells)
    asked = ", ".join(found.opportunities[:6]) + (" ..." if len(found.opportunities) > 6 else "")
    for k, r in enumerate(frame.to_dict("records"), start=1):
        cell = (str(r.get("opportunity_id", "")), str(r.get("criterion", "")))
        if cell not in cells:
            column = "criterion" if cell[0] in found.opportunities else "opportunity_id"
            problems.append(Problem(f"not in {found.label}", file="new scores", row=k, column=column,
                                    value=f"{cell[0]}/{cell[1]}",
                                    hint=f"{found.label} asks about {asked} on {', '.join(found.criteria)}"))
    if problems or checked is None:
        raise InputError(problems, summary="vote not saved: " + plural(len(problems), "problem"))
    records = [{"round": found.id, "participant": r["participant"], "opportunity_id": r["opportunity_id"],
                "criterion": r["criterion"], "score": float(r["score"]), "comment": r["comment"]}
               for r in checked.to_dict("records")]
    return store.append("vote", records, app=APP, origin=origin, at=now)


def status(store: Store, round_id: RoundRef, *, now: datetime | None = None) -> Status:
    """Who has voted in a round and on how many of its cells: what a board may show while the
    votes are hidden. It holds no score and no comment, open or closed."""
    now = _utc(now)
    found = find_round(load_rounds(store), round_id)
    counted = counted_votes(store, found)
    total = len(found.cells)
    per = counted.groupby("participant").size() if len(counted) else pd.Series(dtype=int)
    voters = pd.DataFrame({"participant": per.index.astype(str), "voted": per.to_numpy(dtype=int)})
    voters["of"] = total
    voters["share"] = voters["voted"] / total
    voters = voters.sort_values("participant", key=lambda s: s.str.casefold(), kind="stable", ignore_index=True)
    on = counted.groupby(["opportunity_id", "criterion"]).size().to_dict() if len(counted) else {}
    cells = pd.DataFrame({"opportunity_id": [o for o, _ in found.cells], "criterion": [c for _, c in found.cells],
                          "votes": [int(on.get(c, 0)) for c in found.cells]})
    left = None
    if found.is_open(now) and found.deadline is not None:
        left = (found.deadline - now).total_seconds()
    return Status(found, found.state(now), left, voters, cells)


