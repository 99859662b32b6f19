"""Weights from pairwise comparisons (AHP): consistency, incomplete judgments, group AHP.

A judgment ``(a, b, ratio)`` says "a is ``ratio`` times as important as b" on Saaty's 1-9
scale (1/3 means b is moderately more important). Weights are the principal (Perron)
eigenvector of the reciprocal matrix, normalised to sum to 1 (Saaty 1980).

Incomplete judgments are allowed when the comparison graph is connected: a missing pair is
left out of Harker's matrix (missing entries 0, each diagonal entry 1 + the number of pairs
missing in its row; Harker 1987), whose principal eigenvector is the weight vector; this is
also the eigenvector of the matrix completed with ``w_i / w_j`` for every missing pair, so
``lambda_max`` and the consistency ratio are those of that completed matrix (see Bozóki,
Fülöp & Rónyai 2010 on completing incomplete pairwise comparison matrices).

Group judgments are aggregated by the geometric mean of individual judgments (AIJ; Forman &
Peniwati 1998), which keeps the aggregate reciprocal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import text
from .errors import InputError, Problem
from .workshop import Workshop

__all__ = [
    "CONSISTENCY_LIMIT",
    "RANDOM_INDEX",
    "SAATY_SCALE",
    "AhpResult",
    "GroupAhpResult",
    "criteria_weights",
    "goal_weights",
    "group_weights",
    "latest_judgments",
    "nearest_saaty",
    "random_index",
    "ratio_text",
    "ratio_words",
    "revisit_table",
    "weights",
]

#: A consistency ratio at or above this asks for judgments to be revisited (Saaty 1980).
CONSISTENCY_LIMIT = 0.10

#: Random consistency indices by matrix size, per table.
#: ``saaty``: Saaty (1980), *The Analytic Hierarchy Process*, n = 3..10 (0.58 ... 1.49), and
#: the values for n = 11..15 printed with the same table in later editions.
#: ``donegan-dodd``: Donegan & Dodd (1991), "A note on Saaty's random indexes",
#: *Mathematical and Computer Modelling* 15(10), 135-137, from 100,000 random matrices per size.
RANDOM_INDEX: dict[str, dict[int, float]] = {
    "saaty": {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45,
              10: 1.49, 11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59},
    "donegan-dodd": {1: 0.0, 2: 0.0, 3: 0.4914, 4: 0.8286, 5: 1.0591, 6: 1.1797, 7: 1.2519,
                     8: 1.3171, 9: 1.3733, 10: 1.4055, 11: 1.4213, 12: 1.4497, 13: 1.4643,
                     14: 1.4822, 15: 1.4969, 16: 1.5078, 17: 1.5153, 18: 1.5262, 19: 1.5313,
                     20: 1.5371},
}

#: The values a person can give on Saaty's scale.
SAATY_SCALE: tuple[float, ...] = tuple([1 / k for k in range(9, 1, -1)] + list(range(1, 10)))

_WORDS = {1: "equally important as", 2: "equally to moderately more important than",
          3: "moderately more important than", 4: "moderately to strongly more important than",
          5: "strongly more important than", 6: "strongly to very strongly more important than",
          7: "very strongly more important than", 8: "very to extremely more important than",
          9: "extremely more important than"}

# A judgment is listed for revisiting when it is this factor away from what the rest imply.
_REVISIT_FACTOR = 1.25
_TOP_REVISIT = 3

_JUDGMENT_COLUMNS = ["a", "b", "ratio", "implied_ratio", "suggested_ratio", "off_by_factor",
                     "cr_if_revised", "said", "rest_imply"]


@dataclass(frozen=True)
class AhpResult:
    """Weights and consistency of one set of pairwise judgments.

    Attributes
    ----------
    weights : pandas.Series
        Weight per item (index: item labels), summing to 1.
    lambda_max : float
        Principal eigenvalue (of the completed matrix when judgments are incomplete).
    consistency_index : float
        ``(lambda_max - n) / (n - 1)``.
    consistency_ratio : float
        Consistency index divided by the random index for ``n`` items (0 for n <= 2).
    is_consistent : bool
        ``consistency_ratio < 0.10``.
    most_inconsistent : pandas.DataFrame
        The judgments to revisit first (at most three, worst first; empty when all judgments
        agree with each other): ``a, b, ratio`` as given, ``implied_ratio`` (what the *other*
        judgments imply for this pair), ``suggested_ratio`` (the nearest value on Saaty's scale),
        ``off_by_factor`` (how far the given ratio is from the implied one, >= 1),
        ``cr_if_revised`` (the consistency ratio after changing only this judgment to the
        suggested value), and ``said`` / ``rest_imply`` (the judgment and what the rest
        imply, in words).
    judgments : pandas.DataFrame
        Every judgment given, with the same columns, worst first.
    matrix : pandas.DataFrame
        The reciprocal matrix, completed with ``w_i / w_j`` where a pair was not judged.
    missing : int
        Number of pairs not judged.
    random_index : float
        The random index used.
    ri_table : str
        Name of the random index table.
    """

    weights: pd.Series
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    is_consistent: bool
    most_inconsistent: pd.DataFrame
    judgments: pd.DataFrame
    matrix: pd.DataFrame
    missing: int = 0
    random_index: float = 0.0
    ri_table: str = "saaty"

    @property
    def items(self) -> list[str]:
        """Item labels in matrix order."""
        return [str(i) for i in self.weights.index]

    def summary(self) -> str:
        """One sentence: the top item and the consistency verdict."""
        top = self.weights.idxmax()
        verdict = "consistent" if self.is_consistent else "inconsistent: revisit the judgments listed"
        return (f"{top} weighs most ({self.weights.max():.0%}); consistency ratio "
                f"{self.consistency_ratio:.3f} ({verdict}).")


@dataclass(frozen=True)
class GroupAhpResult:
    """Group weights by the geometric mean of individual judgments (AIJ), and each person's own.

    Attributes
    ----------
    weights : pandas.Series
        Group weight per item, summing to 1.
    group : AhpResult
        The full result for the aggregated matrix.
    participants : pandas.DataFrame
        Long form ``participant, item, weight`` (each participant's own weights; NaN for a
        participant whose judgments do not connect every item).
    consistency : pandas.DataFrame
        One row per participant: ``participant, judgments, lambda_max, consistency_ratio,
        is_consistent, flagged, included, note``. ``flagged`` is CR >= 0.10; ``included`` says
        whether the participant's judgments entered the group weights.
    revisit : pandas.DataFrame
        The judgments each flagged participant should revisit first: ``participant`` plus the
        columns of :attr:`AhpResult.most_inconsistent`.
    """

    weights: pd.Series
    group: AhpResult
    participants: pd.DataFrame
    consistency: pd.DataFrame
    revisit: pd.DataFrame
    excluded: tuple[str, ...] = field(default_factory=tuple)
    names: dict[str, str] = field(default_factory=dict)
    label: str = "Group (geometric mean)"

    @property
    def flagged(self) -> list[str]:
        """Participants whose consistency ratio is 0.10 or more."""
        return self.consistency.loc[self.consistency["flagged"], "participant"].tolist()

    def frame(self) -> pd.DataFrame:
        """Group and individual weights together, long form, for charts.

        Returns
        -------
        DataFrame
            ``who, item, item_name, weight, consistency_ratio, flagged, label`` where
            ``label`` reads like "Jonas Eklund · CR 0.42" and the group comes first.
        """
        group = pd.DataFrame({"who": self.label, "item": self.weights.index,
                              "weight": self.weights.to_numpy(),
                              "consistency_ratio": self.group.consistency_ratio, "flagged": False})
        info = self.consistency.set_index("participant")
        people = self.participants.rename(columns={"participant": "who"})
        people = people.assign(consistency_ratio=people["who"].map(info["consistency_ratio"]),
                               flagged=people["who"].map(info["flagged"]).astype(bool))
        out = pd.concat([group, people], ignore_index=True)
        out["item_name"] = out["item"].map(lambda i: self.names.get(i, i))
        out["label"] = [w if self.consistency.empty else f"{w} · CR {c:.2f}" if pd.notna(c) else f"{w} · CR n/a"
                        for w, c in zip(out["who"], out["consistency_ratio"], strict=True)]
        return out[["who", "item", "item_name", "weight", "consistency_ratio", "flagged", "label"]]


# --- public functions -----------------------------------------------------------------------


def random_index(n: int, ri: str = "saaty") -> float:
    """The random consistency index for ``n`` items from table ``ri``.

    Parameters
    ----------
    n : int
        Number of items compared.
    ri : {"saaty", "donegan-dodd"}
        The table; ``"saaty"`` (Saaty 1980) is the default everywhere in the kit.

    Raises
    ------
    InputError
        For an unknown table, or ``n`` beyond the table.
    """
    table = RANDOM_INDEX.get(str(ri).lower())
    if table is None:
        raise InputError.single("unknown random index table", column="ri", value=ri,
                                hint="use 'saaty' (the default) or 'donegan-dodd'")
    if n not in table:
        hint = "the 'donegan-dodd' table goes up to 20 items" if ri == "saaty" else \
            "split the items into groups of at most 20 (a hierarchy) and compare within each"
        raise InputError.single(f"no random index for {n} items in the '{ri}' table",
                                column="ri", value=n, hint=hint)
    return table[n]


def nearest_saaty(ratio: Any) -> Any:
    """The value on Saaty's scale (1/9 ... 9) closest to ``ratio`` on a log scale (elementwise)."""
    scale = np.asarray(SAATY_SCALE)
    r = np.asarray(ratio, dtype=float)
    found = scale[np.argmin(np.abs(np.log(scale) - np.log(r)[..., None]), axis=-1)]
    return float(found) if found.ndim == 0 else found


def ratio_text(ratio: float) -> str:
    """A ratio as a person writes it on Saaty's scale: ``"3"``, ``"1/3"`` (nearest scale value)."""
    return text.ratio(nearest_saaty(ratio))


def revisit_table(result: GroupAhpResult | AhpResult) -> pd.DataFrame:
    """The judgments to revisit, in words, ready to show to the group.

    Returns
    -------
    DataFrame
        ``participant`` (group results only), ``pair``, ``they_said``, ``the_rest_imply``,
        ``try`` (the value on Saaty's scale that would fit the rest, as a person writes it)
        and ``cr_if_revised``.
    """
    frame = result.revisit if isinstance(result, GroupAhpResult) else result.most_inconsistent
    names = result.names if isinstance(result, GroupAhpResult) else {}
    out = pd.DataFrame({
        "pair": [f"{names.get(a, a)} vs {names.get(b, b)}" for a, b in zip(frame["a"], frame["b"], strict=True)],
        "they_said": frame["said"].to_numpy(), "the_rest_imply": frame["rest_imply"].to_numpy(),
        "try": [ratio_text(x) if pd.notna(x) else "" for x in frame["suggested_ratio"]],
        "cr_if_revised": frame["cr_if_revised"].to_numpy(dtype=float)})
    if "participant" in frame:
        out.insert(0, "participant", frame["participant"].to_numpy())
    return out


def ratio_words(a: str, b: str, ratio: float) -> str:
    """A judgment in words, e.g. ``"market_share is moderately more important than productivity"``."""
    r = nearest_saaty(ratio)
    if r < 1:
        a, b, r = b, a, 1 / r
    return f"{a} is {_WORDS[round(r)]} {b}"


def weights(judgments: pd.DataFrame | np.ndarray, ri: str = "saaty", *,
            labels: Sequence[str] | None = None) -> AhpResult:
    """Weights and consistency from one person's (or one aggregated) pairwise judgments.

    Parameters
    ----------
    judgments : DataFrame or ndarray
        Either a square reciprocal matrix (a DataFrame whose index and columns are the item
        labels, or an ndarray with ``labels``), where entry ``[i, j]`` says how many times item
        i is as important as item j and NaN (or 0) marks a pair not judged; or a long frame
        with columns ``a, b, ratio``.
    ri : {"saaty", "donegan-dodd"}
        Random index table for the consistency ratio. The default is ``"saaty"`` (Saaty
        1980: 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49 for n = 3..10);
        ``"donegan-dodd"`` is Donegan & Dodd (1991). See :data:`RANDOM_INDEX`.
    labels : sequence of str, optional
        Item labels for an ndarray; for a long frame, the full list of items (so an item
        nobody compared is reported rather than silently dropped) and their order.

    Returns
    -------
    AhpResult

    Raises
    ------
    InputError
        For non-positive or non-reciprocal entries, a pair judged twice with different ratios,
        or judgments that do not connect every item (naming the unconnected items).

    Examples
    --------
    >>> r = weights(pd.DataFrame({"a": ["x"], "b": ["y"], "ratio": [3.0]}))
    >>> round(r.weights["x"], 2)
    0.75
    """
    items, matrix = _as_matrix(judgments, labels)
    return _solve(items, matrix, ri)


def group_weights(pairwise: pd.DataFrame, items: Sequence[str] | None = None, *,
                  ri: str = "saaty", exclude: Iterable[str] = (),
                  names: Mapping[str, str] | None = None) -> GroupAhpResult:
    """Group weights from several participants' judgments, with each participant's own.

    Parameters
    ----------
    pairwise : DataFrame
        Long form ``participant, a, b, ratio`` (the workshop's ``pairwise`` table).
    items : sequence of str, optional
        The items to weigh, in order (default: every item that appears).
    ri : {"saaty", "donegan-dodd"}
        Random index table; default ``"saaty"``.
    exclude : iterable of str
        Participants whose judgments are left out of the group weights (for example those
        flagged as inconsistent, after the group agreed to); they still get their own row.
    names : mapping item -> display name, optional
        Used in the judgments put into words and in :meth:`GroupAhpResult.frame`.

    Returns
    -------
    GroupAhpResult
        Group weights by the geometric mean of individual judgments (AIJ), each pair averaged
        over the participants who judged it; every participant's own weights and consistency
        ratio, flagged when CR >= 0.10, and the judgments each flagged person should revisit.

    Raises
    ------
    InputError
        When columns are missing, a ratio is not a positive number, ``exclude`` names an
        unknown participant, or the pooled judgments do not connect every item. A participant
        who judged a pair more than once counts with their latest judgment.
    """
    missing = [c for c in ("participant", "a", "b", "ratio") if c not in pairwise.columns]
    if missing:
        raise InputError.single("pairwise judgments lack columns " + ", ".join(missing),
                                hint="expected columns participant, a, b, ratio")
    frame = pairwise[["participant", "a", "b", "ratio"]].copy()
    frame["participant"] = frame["participant"].astype(str)
    frame = latest_judgments(frame)
    items = _item_list(frame, items)
    people = list(dict.fromkeys(frame["participant"]))
    exclude = tuple(dict.fromkeys(str(p) for p in exclude))
    unknown = [p for p in exclude if p not in people]
    if unknown:
        from .settings import did_you_mean

        raise InputError([Problem("excluded participant made no judgments", column="exclude", value=p,
                                  hint=did_you_mean(p, people)) for p in unknown])
    if not people:
        raise InputError.single("no pairwise judgments", hint="participants compare items in pairs first")
    index = {item: k for k, item in enumerate(items)}
    n = len(items)
    logs = np.zeros((len(people), n, n))
    known = np.zeros((len(people), n, n), dtype=bool)
    problems: list[Problem] = []
    for p, (person, rows) in enumerate(frame.groupby("participant", sort=False)):
        p = people.index(person)
        log_p, known_p, found = _fill(rows, index, who=person)
        problems += found
        logs[p], known[p] = log_p, known_p
    if problems:
        raise InputError(problems)

    use = np.array([p not in exclude for p in people])
    count = known[use].sum(axis=0)
    mean_log = np.divide(logs[use].sum(axis=0), count, out=np.zeros((n, n)), where=count > 0)
    names = dict(names or {})
    group = _solve_logs(items, mean_log, count > 0, ri, names)

    rows_w, rows_c, rows_r = [], [], []
    for p, person in enumerate(people):
        unconnected = _unconnected(known[p], items)
        n_judged = int(np.triu(known[p], 1).sum())
        if unconnected:
            rows_c.append({"participant": person, "judgments": n_judged, "lambda_max": np.nan,
                           "consistency_ratio": np.nan, "is_consistent": False, "flagged": False,
                           "included": bool(use[p]),
                           "note": "judgments do not connect " + ", ".join(unconnected)})
            rows_w.append(pd.DataFrame({"participant": person, "item": items, "weight": np.nan}))
            continue
        own = _solve_logs(items, logs[p], known[p], ri, names)
        flagged = own.consistency_ratio >= CONSISTENCY_LIMIT
        rows_c.append({"participant": person, "judgments": n_judged, "lambda_max": own.lambda_max,
                       "consistency_ratio": own.consistency_ratio, "is_consistent": own.is_consistent,
                       "flagged": bool(flagged), "included": bool(use[p]),
                       "note": "inconsistent: revisit the judgments listed" if flagged else ""})
        rows_w.append(pd.DataFrame({"participant": person, "item": items,
                                    "weight": own.weights.to_numpy()}))
        if flagged and len(own.most_inconsistent):
            rows_r.append(own.most_inconsistent.assign(participant=person))
    revisit = (pd.concat(rows_r, ignore_index=True)[["participant", *_JUDGMENT_COLUMNS]] if rows_r
               else pd.DataFrame(columns=["participant", *_JUDGMENT_COLUMNS]))
    return GroupAhpResult(weights=group.weights, group=group,
                          participants=pd.concat(rows_w, ignore_index=True),
                          consistency=pd.DataFrame(rows_c), revisit=revisit, excluded=exclude, names=names)


def goal_weights(workshop: Workshop, *, ri: str = "saaty", exclude: Iterable[str] = (),
                 equal_if_none: bool = False) -> GroupAhpResult:
    """The group's goal weights from the workshop's pairwise judgments of goals.

    Rows of ``workshop.pairwise`` that compare two goals are used (rows comparing criteria
    are for criteria weights); the items are the workshop's goals in ``workshop.yml`` order.

    Parameters
    ----------
    workshop : Workshop
    ri : {"saaty", "donegan-dodd"}
        Random index table; default ``"saaty"``.
    exclude : iterable of str
        Participants left out of the group weights.
    equal_if_none : bool
        When nobody compared goals, return equal weights (labelled so in :meth:`~GroupAhpResult.frame`,
        with no participants) instead of raising: what :func:`kit.scoring.priority` uses then.

    Raises
    ------
    InputError
        When no one compared goals (unless ``equal_if_none``), or a goal is compared with nothing.
    """
    goals = workshop.settings.goal_ids
    pw = workshop.pairwise
    if equal_if_none and not (len(pw) and (pw["a"].isin(goals) & pw["b"].isin(goals)).any()):
        names = {g.id: g.name for g in workshop.settings.goals}
        group = weights(np.ones((len(goals), len(goals))), ri, labels=goals)
        return GroupAhpResult(
            weights=pd.Series(1 / len(goals), index=goals), group=group,
            participants=pd.DataFrame(columns=["participant", "item", "weight"]),
            consistency=pd.DataFrame(columns=["participant", "judgments", "lambda_max", "consistency_ratio",
                                              "is_consistent", "flagged", "included", "note"]),
            revisit=pd.DataFrame(columns=["participant", *_JUDGMENT_COLUMNS]), names=names,
            label="Equal weights (nobody compared the goals yet)")
    return _weights_for(workshop, goals, "goals", ri=ri, exclude=exclude)


def criteria_weights(workshop: Workshop, *, ri: str = "saaty", exclude: Iterable[str] = ()) -> GroupAhpResult:
    """The group's criteria weights from pairwise judgments of criteria (when the group made them).

    Rows of ``workshop.pairwise`` comparing two criteria are used; pass the result's
    ``weights`` to :func:`kit.scoring.priority` as ``criteria_weights`` to use them instead
    of the ``weight`` of each criterion in ``workshop.yml``.

    Raises
    ------
    InputError
        When no one compared criteria, or a criterion is compared with nothing.
    """
    return _weights_for(workshop, workshop.settings.criterion_ids, "criteria", ri=ri, exclude=exclude)


# --- internals ------------------------------------------------------------------------------


def _weights_for(workshop: Workshop, ids: list[str], what: str, *, ri: str,
                 exclude: Iterable[str]) -> GroupAhpResult:
    pw = workshop.pairwise
    if len(pw):
        pw = pw[pw["a"].isin(ids) & pw["b"].isin(ids)]
    if not len(pw):
        raise InputError.single(f"no pairwise judgments of {what}", file="pairwise.csv",
                                hint=f"add rows 'participant, a, b, ratio' comparing the {what} "
                                     "(or score without them: the kit then weighs them equally)")
    names = {g.id: g.name for g in (*workshop.settings.goals, *workshop.settings.criteria)}
    return group_weights(pw, ids, ri=ri, exclude=exclude, names=names)


def latest_judgments(frame: pd.DataFrame) -> pd.DataFrame:
    """Each participant's latest judgment of each pair (either way round), in file order: a
    participant who compares a pair again, in the scoring app or in a later row, replaces the
    earlier judgment, as for scores and maturity answers. ``frame`` has ``participant, a, b``."""
    a, b = frame["a"].astype(str), frame["b"].astype(str)
    low, high = a.where(a <= b, b), b.where(a <= b, a)
    key = pd.DataFrame({"participant": frame["participant"], "low": low, "high": high})
    return frame[~key.duplicated(keep="last")]


def _item_list(frame: pd.DataFrame, items: Sequence[str] | None) -> list[str]:
    found = list(dict.fromkeys([*map(str, frame["a"]), *map(str, frame["b"])]))
    if items is None:
        return found
    items = [str(i) for i in items]
    strangers = [i for i in found if i not in items]
    if strangers:
        from .settings import did_you_mean

        raise InputError([Problem("judgment names an unknown item", column="a/b", value=s,
                                  hint=did_you_mean(s, items)) for s in strangers])
    return items


def _fill(rows: pd.DataFrame, index: dict[str, int], who: str = "") -> tuple[np.ndarray, np.ndarray, list[Problem]]:
    """Log-ratio matrix and known-mask from long rows; problems for bad or conflicting rows."""
    n = len(index)
    logs = np.zeros((n, n))
    known = np.zeros((n, n), dtype=bool)
    problems: list[Problem] = []
    by = f"{who}: " if who else ""
    for a, b, ratio in rows[["a", "b", "ratio"]].itertuples(index=False):
        a, b = str(a), str(b)
        try:
            r = float(ratio)
        except (TypeError, ValueError):
            r = np.nan
        if not np.isfinite(r) or r <= 0:
            problems.append(Problem(f"{by}ratio of {a} to {b} must be a positive number", column="ratio",
                                    value=ratio, hint="1 (equal) to 9, or 1/3, 1/5 ... when b matters more"))
            continue
        if a == b:
            problems.append(Problem(f"{by}compares {a} with itself", column="b", value=b, hint="a and b must differ"))
            continue
        i, j = index[a], index[b]
        if known[i, j] and not np.isclose(logs[i, j], np.log(r), atol=0.02):
            problems.append(Problem(f"{by}judged {a} against {b} twice, differently", column="ratio", value=ratio,
                                    hint=f"keep one judgment (the other says {np.exp(logs[i, j]):.3g})"))
            continue
        logs[i, j], logs[j, i] = np.log(r), -np.log(r)
        known[i, j] = known[j, i] = True
    return logs, known, problems


def _as_matrix(judgments: Any, labels: Sequence[str] | None) -> tuple[list[str], np.ndarray]:
    """Items and a square matrix with NaN where a pair was not judged."""
    if isinstance(judgments, pd.DataFrame) and {"a", "b", "ratio"} <= set(judgments.columns):
        if "participant" in judgments.columns and judgments["participant"].nunique() > 1:
            raise InputError.single("judgments of several participants given to weights()",
                                    value=", ".join(map(str, judgments["participant"].unique()[:5])),
                                    hint="use kit.ahp.group_weights for a group, or filter one participant")
        items = _item_list(judgments, labels)
        logs, known, problems = _fill(judgments, {item: k for k, item in enumerate(items)})
        if problems:
            raise InputError(problems)
        matrix = np.where(known, np.exp(logs), np.nan)
        np.fill_diagonal(matrix, 1.0)
        return items, matrix
    if isinstance(judgments, pd.DataFrame):
        if list(map(str, judgments.index)) != list(map(str, judgments.columns)):
            raise InputError.single("a judgment matrix needs the same labels on rows and columns",
                                    value=f"rows {list(judgments.index)[:4]}, columns {list(judgments.columns)[:4]}",
                                    hint="or give a long frame with columns a, b, ratio")
        items = [str(c) for c in judgments.columns]
        values = judgments.to_numpy(dtype=float)
    else:
        values = np.asarray(judgments, dtype=float)
        if values.ndim != 2 or values.shape[0] != values.shape[1]:
            raise InputError.single("a judgment matrix must be square", value=str(values.shape))
        items = [str(x) for x in labels] if labels is not None else [f"item_{k + 1}" for k in range(len(values))]
        if len(items) != len(values):
            raise InputError.single("labels do not match the matrix size",
                                    value=f"{len(items)} labels, {len(values)} rows")
    return items, _check_matrix(items, values)


def _check_matrix(items: list[str], values: np.ndarray) -> np.ndarray:
    m = values.copy()
    m[m == 0] = np.nan
    np.fill_diagonal(m, 1.0)
    problems = []
    bad = np.argwhere(~np.isnan(m) & ~(m > 0) | np.isinf(m))
    for i, j in bad:
        problems.append(Problem(f"ratio of {items[i]} to {items[j]} must be a positive number",
                                value=values[i, j]))
    if problems:
        raise InputError(problems)
    upper = ~np.isnan(m) & np.isnan(m.T)
    i, j = np.nonzero(upper)
    m[j, i] = 1 / m[i, j]  # fill reciprocals where only one triangle is given
    both = ~np.isnan(m)
    off = both & (np.abs(m * m.T - 1) > 0.02)
    for i, j in np.argwhere(np.triu(off, 1)):
        problems.append(Problem(f"judgments of {items[i]} and {items[j]} are not reciprocal",
                                value=f"{m[i, j]:.4g} and {m[j, i]:.4g}",
                                hint=f"entry [{items[j]}, {items[i]}] must be 1 / entry [{items[i]}, {items[j]}]"))
    if problems:
        raise InputError(problems)
    return m


def _unconnected(known: np.ndarray, items: list[str]) -> list[str]:
    """Items not reachable from the first item through judged pairs (empty when connected)."""
    n = len(items)
    seen = np.zeros(n, dtype=bool)
    seen[0] = True
    frontier = [0]
    while frontier:
        nxt = np.flatnonzero(known[frontier].any(axis=0) & ~seen)
        seen[nxt] = True
        frontier = list(nxt)
    if seen.all():
        return []
    # name the smaller side(s): the items outside the largest connected group
    groups = _components(known)
    biggest = max(groups, key=len)
    return [items[k] for g in groups if g is not biggest for k in g]


def _components(known: np.ndarray) -> list[list[int]]:
    n = len(known)
    label = -np.ones(n, dtype=int)
    groups = []
    for start in range(n):
        if label[start] >= 0:
            continue
        label[start] = len(groups)
        stack, group = [start], []
        while stack:
            k = stack.pop()
            group.append(k)
            for j in np.flatnonzero(known[k] & (label < 0)):
                label[j] = len(groups)
                stack.append(int(j))
        groups.append(sorted(group))
    return groups


def _solve(items: list[str], matrix: np.ndarray, ri: str) -> AhpResult:
    known = ~np.isnan(matrix)
    np.fill_diagonal(known, False)
    logs = np.where(known, np.log(np.where(known, matrix, 1.0)), 0.0)
    return _solve_logs(items, logs, known, ri)


def _harker(logs: np.ndarray, known: np.ndarray) -> np.ndarray:
    """Harker's matrix (stacked): judged entries, 0 where missing, diagonal 1 + missing in row."""
    n = logs.shape[-1]
    off = ~np.eye(n, dtype=bool)
    h = np.where(known & off, np.exp(logs), 0.0)
    missing = (~known & off).sum(axis=-1)
    idx = np.arange(n)
    h[..., idx, idx] = 1.0 + missing
    return h


def _principal(matrices: np.ndarray, tol: float = 1e-13, max_iter: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """Perron eigenvalue and normalised eigenvector of each matrix in a stack (..., n, n).

    Power iteration, vectorised over the stack (the matrices are positive, or non-negative with
    a positive diagonal and connected, so they are primitive and it converges); any matrix
    that has not converged falls back to a full eigen decomposition.
    """
    shape = matrices.shape[:-2]
    n = matrices.shape[-1]
    a = matrices.reshape(-1, n, n)
    x = np.full((a.shape[0], n), 1.0 / n)
    done = np.zeros(a.shape[0], dtype=bool)
    for _ in range(max_iter):
        y = np.einsum("kij,kj->ki", a, x)
        y /= y.sum(axis=1, keepdims=True)
        done = np.abs(y - x).max(axis=1) < tol
        x = y
        if done.all():
            break
    if not done.all():
        values, vectors = np.linalg.eig(a[~done])
        k = np.argmax(values.real, axis=-1)
        vec = np.abs(np.take_along_axis(vectors.real, k[:, None, None], axis=-1)[..., 0])
        x[~done] = vec / vec.sum(axis=-1, keepdims=True)
    lam = np.einsum("kij,kj->k", a, x)  # x sums to 1, so the sum of A·x is lambda
    return lam.reshape(shape), x.reshape(*shape, n)


def _cr(lam: np.ndarray | float, n: int, ri_value: float) -> np.ndarray | float:
    ci = np.maximum((lam - n) / (n - 1), 0.0) if n > 2 else lam * 0.0
    return ci / ri_value if ri_value > 0 else ci * 0.0


def _solve_logs(items: list[str], logs: np.ndarray, known: np.ndarray, ri: str,
                names: Mapping[str, str] | None = None) -> AhpResult:
    n = len(items)
    ri_value = random_index(n, ri)
    if n == 1:
        w = pd.Series([1.0], index=items, name="weight")
        empty = pd.DataFrame(columns=_JUDGMENT_COLUMNS)
        return AhpResult(w, 1.0, 0.0, 0.0, True, empty, empty, pd.DataFrame([[1.0]], index=items, columns=items),
                         0, ri_value, ri)
    unconnected = _unconnected(known, items)
    if unconnected:
        raise InputError.single(
            "the pairwise judgments do not connect every item", value=", ".join(unconnected),
            hint="compare each of these with at least one of the other items: "
                 "weights need every item linked to the rest by some chain of comparisons")
    lam, w = _principal(_harker(logs, known))
    lam = float(lam)
    completed = np.where(known, np.exp(logs), w[:, None] / w[None, :])
    np.fill_diagonal(completed, 1.0)
    ci = max((lam - n) / (n - 1), 0.0) if n > 2 else 0.0
    cr = float(_cr(lam, n, ri_value))
    judgments = _judgments(items, logs, known, ri_value, names or {})
    worth = (judgments["off_by_factor"] > _REVISIT_FACTOR) & ~np.isclose(judgments["suggested_ratio"], judgments["ratio"])
    worst = judgments[worth].head(_TOP_REVISIT).reset_index(drop=True)
    return AhpResult(
        weights=pd.Series(w, index=items, name="weight"), lambda_max=lam, consistency_index=float(ci),
        consistency_ratio=cr, is_consistent=bool(cr < CONSISTENCY_LIMIT), most_inconsistent=worst,
        judgments=judgments, matrix=pd.DataFrame(completed, index=items, columns=items),
        missing=int(np.triu(~known, 1).sum()), random_index=ri_value, ri_table=ri)


def _judgments(items: list[str], logs: np.ndarray, known: np.ndarray, ri_value: float,
               names: Mapping[str, str]) -> pd.DataFrame:
    """Every judged pair with what the other judgments imply for it, all leave-one-out at once."""
    n = len(items)
    pairs = np.argwhere(np.triu(known, 1))
    m = len(pairs)
    if m == 0:
        return pd.DataFrame(columns=_JUDGMENT_COLUMNS)
    i, j = pairs[:, 0], pairs[:, 1]
    stack = np.repeat(known[None], m, axis=0)
    stack[np.arange(m), i, j] = stack[np.arange(m), j, i] = False
    # a judgment that is the only link between two groups has nothing to be checked against
    bridge = np.array([bool(_unconnected(stack[k], items)) for k in range(m)]) if m < n * (n - 1) / 2 \
        else np.zeros(m, dtype=bool)
    _, w_rest = _principal(_harker(np.repeat(logs[None], m, axis=0), stack))
    implied = w_rest[np.arange(m), i] / w_rest[np.arange(m), j]
    given = np.exp(logs[i, j])
    suggested = nearest_saaty(implied)
    # consistency after changing only this judgment to the suggested value
    revised = np.repeat(logs[None], m, axis=0)
    revised[np.arange(m), i, j] = np.log(suggested)
    revised[np.arange(m), j, i] = -np.log(suggested)
    lam_rev, _ = _principal(_harker(revised, np.repeat(known[None], m, axis=0)))
    factor = np.exp(np.abs(np.log(given) - np.log(implied)))
    out = pd.DataFrame({
        "a": [items[k] for k in i], "b": [items[k] for k in j], "ratio": given,
        "implied_ratio": np.where(bridge, np.nan, implied), "suggested_ratio": np.where(bridge, np.nan, suggested),
        "off_by_factor": np.where(bridge, 1.0, factor),
        "cr_if_revised": np.where(bridge, np.nan, _cr(lam_rev, n, ri_value))})
    a_names, b_names = out["a"].map(lambda x: names.get(x, x)), out["b"].map(lambda x: names.get(x, x))
    out["said"] = [ratio_words(a, b, r) for a, b, r in zip(a_names, b_names, out["ratio"], strict=True)]
    out["rest_imply"] = [ratio_words(a, b, r) if np.isfinite(r) else "" for a, b, r in
                         zip(a_names, b_names, out["implied_ratio"], strict=True)]
    return out.sort_values("off_by_factor", ascending=False, kind="stable").reset_index(drop=True)
