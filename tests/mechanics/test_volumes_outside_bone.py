"""No solid muscle lies more than 3 mm inside bone, in any frame of any offered motion.

The volumes are drawn from the fibre paths and the bone transforms
(:func:`viewer.anatomy.volume_shape.slab`, the same numbers as the browser's volume.js,
tests/unit/test_frontend_js.py). Every grid point of both faces is checked against the posed
bone meshes with the fibre guard's tolerance (bone_clearance.py); the only points left out are
those within 15 mm of a fibre's own attachment sites along its path (the fibre guard leaves out
the same). The origin flaps, draped over the bone, are checked everywhere. Before the normals
that thicken the sheet were smoothed, the maximus's superficial face cut 12 mm into the greater
trochanter at 15 deg flexion and 40 deg rotation.
"""

from __future__ import annotations

import numpy as np
import pytest
from bone_clearance import ATTACHMENT_M, TOLERANCE_M, point_depths
from offered_motions import CASE_IDS, CASES

from viewer.anatomy import motions
from viewer.anatomy.muscle_volumes import volume_tables
from viewer.anatomy.scene import build_scene
from viewer.anatomy.volume_shape import FLAP_COLUMNS, slab


def checked(deep: np.ndarray) -> np.ndarray:
    """Which grid points (M, R, C) are checked: the flaps, and fibre columns away from the attachments."""
    along = deep[:, :, FLAP_COLUMNS:]
    arc = np.concatenate([np.zeros(along.shape[:2] + (1,)),
                          np.cumsum(np.linalg.norm(np.diff(along, axis=2), axis=-1), axis=2)], axis=2)
    away = (arc >= ATTACHMENT_M) & (arc <= arc[..., -1:] - ATTACHMENT_M)
    return np.concatenate([np.ones(deep.shape[:2] + (FLAP_COLUMNS,), bool), away], axis=2)


@pytest.mark.parametrize(("label", "spec"), CASES, ids=CASE_IDS)
def test_no_volume_inside_bone(label: str, spec: dict) -> None:
    spec = dict(spec)
    scene = build_scene(motions.make_motion(spec.pop("name"), **spec))
    tables = volume_tables()
    worst = (0.0, "", -1)
    for frame in range(scene.motion.frames):
        deep, superficial = slab(scene.fibre_points[frame].astype(float), scene.bone_transforms[frame].astype(float),
                                 tables)
        keep = checked(deep)
        for face, grid in (("deep", deep), ("superficial", superficial)):
            depth = point_depths(grid[keep], scene.bone_transforms[frame], scene.bone_ids)
            if depth.max() > worst[0]:
                g, r, c = np.argwhere(keep)[int(np.argmax(depth))]
                worst = (float(depth.max()), f"{face} face, group {g} row {r} column {c}", frame)
    assert worst[0] <= TOLERANCE_M, (f"{label}: the {worst[1]} lies {worst[0] * 1000:.1f} mm inside bone "
                                     f"at frame {worst[2]}")
