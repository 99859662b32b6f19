"""Scoring frameworks, group scores, disagreement and rank stability.

Two layers:

* **Frameworks**, pure functions on frames or arrays, each explainable: :func:`weighted`
  (min-max normalised weighted sum with a per-criterion contribution), :func:`topsis`,
  :func:`rice`, :func:`ice`, :func:`wsjf` and :func:`cd3`.
* **The workshop view**: :func:`group_scores` aggregates participants' scores (mean, median,
  spread and an agreement level), :func:`priority` scores and ranks every opportunity with one
  framework, :func:`breakdown` explains the score, :func:`rank_stability` resamples the
  participants to show how sure the ranking is, and :func:`agenda` lists where the group
  should talk first.

How :func:`priority` reads a workshop
-------------------------------------
``weighted`` (the default) and ``topsis`` use one column per criterion of ``workshop.yml``
(the group mean of the participants' scores) plus **strategic alignment**: the sum over goals
of *goal weight × alignment* (alignment 0-4 from :func:`kit.mapping.alignment_matrix`; goal
weights from the group's pairwise judgments, :func:`kit.ahp.goal_weights`, or equal weights
when nobody compared goals). Criteria weigh as their ``weight`` in ``workshop.yml`` (1 each by
default; rescaled to average 1, so only their ratios matter) and strategic alignment as
``alignment_weight`` (1 by default: one average criterion's worth).
``weighted`` normalises each criterion over its scale (1-10: a mean of 1 is 0, 10 is 1; cost
criteria such as delivery risk inverted) and alignment over 0-4, so a score of 0.45 means the
same in every workshop; the score is 0-1. ``topsis`` returns the closeness coefficient, 0-1,
relative to the opportunities on the table.

``rice`` and ``wsjf`` return raw scores (not 0-1; ``score_scaled`` divides by the best one):

* RICE: reach = strategic alignment (0-4, how much of the weighted business goals it
  reaches), impact = the group's mean ``value`` score on the Intercom scale (0.25, 0.5, 1, 2, 3
  for the five fifths of the criterion's scale), confidence = the group's agreement (high
  100 %, medium 80 %, low 50 %), effort = ``effort_months``.
* WSJF: business value = mean ``value`` score, time criticality = the opportunity's
  ``time_criticality`` (or the mean ``urgency`` score where that is blank), risk reduction =
  its ``risk_reduction``, job size = ``effort_months``.

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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, Problem
from .settings import Criterion, did_you_mean
from .workshop import Workshop

__all__ = [
    "AGREEMENT_LEVELS",
    "FRAMEWORKS",
    "INTERCOM_CONFIDENCE",
    "INTERCOM_IMPACT",
    "agenda",
    "agreement_level",
    "breakdown",
    "cd3",
    "group_scores",
    "ice",
    "opportunity_agreement",
    "participant_scores",
    "participation",
    "priority",
    "rank_stability",
    "resolve_goal_weights",
    "rice",
    "rwg",
    "topsis",
    "value_effort",
    "weighted",
    "wsjf",
]

#: Frameworks :func:`priority` offers.
FRAMEWORKS: tuple[str, ...] = ("weighted", "topsis", "rice", "wsjf")

#: Agreement levels by the lowest r_wg that reaches them (LeBreton & Senter 2008).
AGREEMENT_LEVELS: dict[str, float] = {"high": 0.70, "medium": 0.50, "low": 0.0}

#: Intercom's RICE impact scale: massive 3, high 2, medium 1, low 0.5, minimal 0.25.
INTERCOM_IMPACT: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 3.0)

#: Intercom's RICE confidence scale by agreement level (high 100 %, medium 80 %, low 50 %).
INTERCOM_CONFIDENCE: dict[str, float] = {"high": 1.0, "medium": 0.8, "low": 0.5}

_ALIGN = "alignment"
_ALIGN_NAME = "Strategic alignment"


# =============================================================================================
# Frameworks: pure functions
# =============================================================================================


def weighted(frame: pd.DataFrame, weights: Mapping[str, float] | Sequence[float],
             directions: Mapping[str, str] | Sequence[str], *,
             bounds: Mapping[str, tuple[float, float]] | None = None) -> pd.DataFrame:
    """Weighted sum of min-max normalised criteria, with each criterion's contribution.

    Parameters
    ----------
    frame : DataFrame
        One row per alternative (the index names them), one numeric column per criterion.
    weights : mapping or sequence of float
        Weight per criterion (by column name, or in column order); normalised to sum to 1.
    directions : mapping or sequence of {"benefit", "cost"}
        ``benefit``: higher is better; ``cost``: higher is worse (inverted when normalising).
    bounds : mapping criterion -> (low, high), optional
        The range to normalise over (e.g. the scoring scale 1-10). Default: the lowest and
        highest value found in ``frame`` (a criterion on which all alternatives are equal
        normalises to 0.5).

    Returns
    -------
    DataFrame
        Same index as ``frame``: one column per criterion holding its **contribution**
        (normalised value × weight, so the columns add up to the score), then ``score`` (0-1)
        and ``rank`` (1 = best; ties share the better rank).

    Examples
    --------
    >>> f = pd.DataFrame({"value": [8, 4], "risk": [2, 6]}, index=["A", "B"])
    >>> weighted(f, [1, 1], ["benefit", "cost"])["score"].tolist()
    [1.0, 0.0]
    """
    columns, w, benefit = _criteria_spec(frame, weights, directions, "weighted")
    values = _numeric(frame, columns)
    lo = hi = None
    if bounds is not None:
        missing = [c for c in columns if c not in bounds]
        if missing:
            raise InputError.single("bounds missing for criteria", value=", ".join(missing),
                                    hint="give (low, high) for every criterion, or no bounds at all")
        lo = np.array([float(bounds[c][0]) for c in columns])
        hi = np.array([float(bounds[c][1]) for c in columns])
    norm = _minmax(values, benefit, lo, hi)
    contrib = norm * w
    out = pd.DataFrame(contrib, index=frame.index, columns=columns)
    out["score"] = contrib.sum(axis=1)
    out["rank"] = _rank(out["score"].to_numpy())
    return out


def topsis(matrix: pd.DataFrame, weights: Mapping[str, float] | Sequence[float],
           directions: Mapping[str, str] | Sequence[str], normalization: str = "vector") -> pd.DataFrame:
    """TOPSIS: closeness of each alternative to the ideal and away from the anti-ideal.

    Parameters
    ----------
    matrix : DataFrame
        One row per alternative, one numeric column per criterion.
    weights : mapping or sequence of float
        Weight per criterion; normalised to sum to 1.
    directions : mapping or sequence of {"benefit", "cost"}
    normalization : {"vector", "minmax"}
        ``vector`` (Hwang & Yoon 1981): each column divided by its Euclidean norm;
        ``minmax``: each column rescaled to 0-1 over its range (cost criteria inverted), as in
        Opricovic & Tzeng (2004).

    Returns
    -------
    DataFrame
        Same index: ``d_best`` and ``d_worst`` (weighted Euclidean distances to the ideal and
        anti-ideal), ``closeness`` = d_worst / (d_best + d_worst) in 0-1, and ``rank``
        (1 = best).

    Examples
    --------
    >>> m = pd.DataFrame({"cost": [1, 2, 5], "benefit": [3000, 3750, 4500]})
    >>> topsis(m, [.5, .5], ["cost", "benefit"], "minmax")["closeness"].round(3).tolist()
    [0.5, 0.617, 0.5]
    """
    columns, w, benefit = _criteria_spec(matrix, weights, directions, "topsis")
    if normalization not in ("vector", "minmax"):
        raise InputError.single("unknown TOPSIS normalization", value=normalization,
                                hint="use 'vector' or 'minmax'")
    values = _numeric(matrix, columns)
    d_best, d_worst, close = _topsis_kernel(values, w, benefit, normalization)
    out = pd.DataFrame({"d_best": d_best, "d_worst": d_worst, "closeness": close}, index=matrix.index)
    out["rank"] = _rank(close)
    return out


def rice(reach: Any, impact: Any, confidence: Any, effort: Any) -> Any:
    """RICE score = reach × impact × confidence / effort (Intercom).

    Parameters
    ----------
    reach : number, array or Series
        People or events reached per period.
    impact : number, array or Series
        Intercom's scale: 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal.
    confidence : number, array or Series
        A fraction (0.5) or a percentage (50): values above 1 are read as percentages.
        Intercom's scale: 100 % high, 80 % medium, 50 % low.
    effort : number, array or Series
        Person-months (must be positive).

    Returns
    -------
    Same shape as the inputs (a Series keeps its index).

    Raises
    ------
    InputError
        When an effort is zero, negative or missing, naming the opportunity (Series index).

    Examples
    --------
    >>> rice(500, 3, 0.5, 1)
    750.0
    """
    _denominator(effort, "effort", "RICE")
    for name, x in (("reach", reach), ("impact", impact), ("confidence", confidence)):
        _non_negative(x, name, "RICE")
    conf = np.where(np.asarray(confidence, dtype=float) > 1, np.asarray(confidence, dtype=float) / 100,
                    np.asarray(confidence, dtype=float))
    result = np.asarray(reach, dtype=float) * np.asarray(impact, dtype=float) * conf / np.asarray(effort, dtype=float)
    return _like(result, reach, impact, confidence, effort)


def ice(impact: Any, confidence: Any, ease: Any, method: str = "mean") -> Any:
    """ICE score from impact, confidence and ease (each typically 1-10).

    Sources disagree on how to combine the three: Sean Ellis' growth-hacking ICE averages
    them (``method="mean"``, the default, which keeps the 1-10 scale); others multiply them
    (``method="product"``, 1-1000), which punishes one weak factor harder. Both rank the same
    when only one factor differs.

    Examples
    --------
    >>> ice(8, 6, 4), ice(8, 6, 4, method="product")
    (6.0, 192.0)
    """
    for name, x in (("impact", impact), ("confidence", confidence), ("ease", ease)):
        _non_negative(x, name, "ICE")
    i, c, e = (np.asarray(x, dtype=float) for x in (impact, confidence, ease))
    if method == "mean":
        result = (i + c + e) / 3
    elif method == "product":
        result = i * c * e
    else:
        raise InputError.single("unknown ICE method", value=method, hint="use 'mean' or 'product'")
    return _like(result, impact, confidence, ease)


def wsjf(business_value: Any, time_criticality: Any, risk_reduction: Any, job_size: Any) -> Any:
    """Weighted shortest job first (SAFe): cost of delay / job size.

    Cost of delay = business value + time criticality + risk reduction (or opportunity
    enablement), each on the same relative scale.

    Raises
    ------
    InputError
        When a job size is zero, negative or missing, naming the opportunity.

    Examples
    --------
    >>> wsjf(8, 5, 3, 4)
    4.0
    """
    _denominator(job_size, "job size", "WSJF")
    result = (np.asarray(business_value, dtype=float) + np.asarray(time_criticality, dtype=float)
              + np.asarray(risk_reduction, dtype=float)) / np.asarray(job_size, dtype=float)
    return _like(result, business_value, time_criticality, risk_reduction, job_size)


def cd3(cost_of_delay_per_week: Any, duration_weeks: Any) -> Any:
    """CD3, cost of delay divided by duration (Reinertsen; Arnold).

    Raises
    ------
    InputError
        When a duration is zero, negative or missing, naming the opportunity.

    Examples
    --------
    >>> cd3(10_000, 4)
    2500.0
    """
    _denominator(duration_weeks, "duration", "CD3")
    result = np.asarray(cost_of_delay_per_week, dtype=float) / np.asarray(duration_weeks, dtype=float)
    return _like(result, cost_of_delay_per_week, duration_weeks)


# =============================================================================================
# Group scores and agreement
# =============================================================================================


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
    from .ahp import latest_judgments

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


# =============================================================================================
# Priority: one framework over the workshop
# =============================================================================================


def resolve_goal_weights(workshop: Workshop, goal_weights: Any = None) -> pd.Series:
    """Goal weights as a Series over the workshop's goals, summing to 1.

    ``None``: the group's AHP weights from the pairwise judgments of goals, or equal weights
    when nobody compared goals. Also accepts a mapping/Series goal -> weight (goals left out
    weigh 0) or an :class:`~kit.ahp.AhpResult` / :class:`~kit.ahp.GroupAhpResult`.
    """
    from . import ahp

    goals = workshop.settings.goal_ids
    if goal_weights is None:
        return ahp.goal_weights(workshop, equal_if_none=True).weights.rename("weight")
    if isinstance(goal_weights, (ahp.AhpResult, ahp.GroupAhpResult)):
        goal_weights = goal_weights.weights
    given = pd.Series(dict(goal_weights), dtype=float)
    unknown = [g for g in given.index if g not in goals]
    problems = [Problem("weight for an unknown goal", column="goal_weights", value=g, hint=did_you_mean(g, goals))
                for g in unknown]
    if (given < 0).any() or not np.isfinite(given).all():
        problems.append(Problem("goal weights must be non-negative numbers", column="goal_weights",
                                value=", ".join(f"{k}={v}" for k, v in given.items())))
    if problems:
        raise InputError(problems)
    w = given.reindex(goals, fill_value=0.0)
    if w.sum() <= 0:
        raise InputError.single("goal weights add up to 0", column="goal_weights", hint="give at least one goal a weight")
    return (w / w.sum()).rename("weight")


def priority(workshop: Workshop, framework: str = "weighted", goal_weights: Any = None, *,
             alignment_weight: float = 1.0, criteria_weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Score and rank every opportunity of the workshop with one framework.

    Parameters
    ----------
    workshop : Workshop
    framework : {"weighted", "topsis", "rice", "wsjf"}
        See the module docstring for how each reads the workshop.
    goal_weights : mapping, Series, AhpResult or GroupAhpResult, optional
        Default: the group's AHP goal weights (equal weights when no one compared goals).
    alignment_weight : float
        Weight of strategic alignment next to the criteria (``weighted`` and ``topsis``); 1
        counts it as one more criterion of weight 1; 0 leaves it out.
    criteria_weights : mapping criterion -> weight, optional
        Replaces the ``weight`` of criteria given in ``workshop.yml`` (e.g. the ``weights`` of
        :func:`kit.ahp.criteria_weights`). Only ratios matter: criteria weights are rescaled
        to average 1 before ``alignment_weight`` is added.

    Returns
    -------
    DataFrame
        One row per opportunity, best first: ``opportunity_id, title, framework, score``
        (0-1 for weighted and topsis; raw for rice and wsjf), ``score_scaled`` (0-1: the score
        itself for weighted and topsis, score / best score for rice and wsjf), ``rank``
        (1 = best; ties share the better rank), ``strategic_alignment`` (0-4), ``rwg``,
        ``agreement`` and ``weakest`` (the two weakest components, in words).

    Raises
    ------
    InputError
        Unknown framework, missing scores, or (rice, wsjf) a zero or missing effort.
    """
    model = _model(workshop, framework, goal_weights, alignment_weight, criteria_weights)
    ev = _evaluate(model, model.means[None], model.var[None])
    score = ev.score[0]
    scaled = score if framework in ("weighted", "topsis") else score / np.max(score) if np.max(score) > 0 else score
    rwg_o = ev.rwg[0]
    out = pd.DataFrame({
        "opportunity_id": model.ids, "title": model.titles, "framework": framework, "score": score,
        "score_scaled": scaled, "rank": _rank(score), "strategic_alignment": model.alignment,
        "rwg": rwg_o, "agreement": agreement_level(rwg_o), "weakest": _weakest(model, ev)})
    return out.sort_values(["rank", "opportunity_id"], kind="stable").reset_index(drop=True)


def breakdown(workshop: Workshop, framework: str = "weighted", goal_weights: Any = None, *,
              alignment_weight: float = 1.0, criteria_weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Why each opportunity scores what it does: one row per opportunity and component.

    Returns
    -------
    DataFrame
        ``opportunity_id, title, component, component_name, order, value, normalised, weight,
        contribution`` (``order`` numbers the components as listed) where ``value`` is the group mean (or the framework's input factor),
        ``normalised`` is 0-1 with higher always better, and ``contribution`` = weight ×
        normalised adds up to the score for ``weighted`` (for ``topsis``, ``rice`` and ``wsjf``
        it shows each component's weighted share, not an exact decomposition).
    """
    model = _model(workshop, framework, goal_weights, alignment_weight, criteria_weights)
    ev = _evaluate(model, model.means[None], model.var[None])
    k = len(ev.names)
    o = len(model.ids)
    return pd.DataFrame({
        "opportunity_id": np.repeat(model.ids, k), "title": np.repeat(model.titles, k),
        "component": np.tile(ev.components, o), "component_name": np.tile(ev.names, o),
        "order": np.tile(np.arange(k), o),
        "value": ev.values[0].reshape(-1), "normalised": ev.normalised[0].reshape(-1),
        "weight": np.tile(ev.weights, o), "contribution": (ev.normalised[0] * ev.weights).reshape(-1)})


def rank_stability(workshop: Workshop, framework: str = "weighted", *, top_k: int = 10,
                   n_resamples: int = 2000, seed: int | np.random.Generator | None = 0,
                   goal_weights: Any = None, alignment_weight: float = 1.0,
                   criteria_weights: Mapping[str, float] | None = None, interval: float = 0.90) -> pd.DataFrame:
    """How sure is the ranking? Resample the participants and rank again, many times.

    Each resample draws as many participants as took part, with replacement (a bootstrap of
    the group), recomputes every group mean (and agreement) and the framework's scores, and
    ranks. Goal weights, alignment, costs and efforts stay fixed: only who scored varies.
    Fully vectorised: 200 opportunities × 30 participants × 2,000 resamples take well under
    a second.

    Parameters
    ----------
    workshop : Workshop
    framework : {"weighted", "topsis", "rice", "wsjf"}
    top_k : int
        The "top" whose membership probability is reported.
    n_resamples : int
        Number of bootstrap resamples.
    seed : int or numpy.random.Generator
        Seed, or a Generator to draw from.
    interval : float
        Central share of resampled ranks reported as ``rank_low`` .. ``rank_high``.

    Returns
    -------
    DataFrame
        One row per opportunity, best first: ``opportunity_id, title, score, rank`` (from all
        participants), ``rank_median, rank_low, rank_high, rank_best, rank_worst``,
        ``p_top_k`` (share of resamples in which it ranks in the top ``top_k``), ``top_k`` and
        ``verdict``: ``"in the top k"`` when p >= 0.9, ``"outside the top k"`` when p <= 0.1,
        otherwise ``"on the edge"``.
    """
    if n_resamples < 1:
        raise InputError.single("n_resamples must be at least 1", value=n_resamples)
    if not 0 < interval < 1:
        raise InputError.single("interval must be between 0 and 1", value=interval, hint="e.g. 0.9")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    model = _model(workshop, framework, goal_weights, alignment_weight, criteria_weights)
    point = _evaluate(model, model.means[None], model.var[None]).score[0]
    ranks = _resampled_ranks(model, n_resamples, rng)
    k = int(top_k)
    tail = (1 - interval) / 2
    low, median, high = np.quantile(ranks, [tail, 0.5, 1 - tail], axis=0, method="inverted_cdf")
    p = (ranks <= k).mean(axis=0)
    out = pd.DataFrame({
        "opportunity_id": model.ids, "title": model.titles, "score": point, "rank": _rank(point),
        "rank_median": median.astype(int), "rank_low": low.astype(int), "rank_high": high.astype(int),
        "rank_best": ranks.min(axis=0), "rank_worst": ranks.max(axis=0), "p_top_k": p, "top_k": k,
        "verdict": np.select([p >= 0.9, p <= 0.1], [f"in the top {k}", f"outside the top {k}"], "on the edge")})
    return out.sort_values(["rank", "opportunity_id"], kind="stable").reset_index(drop=True)


def value_effort(scored: pd.DataFrame, workshop: Workshop) -> pd.DataFrame:
    """Place each opportunity in the value-vs-effort 2×2.

    Value is ``score_scaled`` (or ``score``) from :func:`priority`; effort is
    ``effort_months``. The split lines are the medians of the opportunities on the table.
    Quadrants: **quick wins** (value above the median, effort at or below), **big bets**
    (value above, effort above), **fillers** (value at or below, effort at or below),
    **money pits** (value at or below, effort above).

    Returns
    -------
    DataFrame
        ``opportunity_id, title, value, effort_months, cost_mid, quadrant, value_split,
        effort_split``.
    """
    opp = workshop.opportunities.set_index("id")
    value_col = "score_scaled" if "score_scaled" in scored else "score"
    out = scored[["opportunity_id", "title"]].copy()
    out["value"] = scored[value_col].to_numpy(dtype=float)
    out["effort_months"] = out["opportunity_id"].map(opp["effort_months"]).astype(float)
    out["cost_mid"] = out["opportunity_id"].map((opp["cost_low"] + opp["cost_high"]) / 2).astype(float)
    v, e = float(out["value"].median()), float(out["effort_months"].median())
    high_v, high_e = out["value"] > v, out["effort_months"] > e
    out["quadrant"] = np.select([high_v & ~high_e, high_v & high_e, ~high_v & ~high_e],
                                ["quick wins", "big bets", "fillers"], "money pits")
    out["value_split"], out["effort_split"] = v, e
    return out


# =============================================================================================
# Internals
# =============================================================================================


@dataclass(frozen=True)
class _ScoreData:
    table: pd.DataFrame  # participant, opportunity_id, criterion, score (deduplicated)
    ids: list[str]
    titles: dict[str, str]


@dataclass(frozen=True)
class _Model:
    framework: str
    ids: list[str]
    titles: list[str]
    criteria: tuple[Criterion, ...]
    raw: np.ndarray  # (P, O, C) participants' scores, NaN where not given
    means: np.ndarray  # (O, C)
    var: np.ndarray  # (O, C) sample variance
    alignment: np.ndarray  # (O,) strategic alignment 0-4
    weights: np.ndarray  # component weights for weighted/topsis (C + 1,), sum 1
    effort: np.ndarray  # (O,)
    time_criticality: np.ndarray  # (O,) NaN where blank
    risk_reduction: np.ndarray  # (O,)


@dataclass(frozen=True)
class _Evaluation:
    score: np.ndarray  # (R, O)
    rwg: np.ndarray  # (R, O)
    components: list[str]
    names: list[str]
    values: np.ndarray  # (R, O, K) component inputs
    normalised: np.ndarray  # (R, O, K) higher is better
    weights: np.ndarray  # (K,)
    texts: list[Any]  # per component: function(value) -> words


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


def _model(workshop: Workshop, framework: str, goal_weights: Any, alignment_weight: float,
           criteria_weights: Mapping[str, float] | None) -> _Model:
    from .mapping import alignment_matrix

    if framework not in FRAMEWORKS:
        raise InputError.single("unknown scoring framework", column="framework", value=framework,
                                hint=did_you_mean(framework, list(FRAMEWORKS)))
    data = _score_data(workshop)
    criteria = workshop.settings.criteria
    crit_ids = [c.id for c in criteria]
    people = list(dict.fromkeys(data.table["participant"]))
    raw = np.full((len(people), len(data.ids), len(crit_ids)), np.nan)
    pi = pd.Index(people).get_indexer(data.table["participant"])
    oi = pd.Index(data.ids).get_indexer(data.table["opportunity_id"])
    ci = pd.Index(crit_ids).get_indexer(data.table["criterion"])
    keep = ci >= 0
    raw[pi[keep], oi[keep], ci[keep]] = data.table["score"].to_numpy()[keep]
    n = (~np.isnan(raw)).sum(axis=0)
    means = np.nanmean(raw, axis=0)
    dev = np.where(np.isnan(raw), 0.0, raw - means)
    var = np.where(n > 1, (dev ** 2).sum(axis=0) / np.maximum(n - 1, 1), np.nan)

    gw = resolve_goal_weights(workshop, goal_weights)
    m = alignment_matrix(workshop).pivot(index="opportunity_id", columns="goal", values="alignment")
    alignment = (m.reindex(index=data.ids, columns=gw.index).fillna(0).to_numpy(float) * gw.to_numpy()).sum(axis=1)

    cw = {c.id: c.weight for c in criteria}
    if criteria_weights is not None:
        given = {str(k): float(v) for k, v in dict(criteria_weights).items()}
        unknown = [k for k in given if k not in cw]
        if unknown:
            raise InputError([Problem("weight for an unknown criterion", column="criteria_weights", value=k,
                                      hint=did_you_mean(k, crit_ids)) for k in unknown])
        cw |= given
    crit_w = np.array([cw[c] for c in crit_ids], dtype=float)
    if crit_w.sum() > 0:  # criteria average 1, so alignment_weight=1 is one average criterion's worth
        crit_w = crit_w * len(crit_w) / crit_w.sum()
    w = np.append(crit_w, float(alignment_weight))
    if (w < 0).any() or w.sum() <= 0 or not np.isfinite(w).all():
        raise InputError.single("weights must be non-negative and not all 0", column="weight",
                                value=", ".join(f"{k}={v:g}" for k, v in zip([*crit_ids, _ALIGN], w, strict=True)))
    opp = workshop.opportunities.set_index("id").loc[data.ids]
    effort = opp["effort_months"].to_numpy(dtype=float)
    tc = opp["time_criticality"].to_numpy(dtype=float) if "time_criticality" in opp else np.full(len(opp), np.nan)
    rr = opp["risk_reduction"].to_numpy(dtype=float) if "risk_reduction" in opp else np.full(len(opp), np.nan)
    model = _Model(framework, data.ids, [data.titles[i] for i in data.ids], criteria, raw, means, var,
                   alignment, w / w.sum(), effort, tc, rr)
    _check_framework_inputs(model)
    return model


def _check_framework_inputs(model: _Model) -> None:
    if model.framework not in ("rice", "wsjf"):
        return
    ids = pd.Index(model.ids)
    label = "effort" if model.framework == "rice" else "job size"
    _denominator(pd.Series(model.effort, index=ids), f"{label} (effort_months)", model.framework.upper())
    crit = [c.id for c in model.criteria]
    if "value" not in crit:
        raise InputError.single(f"{model.framework.upper()} needs a criterion with id 'value'",
                                file="workshop.yml", column="criteria", hint="add {id: value, name: Business value}")
    if model.framework == "wsjf":
        problems = []
        no_tc = np.isnan(model.time_criticality)
        if no_tc.any() and "urgency" not in crit:
            problems += [Problem(f"{i}: time_criticality is blank and there is no 'urgency' criterion to use instead",
                                 file="opportunities.csv", column="time_criticality", value=i,
                                 hint="give a time criticality of 1-10") for i in ids[no_tc]]
        problems += [Problem(f"{i}: risk_reduction is blank: WSJF needs it", file="opportunities.csv",
                             column="risk_reduction", value=i, hint="give a risk reduction of 1-10")
                     for i in ids[np.isnan(model.risk_reduction)]]
        if problems:
            raise InputError(problems)


def _evaluate(model: _Model, means: np.ndarray, var: np.ndarray | None) -> _Evaluation:
    """Scores for stacked group means (R, O, C) and variances: the one place frameworks meet data.

    ``var`` may be None where agreement is not needed (it only enters RICE's confidence).
    """
    crit = model.criteria
    lo = np.array([c.scale[0] for c in crit])
    hi = np.array([c.scale[1] for c in crit])
    if var is None:
        r_o = np.full(means.shape[:-1], np.nan)
    else:
        r_c = np.stack([rwg(var[..., k], lo[k], hi[k]) for k in range(len(crit))], axis=-1)
        r_c = np.where(np.isnan(var), np.nan, r_c)
        valid = ~np.isnan(r_c)
        count = valid.sum(axis=-1)
        r_o = np.where(count > 0, np.where(valid, r_c, 0.0).sum(axis=-1) / np.maximum(count, 1), np.nan)
    reps = means.shape[0]
    align = np.broadcast_to(model.alignment, means.shape[:-1])[..., None]
    if model.framework in ("weighted", "topsis"):
        values = np.concatenate([means, align], axis=-1)
        benefit = np.array([c.direction == "benefit" for c in crit] + [True])
        lo_k, hi_k = np.append(lo, 0.0), np.append(hi, 4.0)
        norm = _minmax(values, benefit, lo_k, hi_k)
        if model.framework == "weighted":
            score = (norm * model.weights).sum(axis=-1)
        else:
            score = _topsis_kernel(values, model.weights, benefit, "vector")[2]
        texts = [_criterion_words(c) for c in crit] + [lambda v: f"{_ALIGN_NAME.lower()} {v:.1f}/4"]
        return _Evaluation(score, r_o, [c.id for c in crit] + [_ALIGN], [c.name for c in crit] + [_ALIGN_NAME],
                           values, norm, model.weights, texts)
    vi = [c.id for c in crit].index("value")
    value_norm = (means[..., vi] - lo[vi]) / (hi[vi] - lo[vi])
    if model.framework == "rice":
        impact = np.asarray(INTERCOM_IMPACT)[np.clip((value_norm * 5).astype(int), 0, 4)]
        levels = np.select([r_o >= AGREEMENT_LEVELS["high"], r_o >= AGREEMENT_LEVELS["medium"]],
                           [INTERCOM_CONFIDENCE["high"], INTERCOM_CONFIDENCE["medium"]], INTERCOM_CONFIDENCE["low"])
        confidence = np.where(np.isnan(r_o), INTERCOM_CONFIDENCE["medium"], levels)
        reach = np.broadcast_to(model.alignment, impact.shape)
        effort = np.broadcast_to(model.effort, impact.shape)
        score = reach * impact * confidence / effort
        values = np.stack([reach, impact, confidence, effort], axis=-1)
        names = ["Reach (strategic alignment)", "Impact (business value)", "Confidence (agreement)", "Effort"]
        texts = [lambda v: f"reach: {_ALIGN_NAME.lower()} {v:.1f}/4",
                 lambda v: f"impact {v:g} on Intercom's 0.25-3 scale",
                 lambda v: f"confidence {v:.0%} (how far the group agrees)",
                 lambda v: f"effort {v:g} person-months"]
        benefit = np.array([True, True, True, False])
        comps = ["reach", "impact", "confidence", "effort"]
    else:
        ui = [c.id for c in crit].index("urgency") if "urgency" in [c.id for c in crit] else None
        tc = np.broadcast_to(model.time_criticality, value_norm.shape)
        if ui is not None:
            tc = np.where(np.isnan(tc), means[..., ui], tc)
        bv = means[..., vi]
        rr = np.broadcast_to(model.risk_reduction, bv.shape)
        size = np.broadcast_to(model.effort, bv.shape)
        score = (bv + tc + rr) / size
        values = np.stack([bv, tc, rr, size], axis=-1)
        names = ["Business value", "Time criticality", "Risk reduction", "Job size"]
        texts = [lambda v: f"business value {v:.1f}/10", lambda v: f"time criticality {v:.1f}/10",
                 lambda v: f"risk reduction {v:g}/10", lambda v: f"job size {v:g} person-months"]
        benefit = np.array([True, True, True, False])
        comps = ["business_value", "time_criticality", "risk_reduction", "job_size"]
    norm = _minmax(values, benefit, None, None)
    return _Evaluation(score.reshape(reps, -1), r_o, comps, names, values, norm,
                       np.full(len(comps), 1 / len(comps)), texts)


def _criterion_words(c: Criterion) -> Any:
    worse = " (higher is worse)" if c.direction == "cost" else ""
    return lambda v: f"{c.name.lower()} {v:.1f}/{c.scale[1]:g}{worse}"


def _weakest(model: _Model, ev: _Evaluation, n: int = 2) -> list[str]:
    norm = ev.normalised[0]
    active = ev.weights > 0
    out = []
    for o in range(norm.shape[0]):
        order = [k for k in np.argsort(norm[o], kind="stable") if active[k]][:n]
        out.append("; ".join(ev.texts[k](float(ev.values[0, o, k])) for k in order))
    return out


def _resampled_ranks(model: _Model, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    """(R, O) ranks from bootstrap resamples of the participants, by matrix products."""
    p, o, c = model.raw.shape
    counts = rng.multinomial(p, np.full(p, 1 / p), size=n_resamples).astype(float)  # (R, P)
    given = ~np.isnan(model.raw)
    x = np.where(given, model.raw, 0.0).reshape(p, -1)
    mask = given.reshape(p, -1).astype(float)
    n = counts @ mask
    total = counts @ x
    with np.errstate(invalid="ignore", divide="ignore"):
        means = total / n
    # a cell whose scorers were all left out of a resample keeps the full-group value
    means = np.where(n > 0, means, model.means.reshape(1, -1))
    var = None
    if model.framework == "rice":  # only RICE's confidence depends on the spread
        squares = counts @ (x * x)
        with np.errstate(invalid="ignore", divide="ignore"):
            var = (squares - n * means * means) / (n - 1)
        var = np.where(n > 1, np.maximum(var, 0.0), model.var.reshape(1, -1)).reshape(-1, o, c)
    ev = _evaluate(model, means.reshape(-1, o, c), var)
    order = np.argsort(-ev.score, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, o + 1)[None, :].repeat(n_resamples, axis=0), axis=1)
    return ranks


def _minmax(values: np.ndarray, benefit: np.ndarray, lo: np.ndarray | None, hi: np.ndarray | None) -> np.ndarray:
    """Normalise the last axis to 0-1 (higher better) over bounds or the range along axis -2."""
    if lo is None or hi is None:
        lo = np.min(values, axis=-2, keepdims=True)
        hi = np.max(values, axis=-2, keepdims=True)
    span = hi - lo
    # A spread at rounding level (1e-16 of 1) is no spread: it must not decide a ranking.
    real = span > 1e-9 * np.maximum(np.maximum(np.abs(hi), np.abs(lo)), 1.0)
    safe = np.where(real, span, 1.0)
    up = np.where(real, (values - lo) / safe, 0.5)
    return np.where(benefit, up, np.where(real, 1 - up, 0.5))


def _topsis_kernel(values: np.ndarray, w: np.ndarray, benefit: np.ndarray,
                   normalization: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if normalization == "vector":
        norm = np.sqrt((values ** 2).sum(axis=-2, keepdims=True))
        v = values / np.where(norm > 0, norm, 1.0) * w
        best = np.where(benefit, v.max(axis=-2, keepdims=True), v.min(axis=-2, keepdims=True))
        worst = np.where(benefit, v.min(axis=-2, keepdims=True), v.max(axis=-2, keepdims=True))
    else:
        v = _minmax(values, benefit, None, None) * w
        best, worst = v.max(axis=-2, keepdims=True), v.min(axis=-2, keepdims=True)
    d_best = np.sqrt(((v - best) ** 2).sum(axis=-1))
    d_worst = np.sqrt(((v - worst) ** 2).sum(axis=-1))
    total = d_best + d_worst
    close = np.where(total > 0, d_worst / np.where(total > 0, total, 1.0), 0.5)
    return d_best, d_worst, close


def _rank(score: np.ndarray) -> np.ndarray:
    """1 = best; ties share the better rank."""
    return pd.Series(score).rank(ascending=False, method="min").astype(int).to_numpy()


def _criteria_spec(frame: pd.DataFrame, weights: Any, directions: Any, who: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    columns = [str(c) for c in frame.columns]
    clash = [c for c in columns if c in ("score", "rank", "closeness", "d_best", "d_worst")]
    if clash:
        raise InputError.single(f"{who}: a criterion may not be called " + ", ".join(clash),
                                value=", ".join(clash), hint="rename the column")
    w = np.array([float(weights[c]) for c in frame.columns] if isinstance(weights, Mapping)
                 else list(map(float, weights)), dtype=float)
    d = [str(directions[c]) for c in frame.columns] if isinstance(directions, Mapping) else [str(x) for x in directions]
    problems = []
    if len(w) != len(columns):
        problems.append(Problem(f"{who}: {len(w)} weights for {len(columns)} criteria", column="weights"))
    if len(d) != len(columns):
        problems.append(Problem(f"{who}: {len(d)} directions for {len(columns)} criteria", column="directions"))
    bad = [x for x in d if x not in ("benefit", "cost")]
    if bad:
        problems.append(Problem(f"{who}: unknown direction", column="directions", value=", ".join(bad),
                                hint="each direction is 'benefit' (higher is better) or 'cost' (higher is worse)"))
    if len(w) and ((w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0):
        problems.append(Problem(f"{who}: weights must be non-negative and not all 0", column="weights",
                                value=", ".join(f"{x:g}" for x in w)))
    if problems:
        raise InputError(problems)
    return columns, w / w.sum(), np.array([x == "benefit" for x in d])


def _numeric(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    values = frame.to_numpy(dtype=float, na_value=np.nan)
    bad = np.argwhere(~np.isfinite(values))
    if len(bad):
        raise InputError([Problem("value is missing or not a number", row=None, column=columns[j],
                                  value=f"{frame.index[i]}") for i, j in bad])
    return values


def _names(x: Any) -> list[str]:
    if isinstance(x, pd.Series):
        return [str(i) for i in x.index]
    return [f"item {k + 1}" for k in range(np.asarray(x).size)]


def _denominator(x: Any, what: str, who: str) -> None:
    arr = np.atleast_1d(np.asarray(x, dtype=float))
    bad = ~np.isfinite(arr) | (arr <= 0)
    if bad.any():
        names = np.asarray(_names(x) if np.ndim(x) else ["(the value given)"])
        raise InputError([Problem(f"{who}: {what} is zero, negative or missing for {n}", column=what, value=v,
                                  hint=f"give {n} a positive {what}; dividing by it would give a meaningless score")
                          for n, v in zip(names[bad], np.asarray(x, dtype=object).reshape(-1)[bad], strict=True)])


def _non_negative(x: Any, what: str, who: str) -> None:
    arr = np.atleast_1d(np.asarray(x, dtype=float))
    bad = ~np.isfinite(arr) | (arr < 0)
    if bad.any():
        names = np.asarray(_names(x) if np.ndim(x) else ["(the value given)"])
        raise InputError([Problem(f"{who}: {what} is negative or missing for {n}", column=what, value=v)
                          for n, v in zip(names[bad], np.asarray(x, dtype=object).reshape(-1)[bad], strict=True)])


def _like(result: np.ndarray, *inputs: Any) -> Any:
    """Give the result the index of the first Series input, or a float for scalar inputs."""
    for x in inputs:
        if isinstance(x, pd.Series):
            return pd.Series(result, index=x.index)
    return float(result) if np.ndim(result) == 0 else result
