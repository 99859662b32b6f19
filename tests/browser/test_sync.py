"""A page misses no widget update sent while it loads (kit.apps.sync), in a real Chromium.

The page's 150 labels are each changed once, 30 ms apart, from a background thread, from the
moment the cell has run: some of those changes reach the page while its widget manager is
still registering the widgets. Without the handshake, one or two labels of about every other
load stayed unchanged for good (``bench/bench_sync.py`` counts them); with it, none may.
"""

from __future__ import annotations

import nbformat
import pytest

from tests.browser.conftest import SHOTS
from tests.browser.harness import voila

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

LABELS = 100

#: A page whose labels change one by one while it loads; ``mend`` mounts the handshake.
SOURCE = """\
import threading, time
import ipywidgets as w
from tornado.ioloop import IOLoop
from kit.apps.sync import handshake

labels = [w.Label("old") for _ in range({labels})]
box = w.VBox(labels)
box.add_class("kit-labels")
parts = [box]
if {mend}:
    parts.append(handshake(box).widget)
display(w.VBox(parts))
loop = IOLoop.current()

def change_them():
    for k, label in enumerate(labels):
        time.sleep(0.03)
        loop.add_callback(lambda label=label, k=k: setattr(label, "value", f"new {{k}}"))

threading.Thread(target=change_them, daemon=True).start()
"""

#: The labels the page still shows unchanged.
STALE = ("Array.from(document.querySelectorAll('.kit-labels .widget-label'))"
         ".map((e, k) => [k, e.innerText.trim()]).filter(x => x[1] === 'old').map(x => x[0])")


def changing_page(folder, name: str, *, mend: bool) -> str:
    """Write the notebook ``name`` into ``folder``; its file name."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SOURCE.format(labels=LABELS, mend=mend))]
    nbformat.write(nb, str(folder / name))
    return name


def stale_labels(page, url: str) -> list[int]:
    """Open ``url``, wait until every label has been changed in the kernel (3 s) and a little
    longer, and return the labels the page shows unchanged."""
    page.goto(url, timeout=120_000)
    page.wait_for_function(f"document.querySelectorAll('.kit-labels .widget-label').length === {LABELS}",
                           timeout=120_000)
    page.wait_for_timeout(LABELS * 30 + 2_000)
    return page.evaluate(STALE)


#: What the page typed into the handshake's hidden field.
ANSWER = "(() => { const el = document.querySelector('[class*=kit-handshake-] input'); return el ? el.value : null; })()"


def test_a_page_with_the_handshake_misses_no_update_sent_while_it_loaded(browser, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    name = changing_page(site, "mended.ipynb", mend=True)
    with voila(site, SHOTS / "voila-sync.log") as base:
        for load in range(3):
            context = browser.new_context()
            try:
                page = context.new_page()
                stale = stale_labels(page, f"{base}/voila/render/{name}")
                assert stale == [], f"load {load}: labels {stale} never received their change"
                assert page.evaluate(ANSWER).startswith("listening ")  # the page said so, once drawn
            finally:
                context.close()
