"""The selection problem as arrays: checked and built once, solved many times with HiGHS.

:func:`_build` checks a candidates frame and the constraints (reporting every problem at
once) and turns them into a :class:`_Model`; :meth:`_Model.solve` runs one 0/1 programme
through :func:`scipy.optimize.milp`. The selection, the frontier and the robustness check
each build one model and solve it as often as they need.
"""

from __future__ import annotations

import contextlib
import functools
import os
import platform
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from ..errors import InputError, Problem
from ..settings import did_you_mean

_TOL = 1e-9  # relative tolerance when checking a solution against its limits


@dataclass
class _Model:
    """The selection problem as arrays, built once and solved many times."""

    frame: pd.DataFrame
    ids: list[str]
    titles: list[str]
    value: np.ndarray
    cost: np.ndarray
    budget: float
    limits: dict[str, float]
    usage: dict[str, np.ndarray]
    forced_in: dict[int, str]
    forced_out: dict[int, str]
    deps: list[tuple[int, int]]  # (needs, needed)
    groups: list[list[int]]
    value_name: str
    cost_name: str

    @property
    def n(self) -> int:
        return len(self.ids)

    def bounds(self, drop: frozenset = frozenset()) -> Bounds:
        lower, upper = np.zeros(self.n), np.ones(self.n)
        for i in self.forced_in:
            if ("in", i) not in drop:
                lower[i] = 1.0
        for i in self.forced_out:
            if ("out", i) not in drop:
                upper[i] = 0.0
        return Bounds(lower, upper)

    def constraints(self, budget: float, drop: frozenset = frozenset()) -> list[LinearConstraint]:
        rows, upper = [], []
        if ("budget",) not in drop and np.isfinite(budget):
            rows.append(self.cost)
            upper.append(budget)
        for name, limit in self.limits.items():
            if ("capacity", name) not in drop:
                rows.append(self.usage[name])
                upper.append(limit)
        out = []
        if rows:
            out.append(LinearConstraint(np.vstack(rows), -np.inf, np.asarray(upper, dtype=float)))
        deps = [d for k, d in enumerate(self.deps) if ("dep", k) not in drop]
        if deps:
            r = np.repeat(np.arange(len(deps)), 2)
            c = np.array([x for a, b in deps for x in (a, b)])
            v = np.tile([1.0, -1.0], len(deps))
            out.append(LinearConstraint(csr_array((v, (r, c)), shape=(len(deps), self.n)), -np.inf, 0.0))
        groups = [g for k, g in enumerate(self.groups) if ("excl", k) not in drop]
        if groups:
            r = np.concatenate([[k] * len(g) for k, g in enumerate(groups)])
            c = np.concatenate(groups)
            out.append(LinearConstraint(csr_array((np.ones(len(c)), (r, c)), shape=(len(groups), self.n)),
                                        -np.inf, 1.0))
        return out

    def solve(self, value: np.ndarray | None = None, budget: float | None = None,
              time_limit: float | None = None, drop: frozenset = frozenset(),
              objective: np.ndarray | None = None) -> Any:
        c = -(self.value if value is None else value) if objective is None else objective
        options: dict[str, Any] = {"mip_rel_gap": 0.0, "disp": False, "presolve": True}
        if time_limit is not None:
            options["time_limit"] = float(time_limit)
        bounds = self.bounds(drop)
        constraints = self.constraints(self.budget if budget is None else budget, drop)
        with _quiet_solver():
            return milp(c, integrality=np.ones(self.n), bounds=bounds, constraints=constraints, options=options)

    def feasible(self, budget: float, drop: frozenset) -> bool:
        res = self.solve(budget=budget, drop=drop, objective=np.zeros(self.n))
        return res.status == 0

    def prerequisites(self, i: int) -> set[int]:
        """Everything ``i`` needs, directly or through other items."""
        needs: dict[int, list[int]] = {}
        for a, b in self.deps:
            needs.setdefault(a, []).append(b)
        found: set[int] = set()
        stack = list(needs.get(i, []))
        while stack:
            j = stack.pop()
            if j not in found:
                found.add(j)
                stack += needs.get(j, [])
        return found


# HiGHS 1.12 (in scipy 1.17) prints "HighsMipSolverData::transformNewIntegerFeasibleSolution
# tmpSolver.run();" with a bare printf whenever it repairs a solution after postsolve, whatever
# disp, output_flag or log_to_console say (ERGO-Code/HiGHS#2783); workbook 04 meets it in the
# frontier, the robustness check and the budget slider, and in a kernel it lands in the cell
# output. The line goes through the C library's stdout *stream*, so pointing that stream (not
# file descriptor 1) at the null device during a solve drops it and little else. Descriptor 1
# belongs to the whole process (in a kernel, ipykernel's capture pipe and its watcher thread):
# redirecting it, as this code once did, also hid what every other thread and child process
# wrote there while any solve ran, and flushed every C stream with the GIL released.
_STDOUT_LOCK = threading.Lock()
_STDOUT_STATE: dict[str, Any] = {"depth": 0, "saved": None}


@functools.lru_cache(maxsize=1)
def _c_stdout() -> tuple[Any, int] | None:
    """The C library's ``stdout`` variable and a stream open on the null device, or None.

    Only where the C library documents ``stdout`` as a variable a program may assign: glibc
    (``stdout``) and macOS (``__stdoutp``). Elsewhere (musl's ``stdout`` is constant, Windows
    has no such variable) solves are left as they are: a stray line is harmless.
    """
    import ctypes

    if sys.platform == "darwin":
        name = "__stdoutp"
    elif platform.libc_ver()[0] == "glibc":
        name = "stdout"
    else:
        return None
    try:
        libc = ctypes.CDLL(None)
        variable = ctypes.c_void_p.in_dll(libc, name)
        libc.fopen.restype = ctypes.c_void_p  # a pointer: the default int would truncate it
        libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        sink = libc.fopen(os.fsencode(os.devnull), b"w")  # kept open for the life of the process
    except (OSError, ValueError, AttributeError):  # pragma: no cover - no such library or symbol
        return None
    return (variable, sink) if sink else None


@contextlib.contextmanager
def _quiet_solver() -> Iterator[None]:
    """Drop what HiGHS prints through the C library's stdout during one solve (see above).

    Solves running at the same time (threads of :func:`kit.portfolio.selection_probability`)
    share one swap: the first in points stdout at the null device, the last out puts it back.
    C code printing through stdout on another thread meanwhile is dropped too; file
    descriptors, and so Python's ``print`` and a kernel's output capture, are not affected.
    """
    with _STDOUT_LOCK:
        swap = _c_stdout()  # looked up under the lock, so that all threads share one sink
        if swap is not None:
            if _STDOUT_STATE["depth"] == 0:
                _STDOUT_STATE["saved"] = swap[0].value
                swap[0].value = swap[1]
            _STDOUT_STATE["depth"] += 1
    try:
        yield
    finally:
        if swap is not None:
            with _STDOUT_LOCK:
                _STDOUT_STATE["depth"] -= 1
                if _STDOUT_STATE["depth"] == 0:
                    swap[0].value = _STDOUT_STATE["saved"]


def _build(frame: pd.DataFrame, *, value: str, cost: str, budget: float | None,
           capacity: Mapping[str, float] | None, force_in: Iterable[str] | Mapping[str, str],
           force_out: Iterable[str] | Mapping[str, str],
           depends_on: Mapping[str, Iterable[str]] | str | None,
           exclusive: Iterable[Iterable[str]] | None) -> _Model:
    """Check the inputs (all problems at once) and turn them into arrays."""
    problems: list[Problem] = []
    if not isinstance(frame, pd.DataFrame) or "id" not in frame.columns:
        found = ", ".join(map(str, getattr(frame, "columns", []))) or "(none)"
        raise InputError.single("the candidates frame needs an 'id' column", column="id",
                                hint=f"columns found: {found}")
    if frame.empty:
        raise InputError.single("there are no candidates to choose from",
                                hint="give at least one opportunity")
    ids = frame["id"].astype(str).tolist()
    index = {i: k for k, i in enumerate(ids)}
    for i in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(Problem("candidate id appears more than once", column="id", value=i,
                                hint="every candidate must appear once"))
    columns = list(map(str, frame.columns))
    numbers: dict[str, np.ndarray] = {}
    for name in [value, cost, *(capacity or {})]:
        if name not in frame.columns:
            problems.append(Problem("column not found in the candidates", column=name,
                                    hint=did_you_mean(name, columns)))
            continue
        col = pd.to_numeric(frame[name], errors="coerce").astype(float).to_numpy()
        for k in np.flatnonzero(~np.isfinite(col)):
            problems.append(Problem("is not a number", column=name, value=frame[name].iloc[k],
                                    hint=f"give {ids[k]} a number in '{name}'"))
        if name != value:
            for k in np.flatnonzero(col < 0):
                problems.append(Problem("must not be negative", column=name, value=col[k],
                                        hint=f"check {ids[k]}: costs and efforts are 0 or more"))
        numbers[name] = np.nan_to_num(col)
    if budget is None or np.isnan(budget):
        problems.append(Problem("a budget is needed", column="budget", value=budget,
                                hint="pass budget=... or set 'budget:' in workshop.yml"))
    elif budget < 0:
        problems.append(Problem("the budget must not be negative", column="budget", value=budget))
    for name, limit in (capacity or {}).items():
        if limit is None or not np.isfinite(limit) or limit < 0:
            problems.append(Problem("capacity limit must be a number of 0 or more", column=name,
                                    value=limit))

    def reasons(given: Iterable[str] | Mapping[str, str], column: str, default: str) -> dict[int, str]:
        out: dict[int, str] = {}
        if column in frame.columns:
            for k, reason in enumerate(frame[column].tolist()):
                if isinstance(reason, str) and reason.strip():
                    out[k] = reason.strip()
                elif isinstance(reason, (bool, np.bool_)) and reason:
                    out[k] = default
        items = given.items() if isinstance(given, Mapping) else ((i, default) for i in given)
        for i, reason in items:
            if str(i) not in index:
                problems.append(Problem(f"{column.replace('_', ' ')}: unknown candidate", column=column,
                                        value=i, hint=did_you_mean(str(i), ids)))
            else:
                out[index[str(i)]] = str(reason or default).strip()
        return out

    forced_in = reasons(force_in, "force_in", "forced in")
    forced_out = reasons(force_out, "force_out", "forced out")
    for k in sorted(set(forced_in) & set(forced_out)):
        problems.append(Problem("is both forced in and forced out", column="force_out", value=ids[k],
                                hint=f"in: {forced_in[k]}; out: {forced_out[k]}; keep one"))

    deps: list[tuple[int, int]] = []
    if depends_on is None:
        depends_on = "depends_on" if "depends_on" in frame.columns else {}
    if isinstance(depends_on, str):
        if depends_on not in frame.columns:
            problems.append(Problem("dependency column not found", column=depends_on,
                                    hint=did_you_mean(depends_on, columns)))
            depends_on = {}
        else:
            depends_on = dict(zip(ids, frame[depends_on].map(_as_ids), strict=True))
    for a, needed in depends_on.items():
        for b in _as_ids(needed):
            if str(a) not in index or b not in index:
                bad = a if str(a) not in index else b
                problems.append(Problem("dependency on an unknown candidate", column="depends_on",
                                        value=f"{a} needs {b}",
                                        hint=f"{bad} is not a candidate: add it, or drop the dependency "
                                             f"if it is already done ({did_you_mean(str(bad), ids)})"))
            elif str(a) != b:
                deps.append((index[str(a)], index[b]))
    groups: list[list[int]] = []
    for group in exclusive or ():
        members = _as_ids(group)
        unknown = [m for m in members if m not in index]
        for m in unknown:
            problems.append(Problem("exclusive group names an unknown candidate", column="exclusive",
                                    value=m, hint=did_you_mean(m, ids)))
        known = sorted({index[m] for m in members if m in index})
        if len(known) > 1:
            groups.append(known)
    if problems:
        raise InputError(problems, summary=f"the portfolio inputs have {len(problems)} problem"
                         + ("s" if len(problems) != 1 else ""))
    titles = frame["title"].astype(str).tolist() if "title" in frame.columns else ids
    return _Model(frame.reset_index(drop=True), ids, titles, numbers[value], numbers[cost],
                  float(budget), {str(k): float(v) for k, v in (capacity or {}).items()},
                  {str(k): numbers[k] for k in (capacity or {})}, forced_in, forced_out, deps, groups,
                  value, cost)


def _as_ids(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.replace(",", ";").split(";") if p.strip()]
    return [str(v).strip() for v in value if str(v).strip()]
