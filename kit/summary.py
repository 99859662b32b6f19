"""The executive summary: one page with the portfolio, its value range, the decisions and their
reasons, computed from the steps before it (prioritise → value scenarios → portfolio).

:func:`executive_summary` reads as the recipe of the workshop; :class:`ExecutiveSummary` holds
what the one-page workbook shows and records.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import portfolio, scenarios, scoring, triage
from .settings import LAYERS
from .text import money
from .workshop import Workshop

__all__ = ["ExecutiveSummary", "executive_summary"]


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


def executive_summary(workshop: Workshop, *, budget: float = 0, scenario: str = "base", n_trials: int = 5_000,
                      seed: int = 2027, value_measure: str = "mean NPV", overrides: str | Path | None = None,
                      simulation: scenarios.Simulation | None = None) -> ExecutiveSummary:
    """Run the workshop's decision chain and summarise it for executives.

    Steps: score (:func:`kit.scoring.priority`) → decide YES / NO / NOT NOW with the
    ``triage`` rules and any overrides → simulate every opportunity's value under
    ``scenario`` → choose the optimal portfolio within ``budget`` (0: the workshop's) and the
    teams' first-year capacity → describe it.

    Parameters
    ----------
    overrides : path, optional
        Facilitator overrides (``opportunity_id, decision, rationale, by, at``); by default
        ``overrides.csv`` in the workshop folder when it exists.
    simulation : Simulation, optional
        A simulation to reuse (the budget slider re-selects without re-simulating).
    """
    s = workshop.settings
    scored = scoring.priority(workshop)
    decided = triage.decide(scored, workshop, triage.workshop_overrides(workshop, overrides))
    sim = simulation or scenarios.simulate(workshop, n=n_trials, seed=seed, scenario=scenario)
    values = portfolio.measure_values(value_measure, summary=sim.summary(), priority=scored)
    chosen = portfolio.select(portfolio.candidates(workshop, values), budget=portfolio.budget_for(workshop, budget),
                              capacity=portfolio.capacity_limits(workshop))
    ids = chosen.selected_ids
    by_trial = sim.npv_by_trial()[ids].sum(axis=1) if ids else pd.Series(0.0, index=range(sim.n))
    value_by_trial = pd.DataFrame({"trial": np.arange(len(by_trial)), "chosen_value": by_trial.to_numpy()})
    layers = sim.layer_values().query("opportunity_id in @ids")
    counts = triage.counts(decided)

    decisions = decided[["opportunity_id", "title", "decision", "reason", "override_decision",
                         "override_rationale"]].copy()
    decisions.insert(3, "in_portfolio", decisions["opportunity_id"].isin(ids))
    differences = _differences(decisions, chosen)
    figures = _figures(chosen, by_trial, layers, counts, sim)
    return ExecutiveSummary(
        headline=_headline(figures, chosen, counts, differences, workshop, sim.label),
        kpis=_kpis(figures, s.currency, s.horizon_years), figures=figures, decisions=decisions,
        differences=differences, value_by_trial=value_by_trial, layers=layers, counts=counts, selection=chosen)


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
    return out


def _kpis(f: dict[str, float], currency: str, horizon: int) -> pd.DataFrame:
    rows = [
        ("Opportunities in the portfolio", f"{f['opportunities']:.0f}"),
        ("One-off investment", f"{money(f['investment'], currency)} of {money(f['budget'], currency)}"),
        (f"Expected NPV over {horizon} years", money(f["npv_mean"], currency)),
        ("NPV, 90% range", f"{money(f['npv_p5'], currency)} to {money(f['npv_p95'], currency)}"),
        ("Chance of losing money", f"{f['p_loss']:.0%}"),
        ("Decisions", f"{f['yes']:.0f} YES · {f['not_now']:.0f} NOT NOW · {f['no']:.0f} NO"),
        ("Value by layer", " · ".join(f"{layer} {f[f'share_{layer}']:.0%}" for layer in LAYERS)),
    ]
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
              differences: pd.DataFrame, workshop: Workshop, label: str) -> list[str]:
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
