"""A batch: one workbook run once per parameter set, the results collected in one table.

:func:`run_batch` reads as its recipe: check the sets against the workbook → name each run
→ skip the runs an earlier batch into the same folder finished → run the rest (this
machine's kernels, or an executor such as a Dask ``Client``) → record each run as it ends →
write the results table and the index page. :func:`run_grid_file` is ``kit batch``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .cluster import connect, is_dask, run_on_executor
from .execute import FAILED, SUCCEEDED, Job, Outcome, resolve_workshop
from .grid import check_sets, read_grid, run_ids
from .kernels import Kernels, local_kernels
from .local import Limits, run_local
from .steps import default_workers
from .table import (
    finished_records,
    record,
    results_table,
    workbook_stamp,
    write_index,
    write_record,
    write_table,
)

__all__ = ["Batch", "run_batch", "run_grid", "run_grid_file"]


@dataclass
class Batch:
    """What a batch did.

    Attributes
    ----------
    out : Path
        The batch folder: ``runs/``, ``results.csv``, ``results.parquet``, ``index.html``.
    table : DataFrame
        One row per run (see :func:`kit.batch.table.results_table`), as in ``results.csv``.
    ran, skipped : int
        Runs executed now, and runs an earlier batch had finished (not run again).
    interrupted : bool
        Stopped by Ctrl-C: the table holds the runs that had finished.
    """

    workbook: Path
    out: Path
    table: pd.DataFrame
    ran: int
    skipped: int
    seconds: float
    files: list[Path] = field(default_factory=list)
    note: str = ""
    interrupted: bool = False
    total: int | None = None  # runs in the batch; the table holds fewer when interrupted

    @property
    def failed(self) -> pd.DataFrame:
        """The rows of the runs that failed."""
        return self.table[self.table["status"] == FAILED]

    @property
    def ok(self) -> bool:
        """Every run finished and succeeded."""
        return not self.interrupted and bool((self.table["status"] == SUCCEEDED).all())

    def summary(self) -> str:
        """What happened, for the terminal: counts, each failure with its notebook, the files."""
        counts = self.table["status"].value_counts()
        retried = int(self.table["retries"].sum())
        total = len(self.table) if self.total is None else self.total
        done = f"{len(self.table)} of {total} runs" if len(self.table) != total else \
            f"{total} run{'s' if total != 1 else ''}"
        head = (f"{done} of {self.workbook.name}: "
                f"{counts.get(SUCCEEDED, 0)} succeeded, {counts.get(FAILED, 0)} failed"
                + (f" ({self.skipped} finished before, not run again)" if self.skipped else "")
                + (f"; {retried} kernel start{'s' if retried != 1 else ''} retried" if retried else "")
                + f"; {self.seconds:.1f} s" + (" (interrupted)" if self.interrupted else ""))
        lines = [head]
        for row in self.failed.itertuples(index=False):
            where = f" (cell {row.cell})" if not pd.isna(row.cell) else ""
            lines.append(f"  failed: {row.run}: {row.error}{where}; notebook {self.out / row.notebook}")
        if self.files:
            lines.append("Results: " + ", ".join(str(p) for p in self.files if p.suffix != ".html")
                         + "; index: " + ", ".join(str(p) for p in self.files if p.suffix == ".html"))
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)


def run_batch(notebook: str | Path, parameter_sets: Sequence[Mapping[str, Any]], out_dir: str | Path, *,
              executor: Executor | Any | None = None, workers: int | None = None, kernels: Kernels | None = None,
              cell_timeout: float | None = 600, retries: int = 2, force: bool = False,
              progress: bool | None = None, echo: Callable[[str], Any] | None = None) -> Batch:
    """Execute ``notebook`` once per parameter set into ``out_dir``; collect the results.

    Parameters
    ----------
    notebook : path
        The workbook.
    parameter_sets : sequence of mappings
        One mapping per run (:func:`read_grid`, :func:`grid`). Checked against the workbook's
        parameters cell first.
    out_dir : path
        The batch folder. Each run writes ``runs/<id>.ipynb`` (the id made of the parameters
        that differ between runs, e.g. ``budget-3000000_scenario-downturn``) and its record
        ``runs/<id>.json``; the batch writes ``results.csv``, ``results.parquet`` and
        ``index.html``. Runs that succeeded in an earlier batch into this folder, with the same
        workbook and parameters, are not run again unless ``force``.
    executor : optional
        A Dask distributed ``Client`` (or any ``concurrent.futures`` executor): one task per
        run. Default: this machine, ``workers`` runs at a time (default: one per core), on
        kernels from ``kernels`` (default :func:`kit.batch.kernels.local_kernels`).
    cell_timeout : float, optional
        Seconds a cell may run; past it the cell is interrupted and the run fails.
    retries : int
        Kernels a run may try after one failed to start (port races, a kernel dying at start).
    progress : bool, optional
        The progress bar (done, failed, time left); None: only on a terminal.
    echo : callable, optional
        Called with a line of text for what the batch is doing (``print`` for the terminal).

    Returns
    -------
    Batch
        The table (one row per run: parameters, ``status``, ``seconds``, ``retries``,
        ``error``, ``cell``, ``notebook``, every recorded scalar) and the counts. A failed run
        does not stop the others: its row says why, its notebook shows the failing cell.

    Raises
    ------
    InputError
        A parameter set that does not fit the workbook, before anything runs.
    KeyboardInterrupt
        Ctrl-C: every kernel is stopped, and the table of the finished runs written first.
    """
    from tqdm.auto import tqdm

    start = time.perf_counter()
    say = echo or (lambda text: None)
    notebook = Path(notebook).resolve()
    given = check_sets(notebook, parameter_sets)
    out = Path(out_dir).resolve()
    folder = out / "runs"
    jobs = [Job(notebook, folder / f"{run}.ipynb", resolve_workshop(values), id=run)
            for run, values in zip(run_ids(given), given, strict=True)]
    values_of = {job.id: values for job, values in zip(jobs, given, strict=True)}
    stamp = workbook_stamp(notebook)
    records = {} if force else finished_records(folder, jobs, stamp)
    todo = [job for job in jobs if job.id not in records]
    limits = Limits(cell_timeout=cell_timeout, retries=retries)
    failed = 0
    bar: Any = None

    def done(outcome: Outcome) -> None:
        nonlocal failed
        entry = record(outcome, values_of[outcome.job.id], stamp)
        write_record(folder, entry)
        records[outcome.job.id] = entry
        failed += outcome.status == FAILED
        bar.set_postfix_str(f"{failed} failed", refresh=False)
        bar.update()

    interrupted = False
    skipped = len(records)
    try:
        say(f"{notebook.name}: {len(jobs)} run{'s' if len(jobs) != 1 else ''} into {out}/"
            + (f"; {skipped} finished before, not run again (--force runs them)" if skipped else ""))
        if todo and executor is not None:
            say(f"Running {len(todo)} on the Dask cluster {getattr(executor, 'dashboard_link', '') or executor}"
                if is_dask(executor) else f"Running {len(todo)} on {executor}")
            bar = _progress_bar(tqdm, len(todo), notebook.stem, progress)
            run_on_executor(executor, todo, done, limits)
        elif todo:
            source = kernels if kernels is not None else local_kernels([notebook])
            try:
                count = min(workers or default_workers(), len(todo))
                say(f"Running {len(todo)} on this machine, {count} at a time, {source.describe()}")
                bar = _progress_bar(tqdm, len(todo), notebook.stem, progress)
                run_local(todo, done, kernels=source, workers=count, limits=limits)
            finally:
                if kernels is None:
                    source.close()
    except KeyboardInterrupt:
        interrupted = True
        raise
    finally:
        if bar is not None:
            bar.close()
        table = results_table(jobs, given, records, out)
        files, note = write_table(table, out)
        files.append(write_index(table, out, f"{notebook.name}: batch of {len(jobs)} runs",
                                 list(dict.fromkeys(n for values in given for n in values))))
        batch = Batch(notebook, out, table, ran=len(records) - skipped, skipped=skipped,
                      seconds=time.perf_counter() - start, files=files, note=note, interrupted=interrupted,
                      total=len(jobs))
        if interrupted:
            say("Interrupted: every kernel stopped; the finished runs are kept.\n" + batch.summary())
    return batch


def _progress_bar(tqdm: Any, total: int, name: str, progress: bool | None) -> Any:
    """Runs done of ``total``, the failed count, time left; None: shown only on a terminal."""
    bar = tqdm(total=total, desc=name, unit="run", disable=None if progress is None else not progress)
    bar.set_postfix_str("0 failed")
    return bar


def run_grid_file(workbook: str | Path, grid_file: str | Path, out_dir: str | Path, *, scheduler: str | None = None,
                  **options: Any) -> Batch:
    """``kit batch``: read and check the grid file, then :func:`run_batch` (on the Dask
    scheduler at ``scheduler`` when given); ``options`` go to :func:`run_batch`."""
    sets = read_grid(grid_file, workbook)
    if scheduler is None:
        return run_batch(workbook, sets, out_dir, **options)
    with connect(scheduler) as client:
        return run_batch(workbook, sets, out_dir, executor=client, **options)


def run_grid(notebook: str | Path, parameter_sets: Sequence[Mapping[str, Any]], out_dir: str | Path,
             *, executor: Executor | None = None, progress: bool = True) -> pd.DataFrame:
    """Execute one workbook once per parameter set and collect the recorded results (no files
    besides the notebooks; :func:`run_batch` is the batch with its table, index and resume).

    Parameters
    ----------
    notebook : path
        The workbook.
    parameter_sets : sequence of mappings
        One mapping per run, e.g. from :func:`grid`.
    out_dir : path
        Executed notebooks are written here as ``run-000.ipynb`` …
    executor : concurrent.futures.Executor, optional
        Where to run (a ``ThreadPoolExecutor``, a Dask ``Client``…), one task per run; on this
        machine's kernels, one per core at a time, when None.

    Returns
    -------
    DataFrame
        One row per run: the parameters, ``output``, ``seconds``, ``error`` (empty when it
        ran) and every scalar result the workbook recorded.
    """
    from tqdm.auto import tqdm

    notebook = Path(notebook).resolve()
    out = Path(out_dir).resolve()
    sets = [dict(p) for p in parameter_sets]
    jobs = [Job(notebook, out / f"run-{i:03d}.ipynb", resolve_workshop(p), id=f"run-{i:03d}")
            for i, p in enumerate(sets)]
    outcomes: dict[str, Outcome] = {}
    with tqdm(total=len(jobs), desc=notebook.stem, disable=not progress) as bar:
        def done(outcome: Outcome) -> None:
            outcomes[outcome.job.id] = outcome
            bar.update()

        if executor is not None:
            run_on_executor(executor, jobs, done, Limits())
        else:
            with local_kernels([notebook]) as source:
                run_local(jobs, done, kernels=source, workers=default_workers())
    rows = []
    for job, values in zip(jobs, sets, strict=True):
        outcome = outcomes[job.id]
        ok = outcome.status == SUCCEEDED
        rows.append({**values, "output": str(job.output), "seconds": outcome.seconds if ok else math.nan,
                     "error": outcome.error, **outcome.results})
    return pd.DataFrame(rows)
