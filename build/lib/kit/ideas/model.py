"""Ideas in the store: added by the facilitator, proposed by participants, accepted.

An id is taken once: the check against the stored ideas is repeated in the store's write turn
(:meth:`kit.store.Store.append` with ``new_items``), so two people saving at the same moment
cannot both store OPP-38; a generated id then moves on to the next free one.

Every idea is rows of the store's append-only ``contributions`` table, kind ``opportunity``
(:data:`kit.store.KINDS`), with who (``by``) and when (``at``):

* event ``add`` (status ``accepted``) or ``propose`` (status ``proposed``): the idea's id, its
  fields as a row of the opportunities table (text cells, :mod:`kit.ideas.contract`), and who
  gave it;
* event ``accept`` (status ``accepted``): the idea's id and who accepted it.

Accepting appends a row; nothing is updated. :func:`kit.load_workshop` merges the accepted
ideas into the opportunities (:func:`accepted_rows`); proposed ones wait.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import InputError, Problem
from ..settings import did_you_mean
from .contract import LABEL, as_row, next_id, refuse

if TYPE_CHECKING:  # pragma: no cover
    from ..store import Store
    from ..workshop import Workshop

__all__ = ["ACCEPTED", "APP", "PROPOSED", "accept", "accepted_rows", "add", "ideas", "propose"]

#: The ``app`` the store records for ideas.
APP = "ideas"

#: An idea's status: waiting for the facilitator, or part of the workshop's opportunities.
PROPOSED, ACCEPTED = "proposed", "accepted"

_KIND = "opportunity"
_META = ("event", "status", "by")  # the stored columns that are not the opportunity's
_ATTEMPTS = 3  # a generated id taken by someone saving at the same moment: the next one, this often


def add(store: Store, workshop: Workshop, fields: Mapping[str, Any], *, by: str, now: datetime | None = None,
        origin: str = "") -> str:
    """The facilitator adds an opportunity: checked, stored and accepted at once; returns its id.

    Parameters
    ----------
    store : Store
        The workshop's contributions store.
    workshop : Workshop
        Its opportunities, goals and teams (the contract's cross-checks).
    fields : mapping
        ``title, capability_area, goals, cost_low, cost_high, effort_months, sponsor, team``
        (``area``, ``effort`` and ``cost=(low, high)`` are understood), optionally ``id``
        (default: the next free ``OPP-NN``) and any other column of the opportunities table.
    by : str
        Who adds it.
    now : datetime, optional
        When (default: the clock).

    Raises
    ------
    InputError
        Nothing is stored when the idea breaks the opportunities table's contract against the
        workshop's opportunities and the ideas already stored (an unknown goal, ``cost_low``
        above ``cost_high``, an id already taken...), or ``by`` is empty: every problem at once.
    """
    return _save(store, workshop, fields, by=by, event="add", now=now, origin=origin)


def propose(store: Store, workshop: Workshop, fields: Mapping[str, Any], *, by: str,
            now: datetime | None = None, origin: str = "") -> str:
    """A participant proposes an opportunity: checked as :func:`add`, stored as ``proposed``
    (not part of the workshop's opportunities until :func:`accept`); returns its id."""
    return _save(store, workshop, fields, by=by, event="propose", now=now, origin=origin)


def accept(store: Store, workshop: Workshop, idea_id: str, *, by: str, now: datetime | None = None,
           origin: str = "") -> str:
    """The facilitator accepts a proposed idea (appends an ``accept`` row); returns its id.

    Raises
    ------
    InputError
        When no idea has that id, it is accepted already, or ``by`` is empty; nothing stored.
    """
    found = ideas(store, workshop)
    problems = _name_problems(by)
    known = list(found["id"])
    if idea_id not in known:
        problems.append(Problem("no idea has this id", file=LABEL, column="id", value=str(idea_id),
                                hint=did_you_mean(str(idea_id), known) if known else "nobody has proposed one yet"))
    else:
        idea = found.set_index("id").loc[idea_id]
        if idea["status"] == ACCEPTED:
            problems.append(Problem("the idea is accepted already", file=LABEL, column="id", value=idea_id,
                                    hint=f"accepted by {idea['accepted_by']}: it is one of the opportunities"))
    refuse(problems, "not accepted")
    store.append(_KIND, [{"id": idea_id, "event": "accept", "status": ACCEPTED, "by": by.strip()}], app=APP,
                 origin=origin, at=now)
    return idea_id


def ideas(store: Store, workshop: Workshop) -> pd.DataFrame:
    """Every idea in the store, oldest first, with its status, who and when.

    Returns
    -------
    DataFrame
        The opportunity's columns as the workshop's table types them (``goals`` a tuple, the
        costs numbers), then ``status`` (``proposed`` or ``accepted``), ``by`` and ``at`` (who
        added or proposed it, when, UTC), ``accepted_by`` and ``accepted_at`` (empty and NaT
        while proposed; for an added idea, its adder), ``contribution`` (the store's id of its
        fields).
    """
    from ..io import TableSource
    from ..schemas import spec_for, validate_table

    spec = spec_for("opportunities", workshop.settings)
    columns = [f.name for f in (*spec.fields, *spec.extra)]
    after = ["status", "by", "at", "accepted_by", "accepted_at", "contribution"]
    given, accepts = _events(store)
    if given.empty:
        return pd.DataFrame(columns=[*columns, *after])
    raw = given[[c for c in given.columns if c in columns]].fillna("").astype(str)
    typed, _ = validate_table(raw, spec, TableSource(Path(store.label), sheet="opportunities"))
    out = typed.reindex(columns=columns)
    first = accepts.drop_duplicates("id") if len(accepts) else accepts
    accepted = dict(zip(first["id"], zip(first["by"], first["at"], strict=True), strict=True)) if len(first) else {}
    added = given["event"] == "add"
    out["status"] = [ACCEPTED if a or i in accepted else PROPOSED for a, i in zip(added, given["id"], strict=True)]
    out["by"] = given["by"].astype(str)
    out["at"] = pd.to_datetime(given["at"], utc=True, format="ISO8601")
    out["accepted_by"] = [b if a else accepted.get(i, ("", None))[0] for a, b, i in
                          zip(added, given["by"], given["id"], strict=True)]
    out["accepted_at"] = pd.to_datetime([t if a else accepted.get(i, ("", None))[1] for a, t, i in
                                         zip(added, given["at"], given["id"], strict=True)], utc=True, format="ISO8601")
    out["contribution"] = given.index.astype(int)
    return out.reset_index(drop=True)


def accepted_rows(store: Store) -> pd.DataFrame:
    """The accepted ideas as rows of the opportunities table, as a file gives them (every cell
    text), indexed by the contribution that gave their fields: what :func:`kit.load_workshop`
    merges. Empty when none."""
    given, accepts = _events(store)
    if given.empty:
        return pd.DataFrame()
    keep = (given["event"] == "add") | given["id"].isin(set(accepts["id"]) if len(accepts) else set())
    rows = given[keep].drop(columns=[c for c in (*_META, "at") if c in given.columns])
    return rows.fillna("").astype(str)


def _events(store: Store) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows that gave ideas (indexed by contribution) and the ``accept`` rows, oldest first."""
    rows = store.rows(_KIND)
    if rows.empty:
        return rows, rows
    rows = rows.set_index("contribution").drop(columns=["app"])
    is_accept = rows["event"] == "accept"
    given = rows[~is_accept].dropna(axis=1, how="all")
    accepts = rows.loc[is_accept, ["id", "by", "at"]]
    return given, accepts


def _save(store: Store, workshop: Workshop, fields: Mapping[str, Any], *, by: str, event: str,
          now: datetime | None, origin: str) -> str:
    from ..schemas import spec_for
    from ..store import ItemTaken
    from ..store.contributions import check_rows

    spec = spec_for("opportunities", workshop.settings)
    for attempt in range(_ATTEMPTS):
        row, problems = as_row(fields, [f.name for f in (*spec.fields, *spec.extra)])
        problems += _name_problems(by)
        stored = ideas(store, workshop)
        generated = not row.get("id")
        if generated:
            row["id"] = next_id([*workshop.opportunities["id"], *stored["id"]])
        frame = pd.DataFrame([{"id": row.pop("id"), **row}])
        try:
            checked = check_rows(workshop, _KIND, frame, stored=stored)
        except InputError as exc:
            problems += [Problem(**{**r, "row": None if pd.isna(r["row"]) else int(r["row"])})
                         for r in exc.problems.to_dict("records")]
        refuse(problems)
        record = checked.iloc[0].to_dict()
        status = ACCEPTED if event == "add" else PROPOSED
        try:
            store.append(_KIND, [{**record, "event": event, "status": status, "by": by.strip()}], app=APP,
                         origin=origin, at=(now or datetime.now(UTC)), new_items=True)
        except ItemTaken:
            # someone stored an idea with this id since it was checked (two people saving at once)
            if generated and attempt + 1 < _ATTEMPTS:
                continue  # the next free id, read again
            refuse([Problem("is not unique", file=LABEL, row=1, column="id", value=str(record["id"]),
                            hint=f"every id must appear once; rename or remove the copy ({record['id']} "
                                 "was stored by someone else a moment ago)")])
        return str(record["id"])
    raise AssertionError("unreachable")  # pragma: no cover - the last attempt returns or raises


def _name_problems(by: object) -> list[Problem]:
    text = "" if by is None else str(by)
    if not text.strip():
        return [Problem("a name is required", file=LABEL, row=1, column="by",
                        hint="say who adds, proposes or accepts the idea")]
    if len(text) > 100 or any(unicodedata.category(ch) == "Cc" for ch in text):
        return [Problem("not a name: too long or with control characters", file=LABEL, row=1, column="by",
                        value=text[:40], hint="a name of at most 100 characters")]
    return []
