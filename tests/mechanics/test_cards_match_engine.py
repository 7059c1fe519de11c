"""The content cards say what the engine computes: rotation action class at 0 and 90 deg flexion.

The class is that of viewer/anatomy/action_words.py: ``neutral`` (about zero; the sign depends on
the model) below its threshold or when the part's fibres pull both ways, else the sign of the
model bundle's moment arm. tests/mechanics/test_words_match_engine.py checks every other word.
"""

from __future__ import annotations

import numpy as np
import pytest

from viewer.anatomy import ids
from viewer.anatomy.action_words import NEUTRAL_MM, hip_pose, part_mechanics
from viewer.anatomy.annotations import part_card
from viewer.anatomy.fibres import fibre_model
from viewer.anatomy.mechanics import sweep


@pytest.mark.parametrize("part", ids.part_ids())
@pytest.mark.parametrize("flexion, key", [(0, "at_0deg"), (90, "at_90deg")])
def test_rotation_with_flexion_matches_moment_arm_sign(part, flexion, key):
    arms, _ = sweep(fibre_model(), ids.bundle_tendon(part), "rotation", np.array([0.0]),
                    {"flexion": np.radians(flexion)})
    said = part_card(part)["rotation_with_flexion"][key]
    if said == "neutral":
        fibres = part_mechanics(part, hip_pose(ids.parse_part(part)[2], flexion)).fibres_mm["rotation"]
        assert abs(arms[0]) * 1000 < NEUTRAL_MM or (fibres.max() >= NEUTRAL_MM and fibres.min() <= -NEUTRAL_MM), (
            part, flexion, arms[0], fibres)
    else:
        assert said == ("internal" if arms[0] > 0 else "external"), (part, flexion, arms[0])
