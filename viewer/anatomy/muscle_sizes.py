"""How big each gluteal muscle is: published volumes scaled to the model's subject.

Handsfield et al. (2014) measured 35 lower-limb muscles by MRI in 24 young adults and gave, for
each muscle, a regression on the total lower-limb muscle volume, which itself follows height
times mass: ``V_total = 47 h m + 1285`` (cm3, h in m, m in kg) and ``V = b1 V_total + b2``.
Evaluated at the subject of the generic model MyoLeg derives from (Rajagopal et al. 2016:
1.70 m, 75.3 kg) this gives each muscle's volume *scaled to the model*.

A muscle's volume is split between its three parts in proportion to the parts' maximum
isometric forces in the model (force follows physiological cross-section; equal fibre length
within a muscle assumed). The split is the project's synthesis; the anatomy has no such
three-way division (gluteus minimus, for one, has two segments).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from viewer.anatomy import ids

SUBJECT_HEIGHT_M: Final = 1.70
SUBJECT_MASS_KG: Final = 75.337
SUBJECT_SOURCE: Final = ("Rajagopal A et al. Full-body musculoskeletal model for muscle-driven simulation of "
                         "human gait. IEEE Trans Biomed Eng 2016;63(10):2068-2079 (generic subject 1.70 m, 75.3 kg)")
HANDSFIELD: Final = ("Handsfield GG, Meyer CH, Hart JM, Abel MF, Blemker SS. Relationships of 35 lower limb muscles to "
                     "height and body mass quantified using MRI. J Biomech 2014;47(3):631-638")
TOTAL_SLOPE: Final = 47.0
TOTAL_INTERCEPT: Final = 1285.0
REGRESSION: Final = {
    "gluteus_maximus": (0.123, -25.4), "gluteus_medius": (0.0478, -16.9), "gluteus_minimus": (0.0129, 12.6),
}
"""(b1, b2) of ``V = b1 V_total + b2`` per muscle, cm3 (Handsfield et al. 2014)."""
PART_FORCES_N: Final = {
    "glmax": (1293.79, 1308.46, 928.184), "glmed": (1018.46, 715.019, 828.084), "glmin": (357.161, 392.017, 386.063),
}
"""Maximum isometric force of parts 1-3 in MyoLeg (myo_sim 0.2.4, myolegs_muscle.xml), newtons."""
SPLIT_SOURCE: Final = "split between the parts by their maximum isometric forces in MyoLeg (the project's synthesis)"


@dataclass(frozen=True)
class MuscleSize:
    """The volume of one muscle and its parts, one side.

    Attributes
    ----------
    muscle : str
        Muscle id.
    volume_cm3 : float
        Published volume scaled to the model (Handsfield et al. 2014 at the model's subject).
    parts_cm3 : dict
        Part id -> share of ``volume_cm3``.
    source : str

    """

    muscle: str
    volume_cm3: float
    parts_cm3: dict[str, float]
    source: str


def total_volume_cm3(height_m: float = SUBJECT_HEIGHT_M, mass_kg: float = SUBJECT_MASS_KG) -> float:
    """Total lower-limb muscle volume of a subject (Handsfield et al. 2014), cm3."""
    return TOTAL_SLOPE * height_m * mass_kg + TOTAL_INTERCEPT


def muscle_size(code: str, side: str = "r") -> MuscleSize:
    """The target volume of muscle ``code`` (``glmax``, ``glmed``, ``glmin``) and its parts on ``side``."""
    muscle = ids.MUSCLE_NAMES[code]
    b1, b2 = REGRESSION[muscle]
    volume = b1 * total_volume_cm3() + b2
    forces = PART_FORCES_N[code]
    parts = {f"{code}{n}_{side}": volume * f / sum(forces) for n, f in zip(ids.PART_NUMBERS, forces, strict=True)}
    source = (f"{HANDSFIELD}, regression at the model's subject ({SUBJECT_HEIGHT_M:.2f} m, {SUBJECT_MASS_KG:.1f} kg; "
              f"{SUBJECT_SOURCE}); {SPLIT_SOURCE}")
    return MuscleSize(muscle, volume, parts, source)
