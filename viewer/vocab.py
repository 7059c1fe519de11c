"""The vocabulary of the viewer: colour modes, hip axes, camera presets, capture limits, steps.

The words and limits the browser needs too are read from ``viewer/vocab.json``, the one source
shared with the front end (``viewer/frontend/src/vocab.js`` imports the same file, and esbuild
inlines it into the bundles). The rest is Python's own (opacity keys, peel levels, the steps
that URL and API values are rounded to). Nothing here imports Panel: the app, the export, the
renderer and the CLI all read it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, Final

from viewer.anatomy import ids


def _load() -> dict[str, Any]:
    return json.loads(files("viewer").joinpath("vocab.json").read_text(encoding="utf-8"))


_VOCAB: Final = _load()


@dataclass(frozen=True)
class CameraPreset:
    """A named camera direction.

    Attributes
    ----------
    id : str
        The preset's name (``anterior`` ...), as the URL's ``view=`` and the CLI's ``--view``.
    label : str
        Plain name.
    short : str
        Button text in the 3D view.
    direction : tuple of float
        From the target to the camera, ground frame (x anterior, y superior, z right).
    up : tuple of float
        The screen's up.

    """

    id: str
    label: str
    short: str
    direction: tuple[float, float, float]
    up: tuple[float, float, float]


ACCENT: Final[str] = _VOCAB["accent"]
"""The page's accent colour (title bar, headings)."""
BACKGROUND: Final[str] = _VOCAB["background"]
"""The 3D view's background."""
COLOR_MODES: Final[dict[str, str]] = {m["id"]: m["label"] for m in _VOCAB["colour_modes"]}
"""Fibre colour modes and their labels (CONTRACT.md, Colour modes)."""
ACTION_AXES: Final[dict[str, str]] = {a["id"]: a["label"] for a in _VOCAB["action_axes"]}
"""Hip axes of the action colour mode and their labels, in the order of the moment-arm arrays."""
ACTION_AXIS_NAMES: Final[dict[str, str]] = {a["id"]: a["short"] for a in _VOCAB["action_axes"]}
"""The hip axes' names on every control that chooses one (the sidebar and the view's bar): ``Rotation``."""
DISPLAY_MODES: Final[dict[str, str]] = {m["id"]: m["label"] for m in _VOCAB["display_modes"]}
"""How the muscles are drawn, id -> label: solid volumes, fibre lines, or both (the first is the default)."""
DEFAULT_DISPLAY: Final[str] = next(iter(DISPLAY_MODES))
COLOR_MODE_NAMES: Final[dict[str, str]] = {m["id"]: m["short"] for m in _VOCAB["colour_modes"]}
"""The colour modes' names on every control that chooses one (the sidebar and the view's bar): ``Action``."""
COLOUR_SATURATION: Final[dict[str, float]] = dict(_VOCAB["colour_saturation"])
"""Where the colour maps saturate: moment arm +-40 mm (action), length +-30 % (stretch)."""
CAMERA_PRESETS: Final[dict[str, CameraPreset]] = {
    p["id"]: CameraPreset(p["id"], p["label"], p["short"], tuple(p["direction"]), tuple(p["up"]))
    for p in _VOCAB["camera_presets"]
}
"""Camera presets of both renderers (three.js in the browser, pyvista off-screen)."""
VIEWS: Final = tuple(CAMERA_PRESETS)
"""Camera preset names."""
SPEEDS: Final[tuple[float, ...]] = tuple(_VOCAB["speeds"])
"""Playback speeds offered."""

_CAPTURE: Final = _VOCAB["capture"]
PNG_MAX: Final[tuple[int, int]] = tuple(_CAPTURE["png_max"])
"""Largest PNG made in the browser, width and height in pixels."""
GIF_MAX: Final[tuple[int, int]] = tuple(_CAPTURE["gif_max"])
"""Largest GIF made in the browser."""
GIF_VIEW_MAX: Final[tuple[int, int]] = tuple(_CAPTURE["gif_view_max"])
"""A GIF at the view's size is fitted into this."""
FPS_RANGE: Final[tuple[int, int]] = tuple(_CAPTURE["fps_range"])
DEFAULT_FPS: Final[int] = _CAPTURE["default_fps"]
GIF_MAX_FRAMES: Final[int] = _CAPTURE["gif_max_frames"]

OPACITY_KEYS: Final = (*ids.LAYERS, "bones")
"""What has its own opacity: the three layers, then the bones."""
PEEL_LABELS: Final = {"All layers": 0, "Peel off maximus": 1, "Peel off maximus and medius": 2}
LOWER_LEGS_LABEL: Final = "Lower legs and feet"
"""The toggle of the context bones (tibia, fibula, patella, foot bones), in the app and the export."""
"""Peel levels: 0 all layers, 1 hide maximus, 2 hide maximus and medius."""
FLEXION_STEP_DEG: Final = 5.0
"""Hip flexion of the rotation sweep is rounded to this step wherever it comes from (URL, API, export):
the presets are multiples of it, and a bounded number of motions can ever be computed and cached."""
PELVIC_DROP_STEP_DEG: Final = 1.0
"""Extra pelvic drop is rounded to this step (the sidebar's slider moves by it)."""


def quantise(value: float, step: float) -> float:
    """``value`` rounded to the nearest multiple of ``step`` (halves away from zero), as a plain float.

    Parameters
    ----------
    value : float
        A finite number (checked by the caller).
    step : float
        The step, > 0.

    Returns
    -------
    float
        Never ``-0.0``.

    """
    steps = abs(value) / step
    whole = int(steps + 0.5)
    return float(whole * step if value >= 0 else -whole * step) + 0.0
