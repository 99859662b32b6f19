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


def _run(args: argparse.Namespace) -> int:
    from .pipeline import run_workshop

    report = run_workshop(args.workshop, args.out, progress=not args.quiet, png=args.png)
    out = Path(args.out).resolve()
    print(f"Executed workbooks, report and results.xlsx are in {out}/"
          + (f"\nCharts as PNG: {out / 'charts'}/" if args.png else "")
          + f"\nOpen the report: {report.resolve()}")
    return 0


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
    p = sub.add_parser("run", help="execute every workbook on a workshop; write the HTML report and results.xlsx")
    p.add_argument("workshop", help="workshop folder")
    p.add_argument("--out", default="out/run", help="output folder (default: out/run)")
    p.add_argument("--png", action="store_true", help="also draw every chart as a PNG file in OUT/charts/")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_run)
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
