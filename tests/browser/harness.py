"""Start Voilà on loopback and find Debian's Chromium: shared by the browser tests and the
Voilà benchmark (``bench/bench_voila.py``)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    """The system's Chromium (Playwright cannot download browsers here), or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def voila(folder: Path, log: Path, timeout: float = 60) -> Iterator[str]:
    """Voilà serving ``folder`` on a loopback port the system picks; yields the base URL.

    ``--port=0``: the port is chosen when Voilà binds it and read back from the process, so no
    other process (kernels bind random ports too) can take it between our choosing and Voilà
    binding, as happened once with a port chosen in advance.
    """
    import psutil

    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as logfile:
        proc = subprocess.Popen(
            [sys.executable, "-m", "voila", "--no-browser", "--port=0", "--port_retries=0", "--Voila.ip=127.0.0.1",
             "--show_tracebacks=True", str(folder)],
            stdout=logfile, stderr=subprocess.STDOUT, cwd=folder.parent)
    try:
        deadline = time.time() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"Voilà exited; see {log}")
            ports = [c.laddr.port for c in psutil.Process(proc.pid).net_connections("tcp") if c.status == "LISTEN"]
            if ports:
                base = f"http://127.0.0.1:{ports[0]}"
                try:
                    urllib.request.urlopen(base + "/voila/tree", timeout=2)
                    break
                except OSError:
                    pass
            if time.time() > deadline:
                raise RuntimeError(f"Voilà did not start within {timeout:.0f} s; see {log}")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def block_remote(page) -> list[str]:
    """Abort every request of ``page`` that is not local; returns the list of blocked URLs."""
    blocked: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:", "file://")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", guard)
    return blocked


def set_slider_and_wait(page, value: float, timeout: float = 60_000) -> float:
    """Type ``value`` into the first ipywidgets slider's readout, press Enter, and wait until
    the chart in the first widget output is replaced by a newly drawn one. Returns the
    seconds from Enter to the new chart drawn."""
    before = page.locator(".widget-output .kit-chart").first.get_attribute("id")
    page.locator(".widget-readout").first.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(int(value)))
    start = time.perf_counter()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"(() => {{ const c = document.querySelector('.widget-output .kit-chart');"
        f" return c && c.id !== '{before}' && c.querySelector('svg.marks'); }})()", timeout=timeout)
    return time.perf_counter() - start


def render_fully(url: str, timeout: float = 60) -> tuple[float, str]:
    """Fetch a Voilà page as a browser's first request does (Voilà streams it cell by cell) and
    return the seconds it took and the last ``voila_process(i, n)`` progress mark seen.

    A page whose kernel stops answering mid-notebook ends on a mark with ``i < n`` (or times
    out); a complete page ends on ``voila_process(n, n)``.
    """
    import re

    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as response:
        body = response.read().decode("utf-8", errors="replace")
    marks = re.findall(r"voila_process\(\d+, \d+\)", body)
    return time.perf_counter() - start, marks[-1] if marks else ""
