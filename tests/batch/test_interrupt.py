"""Ctrl-C during `kit batch`: every kernel stops, the finished runs are kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.batch.conftest import descendants, still_running, write_notebook
from tests.conftest import ROOT

pytestmark = pytest.mark.workbooks


def _wait_for(condition, timeout: float, what: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"kit batch ended early ({process.returncode}): {process.stderr.read()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_ctrl_c_stops_every_kernel_and_keeps_the_finished_runs(tmp_path: Path):
    started = tmp_path / "started"
    started.mkdir()
    nb = write_notebook(tmp_path / "nb.ipynb",
                        f"import pathlib, time\npathlib.Path({str(started)!r}, str(x)).touch()\n"
                        "time.sleep(120 if x >= 2 else 0)")
    grid = tmp_path / "grid.yml"
    grid.write_text("axes:\n  x: [0, 1, 2, 3]\n", encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-m", "kit", "batch", str(nb), "--grid", str(grid), "--out", str(out), "--workers", "2"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ, KIT_DEBUG="1"))
    runs = out / "runs"
    # runs 0 and 1 finish at once; 2 and 3 then sleep in their kernels
    _wait_for(lambda: (started / "2").exists() and (started / "3").exists()
              and (runs / "x-0.json").exists() and (runs / "x-1.json").exists(), 90, "runs 2 and 3", process)
    tree = descendants(process.pid)
    assert len([p for p in tree if "kernel" in p.name() or "ipykernel" in " ".join(p.cmdline())]) >= 2
    process.send_signal(signal.SIGINT)
    try:
        stdout, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("kit batch did not stop within 30 s of Ctrl-C")
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    assert "Interrupted: every kernel stopped" in stdout
    time.sleep(0.5)  # a killed process may take a moment to be reaped
    assert still_running(tree) == []
    table = pd.read_csv(out / "results.csv")
    assert list(table["run"]) == ["x-0", "x-1"] and (table["status"] == "succeeded").all()
    assert not (runs / "x-2.json").exists()  # not finished: the next batch runs it
