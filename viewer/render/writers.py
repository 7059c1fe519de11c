"""Image and clip files from rendered frames: PNG and GIF with Pillow, MP4 with imageio-ffmpeg.

Each writer takes a ``render(i) -> pixels`` callable rather than a list, so a clip
is encoded frame by frame and never held whole in memory as RGB.

Every file is written whole or not at all (:func:`viewer.atomic_write.atomic_path`): the encoder
writes a temporary file next to ``path`` that is renamed to ``path`` only when complete. A
failure to write raises :class:`viewer.atomic_write.OutputError` and leaves an existing file as
it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import subprocess
import tempfile
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO

import numpy as np

from viewer.atomic_write import atomic_path
from viewer.render.options import RenderError

Render = Callable[[int], np.ndarray]
PALETTE_SAMPLES = 8
MP4_CRF = 10
"""H.264 constant rate factor (0 best .. 51 worst): what imageio's quality 8 of 10 gave."""


def write_png(path: Path, pixels: np.ndarray) -> None:
    """Write RGB or RGBA ``pixels`` (height, width, 3 or 4) as a PNG."""
    from PIL import Image

    image = Image.fromarray(np.ascontiguousarray(pixels))
    with atomic_path(path) as temp:
        image.save(temp, format="PNG", optimize=True)


def write_gif(path: Path, render: Render, count: int, fps: float) -> None:
    """Write ``count`` frames as a GIF that loops forever at ``fps``.

    One palette for the whole clip, built from a few evenly spaced frames,
    keeps colours steady between frames and lets Pillow store only what changes.
    Pillow merges identical consecutive frames into one (their durations add), so
    a sweep sampled exactly around its turning point may hold fewer frames; the
    timing is unchanged.

    Parameters
    ----------
    path : Path
        Output file.
    render : callable
        ``render(i)`` returns frame ``i`` as (height, width, 3) uint8.
    count : int
        Number of frames.
    fps : float
        Frames per second; each frame lasts ``round(1000 / fps)`` ms.

    """
    from PIL import Image

    samples = np.unique(np.linspace(0, count - 1, min(PALETTE_SAMPLES, count)).round().astype(int))
    sampled = {int(i): render(int(i)) for i in samples}
    strip = Image.fromarray(np.concatenate(list(sampled.values()), axis=0))
    palette = strip.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)

    def frame(i: int):
        pixels = sampled.pop(i) if i in sampled else render(i)
        return Image.fromarray(pixels).quantize(palette=palette, dither=Image.Dither.NONE)

    def frames():
        for i in range(1, count):
            yield frame(i)

    first = frame(0)
    with atomic_path(path) as temp:
        first.save(temp, format="GIF", save_all=True, append_images=frames(), duration=round(1000 / fps), loop=0,
                   optimize=True)


def write_mp4(path: Path, render: Render, count: int, fps: float) -> None:
    """Write ``count`` frames as an H.264 MP4 (yuv420p) at ``fps``.

    The encoder is the ffmpeg binary shipped inside the ``imageio-ffmpeg`` wheel;
    nothing is downloaded. Width and height must be even. Frames are piped to ffmpeg
    as raw RGB, and its exit status is checked: an encoder that fails or is stopped
    (a full disk, a file-size limit) leaves no file behind.

    Raises
    ------
    RenderError
        If imageio-ffmpeg is not installed.
    viewer.atomic_write.OutputError
        If ffmpeg cannot write the file.

    """
    try:
        from imageio_ffmpeg import get_ffmpeg_exe
    except ImportError:
        raise RenderError("MP4 needs imageio and imageio-ffmpeg: pip install 'glute-viewer[render]'") from None
    first = _rgb24(render(0))
    height, width = first.shape[:2]
    with atomic_path(path) as temp:
        command = [get_ffmpeg_exe(), "-y", "-v", "error", "-f", "rawvideo", "-vcodec", "rawvideo",
                   "-s", f"{width}x{height}", "-pix_fmt", "rgb24", "-r", str(Fraction(fps).limit_denominator()),
                   "-i", "-", "-an", "-vcodec", "libx264", "-pix_fmt", "yuv420p", "-crf", str(MP4_CRF), str(temp)]
        _encode(command, lambda i: first if i == 0 else _rgb24(render(i)), count)


def _rgb24(pixels: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(pixels[..., :3], dtype=np.uint8)


def _encode(command: list[str], frame: Render, count: int) -> None:
    """Run ffmpeg ``command`` with ``count`` raw frames on its standard input; raise OSError if it fails."""
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log)
        try:
            _feed(proc.stdin, frame, count)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        if proc.wait() != 0:
            log.seek(0)
            raise _encoder_error(proc.returncode, log.read().decode("utf-8", "replace"))


def _feed(stdin: BinaryIO, frame: Render, count: int) -> None:
    """Write the frames to the encoder; stop quietly if it has gone (its exit status says why)."""
    try:
        for i in range(count):
            stdin.write(frame(i).tobytes())
        stdin.close()
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            stdin.close()


def _encoder_error(status: int, log: str) -> OSError:
    """An OSError for ffmpeg's exit ``status``: EFBIG if a file-size limit stopped it, else its last message."""
    if hasattr(signal, "SIGXFSZ") and status == -signal.SIGXFSZ:
        return OSError(errno.EFBIG, os.strerror(errno.EFBIG))
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    why = lines[-1] if lines else f"exit status {status}"
    return OSError(errno.EIO, f"ffmpeg failed: {why}")
