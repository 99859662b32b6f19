"""Contributions checked at the door, and the store's rows merged into a workshop.

A contribution is checked by the same contract as the table it joins (:mod:`kit.schemas`):
an unknown opportunity, a score outside its criterion's scale, a judgment of a goal with
itself is refused with the same :class:`~kit.errors.InputError` a bad file gets, and nothing is
stored. Text people type (names, comments, reasons) is kept as typed, within limits, and shown
as text everywhere; only control characters and novels are refused.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import InputError, KitError, Problem
from .location import store_target
from .store import KINDS, Store, open_store

if TYPE_CHECKING:  # pragma: no cover
    from ..workshop import Workshop

__all__ = ["TEXT_LIMITS", "check_rows", "contribute", "writer"]

#: The longest text accepted per column (characters).
TEXT_LIMITS: dict[str, int] = {"participant": 100, "by": 100, "comment": 2_000, "rationale": 2_000,
                               "description": 2_000}


def check_rows(workshop: Workshop, kind: str, rows: pd.DataFrame, *, instrument: Any = None,
               stored: pd.DataFrame | None = None) -> pd.DataFrame:
    """``rows`` of ``kind`` checked against the workshop's contracts; returns them as text.

    Maturity answers are checked against ``instrument`` (default: the workshop's own,
    :func:`kit.maturity.instrument_for`). New opportunities (kind ``opportunity``,
    :mod:`kit.ideas`) are checked as added to the workshop's opportunities and the ``stored``
    ideas (typed), whose ids are taken too.

    Raises
    ------
    InputError
        Every problem of the rows at once, located by column and row of the submission
        (row 1 is its first row), in the table's own words.
    """
    table = KINDS[kind]
    label = f"new {table}"
    raw = _as_text(rows)
    problems = _text_problems(raw, label)
    if kind == "override":
        from ..triage import check_overrides

        try:
            check_overrides(raw, list(workshop.opportunities["id"]))
        except InputError as exc:
            problems += [Problem(**{**r, "file": label, "row": None if pd.isna(r["row"]) else int(r["row"])})
                         for r in exc.problems.to_dict("records")]
    elif kind == "opportunity":
        from ..ideas.contract import contract_problems

        problems += contract_problems(workshop, raw, stored)
    else:
        problems += _contract_problems(workshop, table, raw, label, instrument)
    if problems:
        raise InputError(problems, summary=f"not saved: {len(problems)} problem" + ("s" if len(problems) != 1 else ""))
    return raw


def contribute(workshop: Workshop, kind: str, rows: pd.DataFrame, *, app: str, origin: str = "",
               store: Store | None = None, instrument: Any = None) -> int:
    """Check ``rows`` and append them to the workshop's store; returns how many were stored.

    Nothing is stored when any row breaks a contract (:func:`check_rows`). Ideas (kind
    ``opportunity``) are stored by :func:`kit.ideas.add` and :func:`kit.ideas.propose`, which
    give them their id, status and who.
    """
    if kind == "opportunity":
        raise KitError("ideas are stored by kit.ideas.add or kit.ideas.propose, not by contribute")
    checked = check_rows(workshop, kind, rows, instrument=instrument)
    records = checked.to_dict("records")
    if store is not None:
        return store.append(kind, records, app=app, origin=origin)
    with open_store(store_target(workshop.path)) as own:
        return own.append(kind, records, app=app, origin=origin)


def writer(workshop: Workshop, kind: str, *, app: str, origin: str = "",
           instrument: Any = None) -> Callable[[pd.DataFrame], int]:
    """A form's writer (see :mod:`kit.apps.forms`): rows of ``kind`` into the workshop's store."""
    def write(rows: pd.DataFrame) -> int:
        return contribute(workshop, kind, rows, app=app, origin=origin, instrument=instrument)

    return write


def _as_text(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows as a file would give them: every cell text (empty for missing), rows from 1."""
    out = rows.copy().astype(object)
    out = out.where(pd.notna(out), "")
    out = out.map(lambda v: v if isinstance(v, str) else (f"{v:g}" if isinstance(v, float) else str(v)))
    out.index = range(1, len(out) + 1)
    return out


def _text_problems(raw: pd.DataFrame, label: str) -> list[Problem]:
    problems = []
    for column in raw.columns:
        limit = TEXT_LIMITS.get(column, 200)
        for row, text in raw[column].items():
            bad = next((ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t"), None)
            if bad is not None:
                problems.append(Problem("text contains a control character", file=label, row=int(row), column=column,
                                        value=f"U+{ord(bad):04X}", hint="retype the text without it"))
            if len(text) > limit:
                problems.append(Problem(f"text is {len(text):,} characters long", file=label, row=int(row),
                                        column=column, value=text[:40] + "...",
                                        hint=f"keep {column} under {limit:,} characters"))
    return problems


def _contract_problems(workshop: Workshop, table: str, raw: pd.DataFrame, label: str,
                       instrument: Any) -> list[Problem]:
    from ..io import TableSource
    from ..schemas import cross_check, spec_for, validate_table

    source = TableSource(Path(label))
    typed, problems = validate_table(raw, spec_for(table, workshop.settings), source)
    if any(p.row is None for p in problems):  # a column is missing: rows cannot be read
        return problems
    # against the opportunities (and the estimates, which actuals name), not every table again
    known = {n: workshop.tables[n] for n in ("opportunities", "estimates") if n in workshop.tables}
    tables = {**known, table: typed}
    sources = {name: TableSource(Path(name)) for name in tables} | {table: source}
    if not problems:
        problems = [p for p in cross_check(workshop.settings, tables, sources) if p.file == label]
    if table == "maturity":
        from ..maturity import check_answers, instrument_for

        readable = typed.drop(index=[p.row for p in problems], errors="ignore")  # the rest are checked too
        try:
            check_answers(readable, instrument or instrument_for(workshop), file=label)
        except InputError as exc:
            problems += [Problem(**{**r, "row": None if pd.isna(r["row"]) else int(r["row"])})
                         for r in exc.problems.to_dict("records")]
    return problems


def stored_tables(folder: str | Path) -> tuple[str, dict[str, pd.DataFrame]]:
    """The store's rows for each workshop table it feeds, as a file gives them: every cell
    text, indexed by contribution id, with the UTC time ``at`` of each. Also the store's label.

    Overrides are not a workshop table; :func:`kit.triage.workshop_overrides` reads them. Of
    the ideas captured in the room, the accepted ones join the opportunities (without ``at``:
    who proposed and accepted them, and when, is :func:`kit.ideas.ideas`), indexed by the
    contribution that gave their fields.
    """
    with open_store(store_target(folder)) as store:
        out = {}
        for kind, table in KINDS.items():
            if kind == "opportunity":
                from ..ideas.model import accepted_rows

                accepted = accepted_rows(store)
                if len(accepted):
                    out[table] = accepted
                continue
            rows = store.rows(kind) if kind != "override" else pd.DataFrame()
            if len(rows):
                ids = rows.pop("contribution")
                out[table] = _as_text(rows.drop(columns=["app"])).set_axis(list(ids))
        return store.label, out


def stored_overrides(folder: str | Path) -> pd.DataFrame:
    """The overrides in a workshop's store, oldest first (empty when none)."""
    with open_store(store_target(folder)) as store:
        rows = store.rows("override")
    return rows.drop(columns=["app", "contribution"], errors="ignore")


def store_state(folder: str | Path) -> str:
    """A short text that changes whenever the workshop's store does (for the workshop cache).

    A SQLite store answers from the sizes and times of its files (a write changes its write-
    ahead log), without opening it; a database URL answers with its change counter.
    """
    target = store_target(folder)
    if "://" not in target:
        parts = []
        for suffix in ("", "-wal"):
            try:
                st = Path(target + suffix).stat()
                parts.append(f"{st.st_size}:{st.st_mtime_ns}")
            except OSError:
                parts.append("-")
        return "sqlite " + " ".join(parts)
    with open_store(target) as store:
        return f"{store.label} {store.changes()}"
