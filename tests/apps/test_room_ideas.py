"""Ideas in the room, driven in Python: the live board's *Add* and *Proposals*, a participant
app's *Propose an idea*, and each screen's handshake (on SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

import kit
from kit import ideas
from kit.apps.live import live_board
from kit.apps.scoring import scoring_app
from kit.apps.sync import widgets_below
from kit.store import STORE_URL, open_store, store_target
from tests.apps.test_rounds_app import _folder
from tests.store.conftest import fresh_pg  # noqa: F401 - the PostgreSQL database per test

SCRIPT_TITLE = "<script>alert(1)</script> Idea"


@pytest.fixture(params=["sqlite", "postgresql"])
def folder(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Opportunities A to D and no store yet (tests/apps/test_rounds_app.py), its store a
    contributions.sqlite or a PostgreSQL database."""
    monkeypatch.delenv(STORE_URL, raising=False)
    if request.param == "postgresql":
        monkeypatch.setenv(STORE_URL, request.getfixturevalue("fresh_pg"))
    return _folder(tmp_path)


def _fill(form, title: str) -> None:
    form.title.value = title
    form.area.value = "relationship"
    form.goals.value = ("g1",)
    form.cost_low.value, form.cost_high.value = "40000", "80000"
    form.effort.value = "2"
    form.team.value = "data"


def _to_score(app) -> list[str]:
    return [v for _, v in app.scores.opportunity.options]


def test_both_screens_mount_a_handshake_reaching_their_widgets(folder: Path):
    board = live_board(folder, every=0, facilitator="Fay")
    app = scoring_app(kit.load_workshop(folder), participant="Ann", every=0)
    for screen in (board, app):
        found = list(widgets_below(screen.widget))
        assert screen.handshake.widget in found and screen.handshake.field in found
        assert screen.handshake.roots == [screen.widget]
    assert board.idea_form.widget in widgets_below(board.widget)
    assert board.proposals.widget in widgets_below(board.widget)
    assert app.ideas.widget in app.tabs.children and app.tabs.titles[-1] == "Propose an idea"


def test_an_idea_added_on_the_board_reaches_a_participant_s_score_form_by_its_poll(folder: Path):
    board = live_board(folder, every=0, facilitator="Fay")
    app = scoring_app(kit.load_workshop(folder), participant="Ann", every=0)
    assert board.idea_form.button.description == "Add" and board.idea_form.by is board.rounds.facilitator
    assert board.idea_form.by not in board.idea_form.widget.children  # the round controls' name field
    _fill(board.idea_form, "Dock slot booking app")
    board.idea_form.button.click()
    assert "Added OPP-01" in board.idea_form.status.value, board.idea_form.status.value
    assert board.redraws == 1 and "OPP-01" in board.status.value  # drawn at once: not yet scored
    assert _to_score(app) == list("ABCD")
    assert app.poll() is True
    assert _to_score(app) == [*"ABCD", "OPP-01"]
    assert "Dock slot booking app" in app.scores.opportunity.options[-1][0]
    with open_store(store_target(folder)) as store:
        found = ideas.ideas(store, kit.load_workshop(folder))
    assert found[["id", "status", "by"]].values.tolist() == [["OPP-01", "accepted", "Fay"]]


def test_a_proposed_idea_waits_on_the_board_as_text_and_is_scored_once_accepted(folder: Path):
    board = live_board(folder, every=0, facilitator="Fay")
    app = scoring_app(kit.load_workshop(folder), participant="Ann", every=0)
    other = scoring_app(kit.load_workshop(folder), participant="Bo", every=0)
    assert app.ideas.button.description == "Propose" and app.ideas.by is app.participant
    assert "No proposed idea waiting" in board.proposals.heading.value
    _fill(app.ideas, SCRIPT_TITLE)
    app.ideas.button.click()
    assert "Proposed OPP-01" in app.ideas.status.value and "<script>" not in app.ideas.status.value

    assert other.poll() is True and _to_score(other) == list("ABCD")  # proposed: not to be scored
    assert app.poll() is True and _to_score(app) == list("ABCD")
    assert board.poll() is True
    assert "1 proposed idea waiting" in board.proposals.heading.value
    row = board.proposals.rows.children[0].children[1].value
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Idea" in row and "<script>" not in row
    assert "proposed by Ann" in row
    assert board.poll() is False  # nothing new: the list is not read again

    board.proposals.buttons["OPP-01"].click()
    assert "Accepted OPP-01" in board.proposals.status.value
    assert "No proposed idea waiting" in board.proposals.heading.value
    assert other.poll() is True and _to_score(other) == [*"ABCD", "OPP-01"]
    label = other.scores.opportunity.options[-1][0]
    assert SCRIPT_TITLE in label  # a dropdown label is text, never markup
    with open_store(store_target(folder)) as store:
        found = ideas.ideas(store, kit.load_workshop(folder))
    assert found[["id", "status", "by", "accepted_by"]].values.tolist() == [["OPP-01", "accepted", "Ann", "Fay"]]


def test_proposing_without_a_name_is_refused_and_nothing_is_stored(folder: Path):
    app = scoring_app(kit.load_workshop(folder), participant="", every=0)
    _fill(app.ideas, "Dock slot booking app")
    app.ideas.button.click()
    assert "a name is required" in app.ideas.status.value
    assert app.ideas.title.value == "Dock slot booking app"  # what was typed stays
    assert app.poll() is False


def test_the_board_reads_the_proposals_again_only_when_an_idea_arrived(folder: Path, monkeypatch):
    board = live_board(folder, every=0, facilitator="Fay")
    app = scoring_app(kit.load_workshop(folder), participant="Ann", every=0)
    reads = []
    real = type(board.proposals).refresh
    monkeypatch.setattr(type(board.proposals), "refresh", lambda self: (reads.append(1), real(self))[1])
    app.scores.opportunity.value = "A"
    app.scores.toggles["value"].value, app.scores.toggles["risk"].value = 7, 2
    app.scores.save_button.click()
    assert board.poll() is True and board.redraws == 1 and reads == []  # a score: the list stays
    _fill(app.ideas, "Dock slot booking app")
    app.ideas.button.click()
    assert board.poll() is True and reads == [1] and "1 proposed idea waiting" in board.proposals.heading.value


def test_adding_on_the_board_without_the_facilitator_s_name_says_so_and_stores_nothing(folder: Path):
    board = live_board(folder, every=0)
    _fill(board.idea_form, "Dock slot booking app")
    board.idea_form.button.click()
    assert "a name is required" in board.idea_form.status.value
    assert board.idea_form.title.value == "Dock slot booking app" and board.redraws == 0
    board.rounds.facilitator.value = "Fay"  # the round controls' name field is the form's
    board.idea_form.button.click()
    assert "Added OPP-01" in board.idea_form.status.value and board.redraws == 1
