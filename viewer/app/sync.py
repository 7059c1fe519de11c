"""Keep a session's :class:`~viewer.app.state.ViewerState` and its ``GluteScene`` in step, both ways.

State -> component: playback, selection, visibility, styling and camera presets
are copied as they change; a new motion (or hip flexion of the rotation sweep)
is computed and encoded once per process
(:func:`viewer.content.payloads.motion_payload`) and every session sends that
same bytes object with the component's ``load_motion``.
Component -> state: the browser's selection (through
:meth:`~viewer.app.actions.Actions.select`, so a bad id is refused), frame on
pause, play/pause from the overlay, the consumed camera preset and the hovered
part. Param watchers fire only on a change, so the two directions settle.
Errors end up in ``state.message``; nothing raises into Panel.
"""

from __future__ import annotations

import logging
from typing import Any, Final

import param

from viewer.anatomy.motions import MOTIONS
from viewer.app.actions import Actions, one_message
from viewer.app.state import ViewerState, opacity_param
from viewer.content.payloads import MotionSpec, assets_payload, motion_payload, narration
from viewer.errors import shown_text
from viewer.vocab import OPACITY_KEYS

log = logging.getLogger(__name__)

TO_SCENE: Final = ("frame", "playing", "speed", "loop", "selected", "visible_parts", "isolate", "peel",
                   "display", "show_lower_legs", "show_landmarks", "view", "color_mode", "action_axis", "camera")
"""State params copied to the component param of the same name."""
FROM_SCENE: Final = ("frame", "playing", "view", "hovered", "speed", "loop", "color_mode", "action_axis", "camera")
"""Component params copied back to the state as they are (``selected`` goes through an action)."""
MOTION_PARAMS: Final = ("motion", "flexion", "pelvic_drop", "weak_side", "side")


class SceneSync:
    """The two-way binding of one session's state and scene component.

    Parameters
    ----------
    state : ViewerState
        The session's state.
    actions : Actions
        Bound to ``state``.
    component : param.Parameterized
        The ``GluteScene`` (any object with the contract's params, ``set_assets(payload)`` and
        ``load_motion(payload)``); it gets the process-wide shared payloads
        (:mod:`viewer.content.payloads`), the assets with the first motion.

    """

    def __init__(self, state: ViewerState, actions: Actions, component: param.Parameterized) -> None:
        self.state = state
        self.actions = actions
        self.component = component
        self.loaded: MotionSpec | None = None
        self.watchers: list[param.parameterized.Watcher] = []
        self.push_all()
        self.load_motion()
        self.watchers += [
            state.param.watch(self._state_changed, list(TO_SCENE)),
            state.param.watch(self._opacity_changed, [opacity_param(k) for k in OPACITY_KEYS]),
            state.param.watch(self._motion_changed, list(MOTION_PARAMS)),
            state.param.watch(self._narrate, "selected"),
            component.param.watch(self._component_changed,
                                  [n for n in (*FROM_SCENE, "selected") if n in component.param]),
        ]

    # -- state -> component -----------------------------------------------------------------
    def push_all(self) -> None:
        """Copy every mirrored state value to the component (at session start)."""
        self._set_component({name: getattr(self.state, name) for name in TO_SCENE}
                            | {"opacity": self.state.opacity()})

    def _state_changed(self, *events: param.parameterized.Event) -> None:
        self._set_component({e.name: e.new for e in events})

    def _opacity_changed(self, *_events: param.parameterized.Event) -> None:
        self._set_component({"opacity": self.state.opacity()})

    def _set_component(self, values: dict[str, Any]) -> None:
        values = {k: list(v) if isinstance(v, list) else v for k, v in values.items() if k in self.component.param}
        try:
            self.component.param.update(**values)
        except Exception:  # noqa: BLE001 - keep the session alive
            log.exception("could not update the scene component")
            self.state.message = f"The 3D view refused {sorted(values)} (the server log has the details)"

    # -- motion -----------------------------------------------------------------------------
    def _motion_changed(self, *_events: param.parameterized.Event) -> None:
        self.load_motion()

    def _narrate(self, *_events: param.parameterized.Event) -> None:
        """Send the sentences of the loaded motion, following the selected part (if the component takes them)."""
        if self.loaded is None or "narration" not in self.component.param:
            return
        try:
            sentences = list(narration(self.loaded, self.state.selected))
        except Exception:  # noqa: BLE001 - words are a help, never a reason to lose the session
            log.exception("could not describe %s", self.loaded)
            sentences = []
        self._set_component({"narration": sentences})

    def load_motion(self) -> bool:
        """Compute the state's motion and send it to the component (skipped if already loaded).

        Returns
        -------
        bool
            ``False`` if it failed; the message says why and the state goes back to the shown motion.

        """
        spec = self.state.motion_spec()
        if spec == self.loaded:
            return True
        try:
            payload = motion_payload(spec)
            if self.loaded is None and getattr(self.component, "assets", None) is None:
                self.component.set_assets(assets_payload())
            self.component.load_motion(payload)
        except Exception as exc:  # noqa: BLE001 - keep the session alive
            log.exception("could not load motion %s", spec)
            self.state.message = f"Could not load the motion {spec.name!r}: {shown_text(exc)}"
            shown = self.loaded
            if shown is not None and spec != shown:
                self.state.param.update(
                    motion=shown.name,
                    flexion=shown.flexion_deg if shown.name == "rotation" else self.state.flexion,
                    pelvic_drop=shown.pelvic_drop_deg if shown.name == "running" else self.state.pelvic_drop,
                    weak_side=shown.weak_side,
                    side=shown.side if MOTIONS[shown.name].uses_side else self.state.side)
            return False
        self.loaded = spec
        frames = int(payload[1]["frames"])
        self.state.param.update(frames=frames, frame=min(self.state.frame, frames - 1))
        self._narrate()
        return True

    # -- component -> state -----------------------------------------------------------------
    def _component_changed(self, *events: param.parameterized.Event) -> None:
        with one_message():
            self._apply_component_events(events)

    def _apply_component_events(self, events: tuple[param.parameterized.Event, ...]) -> None:
        updates: dict[str, Any] = {}
        for event in events:
            if event.name == "selected":
                if (event.new or "") == self.state.selected:
                    continue  # our own echo (e.g. reverting a refused id): nothing to do
                if not self.actions.select(event.new or ""):
                    self._set_component({"selected": self.state.selected})
            elif event.name == "frame":
                updates["frame"] = max(0.0, float(event.new or 0.0))
            elif event.name in FROM_SCENE:
                updates[event.name] = event.new if event.new is not None else self.state.param[event.name].default
        if updates:
            try:
                self.state.param.update(**updates)
            except Exception as exc:  # noqa: BLE001 - a bad value from the browser must not end the session
                log.exception("bad values from the scene component: %s", updates)
                self.state.message = f"The 3D view sent a value the app cannot use: {exc}"

    def unlink(self) -> None:
        """Remove the watchers (at session end)."""
        for watcher in self.watchers:
            owner = self.state if watcher.inst is self.state or watcher.cls is type(self.state) else self.component
            owner.param.unwatch(watcher)
        self.watchers.clear()
