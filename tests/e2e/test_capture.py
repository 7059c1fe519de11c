"""Pictures and clips of the current view in the real browser (CONTRACT.md, "Pictures and clips").

The PNG and GIF are made by the page itself (``window.__gluteScene.capture``, or the Share box's
"Save PNG" / "Save GIF" buttons, which download the file); Pillow decodes them here.
"""

from __future__ import annotations

import base64
import io
import math

import numpy as np
from e2e_harness import SCENE, canvas_image, image_difference, open_app, scene_data

from viewer.vocab import GIF_MAX_FRAMES


def gif_frame_count(duration_s: float, speed: float, fps: int) -> int:
    """The frames of a GIF of one loop, as capture.js promises (JS Math.round: halves up), 2..600."""
    return min(GIF_MAX_FRAMES, max(2, math.floor(duration_s / speed * fps + 0.5)))

CAPTURE = """async (options) => {
  try {
    const r = await window.__gluteScene.capture(options);
    const bytes = new Uint8Array(await r.blob.arrayBuffer());
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return {width: r.width, height: r.height, frames: r.frames, filename: r.filename, type: r.blob.type,
            data: btoa(text)};
  } catch (err) {
    return {error: String(err && err.message)};
  }
}"""
BACKGROUND = (0xF4, 0xF5, 0xF7)  # the view's clear colour (renderer.js)
GIF_MIN_MOVED = 0.01
"""Share of pixels that differ between the first and the middle frame of a running GIF (8.6 % measured at 320x180;
a still clip is 0, palette noise stays under the threshold of ``image_difference``)."""


def capture(page, **options) -> tuple[dict, object]:  # noqa: ANN001
    """Run ``__gluteScene.capture(options)``; return its result and the decoded Pillow image (or None)."""
    from PIL import Image

    result = page.evaluate(CAPTURE, options)
    if "error" in result:
        return result, None
    image = Image.open(io.BytesIO(base64.b64decode(result.pop("data"))))
    return result, image


def motion_timing(page) -> tuple[float, float]:  # noqa: ANN001
    """``duration_s`` of the shown motion and the player's speed."""
    return tuple(page.evaluate(
        "() => { const v = window.__gluteScene.view; return [v.motion.index.duration_s, v.player.speed]; }"))


def test_png_has_the_asked_size_and_a_transparent_background_on_request(page, app_server, console):
    open_app(page, app_server.url + "?motion=running&play=0&frame=12")
    page.mouse.move(0, 0)
    page.wait_for_timeout(1000)
    before = canvas_image(page)
    view_size = page.evaluate("() => [window.__gluteScene.renderer.domElement.width, "
                              "window.__gluteScene.renderer.domElement.height]")

    result, image = capture(page, kind="png", width=1920, height=1080)
    assert image is not None, result
    assert image.format == "PNG" and image.size == (1920, 1080)
    assert result["filename"] == "glute-running-12.png" and result["frames"] == 1
    rgba = np.asarray(image.convert("RGBA"))
    assert (rgba[..., 3] == 255).all()
    assert tuple(rgba[0, 0, :3]) == BACKGROUND and tuple(rgba[-1, -1, :3]) == BACKGROUND
    assert (np.abs(rgba[..., :3].astype(int) - BACKGROUND).max(axis=2) > 30).mean() > 0.02  # something is drawn

    # the view size (width = height = 0), opaque and transparent: same drawing, alpha 0 only on the background
    opaque = np.asarray(capture(page, kind="png", width=0, height=0)[1].convert("RGBA"))
    result, image = capture(page, kind="png", width=0, height=0, transparent=True)
    assert image is not None, result
    assert list(image.size) == view_size
    h, w = opaque.shape[:2]  # the screenshot may have one more row of a fractional CSS height
    same, _ = image_difference(opaque[..., :3], before[:h, :w])  # the view as on screen (edges smoothed)
    assert same < 3.0, same
    clear = np.asarray(image.convert("RGBA"))
    for y, x in ((0, 0), (0, -1), (-1, 0), (-1, -1)):
        assert clear[y, x, 3] == 0
    plain = (opaque[..., :3] == BACKGROUND).all(axis=2)
    assert (clear[plain, 3] == 0).mean() > 0.99
    assert (clear[~plain, 3] > 0).mean() > 0.99
    # a fibre of gluteus maximus (where picking finds it): opaque in the transparent picture
    pos = page.evaluate("() => window.__gluteScene.screenPositionOf('glmax2_r')")
    assert pos is not None
    x, y = round(pos[0]), round(pos[1])
    assert clear[y - 2:y + 3, x - 2:x + 3, 3].max() == 255

    # the view on screen is left as it was (camera aspect restored, same picture)
    aspect = page.evaluate("() => [window.__gluteScene.camera.aspect, window.__gluteScene.camera.fov]")
    assert abs(aspect[0] - view_size[0] / view_size[1]) < 1e-6 and aspect[1] == 30
    page.wait_for_timeout(500)
    mean, fraction = image_difference(before, canvas_image(page))
    assert mean < 1.0 and fraction < 0.005, (mean, fraction)
    assert scene_data(page, "frame") == "12.00"

    # sizes outside 1..1920 x 1..1080 are refused with a clear message
    result, image = capture(page, kind="png", width=4000, height=10)
    assert image is None and "1 to 1920 pixels wide and 1 to 1080 high" in result["error"]
    result, image = capture(page, kind="gif", width=1920, height=1080)
    assert image is None and "1 to 1280 pixels wide and 1 to 720 high" in result["error"]
    assert not console.errors, console.errors


def test_gif_holds_one_loop_at_the_current_speed(page, app_server, console):
    open_app(page, app_server.url + "?motion=running&play=0")
    page.wait_for_timeout(500)
    duration, speed = motion_timing(page)
    assert speed == 1
    result, image = capture(page, kind="gif", width=320, height=180, fps=15)
    assert image is not None, result
    assert image.format == "GIF" and image.size == (320, 180)
    assert image.n_frames == result["frames"] == gif_frame_count(duration, speed, 15) == round(duration * 15)
    assert result["filename"].startswith("glute-running-") and result["filename"].endswith(".gif")
    first = np.asarray(image.convert("RGB"))
    image.seek(image.n_frames // 2)
    middle = np.asarray(image.convert("RGB"))
    moved = image_difference(first, middle)[1]  # share of pixels changed by more than 48 in a channel
    assert moved > GIF_MIN_MOVED, f"the motion does not move: {moved:.2%} of the pixels changed (at least 1 %)"

    # half speed: twice the frames; the view size fits 640x480
    page.locator(".gs-speed").first.select_option("0.5")
    page.wait_for_timeout(300)
    duration, speed = motion_timing(page)
    assert speed == 0.5
    result, image = capture(page, kind="gif", width=0, height=0, fps=15)
    assert image is not None, result
    assert image.n_frames == result["frames"] == gif_frame_count(duration, 0.5, 15)
    assert image.size[0] <= 640 and image.size[1] <= 480 and max(image.size[0] / 640, image.size[1] / 480) > 0.99

    # a transparent clip: the corners are transparent in every frame
    result, image = capture(page, kind="gif", width=160, height=120, fps=5, transparent=True)
    assert image is not None, result
    assert image.n_frames == gif_frame_count(duration, 0.5, 5)
    for i in (0, image.n_frames - 1):
        image.seek(i)
        assert np.asarray(image.convert("RGBA"))[0, 0, 3] == 0
    assert not console.errors, console.errors


def test_the_share_box_buttons_download_a_png_and_a_gif(page, app_server, console):
    from PIL import Image

    open_app(page, app_server.url + "?motion=running&play=0&frame=12")
    page.locator(".share-button button").first.click()
    page.locator(".picture-png button").first.wait_for(timeout=15_000)

    page.locator(".picture-size select").first.select_option(label="1280x720")
    with page.expect_download(timeout=120_000) as info:
        page.locator(".picture-png button").first.click()
    download = info.value
    assert download.suggested_filename == "glute-running-12.png"
    with Image.open(download.path()) as image:
        assert image.format == "PNG" and image.size == (1280, 720)
    page.locator(".picture-status", has_text="Saved glute-running-12.png (1280x720)").first.wait_for(timeout=30_000)

    duration, speed = motion_timing(page)
    frames = gif_frame_count(duration, speed, 15)
    page.locator(".picture-size select").first.select_option(label="640x480")
    page.locator(".picture-transparent input").first.check()
    with page.expect_download(timeout=180_000) as info:
        page.locator(".picture-gif button").first.click()
    download = info.value
    assert download.suggested_filename == "glute-running-12.gif"
    with Image.open(download.path()) as image:
        assert image.format == "GIF" and image.size == (640, 480) and image.n_frames == frames
        assert np.asarray(image.convert("RGBA"))[0, 0, 3] == 0
    page.locator(".picture-status", has_text=f"Saved glute-running-12.gif (640x480, {frames} frames)").first.wait_for(
        timeout=30_000)
    assert page.locator(f'{SCENE}[data-capturing]').count() == 0
    assert not console.errors, console.errors
