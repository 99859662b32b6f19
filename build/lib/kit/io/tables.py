"""Reading tables from a workshop folder: a ``NAME.csv`` file or a sheet ``NAME`` of an ``.xlsx``.

Tables are read as text, exactly as the user typed them, and indexed by the row number the
user sees (header is row 1), so every later problem can point at the right cell. Typing and
checking happen in :mod:`kit.schemas`. :func:`find_table` locates a table (and refuses legacy
``.xls`` files and tables given twice), :func:`read_table` reads it, :func:`normalise_header`
is how headers, file and sheet names are matched.
"""

from __future__ import annotations

import csv
import datetime as dt
import io as _io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError

__all__ = ["TableSource", "find_table", "normalise_header", "read_table"]

_XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class TableSource:
    """Where a table lives: a CSV file, or a sheet of an XLSX workbook."""

    path: Path
    sheet: str = ""

    @property
    def label(self) -> str:
        return self.path.name


def normalise_header(name: object) -> str:
    """Canonical form of a column header: trimmed, lower case, spaces/dashes as underscores.

    >>> normalise_header("  Cost Low ")
    'cost_low'
    """
    text = re.sub(r"[\s\-_]+", "_", str(name).strip().lower())
    return text.strip("_")


def find_table(folder: Path, name: str) -> TableSource | None:
    """Locate table ``name`` in ``folder``: ``NAME.csv`` or a sheet ``NAME`` of an ``.xlsx``.

    File and sheet names match case-insensitively. Returns ``None`` when absent.

    Raises
    ------
    InputError
        If the table exists only as a legacy ``.xls`` file, or exists twice.
    """
    wanted = normalise_header(name)
    found: list[TableSource] = []
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(("~$", ".")))
    for path in files:
        stem, suffix = normalise_header(path.stem), path.suffix.lower()
        if stem == wanted and suffix in (".csv", ".txt"):
            found.append(TableSource(path))
        elif stem == wanted and suffix == ".xls":
            raise InputError.single(
                "is an old Excel 97-2003 (.xls) file, which the kit cannot read",
                file=path.name,
                hint="open it in Excel or LibreOffice and save it as .xlsx "
                "(File > Save As > Excel Workbook) or as CSV UTF-8",
            )
    for path in files:
        if path.suffix.lower() in _XLSX_SUFFIXES:
            for sheet in _sheet_names(path):
                if normalise_header(sheet) == wanted:
                    found.append(TableSource(path, sheet))
    if len(found) > 1:
        places = ", ".join(f"{s.label}" + (f" (sheet {s.sheet})" if s.sheet else "") for s in found)
        raise InputError.single(
            f"table '{name}' is given twice: {places}",
            file=found[0].label,
            hint="keep one of them, so it is clear which one counts",
        )
    return found[0] if found else None


def read_table(source: TableSource) -> pd.DataFrame:
    """Read a table as text.

    Returns a frame of strings (empty cells are ``""``) with normalised headers and an index
    named ``row`` holding the row number the user sees. Fully empty rows are dropped.

    CSV files may be comma, semicolon or tab separated and may start with a UTF-8 byte order
    mark (as Excel writes them); non-UTF-8 files are read as Windows-1252.
    """
    if source.sheet:
        rows = _xlsx_rows(source)
    else:
        rows = _csv_rows(source.path)
    return _frame_from_rows(rows, source)


def _sheet_names(path: Path) -> list[str]:
    from openpyxl import load_workbook

    _check_xlsx(path)
    try:
        book = load_workbook(path, read_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise InputError.single(
            f"cannot be opened as an Excel workbook ({type(exc).__name__})",
            file=path.name,
            hint="the file may be damaged: open it in Excel and save it again as .xlsx",
        ) from None
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _check_xlsx(path: Path) -> None:
    if zipfile.is_zipfile(path):
        return
    head = path.read_bytes()[:2048]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        hint = "it is an old .xls file renamed: open it in Excel and save as .xlsx"
        problem = "is not an .xlsx workbook"
    elif _looks_like_text(head):
        hint = f"it is text (CSV): rename it to {path.stem}.csv, or open it in Excel and save as .xlsx"
        problem = "is not an .xlsx workbook but a text file"
    else:
        hint = "the file is damaged: open the original in Excel and save it again as .xlsx"
        problem = "is not a readable .xlsx workbook"
    raise InputError.single(problem, file=path.name, hint=hint)


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return True
    try:
        head.decode("utf-8")
        return b"\x00" not in head
    except UnicodeDecodeError:
        return False


def _xlsx_rows(source: TableSource) -> list[list[str]]:
    from openpyxl import load_workbook

    book = load_workbook(source.path, read_only=True, data_only=True)
    try:
        sheet = book[source.sheet]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return str(value).strip()


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise InputError.single(
            "is not a text CSV file",
            file=path.name,
            hint="save the table as 'CSV UTF-8 (comma delimited)'",
        )
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count) if first.strip() else ","
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter)
    return [[cell.strip() for cell in row] for row in reader]


def _frame_from_rows(rows: list[list[str]], source: TableSource) -> pd.DataFrame:
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        return pd.DataFrame(index=pd.Index([], name="row", dtype="int64"))
    header = [normalise_header(h) for h in rows[0]]
    width = len(header)
    while width and not header[width - 1]:
        width -= 1
    header = header[:width]
    body, numbers = [], []
    for number, row in enumerate(rows[1:], start=2):
        cells = (list(row) + [""] * width)[:width]
        if any(cells):
            body.append(cells)
            numbers.append(number)
    named = [h or f"column_{i + 1}" for i, h in enumerate(header)]
    frame = pd.DataFrame(body, columns=named, index=pd.Index(numbers, name="row"), dtype=object)
    return frame.loc[:, ~frame.columns.duplicated()]

