"""The contracts of the workshop tables: opportunities, estimates, scores, pairwise, maturity,
and the benefits tables actuals and goal_rates.

:data:`TABLES` holds them by name; :func:`spec_for` adds the alignment columns that follow a
workshop's goals.
"""

from __future__ import annotations

import numpy as np

from ..settings import LAYERS, Settings
from .fields import Field, TableSpec

__all__ = ["ACTUALS", "ESTIMATES", "GOAL_RATES", "MATURITY", "OPPORTUNITIES", "PAIRWISE", "SCORES", "TABLES",
           "spec_for"]

_MONEY = "write a plain number such as 250000 (no currency sign or text)"

OPPORTUNITIES = TableSpec(
    "opportunities",
    required=True,
    description="One row per opportunity (idea, request or initiative).",
    fields=(
        Field("id", unique=True, hint="a short unique code such as OPP-01"),
        Field("title", hint="a few words that name the opportunity"),
        Field("capability_area", "area", hint="one of the five capability areas"),
        Field("goals", "list", nullable=True, default=(), hint="goal ids separated by ';'"),
        Field("cost_low", "number", low=0, hint=_MONEY),
        Field("cost_high", "number", low=0, hint=_MONEY),
        Field("effort_months", "number", low=0, hint="person-months, e.g. 6"),
        Field("description", required=False, nullable=True, default=""),
        Field("sponsor", required=False, nullable=True, default=""),
        Field("business_unit", required=False, nullable=True, default=""),
        Field("run_cost_low", "number", required=False, nullable=True, default=0.0, low=0, hint=_MONEY),
        Field("run_cost_high", "number", required=False, nullable=True, default=0.0, low=0, hint=_MONEY),
        Field("team", required=False, nullable=True, default=""),
        Field("depends_on", "list", required=False, nullable=True, default=()),
        Field("mandatory", "yesno", required=False, nullable=True, default=False),
        Field("time_criticality", "number", required=False, nullable=True, low=1, high=10),
        Field("risk_reduction", "number", required=False, nullable=True, low=1, high=10),
    ),
)

ESTIMATES = TableSpec(
    "estimates",
    required=True,
    description="Benefits: one row per value driver of an opportunity, as a 90% interval per year.",
    fields=(
        Field("opportunity_id"),
        Field("layer", "choice", choices=LAYERS),
        Field("driver", hint="what changes, e.g. 'Hours saved by dispatchers'"),
        Field("low", "number", hint="the low end of a 90% interval per year"),
        Field("high", "number", hint="the high end of a 90% interval per year"),
        Field("unit", required=False, nullable=True, default=""),
        Field("unit_value", "number", required=False, nullable=True, default=1.0, hint=_MONEY),
        Field("distribution", "choice", required=False, nullable=True, default="normal",
              choices=("normal", "lognormal", "pert")),
        Field("start_year", "integer", required=False, nullable=True, default=1, low=1, high=30),
        Field("ramp_years", "integer", required=False, nullable=True, default=0, low=0, high=30),
        Field("most_likely", "number", required=False, nullable=True, default=np.nan,
              hint="the most likely yearly level, between low and high (makes the estimate PERT)"),
    ),
)

SCORES = TableSpec(
    "scores",
    description="Each participant's score of each opportunity on each criterion.",
    fields=(
        Field("participant"),
        Field("opportunity_id"),
        Field("criterion"),
        Field("score", "number"),
        Field("comment", required=False, nullable=True, default=""),
    ),
)

PAIRWISE = TableSpec(
    "pairwise",
    description="Pairwise judgments: a is `ratio` times as important as b (1/9 to 9).",
    fields=(
        Field("participant"),
        Field("a"),
        Field("b"),
        Field("ratio", "ratio", low=0.11, high=9 + 1e-9,  # 0.11: 1/9 as people round it
              hint="Saaty's scale: 1 (equal) to 9 (extremely more), or 1/3, 1/5 ... for less"),
    ),
)

MATURITY = TableSpec(
    "maturity",
    description="Maturity self-assessment answers, 1 (reactive) to 5 (value-creating).",
    fields=(
        Field("participant"),
        Field("area", hint="a dimension id of the maturity instrument, e.g. governance"),
        Field("statement", hint="a statement id of the maturity instrument, e.g. governance.1"),
        Field("score", "integer", low=1, high=5),
        Field("role", "choice", required=False, nullable=True, default="", choices=("it", "business", "")),
        Field("submitted", required=False, nullable=True, default="",
              hint="when the answers were given (ISO 8601), written by the answering form"),
    ),
)

ACTUALS = TableSpec(
    "actuals",
    description="Benefits realised: one row per value driver of an opportunity and period, in the estimate's unit.",
    fields=(
        Field("opportunity_id", hint="an id of the opportunities table, e.g. OPP-01"),
        Field("driver", hint="the driver as the estimates table names it, e.g. 'Hours saved by dispatchers'"),
        Field("period", "period"),
        Field("value", "number", hint="what the driver delivered in the period, in the estimate's unit "
                                      "(hours, calls, EUR...): a plain number"),
        Field("source", required=False, nullable=True, default="",
              hint="where the number comes from, e.g. 'Finance ledger' or 'TMS report'"),
        Field("note", required=False, nullable=True, default=""),
    ),
)

GOAL_RATES = TableSpec(
    "goal_rates",
    description="The business rates themselves: a goal's measured rate per period, and its baseline.",
    fields=(
        Field("goal_id", hint="a goal id of workshop.yml, e.g. productivity"),
        Field("period", "period"),
        Field("value", "number", hint="the measured rate, a plain number (3.5 for 3.5%)"),
        Field("kind", "choice", required=False, nullable=True, default="rate", choices=("rate", "baseline")),
        Field("unit", required=False, nullable=True, default="", hint="how the rate is measured, e.g. '% a year'"),
        Field("source", required=False, nullable=True, default=""),
        Field("note", required=False, nullable=True, default=""),
    ),
)

TABLES: dict[str, TableSpec] = {t.name: t for t in (OPPORTUNITIES, ESTIMATES, SCORES, PAIRWISE, MATURITY,
                                                    ACTUALS, GOAL_RATES)}



def spec_for(name: str, settings: Settings) -> TableSpec:
    """The contract of table ``name`` for this workshop (alignment columns follow its goals)."""
    spec = TABLES[name]
    if name == "opportunities":
        extra = tuple(
            Field(f"align_{g}", "alignment", required=False, nullable=True, default=0, low=0, high=4,
                  hint="0 none, 1 low, 2 moderate, 3 strong, 4 extreme")
            for g in settings.goal_ids
        )
        return TableSpec(spec.name, spec.fields, spec.required, spec.description, extra)
    return spec
