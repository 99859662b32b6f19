"""One set of pairwise judgments: weights, consistency, and the judgments to revisit.

Weights are the principal (Perron) eigenvector of the reciprocal matrix, normalised to sum to
1 (Saaty 1980). Incomplete judgments are allowed when the comparison graph is connected: a
missing pair is left out of Harker's matrix (missing entries 0, each diagonal entry 1 + the
number of pairs missing in its row; Harker 1987), whose principal eigenvector is the weight
vector; this is also the eigenvector of the matrix completed with ``w_i / w_j`` for every
missing pair, so ``lambda_max`` and the consistency ratio are those of that completed matrix
(see Bozóki, Fülöp & Rónyai 2010 on completing incomplete pairwise comparison matrices).

Each judgment is checked against what the *other* judgments imply for its pair, all
leave-one-out problems solved at once by a power iteration vectorised over the stack.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import InputError
from .inputs import _as_matrix
from .results import _JUDGMENT_COLUMNS, AhpResult
from .scale import CONSISTENCY_LIMIT, nearest_saaty, random_index, ratio_words

__all__ = ["weights"]

# A judgment is listed for revisiting when it is this factor away from what the rest imply.
_REVISIT_FACTOR = 1.25

_TOP_REVISIT = 3



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
    >>> round(float(r.weights["x"]), 2)
    0.75
    """
    items, matrix = _as_matrix(judgments, labels)
    return _solve(items, matrix, ri)



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
