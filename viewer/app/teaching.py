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

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

import panel as pn
import param

from viewer.anatomy.exercises import load_exercises
from viewer.anatomy.motions import EXERCISE_NAMES
from viewer.anatomy.pelvic_drop import MAX_DROP_DEG, SOURCE, explanation
from viewer.app.actions import Actions
from viewer.app.state import ACTION_AXES, COLOR_MODES, ViewerState
from viewer.component.richtext import RichText, markdown_html

WEAK_SIDES: Final = {"Right": "r", "Left": "l"}
COLOR_HINTS: Final = {
    "anatomical": "",
    "action": "Fibres coloured by their moment arm about the chosen hip axis at this pose: "
              "red turns the hip one way, blue the other (see the legend in the view).",
    "stretch": "Fibres coloured by length against the neutral standing pose: orange longer, blue shorter.",
    "activation": "Running only: fibres coloured by when the muscle is switched on (EMG timing table).",
}


@lru_cache(maxsize=1)
def exercise_labels() -> dict[str, str]:
    """``{exercise id: title}`` of the presets in annotations/motions/exercises.yaml."""
    return {key: ex.name for key, ex in load_exercises().items()}


def exercise_markdown(name: str) -> str:
    """The cue, position and sources of an exercise preset as Markdown (``""`` for other motions)."""
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
    """The widgets of one session that explain function."""

    color_mode: pn.widgets.Select
    action_axis: pn.widgets.RadioButtonGroup
    color_hint: RichText
    exercise: RichText
    drop: pn.widgets.IntSlider
    weak_side: pn.widgets.RadioButtonGroup
    drop_text: RichText
    watchers: list[param.parameterized.Watcher] = field(default_factory=list)
    following: bool = False

    def colour_group(self) -> list[pn.viewable.Viewable]:
        """Colour mode, axis and hint, for the sidebar."""
        return [self.color_mode, self.action_axis, self.color_hint]

    def drop_group(self) -> pn.Column:
        """The medius-weakness control with its explanation (shown with running)."""
        return pn.Column(RichText.heading("Gluteus medius weakness (running)"), self.drop, self.weak_side,
                         self.drop_text, sizing_mode="stretch_width", margin=0, css_classes=["drop-group"])


def build_teaching(state: ViewerState, actions: Actions) -> TeachingControls:
    """Create the teaching widgets of a session and wire them both ways to ``state``."""
    w = {"sizing_mode": "stretch_width"}
    running = state.motion == "running"
    c = TeachingControls(
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
        drop=pn.widgets.IntSlider(label="Extra pelvic drop (deg)", start=0, end=int(MAX_DROP_DEG), step=1,
                                  value=int(state.pelvic_drop), visible=running, css_classes=["drop-slider"], **w),
        weak_side=pn.widgets.RadioButtonGroup(options=WEAK_SIDES, value=state.weak_side, visible=running,
                                              color="primary", variant="outline",
                                              css_classes=["weak-side"], **w),
        drop_text=RichText(markdown_html(drop_markdown(state)), visible=bool(drop_markdown(state)),
                           css_classes=["drop-text"], **w),
    )
    _wire(c, state, actions)
    return c


def _wire(c: TeachingControls, state: ViewerState, actions: Actions) -> None:
    def user(callback):  # noqa: ANN001, ANN202 - widget callbacks run only for user changes
        def wrapper(event: param.parameterized.Event) -> None:
            if not c.following:
                callback(event)
        return wrapper

    c.color_mode.param.watch(user(lambda e: actions.set_color_mode(e.new)), "value")
    c.action_axis.param.watch(user(lambda e: e.new and actions.set_action_axis(e.new)), "value")
    c.drop.param.watch(user(lambda e: actions.set_pelvic_drop(e.new)), "value_throttled")
    c.weak_side.param.watch(user(lambda e: e.new and actions.set_pelvic_drop(state.pelvic_drop, e.new)), "value")

    def follow(*_events: param.parameterized.Event) -> None:
        c.following = True
        try:
            c.color_mode.value = state.color_mode
            c.action_axis.value = state.action_axis
            c.action_axis.visible = state.color_mode == "action"
            c.color_hint.html = markdown_html(COLOR_HINTS[state.color_mode])
            c.color_hint.visible = state.color_mode != "anatomical"
            c.exercise.html = markdown_html(exercise_markdown(state.motion))
            c.exercise.visible = state.motion in EXERCISE_NAMES
            running = state.motion == "running"
            c.drop.visible = c.weak_side.visible = running
            c.drop.value = int(round(state.pelvic_drop))
            c.weak_side.value = state.weak_side
            text = drop_markdown(state)
            c.drop_text.html, c.drop_text.visible = markdown_html(text), bool(text)
        finally:
            c.following = False

    c.watchers.append(state.param.watch(follow, ["color_mode", "action_axis", "motion", "pelvic_drop", "weak_side"]))
