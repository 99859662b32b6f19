"""After the workshop: every re-vote set against the round it asked again (workbook 02).

A re-vote (:func:`kit.rounds.revote`) asks again on the contested cells of a closed round.
:func:`revotes` lists, for each closed re-vote of a workshop, each of its cells with the
median and agreement before and after, so the group sees whether talking it over settled it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pandas as pd

from ..text import plural
from .model import load_rounds
from .revote import compare

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store
    from ..workshop import Workshop

__all__ = ["REVOTE_COLUMNS", "revotes", "revotes_sentence"]

#: Columns of :func:`revotes`.
REVOTE_COLUMNS: tuple[str, ...] = ("opportunity_id", "title", "criterion", "round_before", "round_after",
                                   "votes_before", "votes_after", "median_before", "median_after", "rwg_before",
                                   "rwg_after", "agreement_before", "agreement_after", "change")


def revotes(workshop: Workshop, *, store: Store | None = None, now: datetime | None = None) -> pd.DataFrame:
    """Round 1 against round 2 for every cell a closed re-vote asked again, oldest re-vote first.

    Parameters
    ----------
    workshop : Workshop
        Names the opportunities and criteria; its own store is read unless ``store`` is given.
    store : Store, optional
    now : datetime, optional
        When "closed" is judged (rounds with a time limit), default now.

    Returns
    -------
    DataFrame
        :data:`REVOTE_COLUMNS`: the opportunity and its title, the criterion's name, the two
        rounds' numbers, then votes, median, r_wg and agreement level before and after, and
        ``change`` (r_wg after minus before). Empty when nothing was voted again (or the
        workshop has no store).
    """
    if store is None:
        from ..store import has_store, open_store, store_target

        if not has_store(workshop.path):
            return pd.DataFrame(columns=list(REVOTE_COLUMNS))
        with open_store(store_target(workshop.path)) as own:
            return revotes(workshop, store=own, now=now)
    known = load_rounds(store)
    by_id = {r.id: r for r in known}
    titles = dict(zip(workshop.opportunities["id"], workshop.opportunities["title"], strict=True))
    names = {c.id: c.name for c in workshop.settings.criteria}
    frames = []
    for r in known:
        before = by_id.get(r.parent) if r.parent is not None else None
        if before is None or r.is_open(now) or before.is_open(now):
            continue
        moved = compare(store, r.number, before.number, now=now)
        frames.append(moved.assign(round_before=before.number, round_after=r.number))
    if not frames:
        return pd.DataFrame(columns=list(REVOTE_COLUMNS))
    out = pd.concat(frames, ignore_index=True).rename(columns={"n_before": "votes_before", "n_after": "votes_after"})
    out["title"] = out["opportunity_id"].map(titles).fillna("")
    out["criterion"] = out["criterion"].map(lambda c: names.get(c, c))
    return out[list(REVOTE_COLUMNS)]


def revotes_sentence(table: pd.DataFrame) -> str:
    """``"3 scores were voted again on 2 opportunities: agreement rose on 2, fell on 1."``;
    empty when nothing was."""
    if not len(table):
        return ""
    rose, fell = int((table["change"] > 0).sum()), int((table["change"] < 0).sum())
    scores = plural(len(table), "score")
    verb = "was" if len(table) == 1 else "were"
    return (f"{scores} {verb} voted again on {plural(table['opportunity_id'].nunique(), 'opportunity')}: "
            f"agreement rose on {rose}, fell on {fell}.")
