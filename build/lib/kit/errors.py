"""Exceptions of the kit.

Every problem a user can fix is an :class:`InputError` whose ``problems`` table says
where (file, sheet, row as the user sees it, column), what was found (value), what is wrong
(problem) and how to fix it (hint). All problems of a file are collected before raising.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

PROBLEM_COLUMNS = ["file", "sheet", "row", "column", "value", "problem", "hint"]


class KitError(Exception):
    """Base class of every error the kit raises on purpose."""


class WorkbookFailed(KitError):
    """A workbook raised while executing; the output notebook is still written.

    Attributes
    ----------
    notebook, output : Path
        The workbook that ran and the executed copy, with the failing cell marked.
    cell : int or None
        Index of the failing cell in the workbook as saved (0 is its first cell, markdown
        included; the parameters papermill injects are not counted), None when unknown.
    ename, evalue : str
        The exception's name and message.
    """

    def __init__(self, notebook: Path, output: Path, cell: int | None, ename: str, evalue: str):
        self.notebook, self.output, self.cell, self.ename, self.evalue = notebook, output, cell, ename, evalue
        where = f"cell {cell}" if cell is not None else "a cell"
        super().__init__(f"{notebook.name} failed in {where}: {ename}: {evalue}\n"
                         f"The executed notebook, with the error marked, is {output}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as the input allows.

    ``row`` is the row number the user sees: the spreadsheet row (header is row 1) or the
    CSV line number. ``None`` means the problem concerns the whole file, sheet or column.
    """

    problem: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: Any = ""
    hint: str = ""


class InputError(KitError):
    """One or more problems in the user's input.

    Attributes
    ----------
    problems : pandas.DataFrame
        One row per problem with columns ``file, sheet, row, column, value, problem, hint``.
    """

    def __init__(self, problems: list[Problem] | pd.DataFrame, summary: str | None = None):
        if isinstance(problems, pd.DataFrame):
            frame = problems.reindex(columns=PROBLEM_COLUMNS)
        else:
            frame = pd.DataFrame([asdict(p) for p in problems], columns=PROBLEM_COLUMNS)
        frame["row"] = frame["row"].astype("Int64")
        frame["value"] = frame["value"].map(_display_value).astype(object)
        text = [c for c in PROBLEM_COLUMNS if c != "row"]
        frame[text] = frame[text].astype(object)  # a column absent from a given frame is float NaN
        self.problems = frame.fillna(dict.fromkeys(text, ""))
        n = len(self.problems)
        self.summary = summary or f"{n} problem{'s' if n != 1 else ''} found"
        super().__init__(self._message())

    def _message(self) -> str:
        lines = [f"{self.summary}:"]
        for p in self.problems.itertuples(index=False):
            where = _where(p.file, p.sheet, p.row, p.column)
            value = f" (found {p.value!s})" if str(p.value) != "" else ""
            hint = f" Hint: {p.hint}" if p.hint else ""
            lines.append(f"  - {where}{p.problem}{value}.{hint}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._message()

    @classmethod
    def single(cls, problem: str, **where: Any) -> InputError:
        """An InputError with one problem; ``where`` takes the fields of :class:`Problem`."""
        return cls([Problem(problem=problem, **where)])


def _display_value(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _where(file: str, sheet: str, row: Any, column: str) -> str:
    parts = [str(file)] if file else []
    if sheet:
        parts.append(f"sheet {sheet}")
    settings = str(file).lower().endswith((".yml", ".yaml"))  # a text file of 'key: value' lines
    if row is not None and not pd.isna(row) and str(row) != "":
        parts.append(f"{'line' if settings else 'row'} {row}")
    if column:
        parts.append(f"{'setting' if settings else 'column'} {column}")
    return (", ".join(parts) + ": ") if parts else ""


def format_problems(problems: pd.DataFrame, width: int = 100) -> str:
    """A readable text table of problems for the terminal: where, found, problem, fix."""
    import textwrap

    lines = []
    for p in problems.itertuples(index=False):
        where = _where(p.file, p.sheet, p.row, p.column).rstrip(": ") or "(input)"
        lines.append(f"* {where}")
        body = f"{p.problem}" + (f" — found: {p.value}" if str(p.value) != "" else "")
        # ids such as OPP-12 must not be split at their hyphen
        lines += textwrap.wrap(body, width, initial_indent="    ", subsequent_indent="    ",
                               break_on_hyphens=False)
        if p.hint:
            lines += textwrap.wrap(f"fix: {p.hint}", width, initial_indent="    ", subsequent_indent="         ",
                                   break_on_hyphens=False)
    return "\n".join(lines)
