"""Share and embed in the real browser: URL round trip, the Share box, the app inside an iframe."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from e2e_harness import READY, SCENE, VIEWPORT, clickable_part, open_app, scene_data


@pytest.fixture
def course_page(tmp_path: Path, app_server) -> Iterator[str]:  # noqa: ANN001
    """A 'course page' on another port of 127.0.0.1 embedding the app with the Share box's snippet size."""
    (tmp_path / "course.html").write_text(
        '<!doctype html><html><head><link rel="icon" href="data:,"></head><body>'
        "<h1>Week 3: hip abductors</h1>"
        f'<iframe id="viewer" src="{app_server.url}?embed=1&motion=running&play=0" width="640" height="400" '
        'style="border:0" title="Gluteal muscles"></iframe></body></html>'
    )
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/course.html"
    server.shutdown()
    server.server_close()


def state_of(page) -> dict[str, str | None]:  # noqa: ANN001
    return {name: scene_data(page, name) for name in ("motion", "selected", "color-mode", "frame", "playing",
                                                      "visible-parts")}


def test_url_round_trip_restores_the_same_view(browser, app_server, console):
    page = browser.new_page(viewport=VIEWPORT)
    console.attach(page)
    open_app(page, app_server.url + "?play=0")
    page.locator(".motion-select select").first.select_option(label="Running")
    page.wait_for_selector(f'{SCENE}[data-motion="running"]', state="attached", timeout=30_000)
    page.locator(".part-select select").first.select_option(value=None, label="Medius posterior (L)")
    page.wait_for_selector(f'{SCENE}[data-selected="glmed3_l"]', state="attached", timeout=10_000)
    page.locator(".color-select select").first.select_option(label="Stretch")
    page.wait_for_selector(f'{SCENE}[data-color-mode="stretch"]', state="attached", timeout=10_000)
    page.locator(".layers-both button", has_text="Maximus").first.click()
    page.wait_for_selector(f'{SCENE}[data-visible-parts="12"]', state="attached", timeout=10_000)
    page.locator(".gs-slider").first.evaluate(  # scrub to frame 20: the frame is committed to Python
        "s => { s.value = '20'; s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change')); }")
    page.wait_for_function("() => location.search.includes('frame=20')", timeout=15_000)
    url = page.url
    for key in ("motion=running", "select=glmed3_l", "color=stretch", "parts=", "frame=20"):
        assert key in url, url
    before = state_of(page)

    again = browser.new_page(viewport=VIEWPORT)
    console.attach(again)
    open_app(again, url)
    again.wait_for_timeout(1000)
    assert state_of(again) == before
    assert again.locator(".color-select select").first.input_value() == "Stretch"
    page.close()
    again.close()
    assert not console.errors, console.errors


def test_share_box_offers_the_link_and_an_iframe_snippet(page, app_server, console):
    open_app(page, app_server.url + "?motion=rotation&flexion=45&select=glmed1_r&play=0")
    page.locator(".share-button button").first.click()
    link = page.locator(".share-link input").first
    link.wait_for(timeout=10_000)
    value = link.input_value()
    assert value.startswith(app_server.url.rstrip("/")) and "select=glmed1_r" in value and "flexion=45" in value
    snippet = page.locator(".share-iframe textarea").first.input_value()
    assert snippet.startswith("<iframe ") and "embed=1" in snippet and 'width="640" height="400"' in snippet
    assert not console.errors, console.errors


def test_the_app_works_inside_an_iframe_of_another_page(page, course_page, console):
    page.goto(course_page)
    frame = page.frame_locator("#viewer")
    frame.locator(READY).wait_for(state="attached", timeout=90_000)
    assert frame.locator(SCENE).get_attribute("data-motion") == "running"
    # everything fits the 640x400 iframe: the 3D view, its transport bar and the layer toggles
    box = page.locator("#viewer").bounding_box()
    for selector in (".gs-stage", ".gs-play", ".embed-layers"):
        inner = frame.locator(selector).first.bounding_box()
        assert inner is not None and inner["width"] > 0, selector
        assert inner["y"] + inner["height"] <= box["y"] + box["height"] + 1, selector
        assert inner["x"] + inner["width"] <= box["x"] + box["width"] + 1, selector
    assert frame.locator(".motion-select").count() == 0  # no sidebar in embed mode
    # play, then tap a part: the info line names it
    frame.locator(".gs-play").first.click()
    frame.locator(f'{SCENE}[data-playing="1"]').wait_for(state="attached", timeout=10_000)
    frame.locator(".gs-play").first.click()
    frame.locator(f'{SCENE}[data-playing="0"]').wait_for(state="attached", timeout=10_000)
    inner_frame = page.frames[1]
    part, pos = clickable_part(inner_frame, ("glmed2_r", "glmax2_r", "glmed1_r", "glmax1_r"))
    canvas = frame.locator(f"{SCENE} canvas").first.bounding_box()
    page.mouse.click(canvas["x"] + pos[0], canvas["y"] + pos[1])
    frame.locator(f'{SCENE}[data-selected="{part}"]').wait_for(state="attached", timeout=10_000)
    muscle = {"glmed": "medius", "glmax": "maximus"}[part[:5]]
    frame.locator(".embed-info", has_text=muscle).first.wait_for(timeout=10_000)
    frame.locator(".embed-layers button", has_text="Maximus").first.click()
    frame.locator(f'{SCENE}[data-visible-parts="12"]').wait_for(state="attached", timeout=10_000)
    assert not console.errors, console.errors
