"""Sidebar controls that explain function: colour mode and axis, exercise cue, pelvic drop.

- Colour mode (anatomical, action, stretch, activation) and the hip axis of the action colours
  (viewer/component/CONTRACT.md, Colour modes); the 3D view's own overlay offers the same
  choice, both follow ``state.color_mode`` / ``state.action_axis``.
- The coaching cue, position and sources of an exercise preset, shown while one is playing.
- "Medius weakness": extra contralateral pelvic drop in running's stance on the weak side
  (:func:`viewer.anatomy.pelvic_drop.running_with_pelvic_drop`) with its plain explanation.

Every change goes through :mod:`viewer.app.actions`, so refused values give a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

import panel as pn
import param

from viewer.anatomy.exercises import EXERCISE_NAMES, load_exercises
from viewer.anatomy.pelvic_drop import MAX_DROP_DEG, SOURCE, explanation
from viewer.app.actions import Actions
from viewer.app.state import ViewerState
from viewer.component.richtext import RichText, markdown_html
from viewer.vocab import ACTION_AXES, COLOR_MODES

WEAK_SIDES: Final = {"Right": "r", "Left": "l"}
COLOR_HINTS: Final = {
    "anatomical": "",
    "action": "Fibres coloured by their moment arm about the chosen hip axis at this pose: "
              "red turns the hip one way, blue the other (see the legend in the view).",
    "stretch": "Fibres coloured by length against the neutral standing pose: orange longer, blue shorter.",
    "activation": "Running only: fibres coloured by when the muscle is switched on (EMG timing table).",
}


@lru_cache(maxsize=32)
def exercise_markdown(name: str) -> str:
    """The cue, position and sources of an exercise preset as Markdown (``""`` for other motions).

    Cached per process like the muscle cards: reading and checking the YAML takes about 30 ms,
    which every motion switch of every session paid before.
    """
    if name not in EXERCISE_NAMES:
        return ""
    ex = load_exercises()[name]
    sources = "; ".join(ex.citations)
    return (f"**{ex.name}.** *Cue:* {ex.cue}\n\n*Position:* {ex.position}\n\n{ex.note}\n\n"
            f"<small>Angles: the project's preset (annotations/motions/exercises.yaml) from {sources}</small>")


def drop_markdown(state: ViewerState) -> str:
    """The explanation of the pelvic drop shown, with its source (``""`` when there is none)."""
    if state.motion != "running" or not state.pelvic_drop:
        return ""
    return f"{explanation(state.weak_side, state.pelvic_drop)}\n\n<small>Source: {SOURCE}.</small>"


@dataclass
class TeachingControls:
    """The widgets of one session that explain function.

    The pelvic-drop widgets (``drop``, ``weak_side``, ``drop_text``) are built on first use:
    the sidebar's drop group fills itself when running is first chosen, so the other motions'
    sessions never create them.
    """

    state: ViewerState
    actions: Actions
    color_mode: pn.widgets.Select
    action_axis: pn.widgets.RadioButtonGroup
    color_hint: RichText
    exercise: RichText
    watchers: list[param.parameterized.Watcher] = field(default_factory=list)
    following: bool = False
    _drop: tuple[pn.widgets.IntSlider, pn.widgets.RadioButtonGroup, RichText] | None = None
    _drop_group: pn.Column | None = None

    @property
    def drop(self) -> pn.widgets.IntSlider:
        """The extra pelvic drop slider (degrees; built on first use)."""
        return self._drop_widgets()[0]

    @property
    def weak_side(self) -> pn.widgets.RadioButtonGroup:
        """The weak side choice (built on first use)."""
        return self._drop_widgets()[1]

    @property
    def drop_text(self) -> RichText:
        """The explanation of the drop shown, with its source (built on first use)."""
        return self._drop_widgets()[2]

    def colour_group(self) -> list[pn.viewable.Viewable]:
        """Colour mode, axis and hint, for the sidebar."""
        return [self.color_mode, self.action_axis, self.color_hint]

    def drop_group(self) -> pn.Column:
        """The medius-weakness control with its explanation (filled when running is first shown)."""
        if self._drop_group is None:
            self._drop_group = pn.Column(sizing_mode="stretch_width", margin=0, css_classes=["drop-group"])
            self._fill_drop_group()
        return self._drop_group

    def follow(self) -> None:
        """Show the state's current values in the widgets (without calling back the actions)."""
        state = self.state
        self.following = True
        try:
            self.color_mode.value = state.color_mode
            self.action_axis.value = state.action_axis
            self.action_axis.visible = state.color_mode == "action"
            self.color_hint.html = markdown_html(COLOR_HINTS[state.color_mode])
            self.color_hint.visible = state.color_mode != "anatomical"
            self.exercise.html = markdown_html(exercise_markdown(state.motion))
            self.exercise.visible = state.motion in EXERCISE_NAMES
            self._fill_drop_group()
            if self._drop is not None:
                drop, weak_side, drop_text = self._drop
                drop.visible = weak_side.visible = state.motion == "running"
                drop.value = int(round(state.pelvic_drop))
                weak_side.value = state.weak_side
                text = drop_markdown(state)
                drop_text.html, drop_text.visible = markdown_html(text), bool(text)
        finally:
            self.following = False

    def _fill_drop_group(self) -> None:
        group = self._drop_group
        if group is not None and not group.objects and self.state.motion == "running":
            group.objects = [RichText.heading("Gluteus medius weakness (running)"), *self._drop_widgets()]

    def _drop_widgets(self) -> tuple[pn.widgets.IntSlider, pn.widgets.RadioButtonGroup, RichText]:
        if self._drop is None:
            state, actions, w = self.state, self.actions, {"sizing_mode": "stretch_width"}
            running, text = state.motion == "running", drop_markdown(state)
            drop = pn.widgets.IntSlider(label="Extra pelvic drop (deg)", start=0, end=int(MAX_DROP_DEG), step=1,
                                        value=int(state.pelvic_drop), visible=running, css_classes=["drop-slider"],
                                        **w)
            weak_side = pn.widgets.RadioButtonGroup(options=WEAK_SIDES, value=state.weak_side, visible=running,
                                                    color="primary", variant="outline", css_classes=["weak-side"],
                                                    **w)
            drop_text = RichText(markdown_html(text), visible=bool(text), css_classes=["drop-text"], **w)
            drop.param.watch(self.from_user(lambda e: actions.set_pelvic_drop(e.new)), "value_throttled")
            weak_side.param.watch(self.from_user(lambda e: e.new and actions.set_pelvic_drop(state.pelvic_drop, e.new)),
                                  "value")
            self._drop = (drop, weak_side, drop_text)
        return self._drop

    def from_user(self, callback: Callable[[param.parameterized.Event], object]) -> Callable[..., None]:
        """Wrap a widget callback so it runs only for user changes, not while following the state."""

        def wrapper(event: param.parameterized.Event) -> None:
            if not self.following:
                callback(event)

        return wrapper


def build_teaching(state: ViewerState, actions: Actions) -> TeachingControls:
    """Create the teaching widgets of a session and wire them both ways to ``state``."""
    w = {"sizing_mode": "stretch_width"}
    c = TeachingControls(
        state=state,
        actions=actions,
        color_mode=pn.widgets.Select(label="Colour fibres by", options={v: k for k, v in COLOR_MODES.items()},
                                     value=state.color_mode, css_classes=["color-select"], **w),
        action_axis=pn.widgets.RadioButtonGroup(options={v.split(" / ")[0]: k for k, v in ACTION_AXES.items()},
                                                value=state.action_axis, visible=state.color_mode == "action",
                                                color="primary", variant="outline",
                                                css_classes=["axis-choice"], **w),
        color_hint=RichText(markdown_html(COLOR_HINTS[state.color_mode]), visible=state.color_mode != "anatomical",
                            css_classes=["color-hint"], **w),
        exercise=RichText(markdown_html(exercise_markdown(state.motion)), visible=state.motion in EXERCISE_NAMES,
                          css_classes=["exercise-cue"], **w),
    )
    c.color_mode.param.watch(c.from_user(lambda e: actions.set_color_mode(e.new)), "value")
    c.action_axis.param.watch(c.from_user(lambda e: e.new and actions.set_action_axis(e.new)), "value")
    c.watchers.append(state.param.watch(lambda *_events: c.follow(),
                                        ["color_mode", "action_axis", "motion", "pelvic_drop", "weak_side"]))
    return c
