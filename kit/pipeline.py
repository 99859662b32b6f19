"""The main job: validate a workshop, execute every workbook on it, write the report and exports."""

from __future__ import annotations

from pathlib import Path

from .batch import run_workbooks, workbooks
from .batch.kernels import local_kernels
from .report import build_report
from .workshop import load_workshop

__all__ = ["EXECUTIVE_SUMMARY", "run_workshop"]

#: The workbook the report opens with.
EXECUTIVE_SUMMARY = "05_executive_summary"


def run_workshop(workshop: str | Path, out_dir: str | Path, *, progress: bool = True, png: bool = False) -> Path:
    """Validate ``workshop``, execute every numbered workbook on it into ``out_dir``, and
    write ``out_dir/report.html`` (the executive summary first, then the steps in order) and
    ``out_dir/results.xlsx`` (every recorded result, see :func:`kit.exports.results_workbook`).
    With ``png=True``, every chart is also drawn as a PNG file in ``out_dir/charts/`` (about
    0.2 s a chart). Returns the report's path.

    The workbooks run side by side, one per core, each on a kernel of its own
    (:func:`kit.batch.run_workbooks`).

    Validation comes first, so a bad input file stops the job before any kernel starts, with
    every problem listed (:class:`~kit.errors.InputError`). Meanwhile the process the kernels
    are forked from is already importing the kit (:class:`kit.batch.kernels.ForkServer`).
    """
    from .exports import chart_images, results_workbook

    out = Path(out_dir)
    with local_kernels(workbooks()) as kernels:
        ws = load_workshop(workshop)
        runs = run_workbooks(ws.path, out, progress=progress, kernels=kernels)
    subtitle = " · ".join(x for x in (ws.settings.organisation, ws.settings.name) if x)
    # Executives read the summary first; the steps follow in their order.
    pages = sorted((r.output for r in runs), key=lambda p: (p.stem != EXECUTIVE_SUMMARY, p.stem))
    report = build_report(pages, out / "report.html", subtitle=subtitle)
    results_workbook(sorted(r.output for r in runs), out / "results.xlsx")
    if png:
        from tqdm.auto import tqdm

        chart_images(sorted(r.output for r in runs), out / "charts",
                     progress=lambda jobs: tqdm(jobs, desc="charts", unit="chart", disable=not progress))
    return report
