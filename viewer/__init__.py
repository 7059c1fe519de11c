"""glute-viewer: an interactive 3D viewer of the gluteal muscles.

``from viewer import GluteViewer`` gives the whole viewer as a Panel object for notebooks
(imported on first use, so ``import viewer`` stays light for the anatomy engine and the CLI).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["GluteViewer", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "GluteViewer":
        from viewer.notebook import GluteViewer

        return GluteViewer
    raise AttributeError(f"module 'viewer' has no attribute {name!r}")
