"""On-disk cache for derived arrays, keyed by source and recipe, with a size limit.

The cache lives in ``$GLUTE_VIEWER_CACHE`` or the platform's cache folder for the user
(``platformdirs.user_cache_dir("glute-viewer")``: ``~/.cache/glute-viewer`` on Linux,
``~/Library/Caches/glute-viewer`` on macOS, ``%LOCALAPPDATA%/glute-viewer/Cache`` on Windows).
A key is a hash of everything that determines the result (package versions, recipe
parameters), so a changed recipe never reads a stale file.

The folder never grows past ``$GLUTE_VIEWER_CACHE_MB`` megabytes (default
:data:`DEFAULT_LIMIT_MB`): after every write the least recently used entries are deleted
until it fits (a read marks an entry as used). The entry just written is always kept.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

import numpy as np
import platformdirs

log = logging.getLogger(__name__)

CACHE_ENV: Final = "GLUTE_VIEWER_CACHE"
LIMIT_ENV: Final = "GLUTE_VIEWER_CACHE_MB"
DEFAULT_LIMIT_MB: Final = 256
"""The offered motions, every rounded hip flexion and pelvic drop and the bones take about 60 MB."""
SUFFIX: Final = ".npz"
TMP_SUFFIX: Final = ".tmp.npz"
STALE_TMP_S: Final = 3600.0
"""A temporary file older than this was left by a process that died while writing: it is removed."""


def cache_dir() -> Path:
    """Directory of the cache, created on demand."""
    root = os.environ.get(CACHE_ENV) or platformdirs.user_cache_dir("glute-viewer", appauthor=False)
    path = Path(root).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def limit_bytes() -> int:
    """The size limit of the cache folder in bytes (``$GLUTE_VIEWER_CACHE_MB``, default 256 MB).

    Raises
    ------
    ValueError
        If the variable is set to something other than a positive whole number of megabytes.

    """
    text = os.environ.get(LIMIT_ENV, "").strip()
    if not text:
        return DEFAULT_LIMIT_MB * 1_000_000
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{LIMIT_ENV}={text!r} is not a size; expected a whole number of megabytes, at least 1")
    return int(text) * 1_000_000


def cache_key(kind: str, recipe: Mapping[str, Any]) -> str:
    """Stable key for ``recipe`` (JSON-serialisable) under ``kind``.

    Parameters
    ----------
    kind : str
        A short label (``"bones"``, ``"scene"``) that prefixes the file name.
    recipe : mapping
        Everything that determines the cached result.

    """
    blob = json.dumps(recipe, sort_keys=True, default=str).encode()
    return f"{kind}-{hashlib.sha256(blob).hexdigest()[:20]}"


def load_or_build(
    kind: str, recipe: Mapping[str, Any], build: Callable[[], dict[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    """Return the arrays cached for ``recipe``, building and storing them if absent.

    The file is written atomically (temporary file + rename), so concurrent
    processes never read a half-written cache entry. A corrupt entry is rebuilt.
    After a write the folder is trimmed to its size limit (:func:`evict`).
    """
    folder = cache_dir()
    path = folder / f"{cache_key(kind, recipe)}{SUFFIX}"
    if path.exists():
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
            _touch(path)
            return arrays
        except (OSError, ValueError, EOFError):
            path.unlink(missing_ok=True)
    arrays = build()
    if store(path, arrays):
        evict(folder, limit_bytes(), keep=path)
    return arrays


def store(path: Path, arrays: Mapping[str, np.ndarray]) -> bool:
    """Write ``arrays`` to ``path`` through a temporary file; on a write error keep nothing.

    A full disk, a file-size limit or a read-only cache folder costs the cache, not the
    result: one warning is logged and the caller goes on with the arrays it built.

    Returns
    -------
    bool
        Whether the entry was stored.

    """
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=TMP_SUFFIX)
        os.close(fd)
        np.savez(tmp, **arrays)
        os.replace(tmp, path)
        return True
    except OSError as exc:
        log.warning("cache entry not stored (%s): %s", path.name, exc.strerror or exc)
        return False
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def evict(folder: Path, limit: int, keep: Path | None = None) -> list[Path]:
    """Delete the least recently used entries of ``folder`` until they take at most ``limit`` bytes.

    Parameters
    ----------
    folder : Path
        The cache folder.
    limit : int
        Bytes the entries may take.
    keep : Path, optional
        An entry never deleted (the one just written), even if it alone is over the limit.

    Returns
    -------
    list of Path
        The files deleted, oldest first.

    """
    now = time.time()
    entries = []
    for path in folder.iterdir():
        try:
            stat = path.stat()
        except OSError:  # removed by another process meanwhile
            continue
        if path.name.endswith(TMP_SUFFIX):
            if now - stat.st_mtime > STALE_TMP_S:
                path.unlink(missing_ok=True)
        elif path.suffix == SUFFIX and path.is_file():
            entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    deleted = []
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        if keep is not None and path == keep:
            continue
        path.unlink(missing_ok=True)
        total -= size
        deleted.append(path)
    return deleted


def _touch(path: Path) -> None:
    """Mark an entry as just used (its modification time orders the eviction)."""
    try:
        os.utime(path)
    except OSError:  # a read-only cache still serves its entries
        pass
