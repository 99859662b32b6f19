"""Workbook 05's dashboard in headless Chromium, offline, on the demo (37 opportunities) and on a
generated workshop of 150 opportunities with 3 team capacities.

Per workshop, on one Voilà server: the first render of a trivial one-cell notebook, then the
dashboard's first view (headline, tiles, slider, switch) and the ratio of the two, measured in
the same run; the seconds until every budget of every scenario is solved exactly in the
background; then the budget slider's key press → every chart redrawn, median and max of 10
moves, and the scenario switch → redrawn, median of 3. Skipped without Chromium.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.dashboard_driver import (  # noqa: E402
    ALL_READY,
    FIRST_VIEW,
    PAGE,
    move_and_wait,
    open_page,
    serve_copy,
    switch_and_wait,
)
from tests.browser.harness import CHROMIUM_ARGS, block_remote, chromium_path, voila  # noqa: E402
from tests.generated import write_workshop  # noqa: E402

TRIVIAL_READY = "document.body.innerText.includes('trivial page ready')"
MOVES = 10


def _measure(browser, site: Path, log: Path) -> dict[str, float]:
    figures: dict[str, float] = {}
    with voila(site, log) as base:
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        blocked = block_remote(page)
        figures["trivial_first_render_s"] = open_page(page, f"{base}/voila/render/trivial.ipynb", TRIVIAL_READY)
        start = time.perf_counter()
        figures["first_view_s"] = open_page(page, f"{base}/voila/render/{PAGE}", FIRST_VIEW)
        page.wait_for_function(ALL_READY, timeout=600_000, polling=250)
        figures["all_points_exact_s"] = time.perf_counter() - start
        figures["first_view_over_trivial"] = figures["first_view_s"] / figures["trivial_first_render_s"]
        moves = [move_and_wait(page, "ArrowLeft" if k % 4 < 2 else "ArrowRight") for k in range(MOVES)]
        figures["slider_redraw_median_s"] = statistics.median(moves)
        figures["slider_redraw_max_s"] = max(moves)
        labels = page.locator(".kit-dash select option").all_inner_texts()
        switches = [switch_and_wait(page, label) for label in [*labels[1:], labels[0]]]
        figures["switch_redraw_median_s"] = statistics.median(switches)
        figures["requests_blocked"] = len(blocked)
        context.close()
    return figures


def run() -> dict[str, float | str]:
    if not chromium_path():
        return {"skipped": "no Chromium: apt-get install -y chromium"}
    from playwright.sync_api import sync_playwright

    out: dict[str, float | str] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        root = Path(tmp)
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        big = write_workshop(root / "generated", opportunities=150, teams=3)
        for name, site in (("demo", serve_copy(root, name="demo")), ("gen150", serve_copy(root, big, name="gen150"))):
            for key, value in _measure(browser, site, root / f"voila-{name}.log").items():
                out[f"{name}_{key}"] = value
        browser.close()
    return out
