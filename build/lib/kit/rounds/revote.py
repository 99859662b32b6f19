"""Re-votes (Delphi): a second round on the contested cells, what participants see before it,
and how agreement moved.

A cell is **contested** when its agreement r_wg is below the threshold: an agreement level
(``"medium"``: below 0.50, ``"high"``: below 0.70, :data:`kit.scoring.AGREEMENT_LEVELS`) or an
r_wg from 0 to 1. The threshold is the facilitator's, or ``rounds: revote_below`` in
``workshop.yml`` (default ``medium``). A cell with fewer than two votes has no agreement and is
never contested.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

from ..errors import InputError
from .model import Cell, Round, RoundRef, _open, find_round, load_rounds
from .reveal import Reveal, reveal

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store
    from ..workshop import Workshop

__all__ = ["compare", "contested", "feedback", "revote", "threshold_rwg"]


def threshold_rwg(threshold: str | float) -> float:
    """The r_wg below which a cell is contested: ``"high"``, ``"medium"`` or a number 0-1.

    Raises
    ------
    InputError
        For anything else.
    """
    from ..scoring.group import AGREEMENT_LEVELS

    if isinstance(threshold, str) and threshold.strip().lower() in ("high", "medium"):
        return AGREEMENT_LEVELS[threshold.strip().lower()]
    if isinstance(threshold, (int, float)) and not isinstance(threshold, bool) and 0 <= threshold <= 1:
        return float(threshold)
    raise InputError.single("not an agreement threshold", column="revote_below", value=threshold,
                            hint="an agreement level (high or medium) or an r_wg from 0 to 1")


def contested(store: Store, round_id: RoundRef, threshold: str | float | None = None, *,
              workshop: Workshop | None = None, now: datetime | None = None) -> list[Cell]:
    """The cells of a closed round whose agreement is below ``threshold``, in the round's order.

    ``threshold`` defaults to ``workshop.yml``'s ``rounds: revote_below`` (``medium`` without a
    workshop).
    """
    from ..settings import ROUNDS_DEFAULTS

    if threshold is None:
        threshold = (workshop.settings.rounds if workshop is not None else ROUNDS_DEFAULTS)["revote_below"]
    below = threshold_rwg(threshold)
    cells = reveal(store, round_id, now=now).cells
    low = cells[cells["rwg"].notna() & (cells["rwg"] < below)]
    return list(zip(low["opportunity_id"], low["criterion"], strict=True))


def revote(store: Store, workshop: Workshop, round_id: RoundRef, threshold: str | float | None = None, *,
           by: str, minutes: float | None = None, now: datetime | None = None) -> Round | None:
    """Open a re-vote of a closed round on its contested cells (:func:`contested`).

    Participants of the re-vote see the group's distribution and the reasons given, without
    names (:func:`feedback`), before voting again.

    Returns
    -------
    Round or None
        The new round (its ``parent`` is ``round_id``), or None when no cell is contested.
    """
    cells = contested(store, round_id, threshold, workshop=workshop, now=now)
    if not cells:
        return None
    return _open(store, workshop, cells, minutes=minutes, by=by, parent=round_id, now=now)


def feedback(store: Store, round_id: RoundRef, *, now: datetime | None = None) -> Reveal | None:
    """What participants see before voting in a re-vote: its parent round's results on the
    re-vote's cells (distribution, median, agreement, anonymous comments); None for a first round."""
    found = find_round(load_rounds(store), round_id)
    if found.parent is None:
        return None
    before = reveal(store, found.parent, now=now)
    keep = set(found.cells)
    cells = before.cells[[c in keep for c in zip(before.cells["opportunity_id"], before.cells["criterion"],
                                                   strict=True)]]
    comments = before.comments[[c in keep for c in zip(before.comments["opportunity_id"],
                                                       before.comments["criterion"], strict=True)]]
    return Reveal(before.round, cells.reset_index(drop=True), comments.reset_index(drop=True), before.voters)


def compare(store: Store, round_id: RoundRef, earlier: RoundRef | None = None, *,
            now: datetime | None = None) -> pd.DataFrame:
    """How agreement moved from ``earlier`` (default: the round it re-votes) to ``round_id``.

    Returns
    -------
    DataFrame
        One row per cell of ``round_id`` that ``earlier`` asked too: ``opportunity_id,
        criterion, n_before, median_before, rwg_before, agreement_before, n_after,
        median_after, rwg_after, agreement_after, change`` (r_wg after minus before).

    Raises
    ------
    InputError
        When either round is open, or the round re-votes nothing and no ``earlier`` is given.
    """
    known = load_rounds(store)
    later = find_round(known, round_id)
    if earlier is None and later.parent is None:
        raise InputError.single(f"{later.label} is a first round: there is nothing to compare it with",
                                column="round", value=later.label, hint="give the earlier round to compare with")
    first = find_round(known, earlier if earlier is not None else later.parent)  # type: ignore[arg-type]
    before, after = reveal(store, first, now=now).cells, reveal(store, later, now=now).cells
    keep = ["opportunity_id", "criterion", "n", "median", "rwg", "agreement"]
    out = after[keep].merge(before[keep], on=["opportunity_id", "criterion"], suffixes=("_after", "_before"))
    out["change"] = out["rwg_after"] - out["rwg_before"]
    return out[["opportunity_id", "criterion", "n_before", "median_before", "rwg_before", "agreement_before",
                "n_after", "median_after", "rwg_after", "agreement_after", "change"]]
