"""Moment arms and lengths from mujoco's tendon Jacobian.

A moment arm is ``-dL/dq`` (docs/reference/ids.md, frames and units): positive means the fibre
produces the joint's positive motion (flexion, adduction, internal rotation).
Lengths and moment arms are in metres.
"""

from __future__ import annotations

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.model import Model

COORDINATES = ids.HIP_COORDINATES  # flexion, adduction, rotation


def side_of_tendon(name: str) -> str:
    """Side letter of a bundle (``glmed1_r_tendon``) or fibre (``glmed1_r__f03``) tendon."""
    return name.split("__")[0].removesuffix("_tendon")[-1]


class MomentArmTable:
    """Index tables to read lengths and hip moment arms for a set of tendons.

    Parameters
    ----------
    model : Model
        The compiled model.
    tendon_names : list of str
        Tendon names (bundles or fibres); each uses the hip joints of its own side.

    """

    def __init__(self, model: Model, tendon_names: list[str]) -> None:
        self.model = model
        self.tendons = np.array([model.tendon_index(n) for n in tendon_names], dtype=int)
        self.dofs = np.array(
            [[model.dof_index(ids.hip_joint(c, side_of_tendon(n))) for c in COORDINATES] for n in tendon_names],
            dtype=int,
        )

    def lengths(self) -> np.ndarray:
        """Tendon lengths (m) at the model's current pose, shape (T,)."""
        return self.model.data.ten_length[self.tendons].copy()

    def moment_arms(self) -> np.ndarray:
        """Hip moment arms (m) at the current pose, shape (T, 3): flexion, adduction, rotation."""
        jac = self.model.tendon_jacobian()
        return -jac[self.tendons[:, None], self.dofs]


def sweep(
    model: Model,
    tendon: str,
    coordinate: str,
    angles_rad: np.ndarray,
    fixed_rad: dict[str, float],
) -> tuple[np.ndarray, np.ndarray]:
    """Moment arm about ``coordinate`` and length of one tendon as that coordinate sweeps.

    Parameters
    ----------
    model : Model
        The compiled model (its pose is changed).
    tendon : str
        Tendon name (``glmed1_r_tendon`` or ``glmed1_r__f03``).
    coordinate : {"flexion", "adduction", "rotation"}
        The hip coordinate swept (of the tendon's own side).
    angles_rad : ndarray
        Values of the swept coordinate.
    fixed_rad : dict
        Values of the other hip coordinates by coordinate name (missing = 0).

    Returns
    -------
    moment_arm, length : ndarray
        Metres, one value per angle.

    """
    ids.check_choice(coordinate, COORDINATES, "coordinate")
    side = side_of_tendon(tendon)
    table = MomentArmTable(model, [tendon])
    column = COORDINATES.index(coordinate)
    arms, lengths = [], []
    for angle in np.asarray(angles_rad, dtype=float):
        pose = {ids.hip_joint(c, side): float(fixed_rad.get(c, 0.0)) for c in COORDINATES}
        pose[ids.hip_joint(coordinate, side)] = float(angle)
        model.set_pose(pose)
        arms.append(table.moment_arms()[0, column])
        lengths.append(table.lengths()[0])
    return np.array(arms), np.array(lengths)


def rotation_vs_flexion(model: Model, tendon: str, flexions_rad: np.ndarray) -> np.ndarray:
    """Hip rotation moment arm of one tendon at each hip flexion, rotation and adduction neutral.

    Parameters
    ----------
    model : Model
        The compiled model (its pose is changed, then reset to neutral).
    tendon : str
        Tendon name (``glmed3_r_tendon`` or a fibre ``glmed3_r__f03``); uses the hip of its side.
    flexions_rad : ndarray
        Hip flexion angles (radians).

    Returns
    -------
    ndarray
        Rotation moment arm (m) per flexion; + means the tendon rotates the hip internally.

    """
    side = side_of_tendon(tendon)
    table = MomentArmTable(model, [tendon])
    column = COORDINATES.index("rotation")
    out = []
    for flexion in np.asarray(flexions_rad, dtype=float).ravel():
        model.set_pose({ids.hip_joint("flexion", side): float(flexion)})
        out.append(table.moment_arms()[0, column])
    model.set_pose({})
    return np.array(out).reshape(np.shape(flexions_rad))


def sign_change(x: np.ndarray, y: np.ndarray) -> list[float]:
    """Values of ``x`` where ``y`` changes sign, by linear interpolation between samples.

    Parameters
    ----------
    x, y : ndarray, shape (n,)
        Samples of a curve, ``x`` increasing.

    Returns
    -------
    list of float
        One crossing per sign change, in order. A sample exactly at zero counts once, and
        only if the curve goes on to the other side (touching zero is not a change).

    Raises
    ------
    ValueError
        If ``x`` and ``y`` differ in length.

    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"x and y must be 1-D arrays of one length, got {x.shape} and {y.shape}")
    out: list[float] = []
    last = None  # index of the last nonzero sample
    for i, value in enumerate(y):
        if value == 0:
            continue
        if last is not None and np.sign(value) != np.sign(y[last]):
            if i - last > 1:  # zeros between: the crossing is the first zero sample
                out.append(float(x[last + 1]))
            else:
                t = y[last] / (y[last] - value)
                out.append(float(x[last] + t * (x[i] - x[last])))
        last = i
    return out
