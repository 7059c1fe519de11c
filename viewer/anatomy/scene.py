"""build_scene(motion, options): everything the browser draws, as plain arrays tagged by ID.

Bone meshes are sent once; per frame there are bone transforms, fibre polylines
(a fixed point count per fibre), lengths and hip moment arms. Every fibre is also
described by its *path tables*: its sites and wrap objects fixed to bones, so a client
can rebuild any frame, arcs over the wraps included, from the bone transforms alone
(:mod:`viewer.anatomy.fibre_paths`).

Per-motion arrays are cached on disk (:mod:`viewer.anatomy.cache`); a cached
scene never compiles the model.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib.metadata import version
from typing import Any

import mujoco
import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.cache import load_or_build
from viewer.anatomy.fibre_paths import PathTables, draw_paths, path_tables
from viewer.anatomy.fibres import EDGE_EXTENT, FIBRES_PER_PART, fibre_layout, fibre_model
from viewer.anatomy.mechanics import MomentArmTable
from viewer.anatomy.meshes import BoneMesh, load_bones
from viewer.anatomy.model import model_source
from viewer.anatomy.motion import Motion

SCENE_RECIPE_VERSION = 3
BONE_BODIES = {
    "pelvis": "pelvis", "sacrum": "pelvis", "femur_r": "femur_r", "femur_l": "femur_l",
    "tibia_r": "tibia_r", "tibia_l": "tibia_l", "fibula_r": "tibia_r", "fibula_l": "tibia_l",
    "patella_r": "patella_r", "patella_l": "patella_l",
    "talus_r": "talus_r", "talus_l": "talus_l", "calcn_r": "calcn_r", "calcn_l": "calcn_l",
    "toes_r": "toes_r", "toes_l": "toes_l",
}
ANCHOR_BONES = ("pelvis", "femur_r", "femur_l")


@dataclass(frozen=True)
class SceneOptions:
    """What to include in a scene.

    Attributes
    ----------
    points_per_fibre : int
        Fixed number of polyline points per fibre: one per straight segment, the rest spread
        along the wrapped segments so arcs read round (:mod:`viewer.anatomy.fibre_paths`).
    include_context : bool
        Add the lower legs and feet (tibia, fibula, patella, talus, calcaneus, toes) as a
        lighter context layer (drawn by default).

    """

    points_per_fibre: int = 14
    include_context: bool = True


@dataclass
class Scene:
    """Arrays for one motion, keyed by the IDs of docs/reference/ids.md.

    Shapes use ``n`` frames, ``B`` bones, ``F`` fibres, ``K`` points per fibre,
    ``P`` = 18 parts. Lengths in metres, angles in radians, ground frame.
    """

    motion: Motion
    bone_ids: list[str]
    bones: dict[str, BoneMesh]
    bone_transforms: np.ndarray  # (n, B, 4, 4) float32
    fibre_ids: list[str]
    fibre_parts: list[str]
    fibre_points: np.ndarray  # (n, F, K, 3) float32
    paths: PathTables  # sites and wraps per fibre, in bone frames
    lengths: np.ndarray  # (n, F)
    moment_arms: np.ndarray  # (n, F, 3): flexion, adduction, rotation
    neutral_lengths: np.ndarray  # (F,)
    part_ids: list[str]
    bundle_lengths: np.ndarray  # (n, P)
    bundle_moment_arms: np.ndarray  # (n, P, 3)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def stretch(self) -> np.ndarray:
        """Length change relative to the neutral pose, as a fraction, (n, F)."""
        return self.lengths / self.neutral_lengths - 1.0

    def summary(self) -> dict[str, Any]:
        """Small JSON-friendly description (ids, shapes, sources)."""
        return {
            "motion": self.motion.name,
            "frames": self.motion.frames,
            "bones": self.bone_ids,
            "fibres": len(self.fibre_ids),
            "points_per_fibre": int(self.fibre_points.shape[2]),
            "sources": self.sources,
        }


def _path_tables(k: int, bone_ids: tuple[str, ...]) -> PathTables:
    """Every fibre's sites and wraps in its bones' frames (:mod:`viewer.anatomy.fibre_paths`)."""
    model = fibre_model()
    bone_of_body = {BONE_BODIES[b]: i for i, b in enumerate(bone_ids) if b in ANCHOR_BONES}
    return path_tables(model, model.fibre_ids, k, bone_of_body)


_paths = lru_cache(maxsize=4)(_path_tables)


def _compute_motion(motion: Motion, k: int, bone_ids: list[str]) -> dict[str, np.ndarray]:
    """Run the model through every frame of ``motion``."""
    model = fibre_model()
    fids = model.fibre_ids
    paths = _paths(k, tuple(bone_ids))
    table = MomentArmTable(model, [ids.fibre_tendon(f) for f in fids])
    bundles = MomentArmTable(model, [ids.bundle_tendon(p) for p in ids.part_ids()])
    bodies = [model.model.body(BONE_BODIES[b]).id for b in bone_ids]
    n, nf, nb = motion.frames, len(fids), len(bone_ids)
    out = {
        "bone_transforms": np.zeros((n, nb, 4, 4), np.float32),
        "fibre_points": np.zeros((n, nf, k, 3), np.float32),
        "lengths": np.zeros((n, nf)), "moment_arms": np.zeros((n, nf, 3)),
        "bundle_lengths": np.zeros((n, len(ids.part_ids()))),
        "bundle_moment_arms": np.zeros((n, len(ids.part_ids()), 3)),
    }
    rot0, pos0 = model.ground_rot, model.ground_pos
    for i in range(n):
        model.set_pose(motion.pose(i))
        d = model.data
        out["bone_transforms"][i, :, :3, :3] = rot0.T @ d.xmat[bodies].reshape(-1, 3, 3)
        out["bone_transforms"][i, :, :3, 3] = (d.xpos[bodies] - pos0) @ rot0
        out["bone_transforms"][i, :, 3, 3] = 1.0
        out["lengths"][i] = table.lengths()
        out["moment_arms"][i] = table.moment_arms()
        out["bundle_lengths"][i] = bundles.lengths()
        out["bundle_moment_arms"][i] = bundles.moment_arms()
    out["fibre_points"][:] = draw_paths(out["bone_transforms"].astype(np.float64), paths)
    model.set_pose({})
    out["neutral_lengths"] = table.lengths()
    return out


def _recipe(motion: Motion, options: SceneOptions, bone_ids: list[str]) -> dict[str, Any]:
    return {
        "version": SCENE_RECIPE_VERSION, "myo_sim": version("myo_sim"), "mujoco": mujoco.__version__,
        "fibres_per_part": FIBRES_PER_PART, "edge": EDGE_EXTENT, "k": options.points_per_fibre,
        "bones": bone_ids, "motion": motion.name, "params": motion.params, "source": motion.source,
        "joints": {j: np.round(v, 9).tolist() for j, v in sorted(motion.joints.items())},
    }


def motion_arrays(motion: Motion, options: SceneOptions = SceneOptions()) -> dict[str, np.ndarray]:
    """Per-frame arrays of ``motion`` (cached on disk by motion and recipe)."""
    bone_ids = scene_bone_ids(options)
    return load_or_build("scene", _recipe(motion, options, bone_ids),
                         lambda: _compute_motion(motion, options.points_per_fibre, bone_ids))


def scene_bone_ids(options: SceneOptions) -> list[str]:
    """Bone ids drawn for ``options``, main bones first."""
    return list(ids.BONES) + (list(ids.CONTEXT_BONES) if options.include_context else [])


def path_arrays(options: SceneOptions = SceneOptions()) -> PathTables:
    """Every fibre's sites and wraps (cached on disk), :class:`~viewer.anatomy.fibre_paths.PathTables`."""
    bone_ids = scene_bone_ids(options)

    def build() -> dict[str, np.ndarray]:
        return asdict(_paths(options.points_per_fibre, tuple(bone_ids)))

    recipe = _recipe(_NEUTRAL, options, bone_ids) | {"kind": "paths"}
    return PathTables(**load_or_build("paths", recipe, build))


_NEUTRAL = Motion("neutral", "Neutral", np.zeros(1), {}, {}, (), "")


def neutral_arrays(options: SceneOptions = SceneOptions()) -> dict[str, np.ndarray]:
    """The arrays of the neutral pose (every joint at zero), one frame (cached like a motion's)."""
    return motion_arrays(_NEUTRAL, options)


def build_scene(motion: Motion, options: SceneOptions = SceneOptions()) -> Scene:
    """Build the scene for one motion.

    Parameters
    ----------
    motion : Motion
        From :mod:`viewer.anatomy.motions`.
    options : SceneOptions
        Points per fibre and whether to add the context bones.

    Returns
    -------
    Scene

    """
    bone_ids = scene_bone_ids(options)
    arrays = motion_arrays(motion, options)
    paths = path_arrays(options)
    layout = fibre_layout()
    return Scene(
        motion=motion,
        bone_ids=bone_ids,
        bones=load_bones(include_context=options.include_context),
        fibre_ids=[f.id for f in layout],
        fibre_parts=[f.part for f in layout],
        part_ids=list(ids.part_ids()),
        sources={"model": model_source(), "motion": motion.source},
        paths=paths,
        **arrays,
    )


def scene_to_dict(scene: Scene) -> dict[str, Any]:
    """The scene as a plain dict (motion included as a dict)."""
    out = {k: v for k, v in scene.__dict__.items() if k != "motion"}
    out["motion"] = asdict(scene.motion)
    return out
