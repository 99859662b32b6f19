"""What a batch leaves in its folder: a record per run, the results table, the index page.

* ``runs/<id>.json``: the record of a run (its parameters, status, seconds, error, retries
  and recorded scalars), written as soon as the run ends. A later batch into the same folder
  reads them to skip the runs that already succeeded with the same workbook and parameters.
* ``results.csv`` and ``results.parquet``: one row per run of the batch.
* ``index.html``: every executed notebook linked, with its status; all text escaped.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd

from .execute import SUCCEEDED, Job, Outcome

__all__ = ["RESERVED", "finished_records", "record", "results_table", "workbook_stamp", "write_index",
           "write_record", "write_table"]

#: The columns every results table has besides the parameters and the recorded results.
RESERVED = ("run", "status", "seconds", "retries", "error", "cell", "notebook")


def workbook_stamp(notebook: Path) -> str:
    """The SHA-256 of the workbook file: a changed workbook means its runs are done again."""
    return hashlib.sha256(notebook.read_bytes()).hexdigest()


def record(outcome: Outcome, given: Mapping[str, Any], stamp: str) -> dict[str, Any]:
    """The record of one run: ``given`` is its parameters as the user wrote them."""
    job = outcome.job
    return {
        "run": job.id, "workbook": str(job.notebook), "workbook_sha256": stamp,
        "parameters": _plain(given), "injected": _plain(job.parameters),
        "status": outcome.status, "seconds": None if math.isnan(outcome.seconds) else round(outcome.seconds, 3),
        "retries": outcome.retries, "error": outcome.error, "cell": outcome.cell,
        "results": _plain(outcome.results), "finished": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }


def write_record(folder: Path, entry: Mapping[str, Any]) -> Path:
    """Write ``folder/<run>.json`` whole or not at all (a Ctrl-C never leaves half a record)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{entry['run']}.json"
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(entry, indent=1, default=str) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path


def finished_records(folder: Path, jobs: Sequence[Job], stamp: str) -> dict[str, dict[str, Any]]:
    """The records in ``folder`` of ``jobs`` that succeeded with this workbook and the same
    parameters, and whose notebook is still there: by run id."""
    found = {}
    for job in jobs:
        path = folder / f"{job.id}.json"
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if (entry.get("status") == SUCCEEDED and entry.get("workbook_sha256") == stamp
                and entry.get("injected") == _plain(job.parameters) and job.output.is_file()):
            found[job.id] = entry
    return found


def results_table(jobs: Sequence[Job], given: Sequence[Mapping[str, Any]],
                  records: Mapping[str, Mapping[str, Any]], folder: Path) -> pd.DataFrame:
    """One row per job that has a record, in the jobs' order: ``run``, the parameters (as
    given), ``status``, ``seconds``, ``retries``, ``error``, ``cell``, ``notebook`` (relative
    to ``folder``), then every recorded scalar. A parameter named like one of those columns is
    ``parameter_<name>``; a result named like a parameter or one of them is ``<name>_recorded``."""
    names = list(dict.fromkeys(name for values in given for name in values))
    shown = {name: f"parameter_{name}" if name in RESERVED else name for name in names}
    rows = []
    for job, values in zip(jobs, given, strict=True):
        entry = records.get(job.id)
        if entry is None:
            continue
        row: dict[str, Any] = {"run": job.id}
        row |= {shown[name]: values.get(name) for name in names}
        row |= {"status": entry["status"], "seconds": entry["seconds"], "retries": entry["retries"],
                "error": entry["error"], "cell": entry["cell"],
                "notebook": os.path.relpath(job.output, folder)}
        for name, value in (entry.get("results") or {}).items():
            row[f"{name}_recorded" if name in row or name in RESERVED else name] = value
        rows.append(row)
    columns = ["run", *shown.values(), *RESERVED[1:]]
    frame = pd.DataFrame(rows)
    frame = frame.reindex(columns=columns + [c for c in frame.columns if c not in columns])
    frame["seconds"] = pd.to_numeric(frame["seconds"], errors="coerce")
    frame["retries"] = frame["retries"].fillna(0).astype(int)
    frame["cell"] = pd.to_numeric(frame["cell"], errors="coerce").astype("Int64")
    frame["error"] = frame["error"].fillna("").astype(str)
    return frame


def write_table(frame: pd.DataFrame, folder: Path) -> tuple[list[Path], str]:
    """Write ``results.csv`` and ``results.parquet``; the files written and a note on what was
    not (Parquet needs pyarrow)."""
    folder.mkdir(parents=True, exist_ok=True)
    csv = folder / "results.csv"
    frame.to_csv(csv, index=False)
    written, note = [csv], ""
    try:
        _columnar(frame).to_parquet(folder / "results.parquet", index=False)
        written.append(folder / "results.parquet")
    except ImportError:
        note = "results.parquet not written: it needs pyarrow (pip install pyarrow)"
    return written, note


def _columnar(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each column of mixed Python types (3e6 in one set, "x" in another) as text:
    a Parquet column has one type."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if column.dtype == object:
            kinds = {type(v) for v in column if v is not None and not (isinstance(v, float) and math.isnan(v))}
            mixed = len(kinds) > 1 and not kinds <= {int, float}
            if mixed or kinds & {list, dict}:
                out[name] = column.map(lambda v: None if v is None else
                                       json.dumps(v, default=str) if isinstance(v, (list, dict)) else str(v))
    return out


def write_index(frame: pd.DataFrame, folder: Path, title: str, parameters: Sequence[str]) -> Path:
    """Write ``index.html``: a row per run, its notebook linked, its status, parameters and error."""
    counts = frame["status"].value_counts() if len(frame) else pd.Series(dtype=int)
    shown = [c for c in parameters if c in frame.columns]
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in ["run", "status", "seconds", *shown, "error"])
    body = []
    for row in frame.to_dict("records"):
        status = str(row["status"])
        link = "/".join(quote(part) for part in Path(str(row["notebook"])).parts)
        cells = [f"<td><a href=\"{html.escape(link)}\">{html.escape(str(row['run']))}</a></td>",
                 f"<td class=\"status\">{html.escape(status)}</td>",
                 f"<td class=\"num\">{_number(row['seconds'])}</td>"]
        cells += [f"<td>{html.escape(_text(row[c]))}</td>" for c in shown]
        where = f" (cell {row['cell']})" if not pd.isna(row["cell"]) else ""
        cells.append(f"<td>{html.escape(str(row['error']) + (where if row['error'] else ''))}</td>")
        body.append(f"<tr class=\"{html.escape(status)}\">{''.join(cells)}</tr>")
    summary = ", ".join(f"{int(n)} {html.escape(str(s))}" for s, n in counts.items()) or "no runs"
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; }} th, td {{ padding: .3em .7em; border-bottom: 1px solid #ddd; text-align: left; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
tr.failed td.status {{ color: #b00020; font-weight: 600; }} tr.succeeded td.status {{ color: #1b7f3b; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p>{summary} · the table: <a href="results.csv">results.csv</a>, <a href="results.parquet">results.parquet</a></p>
<table><thead><tr>{head}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table>
</body></html>
"""
    path = folder / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _number(value: Any) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value):.1f}"


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value if isinstance(value, str) else json.dumps(value, default=str)


def _plain(value: Any) -> Any:
    """``value`` as JSON reads it back (tuples as lists, numpy scalars as numbers)."""
    return json.loads(json.dumps(value, default=_json_default))


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    return str(value)
