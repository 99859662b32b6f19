"""What the facilitator's live board costs while the room works, on a copy of the demo with its
contributions in the store (as under ``kit serve``): a poll when nothing came in (the store's
change counter and a stat of the tables; goal ≤ 50 ms), and a poll that finds one new score
and redraws the board (read the workshop, recompute participation, goal weights and the
priority breakdown, draw the three charts; goal ≤ 500 ms). Medians of repeated polls, measured
in the board itself (``LiveBoard.last_poll_seconds``).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

POLLS, REDRAWS = 50, 10


def run() -> dict[str, float]:
    import kit
    from kit import store
    from kit.apps.live import live_board

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        shutil.copytree(ROOT / "datasets" / "demo", folder)
        store.import_tables(folder)  # the demo's scores and comparisons now come from the store
        ws = kit.load_workshop(folder)
        board = live_board(folder, every=0)
        idle = []
        for _ in range(POLLS):
            assert board.poll() is False
            idle.append(board.last_poll_seconds)
        redraw = []
        for i in range(REDRAWS):
            store.contribute(ws, "score", pd.DataFrame([{"participant": f"Late Joiner {i}", "opportunity_id": "OPP-07",
                                                         "criterion": "value", "score": 6}]), app="bench")
            assert board.poll() is True
            redraw.append(board.last_poll_seconds)
        rows = len(ws.scores) + len(ws.pairwise)
    return {"contributions_in_store": rows,
            "poll_unchanged_median_ms": 1000 * statistics.median(idle),
            "poll_unchanged_max_ms": 1000 * max(idle),
            "poll_new_score_redraw_median_ms": 1000 * statistics.median(redraw),
            "poll_new_score_redraw_max_ms": 1000 * max(redraw),
            "redraw_over_unchanged_poll": statistics.median(redraw) / statistics.median(idle)}
