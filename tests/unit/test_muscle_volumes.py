"""The solid muscles at the neutral pose: sized from the published volumes, over their origin areas, layered.

Built by :mod:`viewer.anatomy.muscle_volumes` from the attachment data
(``annotations/attachments/attachments.yaml``) and the published volumes
(:mod:`viewer.anatomy.muscle_sizes`); drawn by :func:`viewer.anatomy.volume_shape.slab`.
"""

from __future__ import annotations

import numpy as np
import pytest

from viewer.anatomy import ids
from viewer.anatomy.attachments import origin_area
from viewer.anatomy.meshes import load_bones
from viewer.anatomy.muscle_sizes import muscle_size, total_volume_cm3
from viewer.anatomy.muscle_volumes import CLEARANCE, LAYER_ORDER, part_volumes_at, volume_tables
from viewer.anatomy.scene import neutral_arrays
from viewer.anatomy.volume_shape import FLAP_COLUMNS, closed_volume, part_topology, part_vertices, sheet, slab

VOLUME_TOLERANCE = 0.02
"""Drawn muscle volume within 2 % of the published one (the quantised payload rounds the thickness)."""


@pytest.fixture(scope="module")
def neutral():
    arrays = neutral_arrays()
    return arrays["fibre_points"][0].astype(float), arrays["bone_transforms"][0].astype(float)


@pytest.fixture(scope="module")
def faces(neutral):
    return slab(*neutral, volume_tables())


def test_published_volumes_at_the_model_subject():
    """Handsfield et al. 2014 at 1.70 m and 75.3 kg: total 7304 cm3; maximus 873, medius 332, minimus 107 cm3."""
    assert total_volume_cm3() == pytest.approx(47 * 1.70 * 75.337 + 1285)
    sizes = {code: muscle_size(code).volume_cm3 for code in ids.MUSCLE_CODES}
    assert sizes == pytest.approx({"glmax": 873.0, "glmed": 332.3, "glmin": 106.8}, abs=0.5)
    for code in ids.MUSCLE_CODES:
        size = muscle_size(code, "l")
        assert sum(size.parts_cm3.values()) == pytest.approx(size.volume_cm3)
        assert all(p.endswith("_l") for p in size.parts_cm3)
        assert "Handsfield" in size.source and "synthesis" in size.source


def test_each_muscle_drawn_at_its_published_volume(neutral):
    drawn = part_volumes_at(volume_tables(), *neutral)
    for side in ids.SIDES:
        for code in ids.MUSCLE_CODES:
            size = muscle_size(code, side)
            total = sum(drawn[p] for p in size.parts_cm3)
            assert total == pytest.approx(size.volume_cm3, rel=VOLUME_TOLERANCE), (code, side, total)
            assert all(drawn[p] > 5.0 for p in size.parts_cm3), drawn


def test_every_part_is_a_closed_consistently_wound_solid(faces):
    """The volume does not depend on where the origin is: no hole, no face wound the wrong way."""
    deep, superficial = faces
    tables = volume_tables()
    for p, part in enumerate(ids.part_ids()):
        g, (first, last) = int(tables.part_group[p]), tables.part_rows[p]
        vertices = part_vertices(deep, superficial, g, int(first), int(last))
        triangles = part_topology(int(last - first + 1), deep.shape[2], bool(tables.sign[g] < 0))
        edges = np.concatenate([triangles[:, [0, 1]], triangles[:, [1, 2]], triangles[:, [2, 0]]])
        pairs = {tuple(e) for e in edges.tolist()}
        assert len(pairs) == len(edges) and all((j, i) in pairs for i, j in pairs), part
        shifted = closed_volume(vertices + np.array([0.3, -0.2, 0.5]), triangles)
        assert closed_volume(vertices, triangles) == pytest.approx(shifted, rel=1e-6), part


def test_the_superficial_face_faces_away_from_the_bone(faces):
    """The superficial face lies farther from the bone's centre than the deep face, everywhere thick."""
    deep, superficial = faces
    tables = volume_tables()
    thick = tables.thickness > 0.005
    bones = load_bones(include_context=False)
    centre = np.concatenate([bones["pelvis"].vertices, bones["sacrum"].vertices]).mean(axis=0)
    out = np.linalg.norm(superficial - centre, axis=-1) - np.linalg.norm(deep - centre, axis=-1)
    assert (out[thick] > 0).mean() > 0.9


@pytest.mark.parametrize("code", ids.MUSCLE_CODES)
def test_the_origin_flap_starts_at_the_far_edge_of_the_origin_area(code, neutral):
    """The flesh reaches the data's far edge (e.g. medius up to the iliac crest), on both sides: the sheet
    under the volume starts on it (the deep face may stand off it where the muscle lies over another)."""
    tables = volume_tables()
    deep = sheet(*neutral, tables)
    for g, side in ((ids.SIDES.index(s) * 3 + ids.MUSCLE_CODES.index(code), s) for s in ids.SIDES):
        corners = origin_area(ids.MUSCLE_NAMES[code], side).far_edge  # pelvis frame == ground frame at neutral
        steps = np.linspace(0, 1, 50)[:, None]
        edge = np.concatenate([a + steps * (b - a) for a, b in zip(corners[:-1], corners[1:], strict=True)])
        start = deep[g, :, 0]
        gaps = np.min(np.linalg.norm(start[:, None, :] - edge[None], axis=-1), axis=1)
        assert np.median(gaps) < 0.004 and gaps.max() < 0.008, (code, side, np.median(gaps), gaps.max())
        assert np.all(tables.lift[g, :, :FLAP_COLUMNS] >= 0)


def test_medius_reaches_the_iliac_crest(faces):
    """Before: medius started from a strip across the middle of the ilium and left bare bone up to the crest."""
    deep, superficial = faces
    pelvis = load_bones(include_context=False)["pelvis"].vertices
    for side, sign in (("r", 1), ("l", -1)):
        crest = pelvis[pelvis[:, 2] * sign > 0.02][:, 1].max()
        g = ids.SIDES.index(side) * 3 + ids.MUSCLE_CODES.index("glmed")
        assert deep[g, :, 0, 1].max() >= crest - 0.008


def test_left_is_the_mirror_of_the_right():
    tables = volume_tables()
    mirror = np.array([1.0, 1.0, -1.0])
    gap = np.linalg.norm(tables.flap_local[3:] * mirror - tables.flap_local[:3], axis=-1)
    assert np.median(gap) < 0.001 and gap.max() < 0.01  # the meshes are mirror images to about a millimetre


def test_deeper_muscles_lie_under_the_ones_above(faces):
    """Where a muscle lies over a deeper one, its deep face starts beyond the deeper one's superficial face."""
    tables = volume_tables()
    for code in LAYER_ORDER[1:2]:  # medius over minimus: the lift is what keeps minimus covered
        for side in ids.SIDES:
            g = ids.SIDES.index(side) * 3 + ids.MUSCLE_CODES.index(code)
            assert tables.lift[g].max() > 0.01, (code, side)
    assert CLEARANCE > 0
