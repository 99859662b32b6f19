"""What a closed round says: per cell the distribution, median, spread, agreement and outliers,
and the comments without names.

Agreement is the r_wg of :mod:`kit.scoring.group` (on the criterion's scale as it was when the
round opened), with its level high / medium / low. An **outlier** is a score beyond Tukey's
fences, 1.5 interquartile ranges outside the quartiles, where the range counts as at least one
point of the scale (a tenth of it on a scale of fractions): with four people on 5 and one on 9,
the 9 stands out; with scores 4, 5, 5, 5, 5 nothing does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..errors import InputError
from ..text import plural
from .model import Round, RoundRef, _when, counted_votes, find_round, load_rounds

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store

__all__ = ["CELL_COLUMNS", "Reveal", "cell_statistics", "reveal"]

#: The columns of :attr:`Reveal.cells`.
CELL_COLUMNS = ["opportunity_id", "criterion", "n", "scores", "median", "mean", "std", "iqr", "min", "max", "rwg",
                "agreement", "outliers", "comments"]


@dataclass(frozen=True, eq=False)
class Reveal:
    """A closed round's results.

    Attributes
    ----------
    round : Round
    cells : DataFrame
        One row per cell of the round, in its order: ``opportunity_id, criterion, n`` (people
        who voted), ``scores`` (every score that counts, lowest first: the distribution),
        ``median, mean``, the spread ``std`` (sample standard deviation), ``iqr``
        (interquartile range), ``min, max``, ``rwg`` and ``agreement`` (``n/a`` below two
        votes), ``outliers`` (the scores that stand out, lowest first) and ``comments`` (how
        many).
    comments : DataFrame
        ``opportunity_id, criterion, score, comment``: every non-empty comment with the score it
        came with, without the name, sorted by cell, score and text (not by time, which could
        tell who wrote it).
    voters : int
        How many people's votes count (on at least one cell).
    """

    round: Round
    cells: pd.DataFrame
    comments: pd.DataFrame
    voters: int

    @property
    def sentence(self) -> str:
        """``Round 1: 6 people scored 10 items; agreement is low on 2, medium on 3, high on 5.``"""
        levels = self.cells["agreement"].value_counts()
        parts = [f"{level} on {int(levels[level])}" for level in ("low", "medium", "high", "n/a") if level in levels]
        return (f"{self.round.label.capitalize()}: {plural(self.voters, 'person', 'people')} scored "
                f"{plural(len(self.cells), 'item')}; agreement is " + ", ".join(parts) + ".")


def reveal(store: Store, round_id: RoundRef, *, now: datetime | None = None) -> Reveal:
    """The results of a closed round (see :class:`Reveal`).

    Raises
    ------
    InputError
        When the round is still open: its scores stay hidden until it closes.
    """
    found = find_round(load_rounds(store), round_id)
    if found.is_open(now):
        limit = f" or wait for its time limit, {_when(found.deadline)}" if found.deadline else ""
        raise InputError.single(f"{found.label} is still open: its scores stay hidden until it closes",
                                column="round", value=found.label,
                                hint=f"close it first (kit.rounds.close_round){limit}")
    counted = counted_votes(store, found)
    return Reveal(found, cell_statistics(counted, found), _comments(counted, found),
                  int(counted["participant"].nunique()) if len(counted) else 0)


def cell_statistics(counted: pd.DataFrame, found: Round) -> pd.DataFrame:
    """:attr:`Reveal.cells` from the votes that count (:func:`kit.rounds.counted_votes`)."""
    from ..scoring.group import agreement_level, rwg

    by_cell = {cell: group["score"].to_numpy(dtype=float)
               for cell, group in counted.groupby(["opportunity_id", "criterion"], sort=False)} if len(counted) else {}
    by_cell_comments = counted[counted["comment"].str.strip() != ""].groupby(
        ["opportunity_id", "criterion"]).size().to_dict() if len(counted) else {}
    records = []
    for cell in found.cells:
        scores = np.sort(by_cell.get(cell, np.array([], dtype=float)))
        low, high = found.scales[cell[1]]
        n = len(scores)
        record = {"opportunity_id": cell[0], "criterion": cell[1], "n": n, "scores": tuple(scores.tolist()),
                  "median": np.nan, "mean": np.nan, "std": np.nan, "iqr": np.nan, "min": np.nan, "max": np.nan,
                  "rwg": np.nan, "outliers": (), "comments": int(by_cell_comments.get(cell, 0))}
        if n:
            q1, q3 = np.percentile(scores, [25, 75])
            record.update(median=float(np.median(scores)), mean=float(scores.mean()), iqr=float(q3 - q1),
                          min=float(scores[0]), max=float(scores[-1]))
        if n > 1:
            std = float(scores.std(ddof=1))
            record.update(std=std, rwg=float(rwg(std * std, low, high)))
        if n >= 3:
            step = 1.0 if float(low).is_integer() and float(high).is_integer() else (high - low) / 10
            width = 1.5 * max(record["iqr"], step)
            record["outliers"] = tuple(float(s) for s in scores if s < q1 - width or s > q3 + width)
        records.append(record)
    out = pd.DataFrame(records, columns=[c for c in CELL_COLUMNS if c != "agreement"])
    out["agreement"] = agreement_level(out["rwg"].to_numpy(dtype=float)) if len(out) else []
    out["n"] = out["n"].astype(int)
    return out[CELL_COLUMNS]


def _comments(counted: pd.DataFrame, found: Round) -> pd.DataFrame:
    columns = ["opportunity_id", "criterion", "score", "comment"]
    said = counted[counted["comment"].str.strip() != ""] if len(counted) else counted
    if not len(said):
        return pd.DataFrame(columns=columns)
    order = {cell: k for k, cell in enumerate(found.cells)}
    said = said.assign(_cell=[order[(o, c)] for o, c in zip(said["opportunity_id"], said["criterion"], strict=True)])
    said = said.sort_values(["_cell", "score", "comment"], kind="stable")
    return said[columns].reset_index(drop=True)
