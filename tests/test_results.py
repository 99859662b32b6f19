"""``kit.results``: values recorded in a notebook's outputs come back as they went in.

The notebooks are written with nbformat holding the bundles :func:`kit.results.record`
displays, so no kernel is needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import numpy as np
import pandas as pd
import pytest

from kit import results

FRAME = pd.DataFrame({"goal": ["productivity", "sales <b>", ""], "share": [0.5, np.nan, 0.125],
                      "serving": [3, 0, 1], "crowded": [True, False, False]})
SERIES = pd.Series([0.4, 0.35, 0.25], index=["fit", "value", "risk"], name="weight")


def _captured(monkeypatch, name: str, value: Any) -> dict[str, Any]:
    """The display_data output :func:`record` produces, as a kernel would store it."""
    shown: list[tuple[dict[str, Any], dict[str, Any]]] = []
    monkeypatch.setattr("IPython.display.display",
                        lambda obj, raw=False, metadata=None: shown.append((obj, metadata)))
    assert results.record(name, value) is None
    [(data, metadata)] = shown
    return nbformat.v4.new_output("display_data", data=data, metadata=metadata)


def _notebook(path: Path, outputs: list[list[dict[str, Any]]]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("# Results"))
    for cell_outputs in outputs:
        cell = nbformat.v4.new_code_cell("kit.results.record(...)")
        cell.outputs = cell_outputs
        nb.cells.append(cell)
    nbformat.write(nb, str(path))
    return path


def test_record_then_read_round_trips(monkeypatch, tmp_path: Path):
    values = {
        "count": 37, "rate": 0.08, "name": "Nordhavn", "flag": True, "nothing": None,
        "numpy": np.int64(5), "gaps": ["Goal 'Sales' is under-served.", "x"],
        "nested": {"a": [1, 2.5], "b": {"c": "d"}}, "frame": FRAME, "series": SERIES,
        "by_goal": FRAME.set_index("goal"),
    }
    outputs = [[_captured(monkeypatch, n, v)] for n, v in values.items()]
    outputs.append([nbformat.v4.new_output("stream", name="stdout", text="noise\n")])
    found = results.read(_notebook(tmp_path / "nb.ipynb", outputs))
    assert set(found) == set(values)
    for name in ("count", "rate", "name", "flag", "nothing", "gaps", "nested"):
        assert found[name] == values[name], name
    assert found["numpy"] == 5 and type(found["numpy"]) is int
    pd.testing.assert_frame_equal(found["frame"], FRAME)
    pd.testing.assert_series_equal(found["series"], SERIES)
    pd.testing.assert_frame_equal(found["by_goal"], FRAME.set_index("goal"))  # labels kept


def test_record_shows_no_text(monkeypatch):
    output = _captured(monkeypatch, "x", 1)
    assert output["data"]["text/html"] == ""  # nothing visible in Voila or the report
    assert output["metadata"][results.MIMETYPE] == {"name": "x"}
    assert "text/plain" not in output["data"]


def test_non_finite_numbers_become_missing(tmp_path: Path):
    nb = _notebook(tmp_path / "nb.ipynb", [[nbformat.v4.new_output(
        "display_data", data=results.bundle("v", [float("nan"), float("inf"), np.float64(1.5)]))]])
    assert results.read(nb) == {"v": [None, None, 1.5]}


def test_filtered_frames_come_back_with_clean_rows(tmp_path: Path):
    filtered = FRAME[FRAME["serving"] > 0]  # index 0, 2
    nb = _notebook(tmp_path / "nb.ipynb", [[nbformat.v4.new_output(
        "display_data", data=results.bundle("f", filtered))]])
    assert list(results.read(nb)["f"].index) == [0, 1]


def test_last_value_wins_and_string_payloads_are_read(tmp_path: Path):
    import json

    first = results.bundle("n", 1)
    second = results.bundle("n", 2)
    second[results.MIMETYPE] = json.dumps(second[results.MIMETYPE])  # as some front-ends store it
    nb = _notebook(tmp_path / "nb.ipynb", [
        [nbformat.v4.new_output("display_data", data=first)],
        [nbformat.v4.new_output("execute_result", data=second, execution_count=2)],
    ])
    assert results.read(nb) == {"n": 2}


def test_notebook_without_results(tmp_path: Path):
    assert results.read(_notebook(tmp_path / "nb.ipynb", [[]])) == {}


@pytest.mark.parametrize("value", [FRAME, SERIES, {"k": FRAME}])
def test_bundle_is_plain_json(value):
    import json

    payload = results.bundle("x", value)[results.MIMETYPE]
    assert json.loads(json.dumps(payload)) == payload
