"""The executive summary: one page with the portfolio, its value range, the decisions and their
reasons, computed from the steps before it (prioritise → value scenarios → portfolio).

:func:`executive_summary` reads as the recipe of the workshop; :class:`ExecutiveSummary` holds
what the one-page workbook shows and records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import benefits, portfolio, scenarios, scoring, triage
from .settings import LAYERS
from .text import money, number, percent
from .workshop import Workshop

__all__ = ["Decisions", "ExecutiveSummary", "budget_grid", "candidates_for", "decide", "executive_summary",
           "frontier_table", "layer_sums", "roadmap_rows", "tightest_team", "value_bins"]


@dataclass(frozen=True)
class Decisions:
    """The part of the summary no budget or scenario changes: scores and YES / NO / NOT NOW.

    Attributes
    ----------
    scored : DataFrame
        :func:`kit.scoring.priority` of the workshop.
    decided : DataFrame
        :func:`kit.triage.decide` with the workshop's overrides (the decision log).
    counts : DataFrame
        :func:`kit.triage.counts` of ``decided``.
    delivered : dict or None
        :func:`kit.benefits.delivered_so_far`: what the YES list has delivered so far against
        its promise (None when the workshop has no actuals).
    unscored : DataFrame or None
        :func:`kit.scoring.unscored`: the opportunities not yet scored on every criterion, left
        out of ``scored`` and NOT NOW in ``decided`` (empty when every one is scored).
    """

    scored: pd.DataFrame
    decided: pd.DataFrame
    counts: pd.DataFrame
    delivered: dict[str, Any] | None = None
    unscored: pd.DataFrame | None = None


def decide(workshop: Workshop, overrides: str | Path | None = None) -> Decisions:
    """Score the opportunities and decide YES / NO / NOT NOW with the triage rules and overrides.

    Parameters
    ----------
    workshop : Workshop
    overrides : path, optional
        Facilitator overrides; by default those of the workshop (:func:`kit.triage.workshop_overrides`).

    Returns
    -------
    Decisions
        Computed once per page: the budget slider and the scenario switch reuse it.
    """
    scored = scoring.priority(workshop)
    decided = triage.decide(scored, workshop, triage.workshop_overrides(workshop, overrides))
    return Decisions(scored, decided, triage.counts(decided), benefits.delivered_so_far(workshop),
                     scoring.unscored(workshop))


def candidates_for(workshop: Workshop, simulation: scenarios.Simulation, decisions: Decisions,
                   value_measure: str = "mean NPV") -> pd.DataFrame:
    """The portfolio candidates valued by ``value_measure`` under ``simulation``'s scenario
    (:func:`kit.portfolio.candidates`)."""
    values = portfolio.measure_values(value_measure, summary=simulation.summary(), priority=decisions.scored)
    return portfolio.candidates(workshop, values)


@dataclass
class ExecutiveSummary:
    """What the executive page shows.

    Attributes
    ----------
    headline : list[str]
        Five or six sentences an executive reads first.
    kpis : DataFrame
        ``measure, value`` — the numbers behind the headline, formatted for reading.
    figures : dict[str, float]
        The same numbers unformatted (recorded by the workbook; compared in batch runs).
    decisions : DataFrame
        Every opportunity: ``opportunity_id, title, decision, reason, in_portfolio,
        override_decision, override_rationale`` — the decision log, with the portfolio beside it.
    differences : DataFrame
        Opportunities where the triage rules and the optimal portfolio disagree, with why.
    value_by_trial : DataFrame
        ``trial, chosen_value``: the chosen portfolio's NPV in every simulated future.
    layers : DataFrame
        The chosen portfolio's value by layer (``Simulation.layer_values`` of its items).
    counts : DataFrame
        Decision counts (:func:`kit.triage.counts`).
    selection : kit.portfolio.Selection
    lead : str
        The headline in one or two sentences, for the top of the dashboard.
    scenario : str
        The scenario's display name.
    delivered : dict or None
        What the decisions already taken have delivered (:func:`kit.benefits.delivered_so_far`),
        None without actuals.
    unscored : DataFrame or None
        The opportunities not yet scored on every criterion (:func:`kit.scoring.unscored`):
        NOT NOW, out of the portfolio, and named in the headline.
    """

    headline: list[str]
    kpis: pd.DataFrame
    figures: dict[str, float]
    decisions: pd.DataFrame
    differences: pd.DataFrame
    value_by_trial: pd.DataFrame
    layers: pd.DataFrame
    counts: pd.DataFrame
    selection: portfolio.Selection
    lead: str = ""
    scenario: str = ""
    delivered: dict[str, Any] | None = None
    unscored: pd.DataFrame | None = None


def executive_summary(workshop: Workshop, *, budget: float = 0, scenario: str = "base", n_trials: int = 5_000,
                      seed: int = 2027, value_measure: str = "mean NPV", overrides: str | Path | None = None,
                      simulation: scenarios.Simulation | None = None, decisions: Decisions | None = None,
                      selection: portfolio.Selection | None = None) -> ExecutiveSummary:
    """Run the workshop's decision chain and summarise it for executives.

    Steps: score (:func:`kit.scoring.priority`) → decide YES / NO / NOT NOW with the
    ``triage`` rules and any overrides → simulate every opportunity's value under
    ``scenario`` → choose the optimal portfolio within ``budget`` (0: the workshop's) and the
    teams' first-year capacity → describe it. An opportunity not yet scored on every
    criterion is NOT NOW, stays out of the portfolio, and the headline names it.

    Parameters
    ----------
    overrides : path, optional
        Facilitator overrides (``opportunity_id, decision, rationale, by, at``); by default
        ``overrides.csv`` in the workshop folder when it exists.
    simulation : Simulation, optional
        A simulation to reuse (the budget slider re-selects without re-simulating).
    decisions : Decisions, optional
        Scores and decisions to reuse (:func:`decide`); ``overrides`` is then not read.
    selection : Selection, optional
        The portfolio to describe, already chosen for ``budget`` with :func:`candidates_for`'s
        candidates under ``simulation`` (the dashboard's precomputed exact points).
    """
    s = workshop.settings
    decided = decisions or decide(workshop, overrides)
    sim = simulation or scenarios.simulate(workshop, n=n_trials, seed=seed, scenario=scenario)
    chosen = selection or portfolio.select(candidates_for(workshop, sim, decided, value_measure),
                                           budget=portfolio.budget_for(workshop, budget),
                                           capacity=portfolio.capacity_limits(workshop))
    ids = chosen.selected_ids
    by_trial = sim.npv_by_trial()[ids].sum(axis=1) if ids else pd.Series(0.0, index=range(sim.n))
    value_by_trial = pd.DataFrame({"trial": np.arange(len(by_trial)), "chosen_value": by_trial.to_numpy()})
    layers = sim.layer_values().query("opportunity_id in @ids")
    counts = decided.counts

    decisions_table = decided.decided[["opportunity_id", "title", "decision", "reason", "override_decision",
                                       "override_rationale"]].copy()
    decisions_table.insert(3, "in_portfolio", decisions_table["opportunity_id"].isin(ids))
    differences = _differences(decisions_table, chosen)
    figures = _figures(chosen, by_trial, layers, counts, sim)
    return ExecutiveSummary(
        headline=_headline(figures, chosen, counts, differences, workshop, sim.label, decided.unscored),
        kpis=_kpis(figures, s.currency, s.horizon_years, decided.delivered), figures=figures, decisions=decisions_table,
        differences=differences, value_by_trial=value_by_trial, layers=layers, counts=counts, selection=chosen,
        lead=_lead(figures, chosen, workshop, sim.label, decided.unscored), scenario=sim.label,
        delivered=decided.delivered, unscored=decided.unscored)


def budget_grid(candidates: pd.DataFrame, capacity: dict[str, float], *, points: int = 25,
                include: Iterable[float] = ()) -> list[float]:
    """The budgets the dashboard's slider moves between, each to be solved exactly.

    ``points`` budgets evenly spaced from what the mandatory items (and what they need) cost
    to where more money stops adding value (the cost of the best set with no budget limit:
    team capacity or the items worth doing run out), and the budgets in ``include`` (the
    workshop's, the workbook's). Budgets within 0.5% of an included one are dropped.

    Returns
    -------
    list of float
        Sorted, rounded to whole currency units.
    """
    cost = candidates.set_index("id")["cost"].astype(float)
    needs = dict(zip(candidates["id"], candidates["depends_on"], strict=True))
    forced, stack = set(), list(candidates.loc[candidates["mandatory"].astype(bool), "id"])
    while stack:
        i = stack.pop()
        if i not in forced:
            forced.add(i)
            stack += [d for d in needs.get(i, ()) if d in cost.index]
    low = float(cost[sorted(forced)].sum())
    best = portfolio.select(candidates, budget=np.inf, capacity=capacity)
    high = float(best.cost) if best.feasible and best.cost > low else float(cost.sum())
    kept = sorted({round(float(b)) for b in include if b and b > 0})
    grid = [round(float(b)) for b in np.linspace(low, max(high, low + 1.0), max(int(points), 2))]
    grid = [b for b in grid if all(abs(b - k) > 0.005 * max(k, 1.0) for k in kept)]
    return sorted(set(grid) | set(kept))


def value_bins(value_by_trial: pd.DataFrame, bins: int = 30) -> pd.DataFrame:
    """The chosen portfolio's NPV over simulated futures as a histogram: ``low, high, futures``.

    ``value_by_trial`` is :attr:`ExecutiveSummary.value_by_trial`. A page redraws a few dozen
    bars instead of shipping every trial to the browser on each move of the slider.
    """
    values = value_by_trial["chosen_value"].to_numpy(dtype=float)
    if not len(values):
        return pd.DataFrame(columns=["low", "high", "futures"])
    lo, hi = float(values.min()), float(values.max())
    if hi <= lo:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(values, bins=int(bins), range=(lo, hi))
    return pd.DataFrame({"low": edges[:-1], "high": edges[1:], "futures": counts.astype(int),
                         "outcome": np.where(edges[1:] <= 0, "loss", "gain")})


def layer_sums(layers: pd.DataFrame) -> pd.DataFrame:
    """The chosen portfolio's mean present value per layer and its cost (negative), summed over
    its items (:attr:`ExecutiveSummary.layers`): ``layer, value``, every layer present."""
    order = [*LAYERS, "cost"]
    sums = layers.groupby("layer")["value"].sum() if len(layers) else pd.Series(dtype=float)
    return pd.DataFrame({"layer": order, "value": [float(sums.get(k, 0.0)) for k in order]})


def roadmap_rows(schedule: pd.DataFrame) -> pd.DataFrame:
    """The scheduled items of a roadmap (``Roadmap.schedule``) as the dashboard draws them:
    ``id, title, team, start, finish, start_index, end, label, order, status`` (``end`` one past
    the last quarter index; ``order``: by start, then id)."""
    rows = schedule[schedule["start_index"] >= 0].sort_values(["start_index", "id"], kind="stable")
    return pd.DataFrame({
        "id": rows["id"].astype(str), "title": rows["title"].astype(str), "team": rows["team"].astype(str),
        "start": rows["start"].astype(str), "finish": rows["finish"].astype(str),
        "start_index": rows["start_index"].astype(int), "end": rows["finish_index"].astype(int) + 1,
        "label": rows["id"].astype(str) + "  " + rows["title"].astype(str).str.slice(0, 32),
        "order": np.arange(len(rows)), "status": rows["status"].astype(str)}).reset_index(drop=True)


def frontier_table(summaries: Iterable[ExecutiveSummary]) -> pd.DataFrame:
    """The efficient frontier of the given exact points, as :attr:`kit.portfolio.Frontier.points`:
    ``budget, value, cost, items, status, entered, left`` (``value``: the optimised measure's
    total; ``entered`` / ``left``: ids joined by ``", "``, against the next smaller budget)."""
    rows, previous = [], set()
    for p in sorted(summaries, key=lambda p: p.selection.budget):
        sel = p.selection
        current = set(sel.selected_ids)
        order = list(sel.candidates["id"])
        rows.append({"budget": sel.budget, "value": sel.value, "cost": sel.cost, "items": len(current),
                     "status": sel.status, "entered": ", ".join(i for i in order if i in current - previous),
                     "left": ", ".join(i for i in order if i in previous - current)})
        previous = current
    return pd.DataFrame(rows, columns=["budget", "value", "cost", "items", "status", "entered", "left"])


def _figures(chosen: portfolio.Selection, by_trial: pd.Series, layers: pd.DataFrame, counts: pd.DataFrame,
             sim: scenarios.Simulation) -> dict[str, float]:
    n = counts.set_index("decision")["opportunities"]
    benefit = layers[layers["layer"] != "cost"].groupby("layer")["value"].sum()
    total = float(benefit.sum())
    out = {
        "opportunities": float(len(chosen.selected_ids)), "investment": float(chosen.cost),
        "budget": float(chosen.budget), "npv_mean": float(by_trial.mean()),
        "npv_p5": float(np.percentile(by_trial, 5)), "npv_p95": float(np.percentile(by_trial, 95)),
        "p_loss": float((by_trial < 0).mean()), "yes": float(n.get("YES", 0)), "not_now": float(n.get("NOT NOW", 0)),
        "no": float(n.get("NO", 0)), "trials": float(sim.n),
    }
    for layer in LAYERS:
        out[f"share_{layer}"] = float(benefit.get(layer, 0.0) / total) if total else 0.0
    out["npv_median"] = float(np.median(by_trial))
    teams = chosen.totals[chosen.totals["constraint"] != "budget"]
    limit = float(teams["limit"].sum())
    out["capacity_used"] = float(teams["used"].sum() / limit) if limit > 0 else 0.0
    out["capacity_tightest"] = float(teams["share_used"].max()) if len(teams) else 0.0
    return out


def tightest_team(selection: portfolio.Selection) -> str:
    """The team whose first-year capacity the selection uses most (``""`` when none is set)."""
    teams = selection.totals[selection.totals["constraint"] != "budget"]
    if not len(teams):
        return ""
    return str(teams.sort_values("share_used", ascending=False, kind="stable")["constraint"].iloc[0]
               ).removesuffix("_months")


def _lead(f: dict[str, float], chosen: portfolio.Selection, workshop: Workshop, label: str,
          unscored: pd.DataFrame | None = None) -> str:
    """The headline in two sentences: what to invest and what it may return; what limits it;
    and, when some opportunity is not yet scored, which are left out."""
    lead = _lead_text(f, chosen, workshop, label)
    left = scoring.unscored_sentence(unscored) if unscored is not None else ""
    return f"{lead} {left}" if left else lead


def _lead_text(f: dict[str, float], chosen: portfolio.Selection, workshop: Workshop, label: str) -> str:
    c = workshop.settings.currency
    if not chosen.feasible:
        return "No portfolio meets every constraint: " + " ".join(chosen.conflicts)
    risk = (f"none of the {number(f['trials'])} simulated futures loses money" if f["p_loss"] == 0 else
            f"a {percent(f['p_loss'], 0 if f['p_loss'] >= 0.01 else 1)} chance of losing money")
    first = (f"Invest {money(f['investment'], c)} of {money(f['budget'], c)} in "
             f"{int(f['opportunities'])} opportunities for a median net present value of "
             f"{money(f['npv_median'], c)} over {workshop.settings.horizon_years} years ({label}); {risk}.")
    binding = chosen.totals[chosen.totals["share_used"] >= 0.97]
    names = ["the budget" if x == "budget" else f"the {str(x).removesuffix('_months')} team"
             for x in binding["constraint"]]
    if not names:
        return first + " Neither the budget nor any team is fully used: the items worth doing run out first."
    more = ("more budget would buy more value." if "the budget" in names
            else "more budget alone would not buy more value.")
    return first + " What limits it: " + ", ".join(names) + "; " + more


def _kpis(f: dict[str, float], currency: str, horizon: int, delivered: dict[str, Any] | None = None) -> pd.DataFrame:
    rows = [
        ("Opportunities in the portfolio", f"{f['opportunities']:.0f}"),
        ("One-off investment", f"{money(f['investment'], currency)} of {money(f['budget'], currency)}"),
        (f"Expected NPV over {horizon} years", money(f["npv_mean"], currency)),
        ("NPV, 90% range", f"{money(f['npv_p5'], currency)} to {money(f['npv_p95'], currency)}"),
        ("Chance of losing money", f"{f['p_loss']:.0%}"),
        ("Decisions", f"{f['yes']:.0f} YES · {f['not_now']:.0f} NOT NOW · {f['no']:.0f} NO"),
        ("Value by layer", " · ".join(f"{layer} {f[f'share_{layer}']:.0%}" for layer in LAYERS)),
    ]
    if delivered:
        rows.append((delivered["label"], delivered["text"]))
    return pd.DataFrame(rows, columns=["measure", "value"])


def _differences(decisions: pd.DataFrame, chosen: portfolio.Selection) -> pd.DataFrame:
    reasons = chosen.candidates.set_index("id")["reason"]
    rows = []
    for r in decisions.itertuples(index=False):
        if r.decision == "YES" and not r.in_portfolio:
            rows.append((r.opportunity_id, r.title, "YES by the rules, left out of the optimal portfolio",
                         reasons.get(r.opportunity_id, "")))
        elif r.decision != "YES" and r.in_portfolio:
            rows.append((r.opportunity_id, r.title, f"{r.decision} by the rules, in the optimal portfolio",
                         reasons.get(r.opportunity_id, "")))
    return pd.DataFrame(rows, columns=["opportunity_id", "title", "difference", "portfolio_reason"])


def _headline(f: dict[str, float], chosen: portfolio.Selection, counts: pd.DataFrame,
              differences: pd.DataFrame, workshop: Workshop, label: str,
              unscored: pd.DataFrame | None = None) -> list[str]:
    s = workshop.settings
    c = s.currency
    if not chosen.feasible:
        return ["No portfolio meets every constraint."] + list(chosen.conflicts)
    lines = [
        f"Invest {money(f['investment'], c)} of the {money(f['budget'], c)} budget in {f['opportunities']:.0f} "
        f"opportunities: an expected net present value of {money(f['npv_mean'], c)} over {s.horizon_years} years "
        f"({label}), between {money(f['npv_p5'], c)} and {money(f['npv_p95'], c)} in 90% of simulated futures.",
        f"The chance that the portfolio as a whole loses money is {f['p_loss']:.0%}.",
        "Value lands across the business, not only on IT's cost line: "
        + ", ".join(f"{f[f'share_{layer}']:.0%} {layer}" for layer in LAYERS) + ".",
        f"IT says YES to {f['yes']:.0f}, NOT NOW to {f['not_now']:.0f} and NO to {f['no']:.0f} of "
        f"{int(counts['opportunities'].sum())} requests, each with a reason the sponsor can read.",
    ]
    if unscored is not None and len(unscored):
        one = len(unscored) == 1
        lines.append(scoring.unscored_sentence(unscored) + f" {'It is' if one else 'They are'} NOT NOW and out of "
                     f"the portfolio until the group has scored {'it' if one else 'them'}.")
    binding = chosen.totals[chosen.totals["share_used"] >= 0.97]
    if len(binding):
        names = [str(x).replace("_months", " team's capacity") for x in binding["constraint"]]
        money_binds = "budget" in names
        lines.append("What limits the portfolio: " + ", ".join(f"the {n}" for n in names) + ". "
                     + ("More budget would buy more value." if money_binds else
                        "More budget alone would not buy more value: the teams are full."))
    if len(differences):
        lines.append(f"{len(differences)} opportunit{'y differs' if len(differences) == 1 else 'ies differ'} "
                     "between the triage rules and the optimal portfolio: see the last table before deciding.")
    return lines
