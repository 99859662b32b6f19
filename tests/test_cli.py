"""The ``kit`` command: it parses, delegates, and turns input problems into exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit import cli
from tests.conftest import DEMO
from tests.data.corpus import BAD_CASES, DATA, expected, place_bad


@pytest.mark.parametrize("case", BAD_CASES)
def test_validate_bad_input_prints_row_and_column(case: str, tmp_path: Path, capsys):
    folder = place_bad(case, tmp_path)
    assert cli.main(["validate", str(folder)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    flat = " ".join(err.split())  # long messages wrap over lines
    for exp in expected(case).itertuples(index=False):
        # workshop.yml is lines of settings; tables are rows and columns
        row, column = ("line", "setting") if exp.file.endswith(".yml") else ("row", "column")
        if exp.row:
            assert f"{row} {exp.row}" in err
        if exp.column:
            assert f"{column} {exp.column}" in err
        assert exp.problem in flat
    assert err.startswith(f"workshop {folder.name}: ") or err.startswith("1 problem found")


def test_validate_good_workshop_prints_one_line(capsys):
    assert cli.main(["validate", str(DATA / "good")]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 1 and err == ""
    assert out.startswith("OK ") and "4 opportunities, 4 estimates" in out


def test_validate_demo_exits_0_with_one_line_summary(capsys):
    assert cli.main(["validate", str(DEMO)]) == 0
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert len(lines) == 1 and err == ""
    assert "Nordhavn Freight & Logistics" in lines[0] and "37 opportunities" in lines[0]


def test_validate_missing_folder_exits_2(tmp_path: Path, capsys):
    assert cli.main(["validate", str(tmp_path / "nowhere")]) == 2
    assert "workshop folder not found" in capsys.readouterr().err


def test_several_problems_are_all_listed(tmp_path: Path, capsys):
    folder = place_bad("opportunities__several_problems.csv", tmp_path)
    assert cli.main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n* ") == 4 and "4 problems found" in err
    assert "found: lots" in err and "fix: " in err


def test_unexpected_error_is_one_line_without_traceback(monkeypatch, capsys):
    def broken(path):
        raise RuntimeError("boom")

    monkeypatch.delenv("KIT_DEBUG", raising=False)
    monkeypatch.setattr("kit.workshop.load_workshop", broken)
    assert cli.main(["validate", "anything"]) == 1
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err
    monkeypatch.setenv("KIT_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        cli.main(["validate", "anything"])


def test_new_delegates_with_its_arguments(monkeypatch, tmp_path: Path, capsys):
    calls = []
    monkeypatch.setattr("kit.new.new_workshop", lambda path, name=None: calls.append((path, name)) or Path(path))
    assert cli.main(["new", str(tmp_path / "w"), "--name", "Q3 workshop"]) == 0
    assert calls == [(str(tmp_path / "w"), "Q3 workshop")]
    assert "kit validate" in capsys.readouterr().out


def test_new_refuses_non_empty_folder(tmp_path: Path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert cli.main(["new", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_new_then_validate_names_the_empty_tables(tmp_path: Path, capsys):
    folder = tmp_path / "ws"
    assert cli.main(["new", str(folder)]) == 0
    assert cli.main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("table has no rows") == 2
    assert "sheet opportunities" in err and "sheet estimates" in err


def test_run_delegates_with_its_arguments(monkeypatch, tmp_path: Path, capsys):
    calls = []

    def fake_run(workshop, out, progress, png):
        calls.append((workshop, out, progress, png))
        return Path(out) / "report.html"

    monkeypatch.setattr("kit.pipeline.run_workshop", fake_run)
    assert cli.main(["run", "ws", "--out", str(tmp_path), "--quiet"]) == 0
    assert calls == [("ws", str(tmp_path), False, False)]
    printed = capsys.readouterr().out
    assert "report.html" in printed and "results.xlsx" in printed and "PNG" not in printed
    assert cli.main(["run", "ws", "--out", str(tmp_path), "--png"]) == 0
    assert calls[-1] == ("ws", str(tmp_path), True, True)
    assert f"Charts as PNG: {tmp_path.resolve() / 'charts'}" in capsys.readouterr().out


def test_report_delegates_and_says_what_it_reused(monkeypatch, tmp_path: Path, capsys):
    from kit.pipeline import Published

    calls = []

    def fake_report(workshop, out, progress, png):
        calls.append((workshop, out, progress, png))
        return Published(Path(out) / "report.html", ["00_maturity"], {"05_executive_summary": "scores.csv changed since"})

    monkeypatch.setattr("kit.pipeline.report_workshop", fake_report)
    assert cli.main(["report", "ws", "--out", str(tmp_path), "--png", "--quiet"]) == 0
    assert calls == [("ws", str(tmp_path), False, True)]
    printed = capsys.readouterr().out
    assert "Reused 1 executed workbook, ran 05_executive_summary (scores.csv changed since)." in printed
    assert f"Charts as PNG: {tmp_path.resolve() / 'charts'}" in printed and "report.html" in printed


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main([])
    assert info.value.code == 2
    assert "usage: kit" in capsys.readouterr().err


def test_version(capsys):
    import kit

    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"kit {kit.__version__}"


def test_workbooks_delegates_with_its_arguments(monkeypatch, tmp_path: Path, capsys):
    calls = []
    monkeypatch.setattr("kit.new.copy_workbooks", lambda path, workshop=None: calls.append((path, workshop)) or [])
    assert cli.main(["workbooks", str(tmp_path / "wb"), "--workshop", "ws"]) == 0
    assert calls == [(str(tmp_path / "wb"), "ws")]
    assert f"jupyter lab {tmp_path / 'wb'}" in capsys.readouterr().out


def test_python_dash_m_kit_is_the_kit_command():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "kit", "--help"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("usage: kit ") and "workbooks" in out.stdout


def test_store_export_and_import_from_the_command_line(demo_copy: Path, tmp_path: Path, capsys, monkeypatch):
    monkeypatch.delenv("KIT_STORE", raising=False)
    assert cli.main(["store", "import", str(demo_copy), "--table", "pairwise"]) == 0
    assert "Imported 70 pairwise into the store; set aside: pairwise.csv.imported" in capsys.readouterr().out
    assert cli.main(["store", "export", str(demo_copy), "--to", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Exported 70 contributions with who and when") and "history.csv" in printed
    assert (tmp_path / "out" / "contributions.xlsx").is_file()
    (demo_copy / "scores.csv").write_text("participant,opportunity_id,criterion,score\nAnn,OPP-01,value,eleven\n")
    assert cli.main(["store", "import", str(demo_copy)]) == 2
    err = capsys.readouterr().err
    assert "scores.csv" in err and "row 2" in err and "Traceback" not in err
