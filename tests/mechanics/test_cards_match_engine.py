"""The content cards say what the engine computes: rotation action at 0 and 90 deg flexion."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.anatomy import ids
from viewer.anatomy.annotations import part_card
from viewer.anatomy.fibres import fibre_model
from viewer.anatomy.mechanics import sweep


@pytest.mark.parametrize("part", ids.part_ids())
@pytest.mark.parametrize("flexion, key", [(0, "at_0deg"), (90, "at_90deg")])
def test_rotation_with_flexion_matches_moment_arm_sign(part, flexion, key):
    arms, _ = sweep(fibre_model(), ids.bundle_tendon(part), "rotation", np.array([0.0]),
                    {"flexion": np.radians(flexion)})
    said = part_card(part)["rotation_with_flexion"][key]
    assert said == ("internal" if arms[0] > 0 else "external"), (part, flexion, arms[0])
