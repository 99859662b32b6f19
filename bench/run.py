"""Run every benchmark (``bench/bench_*.py``), print the figures, write ``bench/results.json``.

Each module defines ``run() -> dict[str, float | int | str]``: named figures measured in one
run (seconds, ratios, sizes). Ratios measured in the same run are the figures to trust on a
shared machine; absolute times vary.

Usage: ``python bench/run.py [NAME ...]`` (names without the ``bench_`` prefix).
"""

from __future__ import annotations

import importlib.util
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the benchmark modules share bench/timing.py


def main(argv: list[str]) -> int:
    wanted = set(argv)
    modules = sorted(HERE.glob("bench_*.py"))
    out = HERE / "results.json"
    # A run of some benchmarks updates their figures and keeps the others'.
    results: dict[str, object] = json.loads(out.read_text()) if out.exists() and wanted else {}
    results |= {
        "_machine": {"python": platform.python_version(), "platform": platform.platform(),
                     "when": time.strftime("%Y-%m-%d %H:%M:%S")},
    }
    for path in modules:
        name = path.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        assert spec.loader is not None
        spec.loader.exec_module(module)
        print(f"== {name}", flush=True)
        figures = module.run()
        for key, value in figures.items():
            shown = f"{value:,.4g}" if isinstance(value, float) else value
            print(f"   {key:<48} {shown}")
        results[name] = figures
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
