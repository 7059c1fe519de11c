"""The sweeps of one hip coordinate: abduction/adduction, rotation at a hip flexion, flexion/extension.

Each sweep goes out and back along a sine inside the MyoLeg model's joint ranges, both sides
together, and loops. Angles are radians; the degrees in the names are the edges'.
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


def _sweep(phase: np.ndarray, low_deg: float, high_deg: float) -> np.ndarray:
    """Out-and-back sine between ``low_deg`` and ``high_deg`` (radians), rising first."""
    centre, half = (high_deg + low_deg) / 2, (high_deg - low_deg) / 2
    return np.radians(centre + half * np.sin(2 * np.pi * phase))


def _both(joint: str, values: np.ndarray) -> dict[str, np.ndarray]:
    return {f"{joint}_{s}": values for s in ids.SIDES}


def abduction(frames: int | None = None) -> Motion:
    """Hip adduction to +20 deg, then abduction to -40 deg, both sides."""
    phase = sample_phase(frames or DEFAULT_FRAMES["abduction"])
    add = _sweep(phase, -40.0, 20.0)
    return Motion("abduction", "Hip abduction / adduction", phase, _both("hip_adduction", add),
                  {"max_adduction": 0.25, "max_abduction": 0.75}, (), SWEEP_SOURCE,
                  {"low_deg": -40.0, "high_deg": 20.0})


def check_flexion(flexion_deg: float) -> float:
    """Validate the hip flexion of a rotation sweep (degrees)."""
    lo, hi = FLEXION_LIMITS_DEG
    ok = isinstance(flexion_deg, (int, float)) and not isinstance(flexion_deg, bool) and np.isfinite(flexion_deg)
    if not ok or not lo <= flexion_deg <= hi:
        raise ValueError(f"hip flexion {flexion_deg!r} deg out of range; expected a number from {lo:g} to {hi:g}")
    return float(flexion_deg)


def rotation(flexion_deg: float = 0.0, frames: int | None = None) -> Motion:
    """Internal rotation to +40 deg then external to -40 deg at a fixed hip flexion."""
    flexion_deg = check_flexion(flexion_deg)
    phase = sample_phase(frames or DEFAULT_FRAMES["rotation"])
    joints = _both("hip_rotation", _sweep(phase, -40.0, 40.0))
    joints |= _both("hip_flexion", np.full_like(phase, np.radians(flexion_deg)))
    joints |= _both("knee_angle", np.full_like(phase, np.radians(max(flexion_deg, 0.0))))
    return Motion("rotation", f"Hip internal / external rotation at {flexion_deg:g} deg flexion", phase,
                  joints, {"max_internal": 0.25, "max_external": 0.75}, (), SWEEP_SOURCE,
                  {"flexion_deg": flexion_deg, "low_deg": -40.0, "high_deg": 40.0})


def flexion(frames: int | None = None) -> Motion:
    """Hip flexion to 90 deg then extension to -20 deg, knee following the hip."""
    phase = sample_phase(frames or DEFAULT_FRAMES["flexion"])
    flex = _sweep(phase, -20.0, 90.0)
    joints = _both("hip_flexion", flex) | _both("knee_angle", np.clip(flex, 0.0, None))
    return Motion("flexion", "Hip flexion / extension", phase, joints,
                  {"max_flexion": 0.25, "max_extension": 0.75}, (), SWEEP_SOURCE,
                  {"low_deg": -20.0, "high_deg": 90.0})


def neutral() -> Motion:
    """The neutral standing pose as a one-frame motion (all joint angles zero)."""
    return Motion("neutral", "Neutral pose", np.zeros(1), {}, {}, (), SWEEP_SOURCE)
