"""The Python API (viewer.api.GluteViewer): typed methods over the app's actions, errors that say why."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from viewer import GluteViewer
from viewer.anatomy import ids
from viewer.app.actions import ActionRefused
from viewer.content.cards import card_title


@pytest.fixture(scope="module")
def viewer() -> GluteViewer:
    return GluteViewer()


def test_the_example_of_the_docs(tmp_path: Path) -> None:
    v = GluteViewer()
    assert v.show_motion("rotation", flexion=90) is v
    v.select("glmed3_r")
    v.layers["gluteus_maximus"].opacity = 0.3
    v.parts["glmin1_r"].visible = False
    s = v.state
    assert (s.motion, s.flexion, s.selected, s.opacity_gluteus_maximus) == ("rotation", 90.0, "glmed3_r", 0.3)
    assert "glmin1_r" not in s.visible_parts and len(s.visible_parts) == 17
    assert v.session.scene.opacity["gluteus_maximus"] == 0.3  # the 3D view follows
    assert v.session.scene.selected == "glmed3_r"
    assert card_title("glmed3_r") in v.session.card.html  # and the card
    out = v.export(tmp_path / "rot90.html", motions="offered")
    page = out.read_text(encoding="utf-8")
    assert '"motion":"rotation@90"' in page and '"selected":"glmed3_r"' in page


def test_layers_and_parts_read_back(viewer: GluteViewer) -> None:
    viewer.layers["gluteus_medius"].visible = False
    assert not viewer.layers["gluteus_medius"].visible
    assert not any(viewer.parts[p].visible for p in ids.part_ids() if ids.layer_of(p) == "gluteus_medius")
    viewer.layers["gluteus_medius"].visible = True
    assert viewer.layers["gluteus_medius"].visible
    viewer.layers["bones"].opacity = 0.5
    assert viewer.state.opacity_bones == 0.5
    assert set(viewer.layers) == {*ids.LAYERS, "bones"} and list(viewer.parts) == list(ids.part_ids())


@pytest.mark.parametrize(("call", "message"), [
    (lambda v: v.show_motion("jog"), "unknown motion 'jog'; expected one of: abduction"),
    (lambda v: v.show_motion("rotation", flexion=130), "hip flexion 130.0 deg out of range; expected a number"),
    (lambda v: v.select("glmed9_r"), "unknown part 'glmed9_r'; expected one of: glmax1_r"),
    (lambda v: v.color_by("rainbow"), "unknown colour mode 'rainbow'; expected one of: anatomical"),
    (lambda v: v.color_by("action", axis="twist"), "unknown axis 'twist'; expected one of: flexion"),
    (lambda v: v.pelvic_drop(25), "pelvic drop 25.0 deg out of range; expected a number from 0 to 20"),
    (lambda v: v.peel(3), "peel 3 is not a peel level; expected 0, 1 or 2"),
    (lambda v: v.view("below"), "unknown view 'below'; expected one of: anterior"),
    (lambda v: v.seek(-1), "frame -1 out of range; expected a number from 0 to 47"),
    (lambda v: setattr(v.layers["gluteus_medius"], "opacity", 1.5), "opacity 1.5 out of range"),
    (lambda v: setattr(v.layers["gluteus_medius"], "visible", "no"), "visible 'no' is not a switch"),
    (lambda v: setattr(v.layers["bones"], "visible", False), "bones are always drawn"),
    (lambda v: v.screenshot("view.jpg"), "is not a .png file"),
])
def test_bad_input_raises_with_what_was_expected(viewer: GluteViewer, call, message: str) -> None:
    before = viewer.state.param.values()
    with pytest.raises(ActionRefused, match=f"(?i){message.replace('(', '.').replace(')', '.')}"):
        call(viewer)
    after = viewer.state.param.values()
    assert {k: v for k, v in after.items() if k != "message"} == {k: v for k, v in before.items() if k != "message"}


def test_unknown_keys_and_keywords(viewer: GluteViewer) -> None:
    with pytest.raises(KeyError, match="unknown part 'glmed4_r'; expected one of: glmax1_r"):
        viewer.parts["glmed4_r"]
    with pytest.raises(TypeError, match="colour"):
        GluteViewer(colour="action")  # type: ignore[call-arg]
    with pytest.raises(ActionRefused, match="Unknown motion 'jog'"):
        GluteViewer(motion="jog")


def test_the_constructor_takes_the_url_keys_as_typed_values() -> None:
    v = GluteViewer(motion="running", select="glmed2_r", color="activation", pelvic_drop=8, weak_side="l",
                    play=False, speed=0.5, frame=10, parts=["glmed2_r", "glmed2_l"], peel=1, view="posterior")
    s = v.state
    assert (s.motion, s.selected, s.color_mode, s.pelvic_drop, s.weak_side) == ("running", "glmed2_r",
                                                                                 "activation", 8.0, "l")
    assert (s.playing, s.speed, s.frame, s.visible_parts, s.peel) == (False, 0.5, 10.0, ["glmed2_r", "glmed2_l"], 1)


def test_screenshot_draws_what_is_shown(tmp_path: Path) -> None:
    v = GluteViewer(motion="abduction", play=False)
    full = np.asarray(Image.open(v.screenshot(tmp_path / "all.png", size=(320, 240), view="posterior")))
    for layer in ids.LAYERS:
        v.layers[layer].visible = layer == "gluteus_medius"
    medius = np.asarray(Image.open(v.screenshot(tmp_path / "medius.png", size=(320, 240), view="posterior")))
    assert full.shape == medius.shape == (240, 320, 3)

    def reddish(img: np.ndarray) -> int:  # maximus is red: R high, G and B low (medius keeps G > 80)
        r, g, b = (img[..., i].astype(int) for i in range(3))
        return int(((r > 110) & (g < 60) & (b < 70) & (r > 2 * g)).sum())

    assert reddish(full) > 500 and reddish(medius) < reddish(full) / 10
