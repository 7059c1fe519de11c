"""Trimming the heap gives freed memory back to the system (Linux with glibc, as served here)."""

from __future__ import annotations

import sys

import pytest

from viewer.app.memory import trim_memory


def rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's (the server runs on Linux)")
def test_trim_returns_the_pages_freed_in_the_middle_of_the_heap() -> None:
    blocks = [bytes(4000) + bytes([i % 251]) for i in range(40_000)]  # ~160 MiB through malloc
    kept = blocks[::64]  # one block in 64 stays, so the heap cannot shrink from its top
    del blocks
    before = rss_mib()
    assert trim_memory() is True
    after = rss_mib()
    assert len(kept) == 625
    assert after < before - 50, (before, after)  # most of the ~150 MiB freed came back
