"""What the workshop apps' forms share: saying what happened, and handing rows to a writer.

A *writer* is any callable taking the rows frame (by default the workshop's contributions
store, :func:`kit.store.writer`). A writer refuses bad rows with an
:class:`~kit.errors.InputError`; the form then says why, in the page, and keeps what was typed.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pandas as pd

from ..errors import InputError

__all__ = ["WARM_MODULES", "Writer", "from_url", "hand_over", "page_query", "participant_from_url", "say", "warm_up"]

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


def page_query() -> str:
    """The query string of the page this kernel draws (``participant=...&role=it``); empty
    outside Voilà (JupyterLab, papermill).

    Voilà hands each page's query string to its kernel as the ``QUERY_STRING`` environment
    variable. A *warm* kernel (``kit serve`` starts a pool of them before anyone arrives) was
    started before its page was asked for: the first call here waits until a page claims the
    kernel and Voilà sends the page's address (:func:`voila.utils.wait_for_request`), so
    everything before it in the notebook runs ahead and everything after it sees the page.
    """
    import os

    if os.environ.get("VOILA_PREHEAT") == "True" and "QUERY_STRING" not in os.environ:
        warm_up()
        try:
            from voila.utils import wait_for_request

            wait_for_request()
        except Exception:  # no address means no personal link, never a broken page
            pass
        # asked once: a second wait would never end, as Voilà sends a page's address once
        os.environ.setdefault("QUERY_STRING", "")
    return os.environ.get("QUERY_STRING", "")


#: What the served pages import after their request (the first store read, the first app),
#: imported by a warm kernel while it waits for its page: SQLAlchemy alone was 0.23 s of a
#: scoring page's 0.35 s of kernel time at request time (0.10 s left once imported ahead).
WARM_MODULES: tuple[str, ...] = ("tornado.ioloop", "ipywidgets", "sqlalchemy", "kit.store.store",
                                 "kit.store.contributions", "kit.ahp", "kit.rounds", "kit.ideas",
                                 "kit.apps.sync", "kit.apps.rounds", "kit.apps.ideas", "kit.apps.scoring",
                                 "kit.apps.live")


def warm_up() -> list[str]:
    """Import :data:`WARM_MODULES` now (a warm kernel, before its page); the ones that could
    not be imported, which the page then imports itself or reports as it would anyway."""
    import importlib

    failed = []
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # never a broken page for a head start
            failed.append(name)
    return failed


def from_url(*keys: str) -> str:
    """The first of ``keys`` given in the page's address in Voilà (``...?role=it``); empty
    elsewhere (see :func:`page_query`)."""
    from urllib.parse import parse_qs

    query = parse_qs(page_query())
    for key in keys:
        if query.get(key):
            return query[key][0].strip()[:200]
    return ""


def participant_from_url() -> str:
    """The ``participant`` (or ``name``) of the page's address in Voilà, e.g.
    ``.../apps/scoring.ipynb?participant=Nora%20Quist``, so a facilitator can send every
    participant a personal link; empty elsewhere."""
    return from_url("participant", "name")
