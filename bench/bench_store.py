"""The contributions store under a room's worth of writers: 30 processes × 40 writes each, on
SQLite (the default) and on PostgreSQL (a server started for the benchmark, tests/pg.py).

Figures: rows stored (1,200 expected: none lost, none doubled), write latency p50/p95/max in
ms (one write = one participant's Save of one score, its own transaction, measured in the
writer), wall time of the burst; and a poll of the change counter (what the live board pays
when nothing changed). The burst is the worst case: every writer saves 40 times back to back,
all starting at once. ``sqlite_paced_*`` is the same 1,200 saves with each writer pausing
0-200 ms between saves, still far faster than people click.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WRITERS, WRITES = 30, 40

_WRITER = textwrap.dedent("""
    import json, sys, time
    from kit.store import open_store
    import random
    who, target, writes, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    rng = random.Random(who)
    with open_store(target) as s:
        print("ready", flush=True)
        sys.stdin.readline()  # every writer begins at the same moment
        latencies = []
        for i in range(writes):
            t = time.perf_counter()
            s.append("score", [{"participant": who, "opportunity_id": f"OPP-{i:02d}", "criterion": "value",
                                "score": i % 10 + 1, "comment": ""}], app="bench")
            latencies.append(time.perf_counter() - t)
            if pause:
                time.sleep(rng.uniform(0, 2 * pause))  # people click Save now and then, not in lockstep
    print(json.dumps(latencies))
""")


def _burst(target: str, pause: float = 0.0) -> dict[str, float]:
    from kit.store import open_store

    open_store(target).close()  # created before the burst: the burst measures writes
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, f"P{k:02d}", target, str(WRITES), str(pause)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for k in range(WRITERS)]
    for p in procs:  # each has imported the kit and opened the store
        assert p.stdout.readline().strip() == "ready"
    start = time.perf_counter()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    latencies = []
    for p in procs:
        out, _ = p.communicate(timeout=600)
        latencies += json.loads(out)
    wall = time.perf_counter() - start
    with open_store(target) as s:
        rows = s.rows("score")
        t = time.perf_counter()
        for _ in range(100):
            s.changes()
        poll = (time.perf_counter() - t) / 100
    doubled = int(rows.duplicated(["participant", "opportunity_id"]).sum())
    ms = sorted(x * 1000 for x in latencies)
    return {"rows": len(rows), "expected": WRITERS * WRITES, "doubled": doubled,
            "write_p50_ms": statistics.median(ms), "write_p95_ms": ms[int(0.95 * len(ms)) - 1],
            "write_max_ms": ms[-1], "burst_wall_s": wall, "poll_unchanged_ms": poll * 1000}


def run() -> dict[str, float | int | str]:
    figures: dict[str, float | int | str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for key, value in _burst(tmp).items():
            figures[f"sqlite_{key}"] = value
    with tempfile.TemporaryDirectory() as tmp:  # the same 1,200 saves, each writer pausing 0-200 ms between
        for key, value in _burst(tmp, pause=0.1).items():
            if key.startswith("write_") or key in ("rows", "doubled"):
                figures[f"sqlite_paced_{key}"] = value
    from tests.pg import PostgresUnavailable, postgres_server

    try:
        with tempfile.TemporaryDirectory() as tmp, postgres_server(Path(tmp)) as url:
            for key, value in _burst(url).items():
                figures[f"postgresql_{key}"] = value
    except PostgresUnavailable as exc:
        figures["postgresql"] = f"skipped: {exc}"
    return figures


if __name__ == "__main__":
    for k, v in run().items():
        print(f"{k:<32} {v}")
