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
