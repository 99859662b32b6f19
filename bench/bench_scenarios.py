"""Value-scenario timings (issue 4).

* ``simulate``: 100,000 trials × 200 opportunities × 5-year horizon, one estimate in each of
  the four layers per opportunity (plus one-off and run cost): time and peak memory.
* The same model as a plain per-trial Python loop, timed on a smaller size and scaled
  linearly to the full size: the ratio is what vectorising buys (goal ≥ 50×).
* Workbook 03 on the demo workshop (default parameters) against an empty notebook, each run
  as an analyst runs it: the ``papermill`` command, a fresh process per run, the runs of the
  notebooks interleaved, median of several. Beside them, two reference notebooks: one that only
  does ``import pandas, altair`` (what any charting notebook pays) and one that only imports
  the kit, sets up charts and loads the demo (the fixed cost of every workbook). The same
  notebooks are also timed through :func:`kit.batch.run_workbook` in this process (no
  papermill start-up in the figure, so the kernel's share shows).
"""

from __future__ import annotations

import math
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

import kit
from kit import scenarios
from kit.settings import LAYERS

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "datasets" / "demo"
TRIALS, OPPORTUNITIES, HORIZON = 100_000, 200, 5
LOOP_TRIALS, LOOP_OPPORTUNITIES = 400, 50


def synthetic_workshop(folder: Path, opportunities: int = OPPORTUNITIES, horizon: int = HORIZON) -> kit.Workshop:
    """A generated workshop: ``opportunities`` ideas, one estimate per value layer each."""
    rng = np.random.default_rng(4)
    ids = [f"S-{i:04d}" for i in range(opportunities)]
    cost = rng.uniform(1e5, 1e6, opportunities).round(-3)
    run = rng.uniform(1e4, 1e5, opportunities).round(-2)
    pd.DataFrame({
        "id": ids, "title": [f"Synthetic opportunity {i}" for i in range(opportunities)],
        "capability_area": "process", "goals": "productivity", "cost_low": cost, "cost_high": cost * 1.8,
        "effort_months": 6, "run_cost_low": run, "run_cost_high": run * 1.5,
    }).to_csv(folder / "opportunities.csv", index=False)
    rows = []
    for i, oid in enumerate(ids):
        for j, layer in enumerate(LAYERS):
            low = float(rng.uniform(1e3, 5e4))
            rows.append({"opportunity_id": oid, "layer": layer, "driver": f"{layer} driver", "low": round(low),
                         "high": round(low * rng.uniform(1.5, 4)), "unit": "EUR", "unit_value": 1.0 + j,
                         "distribution": "lognormal" if (i + j) % 3 == 0 else "normal",
                         "start_year": 1 + (i + j) % 2, "ramp_years": (i * j) % 3})
    pd.DataFrame(rows).to_csv(folder / "estimates.csv", index=False)
    (folder / "workshop.yml").write_text(
        f"name: Benchmark\ncurrency: EUR\nhorizon_years: {horizon}\ndiscount_rate: 0.08\n"
        "scenarios:\n  base: {label: Base}\n")
    return kit.load_workshop(folder)


def loop_model(workshop: kit.Workshop, trials: int, seed: int = 1) -> list[list[float]]:
    """The value model of :func:`kit.scenarios.simulate`, trial by trial in plain Python."""
    settings = workshop.settings
    rate, horizon = settings.discount_rate, settings.horizon_years
    inputs = scenarios.model_inputs(workshop)
    by_opp = {oid: list(g.itertuples(index=False)) for oid, g in inputs.groupby("opportunity_id", sort=False)}
    rnd = random.Random(seed)
    out = []
    for _ in range(trials):
        row = []
        for rows in by_opp.values():
            flows = [0.0] * (horizon + 1)
            for r in rows:
                if r.distribution == "lognormal":
                    lo, hi = math.log(r.low), math.log(r.high)
                    value = math.exp(rnd.gauss((lo + hi) / 2, (hi - lo) / 3.29))
                else:
                    value = rnd.gauss((r.low + r.high) / 2, (r.high - r.low) / 3.29)
                if r.kind == "one-off cost":
                    flows[0] -= value
                    continue
                for year in range(1, horizon + 1):
                    if r.kind == "run cost":
                        if year >= r.start_year:
                            flows[year] -= value
                    else:
                        share = min(max((year - r.start_year + 1) / (r.ramp_years + 1), 0.0), 1.0)
                        flows[year] += value * r.unit_value * share
            npv = sum(f / (1 + rate) ** t for t, f in enumerate(flows))
            total, paid = 0.0, None
            for t, f in enumerate(flows):
                if total + f >= 0 and paid is None:
                    paid = 0.0 if t == 0 else t - 1 + (-total) / f
                total += f
            row.append(npv)
        out.append(row)
    return out


def _notebook(path: Path, source: str) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(path))
    return path


def _papermill_cli_seconds(notebook: Path, output: Path, env: dict[str, str] | None = None,
                           **parameters: str) -> float:
    """Wall time of one ``papermill`` command, as an analyst types it."""
    command = [sys.executable, "-m", "papermill", "-k", "python3", "--no-progress-bar", str(notebook), str(output)]
    for key, value in parameters.items():
        command += ["-p", key, value]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=notebook.parent, env=env)
    return time.perf_counter() - start


def _in_process_seconds(notebook: Path, output: Path, **parameters: str) -> float:
    from kit.batch import run_workbook

    return run_workbook(notebook, output, parameters).seconds


def workbook_timings(folder: Path, rounds: int = 5) -> dict[str, float]:
    """Workbook 03 against an empty notebook and two reference notebooks (see module doc)."""
    notebooks = {
        "empty_notebook": (_notebook(folder / "empty.ipynb", "pass"), {}),
        "import_pandas_altair_notebook": (_notebook(folder / "floor.ipynb", "import pandas, altair"), {}),
        "kit_baseline_notebook": (_notebook(folder / "baseline.ipynb",
                                            f"import kit\nkit.charts.setup()\nws = kit.load_workshop({str(DEMO)!r})"),
                                  {}),
        "workbook_03_demo": (ROOT / "workbooks" / "03_value_scenarios.ipynb", {"workshop": str(DEMO)}),
    }
    cli: dict[str, list[float]] = {name: [] for name in notebooks}
    inproc: dict[str, list[float]] = {name: [] for name in notebooks}
    for name, (nb, params) in notebooks.items():  # warm-up: caches, bytecode, disk
        _in_process_seconds(nb, folder / f"warm-{name}.ipynb", **params)
    for _ in range(rounds):
        for name, (nb, params) in notebooks.items():
            cli[name].append(_papermill_cli_seconds(nb, folder / f"cli-{name}.ipynb", **params))
            inproc[name].append(_in_process_seconds(nb, folder / f"in-{name}.ipynb", **params))
    cold_env = dict(os.environ, KIT_CACHE="off")
    nb, params = notebooks["workbook_03_demo"]
    cold = statistics.median(_papermill_cli_seconds(nb, folder / "cold.ipynb", env=cold_env, **params)
                             for _ in range(3))
    figures: dict[str, float] = {}
    for name in notebooks:
        figures[f"papermill_cli_{name}_s"] = statistics.median(cli[name])
    figures["papermill_cli_workbook_03_no_workshop_cache_s"] = cold
    for name in notebooks:
        figures[f"in_process_{name}_s"] = statistics.median(inproc[name])
    empty_cli, empty_in = figures["papermill_cli_empty_notebook_s"], figures["in_process_empty_notebook_s"]
    for name in ("import_pandas_altair_notebook", "kit_baseline_notebook", "workbook_03_demo"):
        figures[f"papermill_cli_{name}_over_empty_x"] = figures[f"papermill_cli_{name}_s"] / empty_cli
    figures["papermill_cli_workbook_03_no_workshop_cache_over_empty_x"] = cold / empty_cli
    for name in ("import_pandas_altair_notebook", "kit_baseline_notebook", "workbook_03_demo"):
        figures[f"in_process_{name}_over_empty_x"] = figures[f"in_process_{name}_s"] / empty_in
    figures["papermill_cli_runs_per_notebook"] = rounds
    return figures


def run() -> dict[str, float | int | str]:
    figures: dict[str, float | int | str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ws = synthetic_workshop(folder)
        scenarios.simulate(ws, n=2_000)  # warm up imports and caches
        times, cpu = [], []
        for _ in range(3):
            start, start_cpu = time.perf_counter(), time.process_time()
            sim = scenarios.simulate(ws, n=TRIALS)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            del sim
        figures["simulate_100k_x_200_x_5y_s"] = min(times)
        figures["simulate_100k_x_200_x_5y_s_median_of_3"] = sorted(times)[1]
        figures["simulate_100k_x_200_x_5y_cpu_s"] = min(cpu)
        sim = scenarios.simulate(ws, n=TRIALS)
        start = time.perf_counter()
        sim.summary()
        figures["summary_100k_x_200_s"] = time.perf_counter() - start
        del sim
        tracemalloc.start()
        sim = scenarios.simulate(ws, n=TRIALS)
        sim.summary()
        figures["simulate_plus_summary_peak_traced_MiB"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        del sim
        figures["process_max_rss_MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        small = synthetic_workshop(folder, opportunities=LOOP_OPPORTUNITIES)
        start = time.perf_counter()
        loop_model(small, LOOP_TRIALS)
        loop = time.perf_counter() - start
        scaled = loop * (TRIALS / LOOP_TRIALS) * (OPPORTUNITIES / LOOP_OPPORTUNITIES)
        figures["python_loop_s_400_trials_x_50"] = loop
        figures["python_loop_scaled_to_full_size_s"] = scaled
        figures["speedup_vs_python_loop_x"] = scaled / figures["simulate_100k_x_200_x_5y_s"]

        figures |= workbook_timings(folder)
    return figures
