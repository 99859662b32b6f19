"""Run workbooks with papermill: one workbook, every workbook of a workshop, or a parameter grid.

Executors are passed in (``concurrent.futures`` style, e.g. a Dask ``Client``), so the same
call scales from this laptop to a cluster.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import WorkbookFailed
from .resources import WORKBOOKS

__all__ = ["grid", "run_grid", "run_workbook", "run_workbooks", "workbooks"]

#: Tag of workbook cells that need a live front end (widgets); batch runs skip them.
INTERACTIVE = "interactive"


@dataclass(frozen=True)
class Run:
    """One executed workbook."""

    notebook: Path
    output: Path
    parameters: dict[str, Any]
    seconds: float


def workbooks(folder: Path = WORKBOOKS) -> list[Path]:
    """The numbered workbooks (``00_*.ipynb`` …) in order; apps are not included."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def run_workbook(notebook: str | Path, output: str | Path, parameters: Mapping[str, Any] | None = None,
                 *, kernel: str = "python3", progress: bool = False, cell_timeout: int | None = 600) -> Run:
    """Execute one workbook with papermill, from the workbook's own folder.

    A ``workshop`` parameter naming an existing folder relative to the current directory is
    made absolute, so ``{"workshop": "datasets/demo"}`` means what the caller sees.

    Cells tagged ``interactive`` (sliders, forms: they need a person and a live front end)
    are skipped: in batch runs they add nothing, and widget traffic is what now and then left
    nbclient waiting for a reply that never came. ``cell_timeout`` (seconds per cell) turns a
    hung kernel into a failed run instead of a stalled batch. The output is written once at the end (and on failure, with the failing
    cell marked), not after every cell: each save of a notebook carrying its chart bundle
    costs tens of milliseconds.

    Raises
    ------
    WorkbookFailed
        When a cell raises; ``output`` is still written with the failing cell marked.
    """
    import time

    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    notebook, output = Path(notebook).resolve(), Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    parameters = dict(parameters or {})
    folder = parameters.get("workshop")
    if isinstance(folder, str) and Path(folder).is_dir():
        # given relative to where the caller stands; the workbook runs from its own folder
        parameters["workshop"] = str(Path(folder).resolve())
    start = time.perf_counter()
    try:
        pm.execute_notebook(str(notebook), str(output), parameters=parameters, kernel_name=kernel,
                            cwd=str(notebook.parent), progress_bar=progress, log_output=False,
                            execution_timeout=cell_timeout, request_save_on_cell_execute=False,
                            skip_cells_with_tag=INTERACTIVE,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except PapermillExecutionError as exc:
        cell = _source_index(notebook, exc.cell_index, injected=bool(parameters))
        raise WorkbookFailed(notebook, output, cell, exc.ename, exc.evalue) from None
    return Run(notebook, output, parameters, time.perf_counter() - start)


def _source_index(notebook: Path, executed_index: int | None, *, injected: bool) -> int | None:
    """The index in ``notebook`` of the cell papermill reports at ``executed_index``.

    Papermill counts cells of the executed copy, where its injected-parameters cell sits
    right after the cell tagged ``parameters`` (first when there is none); the user knows the
    workbook as saved.
    """
    import nbformat

    if executed_index is None or not injected:
        return executed_index
    cells = nbformat.read(str(notebook), as_version=4).cells
    tagged = [i for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    injected_at = tagged[0] + 1 if tagged else 0
    return executed_index - 1 if executed_index > injected_at else executed_index


def run_workbooks(workshop: str | Path, out_dir: str | Path, notebooks: Sequence[Path] | None = None,
                  *, extra: Mapping[str, Any] | None = None, progress: bool = True) -> list[Run]:
    """Execute every workbook on one workshop, in order, into ``out_dir``."""
    from tqdm.auto import tqdm

    params = {"workshop": str(Path(workshop).resolve()), **(extra or {})}
    out = Path(out_dir)
    runs = []
    todo = list(notebooks or workbooks())
    for nb in tqdm(todo, desc="workbooks", unit="workbook", disable=not progress):
        runs.append(run_workbook(nb, out / nb.name, params))
    return runs


def grid(**axes: Sequence[Any]) -> list[dict[str, Any]]:
    """All combinations of parameter values: ``grid(budget=[1e6, 2e6], scenario=["base"])``."""
    names = list(axes)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*axes.values())]


def run_grid(notebook: str | Path, parameter_sets: Sequence[Mapping[str, Any]], out_dir: str | Path,
             *, executor: Executor | None = None, progress: bool = True) -> pd.DataFrame:
    """Execute one workbook once per parameter set and collect the recorded results.

    Parameters
    ----------
    notebook : path
        The workbook.
    parameter_sets : sequence of mappings
        One mapping per run, e.g. from :func:`grid`.
    out_dir : path
        Executed notebooks are written here as ``run-000.ipynb`` …
    executor : concurrent.futures.Executor, optional
        Where to run (a ``ProcessPoolExecutor``, a Dask ``Client``…); in this process when None.

    Returns
    -------
    DataFrame
        One row per run: the parameters, ``output``, ``seconds``, ``error`` (empty when it
        ran) and every scalar result the workbook recorded.
    """
    from tqdm.auto import tqdm

    out = Path(out_dir)
    jobs = [(Path(notebook), out / f"run-{i:03d}.ipynb", dict(p)) for i, p in enumerate(parameter_sets)]
    if executor is None:
        rows = [_run_one(*job) for job in tqdm(jobs, desc=Path(notebook).stem, disable=not progress)]
    else:
        futures = [executor.submit(_run_one, *job) for job in jobs]
        rows = [f.result() for f in tqdm(futures, desc=Path(notebook).stem, disable=not progress)]
    return pd.DataFrame(rows)


def _run_one(notebook: Path, output: Path, parameters: dict[str, Any]) -> dict[str, Any]:
    from .results import read

    row: dict[str, Any] = {**parameters, "output": str(output), "seconds": float("nan"), "error": ""}
    try:
        run = run_workbook(notebook, output, parameters)
        row["seconds"] = run.seconds
    except WorkbookFailed as exc:
        row["error"] = f"{exc.ename}: {exc.evalue}"
        return row
    for name, value in read(output).items():
        if isinstance(value, (int, float, str, bool)) or value is None:
            row[name] = value
    return row
