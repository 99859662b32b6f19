"""Group scores and agreement: what the participants' scores say together, and where they part.

:func:`group_scores` aggregates participants' scores per opportunity and criterion (mean,
median, spread and an agreement level), :func:`opportunity_agreement` finds each
opportunity's most contested criterion and the two camps, :func:`agenda` lists where the group
should talk first, :func:`participant_scores` gives every score for charts, and
:func:`participation` shows who has contributed what so far. :func:`unscored` lists the
opportunities not yet scored on every criterion, which all of these (and the ranking) leave out.

Not yet scored
--------------
An opportunity is *scored on a criterion* when at least one participant has a score for it on
that criterion (the latest score of each participant counts, as everywhere in the kit). An
opportunity scored on only some criteria, or on none (an idea added live in the room), is
*not yet scored*: the group views and :func:`kit.scoring.priority` leave it out, and triage
answers NOT NOW with the reason ``not yet scored (k of n criteria)`` until it is scored.

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
    "unscored",
    "unscored_sentence",
]

#: Agreement levels by the lowest r_wg that reaches them (LeBreton & Senter 2008).
AGREEMENT_LEVELS: dict[str, float] = {"high": 0.70, "medium": 0.50, "low": 0.0}

_UNSCORED_COLUMNS = ["opportunity_id", "title", "scored_criteria", "criteria", "missing", "reason"]


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

    Opportunities not yet scored on every criterion are left out (see :func:`unscored`).

    Raises
    ------
    InputError
        When there are no scores, or no opportunity is scored on every criterion yet.
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


def unscored(workshop: Workshop) -> pd.DataFrame:
    """The opportunities not yet scored on every criterion: left out of the ranking and triage.

    An opportunity is scored on a criterion when at least one participant has a score for it
    on that criterion (each participant's latest score counts). With no scores at all, every
    opportunity is listed.

    Parameters
    ----------
    workshop : Workshop

    Returns
    -------
    DataFrame
        One row per opportunity not scored on every criterion, in workshop order:
        ``opportunity_id, title, scored_criteria`` (k, the criteria scored so far),
        ``criteria`` (n, the workshop's criteria), ``missing`` (the ids of the criteria not
        scored yet, joined by ``", "``) and ``reason`` (``"not yet scored (k of n criteria)"``).
        Empty, with these columns, when every opportunity is scored.

    Examples
    --------
    An idea added in the room that nobody has scored yet: ``OPP-38, ..., 0, 5,
    "value, fit, urgency, feasibility, risk", "not yet scored (0 of 5 criteria)"``.
    """
    opp = workshop.opportunities
    ids = [str(i) for i in opp["id"]]
    titles = dict(zip(ids, map(str, opp["title"]), strict=True))
    missing = _missing_criteria(workshop, _latest_scores(workshop), ids)
    crit = workshop.settings.criterion_ids
    rows = [(oid, titles[oid], len(crit) - len(gaps), len(crit), ", ".join(gaps),
             f"not yet scored ({len(crit) - len(gaps)} of {len(crit)} criteria)")
            for oid, gaps in missing.items() if gaps]
    out = pd.DataFrame(rows, columns=_UNSCORED_COLUMNS)
    return out.astype({"opportunity_id": str, "title": str, "scored_criteria": int, "criteria": int,
                       "missing": str, "reason": str})


def unscored_sentence(left_out: pd.DataFrame) -> str:
    """The sentence a workbook shows about the opportunities :func:`unscored` lists.

    Parameters
    ----------
    left_out : DataFrame
        :func:`unscored` of a workshop.

    Returns
    -------
    str
        ``"1 opportunity not yet scored is left out: OPP-38 (0 of 5 criteria)."`` or
        ``"2 opportunities not yet scored are left out: OPP-38 (0 of 5 criteria), OPP-39 (3 of 5
        criteria)."``; ``""`` when every opportunity is scored.
    """
    n = len(left_out)
    if not n:
        return ""
    items = ", ".join(f"{oid} ({k} of {c} criteria)" for oid, k, c in
                      zip(left_out["opportunity_id"], left_out["scored_criteria"], left_out["criteria"], strict=True))
    return (f"{n} opportunit{'y' if n == 1 else 'ies'} not yet scored {'is' if n == 1 else 'are'} "
            f"left out: {items}.")


@dataclass(frozen=True)
class _ScoreData:
    table: pd.DataFrame  # participant, opportunity_id, criterion, score (deduplicated), scored opportunities only
    ids: list[str]  # the opportunities scored on every criterion, in workshop order
    titles: dict[str, str]


def _latest_scores(workshop: Workshop) -> pd.DataFrame:
    """Each participant's latest score per opportunity and criterion, for known opportunities."""
    ids = {str(i) for i in workshop.opportunities["id"]}
    # an append-only log: a participant's later score for the same cell replaces the earlier one
    s = workshop.scores.drop_duplicates(["participant", "opportunity_id", "criterion"], keep="last")
    s = s[["participant", "opportunity_id", "criterion", "score"]].astype(
        {"participant": str, "opportunity_id": str, "criterion": str, "score": float})
    return s[s["opportunity_id"].isin(ids)]


def _missing_criteria(workshop: Workshop, latest: pd.DataFrame, ids: list[str]) -> dict[str, list[str]]:
    """Per opportunity, the criteria (ids, workshop order) nobody has scored it on yet."""
    have = set(zip(latest["opportunity_id"].to_numpy(), latest["criterion"].to_numpy(), strict=True))
    crit = workshop.settings.criterion_ids
    return {oid: [c for c in crit if (oid, c) not in have] for oid in ids}


def _score_data(workshop: Workshop) -> _ScoreData:
    """The scores of the opportunities scored on every criterion (the others are left out).

    Raises
    ------
    InputError
        When there are no scores, or no opportunity is scored on every criterion yet.
    """
    opp = workshop.opportunities
    ids = [str(i) for i in opp["id"]]
    titles = dict(zip(ids, map(str, opp["title"]), strict=True))
    if not len(workshop.scores):
        raise InputError.single("no scores yet", file="scores.csv",
                                hint="participants score each opportunity on each criterion first "
                                     "(the scoring app, or rows 'participant, opportunity_id, criterion, score')")
    s = _latest_scores(workshop)
    missing = _missing_criteria(workshop, s, ids)
    scored = [oid for oid in ids if not missing[oid]]
    if not scored:
        problems = [Problem(f"{oid} ({titles[oid]}) has no score on " + ", ".join(gaps),
                            file="scores.csv", column="criterion", value=oid,
                            hint="have at least one participant score it on every criterion")
                    for oid, gaps in missing.items()]
        raise InputError(problems, summary="no opportunity is scored on every criterion yet")
    if len(scored) < len(ids):
        s = s[s["opportunity_id"].isin(scored)]
    return _ScoreData(s, scored, titles)
