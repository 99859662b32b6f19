"""The main job: validate a workshop, execute every workbook on it, write the report and exports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .batch import run_workbooks, workbooks
from .batch.kernels import local_kernels
from .report import build_report
from .workshop import Workshop, load_workshop

__all__ = ["EXECUTIVE_SUMMARY", "Published", "report_workshop", "run_workshop", "stale_reason"]

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
    out = Path(out_dir)
    with local_kernels(workbooks()) as kernels:
        ws = load_workshop(workshop)
        runs = run_workbooks(ws.path, out, progress=progress, kernels=kernels)
    return _publish(ws, [r.output for r in runs], out, png=png, progress=progress)


@dataclass
class Published:
    """What :func:`report_workshop` did.

    Attributes
    ----------
    report : Path
        ``report.html``.
    reused : list of str
        The workbooks whose executed notebooks were current and were used as they were.
    ran : dict
        The workbooks executed again, each with why (:func:`stale_reason`).
    """

    report: Path
    reused: list[str] = field(default_factory=list)
    ran: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        """One line: what was reused and what ran, and why."""
        parts = []
        if self.reused:
            parts.append(f"reused {len(self.reused)} executed workbook{'s' * (len(self.reused) != 1)}")
        if self.ran:
            parts.append("ran " + "; ".join(f"{name} ({why})" for name, why in self.ran.items()))
        line = ", ".join(parts) or "nothing to do"
        return line[0].upper() + line[1:] + "."


def report_workshop(workshop: str | Path, out_dir: str | Path, *, progress: bool = True,
                    png: bool = False) -> Published:
    """Write the report, ``results.xlsx`` (and with ``png=True`` the PNG charts) of ``workshop``
    into ``out_dir``, reusing the workbooks already executed there: only a workbook whose
    executed notebook is missing, failed, was run on another workshop or is older than the
    workbook or any file of the workshop is executed again (:func:`stale_reason`).

    What ``kit report`` does: after ``kit run``, the report again (with PNGs, say) without
    re-running anything that is still current.
    """
    out = Path(out_dir)
    ws = load_workshop(workshop)
    todo = {nb: stale_reason(out / nb.name, nb, ws, ignore=out) for nb in workbooks()}
    ran = {nb.stem: why for nb, why in todo.items() if why}
    if ran:
        stale = [nb for nb, why in todo.items() if why]
        with local_kernels(stale) as kernels:
            run_workbooks(ws.path, out, stale, progress=progress, kernels=kernels)
    pages = [out / nb.name for nb in todo]
    report = _publish(ws, pages, out, png=png, progress=progress)
    return Published(report, [nb.stem for nb, why in todo.items() if not why], ran)


#: Files of a workshop folder that change without its data changing: what ``kit serve`` writes,
#: SQLite's shared-memory index (touched by readers) and the store's lock file.
_NOT_DATA = ("serve",)
_NOT_DATA_SUFFIXES = ("-shm", ".lock")


def stale_reason(executed: Path, workbook: Path, workshop: Workshop, *, ignore: Path | None = None) -> str:
    """Why the executed notebook ``executed`` of ``workbook`` cannot be reused for ``workshop``
    ("" when it can).

    It can when it exists, papermill recorded no exception, its ``workshop`` parameter is this
    workshop's folder, and it is newer than the workbook and than every file in the workshop
    folder (tables, ``workshop.yml``, the store), leaving out what ``kit serve`` writes in
    ``serve/``, SQLite's ``-shm`` and lock files, and the folder ``ignore`` (the output folder,
    should it be inside the workshop).
    """
    import nbformat

    if not executed.exists():
        return "not executed yet"
    try:
        meta = nbformat.read(executed, as_version=4).metadata.get("papermill", {})
    except Exception as exc:  # noqa: BLE001 - an unreadable notebook is simply run again
        return f"unreadable: {exc}"
    if meta.get("exception"):
        return "failed last time"
    given = meta.get("parameters", {}).get("workshop")
    if not given or Path(given).resolve() != workshop.path.resolve():
        return f"executed on another workshop ({given or 'none recorded'})"
    when = executed.stat().st_mtime
    if workbook.stat().st_mtime > when:
        return "the workbook changed since"
    skip = ignore.resolve() if ignore is not None else None
    for path in sorted(workshop.path.resolve().rglob("*")):
        relative = path.relative_to(workshop.path.resolve())
        if (not path.is_file() or relative.parts[0] in _NOT_DATA or path.name.endswith(_NOT_DATA_SUFFIXES)
                or (skip is not None and path.is_relative_to(skip))):
            continue
        if path.stat().st_mtime > when:
            return f"{relative} changed since"
    return ""


def _publish(ws: Workshop, executed: Sequence[Path], out: Path, *, png: bool, progress: bool) -> Path:
    """The report, ``results.xlsx`` and (``png``) the charts of the executed notebooks."""
    from .exports import chart_images, results_workbook

    subtitle = " · ".join(x for x in (ws.settings.organisation, ws.settings.name) if x)
    # Executives read the summary first; the steps follow in their order.
    pages = sorted(executed, key=lambda p: (p.stem != EXECUTIVE_SUMMARY, p.stem))
    report = build_report(pages, out / "report.html", subtitle=subtitle)
    results_workbook(sorted(executed), out / "results.xlsx")
    if png:
        from tqdm.auto import tqdm

        chart_images(sorted(executed), out / "charts",
                     progress=lambda jobs: tqdm(jobs, desc="charts", unit="chart", disable=not progress))
    return report
