"""Batch timings (issue 13): ``kit batch`` against the same runs as sequential papermill commands.

* 24 runs of workbook 03 on the demo workshop (default trials; seeds 1…24, so each run is
  its own parameter set), first through ``kit batch`` (a fresh batch folder, its own
  process, as an analyst types it), then as 24 ``papermill`` commands one after the other
  (bench_scenarios' helper), then ``kit batch`` again. The ratio uses the mean of the two
  batches. Goal: at most 0.4 on this 2-core machine.
* The same 24-run batch over an empty notebook (one parameter cell, ``pass``): the batch's
  own cost per run, and what workbook 03 adds above it.
* ``kit run datasets/demo`` (what ``make demo`` runs): now, and as it ran before the batch
  machinery (every workbook by ``run_workbook`` one after the other, then the same report
  and results.xlsx), each in a process of its own.

CPU figures are the processes' user + system time, children included.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_scenarios import DEMO, ROOT, _notebook, _papermill_cli_seconds

WORKBOOK = ROOT / "workbooks" / "03_value_scenarios.ipynb"
RUNS = 24

#: The job `kit run` did before the batch machinery, step by step as kit.pipeline had it.
SEQUENTIAL_RUN = """
import sys
from pathlib import Path
from kit.batch import run_workbook, workbooks
from kit.exports import results_workbook
from kit.report import build_report
from kit.workshop import load_workshop
ws, out = load_workshop(sys.argv[1]), Path(sys.argv[2])
runs = [run_workbook(nb, out / nb.name, {"workshop": str(ws.path)}) for nb in workbooks()]
pages = sorted((r.output for r in runs), key=lambda p: (p.stem != "05_executive_summary", p.stem))
build_report(pages, out / "report.html", subtitle=" · ".join(x for x in (ws.settings.organisation, ws.settings.name) if x))
results_workbook(sorted(r.output for r in runs), out / "results.xlsx")
"""


def _timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (children included) of one command run from the repository."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _kit_batch(notebook: Path, grid: Path, out: Path) -> tuple[float, float, float]:
    """Wall and CPU seconds of ``kit batch``, and the median seconds of a run in its table
    (from handing the kernel to papermill to the notebook written)."""
    wall, cpu = _timed([sys.executable, "-m", "kit", "batch", str(notebook), "--grid", str(grid), "--out", str(out)])
    import pandas as pd

    table = pd.read_csv(out / "results.csv")
    assert len(table) == RUNS and (table["status"] == "succeeded").all(), table[["run", "status", "error"]]
    return wall, cpu, float(table["seconds"].median())


def run() -> dict[str, float | int | str]:
    figures: dict[str, float | int | str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        grid = folder / "grid.yml"
        grid.write_text(f"parameters:\n  workshop: {DEMO}\naxes:\n  seed: {list(range(1, RUNS + 1))}\n")
        empty = _notebook(folder / "empty.ipynb", "pass")
        import nbformat

        nb = nbformat.read(str(empty), as_version=4)  # a parameters cell, so it takes the same grid
        cell = nbformat.v4.new_code_cell('workshop: str = ""\nseed: int = 0')
        cell.metadata["tags"] = ["parameters"]
        nb.cells.insert(0, cell)
        nbformat.write(nb, str(empty))

        first = _kit_batch(WORKBOOK, grid, folder / "batch-1")
        cli_wall, cli_cpu = 0.0, 0.0
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        for seed in range(1, RUNS + 1):
            cli_wall += _papermill_cli_seconds(WORKBOOK, folder / f"cli-{seed}.ipynb", workshop=str(DEMO),
                                               seed=str(seed))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cli_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        second = _kit_batch(WORKBOOK, grid, folder / "batch-2")
        batch_wall = statistics.mean([first[0], second[0]])
        figures["papermill_cli_sequential_24_runs_s"] = cli_wall
        figures["papermill_cli_sequential_24_runs_cpu_s"] = cli_cpu
        figures["kit_batch_24_runs_s"] = batch_wall
        figures["kit_batch_24_runs_s_first_second"] = f"{first[0]:.1f} / {second[0]:.1f}"
        figures["kit_batch_24_runs_cpu_s"] = statistics.mean([first[1], second[1]])
        figures["kit_batch_over_sequential_papermill_x"] = batch_wall / cli_wall
        figures["papermill_cli_per_run_s"] = cli_wall / RUNS
        figures["kit_batch_per_run_s"] = batch_wall / RUNS
        figures["kit_batch_run_seconds_median_s"] = statistics.mean([first[2], second[2]])

        empty_wall, empty_cpu, empty_run = _kit_batch(empty, grid, folder / "batch-empty")
        figures["kit_batch_24_empty_runs_s"] = empty_wall
        figures["kit_batch_empty_per_run_s"] = empty_wall / RUNS
        figures["kit_batch_empty_per_run_cpu_s"] = empty_cpu / RUNS
        figures["kit_batch_empty_run_seconds_median_s"] = empty_run
        figures["kit_batch_workbook_03_above_empty_per_run_s"] = (batch_wall - empty_wall) / RUNS
        figures["papermill_cli_empty_per_run_s"] = statistics.median(
            _papermill_cli_seconds(empty, folder / f"cli-empty-{i}.ipynb", workshop=str(DEMO), seed="1")
            for i in range(3))

        now = _timed([sys.executable, "-m", "kit", "run", str(DEMO), "--out", str(folder / "run-now"), "--quiet"])
        old = _timed([sys.executable, "-c", SEQUENTIAL_RUN, str(DEMO), str(folder / "run-before")])
        figures["kit_run_demo_s"], figures["kit_run_demo_cpu_s"] = now
        figures["kit_run_demo_before_sequential_s"], figures["kit_run_demo_before_sequential_cpu_s"] = old
        figures["kit_run_demo_over_before_x"] = now[0] / old[0]
        figures["runs"] = RUNS
    return figures
