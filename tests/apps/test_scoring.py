"""The participant scoring app, driven as a participant would (widget values, button clicks)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import kit
from kit import ahp, scoring
from kit.apps.scoring import SCORE_COLUMNS, pair_form, score_form, scoring_app
from kit.apps.scoring.forms import _SAATY
from kit.store import STORE_FILE, open_store


@pytest.fixture
def ws(demo_copy: Path) -> kit.Workshop:
    return kit.load_workshop(demo_copy)


def _stored(folder: Path, kind: str) -> pd.DataFrame:
    with open_store(folder) as store:
        return store.rows(kind)


def _choose(form, values: dict[str, int]) -> None:
    for criterion, value in values.items():
        form.toggles[criterion].value = value


def test_form_has_one_toggle_per_criterion_on_its_scale(ws: kit.Workshop):
    form = score_form(ws)
    assert list(form.toggles) == [c.id for c in ws.settings.criteria]
    assert [v for _, v in form.toggles["value"].options] == list(range(1, 11))
    assert form.opportunity.value == ws.opportunities["id"].iloc[0]
    assert "Customer shipment tracking portal" in form.details.value
    assert "0 of 37 opportunities scored" in form.progress.value


def test_saved_scores_land_in_the_store_and_count_in_the_group(ws: kit.Workshop, demo_copy: Path):
    form = score_form(ws, participant="Nora Quist")
    form.opportunity.value = "OPP-05"
    _choose(form, {"value": 9, "fit": 8, "urgency": 7, "feasibility": 6, "risk": 2})
    form.comment.value = "=HYPERLINK(\"http://x\")  we did this before"
    form.save_button.click()  # saves, then moves to the next opportunity not yet scored
    mine = _stored(demo_copy, "score")
    assert mine[["participant", "opportunity_id", "criterion", "score"]].values.tolist() == [
        ["Nora Quist", "OPP-05", c, s] for c, s in (("value", "9"), ("fit", "8"), ("urgency", "7"),
                                                    ("feasibility", "6"), ("risk", "2"))]
    assert mine["comment"].iloc[0].startswith("=HYPERLINK")  # kept as typed; exports make it text
    assert mine["at"].str.endswith("+00:00").all() and mine["app"].eq("scoring").all()  # when, UTC, and from where
    assert "Saved 5 scores for OPP-05" in form.status.value
    assert form.opportunity.value == "OPP-01"  # the next one not yet scored
    assert "1 of 37" in form.progress.value
    group = scoring.group_scores(kit.load_workshop(demo_copy))
    value = group[(group["opportunity_id"] == "OPP-05") & (group["criterion"] == "value")].iloc[0]
    assert value["n"] == 8  # the seven demo participants and Nora


def test_the_latest_score_counts_and_a_returning_participant_sees_theirs(ws: kit.Workshop, demo_copy: Path):
    form = score_form(ws, participant="Nora Quist")
    form.opportunity.value = "OPP-02"
    _choose(form, {"value": 3})
    form.save()
    form.opportunity.value = "OPP-02"
    assert form.toggles["value"].value == 3 and form.toggles["fit"].value is None
    _choose(form, {"value": 8})
    form.save()
    again = score_form(kit.load_workshop(demo_copy), participant="nora quist")  # any case
    again.opportunity.value = "OPP-02"
    assert again.toggles["value"].value == 8
    assert "✓" in dict((v, k) for k, v in again.opportunity.options)["OPP-02"]
    latest = scoring.group_scores(kit.load_workshop(demo_copy))
    row = latest[(latest["opportunity_id"] == "OPP-02") & (latest["criterion"] == "value")].iloc[0]
    raw = _stored(demo_copy, "score")
    assert raw["score"].tolist() == ["3", "8"]  # both kept, with their times: nothing is lost
    before = ws.scores[(ws.scores["opportunity_id"] == "OPP-02") & (ws.scores["criterion"] == "value")]
    assert row["n"] == before["participant"].nunique() + 1
    assert row["mean"] == pytest.approx((before["score"].sum() + 8) / (len(before) + 1))


def test_a_returning_participant_saves_under_their_known_spelling(ws: kit.Workshop, demo_copy: Path):
    known = ws.scores["participant"].iloc[0]
    form = score_form(ws, participant=f"  {known.upper()} ")
    form.opportunity.value = "OPP-03"
    assert form.toggles["risk"].value is not None  # their earlier scores are shown
    _choose(form, {"risk": 4})
    saved = form.save()
    assert set(saved["participant"]) == {known}
    assert saved.set_index("criterion").loc["risk", "score"] == 4


def test_missing_name_or_scores_is_said_and_nothing_is_written(ws: kit.Workshop, demo_copy: Path):
    form = score_form(ws)
    assert form.save() is None
    assert "your name" in form.status.value and "at least one criterion" in form.status.value
    form.participant.value = "Nora Quist"
    assert form.save() is None
    assert not (demo_copy / STORE_FILE).exists()


def test_a_score_the_contract_refuses_is_said_and_not_stored(ws: kit.Workshop, demo_copy: Path):
    form = score_form(ws, participant="Nora\x07 Quist")
    _choose(form, {"value": 5})
    assert form.save() is None
    assert "Not saved: text contains a control character" in form.status.value
    assert not (demo_copy / STORE_FILE).exists() or _stored(demo_copy, "score").empty


def test_a_writer_error_is_shown_not_raised(ws: kit.Workshop):
    def refuse(_rows):
        raise kit.InputError.single("the scores table is kept in a spreadsheet sheet", hint="move it to scores.csv")

    form = score_form(ws, writer=refuse, participant="Nora Quist")
    _choose(form, {"value": 5})
    assert form.save() is None
    assert "Not saved: the scores table is kept in a spreadsheet sheet" in form.status.value


def test_people_text_is_shown_as_text(ws: kit.Workshop):
    ws.opportunities.loc[0, "title"] = "<img src=x onerror=alert(1)>"
    form = score_form(ws)
    assert "<img" not in form.details.value and "&lt;img" in form.details.value


def test_custom_writer_receives_the_scores_columns(ws: kit.Workshop):
    got = []
    form = score_form(ws, writer=got.append, participant="Nora Quist")
    _choose(form, {"value": 5, "risk": 9})
    form.save()
    assert list(got[0].columns) == list(SCORE_COLUMNS)
    assert got[0]["score"].tolist() == [5, 9]


# --- comparing goals -----------------------------------------------------------------------


def test_pair_form_has_one_toggle_per_goal_pair(ws: kit.Workshop):
    form = pair_form(ws)
    goals = ws.settings.goal_ids
    assert len(form.toggles) == len(goals) * (len(goals) - 1) // 2
    assert next(iter(form.toggles)) == (goals[0], goals[1])
    assert [v for _, v in form.toggles[(goals[0], goals[1])].options][4] == 1.0


def test_saved_comparisons_land_in_the_store_and_move_the_group_weights(ws: kit.Workshop, demo_copy: Path):
    goals = ws.settings.goal_ids
    before = ahp.goal_weights(ws).weights
    form = pair_form(ws, participant="Nora Quist")
    for (a, b), toggle in form.toggles.items():  # sales matters extremely more than anything else
        toggle.value = 1 / 9 if b == "sales" else (9.0 if a == "sales" else 1.0)
    saved = form.save()
    assert len(saved) == 10 and "Saved 10 comparisons, Nora Quist." in form.status.value
    assert "consistent (consistency ratio 0.00" in form.status.value
    mine = _stored(demo_copy, "pairwise")
    assert mine[mine["b"] == "sales"]["ratio"].tolist() == ["1/9"] * 4
    after = ahp.goal_weights(kit.load_workshop(demo_copy))
    assert "Nora Quist" in set(after.participants["participant"])
    assert after.weights["sales"] > before["sales"]
    assert set(after.weights.index) == set(goals)


def test_contradicting_comparisons_are_pointed_out(ws: kit.Workshop):
    form = pair_form(ws, writer=lambda rows: None, participant="Nora Quist")
    g = ws.settings.goal_ids
    form.toggles[(g[0], g[1])].value = 9.0      # g0 >> g1
    form.toggles[(g[1], g[2])].value = 9.0      # g1 >> g2
    form.toggles[(g[0], g[2])].value = 1 / 9    # but g2 >> g0
    for pair in [(g[0], g[3]), (g[0], g[4])]:
        form.toggles[pair].value = 1.0
    form.save()
    assert "contradict each other" in form.status.value and "have another look" in form.status.value


def test_a_returning_participant_sees_their_latest_comparisons(ws: kit.Workshop, demo_copy: Path):
    known = ws.pairwise["participant"].iloc[0]
    mine = ws.pairwise[ws.pairwise["participant"] == known].iloc[0]
    form = pair_form(kit.load_workshop(demo_copy), participant=known.lower())
    shown = form.toggles.get((mine["a"], mine["b"]))
    if shown is None:  # stored the other way round
        shown = form.toggles[(mine["b"], mine["a"])]
        expected = 1 / float(mine["ratio"])
    else:
        expected = float(mine["ratio"])
    assert shown.value == min((v for v, _, _ in _SAATY), key=lambda v: abs(np.log(v / expected)))
    assert set(form.judgments()["participant"]) == {known}


def test_pair_form_needs_a_name_and_a_comparison(ws: kit.Workshop):
    form = pair_form(ws, writer=lambda rows: pytest.fail("nothing may be written"))
    assert form.save() is None
    assert "your name" in form.status.value and "at least one comparison" in form.status.value


def test_the_app_shares_one_name_between_its_two_tabs(ws: kit.Workshop):
    app = scoring_app(ws, score_writer=lambda r: None, pair_writer=lambda r: None)
    app.participant.value = "Nora Quist"
    assert app.scores.participant is app.pairs.participant is app.participant
    assert app.scores.save() is None and "at least one criterion" in app.scores.status.value
    assert "your name" not in app.scores.status.value


def test_the_name_may_come_from_the_page_address(ws: kit.Workshop, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("QUERY_STRING", "participant=Nora%20Quist&x=1")
    assert scoring_app(ws).participant.value == "Nora Quist"
    assert scoring_app(ws, participant="Given Name").participant.value == "Given Name"
    monkeypatch.setenv("QUERY_STRING", "")
    assert scoring_app(ws).participant.value == ""


# --- the facilitator's live board ------------------------------------------------------------


def test_participation_counts_latest_scores_and_pairs_either_way_round(demo_copy: Path):
    with open(demo_copy / "scores.csv", "a", encoding="utf-8") as f:
        f.write("Nora Quist,OPP-01,value,3,\nNora Quist,OPP-01,value,8,\nNora Quist,OPP-02,fit,5,\n")
    with open(demo_copy / "pairwise.csv", "a", encoding="utf-8") as f:
        f.write("Nora Quist,productivity,sales,3\nNora Quist,sales,productivity,1/5\nOnly Pairs,sales,market_share,2\n")
    ws = kit.load_workshop(demo_copy)
    table = scoring.participation(ws).set_index("participant")
    assert table.loc["Nora Quist", ["opportunities", "scores", "comparisons"]].tolist() == [2, 2, 1]
    assert table.loc["Nora Quist", "share"] == pytest.approx(2 / (37 * 5))
    assert table.loc["Only Pairs", ["scores", "comparisons"]].tolist() == [0, 1]
    demo_people = [p for p in ws.scores["participant"].unique() if p != "Nora Quist"]
    assert len(demo_people) == 7 and (table.loc[demo_people, "share"] == 1).all()  # they scored everything


def test_live_board_refresh_shows_new_contributions(demo_copy: Path):
    from kit.apps.live import live_board

    board = live_board(demo_copy)
    assert "7 participants · 1,295 scores · 70 comparisons" in board.status.value
    titles = [v.to_dict()["title"]["text"] for v in board.views]
    assert titles[0] == "Who has scored so far" and len(titles) == 3  # + goal weights, what makes up each score
    form = score_form(kit.load_workshop(demo_copy), participant="Nora Quist")
    form.toggles["value"].value = 5
    form.save()
    board.refresh_button.click()
    assert "8 participants · 1,296 scores" in board.status.value and "last saved" in board.status.value
    assert "Nora Quist" in set(board.participation["participant"])


def test_live_board_keeps_the_last_view_when_a_file_breaks(demo_copy: Path):
    from kit.apps.live import live_board

    board = live_board(demo_copy)
    before = board.views
    with open(demo_copy / "scores.csv", "a", encoding="utf-8") as f:
        f.write("Nora Quist,OPP-01,value,eleven,\n")
    assert board.refresh() is None
    assert "Not refreshed" in board.status.value and "scores.csv row 1297" in board.status.value
    assert board.views is before


def test_live_board_early_in_a_workshop_shows_what_it_can(demo_copy: Path):
    """A new workshop: two participants have scored a little and compared two goals."""
    from kit.apps.live import live_board

    (demo_copy / "scores.csv").write_text("participant,opportunity_id,criterion,score,comment\n"
                                          "Ada,OPP-01,value,8,\nAda,OPP-01,fit,7,\nBo,OPP-02,risk,3,\n")
    (demo_copy / "pairwise.csv").write_text("participant,a,b,ratio\nAda,productivity,sales,3\n")
    board = live_board(demo_copy)
    assert "2 participants · 3 scores · 1 comparisons" in board.status.value
    assert "goal weights appear once the comparisons connect every goal" in board.status.value
    assert "(0 of 37 so far)" in board.status.value
    assert [v.to_dict()["title"]["text"] for v in board.views] == ["Who has scored so far"]
    (demo_copy / "scores.csv").write_text("participant,opportunity_id,criterion,score,comment\n")
    (demo_copy / "pairwise.csv").unlink()
    board.refresh()
    assert "0 participants · 0 scores · 0 comparisons" in board.status.value and board.views == []


def test_live_board_shows_the_scores_so_far_and_names_an_idea_added_in_the_room(demo_copy: Path):
    from kit.apps.live import live_board
    from tests.conftest import add_unscored

    board = live_board(add_unscored(demo_copy))
    titles = [v.to_dict()["title"]["text"] for v in board.views]
    assert len(titles) == 3  # what makes up each score is drawn for the 37 scored ones
    assert "(1 opportunity not yet scored is left out: OPP-38 (0 of 5 criteria))" in board.status.value


def test_live_board_served_by_kit_serve_shows_how_to_join(demo_copy: Path, monkeypatch):
    from kit.apps.live import live_board
    from kit.serve.links import write_qr

    url = "http://10.0.0.5:8866/voila/render/apps/scoring.ipynb?token=k7m-q3p&x=<b>"
    write_qr(url, demo_copy / "serve")
    monkeypatch.delenv("KIT_SERVED_WORKSHOP", raising=False)
    assert live_board(demo_copy).join is None  # opened in JupyterLab: a link left by an old run may be stale
    monkeypatch.setenv("KIT_SERVED_WORKSHOP", str(demo_copy))
    board = live_board(demo_copy)
    code, words = board.join.children
    assert board.widget.children[0] is board.join  # first thing on the board
    assert code.format == "svg+xml" and bytes(code.value).startswith(b"<?xml") and b"<svg" in bytes(code.value)
    assert "http://10.0.0.5:8866/voila/render/apps/scoring.ipynb?token=k7m-q3p&amp;x=&lt;b&gt;" in words.value
    (demo_copy / "serve" / "participant-link.txt").unlink()
    assert live_board(demo_copy).join is None  # nothing to show rather than half of it


def test_live_board_polls_cheaply_and_redraws_only_when_something_came_in(demo_copy: Path, monkeypatch):
    """Issue 12: the board keeps up by itself. An unchanged room redraws nothing; a score saved
    through the store, or a table edited by hand, is drawn at the next poll; a poll that fails
    says why and keeps the last good view."""
    from kit.apps.live import live_board

    board = live_board(demo_copy, every=0)  # polled by hand here; under a kernel a timer calls poll()
    assert board._timer is None
    assert board.poll() is False and board.poll() is False and board.redraws == 0
    form = score_form(kit.load_workshop(demo_copy), participant="Nora Quist")  # the store starts here
    form.toggles["value"].value = 5
    form.save()
    assert board.poll() is True and "8 participants · 1,296 scores" in board.status.value
    assert board.poll() is False
    with open(demo_copy / "pairwise.csv", "a", encoding="utf-8") as f:
        f.write("Nora Quist,productivity,sales,3\n")
    assert board.poll() is True and "71 comparisons" in board.status.value
    before = board.views
    monkeypatch.setattr(board, "fingerprint", lambda: (_ for _ in ()).throw(OSError("disk gone")))
    assert board.poll() is False
    assert "Not refreshed (OSError: disk gone); showing the last good view" in board.status.value
    assert board.views is before and (board.polls, board.redraws) == (6, 2)


def test_live_board_polls_on_the_kernels_event_loop(demo_copy: Path):
    """Started inside a running event loop (as in a kernel), the board polls by itself."""
    import asyncio

    from kit.apps.live import live_board

    async def main():
        board = live_board(demo_copy, every=0.05)
        assert board._timer is not None
        await asyncio.sleep(0.3)
        board.stop()
        return board

    board = asyncio.run(main())
    assert board.polls >= 2 and board.redraws == 0 and board._timer is None
