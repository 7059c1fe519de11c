"""Off-screen pictures and clips of a motion: PNG, GIF and MP4 (pyvista, Pillow, imageio-ffmpeg).

``render(RenderRequest(out="run.gif", motion="running", view="lateral"))`` writes
every frame of one loop through a single reused Plotter.
"""

from __future__ import annotations

from viewer.render.job import RenderResult, render
from viewer.render.options import (
    DEFAULT_FPS,
    DEFAULT_SIZE,
    FORMATS,
    MAX_SIZE,
    VIEWS,
    RenderError,
    RenderRequest,
)

__all__ = ["DEFAULT_FPS", "DEFAULT_SIZE", "FORMATS", "MAX_SIZE", "VIEWS", "RenderError", "RenderRequest",
           "RenderResult", "render"]
