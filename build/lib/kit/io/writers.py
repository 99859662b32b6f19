"""Writing exports no spreadsheet will execute: formula-safe cells, atomic CSV and XLSX files.

:func:`safe_cell` makes text typed by people literal text, :func:`write_csv` and
:func:`write_xlsx` write frames with it, through a temporary file moved into place, so no
half-written file is ever left behind.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["safe_cell", "write_csv", "write_xlsx"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Make text typed by people safe for spreadsheets: never interpreted as a formula.

    Text starting with ``= + - @`` (or a tab/carriage return) gets a leading apostrophe, the
    convention spreadsheet programs use for literal text (OWASP CSV injection guidance).
    Numbers are returned unchanged.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    if not isinstance(out.columns, pd.MultiIndex):  # headers may be names people typed
        out.columns = [safe_cell(c) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    return out


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` as UTF-8 CSV, formula-safe, atomically (no half-written file)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        _safe_frame(frame).to_csv(tmp, index=False, encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)  # only left behind when writing failed
    return path


def write_xlsx(sheets: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write frames as sheets of one XLSX workbook, text cells stored as text, atomically."""
    from openpyxl import Workbook

    path = Path(path)
    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        sheet = book.create_sheet(title=name[:31])
        sheet.append([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append([_xlsx_value(v) for v in row])
        for cells in sheet.iter_rows():  # the header row too: pivots have names as headers
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text stays text, even "=1+1"
    tmp = path.with_name(path.name + ".tmp")
    try:
        book.save(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)  # only left behind when writing failed
    return path


def _xlsx_value(value: object) -> object:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, (int, float, str, bool)):
        return value
    if hasattr(value, "item"):
        return value.item()
    return str(value)
