"""The ID grammar shared by YAML, Python, the payload, three.js names and URLs.

The grammar is described in docs/reference/ids.md. Every identifier that crosses a boundary is
validated here, so a bad one is refused with a message that names the valid choices. The plain
words for sides, part positions and layers live here too, beside the ids they name.
"""

from __future__ import annotations

import re
from typing import Final

SIDES: Final = ("r", "l")
MUSCLE_CODES: Final = ("glmax", "glmed", "glmin")
MUSCLE_NAMES: Final = {
    "glmax": "gluteus_maximus",
    "glmed": "gluteus_medius",
    "glmin": "gluteus_minimus",
}
PART_NUMBERS: Final = (1, 2, 3)
PART_POSITIONS: Final = {
    "glmax": ("superior", "middle", "inferior"),
    "glmed": ("anterior", "middle", "posterior"),
    "glmin": ("anterior", "middle", "posterior"),
}
"""Position word of each part number of a muscle: ``glmed3`` is the posterior part of gluteus medius."""
SIDE_NAMES: Final = {"r": "right", "l": "left"}
LAYERS: Final = tuple(MUSCLE_NAMES[c] for c in MUSCLE_CODES)
BONES: Final = ("pelvis", "sacrum", "femur_r", "femur_l")
CONTEXT_BONES: Final = (
    "tibia_r", "tibia_l", "fibula_r", "fibula_l", "patella_r", "patella_l",
    "talus_r", "talus_l", "calcn_r", "calcn_l", "toes_r", "toes_l",
)
HIP_COORDINATES: Final = ("flexion", "adduction", "rotation")

PART_RE: Final = re.compile(r"^(glmax|glmed|glmin)([123])_([rl])$")
FIBRE_RE: Final = re.compile(r"^((?:glmax|glmed|glmin)[123]_[rl])/f(\d{2})$")


class UnknownIdError(ValueError):
    """An identifier that is not part of the grammar or not known to the model."""


def part_ids() -> tuple[str, ...]:
    """All 18 muscle-part ids, right side first, superficial to deep.

    Returns
    -------
    tuple of str
        ``glmax1_r`` ... ``glmin3_l``.

    """
    return tuple(f"{c}{n}_{s}" for s in SIDES for c in MUSCLE_CODES for n in PART_NUMBERS)


def joint_id(name: str, side: str) -> str:
    """Model joint name for a hip/knee coordinate on one side (``hip_flexion_r``)."""
    return f"{name}_{side}"


def hip_joint(coordinate: str, side: str) -> str:
    """Joint id for a hip coordinate (``flexion`` -> ``hip_flexion_r``)."""
    check_choice(coordinate, HIP_COORDINATES, "coordinate")
    return f"hip_{coordinate}_{side}"


def parse_part(part_id: str) -> tuple[str, int, str]:
    """Split a part id into (muscle code, part number, side).

    Raises
    ------
    UnknownIdError
        If ``part_id`` is not one of the 18 parts.

    """
    match = PART_RE.match(part_id) if isinstance(part_id, str) else None
    if match is None:
        raise UnknownIdError(
            f"unknown part {part_id!r}; expected one of: {', '.join(part_ids())}"
        )
    return match.group(1), int(match.group(2)), match.group(3)


def check_part(part_id: str) -> str:
    """Return ``part_id`` if valid, else raise :class:`UnknownIdError`."""
    parse_part(part_id)
    return part_id


def muscle_of(part_id: str) -> str:
    """Muscle id of a part: ``glmed2_r`` -> ``gluteus_medius_r``."""
    code, _, side = parse_part(part_id)
    return f"{MUSCLE_NAMES[code]}_{side}"


def layer_of(part_id: str) -> str:
    """Layer id (both sides) of a part: ``glmed2_r`` -> ``gluteus_medius``."""
    code, _, _ = parse_part(part_id)
    return MUSCLE_NAMES[code]


def layer_label(layer: str) -> str:
    """Plain name of a layer: ``gluteus_medius`` -> ``Gluteus medius``."""
    return check_choice(layer, LAYERS, "layer").replace("_", " ").capitalize()


def part_position(part_id: str) -> str:
    """Position word of a part within its muscle: ``glmed3_r`` -> ``posterior``."""
    code, number, _ = parse_part(part_id)
    return PART_POSITIONS[code][number - 1]


def fibre_id(part_id: str, index: int) -> str:
    """Fibre id: ``fibre_id('glmed2_r', 7)`` -> ``glmed2_r/f07``."""
    check_part(part_id)
    if not 0 <= index < 100:
        raise UnknownIdError(f"fibre index {index} out of range; expected 0..99")
    return f"{part_id}/f{index:02d}"


def parse_fibre(fid: str) -> tuple[str, int]:
    """Split a fibre id into (part id, index).

    Raises
    ------
    UnknownIdError
        If ``fid`` does not follow ``<part>/fNN``.

    """
    match = FIBRE_RE.match(fid) if isinstance(fid, str) else None
    if match is None:
        raise UnknownIdError(f"unknown fibre {fid!r}; expected '<part>/fNN' such as 'glmed2_r/f07'")
    return match.group(1), int(match.group(2))


def bundle_tendon(part_id: str) -> str:
    """Name of the model's own tendon for a part (``glmed2_r_tendon``)."""
    check_part(part_id)
    return f"{part_id}_tendon"


def fibre_tendon(fid: str) -> str:
    """Name of the tendon added to the model for a fibre (``glmed2_r__f07``)."""
    part, index = parse_fibre(fid)
    return f"{part}__f{index:02d}"


def check_choice(value: str, choices: tuple[str, ...] | list[str], what: str) -> str:
    """Return ``value`` if it is one of ``choices``, else raise naming them.

    Raises
    ------
    UnknownIdError
        With a one-line message ``unknown <what> 'x'; expected one of: a, b``.

    """
    if value not in choices:
        raise UnknownIdError(f"unknown {what} {value!r}; expected one of: {', '.join(choices)}")
    return value


def part_types() -> tuple[str, ...]:
    """The nine side-free part types (``glmax1`` ... ``glmin3``) used by annotation cards."""
    return tuple(f"{c}{n}" for c in MUSCLE_CODES for n in PART_NUMBERS)


def part_type(part_id: str) -> str:
    """Side-free part type of a part: ``glmed2_r`` -> ``glmed2``."""
    code, number, _ = parse_part(part_id)
    return f"{code}{number}"


def check_part_type(value: str) -> str:
    """Return ``value`` if it is one of the nine part types, else raise naming them."""
    return check_choice(value, part_types(), "part type")
