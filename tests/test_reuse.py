"""``kit report`` reuses an executed workbook only while it is current (kit.pipeline.stale_reason)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pytest

import kit
from kit.pipeline import Published, stale_reason
from tests.conftest import DEMO


@pytest.fixture()
def setting(tmp_path):
    """A workshop, a workbook and its executed copy, written in that order one second apart."""
    folder = tmp_path / "ws"
    shutil.copytree(DEMO, folder)
    workbook = tmp_path / "book.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), workbook)
    executed = tmp_path / "out" / "book.ipynb"
    executed.parent.mkdir()
    _executed(executed, folder)
    base = executed.stat().st_mtime - 10
    for path in [*folder.rglob("*"), workbook]:
        os.utime(path, (base, base))
    return kit.load_workshop(folder), workbook, executed


def _executed(path: Path, workshop: Path, exception: bool = False) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"parameters": {"workshop": str(workshop.resolve())}, "exception": exception}
    nbformat.write(nb, path)


def _touch(path: Path, later: float = 5) -> None:
    when = path.stat().st_mtime + later
    os.utime(path, (when, when))


def test_a_current_executed_workbook_is_reused(setting):
    ws, workbook, executed = setting
    assert stale_reason(executed, workbook, ws) == ""


def test_missing_failed_or_run_on_another_workshop_runs_again(setting, tmp_path):
    ws, workbook, executed = setting
    assert stale_reason(tmp_path / "out" / "other.ipynb", workbook, ws) == "not executed yet"
    _executed(executed, ws.path, exception=True)
    assert stale_reason(executed, workbook, ws) == "failed last time"
    _executed(executed, tmp_path / "elsewhere")
    assert stale_reason(executed, workbook, ws) == f"executed on another workshop ({(tmp_path / 'elsewhere').resolve()})"
    executed.write_text("{not json")
    assert stale_reason(executed, workbook, ws).startswith("unreadable")


def test_a_changed_workbook_or_table_runs_again(setting):
    ws, workbook, executed = setting
    _touch(workbook, later=20)
    assert stale_reason(executed, workbook, ws) == "the workbook changed since"
    _touch(workbook, later=-20)
    _touch(ws.path / "scores.csv", later=20)
    assert stale_reason(executed, workbook, ws) == "scores.csv changed since"


def test_what_serving_and_reading_touch_is_not_a_change(setting):
    """kit serve's files, SQLite's shared-memory index and the store's lock file change while
    the data stays the same; an output folder inside the workshop is the report's own."""
    ws, workbook, executed = setting
    for name in ("serve/participant-link.txt", "contributions.sqlite-shm", "contributions.sqlite.lock",
                 "out/05_executive_summary.ipynb"):
        path = ws.path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text("x")
        _touch(path, later=20)
    assert stale_reason(executed, workbook, ws, ignore=ws.path / "out") == ""
    assert stale_reason(executed, workbook, ws) == "out/05_executive_summary.ipynb changed since"


def test_the_summary_line_says_what_was_reused_and_what_ran_and_why():
    done = Published(Path("r.html"), ["00_maturity", "02_prioritise"], {"01_opportunity_map": "not executed yet"})
    assert done.summary() == "Reused 2 executed workbooks, ran 01_opportunity_map (not executed yet)."
    assert Published(Path("r.html"), ["00_maturity"]).summary() == "Reused 1 executed workbook."
