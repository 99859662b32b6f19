"""The scores rounds give: per cell, the votes of its last closed round (or of a chosen round),
as rows of the ``scores`` table, and a workshop scored by them (workbook 02).

"The last closed round" of a cell is the round that stopped taking votes last (closed, or its
time limit passed) among those that asked about it and got at least one vote on it; a re-vote
therefore replaces its first round on the cells it asked again, and the first round still
gives the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import InputError
from ..text import plural
from .model import Cell, Round, RoundRef, _utc, _when, counted_votes, find_round, load_rounds

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store
    from ..workshop import Workshop

__all__ = ["LAST_CLOSED", "RoundScores", "round_scores", "with_round_scores"]

#: ``which`` of :func:`round_scores` for each cell's last closed round.
LAST_CLOSED = "last closed"

_COLUMNS = ["participant", "opportunity_id", "criterion", "score", "comment", "round", "at"]


@dataclass(frozen=True, eq=False)
class RoundScores:
    """Scores from rounds, and which rounds gave them.

    Attributes
    ----------
    table : DataFrame
        ``participant, opportunity_id, criterion, score, comment`` as in the ``scores`` table,
        then ``round`` (its number) and ``at`` (when the vote was given, UTC): the votes that
        count, one per participant and cell.
    cells : dict
        ``(opportunity_id, criterion) → round number`` for every cell the table scores.
    rounds : tuple of Round
        The rounds used, by number.
    sentence : str
        Which rounds were used, in words.
    """

    table: pd.DataFrame
    cells: dict[Cell, int]
    rounds: tuple[Round, ...]
    sentence: str


def round_scores(store: Store, which: RoundRef = LAST_CLOSED, *, now: datetime | None = None) -> RoundScores:
    """The scores of each cell's last closed round (default), or of the closed round ``which``.

    Raises
    ------
    InputError
        When ``which`` names no round, or a round that is still open (its votes are hidden).
    """
    now = _utc(now)
    known = load_rounds(store)
    if isinstance(which, str) and which.strip().lower() == LAST_CLOSED:
        chosen = sorted((r for r in known if not r.is_open(now)), key=lambda r: (r.ended_at(now), r.number))
    else:
        one = find_round(known, which)
        if one.is_open(now):
            raise InputError.single(f"{one.label} is still open: its scores stay hidden until it closes",
                                    column="round", value=one.label, hint="choose a closed round, or close it first")
        chosen = [one]
    votes = store.rows("vote")
    picked: dict[Cell, tuple[Round, pd.DataFrame]] = {}
    for r in chosen:  # later rounds replace earlier ones, cell by cell
        counted = counted_votes(store, r, votes)
        for cell, rows in counted.groupby(["opportunity_id", "criterion"], sort=False):
            picked[cell] = (r, rows)  # type: ignore[index]
    frames = [rows.assign(round=r.number) for r, rows in picked.values()]
    table = pd.concat(frames, ignore_index=True)[_COLUMNS] if frames else pd.DataFrame(columns=_COLUMNS)
    cells = {cell: r.number for cell, (r, _) in picked.items()}
    used = tuple(sorted({r.number: r for r, _ in picked.values()}.values(), key=lambda r: r.number))
    return RoundScores(table, cells, used, _sentence(used, cells, now))


def with_round_scores(workshop: Workshop, round: RoundRef | None = None, *, store: Store | None = None,  # noqa: A002
                      now: datetime | None = None) -> tuple[Workshop, str]:
    """The workshop with the scores its rounds gave: workbook 02's one call.

    Each cell a closed round scored takes the votes of its last closed round (see
    :func:`round_scores`); with ``round``, the cells of that round take its votes instead.
    Every other cell keeps the workshop's own scores (``scores.csv`` and the scoring app).

    Parameters
    ----------
    workshop : Workshop
    round : Round, str or int, optional
        A closed round whose votes count on its cells (default: each cell's last closed round).
    store : Store, optional
        Default: the workshop's own store (a workshop without one is returned as it is).

    Returns
    -------
    (Workshop, str)
        The workshop (the same object when no round scored anything) and a sentence saying
        which rounds were used ("" when the workshop has no rounds).
    """
    from ..workshop import Workshop as _Workshop

    if store is None:
        from ..store import has_store, open_store, store_target

        if not has_store(workshop.path):
            if round is not None:
                raise InputError.single("this workshop has no rounds", column="round", value=round,
                                        hint="leave round empty to use the workshop's scores")
            return workshop, ""
        with open_store(store_target(workshop.path)) as own:
            return with_round_scores(workshop, round, store=own, now=now)
    if not load_rounds(store):
        if round is not None:
            find_round([], round)  # refused: no round has been opened yet
        return workshop, ""
    found = round_scores(store, now=now)
    cells, table = dict(found.cells), found.table
    if round is not None:
        chosen = round_scores(store, round, now=now)
        table = pd.concat([table[_outside(table, chosen.cells)], chosen.table], ignore_index=True)
        cells.update(chosen.cells)
    known = {r.number: r for r in load_rounds(store)}
    sentence = _sentence(tuple(known[n] for n in sorted(set(cells.values()))), cells, _utc(now))
    if not cells:
        return workshop, sentence
    own = workshop.scores
    mine = _outside(own, cells)
    given = table.drop(columns=["round"] + ([] if "at" in own.columns else ["at"])).astype({"score": float})
    scores = pd.concat([own[mine], given], ignore_index=True)
    if mine.any():
        sentence += " The other items keep the workshop's own scores."
    return _Workshop(workshop.path, workshop.settings, {**workshop.tables, "scores": scores}, workshop.sources), sentence


def _outside(frame: pd.DataFrame, cells: dict[Cell, int]) -> pd.Series:
    """Which rows of a scores frame are on none of ``cells``."""
    return pd.Series([(str(o), str(c)) not in cells for o, c in zip(frame["opportunity_id"], frame["criterion"],
                                                                    strict=True)], index=frame.index, dtype=bool)


def _sentence(used: tuple[Round, ...], cells: dict[Cell, int], now: datetime) -> str:
    if not used:
        return "No closed round has scores yet: the scores are the workshop's own."
    counts = pd.Series(list(cells.values())).value_counts()
    parts = [f"{r.label} (closed {_when(r.ended_at(now))}) for {plural(int(counts[r.number]), 'item')}"
             for r in sorted(used, key=lambda r: r.number, reverse=True)]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Scores from {joined}."
