"""The drawn fibre paths: sites fixed to bones, wraps over spheres and cylinders, K points each.

A fibre's mujoco tendon is a chain of sites (each fixed to a bone) with, between some pairs of
sites, a wrap object (fixed to a bone too). :func:`path_tables` reads that chain from the
compiled model into plain arrays in the bones' frames; :func:`draw_paths` poses them with a
frame's bone matrices and samples each fibre at a fixed number of points ``K``:

- a segment without a wrap gives one point, its start site;
- a segment with a wrap gives ``n`` points: while the wrap is engaged, its start site and then
  ``n - 1`` points evenly along the arc from the entry to the exit tangent point (the straight
  pieces before and after the arc need no more), so an arc reads round; while it is not, the
  ``n`` points lie evenly along the straight segment;
- the fibre's last site closes the polyline.

The browser does exactly this every frame from the interpolated bone matrices
(``viewer/frontend/src/wrap.js``, CONTRACT.md "Fibre paths"); this module is its reference, used
for the scene's ``fibre_points``, ``glute-viewer paths`` and the bone-clearance tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import mujoco
import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.model import Model
from viewer.anatomy.wrap_geometry import CYLINDER, SPHERE, arc_points, check_side_outside, wrap

WRAP_KINDS = {int(mujoco.mjtWrap.mjWRAP_SPHERE): SPHERE, int(mujoco.mjtWrap.mjWRAP_CYLINDER): CYLINDER}


@dataclass(frozen=True)
class PathTables:
    """Every fibre's path in its bones' frames (``F`` fibres, ``S`` sites at most, ``W`` wraps).

    Attributes
    ----------
    site_bone : ndarray of int, shape (F, S)
        Bone index of each site (padding repeats the last site).
    site_local : ndarray, shape (F, S, 3)
        Sites in their bone's frame, metres.
    segment_points : ndarray of int, shape (F, S - 1)
        Points drawn on the segment from site s (its start included, its end excluded); 0 for
        padding. Each row sums to ``K - 1``.
    segment_wrap : ndarray of int, shape (F, S - 1)
        Wrap index of the segment, -1 for none.
    wrap_bone : ndarray of int, shape (W,)
    wrap_centre : ndarray, shape (W, 3)
        Object centre in its bone's frame.
    wrap_rotation : ndarray, shape (W, 3, 3)
        Object axes (columns) in its bone's frame; a cylinder's axis is the third.
    wrap_radius : ndarray, shape (W,)
    wrap_kind : ndarray of int, shape (W,)
        0 sphere, 1 cylinder.
    wrap_side : ndarray, shape (W, 3)
        Side point in the wrap's bone frame (zeros where there is none).
    wrap_has_side : ndarray of bool, shape (W,)

    """

    site_bone: np.ndarray
    site_local: np.ndarray
    segment_points: np.ndarray
    segment_wrap: np.ndarray
    wrap_bone: np.ndarray
    wrap_centre: np.ndarray
    wrap_rotation: np.ndarray
    wrap_radius: np.ndarray
    wrap_kind: np.ndarray
    wrap_side: np.ndarray
    wrap_has_side: np.ndarray

    @property
    def points_per_fibre(self) -> int:
        """K."""
        return int(self.segment_points[0].sum()) + 1


def _chain(m: mujoco.MjModel, tendon: int) -> tuple[list[int], list[int]]:
    """Site ids of a tendon and, per segment between them, the wrap entry index or -1."""
    sites: list[int] = []
    wraps: list[int] = []
    pending = -1
    for w in range(m.tendon_adr[tendon], m.tendon_adr[tendon] + m.tendon_num[tendon]):
        if m.wrap_type[w] == mujoco.mjtWrap.mjWRAP_SITE:
            if sites:
                wraps.append(pending)
            sites.append(int(m.wrap_objid[w]))
            pending = -1
        elif int(m.wrap_type[w]) in WRAP_KINDS:
            pending = w
        else:
            raise ValueError(f"tendon {m.tendon(tendon).name}: wrap type {m.wrap_type[w]} is not drawn")
    return sites, wraps


def _share(count: int, weights: np.ndarray, minimum: int) -> list[int]:
    """``count`` points shared among segments in proportion to ``weights``, each >= ``minimum``."""
    out = np.full(len(weights), minimum)
    rest = count - out.sum()
    if rest < 0:
        raise ValueError(f"{count} points cannot give {len(weights)} segments {minimum} each")
    raw = rest * weights / weights.sum()
    add = np.floor(raw).astype(int)
    for i in np.argsort(raw - add)[::-1][: rest - add.sum()]:
        add[i] += 1
    return (out + add).tolist()


def path_tables(model: Model, fibre_ids: list[str], k: int, bone_of_body: dict[str, int]) -> PathTables:
    """Read every fibre's path from the compiled model.

    Parameters
    ----------
    model : Model
        The fibre model (its pose is reset to neutral).
    fibre_ids : list of str
        Fibres in scene order.
    k : int
        Points per fibre.
    bone_of_body : dict
        Bone index (scene order) of each model body a site or wrap may sit on.

    Returns
    -------
    PathTables

    Raises
    ------
    ValueError
        If ``k`` is too small for a path, or a side point lies on another body than its object
        or inside it.

    """
    m = model.model
    model.set_pose({})
    chains = [_chain(m, model.tendon_index(ids.fibre_tendon(f))) for f in fibre_ids]
    s_max = max(len(s) for s, _ in chains)
    nf = len(fibre_ids)
    site_bone = np.zeros((nf, s_max), np.int32)
    site_local = np.zeros((nf, s_max, 3))
    seg_points = np.zeros((nf, s_max - 1), np.int32)
    seg_wrap = np.full((nf, s_max - 1), -1, np.int32)
    wrap_rows: dict[int, int] = {}
    rows: list[tuple] = []
    for f, (sites, wraps) in enumerate(chains):
        padded = sites + [sites[-1]] * (s_max - len(sites))
        site_bone[f] = [bone_of_body[m.body(m.site_bodyid[s]).name] for s in padded]
        site_local[f] = m.site_pos[padded]
        wrapped = [w >= 0 for w in wraps]
        length = np.linalg.norm(np.diff(model.data.site_xpos[sites], axis=0), axis=1)
        if any(wrapped):
            straight = len(wraps) - sum(wrapped)
            shares = iter(_share(k - 1 - straight, length[np.array(wrapped)], 3))
            counts = [next(shares) if w else 1 for w in wrapped]
        else:
            counts = _share(k - 1, length, 1)
        seg_points[f, : len(counts)] = counts
        for s, w in enumerate(wraps):
            if w < 0:
                continue
            geom = int(m.wrap_objid[w])
            if geom not in wrap_rows:
                wrap_rows[geom] = len(rows)
                rows.append(_wrap_row(m, w, geom, bone_of_body))
            seg_wrap[f, s] = wrap_rows[geom]
    columns = list(zip(*rows, strict=True)) if rows else [[]] * 7
    return PathTables(
        site_bone, site_local, seg_points, seg_wrap,
        np.array(columns[0], np.int32), np.array(columns[1], float).reshape(-1, 3),
        np.array(columns[2], float).reshape(-1, 3, 3), np.array(columns[3], float),
        np.array(columns[4], np.int32), np.array(columns[5], float).reshape(-1, 3), np.array(columns[6], bool),
    )


def _wrap_row(m: mujoco.MjModel, w: int, geom: int, bone_of_body: dict[str, int]) -> tuple:
    body = m.body(m.geom_bodyid[geom]).name
    rotation = np.zeros(9)
    mujoco.mju_quat2Mat(rotation, m.geom_quat[geom])
    rotation = rotation.reshape(3, 3)
    kind = WRAP_KINDS[int(m.wrap_type[w])]
    radius = float(m.geom_size[geom, 0])
    side = int(m.wrap_prm[w])
    side_pos = np.zeros(3)
    if side >= 0:
        if m.site_bodyid[side] != m.geom_bodyid[geom]:
            raise ValueError(f"side site {m.site(side).name} is not on the body of {m.geom(geom).name}")
        side_pos = m.site_pos[side].copy()
        check_side_outside(rotation.T @ (side_pos - m.geom_pos[geom]), radius, kind)
    return (bone_of_body[body], m.geom_pos[geom].copy(), rotation, radius, kind, side_pos, side >= 0)


def _apply(matrices: np.ndarray, bone: np.ndarray, local: np.ndarray) -> np.ndarray:
    """Points ``local`` (..., 3) on bones ``bone`` (...) posed by one frame's ``matrices`` (B, 4, 4)."""
    return np.einsum("...ij,...j->...i", matrices[bone, :3, :3], local) + matrices[bone, :3, 3]


def _point_plan(tables: PathTables) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Fibre, segment, index within the segment and the segment's count, of each of the first K-1 points."""
    counts = tables.segment_points.ravel()
    order = np.repeat(np.arange(counts.size), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    n_seg = tables.segment_points.shape[1]
    return order // n_seg, order % n_seg, np.arange(counts.sum()) - first, counts[order]


def draw_frame(matrices: np.ndarray, tables: PathTables) -> tuple[np.ndarray, np.ndarray]:
    """Fibre points and path lengths at one frame.

    Parameters
    ----------
    matrices : ndarray, shape (B, 4, 4)
        Bone transforms of the frame (ground frame).
    tables : PathTables
        The fibres' sites and wraps.

    Returns
    -------
    points : ndarray, shape (F, K, 3)
    lengths : ndarray, shape (F,)
        Length of each drawn path's exact curve (straight pieces plus arcs).

    """
    t = tables
    sites = _apply(matrices, t.site_bone, t.site_local)  # (F, S, 3)
    x0, x1 = sites[:, :-1], sites[:, 1:]
    straight = np.linalg.norm(x1 - x0, axis=-1)  # (F, S-1)
    f_idx, s_idx = np.nonzero(t.segment_wrap >= 0)
    w = t.segment_wrap[f_idx, s_idx]
    centre = _apply(matrices, t.wrap_bone[w], t.wrap_centre[w])
    rotation = matrices[t.wrap_bone[w], :3, :3] @ t.wrap_rotation[w]
    side = _apply(matrices, t.wrap_bone[w], t.wrap_side[w])
    a, b = x0[f_idx, s_idx], x1[f_idx, s_idx]
    res = wrap(a, b, centre, rotation, t.wrap_radius[w], t.wrap_kind[w], side, t.wrap_has_side[w])
    len0 = np.where(res.wrapped, np.linalg.norm(res.tangent0 - a, axis=1), straight[f_idx, s_idx])
    len1 = np.where(res.wrapped, np.linalg.norm(b - res.tangent1, axis=1), 0.0)
    arc = np.where(res.wrapped, res.arc_length, 0.0)
    seg_len = straight.copy()
    seg_len[f_idx, s_idx] = len0 + arc + len1
    # every point but the last: a straight segment (or a wrap not engaged) spreads its n points
    # evenly from its start site; an engaged wrap gives its start site, then n-1 points on the arc
    # from the entry to the exit tangent point (the straight pieces need no more points)
    fibre, seg, j, n = _point_plan(t)
    wrap_of = np.full(t.segment_wrap.shape, -1)
    wrap_of[f_idx, s_idx] = np.arange(len(w))
    inst = wrap_of[fibre, seg]
    start, end = x0[fibre, seg], x1[fibre, seg]
    out = start + (j / n)[:, None] * (end - start)
    bent = inst >= 0
    bent[bent] = res.wrapped[inst[bent]]
    bent &= j > 0
    i = inst[bent]
    frac = (j[bent] - 1) / np.maximum(n[bent] - 2, 1)
    out[bent] = arc_points(res, i, frac, centre, rotation, t.wrap_radius[w], t.wrap_kind[w])
    nf, k = len(sites), t.points_per_fibre
    points = np.empty((nf, k, 3))
    points[:, :-1] = out.reshape(nf, k - 1, 3)
    points[:, -1] = sites[:, -1]
    return points, seg_len.sum(axis=1)


def draw_paths(matrices: np.ndarray, tables: PathTables) -> np.ndarray:
    """Fibre points at every frame: ``(n, F, K, 3)`` from bone transforms ``(n, B, 4, 4)``."""
    return np.stack([draw_frame(frame, tables)[0] for frame in matrices])
