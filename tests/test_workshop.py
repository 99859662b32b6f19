"""``kit.load_workshop`` on the input corpus of ``tests/data`` (see ``tests/data/corpus.py``).

Every bad input the workshop contract (issue 2, "Validation") names is a file in
``tests/data/bad/``; each must be reported at the row and column the user sees, with a problem
and a hint that say what is wrong and how to fix it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import kit
from kit.errors import PROBLEM_COLUMNS, InputError
from tests.data.corpus import BAD, BAD_CASES, DATA, OK, OK_CASES, expected, place, place_bad


@pytest.fixture(scope="module")
def good() -> kit.Workshop:
    return kit.load_workshop(DATA / "good")


def test_corpus_is_complete():
    files = sorted(p.name for p in BAD.iterdir() if p.name != "expected.csv")
    assert files == BAD_CASES  # every bad file has its expected problems, and the reverse
    assert len(BAD_CASES) >= 30
    assert {"good", "good_xlsx"} >= set(pd.read_csv(BAD / "expected.csv")["base"])


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_is_reported_where_it_is(case: str, tmp_path: Path):
    folder = place_bad(case, tmp_path)
    with pytest.raises(InputError) as info:
        kit.load_workshop(folder)
    problems = info.value.problems
    assert list(problems.columns) == PROBLEM_COLUMNS
    wanted = expected(case)
    for exp in wanted.itertuples(index=False):
        rows = problems["row"].isna() if exp.row == "" else problems["row"].eq(int(exp.row)).fillna(False)
        match = problems[rows & problems["column"].eq(exp.column)
                         & problems["problem"].str.contains(exp.problem, regex=False)]
        assert len(match) == 1, f"{case}: no single problem like {exp}\n{problems.to_string()}"
        found = match.iloc[0]
        assert found["file"] == exp.file
        assert found["sheet"] == exp.sheet
        assert exp.value == "" or found["value"] == exp.value
        assert exp.hint in found["hint"]
    assert len(problems) == int(wanted["count"].iloc[0]), problems.to_string()


def test_several_problems_are_counted_in_the_summary(tmp_path: Path):
    folder = place_bad("opportunities__several_problems.csv", tmp_path)
    with pytest.raises(InputError) as info:
        kit.load_workshop(folder)
    assert info.value.summary == f"workshop {folder.name}: 4 problems found"
    assert list(info.value.problems["row"]) == [2, 3, 5, 5]  # in reading order


def test_damaged_workbook_is_reported_once_not_per_table(tmp_path: Path):
    folder = place_bad("intake__corrupt.xlsx", tmp_path)
    with pytest.raises(InputError) as info:
        kit.load_workshop(folder)
    assert len(info.value.problems) == 1


def test_good_workshop_loads_with_typed_tables(good: kit.Workshop):
    opp, est = good.opportunities, good.estimates
    assert list(opp["id"]) == ["OPP-1", "OPP-2", "OPP-3", "OPP-4"]
    assert list(opp["capability_area"]) == ["relationship", "process", "analytics", "portfolio"]
    assert opp.loc[0, "area_name"] == "Customer & vendor relationship management"
    assert opp.loc[0, "goals"] == ("customer_satisfaction", "sales") and opp.loc[3, "goals"] == ()
    assert opp.loc[2, "depends_on"] == ("OPP-2",)
    assert list(opp["mandatory"]) == [False, True, False, False] and opp["mandatory"].dtype == bool
    assert opp["cost_low"].dtype == "float64" and opp["cost_low"].sum() == 180_000
    assert list(opp["align_productivity"]) == [1, 4, 0, 0]  # a blank cell is 0 (none)
    assert list(opp["run_cost_low"]) == [0, 0, 0, 0]  # optional, absent: default 0
    # optional numbers, absent: missing (not None objects), so arithmetic works
    assert opp["time_criticality"].dtype == "float64" and opp["time_criticality"].isna().all()
    assert list(opp.index) == [0, 1, 2, 3]
    assert est["start_year"].dtype == "int64" and list(est["start_year"]) == [1, 1, 2, 2]
    assert list(est["distribution"]) == ["normal", "normal", "lognormal", "normal"]
    assert good.scores.empty and "criterion" in good.scores.columns  # optional, absent
    assert good.summary() == "Testco: Test workshop (4 opportunities, 4 estimates)"
    assert "Test workshop" in repr(good)


def test_xlsx_workshop_equals_csv_workshop(good: kit.Workshop):
    """The intake workbook holding both sheets gives the same tables as the CSV files."""
    xlsx = kit.load_workshop(DATA / "good_xlsx")
    assert xlsx.sources["opportunities"].sheet == "opportunities"
    assert xlsx.sources["estimates"].path.name == "intake.xlsx"
    opp = xlsx.opportunities
    pd.testing.assert_frame_equal(opp, good.opportunities[opp.columns])
    pd.testing.assert_frame_equal(xlsx.estimates, good.estimates)


def test_intake_template_round_trips(tmp_path: Path, good: kit.Workshop):
    """The current intake template, filled with the good rows, still loads (guards drift of
    the committed good_xlsx/intake.xlsx from ``kit.intake``)."""
    from tests.data.make_xlsx import filled_intake

    shutil.copy(DATA / "good" / "workshop.yml", tmp_path / "workshop.yml")
    filled_intake(tmp_path / "intake.xlsx")
    loaded = kit.load_workshop(tmp_path)
    pd.testing.assert_frame_equal(loaded.estimates, good.estimates)
    assert list(loaded.opportunities["cost_high"]) == list(good.opportunities["cost_high"])


@pytest.mark.parametrize("case", OK_CASES)
def test_accepted_variants_give_the_good_tables(case: str, tmp_path: Path, good: kit.Workshop):
    """Semicolons, a BOM, tabs, European numbers, header spelling, short forms: same tables."""
    loaded = kit.load_workshop(place(OK / case, "good", tmp_path))
    assert loaded.settings == good.settings
    for name in ("opportunities", "estimates"):
        pd.testing.assert_frame_equal(loaded.tables[name][good.tables[name].columns], good.tables[name])


def test_extra_columns_are_kept(tmp_path: Path):
    loaded = kit.load_workshop(place(OK / "opportunities__headers_and_extra_columns.csv", "good", tmp_path))
    assert list(loaded.opportunities["notes"]) == ["ask IT first", "", "", "merge with OPP-2?"]
    assert "business_unit" in loaded.opportunities  # "Business  Unit" matched


def test_path_may_be_the_yml_file(good: kit.Workshop):
    loaded = kit.load_workshop(DATA / "good" / "workshop.yml")
    assert loaded.path == DATA / "good"
    assert len(loaded.opportunities) == len(good.opportunities)


def test_missing_folder_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError, match="workshop folder not found"):
        kit.load_workshop(tmp_path / "nowhere")


def test_table_names_match_case_insensitively(tmp_path: Path):
    folder = place(DATA / "good" / "opportunities.csv", "good", tmp_path)
    (folder / "opportunities.csv").rename(folder / "Opportunities.CSV")
    assert len(kit.load_workshop(folder).opportunities) == 4


def test_problems_in_several_files_are_reported_together(tmp_path: Path):
    folder = place_bad("opportunities__negative_cost.csv", tmp_path)
    shutil.copy(BAD / "estimates__unknown_layer.csv", folder / "estimates.csv")
    with pytest.raises(InputError) as info:
        kit.load_workshop(folder)
    assert list(info.value.problems["file"]) == ["opportunities.csv", "estimates.csv"]


def test_rows_are_not_cross_checked_when_columns_are_missing(tmp_path: Path):
    """A table missing a column is reported once, not with a cascade of follow-on errors."""
    folder = place_bad("opportunities__missing_column.csv", tmp_path)
    with pytest.raises(InputError) as info:
        kit.load_workshop(folder)
    assert "estimate for an unknown opportunity" not in set(info.value.problems["problem"])


def test_an_optional_table_with_only_its_header_waits_for_rows(demo_copy):
    """A workshop about to start: scores.csv and pairwise.csv prepared, nothing typed yet."""
    (demo_copy / "scores.csv").write_text("participant,opportunity_id,criterion,score,comment\n")
    (demo_copy / "pairwise.csv").write_text("participant,a,b,ratio\n")
    ws = kit.load_workshop(demo_copy)
    assert ws.scores.empty and ws.pairwise.empty and len(ws.opportunities) == 37
    (demo_copy / "opportunities.csv").write_text((demo_copy / "opportunities.csv").read_text().splitlines()[0] + "\n")
    with pytest.raises(InputError, match="table has no rows"):
        kit.load_workshop(demo_copy)


def test_served_prefers_the_workshop_kit_serve_serves(monkeypatch, tmp_path):
    from kit.workshop import SERVED_WORKSHOP, served

    monkeypatch.delenv(SERVED_WORKSHOP, raising=False)
    assert served("../datasets/demo") == Path("../datasets/demo")  # JupyterLab, papermill: the parameter
    monkeypatch.setenv(SERVED_WORKSHOP, str(tmp_path))
    assert served("../datasets/demo") == tmp_path


def test_a_damaged_estimates_file_is_its_own_problems_not_every_actual_naming_it(demo_copy):
    """The actuals name the estimates' drivers; while the estimates table has problems of its
    own, the actuals are not checked against it (97 follow-on problems would bury the two)."""
    (demo_copy / "estimates.csv").write_text(
        "opportunity_id,layer,driver,low,high\nOPP-01,financial,x,9,<b>1</b>\nOPP-02,money,y,1,2\n")
    with pytest.raises(InputError) as info:
        kit.load_workshop(demo_copy)
    assert list(info.value.problems["file"]) == ["estimates.csv", "estimates.csv"]
    (demo_copy / "estimates.csv").write_text(  # well-formed now: the actuals' drivers are checked
        "opportunity_id,layer,driver,low,high\nOPP-01,financial,x,1,9\n")
    with pytest.raises(InputError) as info:
        kit.load_workshop(demo_copy)
    assert "unknown driver for OPP-01" in set(info.value.problems["problem"])
