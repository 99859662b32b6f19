"""Rows added to a table that already has rows: the table's own contract on the whole table,
the problems of the added rows only.

An opportunity captured in the room (:mod:`kit.ideas`) joins the folder's opportunities and
the ideas stored before it. It is parsed and checked alone (steps 1 and 2 of
:mod:`kit.schemas`), then the same pandera schema and :func:`~kit.schemas.cross_check` run on
the table with it added, so an id already taken is "is not unique", an unknown goal "unknown
goal id", ``cost_low > cost_high`` "cost_low is greater than cost_high", exactly as a file
gives them.
"""

from __future__ import annotations

import pandas as pd

from ..errors import Problem
from ..io import TableSource
from ..settings import Settings
from .cross import cross_check
from .fields import TableSpec
from .parse import _pandera_problems, validate_table

__all__ = ["validate_added"]


def validate_added(settings: Settings, spec: TableSpec, existing: pd.DataFrame, raw: pd.DataFrame,
                   source: TableSource) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse and check the rows ``raw`` (text, indexed by their row labels) as added to the
    typed rows ``existing`` of the same table.

    Parameters
    ----------
    settings : Settings
        The workshop's settings (goals, teams, criteria for the cross-checks).
    spec : TableSpec
        The table's contract (:func:`~kit.schemas.spec_for`).
    existing : DataFrame
        The rows already in the table, typed (as :func:`validate_table` or a loaded workshop
        gives them); their index does not matter.
    raw : DataFrame
        The added rows as text; problems name their index as the row.
    source : TableSource
        Where the added rows come from (the label problems carry).

    Returns
    -------
    (DataFrame, list of Problem)
        The added rows typed, and the problems of the added rows (empty: they may join).
    """
    typed, problems = validate_table(raw, spec, source)
    if problems:
        return typed, problems
    columns = [f.name for f in (*spec.fields, *spec.extra)]
    before = existing.reindex(columns=columns)
    before.index = pd.RangeIndex(-len(before), 0)  # never one of the added rows' labels
    whole = pd.concat([before, typed[columns]]) if len(before) else typed[columns]
    shown = pd.concat([before.astype(object), raw.reindex(columns=columns)]) if len(before) else raw
    where = {"file": source.label, "sheet": source.sheet}
    added = set(typed.index)
    problems = [p for p in _pandera_problems(whole, shown, spec, where, set()) if p.row in added]
    if not problems:
        found = cross_check(settings, {spec.name: whole}, {spec.name: source})
        # a dependency cycle is reported at one of its rows, perhaps one already there
        problems = [p for p in found if p.row in added or p.problem.startswith("dependency cycle")]
    return typed, problems
