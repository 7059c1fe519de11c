"""ViewerState: the one state object of a session.

Widgets are built from its params and the scene component mirrors it
(:mod:`viewer.app.sync`). Changes that carry IDs go through
:mod:`viewer.app.actions`, which validate them; plain numbers and switches are
bounded by the params themselves. Create one per session with
:func:`new_state` (inside the app builder), never at module level: sessions share
nothing but the read-only per-process caches of :mod:`viewer.content`. The
vocabularies (colour modes, axes, camera presets) are :mod:`viewer.vocab`'s.
"""

from __future__ import annotations

import param

from viewer.anatomy import ids
from viewer.anatomy.motions import ALL_MOTIONS, DEFAULT_MOTION, FLEXION_LIMITS_DEG, OFFERED_FLEXIONS_DEG
from viewer.anatomy.pelvic_drop import MAX_DROP_DEG
from viewer.content.payloads import MotionSpec
from viewer.vocab import (
    ACTION_AXES,
    COLOR_MODES,
    DEFAULT_DISPLAY,
    DISPLAY_MODES,
    FLEXION_STEP_DEG,
    OPACITY_KEYS,
    PELVIC_DROP_STEP_DEG,
    SPEEDS,
)


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
        doc=f"Hip flexion (deg) of the rotation sweep, a multiple of {FLEXION_STEP_DEG:g}; "
            f"{OFFERED_FLEXIONS_DEG} are offered.",
    )
    frame = param.Number(default=0.0, bounds=(0, None), doc="Current frame (written by the browser on pause).")
    frames = param.Integer(default=0, bounds=(0, None), doc="Frame count of the loaded motion (0 until loaded).")
    playing = param.Boolean(default=True, doc="Play or pause the animation.")
    speed = param.Number(default=1.0, bounds=(min(SPEEDS), max(SPEEDS)), step=0.25, doc="Playback speed.")
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
    display = param.Selector(default=DEFAULT_DISPLAY, objects=list(DISPLAY_MODES),
                             doc="How the muscles are drawn: solid volumes, fibre lines, or both.")
    show_lower_legs = param.Boolean(default=True, label="Lower legs and feet",
                                    doc="Draw tibia, fibula, patella and the foot bones (lighter tone).")
    show_landmarks = param.Boolean(default=False, label="Landmark labels",
                                   doc="Label the bone landmarks (annotations/landmarks/landmarks.yaml).")
    view = param.String(default="", doc="Camera preset requested (the component resets it to '').")
    color_mode = param.Selector(default="anatomical", objects=list(COLOR_MODES), doc="How fibres are coloured.")
    action_axis = param.Selector(default="rotation", objects=list(ACTION_AXES),
                                 doc="Hip axis whose moment arm the action colours (and plots) show.")
    pelvic_drop = param.Number(default=0.0, bounds=(0.0, MAX_DROP_DEG), step=PELVIC_DROP_STEP_DEG,
                               doc="Running only: extra contralateral pelvic drop (deg) in the weak side's stance.")
    weak_side = param.Selector(default="r", objects=list(ids.SIDES), doc="Side of the weak gluteus medius.")
    side = param.Selector(default="r", objects=list(ids.SIDES),
                          doc="The leg the sweeps move (abduction, rotation, flexion); the other stays in neutral.")
    camera = param.Dict(default={}, doc="{'position': [x, y, z], 'target': [x, y, z]}, metres, ground frame.")
    message = param.String(default="", doc="Visible feedback, e.g. why an action was refused.")

    def opacity(self) -> dict[str, float]:
        """Return the component's ``opacity`` dict: ``{layer: 0..1, ..., "bones": 0..1}``."""
        return {key: float(getattr(self, opacity_param(key))) for key in OPACITY_KEYS}

    def motion_spec(self) -> MotionSpec:
        """What the shown motion's arrays depend on (normalised: see :class:`~viewer.content.payloads.MotionSpec`)."""
        return MotionSpec.of(self.motion, self.flexion, self.pelvic_drop, self.weak_side, self.side)


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
