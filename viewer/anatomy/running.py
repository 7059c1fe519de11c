"""Running as a looping motion: the measured cycle of Hamner & Delp (2013) at 5 m/s.

The cycle itself (Fourier coefficients, events, phases) is read by :mod:`viewer.anatomy.gait`;
this module samples it for both legs and the pelvis, and applies the project's one adjustment:
both hips a little further into abduction (:data:`HIP_ABDUCTION_OFFSET_DEG`), so the swing foot
clears the stance shin of the model's bones.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.gait import LEG_ANGLES, load_running
from viewer.anatomy.motion import Motion, sample_phase

DEFAULT_FRAMES: Final = 64
HIP_ABDUCTION_OFFSET_DEG: Final = 2.5
"""The project's adjustment to the measured cycle: both hips are turned this much further into abduction
(``hip_adduction`` minus this, at every phase). With the measured angles the swing foot grazes the
stance shin (2-4 mm into the bone meshes at 25-30 % and 75-80 % of the cycle). The smallest clearance
between the legs' meshes, over 256 phases: 3.6 mm with 1.5 deg, 12 mm with 2 deg, 20 mm with 2.5 deg;
with 20 deg of extra pelvic drop (:mod:`viewer.anatomy.pelvic_drop`) -6.6, -1.1 and 7.1 mm, so 2.5 deg
is the smallest half degree that keeps the feet apart in every running motion offered
(tests/mechanics/test_legs_apart.py). The model's legs are rigid bones on a generic pelvis, not the
runners' own; the offset widens the gap between the heels by 4 to 6 cm."""
ADJUSTMENT: Final = (
    f"Adjusted by the project: both hips {HIP_ABDUCTION_OFFSET_DEG:g} deg further into abduction throughout, "
    "so the swing foot clears the stance shin of the model's bones"
)


def running(frames: int | None = None) -> Motion:
    """One running cycle from right foot strike (Hamner & Delp 2013, 5 m/s).

    The left leg is the right leg half a cycle later; pelvis tilt, list and
    rotation come from the same data, so the contralateral pelvic drop shows. The
    ankle (+dorsiflexion) comes from the same cycle, so the foot lands near neutral,
    dorsiflexes through stance and plantarflexes to toe-off. Hip adduction is the measured
    one minus :data:`HIP_ABDUCTION_OFFSET_DEG` (the project's adjustment, named in ``source``).
    Each phase carries its ``definition`` (how its boundaries are defined, for the phase strip)
    and ``source`` states toe-off as measured (mean ± spread over the cycles read, force threshold).
    """
    cycle = load_running()
    phase = sample_phase(frames or DEFAULT_FRAMES)
    joints: dict[str, np.ndarray] = {}
    for side in ids.SIDES:
        angles = cycle.side_angles_rad(phase, side)
        for name in LEG_ANGLES:
            joints[f"{name}_{side}"] = np.asarray(angles[f"{name}_{side}"])
        joints[f"hip_adduction_{side}"] = joints[f"hip_adduction_{side}"] - np.radians(HIP_ABDUCTION_OFFSET_DEG)
    pelvis = cycle.angles_rad(phase)
    for name in ("pelvis_tilt", "pelvis_list", "pelvis_rotation"):
        joints[name] = np.asarray(pelvis[name])
    source = f"{cycle.source.rstrip('.')}. {cycle.toe_off_note} {ADJUSTMENT}."
    return Motion("running", "Running, 5 m/s", phase, joints, dict(cycle.events), tuple(cycle.phases), source)
