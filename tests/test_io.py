"""Reading tables as the user typed them, and writing exports no spreadsheet will execute."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from kit.errors import InputError
from kit.io import (
    TableSource,
    find_table,
    normalise_header,
    read_table,
    safe_cell,
    write_csv,
    write_xlsx,
)

INJECTION = "=cmd|' /C calc'!A0"  # the classic DDE payload (OWASP "CSV Injection")


@pytest.mark.parametrize("header", ["cost_low", "Cost Low", "  COST LOW  ", "cost-low", "Cost__Low", "cost \t low"])
def test_headers_match_case_spaces_and_underscores_alike(header: str):
    assert normalise_header(header) == "cost_low"


@given(st.text(max_size=30))
def test_normalise_header_is_idempotent(text: str):
    once = normalise_header(text)
    assert normalise_header(once) == once
    assert once == once.strip("_") and " " not in once


def _write(path: Path, data: bytes) -> TableSource:
    path.write_bytes(data)
    return TableSource(path)


def test_csv_rows_are_numbered_as_the_user_sees_them(tmp_path: Path):
    src = _write(tmp_path / "t.csv", b"ID,Title\nA,first\n,\nB,\"two\nlines\"\nC,third\n\n")
    frame = read_table(src)
    assert list(frame.columns) == ["id", "title"]
    assert frame.index.name == "row"
    # line 3 is empty (dropped); B's quoted title spans lines 4-5 but is one record
    assert list(frame.index) == [2, 4, 5]
    assert frame.loc[5, "id"] == "C"


@pytest.mark.parametrize("data", [
    "\ufeffid;cost\r\nA;1,5\r\n".encode(),  # Excel "CSV UTF-8" with semicolons
    b"id\tcost\nA\t1,5\n",
    "id;cost\nA;1,5\n".encode("cp1252"),
])
def test_csv_separators_and_bom_are_accepted(tmp_path: Path, data: bytes):
    frame = read_table(_write(tmp_path / "t.csv", data))
    assert list(frame.columns) == ["id", "cost"]
    assert frame.loc[2, "cost"] == "1,5"  # text as typed: numbers are parsed in kit.schemas


def test_windows_1252_text_is_read(tmp_path: Path):
    frame = read_table(_write(tmp_path / "t.csv", "id,title\nA,Caf\u00e9 \u20ac\n".encode("cp1252")))
    assert frame.loc[2, "title"] == "Caf\u00e9 \u20ac"


def test_cells_are_stripped_and_short_rows_padded(tmp_path: Path):
    frame = read_table(_write(tmp_path / "t.csv", b"id,title,extra,,\n  A  ,x\n"))
    assert list(frame.columns) == ["id", "title", "extra"]  # trailing empty headers dropped
    assert frame.loc[2].tolist() == ["A", "x", ""]


def test_duplicate_and_empty_headers(tmp_path: Path):
    frame = read_table(_write(tmp_path / "t.csv", b"id,ID,,title\n1,2,3,4\n"))
    assert list(frame.columns) == ["id", "column_3", "title"]
    assert frame.loc[2, "id"] == "1"  # the first of two same headers counts


def test_empty_file_gives_empty_frame(tmp_path: Path):
    frame = read_table(_write(tmp_path / "t.csv", b""))
    assert frame.empty and frame.index.name == "row"


def test_binary_csv_is_an_input_error(tmp_path: Path):
    with pytest.raises(InputError, match="is not a text CSV file"):
        read_table(_write(tmp_path / "t.csv", b"id\x00,x\n"))


def _book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_xlsx_cells_are_read_as_text(tmp_path: Path):
    path = _book(tmp_path / "in.xlsx", {"Opportunities": [
        ["ID", "Cost", "Share", "Mandatory", "Date", "Empty"],
        ["A", 12.0, 0.5, True, dt.datetime(2027, 1, 1), None],
        [None, None, None, None, None, None],
        ["B", 7, 1e6, False, dt.datetime(2027, 1, 1, 9, 30), " x "],
    ]})
    frame = read_table(TableSource(path, "Opportunities"))
    assert list(frame.index) == [2, 4]  # spreadsheet rows; the blank row 3 is dropped
    assert frame.loc[2].tolist() == ["A", "12", "0.5", "yes", "2027-01-01", ""]
    assert frame.loc[4].tolist() == ["B", "7", "1000000", "no", "2027-01-01T09:30:00", "x"]


def test_find_table_csv_and_sheets(tmp_path: Path):
    (tmp_path / "Estimates.CSV").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "~$intake.xlsx").write_bytes(b"lock file of an open workbook")
    _book(tmp_path / "intake.xlsx", {"Opportunities ": [["id"]], "notes": [["x"]]})
    assert find_table(tmp_path, "estimates") == TableSource(tmp_path / "Estimates.CSV")
    assert find_table(tmp_path, "opportunities") == TableSource(tmp_path / "intake.xlsx", "Opportunities ")
    assert find_table(tmp_path, "scores") is None


def test_find_table_given_twice(tmp_path: Path):
    (tmp_path / "scores.csv").write_text("a\n", encoding="utf-8")
    _book(tmp_path / "intake.xlsx", {"scores": [["a"]]})
    with pytest.raises(InputError, match="given twice: scores.csv, intake.xlsx \\(sheet scores\\)"):
        find_table(tmp_path, "scores")


def test_xls_says_how_to_convert(tmp_path: Path):
    (tmp_path / "opportunities.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError) as info:
        find_table(tmp_path, "opportunities")
    assert "save it as .xlsx" in info.value.problems.loc[0, "hint"]


@pytest.mark.parametrize("text", [INJECTION, "=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_neutralises_formulas(text: str):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["plain", "", "a=b", 5, -3.5, None])
def test_safe_cell_leaves_other_values(value):
    assert safe_cell(value) == value


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"title": [INJECTION, "Portal", None], "cost": [1.5, -2.0, np.nan],
                         "n": np.array([1, 2, 3], dtype="int64"), "@who": ["-x", "y", "z"]})


def test_write_csv_keeps_formulas_as_text(tmp_path: Path):
    path = write_csv(_frame(), tmp_path / "out.csv")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["title", "cost", "n", "'@who"]  # headers may be typed names too
    assert rows[1][0] == "'" + INJECTION and rows[1][0].startswith("'")
    assert rows[2][1] == "-2.0"  # numbers stay numbers, negative or not
    assert rows[1][3] == "'-x"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left


def test_write_xlsx_stores_formulas_as_text(tmp_path: Path):
    path = write_xlsx({"a sheet name longer than thirty-one characters": _frame()}, tmp_path / "out.xlsx")
    sheet = load_workbook(path).worksheets[0]
    assert sheet.title == "a sheet name longer than thirty"  # 31 characters, the XLSX limit
    cell = sheet["A2"]
    assert cell.value == INJECTION and cell.data_type == "s"
    assert sheet["D1"].data_type == "s" and sheet["D2"].data_type == "s"
    assert sheet["B3"].value == -2.0 and sheet["B3"].data_type == "n"
    assert sheet["C4"].value == 3 and sheet["B4"].value is None and sheet["A4"].value is None
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_writes_are_atomic(tmp_path: Path, monkeypatch):
    """A failure while writing leaves the previous file as it was, and no temporary file."""
    target = tmp_path / "out.csv"
    target.write_text("previous", encoding="utf-8")

    def half_written(self, path, **kwargs):
        Path(path).write_text("half", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_written)
    with pytest.raises(OSError, match="disk full"):
        write_csv(_frame(), target)
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]

    book = tmp_path / "out.xlsx"
    book.write_bytes(b"previous")
    monkeypatch.setattr("openpyxl.Workbook.save", lambda self, path: half_written(self, path))
    with pytest.raises(OSError, match="disk full"):
        write_xlsx({"s": _frame()}, book)
    assert book.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "out.xlsx"]


def test_xlsx_export_reads_back_as_typed(tmp_path: Path):
    path = write_xlsx({"t": _frame()}, tmp_path / "out.xlsx")
    frame = read_table(TableSource(path, "t"))
    assert frame.loc[2, "title"] == INJECTION  # text survives the round trip unchanged
    assert frame["cost"].tolist() == ["1.5", "-2", ""]
