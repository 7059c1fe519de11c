"""Feet that stay planted between keyframes: knee and ankle re-solved at every frame.

An exercise with ``planted_feet`` (the glute bridge) keeps each foot where its first keyframe puts
it. The viewer holds the pelvis still, so in the pelvis frame a planted foot may move only along
the direction the pelvis rises (the floor's normal, the axis ``rise_axis``) and must keep its sole's
orientation. The keyframes' angles already satisfy that (tests/unit/test_bridge_feet.py); a blend
of hip, knee and ankle angles between them does not (measured: the foot slid 6.6 cm along the floor
half-way up the bridge). So at every frame, with the hip angles as blended, two one-dimensional
solves with the model's forward kinematics:

1. the knee angle that puts the calcaneus back at the first keyframe's place along the floor's
   long axis (the body's long axis, ``slide_axis``);
2. the ankle angle that brings the sole's normal back to the first keyframe's, in the sagittal
   plane.

What is left (the knee's oblique axis moves the foot a little sideways, and turns it) is what the
keyframes have too: about 1 cm and 3 degrees.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from viewer.anatomy.model import Model, bundle_model

KNEE_RANGE_DEG = (0.0, 120.0)
ANKLE_RANGE_DEG = (-40.0, 30.0)
SLIDE_AXIS = 1
"""Ground-frame axis along the floor and the body (y, superior: the long axis lying on the back)."""
SOLE_AXIS = 1
"""Column of the calcaneus' rotation that is the sole's normal (its y axis)."""


def _foot(model: Model, pose: Mapping[str, float], side: str) -> tuple[np.ndarray, np.ndarray]:
    model.set_pose(dict(pose))
    return model.body_pose(f"calcn_{side}")


def _sole_pitch(rotation: np.ndarray) -> float:
    """Angle of the sole's normal in the sagittal (x-y) plane of the ground frame (radians)."""
    normal = rotation[:, SOLE_AXIS]
    return float(np.arctan2(normal[0], normal[1]))


def plant_feet(joints: Mapping[str, np.ndarray], sides: tuple[str, ...],
               model: Model | None = None) -> dict[str, np.ndarray]:
    """Knee and ankle angles (radians, per frame) that keep each foot where frame 0 has it.

    Parameters
    ----------
    joints : mapping of str to ndarray
        The blended motion (radians, model joint names); frame 0 is the reference.
    sides : tuple of str
        The sides to plant.
    model : Model, optional
        Default :func:`viewer.anatomy.model.bundle_model` (its pose is changed, then reset).

    Returns
    -------
    dict
        ``knee_angle_<side>`` and ``ankle_angle_<side>`` for every side, every frame.

    """
    model = model or bundle_model()
    frames = len(next(iter(joints.values())))
    out: dict[str, np.ndarray] = {}
    for side in sides:
        knee, ankle = f"knee_angle_{side}", f"ankle_angle_{side}"
        pose0 = {name: float(values[0]) for name, values in joints.items()}
        rot0, pos0 = _foot(model, pose0, side)
        target_slide, target_pitch = pos0[SLIDE_AXIS], _sole_pitch(rot0)
        knees, ankles = np.array(joints[knee], float), np.array(joints[ankle], float)
        for i in range(1, frames):
            pose = {name: float(values[i]) for name, values in joints.items()}
            knees[i], ankles[i] = _solve_frame(model, pose, side, (target_slide, target_pitch), (knees[i], ankles[i]))
        out[knee], out[ankle] = knees, ankles
    model.set_pose({})
    return out


def _solve_frame(model: Model, pose: dict[str, float], side: str, target: tuple[float, float],
                 guess: tuple[float, float]) -> tuple[float, float]:
    """Knee, then ankle (radians) at one frame: the foot's place along the floor, then its sole."""
    knee, ankle = f"knee_angle_{side}", f"ankle_angle_{side}"

    def slide(k: float) -> float:
        return float(_foot(model, pose | {knee: k}, side)[1][SLIDE_AXIS] - target[0])

    k = _root(slide, np.radians(KNEE_RANGE_DEG), guess[0])

    def pitch(a: float) -> float:
        turn = _sole_pitch(_foot(model, pose | {knee: k, ankle: a}, side)[0]) - target[1]
        return float((turn + np.pi) % (2 * np.pi) - np.pi)

    return k, _root(pitch, np.radians(ANKLE_RANGE_DEG), guess[1])


def _root(f, bounds: np.ndarray, guess: float) -> float:  # noqa: ANN001 - a scalar function
    """The root of ``f`` in ``bounds`` nearest ``guess``'s bracket; ``guess`` if there is none."""
    from scipy.optimize import brentq  # here: importing scipy.optimize costs about 0.25 s at start-up

    lo, hi = float(bounds[0]), float(bounds[1])
    grid = np.linspace(lo, hi, 25)
    values = np.array([f(x) for x in grid])
    crossings = np.nonzero(np.sign(values[:-1]) != np.sign(values[1:]))[0]
    if not len(crossings):
        return guess
    best = min(crossings, key=lambda c: abs(grid[c] - guess))
    return float(brentq(f, grid[best], grid[best + 1], xtol=1e-6))
