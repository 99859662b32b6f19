"""Workbook 05 as the executives' dashboard, in a real headless Chromium, offline.

The answer above the fold at 1440×900 and at 1024×768 (screenshots of the first viewport in
``out/browser/``); the slider and the scenario switch redraw the page from exact points solved
in the background; every opportunity in the decision table with its reason; a title typed as
markup shows as text. Timings are printed, not asserted: ``bench/bench_dashboard.py`` measures
them (median of 10 moves, demo and 150 opportunities, beside a trivial notebook).
"""

from __future__ import annotations

import shutil
import statistics

import pandas as pd
import pytest

from tests.browser.conftest import SHOTS
from tests.browser.dashboard_driver import (
    FIRST_VIEW,
    PAGE,
    move_and_wait,
    open_page,
    serve_copy,
    switch_and_wait,
    wait_all_ready,
)
from tests.browser.harness import block_remote, voila
from tests.conftest import DEMO

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

MARKUP = "<img src=x onerror=alert(1)>"
#: What must be inside the first viewport: the headline, every tile, the slider, the switch.
ABOVE_THE_FOLD = (".kit-dash .kit-lead", ".kit-dash .kit-tile", ".kit-dash .widget-slider", ".kit-dash select")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Workbook 05 served on a copy of the demo whose OPP-01 is titled with markup."""
    root = tmp_path_factory.mktemp("dashboard")
    workshop = root / "workshop"
    shutil.copytree(DEMO, workshop)
    opps = pd.read_csv(workshop / "opportunities.csv")
    opps.loc[opps["id"] == "OPP-01", "title"] = MARKUP
    opps.to_csv(workshop / "opportunities.csv", index=False)
    return serve_copy(root, workshop)


def _page(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.blocked = block_remote(page)
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    return context, page


def test_the_answer_is_above_the_fold_and_the_controls_redraw_it(browser, site):
    with voila(site, SHOTS / "voila-dashboard.log") as base:
        url = f"{base}/voila/render/{PAGE}"
        for width, height in ((1440, 900), (1024, 768)):
            context, page = _page(browser, width, height)
            try:
                first = open_page(page, url, FIRST_VIEW)
                page.wait_for_timeout(300)  # fonts and layout settle before the picture
                page.screenshot(path=str(SHOTS / f"05_dashboard_{width}x{height}.png"))  # the first viewport
                for selector in ABOVE_THE_FOLD:
                    boxes = [page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())]
                    assert boxes, selector
                    lowest = max(b["y"] + b["height"] for b in boxes)
                    assert lowest <= height, f"{selector} ends at {lowest:.0f} px, below the fold at {height} px"
                assert page.locator(".kit-dash .kit-tile").count() == 6
                print(f"\n{width}x{height}: first view in {first:.1f} s")
                if width == 1440:
                    wait_all_ready(page)
                    moves = [move_and_wait(page, key) for key in ("ArrowLeft", "ArrowLeft", "ArrowRight", "ArrowRight")]
                    switched = switch_and_wait(page, "Freight downturn")
                    print(f"slider to redrawn {', '.join(f'{s:.2f}' for s in moves)} s "
                          f"(median {statistics.median(moves):.2f}); scenario switch {switched:.2f} s")
                    assert "Freight downturn" in page.locator(".kit-dash .kit-dash-scenario").inner_text()
                    page.screenshot(path=str(SHOTS / "05_dashboard_downturn.png"), full_page=True)
                    _decisions_are_all_there_as_text(page)
                body = page.inner_text("body")
                assert "Traceback" not in body and "Error" not in page.locator(".kit-dash .kit-status").inner_text()
                assert page.dialogs == []
                # plain Voilà's page asks a CDN for its icon font (kit serve drops it); nothing of the kit's may
                assert [u for u in page.blocked if "fontawesome" not in u] == []
            finally:
                context.close()


def _decisions_are_all_there_as_text(page) -> None:
    rows = page.locator(".kit-dash .kit-table").first.locator("tbody tr")
    assert rows.count() == 37
    cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())]
    assert all(c[3].strip() for c in cells), "every decision has its reason"
    assert {c[2] for c in cells} == {"YES", "NOT NOW", "NO"}
    titled = next(c for c in cells if c[0] == "OPP-01")
    assert titled[1] == MARKUP  # shown as the text typed
    assert page.locator(".kit-dash img[src='x']").count() == 0
