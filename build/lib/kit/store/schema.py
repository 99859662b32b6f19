"""The store's tables and the migrations that bring an older store up to date.

One append-only table, ``contributions``: every idea captured in the room (:mod:`kit.ideas`),
score, pairwise judgment, maturity answer and override anyone gave, and every live round's
events and votes (:mod:`kit.rounds`), with who,
when, from which app and from where. Nothing is ever updated
or deleted; the current state is a query over these rows (:mod:`kit.store.store`). A second
small table, ``kit_meta``, holds the schema version, which :func:`migrate` reads on open.
"""

from __future__ import annotations

import sqlalchemy as sa

from ..errors import KitError

__all__ = ["SCHEMA_VERSION", "contributions", "meta", "metadata", "migrate", "version"]

#: The schema this kit writes. Raise it with a new step in ``_STEPS``.
SCHEMA_VERSION = 1

metadata = sa.MetaData()

#: One row per contribution. ``data`` is the contributed row as JSON (column → text or
#: number, as the table's contract reads it); ``item`` is what it is about (``OPP-01/value``
#: for a score), so "latest per participant and item" is one index scan.
contributions = sa.Table(
    "contributions", metadata,
    # a 64-bit id on PostgreSQL; SQLite's INTEGER PRIMARY KEY is its rowid, which is 64-bit too
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("item", sa.String(400), nullable=False),
    sa.Column("participant", sa.String(200), nullable=False),
    sa.Column("data", sa.Text(), nullable=False),
    sa.Column("at", sa.String(32), nullable=False),  # ISO 8601 UTC with microseconds: sorts as text
    sa.Column("app", sa.String(64), nullable=False),
    sa.Column("origin", sa.String(200), nullable=False),
    sa.Column("submission", sa.String(36), nullable=False),  # one Save: every row it wrote
    sa.Index("ix_contributions_kind_item", "kind", "participant", "item", "id"),
)

#: ``key → value`` settings of the store itself (``schema_version``).
meta = sa.Table(
    "kit_meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)


def _create(conn: sa.Connection) -> None:
    metadata.create_all(conn)
    conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))


#: The PostgreSQL advisory lock that serialises creating and migrating the store.
_LOCK_KEY = 0x6B69_7473  # "kits"

#: Migration steps: ``_STEPS[n]`` takes a store at version n to n + 1.
_STEPS: dict[int, object] = {}


def version(conn: sa.Connection) -> int | None:
    """The schema version of the store behind ``conn``; None for an empty database."""
    if not sa.inspect(conn).has_table("kit_meta"):
        return None
    found = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")).scalar_one_or_none()
    return int(found or 0)


def migrate(conn: sa.Connection, where: str) -> int:
    """Create the tables of a new store, or bring an older one to :data:`SCHEMA_VERSION`.

    Runs inside the caller's transaction, so a failed migration changes nothing.

    Raises
    ------
    KitError
        When the store was written by a newer kit (its version is above ours).
    """
    if conn.dialect.name == "postgresql":
        # Several servers (or threads) opening a new database at once: one creates the tables,
        # the others wait here and then find them. (SQLite's BEGIN IMMEDIATE does the same.)
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    inspector = sa.inspect(conn)
    if not inspector.has_table("kit_meta"):
        _create(conn)
        return SCHEMA_VERSION
    found = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")).scalar_one_or_none()
    version = int(found or 0)
    if version > SCHEMA_VERSION:
        raise KitError(f"the contributions store {where} has schema version {version}; this kit knows up to "
                       f"{SCHEMA_VERSION}: upgrade the kit (pip install -U betterment-kit) to use it")
    while version < SCHEMA_VERSION:  # pragma: no cover - no migration exists yet beyond version 1
        _STEPS[version](conn)  # type: ignore[operator]
        version += 1
        conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(version)))
    return version
