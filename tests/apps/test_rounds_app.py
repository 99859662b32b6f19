"""Rounds on screen, driven as the facilitator and participants would (widget values, clicks):
the live board's round controls and three participants' scoring apps on one store."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import kit
from kit import rounds
from kit.apps.live import LiveBoard, live_board
from kit.apps.scoring import ScoringApp, scoring_app
from kit.store import STORE_URL, open_store, store_target
from kit.text import plural
from tests.conftest import OPP_COLUMNS, TINY_YML, opp, write_workshop
from tests.store.conftest import fresh_pg  # noqa: F401 - the PostgreSQL database per test

PEOPLE = ["Ann", "Bo", "Cy <i>x</i>"]
ASKED = ["A", "B", "C"]
#: Each person's votes (value, risk) per opportunity; A's value is contested (2, 9, 5). No vote
#: is 1, 3 or 6, which the counts on the board ("3 of 3 voted", "6 of 6 items") show.
VOTES = {"A": [(2, 4), (9, 4), (5, 5)], "B": [(7, 2), (7, 2), (8, 2)], "C": [(4, 8), (5, 8), (4, 9)]}


def _folder(tmp_path: Path) -> Path:
    """Opportunities A to D, scored before by one person (p0), and no store yet."""
    write_workshop(tmp_path / "ws", TINY_YML.format(budget=1000, extra=""),
                   opportunities=pd.DataFrame([opp(o) for o in "ABCD"], columns=OPP_COLUMNS),
                   estimates=pd.DataFrame({"opportunity_id": ["A"], "layer": ["financial"], "driver": ["x"],
                                           "low": [1], "high": [2]}),
                   scores=pd.DataFrame([("p0", o, c, 5) for o in "ABCD" for c in ("value", "risk")],
                                       columns=["participant", "opportunity_id", "criterion", "score"]))
    return tmp_path / "ws"


def _text(markup: str) -> str:
    return re.sub(r"<[^>]+>", " ", markup)


def _apps(folder: Path) -> list[ScoringApp]:
    """Three participants' apps, each its own instance over the same store (as three kernels)."""
    return [scoring_app(kit.load_workshop(folder), participant=p, every=0) for p in PEOPLE]


def _open_on_three(board: LiveBoard) -> None:
    controls = board.rounds
    controls.every_item.value = False
    controls.items.value = tuple(ASKED)
    controls.open_button.click()
    assert "Round 1 is open: 3 opportunities, 6 items." in controls.status.value


def _vote(apps: list[ScoringApp], votes: dict[str, list[tuple[int, ...]]], criteria=("value", "risk")) -> None:
    for k, app in enumerate(apps):
        form = app.round_form
        for oid, given in votes.items():
            for criterion, score in zip(criteria, given[k], strict=False):
                form.toggles[(oid, criterion)].value = score
        if k == 0:
            form.comments["A"].value = "<b>too costly</b> for what it brings"
        form.save_button.click()
        n = sum(len(g[k]) for g in votes.values())
        assert f"Saved {n} of {plural(n, 'vote')}" in form.status.value, form.status.value


def _flow(folder: Path) -> None:
    board = live_board(folder, every=0, facilitator="Fay")
    controls = board.rounds
    assert controls is not None and controls.close_button.disabled and not controls.open_button.disabled
    apps = _apps(folder)
    assert all(app.mode == "scoring" and app.body.children == (app.tabs,) for app in apps)

    _open_on_three(board)
    for app in apps:
        assert app.poll() is True and app.mode == "round"
        assert set(app.round_form.toggles) == {(o, c) for o in ASKED for c in ("value", "risk")}  # not D
        assert app.body.children == (app.round_form.widget,) and "Round 1 is open" in app.notice.value
        assert app.poll() is False  # nothing new
    _vote(apps, VOTES)
    for app in apps:  # others' votes moved the store: looked at, nothing reloaded or redrawn
        shown, form = app.workshop, app.round_form
        assert app.poll() is True and app.workshop is shown and app.round_form is form

    redraws = board.redraws
    assert board.poll() is True and board.round_redraws == 1 and board.redraws == redraws  # the charts stay
    shown = controls.progress.value
    assert "3 of 3 voted" in shown and "6 of 6 items" in _text(shown)
    assert "Cy &lt;i&gt;x&lt;/i&gt;" in shown and "<i>" not in shown  # a typed name is text
    plain = _text(shown)
    assert not re.search(r"\b[24578]\b|\b9\b|score|median|costly", plain), plain  # never a score
    assert controls.results.value == "" and board.poll() is False

    controls.close_button.click()
    assert "Round 1 is closed" in controls.status.value
    revealed = controls.results.value
    assert "Round 1: 3 people scored 6 items" in revealed and "Median" in revealed
    first_row = revealed.split("<tr>")[2]  # A on value: the votes 2, 5 and 9
    assert "title='1 vote on 2, 1 vote on 5, 1 vote on 9'" in first_row and "<b>low</b>" in first_row
    assert "&lt;b&gt;too costly&lt;/b&gt; for what it brings" in revealed and "Ann" not in revealed

    late = apps[1].round_form
    late.toggles[("A", "value")].value = 4
    late.save_button.click()
    assert "Not saved: round 1 is closed: the vote was not saved." in late.status.value
    for app in apps:
        assert app.poll() is True and app.mode == "scoring" and app.body.children == (app.tabs,)
        assert "Round 1 is closed: thank you." in app.notice.value

    controls.revote_button.click()
    assert "Round 2 re-votes 1 contested item of round 1" in controls.status.value, controls.status.value
    for app in apps:
        app.poll()
        assert app.mode == "round" and set(app.round_form.toggles) == {("A", "value")}
        seen = app.round_form.feedback["A"].value
        assert "The group in round 1" in seen and "median 5" in seen and "<b>low</b>" in seen
        assert "&lt;b&gt;too costly&lt;/b&gt;" in seen and "Ann" not in seen
    _vote(apps, {"A": [(5,), (5,), (5,)]})
    board.poll()
    assert "3 of 3 voted" in controls.progress.value and controls.moved.value == ""
    controls.close_button.click()
    moved = controls.moved.value
    assert "How agreement moved: round 1 → round 2" in moved
    assert "<b>low</b> (r_wg 0.00)</span> → <span style='color:#2e7d32'><b>high</b> (r_wg 1.00)" in moved
    assert "+1.00" in moved
    with open_store(store_target(folder)) as store:
        assert rounds.compare(store, 2)["agreement_after"].tolist() == ["high"]
        assert store.count("vote") == 3 * 6 + 3  # the late vote was refused: nothing stored


def test_a_round_from_the_board_through_three_participants_apps_on_sqlite(tmp_path: Path, monkeypatch):
    monkeypatch.delenv(STORE_URL, raising=False)
    folder = _folder(tmp_path)
    _flow(folder)
    assert (folder / "contributions.sqlite").is_file()


def test_the_same_round_on_postgresql(tmp_path: Path, monkeypatch, fresh_pg):  # noqa: F811
    monkeypatch.setenv(STORE_URL, fresh_pg)
    _flow(_folder(tmp_path))


def test_a_participant_app_takes_in_new_opportunities_and_a_round_on_them(tmp_path: Path, monkeypatch):
    monkeypatch.delenv(STORE_URL, raising=False)
    folder = _folder(tmp_path)
    board = live_board(folder, every=0, facilitator="Fay")
    app = scoring_app(kit.load_workshop(folder), participant="Ann", every=0)
    assert app.poll() is False
    with open(folder / "opportunities.csv", "a", encoding="utf-8") as f:
        f.write("E,Idea <E>,BI,,100,100,2,apps,,no,3,0,5,5\n")
    assert app.poll() is True
    labels = [label for label, _ in app.scores.opportunity.options]
    assert [v for _, v in app.scores.opportunity.options] == list("ABCDE") and "Idea <E>" in labels[-1]
    board.poll()  # the board reads the new table too
    board.rounds.every_item.value = False
    board.rounds.items.value = ("E",)
    board.rounds.criteria.value = ("value",)
    board.rounds.minutes.value = 5
    board.rounds.open_button.click()
    assert app.poll() is True and set(app.round_form.toggles) == {("E", "value")}
    assert "Idea &lt;E&gt;" in app.round_form.widget.children[1].value
    assert re.search(r"Round 1 is open, [45] min left", board.rounds.progress.value)
    (folder / "opportunities.csv").write_text("id,title\nE,no capability area\n")  # broken by hand
    assert app.poll() is False and "Not up to date: the workshop has a problem" in app.notice.value
    assert app.round is not None and set(app.round_form.toggles) == {("E", "value")}  # the screen stays
    calls = []
    monkeypatch.setattr(kit.workshop, "load_workshop", lambda *a, **k: calls.append(a))
    assert app.poll() is False and calls == []  # the same broken folder is not read again


def test_refusals_are_said_and_a_failing_refresh_keeps_the_last_view(tmp_path: Path, monkeypatch):
    monkeypatch.delenv(STORE_URL, raising=False)
    board = live_board(_folder(tmp_path), every=0)
    controls = board.rounds
    controls.open_button.click()  # no facilitator name
    assert "Round not opened: a name is required." in controls.status.value
    controls.facilitator.value = "Fay"
    controls.every_item.value = False  # and nothing selected
    controls.open_button.click()
    assert "Round not opened: a round needs at least one opportunity." in controls.status.value
    controls.minutes.value = -2
    controls.items.value = ("A",)
    controls.open_button.click()
    assert "the time limit must be a positive number of minutes" in controls.status.value
    controls.minutes.value = 0
    controls.open_button.click()
    shown = controls.progress.value
    assert "nobody has voted yet" in shown
    monkeypatch.setattr(rounds, "status", lambda *a, **k: (_ for _ in ()).throw(OSError("disk gone")))
    controls.refresh()
    assert "Rounds not refreshed (OSError: disk gone); showing the last good view." in controls.status.value
    assert controls.progress.value == shown


@pytest.mark.parametrize("threshold, contested", [("medium", 1), (0.0, 0)])
def test_the_revote_follows_the_workshops_threshold(tmp_path: Path, monkeypatch, threshold, contested):
    monkeypatch.delenv(STORE_URL, raising=False)
    folder = _folder(tmp_path)
    yml = folder / "workshop.yml"
    yml.write_text(yml.read_text() + f"rounds: {{revote_below: {threshold}}}\n")
    board = live_board(folder, every=0, facilitator="Fay")
    apps = _apps(folder)
    _open_on_three(board)
    for app in apps:
        app.poll()
    _vote(apps, VOTES)
    board.rounds.close_button.click()
    board.rounds.revote_button.click()
    if contested:
        assert "Round 2 re-votes 1 contested item" in board.rounds.status.value
    else:
        assert "No item of round 1 has agreement below r_wg 0.00: nothing to re-vote." in board.rounds.status.value


def test_when_the_time_limit_runs_out_the_apps_move_on_by_themselves(tmp_path: Path, monkeypatch):
    """No store change marks the end of a time limit: the polls notice it by the clock."""
    from datetime import datetime, timedelta

    import kit.rounds.model

    monkeypatch.delenv(STORE_URL, raising=False)
    folder = _folder(tmp_path)
    board = live_board(folder, every=0, facilitator="Fay")
    board.rounds.minutes.value = 5
    board.rounds.open_button.click()
    app = scoring_app(kit.load_workshop(folder), participant="Ann", every=0)
    assert app.mode == "round"  # open when the participant arrived
    assert board.poll() is True and board.poll() is False
    assert "5 min left" in board.rounds.progress.value or "4 min left" in board.rounds.progress.value

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(minutes=6)

    monkeypatch.setattr(kit.rounds.model, "datetime", Later)
    assert app.poll() is False and app.mode == "scoring" and "Round 1 is closed" in app.notice.value
    assert board.poll() is False  # nothing new in the store, but the controls looked at the clock
    assert "Round 1: 0 people scored 8 items" in board.rounds.results.value
    assert not board.rounds.revote_button.disabled and board.rounds.close_button.disabled


def test_the_participant_app_polls_on_the_kernels_event_loop(tmp_path: Path, monkeypatch):
    import asyncio

    monkeypatch.delenv(STORE_URL, raising=False)
    ws = kit.load_workshop(_folder(tmp_path))

    async def main():
        app = scoring_app(ws, participant="Ann", every=0.05)
        assert app._timer is not None
        await asyncio.sleep(0.3)
        app.stop()
        return app

    app = asyncio.run(main())
    assert app.polls >= 3 and app._timer is None and app.mode == "scoring"
