"""kit.ideas on SQLite and on a real PostgreSQL: ideas added by the facilitator and proposed by
participants, checked by the opportunities table's contract with a file's messages, stored with
who and when, accepted by appending a row; load_workshop merges the accepted ones only, and the
export includes them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

import kit
from kit import ideas
from kit.errors import InputError
from tests.conftest import TINY_YML, opp, write_workshop
from tests.store.conftest import fresh_pg, open_room  # noqa: F401 - the PostgreSQL database per test

T0 = datetime(2027, 3, 4, 9, 0, tzinfo=UTC)

IDEA = {"title": "Dock slot booking app", "capability_area": "CRM", "goals": ["g1"], "cost_low": 40,
        "cost_high": 80, "effort_months": 2, "sponsor": "Lars Mikkelsen", "team": "data"}


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _workshop(folder: Path) -> kit.Workshop:
    """Opportunities A, B and OPP-07, scored by one person on value and risk."""
    scores = [("p0", o, c, 5) for o in ("A", "B", "OPP-07") for c in ("value", "risk")]
    return write_workshop(folder, TINY_YML.format(budget=1000, extra=""),
                          opportunities=pd.DataFrame([opp(o) for o in ("A", "B", "OPP-07")]),
                          estimates=pd.DataFrame({"opportunity_id": ["A"], "layer": ["financial"], "driver": ["x"],
                                                  "low": [1], "high": [2]}),
                          scores=pd.DataFrame(scores, columns=["participant", "opportunity_id", "criterion", "score"]))


@pytest.fixture(params=["sqlite", "postgresql"])
def room(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple]:
    """``(workshop, store)``: the tiny workshop and its store, on SQLite or PostgreSQL."""
    yield from open_room(request, monkeypatch, _workshop(tmp_path / "ws"))


def test_the_facilitator_adds_an_idea_accepted_at_once_with_who_and_when(room):
    ws, store = room
    assert ideas.add(store, ws, IDEA, by="Fay", now=T0) == "OPP-08"  # after the highest OPP-NN
    history = store.history()
    assert history[["kind", "item", "participant", "at", "app"]].values.tolist() == [
        ["opportunity", "OPP-08", "Fay", "2027-03-04T09:00:00.000000+00:00", "ideas"]]
    found = ideas.ideas(store, ws)
    assert found[["id", "title", "capability_area", "status", "by", "accepted_by"]].values.tolist() == [
        ["OPP-08", "Dock slot booking app", "relationship", "accepted", "Fay", "Fay"]]
    assert found.loc[0, "goals"] == ("g1",) and found.loc[0, "cost_high"] == 80.0
    assert found.loc[0, "at"] == T0 and found.loc[0, "accepted_at"] == T0
    merged = kit.load_workshop(ws.path)
    assert merged.opportunities["id"].tolist() == ["A", "B", "OPP-07", "OPP-08"]
    row = merged.opportunities.set_index("id").loc["OPP-08"]
    assert (row["title"], row["team"], row["sponsor"], row["area_name"]) == (
        "Dock slot booking app", "data", "Lars Mikkelsen", "Customer & vendor relationship management")
    assert "status" not in merged.opportunities and "by" not in merged.opportunities


def test_a_given_id_is_kept_and_the_next_free_one_skips_the_stored_ideas(room):
    ws, store = room
    assert ideas.add(store, ws, {**IDEA, "id": "OPP-12"}, by="Fay", now=T0) == "OPP-12"
    assert ideas.propose(store, ws, IDEA, by="Ann", now=at(1)) == "OPP-13"  # proposed ones count too
    assert ideas.add(store, ws, IDEA, by="Fay", now=at(2)) == "OPP-14"
    assert ideas.next_id(["A", "OPP-9", "OPP-099"]) == "OPP-100" and ideas.next_id(["A"]) == "OPP-01"


def test_a_proposed_idea_waits_for_the_facilitator_and_accepting_appends_a_row(room):
    ws, store = room
    oid = ideas.propose(store, ws, {**IDEA, "title": "<script>alert(1)</script>"}, by="Ann", now=T0)
    found = ideas.ideas(store, ws)
    assert found[["id", "status", "by", "accepted_by"]].values.tolist() == [[oid, "proposed", "Ann", ""]]
    assert pd.isna(found.loc[0, "accepted_at"])
    assert oid not in set(kit.load_workshop(ws.path).opportunities["id"])  # not merged while proposed
    before = store.history()
    assert ideas.accept(store, ws, oid, by="Fay", now=at(3)) == oid
    after = store.history()
    assert len(after) == 2 and after.iloc[:1].equals(before)  # appended, the proposal unchanged
    assert after["participant"].tolist() == ["Ann", "Fay"]
    found = ideas.ideas(store, ws)
    assert found[["id", "status", "by", "accepted_by"]].values.tolist() == [[oid, "accepted", "Ann", "Fay"]]
    assert found.loc[0, "at"] == T0 and found.loc[0, "accepted_at"] == at(3)
    merged = kit.load_workshop(ws.path)
    assert merged.opportunities.set_index("id").loc[oid, "title"] == "<script>alert(1)</script>"  # shown escaped
    # a workshop loaded with the accepted idea in it: the idea is not taken twice, the next id follows it
    assert ideas.add(store, merged, IDEA, by="Fay", now=at(4)) == "OPP-09"
    with pytest.raises(InputError, match="is not unique"):
        ideas.add(store, merged, {**IDEA, "id": oid}, by="Fay", now=at(5))


def _file_problem(tmp_path: Path, row: dict) -> dict:
    """What the file contract says of ``row`` as a line of a workshop's opportunities.csv."""
    folder = tmp_path / "as_file"
    opps = [opp(o) for o in ("A", "B", "OPP-07")] + [row]
    with pytest.raises(InputError) as info:
        write_workshop(folder, TINY_YML.format(budget=1000, extra=""), opportunities=pd.DataFrame(opps),
                       estimates=pd.DataFrame({"opportunity_id": ["A"], "layer": ["financial"], "driver": ["x"],
                                               "low": [1], "high": [2]}))
    found = info.value.problems
    return found[found["row"] == 5][["column", "value", "problem", "hint"]].to_dict("records")[0]


@pytest.mark.parametrize(("change", "problem"), [
    ({"goals": "g1;g3"}, "unknown goal id"),
    ({"cost_low": 90}, "cost_low is greater than cost_high"),
    ({"id": "B"}, "is not unique"),
])
def test_a_bad_idea_is_refused_with_the_file_contract_s_message_and_nothing_is_stored(room, tmp_path, change,
                                                                                      problem):
    ws, store = room
    with pytest.raises(InputError) as info:
        ideas.add(store, ws, {**IDEA, **change}, by="Fay", now=T0)
    said = info.value.problems.to_dict("records")
    assert [p["problem"] for p in said] == [problem]
    assert said[0]["file"] == "new opportunities" and said[0]["row"] == 1
    as_file = {**IDEA, "id": "OPP-08", **change, "goals": {**IDEA, **change}["goals"]}
    as_file["goals"] = ";".join(as_file["goals"]) if isinstance(as_file["goals"], list) else as_file["goals"]
    same = _file_problem(tmp_path, {**opp("X"), **as_file})
    assert {k: said[0][k] for k in same} == same  # column, value, problem and hint as the file gets them
    assert store.count() == 0
    with pytest.raises(InputError, match="unknown goal id"):
        ideas.propose(store, ws, {**IDEA, "goals": ["g3"]}, by="Ann", now=T0)
    assert store.count() == 0 and ideas.ideas(store, ws).empty


def test_an_id_taken_by_a_stored_idea_is_refused_even_while_proposed(room):
    ws, store = room
    ideas.propose(store, ws, {**IDEA, "id": "OPP-20"}, by="Ann", now=T0)
    with pytest.raises(InputError) as info:
        ideas.add(store, ws, {**IDEA, "id": "OPP-20"}, by="Fay", now=at(1))
    assert info.value.problems[["column", "value", "problem"]].values.tolist() == [["id", "OPP-20", "is not unique"]]
    assert store.count() == 1


def test_every_problem_at_once_an_unknown_field_and_a_missing_name(room):
    ws, store = room
    with pytest.raises(InputError) as info:
        ideas.add(store, ws, {**IDEA, "colour": "red", "effort_months": "two", "team": "dta"}, by=" ", now=T0)
    problems = info.value.problems
    assert problems["problem"].tolist() == ["not a column of the opportunities table", "a name is required",
                                            "is not a number"]
    assert str(info.value).startswith("not saved: 3 problems")
    with pytest.raises(InputError) as info:
        ideas.add(store, ws, {**IDEA, "team": "dta"}, by="Fay", now=T0)
    assert info.value.problems[["problem", "value"]].values.tolist() == [["unknown team", "dta"]]
    assert "did you mean 'data'?" in info.value.problems.loc[0, "hint"]
    assert store.count() == 0


def test_accepting_an_unknown_or_accepted_idea_is_refused(room):
    ws, store = room
    oid = ideas.add(store, ws, IDEA, by="Fay", now=T0)
    with pytest.raises(InputError, match=r"the idea is accepted already \(found OPP-08\). Hint: accepted by Fay"):
        ideas.accept(store, ws, oid, by="Fay", now=at(1))
    with pytest.raises(InputError, match="no idea has this id.*did you mean 'OPP-08'"):
        ideas.accept(store, ws, "OPP-80", by="Fay", now=at(1))
    proposed = ideas.propose(store, ws, IDEA, by="Ann", now=at(2))
    with pytest.raises(InputError, match="a name is required"):
        ideas.accept(store, ws, proposed, by="", now=at(3))
    assert store.count() == 2


def test_scores_of_an_accepted_idea_join_the_workshop_and_it_is_unscored_until_then(room):
    ws, store = room
    oid = ideas.add(store, ws, IDEA, by="Fay", now=T0)
    merged = kit.load_workshop(ws.path)
    unscored = kit.scoring.unscored(merged)
    assert unscored["opportunity_id"].tolist() == [oid]
    assert kit.scoring.unscored_sentence(unscored) == "1 opportunity not yet scored is left out: OPP-08 (0 of 2 criteria)."
    rows = pd.DataFrame([{"participant": "Ann", "opportunity_id": oid, "criterion": c, "score": 6}
                         for c in ("value", "risk")])
    assert kit.store.contribute(merged, "score", rows, app="scoring", store=store) == 2
    again = kit.load_workshop(ws.path)
    assert again.scores.query("opportunity_id == @oid")["score"].tolist() == [6.0, 6.0]
    assert kit.scoring.unscored(again).empty


def test_an_idea_whose_id_the_folder_took_since_is_named_with_the_store(room):
    ws, store = room
    ideas.add(store, ws, {**IDEA, "id": "OPP-30"}, by="Fay", now=T0)
    with open(ws.path / "opportunities.csv", "a", encoding="utf-8") as f:
        f.write(",".join(str(v) for v in opp("OPP-30").values()) + "\n")
    with pytest.raises(InputError) as info:
        kit.load_workshop(ws.path, use_cache=False)
    problems = info.value.problems
    assert problems[["sheet", "column", "value", "problem"]].values.tolist() == [
        ["opportunities", "id", "OPP-30", "is not unique"]]
    assert problems.loc[0, "file"] == Path(store.label).name and problems.loc[0, "row"] == 1  # the contribution


def test_export_includes_the_ideas_and_import_leaves_the_opportunities_alone(room, tmp_path):
    from kit.store.transfer import export_store, import_tables

    ws, store = room
    ideas.add(store, ws, {**IDEA, "title": "=HYPERLINK(1)"}, by="Fay", now=T0)
    proposed = ideas.propose(store, ws, IDEA, by="Ann", now=at(1))
    done = export_store(ws.path, tmp_path / "export")
    assert done.rows["ideas"] == 2 and done.contributions == 2
    table = pd.read_csv(tmp_path / "export" / "ideas.csv", dtype=str, keep_default_na=False)
    assert table[["id", "title", "goals", "status", "by", "at", "accepted_by"]].values.tolist() == [
        ["OPP-08", "'=HYPERLINK(1)", "g1", "accepted", "Fay", "2027-03-04T09:00:00.000000+00:00", "Fay"],
        [proposed, "Dock slot booking app", "g1", "proposed", "Ann", "2027-03-04T09:01:00.000000+00:00", ""]]
    history = pd.read_csv(tmp_path / "export" / "history.csv", dtype=str, keep_default_na=False)
    assert history["kind"].tolist() == ["opportunity", "opportunity"] and history["status"].tolist() == [
        "accepted", "proposed"]
    from openpyxl import load_workbook

    assert "ideas" in load_workbook(tmp_path / "export" / "contributions.xlsx").sheetnames
    import_tables(ws.path)
    assert (ws.path / "opportunities.csv").is_file()  # the folder's own table is never imported


def test_two_people_saving_at_once_cannot_both_take_one_id(room, monkeypatch):
    """The id is checked again in the store's write turn: an idea stored between the check and
    the write (someone else's Save at the same moment) is not stored twice."""
    from kit.ideas import model
    from kit.store import ItemTaken

    ws, store = room
    row = {"id": "OPP-50", **IDEA, "capability_area": "relationship", "goals": "g1", "event": "propose",
           "status": "proposed", "by": "Ann"}
    assert store.append("opportunity", [row], app="ideas", new_items=True) == 1
    with pytest.raises(ItemTaken, match="OPP-50"):
        store.append("opportunity", [{**row, "by": "Bo"}], app="ideas", new_items=True)
    with pytest.raises(ItemTaken):  # one Save giving one id twice
        store.append("opportunity", [{**row, "id": "OPP-51"}, {**row, "id": "OPP-51"}], app="ideas", new_items=True)
    assert store.count() == 1
    real = model.ideas
    seen: list[int] = []

    def stale(store_, workshop):  # the first look misses the idea stored a moment ago
        seen.append(1)
        found = real(store_, workshop)
        return found.iloc[:0] if len(seen) == 1 else found

    monkeypatch.setattr(model, "ideas", stale)
    monkeypatch.setattr(model, "next_id", lambda taken: ideas.next_id(["OPP-49", *taken]))
    assert ideas.add(store, ws, IDEA, by="Fay", now=T0) == "OPP-51"  # OPP-50 was taken: the next free one
    seen.clear()
    with pytest.raises(InputError, match="is not unique.*stored by someone else a moment ago"):
        ideas.add(store, ws, {**IDEA, "id": "OPP-50"}, by="Fay", now=T0)  # a given id is not changed
    assert store.count() == 2
    with pytest.raises(kit.KitError, match="kit.ideas.add"):
        kit.store.contribute(ws, "opportunity", pd.DataFrame([IDEA]), app="x", store=store)
