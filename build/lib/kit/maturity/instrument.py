"""The maturity instrument: dimensions, their statements and the five levels, as data.

The instrument (``templates/maturity.yml``, adaptable per workshop) lists dimensions, each
with statements answered on five levels, 1 = reactive ("too busy") to 5 = value-creating.
:func:`load_instrument` reads and checks a file, listing every problem at once with line
numbers; :func:`instrument_for` picks the one a workshop uses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..io import read_yaml
from ..resources import TEMPLATES
from ..settings import did_you_mean

if TYPE_CHECKING:
    from ..workshop import Workshop

__all__ = [
    "DEFAULT_INSTRUMENT",
    "Dimension",
    "Instrument",
    "Statement",
    "instrument_for",
    "load_instrument",
    "parse_instrument",
]

#: The kit's own instrument.
DEFAULT_INSTRUMENT = TEMPLATES / "maturity.yml"

LEVELS = (1, 2, 3, 4, 5)
DEFAULT_SCALE = ("Reactive", "Responsive", "Managed", "Proactive", "Value-creating")
_ID = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Statement:
    """One statement, answered 1-5; ``levels[i]`` describes level ``i + 1``."""

    id: str
    dimension: str
    text: str
    levels: tuple[str, ...]


@dataclass(frozen=True)
class Dimension:
    """A dimension of maturity (a capability area, value management, partnership, ...)."""

    id: str
    name: str
    statements: tuple[Statement, ...]
    description: str = ""
    theme: str = ""
    journey: str = ""


@dataclass(frozen=True)
class Instrument:
    """A validated maturity instrument: dimensions with their statements and level texts."""

    name: str
    dimensions: tuple[Dimension, ...]
    scale: tuple[str, ...] = DEFAULT_SCALE
    source: str = ""

    @property
    def dimension_ids(self) -> list[str]:
        """Dimension ids in instrument order."""
        return [d.id for d in self.dimensions]

    @property
    def statement_ids(self) -> list[str]:
        """Statement ids in instrument order."""
        return [s.id for d in self.dimensions for s in d.statements]

    def dimension(self, dimension_id: str) -> Dimension:
        """The dimension with this id (``KeyError`` when unknown)."""
        for d in self.dimensions:
            if d.id == dimension_id:
                return d
        raise KeyError(dimension_id)

    def statements(self) -> pd.DataFrame:
        """All statements in order.

        Returns
        -------
        DataFrame
            ``dimension, name, statement, text, order`` (``order`` counts from 0).
        """
        rows = [{"dimension": d.id, "name": d.name, "statement": s.id, "text": s.text}
                for d in self.dimensions for s in d.statements]
        out = pd.DataFrame(rows, columns=["dimension", "name", "statement", "text"])
        out["order"] = np.arange(len(out))
        return out

    def level_descriptions(self) -> pd.DataFrame:
        """Every level text, long form: ``dimension, statement, level, label, description``."""
        rows = [{"dimension": d.id, "statement": s.id, "level": i + 1, "label": self.scale[i],
                 "description": s.levels[i]}
                for d in self.dimensions for s in d.statements for i in range(5)]
        return pd.DataFrame(rows, columns=["dimension", "statement", "level", "label", "description"])


def load_instrument(path: str | Path | None = None) -> Instrument:
    """Read and check a maturity instrument (by default the kit's ``templates/maturity.yml``).

    Parameters
    ----------
    path : str or Path, optional
        A ``maturity.yml`` file.

    Returns
    -------
    Instrument

    Raises
    ------
    InputError
        Listing every problem of the file at once (missing levels, duplicate or misplaced ids,
        unknown keys), with line numbers.
    """
    path = Path(path) if path is not None else DEFAULT_INSTRUMENT
    if not path.is_file():
        raise InputError.single("maturity instrument not found", file=str(path),
                                hint="copy the kit's templates/maturity.yml there, or leave the path empty "
                                     "to use the kit's own instrument")
    data, lines = read_yaml(path, hint="check indentation, and quote texts that contain ': '")
    return parse_instrument(data, file=path.name, lines=lines, source=str(path))


def instrument_for(workshop: Workshop, path: str | Path | None = None) -> Instrument:
    """The instrument a workshop uses: ``path`` if given, else its own ``maturity.yml``, else the kit's.

    Parameters
    ----------
    workshop : Workshop
    path : str or Path, optional
        An adapted instrument; relative paths are taken from the workshop folder.
    """
    if path:
        path = Path(path)
        return load_instrument(path if path.is_absolute() or path.exists() else workshop.path / path)
    own = workshop.path / "maturity.yml"
    return load_instrument(own if own.is_file() else None)


def parse_instrument(data: Any, *, file: str = "maturity.yml", lines: Mapping[str, int] | None = None,
                     source: str = "") -> Instrument:
    """Check an instrument mapping (as loaded from YAML) and build :class:`Instrument`.

    Raises
    ------
    InputError
        With every problem found.
    """
    check = _InstrumentChecker(file, lines or {})
    if not isinstance(data, Mapping):
        raise InputError.single("must be a mapping with 'name', 'scale' and 'dimensions'", file=file,
                                hint="start from the kit's templates/maturity.yml")
    check.unknown_keys(data, ("name", "description", "scale", "dimensions"), "")
    scale = DEFAULT_SCALE if data.get("scale") is None else check.levels(data.get("scale"), "scale")
    dims_data = data.get("dimensions")
    dimensions: list[Dimension] = []
    if not isinstance(dims_data, list) or not dims_data:
        check.add("dimensions", "must be a non-empty list of dimensions", "",
                  "add '- id: ..., name: ..., statements: [...]' entries under 'dimensions:'")
        dims_data = []
    seen_dims: set[str] = set()
    seen_statements: set[str] = set()
    for i, item in enumerate(dims_data):
        where = f"dimensions.{i}"
        if not isinstance(item, Mapping):
            check.add(where, "must be a mapping with id, name and statements", item)
            continue
        check.unknown_keys(item, ("id", "name", "description", "theme", "journey", "levels", "statements"), where)
        did = str(item.get("id") or "").strip()
        if not did:
            check.add(where, "dimension has no id", "", "give it an id such as 'governance'")
        elif not _ID.fullmatch(did):
            check.add(f"{where}.id", "dimension id must be lower case letters, digits and _", did,
                      "e.g. value_management")
        elif did in seen_dims:
            check.add(f"{where}.id", "duplicate dimension id", did, "every dimension id must be unique")
        seen_dims.add(did)
        name = str(item.get("name") or "").strip()
        if not name:
            check.add(f"{where}.name" if "name" in item else where, "dimension has no name", did,
                      "add 'name: ...' with the name people see")
        default_levels = None if item.get("levels") is None else check.levels(item["levels"], f"{where}.levels")
        statements: list[Statement] = []
        st_data = item.get("statements")
        if not isinstance(st_data, list) or not st_data:
            check.add(f"{where}.statements" if "statements" in item else where,
                      "dimension has no statements", did, "add a list of statements, each with id, text and levels")
            st_data = []
        for j, st in enumerate(st_data):
            sw = f"{where}.statements.{j}"
            if not isinstance(st, Mapping):
                check.add(sw, "statement must be a mapping with id, text and levels", st)
                continue
            check.unknown_keys(st, ("id", "text", "levels"), sw)
            sid = str(st.get("id") or "").strip()
            if not sid:
                check.add(sw, "statement has no id", "", f"give it an id such as '{did}.{j + 1}'")
            elif did and not re.fullmatch(re.escape(did) + r"\.[A-Za-z0-9_]+", sid):
                check.add(f"{sw}.id", f"statement id must start with its dimension id '{did}.'", sid,
                          f"e.g. {did}.{j + 1}")
            elif sid in seen_statements:
                check.add(f"{sw}.id", "duplicate statement id", sid, "every statement id must be unique")
            seen_statements.add(sid)
            text = str(st.get("text") or "").strip()
            if not text:
                check.add(f"{sw}.text" if "text" in st else sw, "statement has no text", sid,
                          "add 'text: ...' with the statement people rate")
            if st.get("levels") is not None:
                levels = check.levels(st["levels"], f"{sw}.levels", sid)
            elif default_levels is not None:
                levels = default_levels
            else:
                check.add(sw, "statement has no level descriptions", sid,
                          "add 'levels:' with 1 to 5, or 'levels:' on its dimension for all its statements")
                levels = ("",) * 5
            statements.append(Statement(sid, did, text, levels))
        dimensions.append(Dimension(did, name, tuple(statements), str(item.get("description") or "").strip(),
                                    str(item.get("theme") or "").strip(), str(item.get("journey") or "").strip()))
    check.raise_if_any()
    return Instrument(str(data.get("name") or "Maturity self-assessment").strip(), tuple(dimensions),
                      tuple(scale), source)


class _InstrumentChecker:
    def __init__(self, file: str, lines: Mapping[str, int]):
        self.file, self.lines = file, lines
        self.problems: list[Problem] = []

    def add(self, key: str, problem: str, value: Any = "", hint: str = "") -> None:
        row = self.lines.get(key)
        while row is None and "." in key:  # fall back to the enclosing entry's line
            key = key.rsplit(".", 1)[0]
            row = self.lines.get(key)
        self.problems.append(Problem(problem, file=self.file, row=row, column=key, value=value, hint=hint))

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputError(self.problems, summary=f"maturity instrument {self.file}: {len(self.problems)} problem"
                             + ("s" if len(self.problems) != 1 else "") + " found")

    def unknown_keys(self, item: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
        for key in item:
            if key not in allowed:
                self.add(f"{where}.{key}".lstrip("."), "unknown key", key, did_you_mean(str(key), allowed))

    def levels(self, value: Any, where: str, owner: str = "") -> tuple[str, ...]:
        """Five level texts from a mapping ``{1: ..., ..., 5: ...}``."""
        of = f" of {owner}" if owner else ""
        if not isinstance(value, Mapping):
            self.add(where, f"levels{of} must be a mapping of 1 to 5", value,
                     "write '1: ...' to '5: ...' on their own lines")
            return ("",) * 5
        texts: dict[int, str] = {}
        for key, text in value.items():
            try:
                level = int(str(key).strip())
            except ValueError:
                level = None
            if level not in LEVELS:
                self.add(f"{where}.{key}", f"level{of} outside 1-5", key, "levels are numbered 1 to 5")
                continue
            texts[level] = "" if text is None else str(text).strip()
        for level in LEVELS:
            if level not in texts:
                self.add(where, f"level {level}{of} is missing", owner, "describe every level from 1 to 5")
            elif not texts[level]:
                self.add(f"{where}.{level}", f"level {level}{of} has no description", owner,
                         "describe what this level looks like in practice")
        return tuple(texts.get(level, "") for level in LEVELS)
