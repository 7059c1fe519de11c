"""Load the MyoLeg model (myo_sim + MjSpec) and prepare it for the viewer.

The model is built with :func:`myo_sim.build.compose.build_legs_spec` (both legs,
pelvis fixed). We keep only the 18 gluteal bundles among the model's muscles, rebuilt over
the wrap objects of :mod:`viewer.anatomy.wraps`,
give the pelvis three hinge joints (tilt, list, rotation, OpenSim's body-fixed
Z-X-Y order) so a measured gait can move it, and let :mod:`viewer.anatomy.fibres`
add interpolated fibre tendons before compiling.

All outputs are in the *ground frame*: the pelvis frame at zero pelvis angles
(x anterior, y superior, z right), metres and radians.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import version

import mujoco
import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.wraps import wrapped_bundles

PELVIS_JOINTS = ("pelvis_tilt", "pelvis_list", "pelvis_rotation")
PELVIS_AXES = ((0.0, 0.0, 1.0), (1.0, 0.0, 0.0), (0.0, 1.0, 0.0))
KNEE_COUPLED_PREFIXES = ("knee_angle_translation", "knee_angle_rotation", "knee_angle_beta")
MODEL_SOURCE = (
    "MyoLeg model from myo_sim {myo} (Apache-2.0), derived from Rajagopal et al. 2016 "
    "(IEEE TBME 63:2068-2079); computed with mujoco {mj}"
)


def model_source() -> str:
    """Provenance string for every number computed from the model."""
    return MODEL_SOURCE.format(myo=version("myo_sim"), mj=mujoco.__version__)


def base_spec() -> mujoco.MjSpec:
    """The MyoLeg spec with only gluteal muscles and a movable pelvis.

    Returns
    -------
    mujoco.MjSpec
        Uncompiled; callers may add sites and tendons before compiling.

    """
    from myo_sim.build.compose import build_legs_spec

    spec = build_legs_spec()
    keep = {ids.bundle_tendon(p) for p in ids.part_ids()}
    for sensor in list(spec.sensors):
        spec.delete(sensor)
    for actuator in list(spec.actuators):
        spec.delete(actuator)
    for tendon in list(spec.tendons):
        if tendon.name not in keep:
            spec.delete(tendon)
    spec.option.disableflags |= mujoco.mjtDisableBit.mjDSBL_CONTACT
    wrapped_bundles(spec, spec.compile())
    pelvis = spec.body("pelvis")
    for name, axis in zip(PELVIS_JOINTS, PELVIS_AXES, strict=False):
        pelvis.add_joint(name=name, type=mujoco.mjtJoint.mjJNT_HINGE, axis=axis,
                         range=[-np.pi / 2, np.pi / 2])
    return spec


@dataclass
class Model:
    """A compiled model with the index tables the rest of the package needs.

    Attributes
    ----------
    model, data : mujoco.MjModel, mujoco.MjData
    ground_rot, ground_pos : ndarray
        World pose of the ground frame (pelvis frame at zero pelvis angles).
    fibre_ids : list of str
        Fibre tendons added to the model, in tendon order after the bundles.

    """

    model: mujoco.MjModel
    data: mujoco.MjData
    fibre_ids: list[str]
    fibre_u: dict[str, float]
    ground_rot: np.ndarray = field(init=False)
    ground_pos: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        m, d = self.model, self.data
        d.qpos[:] = 0.0
        mujoco.mj_kinematics(m, d)
        pelvis = m.body("pelvis").id
        self.ground_rot = d.xmat[pelvis].reshape(3, 3).copy()
        self.ground_pos = d.xpos[pelvis].copy()
        self._qadr = {m.joint(j).name: int(m.jnt_qposadr[j]) for j in range(m.njnt)}
        self._dofadr = {m.joint(j).name: int(m.jnt_dofadr[j]) for j in range(m.njnt)}
        self._couplings = self._knee_couplings()
        self._jac_rows = np.repeat(np.arange(m.ntendon), m.ten_J_rownnz)

    def qpos_index(self, joint: str) -> int:
        """Qpos address of a joint by name (``hip_flexion_r``)."""
        return self._qadr[joint]

    def dof_index(self, joint: str) -> int:
        """Dof address of a joint by name."""
        return self._dofadr[joint]

    def tendon_index(self, name: str) -> int:
        """Tendon id by name; raises UnknownIdError naming the problem."""
        tid = mujoco.mj_name2id(self.model, mujoco.mjtObj.mjOBJ_TENDON, name)
        if tid < 0:
            raise ids.UnknownIdError(f"no tendon {name!r} in the model")
        return tid

    def _knee_couplings(self) -> list[tuple[int, int, np.ndarray]]:
        """Polynomial joint couplings (dependent qpos, driver qpos, coefficients)."""
        m = self.model
        out = []
        for e in range(m.neq):
            if m.eq_type[e] != mujoco.mjtEq.mjEQ_JOINT:
                continue
            dep, drv = int(m.eq_obj1id[e]), int(m.eq_obj2id[e])
            out.append((int(m.jnt_qposadr[dep]), int(m.jnt_qposadr[drv]), m.eq_data[e, :5].copy()))
        return out

    def set_pose(self, angles: dict[str, float]) -> None:
        """Set joint angles (radians, model names) and recompute positions and tendons.

        Joints not named stay at zero; knee-coupled coordinates follow the knee
        angle through the model's polynomial constraints.
        """
        m, d = self.model, self.data
        d.qpos[:] = 0.0
        for name, value in angles.items():
            d.qpos[self._qadr[name]] = value
        for dep, drv, c in self._couplings:
            x = d.qpos[drv] - m.qpos0[drv]
            d.qpos[dep] = m.qpos0[dep] + c[0] + x * (c[1] + x * (c[2] + x * (c[3] + x * c[4])))
        mujoco.mj_kinematics(m, d)
        mujoco.mj_comPos(m, d)
        mujoco.mj_tendon(m, d)

    def to_ground(self, points: np.ndarray) -> np.ndarray:
        """Convert world points (..., 3) to the ground frame."""
        return (points - self.ground_pos) @ self.ground_rot

    def body_pose(self, body: str) -> tuple[np.ndarray, np.ndarray]:
        """Rotation (3x3) and position of a body in the ground frame at the current pose."""
        b = self.model.body(body).id
        rot = self.ground_rot.T @ self.data.xmat[b].reshape(3, 3)
        return rot, self.to_ground(self.data.xpos[b])

    def tendon_jacobian(self) -> np.ndarray:
        """Dense d(length)/d(q), shape (ntendon, nv), at the current pose.

        mujoco 3.17 stores ``ten_J`` sparse, with the pattern (rownnz, rowadr,
        colind) in the model; this scatters it into a dense matrix.
        """
        m = self.model
        dense = np.zeros((m.ntendon, m.nv))
        dense[self._jac_rows, m.ten_J_colind] = self.data.ten_J
        return dense


@lru_cache(maxsize=1)
def bundle_model() -> Model:
    """The model with only its own 18 gluteal bundles (no added fibres)."""
    spec = base_spec()
    m = spec.compile()
    return Model(m, mujoco.MjData(m), [], {})
