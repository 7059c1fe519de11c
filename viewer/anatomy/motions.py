"""Every motion the viewer offers, by name: the registry and :func:`make_motion`.

The registry (:data:`MOTIONS`) maps a name to what makes it: the three sweeps
(:mod:`~viewer.anatomy.sweeps`), running (:mod:`~viewer.anatomy.running`, with an optional
pelvic drop from :mod:`~viewer.anatomy.pelvic_drop`) and the exercise presets
(:mod:`~viewer.anatomy.exercises`). Everything that lists, labels or builds motions (the app,
the export, the CLI, the renderer) asks here, so a new motion is one registry entry.

The motion modules import only :mod:`~viewer.anatomy.motion` (the :class:`Motion` type), never
this module, so there is no import cycle. The names below are also re-exported for callers that
know only ``viewer.anatomy.motions``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from viewer.anatomy import ids
from viewer.anatomy.exercises import EXERCISE_NAMES, exercise_motion, load_exercises
from viewer.anatomy.motion import Motion, sample_phase
from viewer.anatomy.pelvic_drop import running_with_pelvic_drop
from viewer.anatomy.running import running
from viewer.anatomy.sweeps import (
    FLEXION_LIMITS_DEG,
    OFFERED_FLEXIONS_DEG,
    SWEEP_SOURCE,
    abduction,
    check_flexion,
    check_side,
    flexion,
    neutral,
    rotation,
)

__all__ = [
    "ALL_MOTIONS", "DEFAULT_MOTION", "EXERCISE_NAMES", "FLEXION_LIMITS_DEG", "MOTIONS", "MOTION_NAMES",
    "OFFERED_FLEXIONS_DEG", "SWEEP_SOURCE", "Motion", "MotionKind", "abduction", "check_flexion", "check_side",
    "flexion", "make_motion", "motion_labels", "neutral", "rotation", "running", "sample_phase", "standard_motions",
]


@dataclass(frozen=True)
class MotionKind:
    """One entry of the registry.

    Attributes
    ----------
    name : str
        The motion's name (URL ``motion=``, CLI, export picker key).
    group : {"movement", "exercise"}
        Movements are the sweeps and running; exercises the coached presets.
    label : str
        Menu label (exercises: ``""``, their title comes from ``exercises.yaml``, see :func:`motion_labels`).
    build : callable
        ``build(flexion_deg, frames, pelvic_drop_deg, weak_side, side) -> Motion``.
    uses_flexion : bool
        Whether the hip flexion changes the motion (the rotation sweep).
    uses_pelvic_drop : bool
        Whether an extra pelvic drop applies (running).
    uses_side : bool
        Whether the motion moves one leg, chosen by ``side`` (the three sweeps).

    """

    name: str
    group: str
    label: str
    build: Callable[[float, int | None, float | None, str, str], Motion]
    uses_flexion: bool = False
    uses_pelvic_drop: bool = False
    uses_side: bool = False


def _running(_flexion: float, frames: int | None, drop: float | None, weak_side: str, _side: str) -> Motion:
    return running(frames) if drop is None else running_with_pelvic_drop(drop, weak_side, frames)


def _exercise(name: str) -> MotionKind:
    return MotionKind(name, "exercise", "", lambda _f, frames, _d, _w, _s: exercise_motion(name, frames))


MOTIONS: Final[dict[str, MotionKind]] = {
    "abduction": MotionKind("abduction", "movement", "Abduction / adduction",
                            lambda _f, n, _d, _w, side: abduction(n, side), uses_side=True),
    "rotation": MotionKind("rotation", "movement", "Internal / external rotation",
                           lambda f, n, _d, _w, side: rotation(f, n, side), uses_flexion=True, uses_side=True),
    "flexion": MotionKind("flexion", "movement", "Flexion / extension",
                          lambda _f, n, _d, _w, side: flexion(n, side), uses_side=True),
    "running": MotionKind("running", "movement", "Running", _running, uses_pelvic_drop=True),
    **{name: _exercise(name) for name in EXERCISE_NAMES},
}
"""Every motion by name, movements first, in menu order."""
MOTION_NAMES: Final = tuple(k for k, v in MOTIONS.items() if v.group == "movement")
"""The movements: the three sweeps and running."""
ALL_MOTIONS: Final = tuple(MOTIONS)
"""Every motion and exercise preset, in menu order."""
DEFAULT_MOTION: Final = "abduction"


@lru_cache(maxsize=1)
def motion_labels() -> dict[str, str]:
    """``{name: menu label}`` of every motion; the exercises' titles come from ``exercises.yaml``.

    Raises
    ------
    viewer.anatomy.yamlio.AnnotationError
        If the exercises file cannot be read.

    """
    exercises = load_exercises()
    return {name: kind.label or exercises[name].name for name, kind in MOTIONS.items()}


def make_motion(
    name: str,
    flexion_deg: float = 0.0,
    frames: int | None = None,
    *,
    pelvic_drop_deg: float | None = None,
    weak_side: str = "r",
    side: str = "r",
) -> Motion:
    """Build a motion or an exercise preset by name.

    Parameters
    ----------
    name : str
        A key of :data:`MOTIONS`.
    flexion_deg : float
        Hip flexion of the ``rotation`` sweep (ignored by the others).
    frames : int, optional
        Number of samples.
    pelvic_drop_deg : float, optional
        ``running`` only: extra contralateral pelvic drop (0..20 deg) during the stance of
        ``weak_side`` (:func:`viewer.anatomy.pelvic_drop.running_with_pelvic_drop`).
    weak_side : {"r", "l"}
        Side of the weak gluteus medius, with ``pelvic_drop_deg``.
    side : {"r", "l"}
        The leg a sweep moves (:attr:`MotionKind.uses_side`); the other stays in neutral. Checked
        for every motion and ignored by the others (running and the exercises move both legs), as
        the hip flexion is: the app keeps one side for every motion it shows.

    Raises
    ------
    viewer.anatomy.ids.UnknownIdError
        For an unknown name or side, naming the valid ones.
    ValueError
        For ``pelvic_drop_deg`` out of range or given with a motion other than ``running``.

    """
    kind = MOTIONS[ids.check_choice(name, ALL_MOTIONS, "motion")]
    side = check_side(side)
    if pelvic_drop_deg is not None and not kind.uses_pelvic_drop:
        raise ValueError(f"pelvic_drop_deg applies to running only, not {name!r}")
    return kind.build(flexion_deg, frames, pelvic_drop_deg, weak_side, side)


def standard_motions() -> list[Motion]:
    """Every movement the viewer offers: the sweeps, rotation at each offered flexion, running."""
    out = [abduction()]
    out += [rotation(f) for f in OFFERED_FLEXIONS_DEG]
    out += [flexion(), running()]
    return out
