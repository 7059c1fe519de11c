"""How deep drawn fibre paths run inside the bone meshes (the guard of docs/explanation/wrapping.md).

A path is resampled every millimetre along its drawn polyline, leaving out ``ATTACHMENT_M`` at each
end (a fibre attaches *on* bone: its first and last millimetres may graze it). Each sample's signed
distance to the posed bone meshes the viewer draws comes from ``igl.signed_distance`` with the fast
winding number sign, which stays right on the few open seams of a mesh.
"""

from __future__ import annotations

from functools import lru_cache

import igl  # libigl, in the test extra
import numpy as np

from viewer.anatomy.ids import BONES
from viewer.anatomy.meshes import load_bones

ATTACHMENT_M = 0.015
"""Left out at each end of a path (the issue's 15 mm)."""
STEP_M = 0.001
TOLERANCE_M = 0.003
"""Deepest allowed run inside bone (the issue's 3 mm)."""


@lru_cache(maxsize=1)
def _meshes() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    bones = load_bones()
    return {b: (bones[b].vertices.astype(np.float64), bones[b].faces.astype(np.int64)) for b in BONES}


def samples(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points every :data:`STEP_M` along each polyline of ``points`` (F, K, 3), without
    :data:`ATTACHMENT_M` at each end; with the fibre index of each sample."""
    arc = np.concatenate([np.zeros((len(points), 1)),
                          np.cumsum(np.linalg.norm(np.diff(points, axis=1), axis=2), axis=1)], axis=1)
    spread = arc[:, -1].max() + 1.0  # one increasing axis for all fibres: fibre f starts at f * spread
    counts = np.maximum(np.floor((arc[:, -1] - 2 * ATTACHMENT_M) / STEP_M).astype(int) + 1, 0)
    owner = np.repeat(np.arange(len(points)), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    at = ATTACHMENT_M + (np.arange(counts.sum()) - first) * STEP_M + owner * spread
    axis = (arc + np.arange(len(points))[:, None] * spread).ravel()
    flat = points.reshape(-1, 3)
    return np.stack([np.interp(at, axis, flat[:, i]) for i in range(3)], axis=1), owner


def frame_depths(points: np.ndarray, transforms: np.ndarray, bone_ids: list[str]) -> np.ndarray:
    """Deepest run inside any main bone (m, 0 if outside) of each fibre at one frame.

    Parameters
    ----------
    points : ndarray, shape (F, K, 3)
        Drawn fibre points (ground frame).
    transforms : ndarray, shape (B, 4, 4)
        Bone transforms of the frame, in ``bone_ids`` order.
    bone_ids : list of str
        The scene's bones.

    """
    flat, owner = samples(points.astype(np.float64))
    depth = point_depths(flat, transforms, bone_ids)
    out = np.zeros(len(points))
    np.maximum.at(out, owner, depth)
    return out


def point_depths(points: np.ndarray, transforms: np.ndarray, bone_ids: list[str]) -> np.ndarray:
    """How deep (m, 0 if outside) each point (n, 3) lies inside any main bone posed by ``transforms``."""
    depth = np.zeros(len(points))
    for bone, (vertices, faces) in _meshes().items():
        m = transforms[bone_ids.index(bone)].astype(np.float64)
        local = (points - m[:3, 3]) @ m[:3, :3]
        near = np.all((local > vertices.min(axis=0)) & (local < vertices.max(axis=0)), axis=1)  # else outside
        if not near.any():
            continue
        signed, *_ = igl.signed_distance(local[near], vertices, faces,
                                         sign_type=igl.SIGNED_DISTANCE_TYPE_FAST_WINDING_NUMBER)
        depth[near] = np.maximum(depth[near], -signed)
    return depth
