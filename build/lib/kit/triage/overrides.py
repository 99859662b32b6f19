"""Facilitators' overrides of the rules' decisions: read, checked, the latest per opportunity."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..settings import did_you_mean
from ..workshop import Workshop
from .rules import DECISIONS

__all__ = ["OVERRIDE_COLUMNS", "check_overrides", "read_overrides", "workshop_overrides"]

#: Columns of an overrides table (``at`` may be blank).
OVERRIDE_COLUMNS: tuple[str, ...] = ("opportunity_id", "decision", "rationale", "by", "at")

def read_overrides(path: str | Path | None) -> pd.DataFrame | None:
    """Read an overrides table (CSV, or the first sheet of an XLSX file); ``None`` for no path.

    Every cell is read as text, so an ``at`` such as ``2027-03-04`` stays as written.

    Raises
    ------
    InputError
        When the file does not exist.
    """
    if path is None or str(path).strip() == "":
        return None
    path = Path(path)
    if not path.exists():
        raise InputError.single("overrides file not found", file=str(path),
                                hint="give a CSV with columns " + ", ".join(OVERRIDE_COLUMNS) + ", or leave it empty")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return pd.read_excel(path, dtype=str).fillna("")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def workshop_overrides(workshop: Workshop, path: str | Path | None = None) -> pd.DataFrame | None:
    """The overrides that count for a workshop: the file at ``path`` when one is given, else the
    workshop's own ``overrides.csv`` followed by the overrides in its contributions store
    (where the override form writes), else None when there are none.
    """
    if path is not None and str(path).strip():
        return read_overrides(path)
    from ..store.location import has_store

    own = workshop.path / "overrides.csv"
    frames = [read_overrides(own)] if own.exists() else []
    if has_store(workshop.path):
        from ..store.contributions import stored_overrides

        frames.append(stored_overrides(workshop.path))
    frames = [f for f in frames if f is not None and len(f)]
    return pd.concat(frames, ignore_index=True).fillna("") if frames else None


def check_overrides(overrides: Any, ids: list[str]) -> dict[str, dict[str, str]]:
    """The overrides that count, by opportunity: the latest row of each, read as text.

    Raises
    ------
    InputError
        Listing every row with an unknown opportunity, a decision other than YES, NO or NOT
        NOW, or no rationale or author.
    """
    if overrides is None:
        return {}
    table = pd.DataFrame(overrides) if not isinstance(overrides, pd.DataFrame) else overrides
    if table.empty:
        return {}
    missing = [c for c in ("opportunity_id", "decision", "rationale", "by") if c not in table.columns]
    if missing:
        raise InputError.single("overrides lack columns " + ", ".join(missing), file="overrides",
                                hint="columns: " + ", ".join(OVERRIDE_COLUMNS))
    problems, out = [], {}
    for k, row in enumerate(table.to_dict("records"), start=1):
        oid = _text(row.get("opportunity_id"))
        decision = " ".join(_text(row.get("decision")).upper().replace("_", " ").replace("-", " ").split())
        rationale, by, at = _text(row.get("rationale")), _text(row.get("by")), _text(row.get("at"))
        where = {"file": "overrides", "row": k}
        if oid not in ids:
            problems.append(Problem("override for an unknown opportunity", column="opportunity_id", value=oid,
                                    hint=did_you_mean(oid, ids), **where))
        if decision not in DECISIONS:
            problems.append(Problem("override decision must be YES, NO or NOT NOW", column="decision",
                                    value=row.get("decision"), hint="write YES, NO or NOT NOW", **where))
        if not rationale:
            problems.append(Problem("override without a rationale", column="rationale", value=oid,
                                    hint="say why the group decided differently from the rules", **where))
        if not by:
            problems.append(Problem("override without an author", column="by", value=oid,
                                    hint="name who decided (the facilitator or the sponsor)", **where))
        out[oid] = {"decision": decision, "rationale": rationale, "by": by, "at": at}
    if problems:
        raise InputError(problems)
    return out


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return ""
    return str(value).strip()


