"""Workbook 06 (benefits realisation) served by Voilà draws every chart in a real headless
Chromium, offline, with no code and no traceback."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

CHARTS = 7


def test_benefits_renders_offline(offline_page, voila_url):
    page = offline_page
    # One load, no reload: a hung page is a defect to find, not to hide (see test_voila_apps.py).
    page.goto(f"{voila_url}/voila/render/06_benefits.ipynb", timeout=60_000)
    page.wait_for_function(f"document.querySelectorAll('.kit-chart svg.marks').length >= {CHARTS}", timeout=90_000)
    shot = screenshot(page, "06_benefits")
    body = page.inner_text("body")
    for broken in ("Error loading script", "Chart error", "Chart not shown", "Traceback"):
        assert broken not in body
    assert "import kit" not in body  # no code shown
    assert "Nordhavn Freight & Logistics: delivered so far" in body
    assert "Ahead of their range: OPP-13" in body
    assert "Estimates from Elena Vidal, Chief Commercial Officer landed inside their 90% range 4 times in 9" in body
    assert page.locator(".kit-chart svg.marks").count() == CHARTS
    assert page.locator(".kit-chart svg .mark-symbol path").count() >= 19  # a dot per opportunity at least
    # Voilà's own page asks a CDN for an icon font; nothing of the kit's may.
    assert [u for u in page.blocked if "font-awesome" not in u and "fontawesome" not in u] == []
    assert shot.stat().st_size > 20_000
