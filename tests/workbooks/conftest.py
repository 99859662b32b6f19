"""Execute workbooks with papermill and read back what they recorded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kit import results
from kit.batch import run_workbook
from kit.resources import WORKBOOKS

pytestmark = pytest.mark.workbooks


@pytest.fixture
def execute(tmp_path: Path) -> Callable[..., dict[str, Any]]:
    """``execute("01_opportunity_map", workshop=...)`` runs a workbook and returns its results."""

    def run(name: str, **parameters: Any) -> dict[str, Any]:
        notebook = WORKBOOKS / f"{name}.ipynb"
        output = tmp_path / f"{name}.ipynb"
        run_workbook(notebook, output, parameters)
        found = results.read(output)
        found["__output__"] = output
        return found

    return run
