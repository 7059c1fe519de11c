"""The fibre polylines the browser draws, per frame, in the pelvis frame: ``glute-viewer paths``.

The browser rebuilds every fibre from the bone transforms of the frame and the fibre's sites and
wraps (CONTRACT.md "Fibre paths", ``viewer/frontend/src/wrap.js``). This module applies the same
computation (:func:`viewer.anatomy.fibre_paths.draw_paths`) to the same payloads the server sends
(decoded from their bytes, so float32 rounding included), then expresses the points in the pelvis
body's frame of the MyoLeg model, in millimetres. What it reports is therefore what is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.fibre_paths import PathTables, draw_paths
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


def payload_paths(arrays: dict[str, np.ndarray]) -> PathTables:
    """The path tables of a decoded assets payload (float32 as sent, computed in float64)."""
    return PathTables(
        site_bone=arrays["path_site_bone"].astype(np.intp),
        site_local=arrays["path_site_local"].astype(np.float64),
        segment_points=arrays["path_segment_points"].astype(np.intp),
        segment_wrap=arrays["path_segment_wrap"].astype(np.intp),
        wrap_bone=arrays["wrap_bone"].astype(np.intp),
        wrap_centre=arrays["wrap_centre"].astype(np.float64),
        wrap_rotation=arrays["wrap_rotation"].astype(np.float64),
        wrap_radius=arrays["wrap_radius"].astype(np.float64),
        wrap_kind=arrays["wrap_kind"].astype(np.intp),
        wrap_side=arrays["wrap_side"].astype(np.float64),
        wrap_has_side=arrays["wrap_has_side"].astype(bool),
    )


def in_body_frame(points: np.ndarray, body: np.ndarray) -> np.ndarray:
    """``points`` (n, F, K, 3) expressed in the frame of ``body`` (n, 4, 4) transforms."""
    rotation, translation = body[:, :3, :3], body[:, :3, 3]
    return np.einsum("nji,nfkj->nfki", rotation, points - translation[:, None, None, :])


def drawn_paths(motion: str, flexion_deg: float = 0.0, parts: Sequence[str] | None = None,
                side: str = "r") -> dict[str, Any]:
    """The polylines the browser draws for ``motion``, per frame, pelvis frame, millimetres.

    Parameters
    ----------
    motion : str
        A motion name (:data:`viewer.anatomy.motions.MOTION_NAMES`).
    flexion_deg : float
        Hip flexion of the rotation sweep, rounded as the app rounds it (the output says which).
    parts : sequence of str, optional
        Part ids to report (default: every part).
    side : {"r", "l"}
        The leg a sweep moves (ignored by the other motions).

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
    spec = MotionSpec.of(motion, flexion_deg=flexion_deg, side=side)
    assets_blob, assets_index = assets_payload()
    assets = decode(assets_blob, assets_index)
    motion_blob, motion_index = motion_payload(spec)
    motion_data = motion_scene(spec).motion
    matrices = bone_matrices(decode(motion_blob, motion_index)["bone_transforms"])
    points = draw_paths(matrices, payload_paths(assets))
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
