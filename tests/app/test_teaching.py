"""Teaching state without a browser: colour modes, exercise presets, pelvic drop, linked plots, narration."""

from __future__ import annotations

import numpy as np
import panel as pn
import pytest

from viewer.anatomy import ids
from viewer.anatomy.activation import load_activation
from viewer.anatomy.exercises import load_exercises
from viewer.anatomy.motions import EXERCISE_NAMES
from viewer.app.builder import build_session
from viewer.app.url import query_string
from viewer.component.payload import decode
from viewer.content.payloads import MotionSpec, motion_payload, motion_scene, narration


def q(**values: str) -> dict[str, list[bytes]]:
    return {k: [v.encode()] for k, v in values.items()}


def test_colour_mode_and_axis_reach_the_component() -> None:
    s = build_session(q(color="action", axis="flexion"))
    assert (s.state.color_mode, s.state.action_axis) == ("action", "flexion")
    assert (s.scene.color_mode, s.scene.action_axis) == ("action", "flexion")
    assert s.teaching.action_axis.visible and s.teaching.color_mode.value == "action"
    s.scene.color_mode = "stretch"  # the browser's own select
    assert s.state.color_mode == "stretch" and s.teaching.color_mode.value == "stretch"
    assert not s.teaching.action_axis.visible


@pytest.mark.parametrize(("key", "value", "named"), [("color", "rainbow", "colour mode"), ("axis", "twist", "axis")])
def test_bad_colour_choices_are_refused_by_name(key: str, value: str, named: str) -> None:
    s = build_session(q(**{key: value}))
    assert named in s.state.message and repr(value) in s.state.message
    assert s.state.color_mode == "anatomical" and s.state.action_axis == "rotation"


def test_exercises_are_offered_with_their_cue() -> None:
    s = build_session()
    offered = {v for group in s.controls.motion.groups.values() for v in group.values()}
    assert set(EXERCISE_NAMES) <= offered
    assert not s.teaching.exercise.visible
    assert s.actions.set_motion("clamshell")
    cue = load_exercises()["clamshell"].cue
    assert s.teaching.exercise.visible and cue.split()[0] in s.teaching.exercise.html
    assert s.scene.motion_index["name"] == "clamshell"


def test_drop_group_is_built_when_running_is_first_shown() -> None:
    s = build_session()
    group = s.teaching.drop_group()
    assert not group.objects and s.teaching._drop is None
    assert s.actions.set_motion("running")
    assert [w.css_classes for w in group.objects[1:]] == [["drop-slider"], ["weak-side"], ["drop-text"]]
    with pn.param.edit_constant(s.teaching.drop):
        s.teaching.drop.value_throttled = 7  # the slider, let go (the browser sets it)
    assert s.state.pelvic_drop == 7 and "Source" in s.teaching.drop_text.html
    assert s.actions.set_motion("abduction")
    assert not s.teaching.drop.visible and len(group.objects) == 4
    assert build_session(q(motion="running")).teaching.drop_group().objects


def test_pelvic_drop_switches_to_running_shows_stretch_and_explains() -> None:
    s = build_session()
    assert not s.teaching.drop.visible
    assert s.actions.set_pelvic_drop(12)
    assert s.state.motion == "running" and s.state.color_mode == "stretch"
    assert s.teaching.drop.visible and s.teaching.drop_text.visible
    assert "Trendelenburg" in s.teaching.drop_text.html and "Source" in s.teaching.drop_text.html
    assert s.scene.motion_index["params"]["pelvic_drop_deg"] == 12
    plain, drop = motion_scene(MotionSpec("running")), motion_scene(s.state.motion_spec())
    medius = [i for i, p in enumerate(drop.fibre_parts) if p.startswith("glmed") and p.endswith("_r")]
    peak = int(np.argmin(np.abs(drop.motion.phase - drop.motion.events["peak_drop"])))
    assert drop.stretch[peak, medius].mean() > plain.stretch[peak, medius].mean() + 0.01  # right medius longer
    assert not s.actions.set_pelvic_drop(35) and "0 to 20" in s.state.message
    assert s.state.pelvic_drop == 12


def test_running_payload_carries_activation_from_the_table() -> None:
    blob, index = motion_payload(MotionSpec("running"))
    arrays = decode(blob, index)
    table = load_activation()
    assert arrays["activation"].shape == (index["frames"], len(ids.part_ids()))
    k = index["parts"].index("glmed2_l")
    expected = np.rint(table.intensity("glmed2_l", np.asarray(index["phase"])) * 255)
    assert np.array_equal(arrays["activation"][:, k], expected.astype(np.uint8))
    assert "activation.yaml" in index["colour"]["sources"]["activation"]
    assert "MyoLeg" in index["colour"]["sources"]["action"]
    blob, index = motion_payload(MotionSpec("rotation"))
    assert "activation" not in index["arrays"] and "activation" not in index["colour"]["sources"]


def test_plots_are_built_only_when_shown() -> None:
    s = build_session(q(motion="rotation", select="glmed3_r"))
    assert s.plots.plots is None and not s.plots.holder.visible  # a session that never opens them pays nothing
    s.state.frame = 7.0
    s.state.show_plots = True
    plots = s.plots.plots
    assert plots is not None and plots.part_id == "glmed3_r" and s.plots.holder.visible
    assert plots.cursors[0].location == pytest.approx(plots.x[7])
    assert s.plots.toggle.label.startswith("Hide")
    s.state.show_plots = False
    s.actions.select("glmed1_r")
    s.state.frame = 9.0
    assert plots.part_id == "glmed3_r" and not s.plots.holder.visible  # hidden: left as they were
    s.state.show_plots = True
    assert plots.part_id == "glmed1_r" and plots.cursors[0].location == pytest.approx(plots.x[9])
    assert "plots=1" in query_string(s.state)


def test_plots_follow_selection_frame_and_axis_and_a_tap_sets_the_pose() -> None:
    s = build_session(q(motion="rotation", flexion="90", select="glmed3_r", play="1", plots="1"))
    plots = s.plots.plots
    assert plots.part_id == "glmed3_r" and "48" in plots.rotation.title.text  # the engine's sign change
    s.state.frame = 12.0
    assert plots.cursors[0].location == pytest.approx(plots.x[12])
    assert "rotation moment arm" in plots.moment_arm.title.text
    s.actions.set_color_mode("action", "adduction")
    assert "adduction moment arm" in plots.moment_arm.title.text
    plots.tap(type("Tap", (), {"x": float(plots.x[30])})())
    assert s.state.playing is False and s.state.frame == pytest.approx(30, abs=24)
    assert plots.x[int(s.state.frame)] == pytest.approx(plots.x[30])
    assert s.scene.frame == s.state.frame and s.scene.playing is False
    s.actions.select("")
    assert plots.part_id is None


def test_narration_follows_motion_and_selection() -> None:
    s = build_session(q(motion="running"))
    sentences = s.scene.narration
    assert len(sentences) == s.state.frames and all(t.endswith(".") for t in sentences)
    assert any("right leg" in t for t in sentences)
    s.actions.select("glmed3_l")
    assert s.scene.narration == list(narration(s.state.motion_spec(), "glmed3_l"))
    assert all("left leg" in t for t in s.scene.narration)
    s.actions.set_motion("abduction")
    assert len(s.scene.narration) == s.state.frames and "abduction" in s.scene.narration[0]
