"""The participant scoring app executed as a batch run: it loads the workshop and records
what the form is built from (the form itself is an interactive cell: Voilà runs it, batch
runs skip it; tests/test_widgets_scoring.py and the browser test drive it)."""

from __future__ import annotations

import pytest

from kit import results
from kit.batch import run_workbook, workbooks
from kit.resources import WORKBOOKS
from tests.conftest import DEMO

pytestmark = pytest.mark.workbooks


def test_scoring_app_runs_on_the_demo_and_is_not_a_numbered_workbook(tmp_path):
    output = tmp_path / "scoring.ipynb"
    run_workbook(WORKBOOKS / "apps" / "scoring.ipynb", output, {"workshop": str(DEMO)})
    found = results.read(output)
    assert found["opportunities"] == 37
    assert found["criteria"] == ["value", "fit", "urgency", "feasibility", "risk"]
    assert found["participants"] == 7
    assert all("apps" not in p.parts for p in workbooks())


def test_live_board_app_records_participation(tmp_path):
    output = tmp_path / "live.ipynb"
    run_workbook(WORKBOOKS / "apps" / "live.ipynb", output, {"workshop": str(DEMO)})
    table = results.read(output)["participation"]
    assert len(table) == 7 and (table["share"] == 1).all() and (table["comparisons"] == 10).all()
