"""What to export: the validated choices of one offline page (motions, selection, colour, layers).

Every check raises :class:`ExportError` with one line that names the bad value and the valid
choices, so the CLI can print it as is and exit with code 2.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from viewer.anatomy import ids
from viewer.anatomy.motions import ALL_MOTIONS, DEFAULT_MOTION, MOTION_NAMES, MOTIONS, OFFERED_FLEXIONS_DEG
from viewer.content.payloads import round_flexion
from viewer.vocab import ACTION_AXES, COLOR_MODES, VIEWS

MOTION_SETS: Final = {"all": ALL_MOTIONS, "offered": MOTION_NAMES}
"""Names accepted by ``motions`` for a whole set: ``all`` (default) and ``offered`` (no exercises)."""
DEFAULT_TITLE: Final = "Gluteal muscles"


class ExportError(ValueError):
    """A bad export option; the message is one line naming the bad value and the valid ones."""


@dataclass(frozen=True)
class MotionChoice:
    """One entry of the page's motion picker.

    Attributes
    ----------
    key : str
        Unique in the page: the motion name, or ``rotation@<deg>`` for the rotation sweep.
    name : str
        The motion name (:func:`viewer.anatomy.motions.make_motion`).
    flexion : float
        Hip flexion of the rotation sweep (degrees); 0 for the others.
    side : {"r", "l"}
        The leg a sweep moves; ``"r"`` for the others.

    """

    key: str
    name: str
    flexion: float = 0.0
    side: str = "r"


def rotation_key(flexion: float) -> str:
    """Picker key of the rotation sweep at ``flexion`` degrees, e.g. ``rotation@45``."""
    return f"rotation@{flexion:g}"


def _choice(value: str, choices: Iterable[str], what: str) -> str:
    try:
        return ids.check_choice(value, tuple(choices), what)
    except ids.UnknownIdError as exc:
        raise ExportError(str(exc)) from None


def _names(value: str | Iterable[str] | None, default: tuple[str, ...]) -> tuple[str, ...]:
    """Split a comma-separated string (or take a sequence); ``None`` gives ``default``."""
    if value is None:
        return default
    items = value.split(",") if isinstance(value, str) else list(value)
    return tuple(str(x).strip() for x in items if str(x).strip())


@dataclass(frozen=True)
class ExportOptions:
    """The choices of one exported page.

    Attributes
    ----------
    motion : str, optional
        The motion shown first (any of :data:`ALL_MOTIONS`); always included. Default: abduction
        when it is included, else the first motion included.
    flexion : float
        Hip flexion (degrees) of the rotation sweep shown first, rounded to
        :data:`viewer.vocab.FLEXION_STEP_DEG`; the page also holds the rotation at each offered
        flexion (:data:`viewer.anatomy.motions.OFFERED_FLEXIONS_DEG`).
    side : {"r", "l"}
        The leg every sweep of the page moves (the other stays in neutral); running and the
        exercises move both legs and ignore it.
    motions : tuple of str or str, optional
        Motions the page holds, names or ``all`` / ``offered`` (:data:`MOTION_SETS`), as a
        sequence or a comma-separated string; default ``all``.
    select : str
        Part selected at start (its info card shown), or ``""``.
    color : str
        Fibre colour mode at start (:data:`viewer.vocab.COLOR_MODES`).
    axis : str
        Hip axis of the action colour mode (:data:`viewer.vocab.ACTION_AXES`).
    layers : tuple of str or str, optional
        Layers drawn at start (``gluteus_maximus`` ...); default all three. An empty sequence
        draws none; an empty string is refused (a slip on the command line).
    view : str
        Camera preset at start (:data:`viewer.vocab.VIEWS`) or ``""`` for the default view.
    title : str
        Page title (plain text).
    playing : bool
        Start playing (a reader who asks the system for reduced motion starts paused anyway).

    """

    motion: str | None = None
    flexion: float = 0.0
    motions: tuple[str, ...] | str | None = None
    select: str = ""
    color: str = "anatomical"
    axis: str = "rotation"
    layers: tuple[str, ...] | str | None = None
    view: str = ""
    title: str = DEFAULT_TITLE
    playing: bool = True
    side: str = "r"
    _checked: bool = field(default=False, repr=False, compare=False)

    def check(self) -> ExportOptions:
        """Validate every option and return a normalised copy (sequences as tuples).

        Raises
        ------
        ExportError
            For the first problem found.

        """
        if self.motion is not None:
            _choice(self.motion, ALL_MOTIONS, "motion")
        try:
            flexion = round_flexion(self.flexion)
        except ValueError as exc:
            raise ExportError(f"--flexion: {exc}") from None
        try:
            side = ids.check_choice(self.side, ids.SIDES, "side")
        except ids.UnknownIdError as exc:
            raise ExportError(f"--side: {exc}") from None
        names = _names(self.motions, ALL_MOTIONS)
        if not names:
            raise ExportError(f"no motions to export; expected some of: {', '.join(('all', 'offered', *ALL_MOTIONS))}")
        wanted: list[str] = []
        for name in names:
            _choice(name, (*MOTION_SETS, *ALL_MOTIONS), "motion")
            wanted += MOTION_SETS.get(name, (name,))
        included = tuple(m for m in ALL_MOTIONS if m in wanted or m == self.motion)
        motion = self.motion or (DEFAULT_MOTION if DEFAULT_MOTION in included else included[0])
        layers = _names(self.layers, ids.LAYERS)
        if not layers and isinstance(self.layers, str):  # an empty --layers is a slip; an empty list draws none
            raise ExportError(f"--layers is empty; expected some of: {', '.join(ids.LAYERS)}")
        for layer in layers:
            _choice(layer, ids.LAYERS, "layer")
        select = self.select or ""
        if select:
            _choice(select, ids.part_ids(), "part")
        _choice(self.color, tuple(COLOR_MODES), "colour mode")
        _choice(self.axis, tuple(ACTION_AXES), "axis")
        if self.view:
            _choice(self.view, VIEWS, "view")
        title = " ".join(str(self.title).split()) or DEFAULT_TITLE
        return ExportOptions(motion=motion, flexion=flexion, motions=included, select=select,
                             color=self.color, axis=self.axis, layers=tuple(layers), view=self.view,
                             title=title, playing=bool(self.playing), side=side, _checked=True)

    def choices(self) -> list[MotionChoice]:
        """The motion picker's entries in order.

        The movements other than rotation, then the rotation once per flexion (lowest first), then
        the exercises.
        """
        opts = self if self._checked else self.check()
        movements = [m for m in opts.motions if MOTIONS[m].group == "movement"]

        def side(m: str) -> str:
            return opts.side if MOTIONS[m].uses_side else "r"

        out = [MotionChoice(m, m, side=side(m)) for m in movements if not MOTIONS[m].uses_flexion]
        for m in movements:
            if MOTIONS[m].uses_flexion:
                out += [MotionChoice(rotation_key(f), m, f, side(m))
                        for f in sorted({*OFFERED_FLEXIONS_DEG, opts.flexion})]
        return out + [MotionChoice(m, m) for m in opts.motions if MOTIONS[m].group == "exercise"]

    def initial_key(self) -> str:
        """Picker key of the motion shown first."""
        opts = self if self._checked else self.check()
        return rotation_key(opts.flexion) if opts.motion == "rotation" else opts.motion

    def visible_parts(self) -> list[str]:
        """Part ids drawn at start (the parts of :attr:`layers`)."""
        opts = self if self._checked else self.check()
        return [p for p in ids.part_ids() if ids.layer_of(p) in opts.layers]
