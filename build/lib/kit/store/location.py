"""Where a workshop's contributions live, decided without opening anything.

Kept apart from the store itself so that loading a workshop that has no store never imports
SQLAlchemy or a database driver.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["STORE_FILE", "STORE_URL", "has_store", "store_target"]

#: The store file in a workshop folder.
STORE_FILE = "contributions.sqlite"

#: Environment variable naming the store of the served workshop (``kit serve --store URL``).
STORE_URL = "KIT_STORE"


def store_target(folder: str | Path) -> str:
    """Where a workshop's contributions live: ``$KIT_STORE`` when ``kit serve --store`` set it
    (for the served workshop only), else ``contributions.sqlite`` in the folder."""
    from ..workshop import SERVED_WORKSHOP

    url, served = os.environ.get(STORE_URL), os.environ.get(SERVED_WORKSHOP)
    if url and (not served or Path(served).resolve() == Path(folder).resolve()):
        return url
    return str(Path(folder) / STORE_FILE)


def has_store(folder: str | Path) -> bool:
    """Whether the workshop has a store to read (a URL, or a store file in the folder)."""
    target = store_target(folder)
    return "://" in target or Path(target).is_file()
