"""One vocabulary for Python and the browser (viewer/vocab.json), and the steps values are rounded to."""

from __future__ import annotations

import json
from importlib.resources import files

import numpy as np
import pytest

from viewer import vocab
from viewer.anatomy import ids
from viewer.component.build import BUNDLE, STANDALONE_BUNDLE
from viewer.component.scene import GluteScene
from viewer.render.options import VIEWS as RENDER_VIEWS


def test_every_layer_uses_the_one_vocabulary() -> None:
    assert list(GluteScene.param.color_mode.objects) == list(vocab.COLOR_MODES)
    assert list(GluteScene.param.action_axis.objects) == list(vocab.ACTION_AXES) == list(ids.HIP_COORDINATES)
    assert list(GluteScene.param.view.objects) == ["", *vocab.VIEWS]
    assert set(GluteScene.param.opacity.default) == set(vocab.OPACITY_KEYS) == {*ids.LAYERS, "bones"}
    assert set(RENDER_VIEWS) == set(vocab.VIEWS)  # the off-screen renderer has the browser's presets


def test_camera_presets_are_usable_directions() -> None:
    for preset in vocab.CAMERA_PRESETS.values():
        d, up = np.asarray(preset.direction, float), np.asarray(preset.up, float)
        assert np.linalg.norm(d) > 0.5 and abs(np.linalg.norm(up) - 1) < 1e-9, preset
        assert abs(np.dot(d / np.linalg.norm(d), up)) < 0.6, f"{preset.id}: up is along the view"
    assert vocab.CAMERA_PRESETS["lateral"].direction == (0, 0, 1)  # z is right: the right side
    assert vocab.CAMERA_PRESETS["lateral_left"].direction == (0, 0, -1)


def test_the_bundles_carry_the_same_vocabulary() -> None:
    """esbuild inlines viewer/vocab.json: every label and limit of it is in both bundles."""
    data = json.loads((files("viewer") / "vocab.json").read_text(encoding="utf-8"))
    words = [m["short"] for m in data["colour_modes"]] + [p["short"] for p in data["camera_presets"]]
    words += [a["legend"] for a in data["action_axes"]] + [p["id"] for p in data["camera_presets"]]
    for bundle in (BUNDLE, STANDALONE_BUNDLE):
        text = bundle.read_text(encoding="utf-8")
        missing = [w for w in words if json.dumps(w)[1:-1] not in text and w not in text]
        assert not missing, (bundle.name, missing)


@pytest.mark.parametrize(("value", "step", "expected"), [
    (44.2, 5.0, 45.0), (42.5, 5.0, 45.0), (42.4, 5.0, 40.0), (-17.5, 5.0, -20.0), (-2.4, 5.0, 0.0),
    (109.9, 5.0, 110.0), (7.6, 1.0, 8.0), (0.49, 1.0, 0.0), (20.0, 1.0, 20.0),
])
def test_quantise_rounds_half_away_from_zero(value: float, step: float, expected: float) -> None:
    got = vocab.quantise(value, step)
    assert got == expected and type(got) is float and str(got) != "-0.0"
