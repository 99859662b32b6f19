"""Kernels for batches: one kernel per run, a run starts as a fresh papermill kernel would,
kernels that fail to start are replaced and counted."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from kit.batch import run_batch, run_workbook
from kit.batch.kernels import ForkServer, Spawn, fork_supported, warm_modules
from kit.results import read
from tests.batch.conftest import descendants, still_running, write_notebook

pytestmark = pytest.mark.workbooks

#: What a run can see of the process it runs in, recorded before it changes anything.
PROBE = """\
import json, os, sys, signal, threading
import kit, pandas
kit.results.record("names", json.dumps(sorted(k for k in globals() if not k.startswith("_"))))
kit.results.record("marker", json.dumps(getattr(kit, "batch_marker", None)))
kit.results.record("rows", pandas.get_option("display.max_rows"))
kit.results.record("path", json.dumps(sys.path))
kit.results.record("cwd", os.getcwd())
kit.results.record("count", get_ipython().execution_count)
kit.results.record("threads", threading.active_count())
kit.results.record("own_session", os.getsid(0) == os.getpid())
kit.results.record("sigint", str(signal.getsignal(signal.SIGINT)))
kit.results.record("sigchld", str(signal.getsignal(signal.SIGCHLD)))
kit.results.record("pid", os.getpid())
"""
#: ... and then what it changes, for the next run to (not) see.
SPOIL = "kit.batch_marker = x\npandas.set_option('display.max_rows', 3)\nleftover = x"


def _probe(tmp_path: Path) -> Path:
    (tmp_path / "books").mkdir()
    return write_notebook(tmp_path / "books" / "probe.ipynb", PROBE, SPOIL)


def test_each_run_has_a_kernel_of_its_own_that_starts_as_papermills_would(tmp_path):
    """The isolation proof: every run's kernel is a new process (distinct pids, one run each),
    it starts with nothing of the runs before it (no names, module attributes or options
    they set), and it looks like the kernel papermill starts for a single run (same names,
    sys.path, working folder, execution count, signals, its own session)."""
    probe = _probe(tmp_path)
    fresh = read(run_workbook(probe, tmp_path / "fresh.ipynb", {"x": 0}).output)
    batch = run_batch(probe, [{"x": i} for i in range(1, 5)], tmp_path / "out", workers=2, progress=False)
    assert (batch.table["status"] == "succeeded").all()
    runs = [read(tmp_path / "out" / path) for path in batch.table["notebook"]]
    assert len({r["pid"] for r in runs} | {fresh["pid"]}) == 5
    for found in runs:
        assert json.loads(found["marker"]) is None and found["rows"] == 60
        for name in ("names", "path", "cwd", "count", "threads", "own_session", "sigint", "sigchld"):
            assert found[name] == fresh[name], name
    assert "leftover" not in json.loads(runs[-1]["names"]) and fresh["own_session"] is True
    assert descendants() == []


@pytest.mark.skipif(not fork_supported(), reason="kernels are forked on Linux only")
def test_the_fork_server_preloads_what_the_workbooks_import_and_stops_its_kernels(tmp_path):
    probe = _probe(tmp_path)
    assert warm_modules([probe]) == ["kit", "pandas"]
    assert warm_modules([Path("workbooks/03_value_scenarios.ipynb")]) == [
        "kit", "kit.scenarios", "kit.charts", "kit.charts.scenarios"]
    server = ForkServer(["kit"])
    kernels = [server.start(tmp_path) for _ in range(2)]
    for kernel in kernels:
        kernel.wait_ready()
    assert server.loaded == ["kit"] and "forked" in server.describe()
    processes = descendants()
    assert {p.name() for p in processes} == {"kit-forkserver", "kit-kernel"} and len(processes) == 3
    kernels[0].shutdown()
    server.close()  # the other kernel is still running: it goes with the server
    assert still_running(processes) == []


class _TakenPorts:
    """A kernel source whose first ``losses`` kernels find their shell port taken by another
    process: the race of jupyter_client #487, made certain."""

    def __init__(self, losses: int, *args):
        super().__init__(*args)
        self.losses = losses
        self.taken = socket.socket()
        self.taken.bind(("127.0.0.1", 0))
        self.taken.listen()

    def _manager(self):
        manager = super()._manager()
        if self.losses > 0:
            self.losses -= 1
            manager.cache_ports = False
            manager.shell_port = self.taken.getsockname()[1]
        return manager

    def close(self) -> None:
        super().close()
        self.taken.close()


class _RacingForkServer(_TakenPorts, ForkServer):
    pass


class _RacingSpawn(_TakenPorts, Spawn):
    pass


def test_kernels_that_lose_a_port_race_are_replaced_and_counted(tmp_path):
    source = _RacingForkServer if fork_supported() else _RacingSpawn
    nb = write_notebook(tmp_path / "nb.ipynb", "import kit\nkit.results.record('double', x * 2)")
    with source(2) as kernels:
        batch = run_batch(nb, [{"x": 3}], tmp_path / "won", kernels=kernels, retries=2, progress=False)
    assert batch.table.loc[0, ["status", "retries", "double"]].tolist() == ["succeeded", 2, 6]
    assert "2 kernel starts retried" in batch.summary()
    with source(2) as kernels:
        batch = run_batch(nb, [{"x": 3}], tmp_path / "lost", kernels=kernels, retries=1, progress=False)
    row = batch.table.loc[0]
    assert row["status"] == "failed" and row["retries"] == 1
    assert row["error"].startswith("KernelStartFailed: the kernel did not start") and "(2 kernels tried)" in row["error"]
    assert descendants() == []
