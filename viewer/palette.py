"""Colours shared by the off-screen pictures and the browser: one hue per muscle, a shade per part."""

from __future__ import annotations

from viewer.anatomy import ids

BONE_RGB = (0.89, 0.85, 0.76)
CONTEXT_BONE_RGB = (0.94, 0.92, 0.88)  # lower legs and feet: a lighter, less saturated tone than BONE_RGB
MUSCLE_RGB = {
    "glmax": ((0.80, 0.18, 0.20), (0.66, 0.12, 0.16), (0.52, 0.08, 0.13)),
    "glmed": ((0.98, 0.58, 0.20), (0.90, 0.45, 0.12), (0.76, 0.34, 0.08)),
    "glmin": ((0.36, 0.62, 0.90), (0.22, 0.46, 0.80), (0.14, 0.32, 0.64)),
}


def part_rgb(part_id: str) -> tuple[float, float, float]:
    """Colour of a muscle part (RGB in 0..1)."""
    code, number, _ = ids.parse_part(part_id)
    return MUSCLE_RGB[code][number - 1]


def part_hex(part_id: str) -> str:
    """Colour of a muscle part as ``#rrggbb``."""
    return "#" + "".join(f"{round(c * 255):02x}" for c in part_rgb(part_id))
