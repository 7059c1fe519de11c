"""Output files written whole or not at all: a temporary file in the target's folder, then a rename.

Every file the command line writes (``export``, ``render``, ``picture``) goes through
:func:`atomic_path` or :func:`write_file`:

- the data goes to a hidden temporary file next to the target (same folder, so the same file
  system), named ``.<name>.<random>.tmp<suffix>`` so that writers which pick a format from the
  extension (Pillow, ffmpeg) still see it;
- only when the writer has finished and the data is flushed to disk (``fsync``) is the temporary
  file renamed over the target with :func:`os.replace`, which is atomic: a reader sees the old
  file or the new one, never a truncated one;
- on any failure the temporary file is removed and an existing target keeps its old bytes.

A target that exists and is not a regular file (a folder, a device such as ``/dev/full`` or
``/dev/null``, a named pipe, a socket) is refused before anything is written: a rename would
replace the device node itself. So is an existing file its user may not write (``Permission
denied``, as writing it in place would be), although a rename could replace it. A symbolic link
is followed, so the file it points to is replaced and the link stays.

Every :class:`OSError` on the way (a full disk, a file-size limit, a read-only file system, a
missing folder, a name too long, no permission ...) becomes :class:`OutputError`, whose message
is one line naming the path and the reason, e.g. ``cannot write out.html: No space left on
device``. It is a :class:`viewer.errors.UsageError`, so the CLI prints it and exits with code 2.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from viewer.errors import UsageError

__all__ = ["OutputError", "atomic_path", "check_target", "make_folder", "write_file", "write_text"]

NAME_KEEP = 64
"""Characters of the target's name kept in the temporary name (so it stays under the 255-byte limit)."""
TEMP_TRIES = 8
"""Random temporary names tried before giving up (a clash is already unlikely once)."""

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"))


class OutputError(UsageError):
    """An output file that cannot be written: one line naming the path and what was wrong.

    Parameters
    ----------
    path : str or PathLike
        The file (or folder) as the user named it.
    reason : str or OSError
        What was wrong; an :class:`OSError` gives its ``strerror`` (``No space left on device``).

    Attributes
    ----------
    path : str
        As given.
    reason : str
        One line.

    """

    def __init__(self, path: str | os.PathLike[str], reason: str | OSError) -> None:
        self.path = str(path)
        self.reason = describe(reason) if isinstance(reason, OSError) else reason
        super().__init__(f"cannot write {self.path}: {self.reason}")


def describe(exc: OSError) -> str:
    """The reason of an :class:`OSError` on one line, without the file name (``File too large``)."""
    text = exc.strerror or str(exc) or type(exc).__name__
    return " ".join(str(text).split())


def _kind(mode: int) -> str | None:
    """What a file of ``mode`` is if it is not a regular file (``a folder`` ...), else None."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "a special file")


def check_target(path: str | os.PathLike[str], need_folder: bool = False) -> Path:
    """Refuse a target that exists and is not a regular file; return the file to replace.

    Parameters
    ----------
    path : str or PathLike
        The output file as the user named it.
    need_folder : bool
        Also refuse a target whose folder does not exist (it is not created).

    Returns
    -------
    Path
        ``path`` with symbolic links resolved: the file that will be replaced.

    Raises
    ------
    OutputError
        If the target is a folder, a device, a named pipe or a socket (directly or through a
        link), a file its user may not write, or cannot even be looked at (a name too long, a
        parent that is a file ...), or with ``need_folder`` if its folder does not exist.

    """
    real = Path(os.path.realpath(path))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        if need_folder and not real.parent.is_dir():
            raise OutputError(path, f"folder {str(Path(path).parent)!r} does not exist") from None
        return real
    except OSError as exc:
        raise OutputError(path, exc) from None
    kind = _kind(mode)
    if kind is not None:
        where = "it" if real == Path(os.path.abspath(path)) else str(real)
        raise OutputError(path, f"{where} is {kind}, not a regular file")
    if not os.access(real, os.W_OK):  # a read-only file stays protected, as an overwrite in place would fail
        raise OutputError(path, os.strerror(errno.EACCES))
    return real


def make_folder(path: str | os.PathLike[str]) -> Path:
    """Create the folder ``path`` and its parents if needed (an output folder).

    Raises
    ------
    OutputError
        If it exists and is not a folder, or cannot be created.

    """
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(path, "it exists and is not a folder") from None
    except OSError as exc:
        raise OutputError(path, exc) from None
    return folder


def _create_temp(target: Path) -> Path:
    """An empty new file next to ``target``, created exclusively with the usual permissions (umask)."""
    for _ in range(TEMP_TRIES):
        temp = target.with_name(f".{target.name[:NAME_KEEP]}.{secrets.token_hex(4)}.tmp{target.suffix[:16]}")
        try:
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666))
        except FileExistsError:
            continue
        return temp
    raise FileExistsError(f"no free temporary name next to {target.name}")


def _commit(temp: Path, target: Path) -> None:
    """Flush ``temp`` to disk, give it the mode of an existing ``target`` and rename it over ``target``."""
    fd = os.open(temp, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None:
        if _kind(mode) is not None:  # replaced by a device or folder meanwhile: never rename over it
            raise OSError(f"{target} became {_kind(mode)} while it was written; left as it is")
        os.chmod(temp, stat.S_IMODE(mode))
    os.replace(temp, target)


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path to write instead of ``path``; renamed to ``path`` when the block succeeds.

    Parameters
    ----------
    path : str or PathLike
        The output file. Its folder must exist.

    Yields
    ------
    Path
        An empty temporary file in the same folder, with the same extension. Write it by name
        (e.g. ``Image.save(temp)``) in the ``with`` block.

    Raises
    ------
    OutputError
        If the target is not a regular file, its folder does not exist, or any :class:`OSError`
        happens while writing or renaming (then the temporary file is gone and an existing
        target is unchanged). Other exceptions of the block propagate unchanged, after the same
        clean-up.

    """
    target = check_target(path, need_folder=True)
    try:
        temp = _create_temp(target)
    except OSError as exc:
        raise OutputError(path, exc) from None
    try:
        yield temp
        _commit(temp, target)
    except BaseException as exc:
        _remove(temp)
        if isinstance(exc, OSError):
            raise OutputError(path, exc) from None
        raise


def _remove(temp: Path) -> None:
    try:
        temp.unlink()
    except FileNotFoundError:
        pass


def write_file(path: str | os.PathLike[str], write: Callable[[BinaryIO], object]) -> Path:
    """Write a file whole or not at all: ``write(f)`` fills an open binary file, then it is renamed.

    Parameters
    ----------
    path : str or PathLike
        The output file. Its folder must exist.
    write : callable
        Called once with the temporary file opened for binary writing.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OutputError
        As :func:`atomic_path`.

    """
    with atomic_path(path) as temp, open(temp, "wb") as f:
        write(f)
    return Path(path)


def write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` whole or not at all (see :func:`write_file`)."""
    data = text.encode(encoding)
    return write_file(path, lambda f: f.write(data))
