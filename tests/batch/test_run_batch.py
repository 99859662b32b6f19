"""`kit batch`: a grid of runs in parallel; failures kept and reported; the table, the index; resume."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kit import cli
from kit.batch import run_batch
from tests.batch.conftest import descendants, write_notebook

pytestmark = pytest.mark.workbooks


@pytest.fixture
def batch(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A workbook refusing x = 4 (with markup in its message), a grid of x = 1…6 and a label."""
    nb = write_notebook(tmp_path / "nb.ipynb",
                        "import kit\nassert x != 4, '<script>no 4</script>'",
                        "kit.results.record('double', x * 2)\nkit.results.record('label', label.upper())",
                        parameters="x: int = 1\nlabel: str = ''")
    grid = tmp_path / "grid.yml"
    grid.write_text("parameters:\n  label: '<b>bold</b> & co'\naxes:\n  x: [1, 2, 3, 4, 5, 6]\n", encoding="utf-8")
    return nb, grid, tmp_path / "out"


def _kit_batch(nb: Path, grid: Path, out: Path, *extra: str) -> int:
    return cli.main(["batch", str(nb), "--grid", str(grid), "--out", str(out), "--workers", "2", *extra])


def _stamps(out: Path) -> dict[str, int]:
    return {p.stem: p.stat().st_mtime_ns for p in (out / "runs").glob("*.json")}


def test_a_failing_run_does_not_stop_the_others_and_the_batch_resumes(batch, capsys):
    nb, grid, out = batch
    assert _kit_batch(nb, grid, out) == 1
    printed = capsys.readouterr().out
    assert "6 runs of nb.ipynb: 5 succeeded, 1 failed" in printed
    assert "failed: x-4: AssertionError: <script>no 4</script> (cell 1)" in printed

    table = pd.read_csv(out / "results.csv")
    assert list(table.columns) == ["run", "x", "label", "status", "seconds", "retries", "error", "cell", "notebook",
                                   "double", "label_recorded"]
    assert list(table["run"]) == [f"x-{i}" for i in range(1, 7)]
    assert list(table["status"]) == ["succeeded"] * 3 + ["failed"] + ["succeeded"] * 2
    failed = table.set_index("run").loc["x-4"]
    assert failed["error"] == "AssertionError: <script>no 4</script>" and failed["cell"] == 1
    assert pd.isna(failed["double"])  # nothing recorded by a run that failed
    ok = table[table["status"] == "succeeded"]
    assert list(ok["double"]) == [2, 4, 6, 10, 12] and set(ok["label_recorded"]) == {"<B>BOLD</B> & CO"}
    assert (table["retries"] == 0).all() and (table["seconds"] > 0).all() and table["error"].isna().sum() == 5
    parquet = pd.read_parquet(out / "results.parquet")
    assert list(parquet["double"].dropna()) == [2, 4, 6, 10, 12] and parquet["x"].dtype.kind == "i"

    kept = nbformat.read(str(out / failed["notebook"]), as_version=4)  # the failing notebook, error marked
    errors = [o for c in kept.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors and errors[0]["ename"] == "AssertionError"
    assert any("papermill-error-cell" in "".join(c.source) for c in kept.cells)

    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('<a href="runs/x-') == 6 and '<tr class="failed">' in index
    assert "&lt;script&gt;no 4&lt;/script&gt;" in index and "<script>" not in index
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in index and "<b>" not in index
    assert descendants() == []  # no kernel, no fork server left

    before = _stamps(out)
    assert _kit_batch(nb, grid, out) == 1  # again: only the failed run runs
    assert "5 finished before, not run again" in capsys.readouterr().out
    after = _stamps(out)
    assert [run for run in before if after[run] != before[run]] == ["x-4"]
    assert len(pd.read_csv(out / "results.csv")) == 6

    assert _kit_batch(nb, grid, out, "--force") == 1  # everything again
    assert "finished before" not in capsys.readouterr().out
    forced = _stamps(out)
    assert all(forced[run] != after[run] for run in after)


def test_a_changed_workbook_or_parameter_runs_again(batch, capsys):
    nb, grid, out = batch
    grid.write_text("axes:\n  x: [1, 2]\n", encoding="utf-8")
    assert _kit_batch(nb, grid, out) == 0
    record = json.loads((out / "runs" / "x-1.json").read_text())
    assert record["status"] == "succeeded" and record["parameters"] == {"x": 1} and record["results"]["double"] == 2
    grid.write_text("parameters: {label: changed}\naxes:\n  x: [1, 2]\n", encoding="utf-8")
    assert _kit_batch(nb, grid, out) == 0  # same ids, other parameters: both run again
    assert "finished before" not in capsys.readouterr().out
    assert set(pd.read_csv(out / "results.csv")["label_recorded"]) == {"CHANGED"}


def test_a_cell_past_the_timeout_is_interrupted_and_its_run_fails(tmp_path):
    nb = write_notebook(tmp_path / "nb.ipynb", "import time\ntime.sleep(60)", "after = 1")
    batch = run_batch(nb, [{"x": 1}], tmp_path / "out", cell_timeout=2, progress=False)
    row = batch.table.loc[0]
    assert row["status"] == "failed" and row["cell"] == 1 and row["seconds"] < 30
    assert row["error"] == "CellTimeout: the cell ran longer than 2 s and was interrupted"
    kept = nbformat.read(str(tmp_path / "out" / row["notebook"]), as_version=4)
    assert [o["ename"] for c in kept.cells for o in c.get("outputs", []) if o.get("output_type") == "error"] == [
        "KeyboardInterrupt"]
    assert not batch.ok and "1 failed" in batch.summary()
