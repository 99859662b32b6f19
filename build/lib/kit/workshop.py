"""A workshop: the settings of ``workshop.yml`` and its validated tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import cache
from .errors import InputError, Problem
from .io import TableSource, find_table, read_table
from .schemas import TABLES, cross_check, spec_for, validate_added, validate_table
from .settings import CAPABILITY_AREAS, Settings, load_settings
from .store.location import has_store

__all__ = ["SERVED_WORKSHOP", "Workshop", "load_workshop", "served"]

#: Environment variable ``kit serve`` sets for the kernels it starts: the workshop every page
#: of the server works on, whatever the notebook's own ``workshop`` parameter says.
SERVED_WORKSHOP = "KIT_SERVED_WORKSHOP"


@dataclass
class Workshop:
    """A loaded, validated workshop folder.

    Attributes
    ----------
    path : Path
        The workshop folder.
    settings : Settings
        What ``workshop.yml`` says, with defaults filled in.
    tables : dict[str, pandas.DataFrame]
        Validated tables by name; optional tables that are absent are empty frames with the
        contract's columns.
    sources : dict[str, TableSource]
        Where each table present was read from.
    """

    path: Path
    settings: Settings
    tables: dict[str, pd.DataFrame]
    sources: dict[str, TableSource] = field(default_factory=dict)

    @property
    def opportunities(self) -> pd.DataFrame:
        return self.tables["opportunities"]

    @property
    def estimates(self) -> pd.DataFrame:
        return self.tables["estimates"]

    @property
    def scores(self) -> pd.DataFrame:
        return self.tables["scores"]

    @property
    def pairwise(self) -> pd.DataFrame:
        return self.tables["pairwise"]

    @property
    def maturity(self) -> pd.DataFrame:
        return self.tables["maturity"]

    def summary(self) -> str:
        """One line: organisation, workshop name and table sizes."""
        sizes = ", ".join(f"{len(t)} {n}" for n, t in self.tables.items() if len(t))
        org = f"{self.settings.organisation}: " if self.settings.organisation else ""
        return f"{org}{self.settings.name} ({sizes})"

    def __repr__(self) -> str:
        return f"<Workshop {self.summary()}>"


def served(workshop: str | Path) -> Path:
    """The workshop folder a workbook or app works on.

    Under ``kit serve`` it is the served workshop (``$KIT_SERVED_WORKSHOP``), so the apps need
    no editing to point at it; anywhere else (JupyterLab, papermill) it is ``workshop``, the
    notebook's parameter.

    In a kernel ``kit serve`` warmed before anyone asked for its page, this waits for the page
    (:func:`kit.apps.forms.page_query`): the workshop is then read when the page is opened,
    with every score and idea given since, not when the kernel was started.
    """
    import os

    from .apps.forms import page_query

    page_query()
    return Path(os.environ.get(SERVED_WORKSHOP) or workshop)


def load_workshop(path: str | Path, *, use_cache: bool = True) -> Workshop:
    """Load and validate a workshop folder.

    The folder holds ``workshop.yml`` and tables, each a ``NAME.csv`` file or a sheet
    ``NAME`` of an ``.xlsx`` workbook in the folder. Required tables: ``opportunities`` and
    ``estimates``; optional: ``scores``, ``pairwise``, ``maturity``, and ``actuals`` and
    ``goal_rates`` (the benefits realised, :mod:`kit.benefits`). A workshop with a
    contributions store (:mod:`kit.store`) gets its contributions too: the ideas accepted in
    the room join the opportunities (:mod:`kit.ideas`), the scores, judgments and answers
    people gave join their tables.

    A workshop that passed its checks is kept in the kit's cache (:mod:`kit.cache`) under
    the bytes of its files: loading the same, unchanged folder again (the next workbook of a
    batch, the next Voilà page) skips parsing and checking. Any edit to a table or to
    ``workshop.yml`` means a full load. A folder with problems is never cached.

    Parameters
    ----------
    path : str or Path
        The workshop folder (or its ``workshop.yml``).

    Returns
    -------
    Workshop

    Raises
    ------
    InputError
        With every problem found in every file (file, sheet, row, column, value, hint).
    """
    folder = Path(path)
    if folder.is_file() and folder.suffix.lower() in (".yml", ".yaml"):
        folder = folder.parent
    if not folder.is_dir():
        raise InputError.single("workshop folder not found", file=str(folder),
                                hint="give the folder holding workshop.yml; create one with `kit new FOLDER`")
    entry = _cache_entry(folder) if use_cache and cache.enabled() else None
    cached = cache.read(entry) if entry else None
    if cached is not None:
        settings, tables, where = cached
        return Workshop(folder, settings, tables, {n: TableSource(folder / f, sh) for n, (f, sh) in where.items()})
    workshop = _load(folder, use_cache=use_cache)
    if entry and _cache_entry(folder) == entry:  # unchanged while it was read
        cache.write(entry, (workshop.settings, workshop.tables,
                            {n: (s.path.name, s.sheet) for n, s in workshop.sources.items()}))
    return workshop


#: Files of a workshop folder that can change what :func:`load_workshop` returns.
_INPUT_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".xls", ".yml", ".yaml")


def _cache_entry(folder: Path, *, store: bool = True) -> str | None:
    """The cache key of the workshop (``store=False``: of its files alone, before the store's
    contributions are merged in)."""
    try:
        files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in _INPUT_SUFFIXES
                       and not p.name.startswith(("~$", ".")))
        extra = ""
        if store and has_store(folder):
            from .store.contributions import store_state

            extra = store_state(folder)
        return cache.key("workshop" if store else "workshop-files", files, extra)
    except OSError:
        return None


def _load(folder: Path, *, use_cache: bool = True) -> Workshop:
    """Read and check the folder's files (from the cache when they are unchanged and passed
    their checks: a new contribution in the store then costs only the store's part), then
    merge in the store's contributions."""
    entry = _cache_entry(folder, store=False) if use_cache and cache.enabled() and has_store(folder) else None
    cached = cache.read(entry) if entry else None
    if cached is not None:
        settings, files_tables, where = cached
        tables = dict(files_tables)
        sources = {n: TableSource(folder / f, sh) for n, (f, sh) in where.items()}
        problems = _merge_store(folder, settings, tables, sources)
        return _finished(folder, settings, tables, sources, problems)
    settings, tables, sources, problems = _load_files(folder)
    if entry and not problems and _cache_entry(folder, store=False) == entry:
        cache.write(entry, (settings, dict(tables), {n: (s.path.name, s.sheet) for n, s in sources.items()}))
    if has_store(folder) and not problems:
        problems += _merge_store(folder, settings, tables, sources)
    return _finished(folder, settings, tables, sources, problems)


def _finished(folder: Path, settings: Settings, tables: dict[str, pd.DataFrame], sources: dict[str, TableSource],
              problems: list[Problem]) -> Workshop:
    problems = _in_reading_order(problems)
    if problems:
        raise InputError(problems, summary=f"workshop {folder.name}: {len(problems)} problem"
                         + ("s" if len(problems) != 1 else "") + " found")
    return Workshop(folder, settings, {n: _finish(n, t) for n, t in tables.items()}, sources)


def _load_files(folder: Path) -> tuple[Settings, dict[str, pd.DataFrame], dict[str, TableSource], list[Problem]]:
    """The folder's own tables, typed and checked (no store)."""
    settings = load_settings(folder / "workshop.yml")
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    sources: dict[str, TableSource] = {}
    broken: set[str] = set()  # tables with problems of their own
    for name, base_spec in TABLES.items():
        spec = spec_for(name, settings)
        try:
            source = find_table(folder, name)
        except InputError as exc:
            problems += _as_problems(exc)
            continue
        if source is None:
            if base_spec.required:
                problems.append(Problem(
                    "required table not found", file=f"{name}.csv",
                    hint=f"add {name}.csv to {folder.name}/ or a sheet named '{name}' to its .xlsx workbook"))
            else:
                tables[name] = _empty(spec)
            continue
        try:
            raw = read_table(source)
        except InputError as exc:
            problems += _as_problems(exc)
            continue
        typed, found = validate_table(raw, spec, source)
        problems += found
        if found:
            broken.add(name)
        if not any(p.row is None for p in found):  # columns all there: rows can be cross-checked
            tables[name], sources[name] = typed, source
    problems += cross_check(settings, tables, sources, broken)
    return settings, tables, sources, problems


def _merge_store(folder: Path, settings: Settings, tables: dict[str, pd.DataFrame],
                 sources: dict[str, TableSource]) -> list[Problem]:
    """Add the store's contributions to ``tables`` (in place), checked by the same contracts.

    The store's rows were checked when written; a row that no longer fits (its opportunity was
    removed from the folder since) is reported with the store's name and the contribution's id.
    The accepted ideas (:mod:`kit.ideas`) come first and join the opportunities as rows added
    to the folder's (an id the folder has taken since is "is not unique"), so scores of them fit.
    """
    from .store.contributions import stored_tables

    label, stored = stored_tables(folder)
    problems: list[Problem] = []
    for name, raw in stored.items():
        source = TableSource(Path(label), sheet=name)
        if name == "opportunities":  # ideas accepted in the room, checked as added to the folder's
            typed, found = validate_added(settings, spec_for(name, settings), tables[name], raw, source)
        else:
            typed, found = validate_table(raw, spec_for(name, settings), source)
        if not found and name != "opportunities":  # against the folder's opportunities (and estimates, which actuals name)
            known = {n: tables[n] for n in ("opportunities", "estimates") if n in tables and n in sources}
            found = [p for p in cross_check(settings, {**known, name: typed},
                                            {**{n: sources[n] for n in known}, name: source})
                     if (p.file, p.sheet) == (source.label, name)]
        problems += found
        if not found:
            tables[name] = pd.concat([tables[name], typed]) if len(tables[name]) else typed
            sources.setdefault(name, source)
    return problems


def _in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Each problem once (a damaged workbook is met once per table), by file, then row."""
    seen: set[str] = set()
    unique = [p for p in problems if not (repr(p) in seen or seen.add(repr(p)))]
    files = list(dict.fromkeys((p.file, p.sheet) for p in unique))
    return sorted(unique, key=lambda p: (files.index((p.file, p.sheet)), p.row or 0))


def _as_problems(exc: InputError) -> list[Problem]:
    return [Problem(**{k: (None if k == "row" and pd.isna(v) else v) for k, v in r.items()})
            for r in exc.problems.to_dict("records")]


def _empty(spec) -> pd.DataFrame:
    return pd.DataFrame({f.name: pd.Series(dtype=object) for f in (*spec.fields, *spec.extra)})


def _finish(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Final dtypes and derived columns, with a clean 0..n-1 index."""
    out = frame.reset_index(drop=True)
    spec = TABLES[name]
    for f in spec.fields:
        if f.kind == "integer" and f.name in out and len(out):
            out[f.name] = out[f.name].astype("int64")
        if f.kind == "yesno" and f.name in out:
            out[f.name] = out[f.name].astype(bool)
    if name == "opportunities" and len(out):
        out.insert(out.columns.get_loc("capability_area") + 1, "area_name",
                   out["capability_area"].map(CAPABILITY_AREAS))
    return out
