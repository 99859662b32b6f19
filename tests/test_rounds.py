"""kit.rounds on SQLite and on a real PostgreSQL: rounds open and close, votes stay hidden until
the close, the rules refuse what they should, the reveal's statistics, re-votes on the contested
cells, the last closed round's scores, and the export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kit
from kit import rounds
from kit.errors import InputError
from kit.settings import parse_settings
from kit.store import STORE_URL
from tests.conftest import TINY_YML, opp, write_workshop
from tests.store.conftest import fresh_pg, open_room  # noqa: F401 - the PostgreSQL database per test

T0 = datetime(2027, 3, 4, 9, 0, tzinfo=UTC)
PEOPLE = ["Ann", "Bo", "Cy", "Di", "Ed"]


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _workshop(folder: Path, extra: str = "") -> kit.Workshop:
    """Opportunities A, B, C scored by two people on value and risk (both 1-10)."""
    scores = [(p, o, c, 5) for p in ("p0", "p1") for o in "ABC" for c in ("value", "risk")]
    return write_workshop(folder, TINY_YML.format(budget=1000, extra=extra),
                          opportunities=pd.DataFrame([opp(o) for o in "ABC"]),
                          estimates=pd.DataFrame({"opportunity_id": ["A"], "layer": ["financial"], "driver": ["x"],
                                                  "low": [1], "high": [2]}),
                          scores=pd.DataFrame(scores, columns=["participant", "opportunity_id", "criterion", "score"]))


@pytest.fixture(params=["sqlite", "postgresql"])
def room(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple]:
    """``(workshop, store)``: the tiny workshop and its store, on SQLite or PostgreSQL."""
    yield from open_room(request, monkeypatch, _workshop(tmp_path / "ws"))


def _cast(ws, store, r, scores: dict[tuple[str, str], list[float]], minutes: float = 1, comments=None) -> None:
    """Everyone in PEOPLE votes: ``scores[(opportunity, criterion)][k]`` is person k's score."""
    comments = comments or {}
    rows = [{"participant": p, "opportunity_id": o, "criterion": c, "score": s, "comment": comments.get((p, o, c), "")}
            for (o, c), given in scores.items() for p, s in zip(PEOPLE, given, strict=False)]
    assert rounds.votes(store, ws, r, rows, now=at(minutes)) == len(rows)


def test_a_round_is_stored_with_its_cells_who_and_when(room):
    ws, store = room
    r = rounds.open_round(store, ws, ["B", "A"], ["risk", "value"], minutes=5, by="Fay", now=T0)
    assert r.number == 1 and r.id.startswith("r-")
    assert r.cells == (("B", "value"), ("B", "risk"), ("A", "value"), ("A", "risk"))  # criteria in workshop order
    assert r.deadline == at(5) and r.opened_by == "Fay" and r.state(at(4)) == "open" and r.state(at(5)) == "closed"
    history = store.history()
    assert history[["kind", "item", "participant", "at", "app"]].values.tolist() == [
        ["round", r.id, "Fay", "2027-03-04T09:00:00.000000+00:00", "rounds"]]
    everything = rounds.open_round(store, ws, by="Gus", now=at(6))  # every opportunity and criterion
    assert everything.number == 2 and len(everything.cells) == 6
    table = rounds.rounds(store, now=at(7))
    assert table[["number", "state", "opened_by", "closed_by", "cells"]].values.tolist() == [
        [1, "closed", "Fay", "time limit", 4], [2, "open", "Gus", "", 6]]


def test_a_round_of_unknown_items_or_a_bad_time_limit_is_refused_and_nothing_is_stored(room):
    ws, store = room
    with pytest.raises(InputError) as info:
        rounds.open_round(store, ws, ["A", "Z"], ["valeu"], minutes=-1, by="", now=T0)
    problems = info.value.problems
    assert problems["problem"].tolist() == ["unknown opportunity", "unknown criterion", "a name is required",
                                            "the time limit must be a positive number of minutes"]
    assert problems["value"].tolist()[:2] == ["Z", "valeu"]
    assert "did you mean 'value'?" in str(info.value)
    with pytest.raises(InputError, match="the time limit must be a positive number of minutes"):
        rounds.open_round(store, ws, ["A"], minutes=0, by="Fay", now=T0)
    with pytest.raises(InputError, match="a name is required"):
        rounds.open_round(store, ws, ["A"], by=" ", now=T0)
    assert store.count() == 0


def test_a_cell_is_in_one_open_round_at_a_time(room):
    ws, store = room
    first = rounds.open_round(store, ws, ["A"], ["value"], by="Fay", now=T0)
    with pytest.raises(InputError, match="A on value is already in round 1, still open"):
        rounds.open_round(store, ws, ["A", "B"], ["value"], by="Fay", now=at(1))
    rounds.open_round(store, ws, ["B"], ["value"], by="Fay", now=at(1))  # another cell: fine
    rounds.close_round(store, first, by="Fay", now=at(2))
    assert rounds.open_round(store, ws, ["A"], ["value"], by="Fay", now=at(3)).number == 3


def test_while_a_round_is_open_the_board_sees_who_voted_and_how_much_never_the_scores(room):
    ws, store = room
    r = rounds.open_round(store, ws, ["A", "B"], ["value"], minutes=10, by="Fay", now=T0)
    rounds.vote(store, ws, r, "Ann", "A", "value", 9, "secret reason", now=at(1))
    rounds.vote(store, ws, r, "Bo", "A", "value", 2, now=at(2))
    rounds.vote(store, ws, r, "Bo", "B", "value", 4, now=at(2))
    seen = rounds.status(store, r, now=at(4))
    assert seen.state == "open" and seen.seconds_left == 6 * 60
    assert seen.voters.to_dict("list") == {"participant": ["Ann", "Bo"], "voted": [1, 2], "of": [2, 2],
                                           "share": [0.5, 1.0]}
    assert seen.cells["votes"].tolist() == [2, 1]
    shown = pd.concat([seen.voters.astype(str), seen.cells.astype(str)]).to_csv() + seen.sentence
    assert "9" not in shown and "secret" not in shown and "score" not in set(seen.voters) | set(seen.cells)
    assert seen.sentence == "Round 1 is open (6 min left): 2 people have voted, 3 of 4 scores."
    with pytest.raises(InputError, match="round 1 is still open: its scores stay hidden until it closes"):
        rounds.reveal(store, r, now=at(4))
    with pytest.raises(InputError, match="still open"):
        rounds.round_scores(store, r, now=at(4))
    assert rounds.round_scores(store, now=at(4)).table.empty  # the last closed rounds: none yet
    assert kit.load_workshop(ws.path, use_cache=False).scores["score"].tolist() == [5] * 12  # not in the scores
    rounds.close_round(store, r, by="Fay", now=at(5))
    assert rounds.reveal(store, r).cells["n"].tolist() == [2, 1]


def test_a_vote_after_the_close_or_the_time_limit_is_refused(room):
    ws, store = room
    r = rounds.open_round(store, ws, ["A"], ["value"], minutes=5, by="Fay", now=T0)
    rounds.vote(store, ws, r, "Ann", "A", "value", 7, now=at(4.99))
    with pytest.raises(InputError, match=r"the time of round 1 is up: the vote was not saved \(found time limit "
                                         r"2027-03-04 09:05 UTC\)"):
        rounds.vote(store, ws, r, "Bo", "A", "value", 7, now=at(5))
    closed = rounds.close_round(store, r, by="Fay", now=at(6))  # after the time limit: recorded all the same
    assert closed.closed_by == "Fay" and closed.ended_at() == at(5) and closed.ended_by() == "time limit"
    second = rounds.open_round(store, ws, ["A"], ["value"], by="Fay", now=at(7))
    rounds.close_round(store, second, by="Gus", now=at(8))
    with pytest.raises(InputError, match=r"round 2 is closed: the vote was not saved \(found closed 2027-03-04 09:08 "
                                         r"UTC by Gus\)"):
        rounds.vote(store, ws, second, "Bo", "A", "value", 7, now=at(9))
    with pytest.raises(InputError, match="round 2 is already closed"):
        rounds.close_round(store, 2, by="Fay", now=at(9))
    with pytest.raises(InputError, match="round not found.*the rounds are 1 .r-"):
        rounds.vote(store, ws, 7, "Bo", "A", "value", 7, now=at(9))
    assert store.count("vote") == 1


def test_a_vote_outside_the_round_or_off_the_scale_is_refused_with_every_problem_and_nothing_stored(room):
    ws, store = room
    r = rounds.open_round(store, ws, ["A", "B"], ["value"], by="Fay", now=T0)
    with pytest.raises(InputError) as info:
        rounds.votes(store, ws, r, [{"participant": "Ann", "opportunity_id": "A", "criterion": "value", "score": 11},
                                    {"participant": "Ann", "opportunity_id": "C", "criterion": "value", "score": 5},
                                    {"participant": "Ann", "opportunity_id": "A", "criterion": "risk", "score": 5}],
                     now=at(1))
    problems = info.value.problems.set_index("row")
    assert problems.loc[1, "problem"] == "score outside the scale of value" and problems.loc[1, "hint"] == "use 1 to 10"
    assert problems.loc[2, "problem"] == "not in round 1" and problems.loc[2, "value"] == "C/value"
    assert (problems.loc[3, "problem"], problems.loc[3, "column"]) == ("not in round 1", "criterion")
    assert "round 1 asks about A, B on value" in str(info.value)
    with pytest.raises(InputError, match="new scores, row 1, column participant: must not be empty"):
        rounds.vote(store, ws, r, "", "B", "value", 5, now=at(1))
    with pytest.raises(InputError, match="text contains a control character"):
        rounds.vote(store, ws, r, "Ann", "B", "value", 5, "bad\x1b", now=at(1))
    assert store.count("vote") == 0


def test_voting_twice_the_latest_counts_and_both_are_kept(room):
    ws, store = room
    r = rounds.open_round(store, ws, ["A"], ["value"], by="Fay", now=T0)
    rounds.vote(store, ws, r, "Ann", "A", "value", 2, "first thought", now=at(1))
    rounds.vote(store, ws, r, "Bo", "A", "value", 6, now=at(1))
    rounds.vote(store, ws, r, "Ann", "A", "value", 8, "second thought", now=at(2))
    rounds.close_round(store, r, by="Fay", now=at(3))
    shown = rounds.reveal(store, r)
    assert shown.cells.loc[0, "scores"] == (6.0, 8.0) and shown.voters == 2
    assert shown.comments["comment"].tolist() == ["second thought"]
    assert store.rows("vote")["score"].tolist() == [2, 6, 8]  # the audit trail keeps both of Ann's
    assert rounds.status(store, r).voters["voted"].tolist() == [1, 1]


def test_a_vote_stored_after_the_close_never_counts(room):
    """A vote checked just before the close but stored after it (two servers at once) is kept
    for the audit trail and not counted: the store's order decides."""
    ws, store = room
    r = rounds.open_round(store, ws, ["A"], ["value"], by="Fay", now=T0)
    rounds.vote(store, ws, r, "Ann", "A", "value", 3, now=at(1))
    rounds.close_round(store, r, by="Fay", now=at(2))
    store.append("vote", [{"round": r.id, "participant": "Bo", "opportunity_id": "A", "criterion": "value",
                           "score": 9.0, "comment": ""}], app="rounds", at=at(1.5))
    assert rounds.reveal(store, r).cells.loc[0, "scores"] == (3.0,)
    assert rounds.counted_votes(store, rounds.find_round(rounds.load_rounds(store), 1))["participant"].tolist() == ["Ann"]


def test_the_reveal_gives_distribution_median_spread_agreement_outliers_and_unnamed_comments(room):
    ws, store = room
    r = rounds.open_round(store, ws, ["A", "B"], ["value", "risk"], by="Fay", now=T0)
    _cast(ws, store, r, {("A", "value"): [5, 5, 5, 5, 10], ("A", "risk"): [2, 3, 3, 4, 3],
                         ("B", "value"): [4, 5, 5, 5, 5], ("B", "risk"): [7]},
          comments={("Ed", "A", "value"): "it saves a day a week", ("Ann", "A", "value"): "no evidence yet",
                    ("Bo", "A", "value"): "  "})
    rounds.close_round(store, r, by="Fay", now=at(2))
    shown = rounds.reveal(store, r)
    cells = shown.cells.set_index(["opportunity_id", "criterion"])
    a = cells.loc[("A", "value")]
    assert a["scores"] == (5.0, 5.0, 5.0, 5.0, 10.0) and a["median"] == 5 and a["mean"] == 6 and a["n"] == 5
    assert a["std"] == pytest.approx(np.sqrt(5)) and a["iqr"] == 0 and (a["min"], a["max"]) == (5, 10)
    assert a["rwg"] == pytest.approx(1 - 5 / 8.25) and a["agreement"] == "low"  # σ²_EU of 10 points: 99 / 12
    assert a["outliers"] == (10.0,) and a["comments"] == 2
    risk = cells.loc[("A", "risk")]
    assert risk["rwg"] == pytest.approx(1 - 0.5 / 8.25) and risk["agreement"] == "high" and risk["outliers"] == ()
    assert cells.loc[("B", "value"), "outliers"] == ()  # one point off is no outlier
    lone = cells.loc[("B", "risk")]
    assert lone["n"] == 1 and np.isnan(lone["rwg"]) and lone["agreement"] == "n/a" and np.isnan(lone["std"])
    assert shown.comments.to_dict("list") == {"opportunity_id": ["A", "A"], "criterion": ["value", "value"],
                                              "score": [5.0, 10.0],
                                              "comment": ["no evidence yet", "it saves a day a week"]}
    assert not set(PEOPLE) & set(shown.cells.astype(str).to_csv().split(",") + shown.comments.columns.tolist())
    assert shown.sentence == "Round 1: 5 people scored 4 items; agreement is low on 1, high on 2, n/a on 1."


def test_the_reveal_agrees_with_the_group_scores_of_the_same_scores(room, tmp_path):
    ws, store = room
    given = {("A", "value"): [5, 5, 5, 5, 10], ("A", "risk"): [2, 3, 3, 4, 3], ("B", "value"): [1, 9, 4, 7, 2],
             ("B", "risk"): [6, 6, 7, 5, 8], ("C", "value"): [3, 3, 3, 3, 3], ("C", "risk"): [10, 1, 10, 1, 5]}
    r = rounds.open_round(store, ws, by="Fay", now=T0)
    _cast(ws, store, r, given)
    rounds.close_round(store, r, by="Fay", now=at(2))
    cells = rounds.reveal(store, r).cells.set_index(["opportunity_id", "criterion"])
    same = _workshop(tmp_path / "same")
    same.tables["scores"] = pd.DataFrame([(p, o, c, float(s)) for (o, c), g in given.items()
                                          for p, s in zip(PEOPLE, g, strict=True)],
                                         columns=["participant", "opportunity_id", "criterion", "score"])
    group = kit.scoring.group_scores(same).set_index(["opportunity_id", "criterion"]).loc[cells.index]
    np.testing.assert_allclose(cells["rwg"].to_numpy(float), group["rwg"].to_numpy(float))
    np.testing.assert_allclose(cells[["median", "mean", "std", "min", "max"]].to_numpy(float),
                               group[["median", "mean", "std", "min", "max"]].to_numpy(float))
    assert cells["agreement"].tolist() == group["agreement"].tolist()


def test_a_revote_opens_on_exactly_the_contested_cells_and_shows_the_first_round_without_names(room, tmp_path):
    ws, store = room
    r = rounds.open_round(store, ws, by="Fay", now=T0)
    # r_wg: A/value 0.39 (low), A/risk 0.94, B/value 0.61 (medium), B/risk 0.82, C/value 1, C/risk: one vote (n/a)
    _cast(ws, store, r, {("A", "value"): [5, 5, 5, 5, 10], ("A", "risk"): [2, 3, 3, 4, 3],
                         ("B", "value"): [3, 6, 5, 7, 3], ("B", "risk"): [6, 6, 7, 5, 8], ("C", "value"): [3] * 5,
                         ("C", "risk"): [10]}, comments={("Ed", "A", "value"): "ask finance"})
    with pytest.raises(InputError, match="still open"):
        rounds.revote(store, ws, r, by="Fay", now=at(1))
    rounds.close_round(store, r, by="Fay", now=at(2))
    assert rounds.reveal(store, r).cells["agreement"].tolist() == ["low", "high", "medium", "high", "high", "n/a"]
    assert rounds.contested(store, r) == [("A", "value")]  # the default: below medium
    assert rounds.contested(store, r, "high") == [("A", "value"), ("B", "value")]
    assert rounds.contested(store, r, 0.9) == [("A", "value"), ("B", "value"), ("B", "risk")]
    with pytest.raises(InputError, match="not an agreement threshold"):
        rounds.contested(store, r, "low")
    strict = _workshop(tmp_path / "strict", extra="rounds: {revote_below: high}\n")
    again = rounds.revote(store, strict, r, by="Fay", minutes=3, now=at(3))  # workshop.yml's threshold
    assert again.cells == (("A", "value"), ("B", "value")) and again.parent == r.id and again.number == 2
    assert again.deadline == at(6)
    seen = rounds.feedback(store, again)
    assert seen.round.id == r.id and list(zip(seen.cells["opportunity_id"], seen.cells["criterion"], strict=True)) == \
        [("A", "value"), ("B", "value")]
    assert seen.comments.to_dict("records") == [{"opportunity_id": "A", "criterion": "value", "score": 10.0,
                                                 "comment": "ask finance"}]
    assert rounds.feedback(store, r) is None
    parents = rounds.rounds(store)["parent"]
    assert pd.isna(parents.iloc[0]) and parents.iloc[1] == 1
    rounds.close_round(store, again, by="Fay", now=at(4))
    calm = rounds.open_round(store, ws, ["C"], ["value"], by="Fay", now=at(5))
    _cast(ws, store, calm, {("C", "value"): [4, 4, 4, 4, 4]}, minutes=5.5)
    rounds.close_round(store, calm, by="Fay", now=at(6))
    assert rounds.revote(store, ws, calm, by="Fay", now=at(7)) is None  # nothing contested: no round
    assert len(rounds.load_rounds(store)) == 3


def test_compare_says_how_agreement_moved_between_the_rounds(room):
    ws, store = room
    r = rounds.open_round(store, ws, ["A", "B"], ["value"], by="Fay", now=T0)
    _cast(ws, store, r, {("A", "value"): [1, 10, 2, 9, 5], ("B", "value"): [3, 7, 5, 6, 2]})
    rounds.close_round(store, r, by="Fay", now=at(2))
    again = rounds.revote(store, ws, r, "high", by="Fay", now=at(3))
    _cast(ws, store, again, {("A", "value"): [4, 6, 5, 5, 6], ("B", "value"): [5, 5]}, minutes=4)
    with pytest.raises(InputError, match="round 2 is still open"):
        rounds.compare(store, again, now=at(4))
    rounds.close_round(store, again, by="Fay", now=at(5))
    moved = rounds.compare(store, again).set_index("opportunity_id")
    assert moved.loc["A", "rwg_before"] == 0 and moved.loc["A", "agreement_before"] == "low"
    assert moved.loc["A", "rwg_after"] == pytest.approx(1 - 0.7 / 8.25) and moved.loc["A", "agreement_after"] == "high"
    assert moved.loc["A", "change"] == pytest.approx(moved.loc["A", "rwg_after"])
    assert (moved.loc["B", "n_before"], moved.loc["B", "n_after"], moved.loc["B", "rwg_after"]) == (5, 2, 1.0)
    assert moved.loc["B", "median_before"] == 5 and moved.loc["A", "median_after"] == 5
    with pytest.raises(InputError, match="round 1 is a first round: there is nothing to compare it with"):
        rounds.compare(store, r)


def test_revotes_sets_each_closed_revote_against_the_round_it_asked_again(room):
    ws, store = room
    assert rounds.revotes(ws, store=store).empty and rounds.revotes_sentence(rounds.revotes(ws, store=store)) == ""
    r = rounds.open_round(store, ws, ["A", "B"], ["value", "risk"], by="Fay", now=T0)
    _cast(ws, store, r, {("A", "value"): [1, 10, 2, 9, 5], ("B", "value"): [3, 7, 5, 6, 2],
                         ("A", "risk"): [4, 4, 4, 4, 4], ("B", "risk"): [5, 5, 5, 5, 5]})
    rounds.close_round(store, r, by="Fay", now=at(2))
    again = rounds.revote(store, ws, r, "high", by="Fay", now=at(3))
    assert again.cells == (("A", "value"), ("B", "value"))
    _cast(ws, store, again, {("A", "value"): [4, 6, 5, 5, 6], ("B", "value"): [1, 9, 1, 9, 5]}, minutes=4)
    assert rounds.revotes(ws, store=store, now=at(4)).empty  # the re-vote is still open
    rounds.close_round(store, again, by="Fay", now=at(5))

    table = rounds.revotes(ws, store=store, now=at(6))
    assert tuple(table.columns) == rounds.REVOTE_COLUMNS
    assert table["opportunity_id"].tolist() == ["A", "B"] and set(table["criterion"]) == {"Business value"}
    a, b = table.iloc[0], table.iloc[1]
    assert (a["round_before"], a["round_after"], a["votes_before"], a["votes_after"]) == (1, 2, 5, 5)
    assert (a["agreement_before"], a["agreement_after"]) == ("low", "high") and a["change"] > 0
    assert a["median_before"] == 5 and a["median_after"] == 5 and a["title"] == "Idea A"
    assert b["change"] < 0 and b["rwg_after"] == 0  # talking it over split B further
    assert rounds.revotes_sentence(table) == "2 scores were voted again on 2 opportunities: agreement rose on 1, fell on 1."


def test_the_last_closed_round_of_each_cell_gives_its_scores_and_says_which(room):
    ws, store = room
    first = rounds.open_round(store, ws, ["A", "B"], ["value"], by="Fay", now=T0)
    _cast(ws, store, first, {("A", "value"): [1, 10, 2, 9, 5], ("B", "value"): [8, 8, 8, 8, 8]})
    rounds.close_round(store, first, by="Fay", now=at(2))
    second = rounds.revote(store, ws, first, by="Fay", now=at(3))
    assert second.cells == (("A", "value"),)
    _cast(ws, store, second, {("A", "value"): [6, 7, 6]}, minutes=4)
    third = rounds.open_round(store, ws, ["C"], ["value"], by="Fay", now=at(5))
    _cast(ws, store, third, {("C", "value"): [2, 2]}, minutes=6)  # still open: never used
    assert rounds.round_scores(store, now=at(4.5)).cells == {("A", "value"): 1, ("B", "value"): 1}
    rounds.close_round(store, second, by="Fay", now=at(7))

    last = rounds.round_scores(store, now=at(8))
    assert last.cells == {("A", "value"): 2, ("B", "value"): 1}
    assert list(last.table.columns) == ["participant", "opportunity_id", "criterion", "score", "comment", "round", "at"]
    a = last.table[last.table["opportunity_id"] == "A"]
    assert a["score"].tolist() == [6.0, 7.0, 6.0] and a["participant"].tolist() == ["Ann", "Bo", "Cy"]
    assert set(a["round"]) == {2} and len(last.table[last.table["opportunity_id"] == "B"]) == 5
    assert last.sentence == ("Scores from round 2 (closed 2027-03-04 09:07 UTC) for 1 item and round 1 "
                             "(closed 2027-03-04 09:02 UTC) for 1 item.")
    chosen = rounds.round_scores(store, 1, now=at(8))
    assert chosen.cells == {("A", "value"): 1, ("B", "value"): 1} and len(chosen.table) == 10

    scored, sentence = rounds.with_round_scores(ws, now=at(8))  # the workshop's own store
    own = scored.scores.set_index(["opportunity_id", "criterion"])
    assert own.loc[("A", "value"), "score"].tolist() == [6.0, 7.0, 6.0]
    assert own.loc[("C", "value"), "score"].tolist() == [5.0, 5.0]  # the open round does not count
    assert len(scored.scores) == 12 - 4 + 8 and sentence.endswith("The other items keep the workshop's own scores.")
    group = kit.scoring.group_scores(scored).set_index(["opportunity_id", "criterion"])
    assert group.loc[("A", "value"), "n"] == 3 and group.loc[("B", "value"), "mean"] == 8
    picked, said = rounds.with_round_scores(ws, 1, store=store, now=at(8))  # a chosen round on its cells
    assert picked.scores.set_index(["opportunity_id", "criterion"]).loc[("A", "value"), "score"].tolist() == \
        [1.0, 10.0, 2.0, 9.0, 5.0]
    assert said.startswith("Scores from round 1 (closed 2027-03-04 09:02 UTC) for 2 items.")
    with pytest.raises(InputError, match="round 3 is still open"):
        rounds.with_round_scores(ws, 3, store=store, now=at(8))
    assert ws.scores["score"].tolist() == [5] * 12  # the workshop given is not changed


def test_a_workshop_without_rounds_keeps_its_scores(tmp_path, monkeypatch):
    monkeypatch.delenv(STORE_URL, raising=False)
    ws = _workshop(tmp_path / "ws")
    assert rounds.with_round_scores(ws) == (ws, "")
    with pytest.raises(InputError, match="this workshop has no rounds"):
        rounds.with_round_scores(ws, 1)


def test_export_includes_the_rounds_and_every_vote(room, tmp_path):
    from kit.store.transfer import export_store

    ws, store = room
    r = rounds.open_round(store, ws, ["A"], ["value", "risk"], minutes=10, by="Fay", now=T0)
    rounds.vote(store, ws, r, "=cmd", "A", "value", 3, "+1", now=at(1))
    rounds.vote(store, ws, r, "=cmd", "A", "value", 4, now=at(2))
    rounds.close_round(store, r, by="Fay", now=at(3))
    done = export_store(ws.path, tmp_path / "export")
    assert {"rounds.csv", "votes.csv"} <= {p.name for p in done.files} and done.rows["rounds"] == 1
    table = pd.read_csv(tmp_path / "export" / "rounds.csv", dtype=str, keep_default_na=False)
    assert table[["number", "round", "state", "opened_by", "closed_by", "asked", "voters", "votes"]].values.tolist() == [
        ["1", r.id, "closed", "Fay", "Fay", "A/value;A/risk", "1", "1"]]
    assert table["deadline"].tolist() == ["2027-03-04T09:10:00.000000+00:00"]
    votes = pd.read_csv(tmp_path / "export" / "votes.csv", dtype=str, keep_default_na=False)
    assert votes[["round", "participant", "score", "comment", "counted"]].values.tolist() == [
        ["1", "'=cmd", "3.0", "'+1", "no"], ["1", "'=cmd", "4.0", "", "yes"]]  # formula-safe
    history = pd.read_csv(tmp_path / "export" / "history.csv", dtype=str, keep_default_na=False)
    assert history["kind"].tolist() == ["round", "vote", "vote", "round"]
    assert history["cells"].iloc[0] == '[["A", "value"], ["A", "risk"]]'
    from openpyxl import load_workbook

    assert {"rounds", "votes"} <= set(load_workbook(tmp_path / "export" / "contributions.xlsx").sheetnames)


def test_revote_below_in_workshop_yml_is_a_level_or_an_rwg():
    assert parse_settings({"name": "x"}).rounds == {"revote_below": "medium"}
    assert parse_settings({"name": "x", "rounds": {"revote_below": "High"}}).rounds["revote_below"] == "high"
    assert parse_settings({"name": "x", "rounds": {"revote_below": 0.6}}).rounds["revote_below"] == 0.6
    for bad, problem in (({"revote_below": "lowish"}, "must be a number"), ({"revote_below": 2}, "between 0 and 1"),
                         ({"revote": 1}, "unknown setting"), ("medium", "must be a mapping")):
        with pytest.raises(InputError, match=problem):
            parse_settings({"name": "x", "rounds": bad})
