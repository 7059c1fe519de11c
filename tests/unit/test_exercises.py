"""Exercise presets: loops, joint ranges, the shape of each exercise, and what the engine says."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.anatomy import ids, motions
from viewer.anatomy.exercises import JOINT_LIMITS_DEG, exercise_motion, joint_limits_deg, load_exercises
from viewer.anatomy.mechanics import MomentArmTable
from viewer.anatomy.model import bundle_model

EXERCISES = load_exercises()
FRAMES = 48


def deg(motion: motions.Motion, joint: str) -> np.ndarray:
    return np.degrees(motion.joints.get(joint, np.zeros(motion.frames)))


def at(motion: motions.Motion, event: str) -> int:
    return int(round(motion.events[event] * motion.frames)) % motion.frames


def test_joint_limits_are_the_models() -> None:
    m = bundle_model().model
    for side in ids.SIDES:
        for coordinate, (lo, hi) in JOINT_LIMITS_DEG.items():
            rng = np.degrees(m.jnt_range[m.joint(f"{coordinate}_{side}").id])
            assert rng == pytest.approx([lo, hi], abs=0.01), coordinate


def test_names_and_order() -> None:
    assert tuple(EXERCISES) == motions.EXERCISE_NAMES
    assert not set(motions.EXERCISE_NAMES) & set(motions.MOTION_NAMES)


@pytest.mark.parametrize("name", motions.EXERCISE_NAMES)
def test_each_preset_loops_through_its_keyframes(name: str) -> None:
    motion = exercise_motion(name, FRAMES)
    assert motion.name == name and motion.frames == FRAMES and motion.phase[-1] < 1
    ex = EXERCISES[name]
    for joint, values in motion.joints.items():
        step = np.abs(np.diff(np.r_[values, values[0]]))
        assert step[-1] <= step[:-1].max() + 1e-9, joint  # no jump where the loop closes
        assert np.ptp(values) == 0 or step.max() < np.radians(10), joint
    for key in ex.keyframes:
        angles = ex.angles_deg(np.array([key.phase, key.phase + 1.0]))  # wraps modulo 1
        for joint, value in key.angles.items():
            assert angles[joint] == pytest.approx([value, value]), (joint, key.event)
        assert motion.events[key.event] == key.phase
    # out and back: the motion moves away from the first keyframe and returns to it
    assert any(np.ptp(v) > np.radians(5) for v in motion.joints.values())


@pytest.mark.parametrize("name", motions.EXERCISE_NAMES)
def test_each_preset_stays_in_the_models_joint_ranges(name: str) -> None:
    motion = exercise_motion(name, 96)
    for joint, values in motion.joints.items():
        lo, hi = joint_limits_deg(joint)
        assert lo - 1e-9 <= np.degrees(values).min() and np.degrees(values).max() <= hi + 1e-9, joint


@pytest.mark.parametrize("name", motions.EXERCISE_NAMES)
def test_motion_carries_cue_side_and_sources(name: str) -> None:
    motion = motions.make_motion(name)
    ex = EXERCISES[name]
    assert motion.params["cue"] == ex.cue and len(ex.cue) > 20
    assert motion.params["working_side"] in ("r", "l", "both")
    assert motion.params["duration_s"] > 0
    assert ex.citations and all(c.split(".")[0] in motion.source for c in ex.citations)
    assert motion.label == ex.name


def test_clamshell_is_external_rotation_at_45_deg_flexion() -> None:
    m = exercise_motion("clamshell", FRAMES)
    np.testing.assert_allclose(deg(m, "hip_flexion_r"), 45.0, atol=1e-9)
    np.testing.assert_allclose(deg(m, "knee_angle_r"), 90.0, atol=1e-9)
    rot = deg(m, "hip_rotation_r")
    assert rot.min() <= -15 and rot.max() <= 1e-9  # external, never internal
    assert deg(m, "hip_adduction_r").min() <= -15  # the knee opens (abduction)
    assert rot[at(m, "open")] == pytest.approx(rot.min())


def test_clamshell_keeps_the_feet_together_while_the_knee_opens() -> None:
    model, m = bundle_model(), exercise_motion("clamshell", FRAMES)
    where = {}
    for event in ("closed", "open"):
        model.set_pose(m.pose(at(m, event)))
        where[event] = {b: model.body_pose(b)[1] for b in ("tibia_r", "talus_r")}
    model.set_pose({})
    knee = np.linalg.norm(where["open"]["tibia_r"] - where["closed"]["tibia_r"])
    ankle = np.linalg.norm(where["open"]["talus_r"] - where["closed"]["talus_r"])
    assert knee > 0.10 and ankle < 0.06, (knee, ankle)


def test_band_internal_rotation_at_15_deg_flexion() -> None:
    m = exercise_motion("band_internal_rotation", FRAMES)
    np.testing.assert_allclose(deg(m, "hip_flexion_r"), 15.0, atol=1e-9)
    rot = deg(m, "hip_rotation_r")
    assert rot.max() >= 20 and rot[at(m, "internal")] == pytest.approx(rot.max())


def test_side_lying_abduction_reaches_35_to_40_deg() -> None:
    m = exercise_motion("side_lying_abduction", FRAMES)
    top = at(m, "top")
    assert -40 <= deg(m, "hip_adduction_r")[top] <= -35
    assert -15 <= deg(m, "hip_flexion_r")[top] < 0  # slight extension
    np.testing.assert_allclose(deg(m, "hip_rotation_r"), 0.0, atol=1e-9)


def test_glute_bridge_extends_from_flexion_with_knees_bent() -> None:
    m = exercise_motion("glute_bridge", FRAMES)
    for side in ids.SIDES:
        flex = deg(m, f"hip_flexion_{side}")
        assert 60 <= flex[at(m, "bottom")] <= 70 and -10 <= flex[at(m, "top")] <= 0
        assert deg(m, f"knee_angle_{side}").min() >= 80


def test_hip_hitch_keeps_the_stance_femur_vertical() -> None:
    model, m = bundle_model(), exercise_motion("hip_hitch", FRAMES)
    tilt, left_hip_height = [], []
    for i in range(m.frames):
        model.set_pose(m.pose(i))
        rot, _ = model.body_pose("femur_r")
        tilt.append(np.degrees(np.arccos(np.clip(rot[1, 1], -1, 1))))  # femur axis vs ground vertical
        left_hip_height.append(model.body_pose("femur_l")[1][1])
    model.set_pose({})
    assert max(tilt) < 2.0
    assert np.ptp(deg(m, "pelvis_list")) >= 10  # the pelvis really moves
    # the opposite (left) side lifts at the top, while the stance hip abducts relative to the pelvis
    assert left_hip_height[at(m, "top")] > left_hip_height[at(m, "bottom")] + 0.01
    assert deg(m, "hip_adduction_r")[at(m, "top")] < 0 < deg(m, "hip_adduction_r")[at(m, "bottom")]


def test_the_wrong_sign_would_tilt_the_femur() -> None:
    # guards the sign convention: pairing +list with +adduction tilts the right femur by twice the angle
    model = bundle_model()
    model.set_pose({"pelvis_list": np.radians(8), "hip_adduction_r": np.radians(8)})
    rot, _ = model.body_pose("femur_r")
    model.set_pose({})
    assert np.degrees(np.arccos(rot[1, 1])) == pytest.approx(16, abs=0.5)


@pytest.mark.parametrize("name", motions.EXERCISE_NAMES)
def test_targets_shorten_from_start_to_peak(name: str) -> None:
    ex = EXERCISES[name]
    motion = exercise_motion(name, FRAMES)
    parts = ex.target_parts()
    assert parts and all(ids.check_part(p) for p in parts)
    table = MomentArmTable(bundle_model(), [ids.bundle_tendon(p) for p in parts])
    lengths = []
    for key in ex.keyframes[:2]:
        bundle_model().set_pose(motion.pose(at(motion, key.event)))
        lengths.append(table.lengths())
    bundle_model().set_pose({})
    assert (lengths[1] < lengths[0] - 1e-3).all(), dict(zip(parts, lengths[1] - lengths[0], strict=True))


def test_unknown_exercise_names_the_choices() -> None:
    with pytest.raises(ids.UnknownIdError, match="hip_hitch, side_lying_abduction, clamshell"):
        exercise_motion("lunge")
    with pytest.raises(ids.UnknownIdError, match="running, hip_hitch"):
        motions.make_motion("lunge")
