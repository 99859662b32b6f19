"""A generated workshop of any size, for tests and benchmarks that need more than the demo.

:func:`write_workshop` writes ``workshop.yml``, ``opportunities.csv``, ``estimates.csv`` and
``scores.csv`` for ``opportunities`` ideas shared by ``teams`` teams. It is deterministic: the
same arguments write the same bytes (one seeded generator, no clock). Budget and team capacity
are set so that both bind, as in a real workshop: the ideas together ask for about 2.5 times
the budget and about twice what the teams can deliver in the first year.

Used by ``bench/bench_dashboard.py`` (150 opportunities, 3 teams) and the dashboard tests.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["TEAMS", "write_workshop"]

#: Team names, in the order they are used.
TEAMS = ("platform", "data", "apps", "integration", "security")

_GOALS = ("productivity", "new_products", "market_share", "customer_satisfaction", "sales")
_AREAS = ("CRM", "process", "PPM", "governance", "BI")
_LAYERS = ("financial", "productivity", "customer", "growth")
_CRITERIA = ("value", "fit", "urgency", "feasibility", "risk")
_PEOPLE = ("Ada Lind", "Bo Dahl", "Cai Berg", "Dina Holm", "Eli Sand", "Fay Moss", "Gus Wik", "Hel Ek")

_YML = """\
name: Generated workshop ({n} opportunities, {t} teams)
organisation: Generated Example Ltd
currency: EUR
start: 2027-Q1
horizon_years: 5
discount_rate: 0.08
budget: {budget}
capacity:
{capacity}
criteria:
  - {{id: value, name: Business value, direction: benefit, scale: [1, 10]}}
  - {{id: fit, name: Strategic fit, direction: benefit, scale: [1, 10]}}
  - {{id: urgency, name: Urgency, direction: benefit, scale: [1, 10]}}
  - {{id: feasibility, name: Feasibility, direction: benefit, scale: [1, 10]}}
  - {{id: risk, name: Delivery risk, direction: cost, scale: [1, 10]}}
triage:
  score_threshold: 0.45
  min_alignment: 1
  mandatory_yes: true
  dependency_rule: true
  budget_rule: true
  capacity_rule: true
  capacity_quarters: 4
scenarios:
  base: {{label: Base case}}
  downturn: {{label: Downturn, financial: 0.8, growth: 0.6, customer: 0.9, cost: 1.1, adoption: 0.85}}
  growth: {{label: Growth, financial: 1.1, growth: 1.4, customer: 1.1, cost: 1.0, adoption: 1.1}}
"""


def write_workshop(folder: str | Path, *, opportunities: int = 150, teams: int = 3, participants: int = 6,
                   seed: int = 14) -> Path:
    """Write a generated workshop folder and return its path.

    Parameters
    ----------
    folder : path
        Created if needed; existing files of the same names are replaced.
    opportunities : int, default 150
        How many ideas (``GEN-001`` …); about 1 in 8 depends on an earlier one, 3 are mandatory.
    teams : int, default 3
        How many teams share the work (at most ``len(TEAMS)``), each with a capacity limit.
    participants : int, default 6
        People who scored every idea on every criterion.
    seed : int, default 14
        Seed of the one generator behind every number.

    Returns
    -------
    Path
        ``folder``, ready for :func:`kit.load_workshop`.
    """
    if not 1 <= teams <= len(TEAMS):
        raise ValueError(f"teams must be between 1 and {len(TEAMS)}, not {teams}")
    rng = np.random.default_rng(seed)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    n = int(opportunities)
    ids = [f"GEN-{k:03d}" for k in range(1, n + 1)]
    names = TEAMS[:teams]
    cost_mid = np.round(np.exp(rng.normal(np.log(250_000), 0.6, n)), -3)
    spread = rng.uniform(0.25, 0.6, n)
    effort = np.clip(np.round(cost_mid / 12_000 * rng.uniform(0.7, 1.3, n)), 2, 80)
    team = rng.choice(names, n)
    depends = ["" if k < 5 or rng.random() > 0.12 else ids[int(rng.integers(0, k))] for k in range(n)]
    mandatory = np.zeros(n, bool)
    mandatory[rng.choice(n, size=min(3, n), replace=False)] = True
    align = rng.choice([0, 0, 0, 1, 2, 3, 4], size=(n, len(_GOALS)))
    align[np.arange(n), rng.integers(0, len(_GOALS), n)] = rng.integers(2, 5, n)  # every idea serves a goal
    opps = pd.DataFrame({
        "id": ids,
        "title": [f"Generated idea {k}" for k in range(1, n + 1)],
        "capability_area": rng.choice(_AREAS, n),
        "goals": [";".join(g for g, a in zip(_GOALS, row, strict=True) if a >= 2) for row in align],
        "cost_low": np.round(cost_mid * (1 - spread), -3),
        "cost_high": np.round(cost_mid * (1 + spread), -3),
        "effort_months": effort,
        "run_cost_low": np.round(cost_mid * 0.08, -3),
        "run_cost_high": np.round(cost_mid * 0.15, -3),
        "team": team,
        "depends_on": depends,
        "mandatory": np.where(mandatory, "yes", "no"),
        "time_criticality": rng.integers(1, 11, n),
        "risk_reduction": rng.integers(1, 11, n),
    })
    for g, column in zip(_GOALS, align.T, strict=True):
        opps[f"align_{g}"] = column
    opps.to_csv(out / "opportunities.csv", index=False)

    rows = []
    for k, oid in enumerate(ids):
        # yearly benefit around a multiple of the cost: some ideas pay back well, some never do
        worth = cost_mid[k] * float(np.exp(rng.normal(-0.85, 0.45)))
        layers = rng.choice(_LAYERS, size=int(rng.integers(1, 4)), replace=False)
        for layer, share in zip(layers, rng.dirichlet(np.ones(len(layers))), strict=True):
            mid = worth * share
            rows.append({"opportunity_id": oid, "layer": layer, "driver": f"{layer} benefit of {oid}",
                         "low": round(mid * 0.5, -2), "high": round(mid * 1.6, -2),
                         "distribution": "lognormal" if layer == "growth" else "normal",
                         "start_year": int(rng.integers(1, 3)), "ramp_years": int(rng.integers(0, 3))})
    pd.DataFrame(rows).to_csv(out / "estimates.csv", index=False)

    truth = rng.uniform(3, 9, size=(n, len(_CRITERIA)))
    scores = [{"participant": person, "opportunity_id": oid, "criterion": c,
               "score": int(np.clip(round(truth[k, j] + rng.normal(0, 1.2)), 1, 10))}
              for person in _PEOPLE[:participants] for k, oid in enumerate(ids) for j, c in enumerate(_CRITERIA)]
    pd.DataFrame(scores).to_csv(out / "scores.csv", index=False)

    budget = float(np.round(cost_mid.sum() / 2.5, -5))
    asked = pd.Series(effort).groupby(team).sum()
    capacity = "\n".join(f"  {t}: {max(1.0, round(float(asked.get(t, 0.0)) / 2.5 / 4)):g}" for t in names)
    (out / "workshop.yml").write_text(_YML.format(n=n, t=teams, budget=f"{budget:.0f}", capacity=capacity),
                                      encoding="utf-8")
    return out
