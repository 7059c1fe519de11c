"""The solid muscles in Chromium: they fill their outline, lie in their layers, follow the motion, take the colours.

Views are opened by URL keys (``draw`` = ``both`` | ``muscles`` | ``fibres``, ``parts``, ``view``)
in the neutral pose, paused, and the canvas is screenshot once drawn (``wait_until_drawn``),
without the DOM over it. A muscle's pixels are those of its anatomical colour (``layer_masks``).
Measured when written (1280x800): maximus alone from behind fills 0.80 of its convex hull as
fibres and 0.96 as a solid; medius alone from the side tints 0.06 of the drawn pixels as fibres,
0.11 as a solid.
"""

from __future__ import annotations

import numpy as np
import pytest
from e2e_harness import SCENE, canvas_image, layer_masks, open_app, scene_data, wait_until_drawn
from matplotlib.path import Path as PolygonPath
from scipy.spatial import ConvexHull

pytestmark = pytest.mark.slow
NEUTRAL = "?motion=rotation&flexion=0&play=0"
POSTERIOR = NEUTRAL + "&view=posterior"
LATERAL = NEUTRAL + "&view=lateral&legs=0"
SIDE_PARTS = {code: ",".join(f"{code}{n}_{s}" for s in "rl" for n in (1, 2, 3)) for code in ("glmax", "glmed", "glmin")}
SOLID_FILL = 0.9
"""Share of its convex hull a solid maximus covers from behind (fibres: about 0.8, with gaps between bands)."""
COVERED = 0.02
"""Largest share of the maximus-alone outline where medius shows in front of maximus (from behind)."""
COVERED_SIDE = 0.1
"""Largest share of the medius-alone outline where minimus shows in front of medius (from the side; the
boundary's anti-aliased pixels count)."""


def image(page, app_server, query: str) -> np.ndarray:  # noqa: ANN001
    open_app(page, app_server.url + query)
    page.mouse.move(0, 0)
    wait_until_drawn(page)
    return canvas_image(page)


def hull_fill(mask: np.ndarray) -> float:
    """The smaller, of the two sides of the body (one muscle each), of the mask's share of its convex hull.

    The sides are split at the middle of the mask's columns: the framing is not centred on the pelvis
    when a motion swings one leg out (the camera keeps every frame's feet in the picture).
    """
    fills = []
    h = mask.shape[0]
    xs = np.nonzero(mask.any(axis=0))[0]
    middle = (int(xs.min()) + int(xs.max())) // 2 if len(xs) else mask.shape[1] // 2
    for half in (mask[:, :middle], mask[:, middle:]):
        ys, xs = np.nonzero(half)
        assert len(xs) > 200, "a muscle is missing from one side"
        points = np.c_[xs, ys]
        outline = PolygonPath(points[ConvexHull(points).vertices])
        gy, gx = np.mgrid[0:h, 0:half.shape[1]]
        inside = outline.contains_points(np.c_[gx.ravel(), gy.ravel()]).reshape(h, -1)
        fills.append(float(half[inside].mean()))
    return min(fills)


def test_solid_maximus_fills_its_outline(page, app_server, console):
    """Before: maximus from behind read as bands with bone between them."""
    query = POSTERIOR + "&parts=" + SIDE_PARTS["glmax"]
    fibres = layer_masks(image(page, app_server, query + "&draw=fibres"))["gluteus_maximus"]
    solid = layer_masks(image(page, app_server, query + "&draw=muscles"))["gluteus_maximus"]
    assert hull_fill(solid) >= SOLID_FILL > hull_fill(fibres), (hull_fill(solid), hull_fill(fibres))
    assert solid.sum() >= 1.5 * fibres.sum(), (solid.sum(), fibres.sum())
    assert not console.errors, console.errors


def test_solid_medius_covers_the_ilium_from_the_side(page, app_server, console):
    query = LATERAL + "&parts=" + SIDE_PARTS["glmed"]
    fibres = layer_masks(image(page, app_server, query + "&draw=fibres"))["gluteus_medius"].sum()
    solid = layer_masks(image(page, app_server, query + "&draw=muscles"))["gluteus_medius"].sum()
    assert solid >= 1.5 * fibres, (solid, fibres)
    assert not console.errors, console.errors


def test_maximus_covers_medius_from_behind_and_medius_covers_minimus(page, app_server, console):
    alone = layer_masks(image(page, app_server, POSTERIOR + "&draw=muscles&parts=" + SIDE_PARTS["glmax"]))
    every = layer_masks(image(page, app_server, POSTERIOR + "&draw=muscles"))
    outline = alone["gluteus_maximus"]
    assert every["gluteus_medius"].sum() > 500, "medius shows above maximus"
    assert every["gluteus_medius"][outline].mean() <= COVERED, every["gluteus_medius"][outline].mean()

    alone = layer_masks(image(page, app_server, LATERAL + "&draw=muscles&parts=" + SIDE_PARTS["glmed"]))
    every = layer_masks(image(page, app_server, LATERAL + "&draw=muscles"))
    outline = alone["gluteus_medius"]
    assert every["gluteus_minimus"][outline].mean() <= COVERED_SIDE, every["gluteus_minimus"][outline].mean()
    assert not console.errors, console.errors


def test_display_modes_draw_what_they_say(page, app_server, console):
    """``muscles`` hides the fibre lines, ``fibres`` the volumes; ``both`` (the default) draws the volumes
    see-through over the lines."""
    drawn = "() => { const m = window.__gluteScene.view.m; return [m.layers.showsFibres(), "
    drawn += "m.volumes.parts.filter((p) => p.visible).length, m.volumes.styles.alpha[0]]; }"
    seen = {}
    for mode in ("both", "muscles", "fibres"):
        image(page, app_server, POSTERIOR + f"&draw={mode}")
        seen[mode] = page.evaluate(drawn)
    assert seen["muscles"][:2] == [False, 18] and seen["muscles"][2] == pytest.approx(1.0)
    assert seen["fibres"][:2] == [True, 0]
    assert seen["both"][:2] == [True, 18] and seen["both"][2] < 0.9
    open_app(page, app_server.url + POSTERIOR)
    assert page.evaluate(drawn)[:2] == seen["both"][:2], "both is the default"
    assert not console.errors, console.errors


def test_volumes_follow_the_motion(page, app_server, console):
    """The volumes are rebuilt in the browser at every frame: they move with the leg."""
    query = "?motion=abduction&play=0&view=anterior&draw=muscles&parts=" + SIDE_PARTS["glmed"]
    first = layer_masks(image(page, app_server, query + "&frame=0"))["gluteus_medius"]
    later = layer_masks(image(page, app_server, query + "&frame=12"))["gluteus_medius"]
    overlap = (first & later).sum() / max((first | later).sum(), 1)
    assert first.sum() > 200 and later.sum() > 200
    assert overlap < 0.9, f"medius did not move between frames 0 and 12 (overlap {overlap:.2f})"
    assert not console.errors, console.errors


def test_colour_modes_colour_the_volumes(page, app_server, console):
    """In the action colours the solid muscles take their fibres' colours, and a selected part stays drawn."""
    query = POSTERIOR + "&draw=muscles&motion=rotation&flexion=90"
    anatomical = layer_masks(image(page, app_server, query))["gluteus_maximus"].sum()
    action = layer_masks(image(page, app_server, query + "&color=action&axis=rotation"))["gluteus_maximus"].sum()
    assert action < 0.5 * anatomical, (action, anatomical)
    same = page.evaluate("""() => {
      const m = window.__gluteScene.view.m;
      const c = m.volumes.colourOf(0);
      const rgb = new Float32Array(3);
      m.fibres.slotColour(m.volumes._slots[0], rgb, 0);
      return [m.volumes.colorMode.value, Math.abs(c[0] - rgb[0]) + Math.abs(c[1] - rgb[1])];
    }""")
    assert same[0] == 1 and same[1] < 1e-6, same
    image(page, app_server, query + "&color=action&select=glmax2_r")
    assert scene_data(page, "selected") == "glmax2_r"
    opacity = page.evaluate("() => Array.from(window.__gluteScene.view.m.volumes.styles.alpha)")
    assert opacity[1] >= 0.9 and max(opacity[:1] + opacity[2:]) < 0.5, opacity
    assert page.locator(SCENE).count() == 1
    assert not console.errors, console.errors
