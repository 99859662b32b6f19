"""Rounds and votes as tables for ``kit store export``: what was asked, and every vote given.

``rounds`` is :func:`kit.rounds.rounds` with the cells each round asked (``asked``:
``OPP-01/value;OPP-02/value``). ``votes`` is every vote ever stored, in the order given, with
its round's number and whether it counts (``counted``: the participant's latest on that cell,
given before the close and the time limit). The export is the facilitator's audit trail: it
holds the scores of a round still open too.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

from .model import _utc, counted_votes, load_rounds, rounds

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store

__all__ = ["VOTE_COLUMNS", "round_tables"]

#: The columns of the ``votes`` table.
VOTE_COLUMNS = ["contribution", "round", "round_id", "participant", "opportunity_id", "criterion", "score",
                "comment", "at", "app", "counted"]


def round_tables(store: Store, *, now: datetime | None = None) -> dict[str, pd.DataFrame]:
    """``{"rounds": ..., "votes": ...}`` of the store; both empty (no rows) when it has no rounds."""
    now = _utc(now)
    known = load_rounds(store)
    table = rounds(store, now=now)
    table.insert(table.columns.get_loc("opportunities"), "asked",
                 [";".join(f"{o}/{c}" for o, c in r.cells) for r in known])
    for column in ("opened_at", "deadline", "closed_at"):
        table[column] = [t.isoformat(timespec="microseconds") if t is not None and pd.notna(t) else ""
                         for t in table[column]]
    every = store.rows("vote")
    if every.empty:
        return {"rounds": table, "votes": pd.DataFrame(columns=VOTE_COLUMNS)}
    numbers = {r.id: r.number for r in known}
    counting = set()
    for r in known:
        counting |= set(counted_votes(store, r, every)["contribution"])
    votes = every.assign(round_id=every["round"], round=every["round"].map(numbers).astype("Int64"),
                         counted=["yes" if c in counting else "no" for c in every["contribution"]])
    return {"rounds": table, "votes": votes.reindex(columns=VOTE_COLUMNS).fillna({"comment": ""})}
