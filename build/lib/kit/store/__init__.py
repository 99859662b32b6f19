"""The contributions store: what people add during a workshop, with who, when and from where.

==================  ===============================================================
``store``           :func:`open_store` → :class:`Store` (SQLite by default, PostgreSQL by URL):
                    append, the rows of a kind, the latest per participant and item, history
``schema``          the append-only table and the schema version the kit migrates itself
``location``        where a workshop's store is (its folder, or ``kit serve --store URL``)
``contributions``   contributions checked by the workshop's own contracts, then stored;
                    :func:`writer` for the apps' forms
``transfer``        ``kit store export`` and ``kit store import``
==================  ===============================================================

:func:`kit.load_workshop` merges a workshop's store with its folder's tables, under the same
contracts (of the ideas captured in the room, :mod:`kit.ideas`, the accepted ones); a workshop
without a store behaves as before and never imports SQLAlchemy (the
names below are loaded on first use).
"""

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING

_HOMES = {
    "ITEM_COLUMNS": "store", "KINDS": "store", "PARTICIPANT_COLUMN": "store", "ROUND_KINDS": "store",
    "ItemTaken": "store", "Store": "store", "open_store": "store",
    "STORE_FILE": "location", "STORE_URL": "location", "has_store": "location", "store_target": "location",
    "TEXT_LIMITS": "contributions", "check_rows": "contributions", "contribute": "contributions", "writer": "contributions",
    "store_state": "contributions", "stored_overrides": "contributions", "stored_tables": "contributions",
    "export_store": "transfer", "import_tables": "transfer",
}

if _TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from .contributions import (
        TEXT_LIMITS,
        check_rows,
        contribute,
        store_state,
        stored_overrides,
        stored_tables,
        writer,
    )
    from .location import STORE_FILE, STORE_URL, has_store, store_target
    from .store import (
        ITEM_COLUMNS,
        KINDS,
        PARTICIPANT_COLUMN,
        ROUND_KINDS,
        ItemTaken,
        Store,
        open_store,
    )
    from .transfer import export_store, import_tables


def __getattr__(name: str) -> object:
    if name in _HOMES:
        return getattr(_importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))


__all__ = [
    "ITEM_COLUMNS",
    "KINDS",
    "PARTICIPANT_COLUMN",
    "ROUND_KINDS",
    "STORE_FILE",
    "STORE_URL",
    "TEXT_LIMITS",
    "ItemTaken",
    "Store",
    "check_rows",
    "contribute",
    "export_store",
    "has_store",
    "import_tables",
    "open_store",
    "store_state",
    "store_target",
    "stored_overrides",
    "stored_tables",
    "writer",
]
