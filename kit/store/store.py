"""The contributions store: one small object over SQLite (default) or PostgreSQL.

>>> store = open_store("workshops/acme")              # doctest: +SKIP
>>> store.append("score", [{"participant": "Ann", "opportunity_id": "OPP-01",
...                         "criterion": "value", "score": 8}], app="scoring")   # doctest: +SKIP

A folder means ``contributions.sqlite`` in it (created on the first write); a URL means that
database (``postgresql://user@host/db`` for several servers sharing one workshop). SQLite runs
in WAL mode with a busy timeout, and every write takes the write lock at its start (``BEGIN
IMMEDIATE``), so 30 people saving at once queue for a few milliseconds instead of failing.
Rows are only ever appended: every earlier answer stays for the audit trail, and "the latest
answer per participant and item" is a query (:meth:`Store.latest`).
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from ..errors import InputError, KitError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: SQLite's busy timeout alone
    fcntl = None  # type: ignore[assignment]
from .location import STORE_FILE
from .schema import SCHEMA_VERSION, contributions, migrate, version

__all__ = ["ITEM_COLUMNS", "KINDS", "PARTICIPANT_COLUMN", "ROUND_KINDS", "ItemTaken", "Store", "open_store"]

#: What can be contributed, and the workshop table each kind adds rows to. An ``opportunity``
#: is an idea captured in the room (:mod:`kit.ideas`): only the accepted ones join the table,
#: first, so that scores of them are checked against the opportunities with them.
KINDS: dict[str, str] = {"opportunity": "opportunities", "score": "scores", "pairwise": "pairwise",
                         "maturity": "maturity", "override": "overrides"}

#: Kinds that feed no workshop table (:mod:`kit.rounds`): a facilitation round's events (open,
#: close) and the votes cast in it, which stay out of the workshop's scores while hidden.
ROUND_KINDS: tuple[str, ...] = ("round", "vote")

#: The columns that say what a contribution is about; with the participant they make the
#: key of "the latest answer" (a score of OPP-01 on value by Ann replaces her earlier one).
ITEM_COLUMNS: dict[str, tuple[str, ...]] = {"opportunity": ("id",), "score": ("opportunity_id", "criterion"),
                                           "pairwise": ("a", "b"), "maturity": ("statement",),
                                           "override": ("opportunity_id",), "round": ("round",),
                                           "vote": ("round", "opportunity_id", "criterion")}

#: The column naming who contributed, per kind (an override, a round's event and an idea name
#: who decided, proposed or accepted).
PARTICIPANT_COLUMN: dict[str, str] = {"opportunity": "by", "score": "participant", "pairwise": "participant",
                                      "maturity": "participant", "override": "by", "round": "by",
                                      "vote": "participant"}


class ItemTaken(KitError):
    """:meth:`Store.append` with ``new_items``: some items are stored already (``.items``)."""

    def __init__(self, kind: str, items: list[str]):
        super().__init__(f"already in the store ({kind}): {', '.join(items)}")
        self.kind, self.items = kind, items


#: The PostgreSQL advisory lock that writers of new items hold until they commit.
_NEW_ITEMS_LOCK = 0x6B69_7469  # "kiti"

_BUSY_MS = 30_000  # how long a SQLite writer waits for another's lock before giving up

#: How far a SQLite store's write-ahead log may grow before a writer copies it into the
#: database (a checkpoint), after its own turn: SQLite's default size (1,000 pages of 4 KiB).
CHECKPOINT_BYTES = 4 * 1024 * 1024


def open_store(target: str | Path) -> Store:
    """Open (and if needed create or migrate) the store at ``target``.

    Parameters
    ----------
    target : str or Path
        A workshop folder (its ``contributions.sqlite``), a ``.sqlite`` file, or a SQLAlchemy
        URL (``sqlite:///path``, ``postgresql://user:pass@host/db``; plain ``postgresql://``
        means the psycopg 3 driver).
    """
    return Store(_url(target))


def _url(target: str | Path) -> sa.URL:
    text = str(target)
    if "://" not in text:
        path = Path(text)
        if path.is_dir() or not path.suffix:
            path = path / STORE_FILE
        return sa.make_url(f"sqlite:///{path.resolve()}")
    url = sa.make_url(text)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def _sqlite_engine(url: sa.URL, *, immediate: bool) -> sa.Engine:
    """An engine on a SQLite store: WAL, busy timeout, ``synchronous=NORMAL``; for the writer
    (``immediate``) every transaction begins with the write lock, and SQLite's own automatic
    checkpoint is off (:meth:`Store._checkpoint` runs it outside the writers' turns)."""
    engine = sa.create_engine(url, connect_args={"timeout": _BUSY_MS / 1000})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's begin event below says how to BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={_BUSY_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")  # in WAL mode: survives a killed process, no fsync per save
        if immediate:
            # readers never wait for the writer; the mode is the file's, set by a writer in its
            # turn: readers asking for it at once on a new store took the lock from one another
            # and failed at once ("database is locked", no busy wait), losing those saves
            cursor.execute("PRAGMA journal_mode=WAL")
            # SQLite's automatic checkpoint runs inside the commit that crossed the threshold,
            # while that writer still holds the turn: 15-20 ms alone and far more under load,
            # every ~450 saves, with every other writer of the room waiting behind it
            cursor.execute("PRAGMA wal_autocheckpoint=0")
            # and a log reused from its start is cut back, so its size tells when one is due
            cursor.execute(f"PRAGMA journal_size_limit={CHECKPOINT_BYTES // 4}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        # A writer takes the lock at BEGIN, so it waits (busy_timeout) instead of failing later
        # when a deferred transaction tries to upgrade its read lock.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Store:
    """The contributions of one workshop. Open it with :func:`open_store`.

    Attributes
    ----------
    url : sqlalchemy.URL
    label : str
        For messages: the file name, or the URL with its password hidden.
    """

    def __init__(self, url: sa.URL) -> None:
        self.url = url
        self.sqlite = url.get_backend_name() == "sqlite"
        if self.sqlite:
            path = Path(url.database or "")
            self.label = path.name
            if not path.parent.is_dir():
                raise InputError.single("folder of the store not found", file=str(path.parent),
                                        hint="give an existing workshop folder or a database URL")
            self._writer = _sqlite_engine(url, immediate=True)
            self._reader = _sqlite_engine(url, immediate=False)
            self._lock_path: Path | None = path.with_name(path.name + ".lock") if fcntl is not None else None
            self._wal: Path | None = path.with_name(path.name + "-wal")
        else:
            self.label = url.render_as_string(hide_password=True)
            self._writer = self._reader = sa.create_engine(url, pool_pre_ping=True)
            self._lock_path = None
            self._wal = None
        self._checkpoint_at, self._wal_size = CHECKPOINT_BYTES, 0
        self._thread_lock = threading.Lock()
        try:
            if self.sqlite:  # the writer's first connection, in its turn, puts a new store in WAL mode
                with self._turn(), self._writer.connect():
                    pass
            with self._reader.connect() as conn:  # readers never take the write lock
                found = version(conn)
            if found == SCHEMA_VERSION:
                self.schema_version = found
            else:
                with self._turn(), self._writer.begin() as conn:
                    self.schema_version = migrate(conn, self.label)
        except sa.exc.OperationalError as exc:
            raise KitError(f"cannot open the contributions store {self.label}: {exc.orig}") from None

    def append(self, kind: str, rows: Iterable[Mapping[str, Any]], *, app: str, origin: str = "",
               at: datetime | None = None, new_items: bool = False) -> int:
        """Append contributions of one ``kind`` in one transaction; returns how many.

        Every row needs its kind's participant column (:data:`PARTICIPANT_COLUMN`) and item
        columns (:data:`ITEM_COLUMNS`); all its columns are kept. ``kind`` is one of
        :data:`KINDS` or :data:`ROUND_KINDS`. Rows are checked against the
        workshop's contracts by the caller (:func:`kit.store.contribute`), not here.

        With ``new_items``, nothing is appended when a row of ``kind`` about one of the rows'
        items is stored already, by anyone (an idea's id, :mod:`kit.ideas`): checked in the
        same turn as the write, so two writers at once cannot both take one id.

        Raises
        ------
        ItemTaken
            With ``new_items``: the items stored already.
        """
        if kind not in KINDS and kind not in ROUND_KINDS:
            raise KitError(f"unknown kind of contribution {kind!r}; one of {', '.join([*KINDS, *ROUND_KINDS])}")
        stamp = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="microseconds")
        submission = uuid.uuid4().hex
        who, items = PARTICIPANT_COLUMN[kind], ITEM_COLUMNS[kind]
        values = [{"kind": kind, "participant": str(r[who]), "item": "/".join(str(r[c]) for c in items),
                   "data": json.dumps(dict(r), ensure_ascii=False, default=_plain), "at": stamp, "app": app,
                   "origin": origin, "submission": submission} for r in rows]
        if not values:
            return 0
        if self.sqlite and not new_items:
            self._append_sqlite(values)
        else:
            with self._turn(), self._writer.begin() as conn:
                if new_items:
                    self._refuse_taken(conn, kind, [v["item"] for v in values])
                conn.execute(contributions.insert(), values)
        self._checkpoint()
        return len(values)

    def _append_sqlite(self, values: list[dict[str, str]]) -> None:
        """Every Save on SQLite: the driver's own INSERT, compiled once, inside the turn.

        A turn then holds the write lock for the driver's work alone (0.03 ms a save, against
        0.14 ms through SQLAlchemy's execution), so a writer is rarely preempted while others
        wait for it: 30 writers saving 40 times back to back on 2 cores, p95 of a save 81 ms
        through SQLAlchemy, 17-26 ms so (``bench/bench_store.py``).
        """
        sql, columns = _sqlite_insert()
        params = [tuple(v[c] for c in columns) for v in values]
        raw = self._writer.raw_connection()  # from the pool, before the turn
        try:
            with self._turn():
                cursor = raw.cursor()
                try:
                    cursor.execute("BEGIN IMMEDIATE")
                    cursor.executemany(sql, params)
                    cursor.execute("COMMIT")
                except BaseException:
                    raw.rollback()  # nothing half-written; a no-op when BEGIN itself failed
                    raise
                finally:
                    cursor.close()
        except sqlite3.Error as exc:  # the driver's own error (a lock held past the busy timeout)
            raise KitError(f"could not save to the contributions store {self.label}: {exc}") from None
        finally:
            raw.close()

    def _refuse_taken(self, conn: sa.Connection, kind: str, items: list[str]) -> None:
        if conn.dialect.name == "postgresql":  # writers of new items take turns until they commit
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _NEW_ITEMS_LOCK})
        c = contributions.c
        taken = conn.execute(sa.select(c.item).where(c.kind == kind, c.item.in_(items)).distinct()).scalars().all()
        if taken or len(set(items)) < len(items):
            raise ItemTaken(kind, sorted(set(taken) | {i for i in items if items.count(i) > 1}))

    def _checkpoint(self, *, force: bool = False) -> None:
        """Copy a SQLite store's write-ahead log into the database once it has grown by
        :data:`CHECKPOINT_BYTES` (or now, with ``force``), outside the writers' turns.

        A passive checkpoint waits for nobody: other writers go on appending to the log while
        it runs, and what it could not copy yet (a reader still on it) is copied by a later
        one, tried each time the log has grown by another quarter of the threshold. Once a
        checkpoint has copied everything, the next writer reuses the log from its start and
        cuts the file back (``journal_size_limit``), which starts the count again.
        """
        if self._wal is None:
            return
        try:
            size = self._wal.stat().st_size
        except FileNotFoundError:
            return
        if size < self._wal_size:  # the log was reused from its start
            self._checkpoint_at = CHECKPOINT_BYTES
        self._wal_size = size
        if not force and size < self._checkpoint_at:
            return
        raw = self._reader.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            raw.close()
        self._checkpoint_at = size + CHECKPOINT_BYTES // 4

    @contextlib.contextmanager
    def _turn(self) -> Iterator[None]:
        """Writers of one SQLite store take turns through a lock file before BEGIN IMMEDIATE.

        SQLite alone makes a writer that finds the store locked sleep and retry (1, 2, 5, 10,
        … 100 ms): with 30 people saving at once, some saves waited seconds. A blocking
        ``flock`` hands the turn over the moment the writer before finishes (about 0.3 ms a
        save). The busy timeout stays as the safety net (other programs, systems without
        ``flock``); PostgreSQL needs neither.
        """
        if self._lock_path is None:
            yield
            return
        with self._thread_lock:  # flock serialises processes; threads share one file description
            with open(self._lock_path, "a") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def rows(self, kind: str) -> pd.DataFrame:
        """Every contribution of ``kind`` as rows of its table, oldest first, with ``at``.

        Columns: the contributed columns, then ``at`` (UTC), ``app`` and ``contribution`` (the id).
        """
        query = (sa.select(contributions.c.id, contributions.c.data, contributions.c.at, contributions.c.app)
                 .where(contributions.c.kind == kind).order_by(contributions.c.id))
        with self._reader.connect() as conn:
            found = conn.execute(query).all()
        records = [{**json.loads(r.data), "at": r.at, "app": r.app, "contribution": r.id} for r in found]
        return pd.DataFrame.from_records(records) if records else pd.DataFrame()

    def latest(self, kind: str) -> pd.DataFrame:
        """The latest contribution of ``kind`` per participant and item (what counts)."""
        frame = self.rows(kind)
        if frame.empty:
            return frame
        key = [PARTICIPANT_COLUMN[kind], *ITEM_COLUMNS[kind]]
        return frame.drop_duplicates(key, keep="last").reset_index(drop=True)

    def history(self) -> pd.DataFrame:
        """Every contribution of every kind, oldest first: the audit trail.

        Columns ``contribution, kind, item, participant, at, app, origin, submission, data``.
        """
        c = contributions.c
        query = sa.select(c.id.label("contribution"), c.kind, c.item, c.participant, c.at, c.app, c.origin,
                          c.submission, c.data).order_by(c.id)
        with self._reader.connect() as conn:
            return pd.DataFrame(conn.execute(query).mappings().all(),
                                columns=["contribution", "kind", "item", "participant", "at", "app", "origin",
                                         "submission", "data"])

    def changes(self) -> int:
        """A counter that grows with every contribution (the latest id; 0 when empty).

        Cheap enough to poll: an unchanged store means nothing to redraw.
        """
        with self._reader.connect() as conn:
            return int(conn.execute(sa.select(sa.func.max(contributions.c.id))).scalar() or 0)

    def changes_by_kind(self) -> dict[str, int]:
        """The latest contribution id of each kind: what a poll that saw :meth:`changes` move
        reads to learn which kinds moved (a new vote, a round opened, a new score...)."""
        c = contributions.c
        with self._reader.connect() as conn:
            found = conn.execute(sa.select(c.kind, sa.func.max(c.id)).group_by(c.kind)).all()
        return {str(kind): int(latest) for kind, latest in found}

    def count(self, kind: str | None = None) -> int:
        """How many contributions (of ``kind``) the store holds."""
        query = sa.select(sa.func.count()).select_from(contributions)
        if kind is not None:
            query = query.where(contributions.c.kind == kind)
        with self._reader.connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def close(self) -> None:
        """Copy what this store's log holds into the database, and release its connections."""
        with contextlib.suppress(sa.exc.OperationalError):
            self._checkpoint(force=True)
        self._writer.dispose()
        self._reader.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.label}>"


@functools.lru_cache(maxsize=1)
def _sqlite_insert() -> tuple[str, tuple[str, ...]]:
    """The INSERT of one contribution as SQLite's driver takes it, and its columns in order."""
    from sqlalchemy.dialects import sqlite

    columns = tuple(c.name for c in contributions.columns if c.name != "id")
    compiled = contributions.insert().compile(dialect=sqlite.dialect(), column_keys=list(columns))
    return str(compiled), tuple(compiled.positiontup or columns)


def _plain(value: Any) -> Any:
    """JSON for the numpy and pandas scalars a frame row carries."""
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.isoformat()
    return str(value)
