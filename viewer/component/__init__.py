"""The Python side of the three.js scene component (payload encoding, params, bundle build).

``GluteScene`` is imported lazily so that ``python -m viewer.component.build`` and the
payload encoder work before Panel is imported.
"""

from __future__ import annotations

from typing import Any

__all__ = ["GluteScene", "encode_assets", "encode_motion"]


def __getattr__(name: str) -> Any:
    if name == "GluteScene":
        from viewer.component.scene import GluteScene

        return GluteScene
    if name in ("encode_assets", "encode_motion"):
        from viewer.component import payload

        return getattr(payload, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
