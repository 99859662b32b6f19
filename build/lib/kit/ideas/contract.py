"""An idea as a row of the opportunities table, and the contract it must meet to be stored.

People give an idea's *fields*: title, capability area, goals, cost range, effort, sponsor,
team (and optionally an id, a description, a business unit, or any other column of the
opportunities table). They become one row of the ``opportunities`` table as a file gives it:
every cell text, the goals ``;``-separated. The costs are the opportunity's one-off cost range
(``cost_low``, ``cost_high``), where the opportunities table keeps them; the estimates table
holds benefits, which an idea captured in the room does not have yet.

The row is checked by the opportunities table's own contract (:mod:`kit.schemas`) as added to
the workshop's opportunities and every idea already stored, proposed or accepted
(:func:`kit.schemas.validate_added`), so the problems read as a file's: "unknown goal id",
"cost_low is greater than cost_high", "is not unique".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import InputError, Problem
from ..settings import did_you_mean

if TYPE_CHECKING:  # pragma: no cover
    from ..workshop import Workshop

__all__ = ["ALIASES", "FIELDS", "LABEL", "as_row", "contract_problems", "next_id", "refuse"]

#: The fields an idea form asks for, as columns of the opportunities table.
FIELDS: tuple[str, ...] = ("title", "capability_area", "goals", "cost_low", "cost_high", "effort_months",
                           "sponsor", "team")

#: Words people (and forms) may use for a column.
ALIASES: dict[str, str] = {"area": "capability_area", "capability area": "capability_area",
                           "effort": "effort_months", "low": "cost_low", "high": "cost_high"}

#: How problems name where an idea comes from (as :func:`kit.store.check_rows` names new rows).
LABEL = "new opportunities"

_ID = re.compile(r"^OPP-(\d+)$")


def as_row(fields: Mapping[str, Any], columns: Iterable[str]) -> tuple[dict[str, str], list[Problem]]:
    """``fields`` as one row of the opportunities table (text cells), and the fields that are
    not a column of it (``columns``).

    ``goals`` may be a list or ``;``-separated text; ``cost`` may be a ``(low, high)`` pair;
    numbers are written as people would type them. The id is left out when not given.
    """
    known = list(columns)
    row: dict[str, str] = {}
    problems = []
    for key, value in fields.items():
        name = ALIASES.get(str(key).strip().lower(), str(key).strip())
        if name == "cost" and isinstance(value, (list, tuple)) and len(value) == 2:
            row["cost_low"], row["cost_high"] = _text(value[0]), _text(value[1])
            continue
        if name not in known:
            problems.append(Problem("not a column of the opportunities table", file=LABEL, row=1, column=str(key),
                                    value=_text(value), hint=did_you_mean(str(key), known)))
            continue
        row[name] = _text(value)
    return row, problems


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(str(v).strip() for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else f"{value:.0f}"
    return str(value).strip()


def next_id(taken: Iterable[str]) -> str:
    """The next free ``OPP-NN`` after the highest taken (``OPP-38`` after ``OPP-37``), at
    least two digits; ``OPP-01`` when no id has that form."""
    numbers = [int(m.group(1)) for t in taken if (m := _ID.match(str(t)))]
    width = max([2, *(len(m.group(1)) for t in taken if (m := _ID.match(str(t))))])
    return f"OPP-{(max(numbers) + 1 if numbers else 1):0{width}d}"


def contract_problems(workshop: Workshop, raw: pd.DataFrame, stored: pd.DataFrame | None = None) -> list[Problem]:
    """The problems of the new opportunities ``raw`` (text, rows from 1) as added to the
    workshop's opportunities and the ``stored`` ideas (typed; proposed ones included).

    An id the workshop's table has and the store has too (an accepted idea, merged by
    :func:`kit.load_workshop`) counts once.
    """
    from ..io import TableSource
    from ..schemas import spec_for, validate_added

    spec = spec_for("opportunities", workshop.settings)
    existing = workshop.opportunities
    if stored is not None and len(stored):
        existing = pd.concat([existing[~existing["id"].isin(stored["id"])], stored])
    _, problems = validate_added(workshop.settings, spec, existing, raw, TableSource(Path(LABEL)))
    return problems


def refuse(problems: list[Problem], what: str = "not saved") -> None:
    """Raise the problems as one :class:`InputError` (``not saved: 2 problems``), if any."""
    if problems:
        raise InputError(problems, summary=f"{what}: {len(problems)} problem" + ("s" if len(problems) != 1 else ""))
