"""Linked plots of the selected part, without a browser: the plotted data are the engine's, the cursor and
picking follow frames, the rotation-vs-flexion chart marks the engine's sign change."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from viewer.anatomy import ids
from viewer.anatomy.fibres import fibre_model
from viewer.anatomy.mechanics import rotation_vs_flexion
from viewer.anatomy.model import model_source
from viewer.anatomy.motions import make_motion
from viewer.anatomy.scene import Scene, build_scene
from viewer.app.plots import CYCLE, PartPlots, default_axis, rotation_curve, swept_axis

AXIS_COLUMN = {a: i for i, a in enumerate(ids.HIP_COORDINATES)}


@pytest.fixture(scope="module")
def rotation() -> Scene:
    return build_scene(make_motion("rotation", flexion_deg=45.0))


@pytest.fixture(scope="module")
def running() -> Scene:
    return build_scene(make_motion("running"))


def fibre_rows(scene: Scene, part: str) -> list[int]:
    return [i for i, p in enumerate(scene.fibre_parts) if p == part]


@pytest.mark.parametrize(("name", "joint"), [("abduction", "hip_adduction"), ("rotation", "hip_rotation"),
                                             ("flexion", "hip_flexion")])
@pytest.mark.parametrize("side", ids.SIDES)
def test_swept_axis_of_the_sweeps_is_the_swept_joint_in_degrees(name: str, joint: str, side: str) -> None:
    motion = make_motion(name, side=side)  # the leg that moves
    got, x = swept_axis(motion, side)
    assert got == f"{joint}_{side}"
    np.testing.assert_allclose(x, np.degrees(motion.joints[got]))
    assert default_axis(motion, side) == joint.removeprefix("hip_")


def test_swept_axis_of_running_is_percent_of_the_cycle_and_exercises_use_the_joint_that_moves() -> None:
    motion = make_motion("running")
    name, x = swept_axis(motion, "l")
    assert name == CYCLE and x[0] == 0 and np.all(np.diff(x) > 0) and x[-1] < 100
    np.testing.assert_allclose(x, motion.phase * 100)
    assert default_axis(motion) == "flexion"
    assert swept_axis(make_motion("band_internal_rotation"))[0] == "hip_rotation_r"
    assert swept_axis(make_motion("side_lying_abduction"), "l")[0] == CYCLE  # the left hip stays still
    with pytest.raises(ids.UnknownIdError):
        swept_axis(motion, "x")


def test_bundle_line_is_the_scene_bundle_moment_arm_in_mm(rotation: Scene) -> None:
    plots = PartPlots()
    plots.update(rotation, "glmed1_r")
    n, b = rotation.motion.frames, rotation.part_ids.index("glmed1_r")
    assert plots.axis == "rotation" and plots.bundle_glyphs[plots.moment_arm].y == "ma_rotation"
    y = np.asarray(plots.bundle.data["ma_rotation"])
    assert len(y) == n + 1 and y[n] == y[0]  # the loop is closed
    np.testing.assert_allclose(y[:n], rotation.bundle_moment_arms[:, b, 2] * 1000)
    np.testing.assert_allclose(np.asarray(plots.bundle.data["length"])[:n], rotation.bundle_lengths[:, b] * 1000)
    np.testing.assert_allclose(np.asarray(plots.bundle.data["x"])[:n],
                               np.degrees(rotation.motion.joints["hip_rotation_r"]))
    assert plots.moment_arm.title.text == "Gluteus medius, anterior fibres (right): rotation moment arm (+ internal)"
    assert plots.moment_arm.xaxis[0].axis_label.startswith("Hip rotation, right (deg")
    captions = [t.text for t in plots.captions[plots.moment_arm]]
    assert model_source().startswith(captions[0].removeprefix("Source: ")) and "mujoco" in captions[1]


def fibre_line_rows(column: object, k: int) -> np.ndarray:
    """The ``k`` rows of a NaN-broken fibres column (each row followed by one NaN)."""
    values = np.asarray(column, dtype=float).reshape(k, -1)
    assert np.isnan(values[:, -1]).all() and not np.isnan(values[:, :-1]).any()
    return values[:, :-1]


def test_each_fibre_line_is_the_scene_fibre(rotation: Scene) -> None:
    plots = PartPlots()
    plots.update(rotation, "glmin2_r", "adduction")
    n, rows = rotation.motion.frames, fibre_rows(rotation, "glmin2_r")
    assert len(rows) > 1 and plots.fibre_ids == [rotation.fibre_ids[i] for i in rows]
    assert plots.fibre_glyphs[plots.moment_arm].y == "ma_adduction"
    x = np.degrees(rotation.motion.joints["hip_rotation_r"])
    k = len(rows)
    for row, i in enumerate(rows):
        np.testing.assert_allclose(fibre_line_rows(plots.fibres.data["ma_adduction"], k)[row][:n],
                                   rotation.moment_arms[:, i, 1] * 1000)
        np.testing.assert_allclose(fibre_line_rows(plots.fibres.data["length"], k)[row][:n],
                                   rotation.lengths[:, i] * 1000)
        np.testing.assert_allclose(fibre_line_rows(plots.fibres.data["x"], k)[row][:n], x)


def test_running_is_plotted_against_percent_of_the_cycle(running: Scene) -> None:
    plots = PartPlots()
    plots.update(running, "glmax2_r")
    x = np.asarray(plots.bundle.data["x"])
    np.testing.assert_allclose(x[:-1], running.motion.phase * 100)
    assert x[-1] == 100 and plots.axis == "flexion" and "%" in plots.length.xaxis[0].axis_label
    assert "Hamner" in plots.captions[plots.length][1].text  # the motion's provenance


def test_cursor_follows_set_frame(rotation: Scene) -> None:
    plots = PartPlots()
    plots.update(rotation, "glmed2_r")
    x = np.degrees(rotation.motion.joints["hip_rotation_r"])
    for frame in (0, 7, 30, 47):
        plots.set_frame(frame)
        assert plots.cursors[0].location == pytest.approx(x[frame]) == plots.cursors[1].location
    plots.set_frame(7.5)
    assert plots.cursors[0].location == pytest.approx((x[7] + x[8]) / 2)
    plots.set_frame(rotation.motion.frames)  # wraps around the loop
    assert plots.cursors[0].location == pytest.approx(x[0])
    assert plots.flexion_cursor.location == pytest.approx(45.0)  # the sweep's hip flexion


def test_tap_calls_on_pick_with_the_nearest_frame(running: Scene, rotation: Scene) -> None:
    plots, picks = PartPlots(), []
    plots.on_pick(picks.append)
    plots.update(running, "glmed1_r")
    x = running.motion.phase * 100
    plots.tap(SimpleNamespace(x=x[30] + 0.4 * (x[31] - x[30]), y=0.0))
    plots.tap(SimpleNamespace(x=x[30] + 0.6 * (x[31] - x[30]), y=0.0))
    assert picks == [30, 31] and plots.cursors[0].location == pytest.approx(x[31])
    # a sweep passes each angle twice (frames 5 and 19 here): the pick stays on the current half of the loop
    plots.update(rotation, "glmed1_r")
    sweep = np.degrees(rotation.motion.joints["hip_rotation_r"])
    assert sweep[5] == pytest.approx(sweep[19])
    plots.set_frame(20)
    plots.tap(SimpleNamespace(x=sweep[5] + 0.1, y=0.0))
    plots.set_frame(2)
    plots.tap(SimpleNamespace(x=sweep[5] + 0.1, y=0.0))
    assert picks[2:] == [19, 5]
    plots.tap(SimpleNamespace(x=None, y=None))  # a tap outside the data
    assert len(picks) == 4


def test_rotation_vs_flexion_marks_the_engine_sign_change(rotation: Scene) -> None:
    plots = PartPlots()
    plots.update(rotation, "glmed3_r")
    (crossing,) = plots.crossing.data["x"]
    assert 45 < crossing < 50 and plots.crossing.data["y"] == [0.0]
    x, y = np.asarray(plots.curve.data["x"]), np.asarray(plots.curve.data["y"])
    assert x[0] == 0 and x[-1] == 90 and y[0] < 0 < y[-1]
    at = [0, 45, 50, 90]
    engine = rotation_vs_flexion(fibre_model(), "glmed3_r_tendon", np.radians(at)) * 1000
    np.testing.assert_allclose(y[np.searchsorted(x, at)], engine)
    assert "changes sign at 4" in plots.rotation.title.text
    plots.update(rotation, "glmed1_r")
    assert plots.crossing.data["x"] == [] and np.all(np.asarray(plots.curve.data["y"]) > 0)
    assert "internal throughout" in plots.rotation.title.text
    assert rotation_curve("glmed1_r") is rotation_curve("glmed1_r")  # cached per part


def test_part_none_clears_the_data(rotation: Scene) -> None:
    plots, picks = PartPlots(), []
    plots.on_pick(picks.append)
    plots.update(rotation, "glmed1_r")
    plots.set_frame(3)
    plots.update(rotation, None)
    for source in (plots.fibres, plots.bundle, plots.curve, plots.crossing, plots.zero):
        assert all(len(column) == 0 for column in source.data.values()), source.data
    assert plots.cursors[0].location is None and plots.flexion_cursor.location is None
    assert plots.moment_arm.title.text.endswith("select a part")
    plots.tap(SimpleNamespace(x=0.0, y=0.0))
    plots.set_frame(5)
    assert picks == [] and plots.cursors[1].location is None
    plots.update(rotation, "glmed1_r")
    plots.update(rotation, "")
    assert plots.bundle.data["x"] == []


def test_switching_axis_changes_the_plotted_column_in_place(rotation: Scene) -> None:
    plots = PartPlots()
    figures, sources = plots.figures, (plots.fibres, plots.bundle)
    plots.update(rotation, "glmed1_r", "rotation")
    b = rotation.part_ids.index("glmed1_r")
    for axis in ("flexion", "adduction"):
        plots.update(rotation, "glmed1_r", axis)
        bundle, fibres = plots.bundle_glyphs[plots.moment_arm], plots.fibre_glyphs[plots.moment_arm]
        assert bundle.y == fibres.y == f"ma_{axis}"
        plotted = np.asarray(plots.bundle.data[bundle.y])[:-1]
        np.testing.assert_allclose(plotted, rotation.bundle_moment_arms[:, b, AXIS_COLUMN[axis]] * 1000)
        assert not np.allclose(plotted, np.asarray(plots.bundle.data["ma_rotation"])[:-1])
        assert plots.moment_arm.title.text == f"Gluteus medius, anterior fibres (right): {axis} moment arm (+ {axis})"
    assert plots.figures == figures and (plots.fibres, plots.bundle) == sources  # updated in place


def test_bad_ids_are_refused(rotation: Scene) -> None:
    plots = PartPlots()
    with pytest.raises(ids.UnknownIdError, match="unknown part"):
        plots.update(rotation, "glmed9_r")
    with pytest.raises(ids.UnknownIdError, match="unknown axis"):
        plots.update(rotation, "glmed1_r", "twist")


def test_figures_are_light_and_wrapped_once_for_panel() -> None:
    plots = PartPlots()
    for fig in plots.figures:
        assert fig.height == 220 and fig.sizing_mode == "stretch_width" and fig.toolbar_location is None
    view = plots.view()
    assert view is plots.view() and [pane.object for pane in view] == list(plots.figures)


def test_sessions_share_the_plotted_columns_of_a_motion_and_part(rotation: Scene) -> None:
    first, second = PartPlots(), PartPlots()
    first.update(rotation, "glmed2_r")
    second.update(rotation, "glmed2_r")
    for column in ("x", "length", "ma_rotation"):
        assert first.fibres.data[column] is second.fibres.data[column]  # computed once, sent as one buffer
        assert not first.fibres.data[column].flags.writeable


@pytest.fixture(scope="module")
def flexion() -> Scene:
    return build_scene(make_motion("flexion"))


def test_literature_range_is_a_band_on_the_matching_axis_only(flexion: Scene) -> None:
    plots = PartPlots()
    plots.update(flexion, "glmax1_r", "flexion")
    band = plots.lit_band.data
    assert band["x"] == [float(plots.x.min()), float(plots.x.max())]
    assert band["y1"] == [-70.0, -70.0] and band["y2"] == [-10.0, -10.0]  # Blemker & Delp 2005: extension 1-7 cm
    assert plots.lit_item.visible and plots.lit_item.label.value == "literature: Blemker & Delp 2005"
    assert plots.lit_item in plots.moment_arm.legend[0].items
    plots.update(flexion, "glmax1_r", "rotation")  # no number about rotation: nothing drawn, no legend entry
    assert plots.lit_band.data["x"] == [] and plots.lit_points.data["x"] == [] and not plots.lit_item.visible
    plots.update(flexion, "glmed1_r", "flexion")
    assert plots.lit_band.data["x"] == [] and not plots.lit_item.visible
    plots.update(flexion, "glmax1_r", "flexion")
    plots.clear()
    assert plots.lit_band.data["x"] == [] and not plots.lit_item.visible


def test_literature_values_at_a_flexion_are_points_with_whiskers(flexion: Scene, rotation: Scene,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from viewer.anatomy import literature as lit
    from viewer.app import plots as plots_module

    base = next(e for e in lit.literature() if e.numeric)
    made_up = dataclasses.replace(base, id="test", coordinates=("rotation",), short="Test 2000",
                                  value=lit.LiteratureValue("angle", 45.0, 12.0, 4.0, None))
    monkeypatch.setattr(plots_module, "numeric_for", lambda part, axis: [made_up] if axis == "rotation" else [])
    plots = PartPlots()
    plots.update(rotation, "glmed1_r", "rotation")  # the rotation sweep at 45 deg: the point sits at rotation 0
    assert plots.lit_points.data == {"x": [0.0], "y": [12.0], "lower": [8.0], "upper": [16.0]}
    assert plots.lit_item.visible and plots.lit_item.label.value == "literature: Test 2000"
    plots.update(flexion, "glmed1_r", "rotation")  # x is hip flexion: the point sits at 45 deg
    assert plots.lit_points.data["x"] == [45.0] and plots.lit_band.data["x"] == []
