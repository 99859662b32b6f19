"""Calibration: how often actuals landed inside their estimates' 90% intervals, and by how much
estimates missed, overall and by sponsor or business unit.

Hubbard (*How to Measure Anything*): a calibrated estimator's 90% intervals hold the truth
about 9 times in 10. Every actual due is one *check* (a driver reported each quarter counts
four times a year): the share of checks inside their period's interval, and the average
**bias**, realised / estimated mid-point (1.0: unbiased; 0.6: delivers 60% of what it
promises). A group's intervals are called *too narrow* when so few checks landed inside that a
calibrated group would do as badly less than 5 times in 100 (a one-sided binomial test); a
bias more than 15% from 1 is called over-optimistic or over-cautious.

What a group's next estimates should learn (:mod:`kit.benefits.recalibration`) is decided here
too, so the table's advice and the recalibration agree: **shift** by the bias when it is called
out (else 1), then **widen**, when the intervals are called too narrow, by the smallest factor
(1 to :data:`MAX_WIDEN`) that would have put 9 in 10 of the group's actuals inside their
shifted intervals: the 90th percentile of ``|value - shift * mid| / (shift * half-width)``. A
group whose ranges missed only because they were off-centre is shifted, not widened.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from ..settings import did_you_mean
from ..text import percent, plural

__all__ = ["BIAS_LIMITS", "BIAS_TOLERANCE", "GROUPINGS", "MAX_WIDEN", "MIN_CHECKS", "calibration",
           "calibration_sentences", "group_checks"]

#: What calibration groups estimates by: the opportunity's sponsor or business unit.
GROUPINGS: tuple[str, ...] = ("sponsor", "business_unit")
#: Fewer checks than this say too little about a group to judge it, or to recalibrate by it.
MIN_CHECKS = 4
#: A bias this far from 1 (either way) is worth saying and correcting.
BIAS_TOLERANCE = 0.15
#: The shift applied is held within these limits (a group that delivered nothing yet is not a zero).
BIAS_LIMITS = (0.2, 5.0)
#: The most an interval is widened.
MAX_WIDEN = 3.0
#: The one-sided significance below which a hit rate is "too few inside" for 90% intervals.
_NARROW_P = 0.05
_ALL = "All estimates"
_COLUMNS = ["by", "group", "checks", "inside", "share", "bias", "estimates", "opportunities", "p_value", "verdict",
            "shift", "widen", "sentence"]


def group_checks(checks: pd.DataFrame, by: str = "sponsor") -> pd.Series:
    """The group (``by``: sponsor or business unit) of every check, ``(none)`` when blank.

    Raises
    ------
    InputError
        When ``by`` is neither ``sponsor`` nor ``business_unit``.
    """
    if by not in GROUPINGS:
        raise InputError.single("unknown calibration grouping", column="calibrate_by", value=by,
                                hint=did_you_mean(str(by), GROUPINGS))
    names = checks[by].fillna("").astype(str).str.strip()
    return names.where(names != "", "(none)")


def calibration(checks: pd.DataFrame, by: str = "sponsor", *, min_checks: int = MIN_CHECKS) -> pd.DataFrame:
    """The calibration table: all estimates together, then each group, worst share first.

    Parameters
    ----------
    checks : DataFrame
        :func:`kit.benefits.checks` (or :attr:`Realisation.checks`); checks with nothing due
        are left out.
    by : {"sponsor", "business_unit"}
        Whose estimates are compared: the opportunity's sponsor or its business unit.
    min_checks : int
        Groups with fewer checks are listed as "too few checks" and not judged.

    Returns
    -------
    DataFrame
        ``by, group, checks, inside, share, bias, estimates, opportunities, p_value, verdict,
        sentence``: the first row (``by`` = ``all``) is every check together. ``share`` is
        inside / checks, ``bias`` the mean of realised / mid-point (checks with a positive
        mid), ``p_value`` the chance a calibrated group lands inside this rarely or rarer,
        ``verdict`` one of calibrated, too narrow, over-optimistic, over-cautious (or two of
        them), too few checks; ``shift`` and ``widen`` what the group's next estimates learn
        (1 and 1: nothing; see the module's notes); ``sentence`` says it in words.
    """
    groups = group_checks(checks, by)
    due = checks["inside"].notna()
    frame = checks[due].assign(_group=groups[due])
    rows = [_row(frame, "all", _ALL, min_checks)]
    rows += [_row(part, by, name, min_checks) for name, part in frame.groupby("_group", sort=True)]
    out = pd.DataFrame(rows, columns=_COLUMNS)
    if len(out) > 1:
        rest = out.iloc[1:].sort_values(["share", "group"], kind="stable")
        out = pd.concat([out.iloc[:1], rest], ignore_index=True)
    return out


def _row(frame: pd.DataFrame, by: str, group: str, min_checks: int) -> dict[str, object]:
    n = len(frame)
    inside = int(frame["inside"].astype(bool).sum()) if n else 0
    ratios = frame["ratio"].astype(float)
    ratios = ratios[np.isfinite(ratios)]
    bias = float(ratios.mean()) if len(ratios) else float("nan")
    p_value = _binomial_cdf(inside, n, 0.9) if n else float("nan")
    opportunities = sorted(frame["opportunity_id"].unique()) if n else []
    verdict = _verdict(n, p_value, bias, min_checks)
    shift, widen = _adjustment(frame, verdict)
    row = {"by": by, "group": group, "checks": n, "inside": inside, "share": inside / n if n else float("nan"),
           "bias": bias, "estimates": int(frame["estimate"].nunique()) if n else 0,
           "opportunities": len(opportunities), "p_value": p_value, "verdict": verdict, "shift": shift,
           "widen": widen}
    row["sentence"] = _sentence(row, opportunities)
    return row


def _adjustment(frame: pd.DataFrame, verdict: str) -> tuple[float, float]:
    """(shift, widen) a group's next estimates learn from its checks and its verdict."""
    if verdict in ("too few checks", "calibrated"):
        return 1.0, 1.0
    shift = 1.0
    if "over-" in verdict:
        ratios = frame["ratio"].astype(float)
        shift = float(np.clip(ratios[np.isfinite(ratios)].mean(), *BIAS_LIMITS))
    if "too narrow" not in verdict:
        return shift, 1.0
    half = (frame["high"] - frame["low"]).astype(float) / 2
    usable = (half > 0).to_numpy()
    if not usable.any():
        return shift, 1.0
    miss = ((frame["value"] - shift * frame["mid"]).abs() / (shift * half)).to_numpy(dtype=float)[usable]
    return shift, float(np.clip(np.quantile(miss, 0.9), 1.0, MAX_WIDEN))


def _binomial_cdf(k: int, n: int, p: float) -> float:
    from scipy.stats import binom

    return float(binom.cdf(k, n, p))


def _verdict(n: int, p_value: float, bias: float, min_checks: int) -> str:
    if n < min_checks:
        return "too few checks"
    words = []
    if np.isfinite(bias) and bias < 1 - BIAS_TOLERANCE:
        words.append("over-optimistic")
    elif np.isfinite(bias) and bias > 1 + BIAS_TOLERANCE:
        words.append("over-cautious")
    if p_value < _NARROW_P:
        words.append("too narrow")
    return ", ".join(words) or "calibrated"


def _advice(row: dict[str, object]) -> str:
    verdict, shift, widen = str(row["verdict"]), float(row["shift"]), float(row["widen"])  # type: ignore[arg-type]
    if verdict == "calibrated":
        return "calibrated; keep estimating this way"
    parts = []
    if "over-optimistic" in verdict:
        parts.append(f"over-optimistic: expect about {percent(shift)} of what they promise")
    elif "over-cautious" in verdict:
        parts.append(f"cautious: they deliver about {percent(shift)} of what they promise")
    if widen > 1:
        parts.append(f"widen them about {widen:.1f} times" if parts else f"too sure: widen them about {widen:.1f} times")
    elif "too narrow" in verdict and parts:
        parts.append("shifted so, their ranges would have held")
    elif "too narrow" in verdict:
        parts.append("too sure of themselves: widen them")
    return ", and ".join(parts)


def _sentence(row: dict[str, object], opportunities: list[str]) -> str:
    n, inside, group = int(row["checks"]), int(row["inside"]), str(row["group"])  # type: ignore[call-overload]
    who = "All estimates together" if row["by"] == "all" else f"Estimates from {group}"
    if row["verdict"] == "too few checks":
        return f"{who}: {plural(n, 'check')} so far, too few to judge."
    bias = float(row["bias"])  # type: ignore[arg-type]
    landed = f"{who} landed inside their 90% range {plural(inside, 'time')} in {n}"
    delivered = f" and delivered {percent(bias)} of their mid-points on average" if np.isfinite(bias) else ""
    if row["by"] == "all":
        return f"{landed} ({percent(inside / n)}; a calibrated group lands near 90%){delivered}."
    text = f"{landed}{delivered}: {_advice(row)}."
    if len(opportunities) == 1:
        text += (f" All from one opportunity ({opportunities[0]}): as much a question of its delivery as of the "
                 "estimates.")
    return text


def calibration_sentences(table: pd.DataFrame) -> list[str]:
    """The sentence of every row of :func:`calibration`, all estimates first."""
    return table["sentence"].tolist()
