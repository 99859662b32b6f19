"""What AHP returns: :class:`AhpResult` for one set of judgments, :class:`GroupAhpResult` for a
group, and :func:`revisit_table`, the judgments to revisit in words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .scale import ratio_text

__all__ = ["AhpResult", "GroupAhpResult", "revisit_table"]

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
