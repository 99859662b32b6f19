"""What the rules look at, one row per opportunity: rank and score, cost, effort, team,
dependencies, alignment, agreement, and for an opportunity not yet scored, why."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..mapping import SERVES, alignment_matrix
from ..settings import did_you_mean
from ..workshop import Workshop

__all__ = ["facts"]


def facts(scored: pd.DataFrame, workshop: Workshop, r: Mapping[str, Any]) -> pd.DataFrame:
    """One row per opportunity with everything the rules look at: the scored ones in rank
    order, then those not yet scored on every criterion (``unscored`` holds their reason)."""
    from ..scoring import opportunity_agreement

    missing = [c for c in ("opportunity_id", "title", "score", "rank") if c not in scored.columns]
    if missing:
        raise InputError.single("scored table lacks columns " + ", ".join(missing),
                                hint="pass the result of kit.scoring.priority(workshop)")
    opp = workshop.opportunities.set_index("id")
    ids = [str(i) for i in scored["opportunity_id"]]
    unknown = [i for i in ids if i not in opp.index]
    if unknown:
        raise InputError([Problem("scored opportunity not in the workshop", column="opportunity_id", value=i,
                                  hint=did_you_mean(i, list(opp.index))) for i in unknown])
    f = scored.sort_values("rank", kind="stable").reset_index(drop=True)
    f = f[["opportunity_id", "title", "score", "rank", *(c for c in ("score_scaled", "weakest") if c in f)]].copy()
    if "score_scaled" not in f:
        f["score_scaled"] = f["score"]
    if "weakest" not in f:
        f["weakest"] = ""
    o = opp.loc[f["opportunity_id"]]
    f["cost_mid"] = ((o["cost_low"] + o["cost_high"]) / 2).to_numpy(dtype=float)
    f["effort_months"] = o["effort_months"].to_numpy(dtype=float)
    f["team"] = o["team"].fillna("").astype(str).to_numpy() if "team" in o else ""
    f["mandatory"] = o["mandatory"].astype(bool).to_numpy() if "mandatory" in o else False
    f["depends_on"] = [tuple(d) for d in o["depends_on"]] if "depends_on" in o else [()] * len(f)
    m = alignment_matrix(workshop)
    best = m.groupby("opportunity_id")["alignment"].max()
    f["max_alignment"] = f["opportunity_id"].map(best).fillna(0).astype(int).to_numpy()
    serving = m[m["alignment"] >= SERVES].sort_values(["opportunity_id", "alignment"], ascending=[True, False])
    served: dict[str, list[str]] = {}
    for oid, name, level in zip(serving["opportunity_id"], serving["goal_name"], serving["level"], strict=True):
        served.setdefault(oid, []).append(f"{name} ({level})")
    f["serves"] = [", ".join(served.get(i, [])) for i in f["opportunity_id"]]
    f["n"] = len(f)
    notes = {}
    try:
        agree = opportunity_agreement(workshop).set_index("opportunity_id")
    except InputError:
        agree = None
    if agree is not None:
        for oid, a in agree.iterrows():
            if pd.notna(a["rwg"]) and a["rwg"] < float(r["contested_rwg"]):
                notes[oid] = (f"Contested: the group is split on {a['contested_name'].lower()} (scores from "
                              f"{a['contested_min']:g} to {a['contested_max']:g}); confirm after discussion.")
    f["contested_note"] = [notes.get(i, "") for i in f["opportunity_id"]]
    f["unscored"] = ""
    if not len(workshop.scores):  # no scoring step at all: decide the table as given
        return f
    left = _unscored_facts(workshop, set(ids))
    return pd.concat([f.astype({"rank": object}), left], ignore_index=True) if len(left) else f


def _unscored_facts(workshop: Workshop, ranked: set[str]) -> pd.DataFrame:
    """Facts for the opportunities not yet scored on every criterion that ``scored`` leaves out:
    no score or rank, their reason in ``unscored``."""
    from ..scoring import unscored

    left = unscored(workshop)
    left = left[~left["opportunity_id"].isin(ranked)]
    opp = workshop.opportunities.set_index("id").loc[left["opportunity_id"]]
    names = {c.id: c.name.lower() for c in workshop.settings.criteria}
    reasons = []
    for r in left.itertuples():
        gaps = [names[c] for c in r.missing.split(", ")]
        todo = gaps[0] if len(gaps) == 1 else ", ".join(gaps[:-1]) + " and " + gaps[-1]
        reasons.append(f"{r.reason[0].upper()}{r.reason[1:]}: not ranked until at least one participant scores it "
                       f"on {todo}. Run the triage again once it is scored.")
    return pd.DataFrame({
        "opportunity_id": left["opportunity_id"].to_numpy(), "title": left["title"].to_numpy(),
        "score": np.nan, "rank": pd.NA, "score_scaled": np.nan, "weakest": "",
        "cost_mid": ((opp["cost_low"] + opp["cost_high"]) / 2).to_numpy(dtype=float),
        "effort_months": opp["effort_months"].to_numpy(dtype=float),
        "team": opp["team"].fillna("").astype(str).to_numpy() if "team" in opp else "",
        "mandatory": opp["mandatory"].astype(bool).to_numpy() if "mandatory" in opp else False,
        "depends_on": [tuple(d) for d in opp["depends_on"]] if "depends_on" in opp else [()] * len(left),
        "max_alignment": 0, "serves": "", "n": 0, "contested_note": "", "unscored": reasons})


