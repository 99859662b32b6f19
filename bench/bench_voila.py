"""Voilà in headless Chromium, offline: time to first chart, and the budget slider's round trip
(release → re-optimise in the kernel → new chart drawn in the page) on the demo workshop.

Skipped (with a note in the figures) when no Chromium is installed.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.harness import (  # noqa: E402
    CHROMIUM_ARGS,
    block_remote,
    chromium_path,
    set_slider_and_wait,
    voila,
)

BUDGETS = [3_000_000, 4_000_000, 6_000_000, 4_500_000, 5_000_000, 3_500_000]


def _first_render(page, url: str, charts: int) -> float:
    start = time.perf_counter()
    page.goto(url, timeout=180_000)
    page.wait_for_function(f"document.querySelectorAll('.kit-chart svg.marks').length >= {charts}",
                           timeout=180_000)
    return time.perf_counter() - start


def run() -> dict[str, float | str]:
    if not chromium_path():
        return {"skipped": "no Chromium: apt-get install -y chromium"}
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        served = Path(tmp)
        shutil.copytree(ROOT / "workbooks", served / "workbooks")
        shutil.copytree(ROOT / "datasets" / "demo", served / "datasets" / "demo")
        with voila(served / "workbooks", served / "voila.log") as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            blocked = block_remote(page)
            figures: dict[str, float | str] = {
                "first_render_01_opportunity_map_s": _first_render(
                    page, f"{base}/voila/render/01_opportunity_map.ipynb", 6),
                "first_render_04_portfolio_s": _first_render(page, f"{base}/voila/render/04_portfolio.ipynb", 8),
            }
            trips = [set_slider_and_wait(page, b) for b in BUDGETS]
            figures["slider_round_trip_median_ms"] = statistics.median(trips) * 1000
            figures["slider_round_trip_max_ms"] = max(trips) * 1000
            figures["requests_blocked_not_local"] = len(blocked)
            browser.close()
    return figures
