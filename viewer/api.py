"""``GluteViewer``: the viewer for notebooks and scripts, driven by a typed Python API.

    from viewer import GluteViewer
    v = GluteViewer()
    v.show_motion("rotation", flexion=90)       # the right leg rotates; side="l" moves the left
    v.select("glmed3_r")
    v.color_by("action", axis="rotation")
    v.display("muscles")                        # solid muscles only; "fibres" the lines only, "both" (default)
    v.layers["gluteus_maximus"].opacity = 0.3
    v.parts["glmin1_r"].visible = False
    v.screenshot("rotation90.png")
    v.export("rotation90.html")
    v            # in Jupyter: the whole viewer, live

Every method goes through the app's named actions (:class:`viewer.app.actions.Actions`) in strict
mode, so a bad value raises :class:`~viewer.app.actions.ActionRefused` (a ``ValueError``) whose
message names what was wrong and what was expected; the URL of the served app goes through the
same actions. Hip flexion and pelvic drop are rounded to the steps of :mod:`viewer.vocab`.
:meth:`GluteViewer.screenshot` draws off-screen with pyvista (``pip install glute-viewer[render]``);
:meth:`GluteViewer.export` writes the one-file offline page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import panel as pn

from viewer.anatomy import ids
from viewer.app.actions import ActionRefused, Actions
from viewer.app.builder import Session, build_session
from viewer.app.state import ViewerState, opacity_param

__all__ = ["ActionRefused", "GluteViewer", "Layer", "Part"]


class Layer:
    """One muscle layer (both sides) or the bones: ``visible`` and ``opacity``."""

    def __init__(self, viewer: GluteViewer, key: str) -> None:
        self._viewer = viewer
        self.key = key

    @property
    def visible(self) -> bool:
        """Whether every part of the layer is drawn (the bones are always drawn)."""
        if self.key == "bones":
            return True
        shown = set(self._viewer.state.visible_parts)
        return all(p in shown for p in ids.part_ids() if ids.layer_of(p) == self.key)

    @visible.setter
    def visible(self, value: bool) -> None:
        if self.key == "bones":
            raise ActionRefused("the bones are always drawn; set bones.opacity = 0 to hide them")
        self._viewer._strict.toggle_layer(self.key, visible=_bool(value, "visible"))

    @property
    def opacity(self) -> float:
        """Opacity from 0 (invisible) to 1."""
        return float(getattr(self._viewer.state, opacity_param(self.key)))

    @opacity.setter
    def opacity(self, value: float) -> None:
        self._viewer._strict.set_opacity(self.key, value)

    def __repr__(self) -> str:
        return f"Layer({self.key!r}, visible={self.visible}, opacity={self.opacity:g})"


class Part:
    """One muscle part (``glmed1_r``): ``visible``."""

    def __init__(self, viewer: GluteViewer, part_id: str) -> None:
        self._viewer = viewer
        self.id = part_id

    @property
    def visible(self) -> bool:
        """Whether the part is drawn."""
        return self.id in self._viewer.state.visible_parts

    @visible.setter
    def visible(self, value: bool) -> None:
        self._viewer._strict.toggle_part(self.id, visible=_bool(value, "visible"))

    def __repr__(self) -> str:
        return f"Part({self.id!r}, visible={self.visible})"


class _Keyed(Mapping[str, Any]):
    """A read-only mapping whose missing key raises a ``KeyError`` naming the valid ones."""

    def __init__(self, items: dict[str, Any], what: str) -> None:
        self._items = items
        self._what = what

    def __getitem__(self, key: str) -> Any:
        try:
            return self._items[key]
        except (KeyError, TypeError):
            raise KeyError(f"unknown {self._what} {key!r}; expected one of: {', '.join(self._items)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


class GluteViewer(pn.viewable.Viewer):
    """The gluteal muscles viewer of one session, driven from Python and displayable in Jupyter.

    Parameters
    ----------
    motion : str, optional
        A motion or exercise (``abduction``, ``rotation``, ``flexion``, ``running``, ``clamshell`` ...).
    flexion : float, optional
        Hip flexion (deg, -20..110, rounded to 5) of the rotation sweep.
    side : {"r", "l"}, optional
        The leg the sweeps move (default the right); the other stays in neutral.
    select : str, optional
        A part id such as ``glmed1_r``.
    color : str, optional
        ``anatomical``, ``action``, ``stretch`` or ``activation``.
    axis : str, optional
        Hip axis of the action colours: ``flexion``, ``adduction`` or ``rotation``.
    pelvic_drop : float, optional
        Running only: extra pelvic drop (deg, 0..20) in the weak side's stance.
    weak_side : {"r", "l"}, optional
        The weak side, with ``pelvic_drop``.
    view : str, optional
        Camera preset (``anterior``, ``posterior``, ``lateral``, ``lateral_left``, ``superior``, ``reset``).
    play : bool, optional
        Start playing (default) or paused.
    speed : float, optional
        Playback speed, 0.25..2.
    frame : float, optional
        Frame shown.
    parts : sequence of str, optional
        Part ids drawn (default all 18).
    peel : int, optional
        0 all layers, 1 without maximus, 2 without maximus and medius.

    Attributes
    ----------
    session : viewer.app.builder.Session
        The session behind the viewer (state, widgets, 3D component).
    layers : mapping
        ``{"gluteus_maximus" | "gluteus_medius" | "gluteus_minimus" | "bones": Layer}``.
    parts : mapping
        ``{part id: Part}`` for the 18 parts.

    Raises
    ------
    ActionRefused
        For a refused value (a ``ValueError``), with what was wrong and what was expected.
    TypeError
        For an unknown keyword.

    """

    def __init__(self, motion: str | None = None, *, flexion: float | None = None, side: str | None = None,
                 select: str | None = None, color: str | None = None, axis: str | None = None,
                 pelvic_drop: float | None = None, weak_side: str | None = None, view: str | None = None,
                 play: bool | None = None, speed: float | None = None, frame: float | None = None,
                 parts: list[str] | None = None, peel: int | None = None) -> None:
        self.session: Session = build_session(query={}, detached=True)
        self._strict = Actions(self.session.state, strict=True)
        self.layers = _Keyed({k: Layer(self, k) for k in (*ids.LAYERS, "bones")}, "layer")
        self.parts = _Keyed({p: Part(self, p) for p in ids.part_ids()}, "part")
        self._preset = ""
        super().__init__()
        if motion is not None or flexion is not None or side is not None:
            self.show_motion(motion or self.state.motion, flexion=flexion, side=side)
        if pelvic_drop is not None or weak_side is not None:
            self.pelvic_drop(pelvic_drop if pelvic_drop is not None else self.state.pelvic_drop, weak_side)
        if parts is not None:
            self._strict.set_visible_parts(parts)
        if select is not None:
            self.select(select)
        if color is not None or axis is not None:
            self.color_by(color or self.state.color_mode, axis=axis)
        if peel is not None:
            self._strict.set_peel(peel)
        if speed is not None:
            self._strict.set_speed(speed)
        if play is not None:
            self.play() if _bool(play, "play") else self.pause()
        if frame is not None:
            self.seek(frame)
        if view is not None:
            self.view(view)

    # -- what is shown -------------------------------------------------------------------------
    @property
    def state(self) -> ViewerState:
        """The session's state (read it; change it through the methods)."""
        return self.session.state

    def show_motion(self, name: str, *, flexion: float | None = None, side: str | None = None) -> GluteViewer:
        """Show a motion or exercise; ``flexion`` sets the hip flexion of the rotation sweep (degrees).

        ``side`` (``"r"`` or ``"l"``) chooses the leg the sweeps move, the other staying in neutral;
        ``None`` keeps the current one (the right at first). Running and the exercises move both legs.
        """
        self._strict.set_motion(name, flexion, side)
        return self

    def pelvic_drop(self, degrees: float, weak_side: str | None = None) -> GluteViewer:
        """Running with a weak gluteus medius: extra pelvic drop (0..20 deg) in the weak side's stance."""
        self._strict.set_pelvic_drop(degrees, weak_side)
        return self

    def select(self, part: str | None) -> GluteViewer:
        """Select a part (its card and plots follow), or clear the selection with ``None``."""
        self._strict.select(part or "")
        return self

    def color_by(self, mode: str, *, axis: str | None = None) -> GluteViewer:
        """Colour the fibres by ``anatomical``, ``action`` (about ``axis``), ``stretch`` or ``activation``."""
        self._strict.set_color_mode(mode, axis)
        return self

    def display(self, mode: str) -> GluteViewer:
        """Draw the muscles as ``both`` (see-through solids over the fibres), ``muscles`` (solids) or ``fibres``."""
        self._strict.set_display(mode)
        return self

    def peel(self, level: int) -> GluteViewer:
        """Peel the layers: 0 all, 1 without maximus, 2 without maximus and medius."""
        self._strict.set_peel(level)
        return self

    def isolate(self, on: bool = True) -> GluteViewer:
        """Draw only the selected part."""
        self._strict.set_isolate(on)
        return self

    def view(self, preset: str) -> GluteViewer:
        """Move the camera to a preset (``anterior``, ``posterior``, ``lateral``, ``lateral_left`` ...)."""
        self._strict.set_view(preset)
        self._preset = preset
        return self

    # -- playback ------------------------------------------------------------------------------
    def play(self) -> GluteViewer:
        """Play the animation."""
        self._strict.set_playing(True)
        return self

    def pause(self) -> GluteViewer:
        """Pause the animation."""
        self._strict.set_playing(False)
        return self

    def seek(self, frame: float) -> GluteViewer:
        """Show ``frame`` of the motion (0..frames-1; fractions blend key frames)."""
        self._strict.seek(frame)
        return self

    # -- files ---------------------------------------------------------------------------------
    def screenshot(self, path: str | Path, *, size: tuple[int, int] = (800, 600), view: str | None = None,
                   transparent: bool = False) -> Path:
        """Draw the current motion, frame, selection, visible layers and display mode off-screen to a PNG.

        Parameters
        ----------
        path : str or Path
            A ``.png`` file (its folder is created).
        size : (width, height)
            Pixels, up to 1920 x 1080.
        view : str, optional
            Camera preset; default the last one asked for with :meth:`view`, else ``lateral``.
        transparent : bool
            Transparent background.

        Returns
        -------
        Path

        Raises
        ------
        ActionRefused
            For a bad path, size or view.
        ImportError
            Without the ``render`` extra (pyvista).

        """
        try:
            from viewer.render import RenderError, RenderRequest, render
        except ImportError as exc:  # pragma: no cover - the render extra is missing
            raise ImportError(f"screenshots need pyvista: pip install 'glute-viewer[render]' ({exc})") from None
        out = Path(path)
        if out.suffix.lower() != ".png":
            raise ActionRefused(f"screenshot {str(out)!r} is not a .png file; expected a path ending in .png")
        s = self.state
        frames = max(s.frames, 1)
        request = RenderRequest(out=out, motion=s.motion, flexion_deg=float(s.flexion), side=s.side,
                                view=view or self._preset or "lateral", frame=int(round(s.frame)) % frames,
                                size=tuple(size), transparent=_bool(transparent, "transparent"),
                                select=s.selected or None, parts=tuple(s.visible_parts), display=s.display)
        try:
            return render(request).path
        except RenderError as exc:
            raise ActionRefused(str(exc)) from None

    def export(self, path: str | Path, *, motions: str = "all", title: str | None = None) -> Path:
        """Write the one-file offline page of this view (motion, selection, colours, layers).

        Raises
        ------
        ActionRefused
            For a bad path or option.

        """
        from viewer.export import ExportError, export_html

        s = self.state
        shown = {ids.layer_of(p) for p in s.visible_parts}
        try:
            out = export_html(path, s.motion, flexion=s.flexion, motions=motions, select=s.selected,
                              color=s.color_mode, axis=s.action_axis, layers=[x for x in ids.LAYERS if x in shown],
                              view=self._preset, title=title, playing=s.playing, side=s.side)
        except ExportError as exc:
            raise ActionRefused(str(exc)) from None
        return Path(out)

    def __panel__(self) -> pn.viewable.Viewable:
        """The page: controls, 3D view, plots and card."""
        return self.session.page


def _bool(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise ActionRefused(f"{what} {value!r} is not a switch; expected True or False")
    return value
