"""kit.store on SQLite and on a real PostgreSQL: append-only rows, latest answers, history,
schema version, concurrent writers and a writer killed mid-burst."""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from kit.errors import KitError
from kit.store import STORE_FILE, open_store
from kit.store.schema import SCHEMA_VERSION, meta


def _score(who: str, oid: str, criterion: str, score: float, comment: str = "") -> dict:
    return {"participant": who, "opportunity_id": oid, "criterion": criterion, "score": score, "comment": comment}


def test_a_new_store_is_created_at_the_current_schema_version(store, target):
    assert store.schema_version == SCHEMA_VERSION
    assert store.count() == 0 and store.changes() == 0 and store.rows("score").empty
    if "://" not in target:
        assert store.label == STORE_FILE


def test_rows_are_appended_with_who_when_and_the_app(store):
    at = datetime(2027, 3, 4, 9, 30, tzinfo=UTC)
    assert store.append("score", [_score("Ann", "OPP-01", "value", 8), _score("Ann", "OPP-01", "fit", 6)],
                        app="scoring", origin="laptop-7", at=at) == 2
    rows = store.rows("score")
    assert rows[["participant", "criterion", "score"]].values.tolist() == [["Ann", "value", 8], ["Ann", "fit", 6]]
    assert set(rows["at"]) == {"2027-03-04T09:30:00.000000+00:00"} and set(rows["app"]) == {"scoring"}
    history = store.history()
    assert history[["kind", "item", "participant", "origin"]].values.tolist() == [
        ["score", "OPP-01/value", "Ann", "laptop-7"], ["score", "OPP-01/fit", "Ann", "laptop-7"]]
    assert history["submission"].nunique() == 1  # one Save, one submission
    assert json.loads(history["data"].iloc[0])["score"] == 8


def test_the_latest_answer_counts_and_every_earlier_one_stays(store):
    store.append("score", [_score("Ann", "OPP-01", "value", 3)], app="scoring")
    store.append("score", [_score("Bo", "OPP-01", "value", 5)], app="scoring")
    store.append("score", [_score("Ann", "OPP-01", "value", 9, "changed my mind")], app="scoring")
    latest = store.latest("score").set_index("participant")
    assert latest.loc["Ann", "score"] == 9 and latest.loc["Bo", "score"] == 5 and len(latest) == 2
    assert store.rows("score")["score"].tolist() == [3, 5, 9]  # nothing is lost
    assert store.count("score") == 3 and store.changes() == 3


def test_a_poll_learns_which_kinds_moved(store):
    assert store.changes_by_kind() == {}
    store.append("score", [_score("Ann", "OPP-01", "value", 3)], app="scoring")
    store.append("round", [{"round": "r-1", "event": "open", "by": "Fay"}], app="rounds")
    store.append("score", [_score("Bo", "OPP-01", "value", 5)], app="scoring")
    assert store.changes_by_kind() == {"score": 3, "round": 2} and store.changes() == 3


def test_people_text_is_kept_exactly_as_typed(store):
    typed = ["<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://x\",\"y\")", "Åsa Ñuñez 李", "line one\nline two"]
    store.append("score", [_score(t, "OPP-01", "value", 1, t) for t in typed], app="scoring")
    rows = store.rows("score")
    assert rows["participant"].tolist() == typed and rows["comment"].tolist() == typed


def test_an_unknown_kind_is_refused(store):
    with pytest.raises(KitError, match="unknown kind of contribution 'ballot'"):
        store.append("ballot", [{"participant": "Ann"}], app="x")
    assert store.count() == 0


def test_reopening_keeps_everything_and_a_newer_schema_is_refused(target):
    with open_store(target) as first:
        first.append("pairwise", [{"participant": "Ann", "a": "sales", "b": "productivity", "ratio": "3"}], app="t")
    with open_store(target) as again:
        assert again.rows("pairwise")["ratio"].tolist() == ["3"]
        with again._writer.begin() as conn:
            conn.execute(meta.update().values(value=str(SCHEMA_VERSION + 1)))
    with pytest.raises(KitError, match=f"schema version {SCHEMA_VERSION + 1}; this kit knows up to {SCHEMA_VERSION}"):
        open_store(target)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    with open_store(tmp_path) as s:
        with s._writer.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000


def test_sqlite_checkpoints_outside_the_writers_turn(tmp_path, monkeypatch):
    """SQLite's own checkpoint would run inside the commit that crossed its threshold, with every
    other writer waiting (the 30-writer burst's p95); the store runs it after its turn instead."""
    import kit.store.store as store_module

    monkeypatch.setattr(store_module, "CHECKPOINT_BYTES", 64 * 1024)
    database = tmp_path / STORE_FILE
    with open_store(tmp_path) as s:
        with s._writer.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        before = database.stat().st_size
        checkpoints: list[bool] = []
        real_checkpoint = s._checkpoint

        def watched_checkpoint(**kw):
            size = database.stat().st_size
            with open(s._lock_path, "a") as other:  # another writer may take its turn meanwhile
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(other, fcntl.LOCK_UN)
            real_checkpoint(**kw)
            if database.stat().st_size > size:
                checkpoints.append(True)

        monkeypatch.setattr(s, "_checkpoint", watched_checkpoint)
        for i in range(300):
            s.append("score", [_score("Ann", f"OPP-{i:03d}", "value", 5, "x" * 200)], app="test")
        assert database.stat().st_size > before  # the log was copied into the database...
        assert len(checkpoints) >= 3  # ...several times, with no writer's turn held
        assert (tmp_path / (STORE_FILE + "-wal")).stat().st_size < 2 * 64 * 1024  # the log stays small
    assert not (tmp_path / (STORE_FILE + "-wal")).exists() or \
        (tmp_path / (STORE_FILE + "-wal")).stat().st_size == 0  # closing copied the rest
    with open_store(tmp_path) as s:
        assert s.count("score") == 300


def test_a_postgresql_url_without_a_driver_means_psycopg(pg_url):
    plain = sa.make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with open_store(plain) as s:
        assert s.url.drivername == "postgresql+psycopg"
        assert s.schema_version == SCHEMA_VERSION


def test_threads_saving_at_once_lose_nothing(target):
    """Eight people opening one store at once and saving; on a new SQLite store, readers that
    each set WAL mode once took the lock from one another ("database is locked") and lost saves."""
    errors: list[str] = []

    def save(i: int) -> None:
        try:
            with open_store(target) as s:
                for j in range(10):
                    s.append("score", [_score(f"P{i}", f"OPP-{j:02d}", "value", j)], app="scoring")
        except Exception as exc:  # a failed save is the test's finding, not a stray thread's print
            errors.append(f"P{i}: {exc}")

    threads = [threading.Thread(target=save, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(target) as s:
        rows = s.rows("score")
    assert len(rows) == 80 and rows["participant"].nunique() == 8
    assert not rows.duplicated(["participant", "opportunity_id"]).any()


_WRITER = textwrap.dedent("""
    import sys
    from kit.store import open_store
    with open_store(sys.argv[1]) as s:
        for i in range(100_000):
            s.append("score", [{"participant": "W", "opportunity_id": f"OPP-{i}", "criterion": "value",
                                "score": i}], app="burst")
            print(i, flush=True)  # acknowledged: the transaction committed
""")


def test_a_writer_killed_mid_burst_leaves_a_sound_store_with_every_acknowledged_row(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    acknowledged = []
    deadline = time.monotonic() + 60
    while len(acknowledged) < 200 and time.monotonic() < deadline:
        acknowledged.append(int(proc.stdout.readline()))
    proc.kill()  # SIGKILL: no clean-up of any kind
    proc.wait()
    with open_store(tmp_path) as s:
        with s._reader.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        stored = set(s.rows("score")["score"])
    assert len(acknowledged) == 200 and set(acknowledged) <= stored


def test_a_save_that_cannot_get_the_lock_in_time_says_so_and_stores_nothing(tmp_path, monkeypatch):
    """Another program holding SQLite's lock past the busy timeout: a clear error, no row."""
    import sqlite3

    import kit.store.store as store_module

    monkeypatch.setattr(store_module, "_BUSY_MS", 200)
    with open_store(tmp_path) as s:
        s.append("score", [_score("Ann", "OPP-01", "value", 7)], app="scoring")
        other = sqlite3.connect(tmp_path / STORE_FILE, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")  # not a kit writer: it does not take turns
        try:
            with pytest.raises(KitError, match="could not save to the contributions store contributions.sqlite: "
                                               "database is locked"):
                s.append("score", [_score("Bo", "OPP-01", "value", 3), _score("Bo", "OPP-02", "value", 4)],
                         app="scoring")
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert s.rows("score")["participant"].tolist() == ["Ann"]  # nothing of Bo's half-written
        s.append("score", [_score("Cy", "OPP-01", "value", 5)], app="scoring")  # the store goes on
        assert s.count("score") == 2
