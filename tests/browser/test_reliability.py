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

import pytest

from tests.browser.harness import render_fully, voila

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(900)]

LOADS = 20
PAGE = "05_executive_summary.ipynb"


def _complete(mark: str) -> bool:
    done, total = map(int, re.findall(r"\d+", mark))
    return done == total


def test_workbook_05_loads_completely_on_fresh_servers(served, tmp_path):
    """Each load the first page of a new server: the case that stopped in 7 of 9 loads."""
    for i in range(LOADS):
        with voila(served / "workbooks", tmp_path / f"voila-{i}.log") as base:
            seconds, mark = render_fully(f"{base}/voila/render/{PAGE}")
        assert _complete(mark), f"load {i + 1} of {LOADS} stopped at {mark} after {seconds:.1f} s"


def test_workbook_05_loads_completely_again_and_again_on_one_server(served, tmp_path):
    with voila(served / "workbooks", tmp_path / "voila.log") as base:
        for i in range(LOADS):
            seconds, mark = render_fully(f"{base}/voila/render/{PAGE}")
            assert _complete(mark), f"load {i + 1} of {LOADS} stopped at {mark} after {seconds:.1f} s"
