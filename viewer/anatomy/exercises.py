"""Exercise presets as looping motions, from ``annotations/motions/exercises.yaml``.

Each exercise holds joint-angle keyframes (degrees, the model's sign conventions) at phases of
one repetition, a coaching cue, the working side, the target muscles and sources.
:func:`load_exercises` validates the file against ``annotations/schema/exercises.schema.json``
and cross-checks it (ids equal :data:`EXERCISE_NAMES`, keyframes in order from phase 0 with the
same joints, angles inside the model's joint ranges, events unique, target ids known, claims naming
a keyframe's event); :func:`exercise_motion` turns one into a :class:`~viewer.anatomy.motion.Motion`.
Each note's ``claims`` say, in the words of :mod:`viewer.anatomy.action_words`, which parts shorten
and which way they act at a keyframe (tests/mechanics/test_words_match_engine.py checks them).

Keyframes are joined by a raised-cosine blend: the motion passes through every keyframe, never
overshoots one (so it stays inside the joint ranges the keyframes respect), rests briefly at
each and loops from the last keyframe back to the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.motion import Motion, sample_phase
from viewer.anatomy.planted_feet import plant_feet
from viewer.anatomy.yamlio import ANNOTATIONS_DIR, AnnotationError, load_validated

DEFAULT_YAML: Final = ANNOTATIONS_DIR / "motions" / "exercises.yaml"
SCHEMA_NAME: Final = "exercises"
EXERCISE_NAMES: Final = ("hip_hitch", "side_lying_abduction", "clamshell", "band_internal_rotation", "glute_bridge")
"""The exercise presets, in menu order; ``exercises.yaml`` must hold exactly these ids."""
DEFAULT_FRAMES: Final = 48
PELVIS_LIMITS_DEG: Final = (-90.0, 90.0)
JOINT_LIMITS_DEG: Final = {
    "hip_flexion": (-30.0, 120.0),
    "hip_adduction": (-50.0, 30.0),
    "hip_rotation": (-40.0, 40.0),
    "knee_angle": (0.0, 120.0),
    "ankle_angle": (-40.0, 30.0),
}
"""The MyoLeg model's joint ranges (degrees) by coordinate, both sides (a test compares them with the model).

``ankle_angle`` is + dorsiflexion (toes up), - plantarflexion: the model's ``jnt_range`` of
``ankle_angle_r`` and ``ankle_angle_l``, -0.698132 to 0.523599 rad.
"""


def joint_limits_deg(joint: str) -> tuple[float, float]:
    """Range (degrees) of a model joint name (``hip_rotation_l``, ``pelvis_list`` ...)."""
    if joint.startswith("pelvis_"):
        return PELVIS_LIMITS_DEG
    return JOINT_LIMITS_DEG[joint.rsplit("_", 1)[0]]


@dataclass(frozen=True)
class Keyframe:
    """One pose of an exercise: ``angles`` in degrees at ``phase`` (0..1), named ``event``."""

    phase: float
    event: str
    angles: Mapping[str, float] = field(hash=False)


@dataclass(frozen=True)
class Claim:
    """A checkable claim of an exercise note (words of :mod:`viewer.anatomy.action_words`).

    ``quantity`` ``length``: the part's fibres ``shortens``/``lengthens``/``holds`` from the first
    keyframe to ``keyframe``; ``flexion``/``adduction``/``rotation``: the action class of its
    moment arm at ``keyframe``.
    """

    part: str
    quantity: str
    direction: str
    keyframe: str


@dataclass(frozen=True)
class Exercise:
    """One exercise preset.

    Attributes
    ----------
    id, name, cue, position, note : str
        Identifier, title, one-line coaching cue, body position, and what the angles show.
    working_side : str
        ``r``, ``l`` or ``both``.
    duration_s : float
        Suggested seconds per repetition.
    targets : tuple of str
        Layer ids or side-free part types of the working side(s).
    keyframes : tuple of Keyframe
        In phase order, the first at phase 0.
    citations : tuple of str
        Sources.
    claims : tuple of Claim
        What the note says about the parts, in checkable form.
    planted_feet : bool
        Knee and ankle re-solved at every frame so the feet stay where the first keyframe puts
        them (:mod:`viewer.anatomy.planted_feet`); the keyframes' own angles already do.

    """

    id: str
    name: str
    cue: str
    position: str
    working_side: str
    duration_s: float
    targets: tuple[str, ...]
    keyframes: tuple[Keyframe, ...]
    note: str
    citations: tuple[str, ...]
    planted_feet: bool = False
    claims: tuple[Claim, ...] = ()

    @property
    def joints(self) -> tuple[str, ...]:
        """Joints the keyframes set (every keyframe sets the same ones)."""
        return tuple(self.keyframes[0].angles)

    def target_parts(self) -> tuple[str, ...]:
        """Part ids (with side) the exercise targets on its working side(s)."""
        sides = ids.SIDES if self.working_side == "both" else (self.working_side,)
        return tuple(
            part for side in sides for part in ids.part_ids()
            if part.endswith(f"_{side}") and (ids.part_type(part) in self.targets or ids.layer_of(part) in self.targets)
        )

    def angles_deg(self, phase: np.ndarray) -> dict[str, np.ndarray]:
        """Joint angles (degrees) at ``phase`` (wrapped modulo 1), raised-cosine blend of the keyframes."""
        phase = np.mod(np.asarray(phase, dtype=float), 1.0)
        knots = np.array([k.phase for k in self.keyframes] + [1.0])
        seg = np.clip(np.searchsorted(knots, phase, side="right") - 1, 0, len(self.keyframes) - 1)
        s = (phase - knots[seg]) / (knots[seg + 1] - knots[seg])
        w = (1.0 - np.cos(np.pi * s)) / 2.0
        out = {}
        for joint in self.joints:
            values = np.array([k.angles[joint] for k in self.keyframes] + [self.keyframes[0].angles[joint]])
            out[joint] = values[seg] + w * (values[seg + 1] - values[seg])
        return out


def _check(data: Mapping[str, Any], path: Path) -> None:
    """Cross-checks beyond the schema."""
    seen: dict[str, int] = {}
    for e, ex in enumerate(data["exercises"]):
        where = f"exercises[{e}]"
        if ex["id"] in seen:
            raise AnnotationError(path, f"{where}.id", f"expected a unique id, found {ex['id']!r} twice")
        seen[ex["id"]] = e
        if ex["id"] not in EXERCISE_NAMES:
            raise AnnotationError(path, f"{where}.id",
                                  f"expected one of {', '.join(EXERCISE_NAMES)} (EXERCISE_NAMES); found {ex['id']!r}")
        frames = ex["keyframes"]
        if frames[0]["phase"] != 0:
            raise AnnotationError(path, f"{where}.keyframes[0].phase", f"expected 0, found {frames[0]['phase']!r}")
        joints = set(frames[0]["angles"])
        events: set[str] = set()
        for k, frame in enumerate(frames):
            at = f"{where}.keyframes[{k}]"
            if k and not frame["phase"] > frames[k - 1]["phase"]:
                raise AnnotationError(path, f"{at}.phase",
                                      f"expected more than the previous keyframe's {frames[k - 1]['phase']!r}")
            if set(frame["angles"]) != joints:
                raise AnnotationError(path, f"{at}.angles",
                                      f"expected the joints of keyframes[0]: {', '.join(sorted(joints))}")
            if frame["event"] in events:
                raise AnnotationError(path, f"{at}.event", f"expected a unique event, found {frame['event']!r} twice")
            events.add(frame["event"])
            for joint, value in frame["angles"].items():
                lo, hi = joint_limits_deg(joint)
                if not lo <= value <= hi:
                    raise AnnotationError(path, f"{at}.angles.{joint}",
                                          f"expected {lo:g} to {hi:g} deg (the model's range), found {value!r}")
        for c, claim in enumerate(ex["claims"]):
            if claim["keyframe"] not in events:
                raise AnnotationError(path, f"{where}.claims[{c}].keyframe",
                                      f"expected an event of this exercise's keyframes; found {claim['keyframe']!r}")
    missing = [name for name in EXERCISE_NAMES if name not in seen]
    if missing:
        raise AnnotationError(path, "exercises",
                              f"expected every exercise of EXERCISE_NAMES; missing {', '.join(missing)}")


def _exercise(raw: Mapping[str, Any]) -> Exercise:
    return Exercise(
        id=raw["id"], name=raw["name"], cue=" ".join(raw["cue"].split()),
        position=" ".join(raw["position"].split()), working_side=raw["working_side"],
        duration_s=float(raw["duration_s"]), targets=tuple(raw["targets"]),
        keyframes=tuple(Keyframe(float(k["phase"]), k["event"],
                                 MappingProxyType({j: float(v) for j, v in k["angles"].items()}))
                        for k in raw["keyframes"]),
        note=" ".join(raw["note"].split()), citations=tuple(s["citation"] for s in raw["sources"]),
        planted_feet=bool(raw.get("planted_feet", False)),
        claims=tuple(Claim(c["part"], c["quantity"], c["direction"], c["keyframe"]) for c in raw["claims"]),
    )


def load_exercises(path: Path | str | None = None) -> dict[str, Exercise]:
    """Load and check the exercise presets.

    Parameters
    ----------
    path : Path or str, optional
        Default ``annotations/motions/exercises.yaml``.

    Returns
    -------
    dict of str to Exercise
        In :data:`EXERCISE_NAMES` order.

    Raises
    ------
    AnnotationError
        Naming the file, the field and what was expected.

    """
    path = Path(path) if path is not None else DEFAULT_YAML
    data = load_validated(path, SCHEMA_NAME)
    _check(data, path)
    by_id = {ex["id"]: _exercise(ex) for ex in data["exercises"]}
    return {name: by_id[name] for name in EXERCISE_NAMES}


def exercise_motion(exercise_id: str, frames: int | None = None, path: Path | str | None = None) -> Motion:
    """One exercise as a looping :class:`~viewer.anatomy.motion.Motion`.

    Parameters
    ----------
    exercise_id : str
        One of :data:`EXERCISE_NAMES`.
    frames : int, optional
        Number of samples (default 48).
    path : Path or str, optional
        Another exercises file (tests).

    Returns
    -------
    Motion
        Joints in radians; ``events`` are the keyframes' events; ``params`` hold the cue, the
        working side and ``duration_s``; ``source`` the citations and how the angles were chosen.

    Raises
    ------
    viewer.anatomy.ids.UnknownIdError
        For an unknown id, naming the valid ones.

    """
    ids.check_choice(exercise_id, EXERCISE_NAMES, "exercise")
    ex = load_exercises(path)[exercise_id]
    phase = sample_phase(frames or DEFAULT_FRAMES)
    joints = {j: np.radians(v) for j, v in ex.angles_deg(phase).items()}
    source = "; ".join(c.rstrip(".") for c in ex.citations) + (
        ". Joint angles chosen by the project within the MyoLeg model's ranges (annotations/motions/exercises.yaml).")
    if ex.planted_feet:
        joints |= plant_feet(joints, ids.SIDES)
        source += " Knees and ankles re-solved at every frame with the model so the feet stay planted."
    return Motion(ex.id, ex.name, phase, joints, {k.event: k.phase for k in ex.keyframes}, (), source,
                  {"cue": ex.cue, "working_side": ex.working_side, "duration_s": ex.duration_s})
