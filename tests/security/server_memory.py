"""The served app's memory, read from /proc (Linux) for the hostile-client tests and benchmark."""

from __future__ import annotations

import time


def _status_bytes(pid: int, field: str) -> int:
    """A memory figure of process ``pid`` from /proc/PID/status, in bytes."""
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) * 1024
    raise LookupError(f"no {field} for pid {pid}")


def server_rss_bytes(pid: int) -> int:
    """Resident memory of process ``pid`` (``VmRSS``)."""
    return _status_bytes(pid, "VmRSS")


def server_hwm_bytes(pid: int) -> int:
    """Peak resident memory of process ``pid`` (``VmHWM``): catches a spike freed before we look."""
    return _status_bytes(pid, "VmHWM")


class PeakMemory:
    """The server's peak resident memory during a ``with`` block, over its resident memory at the start.

    The kernel's peak (``VmHWM``) is reset at the start by writing ``5`` to /proc/PID/clear_refs
    (Linux 4.0+), so a spike freed before the block ends still counts; where that is not allowed
    a thread samples ``VmRSS`` every 10 ms instead.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.baseline = 0
        self.peak = 0
        self._reset = False
        self._stop = False
        self._thread = None

    def __enter__(self) -> PeakMemory:
        import threading

        try:
            with open(f"/proc/{self.pid}/clear_refs", "w", encoding="ascii") as fh:
                fh.write("5")
            self._reset = True
        except OSError:
            self._reset = False
        self.baseline = self.peak = server_rss_bytes(self.pid)
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop:
            try:
                self.peak = max(self.peak, server_rss_bytes(self.pid))
            except (OSError, LookupError):
                return
            time.sleep(0.01)

    def __exit__(self, *exc: object) -> None:
        self._stop = True
        if self._thread is not None:
            self._thread.join()
        try:
            self.peak = max(self.peak, server_rss_bytes(self.pid))
            if self._reset:
                self.peak = max(self.peak, server_hwm_bytes(self.pid))
        except (OSError, LookupError):
            pass

    @property
    def growth(self) -> int:
        """Bytes the server's resident memory rose above the start, at its highest."""
        return self.peak - self.baseline
