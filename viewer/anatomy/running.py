"""Running as a looping motion: the measured cycle of Hamner & Delp (2013) at 5 m/s.

The cycle itself (Fourier coefficients, events, phases) is read by :mod:`viewer.anatomy.gait`;
this module samples it for both legs and the pelvis.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.gait import load_running
from viewer.anatomy.motion import Motion, sample_phase

DEFAULT_FRAMES: Final = 64


def running(frames: int | None = None) -> Motion:
    """One running cycle from right foot strike (Hamner & Delp 2013, 5 m/s).

    The left leg is the right leg half a cycle later; pelvis tilt, list and
    rotation come from the same data, so the contralateral pelvic drop shows.
    """
    cycle = load_running()
    phase = sample_phase(frames or DEFAULT_FRAMES)
    joints: dict[str, np.ndarray] = {}
    for side in ids.SIDES:
        angles = cycle.side_angles_rad(phase, side)
        for name in ("hip_flexion", "hip_adduction", "hip_rotation", "knee_angle"):
            joints[f"{name}_{side}"] = np.asarray(angles[f"{name}_{side}"])
    pelvis = cycle.angles_rad(phase)
    for name in ("pelvis_tilt", "pelvis_list", "pelvis_rotation"):
        joints[name] = np.asarray(pelvis[name])
    return Motion("running", "Running, 5 m/s", phase, joints, dict(cycle.events), tuple(cycle.phases), cycle.source)
