"""A batch on a Dask cluster gives the table a batch on this machine gives."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kit.batch import grid, run_batch
from tests.batch.conftest import descendants, write_notebook

pytestmark = pytest.mark.workbooks

distributed = pytest.importorskip("distributed")


def test_the_dask_path_gives_the_same_results_table_as_the_local_path(tmp_path: Path):
    nb = write_notebook(tmp_path / "nb.ipynb",
                        "import kit\nassert x != 2, 'not two'\nkit.results.record('double', x * 2)\n"
                        "kit.results.record('scenario', scenario)",
                        parameters="x: int = 1\nscenario: str = 'base'")
    sets = grid(x=[1, 2, 3], scenario=["base", "downturn"])
    local = run_batch(nb, sets, tmp_path / "local", workers=2, progress=False)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        on_dask = run_batch(nb, sets, tmp_path / "dask", executor=client, progress=False)
    timing = ["seconds", "retries"]
    pd.testing.assert_frame_equal(on_dask.table.drop(columns=timing), local.table.drop(columns=timing))
    assert list(local.table["status"]) == ["succeeded"] * 2 + ["failed"] * 2 + ["succeeded"] * 2
    assert (tmp_path / "dask" / "runs" / "x-2_scenario-base.ipynb").exists()
    assert (tmp_path / "dask" / "index.html").exists() and (tmp_path / "dask" / "results.parquet").exists()
    assert descendants() == []
