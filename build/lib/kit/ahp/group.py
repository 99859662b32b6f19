"""Group AHP: the group's weights from several participants' judgments, and each person's own.

Group judgments are aggregated by the geometric mean of individual judgments (AIJ; Forman &
Peniwati 1998), which keeps the aggregate reciprocal; each participant counts with their
latest judgment of a pair (:func:`latest_judgments`, also used by the apps and by
:func:`kit.scoring.participation`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from .eigen import _solve_logs, _unconnected
from .inputs import _fill, _item_list
from .results import _JUDGMENT_COLUMNS, GroupAhpResult
from .scale import CONSISTENCY_LIMIT

__all__ = ["group_weights", "latest_judgments"]


def group_weights(pairwise: pd.DataFrame, items: Sequence[str] | None = None, *,
                  ri: str = "saaty", exclude: Iterable[str] = (),
                  names: Mapping[str, str] | None = None) -> GroupAhpResult:
    """Group weights from several participants' judgments, with each participant's own.

    Parameters
    ----------
    pairwise : DataFrame
        Long form ``participant, a, b, ratio`` (the workshop's ``pairwise`` table).
    items : sequence of str, optional
        The items to weigh, in order (default: every item that appears).
    ri : {"saaty", "donegan-dodd"}
        Random index table; default ``"saaty"``.
    exclude : iterable of str
        Participants whose judgments are left out of the group weights (for example those
        flagged as inconsistent, after the group agreed to); they still get their own row.
    names : mapping item -> display name, optional
        Used in the judgments put into words and in :meth:`GroupAhpResult.frame`.

    Returns
    -------
    GroupAhpResult
        Group weights by the geometric mean of individual judgments (AIJ), each pair averaged
        over the participants who judged it; every participant's own weights and consistency
        ratio, flagged when CR >= 0.10, and the judgments each flagged person should revisit.

    Raises
    ------
    InputError
        When columns are missing, a ratio is not a positive number, ``exclude`` names an
        unknown participant, or the pooled judgments do not connect every item. A participant
        who judged a pair more than once counts with their latest judgment.
    """
    missing = [c for c in ("participant", "a", "b", "ratio") if c not in pairwise.columns]
    if missing:
        raise InputError.single("pairwise judgments lack columns " + ", ".join(missing),
                                hint="expected columns participant, a, b, ratio")
    frame = pairwise[["participant", "a", "b", "ratio"]].copy()
    frame["participant"] = frame["participant"].astype(str)
    frame = latest_judgments(frame)
    items = _item_list(frame, items)
    people = list(dict.fromkeys(frame["participant"]))
    exclude = tuple(dict.fromkeys(str(p) for p in exclude))
    unknown = [p for p in exclude if p not in people]
    if unknown:
        from ..settings import did_you_mean

        raise InputError([Problem("excluded participant made no judgments", column="exclude", value=p,
                                  hint=did_you_mean(p, people)) for p in unknown])
    if not people:
        raise InputError.single("no pairwise judgments", hint="participants compare items in pairs first")
    index = {item: k for k, item in enumerate(items)}
    n = len(items)
    logs = np.zeros((len(people), n, n))
    known = np.zeros((len(people), n, n), dtype=bool)
    problems: list[Problem] = []
    for p, (person, rows) in enumerate(frame.groupby("participant", sort=False)):
        p = people.index(person)
        log_p, known_p, found = _fill(rows, index, who=person)
        problems += found
        logs[p], known[p] = log_p, known_p
    if problems:
        raise InputError(problems)

    use = np.array([p not in exclude for p in people])
    count = known[use].sum(axis=0)
    mean_log = np.divide(logs[use].sum(axis=0), count, out=np.zeros((n, n)), where=count > 0)
    names = dict(names or {})
    group = _solve_logs(items, mean_log, count > 0, ri, names)

    rows_w, rows_c, rows_r = [], [], []
    for p, person in enumerate(people):
        unconnected = _unconnected(known[p], items)
        n_judged = int(np.triu(known[p], 1).sum())
        if unconnected:
            rows_c.append({"participant": person, "judgments": n_judged, "lambda_max": np.nan,
                           "consistency_ratio": np.nan, "is_consistent": False, "flagged": False,
                           "included": bool(use[p]),
                           "note": "judgments do not connect " + ", ".join(unconnected)})
            rows_w.append(pd.DataFrame({"participant": person, "item": items, "weight": np.nan}))
            continue
        own = _solve_logs(items, logs[p], known[p], ri, names)
        flagged = own.consistency_ratio >= CONSISTENCY_LIMIT
        rows_c.append({"participant": person, "judgments": n_judged, "lambda_max": own.lambda_max,
                       "consistency_ratio": own.consistency_ratio, "is_consistent": own.is_consistent,
                       "flagged": bool(flagged), "included": bool(use[p]),
                       "note": "inconsistent: revisit the judgments listed" if flagged else ""})
        rows_w.append(pd.DataFrame({"participant": person, "item": items,
                                    "weight": own.weights.to_numpy()}))
        if flagged and len(own.most_inconsistent):
            rows_r.append(own.most_inconsistent.assign(participant=person))
    revisit = (pd.concat(rows_r, ignore_index=True)[["participant", *_JUDGMENT_COLUMNS]] if rows_r
               else pd.DataFrame(columns=["participant", *_JUDGMENT_COLUMNS]))
    return GroupAhpResult(weights=group.weights, group=group,
                          participants=pd.concat(rows_w, ignore_index=True),
                          consistency=pd.DataFrame(rows_c), revisit=revisit, excluded=exclude, names=names)



def latest_judgments(frame: pd.DataFrame) -> pd.DataFrame:
    """Each participant's latest judgment of each pair (either way round), in file order: a
    participant who compares a pair again, in the scoring app or in a later row, replaces the
    earlier judgment, as for scores and maturity answers. ``frame`` has ``participant, a, b``."""
    a, b = frame["a"].astype(str), frame["b"].astype(str)
    low, high = a.where(a <= b, b), b.where(a <= b, a)
    key = pd.DataFrame({"participant": frame["participant"], "low": low, "high": high})
    return frame[~key.duplicated(keep="last")]
