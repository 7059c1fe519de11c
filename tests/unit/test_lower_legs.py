"""The whole leg: the foot bones in the scene, the ankle in running and in every exercise."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.anatomy import ids, motions
from viewer.anatomy.exercises import JOINT_LIMITS_DEG, load_exercises
from viewer.anatomy.gait import load_running
from viewer.anatomy.gait_fit import read_cycle_csv
from viewer.anatomy.model import bundle_model
from viewer.anatomy.scene import BONE_BODIES, SceneOptions, build_scene

RAW_CSV = "running/running_cycle.csv"  # in the shared data folder (tests/conftest.py: shared_data_dir)
FOOT_BODIES = {f"{bone}_{side}": f"{bone}_{side}" for bone in ("talus", "calcn", "toes") for side in ids.SIDES}


def test_foot_bones_are_context_bones_in_their_own_bodies() -> None:
    assert set(FOOT_BODIES) <= set(ids.CONTEXT_BONES)
    assert {b: BONE_BODIES[b] for b in FOOT_BODIES} == FOOT_BODIES


def test_scene_draws_the_lower_legs_and_feet_by_default() -> None:
    assert SceneOptions().include_context
    scene = build_scene(motions.make_motion("running", frames=8))
    assert scene.bone_ids == list(ids.BONES) + list(ids.CONTEXT_BONES)
    model = bundle_model()
    for frame in (0, 5):
        model.set_pose(scene.motion.pose(frame))
        for bone in ("calcn_r", "toes_l", "talus_r", "fibula_l"):
            b = scene.bone_ids.index(bone)
            rot, pos = model.body_pose(BONE_BODIES[bone])
            np.testing.assert_allclose(scene.bone_transforms[frame, b, :3, :3], rot, atol=1e-5)
            np.testing.assert_allclose(scene.bone_transforms[frame, b, :3, 3], pos, atol=1e-5)
    # the feet move: their transforms differ between foot strike and toe-off
    assert not np.allclose(scene.bone_transforms[0, scene.bone_ids.index("calcn_r")],
                           scene.bone_transforms[3, scene.bone_ids.index("calcn_r")], atol=1e-3)


def test_ankle_range_is_the_models() -> None:
    m = bundle_model().model
    for side in ids.SIDES:
        rng = np.degrees(m.jnt_range[m.joint(f"ankle_angle_{side}").id])
        assert rng == pytest.approx(JOINT_LIMITS_DEG["ankle_angle"], abs=0.01)


def test_running_drives_both_ankles_within_range() -> None:
    motion = motions.make_motion("running")
    lo, hi = JOINT_LIMITS_DEG["ankle_angle"]
    for side in ids.SIDES:
        ankle = np.degrees(motion.joints[f"ankle_angle_{side}"])
        assert lo <= ankle.min() and ankle.max() <= hi
        assert ankle.max() - ankle.min() > 35  # a visible swing, not a token wiggle


def _foot_pitch_deg(pose: dict[str, float], side: str = "r") -> float:
    """Angle of the foot (heel to toes) below the horizontal, ground frame (+ toes down)."""
    model = bundle_model()
    model.set_pose(pose)
    rot, _ = model.body_pose(f"calcn_{side}")
    return float(np.degrees(np.arcsin(-rot[1, 0])))


def test_running_shows_foot_strike_and_toe_off() -> None:
    """Dorsiflexed at midstance, plantarflexed at toe-off; the foot points clearly down at toe-off."""
    cycle = load_running()
    ankle = {e: float(np.degrees(cycle.side_angles_rad(p, "r")["ankle_angle_r"])) for e, p in cycle.events.items()}
    midstance = float(np.degrees(cycle.side_angles_rad(0.2, "r")["ankle_angle_r"]))
    assert -15 < ankle["foot_strike"] < 5
    assert midstance > 15
    assert ankle["toe_off"] < -15
    motion = motions.make_motion("running")
    strike = round(cycle.events["foot_strike"] * motion.frames)
    toe_off = round(cycle.events["toe_off"] * motion.frames)
    assert _foot_pitch_deg(motion.pose(toe_off)) - _foot_pitch_deg(motion.pose(strike)) > 30


@pytest.mark.shared_data(RAW_CSV)
def test_running_ankle_matches_the_data(shared_data_dir) -> None:
    """The ankle the viewer shows is the published mean cycle's within 1 degree."""
    raw = read_cycle_csv(shared_data_dir / RAW_CSV)
    shown = load_running().mean_cycle_deg(raw["percent_cycle"] / 100.0)["ankle_angle"]
    assert np.max(np.abs(shown - raw["ankle_angle"])) < 1.0


@pytest.mark.parametrize("name", motions.EXERCISE_NAMES)
def test_every_exercise_sets_both_knees_and_ankles(name: str) -> None:
    ex = load_exercises()[name]
    for side in ids.SIDES:
        assert f"knee_angle_{side}" in ex.joints and f"ankle_angle_{side}" in ex.joints, (name, side)


def test_standing_legs_are_straight_with_the_foot_flat() -> None:
    ex = load_exercises()
    for name, side in (("hip_hitch", "r"), ("band_internal_rotation", "l")):
        for k in ex[name].keyframes:
            assert k.angles[f"knee_angle_{side}"] == 0 and k.angles[f"ankle_angle_{side}"] == 0, name
