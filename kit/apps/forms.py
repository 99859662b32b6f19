"""What the workshop apps' forms share: saying what happened, and handing rows to a writer.

A *writer* is any callable taking the rows frame (by default an atomic append to the
workshop's CSV, :func:`kit.io.append_rows`). A writer refuses bad rows with an
:class:`~kit.errors.InputError`; the form then says why, in the page, and keeps what was typed.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pandas as pd

from ..errors import InputError

__all__ = ["Writer", "from_url", "hand_over", "participant_from_url", "say"]

Writer = Callable[[pd.DataFrame], Any]


def say(target: Any, text: str, *, ok: bool) -> None:
    """Show ``text`` (escaped) in an ``ipywidgets.HTML``: green when ``ok``, red otherwise."""
    colour = "#2e7d32" if ok else "#c62828"
    target.value = f"<p style='color:{colour}'>{html.escape(text)}</p>"


def hand_over(writer: Writer, rows: pd.DataFrame, status: Any, missing: list[str]) -> bool:
    """Save ``rows`` through ``writer`` unless something is ``missing``; say why not in ``status``.

    Returns True when the writer took the rows (the caller then says what was saved).
    """
    if missing:
        say(status, "Please give " + " and ".join(missing) + ".", ok=False)
        return False
    try:
        writer(rows)
    except InputError as exc:
        first = exc.problems.iloc[0]
        say(status, f"Not saved: {first['problem']}. {first['hint']}", ok=False)
        return False
    return True


def from_url(*keys: str) -> str:
    """The first of ``keys`` given in the page's address in Voilà (``...?role=it``); empty
    elsewhere. Voilà hands each page's query string to its kernel as the ``QUERY_STRING``
    environment variable."""
    import os
    from urllib.parse import parse_qs

    query = parse_qs(os.environ.get("QUERY_STRING", ""))
    for key in keys:
        if query.get(key):
            return query[key][0].strip()[:200]
    return ""


def participant_from_url() -> str:
    """The ``participant`` (or ``name``) of the page's address in Voilà, e.g.
    ``.../apps/scoring.ipynb?participant=Nora%20Quist``, so a facilitator can send every
    participant a personal link; empty elsewhere."""
    return from_url("participant", "name")
