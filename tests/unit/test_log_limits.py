"""The log limiter: short records, a capped rate, a count of what was dropped."""

from __future__ import annotations

import io
import logging

from viewer.app import wire_limits as limits
from viewer.app.log_limits import LogLimiter, install_log_limits


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def logger_with(limiter: LogLimiter) -> tuple[logging.Logger, io.StringIO]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(limiter)
    logger = logging.getLogger(f"test-log-limits-{id(limiter)}")
    logger.propagate = False
    logger.handlers[:] = [handler]
    return logger, out


def test_a_huge_record_becomes_one_short_line() -> None:
    logger, out = logger_with(LogLimiter(clock=Clock()))
    logger.error("refused value %r\nsecond line", "x" * 1_000_000)
    text = out.getvalue()
    assert text.count("\n") == 1
    assert len(text) < limits.LOG_LINE_MAX_CHARS + 60


def test_a_traceback_is_cut_to_its_end() -> None:
    logger, out = logger_with(LogLimiter(clock=Clock()))

    def deep(n: int) -> None:
        if n:
            deep(n - 1)
        raise ValueError("the end " + "y" * 100_000)

    try:
        deep(400)
    except ValueError:
        logger.exception("failed")
    text = out.getvalue()
    assert len(text) < limits.LOG_LINE_MAX_CHARS + limits.LOG_TRACEBACK_MAX_CHARS + 200
    assert "ValueError" in text


def test_the_rate_is_capped_and_drops_are_counted() -> None:
    clock = Clock()
    logger, out = logger_with(LogLimiter(rate=1000, burst=10_000, clock=clock))
    for _ in range(10_000):
        logger.error("z" * 1000)
    assert len(out.getvalue()) <= 10_000 + 2_000
    clock.now += 10.0
    logger.error("after the pause")
    assert "log records dropped by the rate limit" in out.getvalue().splitlines()[-1]
    grown = len(out.getvalue())
    for _ in range(1000):
        logger.error("z" * 1000)
    assert len(out.getvalue()) - grown <= 10_000 + 2_000


def test_install_covers_every_handler_once() -> None:
    limiter = LogLimiter()
    root_handlers = list(logging.getLogger().handlers)
    try:
        first = install_log_limits(limiter)
        second = install_log_limits(limiter)
        assert first == second >= 1
        for name in ("", "bokeh", "panel"):
            for handler in logging.getLogger(name).handlers:
                assert sum(f is limiter for f in handler.filters) == 1
    finally:  # the rest of the test session logs as before
        for logger in [logging.getLogger(), *logging.root.manager.loggerDict.values()]:
            for handler in getattr(logger, "handlers", []):
                handler.removeFilter(limiter)
        logging.getLogger().handlers[:] = root_handlers
