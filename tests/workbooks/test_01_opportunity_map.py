"""Workbook 01 executed on the demo workshop: its recorded results tell the demo's story."""

from __future__ import annotations

import pytest

from tests.conftest import DEMO

pytestmark = pytest.mark.workbooks


def test_opportunity_map_records_coverage_and_gaps(execute):
    found = execute("01_opportunity_map", workshop=str(DEMO))
    assert found["opportunities"] == 37
    goals = found["goal_coverage"].set_index("goal")
    assert goals.loc["new_products", "status"] == "under-served"
    assert goals.loc["productivity", "serving"] > goals.loc["new_products", "serving"]
    gaps = " ".join(found["gaps"])
    assert "New product development" in gaps
    assert "OPP-09" in gaps and "OPP-27" in gaps  # the two ideas that serve no goal
    values = found["indicative_value"]
    assert len(values) == 37 and values["cost_mid"].gt(0).all()
    areas = found["area_coverage"]
    assert set(areas["capability_area"]) == {"relationship", "process", "portfolio", "governance", "analytics"}


def test_charts_are_offline_html(execute):
    import nbformat

    found = execute("01_opportunity_map", workshop=str(DEMO))
    nb = nbformat.read(found["__output__"], as_version=4)
    html = [o["data"]["text/html"] for c in nb.cells for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
    charts = [h for h in html if "vegaEmbed(" in h]
    assert len(charts) >= 6
    everything = "".join(html)
    assert "window.vegaEmbed=" in everything  # the bundle ships inside the notebook
    for remote in ('src="http', "src='http", 'href="http', "href='http"):
        assert remote not in everything  # no script or stylesheet is fetched from a CDN


def test_the_facilitator_s_idea_form_follows_the_map_and_batch_runs_skip_it():
    import nbformat

    from kit.resources import WORKBOOKS

    nb = nbformat.read(WORKBOOKS / "01_opportunity_map.ipynb", as_version=4)
    sources = [c.source for c in nb.cells]
    form = next(k for k, s in enumerate(sources) if "kit.apps.ideas.idea_form(ws)" in s)
    assert "kit.charts.opportunity_map(" in sources[form - 2] and sources[form - 1].startswith("## Add an idea")
    assert all("interactive" in nb.cells[k].metadata.get("tags", []) for k in (form - 1, form))
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")  # committed without outputs
