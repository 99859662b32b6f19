"""`kit run`'s machinery: every workbook side by side, each notebook as papermill writes it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kit.batch import run_workbook, run_workbooks
from kit.errors import WorkbookFailed
from tests.batch.conftest import descendants, write_notebook
from tests.conftest import DEMO

pytestmark = pytest.mark.workbooks


def _comparable(path: Path) -> str:
    """The notebook without what differs between any two executions (times, its own path)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for holder in [nb, *nb["cells"]]:
        holder["metadata"].pop("execution", None)
        for key in ("start_time", "end_time", "duration", "input_path", "output_path"):
            holder["metadata"].get("papermill", {}).pop(key, None)
    return re.sub(r'"id": "[^"]+"', "", json.dumps(nb, sort_keys=True))


def test_workbooks_run_side_by_side_into_the_notebooks_papermill_writes(tmp_path):
    (tmp_path / "books").mkdir()
    books = [write_notebook(tmp_path / "books" / f"{i:02d}_step.ipynb",
                            "import kit, os\nprint('step', os.path.basename(workshop))",
                            f"kit.results.record('step', {i})\nkit.results.record('where', os.getcwd())",
                            parameters='workshop: str = ""') for i in range(3)]
    runs = run_workbooks(DEMO, tmp_path / "new", books, progress=False)
    assert [r.output.name for r in runs] == [b.name for b in books]
    for book in books:
        old = run_workbook(book, tmp_path / "old" / book.name, {"workshop": str(DEMO)})
        assert _comparable(tmp_path / "new" / book.name) == _comparable(old.output)
    assert descendants() == []


def test_a_failing_workbook_is_reported_once_all_have_run(tmp_path):
    (tmp_path / "books").mkdir()
    good = write_notebook(tmp_path / "books" / "00_good.ipynb", "pass", parameters='workshop: str = ""')
    bad = write_notebook(tmp_path / "books" / "01_bad.ipynb", "pass", "raise ValueError('no good')",
                         parameters='workshop: str = ""')
    with pytest.raises(WorkbookFailed, match="01_bad.ipynb failed in cell 2: ValueError: no good") as err:
        run_workbooks(DEMO, tmp_path / "out", [bad, good], progress=False)
    assert err.value.output == tmp_path / "out" / "01_bad.ipynb" and err.value.output.exists()
    assert (tmp_path / "out" / "00_good.ipynb").exists()
