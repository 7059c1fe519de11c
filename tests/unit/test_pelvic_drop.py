"""Running with extra contralateral pelvic drop (weak gluteus medius)."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.anatomy import ids, motions
from viewer.anatomy.model import bundle_model
from viewer.anatomy.pelvic_drop import hold_femur, running_with_pelvic_drop, stance_bump
from viewer.anatomy.scene import build_scene

FRAMES = 64
DROP = 8.0
OTHER = {"r": "l", "l": "r"}


def angle_between(a: np.ndarray, b: np.ndarray) -> float:
    """Angle (deg) of the rotation taking a to b."""
    return float(np.degrees(np.arccos(np.clip((np.trace(a.T @ b) - 1) / 2, -1, 1))))


def pose_of(motion: motions.Motion, frame: int, body: str) -> tuple[np.ndarray, np.ndarray]:
    model = bundle_model()
    model.set_pose(motion.pose(frame))
    out = model.body_pose(body)
    model.set_pose({})
    return out


def midstance(motion: motions.Motion) -> int:
    return int(round(motion.events["peak_drop"] * motion.frames)) % motion.frames


@pytest.mark.parametrize("side", ids.SIDES)
def test_stance_femur_holds_still_while_the_pelvis_lists(side: str) -> None:
    base, drop = motions.running(FRAMES), running_with_pelvic_drop(DROP, side, FRAMES)
    i = midstance(drop)
    assert drop.events["peak_drop"] == pytest.approx(0.1965 if side == "r" else 0.6965)
    d_list = np.degrees(drop.joints["pelvis_list"][i] - base.joints["pelvis_list"][i])
    assert abs(d_list) == pytest.approx(DROP, abs=0.1)
    assert angle_between(pose_of(base, i, "pelvis")[0], pose_of(drop, i, "pelvis")[0]) == pytest.approx(abs(d_list))
    femur = f"femur_{side}"
    assert angle_between(pose_of(base, i, femur)[0], pose_of(drop, i, femur)[0]) < 1.0
    # and at every frame, not only at midstance
    worst = max(angle_between(pose_of(base, k, femur)[0], pose_of(drop, k, femur)[0]) for k in range(0, FRAMES, 4))
    assert worst < 1e-3


@pytest.mark.parametrize("side", ids.SIDES)
def test_swing_femur_holds_still_too(side: str) -> None:
    """The tipping pelvis does not swing the other thigh into the stance thigh: the swing hip abducts."""
    base, drop = motions.running(FRAMES), running_with_pelvic_drop(DROP, side, FRAMES)
    swing = OTHER[side]
    femur = f"femur_{swing}"
    worst = max(angle_between(pose_of(base, k, femur)[0], pose_of(drop, k, femur)[0]) for k in range(FRAMES))
    assert worst < 1e-3
    i = midstance(drop)
    d_add = np.degrees(drop.joints[f"hip_adduction_{swing}"][i] - base.joints[f"hip_adduction_{swing}"][i])
    assert d_add == pytest.approx(-6.6, abs=0.3)  # into abduction, a little less than the drop (hip flexed)


@pytest.mark.parametrize("side", ids.SIDES)
def test_the_opposite_side_of_the_pelvis_drops_and_the_stance_hip_adducts(side: str) -> None:
    base, drop = motions.running(FRAMES), running_with_pelvic_drop(DROP, side, FRAMES)
    i = midstance(drop)
    other_hip = f"femur_{OTHER[side]}"
    assert pose_of(drop, i, other_hip)[1][1] < pose_of(base, i, other_hip)[1][1] - 0.005  # lower (ground y)
    d_add = np.degrees(drop.joints[f"hip_adduction_{side}"][i] - base.joints[f"hip_adduction_{side}"][i])
    assert d_add == pytest.approx(DROP, rel=0.1)  # about the same angle, into adduction
    # +pelvis_list lowers the right side of the pelvis
    assert np.sign(drop.joints["pelvis_list"][i] - base.joints["pelvis_list"][i]) == (-1 if side == "r" else 1)


@pytest.mark.parametrize("side", ids.SIDES)
def test_nothing_changes_outside_the_weak_sides_stance(side: str) -> None:
    base, drop = motions.running(FRAMES), running_with_pelvic_drop(DROP, side, FRAMES)
    start = base.events["foot_strike" if side == "r" else "contralateral_foot_strike"]
    end = base.events["toe_off" if side == "r" else "contralateral_toe_off"]
    outside = np.mod(base.phase - start, 1.0) >= (end - start)
    for joint, values in drop.joints.items():
        np.testing.assert_allclose(values[outside], base.joints[joint][outside], atol=1e-12, err_msg=joint)
        if not joint.startswith(("hip_", "pelvis_list")):  # knees, ankles, pelvis tilt and rotation
            np.testing.assert_allclose(values, base.joints[joint], atol=1e-12, err_msg=joint)


def test_zero_drop_is_the_measured_cycle() -> None:
    base, drop = motions.running(FRAMES), running_with_pelvic_drop(0.0, "r", FRAMES)
    for joint, values in base.joints.items():
        np.testing.assert_allclose(drop.joints[joint], values, atol=1e-12, err_msg=joint)


def test_stance_bump_is_a_smooth_sin2_over_stance() -> None:
    phase = np.linspace(0, 1, 1001)
    bump = stance_bump(phase, 0.0, 0.393)
    assert stance_bump(np.array([0.1965]), 0.0, 0.393)[0] == pytest.approx(1.0)
    assert phase[bump.argmax()] == pytest.approx(0.1965, abs=1e-3)
    assert (bump[phase >= 0.393] == 0).all() and bump[0] == 0
    wrapped = stance_bump(np.array([0.9, 0.95, 0.0, 0.3]), 0.9, 0.1)
    assert wrapped[2] == pytest.approx(1.0) and wrapped[0] == 0 and wrapped[3] == 0


def test_hold_femur_is_the_identity_without_a_list_change() -> None:
    rng = np.random.default_rng(0)
    joints = {j: rng.uniform(-0.5, 0.5, 10) for j in
              ("hip_flexion_l", "hip_adduction_l", "hip_rotation_l", "pelvis_rotation")}
    held = hold_femur(joints, "l", np.zeros(10))
    for joint, values in held.items():
        np.testing.assert_allclose(values, joints[joint], atol=1e-12)


def test_stance_medius_fibres_are_longer_at_midstance_with_drop() -> None:
    base, drop = motions.running(FRAMES), running_with_pelvic_drop(DROP, "r", FRAMES)
    i = midstance(drop)
    s0, s1 = build_scene(base), build_scene(drop)
    medius_r = [k for k, p in enumerate(s0.fibre_parts) if p.startswith("glmed") and p.endswith("_r")]
    medius_l = [k for k, p in enumerate(s0.fibre_parts) if p.startswith("glmed") and p.endswith("_l")]
    assert len(medius_r) >= 24
    longer = s1.lengths[i, medius_r] - s0.lengths[i, medius_r]
    assert (longer > 0.001).all(), longer.min()  # every stance-side fibre, by more than 1 mm
    # the swing side's medius is not lengthened the same way
    assert (s1.lengths[i, medius_l] - s0.lengths[i, medius_l]).max() < longer.min()


def test_make_motion_exposes_the_pelvic_drop() -> None:
    m = motions.make_motion("running", pelvic_drop_deg=DROP, weak_side="l", frames=32)
    assert m.name == "running" and m.frames == 32
    assert m.params["pelvic_drop_deg"] == DROP and m.params["weak_side"] == "l"
    text = m.params["explanation"]
    assert "left" in text and "right side of the pelvis drop" in text and "longer" in text
    assert "Trendelenburg" in m.source and "Hamner" in m.source
    assert motions.make_motion("running").params == {}


@pytest.mark.parametrize("bad", [-0.1, 20.5, float("nan"), float("inf"), "8", True, None])
def test_drop_out_of_range_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="expected a number from 0 to 20"):
        running_with_pelvic_drop(bad)  # type: ignore[arg-type]


def test_bad_side_and_wrong_motion_are_refused() -> None:
    with pytest.raises(ids.UnknownIdError, match="expected one of: r, l"):
        running_with_pelvic_drop(5, "x")
    with pytest.raises(ValueError, match="running only"):
        motions.make_motion("abduction", pelvic_drop_deg=5)
    assert running_with_pelvic_drop(20, "r").params["pelvic_drop_deg"] == 20
