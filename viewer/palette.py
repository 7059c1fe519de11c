"""Colours shared by the off-screen pictures and the browser: one hue per muscle, a shade per part."""

from __future__ import annotations

from viewer.anatomy import ids

BONE_RGB = (0.89, 0.85, 0.76)
CONTEXT_BONE_RGB = (0.94, 0.92, 0.88)  # lower legs and feet: a lighter, less saturated tone than BONE_RGB
MUSCLE_RGB = {
    "glmax": ((0.80, 0.14, 0.16), (0.63, 0.08, 0.12), (0.47, 0.04, 0.09)),  # deep red, darkest
    "glmed": ((1.00, 0.86, 0.45), (0.97, 0.72, 0.22), (0.90, 0.58, 0.10)),  # warm yellow-orange, lightest
    "glmin": ((0.82, 0.46, 0.88), (0.67, 0.33, 0.76), (0.50, 0.18, 0.60)),  # pink-violet, between
}
"""Part colours (sRGB 0..1), parts 1..3 of each muscle from light to dark. The three muscles differ in
lightness as well as hue, so they stay apart under colour-vision deficiencies: simulated protanopia,
deuteranopia and tritanopia (Machado, Oliveira & Fernandes 2009, severity 1) keep every pair of
muscles' part colours at least 12 CIEDE2000 apart, their middle parts at least 20 and the parts of one
muscle at least 6 (tests/unit/test_palette_cvd.py)."""


def part_rgb(part_id: str) -> tuple[float, float, float]:
    """Colour of a muscle part (RGB in 0..1)."""
    code, number, _ = ids.parse_part(part_id)
    return MUSCLE_RGB[code][number - 1]


def part_hex(part_id: str) -> str:
    """Colour of a muscle part as ``#rrggbb``."""
    return "#" + "".join(f"{round(c * 255):02x}" for c in part_rgb(part_id))
