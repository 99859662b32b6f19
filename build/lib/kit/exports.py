"""Exports of a workshop run beside the HTML report: the results as one Excel workbook, and
every chart as a PNG image for slides.

Both read executed workbooks only (what :func:`kit.batch.run_workbooks` writes): the recorded
results (:func:`kit.results.read`) and the charts of the cells' outputs. Nothing is computed
again and no network is used (vl-convert draws the PNGs on this machine).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .batch import INTERACTIVE
from .io import write_xlsx

__all__ = ["chart_images", "results_workbook"]

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def results_workbook(executed: Sequence[str | Path], output: str | Path) -> Path:
    """Write every recorded result of the executed workbooks into one ``.xlsx`` file.

    The first sheet, *Figures*, lists the single values (counts, totals, named lists) as
    ``workbook, result, key, value``; then each recorded table gets its own sheet, named after
    the workbook's number and the result (``03 summary``, ``04 selection``…). Text is written
    as text (a title starting with ``=`` stays a title), atomically.

    Parameters
    ----------
    executed : sequence of paths
        Executed ``.ipynb`` files.
    output : path
        The ``.xlsx`` file to write.

    Returns
    -------
    Path
        ``output``.
    """
    from .results import read

    figures: list[dict[str, Any]] = []
    sheets: dict[str, pd.DataFrame] = {}
    for path in map(Path, executed):
        prefix = path.stem.split("_", 1)[0] if path.stem[:2].isdigit() else path.stem
        for name, value in read(path).items():
            if isinstance(value, pd.DataFrame):
                sheets[_sheet_name(f"{prefix} {name}", sheets)] = _flat(value)
            elif isinstance(value, pd.Series):
                sheets[_sheet_name(f"{prefix} {name}", sheets)] = value.rename("value").rename_axis("key").reset_index()
            elif isinstance(value, dict):
                figures += [{"workbook": path.stem, "result": name, "key": str(k), "value": _cell(v)}
                            for k, v in value.items()]
            else:
                figures.append({"workbook": path.stem, "result": name, "key": "", "value": _cell(value)})
    front = pd.DataFrame(figures, columns=["workbook", "result", "key", "value"])
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_xlsx({"Figures": front, **sheets}, out)


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame as rows and columns for a sheet: a named index becomes columns, cells plain."""
    if any(n is not None for n in frame.index.names):
        frame = frame.reset_index()
    return frame.apply(lambda col: col.map(_cell) if col.dtype == object else col)


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return value


def _sheet_name(wanted: str, taken: Iterable[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of ``[]:*?/\\``, unique."""
    base = _SHEET_BAD.sub(" ", wanted).strip()[:31] or "Sheet"
    name, n = base, 2
    taken = {t.casefold() for t in taken} | {"figures"}
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    return name


def chart_images(executed: Sequence[str | Path], folder: str | Path, *, scale: float = 2.0,
                 progress: Callable[[Iterable[Any]], Iterable[Any]] | None = None) -> list[Path]:
    """Draw every chart of the executed workbooks as a PNG file in ``folder``.

    Files are named ``<workbook>-<NN>-<chart title>.png`` in page order (``03_value_scenarios-
    01-npv-range-per-opportunity.png``), drawn by vl-convert at ``scale`` × the chart's size
    with the kit's theme. Charts of cells tagged ``interactive`` are left out, as in the report.

    Returns
    -------
    list of Path
        The files written.
    """
    import nbformat
    import vl_convert

    from .charts.render import specs_in_html

    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    jobs: list[tuple[Path, dict[str, Any]]] = []
    for path in map(Path, executed):
        nb = nbformat.read(str(path), as_version=4)
        specs = [spec for cell in nb.cells if cell.cell_type == "code"
                 and INTERACTIVE not in cell.get("metadata", {}).get("tags", [])
                 for output in cell.get("outputs", [])
                 for spec in specs_in_html(_html(output))]
        for k, spec in enumerate(specs, start=1):
            jobs.append((target / f"{path.stem}-{k:02d}-{_slug(_title(spec))}.png", spec))
    written = []
    for file, spec in (progress(jobs) if progress else jobs):
        png = vl_convert.vegalite_to_png(spec, scale=scale)
        tmp = file.with_name(f".{file.name}.tmp")
        tmp.write_bytes(png)
        tmp.replace(file)
        written.append(file)
    return written


def _html(output: Any) -> str:
    markup = output.get("data", {}).get("text/html", "")
    return "".join(markup) if isinstance(markup, list) else str(markup)


def _title(spec: dict[str, Any]) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    if not title:  # a concatenation: the first part's title
        for key in ("hconcat", "vconcat", "concat", "layer"):
            if spec.get(key):
                return _title(spec[key][0])
    return str(title or "chart")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "chart"
