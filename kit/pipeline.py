"""The main job: validate a workshop, execute every workbook on it, write the report."""

from __future__ import annotations

from pathlib import Path

from .batch import run_workbooks
from .report import build_report
from .workshop import load_workshop

__all__ = ["EXECUTIVE_SUMMARY", "run_workshop"]

#: The workbook the report opens with.
EXECUTIVE_SUMMARY = "05_executive_summary"


def run_workshop(workshop: str | Path, out_dir: str | Path, *, progress: bool = True) -> Path:
    """Validate ``workshop``, execute every numbered workbook on it into ``out_dir``, and
    write ``out_dir/report.html`` (the executive summary first, then the steps in order).
    Returns the report's path.

    Validation comes first, so a bad input file stops the job before any kernel starts, with
    every problem listed (:class:`~kit.errors.InputError`).
    """
    ws = load_workshop(workshop)
    runs = run_workbooks(ws.path, out_dir, progress=progress)
    subtitle = " · ".join(x for x in (ws.settings.organisation, ws.settings.name) if x)
    # Executives read the summary first; the steps follow in their order.
    pages = sorted((r.output for r in runs), key=lambda p: (p.stem != EXECUTIVE_SUMMARY, p.stem))
    return build_report(pages, Path(out_dir) / "report.html", subtitle=subtitle)
