"""Maturity self-assessment: where IT stands on the road from busyness to betterment.

Modules
-------
:mod:`~kit.maturity.instrument`
    The instrument (``templates/maturity.yml``, adaptable per workshop): dimensions, their
    statements and the five levels, read and checked.
:mod:`~kit.maturity.answers`
    Answers checked against the instrument and described.
:mod:`~kit.maturity.levels`
    Levels per respondent, statement and dimension; the IT-vs-business and target gaps.
:mod:`~kit.maturity.suggestions`
    Opportunity themes from the largest gaps.

Charts live in :mod:`kit.charts.maturity`, the answering form in :mod:`kit.apps.maturity`.
Every public name is importable from here: ``from kit import maturity; maturity.assess(...)``.
"""

from __future__ import annotations

from .answers import ANSWER_COLUMNS, ROLES, check_answers, describe_answers
from .instrument import (
    DEFAULT_INSTRUMENT,
    Dimension,
    Instrument,
    Statement,
    instrument_for,
    load_instrument,
    parse_instrument,
)
from .levels import (
    assess,
    assess_workshop,
    level_views,
    respondent_levels,
    statement_levels,
    targets_for,
    weakest_statements,
)
from .suggestions import THEME_COLUMNS, suggested_themes, themes

__all__ = [
    "ANSWER_COLUMNS",
    "DEFAULT_INSTRUMENT",
    "ROLES",
    "THEME_COLUMNS",
    "Dimension",
    "Instrument",
    "Statement",
    "assess",
    "assess_workshop",
    "check_answers",
    "describe_answers",
    "instrument_for",
    "level_views",
    "load_instrument",
    "parse_instrument",
    "respondent_levels",
    "statement_levels",
    "suggested_themes",
    "targets_for",
    "themes",
    "weakest_statements",
]
