"""Exports beside the report: results.xlsx and the charts as PNG files."""

from __future__ import annotations

from pathlib import Path

import nbformat
import openpyxl
import pandas as pd

from kit import exports, results
from kit.charts.render import bundle_html, chart_html, specs_in_html

SPEC = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "title": {"text": "Value: </script> & more"},
        "data": {"values": [{"a": "x", "b": 1}, {"a": "y", "b": 3}]}, "mark": "bar",
        "encoding": {"x": {"field": "a", "type": "nominal"}, "y": {"field": "b", "type": "quantitative"}}}


def _executed(path: Path, cells: list[tuple[list[dict], list[str]]]) -> Path:
    nb = nbformat.v4.new_notebook()
    for outputs, tags in cells:
        cell = nbformat.v4.new_code_cell("x", metadata={"tags": tags})
        cell.outputs = [nbformat.v4.new_output("display_data", data=data) for data in outputs]
        nb.cells.append(cell)
    nbformat.write(nb, str(path))
    return path


def test_chart_specs_are_read_back_from_the_html_exactly():
    other = {**SPEC, "title": "Second"}
    markup = bundle_html() + chart_html(SPEC, "c1") + "<p>between</p>" + chart_html(other, "c2")
    assert specs_in_html(markup) == [SPEC, other]
    assert specs_in_html("<p>no chart</p>") == []


def test_results_workbook_has_figures_then_one_sheet_per_table(tmp_path: Path):
    table = pd.DataFrame({"id": ["OPP-1", "OPP-2"], "title": ["=HYPERLINK(\"http://x\")", "Plain"],
                          "goals": [["sales"], ["sales", "market_share"]]})
    long_name = "a_result_name_that_is_far_too_long_for_excel"
    nb = _executed(tmp_path / "03_value_scenarios.ipynb", [([
        results.bundle("n_trials", 10_000), results.bundle("gaps", {"portfolio": 1.5, "process": 0.5}),
        results.bundle("summary", table), results.bundle(long_name, table),
        results.bundle(long_name + "_too", table), results.bundle("odd:name?", table)], [])])
    out = exports.results_workbook([nb], tmp_path / "out" / "results.xlsx")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Figures", "03 summary", "03 a_result_name_that_is_far_to",
                               "03 a_result_name_that_is_fa (2)", "03 odd name"]
    assert max(len(n) for n in book.sheetnames) == 31
    figures = list(book["Figures"].values)
    assert figures == [("workbook", "result", "key", "value"), ("03_value_scenarios", "n_trials", None, 10000),
                       ("03_value_scenarios", "gaps", "portfolio", 1.5), ("03_value_scenarios", "gaps", "process", 0.5)]
    rows = list(book["03 summary"].values)
    assert rows[1] == ("OPP-1", '=HYPERLINK("http://x")', "sales")
    assert book["03 summary"]["B2"].data_type == "s"  # a formula typed by a person stays text
    assert rows[2][2] == "sales, market_share"


def test_chart_images_draws_every_chart_but_the_interactive_ones(tmp_path: Path):
    other = {**SPEC, "title": "Left out"}
    nb = _executed(tmp_path / "01_map.ipynb", [
        ([{"text/html": bundle_html() + chart_html(SPEC)}], []),
        ([{"text/html": chart_html(other)}], ["interactive"]),
        ([{"text/html": "<p>text</p>", "text/plain": "text"}], []),
    ])
    files = exports.chart_images([nb], tmp_path / "charts", scale=1)
    assert [f.name for f in files] == ["01_map-01-value-script-more.png"]
    png = files[0].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2_000
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == ["01_map-01-value-script-more.png"]
