"""A store on each backend: a SQLite file in a temporary folder, and a fresh database on the
PostgreSQL server the session started (tests/pg.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from kit.store import Store, open_store


@pytest.fixture
def fresh_pg(pg_url: str) -> Iterator[str]:
    """The URL of a new, empty database on the session's PostgreSQL server."""
    name = f"kit_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    yield sa.make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path) -> str:
    """Where a store lives: a folder (its contributions.sqlite) or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path)
    return request.getfixturevalue("fresh_pg")


@pytest.fixture
def store(target: str) -> Iterator[Store]:
    with open_store(target) as s:
        yield s


def open_room(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, workshop) -> Iterator[tuple]:
    """``(workshop, store)`` for a fixture parametrised ``["sqlite", "postgresql"]``: the
    workshop's own contributions.sqlite, or a fresh PostgreSQL database named by ``KIT_STORE``
    (as ``kit serve --store`` does)."""
    import kit.store
    from kit.store import STORE_URL

    monkeypatch.delenv(STORE_URL, raising=False)
    if request.param == "postgresql":
        monkeypatch.setenv(STORE_URL, request.getfixturevalue("fresh_pg"))
    with open_store(kit.store.store_target(workshop.path)) as store:
        yield workshop, store
