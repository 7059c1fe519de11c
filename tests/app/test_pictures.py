"""Pictures and clips without a browser: request checks, frame counts, the panel's requests and status."""

from __future__ import annotations

import pytest

from viewer.app.pictures import (
    SIZES,
    PicturePanel,
    capture_request,
    fit_size,
    status_text,
    validate_size,
)
from viewer.component.scene import GluteScene


@pytest.mark.parametrize(("kind", "width", "height"), [
    ("png", 1, 1), ("png", 1920, 1080), ("png", 1080, 1080), ("png", 0, 0),
    ("gif", 1, 1), ("gif", 1280, 720), ("gif", 0, 0),
])
def test_sizes_in_range_are_accepted(kind: str, width: int, height: int) -> None:
    assert validate_size(kind, width, height) == (width, height)


@pytest.mark.parametrize(("kind", "width", "height", "words"), [
    ("png", 1921, 1080, "A PNG picture must be 1 to 1920 pixels wide and 1 to 1080 high (got 1921x1080)"),
    ("png", 1920, 1081, "(got 1920x1081)"),
    ("png", 0, 720, "1 to 1920 pixels wide"),
    ("png", -5, 10, "1 to 1920 pixels wide"),
    ("gif", 1920, 1080, "A GIF clip must be 1 to 1280 pixels wide and 1 to 720 high (got 1920x1080)"),
    ("gif", 640, 721, "1 to 720 high"),
])
def test_sizes_out_of_range_are_refused_with_the_limits(kind: str, width: int, height: int, words: str) -> None:
    with pytest.raises(ValueError, match="must be 1 to") as info:
        validate_size(kind, width, height)
    assert words in str(info.value)
    assert "0x0 means the size of the 3D view" in str(info.value)


@pytest.mark.parametrize("size", [(12.5, 10), ("640", 480), (True, 10), (None, 10)])
def test_sizes_must_be_whole_pixels(size: tuple) -> None:
    with pytest.raises(ValueError, match="whole pixels"):
        validate_size("png", *size)


def test_unknown_kind_and_frame_rate_are_refused() -> None:
    with pytest.raises(ValueError, match="use 'png' or 'gif'"):
        capture_request("jpeg", 640, 480)
    for fps in (0, 31, 12.5):
        with pytest.raises(ValueError, match="frame rate must be a whole number from 1 to 30"):
            capture_request("gif", 640, 480, fps=fps)


def test_a_request_carries_every_field() -> None:
    assert capture_request("png", 1920, 1080, transparent=True, request_id=7) == {
        "kind": "png", "width": 1920, "height": 1080, "transparent": True, "fps": 15, "id": 7}
    assert capture_request("gif", fps=10)["width"] == 0


def test_fit_size_keeps_the_shape() -> None:
    assert fit_size(1920, 1080, (1280, 720)) == (1280, 720)
    assert fit_size(640, 480, (1280, 720)) == (640, 480)
    assert fit_size(2000, 500, (1280, 720)) == (1280, 320)
    assert fit_size(0, 0, (1280, 720)) == (0, 0)


def test_status_lines() -> None:
    assert status_text({}) == ""
    assert status_text({"id": 1, "kind": "png", "width": 1920, "height": 1080, "frames": 1, "bytes": 5,
                        "filename": "glute-running-12.png"}) == "Saved glute-running-12.png (1920x1080)"
    assert status_text({"id": 2, "kind": "gif", "width": 640, "height": 360, "frames": 9, "bytes": 5,
                        "filename": "glute-running-0.gif"}) == "Saved glute-running-0.gif (640x360, 9 frames)"
    assert status_text({"id": 3, "error": "the 3D view is not ready yet"}) == \
        "Could not save: the 3D view is not ready yet"


def test_the_panel_sends_numbered_requests_and_shows_the_answer() -> None:
    scene = GluteScene()
    panel = PicturePanel(scene)
    assert list(panel.size.options) == list(SIZES)
    panel.size.value = "1920x1080"
    panel.transparent.value = True
    panel.png.clicks += 1  # as a click in the browser
    assert scene.capture == {"kind": "png", "width": 1920, "height": 1080, "transparent": True, "fps": 15, "id": 1}
    assert "Making the picture" in panel.status.html
    scene.capture_done = {"id": 1, "kind": "png", "width": 1920, "height": 1080, "frames": 1, "bytes": 10,
                          "filename": "glute-running-12.png"}
    assert "Saved glute-running-12.png (1920x1080)" in panel.status.html

    # a GIF at 1920x1080 is made at the largest 16:9 size a GIF may have
    request = panel.request("gif")
    assert request is not None and (request["width"], request["height"], request["id"]) == (1280, 720, 2)
    assert scene.capture == request
    scene.capture_done = {"id": 1, "kind": "png", "width": 1, "height": 1, "frames": 1, "bytes": 1}
    assert "Making the GIF" in panel.status.html  # an answer to an older request is ignored
    scene.capture_done = {"id": 2, "error": "the 3D view was closed"}
    assert "Could not save: the 3D view was closed" in panel.status.html
    assert 'class="warning"' in panel.status.html


def test_the_panel_reports_a_refused_request_without_sending_it() -> None:
    scene = GluteScene()
    panel = PicturePanel(scene, fps=99)
    assert panel.request("gif") is None
    assert scene.capture == {}
    assert "frame rate must be a whole number" in panel.status.html
