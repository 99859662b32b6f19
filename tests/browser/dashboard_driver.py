"""Driving workbook 05's dashboard in Chromium: served copies of it, its first view, a move of the
budget slider or the scenario switch and the wait until the page is redrawn. Shared by
``tests/browser/test_dashboard.py`` and ``bench/bench_dashboard.py``."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
PAGE = "05_executive_summary.ipynb"

#: The first view is there: headline, tiles, the slider and the scenario switch.
FIRST_VIEW = ("(() => { const d = document.querySelector('.kit-dash');"
              " return d && d.querySelector('.kit-lead') && d.querySelectorAll('.kit-tile').length >= 4"
              " && d.querySelector('.widget-slider') && d.querySelector('select'); })()")

#: Every budget and scenario is solved and drawn: the slider moves, nothing is being prepared.
ALL_READY = ("(() => { const d = document.querySelector('.kit-dash'); if (!d) return false;"
             " const s = d.querySelector('.kit-status'); const h = d.querySelector('.noUi-target');"
             " return s && !s.innerText.includes('Preparing') && h && !h.hasAttribute('disabled')"
             " && d.querySelectorAll('.kit-panel .kit-chart svg.marks').length >= 4; })()")

_DRAWN = "(() => { const s = document.querySelector('.kit-dash .kit-status'); return s ? s.dataset.point : null; })()"

# Redrawn: the status line names a newer drawing than before, every chart panel has drawn
# that same drawing (set once Vega has re-run or embedded it), and the line names the budget.
_REDRAWN = ("([before, budget]) => { const d = document.querySelector('.kit-dash');"
            " const s = d.querySelector('.kit-status'); const point = s.dataset.point;"
            " const charts = Array.from(d.querySelectorAll('.kit-panel .kit-chart'));"
            " return point !== before && charts.length >= 4"
            " && charts.every(c => c.dataset.point === point && c.querySelector('svg.marks'))"
            " && s.innerText.includes(budget); }")


def serve_copy(root: Path, workshop: Path | None = None, name: str = "site") -> Path:
    """A folder ``root/name`` with the kit's workbooks (workbook 05 pointed at ``workshop``, by
    default a copy of the demo) and a one-cell notebook ``trivial.ipynb``; returns the folder
    of workbooks to serve."""
    site = root / name
    shutil.copytree(ROOT / "workbooks", site / "workbooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    if workshop is None:
        shutil.copytree(ROOT / "datasets" / "demo", site / "datasets" / "demo")
    else:
        path = site / "workbooks" / PAGE
        nb = nbformat.read(str(path), as_version=4)
        cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        cell.source = cell.source.replace('"../datasets/demo"', repr(str(Path(workshop).resolve())).replace("'", '"'))
        nbformat.write(nb, str(path))
    trivial = nbformat.v4.new_notebook()
    trivial.cells = [nbformat.v4.new_code_cell("print('trivial page ready')")]
    nbformat.write(trivial, str(site / "workbooks" / "trivial.ipynb"))
    return site / "workbooks"


def open_page(page, url: str, ready: str, timeout: float = 120_000) -> float:
    """Load ``url`` once (no reload) and wait for ``ready``; the seconds it took."""
    start = time.perf_counter()
    page.goto(url, timeout=timeout)
    page.wait_for_function(ready, timeout=timeout, polling="raf")
    return time.perf_counter() - start


def wait_all_ready(page, timeout: float = 180_000) -> None:
    """Wait until every budget and scenario is solved and drawn (:data:`ALL_READY`); if that
    never happens, fail saying what the page shows instead (its status line, the slider)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(ALL_READY, timeout=timeout, polling=500)
    except PlaywrightTimeout:
        shown = page.evaluate("(() => { const d = document.querySelector('.kit-dash'); if (!d) return 'no dashboard';"
                              " const s = d.querySelector('.kit-status'), h = d.querySelector('.noUi-target');"
                              " return `status: ${s ? s.innerText : 'none'}; slider disabled: ${h ? h.hasAttribute('disabled') : 'none'};"
                              " charts drawn: ${d.querySelectorAll('.kit-panel .kit-chart svg.marks').length}`; })()")
        raise AssertionError(f"the dashboard never became ready in {timeout / 1000:.0f} s: {shown}") from None


def move_and_wait(page, key: str = "ArrowLeft", timeout: float = 30_000) -> float:
    """Press ``key`` on the budget slider's handle (one point along) and wait until the page is
    redrawn: the four charts drawn anew and the line under the slider naming the new budget.
    Returns the seconds from the key press to the last of these."""
    before = page.evaluate(_DRAWN)
    handle = page.locator(".kit-dash .noUi-handle").first
    handle.focus()
    start = time.perf_counter()
    page.keyboard.press(key)
    budget = page.locator(".kit-dash .widget-readout").first.inner_text().strip()
    page.wait_for_function(_REDRAWN, arg=[before, budget], timeout=timeout, polling="raf")
    return time.perf_counter() - start


def switch_and_wait(page, label: str, timeout: float = 30_000) -> float:
    """Choose scenario ``label`` and wait until the page is redrawn under it."""
    before = page.evaluate(_DRAWN)
    budget = page.locator(".kit-dash .widget-readout").first.inner_text().strip()
    start = time.perf_counter()
    page.locator(".kit-dash select").first.select_option(label=label)
    page.wait_for_function(_REDRAWN, arg=[before, budget], timeout=timeout, polling="raf")
    # option texts come with non-breaking spaces (ipywidgets); the header has plain ones
    page.wait_for_function("(l) => document.querySelector('.kit-dash .kit-dash-scenario').innerText"
                           ".replace(/\\u00a0/g, ' ').includes(l)", arg=label.replace("\xa0", " "), timeout=timeout)
    return time.perf_counter() - start
