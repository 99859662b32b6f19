"""Reading tables from a workshop folder (CSV or XLSX) and writing safe exports.

Tables are read as text, exactly as the user typed them, and indexed by the row number the
user sees (header is row 1), so every later problem can point at the right cell. Typing and
checking happen in :mod:`kit.schemas`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io as _io
import os
import re
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .errors import InputError, Problem

__all__ = [
    "TableSource",
    "append_rows",
    "csv_cell",
    "find_table",
    "normalise_header",
    "read_table",
    "read_yaml",
    "safe_cell",
    "write_csv",
    "write_xlsx",
]

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


# --- YAML --------------------------------------------------------------------------------


def read_yaml(path: Path, *, hint: str) -> tuple[Any, dict[str, int]]:
    """Read a YAML file and the line number of every key (by dotted path, for messages).

    Raises
    ------
    InputError
        When the file is not valid YAML, with the line of the error and ``hint``.
    """
    text = path.read_text(encoding="utf-8-sig")
    try:
        return yaml.safe_load(text), _key_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError.single(f"is not valid YAML: {getattr(exc, 'problem', exc)}", file=path.name,
                                row=mark.line + 1 if mark else None, hint=hint) from None


def _key_lines(text: str) -> dict[str, int]:
    """Line numbers (1-based) of keys, by dotted path, for error messages."""
    found: dict[str, int] = {}

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                path = f"{prefix}{key.value}"
                found[path] = key.start_mark.line + 1
                walk(value, path + ".")
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                found[f"{prefix}{i}"] = item.start_mark.line + 1
                walk(item, f"{prefix}{i}.")

    root = yaml.compose(text)
    if root is not None:
        walk(root, "")
    return found


# --- exports -----------------------------------------------------------------------------

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




# --- appending contributions ----------------------------------------------------------------


def append_rows(folder: str | Path, table: str, rows: pd.DataFrame, *, columns: Sequence[str],
                required: Sequence[str], cell: Callable[[Any, str], str] | None = None,
                timeout: float = 10.0) -> Path:
    """Append rows to a workshop table kept as ``NAME.csv``, atomically and under a lock.

    What the workshop apps (the maturity form, the scoring app) use to save contributions. The
    existing file is kept byte for byte (delimiter, encoding, line endings); the new rows follow
    in its own column order (columns it lacks are left out, columns the rows lack are left
    empty). The new content is written to a temporary file and moved into place, under a lock
    file, so two participants saving at once both keep their rows and a reader never sees half
    a file. Text is written formula-safe (see :func:`safe_cell`).

    Parameters
    ----------
    folder : str or Path
        The workshop folder.
    table : str
        Table name (``scores``, ``maturity``…); the file is found as :func:`find_table` does,
        or created as ``NAME.csv`` with ``columns`` as its header.
    rows : DataFrame
        The rows to add.
    columns : sequence of str
        Header of a new file.
    required : sequence of str
        Columns the rows and an existing file must both have.
    cell : callable, optional
        ``cell(value, column) -> str``: how a value is written (default: empty for missing,
        text made formula-safe).
    timeout : float
        Seconds to wait for another writer's lock.

    Raises
    ------
    InputError
        When the rows or the existing file lack a required column, the table lives in a sheet
        of an ``.xlsx`` workbook (apps write CSV only), or another writer holds the lock.
    """
    folder = Path(folder)
    missing = [c for c in required if c not in rows.columns]
    if missing:
        raise InputError([Problem("required column is missing", column=c, hint="rows need " + ", ".join(required))
                          for c in missing])
    source = find_table(folder, table) if folder.is_dir() else None
    if source is not None and source.sheet:
        raise InputError.single(f"the {table} table is kept in a spreadsheet sheet", file=source.label, sheet=source.sheet,
                                hint=f"the workshop app writes {table}.csv: move the sheet's rows into "
                                     f"{table}.csv (or remove the sheet) so there is one table")
    path = source.path if source is not None else folder / f"{table}.csv"
    write = cell or csv_cell
    with _lock(path, timeout):
        raw = path.read_bytes() if path.exists() else b""
        encoding = "utf-8"
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            encoding, text = "cp1252", raw.decode("cp1252", errors="replace")
        newline = "\r\n" if "\r\n" in text else "\n"
        first = text.split("\n", 1)[0].rstrip("\r")
        delimiter = max([",", ";", "\t"], key=first.count) if first.strip() else ","
        if first.strip():
            header = [normalise_header(h) for h in next(csv.reader([first], delimiter=delimiter))]
            lacking = [c for c in required if c not in header]
            if lacking:
                raise InputError.single(f"existing {path.name} lacks required columns", file=path.name,
                                        value=", ".join(lacking), hint="fix its header row, then save again")
        else:
            header = list(columns)
        buffer = _io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
        if not first.strip():
            writer.writerow(header)
        for record in rows.to_dict("records"):
            writer.writerow([write(record.get(c), c) for c in header])
        prefix = b"" if not first.strip() else (raw if raw.endswith(b"\n") else raw + newline.encode())
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            tmp.write_bytes(prefix + buffer.getvalue().encode(encoding, errors="replace"))
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    return path


def csv_cell(value: Any, column: str) -> str:
    """How :func:`append_rows` writes a value by default: empty for missing, text formula-safe."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(safe_cell(str(value)))


@contextmanager
def _lock(path: Path, timeout: float) -> Iterator[None]:
    """An exclusive lock file next to ``path`` (portable: created with O_EXCL)."""
    lock = path.with_name(f".{path.name}.lock")
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            os.close(fd)
            break
        except FileExistsError:
            try:
                if time.time() - lock.stat().st_mtime > 60:  # left behind by a crashed writer
                    lock.unlink(missing_ok=True)
                    continue
            except FileNotFoundError:
                continue
            if time.monotonic() > deadline:
                raise InputError.single("another submission is still being saved", file=path.name,
                                        hint=f"try again in a moment; if this persists, delete {lock.name}") from None
            time.sleep(0.02)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)
