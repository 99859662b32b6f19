"""``InputError``: a table of problems a person can act on, and its text forms."""

from __future__ import annotations

import pandas as pd
import pytest

import kit
from kit.errors import PROBLEM_COLUMNS, InputError, KitError, Problem, format_problems


def test_problems_table_has_the_documented_columns():
    err = InputError([Problem("is not a number", file="o.csv", row=3, column="cost_low", value="abc", hint="fix"),
                      Problem("table has no rows", file="e.csv")])
    p = err.problems
    assert list(p.columns) == PROBLEM_COLUMNS == ["file", "sheet", "row", "column", "value", "problem", "hint"]
    assert str(p["row"].dtype) == "Int64"
    assert p.loc[0, "row"] == 3 and pd.isna(p.loc[1, "row"])
    assert p.loc[1, "column"] == "" and p.loc[1, "value"] == ""  # blanks, not NaN
    assert err.summary == "2 problems found"
    assert isinstance(err, KitError) and kit.InputError is InputError


def test_message_lists_every_problem():
    err = InputError([Problem("is not a number", file="o.csv", sheet="s", row=3, column="c", value="abc",
                              hint="write 12"),
                      Problem("required table not found", file="e.csv")])
    assert str(err).splitlines() == [
        "2 problems found:",
        "  - o.csv, sheet s, row 3, column c: is not a number (found abc). Hint: write 12",
        "  - e.csv: required table not found.",
    ]


def test_settings_problems_speak_of_lines_and_settings():
    err = InputError.single("unknown setting", file="workshop.yml", row=5, column="horizon_year")
    assert "workshop.yml, line 5, setting horizon_year: unknown setting." in str(err)


def test_single_and_summary():
    err = InputError.single("file not found", file="workshop.yml", hint="create it")
    assert err.summary == "1 problem found"
    assert err.problems.loc[0, "hint"] == "create it"
    assert InputError([], summary="custom").summary == "custom"


def test_from_a_frame_fills_missing_columns():
    err = InputError(pd.DataFrame({"problem": ["bad"], "row": [4.0], "value": [float("nan")]}))
    assert list(err.problems.columns) == PROBLEM_COLUMNS
    assert err.problems.loc[0, "row"] == 4 and err.problems.loc[0, "value"] == ""
    assert err.problems.loc[0, "file"] == ""


@pytest.mark.parametrize("value, shown", [(None, ""), (float("nan"), ""), (12.5, "12.5"), ("x" * 60, "x" * 60),
                                          ("x" * 61, "x" * 57 + "...")])
def test_values_are_shown_short(value, shown):
    assert InputError([Problem("p", value=value)]).problems.loc[0, "value"] == shown


def test_format_problems_is_a_readable_table():
    err = InputError([
        Problem("dependency cycle: " + " -> ".join(f"OPP-{i}" for i in range(1, 20)), file="o.csv", row=3,
                column="depends_on", value="OPP-2", hint="remove one of these dependencies"),
        Problem("table has no rows", file="e.csv"),
    ])
    text = format_problems(err.problems, width=60)
    lines = text.splitlines()
    assert lines[0] == "* o.csv, row 3, column depends_on"
    assert all(len(line) <= 60 for line in lines)
    assert not any(line.rstrip().endswith("OPP-") for line in lines)  # ids are never split
    assert "    fix: remove one of these dependencies" in lines
    assert "— found: OPP-2" in text
    assert lines[-2:] == ["* e.csv", "    table has no rows"]


def test_format_problems_without_location():
    assert format_problems(InputError([Problem("odd")]).problems) == "* (input)\n    odd"
