"""The front end's JavaScript unit tests (``node --test`` in viewer/frontend) and a Python -> JS round trip.

The JS tests (viewer/frontend/test/*.test.mjs) cover the modules that need no browser: payload
decoding, colour tables, playback and pose maths, capture sizing and the offline page's model.
The round trip writes real payloads with :mod:`viewer.component.payload` and has
viewer/frontend/test/python_payload.test.mjs decode them and rebuild the pose and the colour
values from them. Node.js is required: without it these tests fail (never skip).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from viewer.anatomy.motions import rotation
from viewer.anatomy.muscle_volumes import volume_tables
from viewer.anatomy.scene import build_scene
from viewer.anatomy.volume_shape import slab
from viewer.component.payload import decode, encode_assets, encode_motion

FRONTEND = Path(__file__).resolve().parents[2] / "viewer" / "frontend"
NODE_MIN = (20, 10)
"""``import x from "./f.json" with { type: "json" }`` (src/vocab.js) needs Node.js 20.10 or later."""
TIMEOUT_S = 300


def node() -> str:
    """Path of ``node``; fails the test, saying what to install, without Node.js >= 20.10 or three.js."""
    path = shutil.which("node")
    if path is None:
        pytest.fail("Node.js was not found on PATH: the front end's JS unit tests need it. Install Node.js "
                    f">= {NODE_MIN[0]}.{NODE_MIN[1]} (e.g. `apt-get install nodejs npm`), then run `npm ci` in "
                    f"{FRONTEND}.", pytrace=False)
    found = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    match = re.match(r"v(\d+)\.(\d+)", found)
    if match is None or tuple(int(g) for g in match.groups()) < NODE_MIN:
        pytest.fail(f"Node.js {found or '(unknown version)'} at {path} is too old for the front end's JS unit "
                    f"tests: install Node.js >= {NODE_MIN[0]}.{NODE_MIN[1]}.", pytrace=False)
    if not (FRONTEND / "node_modules" / "three").is_dir():
        pytest.fail(f"{FRONTEND / 'node_modules'} is missing three.js: run `npm ci` in {FRONTEND} "
                    "(or `python -m viewer.component.build`).", pytrace=False)
    return path


def run_node_tests(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``node --test <args>`` in viewer/frontend; fails with the whole output unless it exits 0 with no failure."""
    result = subprocess.run([node(), "--test", *args], cwd=FRONTEND, capture_output=True, text=True,
                            timeout=TIMEOUT_S, env={**os.environ, **(env or {})}, check=False)
    output = f"$ node --test {' '.join(args)}  (in {FRONTEND}, exit code {result.returncode})\n" \
             f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
    assert result.returncode == 0, output
    counts = {k: int(v) for k, v in re.findall(r"^# (pass|fail|cancelled|skipped) (\d+)$", result.stdout, re.M)}
    assert counts.get("fail") == 0 and counts.get("cancelled") == 0, output
    assert counts.get("pass", 0) > 0, output
    return result


def test_node_unit_tests_pass():
    """``node --test test/`` (``npm test``) passes in viewer/frontend."""
    result = run_node_tests("test/")
    passed = int(re.search(r"^# pass (\d+)$", result.stdout, re.M).group(1))
    assert passed >= 50, f"only {passed} JS tests passed; were test files lost?\n{result.stdout}"


def _arrays(blob: bytes, index: dict) -> dict:
    """What Python put in each array: dtype, shape and every value, flat (JSON numbers are exact for these)."""
    return {name: {"dtype": index["arrays"][name]["dtype"], "shape": list(a.shape), "values": a.ravel().tolist()}
            for name, a in decode(blob, index).items()}


def _engaged_wraps(scene) -> set[tuple[int, bool]]:
    """(kind, has side) of the wraps that bend some fibre at some frame of ``scene``."""
    from viewer.anatomy.fibre_paths import draw_frame

    p = scene.paths
    out = set()
    for frame in scene.bone_transforms.astype(float):
        _, lengths = draw_frame(frame, p)
        on = frame[p.site_bone]
        sites = np.einsum("fsij,fsj->fsi", on[..., :3, :3], p.site_local) + on[..., :3, 3]
        straight = np.linalg.norm(np.diff(sites, axis=1), axis=2).sum(axis=1)
        for f in np.nonzero(lengths - straight > 1e-6)[0]:
            w = p.segment_wrap[f][p.segment_wrap[f] >= 0][0]
            out.add((int(p.wrap_kind[w]), bool(p.wrap_has_side[w])))
    return out


def test_python_payload_decodes_in_js(tmp_path):
    """Payloads written by Python decode in JS to the same arrays, and the pose and colours built from them
    match the scene Python computed (viewer/frontend/test/python_payload.test.mjs). Rotation at 90 deg hip
    flexion: every wrap kind is engaged (sphere and cylinder, with and without a side point), so wrap.js is
    held to viewer/anatomy/fibre_paths.py arc for arc, and volume.js to viewer/anatomy/volume_shape.py."""
    scene = build_scene(rotation(90.0, frames=4))
    engaged = _engaged_wraps(scene)
    assert engaged >= {(0, False), (1, False), (1, True)}, engaged
    payloads = {"assets": encode_assets(scene), "motion": encode_motion(scene)}
    for name, (blob, index) in payloads.items():
        assert isinstance(blob, bytes) and index["byte_length"] == len(blob)
        (tmp_path / f"{name}.bin").write_bytes(blob)
        (tmp_path / f"{name}.json").write_text(json.dumps(index))
    expected = {name: _arrays(*payload) for name, payload in payloads.items()}
    # the fixture covers every kind of array the viewer reads (uint16 faces: every bone is small)
    dtypes = {spec["dtype"] for arrays in expected.values() for spec in arrays.values()}
    assert dtypes >= {"float32", "int8", "uint16", "uint8", "int16"}, dtypes
    assert expected["motion"]["bone_transforms"]["shape"] == [4, len(scene.bone_ids), 16]
    tables = volume_tables()
    poses = zip(scene.fibre_points, scene.bone_transforms, strict=True)
    surfaces = [slab(p.astype(float), m.astype(float), tables) for p, m in poses]
    expected |= {
        "volume_deep": np.asarray([s[0] for s in surfaces]).tolist(),
        "volume_superficial": np.asarray([s[1] for s in surfaces]).tolist(),
        "fibre_points": np.asarray(scene.fibre_points, dtype=np.float64).tolist(),
        "moment_arms": np.asarray(scene.moment_arms, dtype=np.float64).tolist(),
        "stretch": np.asarray(scene.stretch, dtype=np.float64).tolist(),
    }
    (tmp_path / "expected.json").write_text(json.dumps(expected))
    result = run_node_tests("test/python_payload.test.mjs", env={"GLUTE_PAYLOAD_FIXTURE": str(tmp_path)})
    assert re.search(r"^# skipped 0$", result.stdout, re.M), result.stdout
    assert re.search(r"^# pass 5$", result.stdout, re.M), result.stdout
