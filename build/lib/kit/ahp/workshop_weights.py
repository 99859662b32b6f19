"""A workshop's goal and criteria weights from its ``pairwise`` table.

:func:`goal_weights` uses the rows comparing two goals (equal weights, labelled so, until
anyone has compared them, when asked), :func:`criteria_weights` the rows comparing two
criteria; both are :func:`~kit.ahp.group_weights` over the workshop's items in
``workshop.yml`` order, with their display names.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..errors import InputError
from ..workshop import Workshop
from .eigen import weights
from .group import group_weights
from .results import _JUDGMENT_COLUMNS, GroupAhpResult

__all__ = ["criteria_weights", "goal_weights"]


def goal_weights(workshop: Workshop, *, ri: str = "saaty", exclude: Iterable[str] = (),
                 equal_if_none: bool = False) -> GroupAhpResult:
    """The group's goal weights from the workshop's pairwise judgments of goals.

    Rows of ``workshop.pairwise`` that compare two goals are used (rows comparing criteria
    are for criteria weights); the items are the workshop's goals in ``workshop.yml`` order.

    Parameters
    ----------
    workshop : Workshop
    ri : {"saaty", "donegan-dodd"}
        Random index table; default ``"saaty"``.
    exclude : iterable of str
        Participants left out of the group weights.
    equal_if_none : bool
        When nobody compared goals, return equal weights (labelled so in :meth:`~GroupAhpResult.frame`,
        with no participants) instead of raising: what :func:`kit.scoring.priority` uses then.

    Raises
    ------
    InputError
        When no one compared goals (unless ``equal_if_none``), or a goal is compared with nothing.
    """
    goals = workshop.settings.goal_ids
    pw = workshop.pairwise
    if equal_if_none and not (len(pw) and (pw["a"].isin(goals) & pw["b"].isin(goals)).any()):
        names = {g.id: g.name for g in workshop.settings.goals}
        group = weights(np.ones((len(goals), len(goals))), ri, labels=goals)
        return GroupAhpResult(
            weights=pd.Series(1 / len(goals), index=goals), group=group,
            participants=pd.DataFrame(columns=["participant", "item", "weight"]),
            consistency=pd.DataFrame(columns=["participant", "judgments", "lambda_max", "consistency_ratio",
                                              "is_consistent", "flagged", "included", "note"]),
            revisit=pd.DataFrame(columns=["participant", *_JUDGMENT_COLUMNS]), names=names,
            label="Equal weights (nobody compared the goals yet)")
    return _weights_for(workshop, goals, "goals", ri=ri, exclude=exclude)



def criteria_weights(workshop: Workshop, *, ri: str = "saaty", exclude: Iterable[str] = ()) -> GroupAhpResult:
    """The group's criteria weights from pairwise judgments of criteria (when the group made them).

    Rows of ``workshop.pairwise`` comparing two criteria are used; pass the result's
    ``weights`` to :func:`kit.scoring.priority` as ``criteria_weights`` to use them instead
    of the ``weight`` of each criterion in ``workshop.yml``.

    Raises
    ------
    InputError
        When no one compared criteria, or a criterion is compared with nothing.
    """
    return _weights_for(workshop, workshop.settings.criterion_ids, "criteria", ri=ri, exclude=exclude)



def _weights_for(workshop: Workshop, ids: list[str], what: str, *, ri: str,
                 exclude: Iterable[str]) -> GroupAhpResult:
    pw = workshop.pairwise
    if len(pw):
        pw = pw[pw["a"].isin(ids) & pw["b"].isin(ids)]
    if not len(pw):
        raise InputError.single(f"no pairwise judgments of {what}", file="pairwise.csv",
                                hint=f"add rows 'participant, a, b, ratio' comparing the {what} "
                                     "(or score without them: the kit then weighs them equally)")
    names = {g.id: g.name for g in (*workshop.settings.goals, *workshop.settings.criteria)}
    return group_weights(pw, ids, ri=ri, exclude=exclude, names=names)
