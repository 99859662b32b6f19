"""Opportunity mapping: which goals each opportunity serves, coverage, gaps, indicative value.

All functions take a :class:`~kit.workshop.Workshop` and return long-form frames (or plain
sentences), ready for :mod:`kit.charts`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .settings import CAPABILITY_AREAS
from .workshop import Workshop

__all__ = [
    "ALIGNMENT_LEVELS",
    "alignment_matrix",
    "area_coverage",
    "gaps",
    "goal_coverage",
    "indicative_value",
    "portfolio_summary",
]

#: Alignment scale of the ``align_<goal>`` columns.
ALIGNMENT_LEVELS: dict[int, str] = {0: "none", 1: "low", 2: "moderate", 3: "strong", 4: "extreme"}

#: Alignment from which an opportunity counts as *serving* a goal.
SERVES = 2


def alignment_matrix(workshop: Workshop) -> pd.DataFrame:
    """Opportunity × goal alignment, long form.

    Alignment comes from the ``align_<goal>`` column when the table has it; otherwise a goal
    listed in ``goals`` counts as strong (3) and any other as none (0). A goal listed in
    ``goals`` is never below moderate (2).

    Returns
    -------
    DataFrame
        ``opportunity_id, title, capability_area, area_name, goal, goal_name, alignment, level``
    """
    opp = workshop.opportunities
    rows = []
    for goal in workshop.settings.goals:
        column = f"align_{goal.id}"
        listed = opp["goals"].map(lambda gs, g=goal.id: g in gs)
        # the loader fills an absent align_ column with 0: a column is given if a cell is above 0
        if column in opp.columns and opp[column].fillna(0).gt(0).any():
            level = opp[column].fillna(0).astype(float)
            level = np.where(listed, np.maximum(level, SERVES), level)
        else:
            level = np.where(listed, 3.0, 0.0)
        rows.append(pd.DataFrame({
            "opportunity_id": opp["id"], "title": opp["title"], "capability_area": opp["capability_area"],
            "area_name": opp["area_name"], "goal": goal.id, "goal_name": goal.name,
            "alignment": np.asarray(level, dtype=int)}))
    out = pd.concat(rows, ignore_index=True)
    out["level"] = out["alignment"].map(ALIGNMENT_LEVELS)
    return out


def indicative_value(workshop: Workshop) -> pd.DataFrame:
    """A first, deliberately simple value view per opportunity, for the opportunity map.

    ``value_mid`` is the undiscounted sum, over the workshop horizon, of the mid-points of the
    benefit estimates (``(low + high) / 2 × unit_value``, from ``start_year``, ramping
    linearly over ``ramp_years``), minus mid run costs from go-live. ``cost_mid`` is the mid of
    the one-off cost interval. The value-scenarios step replaces this with a discounted Monte
    Carlo model; this view only places ideas on a map.

    Returns
    -------
    DataFrame
        One row per opportunity: ``opportunity_id, title, capability_area, area_name, sponsor,
        business_unit, goals, cost_mid, effort_months, yearly_benefit_mid, value_mid,
        value_per_cost``.
    """
    opp = workshop.opportunities
    est = workshop.estimates
    years = np.arange(1, workshop.settings.horizon_years + 1)
    benefit = dict.fromkeys(opp["id"], 0.0)
    yearly = dict.fromkeys(opp["id"], 0.0)
    first_year = dict.fromkeys(opp["id"], workshop.settings.horizon_years + 1)
    for r in est.itertuples(index=False):
        mid = (r.low + r.high) / 2 * r.unit_value
        ramp = np.clip((years - r.start_year + 1) / (r.ramp_years + 1), 0, 1)
        benefit[r.opportunity_id] += float(mid * ramp.sum())
        yearly[r.opportunity_id] += mid
        first_year[r.opportunity_id] = min(first_year[r.opportunity_id], r.start_year)
    cost_mid = (opp["cost_low"] + opp["cost_high"]) / 2
    run_mid = (opp["run_cost_low"] + opp["run_cost_high"]) / 2
    live_years = opp["id"].map(lambda i: max(0, workshop.settings.horizon_years - first_year[i] + 1))
    value = opp["id"].map(benefit) - run_mid * live_years
    return pd.DataFrame({
        "opportunity_id": opp["id"], "title": opp["title"], "capability_area": opp["capability_area"],
        "area_name": opp["area_name"], "sponsor": opp["sponsor"], "business_unit": opp["business_unit"],
        "goals": opp["goals"].map(lambda g: ", ".join(g)), "cost_mid": cost_mid,
        "effort_months": opp["effort_months"], "yearly_benefit_mid": opp["id"].map(yearly),
        "value_mid": value, "value_per_cost": np.where(cost_mid > 0, value / cost_mid.where(cost_mid > 0, 1), np.nan),
    })


def portfolio_summary(workshop: Workshop) -> pd.DataFrame:
    """Counts of ideas by capability area, goal, business unit and sponsor (long form).

    Returns
    -------
    DataFrame
        ``dimension, category, opportunities, cost_mid, effort_months`` sorted by dimension
        then count; a goal counts every opportunity serving it (alignment ≥ moderate).
    """
    opp = workshop.opportunities.assign(cost_mid=lambda d: (d.cost_low + d.cost_high) / 2)
    parts = []
    for dimension, column in (("capability area", "area_name"), ("business unit", "business_unit"),
                              ("sponsor", "sponsor")):
        frame = opp.assign(category=opp[column].replace("", "(not given)"))
        parts.append(_count(frame, dimension))
    serving = alignment_matrix(workshop).query("alignment >= @SERVES")
    by_goal = serving.merge(opp[["id", "cost_mid", "effort_months"]], left_on="opportunity_id", right_on="id")
    parts.append(_count(by_goal.assign(category=by_goal["goal_name"]), "goal"))
    return pd.concat(parts, ignore_index=True)


def _count(frame: pd.DataFrame, dimension: str) -> pd.DataFrame:
    out = (frame.groupby("category", as_index=False)
           .agg(opportunities=("category", "size"), cost_mid=("cost_mid", "sum"),
                effort_months=("effort_months", "sum"))
           .sort_values(["opportunities", "category"], ascending=[False, True]))
    return out.assign(dimension=dimension)[["dimension", "category", "opportunities", "cost_mid", "effort_months"]]


def goal_coverage(workshop: Workshop) -> pd.DataFrame:
    """How well each goal is served by the ideas on the table.

    A goal is *under-served* when fewer than half the median number of opportunities per goal
    serve it, *crowded* when more than 1.5× the median serve it.

    Returns
    -------
    DataFrame
        ``goal, goal_name, serving, strong, mean_alignment, share, status``.
    """
    m = alignment_matrix(workshop)
    n = workshop.opportunities.shape[0]
    out = (m.groupby(["goal", "goal_name"], sort=False, as_index=False)
           .agg(serving=("alignment", lambda a: int((a >= SERVES).sum())),
                strong=("alignment", lambda a: int((a >= 3).sum())),
                mean_alignment=("alignment", "mean")))
    out["share"] = out["serving"] / max(n, 1)
    out["status"] = _status(out["serving"])
    return out


def area_coverage(workshop: Workshop) -> pd.DataFrame:
    """Ideas per capability area, with the same thin / crowded rule as :func:`goal_coverage`.

    Returns
    -------
    DataFrame
        ``capability_area, area_name, opportunities, cost_mid, effort_months, share, status``
        for all five areas, also those with no idea at all.
    """
    opp = workshop.opportunities
    counts = opp.groupby("capability_area").agg(
        opportunities=("id", "size"),
        cost_mid=("cost_low", lambda s: float(((s + opp.loc[s.index, "cost_high"]) / 2).sum())),
        effort_months=("effort_months", "sum"))
    out = pd.DataFrame({"capability_area": list(CAPABILITY_AREAS), "area_name": list(CAPABILITY_AREAS.values())})
    out = out.merge(counts, left_on="capability_area", right_index=True, how="left").fillna(
        {"opportunities": 0, "cost_mid": 0.0, "effort_months": 0.0})
    out["opportunities"] = out["opportunities"].astype(int)
    out["share"] = out["opportunities"] / max(len(opp), 1)
    out["status"] = _status(out["opportunities"])
    return out


def _status(counts: pd.Series) -> pd.Series:
    median = float(counts.median())
    return pd.Series(np.select([counts < 0.5 * median, counts > 1.5 * median],
                               ["under-served", "crowded"], "balanced"), index=counts.index)


def gaps(workshop: Workshop) -> list[str]:
    """The coverage findings in words, most important first.

    Returns sentences such as "Goal 'New product development' is under-served: only 2 of 36
    opportunities serve it." and names opportunities that serve no goal at all.
    """
    n = len(workshop.opportunities)
    lines = []
    goals = goal_coverage(workshop)
    for r in goals.sort_values("serving").itertuples():
        if r.status == "under-served":
            lines.append(f"Goal '{r.goal_name}' is under-served: only {r.serving} of {n} opportunities serve it"
                         f" ({r.strong} strongly). Look for ideas that would move this rate.")
    areas = area_coverage(workshop)
    for r in areas.sort_values("opportunities").itertuples():
        if r.status == "under-served":
            lines.append(f"Capability area '{r.area_name}' is thin: {r.opportunities} of {n} opportunities.")
    for r in areas.sort_values("opportunities", ascending=False).itertuples():
        if r.status == "crowded":
            lines.append(f"Capability area '{r.area_name}' is crowded: {r.opportunities} of {n} opportunities"
                         " compete for the same people; expect overlaps to merge.")
    for r in goals.sort_values("serving", ascending=False).itertuples():
        if r.status == "crowded":
            lines.append(f"Goal '{r.goal_name}' is crowded: {r.serving} opportunities serve it.")
    m = alignment_matrix(workshop)
    best = m.groupby(["opportunity_id", "title"], sort=False)["alignment"].max()
    orphans = best[best < SERVES]
    if len(orphans):
        names = ", ".join(f"{i} ({t})" for i, t in orphans.index)
        lines.append(f"{len(orphans)} opportunit{'y serves' if len(orphans) == 1 else 'ies serve'} no business "
                      f"goal: {names}. Ask the sponsors which goal they move, or expect a NO.")
    if not lines:
        lines.append("Every goal and capability area is served by a balanced number of opportunities.")
    return lines
