"""No drawn fibre runs more than 3 mm inside bone, in any frame of any offered motion.

The drawn paths are the scene's ``fibre_points`` (what the browser draws, arcs over the wraps
included; tests/unit/test_payload.py holds them equal to the browser's formula). Before the wraps
of :mod:`viewer.anatomy.wraps` the deepest run was 9.6 mm (glmax1, glmed1/2 at rotation with 90 deg
hip flexion).
"""

from __future__ import annotations

import numpy as np
import pytest
from bone_clearance import TOLERANCE_M, frame_depths
from offered_motions import CASE_IDS, CASES

from viewer.anatomy import motions
from viewer.anatomy.scene import build_scene


@pytest.mark.parametrize(("label", "spec"), CASES, ids=CASE_IDS)
def test_no_fibre_inside_bone(label: str, spec: dict) -> None:
    spec = dict(spec)
    scene = build_scene(motions.make_motion(spec.pop("name"), **spec))
    worst = (0.0, "", -1)
    for frame in range(scene.motion.frames):
        depths = frame_depths(scene.fibre_points[frame], scene.bone_transforms[frame], scene.bone_ids)
        f = int(np.argmax(depths))
        if depths[f] > worst[0]:
            worst = (float(depths[f]), scene.fibre_ids[f], frame)
    assert worst[0] <= TOLERANCE_M, f"{label}: {worst[1]} runs {worst[0] * 1000:.1f} mm inside bone at frame {worst[2]}"
