"""Foundation timings: loading and validating the demo workshop, and a large generated one."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from timing import best_of

import kit

DEMO = Path(__file__).resolve().parents[1] / "datasets" / "demo"




def run() -> dict[str, float]:
    ws = kit.load_workshop(DEMO)
    figures = {"load_demo_s": best_of(lambda: kit.load_workshop(DEMO, use_cache=False))[0],
               "load_demo_from_cache_s": best_of(lambda: kit.load_workshop(DEMO))[0],
               "mapping_demo_s": best_of(lambda: (kit.mapping.alignment_matrix(ws), kit.mapping.gaps(ws)))[0]}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "workshop.yml").write_text((DEMO / "workshop.yml").read_text())
        rng = np.random.default_rng(1)
        n = 2000
        opp = ws.opportunities.sample(n, replace=True, random_state=1).reset_index(drop=True)
        opp["id"] = [f"X-{i:05d}" for i in range(n)]
        opp["depends_on"] = ""
        opp["goals"] = opp["goals"].map(";".join)
        opp["capability_area"] = opp["area_name"]
        opp = opp.drop(columns=["area_name"])
        opp.to_csv(folder / "opportunities.csv", index=False)
        est = pd.DataFrame({"opportunity_id": rng.choice(opp["id"], 6000), "layer": "financial",
                            "driver": "x", "low": 10.0, "high": 20.0})
        est.to_csv(folder / "estimates.csv", index=False)
        figures["load_2000_opportunities_6000_estimates_s"] = best_of(
            lambda: kit.load_workshop(folder, use_cache=False), repeat=1)[0]
    return figures
