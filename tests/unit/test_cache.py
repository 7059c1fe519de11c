"""The disk cache: the platform's cache folder, a size limit, least-recently-used eviction."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

from viewer.anatomy import cache


def test_the_folder_is_the_platforms_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))  # platformdirs follows it on Linux
    assert cache.cache_dir() == tmp_path / "xdg" / "glute-viewer"
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"


def test_the_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.LIMIT_ENV, raising=False)
    assert cache.limit_bytes() == cache.DEFAULT_LIMIT_MB * 1_000_000
    monkeypatch.setenv(cache.LIMIT_ENV, "3")
    assert cache.limit_bytes() == 3_000_000
    for bad in ("0", "-1", "2.5", "lots"):
        monkeypatch.setenv(cache.LIMIT_ENV, bad)
        with pytest.raises(ValueError, match=f"{cache.LIMIT_ENV}=.*expected a whole number of megabytes"):
            cache.limit_bytes()


def _entry(folder: Path, name: str, size: int, age_s: float) -> Path:
    path = folder / f"{name}{cache.SUFFIX}"
    path.write_bytes(b"x" * size)
    stamp = time.time() - age_s
    os.utime(path, (stamp, stamp))
    return path


def test_evict_deletes_the_least_recently_used_first(tmp_path: Path) -> None:
    old, middle, new = (_entry(tmp_path, n, 1000, age) for n, age in (("a", 300), ("b", 200), ("c", 100)))
    other = tmp_path / "notes.txt"
    other.write_text("not an entry")
    assert cache.evict(tmp_path, 2500) == [old]
    assert not old.exists() and middle.exists() and new.exists() and other.exists()
    assert cache.evict(tmp_path, 2500) == []
    assert cache.evict(tmp_path, 0, keep=new) == [middle]
    assert new.exists()


def test_evict_removes_temporary_files_left_by_a_dead_writer(tmp_path: Path) -> None:
    stale = tmp_path / f"x{cache.TMP_SUFFIX}"
    fresh = tmp_path / f"y{cache.TMP_SUFFIX}"
    for path, age in ((stale, cache.STALE_TMP_S + 60), (fresh, 1)):
        path.write_bytes(b"partial")
        os.utime(path, (time.time() - age,) * 2)
    cache.evict(tmp_path, 10**9)
    assert not stale.exists() and fresh.exists()


def test_writes_keep_the_folder_under_its_limit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    monkeypatch.setenv(cache.LIMIT_ENV, "1")
    built: list[int] = []

    def build(i: int) -> dict[str, np.ndarray]:
        built.append(i)
        return {"values": np.full(40_000, i, dtype=np.float64)}  # 320 kB each

    for i in range(6):
        assert cache.load_or_build("test", {"i": i}, lambda i=i: build(i))["values"][0] == i
    files = sorted(tmp_path.glob(f"*{cache.SUFFIX}"))
    assert 1 <= len(files) <= 3
    assert sum(f.stat().st_size for f in files) <= 1_000_000
    # the newest entry is a hit; the oldest was evicted and is built again
    cache.load_or_build("test", {"i": 5}, lambda: build(5))
    cache.load_or_build("test", {"i": 0}, lambda: build(0))
    assert built == [0, 1, 2, 3, 4, 5, 0]


def test_a_read_marks_an_entry_as_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    monkeypatch.setenv(cache.LIMIT_ENV, "1")
    arrays = {"values": np.zeros(40_000)}  # 320 kB
    for i in range(3):
        cache.load_or_build("test", {"i": i}, lambda: arrays)
    first = tmp_path / f"{cache.cache_key('test', {'i': 0})}{cache.SUFFIX}"
    os.utime(first, (time.time() - 3600,) * 2)
    cache.load_or_build("test", {"i": 0}, lambda: pytest.fail("entry 0 should be a hit"))  # read: now the newest
    cache.load_or_build("test", {"i": 3}, lambda: arrays)  # over 1 MB: entry 1 goes, not the re-read entry 0
    assert first.exists()
    assert not (tmp_path / f"{cache.cache_key('test', {'i': 1})}{cache.SUFFIX}").exists()


def test_a_cache_that_cannot_be_written_costs_the_cache_not_the_result(tmp_path: Path) -> None:
    """A full disk, a size limit or a read-only folder: the arrays come back, nothing is left behind."""
    import numpy as np

    from viewer.anatomy.cache import store

    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert store(not_a_folder / "entry.npz", {"a": np.zeros(3)}) is False
    assert store(tmp_path / "entry.npz", {"a": np.zeros(3)}) is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry.npz", "file"]
