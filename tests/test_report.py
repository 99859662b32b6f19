"""``kit.report.build_report``: one offline page from executed workbooks (made with nbformat)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

from kit import results
from kit.apps import display
from kit.charts.render import _GUARD, bundle_html, chart_html
from kit.report import build_report

ATTACK = "<script>alert(1)</script>"
SPEC = {"mark": "point", "data": {"values": [{"title": ATTACK, "x": 1}]},
        "encoding": {"x": {"field": "x", "type": "quantitative"}}}


def _executed(path: Path, heading: str) -> Path:
    """A workbook as papermill leaves it: markdown, charts, tables, results, logs, an error."""
    out = nbformat.v4.new_output
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell(f"# {heading}\n\nWhich goals are **under-served**?"))
    setup = nbformat.v4.new_code_cell("import kit\nkit.charts.setup()")
    setup.outputs = [out("display_data", data={"text/html": bundle_html()})]
    chart = nbformat.v4.new_code_cell("chart")
    # the renderer may also send the bundle along with the first chart
    chart.outputs = [out("display_data", data={"text/html": bundle_html() + chart_html(SPEC, "c1")}),
                     out("display_data", data={"text/html": chart_html(SPEC, "c2")})]
    table = nbformat.v4.new_code_cell("kit.apps.display.table(frame)")
    frame = pd.DataFrame({"title": [ATTACK, "Portal"], "cost": [1000.0, 2.5]})
    table.outputs = [out("display_data", data={"text/html": display.table(frame, display=False).data}),
                     out("execute_result", data={"text/plain": f"'{ATTACK}'"}, execution_count=3)]
    noise = nbformat.v4.new_code_cell("run()")
    noise.outputs = [out("stream", name="stderr", text="progress 50% secret-log-line\n"),
                     out("error", ename="ValueError", evalue="bad <input>", traceback=["tb-line"]),
                     out("display_data", data=results.bundle("recorded_secret", {"a": 1}))]
    live = nbformat.v4.new_markdown_cell("## Try another budget (needs a live kernel)")
    live.metadata["tags"] = ["interactive"]
    slider = nbformat.v4.new_code_cell("slider")
    slider.metadata["tags"] = ["interactive"]
    slider.outputs = [out("display_data", data={"text/html": "<p>interactive-slider-fallback</p>"})]
    nb.cells += [setup, chart, table, noise, live, slider]
    nbformat.write(nb, str(path))
    return path


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("report")
    executed = [_executed(folder / "01_opportunity_map.ipynb", "Opportunity map"),
                _executed(folder / "02_scoring.ipynb", "Scoring & weights")]
    path = build_report(executed, folder / "out" / "report.html", title="Report <Nordhavn>",
                        subtitle="Strategy workshop")
    assert sorted(p.name for p in path.parent.iterdir()) == ["report.html"]  # no temporary file left
    return path.read_text(encoding="utf-8")


def test_the_chart_bundle_is_on_the_page_once(page: str):
    assert page.count(f"window.{_GUARD} = true") == 1
    assert page.count('class="kit-chart"') == 4  # two charts in each of two workbooks
    assert page.index(f"window.{_GUARD} = true") < page.index('class="kit-chart"')


def test_nothing_is_fetched_from_the_network(page: str):
    for remote in ('src="http', "src='http", 'href="http', "href='http", "src=//", "@import"):
        assert remote not in page


def test_text_typed_by_people_is_escaped(page: str):
    assert ATTACK not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # in the table and the plain output
    assert "<title>Report &lt;Nordhavn&gt;</title>" in page
    assert "ValueError: bad &lt;input&gt;" in page


def test_sections_and_navigation(page: str):
    assert "<a href='#01-opportunity-map'>Opportunity map</a>" in page
    assert "<a href='#02-scoring'>Scoring &amp; weights</a>" in page
    assert page.count("<section id=") == 2
    assert "<strong>under-served</strong>" in page  # markdown is rendered


def test_code_logs_and_recorded_results_are_left_out(page: str):
    assert "import kit" not in page and "kit.apps.display.table(frame)" not in page
    assert "secret-log-line" not in page and "tb-line" not in page
    assert "recorded_secret" not in page


def test_cells_tagged_interactive_are_left_out(page: str):
    assert "Try another budget" not in page and "interactive-slider-fallback" not in page
