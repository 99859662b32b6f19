"""The idea form and the proposals list, driven in Python: values set, buttons clicked, the
store's rows and the messages shown checked (on SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

import kit
from kit import ideas
from kit.apps.ideas import IdeaForm, Proposals, idea_form
from tests.store.conftest import fresh_pg, open_room  # noqa: F401 - the PostgreSQL database per test
from tests.test_ideas import T0, _workshop, at


@pytest.fixture(params=["sqlite", "postgresql"])
def room(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple]:
    """``(workshop, store)``: the tiny workshop and its store, on SQLite or PostgreSQL."""
    yield from open_room(request, monkeypatch, _workshop(tmp_path / "ws"))


def _fill(form: IdeaForm, **values: object) -> None:
    typed = {"title": "Dock slot booking app", "area": "relationship", "goals": ("g1",), "cost_low": "40 000",
             "cost_high": "80000", "effort": "2", "sponsor": "Lars", "team": "data", **values}
    for name, value in typed.items():
        getattr(form, name).value = value


def test_the_facilitator_s_form_adds_an_accepted_idea_with_the_workshop_s_goals(room):
    ws, store = room
    form = IdeaForm(ws, store, participant="Fay", now=lambda: T0)
    assert form.button.description == "Add"
    assert [v for _, v in form.goals.options] == ["g1", "g2"] and [v for _, v in form.team.options] == ["", "apps", "data"]
    _fill(form)
    form.button.click()
    assert form.saved == ["OPP-08"]
    assert "Added OPP-08 “Dock slot booking app” to the opportunities" in form.status.value
    assert form.title.value == "" and form.goals.value == ()  # ready for the next idea
    found = ideas.ideas(store, ws)
    assert found[["id", "status", "by", "cost_low", "team"]].values.tolist() == [
        ["OPP-08", "accepted", "Fay", 40000.0, "data"]]
    assert store.history()["app"].tolist() == ["ideas"]
    assert "OPP-08" in set(kit.load_workshop(ws.path).opportunities["id"])


def test_a_refused_idea_shows_the_contract_s_messages_escaped_and_stores_nothing(room):
    ws, store = room
    form = IdeaForm(ws, store, participant="Fay", now=lambda: T0)
    _fill(form, cost_low="90000", id="A")  # both: the id is taken, and low > high is checked after
    form.button.click()
    assert form.saved == [] and store.count() == 0
    assert "id: is not unique (A). every id must appear once" in form.status.value
    _fill(form, cost_low="90000", id="<b>X</b>")
    form.button.click()
    shown = form.status.value
    assert "cost_low: cost_low is greater than cost_high (90000 &gt; 80000)" in shown
    _fill(form, title="", cost_low="<i>forty</i>", id="")
    form.button.click()
    shown = form.status.value
    assert "title: must not be empty" in shown and "cost_low: is not a number (&lt;i&gt;forty&lt;/i&gt;)" in shown
    assert "<i>" not in shown and form.cost_low.value == "<i>forty</i>"  # shown as text; what was typed stays
    assert store.count() == 0


def test_a_participant_proposes_and_the_facilitator_accepts_from_the_list(room):
    ws, store = room
    form = IdeaForm(ws, store, participant="Ann", facilitator=False, now=lambda: T0)
    assert form.button.description == "Propose" and form.by.description == "Your name"
    _fill(form, title="<script>alert('x')</script>")
    form.button.click()
    assert "Proposed OPP-08 “&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;”" in form.status.value
    board = Proposals(ws, store, participant="Fay", now=lambda: at(2))
    assert list(board.buttons) == ["OPP-08"] and "1 proposed idea waiting" in board.heading.value
    shown = board.rows.children[0].children[1].value
    assert "&lt;script&gt;" in shown and "<script>" not in shown and "proposed by Ann" in shown
    assert "Goal one · 40.0 k EUR to 80.0 k EUR" in shown  # goals by name, money by kit.text
    assert "OPP-08" not in set(kit.load_workshop(ws.path).opportunities["id"])
    board.buttons["OPP-08"].click()
    assert "Accepted OPP-08" in board.status.value and board.buttons == {}
    assert "No proposed idea waiting" in board.heading.value
    history = store.history()
    assert history["participant"].tolist() == ["Ann", "Fay"] and history["at"].iloc[1].startswith("2027-03-04T09:02")
    assert "OPP-08" in set(kit.load_workshop(ws.path).opportunities["id"])


def test_accepting_without_a_name_says_why_and_keeps_the_idea_waiting(room):
    ws, store = room
    ideas.propose(store, ws, {"title": "Portal", "capability_area": "BI", "goals": "g2", "cost_low": 1,
                              "cost_high": 2, "effort_months": 1}, by="Ann", now=T0)
    board = Proposals(ws, store)
    board.buttons["OPP-08"].click()
    assert "Not accepted:" in board.status.value and "by: a name is required" in board.status.value
    assert list(board.buttons) == ["OPP-08"] and store.count() == 1
    board.by.value = "Fay"
    assert board.accept("OPP-08") is True


def test_the_workbook_s_form_opens_the_workshop_s_store_on_the_first_save_only(tmp_path):
    ws = _workshop(tmp_path / "ws")
    form = idea_form(ws, by="Fay")
    assert not (ws.path / "contributions.sqlite").exists()  # showing the form creates nothing
    assert Proposals(ws).proposed().empty and not (ws.path / "contributions.sqlite").exists()
    _fill(form)
    assert form.save() == "OPP-08"
    assert (ws.path / "contributions.sqlite").exists()
    assert isinstance(ideas.ideas(form.room.store, ws), pd.DataFrame)
    form.room.store.close()
