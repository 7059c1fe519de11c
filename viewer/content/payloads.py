"""Each motion's scene, payload and sentences, computed once per process and shared by every viewer.

A motion is named by a :class:`MotionSpec`: the motion, the hip flexion of the rotation sweep,
running's extra pelvic drop and weak side, and the leg a sweep moves. :meth:`MotionSpec.of` checks and normalises
them: a value a motion does not use is set to its default (so equal motions share one entry),
and hip flexion and pelvic drop are rounded to :data:`viewer.vocab.FLEXION_STEP_DEG` and
:data:`viewer.vocab.PELVIC_DROP_STEP_DEG`. Whatever a URL, the Python API or an export asks for,
only a bounded set of motions can ever be computed, kept in memory (:data:`CACHED_MOTIONS` per
process) or written to the disk cache (:mod:`viewer.anatomy.cache`, itself size-limited).

The served app sends :func:`assets_payload` and :func:`motion_payload` to the browser (every
session the same bytes object); the offline export embeds the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from viewer.anatomy import ids
from viewer.anatomy.activation import load_activation
from viewer.anatomy.motions import ALL_MOTIONS, DEFAULT_MOTION, MOTIONS, check_flexion, make_motion
from viewer.anatomy.narration import describe_frames
from viewer.anatomy.pelvic_drop import check_drop
from viewer.anatomy.scene import Scene, build_scene
from viewer.component.payload import Payload, encode_assets, encode_motion
from viewer.vocab import FLEXION_STEP_DEG, PELVIC_DROP_STEP_DEG, quantise

CACHED_MOTIONS: Final = 48
"""Motions kept per process (a few hundred KB each): every offered one plus recent flexions and drops."""


@dataclass(frozen=True)
class MotionSpec:
    """What a motion's arrays depend on; build it with :meth:`of`.

    Attributes
    ----------
    name : str
        A motion or exercise (:data:`viewer.anatomy.motions.ALL_MOTIONS`).
    flexion_deg : float
        Hip flexion of the rotation sweep (degrees, a multiple of the step); 0 for other motions.
    pelvic_drop_deg : float
        Running only: extra contralateral pelvic drop (degrees, a multiple of the step); else 0.
    weak_side : {"r", "l"}
        Running with a drop only: the side of the weak gluteus medius; else ``"r"``.
    side : {"r", "l"}
        The sweeps only (:attr:`~viewer.anatomy.motions.MotionKind.uses_side`): the leg that
        moves; ``"r"`` for the other motions (checked, then reset, so they share one entry).

    """

    name: str
    flexion_deg: float = 0.0
    pelvic_drop_deg: float = 0.0
    weak_side: str = "r"
    side: str = "r"

    @classmethod
    def of(cls, name: str, flexion_deg: float = 0.0, pelvic_drop_deg: float = 0.0,
           weak_side: str = "r", side: str = "r") -> MotionSpec:
        """Check, round and normalise a motion request.

        Raises
        ------
        viewer.anatomy.ids.UnknownIdError
            For an unknown motion or side.
        ValueError
            For a flexion or drop out of range (the message names the range).

        """
        kind = MOTIONS[ids.check_choice(name, ALL_MOTIONS, "motion")]
        flexion = round_flexion(flexion_deg) if kind.uses_flexion else 0.0
        drop = round_drop(pelvic_drop_deg) if kind.uses_pelvic_drop else 0.0
        weak = ids.check_choice(weak_side, ids.SIDES, "side") if drop else "r"
        moving = ids.check_choice(side, ids.SIDES, "side")
        return cls(name, flexion, drop, weak, moving if kind.uses_side else "r")


def round_flexion(flexion_deg: float) -> float:
    """A hip flexion checked (-20..110 deg) and rounded to :data:`~viewer.vocab.FLEXION_STEP_DEG`."""
    return quantise(check_flexion(flexion_deg), FLEXION_STEP_DEG)


def round_drop(drop_deg: float) -> float:
    """A pelvic drop checked (0..20 deg) and rounded to :data:`~viewer.vocab.PELVIC_DROP_STEP_DEG`."""
    return quantise(check_drop(drop_deg), PELVIC_DROP_STEP_DEG)


def motion_scene(spec: MotionSpec) -> Scene:
    """The scene arrays of a motion, built once per process (:func:`viewer.anatomy.scene.build_scene`).

    Parameters
    ----------
    spec : MotionSpec
        From :meth:`MotionSpec.of` (so the values are already checked and rounded).

    """
    return _scene(_checked(spec))


@lru_cache(maxsize=CACHED_MOTIONS)
def _scene(spec: MotionSpec) -> Scene:
    drop = {"pelvic_drop_deg": spec.pelvic_drop_deg, "weak_side": spec.weak_side} if spec.pelvic_drop_deg else {}
    return build_scene(make_motion(spec.name, flexion_deg=spec.flexion_deg, side=spec.side, **drop))


def motion_payload(spec: MotionSpec) -> Payload:
    """The encoded motion of :func:`motion_scene` (once per process): every session sends the same bytes object."""
    return _payload(_checked(spec))


def _checked(spec: MotionSpec) -> MotionSpec:
    """``spec`` checked and normalised again (a caller may have built it without :meth:`MotionSpec.of`)."""
    return MotionSpec.of(spec.name, spec.flexion_deg, spec.pelvic_drop_deg, spec.weak_side, spec.side)


@lru_cache(maxsize=CACHED_MOTIONS)
def _payload(spec: MotionSpec) -> Payload:
    return encode_motion(_scene(spec))


@lru_cache(maxsize=4 * CACHED_MOTIONS)
def narration(spec: MotionSpec, selected: str) -> tuple[str, ...]:
    """One sentence per frame of a motion (:func:`viewer.anatomy.narration.describe_frames`), shared.

    Parameters
    ----------
    spec : MotionSpec
        The motion.
    selected : str
        The part followed, or ``""`` for the fastest-changing part of the moving leg (a sweep's side, else the right).

    """
    scene = motion_scene(spec)
    activation = load_activation() if scene.motion.name == "running" else None
    return tuple(describe_frames(scene, selected or None, activation))


@lru_cache(maxsize=1)
def assets_payload() -> Payload:
    """The encoded assets (bones, anchors, part tables): the same for every motion and viewer."""
    return encode_assets(motion_scene(MotionSpec(DEFAULT_MOTION)))
