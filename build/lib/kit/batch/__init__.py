"""Run workbooks with papermill: one workbook, every workbook of a workshop, or a batch over a
parameter grid.

* :func:`run_workbook`: one workbook, papermill's own way (it starts the kernel).
* :func:`run_workbooks`: every numbered workbook on one workshop, side by side (``kit run``).
* :func:`run_batch` / :func:`run_grid_file`: one workbook once per parameter set, in parallel,
  into a folder with a results table and an index page, resumable (``kit batch``);
  :func:`read_grid` reads and checks a grid file, :func:`grid` builds a product in Python.

Batches and ``kit run`` execute on kernels started ahead of their runs, each used for one run
(:mod:`kit.batch.kernels`): on Linux they are forked from a process that has already
imported ipykernel and the kit, so a run pays neither an interpreter start nor the imports.
Executors are passed in (``concurrent.futures`` style, e.g. a Dask ``Client``), so the same
call scales from this laptop to a cluster.
"""

from __future__ import annotations

from .execute import INTERACTIVE, Run, run_workbook
from .grid import check_sets, grid, read_grid, run_ids
from .runs import Batch, run_batch, run_grid, run_grid_file
from .steps import run_workbooks, workbooks

__all__ = [
    "INTERACTIVE", "Batch", "Run", "check_sets", "grid", "read_grid", "run_batch", "run_grid", "run_grid_file",
    "run_ids", "run_workbook", "run_workbooks", "workbooks",
]
