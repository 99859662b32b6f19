"""The executive dashboard of workbook 05 (kit.apps.executive): exact points computed once,
moves that solve nothing, the page's text escaped, and a static copy for the report."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

import kit
from kit import portfolio
from kit.apps.executive import Dashboard
from kit.apps.executive.points import SpecTemplates
from kit.charts import summary as charts
from tests.conftest import DEMO
from tests.generated import write_workshop


@pytest.fixture(scope="module")
def board(demo):
    made = Dashboard(demo, n_trials=1_000, seed=3, points=6)
    made.explore(background=False)
    return made


def _text(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def test_every_point_of_every_scenario_is_the_proven_optimum_at_its_budget(demo, board):
    grid = board.points.grid
    assert [b for _, b in board.budget.options] == grid and not board.budget.disabled
    assert 5_000_000 in grid and len(grid) == 7  # six spaced budgets and the workshop's
    for name in demo.settings.scenarios:
        assert board.points.ready(name)
        st = board.points.scenarios[name]
        for k in (0, 3, len(grid) - 1):
            alone = portfolio.select(st.candidates, budget=grid[k], capacity=portfolio.capacity_limits(demo))
            assert st.views[k].summary.selection.selected_ids == alone.selected_ids
            assert st.views[k].summary.selection.status == "optimal"


def test_moves_swap_in_drawn_points_and_solve_nothing(board, monkeypatch):
    def no_solving(*_args, **_kwargs):
        raise AssertionError("a move of the slider solved a portfolio")

    monkeypatch.setattr(portfolio, "select", no_solving)
    monkeypatch.setattr(portfolio, "roadmap", no_solving)
    for _, budget in board.budget.options:
        board.budget.value = budget
        assert board.summary.selection.budget == budget  # how fast: bench/bench_dashboard.py
    board.scenario.value = "growth"
    assert board.summary.scenario == "E-commerce growth" and board.summary.selection.budget == budget
    board.scenario.value = "base"


def test_the_status_line_says_which_point_and_what_is_exact(board):
    board.budget.value = board.points.grid[2]
    said = _text(board.status.value)
    assert f"point 3 of {len(board.points.grid)} of the efficient frontier" in said
    assert "Exact: the portfolio is the proven optimum" in said and "HiGHS, gap 0" in said
    assert "Estimated: the NPV figures, from 1,000 simulated futures" in said
    assert "Preparing" not in said  # every scenario is ready


def test_the_first_view_says_the_rest_is_being_prepared(demo):
    first = Dashboard(demo, n_trials=500, seed=3, points=4)
    assert first.budget.disabled and [b for _, b in first.budget.options] == [5_000_000.0]
    assert "Preparing the exact optimum at every other budget" in _text(first.status.value)
    assert "Exact: the portfolio is the proven optimum for a budget of 5.00 M EUR" in _text(first.status.value)
    assert first.view.specs[2] is None  # the frontier, after first paint
    assert all(first.view.specs[k] for k in (0, 1, 3))


def test_the_tiles_and_tables_show_the_figures_and_every_decision(board):
    board.budget.value = 5_000_000.0
    tiles = _text(board.tiles.value)
    f = board.summary.figures
    for piece in ("Portfolio NPV, median", kit.text.money(f["npv_median"], "EUR"), "Chance of a loss", "Budget used",
                  "Team capacity used", f"{f['yes']:.0f} YES", f"{f['not_now']:.0f} NOT NOW", f"{f['no']:.0f} NO"):
        assert piece in tiles
    body = board.decisions.value.split("<tbody>")[1]
    rows = [re.findall(r"<td[^>]*>(.*?)</td>", r) for r in body.split("</tr>") if "<td" in r]
    assert len(rows) == 37 and all(r[3] for r in rows)  # every opportunity, each with its reason
    assert {r[4] for r in rows} == {"in", "out"}
    assert sorted(r[0] for r in rows) == sorted(board.summary.decisions["opportunity_id"])


def _named_in_order(spec: dict) -> dict:
    """A spec with its datasets renamed by their columns (their names are hashes of the rows, and
    ``sort_keys`` would order them by those hashes)."""
    import json

    text = json.dumps(spec, sort_keys=True)
    for name, rows in spec.get("datasets", {}).items():
        text = text.replace(name, "dataset(" + ",".join(sorted(rows[0])) + ")")
    return json.loads(text)


def test_the_sixth_tile_is_what_was_delivered_once_there_are_actuals(board, tmp_path):
    tiles = _text(board.tiles.value)
    assert "Delivered so far 1.62 M EUR against 1.61 M EUR promised (100%), 2027-Q1 to 2027-Q4; 2 items behind" in tiles
    assert "kit-tile-behind" in board.tiles.value and "In the portfolio" not in tiles
    bare = tmp_path / "bare"
    shutil.copytree(DEMO, bare)
    (bare / "actuals.csv").unlink()
    page = Dashboard(kit.load_workshop(bare), n_trials=300, seed=3, points=3)
    assert "In the portfolio" in _text(page.tiles.value) and "Delivered" not in page.tiles.value


def test_a_refilled_chart_spec_is_the_spec_built_afresh(board):
    """The templates swap data only: a later point's spec equals a fresh build of that point."""
    templates = SpecTemplates()
    for k in (1, 4):
        sums = kit.summary.layer_sums(board.points.summary("base", k).layers)
        refilled = templates.spec(("layers",), lambda sums=sums: charts.layer_totals(sums, "EUR"), sums)
    fresh = charts.layer_totals(sums, "EUR").to_dict(validate=False)
    assert _named_in_order(refilled) == _named_in_order(fresh)


def test_markup_typed_into_a_title_stays_text(tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    opps = pd.read_csv(folder / "opportunities.csv")
    opps.loc[0, "title"] = "<img src=x onerror=alert(1)>"
    opps.to_csv(folder / "opportunities.csv", index=False)
    page = Dashboard(kit.load_workshop(folder), n_trials=300, seed=3, points=3)
    markup = page.decisions.value + page.differences.value + page.static_html()
    # chart data rides in scripts as JSON (vega draws it as SVG text); nowhere else is it markup
    outside_scripts = re.sub(r"<script>.*?</script>", "", markup, flags=re.S)
    assert "<img src=x" not in outside_scripts and "&lt;img src=x onerror=alert(1)&gt;" in page.decisions.value
    assert "</script" not in "".join(re.findall(r"<script>(.*?)</script>", markup, flags=re.S))


def test_complete_draws_the_frontier_into_the_static_copy_when_nobody_explores(demo):
    page = Dashboard(demo, n_trials=500, seed=3, points=4)
    assert "Efficient frontier" not in page.static_html()
    page.complete()
    static = page.static_html()
    assert static.count('class="kit-chart"') == 4 and "point 5 of 5 of the efficient frontier" in _text(static)
    bundle = page._repr_mimebundle_()  # the widget for live pages, the copy for the report
    assert "application/vnd.jupyter.widget-view+json" in bundle and "Efficient frontier" in bundle["text/html"]


def test_the_background_finishes_and_a_150_opportunity_workshop_moves_without_solving(tmp_path, monkeypatch):
    ws = kit.load_workshop(write_workshop(tmp_path / "gen", opportunities=150, teams=3))
    page = Dashboard(ws, n_trials=1_000, seed=3, points=5)
    page.explore()  # in a thread
    assert page.wait(timeout=240)
    assert all(page.points.ready(n) for n in ws.settings.scenarios) and not page.budget.disabled

    def no_solving(*_args, **_kwargs):
        raise AssertionError("a move of the slider solved a portfolio")

    monkeypatch.setattr(portfolio, "select", no_solving)
    monkeypatch.setattr(portfolio, "roadmap", no_solving)
    for name in ws.settings.scenarios:
        page.scenario.value = name
        for _, budget in page.budget.options:
            page.budget.value = budget
            assert page.summary.selection.budget == budget and len(page.summary.decisions) == 150


def test_the_generator_is_deterministic(tmp_path):
    a = write_workshop(tmp_path / "a", opportunities=20, teams=2)
    b = write_workshop(tmp_path / "b", opportunities=20, teams=2)
    for name in ("workshop.yml", "opportunities.csv", "estimates.csv", "scores.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    ws = kit.load_workshop(a, use_cache=False)
    assert len(ws.opportunities) == 20 and set(ws.settings.capacity) == {"platform", "data"}
