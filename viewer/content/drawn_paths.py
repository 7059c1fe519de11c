"""The fibre polylines the browser draws, per frame, in the pelvis frame: ``glute-viewer paths``.

The browser rebuilds every fibre point from the bone transforms of the frame and two anchors
(:mod:`viewer.component.payload`, CONTRACT.md "Fibre point k of fibre f"). This module applies
the same formula to the same payloads the server sends (decoded from their bytes, so float32
rounding included), then expresses the points in the pelvis body's frame of the MyoLeg model, in
millimetres. What it reports is therefore exactly what is drawn, not a second computation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np

from viewer.anatomy import ids
from viewer.component.payload import decode
from viewer.content.payloads import MotionSpec, assets_payload, motion_payload, motion_scene

FRAME_BODY: Final = "pelvis"
"""The body whose frame the points are given in."""
DECIMALS: Final = 2
"""Millimetre decimals in the output (10 µm; float32 metres carry about 0.1 µm here)."""


def bone_matrices(column_major: np.ndarray) -> np.ndarray:
    """``(n, B, 16)`` column-major float32 transforms as ``(n, B, 4, 4)`` float64 matrices."""
    n, bones, _ = column_major.shape
    return column_major.astype(np.float64).reshape(n, bones, 4, 4).transpose(0, 1, 3, 2)


def fibre_points(matrices: np.ndarray, anchor_bone: np.ndarray, anchor_local: np.ndarray,
                 anchor_weight: np.ndarray) -> np.ndarray:
    """Fibre points at every frame, ground frame, metres: ``(1-w) M[a0] p0 + w M[a1] p1``.

    Parameters
    ----------
    matrices : ndarray, shape (n, B, 4, 4)
        Bone transforms per frame.
    anchor_bone : ndarray, shape (F, K, 2)
        Bone index of each point's two anchors.
    anchor_local : ndarray, shape (F, K, 2, 3)
        The anchors in their bones' frames.
    anchor_weight : ndarray, shape (F, K)
        Blend weight of the second anchor.

    Returns
    -------
    ndarray, shape (n, F, K, 3)

    """
    rotation, translation = matrices[..., :3, :3], matrices[..., :3, 3]
    local = anchor_local.astype(np.float64)
    ends = []
    for end in (0, 1):
        bone = anchor_bone[..., end].astype(np.intp)  # (F, K)
        ends.append(np.einsum("nfkij,fkj->nfki", rotation[:, bone], local[:, :, end]) + translation[:, bone])
    weight = anchor_weight.astype(np.float64)[None, :, :, None]
    return (1.0 - weight) * ends[0] + weight * ends[1]


def in_body_frame(points: np.ndarray, body: np.ndarray) -> np.ndarray:
    """``points`` (n, F, K, 3) expressed in the frame of ``body`` (n, 4, 4) transforms."""
    rotation, translation = body[:, :3, :3], body[:, :3, 3]
    return np.einsum("nji,nfkj->nfki", rotation, points - translation[:, None, None, :])


def drawn_paths(motion: str, flexion_deg: float = 0.0, parts: Sequence[str] | None = None) -> dict[str, Any]:
    """The polylines the browser draws for ``motion``, per frame, pelvis frame, millimetres.

    Parameters
    ----------
    motion : str
        A motion name (:data:`viewer.anatomy.motions.MOTION_NAMES`).
    flexion_deg : float
        Hip flexion of the rotation sweep, rounded as the app rounds it (the output says which).
    parts : sequence of str, optional
        Part ids to report (default: every part).

    Returns
    -------
    dict
        ``{"motion", "flexion_deg", "units": "mm", "frame": "pelvis", "points_per_fibre",
        "phase": [...], "joints": {name: [deg per frame]}, "fibres": {fibre id: [[[x, y, z],
        ...] per frame]}}``; ``joints`` and ``phase`` as ``glute-viewer motion`` prints them.

    Raises
    ------
    viewer.anatomy.ids.UnknownIdError
        For an unknown part (the message lists the part ids).
    ValueError
        For an unknown motion or a flexion outside the model's range.

    """
    wanted = list(dict.fromkeys(parts)) if parts else list(ids.part_ids())
    for part in wanted:
        ids.check_choice(part, ids.part_ids(), "part")
    spec = MotionSpec.of(motion, flexion_deg=flexion_deg)
    assets_blob, assets_index = assets_payload()
    assets = decode(assets_blob, assets_index)
    motion_blob, motion_index = motion_payload(spec)
    motion_data = motion_scene(spec).motion
    matrices = bone_matrices(decode(motion_blob, motion_index)["bone_transforms"])
    points = fibre_points(matrices, assets["anchor_bone"], assets["anchor_local"], assets["anchor_weight"])
    bodies = [bone["body"] for bone in assets_index["bones"]]
    pelvis = matrices[:, bodies.index(FRAME_BODY)]
    millimetres = np.round(in_body_frame(points, pelvis) * 1000.0, DECIMALS)
    fibre_ids = assets_index["fibres"]["ids"]
    chosen = [i for i, fibre in enumerate(fibre_ids) if fibre.split("/", 1)[0] in wanted]
    return {
        "motion": motion_index["name"],
        "flexion_deg": spec.flexion_deg,
        "units": "mm",
        "frame": FRAME_BODY,
        "points_per_fibre": int(assets_index["fibres"]["points_per_fibre"]),
        "phase": motion_data.phase_list(),
        "joints": motion_data.joints_deg(),
        "fibres": {fibre_ids[i]: millimetres[:, i].tolist() for i in chosen},
    }
