"""The main job (`make demo`): validate, run every workbook, write the report."""

from __future__ import annotations

import re

import pytest

from kit import InputError
from kit.pipeline import report_workshop, run_workshop
from tests.conftest import DEMO

pytestmark = pytest.mark.workbooks


def test_demo_job_writes_every_workbook_and_a_report_led_by_the_executive_summary(tmp_path):
    report = run_workshop(DEMO, tmp_path, progress=False)
    executed = sorted(p.name for p in tmp_path.glob("*.ipynb"))
    assert executed == ["00_maturity.ipynb", "01_opportunity_map.ipynb", "02_prioritise.ipynb",
                        "03_value_scenarios.ipynb", "04_portfolio.ipynb", "05_executive_summary.ipynb",
                        "06_benefits.ipynb"]
    html = report.read_text()
    sections = re.findall(r"<section id='([^']+)'>", html)
    assert sections[0] == "05-executive-summary" and sections[1:] == [
        "00-maturity", "01-opportunity-map", "02-prioritise", "03-value-scenarios", "04-portfolio",
        "06-benefits"]
    assert html.count("window.vegaEmbed=") == 1 and html.count('class="kit-chart"') >= 30
    assert "Try another budget" not in html  # live widgets stay in the apps
    # the report opens with the dashboard, static: headline, the six tiles, then its charts
    first = html[html.index("<section id='05-executive-summary'>"):html.index("<section id='00-maturity'>")]
    assert first.count("class='kit-tile ") == 6 and "Delivered so far" in first and "kit-lead" in first
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "results.xlsx", read_only=True)
    assert book.sheetnames[0] == "Figures" and {"02 decisions", "03 summary", "04 selection"} <= set(book.sheetnames)
    summary = list(book["03 summary"].values)
    assert summary[0][:2] == ("opportunity_id", "title") and len(summary) - 1 == 19  # the YES list valued
    assert not (tmp_path / "charts").exists()  # PNGs only when asked for

    # kit report: everything is current, so nothing runs again; a missing workbook runs alone
    (tmp_path / "report.html").unlink()
    again = report_workshop(DEMO, tmp_path, progress=False)
    assert again.ran == {} and len(again.reused) == 7
    assert re.findall(r"<section id='([^']+)'>", again.report.read_text()) == sections
    (tmp_path / "01_opportunity_map.ipynb").unlink()
    kept = (tmp_path / "03_value_scenarios.ipynb").stat().st_mtime_ns
    again = report_workshop(DEMO, tmp_path, progress=False)
    assert again.ran == {"01_opportunity_map": "not executed yet"} and len(again.reused) == 6
    assert (tmp_path / "01_opportunity_map.ipynb").exists()
    assert (tmp_path / "03_value_scenarios.ipynb").stat().st_mtime_ns == kept


def test_a_bad_workshop_stops_before_any_kernel_starts(demo_copy, tmp_path):
    (demo_copy / "opportunities.csv").write_text("id,title\nA,Alpha\n")
    out = tmp_path / "out"
    with pytest.raises(InputError, match="required column is missing"):
        run_workshop(demo_copy, out, progress=False)
    assert not out.exists()  # nothing half-written
