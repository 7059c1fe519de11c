"""What a malformed content file reports, and to whom: :class:`AnnotationError`.

Every problem with a content file (:mod:`viewer.anatomy.content_files`,
:mod:`viewer.anatomy.yamlio`) becomes an :class:`AnnotationError` whose message names the file,
the field (a JSON path such as ``parts.glmed1.actions[0].axis``, :func:`field_path`) and what
was expected, so a person editing the file can fix it without reading a traceback.

An :class:`AnnotationError` has two forms. ``str(error)`` is the full detail for the server
log and the command line: the file's absolute path and, where it helps, the value found.
:attr:`AnnotationError.shown` is what a viewer of the app may read: the file's name relative
to the content folder (``muscles/gluteus_medius.yaml``, :func:`shown_name`), the field and what
was expected, never an absolute path or a value quoted from the file.

The content directory is the shipped ``annotations/`` (found by :mod:`viewer.resources`:
the project's folder in a checkout, the package's copy in a wheel) unless the environment
variable ``GLUTE_VIEWER_ANNOTATIONS`` names another one (:func:`annotations_dir`):
a served app can then show an instructor's edited copy of the muscle cards
(``$GLUTE_VIEWER_ANNOTATIONS/muscles/*.yaml``, see
:mod:`viewer.anatomy.annotations`). It lives here because file names are shown relative to it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from viewer.resources import annotations_root

ANNOTATIONS_DIR = annotations_root()
"""The shipped content directory (what :func:`annotations_dir` returns unless overridden): the project's
``annotations/`` in a checkout, the package's copy in an installed wheel (:mod:`viewer.resources`)."""
ANNOTATIONS_ENV: Final = "GLUTE_VIEWER_ANNOTATIONS"
"""Environment variable naming a content directory to use instead of the project's ``annotations/``."""
SHOWN_CHARS: Final = 300
"""Longest ``expected`` text of :attr:`AnnotationError.shown`."""
LOG_CHARS: Final = 500
"""Longest line :meth:`AnnotationError.log_line` gives the server log."""
_FOUND: Final = re.compile(r"[\s,;:]*\(?\s*(?:not\s+)?\bfound\b.*$", re.IGNORECASE | re.DOTALL)
_QUOTED: Final = re.compile(r"'[^']*'|\"[^\"]*\"")
_FIELD_CHARS: Final = re.compile(r"[^A-Za-z0-9_.\[\], -]")


def annotations_dir() -> Path:
    """Return the content directory: ``$GLUTE_VIEWER_ANNOTATIONS`` if set and non-empty, else ``annotations/``.

    Returns
    -------
    Path
        The directory holding ``muscles/`` (and ``motions/``).

    """
    override = os.environ.get(ANNOTATIONS_ENV, "").strip()
    return Path(override).expanduser() if override else ANNOTATIONS_DIR


class AnnotationError(ValueError):
    """A content file is malformed: names the file, the field and what was expected.

    Parameters
    ----------
    path : Path or str
        The file (or folder).
    field : str
        Where in it: a JSON path such as ``parts.glmed1.actions[0]``, ``line L, column C``, or
        ``""`` for the whole file.
    expected : str
        What was expected, with what was found where that helps (the full detail).
    shown : str, optional
        What was expected, in words a viewer of the app may read: no value from the file. By
        default ``expected`` cut before its first ``found`` and without quoted text.

    Notes
    -----
    ``str(error)`` is ``"<path>: <field>: <expected>"`` with the absolute path: for the server
    log and the command line. :attr:`shown` is the form for a page.

    """

    def __init__(self, path: Path | str, field: str, expected: str, *, shown: str | None = None) -> None:
        self.path = str(path)
        self.field = field
        self.expected = expected
        self.shown_expected = _one_line(shown if shown is not None else without_values(expected), SHOWN_CHARS)
        super().__init__(f"{self.path}: {field or '<top level>'}: {expected}")

    @property
    def file_name(self) -> str:
        """The file's name relative to the content folder, e.g. ``muscles/gluteus_medius.yaml``."""
        return shown_name(self.path)

    @property
    def shown(self) -> str:
        """``"<file name>: <field>: <expected>"`` for a page: no absolute path, no value from the file."""
        return f"{self.file_name}: {shown_field(self.field) or '<top level>'}: {self.shown_expected}"

    def log_line(self) -> str:
        """The full detail (:func:`str`) on one line of at most :data:`LOG_CHARS` characters, for the server log."""
        return _one_line(str(self), LOG_CHARS)


def without_values(expected: str) -> str:
    """``expected`` without what was found: cut before its first ``found``, quoted text replaced by ``…``.

    Parameters
    ----------
    expected : str
        A message such as ``"expected a unique id, found 'x' twice"``.

    Returns
    -------
    str
        ``"expected a unique id"``; ``"expected a valid value"`` if nothing is left.

    """
    text = without_quoted(_FOUND.sub("", expected)).strip()
    return text or "expected a valid value"


def without_quoted(text: str) -> str:
    """``text`` with every quoted part (``'...'`` or ``"..."``) replaced by ``…``."""
    return _QUOTED.sub("…", text)


def shown_name(path: Path | str) -> str:
    """Name of a content file relative to the content folder, never an absolute path.

    Parameters
    ----------
    path : Path or str
        A file or folder.

    Returns
    -------
    str
        Relative to :func:`annotations_dir`, the shipped ``annotations/`` or the folder holding
        it (``muscles/gluteus_medius.yaml``, ``meshes/manifest.yaml``), else the last two parts
        of the path (``muscles/gluteus_medius.yaml`` of a copy elsewhere).

    """
    absolute = Path(os.path.abspath(path))
    for base in (annotations_dir(), ANNOTATIONS_DIR, ANNOTATIONS_DIR.parent):
        try:
            relative = absolute.relative_to(os.path.abspath(base))
        except ValueError:
            continue
        return relative.as_posix() if relative.parts else absolute.name
    return "/".join(absolute.parts[-2:]).lstrip("/\\") or "."


def shown_field(field: str) -> str:
    """``field`` for a page: characters other than letters, digits and ``_.[], -`` replaced, at most 120."""
    return _FIELD_CHARS.sub("?", field)[:120]


def _one_line(text: str, limit: int) -> str:
    """``text`` on one line, shortened to ``limit`` characters (an ellipsis marks a cut)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def field_path(parts: Iterable[Any]) -> str:
    """Format a JSON path (``['parts', 'glmed1', 'actions', 0]`` -> ``parts.glmed1.actions[0]``)."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
