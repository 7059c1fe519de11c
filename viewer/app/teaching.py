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
from viewer.anatomy.pelvic_drop import ILLUSTRATION_ABOVE_EXTRA_DEG, MAX_DROP_DEG, SOURCE, explanation
from viewer.app.actions import Actions
from viewer.app.state import ViewerState
from viewer.component.richtext import RichText, markdown_html, text_html
from viewer.vocab import ACTION_AXIS_NAMES, COLOR_MODE_NAMES

WEAK_SIDES: Final = {"Right": "r", "Left": "l"}
COLOR_HINTS: Final = {
    "anatomical": "",
    "action": "Fibres coloured by their moment arm about the chosen hip axis at this pose: "
              "red turns the hip one way, blue the other (see the legend in the view).",
    "stretch": "Fibres coloured by length against the neutral standing pose: orange longer, blue shorter.",
    "activation": "Running only: fibres coloured by when the muscle is switched on (EMG timing table).",
}
NO_DATA_HINTS: Final = {
    "activation": "No activation data for this motion: the EMG timing table covers running only, so the fibres "
                  "keep their anatomical colours. Choose Running to see when each part works.",
}
"""The note shown instead of a colour mode's hint when the motion has no data for it (the view falls back
to the anatomical colours and its legend says the same)."""
TEXT_MARGIN: Final = (0, 10, 5, 10)
"""Margin of the sidebar's texts (hint, cue, drop explanation): the widgets' left and right 10 px."""
DROP_LABEL = f"Extra pelvic drop (deg; above {ILLUSTRATION_ABOVE_EXTRA_DEG:g}: exaggerated for illustration)"
"""The drop slider's label: beyond the measured drops (viewer.anatomy.pelvic_drop) the drop is illustration."""
SMALL_PRINT: Final = "small-print"
"""CSS class of a source line (``static/rich-text.js``): small grey print, no markup in the text."""


def has_color_data(mode: str, motion: str) -> bool:
    """Whether ``motion`` carries the data of colour ``mode`` (activation: running only)."""
    return mode != "activation" or motion == "running"


def color_hint_html(mode: str, motion: str) -> str:
    """The hint under the colour choice: what the mode shows, or why this motion falls back to anatomical."""
    if not has_color_data(mode, motion):
        return text_html(NO_DATA_HINTS[mode], "no-data")
    return markdown_html(COLOR_HINTS[mode])


@lru_cache(maxsize=32)
def exercise_markdown(name: str) -> str:
    """The cue, position and note of an exercise preset as Markdown (``""`` for other motions).

    Cached per process like the muscle cards: reading and checking the YAML takes about 30 ms,
    which every motion switch of every session paid before.
    """
    if name not in EXERCISE_NAMES:
        return ""
    ex = load_exercises()[name]
    return f"**{ex.name}.** *Cue:* {ex.cue}\n\n*Position:* {ex.position}\n\n{ex.note}"


def exercise_source(name: str) -> str:
    """Where an exercise preset's angles come from, as plain text (``""`` for other motions)."""
    if name not in EXERCISE_NAMES:
        return ""
    sources = "; ".join(load_exercises()[name].citations)
    return f"Angles: the project's preset (annotations/motions/exercises.yaml) from {sources}"


@lru_cache(maxsize=32)
def exercise_html(name: str) -> str:
    """The exercise text as sanitised HTML: the Markdown, then its source line in small print."""
    return markdown_html(exercise_markdown(name)) + text_html(exercise_source(name), SMALL_PRINT)


def drop_markdown(state: ViewerState) -> str:
    """The explanation of the pelvic drop shown as Markdown, without its source (``""`` when there is none)."""
    if state.motion != "running" or not state.pelvic_drop:
        return ""
    return explanation(state.weak_side, state.pelvic_drop)


def drop_html(state: ViewerState) -> str:
    """The explanation of the pelvic drop as sanitised HTML, its source in small print (``""`` without one)."""
    text = drop_markdown(state)
    return markdown_html(text) + text_html(f"Source: {SOURCE}.", SMALL_PRINT) if text else ""


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
    _drop_heading: RichText | None = None

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
            self.color_hint.html = color_hint_html(state.color_mode, state.motion)
            self.color_hint.visible = state.color_mode != "anatomical"
            self.exercise.html = exercise_html(state.motion)
            self.exercise.visible = state.motion in EXERCISE_NAMES
            self._fill_drop_group()
            if self._drop is not None:
                drop, weak_side, drop_text = self._drop
                drop.visible = weak_side.visible = state.motion == "running"
                if self._drop_heading is not None:  # no heading without its controls
                    self._drop_heading.visible = drop.visible
                drop.value = int(round(state.pelvic_drop))
                weak_side.value = state.weak_side
                text = drop_html(state)
                drop_text.html, drop_text.visible = text, bool(text)
        finally:
            self.following = False

    def _fill_drop_group(self) -> None:
        group = self._drop_group
        if group is not None and not group.objects and self.state.motion == "running":
            self._drop_heading = RichText.heading("Gluteus medius weakness (running)")
            group.objects = [self._drop_heading, *self._drop_widgets()]

    def _drop_widgets(self) -> tuple[pn.widgets.IntSlider, pn.widgets.RadioButtonGroup, RichText]:
        if self._drop is None:
            state, actions, w = self.state, self.actions, {"sizing_mode": "stretch_width"}
            running, text = state.motion == "running", drop_html(state)
            drop = pn.widgets.IntSlider(label=DROP_LABEL, start=0, end=int(MAX_DROP_DEG), step=1,
                                        value=int(state.pelvic_drop), visible=running, css_classes=["drop-slider"],
                                        **w)
            weak_side = pn.widgets.RadioButtonGroup(options=WEAK_SIDES, value=state.weak_side, visible=running,
                                                    color="primary", variant="outline", css_classes=["weak-side"],
                                                    **w)
            drop_text = RichText(text, visible=bool(text), css_classes=["drop-text"], margin=TEXT_MARGIN, **w)
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
        color_mode=pn.widgets.Select(label="Colour fibres by", options={v: k for k, v in COLOR_MODE_NAMES.items()},
                                     value=state.color_mode, css_classes=["color-select"], **w),
        action_axis=pn.widgets.RadioButtonGroup(options={v: k for k, v in ACTION_AXIS_NAMES.items()},
                                                value=state.action_axis, visible=state.color_mode == "action",
                                                color="primary", variant="outline",
                                                css_classes=["axis-choice"], **w),
        color_hint=RichText(color_hint_html(state.color_mode, state.motion), visible=state.color_mode != "anatomical",
                            css_classes=["color-hint"], margin=TEXT_MARGIN, **w),
        exercise=RichText(exercise_html(state.motion), visible=state.motion in EXERCISE_NAMES,
                          css_classes=["exercise-cue"], margin=TEXT_MARGIN, **w),
    )
    c.color_mode.param.watch(c.from_user(lambda e: actions.set_color_mode(e.new)), "value")
    c.action_axis.param.watch(c.from_user(lambda e: e.new and actions.set_action_axis(e.new)), "value")
    c.watchers.append(state.param.watch(lambda *_events: c.follow(),
                                        ["color_mode", "action_axis", "motion", "pelvic_drop", "weak_side"]))
    return c
