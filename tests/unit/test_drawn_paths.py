"""``glute-viewer paths``: the fibre polylines the browser draws, per frame, pelvis frame, millimetres.

The browser's pose (``viewer/frontend/src/pose.js``) reproduces the scene's fibre points to 1e-5 m
(tests/unit/test_frontend_js.py, with real payloads); here the CLI's output is checked against the
same scene points, moved into the pelvis frame, so the chain says: what ``paths`` prints is what
is drawn.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from viewer.anatomy import ids
from viewer.content.drawn_paths import drawn_paths
from viewer.content.payloads import MotionSpec, motion_scene

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "viewer.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)


def test_the_json_contract() -> None:
    run = cli("paths", "--motion", "rotation", "--flexion", "90", "--part", "glmed2_r", "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["motion"] == "rotation" and out["flexion_deg"] == 90.0
    assert out["units"] == "mm" and out["frame"] == "pelvis"
    assert sorted(out["fibres"]) == [ids.fibre_id("glmed2_r", i) for i in range(len(out["fibres"]))]
    frames = len(out["phase"])
    for polylines in out["fibres"].values():
        assert np.asarray(polylines).shape == (frames, out["points_per_fibre"], 3)
    motion = json.loads(cli("motion", "rotation", "--flexion", "90", "--json").stdout)
    assert out["joints"] == motion["joints"] and out["phase"] == motion["phase"]


@pytest.mark.parametrize(("motion", "flexion"), [("abduction", 0.0), ("rotation", 90.0), ("running", 0.0)])
def test_the_paths_are_the_scene_points_in_the_pelvis_frame(motion: str, flexion: float) -> None:
    out = drawn_paths(motion, flexion_deg=flexion)
    scene = motion_scene(MotionSpec.of(motion, flexion_deg=flexion))
    pelvis = np.asarray(scene.bone_transforms[:, list(scene.bone_ids).index("pelvis")], dtype=np.float64)
    points = np.asarray(scene.fibre_points, dtype=np.float64)
    local = np.einsum("nji,nfkj->nfki", pelvis[:, :3, :3], points - pelvis[:, None, None, :3, 3]) * 1000.0
    for index, fibre in enumerate(scene.fibre_ids):
        drawn = np.asarray(out["fibres"][fibre])
        assert np.abs(drawn - local[:, index]).max() < 0.05, fibre  # mm: float32 payloads, 0.01 mm rounding


def test_points_fixed_to_the_pelvis_stay_put_while_the_femur_moves() -> None:
    out = drawn_paths("abduction", parts=["glmed1_r", "glmed2_r", "glmed3_r"])
    for polylines in out["fibres"].values():
        path = np.asarray(polylines)
        origin, insertion = path[:, 0], path[:, -1]
        assert np.ptp(origin, axis=0).max() < 0.02  # on the ilium: the same in the pelvis frame
        assert np.ptp(insertion, axis=0).max() > 20.0  # on the trochanter: swings with the thigh


@pytest.mark.parametrize(("args", "named"), [
    (("--motion", "walking"), "abduction, rotation"),
    (("--motion", "running", "--part", "glmed9_r"), "glmed1_r"),
    (("--motion", "rotation", "--flexion", "200"), "-20 to 110"),
])
def test_bad_input_is_one_line_with_the_choices(args: tuple[str, ...], named: str) -> None:
    run = cli("paths", *args)
    assert run.returncode == 2 and run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1 and named in run.stderr, run.stderr
