"""Shared fixtures: the demo workshop, tiny frames, and a way to execute workbooks."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import kit

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "datasets" / "demo"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def demo() -> kit.Workshop:
    """The demo workshop, loaded once per test session."""
    return kit.load_workshop(DEMO)


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A writable copy of the demo workshop folder."""
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    return target


#: An idea added live in the room (issue 12): a cheap, valuable opportunity nobody has scored yet.
UNSCORED_OPPORTUNITY = ("OPP-38,Dock slot booking app,Customer & vendor relationship management,productivity,40000,80000,2,"
                        "\"Let hauliers book unloading slots at the warehouses from their phone.\","
                        "\"Lars Mikkelsen, Head of Road Freight\",Road Freight,5000,10000,data,,no,6,3,3,0,0,1,0\n")
UNSCORED_ESTIMATE = "OPP-38,productivity,Hours of dock waiting saved,20000,40000,hours,45,normal,1,1\n"


def add_unscored(folder: Path, scores: str = "") -> Path:
    """Add :data:`UNSCORED_OPPORTUNITY` (with its estimate) to a workshop folder such as
    ``demo_copy``, plus ``scores`` (CSV rows ``participant,opportunity_id,criterion,score,``),
    none by default. Returns the folder."""
    for name, text in (("opportunities", UNSCORED_OPPORTUNITY), ("estimates", UNSCORED_ESTIMATE),
                       ("scores", scores)):
        with open(folder / f"{name}.csv", "a", encoding="utf-8") as f:
            f.write(text)
    return folder


#: The same idea as :data:`UNSCORED_OPPORTUNITY`, captured in the room (:mod:`kit.ideas`): no
#: estimates yet either.
UNSCORED_IDEA = {"title": "Dock slot booking app", "capability_area": "Customer & vendor relationship management",
                 "goals": ["productivity"], "cost_low": 40000, "cost_high": 80000, "effort_months": 2,
                 "sponsor": "Lars Mikkelsen, Head of Road Freight", "business_unit": "Road Freight", "team": "data"}


def add_idea(folder: Path, *, accept: bool = True) -> Path:
    """Propose :data:`UNSCORED_IDEA` (OPP-38 on the demo) in the workshop's store and, with
    ``accept``, accept it, as a participant and the facilitator would in the room. Returns
    the folder."""
    from kit import ideas
    from kit.store import open_store

    ws = kit.load_workshop(folder, use_cache=False)
    with open_store(folder) as store:
        oid = ideas.propose(store, ws, UNSCORED_IDEA, by="Nora Quist")
        if accept:
            ideas.accept(store, ws, oid, by="Facilitator")
    return folder


def write_workshop(folder: Path, settings: str, **tables: pd.DataFrame | list[dict[str, Any]] | str) -> kit.Workshop:
    """A workshop folder on disk, loaded: ``settings`` is the text of ``workshop.yml``; each
    table is a frame, a list of rows or the text of its CSV file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "workshop.yml").write_text(settings, encoding="utf-8")
    for name, table in tables.items():
        if isinstance(table, str):
            (folder / f"{name}.csv").write_text(table, encoding="utf-8")
        else:
            pd.DataFrame(table).to_csv(folder / f"{name}.csv", index=False)
    return kit.load_workshop(folder)


TINY_YML = """\
name: Tiny
currency: EUR
budget: {budget}
capacity: {{apps: 3, data: 2}}
goals:
  - {{id: g1, name: Goal one}}
  - {{id: g2, name: Goal two}}
criteria:
  - {{id: value, name: Business value, direction: benefit, scale: [1, 10]}}
  - {{id: risk, name: Delivery risk, direction: cost, scale: [1, 10]}}
{extra}"""

OPP_COLUMNS = ["id", "title", "capability_area", "goals", "cost_low", "cost_high", "effort_months", "team",
               "depends_on", "mandatory", "align_g1", "align_g2", "time_criticality", "risk_reduction"]


def opp(oid: str, *, cost: float = 100, effort: float = 2, team: str = "apps", align: tuple[int, int] = (3, 0),
        depends: str = "", mandatory: str = "no", tc: Any = 5, rr: Any = 5) -> dict[str, Any]:
    return dict(zip(OPP_COLUMNS, [oid, f"Idea {oid}", "BI", "", cost, cost, effort, team, depends, mandatory,
                                  align[0], align[1], tc, rr], strict=True))


def tiny(tmp_path: Path, opps: list[dict[str, Any]], scores: dict[str, list[tuple[float, float]]], *,
         budget: float = 1000, extra: str = "", pairwise: list[tuple[str, str, str, float]] | None = None) -> kit.Workshop:
    """A small workshop on disk: ``scores`` maps an id to each participant's (value, risk)."""
    rows = [(f"p{k}", oid, crit, s) for oid, people in scores.items() for k, pair in enumerate(people)
            for crit, s in zip(("value", "risk"), pair, strict=True)]
    tables = {
        "opportunities": pd.DataFrame(opps, columns=OPP_COLUMNS),
        "estimates": pd.DataFrame({"opportunity_id": [opps[0]["id"]], "layer": ["financial"], "driver": ["x"],
                                   "low": [1], "high": [2]}),
        "scores": pd.DataFrame(rows, columns=["participant", "opportunity_id", "criterion", "score"]),
    }
    if pairwise:
        tables["pairwise"] = pd.DataFrame(pairwise, columns=["participant", "a", "b", "ratio"])
    return write_workshop(tmp_path / "tiny", TINY_YML.format(budget=budget, extra=extra), **tables)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Workbooks collected by nbval count as workbook tests (``-m "not workbooks"`` skips them)."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.workbooks)


# PostgreSQL: one throwaway server per session (tests/pg.py), for the store tests on PostgreSQL.
# Imported here, not at the top, so this block stays self-contained.
import contextlib  # noqa: E402
import os  # noqa: E402
from collections.abc import Iterator  # noqa: E402

from tests.pg import PostgresUnavailable, pg_available, postgres_server  # noqa: E402

PG_MISSING = ("PostgreSQL not found: install Debian's postgresql (apt-get install -y postgresql) "
              "to run the store tests on PostgreSQL")


def _no_postgres(reason: str) -> None:
    """Skip, or fail when ``KIT_REQUIRE_POSTGRES`` is set (CI: the tests must run, not skip)."""
    if os.environ.get("KIT_REQUIRE_POSTGRES"):
        pytest.fail(f"{reason} (KIT_REQUIRE_POSTGRES is set, so these tests may not be skipped)",
                    pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SQLAlchemy URL (``postgresql+psycopg://kit@127.0.0.1:PORT/kit_test``) of a PostgreSQL
    server started for this session and stopped, its data removed, at the end."""
    reason = pg_available()
    if reason:
        _no_postgres(f"{PG_MISSING} ({reason})")
    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(postgres_server(tmp_path_factory.mktemp("postgres")))
        except PostgresUnavailable as exc:
            _no_postgres(f"PostgreSQL could not be started: {exc}")
        yield url


@pytest.fixture(autouse=True)
def _environment_restored() -> Iterator[None]:
    """Every test leaves the environment as it found it, whatever the code under test set
    (the apps set ``QUERY_STRING`` in their kernel's environment, as Voilà does). A variable
    left behind reached every later subprocess: ``kit serve``'s kernels inherited one and its
    pool never became warm."""
    from unittest import mock

    with mock.patch.dict(os.environ):
        yield
