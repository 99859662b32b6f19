"""Tables of a triage for sponsors and workbooks: the decisions, their counts, what binds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..workshop import Workshop
from .decide import DECISIONS, rules_in_force

__all__ = ["counts", "resources", "summary_table"]


def summary_table(decisions: pd.DataFrame) -> pd.DataFrame:
    """The decisions to show a sponsor: ``rank, opportunity_id, title, decision, reason``, plus
    ``overridden_by`` when any decision was overridden."""
    cols = ["rank", "opportunity_id", "title", "decision", "reason"]
    out = decisions[cols].copy()
    if (decisions["override_decision"].astype(str) != "").any():
        out["overridden_by"] = decisions["override_by"].to_numpy()
    return out


def counts(decisions: pd.DataFrame) -> pd.DataFrame:
    """Decision counts: ``decision, opportunities, cost_mid, effort_months, overridden`` (all three decisions)."""
    g = decisions.assign(overridden=decisions["override_decision"].astype(str) != "").groupby("decision")
    out = g.agg(opportunities=("opportunity_id", "size"), cost_mid=("cost_mid", "sum"),
                effort_months=("effort_months", "sum"), overridden=("overridden", "sum"))
    out = out.reindex(list(DECISIONS), fill_value=0).rename_axis("decision").reset_index()
    return out.astype({"opportunities": int, "overridden": int})


def resources(decisions: pd.DataFrame, workshop: Workshop, *, rules: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """How the budget and each team's capacity are used: what binds.

    Returns
    -------
    DataFrame
        ``resource, unit, available, used_by_yes, asked_by_not_now, share_used`` for the budget
        (when set) and each team with capacity.
    """
    r = rules_in_force(workshop, rules)
    s = workshop.settings
    rows = []
    yes = decisions["decision"] == "YES"
    later = decisions["decision"] == "NOT NOW"
    if s.budget is not None:
        rows.append({"resource": "budget", "unit": s.currency, "available": float(s.budget),
                     "used_by_yes": float(decisions.loc[yes, "cost_mid"].sum()),
                     "asked_by_not_now": float(decisions.loc[later, "cost_mid"].sum())})
    for team, per_quarter in s.capacity.items():
        mine = decisions["team"] == team
        rows.append({"resource": f"{team} team", "unit": "person-months",
                     "available": float(per_quarter) * r["capacity_quarters"],
                     "used_by_yes": float(decisions.loc[yes & mine, "effort_months"].sum()),
                     "asked_by_not_now": float(decisions.loc[later & mine, "effort_months"].sum())})
    out = pd.DataFrame(rows, columns=["resource", "unit", "available", "used_by_yes", "asked_by_not_now"])
    out["share_used"] = out["used_by_yes"] / out["available"].where(out["available"] > 0)
    return out


