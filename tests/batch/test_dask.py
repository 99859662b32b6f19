"""A batch on a Dask cluster gives the table a batch on this machine gives."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kit import cli
from tests.batch.conftest import descendants, write_notebook

pytestmark = pytest.mark.workbooks

distributed = pytest.importorskip("distributed")


def test_the_dask_path_gives_the_same_results_table_as_the_local_path(tmp_path: Path, capsys):
    nb = write_notebook(tmp_path / "nb.ipynb",
                        "import kit\nassert x != 2, 'not two'\nkit.results.record('double', x * 2)\n"
                        "kit.results.record('scenario', scenario)",
                        parameters="x: int = 1\nscenario: str = 'base'")
    grid = tmp_path / "grid.yml"
    grid.write_text("axes:\n  x: [1, 2, 3]\n  scenario: [base, downturn]\n", encoding="utf-8")
    batch = ["batch", str(nb), "--grid", str(grid), "--out"]
    assert cli.main([*batch, str(tmp_path / "local")]) == 1
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None,
                                  scheduler_port=0) as cluster:
        assert cli.main([*batch, str(tmp_path / "dask"), "--scheduler", cluster.scheduler_address]) == 1
    assert "on the Dask cluster" in capsys.readouterr().out
    local, on_dask = (pd.read_csv(tmp_path / where / "results.csv") for where in ("local", "dask"))
    timing = ["seconds", "retries"]
    pd.testing.assert_frame_equal(on_dask.drop(columns=timing), local.drop(columns=timing))
    assert list(local["status"]) == ["succeeded"] * 2 + ["failed"] * 2 + ["succeeded"] * 2
    assert list(local["scenario_recorded"].dropna()) == ["base", "downturn"] * 2
    assert (tmp_path / "dask" / "runs" / "x-2_scenario-base.ipynb").exists()
    assert (tmp_path / "dask" / "index.html").exists() and (tmp_path / "dask" / "results.parquet").exists()
    assert descendants() == []
