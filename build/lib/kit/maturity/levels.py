"""Maturity levels: per respondent, statement and dimension, with the gaps between views.

:func:`assess` turns checked answers into levels per dimension (mean, median, spread, the gap
between how IT rates itself and how the business rates IT, the gap to target);
:func:`statement_levels` and :func:`respondent_levels` give the same per statement and per
respondent; :func:`level_views` and :func:`weakest_statements` shape them for charts.

Conventions
-----------
- A respondent's level in a dimension is the mean of their answers to its statements; the
  dimension's level is the mean (and median) over respondents, so every respondent counts
  once whatever they skipped. The spread is the standard deviation (``ddof=1``) of the
  respondents' levels.
- When a participant answers a statement twice, the later row counts (answers are appended).
- ``perception_gap`` is IT's level minus the business's: positive when IT rates itself higher.
- ``gap`` is target minus level: positive when the dimension falls short of its target.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..settings import did_you_mean
from .answers import ROLES, check_answers
from .instrument import Instrument, instrument_for

if TYPE_CHECKING:
    from ..workshop import Workshop

__all__ = [
    "assess",
    "assess_workshop",
    "level_views",
    "respondent_levels",
    "statement_levels",
    "targets_for",
    "weakest_statements",
]


def respondent_levels(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Each respondent's level per dimension: the mean of their answers to its statements.

    Returns
    -------
    DataFrame
        ``participant, role, role_name, dimension, name, answered, level``, one row per
        respondent and dimension they answered, in instrument order.
    """
    clean = check_answers(answers, instrument)
    return _respondent_levels(clean, instrument)


def _respondent_levels(clean: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    names = {d.id: d.name for d in instrument.dimensions}
    order = {d: i for i, d in enumerate(instrument.dimension_ids)}
    out = (clean.groupby(["participant", "dimension"], sort=False)
           .agg(role=("role", "last"), answered=("score", "size"), level=("score", "mean"))
           .reset_index())
    out["name"] = out["dimension"].map(names)
    out["role_name"] = out["role"].map(ROLES).fillna("").astype(object)
    out = out.assign(_d=out["dimension"].map(order)).sort_values(["_d"], kind="stable").drop(columns="_d")
    return out[["participant", "role", "role_name", "dimension", "name", "answered", "level"]].reset_index(drop=True)


def _summary(values: pd.Series, roles: pd.Series) -> dict[str, Any]:
    """Mean, median, spread and the IT / business view of a set of levels."""
    n = len(values)
    it, business = values[roles == "it"], values[roles == "business"]
    it_level = float(it.mean()) if len(it) else np.nan
    business_level = float(business.mean()) if len(business) else np.nan
    return {
        "respondents": n,
        "level_mean": float(values.mean()) if n else np.nan,
        "level_median": float(values.median()) if n else np.nan,
        "spread": float(values.std(ddof=1)) if n > 1 else np.nan,
        "low": float(values.min()) if n else np.nan,
        "high": float(values.max()) if n else np.nan,
        "it_respondents": len(it),
        "business_respondents": len(business),
        "it_level": it_level,
        "business_level": business_level,
        "perception_gap": it_level - business_level,
    }


def statement_levels(answers: pd.DataFrame, instrument: Instrument, targets: Mapping[str, float] | None = None,
                     *, default_target: float | None = None) -> pd.DataFrame:
    """Levels per statement: where, within each dimension, the score is pulled down.

    Parameters
    ----------
    answers : DataFrame
        As for :func:`check_answers`.
    instrument : Instrument
    targets : mapping, optional
        Target level per dimension id (1-5); the statement inherits its dimension's target.
    default_target : float, optional
        Target of dimensions ``targets`` does not name (none when omitted).

    Returns
    -------
    DataFrame
        ``dimension, name, statement, text, respondents, level_mean, level_median, spread, low,
        high, it_respondents, business_respondents, it_level, business_level, perception_gap,
        target, gap``, one row per statement in instrument order (unanswered statements have
        0 respondents and empty levels).
    """
    clean = check_answers(answers, instrument)
    goal = _targets(targets, instrument, default_target)
    return _statement_levels(clean, instrument, goal)


def _statement_levels(clean: pd.DataFrame, instrument: Instrument, goal: Mapping[str, float]) -> pd.DataFrame:
    rows = []
    by_statement = dict(tuple(clean.groupby("statement", sort=False)))
    for s in instrument.statements().itertuples(index=False):
        part = by_statement.get(s.statement, clean.iloc[0:0])
        rows.append({"dimension": s.dimension, "name": s.name, "statement": s.statement, "text": s.text,
                     **_summary(part["score"].astype(float), part["role"]), "target": goal[s.dimension]})
    out = pd.DataFrame(rows)
    out["gap"] = out["target"] - out["level_mean"]
    return out


def assess(answers: pd.DataFrame, instrument: Instrument, targets: Mapping[str, float] | None = None,
           *, default_target: float | None = None) -> pd.DataFrame:
    """Levels, spread, IT-vs-business gap and gap to target per dimension.

    Parameters
    ----------
    answers : DataFrame
        ``participant, area, statement, score[, role]``, e.g. ``workshop.maturity``.
    instrument : Instrument
        From :func:`load_instrument` or :func:`instrument_for`.
    targets : mapping, optional
        Target level (1-5) per dimension id, e.g. ``workshop.settings.targets``.
    default_target : float, optional
        Target of the dimensions ``targets`` does not name; without it they have no target.

    Returns
    -------
    DataFrame
        One row per dimension in instrument order: ``dimension, name, respondents,
        level_mean, level_median, spread, low, high, it_respondents, business_respondents,
        it_level, business_level, perception_gap, target, gap, weakest, weakest_text, theme``.
        ``low``/``high`` are the lowest and highest respondent levels; ``weakest`` lists (``;``)
        up to two statements below the dimension's level, lowest first, and ``weakest_text``
        is the text of the lowest; ``theme`` is the instrument's suggested theme.

    Raises
    ------
    InputError
        When answers or targets do not fit the instrument (see :func:`check_answers`).

    Examples
    --------
    Two respondents, one dimension with two statements: IT answers 4 and 4, the business 2
    and 3. The IT level is 4, the business level 2.5, so the level is 3.25 and the
    perception gap 1.5; with a target of 4 the gap is 0.75.
    """
    clean = check_answers(answers, instrument)
    goal = _targets(targets, instrument, default_target)
    people = _respondent_levels(clean, instrument)
    statements = _statement_levels(clean, instrument, goal)
    rows = []
    for d in instrument.dimensions:
        part = people[people["dimension"] == d.id]
        summary = _summary(part["level"], part["role"])
        own = statements[(statements["dimension"] == d.id) & statements["level_mean"].notna()]
        below = own[own["level_mean"] < summary["level_mean"] - 1e-9].sort_values("level_mean", kind="stable")
        rows.append({"dimension": d.id, "name": d.name, **summary, "target": goal[d.id],
                     "weakest": "; ".join(below["statement"].head(2)),
                     "weakest_text": below["text"].iloc[0] if len(below) else "", "theme": d.theme})
    out = pd.DataFrame(rows)
    out.insert(out.columns.get_loc("target") + 1, "gap", out["target"] - out["level_mean"])
    return out


def assess_workshop(workshop: Workshop, instrument: Instrument | None = None,
                    targets: Mapping[str, float] | None = None, *,
                    default_target: float | None = None) -> pd.DataFrame:
    """:func:`assess` on a workshop's ``maturity`` table with its ``targets`` from workshop.yml.

    Parameters
    ----------
    workshop : Workshop
    instrument : Instrument, optional
        Defaults to :func:`instrument_for` the workshop.
    targets : mapping, optional
        Per-dimension targets that override those of workshop.yml.
    default_target : float, optional
        Target of dimensions named nowhere.
    """
    instrument = instrument or instrument_for(workshop)
    return assess(workshop.maturity, instrument, targets_for(workshop, targets), default_target=default_target)


def targets_for(workshop: Workshop, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Target level per dimension: workshop.yml's ``targets:``, updated by ``overrides``."""
    return {**workshop.settings.targets, **(overrides or {})}


def _targets(targets: Mapping[str, float] | None, instrument: Instrument,
             default_target: float | None) -> dict[str, float]:
    problems = []
    dims = instrument.dimension_ids
    for key, value in (targets or {}).items():
        number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
        if key not in dims:
            problems.append(Problem("target for an unknown maturity dimension", column=f"targets.{key}", value=key,
                                    hint=did_you_mean(str(key), dims)
                                    + " (targets come from workshop.yml or the targets parameter)"))
        elif pd.isna(number) or not 1 <= number <= 5:
            problems.append(Problem("target must be a level from 1 to 5", column=f"targets.{key}", value=value,
                                    hint="e.g. 3.5"))
    if default_target is not None and not 1 <= default_target <= 5:
        problems.append(Problem("default target must be a level from 1 to 5", column="default_target",
                                value=default_target))
    if problems:
        raise InputError(problems)
    out = {d: float(default_target) if default_target is not None else np.nan for d in dims}
    out.update({k: float(v) for k, v in (targets or {}).items()})
    return out


def level_views(assessment: pd.DataFrame) -> pd.DataFrame:
    """The levels of :func:`assess` in long form, for dot plots: everyone, IT, business, target.

    Returns
    -------
    DataFrame
        ``dimension, name, view, level, low, high`` (``low``/``high``: the respondents' range,
        given for the ``Everyone`` view only); views with no level are left out.
    """
    parts = []
    for view, column in (("Everyone", "level_mean"), ("IT", "it_level"), ("Business", "business_level"),
                         ("Target", "target")):
        part = assessment[["dimension", "name"]].assign(view=view, level=assessment[column])
        part["low"] = assessment["low"] if view == "Everyone" else np.nan
        part["high"] = assessment["high"] if view == "Everyone" else np.nan
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    return out[out["level"].notna()].reset_index(drop=True)


def weakest_statements(statements: pd.DataFrame, n: int = 8) -> pd.DataFrame:
    """The ``n`` statements with the lowest level, from :func:`statement_levels`.

    Ties keep instrument order. Returns the same columns plus ``rank`` (1 = weakest).
    """
    answered = statements[statements["level_mean"].notna()]
    out = answered.sort_values("level_mean", kind="stable").head(n).reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out
