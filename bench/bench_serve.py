"""A room opening the scoring app at once through ``kit serve --participants 40``.

For N = 10, 20 and 40 participant pages opened at the same moment (each in its own headless
Chromium context, personal links ``?participant=Pk``), against a fresh ``kit serve`` whose pool
is warm, on this machine (browsers, kernels and server share its 2 cores):

- ``nN_usable``: pages that became usable (name filled in, score buttons drawn) without a
  reload, of N; ``nN_usable_p50_s`` / ``_p95_s``: seconds from the burst's start;
- ``nN_cpu_*_s``: CPU seconds spent during the burst by the browsers, by the kernels and by
  the Voilà server; ``nN_server_cpu_per_page_s``: (kernels + server) / N, what the kit costs at
  request time (goal ≤ 0.5 s; warm kernels ran their notebook before anyone came);
  ``nN_kernels_started`` / ``nN_cpu_started_kernels_s``: kernels started during the burst
  (pages beyond the warm pool, and the pool's refills ``fill_delay`` after a kernel was taken)
  and their CPU; ``nN_warm_cpu_per_page_s``: the same per page without them, what serving a
  page from the warm pool costs;
- ``nN_warm``: pages served by a pre-heated kernel; ``nN_rss_*_mb``: memory afterwards;
- ``late_joiner_s``: one more page opened while the 40 are connected (goal ≤ 5 s);
- ``page_*``: what one scoring page costs a browser: requests, bytes of scripts, widgets drawn.

Pages are opened in the order people would click, none waits for another; nothing is reloaded.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = (10, 20, 40)
PARTICIPANTS = 40


def _cpu(processes: list[psutil.Process]) -> dict[int, float]:
    seen = {}
    for proc in processes:
        try:
            t = proc.cpu_times()
            seen[proc.pid] = t.user + t.system
        except psutil.Error:
            continue
    return seen


def _rss_mb(processes: list[psutil.Process]) -> float:
    total = 0
    for proc in processes:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            continue
    return total / 2**20


def _groups(server_pid: int) -> dict[str, list[psutil.Process]]:
    """The processes of the server (kit serve itself), its kernels, and every Chromium."""
    server = psutil.Process(server_pid)
    kernels = [p for p in server.children(recursive=True) if _is_kernel(p)]
    browsers = [p for p in psutil.process_iter() if _name(p).startswith(("chromium", "chrome", "headless_shell"))]
    return {"server": [server], "kernels": kernels, "browsers": browsers}


def _name(proc: psutil.Process) -> str:
    try:
        return proc.name()
    except psutil.Error:
        return ""


def _is_kernel(proc: psutil.Process) -> bool:
    try:
        return any("ipykernel_launcher" in part for part in proc.cmdline())
    except psutil.Error:
        return False


def _usable(i: int) -> str:
    from tests.browser.test_serve import READY

    return f"{READY} && document.querySelector('input[placeholder=\"First and last name\"]').value === 'P{i}'"


def _burst(browser, server, n: int, *, late_joiner: bool) -> dict[str, float | int]:
    before_groups = _groups(server.proc.pid)
    before = {k: _cpu(v) for k, v in before_groups.items()}
    log_before = server.log().count("Using pre-heated kernel")
    contexts = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in range(n)]
    pages = [c.new_page() for c in contexts]
    figures: dict[str, float | int] = {}
    try:
        start = time.perf_counter()
        for i, page in enumerate(pages, 1):
            page.goto(f"{server.base}/voila/render/apps/scoring.ipynb?participant=P{i}", wait_until="commit",
                      timeout=300_000)
        times, usable = [], 0
        for i, page in enumerate(pages, 1):
            try:
                page.wait_for_function(_usable(i), timeout=300_000)
                times.append(time.perf_counter() - start)
                usable += 1
            except Exception as exc:  # a page that never became usable is a figure, not a crash
                print(f"   page P{i} not usable: {type(exc).__name__}", flush=True)
        after_groups = _groups(server.proc.pid)
        after = {k: _cpu(v) for k, v in after_groups.items()}
        spent = {k: sum(cpu - before[k].get(pid, 0.0) for pid, cpu in after[k].items()) for k in after}
        # kernels started during the burst: cold starts beyond the pool and the pool's refills
        started = {pid: cpu for pid, cpu in after["kernels"].items() if pid not in before["kernels"]}
        times.sort()
        figures |= {f"n{n}_usable": usable, f"n{n}_of": n,
                    f"n{n}_usable_p50_s": statistics.median(times) if times else float("nan"),
                    f"n{n}_usable_p95_s": times[max(0, int(round(0.95 * len(times))) - 1)] if times else float("nan"),
                    f"n{n}_warm": server.log().count("Using pre-heated kernel") - log_before,
                    f"n{n}_cpu_browsers_s": spent["browsers"], f"n{n}_cpu_kernels_s": spent["kernels"],
                    f"n{n}_cpu_server_s": spent["server"],
                    f"n{n}_server_cpu_per_page_s": (spent["kernels"] + spent["server"]) / n,
                    f"n{n}_kernels_started": len(started), f"n{n}_cpu_started_kernels_s": sum(started.values()),
                    f"n{n}_warm_cpu_per_page_s": (spent["kernels"] - sum(started.values()) + spent["server"]) / n,
                    f"n{n}_browser_cpu_per_page_s": spent["browsers"] / n,
                    f"n{n}_rss_server_and_kernels_mb": _rss_mb(after_groups["server"] + after_groups["kernels"]),
                    f"n{n}_rss_browsers_mb": _rss_mb(after_groups["browsers"])}
        if late_joiner:
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            try:
                page = context.new_page()
                t = time.perf_counter()
                page.goto(f"{server.base}/voila/render/apps/scoring.ipynb?participant=P{n + 1}", timeout=120_000)
                page.wait_for_function(_usable(n + 1), timeout=120_000)
                figures["late_joiner_s"] = time.perf_counter() - t
                figures["late_joiner_connected"] = n
            finally:
                context.close()
    finally:
        for c in contexts:
            c.close()
    return figures


def _page_cost(browser, server) -> dict[str, float | int]:
    """What one scoring page costs the browser that opens it."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    responses: list = []
    try:
        page = context.new_page()
        page.on("response", lambda response: responses.append(response))
        page.goto(f"{server.base}/voila/render/apps/scoring.ipynb?participant=P0", timeout=120_000)
        page.wait_for_function(_usable(0), timeout=120_000)
        scripts = [r for r in responses if r.request.resource_type == "script"]
        size = 0
        for r in scripts:
            try:
                size += len(r.body())
            except Exception:  # a body the browser did not keep
                continue
        return {"page_requests": len(responses), "page_scripts": len(scripts), "page_script_mb": size / 2**20,
                "page_widgets": page.evaluate("document.querySelectorAll('.jupyter-widgets').length"),
                "page_charts": page.evaluate("document.querySelectorAll('.kit-chart, .vega-embed').length")}
    finally:
        context.close()


def run() -> dict[str, float | int | str]:
    from playwright.sync_api import sync_playwright

    from tests.browser.harness import CHROMIUM_ARGS, chromium_path
    from tests.browser.test_serve import NAME, _start, _stop

    if not chromium_path():
        return {"skipped": "Chromium not found (apt-get install chromium)"}
    figures: dict[str, float | int | str] = {"participants": PARTICIPANTS}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            for n in SIZES:
                with tempfile.TemporaryDirectory() as tmp:
                    folder = Path(tmp) / f"bench-{n}" / "workshop"
                    folder.parent.mkdir()
                    shutil.copytree(ROOT / "datasets" / "demo", folder)
                    yml = folder / "workshop.yml"
                    yml.write_text(yml.read_text(encoding="utf-8").replace("Strategy workshop 2027", NAME, 1),
                                   encoding="utf-8")
                    server = _start(folder, participants=PARTICIPANTS, timeout=600)
                    try:
                        figures[f"n{n}_pool_ready_s"] = server.seconds_to_ready
                        figures |= _burst(browser, server, n, late_joiner=n == max(SIZES))
                        if n == min(SIZES):
                            figures |= _page_cost(browser, server)
                    finally:
                        _stop(server)
        finally:
            browser.close()
    return figures


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<40} {value}")
