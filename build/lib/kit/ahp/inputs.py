"""Judgments read and checked: long rows ``a, b, ratio`` or a square matrix, as the log-ratio
matrix and the mask of judged pairs that :mod:`~kit.ahp.eigen` and :mod:`~kit.ahp.group` solve.

Every problem (a ratio that is not a positive number, a pair judged twice differently, a
matrix that is not reciprocal, an unknown item) is collected before anything is raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, Problem


def _item_list(frame: pd.DataFrame, items: Sequence[str] | None) -> list[str]:
    found = list(dict.fromkeys([*map(str, frame["a"]), *map(str, frame["b"])]))
    if items is None:
        return found
    items = [str(i) for i in items]
    strangers = [i for i in found if i not in items]
    if strangers:
        from ..settings import did_you_mean

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
