"""Bone meshes from the MyoLeg model's own STL files: cleaned, smoothed, cached.

The recipe lives in ``meshes/manifest.yaml`` (bone id -> source files in the
``myo_sim`` package, the model body they belong to, processing steps). Each bone
is processed once and cached by :func:`viewer.anatomy.cache.load_or_build` under a
key made of the manifest entry, the sha256 of every source file, the ``myo_sim``
version, the versions of the libraries that do the processing and
:data:`RECIPE_VERSION`; so a changed recipe or package never reads a stale mesh.

Vertices stay in the frame of their model body, in metres (docs/reference/ids.md):
the pelvis and sacrum in the pelvis body frame (x anterior, y superior, z right),
each femur in its femur body. Placing a body in the scene is the caller's job.

Processing (see the manifest for the parameters per bone): ``clean`` (merge
duplicate vertices, drop duplicated and dangling triangles, which makes the
source pelvis and tibia manifold), ``orient`` (consistent outward winding),
``loop`` (Loop subdivision of a shrink-compensated control mesh), ``subdivide``
(midpoint), ``taubin`` (volume-keeping smoothing), ``decimate``
(quadric error, to land in the frame budget of docs/explanation/performance.md). Smooth
vertex normals are computed last.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from viewer.anatomy import cache
from viewer.anatomy.ids import BONES, CONTEXT_BONES
from viewer.anatomy.yamlio import AnnotationError, check_finite, read_yaml
from viewer.resources import meshes_manifest

if TYPE_CHECKING:
    import trimesh

#: Bump when the processing code changes in a way the manifest does not show.
RECIPE_VERSION: Final = 1

MANIFEST_PATH: Final = meshes_manifest()
SOURCE_PACKAGE: Final = "myo_sim"

#: Libraries whose versions enter the cache key (their output shapes the meshes).
_PROCESSING_LIBRARIES: Final = ("trimesh", "fast_simplification", "numpy", "scipy")

Arrays = tuple[np.ndarray, np.ndarray]


class ManifestError(AnnotationError):
    """The mesh manifest is malformed: names the file, the field and what was expected."""


@dataclass(frozen=True, eq=False)
class BoneMesh:
    """A processed bone mesh in the frame of the model body it is attached to.

    Attributes
    ----------
    id : str
        Bone id (``pelvis``, ``sacrum``, ``femur_r`` ... see :mod:`viewer.anatomy.ids`).
    body : str
        Name of the model body whose frame the vertices are expressed in.
    vertices : numpy.ndarray
        ``(n, 3)`` float32, metres, body frame. Read-only.
    faces : numpy.ndarray
        ``(m, 3)`` uint32 vertex indices, counter-clockwise seen from outside. Read-only.
    normals : numpy.ndarray
        ``(n, 3)`` float32 unit smooth vertex normals, pointing outward. Read-only.
    context : bool
        True for the context bones (tibia, fibula, patella) drawn only for orientation.
    source : str
        Provenance: package, version and source files, e.g.
        ``"myo_sim 0.2.4: meshes/r_femur.stl"``.

    """

    id: str
    body: str
    vertices: np.ndarray
    faces: np.ndarray
    normals: np.ndarray
    context: bool
    source: str

    @property
    def n_triangles(self) -> int:
        """Number of triangles."""
        return int(len(self.faces))

    @property
    def bounds(self) -> np.ndarray:
        """``(2, 3)`` axis-aligned bounds (min row, max row) in metres, body frame."""
        return np.stack([self.vertices.min(axis=0), self.vertices.max(axis=0)])


# --------------------------------------------------------------------------------------
# Manifest

_STEP_PARAMS: Final[dict[str, dict[str, type]]] = {
    "clean": {},
    "orient": {},
    "loop": {"levels": int, "compensation": float},
    "subdivide": {"levels": int},
    "taubin": {"lamb": float, "nu": float, "iterations": int},
    "decimate": {"target_faces": int, "aggressiveness": float},
}
_STEP_DEFAULTS: Final[dict[str, dict[str, Any]]] = {
    "decimate": {"aggressiveness": 7.0},
    "loop": {"compensation": 0.0},
}


STEP_LIMITS = {"levels": 5, "target_faces": 1_000_000}
"""Largest value of a step parameter (others: 1000): each subdivision level is x4 triangles."""


def _check_step(path: Path, where: str, step: Any) -> None:
    if not isinstance(step, Mapping) or "op" not in step:
        raise ManifestError(path, where, "a mapping with an 'op' key, e.g. {op: clean}")
    op = step["op"]
    if op not in _STEP_PARAMS:
        raise ManifestError(path, f"{where}.op", f"unknown step {op!r}; expected one of: {', '.join(_STEP_PARAMS)}")
    allowed = _STEP_PARAMS[op]
    for key, value in step.items():
        if key == "op":
            continue
        if key not in allowed:
            expected = ", ".join(allowed) or "no parameters"
            raise ManifestError(path, f"{where}.{key}", f"unknown parameter of {op}; expected {expected}")
        kind = allowed[key]
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if kind is int:
            ok = ok and isinstance(value, int) and value >= 0
        limit = STEP_LIMITS.get(key, 1000)
        ok = ok and 0 <= value <= limit
        if not ok:
            expected = f"a non-negative {kind.__name__} up to {limit:g}, got {value!r}"
            raise ManifestError(path, f"{where}.{key}", expected)
    missing = set(allowed) - set(step) - set(_STEP_DEFAULTS.get(op, {}))
    if missing:
        raise ManifestError(path, where, f"{op} needs {', '.join(sorted(missing))}")


def _check_manifest(path: Path, data: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(data, Mapping) or not isinstance(data.get("bones"), Mapping):
        raise ManifestError(path, "bones", "a mapping of bone id -> entry")
    if data.get("package", SOURCE_PACKAGE) != SOURCE_PACKAGE:
        raise ManifestError(path, "package", f"{SOURCE_PACKAGE!r} (the only source supported)")
    bones = data["bones"]
    known = BONES + CONTEXT_BONES
    unknown = [b for b in bones if b not in known]
    if unknown:
        raise ManifestError(path, f"bones.{unknown[0]}", f"unknown bone; expected one of: {', '.join(known)}")
    missing = [b for b in known if b not in bones]
    if missing:
        raise ManifestError(path, "bones", f"missing entries for: {', '.join(missing)}")
    out: dict[str, dict[str, Any]] = {}
    for bone in known:
        entry = bones[bone]
        where = f"bones.{bone}"
        if not isinstance(entry, Mapping):
            raise ManifestError(path, where, "a mapping with body, files, context, steps")
        if not isinstance(entry.get("body"), str) or not entry["body"]:
            raise ManifestError(path, f"{where}.body", "the model body name (a string)")
        files = entry.get("files")
        if not isinstance(files, list) or not files or not all(isinstance(f, str) for f in files):
            raise ManifestError(path, f"{where}.files", "a non-empty list of paths under myo_sim.MODELS_DIR")
        context = entry.get("context")
        if context is not (bone in CONTEXT_BONES):
            raise ManifestError(
                path, f"{where}.context", f"{bone in CONTEXT_BONES} (context bones are: {', '.join(CONTEXT_BONES)})"
            )
        steps = entry.get("steps")
        if not isinstance(steps, list):
            raise ManifestError(path, f"{where}.steps", "a list of processing steps")
        for i, step in enumerate(steps):
            _check_step(path, f"{where}.steps[{i}]", step)
        out[bone] = {
            "body": entry["body"],
            "files": list(files),
            "context": bool(context),
            "steps": [dict(step) for step in steps],
        }
    return out


def read_manifest(path: Path | str | None = None) -> dict[str, dict[str, Any]]:
    """Read and validate the mesh manifest.

    Parameters
    ----------
    path : path-like, optional
        Defaults to :data:`MANIFEST_PATH` (``meshes/manifest.yaml``).

    Returns
    -------
    dict
        Bone id -> ``{"body", "files", "context", "steps"}``, in the order of
        ``ids.BONES + ids.CONTEXT_BONES``; YAML anchors are expanded.

    Raises
    ------
    ManifestError
        Naming the file, the field and what was expected.

    """
    path = Path(path) if path is not None else MANIFEST_PATH
    try:  # the annotations' reader: UTF-8, size and depth limits, no duplicate keys, finite numbers
        data = read_yaml(path)
        check_finite(data, path)
    except AnnotationError as exc:
        raise ManifestError(exc.path, exc.field, exc.expected) from None
    return _check_manifest(path, data)


# --------------------------------------------------------------------------------------
# Sources and provenance


def models_dir() -> Path:
    """Root of the installed ``myo_sim`` model tree (``myo_sim.MODELS_DIR``)."""
    from myo_sim import MODELS_DIR

    return Path(MODELS_DIR)


def source_version() -> str:
    """Installed version of the ``myo_sim`` package."""
    return metadata.version(SOURCE_PACKAGE)


def _library_versions() -> dict[str, str]:
    versions = {}
    for name in _PROCESSING_LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions


@lru_cache(maxsize=64)
def _sha256(path: Path, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_sha256(path: Path | str) -> str:
    """sha256 of a file (memoised per path, size and modification time)."""
    path = Path(path)
    stat = path.stat()
    return _sha256(path, stat.st_size, stat.st_mtime_ns)


def source_label(entry: Mapping[str, Any]) -> str:
    """Provenance string of a manifest entry: ``"myo_sim 0.2.4: a.stl + b.stl"``."""
    return f"{SOURCE_PACKAGE} {source_version()}: {' + '.join(entry['files'])}"


def bone_recipe(bone: str, entry: Mapping[str, Any]) -> dict[str, Any]:
    """Everything that determines a processed bone: the cache key's content.

    Parameters
    ----------
    bone : str
        Bone id.
    entry : mapping
        Its manifest entry (see :func:`read_manifest`).

    """
    root = models_dir()
    absent = [name for name in entry["files"] if not (root / name).is_file()]
    if absent:
        raise FileNotFoundError(
            f"bone {bone!r}: {', '.join(absent)} not found under {root} ({SOURCE_PACKAGE} {source_version()}); "
            f"check the files of this bone in {MANIFEST_PATH}"
        )
    return {
        "recipe_version": RECIPE_VERSION,
        "bone": bone,
        "entry": dict(entry),
        "sources": {name: file_sha256(root / name) for name in entry["files"]},
        SOURCE_PACKAGE: source_version(),
        "libraries": _library_versions(),
    }


# --------------------------------------------------------------------------------------
# Processing steps: each takes and returns (vertices float64 (n,3), faces int64 (m,3)).


def _trimesh(vertices: np.ndarray, faces: np.ndarray, process: bool = False) -> trimesh.Trimesh:
    import trimesh

    return trimesh.Trimesh(vertices=vertices, faces=faces, process=process)


def _arrays(mesh: trimesh.Trimesh) -> Arrays:
    return np.asarray(mesh.vertices, dtype=np.float64), np.asarray(mesh.faces, dtype=np.int64)


def _edge_use_per_face(faces: np.ndarray) -> np.ndarray:
    """``(m, 3)``: how many faces use each of a face's three edges."""
    edges = np.sort(np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]]), axis=1)
    _, inverse, counts = np.unique(edges, axis=0, return_inverse=True, return_counts=True)
    return counts[inverse.reshape(-1)].reshape(3, -1).T


def _clean(vertices: np.ndarray, faces: np.ndarray) -> Arrays:
    """Merge duplicate vertices; drop degenerate, duplicated and dangling triangles.

    A dangling triangle has a boundary edge (used once) and a non-manifold edge (used
    three or more times): a fin stuck on a closed surface. Removing fins after the
    duplicates turns the source pelvis and tibia into closed 2-manifolds.
    """
    mesh = _trimesh(vertices, faces, process=True)  # merges coincident vertices
    mesh.update_faces(mesh.nondegenerate_faces())
    faces = np.asarray(mesh.faces, dtype=np.int64)
    _, first = np.unique(np.sort(faces, axis=1), axis=0, return_index=True)
    faces = faces[np.sort(first)]
    while len(faces):
        use = _edge_use_per_face(faces)
        dangling = (use == 1).any(axis=1) & (use > 2).any(axis=1)
        if not dangling.any():
            break
        faces = faces[~dangling]
    mesh = _trimesh(np.asarray(mesh.vertices), faces)
    mesh.remove_unreferenced_vertices()
    return _arrays(mesh)


def _orient(vertices: np.ndarray, faces: np.ndarray) -> Arrays:
    """Consistent winding per connected part, flipped outward where the part is closed."""
    import trimesh.repair

    mesh = _trimesh(vertices, faces)
    trimesh.repair.fix_normals(mesh, multibody=True)
    return _arrays(mesh)


def _loop_limit_operator(vertices: np.ndarray, faces: np.ndarray) -> Any:
    """Sparse ``(n, n)`` operator mapping control points to their Loop limit positions.

    Interior vertex of valence ``k``: ``(1 - k chi) v + chi sum(neighbours)`` with
    ``chi = 1 / (k + 3 / (8 beta))`` and Loop's ``beta`` (the one trimesh uses).
    Boundary vertices keep an identity row (no compensation there).
    """
    import scipy.sparse as sp

    n = len(vertices)
    edges = np.sort(np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]]), axis=1)
    unique, counts = np.unique(edges, axis=0, return_counts=True)
    boundary = np.zeros(n, dtype=bool)
    boundary[unique[counts == 1].ravel()] = True
    rows = np.concatenate([unique[:, 0], unique[:, 1]])
    cols = np.concatenate([unique[:, 1], unique[:, 0]])
    valence = np.bincount(rows, minlength=n).astype(np.float64)
    k = np.maximum(valence, 1.0)
    beta = (40.0 - (2.0 * np.cos(2.0 * np.pi / k) + 3.0) ** 2) / (64.0 * k)
    chi = 1.0 / (k + 3.0 / (8.0 * beta))
    chi[boundary | (valence == 0)] = 0.0
    adjacency = sp.csr_matrix((chi[rows], (rows, cols)), shape=(n, n))
    return (adjacency + sp.diags(1.0 - valence * chi)).tocsc()


def _loop(vertices: np.ndarray, faces: np.ndarray, levels: int, compensation: float = 0.0) -> Arrays:
    """Loop subdivision of a shrink-compensated control mesh.

    Control points ``c = v + compensation * (L^-1 v - v)`` with ``L`` the Loop limit
    operator: 0 is plain Loop (shrinks convex tips), 1 makes the limit surface pass
    through every source vertex (overshoots between them), 0.5 balances the two.
    """
    import scipy.sparse.linalg as spla
    import trimesh.remesh

    control = vertices
    if compensation:
        interpolating = spla.spsolve(_loop_limit_operator(vertices, faces), vertices)
        if not np.all(np.isfinite(interpolating)):
            raise ValueError("Loop limit operator is singular for this mesh; use compensation: 0")
        control = vertices + compensation * (np.asarray(interpolating) - vertices)
    try:
        v, f = trimesh.remesh.subdivide_loop(control, faces, iterations=levels)
    except ValueError as exc:
        raise ValueError(f"Loop subdivision needs a manifold mesh (run the clean step first): {exc}") from None
    return np.asarray(v, dtype=np.float64), np.asarray(f, dtype=np.int64)


def _subdivide(vertices: np.ndarray, faces: np.ndarray, levels: int) -> Arrays:
    """Midpoint subdivision, ``levels`` times (x4 triangles each)."""
    import trimesh.remesh

    for _ in range(levels):
        vertices, faces = trimesh.remesh.subdivide(vertices, faces)
    return np.asarray(vertices, dtype=np.float64), np.asarray(faces, dtype=np.int64)


def _taubin(vertices: np.ndarray, faces: np.ndarray, lamb: float, nu: float, iterations: int) -> Arrays:
    """Taubin lambda|mu smoothing (umbrella operator, equal weights)."""
    import trimesh.smoothing

    mesh = _trimesh(vertices, faces)
    trimesh.smoothing.filter_taubin(mesh, lamb=lamb, nu=nu, iterations=iterations)
    return _arrays(mesh)


def _decimate(vertices: np.ndarray, faces: np.ndarray, target_faces: int, aggressiveness: float = 7.0) -> Arrays:
    """Quadric-error decimation to about ``target_faces`` triangles (no-op if already fewer)."""
    if len(faces) <= target_faces:
        return vertices, faces
    try:
        import fast_simplification
    except ImportError:
        raise ImportError(
            "the decimate step of meshes/manifest.yaml needs fast_simplification (pip install fast_simplification)"
        ) from None

    v, f = fast_simplification.simplify(
        np.ascontiguousarray(vertices, dtype=np.float64),
        np.ascontiguousarray(faces, dtype=np.int32),
        target_count=int(target_faces),
        agg=float(aggressiveness),
    )
    mesh = _trimesh(np.asarray(v), np.asarray(f))
    mesh.update_faces(mesh.nondegenerate_faces())
    mesh.remove_unreferenced_vertices()
    return _arrays(mesh)


_STEPS: Final[dict[str, Callable[..., Arrays]]] = {
    "clean": _clean,
    "orient": _orient,
    "loop": _loop,
    "subdivide": _subdivide,
    "taubin": _taubin,
    "decimate": _decimate,
}


def apply_steps(vertices: np.ndarray, faces: np.ndarray, steps: list[Mapping[str, Any]]) -> Arrays:
    """Run manifest processing steps on one mesh.

    Parameters
    ----------
    vertices : numpy.ndarray
        ``(n, 3)`` vertex positions.
    faces : numpy.ndarray
        ``(m, 3)`` triangle vertex indices.
    steps : list of mapping
        ``{"op": name, **parameters}`` as in ``meshes/manifest.yaml``.

    Returns
    -------
    vertices, faces : numpy.ndarray
        float64 ``(n', 3)`` and int64 ``(m', 3)``.

    """
    v = np.asarray(vertices, dtype=np.float64)
    f = np.asarray(faces, dtype=np.int64)
    for step in steps:
        params = {k: val for k, val in step.items() if k != "op"}
        v, f = _STEPS[step["op"]](v, f, **params)
    return v, f


def read_source(path: Path | str) -> Arrays:
    """Vertices and faces of a source STL exactly as shipped (no merging, no repair)."""
    import trimesh

    mesh = trimesh.load_mesh(path, process=False)
    return np.asarray(mesh.vertices, dtype=np.float64), np.asarray(mesh.faces, dtype=np.int64)


def vertex_normals(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Smooth unit vertex normals (angle-weighted face normals), float32 ``(n, 3)``."""
    normals = np.asarray(_trimesh(vertices, faces).vertex_normals, dtype=np.float64)
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    normals = np.divide(normals, length, out=np.zeros_like(normals), where=length > 0)
    return normals.astype(np.float32)


def build_bone(entry: Mapping[str, Any], root: Path | None = None) -> dict[str, np.ndarray]:
    """Process one manifest entry into ``{"vertices", "faces", "normals"}`` arrays.

    Each source file runs through the steps on its own; the parts are then
    concatenated (no vertex is shared between parts).
    """
    root = models_dir() if root is None else root
    verts: list[np.ndarray] = []
    faces: list[np.ndarray] = []
    offset = 0
    for name in entry["files"]:
        v, f = apply_steps(*read_source(root / name), entry["steps"])
        verts.append(v)
        faces.append(f + offset)
        offset += len(v)
    vertices = np.concatenate(verts)
    all_faces = np.concatenate(faces)
    return {
        "vertices": vertices.astype(np.float32),
        "faces": all_faces.astype(np.uint32),
        "normals": vertex_normals(vertices, all_faces),
    }


# --------------------------------------------------------------------------------------
# Public entry points


def _readonly(array: np.ndarray, dtype: type) -> np.ndarray:
    out = np.ascontiguousarray(array, dtype=dtype)
    out.flags.writeable = False
    return out


def load_bones(include_context: bool = False) -> dict[str, BoneMesh]:
    """Load the processed bone meshes, building them on first use, then from the cache.

    Parameters
    ----------
    include_context : bool, default False
        Also return the context bones (tibia, fibula, patella, both sides).

    Returns
    -------
    dict of str to BoneMesh
        In the order ``pelvis, sacrum, femur_r, femur_l`` (then ``tibia_r, tibia_l,
        fibula_r, fibula_l, patella_r, patella_l``). Vertices in each bone's body frame.

    Raises
    ------
    ManifestError
        If ``meshes/manifest.yaml`` is malformed.

    """
    manifest = read_manifest()
    wanted = BONES + CONTEXT_BONES if include_context else BONES
    out: dict[str, BoneMesh] = {}
    for bone in wanted:
        entry = manifest[bone]
        arrays = cache.load_or_build(f"bone_{bone}", bone_recipe(bone, entry), lambda entry=entry: build_bone(entry))
        out[bone] = BoneMesh(
            id=bone,
            body=entry["body"],
            vertices=_readonly(arrays["vertices"], np.float32),
            faces=_readonly(arrays["faces"], np.uint32),
            normals=_readonly(arrays["normals"], np.float32),
            context=entry["context"],
            source=source_label(entry),
        )
    return out


def bone_stats(include_context: bool = True) -> dict[str, dict[str, Any]]:
    """Size and extent of every processed bone, for READMEs and benchmarks.

    Parameters
    ----------
    include_context : bool, default True
        Include the context bones.

    Returns
    -------
    dict
        Bone id -> ``{"body", "context", "triangles", "vertices", "bounds", "source"}``;
        ``bounds`` is ``[[xmin, ymin, zmin], [xmax, ymax, zmax]]`` in metres, body frame.

    """
    return {
        bone: {
            "body": mesh.body,
            "context": mesh.context,
            "triangles": mesh.n_triangles,
            "vertices": int(len(mesh.vertices)),
            "bounds": mesh.bounds.astype(float).round(6).tolist(),
            "source": mesh.source,
        }
        for bone, mesh in load_bones(include_context=include_context).items()
    }
