"""Image and clip files from rendered frames: PNG and GIF with Pillow, MP4 with imageio-ffmpeg.

Each writer takes a ``render(i) -> pixels`` callable rather than a list, so a clip
is encoded frame by frame and never held whole in memory as RGB.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from viewer.render.options import RenderError

Render = Callable[[int], np.ndarray]
PALETTE_SAMPLES = 8
MP4_QUALITY = 8  # imageio's 0..10 scale (10 = best)


def write_png(path: Path, pixels: np.ndarray) -> None:
    """Write RGB or RGBA ``pixels`` (height, width, 3 or 4) as a PNG."""
    from PIL import Image

    Image.fromarray(np.ascontiguousarray(pixels)).save(path, optimize=True)


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
    first.save(path, save_all=True, append_images=frames(), duration=round(1000 / fps), loop=0, optimize=True)


def write_mp4(path: Path, render: Render, count: int, fps: float) -> None:
    """Write ``count`` frames as an H.264 MP4 (yuv420p) at ``fps``.

    The encoder is the ffmpeg binary shipped inside the ``imageio-ffmpeg`` wheel;
    nothing is downloaded. Width and height must be even.

    Raises
    ------
    RenderError
        If imageio or imageio-ffmpeg is not installed.

    """
    try:
        import imageio.v2 as imageio
        import imageio_ffmpeg  # noqa: F401  (the encoder binary)
    except ImportError:
        raise RenderError("MP4 needs imageio and imageio-ffmpeg: pip install 'glute-viewer[render]'") from None
    writer = imageio.get_writer(path, format="FFMPEG", mode="I", fps=fps, codec="libx264", pixelformat="yuv420p",
                                quality=MP4_QUALITY, macro_block_size=2, ffmpeg_log_level="error")
    try:
        for i in range(count):
            writer.append_data(render(i))
    finally:
        writer.close()
