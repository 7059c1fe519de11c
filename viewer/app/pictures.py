"""Pictures and clips of the current view, made in the browser (CONTRACT.md, "Pictures and clips").

The app only asks: :func:`capture_request` checks a request and :class:`PicturePanel` puts it
in the scene component's ``capture`` param; the browser draws the PNG or GIF offscreen, saves
the file itself (no image data goes through the server) and reports back in ``capture_done``,
which the panel's status line shows (:func:`status_text`).

Limits (:mod:`viewer.vocab`, the same file viewer/frontend/src/capture.js reads): a PNG is
1..1920 x 1..1080 pixels, a GIF 1..1280 x 1..720 at 1..30 frames per second; width = height = 0
means the size of the 3D view (fitted into 1920x1080 for a PNG, 640x480 for a GIF). A GIF
holds one loop of the motion at the current speed (``gifFrameCount`` in capture.js).
"""

from __future__ import annotations

from typing import Any, Final

import panel as pn
import param

from viewer.component.richtext import RichText, text_html
from viewer.vocab import DEFAULT_FPS, FPS_RANGE, GIF_MAX, PNG_MAX

KINDS: Final = ("png", "gif")
VIEW_SIZE: Final = "View size"
SIZES: Final[dict[str, tuple[int, int]]] = {
    VIEW_SIZE: (0, 0),
    "640x480": (640, 480),
    "1280x720": (1280, 720),
    "1920x1080": (1920, 1080),
}
"""The panel's size choices; (0, 0) is the view's own size."""


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_size(kind: str, width: int, height: int) -> tuple[int, int]:
    """Check the size of a picture (``kind`` "png") or clip ("gif").

    Parameters
    ----------
    kind : {"png", "gif"}
        A picture or a clip.
    width, height : int
        Pixels; ``0, 0`` means the 3D view's size (decided in the browser).

    Returns
    -------
    (int, int)
        ``width, height`` unchanged.

    Raises
    ------
    ValueError
        For an unknown kind or a size outside 1..1920 x 1..1080 (PNG) or 1..1280 x 1..720 (GIF),
        with a message for people.

    """
    if kind not in KINDS:
        raise ValueError(f"unknown picture kind {kind!r}: use 'png' or 'gif'")
    if not (_whole(width) and _whole(height)):
        raise ValueError(f"the size must be whole pixels (got {width!r} x {height!r})")
    if width == 0 and height == 0:
        return width, height
    max_w, max_h = PNG_MAX if kind == "png" else GIF_MAX
    if not (1 <= width <= max_w and 1 <= height <= max_h):
        what = "A PNG picture" if kind == "png" else "A GIF clip"
        raise ValueError(f"{what} must be 1 to {max_w} pixels wide and 1 to {max_h} high (got {width}x{height}); "
                         "0x0 means the size of the 3D view")
    return width, height


def fit_size(width: int, height: int, limit: tuple[int, int]) -> tuple[int, int]:
    """Scale ``width x height`` down (keeping its shape) to fit ``limit``; ``0, 0`` stays the view size."""
    if width == 0 and height == 0:
        return width, height
    scale = min(1.0, limit[0] / width, limit[1] / height)
    return (max(1, min(limit[0], round(width * scale))), max(1, min(limit[1], round(height * scale))))


def capture_request(kind: str, width: int = 0, height: int = 0, *, transparent: bool = False,
                    fps: int = DEFAULT_FPS, request_id: int = 1) -> dict[str, Any]:
    """A checked value for ``GluteScene.capture``.

    Parameters
    ----------
    kind : {"png", "gif"}
        A picture or a clip.
    width, height : int
        Pixels (see :func:`validate_size`); ``0, 0`` is the 3D view's size.
    transparent : bool
        Transparent background (PNG: alpha 0 where nothing is drawn; GIF: one transparent colour).
    fps : int
        Frames per second of a GIF, 1..30 (ignored for a PNG but checked).
    request_id : int
        Must differ from the previous request's: the browser runs a request when its id changes.

    Returns
    -------
    dict
        ``{"kind", "width", "height", "transparent", "fps", "id"}``.

    Raises
    ------
    ValueError
        When the kind, size or frame rate is out of range.

    """
    width, height = validate_size(kind, width, height)
    if not _whole(fps) or not FPS_RANGE[0] <= fps <= FPS_RANGE[1]:
        raise ValueError(f"the frame rate must be a whole number from {FPS_RANGE[0]} to {FPS_RANGE[1]} (got {fps!r})")
    return {"kind": kind, "width": width, "height": height, "transparent": bool(transparent), "fps": fps,
            "id": int(request_id)}


def status_text(done: dict[str, Any]) -> str:
    """The status line for a ``capture_done`` value ("" for an empty one)."""
    if not done:
        return ""
    if done.get("error"):
        return f"Could not save: {done['error']}"
    name = done.get("filename") or f"the {str(done.get('kind', 'picture')).upper()}"
    size = f"{done.get('width')}x{done.get('height')}"
    if done.get("kind") == "gif":
        return f"Saved {name} ({size}, {done.get('frames')} frames)"
    return f"Saved {name} ({size})"


class PicturePanel:
    """Size, transparent background, "Save PNG" and "Save GIF", and a status line, for one scene.

    Parameters
    ----------
    scene : viewer.component.scene.GluteScene
        The session's 3D view (its ``capture`` and ``capture_done`` params).
    fps : int
        Frame rate of the GIFs.

    Attributes
    ----------
    view : panel.Column
        What to put in the page (e.g. the Share box).

    """

    def __init__(self, scene: Any, fps: int = DEFAULT_FPS) -> None:
        self.scene, self.fps = scene, fps
        self.size = pn.widgets.Select(label="Picture size", options=list(SIZES), value=VIEW_SIZE,
                                      css_classes=["picture-size"], sizing_mode="stretch_width")
        self.transparent = pn.widgets.Checkbox(label="Transparent background", css_classes=["picture-transparent"])
        self.png = pn.widgets.Button(label="Save PNG", css_classes=["picture-png"], sizing_mode="stretch_width")
        self.gif = pn.widgets.Button(label="Save GIF", css_classes=["picture-gif"], sizing_mode="stretch_width")
        self.status = RichText("", css_classes=["picture-status"], margin=(2, 10))
        self.png.on_click(lambda _event: self.request("png"))
        self.gif.on_click(lambda _event: self.request("gif"))
        scene.param.watch(self._done, "capture_done")
        self.view = pn.Column(RichText.heading("Picture or clip of this view"), self.size, self.transparent,
                              pn.Row(self.png, self.gif, sizing_mode="stretch_width"), self.status,
                              sizing_mode="stretch_width", css_classes=["picture-panel"])

    def request(self, kind: str) -> dict[str, Any] | None:
        """Ask the browser for a PNG or GIF at the chosen size; returns the request, or None after an error.

        A GIF at a size above 1280x720 is made at the largest size of the same shape that fits.
        """
        width, height = SIZES.get(self.size.value, (0, 0))
        if kind == "gif":
            width, height = fit_size(width, height, GIF_MAX)
        last = self.scene.capture.get("id", 0) if self.scene.capture else 0
        try:
            value = capture_request(kind, width, height, transparent=self.transparent.value, fps=self.fps,
                                    request_id=int(last) + 1)
        except ValueError as exc:
            self._show(f"Could not save: {exc}", "warning")
            return None
        self._show("Making the GIF (progress on the 3D view)…" if kind == "gif" else "Making the picture…")
        self.scene.capture = value
        return value

    def _done(self, event: param.parameterized.Event) -> None:
        done = event.new or {}
        if self.scene.capture and done.get("id") != self.scene.capture.get("id"):
            return  # an answer to an older request
        self._show(status_text(done), "warning" if done.get("error") else "")

    def _show(self, text: str, css_class: str = "") -> None:
        self.status.html = text_html(text, css_class)
