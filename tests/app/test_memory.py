"""The server's garbage-collection policy (viewer/app/memory.py), without a server."""

from __future__ import annotations

import gc
import subprocess
import sys
import weakref

import pytest

from viewer.app.memory import SessionCollector


class Node:
    """An object that can sit in a reference cycle, like a closed session's widgets."""

    def __init__(self) -> None:
        self.other: Node | None = None


def cyclic_garbage() -> weakref.ref[Node]:
    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_a_full_collection_runs_once_enough_sessions_have_ended() -> None:
    collector = SessionCollector(every=3)
    enabled = gc.isenabled()
    gc.disable()  # only the collector may free the cycle here
    try:
        dead = cyclic_garbage()
        for _ in range(2):
            collector.session_ended()
            assert collector.check() is False
        assert dead() is not None and collector.pending == 2
        collector.session_ended()
        assert collector.check() is True
        assert dead() is None
        assert (collector.pending, collector.ended, collector.collections) == (0, 3, 1)
        assert collector.check() is False  # nothing has ended since
    finally:
        if enabled:
            gc.enable()


def test_the_count_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1 session, got 0"):
        SessionCollector(every=0)


def test_start_up_objects_are_frozen_out_of_collections() -> None:
    code = ("import gc\nfrom viewer.app.memory import freeze_startup\nn = freeze_startup()\n"
            "assert n == gc.get_freeze_count() > 1000, n\nassert len(gc.get_objects()) < n / 10\nprint(n)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > 1000


def test_glibc_takes_the_fixed_mmap_threshold() -> None:
    import platform

    from viewer.app.memory import fix_mmap_threshold

    assert fix_mmap_threshold() is (platform.libc_ver()[0] == "glibc")
