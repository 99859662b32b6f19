"""Step 3 of validation: rules spanning rows, tables and ``workshop.yml``.

:func:`cross_check` reports unknown goal, team, criterion or opportunity ids, ``low > high``
intervals, scores outside a criterion's scale, self-comparisons and dependency cycles; the
benefits tables (``actuals``, ``goal_rates``) are checked by :mod:`~kit.schemas.actuals`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import pandas as pd

from ..errors import Problem
from ..io import TableSource
from ..settings import Settings, did_you_mean
from .actuals import check_actuals, check_goal_rates

__all__ = ["cross_check"]


def cross_check(settings: Settings, tables: dict[str, pd.DataFrame],
                sources: dict[str, TableSource], broken: Collection[str] = ()) -> list[Problem]:
    """Rules spanning rows, tables and settings. Tables are typed frames from :func:`validate_table`.

    ``broken`` names the tables that have problems of their own: the actuals are then not
    checked against them, so that one damaged estimates file reads as its own few problems,
    not as every actual that names one of its drivers.
    """
    problems: list[Problem] = []
    tables = {n: t for n, t in tables.items() if n in sources}

    def at(name: str) -> Callable[..., None]:
        src = sources[name]

        def add(problem: str, **kw: Any) -> None:
            problems.append(Problem(problem, file=src.label, sheet=src.sheet, **kw))

        return add

    opp = tables.get("opportunities")
    ids: list[str] = []
    if opp is not None:
        add = at("opportunities")
        ids = list(opp["id"])
        goal_ids = settings.goal_ids
        for column in opp.columns:
            if str(column).startswith("align_") and column[6:] not in goal_ids:
                add("alignment column for an unknown goal", column=column, value=column[6:],
                    hint=did_you_mean(column[6:], goal_ids) + " (goals come from workshop.yml)")
        for row, r in opp.iterrows():
            for g in r["goals"]:
                if g not in goal_ids:
                    add("unknown goal id", row=row, column="goals", value=g,
                        hint=did_you_mean(g, goal_ids) + " (goals come from workshop.yml)")
            for lo, hi in (("cost_low", "cost_high"), ("run_cost_low", "run_cost_high")):
                if r[lo] > r[hi]:
                    add(f"{lo} is greater than {hi}", row=row, column=lo, value=f"{r[lo]:g} > {r[hi]:g}",
                        hint=f"{lo} is the low end of a 90% interval: swap the two values")
            if settings.capacity and r["team"] and r["team"] not in settings.capacity:
                add("unknown team", row=row, column="team", value=r["team"],
                    hint=did_you_mean(r["team"], list(settings.capacity)) + " (teams come from capacity in workshop.yml)")
            for dep in r["depends_on"]:
                if dep not in ids:
                    add("depends on an unknown opportunity", row=row, column="depends_on", value=dep,
                        hint=did_you_mean(dep, ids))
                elif dep == r["id"]:
                    add("depends on itself", row=row, column="depends_on", value=dep, hint="remove it")
        cycle = _find_cycle({r["id"]: [d for d in r["depends_on"] if d in ids and d != r["id"]]
                             for _, r in opp.iterrows()})
        if cycle:
            row = int(opp.index[opp["id"] == cycle[0]][0])
            add("dependency cycle: " + " -> ".join(cycle), row=row, column="depends_on", value=cycle[1],
                hint="an opportunity cannot (indirectly) depend on itself: remove one of these dependencies")

    est = tables.get("estimates")
    if est is not None:
        add = at("estimates")
        # Only rows with a problem are visited one by one (in order, so problems keep their
        # order): a workshop's thousands of rows are checked as columns.
        suspect = (est["low"] > est["high"]) | ((est["distribution"] == "lognormal") & (est["low"] <= 0))
        if ids:
            suspect |= ~est["opportunity_id"].isin(ids)
        for row, r in est[suspect].iterrows():
            if ids and r["opportunity_id"] not in ids:
                add("estimate for an unknown opportunity", row=row, column="opportunity_id",
                    value=r["opportunity_id"], hint=did_you_mean(r["opportunity_id"], ids))
            if r["low"] > r["high"]:
                add("low is greater than high", row=row, column="low", value=f"{r['low']:g} > {r['high']:g}",
                    hint="low and high are the ends of a 90% interval: swap them")
            if r["distribution"] == "lognormal" and r["low"] <= 0:
                add("a lognormal estimate needs a positive low", row=row, column="low", value=f"{r['low']:g}",
                    hint="use distribution normal, or a low above 0")

    scores = tables.get("scores")
    if scores is not None:
        add = at("scores")
        criteria = {c.id: c for c in settings.criteria}
        low = scores["criterion"].map({c.id: c.scale[0] for c in settings.criteria})
        high = scores["criterion"].map({c.id: c.scale[1] for c in settings.criteria})
        suspect = low.isna() | ~((low <= scores["score"]) & (scores["score"] <= high))
        if ids:
            suspect |= ~scores["opportunity_id"].isin(ids)
        for row, r in scores[suspect].iterrows():
            if ids and r["opportunity_id"] not in ids:
                add("score for an unknown opportunity", row=row, column="opportunity_id",
                    value=r["opportunity_id"], hint=did_you_mean(r["opportunity_id"], ids))
            crit = criteria.get(r["criterion"])
            if crit is None:
                add("unknown criterion", row=row, column="criterion", value=r["criterion"],
                    hint=did_you_mean(r["criterion"], list(criteria)) + " (criteria come from workshop.yml)")
            elif not crit.scale[0] <= r["score"] <= crit.scale[1]:
                add(f"score outside the scale of {crit.id}", row=row, column="score", value=f"{r['score']:g}",
                    hint=f"use {crit.scale[0]:g} to {crit.scale[1]:g}")

    pair = tables.get("pairwise")
    if pair is not None:
        add = at("pairwise")
        items = settings.goal_ids + settings.criterion_ids
        suspect = ~pair["a"].isin(items) | ~pair["b"].isin(items) | (pair["a"] == pair["b"])
        for row, r in pair[suspect].iterrows():
            for side in ("a", "b"):
                if r[side] not in items:
                    add("compares an unknown goal or criterion", row=row, column=side, value=r[side],
                        hint=did_you_mean(r[side], items))
            if r["a"] == r["b"]:
                add("compares an item with itself", row=row, column="b", value=r["b"], hint="a and b must differ")

    if "actuals" in tables:
        check_actuals(settings, tables["actuals"], None if "opportunities" in broken else opp,
                      None if "estimates" in broken or "opportunities" in broken else est, at("actuals"))
    if "goal_rates" in tables:
        check_goal_rates(settings, tables["goal_rates"], at("goal_rates"))
    return problems



def _find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """A dependency cycle as a closed path (first == last), or ``None``."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in graph:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None
