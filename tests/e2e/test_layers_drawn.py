"""The layer controls change the picture as they should: peel, isolate and opacity in Chromium.

Each view is opened by the URL keys of viewer/app/url.py (``peel``, ``isolate`` + ``select``,
``opacity``) in the neutral pose, paused, from behind (maximus covers medius, which covers
minimus), with the solid muscles drawn opaque (``draw=muscles``; tests/e2e/test_volumes_drawn.py
covers the other display modes), and screenshot once drawn (``data-frames-drawn``, ``wait_until_drawn``). The
pixels of each muscle are counted by its anatomical colour (``layer_pixel_counts``, colours of
viewer/palette.py) and compared with the same view without the control. The state behind these
controls is tested without a browser in tests/app; here it is what is drawn.
"""

from __future__ import annotations

import numpy as np
import pytest
from e2e_harness import (
    CANVAS,
    SCENE,
    canvas_image,
    clickable_part,
    layer_masks,
    layer_pixel_counts,
    open_app,
    scene_data,
    wait_until_drawn,
)

pytestmark = pytest.mark.slow
POSTERIOR = "?motion=rotation&flexion=0&play=0&view=posterior&draw=muscles"
MAXIMUS_PARTS = ("glmax2_r", "glmax2_l", "glmax1_r", "glmax1_l", "glmax3_r", "glmax3_l")
SEEN = 500
"""Pixels from which a layer counts as drawn (each layer covers thousands when in sight)."""
GONE = 0.01
"""A layer counts as removed when at most this share of its pixels in the full view is left."""
TINT_SATURATION = 0.2
"""Saturation from which a pixel counts as tinted by a muscle (a translucent layer over the bone)."""


def posterior_image(page, app_server, extra: str = "") -> np.ndarray:  # noqa: ANN001
    """The posterior neutral view with the URL keys ``extra``, once drawn."""
    open_app(page, app_server.url + POSTERIOR + extra)
    page.mouse.move(0, 0)
    wait_until_drawn(page)
    return canvas_image(page)


def maximus_tint(image: np.ndarray) -> int:
    """Pixels tinted gluteus maximus red, also faintly (the bones' hue is far from it)."""
    return layer_pixel_counts(image, min_saturation=TINT_SATURATION)["gluteus_maximus"]


def side_of(mask: np.ndarray) -> tuple[int, int]:
    """Pixels of ``mask`` in the left and the right half of the canvas (from behind: the body's left, right)."""
    half = mask.shape[1] // 2
    return int(mask[:, :half].sum()), int(mask[:, half:].sum())


def test_peel_removes_the_superficial_layers_and_reveals_the_deeper(page, app_server, console):
    full = layer_pixel_counts(posterior_image(page, app_server))
    assert full["gluteus_maximus"] >= SEEN and full["gluteus_medius"] >= SEEN, full

    one = layer_pixel_counts(posterior_image(page, app_server, "&peel=1"))
    assert scene_data(page, "visible-parts") == "12"
    assert one["gluteus_maximus"] <= GONE * full["gluteus_maximus"], f"peel=1 left maximus drawn: {one} vs {full}"
    assert one["gluteus_medius"] >= 1.1 * full["gluteus_medius"], f"peel=1 did not reveal medius: {one} vs {full}"

    two = layer_pixel_counts(posterior_image(page, app_server, "&peel=2"))
    assert scene_data(page, "visible-parts") == "6"
    assert two["gluteus_maximus"] <= GONE * full["gluteus_maximus"], f"peel=2 left maximus drawn: {two} vs {full}"
    assert two["gluteus_medius"] <= GONE * full["gluteus_medius"], f"peel=2 left medius drawn: {two} vs {full}"
    assert two["gluteus_minimus"] >= full["gluteus_minimus"] + SEEN, f"peel=2 did not reveal minimus: {two} vs {full}"
    assert not console.errors, console.errors


def test_isolate_leaves_only_the_selected_part(page, app_server, console):
    selected = posterior_image(page, app_server, "&select=glmed2_r")
    assert scene_data(page, "selected") == "glmed2_r"
    # selection alone dims the other parts (they stay drawn, faintly)
    assert maximus_tint(selected) >= SEEN, "without isolate the other parts should stay drawn"

    image = posterior_image(page, app_server, "&select=glmed2_r&isolate=1")
    assert scene_data(page, "visible-parts") == "1" and scene_data(page, "selected") == "glmed2_r"
    counts = layer_pixel_counts(image)
    assert counts["gluteus_medius"] >= SEEN, f"the isolated part is not drawn: {counts}"
    assert maximus_tint(image) <= GONE * maximus_tint(selected), f"maximus drawn: {maximus_tint(image)} pixels"
    assert counts["gluteus_minimus"] == 0, f"minimus drawn: {counts}"
    left, right = side_of(layer_masks(image)["gluteus_medius"])
    assert left == 0 and right >= SEEN, f"glmed2_r should be on the right from behind: {left} left, {right} right"
    assert not console.errors, console.errors


def test_isolate_follows_the_part_clicked(page, app_server, console):
    image = posterior_image(page, app_server, "&isolate=1&draw=both")  # a fibre is clicked: both are drawn
    full = layer_pixel_counts(image)
    assert full["gluteus_maximus"] >= SEEN, f"isolate without a selection should draw everything: {full}"
    before = int(scene_data(page, "frames-drawn"))
    box = page.locator(CANVAS).first.bounding_box()
    part, pos = clickable_part(page, MAXIMUS_PARTS)
    page.mouse.click(box["x"] + pos[0], box["y"] + pos[1])
    page.wait_for_selector(f'{SCENE}[data-selected="{part}"]', state="attached", timeout=10_000)
    page.mouse.move(0, 0)
    wait_until_drawn(page, after=before)
    assert scene_data(page, "visible-parts") == "1"
    image = canvas_image(page)
    counts = layer_pixel_counts(image)
    assert SEEN <= counts["gluteus_maximus"] < full["gluteus_maximus"], f"{part} isolated: {counts} vs {full}"
    assert counts["gluteus_medius"] == 0 and counts["gluteus_minimus"] == 0, f"{part} isolated: {counts}"
    left, right = side_of(layer_masks(image, TINT_SATURATION)["gluteus_maximus"])
    own, other = (right, left) if part.endswith("_r") else (left, right)
    assert own >= SEEN and other == 0, f"{part} isolated: {left} maximus pixels on the left, {right} on the right"
    assert not console.errors, console.errors


def test_opacity_makes_maximus_see_through(page, app_server, console):
    opaque = posterior_image(page, app_server)
    full = layer_pixel_counts(opaque)
    assert maximus_tint(opaque) - full["gluteus_maximus"] < SEEN, "the opaque maximus should be fully saturated"

    image = posterior_image(page, app_server, "&opacity=gluteus_maximus:0.2")
    counts = layer_pixel_counts(image)
    assert scene_data(page, "visible-parts") == "18"
    assert counts["gluteus_maximus"] < 0.5 * full["gluteus_maximus"], f"maximus still opaque: {counts} vs {full}"
    faint = maximus_tint(image) - counts["gluteus_maximus"]
    assert faint >= SEEN, f"maximus at 0.2 should be drawn faintly: {faint} pale red pixels"
    assert counts["gluteus_medius"] >= full["gluteus_medius"], f"medius should show through: {counts} vs {full}"
    assert not console.errors, console.errors
