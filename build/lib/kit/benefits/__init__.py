"""Benefits realisation: the rates IT promised against the rates it delivered, and what the next
round's estimates learn from the difference.

The recipe of workbook 06, one module per step:

1. :mod:`~kit.benefits.promise` — every actual (table ``actuals``) next to what its estimate
   promised for that period, ramp included: one *check* each (:func:`checks`);
2. :mod:`~kit.benefits.progress` — per driver and per opportunity: ahead, on track, behind,
   not yet due or not reported, with the reason in words (:func:`realisation`), and the
   executive summary's "delivered so far" (:func:`delivered_so_far`);
3. :mod:`~kit.benefits.timeline` — realised value per quarter by layer or goal
   (:func:`value_by_period`) and the business rates against their baseline (:func:`goal_rates`,
   table ``goal_rates``);
4. :mod:`~kit.benefits.calibration` — the share of actuals inside their 90% intervals and the
   average bias, overall and by sponsor or business unit (:func:`calibration`);
5. :mod:`~kit.benefits.recalibration` — new intervals for the open opportunities, shifted and
   widened by their estimators' record (:func:`recalibrate`, :func:`recalibrated_workshop`,
   used by workbook 03's ``calibration="measured"``), and what that does to their NPV range
   (:func:`recalibration_effect`).

All functions return long-form DataFrames for :mod:`kit.charts.benefits`.
"""

from .calibration import (
    BIAS_LIMITS,
    BIAS_TOLERANCE,
    GROUPINGS,
    MAX_WIDEN,
    MIN_CHECKS,
    calibration,
    calibration_sentences,
)
from .progress import (
    AHEAD,
    BEHIND,
    NOT_REPORTED,
    NOT_YET_DUE,
    ON_TRACK,
    STATUSES,
    Realisation,
    delivered_so_far,
    realisation,
)
from .promise import checks
from .recalibration import (
    open_opportunities,
    recalibrate,
    recalibrated_workshop,
    recalibration_effect,
)
from .timeline import goal_rate_sentences, goal_rates, goal_shares, value_by_period

__all__ = [
    "AHEAD",
    "BEHIND",
    "BIAS_LIMITS",
    "BIAS_TOLERANCE",
    "GROUPINGS",
    "MAX_WIDEN",
    "MIN_CHECKS",
    "NOT_REPORTED",
    "NOT_YET_DUE",
    "ON_TRACK",
    "STATUSES",
    "Realisation",
    "calibration",
    "calibration_sentences",
    "checks",
    "delivered_so_far",
    "goal_rate_sentences",
    "goal_rates",
    "goal_shares",
    "open_opportunities",
    "realisation",
    "recalibrate",
    "recalibrated_workshop",
    "recalibration_effect",
    "value_by_period",
]
