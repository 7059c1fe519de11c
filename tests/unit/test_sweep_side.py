"""The sweeps move one leg, chosen by ``side``; the other leg stays in neutral (issue 14, item 6)."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.anatomy import ids, motions
from viewer.anatomy.narration import describe_frames
from viewer.content.payloads import MotionSpec, motion_scene

SWEEPS = {"abduction": "hip_adduction", "rotation": "hip_rotation", "flexion": "hip_flexion"}
LEG_JOINTS = ("hip_flexion", "hip_adduction", "hip_rotation", "knee_angle")
OTHER = {"r": "l", "l": "r"}


@pytest.mark.parametrize("side", ids.SIDES)
@pytest.mark.parametrize("name", SWEEPS)
def test_a_sweep_moves_only_the_chosen_leg(name: str, side: str) -> None:
    motion = motions.make_motion(name, flexion_deg=45.0, side=side)
    still = OTHER[side]
    assert motion.params["side"] == side
    swept = np.degrees(motion.joints[f"{SWEEPS[name]}_{side}"])
    assert np.ptp(swept) >= 45  # the moving leg sweeps its range
    for i in range(motion.frames):  # every frame: the other leg's hip and knee angles are all zero
        pose = motion.pose(i)
        assert all(pose.get(f"{joint}_{still}", 0.0) == 0.0 for joint in LEG_JOINTS), (i, pose)


def test_the_right_leg_moves_by_default_and_the_conventions_are_kept() -> None:
    add = motions.abduction()
    assert add.params == {"low_deg": -40.0, "high_deg": 5.0, "side": "r"} and add.frames == 48
    assert add.events == {"max_adduction": 0.25, "max_abduction": 0.75}
    np.testing.assert_allclose(add.joints["hip_adduction_r"], motions.abduction(side="l").joints["hip_adduction_l"])
    rot = motions.rotation(45, side="l").joints  # the knee follows the flexion on the moving leg only
    assert np.allclose(np.degrees(rot["hip_flexion_l"]), 45) and np.allclose(np.degrees(rot["knee_angle_l"]), 45)
    assert "hip_flexion_r" not in rot and "knee_angle_r" not in rot
    flex = motions.flexion(side="l").joints
    assert set(flex) == {"hip_flexion_l", "knee_angle_l"}


@pytest.mark.parametrize("make", [motions.abduction, motions.flexion, lambda side: motions.rotation(0, side=side),
                                  lambda side: motions.make_motion("running", side=side)])
def test_an_unknown_side_is_refused_naming_the_choices(make) -> None:
    with pytest.raises(ids.UnknownIdError, match="unknown side 'x'; expected one of: r, l"):
        make(side="x")


def test_running_and_exercises_ignore_the_side() -> None:
    for name in ("running", "clamshell"):
        right, left = motions.make_motion(name), motions.make_motion(name, side="l")
        assert right.joints.keys() == left.joints.keys()
        assert all(np.array_equal(right.joints[k], left.joints[k]) for k in right.joints)


def test_motion_spec_keys_differ_by_side_for_the_sweeps_only() -> None:
    left, right = MotionSpec.of("rotation", 45, side="l"), MotionSpec.of("rotation", 45)
    assert left != right and left.side == "l" and right.side == "r" and len({left, right}) == 2
    assert MotionSpec.of("running", side="l") == MotionSpec.of("running")  # one cache entry for running
    assert MotionSpec.of("clamshell", side="l").side == "r"
    with pytest.raises(ids.UnknownIdError, match="side"):
        MotionSpec.of("running", side="x")  # checked even where unused
    scene = motion_scene(MotionSpec.of("abduction", side="l"))
    assert scene.motion.params["side"] == "l" and "hip_adduction_r" not in scene.motion.joints
    assert motion_scene(MotionSpec("abduction", side="l")) is scene  # shared, even for an unchecked spec


def test_the_sentence_names_the_leg_that_moves() -> None:
    scene = motion_scene(MotionSpec.of("abduction", side="l"))
    followed = describe_frames(scene)  # nothing selected: the moving leg
    assert all(t.startswith("Hip abduction / adduction, left leg moving: the hip is") for t in followed)
    assert "the hip is adducting" in followed[3]
    still = describe_frames(scene, "glmed2_r")
    assert all(t.startswith("Hip abduction / adduction, right leg held in neutral (the left leg moves): "
                            "the hip is holding still") for t in still)
