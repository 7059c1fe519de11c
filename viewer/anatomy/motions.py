"""Motions: phase 0..1 -> joint angles for both sides, with named events and phases.

Every motion loops smoothly: sweeps go out and back along a sine, and running
is one periodic gait cycle. Angles are radians in the model's conventions
(+flexion, +adduction, +internal rotation); degrees appear only at the edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.gait import Phase

MOTION_NAMES = ("abduction", "rotation", "flexion", "running")
EXERCISE_NAMES = ("hip_hitch", "side_lying_abduction", "clamshell", "band_internal_rotation", "glute_bridge")
"""Exercise presets (annotations/motions/exercises.yaml), also accepted by :func:`make_motion`."""
OFFERED_FLEXIONS_DEG = (0.0, 15.0, 45.0, 90.0)
FLEXION_LIMITS_DEG = (-20.0, 110.0)
"""Hip flexion accepted for the rotation sweep (inside the model's -30..120 deg range)."""
DEFAULT_FRAMES = {"abduction": 48, "rotation": 48, "flexion": 48, "running": 64}
SWEEP_SOURCE = "sweep within the MyoLeg model's joint ranges (myo_sim, Rajagopal et al. 2016)"


@dataclass(frozen=True)
class Motion:
    """One looping motion sampled at ``phase``.

    Attributes
    ----------
    name : str
        One of :data:`MOTION_NAMES`.
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


def sample_phase(frames: int) -> np.ndarray:
    """``frames`` evenly spaced phases in [0, 1) (the loop closes on itself)."""
    if frames < 2:
        raise ValueError(f"frames must be at least 2, got {frames}")
    return np.arange(frames) / frames


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
    if not isinstance(flexion_deg, (int, float)) or not np.isfinite(flexion_deg) or not lo <= flexion_deg <= hi:
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


def running(frames: int | None = None) -> Motion:
    """One running cycle from right foot strike (Hamner & Delp 2013, 5 m/s).

    The left leg is the right leg half a cycle later; pelvis tilt, list and
    rotation come from the same data, so the contralateral pelvic drop shows.
    """
    from viewer.anatomy.gait import load_running

    cycle = load_running()
    phase = sample_phase(frames or DEFAULT_FRAMES["running"])
    joints: dict[str, np.ndarray] = {}
    for side in ids.SIDES:
        angles = cycle.side_angles_rad(phase, side)
        for name in ("hip_flexion", "hip_adduction", "hip_rotation", "knee_angle"):
            joints[f"{name}_{side}"] = np.asarray(angles[f"{name}_{side}"])
    pelvis = cycle.angles_rad(phase)
    for name in ("pelvis_tilt", "pelvis_list", "pelvis_rotation"):
        joints[name] = np.asarray(pelvis[name])
    phases = tuple(cycle.phases)
    return Motion("running", "Running, 5 m/s", phase, joints, dict(cycle.events), phases, cycle.source)


def make_motion(
    name: str,
    flexion_deg: float = 0.0,
    frames: int | None = None,
    *,
    pelvic_drop_deg: float | None = None,
    weak_side: str = "r",
) -> Motion:
    """Build a motion or an exercise preset by name.

    Parameters
    ----------
    name : str
        One of :data:`MOTION_NAMES` or :data:`EXERCISE_NAMES`.
    flexion_deg : float
        Hip flexion of the ``rotation`` sweep (ignored by the others).
    frames : int, optional
        Number of samples.
    pelvic_drop_deg : float, optional
        ``running`` only: extra contralateral pelvic drop (0..20 deg) during the stance of
        ``weak_side`` (:func:`viewer.anatomy.pelvic_drop.running_with_pelvic_drop`).
    weak_side : {"r", "l"}
        Side of the weak gluteus medius, with ``pelvic_drop_deg``.

    Raises
    ------
    viewer.anatomy.ids.UnknownIdError
        For an unknown name, naming the valid ones.
    ValueError
        For ``pelvic_drop_deg`` out of range or given with a motion other than ``running``.

    """
    ids.check_choice(name, MOTION_NAMES + EXERCISE_NAMES, "motion")
    if pelvic_drop_deg is not None and name != "running":
        raise ValueError(f"pelvic_drop_deg applies to running only, not {name!r}")
    if name in EXERCISE_NAMES:
        from viewer.anatomy.exercises import exercise_motion

        return exercise_motion(name, frames)
    if name == "abduction":
        return abduction(frames)
    if name == "rotation":
        return rotation(flexion_deg, frames)
    if name == "flexion":
        return flexion(frames)
    if pelvic_drop_deg is not None:
        from viewer.anatomy.pelvic_drop import running_with_pelvic_drop

        return running_with_pelvic_drop(pelvic_drop_deg, weak_side, frames)
    return running(frames)


def standard_motions() -> list[Motion]:
    """Every motion the viewer offers: the sweeps, rotation at each offered flexion, running."""
    out = [abduction()]
    out += [rotation(f) for f in OFFERED_FLEXIONS_DEG]
    out += [flexion(), running()]
    return out


def neutral() -> Motion:
    """The neutral standing pose as a one-frame motion (all joint angles zero)."""
    return Motion("neutral", "Neutral pose", np.zeros(1), {}, {}, (), SWEEP_SOURCE)
