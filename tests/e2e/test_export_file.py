"""The exported offline page in Debian's Chromium, opened from file:// with every request blocked.

It must draw, animate, toggle a layer, select a part (click in the 3D view and the page's own
list) and show its card, switch motions (an uncompressed one and deflated ones) and colour
modes, with no attempted request beyond the file itself and no console error. Attributes and
hooks are the component contract's (viewer/component/CONTRACT.md); element ids are the page's
(viewer/export/html.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from e2e_harness import CANVAS, READY, SCENE, VIEWPORT, assert_drawn, canvas_image, clickable_part, scene_data

from viewer.content.cards import card_title
from viewer.export import export_html

pytestmark = pytest.mark.slow
CLICK_CANDIDATES = ("glmax2_r", "glmax2_l", "glmax1_r", "glmed1_r", "glmed1_l", "glmax3_r")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default export (every motion), shown first: abduction, everything drawn, playing."""
    return Path(export_html(tmp_path_factory.mktemp("offline") / "glutes.html"))


@dataclass
class Offline:
    """A page on the exported file whose every other request is blocked and counted."""

    page: object
    url: str
    attempted: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def offline(browser, exported: Path) -> Iterator[Offline]:  # noqa: ANN001
    url = exported.resolve().as_uri()
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    state = Offline(page=None, url=url)

    def route(r) -> None:  # noqa: ANN001
        if r.request.url == url:
            r.continue_()
        else:
            state.attempted.append(f"routed: {r.request.url}")
            r.abort()

    context.route("**/*", route)
    context.on("request", lambda r: r.url != url and state.attempted.append(f"request: {r.url}"))
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and state.errors.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: state.errors.append(f"pageerror: {e}"))
    state.page = page
    page.goto(url, wait_until="domcontentloaded", timeout=90_000)
    page.wait_for_selector(READY, state="attached", timeout=90_000)
    yield state
    context.close()


def assert_offline_and_clean(state: Offline) -> None:
    assert state.attempted == [], state.attempted
    assert state.errors == [], state.errors


def wait_for(page, selector: str, timeout_ms: int = 15_000) -> None:  # noqa: ANN001
    page.wait_for_selector(selector, state="attached", timeout=timeout_ms)


def visible_card_heading(page) -> str:  # noqa: ANN001
    return page.locator("#gx-cards article:not([hidden]) h3").first.inner_text()


def test_the_request_counter_sees_a_blocked_request(browser, tmp_path):
    """Control: a page that does ask for a URL is counted, so the zeros below mean something."""
    probe = tmp_path / "probe.html"
    probe.write_text('<!doctype html><img src="https://cdn.example.org/x.png"><script>fetch("https://example.org/")'
                     ".catch(() => {})</script>", encoding="utf-8")
    url = probe.resolve().as_uri()
    context = browser.new_context()
    attempted: list[str] = []

    def route(r) -> None:  # noqa: ANN001
        if r.request.url == url:
            r.continue_()
        else:
            attempted.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto(url)
    page.wait_for_timeout(1000)
    context.close()
    assert "https://cdn.example.org/x.png" in attempted and "https://example.org/" in attempted, attempted


def test_it_draws_from_file_with_no_network(offline):
    page = offline.page
    assert page.evaluate("() => performance.getEntriesByName('glute-scene:ready').length") == 1
    assert scene_data(page, "motion") == "abduction"
    image = canvas_image(page)
    assert_drawn(image)
    assert page.locator("#gx-cards article:not([hidden])").count() == 1  # the placeholder
    assert_offline_and_clean(offline)


def test_it_animates_and_pauses(offline):
    page = offline.page
    assert scene_data(page, "playing") == "1"
    f0 = float(scene_data(page, "frame"))
    page.wait_for_timeout(1200)
    f1 = float(scene_data(page, "frame"))
    assert f1 != f0, "data-frame did not move while playing"
    page.locator(f"{SCENE} .gs-play").first.click()  # the component's own button
    wait_for(page, f'{SCENE}[data-playing="0"]')
    page.wait_for_timeout(300)
    f2 = float(scene_data(page, "frame"))
    page.wait_for_timeout(1000)
    assert float(scene_data(page, "frame")) == f2, "frame moved while paused"
    assert page.evaluate("() => window.__gluteModel.playing") is False
    assert_offline_and_clean(offline)


def test_layer_toggles(offline):
    page = offline.page
    assert scene_data(page, "visible-parts") == "18"
    page.locator('#gx-layers input[data-layer="gluteus_maximus"]').uncheck()
    wait_for(page, f'{SCENE}[data-visible-parts="12"]')
    page.locator('#gx-layers input[data-layer="gluteus_medius"]').uncheck()
    wait_for(page, f'{SCENE}[data-visible-parts="6"]')
    page.locator('#gx-layers input[data-layer="gluteus_maximus"]').check()
    wait_for(page, f'{SCENE}[data-visible-parts="12"]')
    assert_offline_and_clean(offline)


def test_lower_legs_toggle(offline):
    """The file draws the lower legs and feet; its "Lower legs and feet" box hides them (pixels change)."""
    page = offline.page
    page.locator(f"{SCENE} .gs-play").first.click()  # pause: only the toggle changes the picture
    # from the right side, far enough to see the whole leg (as tests/e2e/test_lower_legs_drawn.py)
    page.evaluate("() => { window.__gluteModel.camera = {position: [0, -0.48, 3.2], target: [0, -0.48, 0]}; }")
    page.wait_for_timeout(500)
    box = page.get_by_role("checkbox", name="Lower legs and feet")
    assert box.is_checked() and page.evaluate("() => window.__gluteModel.show_lower_legs") is True
    shown = canvas_image(page).astype(int)
    box.uncheck()
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__gluteModel.show_lower_legs") is False
    hidden = canvas_image(page).astype(int)
    changed = int((abs(shown - hidden).max(axis=2) > 24).sum())
    assert changed > 200, changed  # the shanks below the femurs are gone
    box.check()
    page.wait_for_timeout(500)
    assert int((abs(canvas_image(page).astype(int) - shown).max(axis=2) > 24).sum()) < changed / 10
    assert_offline_and_clean(offline)


def test_click_selects_a_part_and_its_card_shows(offline):
    page = offline.page
    page.locator(f"{SCENE} .gs-play").first.click()  # pause, so the part stays where it was found
    wait_for(page, f'{SCENE}[data-playing="0"]')
    page.wait_for_timeout(300)
    box = page.locator(CANVAS).first.bounding_box()
    part, pos = clickable_part(page, CLICK_CANDIDATES)
    page.mouse.click(box["x"] + pos[0], box["y"] + pos[1])
    wait_for(page, f'{SCENE}[data-selected="{part}"]')
    page.wait_for_timeout(200)
    assert visible_card_heading(page) == card_title(part)
    assert page.locator("#gx-part").input_value() == part

    page.locator("#gx-part").select_option("glmin3_l")  # the page's own list
    wait_for(page, f'{SCENE}[data-selected="glmin3_l"]')
    assert visible_card_heading(page) == card_title("glmin3_l")
    assert "doi:" in page.locator("#gx-cards article:not([hidden])").inner_text()
    page.locator("#gx-part").select_option("")
    wait_for(page, f'{SCENE}[data-selected=""]')
    assert page.locator('#gx-cards article[data-part=""]').is_visible()
    assert_offline_and_clean(offline)


def test_switches_motions_and_colours(offline):
    page = offline.page
    source = page.locator("#gx-motion-source").inner_text()
    page.locator("#gx-motion").select_option("running")  # deflated: unpacked in the browser
    wait_for(page, f'{SCENE}[data-motion="running"]')
    assert "Hamner" in page.locator("#gx-motion-source").inner_text() and source != page.locator(
        "#gx-motion-source").inner_text()
    assert page.evaluate("() => window.__gluteModel.motion_index.frames") == 64
    assert len(page.evaluate("() => window.__gluteModel.narration")) == 64
    assert page.locator(f"{SCENE} .gs-seg").count() > 0, "the running phases are not shown"
    f0 = float(scene_data(page, "frame"))
    page.wait_for_timeout(1000)
    assert float(scene_data(page, "frame")) != f0, "running does not play"

    page.locator("#gx-motion").select_option("rotation@90")
    wait_for(page, f'{SCENE}[data-motion="rotation"]')
    assert page.evaluate("() => window.__gluteModel.motion_index.params.flexion_deg") == 90
    page.locator("#gx-motion").select_option("abduction")  # back to the uncompressed one
    wait_for(page, f'{SCENE}[data-motion="abduction"]')

    page.locator("#gx-color").select_option("action")
    assert page.locator("#gx-axis-row").is_visible()
    wait_for(page, f'{SCENE}[data-color-mode="action"]')
    page.locator("#gx-axis").select_option("flexion")
    assert page.evaluate("() => window.__gluteModel.action_axis") == "flexion"
    page.locator("#gx-color").select_option("stretch")
    wait_for(page, f'{SCENE}[data-color-mode="stretch"]')
    assert not page.locator("#gx-axis-row").is_visible()
    page.wait_for_timeout(500)
    assert_offline_and_clean(offline)
