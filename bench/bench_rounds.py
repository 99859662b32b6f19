"""What following a round costs, on a copy of the demo with its contributions in the store (as
under ``kit serve``) and a round open on five opportunities: a participant's app polling
(``ScoringApp.poll``) when nothing came in (the store's change counter and a stat of the
tables; goal ≤ 50 ms) and after one new vote by someone else (one more query, which says
only votes moved: nothing to redraw), and the live board's poll after one new vote (the round
controls redrawn alone, the charts kept; goal ≤ 500 ms). Medians of repeated polls, measured
in the apps themselves (``last_poll_seconds``).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

POLLS, VOTES = 50, 10


def run() -> dict[str, float]:
    import kit
    from kit import rounds, store
    from kit.apps.live import live_board
    from kit.apps.scoring import scoring_app

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        shutil.copytree(ROOT / "datasets" / "demo", folder)
        store.import_tables(folder)
        ws = kit.load_workshop(folder)
        asked = ws.opportunities["id"].astype(str).tolist()[:5]
        board = live_board(folder, every=0, facilitator="Bench")
        with store.open_store(store.store_target(folder)) as db:
            r = rounds.open_round(db, ws, asked, by="Bench")
            app = scoring_app(ws, participant="Nora Quist", every=0)
            assert app.mode == "round" and board.poll() is True
            idle = []
            for _ in range(POLLS):
                assert app.poll() is False
                idle.append(app.last_poll_seconds)
            after_vote, board_after_vote = [], []
            for i in range(VOTES):
                rounds.vote(db, ws, r, f"Voter {i}", asked[i % 5], "value", 6)
                assert app.poll() is True and app.mode == "round"
                after_vote.append(app.last_poll_seconds)
                assert board.poll() is True
                board_after_vote.append(board.last_poll_seconds)
            assert board.round_redraws == VOTES + 1 and board.redraws == 0  # the round opened, then each vote
    return {"round_cells": len(r.cells),
            "participant_poll_unchanged_median_ms": 1000 * statistics.median(idle),
            "participant_poll_unchanged_max_ms": 1000 * max(idle),
            "participant_poll_new_vote_median_ms": 1000 * statistics.median(after_vote),
            "participant_poll_new_vote_max_ms": 1000 * max(after_vote),
            "board_poll_new_vote_median_ms": 1000 * statistics.median(board_after_vote),
            "board_poll_new_vote_max_ms": 1000 * max(board_after_vote)}
