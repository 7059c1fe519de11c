"""How deep drawn fibre paths run inside the bone meshes (the guard of docs/explanation/wrapping.md).

A path is resampled every millimetre along its drawn polyline, leaving out ``ATTACHMENT_M`` at each
end (a fibre attaches *on* bone: its first and last millimetres may graze it). Each sample's signed
distance to the posed bone meshes the viewer draws comes from ``igl.signed_distance`` with the fast
winding number sign, which stays right on the few open seams of a mesh.
"""

from __future__ import annotations

from functools import lru_cache

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


def samples(polyline: np.ndarray) -> np.ndarray:
    """Points every :data:`STEP_M` along ``polyline`` (K, 3), without :data:`ATTACHMENT_M` at each end."""
    arc = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(polyline, axis=0), axis=1))])
    at = np.arange(ATTACHMENT_M, arc[-1] - ATTACHMENT_M, STEP_M)
    return np.stack([np.interp(at, arc, polyline[:, i]) for i in range(3)], axis=1)


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
    import igl

    chunks = [samples(p) for p in points]
    owner = np.repeat(np.arange(len(chunks)), [len(c) for c in chunks])
    flat = np.concatenate(chunks)
    depth = np.zeros(len(flat))
    for bone, (vertices, faces) in _meshes().items():
        m = transforms[bone_ids.index(bone)].astype(np.float64)
        local = (flat - m[:3, 3]) @ m[:3, :3]
        signed, *_ = igl.signed_distance(local, vertices, faces,
                                         sign_type=igl.SIGNED_DISTANCE_TYPE_FAST_WINDING_NUMBER)
        depth = np.maximum(depth, -signed)
    out = np.zeros(len(points))
    np.maximum.at(out, owner, depth)
    return out
