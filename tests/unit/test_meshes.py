"""Bone meshes: recipe, smoothing, budget, normals and the cache."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from viewer.anatomy import meshes
from viewer.anatomy.cache import CACHE_ENV
from viewer.anatomy.ids import BONES, CONTEXT_BONES

MAIN_BUDGET = 7_000  # docs/explanation/performance.md: the full scene within 0.9 of an empty one (software WebGL)
MAIN_FLOOR = 5_000  # below this the silhouettes of the pelvis and femoral heads turn faceted
CONTEXT_BUDGET = 4_500  # shanks 2,400 + feet 1,700 (meshes/manifest.yaml), a few hundred per bone
PELVIS_FILES = ("meshes/r_pelvis.stl", "meshes/l_pelvis.stl")


@pytest.fixture(scope="module")
def bones(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, meshes.BoneMesh]]:
    """All bones (main + context), built once into a private cache directory."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(CACHE_ENV, str(tmp_path_factory.mktemp("bone-cache")))
        yield meshes.load_bones(include_context=True)


def _source(files: tuple[str, ...] | list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Raw source vertices and faces of several STL files, concatenated."""
    verts, faces, offset = [], [], 0
    for name in files:
        v, f = meshes.read_source(meshes.models_dir() / name)
        verts.append(v)
        faces.append(f + offset)
        offset += len(v)
    return np.concatenate(verts), np.concatenate(faces)


def _distance_to_surface(points: np.ndarray, vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Exact distance from each point to the nearest triangle (brute force, chunked)."""
    import trimesh.triangles

    tris = vertices[faces]
    out = np.empty(len(points))
    step = max(1, 200_000 // len(tris))
    for start in range(0, len(points), step):
        chunk = points[start : start + step]
        pts = np.repeat(chunk, len(tris), axis=0)
        closest = trimesh.triangles.closest_point(np.tile(tris, (len(chunk), 1, 1)), pts)
        out[start : start + step] = np.linalg.norm(closest - pts, axis=1).reshape(len(chunk), -1).min(axis=1)
    return out


def _edge_use(faces: np.ndarray) -> np.ndarray:
    edges = np.sort(np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]]), axis=1)
    return np.unique(edges, axis=0, return_counts=True)[1]


def _dihedral_p95(vertices: np.ndarray, faces: np.ndarray) -> float:
    """95th percentile of the angle between normals of adjacent faces, degrees."""
    import trimesh

    mesh = trimesh.Trimesh(vertices, faces, process=True)
    return float(np.degrees(np.percentile(mesh.face_adjacency_angles, 95)))


def test_main_bones_in_order_with_their_bodies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    main = meshes.load_bones()
    assert tuple(main) == BONES
    assert {k: b.body for k, b in main.items()} == {
        "pelvis": "pelvis",
        "sacrum": "pelvis",
        "femur_r": "femur_r",
        "femur_l": "femur_l",
    }
    version = meshes.source_version()
    for bone_id, bone in main.items():
        assert bone.id == bone_id
        assert bone.context is False
        assert bone.vertices.dtype == np.float32 and bone.vertices.shape[1] == 3
        assert bone.normals.dtype == np.float32 and bone.normals.shape == bone.vertices.shape
        assert bone.faces.dtype == np.uint32 and bone.faces.shape[1] == 3
        assert int(bone.faces.max()) == len(bone.vertices) - 1
        assert f"myo_sim {version}" in bone.source
    assert "r_pelvis.stl" in main["pelvis"].source and "l_pelvis.stl" in main["pelvis"].source
    with pytest.raises(ValueError):
        main["pelvis"].vertices[0, 0] = 1.0  # read-only: the arrays may be shared


def test_triangle_budget(bones: dict[str, meshes.BoneMesh]) -> None:
    main = sum(bones[b].n_triangles for b in BONES)
    context = sum(bones[b].n_triangles for b in CONTEXT_BONES)
    assert MAIN_FLOOR <= main <= MAIN_BUDGET, main
    assert context <= CONTEXT_BUDGET, context


def test_clean_makes_the_source_pelvis_manifold() -> None:
    v, f = meshes.read_source(meshes.models_dir() / PELVIS_FILES[0])
    assert set(_edge_use(f)) != {2}  # shipped non-manifold (duplicate + dangling triangles)
    v2, f2 = meshes.apply_steps(v, f, [{"op": "clean"}, {"op": "orient"}])
    assert set(_edge_use(f2)) == {2}  # closed 2-manifold: Loop subdivision accepts it
    assert len(f2) >= len(f) - 4


def test_pelvis_is_smoothed_not_just_subdivided(bones: dict[str, meshes.BoneMesh]) -> None:
    src_v, src_f = _source(PELVIS_FILES)
    pelvis = bones["pelvis"]
    assert pelvis.n_triangles > len(src_f)

    # A plain midpoint subdivision keeps every vertex on the source facets ...
    plain = [meshes.apply_steps(*_source([name]), [{"op": "subdivide", "levels": 1}])[0] for name in PELVIS_FILES]
    assert _distance_to_surface(np.concatenate(plain), src_v, src_f).max() < 1e-9
    # ... the smoothed pelvis leaves them: its vertices moved off the flat facets,
    dist = _distance_to_surface(pelvis.vertices.astype(np.float64), src_v, src_f)
    assert np.median(dist) > 2e-4, np.median(dist)
    assert dist.max() < 6e-3, dist.max()  # but stays close to the bone
    # and the creases between facets are gone.
    assert _dihedral_p95(pelvis.vertices.astype(np.float64), pelvis.faces) < 0.7 * _dihedral_p95(src_v, src_f)


@pytest.mark.parametrize("bone_id", BONES)
def test_smoothing_does_not_shrink_the_bone(bones: dict[str, meshes.BoneMesh], bone_id: str) -> None:
    entry = meshes.read_manifest()[bone_id]
    src_v, _ = _source(entry["files"])
    src_bounds = np.stack([src_v.min(axis=0), src_v.max(axis=0)])
    np.testing.assert_allclose(bones[bone_id].bounds, src_bounds, atol=2e-3)


@pytest.mark.parametrize("bone_id", BONES + CONTEXT_BONES)
def test_normals_unit_and_outward(bones: dict[str, meshes.BoneMesh], bone_id: str) -> None:
    bone = bones[bone_id]
    v = bone.vertices.astype(np.float64)
    f = bone.faces.astype(np.int64)
    np.testing.assert_allclose(np.linalg.norm(bone.normals, axis=1), 1.0, atol=1e-5)
    # faces wind outward: positive enclosed volume
    volume = np.einsum("ij,ij->i", v[f[:, 0]], np.cross(v[f[:, 1]], v[f[:, 2]])).sum() / 6.0
    assert volume > 0
    # vertex normals agree with the winding of the faces around them
    face_n = np.cross(v[f[:, 1]] - v[f[:, 0]], v[f[:, 2]] - v[f[:, 0]])
    agree = np.einsum("ij,ij->i", bone.normals[f].mean(axis=1), face_n) > 0
    assert agree.mean() > 0.99


@pytest.mark.parametrize("bone_id", ["femur_r", "femur_l"])
def test_femur_normals_point_away_from_centroid(bones: dict[str, meshes.BoneMesh], bone_id: str) -> None:
    bone = bones[bone_id]
    offset = bone.vertices.astype(np.float64) - bone.vertices.mean(axis=0)
    radial = offset / np.linalg.norm(offset, axis=1, keepdims=True)
    assert np.einsum("ij,ij->i", bone.normals, radial).mean() > 0
    # sharper for a long bone: away from the shaft axis (first principal axis)
    axis = np.linalg.svd(offset, full_matrices=False)[2][0]
    across = offset - np.outer(offset @ axis, axis)
    across /= np.linalg.norm(across, axis=1, keepdims=True)
    dots = np.einsum("ij,ij->i", bone.normals, across)
    assert dots.mean() > 0.3
    assert (dots > 0).mean() > 0.75


def test_main_bones_are_closed_surfaces(bones: dict[str, meshes.BoneMesh]) -> None:
    for bone_id in BONES:
        assert set(_edge_use(bones[bone_id].faces.astype(np.int64))) == {2}, bone_id


def test_cache_is_used_and_keyed_by_recipe_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    first = meshes.load_bones()
    files = set(tmp_path.glob("*.npz"))
    assert len(files) == len(BONES)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("rebuilt although cached")

    monkeypatch.setattr(meshes, "build_bone", refuse)
    second = meshes.load_bones()
    for bone_id in BONES:
        for name in ("vertices", "faces", "normals"):
            np.testing.assert_array_equal(getattr(second[bone_id], name), getattr(first[bone_id], name))
    assert set(tmp_path.glob("*.npz")) == files

    monkeypatch.undo()
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(meshes, "RECIPE_VERSION", meshes.RECIPE_VERSION + 1000)
    meshes.load_bones()
    new = set(tmp_path.glob("*.npz")) - files
    assert len(new) == len(BONES)


def test_build_is_deterministic() -> None:
    entry = meshes.read_manifest()["pelvis"]
    a, b = meshes.build_bone(entry), meshes.build_bone(entry)
    for name in ("vertices", "faces", "normals"):
        np.testing.assert_array_equal(a[name], b[name])


def test_include_context_adds_the_twelve_context_bones(bones: dict[str, meshes.BoneMesh]) -> None:
    assert tuple(bones) == BONES + CONTEXT_BONES
    assert [b for b, mesh in bones.items() if mesh.context] == list(CONTEXT_BONES)
    assert {b: bones[b].body for b in CONTEXT_BONES} == {
        "tibia_r": "tibia_r",
        "tibia_l": "tibia_l",
        "fibula_r": "tibia_r",
        "fibula_l": "tibia_l",
        "patella_r": "patella_r",
        "patella_l": "patella_l",
        "talus_r": "talus_r",
        "talus_l": "talus_l",
        "calcn_r": "calcn_r",
        "calcn_l": "calcn_l",
        "toes_r": "toes_r",
        "toes_l": "toes_l",
    }


@pytest.mark.parametrize("bone_id", ["talus_r", "calcn_r", "toes_r", "talus_l", "calcn_l", "toes_l"])
def test_foot_bones_are_small_and_near_the_source(bones: dict[str, meshes.BoneMesh], bone_id: str) -> None:
    """Each foot bone keeps a small budget and stays within 2.5 mm of its source STL."""
    bone = bones[bone_id]
    assert 100 <= bone.n_triangles <= 500, bone.n_triangles
    entry = meshes.read_manifest()[bone_id]
    src_v, src_f = _source(entry["files"])
    d = _distance_to_surface(bone.vertices.astype(np.float64), src_v, src_f)
    assert d.max() < 2.5e-3 and d.mean() < 0.8e-3, (d.mean(), d.max())


def test_bone_stats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    stats = meshes.bone_stats()
    assert tuple(stats) == BONES + CONTEXT_BONES
    loaded = meshes.load_bones(include_context=True)
    for bone_id, row in stats.items():
        assert row["triangles"] == loaded[bone_id].n_triangles
        assert row["vertices"] == len(loaded[bone_id].vertices)
        assert np.shape(row["bounds"]) == (2, 3)
        assert row["context"] is (bone_id in CONTEXT_BONES)


def test_manifest_errors_name_the_field(tmp_path: Path) -> None:
    text = meshes.MANIFEST_PATH.read_text(encoding="utf-8")
    bad_op = tmp_path / "bad_op.yaml"
    bad_op.write_text(text.replace("{op: loop, levels: 3", "{op: lopp, levels: 3", 1), encoding="utf-8")
    with pytest.raises(meshes.ManifestError, match=r"bones\.pelvis\.steps\[2\]\.op: unknown step 'lopp'"):
        meshes.read_manifest(bad_op)
    bad_param = tmp_path / "bad_param.yaml"
    bad_param.write_text(re.sub(r"target_faces: \d+", "target_faces: -5", text, count=1), encoding="utf-8")
    with pytest.raises(meshes.ManifestError, match=r"target_faces"):
        meshes.read_manifest(bad_param)
    missing = tmp_path / "missing.yaml"
    missing.write_text("package: myo_sim\nbones: {}\n", encoding="utf-8")
    with pytest.raises(meshes.ManifestError, match="missing entries for: pelvis"):
        meshes.read_manifest(missing)
