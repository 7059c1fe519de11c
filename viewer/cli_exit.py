"""How the ``glute-viewer`` command ends: its exit status, and its writes to standard output.

:func:`run_guarded` runs a command with standard output wrapped (:class:`_GuardedStdout`) so a
failing write becomes an :class:`~viewer.atomic_write.OutputError` naming ``standard output``,
and maps what escapes the command to an exit status (see :mod:`viewer.cli`):

0    done
2    (:data:`USAGE_ERROR`) a bad argument or an output that cannot be written: one line on
     stderr, no traceback (:func:`report_usage_error`), standard output dropped if it is what
     failed.
141  (:data:`BROKEN_PIPE`) standard output was closed by its reader (``glute-viewer parts | head -1``):
     the rest of the output is dropped quietly, and the status is the one a shell reports for a
     process ended by SIGPIPE (128 + 13), following the "Note on SIGPIPE" of Python's
     :mod:`signal` docs.

SIGXFSZ is ignored, so a file-size limit (``ulimit -f``) is reported as ``File too large``
instead of killing the process.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import Any, TextIO

from viewer.atomic_write import OutputError
from viewer.errors import UsageError

USAGE_ERROR = 2
BROKEN_PIPE = 141
"""Exit status when the reader of standard output has gone: 128 + SIGPIPE (13), as a shell reports it."""
STDOUT = "standard output"


def run_guarded(run: Callable[[], int]) -> int:
    """Run a command with standard output guarded; turn a failing standard output into an exit status.

    Parameters
    ----------
    run : callable
        The command: returns its exit status. Output written to ``sys.stdout`` is flushed after it,
        so a closed pipe or a full disk is caught here.

    Returns
    -------
    int
        What ``run`` returned, :data:`BROKEN_PIPE` (141) if the reader of standard output has gone,
        or :data:`USAGE_ERROR` (2) if standard output failed after the command (one line on stderr).

    """
    _ignore_file_size_signal()
    stdout = sys.stdout
    if stdout is not None:
        sys.stdout = _GuardedStdout(stdout)
    try:
        try:
            return run()
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()  # here, so that a closed pipe or a full disk is caught below
    except BrokenPipeError:
        _drop_stdout()
        return BROKEN_PIPE
    except OutputError as exc:  # standard output failed after the command (e.g. --help > /dev/full)
        _drop_stdout()
        print(f"glute-viewer: error: {exc}", file=sys.stderr)
        return USAGE_ERROR
    finally:
        sys.stdout = stdout


def report_usage_error(command: str, exc: UsageError) -> int:
    """Print ``exc`` as one line on stderr and return :data:`USAGE_ERROR`.

    Parameters
    ----------
    command : str
        The subcommand, for the line (``glute-viewer export: error: ...``).
    exc : UsageError
        The bad argument or the output that cannot be written; if that output is standard output,
        the rest of it is dropped.

    Returns
    -------
    int
        :data:`USAGE_ERROR` (2).

    """
    if isinstance(exc, OutputError) and exc.path == STDOUT:
        _drop_stdout()
    print(f"glute-viewer {command}: error: {exc}", file=sys.stderr)
    return USAGE_ERROR


def _ignore_file_size_signal() -> None:
    """Ignore SIGXFSZ (where it exists) so a file-size limit gives OSError EFBIG, not a killed process.

    CPython already ignores it at start-up; this keeps it so when ``main`` runs in an interpreter
    that installed no signal handlers (embedded) or one that restored the default.
    """
    if hasattr(signal, "SIGXFSZ"):
        try:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        except ValueError:  # not the main thread (main() called from a test thread): leave it
            pass


def _drop_stdout() -> None:
    """Point standard output at the null device so the rest, and Python's flush at exit, go nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # no real standard output (e.g. captured in a test)
        pass


class _GuardedStdout:
    """``sys.stdout`` whose write errors become :class:`OutputError` (``standard output``).

    A closed pipe (:class:`BrokenPipeError`) passes through unchanged, for :func:`run_guarded` to
    end quietly; every other attribute is the wrapped stream's.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def write(self, text: str) -> int:
        """Write ``text``."""
        return self._guard(self._stream.write, text)

    def flush(self) -> None:
        """Flush the stream."""
        self._guard(self._stream.flush)

    @staticmethod
    def _guard(call: Callable[..., Any], *args: Any) -> Any:
        try:
            return call(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(STDOUT, exc) from None
