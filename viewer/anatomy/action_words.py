"""The words the content may use for what the engine computes, and their thresholds.

This is the one place the thresholds live (docs/reference/annotations.md, "Words the engine can
check"). The content cards (``annotations/muscles``), the exercise notes' ``claims``
(``annotations/motions/exercises.yaml``) and the narration use only these words for moment
arms and length changes, and tests/mechanics/test_words_match_engine.py holds every such word
against the MyoLeg model:

- **Action class** of a part about one hip coordinate at a pose: the direction of its moment
  arm (``internal``/``external``, ``abduction``/``adduction``, ``flexion``/``extension``), or
  ``neutral`` ("about zero; the sign depends on the model") when the model's bundle arm is under
  :data:`NEUTRAL_MM` or the part's own fibres pull both ways by more than :data:`NEUTRAL_MM`.
- **Magnitude** of a moment arm: :data:`MAGNITUDE_WORDS` (``small``, ``moderate``, ``large``)
  with stated bounds in millimetres; ``rank`` words (``largest``, ``smallest``) compare a part
  with the other two parts of its muscle.
- **Length change** of a part's fibres between two poses: ``shortens``, ``lengthens`` or
  ``holds`` (less than :data:`LENGTH_STILL` relative change).

Model-specific numbers in the running text carry the words :data:`IN_THIS_MODEL`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.fibres import fibre_layout, fibre_model
from viewer.anatomy.mechanics import COORDINATES, MomentArmTable
from viewer.anatomy.model import Model

NEUTRAL_MM: Final = 3.0
"""Below this |moment arm| (mm) an action is ``neutral``: about zero; the sign depends on the model."""
NEUTRAL_TEXT: Final = "about zero; the sign depends on the model"
MAGNITUDE_WORDS: Final = (("small", NEUTRAL_MM, 10.0), ("moderate", 10.0, 25.0), ("large", 25.0, float("inf")))
"""Magnitude words for |moment arm| in mm: ``(word, lower bound inclusive, upper bound exclusive)``."""
RANK_WORDS: Final = ("largest", "smallest")
"""Comparisons with the other two parts of the same muscle, about the same coordinate."""
LENGTH_STILL: Final = 0.005
"""Below this relative change of fibre length (0.5 %) a part ``holds`` its length."""
IN_THIS_MODEL: Final = "in this model"
DIRECTIONS: Final = {  # coordinate -> (word for a positive arm, word for a negative arm)
    "flexion": ("flexion", "extension"),
    "adduction": ("adduction", "abduction"),
    "rotation": ("internal", "external"),
}
"""Moment arms are ``-dL/dq`` (viewer.anatomy.mechanics): + flexion, + adduction, + internal rotation."""
UNCHECKED_WORDS: Final = (
    "short", "shorter", "shortest", "long lever", "longer", "longest", "strong", "stronger", "strongest",
    "weak", "weaker", "slight", "slightly", "tiny", "clear", "clearly", "most direct", "powerful", "less leverage",
    "more leverage", "several-fold", "greater", "smaller", "larger", "do both",
)
"""Magnitude words outside the vocabulary: not allowed in engine-checkable text (actions' notes,
rotation summaries, exercise notes); use :data:`MAGNITUDE_WORDS` with a structured field instead."""
NUMBER_UNIT: Final = re.compile(r"[-+−]?\d+(?:\.\d+)?\s*(?:mm\b|deg\b|degrees?\b|°)")


def direction_word(coordinate: str, arm_mm: float) -> str:
    """Direction of a moment arm about ``coordinate`` (``internal`` for a + rotation arm ...)."""
    positive, negative = DIRECTIONS[coordinate]
    return positive if arm_mm > 0 else negative


def action_class(coordinate: str, bundle_mm: float, fibres_mm: np.ndarray | None = None) -> str:
    """The action class of a part: a direction, or ``neutral``.

    Parameters
    ----------
    coordinate : {"flexion", "adduction", "rotation"}
        Hip coordinate.
    bundle_mm : float
        The model bundle's moment arm (mm).
    fibres_mm : ndarray, optional
        The part's fibres' moment arms (mm).

    Returns
    -------
    str
        ``neutral`` if ``|bundle_mm| < NEUTRAL_MM`` or some fibre pulls the other way by at
        least ``NEUTRAL_MM``; else the direction of the bundle's arm.

    """
    if abs(bundle_mm) < NEUTRAL_MM:
        return "neutral"
    if fibres_mm is not None and np.size(fibres_mm):
        against = -np.sign(bundle_mm) * np.asarray(fibres_mm, dtype=float)
        if against.max() >= NEUTRAL_MM:
            return "neutral"
    return direction_word(coordinate, bundle_mm)


def magnitude_word(arm_mm: float) -> str:
    """``neutral`` below :data:`NEUTRAL_MM`, else the word of :data:`MAGNITUDE_WORDS` for ``|arm_mm|``."""
    size = abs(arm_mm)
    for word, low, high in MAGNITUDE_WORDS:
        if low <= size < high:
            return word
    return "neutral"


def length_word(relative_change: float) -> str:
    """``shortens``, ``lengthens`` or ``holds`` for a relative length change (new / old - 1)."""
    if abs(relative_change) < LENGTH_STILL:
        return "holds"
    return "shortens" if relative_change < 0 else "lengthens"


@dataclass(frozen=True)
class PartMechanics:
    """One part at one pose: moment arms (mm) of the bundle and its fibres, fibre lengths (mm)."""

    bundle_mm: Mapping[str, float]
    fibres_mm: Mapping[str, np.ndarray]
    fibre_lengths_mm: np.ndarray

    def action(self, coordinate: str) -> str:
        """:func:`action_class` about ``coordinate``."""
        return action_class(coordinate, self.bundle_mm[coordinate], self.fibres_mm[coordinate])

    @property
    def mean_length_mm(self) -> float:
        """Mean length of the part's fibres (mm)."""
        return float(np.mean(self.fibre_lengths_mm))


def part_mechanics(part_id: str, pose_deg: Mapping[str, float], model: Model | None = None) -> PartMechanics:
    """Moment arms and fibre lengths of one sided part at a pose.

    Parameters
    ----------
    part_id : str
        A sided part such as ``glmed3_r``.
    pose_deg : mapping
        Joint angles in degrees by model joint name (``hip_flexion_r``, ``pelvis_list`` ...);
        joints not named are zero.
    model : Model, optional
        The fibre model (default :func:`viewer.anatomy.fibres.fibre_model`); its pose is changed.

    Returns
    -------
    PartMechanics

    """
    ids.check_part(part_id)
    model = model or fibre_model()
    fibres = [f.id for f in fibre_layout() if f.part == part_id]
    table = MomentArmTable(model, [ids.bundle_tendon(part_id), *(ids.fibre_tendon(f) for f in fibres)])
    model.set_pose({name: float(np.radians(value)) for name, value in pose_deg.items()})
    arms = table.moment_arms() * 1000.0
    lengths = table.lengths() * 1000.0
    return PartMechanics(
        bundle_mm={c: float(arms[0, i]) for i, c in enumerate(COORDINATES)},
        fibres_mm={c: arms[1:, i].copy() for i, c in enumerate(COORDINATES)},
        fibre_lengths_mm=lengths[1:].copy(),
    )


def hip_pose(side: str, flexion_deg: float = 0.0, adduction_deg: float = 0.0,
             rotation_deg: float = 0.0) -> dict[str, float]:
    """A pose (degrees) of one hip, every other joint at zero."""
    values = (flexion_deg, adduction_deg, rotation_deg)
    return {ids.hip_joint(c, side): v for c, v in zip(COORDINATES, values, strict=True)}
