"""Contributions checked at the door by the workshop's own contracts, merged into the workshop
on load, exported formula-safe and imported from CSV: on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid
from pathlib import Path

import pandas as pd
import pytest

import kit
from kit import store
from kit.errors import InputError
from kit.store import STORE_FILE, STORE_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def ws(request: pytest.FixtureRequest, demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> kit.Workshop:
    """The demo workshop whose store is its own contributions.sqlite, or a PostgreSQL database."""
    monkeypatch.delenv(STORE_URL, raising=False)
    if request.param == "postgresql":
        monkeypatch.setenv(STORE_URL, request.getfixturevalue("fresh_pg"))
    return kit.load_workshop(demo_copy)


def _scores(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(("participant", "opportunity_id", "criterion", "score", "comment"), r, strict=False))
                         for r in rows])


def _stored(ws: kit.Workshop, kind: str) -> pd.DataFrame:
    if not store.has_store(ws.path):
        return pd.DataFrame()
    with store.open_store(store.store_target(ws.path)) as s:
        return s.rows(kind)


@pytest.mark.parametrize(("row", "problem"), [
    (("Zoe", "OPP-01", "value", 11), "score outside the scale of value"),
    (("Zoe", "OPP-99", "value", 5), "score for an unknown opportunity"),
    (("Zoe", "OPP-01", "charm", 5), "unknown criterion"),
    (("Zoe", "OPP-01", "value", "lots"), "is not a number"),
    (("Zoe", "OPP-01", "value", 5, "x" * 10_000), "text is 10,000 characters long"),
    (("Zo\x1be", "OPP-01", "value", 5), "text contains a control character"),
    (("", "OPP-01", "value", 5), "participant"),
])
def test_a_contribution_that_breaks_the_contract_is_refused_and_nothing_is_stored(ws, row, problem):
    with pytest.raises(InputError) as info:
        store.contribute(ws, "score", _scores(("Ann", "OPP-02", "value", 4), row), app="scoring")
    text = str(info.value)
    assert problem in text and "new scores, row 2" in text  # the bad row named; the good row not stored either
    assert _stored(ws, "score").empty


def test_every_problem_of_a_submission_is_listed_at_once(ws):
    with pytest.raises(InputError) as info:
        store.contribute(ws, "score", _scores(("Ann", "OPP-99", "value", 5), ("Bo", "OPP-01", "value", 42)),
                         app="scoring")
    assert info.value.problems["row"].tolist() == [1, 2]


def test_text_people_type_is_stored_as_typed_and_merged_into_the_workshop(ws):
    typed = "<img src=x onerror=alert(1)>"
    store.contribute(ws, "score", _scores((typed, "OPP-01", "value", 7, "=HYPERLINK(\"http://x\")")), app="scoring")
    loaded = kit.load_workshop(ws.path)
    mine = loaded.scores[loaded.scores["participant"] == typed]
    assert mine[["opportunity_id", "criterion", "score"]].values.tolist() == [["OPP-01", "value", 7.0]]
    assert mine["comment"].iloc[0] == "=HYPERLINK(\"http://x\")" and mine["at"].iloc[0].endswith("+00:00")
    assert len(loaded.scores) == len(ws.scores) + 1


def test_the_workshop_cache_sees_every_new_contribution(ws):
    before = len(kit.load_workshop(ws.path).scores)
    for k in range(3):
        store.contribute(ws, "score", _scores(("Ann", "OPP-01", "value", 1 + k)), app="scoring")
        assert len(kit.load_workshop(ws.path).scores) == before + k + 1  # never a stale cached copy


def test_a_new_contribution_reads_only_the_store_again(ws, monkeypatch):
    """The live board reloads the workshop after every contribution: the folder's files, unchanged
    and already checked, come from the cache; only the store's rows are read and checked. A
    changed file is read again."""
    import kit.workshop

    reads = []
    real = kit.workshop._load_files
    monkeypatch.setattr(kit.workshop, "_load_files", lambda folder: reads.append(folder) or real(folder))
    kit.load_workshop(ws.path)
    first = len(reads)
    store.contribute(ws, "score", _scores(("Ann", "OPP-01", "value", 2)), app="scoring")
    store.contribute(ws, "score", _scores(("Ann", "OPP-02", "value", 3)), app="scoring")
    assert len(kit.load_workshop(ws.path).scores) == len(ws.scores) + 2
    assert len(reads) == first <= 1
    name = f"Nora {uuid.uuid4().hex[:8]}"  # the cache holds files by their bytes: bytes no run wrote before
    with open(ws.path / "pairwise.csv", "a", encoding="utf-8") as f:
        f.write(f"{name},sales,productivity,3\n")
    again = kit.load_workshop(ws.path)
    assert len(reads) == first + 1 and name in set(again.pairwise["participant"])


def test_pairwise_judgments_from_the_store_move_the_group_weights(ws):
    before = kit.ahp.goal_weights(ws).weights["sales"]
    pairs = [{"participant": "Nora", "a": "sales", "b": g, "ratio": 9} for g in ws.settings.goal_ids if g != "sales"]
    store.contribute(ws, "pairwise", pd.DataFrame(pairs), app="scoring")
    after = kit.ahp.goal_weights(kit.load_workshop(ws.path))
    assert after.weights["sales"] > before and "Nora" in set(after.participants["participant"])
    with pytest.raises(InputError, match="compares an item with itself"):
        store.contribute(ws, "pairwise", pd.DataFrame([{"participant": "Nora", "a": "sales", "b": "sales",
                                                        "ratio": 3}]), app="scoring")


def test_overrides_in_the_store_are_read_by_triage(ws):
    row = pd.DataFrame([{"opportunity_id": "OPP-10", "decision": "YES", "rationale": "vendor support ends",
                         "by": "Ingrid", "at": "2027-03-04T00:00:00+00:00"}])
    store.contribute(ws, "override", row, app="overrides")
    assert kit.triage.workshop_overrides(ws)["opportunity_id"].tolist() == ["OPP-10"]
    with pytest.raises(InputError, match="override decision must be YES, NO or NOT NOW"):
        store.contribute(ws, "override", row.assign(decision="MAYBE"), app="overrides")


def test_export_writes_the_merged_tables_and_the_history_formula_safe(ws, tmp_path):
    from kit.store.transfer import export_store

    store.contribute(ws, "score", _scores(("=1+1", "OPP-01", "value", 7, "+cmd|' /C calc'!A0")), app="scoring")
    done = export_store(ws.path, tmp_path / "export")
    names = sorted(p.name for p in done.files)
    assert names == ["contributions.xlsx", "history.csv", "maturity.csv", "overrides.csv", "pairwise.csv", "scores.csv"]
    scores = pd.read_csv(tmp_path / "export" / "scores.csv", dtype=str, keep_default_na=False)
    assert len(scores) == len(ws.scores) + 1 and done.rows["scores"] == len(scores)
    assert scores["participant"].iloc[-1] == "'=1+1" and scores["comment"].iloc[-1].startswith("'+cmd")
    history = pd.read_csv(tmp_path / "export" / "history.csv", dtype=str, keep_default_na=False)
    assert history[["kind", "participant", "app"]].values.tolist() == [["score", "'=1+1", "scoring"]]
    assert {"at", "origin", "submission", "opportunity_id", "score"} <= set(history.columns)
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "export" / "contributions.xlsx")
    cell = book["history"]["D2"]
    assert cell.value == "=1+1" and cell.data_type == "s"  # text in Excel, never a formula


def test_import_brings_csv_rows_into_the_store_once(ws):
    from kit.store.transfer import import_tables

    before = len(ws.scores)
    done = import_tables(ws.path, ["scores"])
    assert done.rows == {"scores": before} and [p.name for p in done.renamed] == ["scores.csv.imported"]
    loaded = kit.load_workshop(ws.path)
    assert len(loaded.scores) == before  # now from the store, not counted twice
    assert loaded.scores["at"].notna().all()


def test_import_of_a_bad_file_names_the_file_row_and_column_and_changes_nothing(ws):
    from kit.store.transfer import import_tables

    with open(ws.path / "pairwise.csv", "a", encoding="utf-8") as f:
        f.write("Nora,sales,sales,3\n")
    with pytest.raises(InputError) as info:
        import_tables(ws.path)
    problem = info.value.problems.iloc[0]
    assert (problem["file"], problem["column"], problem["problem"]) == ("pairwise.csv", "b", "compares an item with itself")
    assert problem["row"] == len(ws.pairwise) + 2  # the file's own row number (header is row 1)
    assert (ws.path / "pairwise.csv").exists() and not (ws.path / "scores.csv.imported").exists()


def test_a_workshop_without_a_store_does_not_load_sqlalchemy(demo_copy):
    import subprocess
    import sys

    code = (f"import sys, kit; kit.load_workshop({str(demo_copy)!r}, use_cache=False); "
            "print('sqlalchemy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={k: v for k, v in __import__("os").environ.items() if k != STORE_URL})
    assert out.stdout.strip() == "False" and not (demo_copy / STORE_FILE).exists()
