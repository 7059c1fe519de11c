"""ViewerState: the one state object of a session (DESIGN.md section 7).

Widgets are built from its params and the scene component mirrors it
(:mod:`viewer.app.sync`). Changes that carry IDs go through
:mod:`viewer.app.actions`, which validate them; plain numbers and switches are
bounded by the params themselves. Create one per session with
:func:`new_state` (inside the app builder), never at module level.
"""

from __future__ import annotations

from typing import Final

import param

from viewer.anatomy import ids
from viewer.anatomy.motions import FLEXION_LIMITS_DEG, MOTION_NAMES, OFFERED_FLEXIONS_DEG

MOTION_LABELS: Final = {
    "abduction": "Abduction / adduction",
    "rotation": "Internal / external rotation",
    "flexion": "Flexion / extension",
    "running": "Running",
}
"""Widget label of each motion name (the keys are :data:`viewer.anatomy.motions.MOTION_NAMES`)."""

OPACITY_KEYS: Final = (*ids.LAYERS, "bones")
"""Keys of the component's ``opacity`` dict: the three layers, then the bones."""

VIEWS: Final = ("anterior", "posterior", "lateral", "superior", "reset")
"""Camera presets understood by the component's ``view`` param."""

PEEL_LABELS: Final = {"All layers": 0, "Peel off maximus": 1, "Peel off maximus and medius": 2}
"""Peel levels: 0 all layers, 1 hide maximus, 2 hide maximus and medius."""

DEFAULT_MOTION: Final = "abduction"


def opacity_param(layer: str) -> str:
    """Name of the state param holding the opacity of ``layer`` (or ``"bones"``)."""
    return f"opacity_{layer}"


class ViewerState(param.Parameterized):
    """Everything a session shows: motion, playback, selection, visibility and styling.

    Angles are degrees here (the edge of the app); the anatomy package gets radians.
    """

    motion = param.Selector(default=DEFAULT_MOTION, objects=list(MOTION_NAMES), doc="Motion being shown.")
    flexion = param.Number(
        default=0.0, bounds=FLEXION_LIMITS_DEG,
        doc=f"Hip flexion (deg) of the rotation sweep; {OFFERED_FLEXIONS_DEG} are offered.",
    )
    frame = param.Number(default=0.0, bounds=(0, None), doc="Current frame (written by the browser on pause).")
    frames = param.Integer(default=0, bounds=(0, None), doc="Frame count of the loaded motion (0 until loaded).")
    playing = param.Boolean(default=True, doc="Play or pause the animation.")
    speed = param.Number(default=1.0, bounds=(0.25, 2.0), step=0.25, doc="Playback speed.")
    loop = param.Boolean(default=True, doc="Loop the motion or stop at its end.")
    selected = param.String(default="", doc="Selected part id, or '' for none.")
    hovered = param.String(default="", doc="Part under the pointer (browser -> Python only).")
    visible_parts = param.List(default=list(ids.part_ids()), item_type=str, doc="Part ids drawn.")
    opacity_gluteus_maximus = param.Number(default=1.0, bounds=(0.0, 1.0), step=0.05, label="Maximus opacity")
    opacity_gluteus_medius = param.Number(default=1.0, bounds=(0.0, 1.0), step=0.05, label="Medius opacity")
    opacity_gluteus_minimus = param.Number(default=1.0, bounds=(0.0, 1.0), step=0.05, label="Minimus opacity")
    opacity_bones = param.Number(default=1.0, bounds=(0.0, 1.0), step=0.05, label="Bone opacity")
    isolate = param.Boolean(default=False, doc="Draw only the selected part.")
    peel = param.Integer(default=0, bounds=(0, 2), doc="0 all layers, 1 hide maximus, 2 hide maximus and medius.")
    show_belly = param.Boolean(default=False, label="Show muscle bellies", doc="Translucent belly surface per part.")
    view = param.String(default="", doc="Camera preset requested (the component resets it to '').")
    message = param.String(default="", doc="Visible feedback, e.g. why an action was refused.")

    def opacity(self) -> dict[str, float]:
        """Return the component's ``opacity`` dict: ``{layer: 0..1, ..., "bones": 0..1}``."""
        return {key: float(getattr(self, opacity_param(key))) for key in OPACITY_KEYS}

    def motion_spec(self) -> tuple[str, float]:
        """``(motion name, flexion in degrees)``; flexion matters for ``rotation`` only."""
        return self.motion, float(self.flexion) if self.motion == "rotation" else 0.0


def new_state(**values: object) -> ViewerState:
    """Create a fresh state for one session.

    Parameters
    ----------
    **values
        Initial param values (already valid; use :mod:`viewer.app.actions` for user input).

    Returns
    -------
    ViewerState

    """
    return ViewerState(**values)
