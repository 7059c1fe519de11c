"""A server log that no client can flood: every record shortened, the total rate capped.

Bokeh and Panel log what they refuse or fail on in full (a refused message, a value that
failed validation, a recursion error's traceback), so a few kilobytes sent by a client could
become megabytes of log. :class:`LogLimiter`, a filter on every handler of the process:

- cuts a record's message to :data:`~viewer.app.wire_limits.LOG_LINE_MAX_CHARS` characters on
  one line, and its traceback to :data:`~viewer.app.wire_limits.LOG_TRACEBACK_MAX_CHARS` (its
  first and last lines, each line cut too);
- lets at most :data:`~viewer.app.wire_limits.LOG_BYTES_PER_SECOND` through on average (a token
  bucket of :data:`~viewer.app.wire_limits.LOG_BURST_BYTES`); records past it are counted and the
  next record written says how many were dropped.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import Final

from viewer.app import wire_limits as limits
from viewer.app.token_bucket import TokenBucket

RECORD_OVERHEAD: Final = 80
"""Bytes a formatter adds to a record's message (time, level, logger name)."""
FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"
"""Format of the handler added when the process has none."""


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with a note of how long it was."""
    one_line = text.replace("\r", " ").replace("\n", " | ")
    if len(one_line) <= limit:
        return one_line
    return f"{one_line[:limit]}... [{len(one_line)} characters]"


def cut_traceback(text: str, limit: int) -> str:
    """``text`` with each line cut, and past ``limit`` characters only its first and last lines.

    The first lines say where it started, the last what failed.
    """
    lines = [line if len(line) <= limits.LOG_LINE_MAX_CHARS else f"{line[:limits.LOG_LINE_MAX_CHARS]}..."
             for line in text.splitlines()]
    if sum(len(line) + 1 for line in lines) <= limit:
        return "\n".join(lines)
    head: list[str] = []
    end: list[str] = []
    budget = limit // 2
    for line in lines:
        if budget < len(line) + 1:
            break
        head.append(line)
        budget -= len(line) + 1
    budget = limit // 2
    for line in reversed(lines[len(head):]):
        if budget < len(line) + 1:
            break
        end.insert(0, line)
        budget -= len(line) + 1
    cut = len(lines) - len(head) - len(end)
    return "\n".join([*head, f"[... {cut} traceback lines cut ...]", *end])


class LogLimiter(logging.Filter):
    """Shorten every record and cap the log's byte rate (one instance shared by all handlers).

    Parameters
    ----------
    rate : float
        Sustained bytes per second.
    burst : float
        Bytes that may be written at once.
    clock : callable
        Monotonic seconds.

    """

    def __init__(self, rate: float = limits.LOG_BYTES_PER_SECOND, burst: float = limits.LOG_BURST_BYTES,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.bytes = TokenBucket(rate, burst, clock)
        self.dropped = 0

    def filter(self, record: logging.LogRecord) -> bool:
        """Shorten ``record`` and decide, once per record, whether the rate lets it through."""
        decided = getattr(record, "_glute_log_decision", None)
        if decided is not None:  # the same record reaching a second handler
            return decided
        self._shorten(record)
        allowed = self.bytes.take(len(record.msg) + len(record.exc_text or "") + RECORD_OVERHEAD)
        if allowed:
            if self.dropped:
                record.msg = f"[{self.dropped} log records dropped by the rate limit] {record.msg}"
                self.dropped = 0
        else:
            self.dropped += 1
        record._glute_log_decision = allowed
        return allowed

    @staticmethod
    def _shorten(record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string still gets one line
            message = str(record.msg)
        record.msg = shorten(message, limits.LOG_LINE_MAX_CHARS)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = cut_traceback(record.exc_text, limits.LOG_TRACEBACK_MAX_CHARS)
        record.stack_info = None


LIMITER: Final = LogLimiter()
"""The process's limiter."""


def install_log_limits(limiter: LogLimiter = LIMITER) -> int:
    """Put ``limiter`` on every log handler of the process (adding a stderr one if there is none).

    Python's last-resort handler (used when no handler exists) takes no filters, so the root
    logger gets a plain stderr handler at WARNING first. Idempotent.

    Returns
    -------
    int
        The number of handlers that carry the limiter.

    """
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    loggers = [root] + [logger for logger in logging.root.manager.loggerDict.values()
                        if isinstance(logger, logging.Logger)]
    handlers = {id(h): h for logger in loggers for h in logger.handlers}
    for handler in handlers.values():
        if limiter not in handler.filters:
            handler.addFilter(limiter)
    return len(handlers)
