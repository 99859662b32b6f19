"""The bad-input corpus: a good workshop, one replacement file per bad case, the expected problems.

``bad/expected.csv`` has one line per expected problem: ``case`` (the file in ``bad/``), ``base``
(``good`` or ``good_xlsx``), then what the problem must say: ``file``, ``sheet``, ``row``,
``column``, ``value`` (exact; not checked when blank), ``problem`` and ``hint`` (substrings) and
``count``, the number of problems the case yields in all. A case file ``TABLE__what.EXT`` takes
the place of every file named ``TABLE.*`` in a copy of the base as ``TABLE.EXT``; the suffix
``.absent`` only removes them. Files in ``ok/`` follow the same naming and must be accepted.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parent
BAD, OK = DATA / "bad", DATA / "ok"
EXPECTED = pd.read_csv(BAD / "expected.csv", dtype=str, keep_default_na=False)
BAD_CASES: list[str] = sorted(EXPECTED["case"].unique())
OK_CASES: list[str] = sorted(p.name for p in OK.iterdir() if p.is_file())


def expected(case: str) -> pd.DataFrame:
    """The expected problems of ``case``."""
    return EXPECTED[EXPECTED["case"] == case]


def place(case_file: Path, base: str, tmp_path: Path) -> Path:
    """A copy of ``base`` with ``case_file`` in place of its table; returns the folder."""
    folder = tmp_path / case_file.stem
    shutil.copytree(DATA / base, folder)
    table = case_file.name.split("__")[0]
    for old in folder.iterdir():
        if old.stem.lower() == table:
            old.unlink()
    if case_file.suffix != ".absent":
        shutil.copy(case_file, folder / f"{table}{case_file.suffix}")
    return folder


def place_bad(case: str, tmp_path: Path) -> Path:
    """The workshop folder of bad case ``case`` (a file name in ``bad/``)."""
    return place(BAD / case, expected(case)["base"].iloc[0], tmp_path)
