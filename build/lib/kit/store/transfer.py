"""``kit store export`` and ``kit store import``: the store's contents as files, and files into it.

Export writes what the workbooks read (the folder's tables merged with the store, every row
with its time where the store knows it), as CSV files and as one XLSX workbook, and the full
history of contributions (who, what, when, from which app and where), all formula-safe: a name
typed as ``=HYPERLINK(...)`` stays text in Excel. Import brings rows people typed into the
folder's CSV files before the store existed into the store, checked by the same contracts;
each imported file is renamed ``NAME.csv.imported`` so its rows are not counted twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .location import store_target
from .store import KINDS, open_store

__all__ = ["Exported", "Imported", "export_store", "import_tables"]


@dataclass(frozen=True)
class Exported:
    """What :func:`export_store` wrote: the files, and rows per table."""

    files: list[Path]
    rows: dict[str, int]
    contributions: int


@dataclass(frozen=True)
class Imported:
    """What :func:`import_tables` brought in: rows per table, and the files set aside."""

    rows: dict[str, int]
    renamed: list[Path]


def export_store(workshop: str | Path, to: str | Path) -> Exported:
    """Write the workshop's contributed tables and the store's history into folder ``to``.

    Files: ``scores.csv``, ``pairwise.csv``, ``maturity.csv``, ``overrides.csv`` (the folder's
    rows and the store's, as the workbooks read them), ``history.csv`` (one row per
    contribution: ``contribution, kind, item, participant, at, app, origin, submission``, then
    the contributed columns), and ``contributions.xlsx`` with one sheet for each. A store that
    has ideas captured in the room adds ``ideas.csv`` (each idea's fields, status, who proposed
    and accepted it and when, :func:`kit.ideas.ideas`; the accepted ones are also among the
    workbooks' opportunities). A store that has facilitation rounds adds ``rounds.csv`` (each
    round: what it asked, when, by whom, its state) and ``votes.csv`` (every vote, with its
    round and whether it counts), see :mod:`kit.rounds.audit`.

    Raises
    ------
    InputError
        When the workshop does not load (every problem listed).
    """
    from ..io import write_csv, write_xlsx
    from ..triage import workshop_overrides
    from ..workshop import load_workshop

    ws = load_workshop(workshop, use_cache=False)
    out = Path(to)
    out.mkdir(parents=True, exist_ok=True)
    sheets: dict[str, pd.DataFrame] = {}
    for table in ("scores", "pairwise", "maturity"):
        sheets[table] = ws.tables[table].copy()
    overrides = workshop_overrides(ws)
    sheets["overrides"] = overrides if overrides is not None else pd.DataFrame(
        columns=["opportunity_id", "decision", "rationale", "by", "at"])
    with open_store(store_target(ws.path)) as store:
        history = store.history()
        if store.count("opportunity"):
            from ..ideas import ideas

            found = ideas(store, ws)
            for column in ("at", "accepted_at"):  # as the store writes times (Excel knows no time zones)
                found[column] = [t.isoformat(timespec="microseconds") if pd.notna(t) else "" for t in found[column]]
            sheets["ideas"] = found
        if store.count("round"):
            from ..rounds.audit import round_tables

            rounds = round_tables(store)
        else:
            rounds = {}
    data = pd.DataFrame([json.loads(d) for d in history["data"]]) if len(history) else pd.DataFrame()
    data = data.drop(columns=[c for c in data.columns if c in history.columns])  # participant is there already
    sheets["history"] = pd.concat([history.drop(columns=["data"]), data], axis=1)
    sheets.update(rounds)
    files = []
    for name, frame in sheets.items():
        frame = frame.map(_listed) if len(frame) else frame
        files.append(write_csv(frame, out / f"{name}.csv"))
    files.append(write_xlsx({n: f.map(_listed) if len(f) else f for n, f in sheets.items()}, out / "contributions.xlsx"))
    return Exported(files, {n: len(f) for n, f in sheets.items() if n != "history"}, len(history))


def import_tables(workshop: str | Path, tables: list[str] | None = None, *, origin: str = "") -> Imported:
    """Bring the rows of the folder's ``scores.csv``, ``pairwise.csv``, ``maturity.csv`` and
    ``overrides.csv`` (or only ``tables``) into the workshop's store.

    Every row is checked first, all files before any is stored; then each file's rows are
    stored (app ``import``, origin the file name) and the file renamed ``NAME.csv.imported``.

    Raises
    ------
    InputError
        With every problem of every file; nothing is stored or renamed.
    """
    from ..io import find_table, read_table
    from ..workshop import load_workshop
    from .contributions import check_rows

    ws = load_workshop(workshop, use_cache=False)
    by_table = {t: k for k, t in KINDS.items() if k != "opportunity"}  # the folder's own opportunities stay
    wanted = tables or list(by_table)
    unknown = [t for t in wanted if t not in by_table]
    if unknown:
        raise InputError.single("not a table the store keeps", value=", ".join(unknown),
                                hint="choose from " + ", ".join(by_table))
    found = []
    problems = []
    for table in wanted:
        source = find_table(ws.path, table)
        if source is None:
            continue
        if source.sheet:
            problems.append(InputError.single("the store imports CSV files only", file=source.label, sheet=source.sheet,
                                              hint=f"save the sheet as {table}.csv next to workshop.yml"))
            continue
        raw = read_table(source) if table != "overrides" else pd.read_csv(source.path, dtype=str, keep_default_na=False)
        try:
            found.append((table, source.path, check_rows(ws, by_table[table], raw)))
        except InputError as exc:
            frame = exc.problems.copy()
            frame["file"] = source.label
            frame["row"] = frame["row"] + 1  # the file's own row numbers: its header is row 1
            problems.append(InputError(frame))
    if problems:
        raise InputError(pd.concat([p.problems for p in problems], ignore_index=True))
    counts, renamed = {}, []
    with open_store(store_target(ws.path)) as store:
        for table, path, rows in found:
            counts[table] = store.append(by_table[table], rows.to_dict("records"), app="import",
                                         origin=origin or path.name)
            target = path.with_name(path.name + ".imported")
            path.replace(target)
            renamed.append(target)
    return Imported(counts, renamed)


def _listed(value: object) -> object:
    """Lists (an opportunity's goals) as the ``;``-separated text the tables use; nested data (a
    round's cells and scales) as JSON text."""
    if isinstance(value, dict) or (isinstance(value, (list, tuple)) and any(isinstance(v, (list, tuple, dict))
                                                                              for v in value)):
        return json.dumps(value, ensure_ascii=False)
    return ";".join(map(str, value)) if isinstance(value, (list, tuple)) else value
