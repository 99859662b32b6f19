"""Workbook 00 executed: the demo's maturity story, and a workshop with no answers yet."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import DEMO

pytestmark = pytest.mark.workbooks


def test_maturity_records_levels_gaps_and_themes(execute):
    found = execute("00_maturity", workshop=str(DEMO))
    assert found["respondents"] == 12
    levels = found["levels"].set_index("dimension")
    assert list(levels.index) == ["relationship", "process", "portfolio", "governance", "analytics",
                                  "value_management", "partnership"]
    weakest_two = set(levels["level_mean"].nsmallest(2).index)
    assert weakest_two == {"portfolio", "value_management"}
    assert levels.loc["portfolio", "target"] == 3.5 and levels.loc["partnership", "target"] == 4
    gaps = found["gaps"]
    assert gaps["portfolio"] == pytest.approx(levels.loc["portfolio", "target"] - levels.loc["portfolio", "level_mean"])
    assert min(gaps["portfolio"], gaps["value_management"]) > max(
        v for k, v in gaps.items() if k not in weakest_two)
    perception = found["perception_gaps"]
    assert max(perception, key=perception.get) == "partnership" and perception["partnership"] >= 0.8
    weakest = found["weakest_statements"]
    assert len(weakest) == 8 and set(weakest["dimension"].head(4)) <= weakest_two
    themes = found["themes"]
    assert themes["rank"].tolist() == list(range(1, len(themes) + 1))
    assert themes["dimension"].head(2).tolist() == ["portfolio", "value_management"]
    assert themes["size"].is_monotonic_decreasing
    assert "perception gap" in set(themes.loc[themes["dimension"] == "partnership", "kind"])
    _assert_offline_charts(found["__output__"], at_least=5)


def _assert_offline_charts(output, at_least: int) -> None:
    import nbformat

    nb = nbformat.read(output, as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert len([h for h in html if "vegaEmbed(" in h]) >= at_least
    assert not any(remote in h for h in html for remote in ('src="http', "src='http"))
    forms = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert forms == []  # the answering form is for people (Voilà); batch runs skip it
    form_cells = [c for c in nb.cells if "answer_form" in c.source]
    assert len(form_cells) == 1 and "interactive" in form_cells[0].metadata["tags"]


def test_maturity_without_answers_and_with_a_target_parameter(execute, tmp_path):
    folder = tmp_path / "fresh"
    shutil.copytree(DEMO, folder)
    (folder / "maturity.csv").unlink()
    found = execute("00_maturity", workshop=str(folder), targets={"portfolio": 4.5}, show_form=False)
    assert found["respondents"] == 0
    levels = found["levels"].set_index("dimension")
    assert levels["respondents"].eq(0).all() and levels.loc["portfolio", "target"] == 4.5
    assert levels.loc["analytics", "target"] == 4  # still from workshop.yml
    assert found["themes"].empty and found["weakest_statements"].empty
