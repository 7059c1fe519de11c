"""Shared by the browser tests, ``update_golden.py``, tests/tools/readme_screenshot.py and tests/benchmarks.

Starts the real app (``glute-viewer serve``) on 127.0.0.1 in a subprocess, launches Debian's
Chromium through Playwright with software WebGL (SwiftShader), opens the app and waits for the
first 3D frame (``data-ready="1"`` on ``div.glute-scene``, see viewer/component/CONTRACT.md),
waits for the paused view to finish drawing (its ``data-frames-drawn`` counter), and compares
screenshots with explicit tolerances, as a whole and layer by layer (pixels of each muscle's
anatomical colour, from viewer/palette.py).
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
GOLDEN_NEUTRAL_ANTERIOR = GOLDEN_DIR / "neutral_anterior.png"
GOLDEN_QUERY = "?motion=rotation&flexion=0&play=0&view=anterior"  # frame 0 of rotation at 0 deg = neutral pose
VIEWPORT = {"width": 1024, "height": 768}
GOLDEN_MAX_MEAN_ABS = 1.0  # mean absolute difference per channel, 0..255
GOLDEN_MAX_FRACTION = 0.005  # fraction of pixels differing by more than GOLDEN_PIXEL_THRESHOLD in any channel
GOLDEN_PIXEL_THRESHOLD = 48
GOLDEN_LAYER_TOLERANCE = 0.15
"""Each layer's pixel count (:func:`layer_pixel_counts`) may differ from the golden's by this share."""
GOLDEN_MIN_LAYER_PIXELS = 500
"""Each layer covers at least this many pixels of the golden (else the golden cannot tell it is gone)."""

CHROMIUM_ARGS = [
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu-sandbox",
]
CHROMIUM_HINT = (
    "Debian's Chromium is required for the browser tests (Playwright cannot download its own browser here): "
    "run `apt-get update && apt-get install -y chromium` and `pip install playwright`"
)
SCENE = ".glute-scene"
READY = '.glute-scene[data-ready="1"]'
CANVAS = ".glute-scene canvas"
LAYERS = ("gluteus_maximus", "gluteus_medius", "gluteus_minimus")
"""The muscle layers, superficial to deep."""
LAYER_CODES = {"gluteus_maximus": "glmax", "gluteus_medius": "glmed", "gluteus_minimus": "glmin"}
"""The part-id code of each layer (its key in viewer.palette.MUSCLE_RGB)."""
MUSCLE_MIN_SATURATION = 0.45
"""HSV saturation from which a pixel can be a muscle's: the part colours are 0.60..0.90, the bones 0.10..0.15,
the background 0.01; shading keeps the hue and nearly the saturation (the view lights per vertex)."""
MUSCLE_MAX_HUE_DEG = 15.0
"""A muscle pixel's hue is within this of one of its parts' colours (the three muscles are >= 25 deg apart)."""
QUIET_FRAMES = 3
"""Animation frames without a draw after which a paused view counts as finished (render on demand)."""
IDLE_JS = """async ([el, quiet, after]) => {
  const n = el.dataset.framesDrawn;
  if (el.dataset.playing !== "0" || n === undefined || !(Number(n) > after)) return false;
  for (let i = 0; i < quiet; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
  return el.dataset.framesDrawn === n ? Number(n) : false;
}"""


def chromium_path() -> str:
    """Return the path of Debian's ``chromium``, or raise with the install command."""
    path = shutil.which("chromium")
    if path is None:
        raise RuntimeError(CHROMIUM_HINT)
    return path


def launch_chromium(playwright, extra_args: tuple[str, ...] = ()):  # noqa: ANN001, ANN201 - playwright types optional
    """Launch headless Chromium with software WebGL (and ``extra_args``, e.g. the benchmarks' unthrottled flags)."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=[*CHROMIUM_ARGS, *extra_args],
                                      headless=True)


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """``glute-viewer serve --port N --no-show`` in a subprocess, stopped by :meth:`stop`.

    Parameters
    ----------
    log_path : Path
        File receiving the server's output (shown when it fails to start).
    extra_args : list of str, optional
        More ``serve`` arguments.

    """

    def __init__(self, log_path: Path, extra_args: list[str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = Path(log_path)
        self.extra_args = list(extra_args or [])
        self.proc: subprocess.Popen | None = None

    def command(self) -> list[str]:
        """The command line (the console script when installed, else ``python -m viewer.cli``)."""
        exe = shutil.which("glute-viewer")
        base = [exe] if exe else [sys.executable, "-m", "viewer.cli"]
        return [*base, "serve", "--port", str(self.port), "--no-show", *self.extra_args]

    def popen_options(self) -> dict[str, Any]:
        """Extra ``subprocess.Popen`` arguments (none here; subclasses add theirs)."""
        return {}

    def start(self, timeout: float = 180.0) -> AppServer:
        """Start the server and wait until it answers HTTP 200 on ``/``."""
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(self.command(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                         env=os.environ.copy(), **self.popen_options())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with code {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url, timeout=10) as response:
                    if response.status == 200:
                        return self
            except (OSError, ValueError):  # URLError, refused, reset, timeouts are OSErrors
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"the server did not answer on {self.url} within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        """Return the last lines of the server log."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """Terminate the server (kill it if it does not stop within 10 s)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def open_app(page, url: str, timeout_ms: float = 90_000) -> None:  # noqa: ANN001
    """Navigate to the app and wait for the first drawn 3D frame."""
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    page.wait_for_selector(READY, state="attached", timeout=timeout_ms)


def wait_until_drawn(page, after: int = 0, timeout_ms: float = 30_000) -> int:  # noqa: ANN001
    """Wait until the paused view has drawn more than ``after`` frames and has no draw pending; return the count.

    The view draws on demand (viewer/frontend/src/renderer.js) and, while paused, writes its
    counter ``data-frames-drawn`` on every draw: once the counter has passed ``after`` and has
    not moved for :data:`QUIET_FRAMES` animation frames, what is on the canvas is final.
    """
    root = page.locator(SCENE).first.element_handle()
    page.wait_for_function(IDLE_JS, arg=[root, QUIET_FRAMES, after], timeout=timeout_ms)
    return int(scene_data(page, "frames-drawn"))


def clickable_part(frame, candidates) -> tuple[str, list[float]]:  # noqa: ANN001
    """The first of ``candidates`` that a click at its ``screenPositionOf`` point picks, and that point.

    ``frame`` is a Playwright page or frame showing the 3D view (canvas CSS pixels are returned).

    Raises
    ------
    AssertionError
        If none of them can be clicked in the current view.

    """
    for part in candidates:
        pos = frame.evaluate("p => window.__gluteScene.screenPositionOf(p)", part)
        if pos and frame.evaluate("([x, y]) => window.__gluteScene.pickAt(x, y)", pos) == part:
            return part, pos
    raise AssertionError(f"none of {list(candidates)} can be clicked in the current view")


def scene_data(page, name: str) -> str | None:  # noqa: ANN001
    """Return a ``data-*`` attribute of the component root (``name`` without ``data-``)."""
    return page.locator(SCENE).first.get_attribute(f"data-{name}")


OVERLAYS_HIDDEN = ".gs-stage > :not(canvas) { visibility: hidden !important; }"
"""CSS for canvas screenshots: the colour key, orientation marker, chip and buttons over the view hidden."""


def canvas_image(page, overlays: bool = False) -> np.ndarray:  # noqa: ANN001
    """Screenshot the 3D canvas as an (h, w, 3) uint8 array: what is drawn (the DOM over it only with ``overlays``)."""
    return png_array(page.locator(CANVAS).first.screenshot(style=None if overlays else OVERLAYS_HIDDEN))


def assert_drawn(image: np.ndarray) -> None:
    """Fail unless ``image`` (a canvas screenshot) is a real picture: big enough, varied, many colours."""
    assert image.shape[0] > 300 and image.shape[1] > 300, image.shape
    grey = image.astype(float).mean(axis=2)
    assert grey.std() > 10, f"canvas looks blank: pixel std {grey.std():.1f}"
    colours = {tuple(c) for c in (image[::8, ::8] // 32).reshape(-1, 3)}
    assert len(colours) > 8, f"only {len(colours)} colour bins: bones and fibres are not drawn"


def png_array(png: bytes) -> np.ndarray:
    """Decode PNG bytes to an (h, w, 3) uint8 array."""
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def save_png(array: np.ndarray, path: Path) -> None:
    """Write an (h, w, 3) uint8 array as PNG."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array).save(path)


def image_difference(a: np.ndarray, b: np.ndarray, threshold: int = GOLDEN_PIXEL_THRESHOLD) -> tuple[float, float]:
    """Return (mean absolute difference 0..255, fraction of pixels differing by more than ``threshold``)."""
    if a.shape != b.shape:
        raise ValueError(f"image sizes differ: {a.shape} vs {b.shape}")
    diff = np.abs(a.astype(np.int16) - b.astype(np.int16))
    return float(diff.mean()), float((diff.max(axis=2) > threshold).mean())


def hue_saturation(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """HSV hue (degrees 0..360) and saturation (0..1) of an (h, w, 3) uint8 image."""
    rgb = image.astype(np.float32) / 255.0
    top, bottom = rgb.max(axis=2), rgb.min(axis=2)
    span = top - bottom
    saturation = np.where(top > 0, span / np.maximum(top, 1e-6), 0.0)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    safe = np.maximum(span, 1e-6)
    hue = np.where(top == r, (g - b) / safe % 6.0, np.where(top == g, (b - r) / safe + 2.0, (r - g) / safe + 4.0))
    return np.where(span > 0, hue * 60.0, 0.0) % 360.0, saturation


def layer_hues() -> dict[str, list[float]]:
    """Hue (degrees) of each part colour of each layer, from viewer/palette.py."""
    from viewer.palette import MUSCLE_RGB

    out = {}
    for layer, code in LAYER_CODES.items():
        colours = np.array([[round(c * 255) for c in rgb] for rgb in MUSCLE_RGB[code]], dtype=np.uint8)
        out[layer] = [float(h) for h in hue_saturation(colours[None])[0][0]]
    return out


def layer_masks(image: np.ndarray, min_saturation: float = MUSCLE_MIN_SATURATION) -> dict[str, np.ndarray]:
    """Boolean (h, w) mask of the pixels of each layer's anatomical colour.

    A pixel belongs to the layer with the part colour nearest in hue, if within
    :data:`MUSCLE_MAX_HUE_DEG` and at least ``min_saturation`` saturated.
    """
    hue, saturation = hue_saturation(image)
    hues = layer_hues()
    distance = np.stack([
        np.min([np.abs((hue - h + 180.0) % 360.0 - 180.0) for h in hues[layer]], axis=0) for layer in LAYERS])
    nearest = distance.argmin(axis=0)
    coloured = (saturation >= min_saturation) & (distance.min(axis=0) <= MUSCLE_MAX_HUE_DEG)
    return {layer: coloured & (nearest == i) for i, layer in enumerate(LAYERS)}


def layer_pixel_counts(image: np.ndarray, min_saturation: float = MUSCLE_MIN_SATURATION) -> dict[str, int]:
    """Number of pixels of each layer's anatomical colour (see :func:`layer_masks`)."""
    return {layer: int(mask.sum()) for layer, mask in layer_masks(image, min_saturation).items()}


def capture_neutral_anterior(page, base_url: str) -> np.ndarray:  # noqa: ANN001
    """Open the neutral pose, paused, anterior camera, and screenshot the canvas once it is drawn."""
    page.set_viewport_size(VIEWPORT)
    open_app(page, base_url + GOLDEN_QUERY)
    page.mouse.move(0, 0)
    wait_until_drawn(page)
    return canvas_image(page)
