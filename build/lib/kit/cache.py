"""The kit's cache folder: things that are slow to build and safe to rebuild.

Two things live there: the Vega bundle (see :mod:`kit.charts.render`) and validated
workshops (see :func:`kit.load_workshop`). A validated workshop is stored under a key made
of the bytes of every input file of its folder and of the kit's own loading code, so an
edited table, a new sheet or a new kit version is read and checked again; nothing is ever
served stale. Entries that cannot be read are ignored and rebuilt; a folder that cannot be
written only costs speed.

The folder is ``$KIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/betterment-kit``, else
``~/.cache/betterment-kit``; the kit creates it readable by its owner only. Entries are
pickles: point ``KIT_CACHE_DIR`` only at a folder no one else can write to.
``KIT_CACHE=off`` turns the workshop cache off.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "enabled", "read", "write"]

#: Workshop entries kept; the oldest are removed beyond this.
KEEP = 64


def cache_dir() -> Path:
    """The cache folder (not created here)."""
    explicit = os.environ.get("KIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "betterment-kit"


def enabled() -> bool:
    """False when ``KIT_CACHE`` is ``off``, ``0``, ``no`` or ``false``."""
    return os.environ.get("KIT_CACHE", "on").strip().lower() not in ("off", "0", "no", "false")


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    """Bytes that change whenever any code of the kit changes.

    Every module of the package counts, not a hand-made list of the loader's files: a list
    silently stops invalidating when code moves, and reading the whole package (about 60
    small files) costs a few milliseconds once per process.
    """
    import pandas as pd

    from . import __version__

    return code_fingerprint(Path(__file__).resolve().parent, f"{__version__} pandas {pd.__version__}")


def code_fingerprint(package: Path, versions: str = "") -> bytes:
    """A digest of the path and bytes of every ``.py`` file under ``package``, and ``versions``."""
    h = hashlib.sha256(versions.encode())
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    return h.digest()


def key(kind: str, files: list[Path], extra: str = "") -> str:
    """A key for ``kind`` built from the names and bytes of ``files``, ``extra`` (e.g. the
    state of a contributions store) and the kit's code."""
    h = hashlib.sha256(kind.encode())
    h.update(_code_fingerprint())
    h.update(extra.encode() + b"\0")
    for path in files:
        h.update(path.name.encode() + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return f"{kind}-{h.hexdigest()[:32]}"


def read(entry: str) -> Any | None:
    """The object stored under ``entry``, or None when absent, unreadable or disabled."""
    if not enabled():
        return None
    path = cache_dir() / f"{entry}.pickle"
    try:
        with open(path, "rb") as f:
            obj = pickle.load(f)
        os.utime(path)  # recently used entries survive pruning
        return obj
    except Exception:  # absent, damaged or written by an incompatible version: rebuild
        return None


def write(entry: str, obj: Any) -> None:
    """Store ``obj`` under ``entry`` atomically; failures are silent (the cache is optional)."""
    if not enabled():
        return
    folder = cache_dir()
    path = folder / f"{entry}.pickle"
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(tmp, "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        _prune(folder, entry.split("-", 1)[0])
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _prune(folder: Path, kind: str) -> None:
    entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
