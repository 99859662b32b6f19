"""The throwaway PostgreSQL server of tests/pg.py: the ``pg_url`` fixture works, and a server
leaves neither its folder nor a process behind."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.pg import _running, pg_available, postgres_server, server_pids


def test_pg_url_connects_and_round_trips(pg_url: str) -> None:
    assert pg_url.startswith("postgresql+psycopg://kit@/kit_test?host=")  # a private socket, no TCP port
    engine = sa.create_engine(pg_url)
    try:
        with engine.begin() as conn:
            assert conn.execute(sa.text("select version()")).scalar_one().startswith("PostgreSQL ")
            conn.execute(sa.text("create table probe (id integer primary key, name text not null)"))
            conn.execute(sa.text("insert into probe values (:id, :name)"),
                         [{"id": 1, "name": "één"}, {"id": 2, "name": "two"}])
        with engine.connect() as conn:
            rows = conn.execute(sa.text("select id, name from probe order by id")).all()
            assert [tuple(r) for r in rows] == [(1, "één"), (2, "two")]
            assert conn.execute(sa.text("show server_encoding")).scalar_one() == "UTF8"
            conn.execute(sa.text("drop table probe"))
            conn.commit()
    finally:
        engine.dispose()


def test_server_leaves_nothing_behind(pg_url: str, tmp_path: Path) -> None:
    # pg_url first: without PostgreSQL this test skips (or fails in CI) as the others do
    assert pg_available() is None
    started = time.perf_counter()
    with postgres_server(tmp_path) as url:
        seconds = time.perf_counter() - started
        assert url != pg_url                   # a second server, on its own port
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            data = Path(conn.execute(sa.text("show data_directory")).scalar_one())
        engine.dispose()
        postmaster = int((data / "postmaster.pid").read_text().split()[0])
        assert server_pids(data) == [postmaster]
    print(f"server started in {seconds:.2f} s")
    assert not data.exists() and not data.parent.exists()
    assert not _running(postmaster)
    assert server_pids(data) == []
    assert "database system is shut down" in (tmp_path / "postgres.log").read_text()
    with pytest.raises(sa.exc.OperationalError):
        sa.create_engine(url).connect()


def test_server_is_stopped_when_the_body_fails(pg_url: str, tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="boom"), postgres_server(tmp_path) as url:
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            data = Path(conn.execute(sa.text("show data_directory")).scalar_one())
        engine.dispose()
        raise RuntimeError("boom")
    assert not data.parent.exists()
    assert server_pids(data) == []
