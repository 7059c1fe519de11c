"""Read a content file safely: checked before a byte of it is read (:func:`read_bytes`).

A content file must resolve, symbolic links followed, to a regular file inside its folder, of
at most :data:`MAX_BYTES`. Anything else becomes an
:class:`~viewer.anatomy.content_errors.AnnotationError` naming the file: missing, a directory,
a link to a file outside its folder, not a regular file (a named pipe, a device), larger than
:data:`MAX_BYTES`, or a file the system refuses to open. The file opened is checked again, so a
file swapped in after the check is refused too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Final

from viewer.anatomy.content_errors import AnnotationError

MAX_BYTES: Final = 256 * 1024
"""Largest content file read, 256 KiB (the shipped ones are under 20 kB); checked before reading."""
_FILE_KINDS: Final = (
    (stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
)
_OPEN_FLAGS: Final = (os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
                      | getattr(os, "O_NOFOLLOW", 0))
"""Read-only; never block on a pipe swapped in after the check; never follow a link swapped in."""


def read_bytes(path: Path | str, *, folder: Path | str | None = None) -> bytes:
    """The bytes of a content file, checked before reading.

    Parameters
    ----------
    path : Path or str
        The file.
    folder : Path or str, optional
        The folder the file must resolve inside (symbolic links followed); default the folder
        holding ``path``.

    Returns
    -------
    bytes
        At most :data:`MAX_BYTES` bytes.

    Raises
    ------
    AnnotationError
        If the file is missing, resolves outside ``folder``, is not a regular file (a
        directory, a named pipe, a device) or is larger than :data:`MAX_BYTES`.

    """
    path = Path(path)
    real = _resolve_inside(path, Path(folder) if folder is not None else path.parent)
    try:
        _check_file(path, os.stat(real))
        fd = os.open(real, _OPEN_FLAGS)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    with os.fdopen(fd, "rb") as fh:
        _check_file(path, os.fstat(fh.fileno()))  # the file opened is the file checked
        raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:  # grew since the check
        raise AnnotationError(path, "", f"expected a file of at most {MAX_BYTES:,} bytes")
    return raw


def _resolve_inside(path: Path, folder: Path) -> Path:
    """``path`` resolved (links followed), refused unless it exists inside ``folder`` (resolved too)."""
    try:
        real = path.resolve(strict=True)
        root = folder.resolve()
    except FileNotFoundError:
        raise AnnotationError(path, "", "file not found", shown="expected this file to exist (not found)") from None
    except (OSError, RuntimeError) as exc:  # a loop of links, a permission problem
        raise AnnotationError(path, "", f"a readable file ({exc})",
                              shown="expected a readable file (a link that cannot be followed?)") from None
    if not real.is_relative_to(root):
        raise AnnotationError(
            path, "", f"expected a file inside its folder {root} (it resolves to {real})",
            shown="expected a file inside its folder (a link to a file elsewhere is refused)")
    return real


def _check_file(path: Path, info: os.stat_result) -> None:
    """Refuse anything but a regular file of at most :data:`MAX_BYTES`."""
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _FILE_KINDS if test(info.st_mode)), "not a regular file")
        raise AnnotationError(path, "", f"expected a YAML file (found {kind})",
                              shown=f"expected a regular YAML file, not {kind}")
    if info.st_size > MAX_BYTES:
        raise AnnotationError(path, "", f"expected a file of at most {MAX_BYTES:,} bytes "
                              f"({MAX_BYTES // 1024} KiB); it has {info.st_size:,}")


def _unreadable(path: Path, exc: OSError) -> AnnotationError:
    """The error for a file the system refuses to open or describe."""
    reason = exc.strerror or type(exc).__name__
    return AnnotationError(path, "", f"a readable file ({reason})", shown=f"expected a readable file ({reason})")
