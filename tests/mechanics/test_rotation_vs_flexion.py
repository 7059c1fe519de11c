"""Rotation moment arm against hip flexion, and where it changes sign (for the chart)."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.anatomy import ids
from viewer.anatomy.fibres import fibre_model
from viewer.anatomy.mechanics import rotation_vs_flexion, sign_change, sweep

FLEXIONS = np.radians(np.arange(-20, 91, 5))


def test_matches_the_sweep_used_by_the_cli() -> None:
    model = fibre_model()
    arms = rotation_vs_flexion(model, "glmed3_r_tendon", FLEXIONS)
    assert arms.shape == FLEXIONS.shape
    for flexion, arm in zip(FLEXIONS[::4], arms[::4], strict=True):
        ref, _ = sweep(model, "glmed3_r_tendon", "rotation", np.array([0.0]), {"flexion": flexion})
        assert arm == pytest.approx(ref[0], abs=1e-12)


@pytest.mark.parametrize("side", ids.SIDES)
def test_posterior_medius_turns_from_external_to_internal_rotator(side: str) -> None:
    arms = rotation_vs_flexion(fibre_model(), ids.bundle_tendon(f"glmed3_{side}"), FLEXIONS)
    crossings = sign_change(np.degrees(FLEXIONS), arms)
    # the engine (MyoLeg) puts the single crossing just past 45 deg: -2.4 mm at 45, +0.8 mm at 50
    assert len(crossings) == 1 and 45 < crossings[0] < 50, crossings
    assert arms[0] < 0 < arms[-1]


def test_middle_medius_crosses_near_15_deg() -> None:
    arms = rotation_vs_flexion(fibre_model(), ids.bundle_tendon("glmed2_r"), FLEXIONS)
    (crossing,) = sign_change(np.degrees(FLEXIONS), arms)
    assert 15 < crossing < 20


def test_anterior_medius_rotates_internally_from_0_to_90_deg() -> None:
    flexed = FLEXIONS[FLEXIONS >= 0]
    arms = rotation_vs_flexion(fibre_model(), ids.bundle_tendon("glmed1_r"), flexed)
    assert sign_change(np.degrees(flexed), arms) == [] and (arms > 0).all()
    (crossing,) = sign_change(np.degrees(FLEXIONS), rotation_vs_flexion(fibre_model(), "glmed1_r_tendon", FLEXIONS))
    assert -20 < crossing < -10  # external only with the hip extended


def test_sign_change_interpolates_and_handles_zeros() -> None:
    x = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    assert sign_change(x, np.array([-1.0, 1.0, 1.0, 1.0, 1.0])) == [0.5]
    assert sign_change(x, np.array([-3.0, -1.0, 1.0, 3.0, -1.0])) == [1.5, 3.75]
    assert sign_change(x, np.array([-1.0, 0.0, 1.0, 1.0, 1.0])) == [1.0]  # an exact zero counts once
    assert sign_change(x, np.array([1.0, 0.0, 1.0, 1.0, 1.0])) == []  # touching zero is not a change
    assert sign_change(x, np.array([1.0, 0.0, 0.0, -1.0, -1.0])) == [1.0]
    assert sign_change(x, np.zeros(5)) == []
    with pytest.raises(ValueError, match="one length"):
        sign_change(x, np.zeros(4))
