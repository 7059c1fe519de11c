import numpy as np
import pytest

from viewer.anatomy import ids, motions


def _label(m):
    return f"{m.name}{m.params.get('flexion_deg', '')}"


@pytest.mark.parametrize("motion", motions.standard_motions(), ids=_label)
def test_motions_loop_smoothly(motion):
    assert motion.phase[0] == 0 and motion.phase[-1] < 1
    for name, values in motion.joints.items():
        step = np.abs(np.diff(np.r_[values, values[0]]))
        # the wrap-around step is no larger than the largest step inside the loop
        assert step[-1] <= step[:-1].max() + 1e-9, name


def test_sweeps_go_out_and_back_within_ranges():
    add = motions.abduction().joints["hip_adduction_r"]
    assert np.degrees(add.max()) == pytest.approx(5, abs=0.5)  # the still leg is in the way beyond
    assert np.degrees(add.min()) == pytest.approx(-40, abs=0.5)
    rot = motions.rotation(45).joints
    assert np.allclose(np.degrees(rot["hip_flexion_r"]), 45)  # the right leg moves by default
    assert np.degrees(rot["hip_rotation_r"]).max() == pytest.approx(40, abs=0.5)
    for flexion, internal in ((0, 35), (-4.9, 35), (4.9, 35), (-5, 40), (5, 40), (15, 40)):  # feet side by side
        rot = motions.rotation(flexion)
        assert np.degrees(rot.joints["hip_rotation_r"]).max() == pytest.approx(internal, abs=0.01)
        assert np.degrees(rot.joints["hip_rotation_r"]).min() == pytest.approx(-40, abs=0.01)
        assert rot.params["high_deg"] == internal and rot.params["low_deg"] == -40
    flex = motions.flexion().joints["hip_flexion_r"]
    assert np.degrees(flex.max()) == pytest.approx(90, abs=0.5)


@pytest.mark.parametrize("bad", [-90, 200, float("nan"), "x"])
def test_rotation_refuses_bad_flexion(bad):
    with pytest.raises(ValueError, match="expected a number from"):
        motions.rotation(bad)


def test_any_flexion_is_accepted():
    assert motions.rotation(33.3).params["flexion_deg"] == pytest.approx(33.3)


def test_unknown_motion_names_choices():
    with pytest.raises(ids.UnknownIdError, match="abduction, rotation, flexion, running"):
        motions.make_motion("walk")


def test_running_left_is_right_half_a_cycle_later():
    run = motions.running()
    n = run.frames
    np.testing.assert_allclose(run.joints["hip_flexion_l"], np.roll(run.joints["hip_flexion_r"], -n // 2), atol=1e-9)
    assert run.events["toe_off"] == pytest.approx(0.393)
    assert [p.id for p in run.phases][:3] == ["loading", "midstance", "propulsion"]
    assert np.ptp(run.joints["pelvis_list"]) > np.radians(3)  # the pelvis moves
