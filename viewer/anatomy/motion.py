"""The :class:`Motion` type: one looping motion, phase 0..1 -> joint angles of both sides.

Every motion loops smoothly (sweeps go out and back along a sine, running is one periodic
gait cycle, exercises blend keyframes and return to the first). Angles are radians in the
model's conventions (+flexion, +adduction, +internal rotation); degrees appear only at the
edges. The motions themselves are made in :mod:`~viewer.anatomy.sweeps`,
:mod:`~viewer.anatomy.running`, :mod:`~viewer.anatomy.exercises` and
:mod:`~viewer.anatomy.pelvic_drop`, and found by name in :mod:`~viewer.anatomy.motions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from viewer.anatomy.gait import Phase


@dataclass(frozen=True)
class Motion:
    """One looping motion sampled at ``phase``.

    Attributes
    ----------
    name : str
        A name of :data:`viewer.anatomy.motions.MOTIONS` (or ``neutral``).
    label : str
        Human-readable title.
    phase : ndarray, shape (n,)
        Sample phases in [0, 1); the motion loops from the last back to the first.
    joints : dict of str -> ndarray
        Joint angles in radians keyed by model joint names (``hip_flexion_r``,
        ``knee_angle_l``, ``pelvis_list`` ...). Joints not listed stay at zero.
    events : dict of str -> float
        Named instants (phase fractions).
    phases : tuple of Phase
        Named intervals covering the cycle (empty for none).
    source : str
        Provenance of the angles.
    params : dict
        Parameters the motion was made with (e.g. ``flexion_deg``); numbers, or short
        strings such as an exercise's ``cue`` and ``working_side``.

    """

    name: str
    label: str
    phase: np.ndarray
    joints: dict[str, np.ndarray]
    events: dict[str, float]
    phases: tuple[Phase, ...]
    source: str
    params: dict[str, float | str] = field(default_factory=dict)

    @property
    def frames(self) -> int:
        """Number of samples."""
        return len(self.phase)

    def pose(self, frame: int) -> dict[str, float]:
        """Joint angles (radians) at one frame."""
        return {name: float(values[frame]) for name, values in self.joints.items()}

    def phase_list(self, decimals: int = 6) -> list[float]:
        """The phase of each frame, rounded: the ``phase`` of the CLI's JSON."""
        return [round(float(p), decimals) for p in self.phase]

    def joints_deg(self, decimals: int = 4) -> dict[str, list[float]]:
        """Joint angles in degrees per frame, rounded: the ``joints`` of the CLI's JSON."""
        return {name: [round(float(v), decimals) for v in np.degrees(values)] for name, values in self.joints.items()}


def sample_phase(frames: int) -> np.ndarray:
    """``frames`` evenly spaced phases in [0, 1) (the loop closes on itself)."""
    if frames < 2:
        raise ValueError(f"frames must be at least 2, got {frames}")
    return np.arange(frames) / frames
