"""Reading and writing a workshop's files: tables, YAML and safe exports.

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

Every public name is importable from here: ``from kit.io import read_table``. What people
contribute during a workshop goes to the contributions store (:mod:`kit.store`), not to files.
"""

from __future__ import annotations

from .tables import TableSource, find_table, normalise_header, read_table
from .writers import safe_cell, write_csv, write_xlsx
from .yaml_files import read_yaml

__all__ = [
    "TableSource",
    "find_table",
    "normalise_header",
    "read_table",
    "read_yaml",
    "safe_cell",
    "write_csv",
    "write_xlsx",
]
