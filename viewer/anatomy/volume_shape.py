"""The solid muscles' surfaces at one pose, from the fibre paths and the bone transforms.

Each muscle on each side is a *sheet*: ``R`` rows across the fan (every fibre, and one row
halfway between neighbouring fibres) by ``C`` columns along it. The first ``A`` columns are
the origin flap, fixed to the pelvis: the sheet draped over the bone from the far edge of the
origin area to the fibre's origin site (:mod:`viewer.anatomy.attachments`). The other ``S``
columns follow the fibre path, sampled at fixed fractions of its length, so the volume bends
with every wrap. The deep face of the volume is the sheet itself, or stands off it by a *lift*
where the muscle lies over a deeper one; the superficial face is the deep face moved along the
sheet's (smoothed) normal, away from the bone, by a thickness fixed per grid point
(:mod:`viewer.anatomy.muscle_volumes` sizes it to the published volume). Each part is the
closed piece of its muscle's slab between its boundary rows.

The browser computes the same thing every frame (``viewer/frontend/src/volume.js``); the
tests hold the two equal on a real payload. Nothing here allocates per part per frame
beyond NumPy temporaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

FLAP_COLUMNS: Final = 5
"""Columns of the origin flap (before the fibre's origin site)."""
FIBRE_SAMPLES: Final = 12
"""Columns along the fibre path, at evenly spaced fractions of its length (both ends included)."""
ROWS_BETWEEN_FIBRES: Final = 0
"""Sheet rows added between neighbouring fibres (0: a row per fibre). One halfway row looked no
smoother and doubled the browser's per-frame work (frame rate 0.76 -> see performance.md)."""
SMOOTH_ROWS: Final = 3
SMOOTH_COLUMNS: Final = 7
"""The window (rows x columns, odd) over which the normals that thicken the sheet are averaged."""


@dataclass(frozen=True)
class VolumeTables:
    """What the browser needs to draw the solid muscles (sent once, with the assets).

    Attributes
    ----------
    fibres : ndarray, shape (M, N) int32
        Fibres of each muscle-side group, in fan order (N per group).
    flap_bone : ndarray, shape (M,) uint8
        Bone index (scene bone order) the origin flaps are fixed to.
    flap_local : ndarray, shape (M, R, A, 3) float32
        Origin flap points in that bone's frame, metres.
    thickness : ndarray, shape (M, R, C) float32
        Distance from the deep to the superficial face at each grid point, metres.
    lift : ndarray, shape (M, R, C) float32
        Distance from the sheet to the deep face (non-zero where the muscle lies over another), metres.
    sign : ndarray, shape (M,) float32
        +1 or -1: which side of the sheet (by its grid orientation) faces away from the bone.
    part_group : ndarray, shape (P,) int32
        Group of each part (scene part order).
    part_rows : ndarray, shape (P, 2) int32
        First and last row of each part in its group (neighbouring parts share a row).

    """

    fibres: np.ndarray
    flap_bone: np.ndarray
    flap_local: np.ndarray
    thickness: np.ndarray
    lift: np.ndarray
    sign: np.ndarray
    part_group: np.ndarray
    part_rows: np.ndarray


def sample_fractions(count: int = FIBRE_SAMPLES) -> np.ndarray:
    """Fractions of a fibre's length where the sheet's fibre columns sit."""
    return np.linspace(0.0, 1.0, count)


def resample(points: np.ndarray, fractions: np.ndarray) -> np.ndarray:
    """Points at ``fractions`` of each polyline's length: ``(..., K, 3)`` -> ``(..., S, 3)``."""
    seg = np.linalg.norm(np.diff(points, axis=-2), axis=-1)  # (..., K-1)
    cum = np.concatenate([np.zeros(seg.shape[:-1] + (1,)), np.cumsum(seg, axis=-1)], axis=-1)
    total = cum[..., -1:]
    target = fractions * total  # (..., S)
    flat_cum = cum.reshape(-1, cum.shape[-1])
    flat_target = target.reshape(-1, target.shape[-1])
    flat_pts = points.reshape(-1, points.shape[-2], 3)
    out = np.empty(flat_target.shape + (3,))
    k = points.shape[-2]
    for i in range(len(flat_cum)):
        j = np.clip(np.searchsorted(flat_cum[i], flat_target[i], side="right") - 1, 0, k - 2)
        span = flat_cum[i, j + 1] - flat_cum[i, j]
        t = np.where(span > 1e-12, (flat_target[i] - flat_cum[i, j]) / np.where(span > 1e-12, span, 1.0), 0.0)
        out[i] = flat_pts[i, j] + t[:, None] * (flat_pts[i, j + 1] - flat_pts[i, j])
    return out.reshape(target.shape + (3,))


def row_count(count: int) -> int:
    """Sheet rows of a group of ``count`` fibres."""
    return (count - 1) * (ROWS_BETWEEN_FIBRES + 1) + 1


def row_blend(count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of a group with ``count`` fibres: fibre a, fibre b and the weight of b per row."""
    step = ROWS_BETWEEN_FIBRES + 1
    r = np.arange(row_count(count))
    a = r // step
    b = np.minimum(a + 1, count - 1)
    w = (r % step) / step
    return a, b, w


def sheet(fibre_points: np.ndarray, matrices: np.ndarray, tables: VolumeTables) -> np.ndarray:
    """The sheets of every group at one pose, ``(M, R, C, 3)``.

    Parameters
    ----------
    fibre_points : ndarray, shape (F, K, 3)
        The pose's fibre paths (ground frame).
    matrices : ndarray, shape (B, 4, 4)
        The pose's bone transforms.
    tables : VolumeTables
        The groups' fibres, flaps and thickness.

    """
    fractions = sample_fractions()
    samples = resample(fibre_points[tables.fibres], fractions)  # (M, N, S, 3)
    a, b, w = row_blend(tables.fibres.shape[1])
    along = samples[:, a] * (1.0 - w)[None, :, None, None] + samples[:, b] * w[None, :, None, None]
    rot = matrices[tables.flap_bone, :3, :3]  # (M, 3, 3)
    pos = matrices[tables.flap_bone, :3, 3]
    flap = np.einsum("mij,mraj->mrai", rot, tables.flap_local) + pos[:, None, None, :]
    return np.concatenate([flap, along], axis=2)


def sheet_normals(grid: np.ndarray, sign: np.ndarray) -> np.ndarray:
    """Unit normals of grids ``(M, R, C, 3)`` by central differences, times ``sign`` per group."""
    du = np.empty_like(grid)
    du[:, :, 1:-1] = grid[:, :, 2:] - grid[:, :, :-2]
    du[:, :, 0] = grid[:, :, 1] - grid[:, :, 0]
    du[:, :, -1] = grid[:, :, -1] - grid[:, :, -2]
    dv = np.empty_like(grid)
    dv[:, 1:-1] = grid[:, 2:] - grid[:, :-2]
    dv[:, 0] = grid[:, 1] - grid[:, 0]
    dv[:, -1] = grid[:, -1] - grid[:, -2]
    n = np.cross(du, dv)
    length = np.linalg.norm(n, axis=-1, keepdims=True)
    n = n / np.where(length > 1e-12, length, 1.0)
    return n * sign[:, None, None, None]


def smoothed(normals: np.ndarray) -> np.ndarray:
    """Unit normals averaged over :data:`SMOOTH_ROWS` x :data:`SMOOTH_COLUMNS` grid points (clamped at the edges).

    The superficial face is moved along these: where the sheet bends sharply over a wrap, or
    its rows crowd together, the raw normal swings sideways, and a thick muscle moved along it
    would cut into the bone it wraps.
    """
    rows, columns = normals.shape[1], normals.shape[2]
    out = np.zeros_like(normals)
    for dr in range(-(SMOOTH_ROWS // 2), SMOOTH_ROWS // 2 + 1):
        r = np.clip(np.arange(rows) + dr, 0, rows - 1)
        for dc in range(-(SMOOTH_COLUMNS // 2), SMOOTH_COLUMNS // 2 + 1):
            c = np.clip(np.arange(columns) + dc, 0, columns - 1)
            out += normals[:, r][:, :, c]
    length = np.linalg.norm(out, axis=-1, keepdims=True)
    return out / np.where(length > 1e-12, length, 1.0)


def slab(fibre_points: np.ndarray, matrices: np.ndarray, tables: VolumeTables) -> tuple[np.ndarray, np.ndarray]:
    """Deep and superficial face grids ``(M, R, C, 3)`` of every group at one pose."""
    grid = sheet(fibre_points, matrices, tables)
    normals = smoothed(sheet_normals(grid, tables.sign))
    deep = grid + normals * tables.lift[..., None]
    return deep, deep + normals * tables.thickness[..., None]


def part_topology(rows: int, columns: int, flip: bool) -> np.ndarray:
    """Triangles of one part: superficial grid (vertices 0..rows*C-1), deep grid after it, and the walls.

    The superficial face winds so its normal is the sheet's (times sign: ``flip`` for sign -1),
    the deep face the other way, and walls along the grid's boundary close the slab, each wall
    wound against its boundary edge so every edge is shared by two opposite half-edges.
    """
    n = rows * columns
    r, c = np.meshgrid(np.arange(rows - 1), np.arange(columns - 1), indexing="ij")
    a = (r * columns + c).ravel()
    b = a + columns
    top = np.concatenate([np.stack([a, a + 1, b], 1), np.stack([a + 1, b + 1, b], 1)])
    if flip:
        top = top[:, ::-1]
    bottom = top[:, ::-1] + n
    edges = np.concatenate([top[:, [0, 1]], top[:, [1, 2]], top[:, [2, 0]]])
    keys = {tuple(e) for e in edges.tolist()}
    boundary = np.array([e for e in edges.tolist() if (e[1], e[0]) not in keys], dtype=np.int64)
    i, j = boundary[:, 0], boundary[:, 1]
    walls = np.concatenate([np.stack([j, i, i + n], 1), np.stack([j, i + n, j + n], 1)])
    return np.concatenate([top, bottom, walls])


def part_vertices(deep: np.ndarray, superficial: np.ndarray, group: int, first: int, last: int) -> np.ndarray:
    """Vertices of one part: its rows of the superficial grid, then of the deep grid."""
    rows = slice(first, last + 1)
    return np.concatenate([superficial[group, rows].reshape(-1, 3), deep[group, rows].reshape(-1, 3)])


def closed_volume(vertices: np.ndarray, triangles: np.ndarray) -> float:
    """Volume enclosed by a closed triangle mesh (divergence theorem), absolute value."""
    v0, v1, v2 = (vertices[triangles[:, i]] for i in range(3))
    return float(abs(np.einsum("ij,ij->i", v0, np.cross(v1, v2)).sum()) / 6.0)
