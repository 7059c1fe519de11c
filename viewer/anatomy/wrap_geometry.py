"""Tendon wrapping over spheres and cylinders: mujoco's ``mju_wrap``, in NumPy, plus the arc.

mujoco computes a wrapped tendon segment ``x0 -> x1`` as two straight pieces joined by an arc
on the wrap object (a sphere, or a cylinder whose axis is the local z axis): in a 2-D frame
(the plane through ``x0``, ``x1`` and the sphere's centre; the cylinder's cross-section) it
finds the two tangent points, picks the pair nearer the *side point* (or, without one, the
shorter), and keeps the wrap only if the straight segment crosses the circle or runs on the
wrong side of the side point. For a cylinder the height along the axis is shared out in
proportion to the 2-D lengths (a helix over the arc). mujoco reports only the tangent points
(``wrap_xpos``) and the length; this module reproduces both (tests compare them with mujoco to
1e-9 m) and also gives the arc, so the drawn path is the path whose length and Jacobian the
mechanics use.

Everything is vectorised over ``N`` wrap instances. The same formulas are ported to the
browser (``viewer/frontend/src/wrap.js``); :mod:`viewer.anatomy.fibre_paths` uses this module
for the drawn polylines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

SPHERE: Final = 0
CYLINDER: Final = 1
MINVAL: Final = 1e-15
"""mujoco's ``mjMINVAL``."""


@dataclass(frozen=True)
class WrapResult:
    """Wrap of ``N`` segments, in the world frame unless noted.

    Attributes
    ----------
    wrapped : ndarray of bool, shape (N,)
        Whether the segment wraps (else it is straight and the other fields are unused).
    tangent0, tangent1 : ndarray, shape (N, 3)
        Tangent points (mujoco's ``wrap_xpos`` pair), entry then exit.
    arc_length : ndarray, shape (N,)
        Length on the object (helix length for a cylinder).
    axis0, axis1 : ndarray, shape (N, 3)
        The 2-D frame of the wrap, in the object's local frame.
    angle0, sweep : ndarray, shape (N,)
        Polar angle of the entry tangent point in that frame and the signed angle swept.
    height0, height1 : ndarray, shape (N,)
        Cylinder: local z of the tangent points (0 for a sphere).

    """

    wrapped: np.ndarray
    tangent0: np.ndarray
    tangent1: np.ndarray
    arc_length: np.ndarray
    axis0: np.ndarray
    axis1: np.ndarray
    angle0: np.ndarray
    sweep: np.ndarray
    height0: np.ndarray
    height1: np.ndarray


def _segments_cross(p1: np.ndarray, p2: np.ndarray, p3: np.ndarray, p4: np.ndarray) -> np.ndarray:
    """Mujoco's ``is_intersect``: do 2-D segments p1-p2 and p3-p4 cross? (N, 2) each."""
    det = (p4[:, 1] - p3[:, 1]) * (p2[:, 0] - p1[:, 0]) - (p4[:, 0] - p3[:, 0]) * (p2[:, 1] - p1[:, 1])
    ok = np.abs(det) >= MINVAL
    safe = np.where(ok, det, 1.0)
    a = ((p4[:, 0] - p3[:, 0]) * (p1[:, 1] - p3[:, 1]) - (p4[:, 1] - p3[:, 1]) * (p1[:, 0] - p3[:, 0])) / safe
    b = ((p2[:, 0] - p1[:, 0]) * (p1[:, 1] - p3[:, 1]) - (p2[:, 1] - p1[:, 1]) * (p1[:, 0] - p3[:, 0])) / safe
    return ok & (a >= 0) & (a <= 1) & (b >= 0) & (b <= 1)


def _unit(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(n < MINVAL, 1.0, n)


def _circle(d: np.ndarray, side: np.ndarray, has_side: np.ndarray, radius: np.ndarray):
    """Mujoco's ``wrap_circle`` for N cases: (wrapped, tangent pairs (N, 2, 2), arc angle, index)."""
    p0, p1 = d[:, :2], d[:, 2:]
    sq0, sq1, sqr = (p0 ** 2).sum(1), (p1 ** 2).sum(1), radius ** 2
    dif = p1 - p0
    dd = (dif ** 2).sum(1)
    wrapped = (sq0 >= sqr) & (sq1 >= sqr) & (radius >= MINVAL) & (dd >= MINVAL)
    a = np.clip(-(dif * p0).sum(1) / np.where(dd < MINVAL, 1.0, dd), 0.0, 1.0)
    near = a[:, None] * dif + p0
    clear = ((near ** 2).sum(1) > sqr) & (~has_side | ((side * near).sum(1) >= 0))
    wrapped &= ~clear
    s0, s1 = np.sqrt(np.maximum(sq0 - sqr, 0.0)), np.sqrt(np.maximum(sq1 - sqr, 0.0))
    q0, q1 = np.where(sq0 < MINVAL, 1.0, sq0), np.where(sq1 < MINVAL, 1.0, sq1)
    sols, good = [], []
    for sgn in (1.0, -1.0):
        t0 = np.stack([(p0[:, 0] * sqr + sgn * radius * p0[:, 1] * s0) / q0,
                       (p0[:, 1] * sqr - sgn * radius * p0[:, 0] * s0) / q0], 1)
        t1 = np.stack([(p1[:, 0] * sqr - sgn * radius * p1[:, 1] * s1) / q1,
                       (p1[:, 1] * sqr + sgn * radius * p1[:, 0] * s1) / q1], 1)
        g = np.where(has_side, (_unit(t0 + t1) * side).sum(1), -((t0 - t1) ** 2).sum(1))
        g = np.where(_segments_cross(p0, t0, p1, t1), -10000.0, g)
        sols.append((t0, t1))
        good.append(g)
    pick = np.where(good[0] > good[1], 0, 1)
    t0 = np.where(pick[:, None] == 0, sols[0][0], sols[1][0])
    t1 = np.where(pick[:, None] == 0, sols[0][1], sols[1][1])
    wrapped &= ~_segments_cross(p0, t0, p1, t1)
    u0, u1 = _unit(t0), _unit(t1)
    angle = np.arccos(np.clip((u0 * u1).sum(1), -1.0, 1.0))
    cross = t0[:, 1] * t1[:, 0] - t0[:, 0] * t1[:, 1]
    flip = ((cross > 0) & (pick == 1)) | ((cross < 0) & (pick == 0))
    angle = np.where(flip, 2 * np.pi - angle, angle)
    return wrapped, t0, t1, angle, flip


def wrap(x0: np.ndarray, x1: np.ndarray, centre: np.ndarray, rotation: np.ndarray, radius: np.ndarray,
         kind: np.ndarray, side: np.ndarray, has_side: np.ndarray) -> WrapResult:
    """Wrap ``N`` segments ``x0 -> x1`` over their objects, as mujoco does.

    Parameters
    ----------
    x0, x1 : ndarray, shape (N, 3)
        Segment ends (world).
    centre : ndarray, shape (N, 3)
        Object centres (world).
    rotation : ndarray, shape (N, 3, 3)
        Object orientations: columns are the local axes in world (a cylinder's axis is z).
    radius : ndarray, shape (N,)
        Object radii.
    kind : ndarray of int, shape (N,)
        :data:`SPHERE` or :data:`CYLINDER`.
    side : ndarray, shape (N, 3)
        Side points (world); used where ``has_side``. A side point inside the object (mujoco's
        "inside wrap") is not supported: :func:`check_side_outside` refuses it when a model is built.
    has_side : ndarray of bool, shape (N,)
        Whether each segment has a side point.

    Returns
    -------
    WrapResult

    """
    n = len(x0)
    p0 = np.einsum("nji,nj->ni", rotation, x0 - centre)
    p1 = np.einsum("nji,nj->ni", rotation, x1 - centre)
    ps = np.einsum("nji,nj->ni", rotation, side - centre)
    cyl = kind == CYLINDER
    # 2-D frame: the cylinder's x, y; for a sphere, p0 and the normal of the p0-0-p1 plane
    ax0 = np.where(cyl[:, None], np.array([1.0, 0.0, 0.0]), _unit(p0))
    normal = np.cross(p0, p1)
    norm = np.linalg.norm(normal, axis=1)
    parallel = norm < MINVAL
    if np.any(parallel & ~cyl):
        alt = np.ones((n, 3))
        big = np.argmax(np.abs(ax0), axis=1)
        alt[np.arange(n), big] = 0.0
        normal = np.where(parallel[:, None], np.cross(ax0, alt), normal)
    normal = _unit(normal)
    ax1 = np.where(cyl[:, None], np.array([0.0, 1.0, 0.0]), _unit(np.cross(normal, ax0)))
    d = np.stack([(p0 * ax0).sum(1), (p0 * ax1).sum(1), (p1 * ax0).sum(1), (p1 * ax1).sum(1)], 1)
    sd = np.stack([(ps * ax0).sum(1), (ps * ax1).sum(1)], 1)
    sd = _unit(sd) * radius[:, None]
    ok = (np.linalg.norm(p0, axis=1) >= MINVAL) & (np.linalg.norm(p1, axis=1) >= MINVAL)
    wrapped, t0, t1, angle, _ = _circle(d, sd, has_side.astype(bool), radius)
    wrapped &= ok
    arc = radius * angle
    res0 = ax0 * t0[:, :1] + ax1 * t0[:, 1:]
    res1 = ax0 * t1[:, :1] + ax1 * t1[:, 1:]
    h0 = np.zeros(n)
    h1 = np.zeros(n)
    if np.any(cyl):
        len0 = np.hypot(p0[:, 0] - res0[:, 0], p0[:, 1] - res0[:, 1])
        len1 = np.hypot(p1[:, 0] - res1[:, 0], p1[:, 1] - res1[:, 1])
        total = np.where(len0 + arc + len1 < MINVAL, 1.0, len0 + arc + len1)
        h0 = np.where(cyl, p0[:, 2] + (p1[:, 2] - p0[:, 2]) * len0 / total, 0.0)
        h1 = np.where(cyl, p0[:, 2] + (p1[:, 2] - p0[:, 2]) * (len0 + arc) / total, 0.0)
        res0[:, 2] = np.where(cyl, h0, res0[:, 2])
        res1[:, 2] = np.where(cyl, h1, res1[:, 2])
        arc = np.where(cyl, np.hypot(arc, h1 - h0), arc)
    world0 = np.einsum("nij,nj->ni", rotation, res0) + centre
    world1 = np.einsum("nij,nj->ni", rotation, res1) + centre
    theta0 = np.arctan2(t0[:, 1], t0[:, 0])
    short = np.arctan2(t0[:, 0] * t1[:, 1] - t0[:, 1] * t1[:, 0], (t0 * t1).sum(1))
    full = angle  # mujoco's arc angle, 0..2pi
    sweep = np.where(np.abs(np.abs(short) - full) < 1e-9, short, short - np.sign(short) * 2 * np.pi)
    sweep = np.where(np.abs(np.abs(sweep) - full) < 1e-6, sweep, np.sign(sweep) * full)
    return WrapResult(wrapped, world0, world1, np.where(wrapped, arc, 0.0), ax0, ax1, theta0, sweep, h0, h1)


def arc_points(result: WrapResult, index: np.ndarray, fraction: np.ndarray, centre: np.ndarray,
               rotation: np.ndarray, radius: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Points on the arcs of wraps ``index`` at ``fraction`` (0 = entry, 1 = exit), world.

    Parameters
    ----------
    result : WrapResult
        From :func:`wrap`.
    index : ndarray of int, shape (M,)
        Which wrap instance each point belongs to.
    fraction : ndarray, shape (M,)
        Where on the arc, 0 at entry, 1 at exit.
    centre, rotation, radius, kind
        The objects, as given to :func:`wrap` (indexed by ``index`` here).

    Returns
    -------
    ndarray, shape (M, 3)

    """
    theta = result.angle0[index] + result.sweep[index] * fraction
    r = radius[index][:, None]
    local = r * (np.cos(theta)[:, None] * result.axis0[index] + np.sin(theta)[:, None] * result.axis1[index])
    height = result.height0[index] + (result.height1[index] - result.height0[index]) * fraction
    local[:, 2] = np.where(kind[index] == CYLINDER, height, local[:, 2])
    return np.einsum("mij,mj->mi", rotation[index], local) + centre[index]


def check_side_outside(side_local: np.ndarray, radius: float, kind: int) -> None:
    """Refuse a side point inside its object (mujoco would use its "inside wrap" instead).

    Parameters
    ----------
    side_local : ndarray, shape (3,)
        The side point in the object's frame.
    radius : float
        The object's radius.
    kind : int
        :data:`SPHERE` or :data:`CYLINDER`.

    Raises
    ------
    ValueError
        Naming the distance and the radius.

    """
    dist = float(np.hypot(side_local[0], side_local[1]) if kind == CYLINDER else np.linalg.norm(side_local))
    if dist < radius:
        raise ValueError(f"side point {dist * 1000:.1f} mm from the wrap's axis is inside its {radius * 1000:.1f} mm "
                         "radius; inside wrapping is not supported")
