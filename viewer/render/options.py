"""What to render: a validated request (views, sizes, formats, frame rate).

Every check here raises :class:`RenderError` with one line that names the valid
choices, so the CLI can print it as is and exit with code 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.sweeps import check_flexion
from viewer.vocab import CAMERA_PRESETS, DEFAULT_DISPLAY, DISPLAY_MODES, GIF_MAX_FRAMES, PNG_MAX

VIEWS = {p.id: (p.direction, p.up) for p in CAMERA_PRESETS.values()}
"""Camera direction from the target (ground frame: x anterior, y superior, z right) and screen up of
each preset, the browser's own (:data:`viewer.vocab.CAMERA_PRESETS`): ``lateral`` looks at the right
side, ``superior`` looks down with anterior up."""
FORMATS = (".png", ".gif", ".mp4")
MAX_SIZE = PNG_MAX
"""Largest picture or clip, width and height in pixels: the browser's PNG limit (:data:`viewer.vocab.PNG_MAX`)."""
MIN_SIZE = 16
"""Smallest width and height in pixels (``picture`` and ``render``)."""
DEFAULT_SIZE = (800, 600)
DEFAULT_FPS = 20.0
MAX_FPS = {".gif": 50.0, ".mp4": 60.0}
"""GIF delays are whole centiseconds and browsers slow down delays under 20 ms."""
MAX_FRAMES = GIF_MAX_FRAMES
"""Most frames in one loop (``--frames``), the browser's GIF limit (:data:`viewer.vocab.GIF_MAX_FRAMES`)."""


class RenderError(ValueError):
    """A request that cannot be rendered; the message is one line naming the valid choices."""


@dataclass(frozen=True)
class RenderRequest:
    """One picture or clip of a motion.

    Attributes
    ----------
    out : Path
        Output file; its extension (``.png``, ``.gif``, ``.mp4``) chooses the format.
    motion : str
        A name of :data:`viewer.anatomy.motions.ALL_MOTIONS`.
    flexion_deg : float
        Hip flexion of the rotation sweep (degrees).
    frames : int, optional
        Samples per loop (default: the motion's own).
    view : str
        A key of :data:`VIEWS`.
    frame, phase : int or float, optional
        PNG only: the frame index, or the phase in [0, 1] (nearest frame). Default frame 0.
    size : (width, height)
        Pixels, at most :data:`MAX_SIZE`; even numbers for MP4.
    fps : float
        Frames per second of a GIF or MP4.
    transparent : bool
        PNG only: transparent background.
    select : str, optional
        A part id to highlight; the other fibres are dimmed.
    layers : tuple of str, optional
        Layer ids (``gluteus_maximus`` ...) to draw; default all.
    parts : tuple of str, optional
        Part ids to draw (of those layers); default all.
    side : {"r", "l"}
        The leg a sweep moves (the other stays in neutral); ignored by the other motions.
    display : {"both", "muscles", "fibres"}
        Solid volumes see-through over the fibres (default, as the browser), solid volumes only,
        or the fibres only (:data:`viewer.vocab.DISPLAY_MODES`).

    """

    out: Path
    motion: str = "running"
    flexion_deg: float = 0.0
    frames: int | None = None
    view: str = "lateral"
    frame: int | None = None
    phase: float | None = None
    size: tuple[int, int] = DEFAULT_SIZE
    fps: float = DEFAULT_FPS
    transparent: bool = False
    select: str | None = None
    layers: tuple[str, ...] | None = None
    parts: tuple[str, ...] | None = None
    side: str = "r"
    display: str = DEFAULT_DISPLAY

    @property
    def format(self) -> str:
        """The output format as a lower-case extension (``.png``, ``.gif``, ``.mp4``)."""
        return Path(self.out).suffix.lower()

    @property
    def still(self) -> bool:
        """True for a one-frame picture (PNG)."""
        return self.format == ".png"

    def check(self) -> RenderRequest:
        """Validate everything that does not need the motion; return ``self``.

        Raises
        ------
        RenderError
            For the first problem found.

        """
        if self.format not in FORMATS:
            raise RenderError(f"unknown output format {self.format or '(no extension)'!r} of {str(self.out)!r}; "
                              f"expected one of: {', '.join(FORMATS)}")
        _choice(self.view, tuple(VIEWS), "view")
        _choice(self.display, tuple(DISPLAY_MODES), "display")
        width, height = check_size(self.size)
        try:
            check_flexion(self.flexion_deg)
        except ValueError as exc:
            raise RenderError(f"--flexion: {exc}") from None
        if self.side not in ids.SIDES:
            raise RenderError(f"--side: unknown side {self.side!r}; expected one of: {', '.join(ids.SIDES)}")
        if self.format == ".mp4" and (width % 2 or height % 2):
            raise RenderError(f"MP4 (H.264, yuv420p) needs an even width and height, got {width}x{height}")
        if self.transparent and not self.still:
            why = "GIF has only 1-bit transparency, which frays antialiased edges" if self.format == ".gif" \
                else "H.264 in yuv420p has no alpha channel"
            raise RenderError(f"--transparent applies to PNG only: {why}")
        if not self.still and (self.frame is not None or self.phase is not None):
            raise RenderError("--frame and --phase pick the still of a PNG; a GIF or MP4 holds every frame of one loop")
        if self.frame is not None and self.phase is not None:
            raise RenderError("give --frame or --phase, not both")
        if self.phase is not None and not (np.isfinite(self.phase) and 0.0 <= self.phase <= 1.0):
            raise RenderError(f"--phase must be a number from 0 to 1, got {self.phase}")
        if not self.still:
            top = MAX_FPS[self.format]
            if not (np.isfinite(self.fps) and 1.0 <= self.fps <= top):
                raise RenderError(f"--fps must be from 1 to {top:g} for {self.format[1:].upper()}, got {self.fps:g}")
        if self.frames is not None and not 2 <= self.frames <= MAX_FRAMES:
            raise RenderError(f"--frames must be from 2 to {MAX_FRAMES}, got {self.frames}")
        if self.layers is not None:
            if not self.layers:
                raise RenderError(f"--layers is empty; expected some of: {', '.join(ids.LAYERS)}")
            for layer in self.layers:
                _choice(layer, ids.LAYERS, "layer")
        for part in self.parts or ():
            _choice(part, ids.part_ids(), "part")
        if self.select is not None:
            _choice(self.select, ids.part_ids(), "part")
            layer = ids.layer_of(self.select)
            if self.layers is not None and layer not in self.layers:
                raise RenderError(f"--select {self.select} is not drawn: its layer {layer} is not in --layers")
        return self

    def frame_index(self, count: int) -> int:
        """The still's frame index in a motion of ``count`` frames (PNG).

        Raises
        ------
        RenderError
            If ``frame`` is not in ``0..count-1``.

        """
        if self.phase is not None:
            return int(round(self.phase * count)) % count
        frame = 0 if self.frame is None else self.frame
        if not 0 <= frame < count:
            raise RenderError(f"--frame {frame} is out of range; this motion has frames 0..{count - 1}")
        return frame


def check_size(size: tuple[int, int]) -> tuple[int, int]:
    """Check a picture size against :data:`MIN_SIZE` and :data:`MAX_SIZE` before any rendering.

    Parameters
    ----------
    size : (width, height)
        Pixels, whole numbers.

    Returns
    -------
    (width, height)
        ``size`` as a tuple.

    Raises
    ------
    RenderError
        Naming the option (``--width`` or ``--height``), the value and the range.

    """
    width, height = size
    for option, value, top in (("--width", width, MAX_SIZE[0]), ("--height", height, MAX_SIZE[1])):
        if not (_whole(value) and MIN_SIZE <= value <= top):
            raise RenderError(f"{option} {value} is out of range; expected a whole number of pixels from "
                              f"{MIN_SIZE} to {top}")
    return int(width), int(height)


def _whole(value: object) -> bool:
    """True for a whole number (``800`` or ``800.0``), False for anything else (``nan``, ``True``, text)."""
    if isinstance(value, bool):
        return False
    try:
        return float(value).is_integer()  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return False


def _choice(value: str, choices: tuple[str, ...], what: str) -> str:
    try:
        return ids.check_choice(value, choices, what)
    except ids.UnknownIdError as exc:
        raise RenderError(str(exc)) from None
