"""Linked plots in the real browser: the cursor follows the 3D view's frame, a click on a plot sets the pose."""

from __future__ import annotations

import pytest
from e2e_harness import SCENE, open_app, scene_data

from viewer.content.payloads import MotionSpec, motion_scene

CURSOR = "glute-cursor-moment-arm"
CURSOR_JS = f"""() => {{
  const doc = (window.Bokeh && window.Bokeh.documents || []).find(d => d.get_model_by_name("{CURSOR}"));
  const span = doc && doc.get_model_by_name("{CURSOR}");
  return span ? span.location : null;
}}"""


def cursor(page) -> float | None:  # noqa: ANN001
    return page.evaluate(CURSOR_JS)


def wait_cursor(page, expected: float) -> None:  # noqa: ANN001
    page.wait_for_function(f"() => Math.abs(({CURSOR_JS})() - {expected}) < 1e-3", timeout=20_000)


@pytest.fixture
def running_page(page, app_server):  # noqa: ANN001, ANN201
    open_app(page, app_server.url + "?motion=running&select=glmed2_r&play=0&plots=1")
    page.locator(".plot-moment-arm canvas").first.wait_for(timeout=30_000)
    page.wait_for_function(f"() => ({CURSOR_JS})() !== null", timeout=30_000)
    return page


def test_the_toggle_builds_the_plots_and_the_address_keeps_them(page, app_server, console):
    open_app(page, app_server.url + "?motion=running&select=glmed2_r&play=0")
    toggle = page.locator(".plots-toggle button").first
    toggle.wait_for(timeout=30_000)
    assert page.locator(".plot-moment-arm").count() == 0  # not built until asked for
    toggle.click()
    page.locator(".plot-moment-arm canvas").first.wait_for(timeout=30_000)
    page.wait_for_function(f"() => ({CURSOR_JS})() !== null", timeout=30_000)
    page.wait_for_function("() => location.search.includes('plots=1')", timeout=20_000)
    assert "Hide" in toggle.inner_text()
    assert not console.errors, console.errors


def test_cursor_follows_the_frame_when_stepping_and_while_playing(running_page, console):
    page = running_page
    x = motion_scene(MotionSpec("running")).motion.phase * 100.0
    wait_cursor(page, x[0])
    page.locator(f"{SCENE} canvas").first.focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_selector(f'{SCENE}[data-frame="5.00"]', state="attached", timeout=10_000)
    wait_cursor(page, x[5])
    page.evaluate("() => window.addEventListener('glute-scene:frame', e => { window.__lastFrame = e.detail.frame; })")
    page.keyboard.press(" ")
    page.wait_for_selector(f'{SCENE}[data-playing="1"]', state="attached", timeout=10_000)
    seen = set()
    for _ in range(8):
        page.wait_for_timeout(250)
        # the frame the view last showed (its frame event) and the cursor, read in one go
        frame, at = page.evaluate(f"() => [window.__lastFrame, ({CURSOR_JS})()]")
        seen.add(round(at, 1))
        assert abs(at - 100.0 * (frame % len(x)) / len(x)) < 1e-6, (frame, at)
    assert len(seen) >= 3, seen  # it moved with the animation
    assert not console.errors, console.errors


def test_click_on_the_plot_pauses_and_sets_the_pose(running_page, console):
    page = running_page
    page.locator(f"{SCENE} canvas").first.focus()
    page.keyboard.press(" ")  # play
    page.wait_for_selector(f'{SCENE}[data-playing="1"]', state="attached", timeout=10_000)
    plot = page.locator(".plot-moment-arm canvas").first
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.7, box["y"] + box["height"] * 0.55)
    page.wait_for_selector(f'{SCENE}[data-playing="0"]', state="attached", timeout=15_000)
    page.wait_for_timeout(500)
    x = motion_scene(MotionSpec("running")).motion.phase * 100.0
    frame = float(scene_data(page, "frame"))
    assert frame == int(frame) and x[int(frame)] > 40.0, frame  # right of the middle of the cycle
    wait_cursor(page, x[int(frame)])
    assert not console.errors, console.errors
