"""The wrap objects that keep the gluteal paths outside bone (docs/explanation/wrapping.md).

MyoLeg (myo_sim 0.2.4) keeps the ``Gmax1/Gmax2_at_pelvis_wrap`` cylinders of Rajagopal et al.
(2016) and their side sites, but comments out the tendon entries that use them; its gluteus
medius and minimus are straight two-point lines. Measured against the bone meshes, those paths
run up to 9 mm deep into the femoral head, the greater trochanter and the posterior acetabular
rim at 90 deg hip flexion with external rotation. Here:

- **Maximus bundles 1 and 2** wrap their Rajagopal cylinders again, between their second and
  third sites as in the commented-out entries. The ``Gmax1`` cylinder's radius is 30 mm instead of
  40 mm: with 40 mm the restored path still ran 4.5 mm into the greater trochanter at 90 deg
  flexion and 40 deg external rotation, and jumped by up to 26 mm near 110 deg flexion (a tangent
  point entering the cylinder).
- **Medius and minimus** wrap a sphere centred on the hip joint centre (so it moves with neither
  bone; femoral head, neck and acetabular rim lie inside it): 55 mm for medius (clears the greater
  trochanter; its insertions lie 57-61 mm from the centre, so the sphere never swallows them),
  35 mm for minimus. No side point: the shorter way round, so lengths never jump.
- **Interpolated maximus fibres** (:mod:`viewer.anatomy.fibres`) get their own cylinder,
  interpolated between the neighbouring bundles' (centre and size linear, orientation slerp).
  Between bundles 1 and 2 the side point's direction is interpolated in the cylinder's frame;
  between 2 and 3 the fibre has no side point, because an interpolated side sends these fibres the
  long way round near neutral (measured: 341 mm instead of 189 mm, a 130 mm jump).

All wrap geoms sit on the pelvis body; mujoco computes lengths and Jacobians over them, and
:mod:`viewer.anatomy.fibre_paths` draws the same paths, arcs included.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import mujoco
import numpy as np

from viewer.anatomy import ids

GMAX_RADIUS_M: Final = {1: 0.030}
"""Cylinder radii changed from MyoLeg's (40 mm for Gmax1), by bundle number."""
HIP_SPHERE_RADIUS_M: Final = {"glmed": 0.055, "glmin": 0.035}
"""Radius of the hip-centred sphere each muscle wraps over."""
RESTORED_GMAX: Final = (1, 2)
"""Maximus bundles whose commented-out MyoLeg cylinder wrap is put back (3 already wraps)."""
SIDE_INTERPOLATED_BETWEEN: Final = (1, 2)
"""Bundle pairs whose fibres get an interpolated side point (others: none)."""


@dataclass(frozen=True)
class PathPoint:
    """One element of a bundle path: a site on a body, or a wrap geom with its side site."""

    kind: str  # "site" or "geom"
    name: str
    body: str
    pos: tuple[float, float, float]
    sidesite: str = ""


def bundle_path(model: mujoco.MjModel, part: str) -> list[PathPoint]:
    """The path elements of the model's own tendon for a part, in order."""
    tid = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_TENDON, ids.bundle_tendon(part))
    adr, num = model.tendon_adr[tid], model.tendon_num[tid]
    out = []
    for w in range(adr, adr + num):
        obj = int(model.wrap_objid[w])
        if model.wrap_type[w] == mujoco.mjtWrap.mjWRAP_SITE:
            out.append(PathPoint("site", model.site(obj).name, model.body(model.site_bodyid[obj]).name,
                                 tuple(float(x) for x in model.site_pos[obj])))
        else:
            side = int(model.wrap_prm[w])
            out.append(PathPoint("geom", model.geom(obj).name, model.body(model.geom_bodyid[obj]).name,
                                 (0.0, 0.0, 0.0), model.site(side).name if side >= 0 else ""))
    return out


def gmax_cylinder(number: int, side: str) -> str:
    """Name of MyoLeg's cylinder for maximus bundle ``number``."""
    return f"Gmax{number}_at_pelvis_wrap_{side}"


def gmax_side_site(number: int, side: str) -> str:
    """Name of MyoLeg's side site for that cylinder."""
    return f"Gmax{number}_at_pelvis_site_glmax{number}_{side}"


def hip_sphere(code: str, side: str) -> str:
    """Name of the hip-centred sphere added for ``glmed`` or ``glmin``."""
    return f"{code}_hip_sphere_{side}"


def _wrap_of(code: str, number: int, side: str) -> tuple[str, str]:
    if code == "glmax":
        return (gmax_cylinder(number, side), gmax_side_site(number, side))
    return (hip_sphere(code, side), "")


def wrapped_bundles(spec: mujoco.MjSpec, original: mujoco.MjModel) -> None:
    """Add the wrap objects and rebuild the 18 gluteal tendons over them, in part order.

    Parameters
    ----------
    spec : mujoco.MjSpec
        The MyoLeg spec, gluteal tendons still as MyoLeg has them.
    original : mujoco.MjModel
        ``spec`` compiled before this call (its bundle paths and hip centres are read).

    """
    pelvis = spec.body("pelvis")
    for side in ids.SIDES:
        centre = np.array(original.body(f"femur_{side}").pos)
        for code, radius in HIP_SPHERE_RADIUS_M.items():
            pelvis.add_geom(name=hip_sphere(code, side), type=mujoco.mjtGeom.mjGEOM_SPHERE,
                            size=[radius, 0.0, 0.0], pos=centre, group=3, contype=0, conaffinity=0)
        for number, radius in GMAX_RADIUS_M.items():
            spec.geom(gmax_cylinder(number, side)).size[0] = radius
    paths = {part: bundle_path(original, part) for part in ids.part_ids()}
    for part in ids.part_ids():
        spec.delete(spec.tendon(ids.bundle_tendon(part)))
    for part in ids.part_ids():
        code, number, side = ids.parse_part(part)
        sites = [p for p in paths[part] if p.kind == "site"]
        tendon = spec.add_tendon(name=ids.bundle_tendon(part))
        wrap = _wrap_of(code, number, side)
        for j, point in enumerate(sites):
            tendon.wrap_site(point.name)
            if j == wrap_segment(code):
                tendon.wrap_geom(*wrap)


def wrap_segment(code: str) -> int:
    """Index of the site after which a muscle's wrap sits (maximus: 1, medius/minimus: 0)."""
    return 1 if code == "glmax" else 0


def _quat_slerp(q0: np.ndarray, q1: np.ndarray, t: float) -> np.ndarray:
    if np.dot(q0, q1) < 0:
        q1 = -q1
    angle = np.arccos(np.clip(np.dot(q0, q1), -1.0, 1.0))
    if angle < 1e-9:
        return q0.copy()
    return (np.sin((1 - t) * angle) * q0 + np.sin(t * angle) * q1) / np.sin(angle)


def _rotation(quat: np.ndarray) -> np.ndarray:
    out = np.zeros(9)
    mujoco.mju_quat2Mat(out, quat)
    return out.reshape(3, 3)


def add_fibre_wrap(spec: mujoco.MjSpec, model: mujoco.MjModel, code: str, side: str, u: float,
                   name: str) -> tuple[str, str]:
    """The wrap a fibre at bundle coordinate ``u`` uses: (geom name, side site name or "").

    Medius and minimus fibres share their muscle's hip sphere. A maximus fibre gets a cylinder
    interpolated between its neighbouring bundles' (added to ``spec`` as ``name``-wrap, with a side
    site ``name``-side where :data:`SIDE_INTERPOLATED_BETWEEN` says so).

    Parameters
    ----------
    spec : mujoco.MjSpec
        The spec the fibre is added to (a maximus fibre's cylinder is added here).
    model : mujoco.MjModel
        The compiled bundle model (its cylinders and side sites are read).
    code, side : str
        Muscle code and side of the fibre.
    u : float
        Bundle coordinate, 1..3.
    name : str
        The fibre's tendon name.

    """
    if code != "glmax":
        return hip_sphere(code, side), ""
    k = int(np.clip(np.floor(u), 1, 2))
    t = float(u - k)
    ends = []
    for number in (k, k + 1):
        geom, site = model.geom(gmax_cylinder(number, side)), model.site(gmax_side_site(number, side))
        rot = _rotation(geom.quat)
        ends.append((np.array(geom.pos), np.array(geom.quat), np.array(geom.size[:2]), rot.T @ (site.pos - geom.pos)))
    (p0, q0, s0, l0), (p1, q1, s1, l1) = ends
    pos, quat, size = (1 - t) * p0 + t * p1, _quat_slerp(q0, q1, t), (1 - t) * s0 + t * s1
    pelvis = spec.body("pelvis")
    pelvis.add_geom(name=f"{name}-wrap", type=mujoco.mjtGeom.mjGEOM_CYLINDER, size=[size[0], size[1], 0.0],
                    pos=pos, quat=quat, group=3, contype=0, conaffinity=0)
    if (k, k + 1) != SIDE_INTERPOLATED_BETWEEN:
        return f"{name}-wrap", ""
    d0, d1 = l0[:2] / np.linalg.norm(l0[:2]), l1[:2] / np.linalg.norm(l1[:2])
    direction = (1 - t) * d0 + t * d1
    direction /= np.linalg.norm(direction)
    local = np.array([*(1.5 * size[0] * direction), (1 - t) * l0[2] + t * l1[2]])
    pelvis.add_site(name=f"{name}-side", pos=pos + _rotation(quat) @ local, group=4)
    return f"{name}-wrap", f"{name}-side"
