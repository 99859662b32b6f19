"""YES / NO / NOT NOW for every opportunity, with a reason a sponsor can read.

The rules are data: the ``triage`` section of ``workshop.yml`` (defaults in
:data:`kit.settings.TRIAGE_DEFAULTS`). They apply in this order; the first that decides wins:

0. An opportunity not yet scored on every criterion (:func:`kit.scoring.unscored`: an idea
   added in the room, or one the group has scored on some criteria only) is not ranked and is
   **NOT NOW** with the reason "not yet scored (k of n criteria)", whatever the other rules
   would say; it takes no budget or capacity. Score it and run the triage again.
1. ``mandatory_yes`` — a mandatory opportunity (``mandatory = yes``) is **YES**: a regulatory
   or contractual obligation. It takes its share of budget and capacity first.
2. ``min_alignment`` — an opportunity whose highest alignment with any goal is below this
   (0-4) is **NO**: it serves no business goal ("no goal alignment").
3. ``score_threshold`` — a score below this is **NO**, naming the weakest criteria. The score
   is ``score_scaled`` from :func:`kit.scoring.priority` (the 0-1 score for weighted and
   TOPSIS; the share of the best score for RICE and WSJF).
4. ``dependency_rule`` — an opportunity that needs another one (``depends_on``) which is NO or
   NOT NOW is **NOT NOW**, naming what it waits for. A prerequisite is decided just before
   the first better-placed opportunity that needs it.
5. ``budget_rule`` and ``capacity_rule`` — the rest, best score first, fill the workshop
   budget (``budget``, mid one-off costs) and each team's capacity in the first
   ``capacity_quarters`` quarters (``capacity`` per quarter × quarters, against
   ``effort_months``). What no longer fits is **NOT NOW**, naming the constraint; what fits is
   **YES**. Smaller items further down may still fit.

An opportunity whose group agreement r_wg is below ``contested_rwg`` keeps its decision but is
marked *contested*, and its reason says where the group is split.

Overrides: a facilitator may change any decision with a rationale. :func:`decide` takes them
as a table (``opportunity_id, decision, rationale, by, at``; the last row per opportunity
wins, as in an append-only log). An override to YES takes budget and capacity like a
mandatory item; an override to NO or NOT NOW frees them for the others. The result keeps the
rules' decision and reason next to the override: it is the decision log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, Problem
from .mapping import ALIGNMENT_LEVELS, SERVES, alignment_matrix
from .settings import TRIAGE_DEFAULTS, did_you_mean
from .text import money, plural
from .workshop import Workshop

__all__ = ["DECISIONS", "OVERRIDE_COLUMNS", "RULES", "check_overrides", "counts", "decide", "read_overrides",
           "resources", "rules_table", "select", "summary_table", "unscored_left_out", "workshop_overrides"]

#: The three answers, in reporting order.
DECISIONS: tuple[str, ...] = ("YES", "NOT NOW", "NO")

#: Columns of an overrides table (``at`` may be blank).
OVERRIDE_COLUMNS: tuple[str, ...] = ("opportunity_id", "decision", "rationale", "by", "at")

#: The rules by id, in the order they apply, with what each decides and why.
RULES: dict[str, str] = {
    "unscored": "NOT NOW: not yet scored on every criterion, so not ranked (k of n criteria named)",
    "mandatory": "YES: mandatory, a regulatory or contractual obligation (setting mandatory_yes)",
    "no_alignment": "NO: serves no business goal (setting min_alignment)",
    "below_threshold": "NO: score below the bar, weakest criteria named (setting score_threshold)",
    "dependency": "NOT NOW: needs an opportunity that is NO or NOT NOW (setting dependency_rule)",
    "budget": "NOT NOW: the budget is used up by better-placed items (setting budget_rule)",
    "capacity": "NOT NOW: the team's capacity is used up by better-placed items (settings capacity_rule, "
                "capacity_quarters)",
    "budget_and_capacity": "NOT NOW: both the budget and the team's capacity are used up",
    "fits": "YES: clears the bar, serves a goal and fits the budget and capacity",
}

_COLUMNS = ["opportunity_id", "title", "rank", "score", "decision", "reason", "rule", "rule_decision",
            "rule_reason", "override_decision", "override_rationale", "override_by", "override_at", "contested",
            "cost_mid", "effort_months", "team"]


def rules_table(workshop: Workshop, rules: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The triage settings in force, in words: ``setting, value, meaning``."""
    r = _rules(workshop, rules)
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
    r = _rules(workshop, rules)
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
    from .scoring import priority

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
    from .scoring import unscored

    left = unscored(workshop)
    if chosen is None or not len(workshop.scores):
        return left.iloc[:0]
    return left[~left["opportunity_id"].isin(set(chosen))].reset_index(drop=True)


def read_overrides(path: str | Path | None) -> pd.DataFrame | None:
    """Read an overrides table (CSV, or the first sheet of an XLSX file); ``None`` for no path.

    Every cell is read as text, so an ``at`` such as ``2027-03-04`` stays as written.

    Raises
    ------
    InputError
        When the file does not exist.
    """
    if path is None or str(path).strip() == "":
        return None
    path = Path(path)
    if not path.exists():
        raise InputError.single("overrides file not found", file=str(path),
                                hint="give a CSV with columns " + ", ".join(OVERRIDE_COLUMNS) + ", or leave it empty")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return pd.read_excel(path, dtype=str).fillna("")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def workshop_overrides(workshop: Workshop, path: str | Path | None = None) -> pd.DataFrame | None:
    """The overrides that count for a workshop: the file at ``path`` when one is given, else the
    workshop's own ``overrides.csv`` followed by the overrides in its contributions store
    (where the override form writes), else None when there are none.
    """
    if path is not None and str(path).strip():
        return read_overrides(path)
    from .store.location import has_store

    own = workshop.path / "overrides.csv"
    frames = [read_overrides(own)] if own.exists() else []
    if has_store(workshop.path):
        from .store.contributions import stored_overrides

        frames.append(stored_overrides(workshop.path))
    frames = [f for f in frames if f is not None and len(f)]
    return pd.concat(frames, ignore_index=True).fillna("") if frames else None


def summary_table(decisions: pd.DataFrame) -> pd.DataFrame:
    """The decisions to show a sponsor: ``rank, opportunity_id, title, decision, reason``, plus
    ``overridden_by`` when any decision was overridden."""
    cols = ["rank", "opportunity_id", "title", "decision", "reason"]
    out = decisions[cols].copy()
    if (decisions["override_decision"].astype(str) != "").any():
        out["overridden_by"] = decisions["override_by"].to_numpy()
    return out


def counts(decisions: pd.DataFrame) -> pd.DataFrame:
    """Decision counts: ``decision, opportunities, cost_mid, effort_months, overridden`` (all three decisions)."""
    g = decisions.assign(overridden=decisions["override_decision"].astype(str) != "").groupby("decision")
    out = g.agg(opportunities=("opportunity_id", "size"), cost_mid=("cost_mid", "sum"),
                effort_months=("effort_months", "sum"), overridden=("overridden", "sum"))
    out = out.reindex(list(DECISIONS), fill_value=0).rename_axis("decision").reset_index()
    return out.astype({"opportunities": int, "overridden": int})


def resources(decisions: pd.DataFrame, workshop: Workshop, *, rules: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """How the budget and each team's capacity are used: what binds.

    Returns
    -------
    DataFrame
        ``resource, unit, available, used_by_yes, asked_by_not_now, share_used`` for the budget
        (when set) and each team with capacity.
    """
    r = _rules(workshop, rules)
    s = workshop.settings
    rows = []
    yes = decisions["decision"] == "YES"
    later = decisions["decision"] == "NOT NOW"
    if s.budget is not None:
        rows.append({"resource": "budget", "unit": s.currency, "available": float(s.budget),
                     "used_by_yes": float(decisions.loc[yes, "cost_mid"].sum()),
                     "asked_by_not_now": float(decisions.loc[later, "cost_mid"].sum())})
    for team, per_quarter in s.capacity.items():
        mine = decisions["team"] == team
        rows.append({"resource": f"{team} team", "unit": "person-months",
                     "available": float(per_quarter) * r["capacity_quarters"],
                     "used_by_yes": float(decisions.loc[yes & mine, "effort_months"].sum()),
                     "asked_by_not_now": float(decisions.loc[later & mine, "effort_months"].sum())})
    out = pd.DataFrame(rows, columns=["resource", "unit", "available", "used_by_yes", "asked_by_not_now"])
    out["share_used"] = out["used_by_yes"] / out["available"].where(out["available"] > 0)
    return out


def _rules(workshop: Workshop, rules: Mapping[str, Any] | None) -> dict[str, Any]:
    r = dict(TRIAGE_DEFAULTS) | dict(workshop.settings.triage)
    if rules:
        unknown = [k for k in rules if k not in TRIAGE_DEFAULTS]
        if unknown:
            raise InputError([Problem("unknown triage setting", column="rules", value=k,
                                      hint=did_you_mean(k, list(TRIAGE_DEFAULTS))) for k in unknown])
        r |= {k: v for k, v in rules.items() if v is not None}
    return r


def _facts(scored: pd.DataFrame, workshop: Workshop, r: Mapping[str, Any]) -> pd.DataFrame:
    """One row per opportunity with everything the rules look at: the scored ones in rank
    order, then those not yet scored on every criterion (``unscored`` holds their reason)."""
    from .scoring import opportunity_agreement

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
    from .scoring import unscored

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


def check_overrides(overrides: Any, ids: list[str]) -> dict[str, dict[str, str]]:
    """The overrides that count, by opportunity: the latest row of each, read as text.

    Raises
    ------
    InputError
        Listing every row with an unknown opportunity, a decision other than YES, NO or NOT
        NOW, or no rationale or author.
    """
    if overrides is None:
        return {}
    table = pd.DataFrame(overrides) if not isinstance(overrides, pd.DataFrame) else overrides
    if table.empty:
        return {}
    missing = [c for c in ("opportunity_id", "decision", "rationale", "by") if c not in table.columns]
    if missing:
        raise InputError.single("overrides lack columns " + ", ".join(missing), file="overrides",
                                hint="columns: " + ", ".join(OVERRIDE_COLUMNS))
    problems, out = [], {}
    for k, row in enumerate(table.to_dict("records"), start=1):
        oid = _text(row.get("opportunity_id"))
        decision = " ".join(_text(row.get("decision")).upper().replace("_", " ").replace("-", " ").split())
        rationale, by, at = _text(row.get("rationale")), _text(row.get("by")), _text(row.get("at"))
        where = {"file": "overrides", "row": k}
        if oid not in ids:
            problems.append(Problem("override for an unknown opportunity", column="opportunity_id", value=oid,
                                    hint=did_you_mean(oid, ids), **where))
        if decision not in DECISIONS:
            problems.append(Problem("override decision must be YES, NO or NOT NOW", column="decision",
                                    value=row.get("decision"), hint="write YES, NO or NOT NOW", **where))
        if not rationale:
            problems.append(Problem("override without a rationale", column="rationale", value=oid,
                                    hint="say why the group decided differently from the rules", **where))
        if not by:
            problems.append(Problem("override without an author", column="by", value=oid,
                                    hint="name who decided (the facilitator or the sponsor)", **where))
        out[oid] = {"decision": decision, "rationale": rationale, "by": by, "at": at}
    if problems:
        raise InputError(problems)
    return out


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return ""
    return str(value).strip()


@dataclass
class _Ledger:
    budget: float | None
    capacity: dict[str, float]
    used_budget: float = 0.0
    budget_items: int = 0

    def __post_init__(self) -> None:
        self.used: dict[str, float] = dict.fromkeys(self.capacity, 0.0)
        self.team_items: dict[str, int] = dict.fromkeys(self.capacity, 0)

    def take(self, cost: float, team: str, effort: float) -> None:
        self.used_budget += cost
        self.budget_items += 1
        if team in self.used:
            self.used[team] += effort
            self.team_items[team] += 1


def _apply(facts: pd.DataFrame, workshop: Workshop, r: Mapping[str, Any],
           fixed: Mapping[str, str]) -> dict[str, tuple[str, str, str]]:
    """Run the rules; ``fixed`` holds overridden decisions the others must live with."""
    s = workshop.settings
    cur = s.currency
    threshold = float(r["score_threshold"])
    quarters = int(r["capacity_quarters"])
    ledger = _Ledger(float(s.budget) if (s.budget is not None and r["budget_rule"]) else None,
                     {t: float(c) * quarters for t, c in s.capacity.items()} if r["capacity_rule"] else {})
    by_id = {f.opportunity_id: f for f in facts.itertuples()}
    out: dict[str, tuple[str, str, str]] = {}
    candidates: list[str] = []
    first: list[str] = []  # decided YES before the fill: mandatory and overridden YES

    for f in facts.itertuples():
        oid = f.opportunity_id
        place = f"score {f.score_scaled:.2f}, rank {f.rank} of {f.n}"
        if oid in fixed:
            out[oid] = (fixed[oid], "override", "")
            if fixed[oid] == "YES":
                first.append(oid)
        elif f.unscored:
            out[oid] = ("NOT NOW", "unscored", f.unscored)
        elif f.mandatory and r["mandatory_yes"]:
            out[oid] = ("YES", "mandatory", f"Mandatory: a regulatory or contractual obligation ({place}). It goes "
                                            "ahead whatever its score and takes its share of budget and capacity first.")
            first.append(oid)
        elif f.max_alignment < float(r["min_alignment"]):
            level = ALIGNMENT_LEVELS.get(int(f.max_alignment), str(f.max_alignment))
            need = ALIGNMENT_LEVELS.get(int(r["min_alignment"]), str(r["min_alignment"]))
            out[oid] = ("NO", "no_alignment", f"Serves no business goal (no goal alignment): its highest alignment "
                                              f"with any goal is {level}, below the minimum of {need}. Ask the "
                                              "sponsor which goal it would move.")
        elif f.score_scaled < threshold:
            weakest = f" Weakest: {f.weakest}." if f.weakest else ""
            out[oid] = ("NO", "below_threshold", f"Score {f.score_scaled:.2f} is below the bar of {threshold:.2f} "
                                                 f"(rank {f.rank} of {f.n}).{weakest}")
        else:
            candidates.append(oid)
    for oid in first:
        f = by_id[oid]
        ledger.take(f.cost_mid, f.team, f.effort_months)

    def settle(oid: str) -> None:
        if oid in out:
            return
        f = by_id[oid]
        if r["dependency_rule"]:
            for dep in f.depends_on:
                if dep in by_id and dep not in out and dep in candidates:
                    settle(dep)
            blockers = [d for d in f.depends_on if d in by_id and out.get(d, ("NO",))[0] != "YES"]
            if blockers:
                words = "; ".join(f"{d} ({by_id[d].title}), which is {out[d][0]}" for d in blockers)
                out[oid] = ("NOT NOW", "dependency", f"Needs {words}. Revisit when "
                                                     f"{' and '.join(blockers)} {'is' if len(blockers) == 1 else 'are'}"
                                                     " approved.")
                return
        place = f"score {f.score_scaled:.2f}, rank {f.rank} of {f.n}"
        short_budget = ledger.budget is not None and ledger.used_budget + f.cost_mid > ledger.budget + 1e-9
        team_cap = ledger.capacity.get(f.team)
        short_team = team_cap is not None and ledger.used[f.team] + f.effort_months > team_cap + 1e-9
        if short_budget or short_team:
            parts = []
            if short_budget:
                left = max(ledger.budget - ledger.used_budget, 0.0)
                parts.append(f"the budget runs out ({money(ledger.budget, cur)}: {_ahead(ledger.budget_items)} "
                             f"{money(ledger.used_budget, cur)}; this needs {money(f.cost_mid, cur)}, "
                             f"{money(left, cur)} is left)")
            if short_team:
                left = max(team_cap - ledger.used[f.team], 0.0)
                parts.append(f"the {f.team} team's capacity runs out ({team_cap:g} person-months in the first {quarters} quarters, "
                             f"{s.capacity[f.team]:g} a quarter: {_ahead(ledger.team_items[f.team])} "
                             f"{ledger.used[f.team]:g}; this needs {f.effort_months:g}, {left:g} left)")
            rule = "budget_and_capacity" if (short_budget and short_team) else "budget" if short_budget else "capacity"
            out[oid] = ("NOT NOW", rule, f"Good enough ({place}), but {' and '.join(parts)}.")
            return
        ledger.take(f.cost_mid, f.team, f.effort_months)
        serves = f"; serves {f.serves}" if f.serves else ""
        fits = []
        if ledger.budget is not None:
            fits.append("the budget")
        if team_cap is not None:
            fits.append(f"the {f.team} team's capacity")
        fit_words = f"; fits {' and '.join(fits)}" if fits else ""
        out[oid] = ("YES", "fits", f"Score {f.score_scaled:.2f} clears the bar of {threshold:.2f} (rank {f.rank} "
                                   f"of {f.n}){serves}{fit_words}.")

    for oid in candidates:
        settle(oid)
    return out


def _ahead(n: int) -> str:
    """``"2 items ahead of it take"``, ``"1 item ahead of it takes"``."""
    return f"{plural(n, 'item')} ahead of it {'takes' if n == 1 else 'take'}"
