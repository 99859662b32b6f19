"""Workbook 05's dashboard in headless Chromium, offline, on the demo (37 opportunities) and on a
generated workshop of 150 opportunities with 3 team capacities.

``served_*``: the same pages as ``kit serve`` serves them (its Voilà configuration, in which the
executive summary has a warm kernel, its imports done before anyone asks; the trivial notebook
has none): the first render an executive gets, beside the trivial notebook's, same server.

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

#: ``kit serve``'s own recipe (configuration, environment, "ready" once the pools are warm) over
#: a folder of workbooks that also holds the trivial notebook.
_SERVE = """
import sys
from pathlib import Path
from kit.serve.config import voila_config, warm_kernels, write_config
from kit.serve.server import kernel_environment, run_voila
site, workshop, port, run = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
config = voila_config(root=site, participants=0, host="127.0.0.1", port=port)
sys.exit(run_voila(write_config(config, run), kernel_environment(workshop), warm=warm_kernels(config),
                   say=lambda line: print("kit serve:", line, flush=True)))
"""


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


def _served(browser, site: Path, workshop: Path, run: Path) -> dict[str, float]:
    import subprocess

    from tests.browser.harness import free_port

    port = free_port()
    log = run / "serve.log"
    run.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        proc = subprocess.Popen([sys.executable, "-c", _SERVE, str(site), str(workshop), str(port), str(run)],
                                stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 180
        while "kit serve: ready" not in log.read_text():
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"the server never said ready: {log.read_text()[-2000:]}")
            time.sleep(0.25)
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        block_remote(page)
        base = f"http://127.0.0.1:{port}"
        trivial = open_page(page, f"{base}/voila/render/trivial.ipynb", TRIVIAL_READY)
        first = open_page(page, f"{base}/voila/render/{PAGE}", FIRST_VIEW)
        context.close()
        return {"served_trivial_first_render_s": trivial, "served_first_view_s": first,
                "served_first_view_over_trivial": first / trivial}
    finally:
        proc.terminate()
        proc.wait(60)


def run() -> dict[str, float | str]:
    if not chromium_path():
        return {"skipped": "no Chromium: apt-get install -y chromium"}
    from playwright.sync_api import sync_playwright

    out: dict[str, float | str] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        root = Path(tmp)
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        big = write_workshop(root / "generated", opportunities=150, teams=3)
        for name, site, workshop in (("demo", serve_copy(root, name="demo"), root / "demo" / "datasets" / "demo"),
                                     ("gen150", serve_copy(root, big, name="gen150"), big)):
            for key, value in _measure(browser, site, root / f"voila-{name}.log").items():
                out[f"{name}_{key}"] = value
            for key, value in _served(browser, site, workshop, root / f"serve-{name}").items():
                out[f"{name}_{key}"] = value
        browser.close()
    return out
