"""The anatomical palette stays readable under colour-vision deficiencies.

Each part colour of viewer/palette.py is passed through the simulation matrices of Machado,
Oliveira & Fernandes (2009) at severity 1.0 (protanopia, deuteranopia, tritanopia), applied to
linear sRGB as the authors specify, then compared in CIELAB (D65) with the CIEDE2000 colour
difference (Sharma, Wu & Dalal 2005 implementation notes).

Thresholds (CIEDE2000, under each deficiency and with normal vision):

- the main (middle, part 2) colours of two muscles: >= 20;
- any part of one muscle against any part of another: >= 12;
- two parts of the same muscle: >= 6.

References
----------
Machado GM, Oliveira MM, Fernandes LAF (2009) A physiologically-based model for simulation of
color vision deficiency. IEEE Trans Vis Comput Graph 15(6):1291-1298, Table 1 (severity 1.0).
Sharma G, Wu W, Dalal EN (2005) The CIEDE2000 color-difference formula: implementation notes,
supplementary test data, and mathematical observations. Color Res Appl 30(1):21-30.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from viewer.palette import MUSCLE_RGB

MACHADO_2009: dict[str, np.ndarray] = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
    "normal": np.eye(3),
}
"""Simulation matrices (linear RGB) at severity 1.0, Machado et al. (2009) Table 1."""
MAIN_MIN = 20.0
CROSS_MIN = 12.0
WITHIN_MIN = 6.0
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
D65 = np.array([0.95047, 1.0, 1.08883])


def linear(rgb: tuple[float, float, float]) -> np.ndarray:
    """sRGB (0..1) to linear RGB (IEC 61966-2-1)."""
    c = np.asarray(rgb, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(linear_rgb: np.ndarray) -> np.ndarray:
    """Linear RGB to CIELAB (D65 white)."""
    t = (SRGB_TO_XYZ @ linear_rgb) / D65
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """CIEDE2000 difference of two CIELAB colours (kL = kC = kH = 1), Sharma et al. (2005)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dh = h2p - h1p
    if c1p * c2p == 0:
        dh = 0.0
    elif dh > 180:
        dh -= 360
    elif dh < -180:
        dh += 360
    d_l, d_c = l2 - l1, c2p - c1p
    d_h = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + (360 if h1p + h2p < 360 else -360)) / 2
    t = (1 - 0.17 * np.cos(np.radians(h_mean - 30)) + 0.24 * np.cos(np.radians(2 * h_mean))
         + 0.32 * np.cos(np.radians(3 * h_mean + 6)) - 0.20 * np.cos(np.radians(4 * h_mean - 63)))
    d_theta = 30 * np.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(cp_mean**7 / (cp_mean**7 + 25.0**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c
    return float(np.sqrt((d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h)))


def seen(rgb: tuple[float, float, float], deficiency: str) -> np.ndarray:
    """CIELAB of ``rgb`` as simulated for ``deficiency``."""
    return lab(np.clip(MACHADO_2009[deficiency] @ linear(rgb), 0.0, 1.0))


def test_ciede2000_matches_sharma_test_data():
    # pairs 1, 7 and 17 of Sharma et al. (2005) Table 1
    assert ciede2000(np.array([50, 2.6772, -79.7751]), np.array([50, 0, -82.7485])) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000(np.array([50, 0, 0]), np.array([50, -1, 2])) == pytest.approx(2.3669, abs=1e-4)
    assert ciede2000(np.array([50, 2.5, 0]), np.array([73, 25, -18])) == pytest.approx(27.1492, abs=1e-4)


def test_machado_matrices_keep_grey():
    for matrix in MACHADO_2009.values():
        np.testing.assert_allclose(matrix.sum(axis=1), 1.0, atol=1e-3)


@pytest.mark.parametrize("deficiency", list(MACHADO_2009))
def test_muscles_stay_apart(deficiency):
    muscles = list(MUSCLE_RGB)
    for a, b in itertools.combinations(muscles, 2):
        main = ciede2000(seen(MUSCLE_RGB[a][1], deficiency), seen(MUSCLE_RGB[b][1], deficiency))
        assert main >= MAIN_MIN, f"{deficiency}: main colours of {a} and {b} only {main:.1f} apart"
        for i, j in itertools.product(range(3), range(3)):
            d = ciede2000(seen(MUSCLE_RGB[a][i], deficiency), seen(MUSCLE_RGB[b][j], deficiency))
            assert d >= CROSS_MIN, f"{deficiency}: {a}{i + 1} and {b}{j + 1} only {d:.1f} apart"


@pytest.mark.parametrize("deficiency", list(MACHADO_2009))
def test_parts_of_a_muscle_stay_apart(deficiency):
    for code, shades in MUSCLE_RGB.items():
        for i, j in itertools.combinations(range(3), 2):
            d = ciede2000(seen(shades[i], deficiency), seen(shades[j], deficiency))
            assert d >= WITHIN_MIN, f"{deficiency}: {code}{i + 1} and {code}{j + 1} only {d:.1f} apart"


def test_muscles_differ_in_lightness():
    lightness = {code: lab(linear(shades[1]))[0] for code, shades in MUSCLE_RGB.items()}
    ordered = sorted(lightness.values())
    assert min(b - a for a, b in itertools.pairwise(ordered)) >= 10, lightness
