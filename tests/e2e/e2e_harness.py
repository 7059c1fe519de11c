"""Shared by the browser tests, ``update_golden.py`` and ``tests/benchmarks/bench_viewer.py``.

Starts the real app (``glute-viewer serve``) on 127.0.0.1 in a subprocess, launches Debian's
Chromium through Playwright with software WebGL (SwiftShader), opens the app and waits for the
first 3D frame (``data-ready="1"`` on ``div.glute-scene``, see viewer/component/CONTRACT.md),
and compares screenshots with explicit tolerances.
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
GOLDEN_MAX_MEAN_ABS = 3.0  # mean absolute difference per channel, 0..255
GOLDEN_MAX_FRACTION = 0.01  # fraction of pixels differing by more than GOLDEN_PIXEL_THRESHOLD in any channel
GOLDEN_PIXEL_THRESHOLD = 48

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


def chromium_path() -> str:
    """Return the path of Debian's ``chromium``, or raise with the install command."""
    path = shutil.which("chromium")
    if path is None:
        raise RuntimeError(CHROMIUM_HINT)
    return path


def launch_chromium(playwright):  # noqa: ANN001, ANN201 - playwright types are optional here
    """Launch headless Chromium with software WebGL."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)


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


def canvas_image(page) -> np.ndarray:  # noqa: ANN001
    """Screenshot the 3D canvas as an (h, w, 3) uint8 array."""
    return png_array(page.locator(CANVAS).first.screenshot())


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


def capture_neutral_anterior(page, base_url: str) -> np.ndarray:  # noqa: ANN001
    """Open the neutral pose, paused, anterior camera, and screenshot the canvas."""
    page.set_viewport_size(VIEWPORT)
    open_app(page, base_url + GOLDEN_QUERY)
    page.mouse.move(0, 0)
    page.wait_for_timeout(1500)  # camera preset applied, a few frames drawn
    return canvas_image(page)
