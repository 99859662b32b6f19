"""Grid files: parameter sets read, checked against the workbook before anything runs, named."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit import InputError, cli
from kit.batch import check_sets, grid, read_grid, run_ids
from tests.batch.conftest import write_notebook
from tests.conftest import DEMO

PARAMETERS = ('workshop: str = ""  # workshop folder\nbudget: float = 0  # one-off budget\n'
              'scenario: str = "base"\nn_trials: int = 1000\nfocus: Optional[str] = None\nfast: bool = False')


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_notebook(tmp_path / "wb.ipynb", "pass", parameters="from typing import Optional\n" + PARAMETERS)


def _grid(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "grid.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_axes_make_every_combination_then_the_runs_over_the_fixed_parameters(tmp_path, workbook):
    path = _grid(tmp_path, f"""\
parameters:
  workshop: {DEMO}
  n_trials: 500
axes:
  budget: [3e6, 4000000]
  scenario: [base, downturn]
runs:
  - {{budget: 5.5e6, scenario: upside, n_trials: 2000}}
""")
    sets = read_grid(path, workbook)
    assert [(s["budget"], s["scenario"], s["n_trials"]) for s in sets] == [
        (3e6, "base", 500), (3e6, "downturn", 500), (4e6, "base", 500), (4e6, "downturn", 500),
        (5.5e6, "upside", 2000)]
    assert all(isinstance(s["budget"], float) for s in sets)  # 3e6 is a number, 4000000 a float parameter
    assert all(s["workshop"] == str(DEMO) for s in sets)
    assert run_ids(sets) == ["budget-3000000_scenario-base_n_trials-500", "budget-3000000_scenario-downturn_n_trials-500",
                             "budget-4000000_scenario-base_n_trials-500", "budget-4000000_scenario-downturn_n_trials-500",
                             "budget-5500000_scenario-upside_n_trials-2000"]


def test_only_fixed_parameters_is_one_run(tmp_path, workbook):
    assert read_grid(_grid(tmp_path, "parameters: {n_trials: 10, focus: null}\n"), workbook) == [
        {"n_trials": 10, "focus": None}]


def test_every_problem_is_named_with_its_set_parameter_and_line(tmp_path, workbook):
    path = _grid(tmp_path, """\
parameters:
  budgte: 1e6
axes:
  budget: [3e6, lots]
runs:
  - {scenario: 2024}
  - {n_trials: 2.5, workshop: no/such/folder}
  - {fast: "yes"}
""")
    with pytest.raises(InputError) as err:
        read_grid(path, workbook)
    problems = err.value.problems.set_index("row")
    assert list(problems.index) == [2, 4, 6, 7, 7, 8]
    assert problems.loc[2, "problem"] == "in parameters: wb.ipynb has no parameter 'budgte'"
    assert problems.loc[2, "hint"].startswith("did you mean 'budget'? wb.ipynb takes workshop, budget")
    assert problems.loc[4, "problem"] == "in axes.budget[1]: must be a number" and problems.loc[4, "value"] == "lots"
    assert problems.loc[6, "problem"] == "in runs[0]: must be text" and "quotes" in problems.loc[6, "hint"]
    by_column = err.value.problems.set_index("column")
    assert by_column.loc["n_trials", "problem"] == "in runs[1]: must be a whole number"
    assert by_column.loc["workshop", "problem"] == "in runs[1]: workshop folder not found"
    assert by_column.loc["fast", "problem"] == "in runs[2]: must be true or false"
    assert (err.value.problems["file"] == str(path)).all()


def test_a_yaml_error_names_its_line(tmp_path, workbook):
    path = _grid(tmp_path, "parameters:\n  budget: 3e6\naxes:\n  scenario: [base, downturn\nruns: []\n")
    with pytest.raises(InputError, match="is not valid YAML") as err:
        read_grid(path, workbook)
    assert err.value.problems.loc[0, "row"] == 5


def test_unknown_sections_and_shapes_are_problems(tmp_path, workbook):
    path = _grid(tmp_path, "axis:\n  budget: [1]\naxes:\n  scenario: base\nruns: {budget: 1}\n")
    with pytest.raises(InputError) as err:
        read_grid(path, workbook)
    problems = list(err.value.problems["problem"])
    assert problems == ["unknown section 'axis'", "an axis is a non-empty list of values",
                        "runs must be a list of {parameter: value} sets"]
    assert err.value.problems.loc[0, "hint"].startswith("did you mean 'axes'?")


def test_a_folder_without_workshop_yml_and_a_set_listed_twice(tmp_path, workbook):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="not a workshop folder"):
        read_grid(_grid(tmp_path, f"parameters: {{workshop: {tmp_path / 'empty'}}}\n"), workbook)
    with pytest.raises(InputError, match=r"runs\[0\] repeats budget=1.0"):
        read_grid(_grid(tmp_path, "axes: {budget: [1]}\nruns: [{budget: 1}]\n"), workbook)


def test_sets_from_python_are_checked_too(workbook):
    assert check_sets(workbook, grid(budget=[1, 2])) == [{"budget": 1.0}, {"budget": 2.0}]
    with pytest.raises(InputError, match="in set 2: wb.ipynb has no parameter 'colour'"):
        check_sets(workbook, [{"budget": 1}, {"colour": "red"}])


def test_run_ids_are_readable_file_names_and_unique():
    assert run_ids([{"x": 1, "name": "Nord / Süd"}, {"x": 2, "name": "Nord / Süd"}]) == ["x-1", "x-2"]
    assert run_ids([{"name": "a b"}, {"name": "a-b"}])[0].startswith("name-a-b-")  # same slug: a hash each
    assert len(set(run_ids([{"name": "a b"}, {"name": "a-b"}]))) == 2
    assert run_ids([{"rate": -0.05, "on": True}]) == ["rate--0.05_on-true"]
    assert run_ids([{}]) == ["run"]
    long = run_ids([{"text": "x" * 300}])[0]
    assert len(long) <= 100 and long.startswith("text-xxx")


def test_kit_batch_with_a_bad_grid_exits_2_without_a_traceback(tmp_path, workbook, capsys):
    path = _grid(tmp_path, "axes:\n  budget: [1e6, a lot]\n")
    assert cli.main(["batch", str(workbook), "--grid", str(path), "--out", str(tmp_path / "out")]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "grid.yml, line 2, setting budget" in err
    assert "in axes.budget[1]: must be a number" in err
    assert not (tmp_path / "out").exists()  # nothing ran
    assert cli.main(["batch", str(workbook), "--grid", str(tmp_path / "none.yml"), "--out", "o"]) == 2
    assert "grid file not found" in capsys.readouterr().err
    assert cli.main(["batch", str(tmp_path / "no.ipynb"), "--grid", str(path), "--out", "o"]) == 2
    assert "workbook not found" in capsys.readouterr().err


def test_kit_batch_passes_its_options_to_the_library(monkeypatch, tmp_path, capsys):
    seen = {}

    class Done:
        ok = False

        def summary(self) -> str:
            return "summary line"

    def fake(workbook, grid_file, out, **options):
        seen.update(workbook=workbook, grid=grid_file, out=out, **options)
        return Done()

    monkeypatch.setattr("kit.batch.run_grid_file", fake)
    code = cli.main(["batch", "wb.ipynb", "--grid", "g.yml", "--out", "o", "--workers", "3", "--timeout", "30",
                     "--retries", "0", "--force", "--scheduler", "tcp://127.0.0.1:8786"])
    assert code == 1 and "summary line" in capsys.readouterr().out
    assert seen == {"workbook": "wb.ipynb", "grid": "g.yml", "out": "o", "scheduler": "tcp://127.0.0.1:8786",
                    "workers": 3, "cell_timeout": 30.0, "retries": 0, "force": True, "echo": print}
    with pytest.raises(SystemExit):
        cli.main(["batch", "wb.ipynb", "--grid", "g.yml", "--out", "o", "--workers", "0"])
