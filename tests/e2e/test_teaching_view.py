"""The teaching view in Debian's Chromium: colour modes, legend, words and keyboard (issue 4).

Uses the contract's hooks (viewer/component/CONTRACT.md "Colour modes", "Words and keyboard"):
``data-color-mode``, ``data-frame``, ``data-playing`` on ``div.glute-scene``, the overlay's
``.gs-color`` / ``.gs-axis`` selects, ``.gs-legend``, ``.gs-narration``, ``.gs-live`` and
``window.__gluteScene.fibreColours`` / ``colourValues``. The expected values come from the
engine (``viewer.content.payloads.motion_scene`` / ``motion_payload``), not from the browser.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from e2e_harness import CANVAS, SCENE, open_app, scene_data

from viewer.component.payload import decode
from viewer.content.payloads import MotionSpec, motion_payload, motion_scene

pytestmark = pytest.mark.slow
ROTATION = 2  # moment_arms[..., 2]: + internal rotation
WAIT_MS = 10_000


def wait_attr(page, name: str, value: str, timeout_ms: int = WAIT_MS) -> None:  # noqa: ANN001
    """Wait until ``data-<name>`` of the component root is ``value``."""
    page.wait_for_selector(f'{SCENE}[data-{name}="{value}"]', state="attached", timeout=timeout_ms)


def poll(page, check, what: str, timeout_ms: int = WAIT_MS):  # noqa: ANN001, ANN201
    """Return ``check()`` once it is truthy, polling every 100 ms; fail naming ``what`` after ``timeout_ms``."""
    for _ in range(timeout_ms // 100):
        value = check()
        if value:
            return value
        page.wait_for_timeout(100)
    pytest.fail(f"timed out waiting for {what}")


def settle(page, ms: int = 600) -> None:  # noqa: ANN001
    """Let the view draw a few frames (no timing is asserted)."""
    page.wait_for_timeout(ms)


def fibre_colours(page, part: str) -> np.ndarray:  # noqa: ANN001
    return np.asarray(page.evaluate("id => window.__gluteScene.fibreColours(id)", part), dtype=float)


def colour_values(page, part: str):  # noqa: ANN001, ANN201
    return page.evaluate("id => window.__gluteScene.colourValues(id)", part)


def fan_order(page, part: str) -> list[int]:  # noqa: ANN001
    """Fibre indices of ``part`` in fan order, as the browser received them (assets_index)."""
    return page.evaluate("id => window.__gluteScene.view.m.index.parts.find(p => p.id === id).fibres", part)


def at_frame(series: np.ndarray, frame: float) -> np.ndarray:
    """``series`` (n, ...) interpolated at fractional ``frame`` like the browser (looping)."""
    n = series.shape[0]
    i0 = math.floor(frame)
    t = frame - i0
    return series[i0 % n] * (1 - t) + series[(i0 + 1) % n] * t


def shown_frame(page) -> float:  # noqa: ANN001
    return float(scene_data(page, "frame"))


def focus_canvas(page) -> None:  # noqa: ANN001
    page.locator(CANVAS).first.focus()


@pytest.mark.parametrize("flexion", [0, 90])
def test_action_colours_follow_the_engine_rotation_moment_arm(page, app_server, console, flexion):
    """Anterior (glmed1) and posterior (glmed3) gluteus medius: warm = + internal rotation moment arm."""
    open_app(page, app_server.url + f"?motion=rotation&flexion={flexion}&play=0&color=action&axis=rotation")
    wait_attr(page, "color-mode", "action")
    settle(page)
    frame = shown_frame(page)
    scene = motion_scene(MotionSpec.of("rotation", float(flexion)))
    warm = {}
    for part in ("glmed1_r", "glmed3_r"):
        fibres = fan_order(page, part)
        assert [scene.fibre_parts[f] for f in fibres] == [part] * len(fibres)
        arm = at_frame(scene.moment_arms[:, fibres, ROTATION], frame)  # metres, fan order
        colours = fibre_colours(page, part)
        assert colours.shape == (len(fibres), 3), colours.shape
        np.testing.assert_allclose(colour_values(page, part), arm, atol=3e-5)
        mean = colours.mean(axis=0)
        warm[part] = bool(mean[0] > mean[2])
        assert abs(arm.mean()) > 0.003, f"{part}: moment arm {arm.mean():.4f} m too close to 0 to test"
        assert warm[part] == (arm.mean() > 0), (part, flexion, mean, arm)
        clear = np.abs(arm) > 0.002  # each fibre with a clear moment arm: its own colour agrees too
        fibre_warm = colours[:, 0] > colours[:, 2]
        assert np.array_equal(fibre_warm[clear], arm[clear] > 0), (part, colours, arm)
    if flexion == 0:  # neutral hip: anterior fibres rotate internally, posterior externally
        assert warm == {"glmed1_r": True, "glmed3_r": False}, warm
    else:  # flexed 90 deg: both rotate internally (Delp 1999)
        assert warm == {"glmed1_r": True, "glmed3_r": True}, warm
    assert not console.errors, console.errors


def test_overlay_colour_select_sets_the_mode_and_the_legend(page, app_server, console):
    open_app(page, app_server.url + "?motion=rotation&flexion=0&play=0")
    assert scene_data(page, "color-mode") == "anatomical"
    legend = page.locator(".gs-legend").first
    axis = page.locator(".gs-axis").first
    # the anatomical mode shows the colour key (tests/e2e/test_orientation.py), not a colour map
    assert legend.get_attribute("data-mode") == "anatomical" and not axis.is_visible()
    assert not page.locator(".gs-legend-bar").first.is_visible()
    anatomical = fibre_colours(page, "glmed1_r")
    assert colour_values(page, "glmed1_r") is None

    page.locator(".gs-color").first.select_option("action")
    wait_attr(page, "color-mode", "action")
    legend.wait_for(state="visible", timeout=WAIT_MS)
    text = legend.inner_text()
    assert "internal rotation" in text and "external rotation" in text and "40 mm" in text, text
    assert "MyoLeg" in page.locator(".gs-legend-source").first.inner_text()
    assert axis.is_visible()
    settle(page)
    assert not np.allclose(fibre_colours(page, "glmed1_r"), anatomical), "colours did not change with the mode"
    # the mode reaches Python: the shareable URL says so (viewer/app/url.py)
    page.wait_for_function("() => location.search.includes('color=action')", timeout=WAIT_MS)

    axis.select_option("flexion")
    text = poll(page, lambda: "extension" in legend.inner_text() and legend.inner_text(), "the flexion legend")
    assert "flexion" in text and "rotation" not in text, text
    page.wait_for_function("() => location.search.includes('axis=flexion')", timeout=WAIT_MS)

    page.locator(".gs-color").first.select_option("anatomical")
    wait_attr(page, "color-mode", "anatomical")
    page.locator(".gs-legend-bar").first.wait_for(state="hidden", timeout=WAIT_MS)
    assert legend.get_attribute("data-mode") == "anatomical" and not axis.is_visible()
    settle(page)
    np.testing.assert_allclose(fibre_colours(page, "glmed1_r"), anatomical, atol=1e-6)
    assert not console.errors, console.errors


def test_stretch_colours_change_between_frames_of_running(page, app_server, console):
    open_app(page, app_server.url + "?motion=running&play=0&color=stretch")
    wait_attr(page, "color-mode", "stretch")
    settle(page)
    assert "lengthening" in page.locator(".gs-legend").first.inner_text()
    scene = motion_scene(MotionSpec("running"))
    seen = []
    for phase in ("loading", "late_swing"):
        page.locator(f'.gs-seg[data-phase="{phase}"]').first.click()
        page.wait_for_selector(f'.gs-seg.gs-current[data-phase="{phase}"]', state="attached", timeout=WAIT_MS)
        settle(page)
        frame = shown_frame(page)
        fibres = fan_order(page, "glmax3_r")
        np.testing.assert_allclose(colour_values(page, "glmax3_r"), at_frame(scene.stretch[:, fibres], frame),
                                   atol=2e-4)
        seen.append(fibre_colours(page, "glmax3_r"))
    difference = np.abs(seen[0] - seen[1]).max()
    assert difference > 0.05, f"glmax3_r colours barely changed between loading and late swing ({difference:.3f})"
    assert not console.errors, console.errors


def test_activation_colours_running_and_no_table_for_abduction(page, app_server, console):
    open_app(page, app_server.url + "?motion=running&play=0&color=activation")
    wait_attr(page, "color-mode", "activation")
    settle(page)
    legend = page.locator(".gs-legend").first
    assert "activation.yaml" in legend.inner_text()
    assert "fully active" in legend.inner_text()
    blob, index = motion_payload(MotionSpec("running"))
    table = decode(blob, index)["activation"].astype(float) / 255  # (n, P)
    frame = shown_frame(page)
    for part in ("glmax2_r", "glmed2_r"):
        expected = at_frame(table[:, index["parts"].index(part)], frame)
        values = colour_values(page, part)
        assert values and np.allclose(values, expected, atol=1e-3), (part, values, expected)

    open_app(page, app_server.url + "?motion=abduction&play=0")
    settle(page)
    anatomical = fibre_colours(page, "glmed2_r")
    open_app(page, app_server.url + "?motion=abduction&play=0&color=activation")
    wait_attr(page, "color-mode", "activation")
    settle(page)
    assert "running only" in legend.inner_text() and "anatomical colours" in legend.inner_text()
    colours = fibre_colours(page, "glmed2_r")
    assert np.allclose(colours, anatomical), "a motion without activation falls back to the anatomical colours"
    assert colour_values(page, "glmed2_r") == [None] * len(colours)
    hint = page.locator(".color-hint .rich-text").first
    hint.wait_for(state="attached", timeout=WAIT_MS)
    assert "No activation data" in hint.text_content(), hint.text_content()
    assert not console.errors, console.errors


def test_keyboard_play_pause_frame_and_phase_steps(page, app_server, console):
    open_app(page, app_server.url + "?motion=running&play=0")
    settle(page)
    assert scene_data(page, "playing") == "0" and shown_frame(page) == 0.0
    canvas = page.locator(CANVAS).first
    assert canvas.get_attribute("tabindex") == "0" and canvas.get_attribute("aria-label")
    focus_canvas(page)
    page.keyboard.press("ArrowRight")
    wait_attr(page, "frame", "1.00")
    page.keyboard.press("ArrowRight")
    wait_attr(page, "frame", "2.00")
    page.keyboard.press("ArrowLeft")
    wait_attr(page, "frame", "1.00")
    # a pause a hair before or after a key frame shows that key frame; each press still moves one
    page.evaluate("() => window.__gluteScene.view.seek(3.9996)")
    wait_attr(page, "frame", "4.00")
    page.keyboard.press("ArrowRight")
    wait_attr(page, "frame", "5.00")
    page.evaluate("() => window.__gluteScene.view.seek(4.0004)")
    wait_attr(page, "frame", "4.00")
    page.keyboard.press("ArrowLeft")
    wait_attr(page, "frame", "3.00")

    # ] jumps to the next phase's first key frame (src/phases.js), whose sentence names that phase
    blob, index = motion_payload(MotionSpec("running"))
    n, p0 = index["frames"], index["phase"][0]
    nxt = index["phases"][1]  # frame 1 lies in the first phase
    expected = math.ceil(((nxt["start"] - p0) % 1.0) * n - 1e-6 * n)
    page.keyboard.press("]")
    page.wait_for_selector(f'.gs-seg.gs-current[data-phase="{nxt["id"]}"]', state="attached", timeout=WAIT_MS)
    assert abs(shown_frame(page) - expected) < 0.011, (shown_frame(page), expected)
    assert page.locator(".gs-narration").first.inner_text().startswith(f'{nxt["name"]}, '), nxt
    page.keyboard.press("[")  # at a phase start: back to the previous phase's start
    page.wait_for_selector(f'.gs-seg.gs-current[data-phase="{index["phases"][0]["id"]}"]', state="attached",
                           timeout=WAIT_MS)

    page.keyboard.press(" ")
    wait_attr(page, "playing", "1")
    page.keyboard.press(" ")
    wait_attr(page, "playing", "0")
    paused_at = shown_frame(page)
    page.keyboard.press("ArrowRight")  # from a fractional frame: the next whole key frame
    wait_attr(page, "frame", f"{(math.floor(paused_at + 1e-6) + 1) % n:.2f}")

    # space typed into a select, a text field or on a focused button is theirs
    page.locator(".gs-speed").first.focus()
    page.keyboard.press(" ")
    page.keyboard.press("Escape")
    page.evaluate("""() => { const i = document.createElement('input'); i.type = 'text'; i.id = 'probe';
                             document.body.appendChild(i); }""")
    page.locator("#probe").focus()
    page.keyboard.press(" ")
    page.keyboard.press("ArrowRight")
    settle(page, 400)
    assert scene_data(page, "playing") == "0", "space in a select or text field toggled playback"
    assert page.locator("#probe").input_value() == " "
    page.locator(".gs-play").first.focus()
    page.keyboard.press(" ")  # the button's own click: exactly one toggle
    wait_attr(page, "playing", "1")
    settle(page, 400)
    assert scene_data(page, "playing") == "1"
    focus_canvas(page)
    scroll = page.evaluate("() => window.scrollY")
    page.keyboard.press(" ")
    wait_attr(page, "playing", "0")
    assert page.evaluate("() => window.scrollY") == scroll, "space scrolled the page"
    assert not console.errors, console.errors


def test_narration_and_polite_live_region(page, app_server, console):
    open_app(page, app_server.url + "?motion=abduction&play=1")
    live = page.locator(".gs-live").first
    narration = page.locator(".gs-narration .gs-sentence").first  # the sentence, without its kind badge
    assert live.get_attribute("aria-live") == "polite"
    narration.wait_for(state="visible", timeout=WAIT_MS)
    first = narration.inner_text()
    assert first.strip(), "no sentence shown"
    poll(page, lambda: narration.inner_text() != first, "the sentence to change while playing", 30_000)
    assert live.text_content() == "", "the live region spoke while a sweep was playing without phase changes"

    focus_canvas(page)
    page.keyboard.press(" ")
    wait_attr(page, "playing", "0")
    settle(page, 300)
    spoken = live.text_content()
    assert spoken and spoken == narration.inner_text(), (spoken, narration.inner_text())
    paused_at = shown_frame(page)
    focus_canvas(page)  # the sidebar arrives after the page has loaded; keep the keys on the view
    page.keyboard.press("ArrowRight")
    poll(page, lambda: shown_frame(page) != paused_at, "the frame step", 20_000)
    poll(page, lambda: live.text_content() == narration.inner_text(), "the live region to follow the step")
    assert not console.errors, console.errors


def test_live_region_speaks_on_phase_changes_while_running_plays(page, app_server, console):
    open_app(page, app_server.url + "?motion=running&play=1")
    live = page.locator(".gs-live").first
    spoken = poll(page, lambda: live.text_content(), "a phase change to reach the live region", 30_000)
    assert scene_data(page, "playing") == "1", "the sentence came from a pause, not from a phase change"
    assert spoken in page.evaluate("() => window.__gluteScene.view.narration.sentences")
    assert not console.errors, console.errors


def test_after_a_phase_jump_the_sentence_names_the_phase_the_strip_shows(page, app_server, console):
    """Issue 15, item 5 (review m3: the strip showed Midstance, the sentence said Loading)."""
    open_app(page, app_server.url + "?motion=running&play=0")
    settle(page)
    blob, index = motion_payload(MotionSpec("running"))
    sentence, live = page.locator(".gs-narration").first, page.locator(".gs-live").first
    for phase in index["phases"]:
        page.locator(f'.gs-seg[data-phase="{phase["id"]}"]').first.click()
        page.wait_for_selector(f'.gs-seg.gs-current[data-phase="{phase["id"]}"]', state="attached", timeout=WAIT_MS)
        page.locator(".gs-narration", has_text=f'{phase["name"]}, ').first.wait_for(timeout=WAIT_MS)
        assert sentence.inner_text().startswith(f'{phase["name"]}, right leg:'), (phase, sentence.inner_text())
        assert live.text_content().startswith(f'{phase["name"]}, '), (phase, live.text_content())
    assert not console.errors, console.errors
