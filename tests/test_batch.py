"""Running workbooks with papermill: failures keep the output, grids collect results."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from kit.batch import grid, run_grid, run_workbook, workbooks
from kit.errors import WorkbookFailed

pytestmark = pytest.mark.workbooks


def _notebook(path, *sources, parameters="x: int = 1"):
    cells = [nbformat.v4.new_code_cell(parameters)]
    cells[0].metadata["tags"] = ["parameters"]
    cells += [nbformat.v4.new_code_cell(s) for s in sources]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                       "display_name": "Python 3"}})
    nbformat.write(nb, path)
    return path


def test_a_failing_cell_raises_and_still_writes_the_marked_notebook(tmp_path):
    nb = _notebook(tmp_path / "bad.ipynb", "y = x + 1", "raise ValueError(f'no good: {y}')")
    with pytest.raises(WorkbookFailed, match="ValueError: no good: 3") as info:
        run_workbook(nb, tmp_path / "out.ipynb", {"x": 2})
    assert info.value.output.exists()
    # the third cell of the workbook as saved (parameters, y = x + 1, raise), whatever papermill injected
    assert info.value.cell == 2 and "failed in cell 2" in str(info.value)
    executed = nbformat.read(info.value.output, as_version=4)
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors and errors[0]["ename"] == "ValueError"


def test_grid_runs_every_combination_and_collects_scalar_results(tmp_path):
    nb = _notebook(tmp_path / "nb.ipynb",
                   "import kit\nkit.results.record('double', x * 2)\nkit.results.record('label', f'x={x}')",
                   parameters="x: int = 1\ny: str = 'a'")
    runs = run_grid(nb, grid(x=[1, 5], y=["a"]), tmp_path / "runs", executor=ThreadPoolExecutor(2), progress=False)
    assert list(runs["x"]) == [1, 5] and list(runs["double"]) == [2, 10]
    assert list(runs["label"]) == ["x=1", "x=5"] and (runs["error"] == "").all()
    assert (tmp_path / "runs" / "run-001.ipynb").exists()


def test_grid_reports_a_failed_run_without_stopping(tmp_path):
    nb = _notebook(tmp_path / "nb.ipynb", "assert x < 3, 'too big'\nimport kit\nkit.results.record('ok', True)")
    runs = run_grid(nb, [{"x": 1}, {"x": 7}], tmp_path / "runs", progress=False)
    assert list(runs["ok"].fillna(False)) == [True, False]
    assert runs.loc[1, "error"] == "AssertionError: too big"


def test_workbooks_lists_the_numbered_steps_in_order():
    names = [p.stem for p in workbooks()]
    assert names == sorted(names) and names[0] == "00_maturity" and names[-1] == "06_benefits"


def test_a_relative_workshop_folder_is_resolved_from_where_the_caller_stands(tmp_path, monkeypatch):
    (tmp_path / "ws").mkdir()
    (tmp_path / "books").mkdir()
    nb = _notebook(tmp_path / "books" / "nb.ipynb",
                   "import os, kit\nkit.results.record('exists', os.path.isdir(workshop))",
                   parameters="workshop: str = ''")
    monkeypatch.chdir(tmp_path)
    run = run_workbook(nb, tmp_path / "out.ipynb", {"workshop": "ws"})
    assert run.parameters["workshop"] == str(tmp_path / "ws")
    from kit.results import read

    assert read(run.output)["exists"] is True


def _failing_cell(tmp_path, source: str) -> tuple[str, str, list[str]]:
    """Run ``kit.charts.setup()`` then ``source`` (which raises); return the error's name, the
    HTML the failing cell displayed, and its error output's traceback lines."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import kit\nkit.charts.setup(display=False)"),
                nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(tmp_path / "failing.ipynb"))
    with pytest.raises(WorkbookFailed) as err:
        run_workbook(tmp_path / "failing.ipynb", tmp_path / "out.ipynb")
    assert err.value.cell == 1  # no parameters injected: papermill's index is the workbook's
    cells = nbformat.read(str(tmp_path / "out.ipynb"), as_version=4).cells
    (outputs,) = [c.outputs for c in cells if c.cell_type == "code" and c.source == source]
    shown = "".join(o.get("data", {}).get("text/html", "") for o in outputs if o.output_type == "display_data")
    (error,) = [o for o in outputs if o.output_type == "error"]
    return err.value.ename, shown, error.traceback


def test_a_wrong_workshop_shows_as_a_table_of_problems_not_a_traceback(tmp_path, demo_copy):
    """kit.charts.setup() (every workbook's first cell) makes an InputError readable in the
    notebook, while the cell still fails for papermill."""
    (demo_copy / "estimates.csv").write_text("opportunity_id,layer,driver,low,high\nOPP-01,financial,x,9,<b>1</b>\n")
    ename, shown, traceback = _failing_cell(tmp_path, f"kit.load_workshop({str(demo_copy)!r})")
    assert ename == "InputError"
    assert "problem" in shown and "estimates.csv" in shown
    assert "&lt;b&gt;1&lt;/b&gt;" in shown and "<b>1</b>" not in shown  # typed text stays text
    assert len(traceback) == 1 and "every problem is listed above" in traceback[0]


def test_an_input_error_without_rows_also_shows_as_a_table(tmp_path):
    """Errors about a whole table (no row: 'no pairwise judgments of goals') have an empty
    nullable row column; the table must still show, not the handler fail."""
    ename, shown, traceback = _failing_cell(
        tmp_path, "raise kit.InputError.single('no pairwise judgments of goals', file='pairwise.csv', hint='add rows')")
    assert ename == "InputError"
    assert "no pairwise judgments of goals" in shown and "add rows" in shown
    assert traceback == ["InputError: 1 problem found (every problem is listed above)"]
