"""The rules applied in order (see :mod:`kit.triage`): what decides each opportunity, and the
ledger of budget and team capacity that the better-placed ones use up first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..mapping import ALIGNMENT_LEVELS
from ..text import money, plural
from ..workshop import Workshop

__all__ = ["DECISIONS", "RULES", "apply"]

#: The three answers, in reporting order.
DECISIONS: tuple[str, ...] = ("YES", "NOT NOW", "NO")

#: The rules by id, in the order they apply, with what each decides and why.
RULES: dict[str, str] = {
    "unscored": "NOT NOW: not yet scored on every criterion, so not ranked (k of n criteria named)",
    "mandatory": "YES: mandatory, a regulatory or contractual obligation (setting mandatory_yes)",
    "no_alignment": "NO: serves no business goal (setting min_alignment)",
    "below_threshold": "NO: score below the bar, weakest criteria named (setting score_threshold)",
    "dependency": "NOT NOW: needs an opportunity that is NO or NOT NOW (setting dependency_rule)",
    "budget": "NOT NOW: the budget is used up by better-placed items (setting budget_rule)",
    "capacity": "NOT NOW: the team's capacity is used up by better-placed items (settings capacity_rule, "
                "capacity_quarters)",
    "budget_and_capacity": "NOT NOW: both the budget and the team's capacity are used up",
    "fits": "YES: clears the bar, serves a goal and fits the budget and capacity",
}


@dataclass
class _Ledger:
    budget: float | None
    capacity: dict[str, float]
    used_budget: float = 0.0
    budget_items: int = 0

    def __post_init__(self) -> None:
        self.used: dict[str, float] = dict.fromkeys(self.capacity, 0.0)
        self.team_items: dict[str, int] = dict.fromkeys(self.capacity, 0)

    def take(self, cost: float, team: str, effort: float) -> None:
        self.used_budget += cost
        self.budget_items += 1
        if team in self.used:
            self.used[team] += effort
            self.team_items[team] += 1


def apply(facts: pd.DataFrame, workshop: Workshop, r: Mapping[str, Any],
           fixed: Mapping[str, str]) -> dict[str, tuple[str, str, str]]:
    """Run the rules; ``fixed`` holds overridden decisions the others must live with."""
    s = workshop.settings
    cur = s.currency
    threshold = float(r["score_threshold"])
    quarters = int(r["capacity_quarters"])
    ledger = _Ledger(float(s.budget) if (s.budget is not None and r["budget_rule"]) else None,
                     {t: float(c) * quarters for t, c in s.capacity.items()} if r["capacity_rule"] else {})
    by_id = {f.opportunity_id: f for f in facts.itertuples()}
    out: dict[str, tuple[str, str, str]] = {}
    candidates: list[str] = []
    first: list[str] = []  # decided YES before the fill: mandatory and overridden YES

    for f in facts.itertuples():
        oid = f.opportunity_id
        place = f"score {f.score_scaled:.2f}, rank {f.rank} of {f.n}"
        if oid in fixed:
            out[oid] = (fixed[oid], "override", "")
            if fixed[oid] == "YES":
                first.append(oid)
        elif f.unscored:
            out[oid] = ("NOT NOW", "unscored", f.unscored)
        elif f.mandatory and r["mandatory_yes"]:
            out[oid] = ("YES", "mandatory", f"Mandatory: a regulatory or contractual obligation ({place}). It goes "
                                            "ahead whatever its score and takes its share of budget and capacity first.")
            first.append(oid)
        elif f.max_alignment < float(r["min_alignment"]):
            level = ALIGNMENT_LEVELS.get(int(f.max_alignment), str(f.max_alignment))
            need = ALIGNMENT_LEVELS.get(int(r["min_alignment"]), str(r["min_alignment"]))
            out[oid] = ("NO", "no_alignment", f"Serves no business goal (no goal alignment): its highest alignment "
                                              f"with any goal is {level}, below the minimum of {need}. Ask the "
                                              "sponsor which goal it would move.")
        elif f.score_scaled < threshold:
            weakest = f" Weakest: {f.weakest}." if f.weakest else ""
            out[oid] = ("NO", "below_threshold", f"Score {f.score_scaled:.2f} is below the bar of {threshold:.2f} "
                                                 f"(rank {f.rank} of {f.n}).{weakest}")
        else:
            candidates.append(oid)
    for oid in first:
        f = by_id[oid]
        ledger.take(f.cost_mid, f.team, f.effort_months)

    def settle(oid: str) -> None:
        if oid in out:
            return
        f = by_id[oid]
        if r["dependency_rule"]:
            for dep in f.depends_on:
                if dep in by_id and dep not in out and dep in candidates:
                    settle(dep)
            blockers = [d for d in f.depends_on if d in by_id and out.get(d, ("NO",))[0] != "YES"]
            if blockers:
                words = "; ".join(f"{d} ({by_id[d].title}), which is {out[d][0]}" for d in blockers)
                out[oid] = ("NOT NOW", "dependency", f"Needs {words}. Revisit when "
                                                     f"{' and '.join(blockers)} {'is' if len(blockers) == 1 else 'are'}"
                                                     " approved.")
                return
        place = f"score {f.score_scaled:.2f}, rank {f.rank} of {f.n}"
        short_budget = ledger.budget is not None and ledger.used_budget + f.cost_mid > ledger.budget + 1e-9
        team_cap = ledger.capacity.get(f.team)
        short_team = team_cap is not None and ledger.used[f.team] + f.effort_months > team_cap + 1e-9
        if short_budget or short_team:
            parts = []
            if short_budget:
                left = max(ledger.budget - ledger.used_budget, 0.0)
                parts.append(f"the budget runs out ({money(ledger.budget, cur)}: {_ahead(ledger.budget_items)} "
                             f"{money(ledger.used_budget, cur)}; this needs {money(f.cost_mid, cur)}, "
                             f"{money(left, cur)} is left)")
            if short_team:
                left = max(team_cap - ledger.used[f.team], 0.0)
                parts.append(f"the {f.team} team's capacity runs out ({team_cap:g} person-months in the first {quarters} quarters, "
                             f"{s.capacity[f.team]:g} a quarter: {_ahead(ledger.team_items[f.team])} "
                             f"{ledger.used[f.team]:g}; this needs {f.effort_months:g}, {left:g} left)")
            rule = "budget_and_capacity" if (short_budget and short_team) else "budget" if short_budget else "capacity"
            out[oid] = ("NOT NOW", rule, f"Good enough ({place}), but {' and '.join(parts)}.")
            return
        ledger.take(f.cost_mid, f.team, f.effort_months)
        serves = f"; serves {f.serves}" if f.serves else ""
        fits = []
        if ledger.budget is not None:
            fits.append("the budget")
        if team_cap is not None:
            fits.append(f"the {f.team} team's capacity")
        fit_words = f"; fits {' and '.join(fits)}" if fits else ""
        out[oid] = ("YES", "fits", f"Score {f.score_scaled:.2f} clears the bar of {threshold:.2f} (rank {f.rank} "
                                   f"of {f.n}){serves}{fit_words}.")

    for oid in candidates:
        settle(oid)
    return out


def _ahead(n: int) -> str:
    """``"2 items ahead of it take"``, ``"1 item ahead of it takes"``."""
    return f"{plural(n, 'item')} ahead of it {'takes' if n == 1 else 'take'}"
