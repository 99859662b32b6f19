"""Pages load completely, every time, with no reload.

Workbook 05 used to stop at its controls cell in most loads (``voila_process(17, 19)``, kernel
and server idle): the controls filled an ``Output`` widget by capturing the cell's own output,
and Voilà's executor answered each captured message on the kernel's shell channel while
waiting there for the cell's reply, which it then now and then never saw. The apps now fill
Output widgets by setting their state (:func:`kit.apps.display.show_in`). These tests load the
page over HTTP as a browser's first request does (the page streams cell by cell) and fail on
the first incomplete one: no retry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.harness import render_fully, voila

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(900)]

#: Loads per test in the suite; ``bench/bench_reliability.py`` makes 20 of each (issue 14's proof).
LOADS = 5
PAGE = "05_executive_summary.ipynb"


def _complete(mark: str) -> bool:
    done, total = map(int, re.findall(r"\d+", mark))
    return done == total


def loads_on_fresh_servers(site: Path, logs: Path, loads: int) -> list[tuple[float, str]]:
    """Workbook 05 as the first page of ``loads`` new Voilà servers: (seconds, last progress
    mark) of each, stopping at the first incomplete load."""
    seen = []
    for i in range(loads):
        with voila(site, logs / f"voila-{i}.log") as base:
            seen.append(render_fully(f"{base}/voila/render/{PAGE}"))
        if not _complete(seen[-1][1]):
            break
    return seen


def loads_on_one_server(site: Path, logs: Path, loads: int) -> list[tuple[float, str]]:
    """Workbook 05 ``loads`` times in a row from one Voilà server, as :func:`loads_on_fresh_servers`."""
    seen = []
    with voila(site, logs / "voila.log") as base:
        for _ in range(loads):
            seen.append(render_fully(f"{base}/voila/render/{PAGE}"))
            if not _complete(seen[-1][1]):
                break
    return seen


def _all_complete(seen: list[tuple[float, str]], loads: int) -> None:
    for i, (seconds, mark) in enumerate(seen):
        assert _complete(mark), f"load {i + 1} of {loads} stopped at {mark} after {seconds:.1f} s"
    assert len(seen) == loads


def test_workbook_05_loads_completely_on_fresh_servers(served, tmp_path):
    """Each load the first page of a new server: the case that stopped in 7 of 9 loads."""
    _all_complete(loads_on_fresh_servers(served / "workbooks", tmp_path, LOADS), LOADS)


def test_workbook_05_loads_completely_again_and_again_on_one_server(served, tmp_path):
    _all_complete(loads_on_one_server(served / "workbooks", tmp_path, LOADS), LOADS)
