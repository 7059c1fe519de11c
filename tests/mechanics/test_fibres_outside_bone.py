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

from viewer.anatomy import motions
from viewer.anatomy.scene import build_scene
from viewer.anatomy.sweeps import OFFERED_FLEXIONS_DEG

pytest.importorskip("igl", reason="libigl (in the test extra) computes the signed distances")


def _cases() -> list[tuple[str, dict]]:
    cases: list[tuple[str, dict]] = []
    for side in ("r", "l"):
        cases.append((f"abduction-{side}", {"name": "abduction", "side": side}))
        cases.append((f"flexion-{side}", {"name": "flexion", "side": side}))
        cases += [(f"rotation{f:g}-{side}", {"name": "rotation", "flexion_deg": f, "side": side})
                  for f in OFFERED_FLEXIONS_DEG]
    cases.append(("running", {"name": "running"}))
    cases += [(f"running-drop20-{weak}", {"name": "running", "pelvic_drop_deg": 20.0, "weak_side": weak})
              for weak in ("r", "l")]
    cases += [(name, {"name": name}) for name in motions.EXERCISE_NAMES]
    return cases


@pytest.mark.parametrize(("label", "spec"), _cases(), ids=[c[0] for c in _cases()])
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
