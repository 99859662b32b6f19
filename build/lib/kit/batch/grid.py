"""Parameter sets for a batch: a grid file read and checked against the workbook, and the
readable run id of each set.

A grid file (YAML) lists parameter sets as a product of ``axes``, explicitly as ``runs``, or
both (the product first, then the runs), with fixed ``parameters`` for every set (a set's own
value wins)::

    parameters: {workshop: datasets/demo}
    axes:
      budget: [3e6, 4e6]
      scenario: [base, downturn]
    runs:
      - {budget: 5e6, scenario: upside}

Every value is checked against the workbook's ``parameters`` cell (papermill's
``inspect_notebook``) before anything runs: unknown names, wrong types and missing workshop
folders are reported together, each with the set, the parameter and the line
(:class:`~kit.errors.InputError`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import itertools
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Problem

__all__ = ["check_sets", "grid", "read_grid", "run_ids", "workbook_parameters"]

SECTIONS = ("parameters", "axes", "runs")
GRID_HINT = ("a grid file has `parameters:` (fixed values), `axes:` (name: [values], every combination) "
             "and/or `runs:` (a list of {name: value} sets)")


def grid(**axes: Sequence[Any]) -> list[dict[str, Any]]:
    """All combinations of parameter values: ``grid(budget=[1e6, 2e6], scenario=["base"])``."""
    names = list(axes)
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*axes.values())]


class _GridLoader(yaml.SafeLoader):
    """PyYAML's safe loader, reading ``3e6`` as the number it is (YAML 1.2), not as text."""


_GridLoader.add_implicit_resolver("tag:yaml.org,2002:float",
                                  re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
                                  list("-+0123456789"))


def read_grid(path: str | Path, workbook: str | Path) -> list[dict[str, Any]]:
    """Read a grid file and check every value against ``workbook``'s parameters.

    Returns
    -------
    list of dict
        One parameter set per run: the product of the axes, then the explicit runs, each over
        the fixed parameters. Whole numbers given for ``float`` parameters become floats.

    Raises
    ------
    InputError
        Every problem at once: YAML errors (with their line), unknown sections or
        parameters, wrong types, missing workshop folders, sets listed twice.
    """
    path, workbook = Path(path), Path(workbook)
    file = str(path)
    if not path.is_file():
        raise InputError.single("grid file not found", file=file, hint=GRID_HINT)
    data, lines = _load(path)
    spec = workbook_parameters(workbook)
    problems: list[Problem] = []
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError.single("must be a mapping of sections", file=file, row=1, hint=GRID_HINT)
    for key in data:
        if key not in SECTIONS:
            close = difflib.get_close_matches(str(key), SECTIONS, n=1)
            problems.append(Problem(f"unknown section {key!r}", file=file, row=lines.get(str(key)),
                                    hint=(f"did you mean {close[0]!r}? " if close else "") + GRID_HINT))

    def values(where: str, label: str, given: Any) -> dict[str, Any]:
        if not isinstance(given, dict):
            problems.append(Problem(f"{label} must be a mapping of parameter: value", file=file,
                                    row=lines.get(where), value=given, hint=GRID_HINT))
            return {}
        checked, found = _check(workbook, spec, label, given, file=file,
                                line=lambda name: lines.get(f"{where}.{name}", lines.get(where)))
        problems.extend(found)
        return checked

    fixed = values("parameters", "parameters", data.get("parameters") or {})
    axes: dict[str, list[Any]] = {}
    given_axes = data.get("axes") or {}
    if not isinstance(given_axes, dict):
        problems.append(Problem("axes must be a mapping of parameter: [values]", file=file,
                                row=lines.get("axes"), hint=GRID_HINT))
        given_axes = {}
    for name, options in given_axes.items():
        if not isinstance(options, list) or not options:
            problems.append(Problem("an axis is a non-empty list of values", file=file,
                                    row=lines.get(f"axes.{name}"), column=str(name), value=options,
                                    hint=f"{name}: [first, second]"))
            continue
        axes[str(name)] = [values(f"axes.{name}.{i}", f"axes.{name}[{i}]", {name: option}).get(name, option)
                           for i, option in enumerate(options)]
    given_runs = data.get("runs") or []
    if not isinstance(given_runs, list):
        problems.append(Problem("runs must be a list of {parameter: value} sets", file=file,
                                row=lines.get("runs"), hint=GRID_HINT))
        given_runs = []
    runs = [(f"runs[{i}]", lines.get(f"runs.{i}"), values(f"runs.{i}", f"runs[{i}]", run))
            for i, run in enumerate(given_runs)]
    if problems:
        raise InputError(problems, summary=f"{len(problems)} problem{'s' if len(problems) != 1 else ''} "
                                           f"in the grid {file} for {workbook.name}")
    # A set's own values first: they are what tells runs apart (ids, the table's first columns).
    labelled = [(", ".join(f"{k}={v}" for k, v in combo.items()), lines.get("axes"), _over(combo, fixed))
                for combo in grid(**axes)] if axes else []
    labelled += [(label, line, _over(run, fixed)) for label, line, run in runs]
    if not labelled:
        labelled = [("parameters", lines.get("parameters"), dict(fixed))]
    _no_repeats(labelled, file)
    return [values for _, _, values in labelled]


def _over(values: dict[str, Any], fixed: dict[str, Any]) -> dict[str, Any]:
    return {**values, **{name: value for name, value in fixed.items() if name not in values}}


def check_sets(workbook: str | Path, sets: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Check parameter sets (from Python rather than a grid file) against ``workbook``.

    Returns the sets as :func:`read_grid` would (whole numbers for ``float`` parameters as
    floats).

    Raises
    ------
    InputError
        Every problem at once, each naming its set (``set 3``, counted from 1).
    """
    workbook = Path(workbook)
    spec = workbook_parameters(workbook)
    problems: list[Problem] = []
    checked = []
    for i, values in enumerate(sets, start=1):
        ok, found = _check(workbook, spec, f"set {i}", dict(values), file="", line=lambda name: None)
        checked.append(ok)
        problems += found
    if problems:
        raise InputError(problems, summary=f"{len(problems)} problem{'s' if len(problems) != 1 else ''} "
                                           f"in the parameter sets for {workbook.name}")
    _no_repeats([(f"set {i}", None, s) for i, s in enumerate(checked, start=1)], "")
    return checked


def workbook_parameters(workbook: Path) -> dict[str, dict[str, Any]]:
    """The workbook's parameters as papermill reads its ``parameters`` cell: name → ``name``,
    ``inferred_type_name``, ``default``, ``help``.

    Raises
    ------
    InputError
        When the workbook is missing or cannot be read.
    """
    import papermill as pm

    if not workbook.is_file():
        raise InputError.single("workbook not found", file=str(workbook),
                                hint="give the path of a .ipynb file, e.g. workbooks/03_value_scenarios.ipynb")
    try:
        return dict(pm.inspect_notebook(str(workbook)))
    except Exception as exc:  # not JSON, not a notebook: the user's file to fix
        raise InputError.single(f"cannot read the workbook's parameters: {exc}", file=str(workbook),
                                hint="open it in JupyterLab to check it is a notebook") from None


def _load(path: Path) -> tuple[Any, dict[str, int]]:
    from ..io.yaml_files import _key_lines

    text = path.read_text(encoding="utf-8-sig")
    try:
        data = yaml.load(text, Loader=_GridLoader)  # a safe loader
        lines = _key_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError.single(f"is not valid YAML: {getattr(exc, 'problem', None) or exc}", file=str(path),
                                row=mark.line + 1 if mark else None, hint=GRID_HINT) from None
    return _dates_as_text(data), lines


def _dates_as_text(value: Any) -> Any:
    """YAML reads ``2027-01-01`` as a date; a workbook parameter is text (``start: str``)."""
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


_KINDS: dict[str, tuple[str, Any]] = {
    "int": ("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    "float": ("a number", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)),
    "str": ("text", lambda v: isinstance(v, str)),
    "bool": ("true or false", lambda v: isinstance(v, bool)),
    "dict": ("a mapping {key: value}", lambda v: isinstance(v, dict)),
    "list": ("a list [a, b]", lambda v: isinstance(v, list)),
}


def _kinds(type_name: str) -> tuple[list[str], bool] | None:
    """The basic types a declared type allows, and whether None is allowed; None: anything."""
    text = re.sub(r"\btyping\.", "", type_name.replace(" ", ""))
    optional = False
    inner = re.fullmatch(r"Optional\[(.+)\]", text)
    if inner:
        text, optional = inner.group(1), True
    parts = [p for p in re.split(r"[|,]", re.sub(r"^Union\[(.+)\]$", r"\1", text)) if p]
    if "None" in parts:
        optional = True
        parts = [p for p in parts if p != "None"]
    parts = [re.sub(r"\[.*\]$", "", p) for p in parts]  # list[str] → list
    if not parts or any(p not in _KINDS for p in parts):
        return None
    return parts, optional


def _check(workbook: Path, spec: dict[str, dict[str, Any]], label: str, values: dict[str, Any], *, file: str,
           line: Any) -> tuple[dict[str, Any], list[Problem]]:
    """Check one set of values; return them normalised, and the problems found."""
    problems: list[Problem] = []
    checked: dict[str, Any] = {}
    for name, value in values.items():
        name = str(name)
        declared = spec.get(name)
        if declared is None:
            close = difflib.get_close_matches(name, list(spec), n=1)
            takes = ", ".join(spec) if spec else "no parameters (it has no cell tagged `parameters`)"
            problems.append(Problem(f"in {label}: {workbook.name} has no parameter {name!r}", file=file,
                                    row=line(name), column=name, value=value,
                                    hint=(f"did you mean {close[0]!r}? " if close else "")
                                    + f"{workbook.name} takes {takes}"))
            continue
        type_name = str(declared.get("inferred_type_name") or "None")
        kinds = _kinds(type_name)
        if kinds is not None and not (value is None and kinds[1]) and not any(_KINDS[k][1](value) for k in kinds[0]):
            wanted = " or ".join(_KINDS[k][0] for k in kinds[0]) + (" (or null)" if kinds[1] else "")
            cell = f"`{name}: {type_name} = {declared.get('default')}`"
            if "str" in kinds[0] and isinstance(value, (int, float)):
                hint = f"put it in quotes: {name}: '{value}'"
            elif {"int", "float"} & set(kinds[0]) and isinstance(value, str):
                hint = f"write a number, e.g. {name}: 3e6 or {name}: 3000000"
            else:
                hint = f"the workbook's parameters cell has {cell}"
            problems.append(Problem(f"in {label}: must be {wanted}", file=file, row=line(name), column=name,
                                    value=value, hint=hint))
            continue
        if kinds is not None and kinds[0] == ["float"] and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if name == "workshop" and isinstance(value, str):
            missing = _workshop_problem(value, workbook)
            if missing:
                problems.append(Problem(f"in {label}: {missing}", file=file, row=line(name), column=name, value=value,
                                        hint="a path relative to where kit batch runs (or to the workbook's "
                                             "folder); `kit new FOLDER` creates a workshop"))
                continue
        checked[name] = value
    return checked, problems


def _workshop_problem(folder: str, workbook: Path) -> str | None:
    for base in (Path.cwd(), workbook.resolve().parent):
        candidate = base / folder
        if candidate.is_dir():
            return None if (candidate / "workshop.yml").is_file() else "not a workshop folder (no workshop.yml)"
    return "workshop folder not found"


def _no_repeats(labelled: Sequence[tuple[str, int | None, dict[str, Any]]], file: str) -> None:
    seen: dict[str, str] = {}
    problems = []
    for label, line, values in labelled:
        key = json.dumps(values, sort_keys=True, default=str)
        if key in seen:
            problems.append(Problem(f"{label} repeats {seen[key]}: the same parameters twice", file=file, row=line,
                                    hint="remove one, or change a value"))
        else:
            seen[key] = label
    if problems:
        raise InputError(problems, summary="parameter sets listed twice")


def run_ids(sets: Sequence[Mapping[str, Any]]) -> list[str]:
    """A readable, file-safe, unique id per parameter set, from the values that differ between
    sets: ``budget-3000000_scenario-downturn``. One set alone is named by all its values
    (``run`` when it has none); long ids end in a hash of the full set."""
    names = list(dict.fromkeys(name for s in sets for name in s))
    varying = [n for n in names if len({json.dumps(s.get(n), sort_keys=True, default=str) for s in sets}) > 1]
    ids = []
    for values in sets:
        shown = [n for n in (varying if len(sets) > 1 else names) if n in values]
        text = "_".join(f"{n}-{_slug(values[n])}" for n in shown) or "run"
        if len(text) > 100:
            text = text[:90].rstrip("-_") + "-" + _digest(values)
        ids.append(text)
    counts: dict[str, int] = {}
    for text in ids:
        counts[text] = counts.get(text, 0) + 1
    return [f"{text}-{_digest(values)}" if counts[text] > 1 else text for text, values in zip(ids, sets, strict=True)]


def _slug(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
    return re.sub(r"[^A-Za-z0-9.+]+", "-", text).strip("-.") or "empty"


def _digest(values: Mapping[str, Any]) -> str:
    return hashlib.sha1(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:8]
