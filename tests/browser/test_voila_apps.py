"""Workbooks served by Voilà render their charts in a real headless Chromium, offline."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


def _render(page, voila_url: str, notebook: str, charts: int) -> None:
    page.goto(f"{voila_url}/voila/render/{notebook}", timeout=180_000)
    page.wait_for_function(
        f"document.querySelectorAll('.kit-chart svg.marks').length >= {charts}", timeout=180_000)


def test_opportunity_map_renders_offline(offline_page, voila_url):
    page = offline_page
    _render(page, voila_url, "01_opportunity_map.ipynb", charts=6)
    shot = screenshot(page, "01_opportunity_map")
    body = page.inner_text("body")
    assert "Error loading script" not in body
    assert "Chart error" not in body and "Chart not shown" not in body
    assert "Traceback" not in body
    assert "Opportunity map" in body and "Nordhavn" in body
    assert page.locator(".kit-chart svg.marks").count() >= 6
    assert page.locator(".kit-chart svg .mark-symbol path").count() >= 30  # the 37 bubbles
    assert not any("cdn" in u or "unpkg" in u for u in page.blocked if "font" not in u), page.blocked
    assert shot.stat().st_size > 10_000
