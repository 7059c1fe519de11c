"""The scene component's binary payloads: layout, alignment and round trips against the scene arrays."""

from __future__ import annotations

import json

import numpy as np
import pytest

from viewer.anatomy import ids
from viewer.anatomy.fibre_paths import draw_paths
from viewer.anatomy.motions import make_motion
from viewer.anatomy.scene import build_scene
from viewer.component.payload import (
    MOTION_SCALES,
    NORMAL_SCALE,
    RUNNING_CYCLE_S,
    SWEEP_DURATION_S,
    PayloadWriter,
    column_major,
    decode,
    encode_assets,
    encode_motion,
    part_name,
    quantise,
)
from viewer.content.drawn_paths import payload_paths


@pytest.fixture(scope="module")
def running():
    return build_scene(make_motion("running"))


@pytest.fixture(scope="module")
def abduction():
    return build_scene(make_motion("abduction", frames=8))


@pytest.fixture(scope="module")
def assets(running):
    return encode_assets(running)


@pytest.fixture(scope="module")
def motion(running):
    return encode_motion(running)


def _check_layout(blob: bytes, index: dict) -> None:
    assert index["byte_length"] == len(blob)
    spans = []
    for name, spec in index["arrays"].items():
        assert spec["offset"] % 4 == 0, name
        itemsize = np.dtype(spec["dtype"]).itemsize
        assert spec["nbytes"] == itemsize * int(np.prod(spec["shape"])), name
        spans.append((spec["offset"], spec["offset"] + spec["nbytes"]))
    spans.sort()
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end <= start, "arrays overlap"
    assert spans[-1][1] == len(blob)


def test_assets_layout_aligned_and_reported(assets):
    blob, index = assets
    _check_layout(blob, index)
    json.dumps(index)  # the index crosses to the browser as JSON


def test_motion_layout_aligned_and_reported(motion):
    blob, index = motion
    _check_layout(blob, index)
    json.dumps(index)


def test_assets_round_trip(running, assets):
    arrays = decode(*assets)
    for bone in running.bone_ids:
        mesh = running.bones[bone]
        np.testing.assert_array_equal(arrays[f"bone/{bone}/vertices"], mesh.vertices)
        normals = arrays[f"bone/{bone}/normals"]
        assert normals.dtype == np.int8
        np.testing.assert_allclose(normals / NORMAL_SCALE, mesh.normals, atol=0.5 / NORMAL_SCALE + 1e-6)
        angle = np.degrees(np.arccos(np.clip(np.sum(normals / np.linalg.norm(normals, axis=1, keepdims=True)
                                                    * mesh.normals, axis=1), -1, 1)))
        assert angle.max() < 0.5, angle.max()
        np.testing.assert_array_equal(arrays[f"bone/{bone}/faces"], mesh.faces)
        assert arrays[f"bone/{bone}/faces"].dtype == np.uint16  # every bone has < 65,536 vertices
    np.testing.assert_array_equal(arrays["path_site_bone"], running.paths.site_bone)
    assert arrays["path_site_bone"].dtype == np.uint8
    np.testing.assert_array_equal(arrays["path_site_local"], running.paths.site_local.astype(np.float32))
    np.testing.assert_array_equal(arrays["path_segment_wrap"], running.paths.segment_wrap)
    np.testing.assert_array_equal(arrays["wrap_radius"], running.paths.wrap_radius.astype(np.float32))


def test_motion_round_trip(running, motion):
    arrays = decode(*motion)
    n, b = running.bone_transforms.shape[:2]
    assert arrays["bone_transforms"].shape == (n, b, 16)
    rebuilt = arrays["bone_transforms"].reshape(n, b, 4, 4).transpose(0, 1, 3, 2)
    np.testing.assert_array_equal(rebuilt, running.bone_transforms)
    scales = motion[1]["scales"]
    assert arrays["moment_arms"].dtype == arrays["stretch"].dtype == np.int16
    assert scales == MOTION_SCALES
    np.testing.assert_allclose(arrays["moment_arms"] * scales["moment_arms"], running.moment_arms,
                               atol=scales["moment_arms"] / 2 + 1e-12)
    np.testing.assert_allclose(arrays["stretch"] * scales["stretch"], running.stretch,
                               atol=scales["stretch"] / 2 + 1e-12)


def test_quantise_refuses_values_out_of_range():
    assert quantise(np.array([0.1, -0.1]), 1e-5).tolist() == [10000, -10000]
    with pytest.raises(ValueError, match="int16"):
        quantise(np.array([0.5]), 1e-5)
    with pytest.raises(ValueError, match="int16"):
        quantise(np.array([np.nan]), 1e-5)


def test_matrices_are_column_major(running, motion):
    arrays = decode(*motion)
    flat = arrays["bone_transforms"][3, 2]
    m = running.bone_transforms[3, 2]
    # three.js Matrix4.fromArray: elements 12..14 are the translation, element 3 is m[3, 0] = 0
    np.testing.assert_array_equal(flat[12:15], m[:3, 3])
    np.testing.assert_array_equal(flat[[3, 7, 11, 15]], m[3])
    np.testing.assert_array_equal(flat[0:4], m[:, 0])
    np.testing.assert_array_equal(column_major(np.arange(16.0).reshape(4, 4)), np.arange(16.0).reshape(4, 4).T.ravel())


def test_path_tables_rebuild_fibre_points(running, assets, motion):
    """What the browser does per frame (CONTRACT.md "Fibre paths") reproduces the scene's fibre points."""
    a = decode(*assets)
    m = decode(*motion)
    for frame in (5, 40):
        mats = m["bone_transforms"][frame].reshape(-1, 4, 4).transpose(0, 2, 1)  # back to row-major
        points = draw_paths(mats[None].astype(float), payload_paths(a))[0]
        np.testing.assert_allclose(points, running.fibre_points[frame], atol=1e-5)


def test_assets_index_tables(running, assets):
    _, index = assets
    assert [b["id"] for b in index["bones"]] == running.bone_ids
    assert all(b["color"].startswith("#") and len(b["color"]) == 7 for b in index["bones"])
    assert index["layers"] == ["gluteus_maximus", "gluteus_medius", "gluteus_minimus"]
    parts = index["parts"]
    assert [p["id"] for p in parts] == list(ids.part_ids())
    covered = sorted(f for p in parts for f in p["fibres"])
    assert covered == list(range(len(running.fibre_ids)))
    for p in parts:
        assert all(running.fibre_parts[f] == p["id"] for f in p["fibres"])
        assert p["layer"] == ids.layer_of(p["id"]) and p["muscle"] == ids.muscle_of(p["id"])
        assert p["name"].endswith("(right)" if p["side"] == "r" else "(left)")
    assert index["fibres"]["points_per_fibre"] == running.fibre_points.shape[2]
    assert "model" in index["sources"]


def test_part_name_mentions_muscle_and_side():
    name = part_name("glmed1_l")
    assert name.lower().startswith("gluteus medius") and name.endswith("(left)")


def test_motion_index_metadata(running, motion, abduction):
    _, index = motion
    assert index["name"] == "running" and index["frames"] == running.motion.frames
    assert index["duration_s"] == pytest.approx(RUNNING_CYCLE_S)
    assert [p["id"] for p in index["phases"]] == [p.id for p in running.motion.phases]
    assert set(index["joints_deg"]) >= {f"hip_{c}_{s}" for c in ids.HIP_COORDINATES for s in ids.SIDES}
    np.testing.assert_allclose(index["joints_deg"]["hip_flexion_r"],
                               np.degrees(running.motion.joints["hip_flexion_r"]), atol=1e-3)
    _, sweep = encode_motion(abduction)
    assert sweep["duration_s"] == SWEEP_DURATION_S and sweep["phases"] == [] and sweep["frames"] == 8


def test_payload_sizes_reported(assets, motion, capsys):
    for label, (blob, index) in (("assets", assets), ("motion", motion)):
        biggest = max(index["arrays"].items(), key=lambda kv: kv[1]["nbytes"])
        print(f"{label}: {len(blob)} bytes, largest {biggest[0]} {biggest[1]['nbytes']} bytes")
    out = capsys.readouterr().out
    assert "assets:" in out and "motion:" in out
    # the first view's budget (bench_viewer.py); the running motion carries 22 bone transforms per frame
    # since the lower legs and feet are drawn (140,416 bytes measured at 64 frames; 91,264 with 10 bones);
    # the solid muscles' tables added 10 kB to the assets (149,216 bytes measured; 139,564 before)
    assert len(assets[0]) < 160_000 and len(motion[0]) < 155_000


def test_writer_pads_to_four_bytes_and_refuses_bad_input():
    w = PayloadWriter()
    w.add("a", np.arange(3), "uint8")
    w.add("b", np.ones(2), "float32")
    blob, index = w.finish()
    assert index["arrays"]["b"]["offset"] == 4 and len(blob) == 12
    with pytest.raises(ValueError, match="do not fit uint8"):
        w.add("c", np.array([300]), "uint8")
    with pytest.raises(ValueError, match="duplicate"):
        w.add("a", np.arange(3), "uint8")
    with pytest.raises(ValueError, match="unknown dtype"):
        w.add("d", np.arange(3), "float64")
    with pytest.raises(ValueError, match="bytes"):
        decode(blob[:-4], index)
