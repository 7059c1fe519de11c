"""The sweeps of one hip coordinate: abduction/adduction, rotation at a hip flexion, flexion/extension.

Each sweep goes out and back along a sine inside the MyoLeg model's joint ranges and loops. It
moves one leg, the right by default (``side``); the other leg stays in neutral (its joints are not
listed, so they stay at zero, as :class:`~viewer.anatomy.motion.Motion` defines). Angles are
radians; the degrees in the names are the edges'.

Where the still leg is in the way, an edge stops short of the model's range: the sweeps never make
the two legs' bones meet (tests/mechanics/test_legs_apart.py). Adduction stops at
:data:`ADDUCTION_EDGE_DEG`; internal rotation at :func:`internal_rotation_edge` of the hip flexion.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.motion import Motion, sample_phase

OFFERED_FLEXIONS_DEG: Final = (0.0, 15.0, 45.0, 90.0)
"""Hip flexions of the rotation sweep offered as presets (the teaching views)."""
FLEXION_LIMITS_DEG: Final = (-20.0, 110.0)
"""Hip flexion accepted for the rotation sweep (inside the model's -30..120 deg range)."""
DEFAULT_FRAMES: Final = {"abduction": 48, "rotation": 48, "flexion": 48}
SWEEP_SOURCE: Final = "sweep within the MyoLeg model's joint ranges (myo_sim, Rajagopal et al. 2016)"
ABDUCTION_EDGE_DEG: Final = -40.0
"""Hip abduction at the far edge of the abduction sweep (negative adduction)."""
ADDUCTION_EDGE_DEG: Final = 5.0
"""Hip adduction at the near edge of the abduction sweep. The still leg is in the way: measured with
the model's bone meshes, the moving heel meets the still one at 6.4 deg (clearance 4.7 mm at 6 deg,
18.8 mm at 5 deg). In life adduction past this is done crossing in front of the other leg (with some
hip flexion) or with the other leg moved aside, as in the clinical test."""
ROTATION_EDGE_DEG: Final = 40.0
"""Internal and external rotation at the edges of the rotation sweep."""
NEAR_NEUTRAL_FLEXION_DEG: Final = 5.0
"""Below this hip flexion (either way) the feet are side by side and internal rotation stops short."""
NEAR_NEUTRAL_INTERNAL_DEG: Final = 35.0
"""Internal rotation edge while the hip is within :data:`NEAR_NEUTRAL_FLEXION_DEG` of neutral flexion:
at 0 deg flexion the moving toes meet the still foot's at 38.5 deg (clearance 5.3 mm at 36 deg, 8 mm at
35 deg; at least 3.9 mm at 35 deg over -5..5 deg of flexion, and 15 mm at 40 deg from 5 deg either way)."""


def _sweep(phase: np.ndarray, low_deg: float, high_deg: float) -> np.ndarray:
    """Out-and-back sine between ``low_deg`` and ``high_deg`` (radians), rising first."""
    centre, half = (high_deg + low_deg) / 2, (high_deg - low_deg) / 2
    return np.radians(centre + half * np.sin(2 * np.pi * phase))


def check_side(side: str) -> str:
    """Validate the leg a sweep moves: ``"r"`` or ``"l"`` (:data:`viewer.anatomy.ids.SIDES`)."""
    return ids.check_choice(side, ids.SIDES, "side")


def _one(joint: str, values: np.ndarray, side: str) -> dict[str, np.ndarray]:
    """``values`` on ``side``'s joint only: the other leg's joint is not listed, so it stays at zero."""
    return {f"{joint}_{side}": values}


def abduction(frames: int | None = None, side: str = "r") -> Motion:
    """Hip adduction to +5 deg, then abduction to -40 deg, of the ``side`` leg; the other stays in neutral.

    Adduction stops at :data:`ADDUCTION_EDGE_DEG`, where the still leg is in the way.
    """
    side = check_side(side)
    phase = sample_phase(frames or DEFAULT_FRAMES["abduction"])
    add = _sweep(phase, ABDUCTION_EDGE_DEG, ADDUCTION_EDGE_DEG)
    return Motion("abduction", "Hip abduction / adduction", phase, _one("hip_adduction", add, side),
                  {"max_adduction": 0.25, "max_abduction": 0.75}, (), SWEEP_SOURCE,
                  {"low_deg": ABDUCTION_EDGE_DEG, "high_deg": ADDUCTION_EDGE_DEG, "side": side})


def check_flexion(flexion_deg: float) -> float:
    """Validate the hip flexion of a rotation sweep (degrees)."""
    lo, hi = FLEXION_LIMITS_DEG
    ok = isinstance(flexion_deg, (int, float)) and not isinstance(flexion_deg, bool) and np.isfinite(flexion_deg)
    if not ok or not lo <= flexion_deg <= hi:
        raise ValueError(f"hip flexion {flexion_deg!r} deg out of range; expected a number from {lo:g} to {hi:g}")
    return float(flexion_deg)


def internal_rotation_edge(flexion_deg: float) -> float:
    """Internal rotation (deg) at the edge of the rotation sweep at a hip flexion (deg).

    40 deg, except within 5 deg of neutral flexion (``|flexion_deg| < 5``), where the feet are side by
    side and the moving foot's toes would turn into the still foot: there 35 deg
    (:data:`NEAR_NEUTRAL_INTERNAL_DEG`).
    """
    return NEAR_NEUTRAL_INTERNAL_DEG if abs(flexion_deg) < NEAR_NEUTRAL_FLEXION_DEG else ROTATION_EDGE_DEG


def rotation(flexion_deg: float = 0.0, frames: int | None = None, side: str = "r") -> Motion:
    """Internal rotation to +40 deg then external to -40 deg of the ``side`` leg at a fixed hip flexion.

    Within 5 deg of neutral flexion internal rotation stops at 35 deg (:func:`internal_rotation_edge`).
    The hip flexion and the knee (following it) are on the moving leg only; the other stays in neutral.
    """
    flexion_deg = check_flexion(flexion_deg)
    side = check_side(side)
    phase = sample_phase(frames or DEFAULT_FRAMES["rotation"])
    internal = internal_rotation_edge(flexion_deg)
    joints = _one("hip_rotation", _sweep(phase, -ROTATION_EDGE_DEG, internal), side)
    joints |= _one("hip_flexion", np.full_like(phase, np.radians(flexion_deg)), side)
    joints |= _one("knee_angle", np.full_like(phase, np.radians(max(flexion_deg, 0.0))), side)
    return Motion("rotation", f"Hip internal / external rotation at {flexion_deg:g} deg flexion", phase,
                  joints, {"max_internal": 0.25, "max_external": 0.75}, (), SWEEP_SOURCE,
                  {"flexion_deg": flexion_deg, "low_deg": -ROTATION_EDGE_DEG, "high_deg": internal, "side": side})


def flexion(frames: int | None = None, side: str = "r") -> Motion:
    """Hip flexion to 90 deg then extension to -20 deg of the ``side`` leg, knee following the hip."""
    side = check_side(side)
    phase = sample_phase(frames or DEFAULT_FRAMES["flexion"])
    flex = _sweep(phase, -20.0, 90.0)
    joints = _one("hip_flexion", flex, side) | _one("knee_angle", np.clip(flex, 0.0, None), side)
    return Motion("flexion", "Hip flexion / extension", phase, joints,
                  {"max_flexion": 0.25, "max_extension": 0.75}, (), SWEEP_SOURCE,
                  {"low_deg": -20.0, "high_deg": 90.0, "side": side})


def neutral() -> Motion:
    """The neutral standing pose as a one-frame motion (all joint angles zero)."""
    return Motion("neutral", "Neutral pose", np.zeros(1), {}, {}, (), SWEEP_SOURCE)
