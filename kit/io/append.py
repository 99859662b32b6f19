"""Appending contributions to a workshop table's CSV, atomically and under a lock file.

:func:`append_rows` is how the workshop apps (the maturity form, the scoring app, the
overrides form) save what participants enter; :func:`csv_cell` is how it writes a value by
default.
"""

from __future__ import annotations

import csv
import io as _io
import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError, Problem
from .tables import find_table, normalise_header
from .writers import safe_cell

__all__ = ["append_rows", "csv_cell"]


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
