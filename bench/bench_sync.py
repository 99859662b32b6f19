"""Widget updates a page misses while it loads, without and with the handshake (kit.apps.sync).

One Voilà server; a page whose labels are each changed once, 30 ms apart, from a background
thread as soon as its cell has run (``tests/browser/test_sync.py``). ``LOADS`` loads of each:

- ``loads_with_stale_labels_bare`` / ``_mended``: loads in which at least one label never
  showed its change, of ``loads``; ``stale_labels_bare`` / ``_mended``: such labels in all.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOADS = 10


def run() -> dict[str, float | int | str]:
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from tests.browser.harness import CHROMIUM_ARGS, chromium_path, voila
    from tests.browser.test_sync import changing_page, stale_labels

    if not chromium_path():
        return {"skipped": "Chromium not found (apt-get install chromium)"}
    figures: dict[str, float | int | str] = {"loads": LOADS}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        site = Path(tmp) / "site"
        site.mkdir()
        pages = {"bare": changing_page(site, "bare.ipynb", mend=False),
                 "mended": changing_page(site, "mended.ipynb", mend=True)}
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            with voila(site, Path(tmp) / "voila.log") as base:
                for kind, name in pages.items():
                    stale = []
                    for _ in range(LOADS):
                        context = browser.new_context()
                        try:
                            stale.append(len(stale_labels(context.new_page(), f"{base}/voila/render/{name}")))
                        finally:
                            context.close()
                    figures[f"loads_with_stale_labels_{kind}"] = sum(1 for s in stale if s)
                    figures[f"stale_labels_{kind}"] = sum(stale)
        finally:
            browser.close()
    return figures
