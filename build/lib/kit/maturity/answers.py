"""Maturity answers: checked against the instrument and described.

Respondents carry a role, IT or business. :func:`check_answers` returns the answers clean, one
row per latest answer (answers are appended, so when a participant answers a statement twice
the later row counts) or lists every problem at once; :func:`describe_answers` says in one
sentence who answered. The answering form (:mod:`kit.apps.maturity`) saves answers into the
workshop's contributions store, which checks them with :func:`check_answers` first.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..settings import did_you_mean
from .instrument import LEVELS, Instrument

__all__ = [
    "ANSWER_COLUMNS",
    "ROLES",
    "check_answers",
    "describe_answers",
]

#: Roles a respondent may carry, with their display names.
ROLES: dict[str, str] = {"it": "IT", "business": "Business"}

#: Columns of an answers table (``maturity.csv``); ``role`` and ``submitted`` may be empty.
ANSWER_COLUMNS: tuple[str, ...] = ("participant", "area", "statement", "score", "role", "submitted")


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
