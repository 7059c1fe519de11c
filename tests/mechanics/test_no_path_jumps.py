"""No fibre path jumps: on a 1 deg grid, no length changes by more than 2 mm between neighbours.

Hip flexion -20..110 deg against adduction -40..20 deg and against rotation -40..40 deg, each side.
A wrap that flips to the other side of its object (or lets go when a tangent point enters it)
changes a length by centimetres in one step; the largest honest change per degree is a moment arm
times 1 deg (75 mm x 0.0175 = 1.3 mm). Before :mod:`viewer.anatomy.wraps` chose its side points,
fibres between maximus bundles 2 and 3 jumped by 130 mm near neutral.
"""

from __future__ import annotations

import numpy as np
import pytest

from viewer.anatomy.fibres import fibre_model

STEP_LIMIT_M = 0.002
FLEXIONS_DEG = np.arange(-20, 111)
SWEEPS_DEG = {"hip_adduction": np.arange(-40, 21), "hip_rotation": np.arange(-40, 41)}


@pytest.mark.parametrize("side", ["r", "l"])
@pytest.mark.parametrize("coordinate", sorted(SWEEPS_DEG))
def test_lengths_change_smoothly(side: str, coordinate: str) -> None:
    model = fibre_model()
    tendons = np.arange(model.model.ntendon)
    names = [model.model.tendon(t).name for t in tendons]
    grid = np.zeros((len(FLEXIONS_DEG), len(SWEEPS_DEG[coordinate]), len(tendons)))
    for i, flexion in enumerate(np.radians(FLEXIONS_DEG)):
        for j, angle in enumerate(np.radians(SWEEPS_DEG[coordinate])):
            model.set_pose({f"hip_flexion_{side}": flexion, f"{coordinate}_{side}": angle})
            grid[i, j] = model.data.ten_length
    model.set_pose({})
    step = np.maximum(np.abs(np.diff(grid, axis=0)).max(axis=(0, 1)), np.abs(np.diff(grid, axis=1)).max(axis=(0, 1)))
    jumps = {names[t]: round(float(step[t]) * 1000, 1) for t in tendons if step[t] > STEP_LIMIT_M}
    assert not jumps, f"lengths jump by more than 2 mm per degree: {jumps}"
    assert step.max() > 0.0005  # the grid moved the paths at all
