"""Pages that load completely, every time, with no reload: the suite's reliability tests at full
size (the suite runs 5 and 10 of each to stay quick).

* Workbook 05 as the first page of 20 fresh Voilà servers, and 20 times in a row from one
  server (issue 14: it used to stop at its controls cell in 7 loads of 9): complete loads and
  seconds per load.
* 30 participants arriving one after another through one ``kit serve --participants 2``
  (issue 11): pages usable the first time, how many got a warm kernel, seconds per page.

Every load is counted as it came; the first one that fails ends its series (and says so).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.harness import CHROMIUM_ARGS, chromium_path  # noqa: E402
from tests.browser.test_reliability import _complete, loads_on_fresh_servers, loads_on_one_server  # noqa: E402
from tests.browser.test_serve import _start, _stop, _workshop, arrivals_one_after_another  # noqa: E402

LOADS, ARRIVALS = 20, 30


def _series(name: str, seen: list[tuple[float, str]], wanted: int) -> dict[str, float | str]:
    done = [s for s, mark in seen if _complete(mark)]
    out: dict[str, float | str] = {f"{name}_complete": f"{len(done)} of {wanted}"}
    if done:
        out |= {f"{name}_median_s": statistics.median(done), f"{name}_max_s": max(done)}
    return out


def run() -> dict[str, float | str]:
    if not chromium_path():
        return {"skipped": "no Chromium: apt-get install -y chromium"}
    from playwright.sync_api import sync_playwright

    out: dict[str, float | str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "workbooks", root / "workbooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        shutil.copytree(ROOT / "datasets" / "demo", root / "datasets" / "demo")
        out |= _series("wb05_fresh_servers", loads_on_fresh_servers(root / "workbooks", root / "fresh", LOADS), LOADS)
        out |= _series("wb05_one_server", loads_on_one_server(root / "workbooks", root / "one", LOADS), LOADS)
        server = _start(_workshop(root / "serve"), participants=2)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
                try:
                    seconds = arrivals_one_after_another(browser, server, ARRIVALS)
                    out["serve_arrivals_usable_first_time"] = f"{len(seconds)} of {ARRIVALS}"
                except Exception as exc:  # noqa: BLE001 - a page not usable: the figure says where it stopped
                    out["serve_arrivals_usable_first_time"] = f"stopped: {exc}"
                    seconds = []
                browser.close()
            out["serve_arrivals_on_warm_kernels"] = server.log().count("Using pre-heated kernel")
            if seconds:
                out |= {"serve_arrival_median_s": statistics.median(seconds), "serve_arrival_max_s": max(seconds)}
        finally:
            _stop(server)
    return out
