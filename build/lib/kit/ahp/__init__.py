"""Weights from pairwise comparisons (AHP): consistency, incomplete judgments, group AHP.

A judgment ``(a, b, ratio)`` says "a is ``ratio`` times as important as b" on Saaty's 1-9
scale (1/3 means b is moderately more important).

Modules
-------
:mod:`~kit.ahp.scale`
    Saaty's scale, the random consistency indices, ratios as people write and say them.
:mod:`~kit.ahp.results`
    :class:`AhpResult`, :class:`GroupAhpResult` and :func:`revisit_table`.
:mod:`~kit.ahp.inputs`
    Judgments (long rows or a square matrix) read and checked.
:mod:`~kit.ahp.eigen`
    :func:`weights`: one set of judgments, the principal eigenvector (Harker's matrix when
    incomplete), the consistency ratio and the judgments to revisit.
:mod:`~kit.ahp.group`
    :func:`group_weights` by the geometric mean of individual judgments (AIJ), over each
    participant's :func:`latest_judgments`.
:mod:`~kit.ahp.workshop_weights`
    :func:`goal_weights` and :func:`criteria_weights` from a workshop's ``pairwise`` table.

Every public name is importable from here: ``from kit import ahp; ahp.goal_weights(ws)``. No
submodule is named after a function: ``kit.ahp.weights`` is the function, always.
"""

from __future__ import annotations

from .eigen import weights
from .group import group_weights, latest_judgments
from .results import AhpResult, GroupAhpResult, revisit_table
from .scale import (
    CONSISTENCY_LIMIT,
    RANDOM_INDEX,
    SAATY_SCALE,
    nearest_saaty,
    random_index,
    ratio_text,
    ratio_words,
)
from .workshop_weights import criteria_weights, goal_weights

__all__ = [
    "CONSISTENCY_LIMIT",
    "RANDOM_INDEX",
    "SAATY_SCALE",
    "AhpResult",
    "GroupAhpResult",
    "criteria_weights",
    "goal_weights",
    "group_weights",
    "latest_judgments",
    "nearest_saaty",
    "random_index",
    "ratio_text",
    "ratio_words",
    "revisit_table",
    "weights",
]
