"""The HTML report opens from disk with no network and draws every chart."""

from __future__ import annotations

import pytest

from kit.batch import run_workbook
from kit.report import build_report
from kit.resources import WORKBOOKS
from tests.browser.conftest import screenshot
from tests.conftest import DEMO

pytestmark = [pytest.mark.browser, pytest.mark.workbooks, pytest.mark.timeout(300)]


def test_report_draws_all_charts_offline(offline_page, tmp_path):
    executed = run_workbook(WORKBOOKS / "01_opportunity_map.ipynb", tmp_path / "01.ipynb",
                            {"workshop": str(DEMO)}).output
    report = build_report([executed], tmp_path / "report.html", subtitle="Nordhavn")
    html = report.read_text()
    assert html.count("window.vegaEmbed=") == 1  # one bundle for the whole page
    expected = html.count('class="kit-chart"')
    assert expected >= 6
    page = offline_page
    page.goto(report.as_uri())
    page.wait_for_function(f"document.querySelectorAll('.kit-chart svg.marks').length >= {expected}",
                           timeout=60_000)
    screenshot(page, "report")
    assert page.blocked == []  # not a single request left the machine
    body = page.inner_text("body")
    assert "Chart error" not in body and "Chart not shown" not in body
    assert "Opportunity map" in body
