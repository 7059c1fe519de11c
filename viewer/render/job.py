"""Render a request to its file: one motion, one Plotter, every frame of the loop."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from viewer.atomic_write import check_target, make_folder
from viewer.render.options import RenderError, RenderRequest
from viewer.render.stage import Stage
from viewer.render.writers import write_gif, write_mp4, write_png


@dataclass(frozen=True)
class RenderResult:
    """What was written.

    Attributes
    ----------
    path : Path
        The file.
    frames : int
        Frames in the file (1 for a PNG).
    size : (width, height)
        Pixels.
    fps : float or None
        Frame rate of a clip.
    bytes : int
        File size.
    seconds : float
        Wall time of the whole render, scene included.

    """

    path: Path
    frames: int
    size: tuple[int, int]
    fps: float | None
    bytes: int
    seconds: float

    def as_dict(self) -> dict:
        """JSON-friendly form."""
        return {"file": str(self.path), "frames": self.frames, "width": self.size[0], "height": self.size[1],
                "fps": self.fps, "bytes": self.bytes, "seconds": round(self.seconds, 3)}


def make_request_motion(request: RenderRequest):
    """The motion of ``request``, with bad names or flexion turned into :class:`RenderError`."""
    from viewer.anatomy import ids, motions
    from viewer.anatomy.yamlio import AnnotationError

    try:
        return motions.make_motion(request.motion, flexion_deg=request.flexion_deg, frames=request.frames,
                                   side=request.side)
    except (ids.UnknownIdError, AnnotationError) as exc:
        raise RenderError(str(exc)) from None
    except ValueError as exc:
        raise RenderError(f"--flexion: {exc}") from None


def render(request: RenderRequest) -> RenderResult:
    """Render ``request`` to ``request.out``.

    Parameters
    ----------
    request : RenderRequest
        Checked here first.

    Returns
    -------
    RenderResult

    Raises
    ------
    RenderError
        For a bad request (nothing is written).
    viewer.atomic_write.OutputError
        If the file cannot be written: the output is a folder or a device, its folder cannot be
        created, the disk is full ... (checked before rendering where possible; an existing file
        is left as it was).

    """
    from viewer.anatomy.scene import build_scene

    start = time.perf_counter()
    request.check()
    out = Path(request.out)
    check_target(out)
    motion = make_request_motion(request)
    still = request.frame_index(motion.frames) if request.still else None
    make_folder(out.parent)
    scene = build_scene(motion)
    stage = Stage(scene, request.view, request.size, request.select, request.layers, parts=request.parts,
                  display=request.display)
    try:
        if still is not None:
            write_png(out, stage.image(still, transparent=request.transparent))
        elif request.format == ".gif":
            write_gif(out, stage.image, motion.frames, request.fps)
        else:
            write_mp4(out, stage.image, motion.frames, request.fps)
    finally:
        stage.close()
    count = 1 if still is not None else motion.frames
    return RenderResult(out, count, tuple(request.size), None if still is not None else request.fps,
                        out.stat().st_size, time.perf_counter() - start)
