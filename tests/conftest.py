"""Shared fixtures: the demo workshop, tiny frames, and a way to execute workbooks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kit

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "datasets" / "demo"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def demo() -> kit.Workshop:
    """The demo workshop, loaded once per test session."""
    return kit.load_workshop(DEMO)


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo workshop folder."""
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    return target


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Workbooks collected by nbval count as workbook tests (``-m "not workbooks"`` skips them)."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.workbooks)
