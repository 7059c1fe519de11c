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
from viewer.anatomy.motions import EXERCISE_NAMES, FLEXION_LIMITS_DEG, MOTION_NAMES, OFFERED_FLEXIONS_DEG
from viewer.anatomy.pelvic_drop import MAX_DROP_DEG

MOTION_LABELS: Final = {
    "abduction": "Abduction / adduction",
    "rotation": "Internal / external rotation",
    "flexion": "Flexion / extension",
    "running": "Running",
}
"""Widget label of each motion name (the keys are :data:`viewer.anatomy.motions.MOTION_NAMES`)."""

ALL_MOTIONS: Final = (*MOTION_NAMES, *EXERCISE_NAMES)
"""Motions and exercise presets a session can show."""

COLOR_MODES: Final = {"anatomical": "Anatomical", "action": "Action (moment arm)", "stretch": "Stretch",
                      "activation": "Activation (running)"}
"""Fibre colour modes and their labels (viewer/component/CONTRACT.md, Colour modes)."""

ACTION_AXES: Final = {"flexion": "Flexion / extension", "adduction": "Adduction / abduction",
                      "rotation": "Internal / external rotation"}
"""Hip axes of the action colour mode, in the order of the moment-arm arrays."""

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

    motion = param.Selector(default=DEFAULT_MOTION, objects=list(ALL_MOTIONS), doc="Motion or exercise shown.")
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
    show_plots = param.Boolean(
        default=False, label="Plots of the selected part",
        doc="Show the linked plots (moment arm, fibre length, rotation vs flexion); built when first shown.")
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
    color_mode = param.Selector(default="anatomical", objects=list(COLOR_MODES), doc="How fibres are coloured.")
    action_axis = param.Selector(default="rotation", objects=list(ACTION_AXES),
                                 doc="Hip axis whose moment arm the action colours (and plots) show.")
    pelvic_drop = param.Number(default=0.0, bounds=(0.0, MAX_DROP_DEG), step=1.0,
                               doc="Running only: extra contralateral pelvic drop (deg) in the weak side's stance.")
    weak_side = param.Selector(default="r", objects=list(ids.SIDES), doc="Side of the weak gluteus medius.")
    camera = param.Dict(default={}, doc="{'position': [x, y, z], 'target': [x, y, z]}, metres, ground frame.")
    message = param.String(default="", doc="Visible feedback, e.g. why an action was refused.")

    def opacity(self) -> dict[str, float]:
        """Return the component's ``opacity`` dict: ``{layer: 0..1, ..., "bones": 0..1}``."""
        return {key: float(getattr(self, opacity_param(key))) for key in OPACITY_KEYS}

    def motion_spec(self) -> tuple[str, float, float, str]:
        """``(motion name, flexion deg, pelvic drop deg, weak side)``: what the motion's arrays depend on.

        Flexion matters for ``rotation`` only, pelvic drop and weak side for ``running`` only
        (the others get 0.0 and ``"r"``, so equal motions share one cache entry).
        """
        running = self.motion == "running"
        return (self.motion, float(self.flexion) if self.motion == "rotation" else 0.0,
                float(self.pelvic_drop) if running else 0.0, self.weak_side if running and self.pelvic_drop else "r")


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
