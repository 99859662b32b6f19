"""Voilà on 127.0.0.1 and a headless Chromium (Debian's) driven by Playwright.

No request may leave the machine: every request to a host other than 127.0.0.1 is aborted
and recorded, so a chart that needs a CDN fails the test instead of passing by luck.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.harness import CHROMIUM_ARGS, block_remote, chromium_path, voila
from tests.conftest import ROOT

SHOTS = ROOT / "out" / "browser"


def pytest_collection_modifyitems(config, items):
    if chromium_path():
        return
    message = ("Chromium not found: install it with `apt-get install -y chromium` (Debian/Ubuntu) "
               "to run the Voilà browser tests")
    if os.environ.get("KIT_REQUIRE_BROWSER"):
        raise pytest.UsageError(message + " (KIT_REQUIRE_BROWSER is set, so they may not be skipped)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=message))


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ``workbooks/`` and the demo workshop (``../datasets/demo`` from the workbooks),
    so forms submitted in the browser never write into the repository."""
    root = tmp_path_factory.mktemp("served")
    shutil.copytree(ROOT / "workbooks", root / "workbooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "datasets" / "demo", root / "datasets" / "demo")
    return root


@pytest.fixture
def voila_url(served: Path) -> Iterator[str]:
    """Voilà serving the copied ``workbooks/`` on a free loopback port; yields the base URL.

    One server per test: on this 2-core machine a Voilà server that had already served five
    or six apps (forms submitted, sliders moved) now and then never connected the next page's
    kernel (the kernel idle, the server idle, no kernel_info reply). A fresh server per test
    costs about 2 s and keeps each test about its own page.
    """
    with voila(served / "workbooks", SHOTS / "voila.log") as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium from the system (Playwright cannot download browsers here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def offline_page(browser):
    """A page whose requests to anything but 127.0.0.1 are aborted; ``page.blocked`` lists them."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.blocked = block_remote(page)
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    height = page.evaluate("Math.max(document.body.scrollHeight, document.documentElement.scrollHeight, "
                           "...Array.from(document.querySelectorAll('*')).map(e => e.scrollHeight))")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 12000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path), full_page=True)
    return path
