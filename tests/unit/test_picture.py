"""The off-screen picture: two PNGs of the neutral pose that really show bones and fibres."""

from __future__ import annotations

import numpy as np


def test_render_neutral(tmp_path):
    from PIL import Image

    from viewer.picture import render_neutral

    files = render_neutral(tmp_path, size=(400, 300))
    assert [f.name for f in files] == ["neutral_anterior.png", "neutral_lateral.png", "neutral_posterior.png"]
    red_pixels = {}
    for f in files:
        img = np.asarray(Image.open(f).convert("RGB")).astype(float)
        assert img.shape == (300, 400, 3)
        assert img.std() > 10  # not blank
        red_pixels[f.stem] = int(((img[..., 0] > 110) & (img[..., 1] < 70) & (img[..., 2] < 80)).sum())
    assert red_pixels["neutral_posterior"] > 0.006 * 400 * 300, red_pixels  # maximus fans cover the back
    assert red_pixels["neutral_lateral"] > 0.002 * 400 * 300, red_pixels
