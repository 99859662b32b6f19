"""The validated-workshop cache: faster repeat loads, never a stale or a wrong workshop."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import kit
from kit import cache
from kit.errors import InputError
from tests.conftest import DEMO, ROOT


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("KIT_CACHE", raising=False)
    return folder


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("workshop-*.pickle")) if folder.exists() else []


def _same(a: kit.Workshop, b: kit.Workshop) -> None:
    assert a.settings == b.settings
    assert list(a.tables) == list(b.tables)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])


def test_second_load_comes_from_the_cache_and_equals_the_first(cache_dir: Path, demo_copy: Path):
    first = kit.load_workshop(demo_copy)
    assert len(_entries(cache_dir)) == 1
    second = kit.load_workshop(demo_copy)
    _same(first, second)
    assert second.path == demo_copy
    assert {n: s.path for n, s in second.sources.items()} == {n: s.path for n, s in first.sources.items()}
    _same(kit.load_workshop(demo_copy, use_cache=False), second)


def test_an_edited_table_is_read_again(cache_dir: Path, demo_copy: Path):
    kit.load_workshop(demo_copy)
    path = demo_copy / "opportunities.csv"
    old = pd.read_csv(path)["title"].iloc[0]
    path.write_text(path.read_text(encoding="utf-8").replace(old, "Renamed in the workshop", 1), encoding="utf-8")
    assert kit.load_workshop(demo_copy).opportunities["title"].iloc[0] == "Renamed in the workshop"
    assert len(_entries(cache_dir)) == 2


def test_an_edit_that_breaks_a_table_is_reported_not_hidden_by_the_cache(cache_dir: Path, demo_copy: Path):
    kit.load_workshop(demo_copy)
    path = demo_copy / "estimates.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("low")] = "lots"
    path.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        kit.load_workshop(demo_copy)
    assert "lots" in err.value.problems["value"].astype(str).tolist()
    assert len(_entries(cache_dir)) == 1  # only the good version was ever stored


def test_a_new_table_in_the_folder_counts(cache_dir: Path, demo_copy: Path):
    (demo_copy / "pairwise.csv").rename(demo_copy.parent / "pairwise.csv")
    assert kit.load_workshop(demo_copy).pairwise.empty
    (demo_copy.parent / "pairwise.csv").rename(demo_copy / "pairwise.csv")
    assert len(kit.load_workshop(demo_copy).pairwise) > 0


def test_a_damaged_entry_is_ignored_and_rebuilt(cache_dir: Path, demo_copy: Path):
    first = kit.load_workshop(demo_copy)
    (entry,) = _entries(cache_dir)
    entry.write_bytes(b"not a pickle")
    _same(kit.load_workshop(demo_copy), first)
    assert entry.read_bytes() != b"not a pickle"


def test_cache_off_writes_nothing(cache_dir: Path, demo_copy: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KIT_CACHE", "off")
    kit.load_workshop(demo_copy)
    assert _entries(cache_dir) == []


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path: Path, demo_copy: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    monkeypatch.setenv("KIT_CACHE_DIR", str(blocker / "cache"))
    assert len(kit.load_workshop(demo_copy).opportunities) == len(kit.load_workshop(DEMO).opportunities)


def test_old_entries_are_pruned(cache_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(cache, "KEEP", 3)
    for i in range(5):
        cache.write(f"workshop-{i:032d}", {"i": i})
    assert len(_entries(cache_dir)) == 3


def test_a_cached_load_does_not_import_pandera(cache_dir: Path):
    """The point of the cache: a workbook's kernel skips parsing and the contract library."""
    code = ("import sys, kit; ws = kit.load_workshop(sys.argv[1]); "
            "print(len(ws.opportunities), 'pandera' in sys.modules)")
    env = {"KIT_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin", "HOME": str(cache_dir)}
    run = [sys.executable, "-c", code, str(DEMO)]
    cold = subprocess.run(run, capture_output=True, text=True, check=True, env=env, cwd=ROOT).stdout.split()
    warm = subprocess.run(run, capture_output=True, text=True, check=True, env=env, cwd=ROOT).stdout.split()
    assert cold == [cold[0], "True"]
    assert warm == [cold[0], "False"]


def test_the_cache_folder_is_private(cache_dir: Path, demo_copy: Path):
    kit.load_workshop(demo_copy)
    assert cache_dir.stat().st_mode & 0o077 == 0


def test_the_code_fingerprint_covers_every_module_wherever_it_moves(tmp_path):
    """The key follows the package's files, not a list of them: editing a module in a
    subpackage, or moving one, gives another fingerprint."""
    from kit.cache import code_fingerprint

    (tmp_path / "sub").mkdir()
    (tmp_path / "a.py").write_text("A = 1\n")
    (tmp_path / "sub" / "b.py").write_text("B = 1\n")
    first = code_fingerprint(tmp_path)
    assert code_fingerprint(tmp_path) == first
    (tmp_path / "sub" / "b.py").write_text("B = 2\n")
    edited = code_fingerprint(tmp_path)
    assert edited != first
    (tmp_path / "sub" / "b.py").rename(tmp_path / "b.py")
    assert code_fingerprint(tmp_path) not in (first, edited)
    assert code_fingerprint(tmp_path, "pandas 3") != code_fingerprint(tmp_path, "pandas 2")
