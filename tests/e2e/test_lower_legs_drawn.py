"""The lower legs and feet are drawn by default, and the "Lower legs and feet" toggle hides them.

The app is opened on the neutral pose, paused, with a camera from the right side far enough to see
the whole leg (the ``cam`` URL key, millimetres: position then target). Below the knee only the
lower-leg layer is drawn (tibia, fibula, talus, calcaneus, toes), so the pixels there that differ from
the background are that layer's; the toggle, found by its accessible name, must remove them.
"""

from __future__ import annotations

import numpy as np
import pytest
from e2e_harness import assert_drawn, canvas_image, open_app, wait_until_drawn

pytestmark = pytest.mark.slow
WHOLE_LEG = "?motion=rotation&flexion=0&play=0&cam=0,-480,3200,0,-480,0"
BELOW_KNEE = slice(0.58, 0.97)
"""Rows (share of the canvas height) below the knee in this view: the knee (y about -0.49 m) sits at
about half height with the femur's condyles just under it, the shanks and feet below. The last rows
are left out: the canvas's bottom edge draws a one-pixel line."""
SEEN = 400
"""Pixels from which the lower legs count as drawn (the two shanks and feet cover thousands)."""
BACKGROUND_DELTA = 24
"""Largest channel difference from the background colour that still counts as background."""


def lower_leg_pixels(image: np.ndarray) -> int:
    """Pixels below the knee that are not the background (the background is the corners' colour)."""
    h = image.shape[0]
    rows = image[int(BELOW_KNEE.start * h):int(BELOW_KNEE.stop * h)].astype(int)
    background = np.median(image[:8, :8].reshape(-1, 3), axis=0)
    return int((np.abs(rows - background).max(axis=2) > BACKGROUND_DELTA).sum())


def test_lower_legs_drawn_and_toggle_hides_them(page, app_server, console):
    open_app(page, app_server.url + WHOLE_LEG)
    page.mouse.move(0, 0)
    drawn = wait_until_drawn(page)
    shown = canvas_image(page)
    assert_drawn(shown)
    before = lower_leg_pixels(shown)
    assert before >= SEEN, before

    toggle = page.get_by_role("checkbox", name="Lower legs and feet")  # its accessible name
    assert toggle.is_checked()
    toggle.uncheck()
    wait_until_drawn(page, after=drawn)
    hidden = canvas_image(page)
    after = lower_leg_pixels(hidden)
    assert after <= 0.02 * before, (before, after)

    toggle.check()
    wait_until_drawn(page)
    assert lower_leg_pixels(canvas_image(page)) >= 0.9 * before


def _legs_toggle_changes(page) -> int:  # noqa: ANN001
    """Pixels that change when the lower legs and feet are hidden (then shown again)."""
    shown = canvas_image(page).astype(int)
    toggle = page.get_by_role("checkbox", name="Lower legs and feet")
    drawn = wait_until_drawn(page)
    toggle.uncheck()
    wait_until_drawn(page, after=drawn)
    hidden = canvas_image(page).astype(int)
    toggle.check()
    return int((np.abs(shown - hidden).max(axis=2) > BACKGROUND_DELTA).sum())


def test_every_motion_is_framed_down_to_the_feet(page, app_server, console):
    """The camera presets frame pelvis to feet for every motion (issue 15): foot strike and toe-off in
    running, the foot's path in a sweep; the lower legs toggle changes a large part of either picture."""
    changed = {}
    for motion in ("running", "abduction"):
        open_app(page, app_server.url + f"?motion={motion}&play=0&view=lateral")
        page.mouse.move(0, 0)
        wait_until_drawn(page)
        changed[motion] = _legs_toggle_changes(page)
    assert min(changed.values()) > 2 * SEEN, changed
    assert not console.errors, console.errors
