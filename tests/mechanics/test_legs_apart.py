"""The two legs never pass through each other in any motion the viewer offers.

Every frame of every offered motion (the sweeps on either side, rotation at each offered flexion,
running with and without a pelvic drop, every exercise) is posed with the model
(:meth:`viewer.anatomy.model.Model.set_pose`, :meth:`~viewer.anatomy.model.Model.body_pose`) and the
processed bone meshes the viewer draws (``load_bones(include_context=True)``). A left bone and a right
bone intersect when a vertex of one lies inside the other: ``igl.signed_distance`` with the winding
number sign (robust for the multi-shell foot meshes), tested both ways.
"""

from __future__ import annotations

from functools import lru_cache

import igl  # libigl, in the test extra
import numpy as np
import pytest
from offered_motions import CASE_IDS, CASES

from viewer.anatomy import motions
from viewer.anatomy.meshes import BoneMesh, load_bones
from viewer.anatomy.model import bundle_model
from viewer.anatomy.scene import BONE_BODIES

LEG_BONES = ("femur", "tibia", "fibula", "patella", "talus", "calcn", "toes")
PENETRATION_M = 0.0
"""A vertex deeper than this inside the other leg's bone is an intersection. Zero: the bones of the two
legs never touch in life (skin and muscle keep them centimetres apart), so any penetration is a bug."""
BOX_MARGIN_M = 0.002


@lru_cache(maxsize=1)
def _legs() -> dict[str, list[tuple[str, BoneMesh]]]:
    bones = load_bones(include_context=True)
    return {side: [(f"{b}_{side}", bones[f"{b}_{side}"]) for b in LEG_BONES] for side in ("r", "l")}


def _posed(bone_id: str, mesh: BoneMesh) -> np.ndarray:
    rot, pos = bundle_model().body_pose(BONE_BODIES[bone_id])
    return mesh.vertices.astype(np.float64) @ rot.T + pos


def _depth(points: np.ndarray, vertices: np.ndarray, faces: np.ndarray) -> float:
    """Deepest penetration (m, positive inside) of ``points`` into the closed mesh."""
    lo, hi = vertices.min(axis=0) - BOX_MARGIN_M, vertices.max(axis=0) + BOX_MARGIN_M
    near = points[np.all((points >= lo) & (points <= hi), axis=1)]
    if not len(near):
        return -np.inf
    s, *_ = igl.signed_distance(near, vertices, faces, sign_type=igl.SIGNED_DISTANCE_TYPE_WINDING_NUMBER)
    return float(-s.min())


def frame_overlaps(pose: dict[str, float]) -> list[str]:
    """Pairs ``left/right`` of bones that intersect at ``pose``, with the depth."""
    bundle_model().set_pose(pose)
    legs = _legs()
    posed = {side: [(b, _posed(b, m), m.faces.astype(np.int64)) for b, m in legs[side]] for side in legs}
    found = []
    for left, lv, lf in posed["l"]:
        for right, rv, rf in posed["r"]:
            if np.any(lv.min(axis=0) > rv.max(axis=0) + BOX_MARGIN_M) or np.any(
                    rv.min(axis=0) > lv.max(axis=0) + BOX_MARGIN_M):
                continue
            depth = max(_depth(lv, rv, rf), _depth(rv, lv, lf))
            if depth > PENETRATION_M:
                found.append(f"{left}/{right} {depth * 1000:.1f} mm")
    return found


def test_overlap_check_finds_crossed_legs() -> None:
    """The check itself: femurs adducted 30 degrees each, at 90 degrees of flexion, cross."""
    crossed = {"hip_flexion_r": np.radians(90), "hip_flexion_l": np.radians(90),
               "hip_adduction_r": np.radians(30), "hip_adduction_l": np.radians(30)}
    assert frame_overlaps(crossed)
    assert not frame_overlaps({})


@pytest.mark.parametrize(("label", "spec"), CASES, ids=CASE_IDS)
def test_legs_never_intersect(label: str, spec: dict) -> None:
    spec = dict(spec)
    motion = motions.make_motion(spec.pop("name"), **spec)
    bad = {}
    for frame in range(motion.frames):
        found = frame_overlaps(motion.pose(frame))
        if found:
            bad[frame] = found
    assert not bad, f"{label}: the legs intersect in {len(bad)} of {motion.frames} frames, e.g. {list(bad.items())[:3]}"
