"""Build the solid muscles' tables at the neutral pose (:class:`~viewer.anatomy.volume_shape.VolumeTables`).

For each muscle and side:

1. the fibres in fan order give the sheet's rows (:func:`viewer.anatomy.volume_shape.row_blend`);
2. each row's origin flap runs from the far edge of the origin area
   (:mod:`viewer.anatomy.attachments`) to the row's origin site, every point laid on the bone
   surface plus :data:`CLEARANCE` (a locally fitted plane, then out of any face or fold it still
   lies in: :mod:`viewer.anatomy.mesh_queries`);
3. the side of the sheet facing away from the bone is found at neutral and kept as ``sign``;
4. where a muscle lies over a deeper one, its deep face stands off the sheet by a *lift* so the
   deeper one stays under it (minimus, then medius over it, then maximus over medius);
5. the thickness is one smooth profile per muscle and side (thin at the origin edge, fullest a
   little before the middle of each row, thinner towards the tendon; rounded across the fan),
   scaled until the muscle's closed volume equals its published volume
   (:mod:`viewer.anatomy.muscle_sizes`). A part's drawn volume is what the fan's geometry gives
   its third of the rows: the split of a muscle into the model's three parts has no published
   volumes, and scaling each part to a force-based share was tried and rejected (the narrow
   upper band of maximus ballooned to 16 cm thick to reach it). ``glute-viewer muscles`` reports
   both.

The tables are cached on disk with the scene's recipe; drawing them at any pose is
:func:`viewer.anatomy.volume_shape.slab`.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import lru_cache
from typing import Final

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.attachments import attachments_digest, origin_area
from viewer.anatomy.cache import load_or_build
from viewer.anatomy.mesh_queries import closest_points, ray_distances, winding_numbers
from viewer.anatomy.meshes import load_bones
from viewer.anatomy.muscle_sizes import muscle_size
from viewer.anatomy.volume_shape import (
    FLAP_COLUMNS,
    ROWS_BETWEEN_FIBRES,
    SMOOTH_COLUMNS,
    SMOOTH_ROWS,
    VolumeTables,
    closed_volume,
    part_topology,
    part_vertices,
    row_blend,
    row_count,
    sheet,
    sheet_normals,
    slab,
    smoothed,
)

LAYER_ORDER: Final = ("glmin", "glmed", "glmax")
"""Deep to superficial: each muscle lies over the one before it."""
LAYER_GAP: Final = 0.002
"""Metres left between a deeper muscle's superficial face and the deep face of the one above."""
CLEARANCE: Final = 0.002
"""Metres between the bone surface and the deep face of an origin flap."""
OUTWARD: Final = {"glmax": (-1.0, 0.0, 0.45), "glmed": (0.0, 0.15, 1.0), "glmin": (0.0, 0.0, 1.0)}
"""Rough direction away from the bone over each origin area (right side; z mirrored on the left)."""
DRAPE_RADIUS: Final = 0.008
"""Metres: the scale of the neighbourhood whose bone vertices give the plane a flap point is laid on."""
PEAK_AT: Final = 0.38
TENDON_FROM: Final = 0.55
"""Fraction of the row's length from where the muscle thins towards its tendon."""
"""Fraction of the row's length where the muscle is thickest."""
FLAP_UNIT: Final = 1e-4
"""Metres per step of the origin flaps' coordinates in the payload (int16)."""
VOLUME_RECIPE_VERSION: Final = 5


def _groups(fibre_parts: list[str]) -> list[tuple[str, str, list[int]]]:
    """(muscle code, side, fibres in fan order) of each muscle-side group."""
    out = []
    for side in ids.SIDES:
        for code in ids.MUSCLE_CODES:
            fibres = [i for i, p in enumerate(fibre_parts) if ids.parse_part(p)[::2] == (code, side)]
            out.append((code, side, fibres))
    return out


def _polyline_at(edge: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Points at fractions ``u`` of a polyline's length."""
    seg = np.linalg.norm(np.diff(edge, axis=0), axis=1)
    cum = np.concatenate([[0.0], np.cumsum(seg)]) / seg.sum()
    return np.stack([np.interp(u, cum, edge[:, k]) for k in range(3)], axis=-1)


def _drape(points: np.ndarray, mesh: tuple[np.ndarray, np.ndarray, np.ndarray], outward: np.ndarray) -> np.ndarray:
    """Lay ``points`` on the bone plus the clearance, on a locally fitted plane.

    The plane at a point is the Gaussian-weighted mean position and normal of the nearby
    outward-facing bone vertices (:data:`DRAPE_RADIUS`), so neighbouring points see nearly the
    same plane and the flap stays smooth on a coarse mesh. A point that still lies closer than
    the clearance to the surface, or inside it, is then moved out along the normal of the
    nearest face (:mod:`viewer.anatomy.mesh_queries`); one the winding number still finds inside the bone
    (the pelvis mesh has folds) is moved out along its plane's normal until it is not.
    """
    vertices, normals, faces = mesh
    facing = normals @ outward > 0.2
    v, n = vertices[facing], normals[facing]
    flat = points.reshape(-1, 3)
    d2 = ((flat[:, None, :] - v[None]) ** 2).sum(-1)
    weight = np.exp(-(d2 - d2.min(axis=1, keepdims=True)) / DRAPE_RADIUS**2)
    weight /= weight.sum(axis=1, keepdims=True)
    centre = weight @ v
    normal_plane = weight @ n
    normal_plane /= np.linalg.norm(normal_plane, axis=1, keepdims=True)
    height = np.einsum("ij,ij->i", flat - centre, normal_plane)
    flat = flat + normal_plane * (CLEARANCE - height)[:, None]
    for _ in range(3):
        closest, normal = closest_points(flat, vertices, faces)
        below = np.einsum("ij,ij->i", flat - closest, normal) < CLEARANCE * 0.99
        flat[below] = closest[below] + normal[below] * CLEARANCE
    for _ in range(20):
        inside = winding_numbers(flat, vertices, faces) > 0.5
        if not inside.any():
            break
        flat[inside] += normal_plane[inside] * CLEARANCE
    return flat.reshape(points.shape)


def _profile(grid: np.ndarray) -> np.ndarray:
    """Thickness profile (R, C) of one group's neutral sheet, peak 1."""
    seg = np.linalg.norm(np.diff(grid, axis=1), axis=-1)
    cum = np.concatenate([np.zeros((len(grid), 1)), np.cumsum(seg, axis=1)], axis=1)
    x = cum / np.maximum(cum[:, -1:], 1e-9)
    gamma = np.log(0.5) / np.log(PEAK_AT)
    along = np.sin(np.pi * np.clip(x, 0.0, 1.0) ** gamma) ** 0.7
    along *= 1.0 - _smoothstep(TENDON_FROM, 1.0, x) * 0.6  # thinner towards the tendon
    rows = len(grid)
    across = np.sin(np.pi * (np.arange(rows) + 0.5) / rows) ** 0.5
    return across[:, None] * along


def _layer_lifts(groups: list[tuple[str, str, list[int]]], grid: np.ndarray, normals: np.ndarray,
                 thickness: np.ndarray) -> np.ndarray:
    """How far (M, R, C) each muscle's deep face stands off its fibre sheet to lie over the muscle beneath.

    Minimus lies on the bone; medius over minimus and maximus over medius (:data:`COVERED_BY`):
    where the deeper muscle's superficial face lies ahead of a sheet point (along the normal the
    slab is thickened by), the deep face starts :data:`LAYER_GAP` beyond it. Measured at the
    neutral pose, deepest muscle first.
    """
    lift = np.zeros(grid.shape[:3])
    where = {(code, side): g for g, (code, side, _f) in enumerate(groups)}
    rows, columns = grid.shape[1], grid.shape[2]
    tris = part_topology(rows, columns, False)[: 2 * (rows - 1) * (columns - 1)]  # the grid's own triangles
    for code in LAYER_ORDER[1:]:
        below = LAYER_ORDER[LAYER_ORDER.index(code) - 1]
        for side in ids.SIDES:
            g, h = where[(code, side)], where[(below, side)]
            under = grid[h] + normals[h] * (lift[h] + thickness[h])[..., None]
            ahead = ray_distances(grid[g].reshape(-1, 3), normals[g].reshape(-1, 3), under.reshape(-1, 3), tris)
            lift[g] = _soften(np.where(np.isfinite(ahead), ahead + LAYER_GAP, 0.0).reshape(rows, columns))
    return lift


def _soften(field: np.ndarray, reach: int = 2) -> np.ndarray:
    """A lift field without steps: the largest value within ``reach`` grid points, then their mean."""
    rows, columns = field.shape
    out = field.copy()
    for axis, size in ((0, rows), (1, columns)):
        grown = out.copy()
        for d in range(-reach, reach + 1):
            idx = np.clip(np.arange(size) + d, 0, size - 1)
            grown = np.maximum(grown, np.take(out, idx, axis=axis))
        out = grown
    for axis, size in ((0, rows), (1, columns)):
        total = np.zeros_like(out)
        for d in range(-reach, reach + 1):
            total += np.take(out, np.clip(np.arange(size) + d, 0, size - 1), axis=axis)
        out = total / (2 * reach + 1)
    return out


def _smoothstep(a: float, b: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - a) / (b - a), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def _part_rows(count: int) -> list[tuple[int, int]]:
    """First and last sheet row of parts 1-3 of a group of ``count`` fibres (neighbours share a row)."""
    per = count // 3
    step = ROWS_BETWEEN_FIBRES + 1
    rows = row_count(count)
    bounds = [0, per * step - ROWS_BETWEEN_FIBRES, 2 * per * step - ROWS_BETWEEN_FIBRES, rows - 1]
    return [(bounds[i], bounds[i + 1]) for i in range(3)]


def build_volume_tables(fibre_parts: list[str], fibre_points: np.ndarray, matrices: np.ndarray,
                        bone_ids: list[str]) -> VolumeTables:
    """The tables of every group from the neutral pose.

    Parameters
    ----------
    fibre_parts : list of str
        Part of each fibre (scene order).
    fibre_points : ndarray, shape (F, K, 3)
        Fibre paths at the neutral pose.
    matrices : ndarray, shape (B, 4, 4)
        Bone transforms at the neutral pose (scene bone order).
    bone_ids : list of str
        Scene bone order.

    """
    bones = load_bones(include_context=False)
    pelvis = bone_ids.index("pelvis")
    pelvis_bones = [b for b in ("pelvis", "sacrum") if b in bones]
    vertices = np.concatenate([bones[b].vertices for b in pelvis_bones]).astype(float)
    normals = np.concatenate([bones[b].normals for b in pelvis_bones]).astype(float)
    offsets = np.cumsum([0] + [len(bones[b].vertices) for b in pelvis_bones])
    faces = np.concatenate([bones[b].faces.astype(np.int64) + o
                            for b, o in zip(pelvis_bones, offsets, strict=False)])
    to_local = np.linalg.inv(matrices[pelvis])
    groups = _groups(fibre_parts)
    count = len(groups[0][2])
    rows = row_count(count)
    a, b, w = row_blend(count)
    flap_local = np.zeros((len(groups), rows, FLAP_COLUMNS, 3))
    for g, (code, side, fibres) in enumerate(groups):
        origin = fibre_points[fibres, 0]
        origin = origin[a] * (1 - w)[:, None] + origin[b] * w[:, None]
        origin_local = origin @ to_local[:3, :3].T + to_local[:3, 3]
        edge = _polyline_at(origin_area(ids.MUSCLE_NAMES[code], side).far_edge, np.linspace(0.0, 1.0, rows))
        lam = np.arange(FLAP_COLUMNS) / FLAP_COLUMNS
        straight = edge[:, None] + lam[None, :, None] * (origin_local - edge)[:, None]
        outward = np.array(OUTWARD[code]) * (np.array([1.0, 1.0, -1.0]) if side == "l" else 1.0)
        flap_local[g] = _drape(straight, (vertices, normals, faces), outward / np.linalg.norm(outward))
    fibres = np.array([f for _, _, f in groups], dtype=np.int32)
    unsigned = VolumeTables(
        fibres=fibres, flap_bone=np.full(len(groups), pelvis, np.uint8), flap_local=flap_local,
        thickness=np.zeros((len(groups), rows, FLAP_COLUMNS)), lift=np.zeros((len(groups), rows, FLAP_COLUMNS)),
        sign=np.ones(len(groups)),
        part_group=np.zeros(0, np.int32), part_rows=np.zeros((0, 2), np.int32),
    )
    grid = sheet(fibre_points, matrices, unsigned)
    sign = np.ones(len(groups))
    raw = sheet_normals(grid, sign)
    for g, (code, side, _f) in enumerate(groups):
        outward = np.array(OUTWARD[code]) * (np.array([1.0, 1.0, -1.0]) if side == "l" else 1.0)
        world_out = matrices[pelvis, :3, :3] @ outward
        sign[g] = 1.0 if (raw[g, :, :FLAP_COLUMNS + 3] @ world_out).mean() > 0 else -1.0
    part_ids = list(ids.part_ids())
    part_group = np.zeros(len(part_ids), np.int32)
    part_rows = np.zeros((len(part_ids), 2), np.int32)
    for g, (code, side, _f) in enumerate(groups):
        for number, (first, last) in zip(ids.PART_NUMBERS, _part_rows(count), strict=True):
            p = part_ids.index(f"{code}{number}_{side}")
            part_group[p] = g
            part_rows[p] = (first, last)
    profile = np.stack([_profile(grid[g]) for g in range(len(groups))])
    normals = smoothed(sheet_normals(grid, sign))
    scale = np.full(len(groups), 0.02)  # metres at the profile's peak, per group
    tables = VolumeTables(fibres, unsigned.flap_bone, flap_local, profile, np.zeros_like(profile), sign, part_group,
                          part_rows)
    for _ in range(8):
        thickness = profile * scale[:, None, None]
        lift = _layer_lifts(groups, grid, normals, thickness)
        tables = VolumeTables(**(asdict(tables) | {"thickness": thickness, "lift": lift}))
        volumes = part_volumes_at(tables, fibre_points, matrices)
        for g, (code, side, _f) in enumerate(groups):
            size = muscle_size(code, side)
            scale[g] *= size.volume_cm3 / max(sum(volumes[p] for p in size.parts_cm3), 1e-6)
    return quantised(tables)


def thickness_units(thickness: np.ndarray) -> np.ndarray:
    """Metres per step of each group's thickness when sent as uint8 (its largest value is 255 steps)."""
    return np.maximum(thickness.reshape(len(thickness), -1).max(axis=1), 1e-6) / 255.0


def quantised(tables: VolumeTables) -> VolumeTables:
    """The tables rounded to what the payload carries (flaps to :data:`FLAP_UNIT`, thickness to 1/255 of its peak).

    The browser decodes exactly these values, so Python and the browser draw the same volumes.
    """
    unit = thickness_units(tables.thickness)
    thickness = np.rint(tables.thickness / unit[:, None, None]) * unit[:, None, None]
    lift_unit = thickness_units(tables.lift)
    lift = np.rint(tables.lift / lift_unit[:, None, None]) * lift_unit[:, None, None]
    flap = np.rint(tables.flap_local / FLAP_UNIT) * FLAP_UNIT
    return VolumeTables(**(asdict(tables) | {"thickness": thickness, "lift": lift, "flap_local": flap}))


def part_volumes_at(tables: VolumeTables, fibre_points: np.ndarray, matrices: np.ndarray) -> dict[str, float]:
    """Closed volume of every part's slab at a pose, cm3."""
    deep, superficial = slab(fibre_points, matrices, tables)
    out = {}
    columns = deep.shape[2]
    for p, part in enumerate(ids.part_ids()):
        g, (first, last) = int(tables.part_group[p]), tables.part_rows[p]
        verts = part_vertices(deep, superficial, g, int(first), int(last))
        tris = part_topology(int(last - first + 1), columns, bool(tables.sign[g] < 0))
        out[part] = closed_volume(verts - verts.mean(axis=0), tris) * 1e6
    return out


@lru_cache(maxsize=2)
def volume_tables(include_context: bool = True) -> VolumeTables:
    """The tables for the scene's bones (cached on disk with the neutral scene's recipe)."""
    from viewer.anatomy.scene import SceneOptions, neutral_arrays, scene_bone_ids

    options = SceneOptions(include_context=include_context)
    bone_ids = scene_bone_ids(options)
    neutral = neutral_arrays(options)
    parts = [f.part for f in _layout()]

    def build() -> dict[str, np.ndarray]:
        return asdict(build_volume_tables(parts, neutral["fibre_points"][0].astype(float),
                                          neutral["bone_transforms"][0].astype(float), bone_ids))

    recipe = {"kind": "volumes", "version": VOLUME_RECIPE_VERSION, "bones": bone_ids,
              "neutral_sum": float(np.round(neutral["fibre_points"].astype(float).sum(), 6)),
              "attachments": attachments_digest(), "clearance": CLEARANCE, "outward": OUTWARD, "peak": PEAK_AT,
              "tendon": TENDON_FROM, "smooth": [SMOOTH_ROWS, SMOOTH_COLUMNS], "between": ROWS_BETWEEN_FIBRES,
              "layers": [LAYER_ORDER, LAYER_GAP],
              "sizes": {c: muscle_size(c).parts_cm3 for c in ids.MUSCLE_CODES}}
    return VolumeTables(**load_or_build("volumes", recipe, build))


def _layout() -> list:
    from viewer.anatomy.fibres import fibre_layout

    return fibre_layout()
