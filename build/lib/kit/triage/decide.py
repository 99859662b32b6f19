"""The triage itself: every opportunity decided by the rules, overrides applied on top, and the
selections workbooks name by decision (``"YES"``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..errors import InputError, Problem
from ..settings import TRIAGE_DEFAULTS, did_you_mean
from ..workshop import Workshop
from .facts import facts as _facts
from .overrides import check_overrides
from .rules import DECISIONS, RULES
from .rules import apply as _apply

__all__ = ["DECISIONS", "RULES", "decide", "rules_table", "rules_in_force", "select", "unscored_left_out"]

_COLUMNS = ["opportunity_id", "title", "rank", "score", "decision", "reason", "rule", "rule_decision",
            "rule_reason", "override_decision", "override_rationale", "override_by", "override_at", "contested",
            "cost_mid", "effort_months", "team"]


def rules_table(workshop: Workshop, rules: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The triage settings in force, in words: ``setting, value, meaning``."""
    r = rules_in_force(workshop, rules)
    meaning = {
        "score_threshold": "score (0-1) below which the answer is NO",
        "min_alignment": "lowest alignment (0-4) an opportunity must reach on at least one goal",
        "mandatory_yes": "mandatory opportunities are YES",
        "dependency_rule": "an opportunity needing a NO or NOT NOW is NOT NOW",
        "budget_rule": "fill the budget best score first; what no longer fits is NOT NOW",
        "capacity_rule": "fill each team's capacity best score first; what no longer fits is NOT NOW",
        "capacity_quarters": "quarters of team capacity counted (4 = the first year)",
        "contested_rwg": "agreement (r_wg) below which a decision is marked contested",
    }
    return pd.DataFrame({"setting": list(r), "value": [str(v) for v in r.values()],
                         "meaning": [meaning.get(k, "") for k in r]})


def decide(scored: pd.DataFrame, workshop: Workshop, overrides: pd.DataFrame | list[dict[str, Any]] | None = None,
           *, rules: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """YES, NO or NOT NOW for every opportunity, with the reason and the decision log.

    The opportunities of ``scored`` are decided by the rules; every other opportunity of the
    workshop that is not yet scored on every criterion (:func:`kit.scoring.unscored`, left
    out by :func:`kit.scoring.priority`) is NOT NOW, rule ``unscored``, with the reason "Not
    yet scored (k of n criteria) ...". A facilitator may still override it.

    Parameters
    ----------
    scored : DataFrame
        :func:`kit.scoring.priority` output (``opportunity_id, title, score, rank``, and
        ``score_scaled`` when present).
    workshop : Workshop
        Supplies the triage rules, budget, capacity, alignment, costs, efforts, teams,
        dependencies and mandatory flags.
    overrides : DataFrame or list of dict, optional
        Facilitator overrides: ``opportunity_id, decision`` (YES, NO or NOT NOW),
        ``rationale`` and ``by`` (both required), ``at`` (when; may be blank).
    rules : mapping, optional
        Replaces triage settings for this call (e.g. ``{"score_threshold": 0.5}``).

    Returns
    -------
    DataFrame
        One row per opportunity in rank order, the ones not yet scored last (``rank`` and
        ``score`` blank; ``rank`` is then a nullable integer column): ``opportunity_id, title, rank, score,
        decision`` (final), ``reason`` (plain words), ``rule`` (the rule that decided, see
        :data:`RULES`), ``rule_decision`` and ``rule_reason`` (what the rules say),
        ``override_decision, override_rationale, override_by, override_at`` (blank when not
        overridden), ``contested`` and ``cost_mid, effort_months, team``.

    Raises
    ------
    InputError
        For a scored opportunity unknown to the workshop, an unknown rule setting, or an
        override with an unknown opportunity, an unknown decision, or no rationale or author.
    """
    r = rules_in_force(workshop, rules)
    facts = _facts(scored, workshop, r)
    fixed = check_overrides(overrides, list(facts["opportunity_id"]))
    base = _apply(facts, workshop, r, {})
    final = _apply(facts, workshop, r, {k: v["decision"] for k, v in fixed.items()}) if fixed else base
    rows = []
    for f in facts.itertuples():
        own = base[f.opportunity_id] if f.opportunity_id in fixed else final[f.opportunity_id]
        decision, rule, reason = own
        note = f" {f.contested_note}" if f.contested_note else ""
        row = {"opportunity_id": f.opportunity_id, "title": f.title, "rank": f.rank, "score": f.score,
               "rule": rule, "rule_decision": decision, "rule_reason": reason + note,
               "override_decision": "", "override_rationale": "", "override_by": "", "override_at": "",
               "contested": bool(f.contested_note), "cost_mid": f.cost_mid, "effort_months": f.effort_months,
               "team": f.team}
        o = fixed.get(f.opportunity_id)
        if o:
            when = f" on {o['at']}" if o["at"] else ""
            row |= {"decision": o["decision"], "override_decision": o["decision"],
                    "override_rationale": o["rationale"], "override_by": o["by"], "override_at": o["at"],
                    "reason": f"Override by {o['by']}{when}: {o['rationale']} (the rules said {decision}: "
                              f"{reason[0].lower() + reason[1:]})"}
        else:
            row |= {"decision": decision, "reason": reason + note}
        rows.append(row)
    out = pd.DataFrame(rows, columns=_COLUMNS)
    if out["rank"].isna().any():  # opportunities not yet scored have no rank
        out = out.astype({"rank": "Int64", "score": float})
    return out


def select(workshop: Workshop, which: str = "YES", *, framework: str = "weighted",
           overrides: pd.DataFrame | None = None) -> list[str] | None:
    """Opportunity ids named by a workbook parameter such as ``opportunities: str = "YES"``.

    Parameters
    ----------
    which : str
        ``"all"`` (returns ``None``: every opportunity); one or more decisions separated by
        ``;`` (``"YES"``, ``"YES;NOT NOW"``: decided with :func:`decide` on
        :func:`kit.scoring.priority`); or opportunity ids separated by ``;``.

    Raises
    ------
    InputError
        For an id that is not in the workshop (with the closest id).
    """
    from ..scoring import priority

    parts = [p.strip() for p in str(which).split(";") if p.strip()]
    if not parts or [p.lower() for p in parts] == ["all"]:
        return None
    if all(p.upper() in DECISIONS for p in parts):
        wanted = {p.upper() for p in parts}
        decided = decide(priority(workshop, framework), workshop, overrides)
        return decided.loc[decided["decision"].isin(wanted), "opportunity_id"].tolist()
    ids = workshop.opportunities["id"].tolist()
    unknown = [p for p in parts if p not in ids]
    if unknown:
        raise InputError([Problem("unknown opportunity", column="opportunities", value=u,
                                  hint=did_you_mean(u, ids) + ', or "all", or decisions such as "YES"')
                          for u in unknown])
    return parts


def unscored_left_out(workshop: Workshop, chosen: list[str] | None) -> pd.DataFrame:
    """The opportunities not yet scored on every criterion that a selection leaves out.

    Parameters
    ----------
    workshop : Workshop
    chosen : list of str or None
        What :func:`select` returned (``None``: every opportunity, so none is left out).

    Returns
    -------
    DataFrame
        The rows of :func:`kit.scoring.unscored` not in ``chosen`` (all of them for the
        default ``"YES"``: they are NOT NOW); empty when ``chosen`` is None or the workshop has
        no scores at all. :func:`kit.scoring.unscored_sentence` puts it in words.
    """
    from ..scoring import unscored

    left = unscored(workshop)
    if chosen is None or not len(workshop.scores):
        return left.iloc[:0]
    return left[~left["opportunity_id"].isin(set(chosen))].reset_index(drop=True)


def rules_in_force(workshop: Workshop, rules: Mapping[str, Any] | None) -> dict[str, Any]:
    """The triage settings of the workshop, with ``rules`` replacing some for one call."""
    r = dict(TRIAGE_DEFAULTS) | dict(workshop.settings.triage)
    if rules:
        unknown = [k for k in rules if k not in TRIAGE_DEFAULTS]
        if unknown:
            raise InputError([Problem("unknown triage setting", column="rules", value=k,
                                      hint=did_you_mean(k, list(TRIAGE_DEFAULTS))) for k in unknown])
        r |= {k: v for k, v in rules.items() if v is not None}
    return r


