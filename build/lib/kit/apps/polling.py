"""What the apps that keep up by themselves share: a poll on the kernel's event loop, and what
changes when a contribution arrives (the store's change counter, the tables' files).

The live board (:mod:`kit.apps.live`) and the participant app (:mod:`kit.apps.scoring`) poll
every few seconds; a poll first compares :meth:`Watch.fingerprint` with the last one it acted
on, so an unchanged room costs a stat of a few files and one indexed query.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["Polled", "Watch", "start_polling", "table_files"]


def start_polling(callback: Callable[[], Any], every: float) -> Any:
    """Call ``callback`` every ``every`` seconds on the running event loop (a tornado
    ``PeriodicCallback``, started); None with ``every=0`` or no loop to poll on (a script,
    papermill), where only a button or an explicit call refreshes."""
    if not every:
        return None
    import asyncio

    from tornado.ioloop import IOLoop, PeriodicCallback

    try:
        asyncio.get_running_loop()  # a kernel running a cell, or any asyncio program
    except RuntimeError:
        if IOLoop.current(instance=False) is None:
            return None
    timer = PeriodicCallback(callback, every * 1000)
    timer.start()
    return timer


def table_files(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of each table and settings file of ``folder``."""
    return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(folder)
                        if e.is_file() and e.name.endswith((".csv", ".xlsx", ".yml"))))


class Watch:
    """A workshop folder and its store, as a poll sees them.

    The store is opened on first need: a folder without one yet (nobody contributed) is
    watched through its files until the first contribution creates it.

    Attributes
    ----------
    folder : Path
    store : Store or None
        The workshop's contributions store, once it exists.
    """

    def __init__(self, folder: str | Path, store: Any = None) -> None:
        self.folder = Path(folder)
        self.store = store

    def open(self) -> Any:
        """The store, opened now if it exists; None while the workshop has none."""
        if self.store is None:
            from ..store.location import has_store, store_target

            if has_store(self.folder):
                from ..store import open_store

                self.store = open_store(store_target(self.folder))
        return self.store

    def fingerprint(self) -> tuple[Any, ...]:
        """What changes when a contribution arrives: the store's change counter
        (:meth:`kit.store.Store.changes`) and :func:`table_files`."""
        store = self.open()
        return (store.changes() if store is not None else 0), table_files(self.folder)


class Polled:
    """What an app that keeps up by itself shares: its ``poll`` called every ``every`` seconds
    on the kernel's event loop once :meth:`start` ed (the live board, the participant app)."""

    every: float
    _timer: Any = None

    def poll(self) -> bool:  # pragma: no cover - each app says what a poll does
        raise NotImplementedError

    def start(self) -> None:
        """Poll every ``every`` seconds on the kernel's event loop (no-op outside a running
        kernel, or with ``every=0``)."""
        if self._timer is None:
            self._timer = start_polling(self.poll, self.every)

    def stop(self) -> None:
        """Stop polling."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
