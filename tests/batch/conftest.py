"""Small notebooks for batch runs, and a look at the process tree."""

from __future__ import annotations

from pathlib import Path

import nbformat
import psutil


def write_notebook(path: Path, *sources: str, parameters: str = "x: int = 1") -> Path:
    """A notebook: a cell tagged ``parameters``, then one code cell per source."""
    cells = [nbformat.v4.new_code_cell(parameters)]
    cells[0].metadata["tags"] = ["parameters"]
    cells += [nbformat.v4.new_code_cell(s) for s in sources]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                       "display_name": "Python 3"}})
    nbformat.write(nb, str(path))
    return path


def descendants(pid: int | None = None) -> list[psutil.Process]:
    """Every live process below ``pid`` (this process when None): kernels, fork servers."""
    try:
        return [p for p in psutil.Process(pid).children(recursive=True) if _alive(p)]
    except psutil.NoSuchProcess:
        return []


def still_running(processes: list[psutil.Process]) -> list[psutil.Process]:
    """Those of ``processes`` still running (the same process: pid and start time)."""
    return [p for p in processes if _alive(p)]


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
