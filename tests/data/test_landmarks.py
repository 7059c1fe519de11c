"""The bone landmarks file: valid, complete, on its bone's surface, and its checks bite."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from viewer.anatomy.landmarks import default_path, landmark_index, load_landmarks
from viewer.anatomy.meshes import load_bones
from viewer.anatomy.yamlio import AnnotationError

EXPECTED = {
    "iliac_crest_r", "iliac_crest_l", "asis_r", "asis_l", "psis_r", "psis_l", "sacrum",
    "ischial_tuberosity_r", "ischial_tuberosity_l", "greater_trochanter_r", "greater_trochanter_l",
    "gluteal_tuberosity_r", "gluteal_tuberosity_l",
}
ON_SURFACE_MM = 1.5
"""A landmark lies within this of its processed bone mesh's surface (sampled every ~1/8 of a triangle)."""


def surface_points(vertices: np.ndarray, faces: np.ndarray, steps: int = 8) -> np.ndarray:
    """Points spread over every triangle (barycentric grid of ``steps`` divisions per edge)."""
    grid = np.array([(i, j, steps - i - j) for i in range(steps + 1) for j in range(steps + 1 - i)]) / steps
    triangles = vertices[faces]  # (m, 3, 3)
    return np.einsum("gk,mkd->mgd", grid, triangles).reshape(-1, 3)


def test_every_landmark_is_there_once():
    marks = load_landmarks()
    assert {m.id for m in marks} == EXPECTED
    assert len(marks) == len(EXPECTED)
    for m in marks:
        assert "Gray's Anatomy" in m.source and "MyoLeg" in m.source, m.id


def test_positions_lie_on_their_bone():
    bones = load_bones()
    for m in load_landmarks():
        mesh = bones[m.bone]
        points = surface_points(mesh.vertices.astype(float), mesh.faces.astype(np.int64))
        gap = np.linalg.norm(points - np.asarray(m.position_m), axis=1).min() * 1000
        assert gap <= ON_SURFACE_MM, f"{m.id} is {gap:.1f} mm from the {m.bone} mesh"


def test_sides_are_where_the_side_says():
    for m in load_landmarks():
        z = m.position_m[2]
        if m.side == "r":
            assert z > 0.02, m.id
        elif m.side == "l":
            assert z < -0.02, m.id
        else:
            assert abs(z) < 0.005, m.id


def test_left_and_right_mirror_within_a_few_mm():
    marks = {m.id: np.asarray(m.position_m) for m in load_landmarks()}
    for key, right in marks.items():
        if key.endswith("_r"):
            left = marks[key[:-2] + "_l"] * [1, 1, -1]
            assert np.linalg.norm(right - left) * 1000 < 8, key


def test_payload_list_is_plain_and_in_metres():
    rows = landmark_index()
    assert len(rows) == len(EXPECTED)
    for row in rows:
        assert set(row) == {"id", "name", "bone", "side", "position", "definition", "source"}
        assert all(abs(x) < 0.5 for x in row["position"])


def _write(tmp_path: Path, change) -> Path:  # noqa: ANN001
    data = yaml.safe_load(default_path().read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "landmarks.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "field"), [
    (lambda d: d["landmarks"].append(dict(d["landmarks"][0])), ".id"),
    (lambda d: d["landmarks"][0].update(bone="femur_l"), ".side"),
    (lambda d: d["landmarks"][0].update(definition_source="nowhere"), "definition_source"),
    (lambda d: d["landmarks"][0].update(position_mm=[1, 2]), "position_mm"),
    (lambda d: d["landmarks"][0].pop("definition"), ""),
    (lambda d: d["sources"].update(unused={"citation": "Nobody (2020)"}), "sources"),
])
def test_broken_files_are_refused_naming_the_field(tmp_path, change, field):
    with pytest.raises(AnnotationError) as err:
        load_landmarks(_write(tmp_path, change))
    assert field in str(err.value)
