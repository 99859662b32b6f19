"""Reading and writing a workshop's files: tables, YAML, safe exports and appended contributions.

Modules
-------
:mod:`~kit.io.tables`
    Find and read tables as text (CSV or XLSX, ``;`` or tab separated, byte order mark,
    legacy ``.xls`` detection), indexed by the row number the user sees:
    :func:`find_table`, :func:`read_table`, :func:`normalise_header`.
:mod:`~kit.io.yaml_files`
    :func:`read_yaml`: a YAML file and the line number of every key, for messages.
:mod:`~kit.io.writers`
    Formula-safe cells (:func:`safe_cell`) and atomic CSV and XLSX writers
    (:func:`write_csv`, :func:`write_xlsx`).
:mod:`~kit.io.append`
    :func:`append_rows`, the apps' locked atomic append to a table's CSV, and
    :func:`csv_cell`, how it writes a value.

Every public name is importable from here: ``from kit.io import read_table``.
"""

from __future__ import annotations

from .append import append_rows, csv_cell
from .tables import TableSource, find_table, normalise_header, read_table
from .writers import safe_cell, write_csv, write_xlsx
from .yaml_files import read_yaml

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
