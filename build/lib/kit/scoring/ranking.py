"""One framework over the workshop: score, explain and rank every opportunity.

:func:`priority` scores and ranks every opportunity with one framework, :func:`breakdown`
explains the score, :func:`rank_stability` resamples the participants to show how sure the
ranking is, and :func:`value_effort` places each opportunity in the value-vs-effort 2×2.
``_evaluate`` is the one place the frameworks meet a workshop's data, shared by
:func:`priority` and the vectorised :func:`rank_stability`. All four leave out the
opportunities not yet scored on every criterion (:func:`kit.scoring.unscored`).

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
  100 %, medium 80 %, low 50 %; see :mod:`kit.scoring.group`), effort = ``effort_months``.
* WSJF: business value = mean ``value`` score, time criticality = the opportunity's
  ``time_criticality`` (or the mean ``urgency`` score where that is blank), risk reduction =
  its ``risk_reduction``, job size = ``effort_months``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..settings import Criterion, did_you_mean
from ..workshop import Workshop
from .frameworks import (
    INTERCOM_CONFIDENCE,
    INTERCOM_IMPACT,
    _denominator,
    _minmax,
    _rank,
    _topsis_kernel,
)
from .group import AGREEMENT_LEVELS, _score_data, agreement_level, rwg

__all__ = [
    "FRAMEWORKS",
    "breakdown",
    "priority",
    "rank_stability",
    "resolve_goal_weights",
    "value_effort",
]

#: Frameworks :func:`priority` offers.
FRAMEWORKS: tuple[str, ...] = ("weighted", "topsis", "rice", "wsjf")

_ALIGN = "alignment"
_ALIGN_NAME = "Strategic alignment"


def resolve_goal_weights(workshop: Workshop, goal_weights: Any = None) -> pd.Series:
    """Goal weights as a Series over the workshop's goals, summing to 1.

    ``None``: the group's AHP weights from the pairwise judgments of goals, or equal weights
    when nobody compared goals. Also accepts a mapping/Series goal -> weight (goals left out
    weigh 0) or an :class:`~kit.ahp.AhpResult` / :class:`~kit.ahp.GroupAhpResult`.
    """
    from .. import ahp

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

    Only opportunities scored on every criterion are ranked: one not yet scored (an idea added
    in the room, or scored on some criteria only) is left out, and :func:`unscored` lists it
    with the reason ``not yet scored (k of n criteria)``.

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
        One row per scored opportunity, best first: ``opportunity_id, title, framework, score``
        (0-1 for weighted and topsis; raw for rice and wsjf), ``score_scaled`` (0-1: the score
        itself for weighted and topsis, score / best score for rice and wsjf), ``rank``
        (1 = best; ties share the better rank), ``strategic_alignment`` (0-4), ``rwg``,
        ``agreement`` and ``weakest`` (the two weakest components, in words).

    Raises
    ------
    InputError
        Unknown framework, no scores or no opportunity scored on every criterion yet, or (rice,
        wsjf) a zero or missing effort.
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


def _model(workshop: Workshop, framework: str, goal_weights: Any, alignment_weight: float,
           criteria_weights: Mapping[str, float] | None) -> _Model:
    from ..mapping import alignment_matrix

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
