"""Named actions: the only way user input carrying IDs changes a :class:`~viewer.app.state.ViewerState`.

Each action validates its arguments with :mod:`viewer.anatomy.ids` and either
applies the change (returning ``True`` and clearing ``state.message``) or refuses
it (returning ``False`` and putting a one-line reason naming the valid choices in
``state.message``). An action never raises into Panel: the session stays alive.
Hip flexion and pelvic drop are rounded to the steps of :mod:`viewer.vocab`.

The Python API (:class:`viewer.api.GluteViewer`) uses the same actions with
``strict=True``: a refusal then raises :class:`ActionRefused` instead.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import math
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import numpy as np
import panel as pn

from viewer.anatomy import ids
from viewer.anatomy.motions import ALL_MOTIONS, FLEXION_LIMITS_DEG, MOTIONS
from viewer.anatomy.pelvic_drop import MAX_DROP_DEG
from viewer.app.state import ViewerState, opacity_param
from viewer.content.payloads import round_drop, round_flexion
from viewer.errors import shown_text
from viewer.vocab import ACTION_AXES, COLOR_MODES, DISPLAY_MODES, OPACITY_KEYS, VIEWS

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., bool])


class ActionRefused(ValueError):
    """A refused action in strict mode; the message names what was wrong and what was expected."""


def _sentence(text: str) -> str:
    """Capitalise the first letter of a message."""
    return text[:1].upper() + text[1:] if text else text


def one_message() -> contextlib.AbstractContextManager[None]:
    """Hold the session's document so that everything one action changes goes out as one message.

    Panel's ``hold`` (combine policy): the card, the plots, the words, the address and the sidebar
    of one selection reach the browser in one patch instead of a dozen, which was most of the
    server's cost per action under load (docs/explanation/performance.md). Outside a server (tests,
    notebooks without a document) it does nothing.
    """
    return pn.io.hold()


def _guarded(method: F) -> F:
    """Turn any exception inside an action into a refusal message."""

    @functools.wraps(method)
    def wrapper(self: Actions, *args: Any, **kwargs: Any) -> bool:
        try:
            with one_message():
                return method(self, *args, **kwargs)
        except (ids.UnknownIdError, ValueError, TypeError) as exc:
            return self.refuse(shown_text(exc))
        except Exception:  # noqa: BLE001 - the session must survive anything
            log.exception("action %s failed", method.__name__)
            return self.refuse(f"{method.__name__} failed (the server log has the details)")

    return wrapper  # type: ignore[return-value]


class Actions:
    """The named actions of one session, bound to its state.

    Parameters
    ----------
    state : ViewerState
        The session's state; every action mutates only this object.
    strict : bool
        Raise :class:`ActionRefused` on a refusal instead of returning ``False`` (the Python API).

    """

    def __init__(self, state: ViewerState, strict: bool = False) -> None:
        self.state = state
        self.strict = strict

    # -- feedback ---------------------------------------------------------------------------
    def refuse(self, reason: str) -> bool:
        """Show ``reason`` in ``state.message`` and return ``False`` (raise it when strict).

        Raises
        ------
        ActionRefused
            In strict mode.

        """
        self.state.message = _sentence(reason)
        if self.strict:
            raise ActionRefused(self.state.message)
        return False

    def done(self) -> bool:
        """Clear a previous refusal and return ``True``.

        Actions call it after validating and *before* changing the state, so a message
        raised by the change itself (e.g. a motion that fails to load) stays visible.

        """
        self.state.message = ""
        return True

    def clear_message(self) -> bool:
        """Dismiss the visible message."""
        return self.done()

    # -- selection --------------------------------------------------------------------------
    @_guarded
    def select(self, part_id: str) -> bool:
        """Select a part by id, or clear the selection with ``""``.

        Parameters
        ----------
        part_id : str
            One of the 18 part ids (``glmed2_r``) or ``""``.

        """
        if part_id is None:
            part_id = ""
        if part_id != "":
            ids.check_part(part_id)
        self.done()
        self.state.selected = part_id
        return True

    # -- motion -----------------------------------------------------------------------------
    @_guarded
    def set_motion(self, name: str, flexion_deg: float | str | None = None, side: str | None = None) -> bool:
        """Show another motion; ``flexion_deg`` sets the hip flexion of the rotation sweep, ``side`` its leg.

        Parameters
        ----------
        name : str
            One of :data:`viewer.anatomy.motions.ALL_MOTIONS` (motions and exercise presets).
        flexion_deg : float or str, optional
            Hip flexion in degrees (-20..110, rounded to :data:`viewer.vocab.FLEXION_STEP_DEG`);
            keeps the current value when ``None``.
        side : {"r", "l"}, optional
            The leg the sweeps move (kept for the other motions, which move both legs); keeps the
            current one when ``None``.

        """
        ids.check_choice(name, ALL_MOTIONS, "motion")
        flexion = round_flexion(self.state.flexion if flexion_deg is None else _number(flexion_deg, "hip flexion"))
        leg = self.state.side if side is None else ids.check_choice(side, ids.SIDES, "side")
        self.done()
        if (name, flexion, leg) != (self.state.motion, self.state.flexion, self.state.side):
            self.state.param.update(motion=name, flexion=flexion, side=leg, frame=0.0)
        return True

    @_guarded
    def set_side(self, side: str) -> bool:
        """Choose the leg the sweeps move (``"r"`` or ``"l"``); the other leg stays in neutral."""
        leg = ids.check_choice(side, ids.SIDES, "side")
        self.done()
        if leg != self.state.side:
            changes: dict[str, Any] = {"side": leg}
            if MOTIONS[self.state.motion].uses_side:
                changes["frame"] = 0.0
            self.state.param.update(**changes)
        return True

    @_guarded
    def set_flexion(self, flexion_deg: float | str) -> bool:
        """Set the hip flexion of the rotation sweep (degrees, rounded to the step) without changing the motion."""
        flexion = round_flexion(_number(flexion_deg, "hip flexion"))
        self.done()
        if flexion != self.state.flexion:
            changes: dict[str, float] = {"flexion": flexion}
            if self.state.motion == "rotation":
                changes["frame"] = 0.0
            self.state.param.update(**changes)
        return True

    @_guarded
    def set_pelvic_drop(self, drop_deg: float | str, weak_side: str | None = None) -> bool:
        """Add contralateral pelvic drop (0..20 deg) to running's stance on the weak side (Trendelenburg).

        Shows running if another motion is shown, and, when the fibres are in their anatomical
        colours, colours them by stretch so the stance-side medius can be seen lengthening.

        Parameters
        ----------
        drop_deg : float or str
            Extra drop at the weak side's midstance, degrees (rounded to
            :data:`viewer.vocab.PELVIC_DROP_STEP_DEG`); 0 gives the measured cycle.
        weak_side : {"r", "l"}, optional
            Side of the weak gluteus medius; keeps the current one when ``None``.

        """
        drop = round_drop(_number(drop_deg, "pelvic drop"))
        side = self.state.weak_side if weak_side is None else ids.check_choice(weak_side, ids.SIDES, "side")
        self.done()
        changes: dict[str, Any] = {"pelvic_drop": drop, "weak_side": side}
        if drop > 0 and self.state.motion != "running":
            changes |= {"motion": "running", "frame": 0.0}
        if drop > 0 and self.state.color_mode == "anatomical":
            changes["color_mode"] = "stretch"
        self.state.param.update(**changes)
        return True

    @_guarded
    def set_color_mode(self, mode: str, axis: str | None = None) -> bool:
        """Colour the fibres by ``mode`` (anatomical, action, stretch, activation); ``axis`` for action."""
        ids.check_choice(mode, tuple(COLOR_MODES), "colour mode")
        changes = {"color_mode": mode}
        if axis is not None:
            changes["action_axis"] = ids.check_choice(axis, tuple(ACTION_AXES), "axis")
        self.done()
        self.state.param.update(**changes)
        return True

    @_guarded
    def set_action_axis(self, axis: str) -> bool:
        """Choose the hip axis of the action colours and the moment-arm plot."""
        ids.check_choice(axis, tuple(ACTION_AXES), "axis")
        self.done()
        self.state.action_axis = axis
        return True

    # -- visibility -------------------------------------------------------------------------
    @_guarded
    def toggle_layer(self, layer: str, side: str | None = None, visible: bool | None = None) -> bool:
        """Show or hide a muscle layer on both sides or on one.

        Parameters
        ----------
        layer : str
            One of :data:`viewer.anatomy.ids.LAYERS` (``gluteus_medius``).
        side : {"r", "l"}, optional
            One side only; both sides when ``None``.
        visible : bool, optional
            Show (``True``) or hide (``False``); when ``None``, hide if all of those
            parts are shown, else show them all.

        """
        ids.check_choice(layer, ids.LAYERS, "layer")
        sides = ids.SIDES if side is None else (ids.check_choice(side, ids.SIDES, "side"),)
        parts = [p for p in ids.part_ids() if ids.layer_of(p) == layer and p[-1] in sides]
        return self._show(parts, visible)

    @_guarded
    def toggle_part(self, part_id: str, visible: bool | None = None) -> bool:
        """Show or hide one part (toggle when ``visible`` is ``None``)."""
        return self._show([ids.check_part(part_id)], visible)

    @_guarded
    def set_visible_parts(self, part_ids: Iterable[str]) -> bool:
        """Show exactly ``part_ids`` (each validated), in the canonical order."""
        wanted = list(part_ids)
        for part in wanted:
            ids.check_part(part)
        self.done()
        self.state.visible_parts = [p for p in ids.part_ids() if p in wanted]
        return True

    def _show(self, parts: list[str], visible: bool | None) -> bool:
        current = set(self.state.visible_parts)
        if visible is None:
            visible = not all(p in current for p in parts)
        current = current | set(parts) if visible else current - set(parts)
        self.done()
        self.state.visible_parts = [p for p in ids.part_ids() if p in current]
        return True

    # -- styling and camera -----------------------------------------------------------------
    @_guarded
    def set_opacity(self, layer: str, value: float | str) -> bool:
        """Set the opacity (0..1) of a layer or of the bones (``"bones"``)."""
        ids.check_choice(layer, OPACITY_KEYS, "opacity layer")
        number = _number(value, "opacity")
        if not 0.0 <= number <= 1.0:
            raise ValueError(f"opacity {number:g} out of range; expected a number from 0 to 1")
        self.done()
        setattr(self.state, opacity_param(layer), number)
        return True

    @_guarded
    def set_view(self, preset: str) -> bool:
        """Move the camera to a preset of :data:`viewer.vocab.VIEWS` (anterior, posterior, lateral ...)."""
        ids.check_choice(preset, VIEWS, "view")
        self.done()
        if self.state.view == preset:
            self.state.view = ""  # the component has not consumed it yet: re-trigger
        self.state.view = preset
        return True

    def _switch(self, name: str, value: bool, what: str) -> bool:
        """Set the boolean state param ``name`` after checking ``value`` is a switch (named ``what``)."""
        checked = _flag(value, what)
        self.done()
        setattr(self.state, name, checked)
        return True

    # -- playback -----------------------------------------------------------------------------
    @_guarded
    def set_playing(self, playing: bool) -> bool:
        """Play (``True``) or pause (``False``) the animation."""
        return self._switch("playing", playing, "playing")

    @_guarded
    def set_loop(self, loop: bool) -> bool:
        """Loop the motion (``True``) or stop at its end."""
        return self._switch("loop", loop, "loop")

    @_guarded
    def set_speed(self, speed: float | str) -> bool:
        """Set the playback speed (0.25..2)."""
        low, high = self.state.param.speed.bounds
        number = _number(speed, "speed")
        if not low <= number <= high:
            raise ValueError(f"speed {number:g} out of range; expected a number from {low:g} to {high:g}")
        self.done()
        self.state.speed = number
        return True

    @_guarded
    def seek(self, frame: float | str) -> bool:
        """Show ``frame`` (fractional frames blend neighbouring key frames); it must be inside the motion."""
        number = _number(frame, "frame")
        last = max(self.state.frames - 1, 0) if self.state.frames else MAX_FRAME
        if not 0 <= number <= last:
            raise ValueError(f"frame {number:g} out of range; expected a number from 0 to {last:g}")
        self.done()
        self.state.frame = number
        return True

    # -- what is drawn --------------------------------------------------------------------------
    @_guarded
    def set_peel(self, level: int) -> bool:
        """Peel the layers: 0 all, 1 without maximus, 2 without maximus and medius."""
        if isinstance(level, bool) or not isinstance(level, int) or level not in (0, 1, 2):
            raise ValueError(f"peel {level!r} is not a peel level; expected 0, 1 or 2")
        self.done()
        self.state.peel = level
        return True

    @_guarded
    def set_isolate(self, isolate: bool) -> bool:
        """Draw only the selected part (``True``) or every visible part."""
        return self._switch("isolate", isolate, "isolate")

    @_guarded
    def set_display(self, display: str) -> bool:
        """Draw the muscles as solid volumes (``muscles``), fibre lines (``fibres``) or ``both``."""
        ids.check_choice(display, tuple(DISPLAY_MODES), "display")
        self.done()
        self.state.display = display
        return True

    @_guarded
    def set_lower_legs(self, show: bool) -> bool:
        """Show or hide the lower legs and feet (tibia, fibula, patella, talus, calcaneus, toes)."""
        return self._switch("show_lower_legs", show, "legs")

    @_guarded
    def show_plots(self, show: bool) -> bool:
        """Show the linked plots of the selected part (built when first shown)."""
        return self._switch("show_plots", show, "plots")


MAX_FRAME = 100_000
"""Largest frame accepted before a motion is loaded (no motion has this many)."""
RANGES = {"hip flexion": FLEXION_LIMITS_DEG, "pelvic drop": (0.0, MAX_DROP_DEG), "opacity": (0.0, 1.0)}
"""The range each number of an action takes, named in refusals."""


def _number(value: float | str, what: str) -> float:
    """Return a finite float from a number or a string (URL parameters arrive as text)."""
    low, high = RANGES.get(what, (-math.inf, math.inf))
    expected = f"; expected a number from {low:g} to {high:g}" if math.isfinite(low) else "; expected a number"
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} {value!r} is not a number{expected}") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} {value!r} is not a finite number{expected}")
    return number


def _flag(value: bool, what: str) -> bool:
    """``value`` if it is a bool (numpy's too), else a refusal naming ``what``."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{what} {value!r} is not a switch; expected True or False")
    return bool(value)
