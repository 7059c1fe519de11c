import numpy as np

from viewer.anatomy import motions
from viewer.anatomy.activation import load_activation
from viewer.anatomy.narration import describe_frames, part_phrase
from viewer.anatomy.scene import build_scene


def test_part_phrase():
    assert part_phrase("glmed3_r") == "posterior gluteus medius"
    assert part_phrase("glmax1_l") == "superior gluteus maximus"


def test_sentences_follow_the_engine_in_a_rotation_sweep():
    scene = build_scene(motions.rotation(0))
    text = describe_frames(scene, "glmed3_r")
    assert len(text) == scene.motion.frames
    # frame 0 -> 0.25: internal rotation; the posterior (external-rotator) fibres lengthen
    assert "rotating internally" in text[3] and "posterior gluteus medius fibres are lengthening" in text[3]
    assert "rotating externally" in text[30] and "fibres are shortening" in text[30]
    # the words agree with the length arrays
    parts = np.array(scene.fibre_parts)
    mean = scene.lengths[:, parts == "glmed3_r"].mean(axis=1)
    assert mean[4] > mean[2] and mean[31] < mean[29]


def test_running_names_the_phase_and_activity():
    scene = build_scene(motions.running())
    text = describe_frames(scene, "glmed2_r", load_activation())
    assert text[0].startswith("Loading, right leg:")
    assert "gluteus medius is active" in text[0]
    mid_swing = [t for t in text if t.startswith("Mid")]
    assert mid_swing and all("gluteus medius is quiet" in t for t in mid_swing if "swing" in t.lower())


def test_left_selection_uses_left_leg_phase():
    scene = build_scene(motions.running())
    text = describe_frames(scene, "glmed2_l")
    assert text[0].startswith("Mid swing, left leg") or text[0].startswith("Early swing, left leg")


def test_the_key_frame_a_phase_jump_lands_on_names_that_phase():
    """A jump to a phase (the strip, its buttons, [ and ]) lands on the phase's first key frame
    (viewer/frontend/src/phases.js); that frame's sentence names the phase the strip highlights,
    and the key frame before it (where a jump to the exact start used to round to) does not."""
    scene = build_scene(motions.running())
    motion = scene.motion
    text = describe_frames(scene, "glmed2_r")
    n = motion.frames
    for phase in motion.phases:
        first = int(np.ceil((phase.start - motion.phase[0]) % 1.0 * n - 1e-6 * n))  # phaseStartFrame
        assert text[first].startswith(f"{phase.name}, right leg:"), (phase.name, first, text[first])
        if first > 0:
            assert not text[first - 1].startswith(f"{phase.name},"), (phase.name, first - 1)
    # the phases that start between two key frames: a jump to the start used to show the sentence before
    assert [p.name for p in motion.phases if round(p.start * n) < p.start * n - 1e-6] == \
        ["Midstance", "Float", "Late swing"]  # as the 2026-12-02 review found
    assert text[round(0.13 * n)].startswith("Loading,") and text[int(np.ceil(0.13 * n))].startswith("Midstance,")


def test_a_key_frame_just_before_a_phase_start_is_in_that_phase():
    """Rounding: a key frame whose phase is a hair (< 1e-6) before a start is in the new phase, as on the strip."""
    from types import SimpleNamespace

    from viewer.anatomy.narration import _context

    phases = [SimpleNamespace(name="A", start=0.0, end=0.25), SimpleNamespace(name="B", start=0.25, end=1.0)]
    motion = SimpleNamespace(name="test", phases=phases, phase=np.array([0.0, 0.25 - 1e-12, 0.5]), params={})
    assert [_context(motion, i, "right leg") for i in range(3)] == ["A, right leg", "B, right leg", "B, right leg"]
