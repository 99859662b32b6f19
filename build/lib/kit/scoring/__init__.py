"""Scoring: the frameworks, the group's scores and agreement, and the ranking of a workshop.

Modules
-------
:mod:`~kit.scoring.frameworks`
    Weighted sum, TOPSIS, RICE, ICE, WSJF and CD3: pure functions on frames or arrays.
:mod:`~kit.scoring.group`
    Participants' scores per opportunity and criterion, agreement (r_wg), the agenda of where
    the group should talk first, who has contributed what, and which opportunities are not
    yet scored on every criterion (:func:`unscored`: left out of the ranking and triage).
:mod:`~kit.scoring.ranking`
    One framework over a workshop: :func:`priority`, :func:`breakdown`,
    :func:`rank_stability`, :func:`value_effort` and the goal weights they use.

Every public name is importable from here: ``from kit import scoring; scoring.priority(ws)``.
"""

from __future__ import annotations

from .frameworks import INTERCOM_CONFIDENCE, INTERCOM_IMPACT, cd3, ice, rice, topsis, weighted, wsjf
from .group import (
    AGREEMENT_LEVELS,
    agenda,
    agreement_level,
    group_scores,
    opportunity_agreement,
    participant_scores,
    participation,
    rwg,
    unscored,
    unscored_sentence,
)
from .ranking import (
    FRAMEWORKS,
    breakdown,
    priority,
    rank_stability,
    resolve_goal_weights,
    value_effort,
)

__all__ = [
    "AGREEMENT_LEVELS",
    "FRAMEWORKS",
    "INTERCOM_CONFIDENCE",
    "INTERCOM_IMPACT",
    "agenda",
    "agreement_level",
    "breakdown",
    "cd3",
    "group_scores",
    "ice",
    "opportunity_agreement",
    "participant_scores",
    "participation",
    "priority",
    "rank_stability",
    "resolve_goal_weights",
    "rice",
    "rwg",
    "topsis",
    "unscored",
    "unscored_sentence",
    "value_effort",
    "weighted",
    "wsjf",
]
