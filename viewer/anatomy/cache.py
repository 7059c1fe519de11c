"""On-disk cache for derived arrays, keyed by source and recipe.

The cache lives in ``$GLUTE_VIEWER_CACHE`` or ``~/.cache/glute-viewer``. A key is a
hash of everything that determines the result (package versions, recipe
parameters), so a changed recipe never reads a stale file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

CACHE_ENV = "GLUTE_VIEWER_CACHE"


def cache_dir() -> Path:
    """Directory of the cache, created on demand."""
    root = os.environ.get(CACHE_ENV) or os.path.join(Path.home(), ".cache", "glute-viewer")
    path = Path(root)
    path.mkdir(parents=True, exist_ok=True)
    return path


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
    """
    path = cache_dir() / f"{cache_key(kind, recipe)}.npz"
    if path.exists():
        try:
            with np.load(path, allow_pickle=False) as data:
                return {name: data[name] for name in data.files}
        except (OSError, ValueError, EOFError):
            path.unlink(missing_ok=True)
    arrays = build()
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp.npz")
    os.close(fd)
    try:
        np.savez(tmp, **arrays)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return arrays
