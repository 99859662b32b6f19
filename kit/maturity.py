"""Maturity self-assessment: where IT stands on the road from busyness to betterment.

The *instrument* (``templates/maturity.yml``, adaptable per workshop) lists dimensions, each
with statements answered on five levels, 1 = reactive ("too busy") to 5 = value-creating.
Respondents carry a role, IT or business. This module checks answers against the instrument,
turns them into levels per dimension and statement (mean, median, spread, the gap between how
IT rates itself and how the business rates IT, the gap to target) and suggests opportunity
themes from the largest gaps. Charts live in :mod:`kit.charts.maturity`, the answering form in
:mod:`kit.widgets_maturity`.

Conventions
-----------
- A respondent's level in a dimension is the mean of their answers to its statements; the
  dimension's level is the mean (and median) over respondents, so every respondent counts
  once whatever they skipped. The spread is the standard deviation (``ddof=1``) of the
  respondents' levels.
- When a participant answers a statement twice, the later row counts (answers are appended).
- ``perception_gap`` is IT's level minus the business's: positive when IT rates itself higher.
- ``gap`` is target minus level: positive when the dimension falls short of its target.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import InputError, Problem
from .io import read_yaml
from .settings import did_you_mean

if TYPE_CHECKING:
    from .workshop import Workshop

__all__ = [
    "ANSWER_COLUMNS",
    "DEFAULT_INSTRUMENT",
    "ROLES",
    "THEME_COLUMNS",
    "Dimension",
    "Instrument",
    "Statement",
    "append_answers",
    "assess",
    "assess_workshop",
    "check_answers",
    "describe_answers",
    "instrument_for",
    "level_views",
    "load_instrument",
    "parse_instrument",
    "respondent_levels",
    "statement_levels",
    "suggested_themes",
    "targets_for",
    "themes",
    "weakest_statements",
]

#: The kit's own instrument.
DEFAULT_INSTRUMENT = Path(__file__).resolve().parents[1] / "templates" / "maturity.yml"

#: Roles a respondent may carry, with their display names.
ROLES: dict[str, str] = {"it": "IT", "business": "Business"}

#: Columns of an answers table (``maturity.csv``); ``role`` and ``submitted`` may be empty.
ANSWER_COLUMNS: tuple[str, ...] = ("participant", "area", "statement", "score", "role", "submitted")

#: Columns of :func:`themes`.
THEME_COLUMNS: tuple[str, ...] = ("rank", "dimension", "name", "kind", "size", "theme", "why")

LEVELS = (1, 2, 3, 4, 5)
DEFAULT_SCALE = ("Reactive", "Responsive", "Managed", "Proactive", "Value-creating")
_ID = re.compile(r"[a-z][a-z0-9_]*")


# --- the instrument -------------------------------------------------------------------------


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


# --- answers --------------------------------------------------------------------------------


def check_answers(answers: pd.DataFrame, instrument: Instrument, *, file: str = "maturity.csv") -> pd.DataFrame:
    """Check answers against the instrument and return them clean, one row per latest answer.

    Parameters
    ----------
    answers : DataFrame
        ``participant, area, statement, score`` and optionally ``role`` (``it``, ``business`` or
        empty; ``IT`` and ``Business`` are accepted) and ``submitted``. ``area`` is the
        dimension id.
    instrument : Instrument
    file : str
        Named in problems.

    Returns
    -------
    DataFrame
        ``participant, role, dimension, statement, score`` (``score`` as int); when a
        participant answered a statement twice only the later row is kept. A participant's
        role is the last one they gave.

    Raises
    ------
    InputError
        Listing every problem: unknown dimension or statement (with the closest valid id), a
        statement under the wrong dimension, scores that are not whole numbers from 1 to 5,
        unknown roles, answers without a participant.
    """
    columns = ["participant", "role", "dimension", "statement", "score"]
    problems: list[Problem] = []
    missing = [c for c in ("participant", "area", "statement", "score") if c not in answers.columns]
    if missing:
        raise InputError([Problem("required column is missing", file=file, column=c,
                                  hint=f"columns found: {', '.join(map(str, answers.columns)) or '(none)'}")
                          for c in missing])
    if answers.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "score" else object) for c in columns})
    frame = pd.DataFrame({
        "participant": answers["participant"].map(_text),
        "role": (answers["role"] if "role" in answers.columns else pd.Series("", index=answers.index))
        .map(_text).str.lower(),
        "dimension": answers["area"].map(_text),
        "statement": answers["statement"].map(_text),
        "score": pd.to_numeric(answers["score"], errors="coerce"),
    }).reset_index(drop=True)
    raw_scores = list(answers["score"])
    dims = instrument.dimension_ids
    owner = {s.id: d.id for d in instrument.dimensions for s in d.statements}
    where = {"file": file}

    def grouped(mask: pd.Series, column: str, problem: str, hint: Any) -> None:
        for value, rows in frame[mask].groupby(column, sort=False):
            first = rows.iloc[0]
            n = len(rows)
            problems.append(Problem(
                f"{problem} ({n} answer{'s' if n != 1 else ''}, first by {first['participant'] or '(no name)'})",
                column="area" if column == "dimension" else column, value=value,
                hint=hint(value) if callable(hint) else hint, **where))

    no_name = frame["participant"] == ""
    for i in frame.index[no_name]:
        problems.append(Problem(f"answer to {frame.at[i, 'statement']} has no participant", column="participant",
                                hint="every answer needs the respondent's name", **where))
    unknown_dim = ~frame["dimension"].isin(dims)
    grouped(unknown_dim, "dimension", "unknown maturity dimension",
            lambda v: did_you_mean(v, dims) + " (dimensions come from the maturity instrument)")
    unknown_st = ~frame["statement"].isin(list(owner))
    grouped(unknown_st, "statement", "unknown maturity statement",
            lambda v: did_you_mean(v, list(owner)) + " (statements come from the maturity instrument)")
    misplaced = ~unknown_dim & ~unknown_st & (frame["statement"].map(owner) != frame["dimension"])
    for (st, dim), rows in frame[misplaced].groupby(["statement", "dimension"], sort=False):
        problems.append(Problem(f"statement belongs to dimension '{owner[st]}', not '{dim}' ({len(rows)} answers)",
                                column="area", value=dim, hint=f"write {owner[st]} in the area column for {st}",
                                **where))
    good_score = frame["score"].notna() & frame["score"].isin(LEVELS)
    for i in frame.index[~good_score]:
        problems.append(Problem(
            f"score of {frame.at[i, 'participant'] or '(no name)'} for {frame.at[i, 'statement']} "
            "must be a whole number from 1 to 5", column="score", value=raw_scores[i],
            hint="1 = reactive (too busy) ... 5 = value-creating", **where))
    bad_role = ~frame["role"].isin(["", *ROLES])
    grouped(bad_role, "role", "unknown role", "write IT or business (or leave it empty)")
    roles = frame[frame["role"] != ""].groupby("participant")["role"].unique()
    for participant, found in roles.items():
        if len(found) > 1:
            problems.append(Problem(f"participant {participant} answers with more than one role", column="role",
                                    value=", ".join(found), hint="give every participant one role", **where))
    if problems:
        raise InputError(problems, summary=f"{file}: {len(problems)} problem" + ("s" if len(problems) != 1 else "")
                         + " in the maturity answers")
    last_role = frame[frame["role"] != ""].groupby("participant")["role"].last()
    frame["role"] = frame["participant"].map(last_role).fillna("").astype(object)
    frame["score"] = frame["score"].astype("int64")
    out = frame.drop_duplicates(["participant", "statement"], keep="last")
    order = {s: i for i, s in enumerate(instrument.statement_ids)}
    first_seen = {p: i for i, p in enumerate(dict.fromkeys(out["participant"]))}
    out = out.assign(_p=out["participant"].map(first_seen), _s=out["statement"].map(order))
    return out.sort_values(["_p", "_s"]).drop(columns=["_p", "_s"]).reset_index(drop=True)[columns]


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def _targets(targets: Mapping[str, float] | None, instrument: Instrument,
             default_target: float | None) -> dict[str, float]:
    problems = []
    dims = instrument.dimension_ids
    for key, value in (targets or {}).items():
        number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
        if key not in dims:
            problems.append(Problem("target for an unknown maturity dimension", column=f"targets.{key}", value=key,
                                    hint=did_you_mean(str(key), dims)
                                    + " (targets come from workshop.yml or the targets parameter)"))
        elif pd.isna(number) or not 1 <= number <= 5:
            problems.append(Problem("target must be a level from 1 to 5", column=f"targets.{key}", value=value,
                                    hint="e.g. 3.5"))
    if default_target is not None and not 1 <= default_target <= 5:
        problems.append(Problem("default target must be a level from 1 to 5", column="default_target",
                                value=default_target))
    if problems:
        raise InputError(problems)
    out = {d: float(default_target) if default_target is not None else np.nan for d in dims}
    out.update({k: float(v) for k, v in (targets or {}).items()})
    return out


# --- levels ---------------------------------------------------------------------------------


def respondent_levels(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Each respondent's level per dimension: the mean of their answers to its statements.

    Returns
    -------
    DataFrame
        ``participant, role, role_name, dimension, name, answered, level``, one row per
        respondent and dimension they answered, in instrument order.
    """
    clean = check_answers(answers, instrument)
    return _respondent_levels(clean, instrument)


def _respondent_levels(clean: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    names = {d.id: d.name for d in instrument.dimensions}
    order = {d: i for i, d in enumerate(instrument.dimension_ids)}
    out = (clean.groupby(["participant", "dimension"], sort=False)
           .agg(role=("role", "last"), answered=("score", "size"), level=("score", "mean"))
           .reset_index())
    out["name"] = out["dimension"].map(names)
    out["role_name"] = out["role"].map(ROLES).fillna("").astype(object)
    out = out.assign(_d=out["dimension"].map(order)).sort_values(["_d"], kind="stable").drop(columns="_d")
    return out[["participant", "role", "role_name", "dimension", "name", "answered", "level"]].reset_index(drop=True)


def _summary(values: pd.Series, roles: pd.Series) -> dict[str, Any]:
    """Mean, median, spread and the IT / business view of a set of levels."""
    n = len(values)
    it, business = values[roles == "it"], values[roles == "business"]
    it_level = float(it.mean()) if len(it) else np.nan
    business_level = float(business.mean()) if len(business) else np.nan
    return {
        "respondents": n,
        "level_mean": float(values.mean()) if n else np.nan,
        "level_median": float(values.median()) if n else np.nan,
        "spread": float(values.std(ddof=1)) if n > 1 else np.nan,
        "low": float(values.min()) if n else np.nan,
        "high": float(values.max()) if n else np.nan,
        "it_respondents": len(it),
        "business_respondents": len(business),
        "it_level": it_level,
        "business_level": business_level,
        "perception_gap": it_level - business_level,
    }


def statement_levels(answers: pd.DataFrame, instrument: Instrument, targets: Mapping[str, float] | None = None,
                     *, default_target: float | None = None) -> pd.DataFrame:
    """Levels per statement: where, within each dimension, the score is pulled down.

    Parameters
    ----------
    answers : DataFrame
        As for :func:`check_answers`.
    instrument : Instrument
    targets : mapping, optional
        Target level per dimension id (1-5); the statement inherits its dimension's target.
    default_target : float, optional
        Target of dimensions ``targets`` does not name (none when omitted).

    Returns
    -------
    DataFrame
        ``dimension, name, statement, text, respondents, level_mean, level_median, spread, low,
        high, it_respondents, business_respondents, it_level, business_level, perception_gap,
        target, gap``, one row per statement in instrument order (unanswered statements have
        0 respondents and empty levels).
    """
    clean = check_answers(answers, instrument)
    goal = _targets(targets, instrument, default_target)
    return _statement_levels(clean, instrument, goal)


def _statement_levels(clean: pd.DataFrame, instrument: Instrument, goal: Mapping[str, float]) -> pd.DataFrame:
    rows = []
    by_statement = dict(tuple(clean.groupby("statement", sort=False)))
    for s in instrument.statements().itertuples(index=False):
        part = by_statement.get(s.statement, clean.iloc[0:0])
        rows.append({"dimension": s.dimension, "name": s.name, "statement": s.statement, "text": s.text,
                     **_summary(part["score"].astype(float), part["role"]), "target": goal[s.dimension]})
    out = pd.DataFrame(rows)
    out["gap"] = out["target"] - out["level_mean"]
    return out


def assess(answers: pd.DataFrame, instrument: Instrument, targets: Mapping[str, float] | None = None,
           *, default_target: float | None = None) -> pd.DataFrame:
    """Levels, spread, IT-vs-business gap and gap to target per dimension.

    Parameters
    ----------
    answers : DataFrame
        ``participant, area, statement, score[, role]``, e.g. ``workshop.maturity``.
    instrument : Instrument
        From :func:`load_instrument` or :func:`instrument_for`.
    targets : mapping, optional
        Target level (1-5) per dimension id, e.g. ``workshop.settings.targets``.
    default_target : float, optional
        Target of the dimensions ``targets`` does not name; without it they have no target.

    Returns
    -------
    DataFrame
        One row per dimension in instrument order: ``dimension, name, respondents,
        level_mean, level_median, spread, low, high, it_respondents, business_respondents,
        it_level, business_level, perception_gap, target, gap, weakest, weakest_text, theme``.
        ``low``/``high`` are the lowest and highest respondent levels; ``weakest`` lists (``;``)
        up to two statements below the dimension's level, lowest first, and ``weakest_text``
        is the text of the lowest; ``theme`` is the instrument's suggested theme.

    Raises
    ------
    InputError
        When answers or targets do not fit the instrument (see :func:`check_answers`).

    Examples
    --------
    Two respondents, one dimension with two statements: IT answers 4 and 4, the business 2
    and 3. The IT level is 4, the business level 2.5, so the level is 3.25 and the
    perception gap 1.5; with a target of 4 the gap is 0.75.
    """
    clean = check_answers(answers, instrument)
    goal = _targets(targets, instrument, default_target)
    people = _respondent_levels(clean, instrument)
    statements = _statement_levels(clean, instrument, goal)
    rows = []
    for d in instrument.dimensions:
        part = people[people["dimension"] == d.id]
        summary = _summary(part["level"], part["role"])
        own = statements[(statements["dimension"] == d.id) & statements["level_mean"].notna()]
        below = own[own["level_mean"] < summary["level_mean"] - 1e-9].sort_values("level_mean", kind="stable")
        rows.append({"dimension": d.id, "name": d.name, **summary, "target": goal[d.id],
                     "weakest": "; ".join(below["statement"].head(2)),
                     "weakest_text": below["text"].iloc[0] if len(below) else "", "theme": d.theme})
    out = pd.DataFrame(rows)
    out.insert(out.columns.get_loc("target") + 1, "gap", out["target"] - out["level_mean"])
    return out


def assess_workshop(workshop: Workshop, instrument: Instrument | None = None,
                    targets: Mapping[str, float] | None = None, *,
                    default_target: float | None = None) -> pd.DataFrame:
    """:func:`assess` on a workshop's ``maturity`` table with its ``targets`` from workshop.yml.

    Parameters
    ----------
    workshop : Workshop
    instrument : Instrument, optional
        Defaults to :func:`instrument_for` the workshop.
    targets : mapping, optional
        Per-dimension targets that override those of workshop.yml.
    default_target : float, optional
        Target of dimensions named nowhere.
    """
    instrument = instrument or instrument_for(workshop)
    return assess(workshop.maturity, instrument, targets_for(workshop, targets), default_target=default_target)


def targets_for(workshop: Workshop, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Target level per dimension: workshop.yml's ``targets:``, updated by ``overrides``."""
    return {**workshop.settings.targets, **(overrides or {})}


def describe_answers(answers: pd.DataFrame, instrument: Instrument) -> str:
    """One sentence on who answered, e.g. "12 respondents (4 IT, 8 business) gave 384 answers ..."."""
    clean = check_answers(answers, instrument)
    if clean.empty:
        return "No maturity answers yet: participants answer with the form at the end of this workbook."
    people = clean.drop_duplicates("participant")
    counts = people["role"].value_counts()
    roles = ", ".join(f"{counts[r]} {ROLES[r] if r == 'it' else r}" for r in ROLES if r in counts)
    if (people["role"] == "").any():
        roles += (", " if roles else "") + f"{int((people['role'] == '').sum())} without a role"
    possible = len(people) * len(instrument.statement_ids)
    return (f"{len(people)} respondent{'s' if len(people) != 1 else ''} ({roles}) gave {len(clean)} of "
            f"{possible} possible answers on {len(instrument.statement_ids)} statements in "
            f"{len(instrument.dimensions)} dimensions.")


def level_views(assessment: pd.DataFrame) -> pd.DataFrame:
    """The levels of :func:`assess` in long form, for dot plots: everyone, IT, business, target.

    Returns
    -------
    DataFrame
        ``dimension, name, view, level, low, high`` (``low``/``high``: the respondents' range,
        given for the ``Everyone`` view only); views with no level are left out.
    """
    parts = []
    for view, column in (("Everyone", "level_mean"), ("IT", "it_level"), ("Business", "business_level"),
                         ("Target", "target")):
        part = assessment[["dimension", "name"]].assign(view=view, level=assessment[column])
        part["low"] = assessment["low"] if view == "Everyone" else np.nan
        part["high"] = assessment["high"] if view == "Everyone" else np.nan
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    return out[out["level"].notna()].reset_index(drop=True)


def weakest_statements(statements: pd.DataFrame, n: int = 8) -> pd.DataFrame:
    """The ``n`` statements with the lowest level, from :func:`statement_levels`.

    Ties keep instrument order. Returns the same columns plus ``rank`` (1 = weakest).
    """
    answered = statements[statements["level_mean"].notna()]
    out = answered.sort_values("level_mean", kind="stable").head(n).reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out


# --- themes ---------------------------------------------------------------------------------


def themes(assessment: pd.DataFrame, *, min_gap: float = 0.5, min_perception_gap: float = 0.75,
           limit: int | None = None) -> pd.DataFrame:
    """Suggested opportunity themes from the largest gaps, largest first.

    Three kinds of gap make a theme:

    - ``below target``: the level falls ``min_gap`` or more short of the dimension's target;
      the theme is the instrument's theme for the dimension;
    - ``low level``: a dimension without a target whose level is ``min_gap`` or more below 3
      (*managed*);
    - ``perception gap``: IT and the business rate the dimension ``min_perception_gap`` or
      more apart; the theme is to agree, on evidence, what good looks like.

    Parameters
    ----------
    assessment : DataFrame
        From :func:`assess`.
    min_gap, min_perception_gap : float
        In levels (the scale is 1-5).
    limit : int, optional
        Keep only the first ``limit`` themes.

    Returns
    -------
    DataFrame
        ``rank, dimension, name, kind, size, theme, why``, sorted by ``size`` (the gap in
        levels) from largest, ties in instrument order; empty when no gap is large enough.
    """
    rows = []
    for order, r in enumerate(assessment.itertuples(index=False)):
        if not r.respondents:
            continue
        weakest = f" Weakest: \u201c{r.weakest_text}\u201d" if r.weakest_text else ""
        theme = r.theme or f"Raise {r.name} towards its target."
        if pd.notna(r.target) and r.gap >= min_gap:
            rows.append((order, 0, r.dimension, r.name, "below target", float(r.gap), theme,
                         f"{r.name} stands at {r.level_mean:.1f} against a target of {r.target:.1f}: "
                         f"{r.gap:.1f} levels short.{weakest}"))
        elif pd.isna(r.target) and 3 - r.level_mean >= min_gap:
            rows.append((order, 0, r.dimension, r.name, "low level", float(3 - r.level_mean), theme,
                         f"{r.name} stands at {r.level_mean:.1f}, below 3 (managed); no target is set.{weakest}"))
        if pd.notna(r.perception_gap) and abs(r.perception_gap) >= min_perception_gap:
            higher, lower = ("IT", "the business") if r.perception_gap > 0 else ("the business", "IT")
            rows.append((order, 1, r.dimension, r.name, "perception gap", float(abs(r.perception_gap)),
                         f"Close the perception gap on {r.name}: go through its statements together with "
                         "the business and agree, on evidence, what good looks like.",
                         f"IT rates {r.name} at {r.it_level:.1f}, the business at {r.business_level:.1f}: "
                         f"{higher} sees {abs(r.perception_gap):.1f} levels more than {lower}."))
    frame = pd.DataFrame(rows, columns=["_order", "_kind", *THEME_COLUMNS[1:]])
    frame = frame.assign(_size=-frame["size"].round(9)).sort_values(["_size", "_order", "_kind"], kind="stable")
    frame = frame.drop(columns=["_order", "_kind", "_size"]).reset_index(drop=True)
    if limit is not None:
        frame = frame.head(limit)
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    return frame


def suggested_themes(workshop: Workshop, instrument: Instrument | None = None, **kwargs: Any) -> pd.DataFrame:
    """The maturity themes of a workshop, to show beside the mapped opportunities.

    ``themes(assess_workshop(workshop, instrument))``; an empty frame (with the columns of
    :func:`themes`) when the workshop has no maturity answers. ``kwargs`` go to :func:`themes`.
    """
    if workshop.maturity.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "rank" else object) for c in THEME_COLUMNS})
    return themes(assess_workshop(workshop, instrument), **kwargs)


# --- writing answers ------------------------------------------------------------------------


def append_answers(folder: str | Path, answers: pd.DataFrame, *, timeout: float = 10.0) -> Path:
    """Append answers to ``maturity.csv`` in a workshop folder, atomically.

    The existing file is kept byte for byte (delimiter, encoding, line endings); the new rows
    follow in its columns. The new content is written to a temporary file and moved into
    place, under a lock file, so two participants submitting at once both keep their answers
    and a reader never sees half a file. The contributions store replaces this function when
    it exists; callers pass it in as a ``writer``.

    Parameters
    ----------
    folder : str or Path
        The workshop folder.
    answers : DataFrame
        Columns of :data:`ANSWER_COLUMNS` (``role`` and ``submitted`` may be missing).
    timeout : float
        Seconds to wait for another writer's lock.

    Returns
    -------
    Path
        The ``maturity.csv`` written.

    Raises
    ------
    InputError
        When the answers lack a column, a score is not 1-5, or the workshop keeps its maturity
        answers in an XLSX sheet (the form writes only CSV).
    """
    from .io import append_rows

    missing = [c for c in ANSWER_COLUMNS[:4] if c not in answers.columns]
    if missing:
        raise InputError([Problem("required column is missing", column=c, hint="answers need " + ", ".join(
            ANSWER_COLUMNS[:4])) for c in missing])
    scores = pd.to_numeric(answers["score"], errors="coerce")
    if not scores.isin(LEVELS).all():
        bad = answers.loc[~scores.isin(LEVELS), "score"].iloc[0]
        raise InputError.single("score must be a whole number from 1 to 5", column="score", value=bad)
    return append_rows(folder, "maturity", answers, columns=ANSWER_COLUMNS, required=ANSWER_COLUMNS[:4],
                       cell=_cell, timeout=timeout)


def _cell(value: Any, column: str) -> str:
    """Scores as whole numbers; everything else as :func:`kit.io.csv_cell` writes it."""
    from .io import csv_cell

    if column == "score" and csv_cell(value, column):
        return str(int(float(value)))
    return csv_cell(value, column)
