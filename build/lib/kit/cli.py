"""The ``kit`` command. It parses arguments and calls one library function per sub-command.

Input problems print as a table and exit with code 2, never with a traceback; set
``KIT_DEBUG=1`` to see tracebacks of unexpected errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import InputError, KitError, format_problems

__all__ = ["main"]


def _validate(args: argparse.Namespace) -> int:
    from .workshop import load_workshop

    workshop = load_workshop(args.path)
    print(f"OK {args.path}: {workshop.summary()}")
    return 0


def _new(args: argparse.Namespace) -> int:
    from .new import new_workshop

    folder = new_workshop(args.path, name=args.name)
    print(f"Created {folder}/ with workshop.yml and intake.xlsx.\n"
          f"Next: fill in intake.xlsx (or add CSV files), then run `kit validate {folder}`.")
    return 0


def _workbooks(args: argparse.Namespace) -> int:
    from .new import copy_workbooks

    copied = copy_workbooks(args.path, args.workshop)
    print(f"Copied {len(copied)} workbooks into {Path(args.path)}/"
          + (f", pointed at {args.workshop}." if args.workshop else
             ". Set each workbook's `workshop` parameter to your workshop folder (or use --workshop).")
          + f"\nOpen them: jupyter lab {args.path}")
    return 0


def _store_export(args: argparse.Namespace) -> int:
    from .store.transfer import export_store

    done = export_store(args.workshop, args.to)
    counts = ", ".join(f"{n} {t}" for t, n in done.rows.items())
    print(f"Exported {done.contributions} contributions with who and when ({counts}) to {Path(args.to)}/: "
          + ", ".join(p.name for p in done.files))
    return 0


def _store_import(args: argparse.Namespace) -> int:
    from .store.transfer import import_tables

    done = import_tables(args.workshop, args.table or None)
    if not done.rows:
        print(f"Nothing to import: {args.workshop} has no scores.csv, pairwise.csv, maturity.csv or overrides.csv.")
        return 0
    print("Imported " + ", ".join(f"{n} {t}" for t, n in done.rows.items()) + " into the store; set aside: "
          + ", ".join(p.name for p in done.renamed))
    return 0


def _run(args: argparse.Namespace) -> int:
    from .pipeline import run_workshop

    report = run_workshop(args.workshop, args.out, progress=not args.quiet, png=args.png)
    out = Path(args.out).resolve()
    print(f"Executed workbooks, report and results.xlsx are in {out}/"
          + (f"\nCharts as PNG: {out / 'charts'}/" if args.png else "")
          + f"\nOpen the report: {report.resolve()}")
    return 0


def _report(args: argparse.Namespace) -> int:
    from .pipeline import report_workshop

    done = report_workshop(args.workshop, args.out, progress=not args.quiet, png=args.png)
    out = Path(args.out).resolve()
    print(done.summary()
          + f"\nReport and results.xlsx are in {out}/"
          + (f"\nCharts as PNG: {out / 'charts'}/" if args.png else "")
          + f"\nOpen the report: {done.report.resolve()}")
    return 0


def _batch(args: argparse.Namespace) -> int:
    from .batch import run_grid_file

    batch = run_grid_file(args.workbook, args.grid, args.out, scheduler=args.scheduler, workers=args.workers,
                          cell_timeout=args.timeout, retries=args.retries, force=args.force, echo=print)
    print(batch.summary())
    return 0 if batch.ok else 1


def _at_least(low: float, kind: type) -> object:
    """An argparse type: a number of ``kind`` not below ``low``."""
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}: {text!r}")
        return value

    return parse


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve_workshop

    return serve_workshop(args.workshop, participants=args.participants, host=args.host, port=args.port,
                          store=args.store, passcode=args.passcode)


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="kit", description="Betterment kit: strategy co-creation workbooks.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("validate", help="check a workshop folder and list every problem")
    p.add_argument("path", help="workshop folder (holding workshop.yml)")
    p.set_defaults(func=_validate)
    p = sub.add_parser("new", help="create a new workshop folder from the templates")
    p.add_argument("path", help="folder to create")
    p.add_argument("--name", help="workshop name written into workshop.yml")
    p.set_defaults(func=_new)
    p = sub.add_parser("workbooks", help="copy the kit's workbooks into a folder, to open in JupyterLab")
    p.add_argument("path", help="folder to copy them into (created if needed)")
    p.add_argument("--workshop", help="workshop folder the copies point at (default: the demo's path)")
    p.set_defaults(func=_workbooks)
    p = sub.add_parser("store", help="the contributions store: export it to files, import CSV rows into it")
    store = p.add_subparsers(dest="store_command", required=True, metavar="ACTION")
    q = store.add_parser("export", help="write the contributed tables (CSV, XLSX) and the full history")
    q.add_argument("workshop", help="workshop folder")
    q.add_argument("--to", required=True, help="folder to write into")
    q.set_defaults(func=_store_export)
    q = store.add_parser("import", help="bring the folder's scores/pairwise/maturity/overrides CSV rows into the store")
    q.add_argument("workshop", help="workshop folder")
    q.add_argument("--table", action="append", choices=["scores", "pairwise", "maturity", "overrides"],
                   help="only this table (repeatable)")
    q.set_defaults(func=_store_import)
    p = sub.add_parser("run", help="execute every workbook on a workshop; write the HTML report and results.xlsx")
    p.add_argument("workshop", help="workshop folder")
    p.add_argument("--out", default="out/run", help="output folder (default: out/run)")
    p.add_argument("--png", action="store_true", help="also draw every chart as a PNG file in OUT/charts/")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_run)
    p = sub.add_parser("report", help="the report, results.xlsx and (--png) the charts, reusing the workbooks "
                                      "already executed in OUT; only missing or outdated ones run again")
    p.add_argument("workshop", help="workshop folder")
    p.add_argument("--out", default="out/run", help="folder of the executed workbooks and the report (default: out/run)")
    p.add_argument("--png", action="store_true", help="also draw every chart as a PNG file in OUT/charts/")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_report)
    p = sub.add_parser("batch", help="execute one workbook once per parameter set of a grid file, in parallel; "
                                     "collect the results in one table")
    p.add_argument("workbook", help="the workbook (.ipynb)")
    p.add_argument("--grid", required=True, metavar="GRID.yml",
                   help="the parameter sets: parameters (fixed), axes (every combination), runs (listed)")
    p.add_argument("--out", required=True, metavar="DIR",
                   help="batch folder: runs/ (a notebook per run), results.csv, results.parquet, index.html")
    p.add_argument("--workers", type=_at_least(1, int), metavar="N",
                   help="runs at once on this machine (default: one per core)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); DIR must be "
                        "a folder its workers share")
    p.add_argument("--timeout", type=_at_least(1, float), default=600, metavar="S",
                   help="seconds a cell may run before its run fails (default: 600)")
    p.add_argument("--retries", type=_at_least(0, int), default=2, metavar="K",
                   help="new kernels a run may try when one fails to start (default: 2)")
    p.add_argument("--force", action="store_true", help="also run again what an earlier batch into DIR finished")
    p.set_defaults(func=_batch)
    p = sub.add_parser("serve", help="serve the apps and workbooks on a workshop with Voila, for the people in the room")
    p.add_argument("workshop", help="workshop folder")
    p.add_argument("--participants", type=int, default=8, metavar="N",
                   help="expected participants: N scoring-app kernels are started before anyone arrives (default: 8)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0: every network, "
                        "with a passcode)")
    p.add_argument("--port", type=int, default=8866, help="port to listen on (default: 8866)")
    p.add_argument("--store", metavar="URL", help="the contributions store's URL (default: the workshop folder's)")
    p.add_argument("--passcode", help="passcode the pages ask for, carried in the links "
                                      "(default for a host other than 127.0.0.1: generated)")
    p.set_defaults(func=_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kit`` command; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except InputError as exc:
        print(f"{exc.summary}:\n{format_problems(exc.problems)}", file=sys.stderr)
        return 2
    except KitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: say so briefly, unless debugging
        if os.environ.get("KIT_DEBUG"):
            raise
        print(f"internal error: {type(exc).__name__}: {exc}\n(set KIT_DEBUG=1 for the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
