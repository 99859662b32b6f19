"""The numbered workbooks of the kit, and running all of them on one workshop (``kit run``).

The workbooks do not read each other's outputs, so they run side by side, each on a kernel
of its own (:mod:`kit.batch.local`), into ``out_dir/<workbook>.ipynb``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import KitError
from ..resources import WORKBOOKS
from .execute import FAILED, Job, Outcome, Run
from .kernels import Kernels, local_kernels
from .local import run_local

__all__ = ["default_workers", "run_workbooks", "workbooks"]


def workbooks(folder: Path = WORKBOOKS) -> list[Path]:
    """The numbered workbooks (``00_*.ipynb`` …) in order; apps are not included."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def default_workers() -> int:
    """Runs at once on this machine: one per core it may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def run_workbooks(workshop: str | Path, out_dir: str | Path, notebooks: Sequence[Path] | None = None,
                  *, extra: Mapping[str, Any] | None = None, progress: bool = True, workers: int | None = None,
                  kernels: Kernels | None = None) -> list[Run]:
    """Execute every workbook on one workshop into ``out_dir``, ``workers`` at a time (default:
    one per core), and return the runs in the workbooks' order.

    Raises
    ------
    WorkbookFailed
        For the first workbook (in order) that failed, once all have ended; every executed
        notebook is written, the failing ones with the failing cell marked.
    """
    from tqdm.auto import tqdm

    params = {"workshop": str(Path(workshop).resolve()), **(extra or {})}
    out = Path(out_dir).resolve()
    todo = [Path(nb).resolve() for nb in (notebooks or workbooks())]
    jobs = [Job(nb, out / nb.name, dict(params), id=nb.stem) for nb in todo]
    outcomes: dict[str, Outcome] = {}
    source = kernels if kernels is not None else local_kernels(todo)
    with tqdm(total=len(jobs), desc="workbooks", unit="workbook", disable=not progress) as bar:
        def done(outcome: Outcome) -> None:
            outcomes[outcome.job.id] = outcome
            bar.update()

        try:
            run_local(jobs, done, kernels=source, workers=workers or default_workers())
        finally:
            if kernels is None:
                source.close()
    missing = [job.notebook.name for job in jobs if job.id not in outcomes]
    if missing:  # only when a worker itself broke: say so rather than report a partial job
        raise KitError(f"these workbooks did not run: {', '.join(missing)}")
    failed = [outcomes[job.id] for job in jobs if outcomes[job.id].status == FAILED]
    if failed:
        raise failed[0].failure
    return [Run(job.notebook, job.output, job.parameters, outcomes[job.id].seconds) for job in jobs]
