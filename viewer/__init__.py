"""glute-viewer: an interactive 3D viewer of the gluteal muscles.

``from viewer import GluteViewer`` gives the viewer with its Python API (:mod:`viewer.api`),
displayable in notebooks (imported on first use, so ``import viewer`` stays light for the
anatomy engine and the CLI).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

try:  # the one place the version is written is pyproject.toml; the installed metadata carries it
    __version__ = version("glute-viewer")
except PackageNotFoundError:  # pragma: no cover - run from a checkout that was never installed
    __version__ = "0+unknown"
__all__ = ["GluteViewer", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "GluteViewer":
        from viewer.api import GluteViewer

        return GluteViewer
    raise AttributeError(f"module 'viewer' has no attribute {name!r}")
