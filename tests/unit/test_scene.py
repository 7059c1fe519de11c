"""The scene contract: shapes, ids, path tables that rebuild every frame, caching."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.anatomy import ids, motions
from viewer.anatomy.fibre_paths import draw_frame
from viewer.anatomy.fibres import fibre_model
from viewer.anatomy.scene import SceneOptions, build_scene


@pytest.fixture(scope="module")
def running_scene():
    return build_scene(motions.running())


def test_shapes_and_ids(running_scene):
    s = running_scene
    n, f = s.motion.frames, len(s.fibre_ids)
    assert f >= 144 and s.bone_ids[:4] == ["pelvis", "sacrum", "femur_r", "femur_l"]
    assert s.bone_transforms.shape == (n, len(s.bone_ids), 4, 4)
    assert s.fibre_points.shape == (n, f, 14, 3)
    assert s.lengths.shape == (n, f) and s.moment_arms.shape == (n, f, 3)
    assert s.bundle_moment_arms.shape == (n, 18, 3)
    assert all(ids.parse_fibre(fid)[0] == part for fid, part in zip(s.fibre_ids, s.fibre_parts, strict=False))
    assert np.isfinite(s.fibre_points).all()
    assert "Hamner" in s.sources["motion"] and "myo_sim" in s.sources["model"]


def test_path_tables_rebuild_every_frame(running_scene):
    """The tables alone (bone transforms as sent) give the scene's points; lengths equal mujoco's."""
    s = running_scene
    for i in range(0, s.motion.frames, 7):
        points, lengths = draw_frame(s.bone_transforms[i].astype(float), s.paths)
        np.testing.assert_allclose(points, s.fibre_points[i], atol=2e-6)
        np.testing.assert_allclose(lengths, s.lengths[i], atol=2e-6)


def test_fibre_points_follow_mujoco_sites(running_scene):
    """The first and last points are the tendon's end sites as mujoco places them."""
    s = running_scene
    model = fibre_model()
    model.set_pose(s.motion.pose(10))
    m, d = model.model, model.data
    for f in (0, 40, 100):
        t = model.tendon_index(ids.fibre_tendon(s.fibre_ids[f]))
        first = m.wrap_objid[m.tendon_adr[t]]
        last = m.wrap_objid[m.tendon_adr[t] + m.tendon_num[t] - 1]
        np.testing.assert_allclose(model.to_ground(d.site_xpos[first]), s.fibre_points[10, f, 0], atol=1e-6)
        np.testing.assert_allclose(model.to_ground(d.site_xpos[last]), s.fibre_points[10, f, -1], atol=1e-6)


def test_pelvis_moves_in_running_but_not_in_sweeps(running_scene):
    pelvis = running_scene.bone_transforms[:, 0, :3, :3]
    assert np.ptp(pelvis[:, 1, 2]) > 0.03  # list: the pelvis tips side to side
    sweep = build_scene(motions.abduction())
    np.testing.assert_allclose(sweep.bone_transforms[:, 0], np.eye(4)[None].repeat(sweep.motion.frames, 0), atol=1e-9)


def test_stretch_is_zero_at_neutral():
    scene = build_scene(motions.neutral())
    np.testing.assert_allclose(scene.stretch, 0.0, atol=1e-9)




def test_more_points_keep_the_path():
    scene = build_scene(motions.neutral(), SceneOptions(points_per_fibre=40))
    usual = build_scene(motions.neutral())
    np.testing.assert_allclose(scene.fibre_points[0, :, 0], usual.fibre_points[0, :, 0], atol=1e-6)
    np.testing.assert_allclose(scene.fibre_points[0, :, -1], usual.fibre_points[0, :, -1], atol=1e-6)
    assert scene.fibre_points.shape[2] == 40


def test_context_bones_optional():
    scene = build_scene(motions.flexion(), SceneOptions(include_context=True))
    assert "tibia_r" in scene.bone_ids and scene.bones["tibia_r"].context


def test_second_build_reads_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GLUTE_VIEWER_CACHE", str(tmp_path))
    motion = motions.rotation(27.0)
    first = build_scene(motion)
    files = sorted(p.name for p in tmp_path.glob("scene-*.npz"))
    assert len(files) == 1
    again = build_scene(motion)
    np.testing.assert_array_equal(first.fibre_points, again.fibre_points)
    assert sorted(p.name for p in tmp_path.glob("scene-*.npz")) == files
