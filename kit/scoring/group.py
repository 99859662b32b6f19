"""Group scores and agreement: what the participants' scores say together, and where they part.

:func:`group_scores` aggregates participants' scores per opportunity and criterion (mean,
median, spread and an agreement level), :func:`opportunity_agreement` finds each
opportunity's most contested criterion and the two camps, :func:`agenda` lists where the group
should talk first, :func:`participant_scores` gives every score for charts, and
:func:`participation` shows who has contributed what so far.

Agreement
---------
Agreement on one opportunity and criterion is the within-group agreement index
r_wg = 1 - s² / σ²_EU (James, Demaree & Wolf 1984): the observed variance of the participants'
scores against the variance of scores given at random on the same scale (σ²_EU = (A² - 1) / 12
for an A-point scale), clipped to 0-1. Levels follow LeBreton & Senter (2008): **high** from
0.70, **medium** from 0.50, **low** below. An opportunity's agreement is the mean over its
criteria.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..workshop import Workshop

__all__ = [
    "AGREEMENT_LEVELS",
    "agenda",
    "agreement_level",
    "group_scores",
    "opportunity_agreement",
    "participant_scores",
    "participation",
    "rwg",
]

#: Agreement levels by the lowest r_wg that reaches them (LeBreton & Senter 2008).
AGREEMENT_LEVELS: dict[str, float] = {"high": 0.70, "medium": 0.50, "low": 0.0}


def rwg(variance: Any, low: float, high: float) -> Any:
    """Within-group agreement r_wg = 1 - variance / σ²_EU, clipped to 0-1.

    σ²_EU is the variance of a uniform random answer on the scale: (A² - 1) / 12 for an
    A-point scale of whole numbers (A = high - low + 1), (high - low)² / 12 otherwise.
    """
    if float(low).is_integer() and float(high).is_integer():
        a = high - low + 1
        expected = (a * a - 1) / 12
    else:
        expected = (high - low) ** 2 / 12
    return np.clip(1 - np.asarray(variance, dtype=float) / expected, 0.0, 1.0)


def agreement_level(r: Any) -> Any:
    """``"high"``, ``"medium"`` or ``"low"`` for r_wg values (``"n/a"`` where undefined)."""
    r = np.asarray(r, dtype=float)
    out = np.select([np.isnan(r), r >= AGREEMENT_LEVELS["high"], r >= AGREEMENT_LEVELS["medium"]],
                    ["n/a", "high", "medium"], "low")
    return out.item() if out.ndim == 0 else out


def participation(workshop: Workshop) -> pd.DataFrame:
    """Who has contributed what so far: the facilitator's view while people score.

    Returns
    -------
    DataFrame
        ``participant, opportunities, scores, comparisons, share`` sorted by name: the number
        of opportunities a participant scored (on at least one criterion), their latest scores
        (one per opportunity and criterion), their goal or criteria comparisons (one per pair,
        either way round), and ``share``, the part of all opportunities × criteria they have
        scored (0-1).
    """
    from ..ahp import latest_judgments

    scores, pairs = workshop.scores, workshop.pairwise
    columns = ["participant", "opportunities", "scores", "comparisons", "share"]
    latest = scores.drop_duplicates(["participant", "opportunity_id", "criterion"], keep="last")
    per = latest.assign(participant=latest["participant"].astype(str)).groupby("participant").agg(
        opportunities=("opportunity_id", "nunique"), scores=("criterion", "size"))
    if len(pairs):
        judged = latest_judgments(pairs.assign(participant=pairs["participant"].astype(str)))
        per = per.join(judged.groupby("participant").size().rename("comparisons"), how="outer")
    out = per.reindex(columns=columns[1:4]).fillna(0).astype(int)
    out["share"] = out["scores"] / max(len(workshop.opportunities) * len(workshop.settings.criteria), 1)
    out = out.rename_axis("participant").reset_index()
    return out.sort_values("participant", key=lambda s: s.str.casefold(), kind="stable",
                           ignore_index=True)[columns]


def group_scores(workshop: Workshop) -> pd.DataFrame:
    """Participants' scores aggregated per opportunity and criterion.

    Returns
    -------
    DataFrame
        ``opportunity_id, title, criterion, criterion_name, direction, n, mean, median, std,
        min, max, normalised, rwg, agreement`` (one row per opportunity × criterion, in
        workshop order). ``normalised`` is the mean on 0-1 over the criterion's scale with
        higher always better (cost criteria inverted).
        ``std`` is the sample standard deviation; ``agreement`` is high / medium / low from
        ``rwg`` (see the module docstring), ``n/a`` with a single participant.

    Raises
    ------
    InputError
        When there are no scores, or an opportunity has no score on some criterion.
    """
    data = _score_data(workshop)
    criteria = {c.id: c for c in workshop.settings.criteria}
    s = data.table
    g = s.groupby(["opportunity_id", "criterion"], sort=False)["score"]
    out = g.agg(n="size", mean="mean", median="median", std="std", min="min", max="max").reset_index()
    lo = out["criterion"].map(lambda c: criteria[c].scale[0])
    hi = out["criterion"].map(lambda c: criteria[c].scale[1])
    out["rwg"] = [float(rwg(v * v, a, b)) if n > 1 else np.nan
                  for v, a, b, n in zip(out["std"], lo, hi, out["n"], strict=True)]
    out["agreement"] = agreement_level(out["rwg"].to_numpy())
    out["criterion_name"] = out["criterion"].map(lambda c: criteria[c].name)
    out["direction"] = out["criterion"].map(lambda c: criteria[c].direction)
    up = (out["mean"] - lo) / (hi - lo)
    out["normalised"] = np.where(out["direction"] == "cost", 1 - up, up)
    out["title"] = out["opportunity_id"].map(data.titles)
    order = {(o, c): k for k, (o, c) in enumerate((o, c.id) for o in data.ids for c in workshop.settings.criteria)}
    out = out.iloc[np.argsort([order[(o, c)] for o, c in zip(out["opportunity_id"], out["criterion"], strict=True)])]
    return out[["opportunity_id", "title", "criterion", "criterion_name", "direction", "n", "mean", "median",
                "std", "min", "max", "normalised", "rwg", "agreement"]].reset_index(drop=True)


def opportunity_agreement(workshop: Workshop) -> pd.DataFrame:
    """Agreement per opportunity: mean r_wg over criteria and the most contested criterion.

    Returns
    -------
    DataFrame
        ``opportunity_id, title, rwg, agreement, contested_criterion, contested_name,
        contested_min, contested_max, contested_rwg, high_scorers, low_scorers`` sorted from the
        lowest agreement. ``high_scorers`` / ``low_scorers`` name the participants at least one
        point above / below the group mean on the contested criterion (the two camps).
    """
    gs = group_scores(workshop)
    per = gs.groupby(["opportunity_id", "title"], sort=False)["rwg"].mean().rename("rwg").reset_index()
    worst = gs.loc[gs.assign(_r=gs["rwg"].fillna(1.0)).groupby("opportunity_id", sort=False)["_r"].idxmin()]
    worst = worst.set_index("opportunity_id")
    table = _score_data(workshop).table
    on = table.merge(worst["criterion"].reset_index(), on=["opportunity_id", "criterion"])
    on["_mean"] = on.groupby("opportunity_id", sort=False)["score"].transform("mean")
    on["_who"] = [f"{p} ({s:g})" for p, s in zip(on["participant"], on["score"], strict=True)]

    def camp(rows: pd.DataFrame, ascending: bool) -> list[str]:
        rows = rows.sort_values("score", ascending=ascending, kind="stable")
        joined = rows.groupby("opportunity_id", sort=False)["_who"].agg(", ".join).to_dict()
        return [joined.get(oid, "") for oid in per["opportunity_id"]]

    camps_hi = camp(on[on["score"] >= on["_mean"] + 1], ascending=False)
    camps_lo = camp(on[on["score"] <= on["_mean"] - 1], ascending=True)
    per["agreement"] = agreement_level(per["rwg"].to_numpy())
    per["contested_criterion"] = per["opportunity_id"].map(worst["criterion"])
    per["contested_name"] = per["opportunity_id"].map(worst["criterion_name"])
    per["contested_min"] = per["opportunity_id"].map(worst["min"])
    per["contested_max"] = per["opportunity_id"].map(worst["max"])
    per["contested_rwg"] = per["opportunity_id"].map(worst["rwg"])
    per["high_scorers"] = camps_hi
    per["low_scorers"] = camps_lo
    return per.sort_values("rwg", kind="stable", na_position="last").reset_index(drop=True)


def agenda(workshop: Workshop, top: int | None = None) -> pd.DataFrame:
    """Where the facilitator should let the group talk first: the least agreed opportunities.

    Parameters
    ----------
    workshop : Workshop
    top : int, optional
        Keep the first ``top`` items (default: every opportunity whose agreement is not high).

    Returns
    -------
    DataFrame
        ``talk_order, opportunity_id, title, agreement, rwg, topic, question``: ``topic`` names
        the most contested criterion and the range of scores given; ``question`` is a plain
        sentence naming the two camps, ready to read out.
    """
    per = opportunity_agreement(workshop)
    if top is None:
        per = per[per["agreement"].isin(["low", "medium"])]
    else:
        per = per.head(top)
    topic = [f"{n}: scores from {lo:g} to {hi:g}" for n, lo, hi in
             zip(per["contested_name"], per["contested_min"], per["contested_max"], strict=True)]
    questions = []
    for r in per.itertuples():
        if r.high_scorers and r.low_scorers:
            questions.append(f"On {r.contested_name.lower()}, {r.high_scorers} score high; {r.low_scorers} "
                             "score low. What does each side know that the other does not?")
        else:
            questions.append(f"Scores on {r.contested_name.lower()} range from {r.contested_min:g} to "
                             f"{r.contested_max:g}. Ask the highest and lowest scorer why.")
    return pd.DataFrame({"talk_order": np.arange(1, len(per) + 1), "opportunity_id": per["opportunity_id"].to_numpy(),
                         "title": per["title"].to_numpy(), "agreement": per["agreement"].to_numpy(),
                         "rwg": per["rwg"].to_numpy(), "topic": topic, "question": questions})


def participant_scores(workshop: Workshop, top: int | None = None) -> pd.DataFrame:
    """Every participant's score, long form, with the opportunity's agreement (for charts).

    Parameters
    ----------
    workshop : Workshop
    top : int, optional
        Keep only the ``top`` least agreed opportunities.

    Returns
    -------
    DataFrame
        ``participant, opportunity_id, title, criterion, criterion_name, score, rwg,
        agreement, talk_order`` (``talk_order`` 1 = least agreement).
    """
    per = opportunity_agreement(workshop).reset_index(drop=True)
    per["talk_order"] = np.arange(1, len(per) + 1)
    data = _score_data(workshop)
    names = {c.id: c.name for c in workshop.settings.criteria}
    out = data.table.assign(title=data.table["opportunity_id"].map(data.titles),
                            criterion_name=data.table["criterion"].map(names))
    out = out.merge(per[["opportunity_id", "rwg", "agreement", "talk_order"]], on="opportunity_id")
    if top is not None:
        out = out[out["talk_order"] <= top]
    return out[["participant", "opportunity_id", "title", "criterion", "criterion_name", "score", "rwg",
                "agreement", "talk_order"]]


@dataclass(frozen=True)
class _ScoreData:
    table: pd.DataFrame  # participant, opportunity_id, criterion, score (deduplicated)
    ids: list[str]
    titles: dict[str, str]


def _score_data(workshop: Workshop) -> _ScoreData:
    opp = workshop.opportunities
    ids = [str(i) for i in opp["id"]]
    titles = dict(zip(ids, map(str, opp["title"]), strict=True))
    s = workshop.scores
    if not len(s):
        raise InputError.single("no scores yet", file="scores.csv",
                                hint="participants score each opportunity on each criterion first "
                                     "(the scoring app, or rows 'participant, opportunity_id, criterion, score')")
    # an append-only log: a participant's later score for the same cell replaces the earlier one
    s = s.drop_duplicates(["participant", "opportunity_id", "criterion"], keep="last")
    s = s[["participant", "opportunity_id", "criterion", "score"]].astype(
        {"participant": str, "opportunity_id": str, "criterion": str, "score": float})
    s = s[s["opportunity_id"].isin(ids)]
    have = set(zip(s["opportunity_id"].to_numpy(), s["criterion"].to_numpy(), strict=True))
    crit = workshop.settings.criterion_ids
    problems = []
    for oid in ids:
        missing = [c for c in crit if (oid, c) not in have]
        if missing:
            problems.append(Problem(f"{oid} ({titles[oid]}) has no score on " + ", ".join(missing),
                                    file="scores.csv", column="criterion", value=oid,
                                    hint="have at least one participant score it on every criterion"))
    if problems:
        raise InputError(problems, summary=f"{len(problems)} opportunit{'y is' if len(problems) == 1 else 'ies are'}"
                                           " not fully scored")
    return _ScoreData(s, ids, titles)
