"""Garbage collection of a server that holds many sessions and sees them come and go.

A session is a few thousand Python objects (Panel widgets, Bokeh models) tied in reference
cycles, so a closed session's memory comes back only when CPython's cyclic collector runs a
full (oldest generation) collection. CPython starts one by itself only when the survivors have
grown by a quarter since the last, and a full collection walks every tracked object: about 2 s
for the 1.6 million objects of 200 open sessions on this project's 2-core machine, during which
no session is served.

Three measures, measured together by ``tests/benchmarks/load_sessions.py --soak 600`` (docs/explanation/performance.md;
memory growth over the soak +18.8 % without them, +8.0 % with them):

- :func:`freeze_startup`: after the warm-up, the objects that live as long as the process
  (modules, classes, the model and motion caches; about 220,000) go into the permanent
  generation (``gc.freeze``), so no collection walks them again. Done before Bokeh forks its
  ``--num-procs`` workers, their pages stay shared.
- :class:`SessionCollector`: after every :data:`SESSIONS_PER_COLLECTION` discarded sessions, one
  full collection at the server's next check. Without it, a class whose tabs open and close
  keeps up to a quarter more memory in dead sessions (the soak's growth); with it the dead
  sessions of a few seconds are freed together, and a server without churn is never paused.
  Every 12 sessions was no better for memory (+11.5 %) and cost more pauses.
- :func:`fix_mmap_threshold`: big transient buffers (motion data, compressed websocket
  frames) get their own memory maps again instead of leaving holes in the heap (+10.7 % -> +8.0 %).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import time
from typing import Final

log = logging.getLogger(__name__)

SESSIONS_PER_COLLECTION: Final = 20
"""Discarded sessions between two full collections (about 1.5 MiB of garbage each)."""


M_MMAP_THRESHOLD: Final = -3
"""glibc ``mallopt`` parameter number (malloc.h)."""
MMAP_THRESHOLD_BYTES: Final = 128 * 1024
"""Allocations from this size up get their own memory map, returned to the system when freed."""


def fix_mmap_threshold(threshold: int = MMAP_THRESHOLD_BYTES) -> bool:
    """Keep glibc from raising its mmap threshold (Linux; elsewhere nothing happens).

    glibc raises the threshold each time a mapped block is freed, up to 32 MiB, so after the
    first few big websocket messages (motion data, compressed frames) every later one is
    carved from the heap, where the holes it leaves keep the process's memory up. Setting
    the threshold fixes it.

    Returns
    -------
    bool
        Whether glibc took the setting.

    """
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        return bool(libc is not None and libc.mallopt(M_MMAP_THRESHOLD, threshold))
    except (OSError, AttributeError):
        return False


def freeze_startup() -> int:
    """Collect once, then move every object alive now out of future collections.

    Returns
    -------
    int
        The number of objects frozen.

    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


class SessionCollector:
    """Count discarded sessions and run a full collection once enough have gone.

    Parameters
    ----------
    every : int
        Discarded sessions between two collections.

    """

    def __init__(self, every: int = SESSIONS_PER_COLLECTION) -> None:
        if every < 1:
            raise ValueError(f"every must be at least 1 session, got {every}")
        self.every = every
        self.pending = 0
        self.ended = 0
        self.collections = 0
        self.seconds = 0.0

    def session_ended(self) -> None:
        """Note one discarded session (called from the session-destroyed hook)."""
        self.pending += 1
        self.ended += 1

    def check(self) -> bool:
        """Run a full collection if ``every`` sessions have gone since the last one.

        Returns
        -------
        bool
            Whether it collected.

        """
        if self.pending < self.every:
            return False
        self.pending = 0
        start = time.perf_counter()
        freed = gc.collect()
        elapsed = time.perf_counter() - start
        self.collections += 1
        self.seconds += elapsed
        log.debug("full collection %d: %d objects freed in %.0f ms", self.collections, freed, elapsed * 1000)
        return True


COLLECTOR: Final = SessionCollector()
"""The process's collector (each ``--num-procs`` worker has its own after the fork)."""
