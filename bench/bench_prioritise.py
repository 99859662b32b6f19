"""Prioritisation timings: group AHP (12 criteria × 40 participants) and rank stability
(200 opportunities × 30 participants × 2,000 resamples). Target: under 1 s each."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from timing import best_of

import kit
from kit import ahp, scoring, triage

DEMO = Path(__file__).resolve().parents[1] / "datasets" / "demo"




def _pairwise(n_items: int, n_people: int, rng: np.random.Generator) -> pd.DataFrame:
    """Judgments around hidden weights, rounded to Saaty's scale, with noise (some inconsistent)."""
    items = [f"c{k:02d}" for k in range(n_items)]
    base = rng.dirichlet(np.ones(n_items))
    rows = []
    for p in range(n_people):
        w = base * rng.lognormal(0, 0.2, n_items)
        for i in range(n_items):
            for j in range(i + 1, n_items):
                r = ahp.nearest_saaty(float(np.clip(w[i] / w[j] * rng.lognormal(0, 0.3), 1 / 9, 9)))
                rows.append((f"person {p:02d}", items[i], items[j], r))
    return pd.DataFrame(rows, columns=["participant", "a", "b", "ratio"])


def _large_workshop(folder: Path, n_opp: int, n_people: int, rng: np.random.Generator) -> kit.Workshop:
    (folder / "workshop.yml").write_text((DEMO / "workshop.yml").read_text())
    demo = kit.load_workshop(DEMO)
    opp = demo.opportunities.sample(n_opp, replace=True, random_state=1).reset_index(drop=True)
    opp["id"] = [f"X-{i:04d}" for i in range(n_opp)]
    opp["depends_on"] = ""
    opp["goals"] = opp["goals"].map(";".join)
    opp["capability_area"] = opp["area_name"]
    opp.drop(columns=["area_name"]).to_csv(folder / "opportunities.csv", index=False)
    pd.DataFrame({"opportunity_id": opp["id"], "layer": "financial", "driver": "x", "low": 10.0,
                  "high": 20.0}).to_csv(folder / "estimates.csv", index=False)
    truth = rng.uniform(2, 9, size=(n_opp, 5))
    scores = np.clip(np.rint(truth[None] + rng.normal(0, 1.3, size=(n_people, n_opp, 5))), 1, 10)
    p, o, c = np.meshgrid(np.arange(n_people), np.arange(n_opp), np.arange(5), indexing="ij")
    criteria = np.array([x.id for x in demo.settings.criteria])
    pd.DataFrame({"participant": [f"person {k:02d}" for k in p.ravel()], "opportunity_id": opp["id"].to_numpy()[o.ravel()],
                  "criterion": criteria[c.ravel()], "score": scores.ravel().astype(int)}).to_csv(
        folder / "scores.csv", index=False)
    return kit.load_workshop(folder)


def run() -> dict[str, float]:
    rng = np.random.default_rng(7)
    judgments = _pairwise(12, 40, rng)
    figures: dict[str, float] = {
        "group_ahp_12_items_40_participants_s": best_of(lambda: ahp.group_weights(judgments))[0],
    }
    demo = kit.load_workshop(DEMO)
    scored = scoring.priority(demo)
    figures["priority_demo_s"] = best_of(lambda: scoring.priority(demo))[0]
    figures["decide_demo_s"] = best_of(lambda: triage.decide(scored, demo))[0]
    figures["rank_stability_demo_2000_s"] = best_of(lambda: scoring.rank_stability(demo, n_resamples=2000))[0]
    with tempfile.TemporaryDirectory() as tmp:
        ws = _large_workshop(Path(tmp), 200, 30, rng)
        for framework in ("weighted", "topsis"):
            figures[f"rank_stability_200_opps_30_participants_2000_resamples_{framework}_s"] = best_of(
                lambda fw=framework: scoring.rank_stability(ws, fw, n_resamples=2000, seed=1))[0]
    return figures
