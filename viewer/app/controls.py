"""Sidebar widgets built from the session's :class:`~viewer.app.state.ViewerState`.

Plain numbers and switches (isolate, what is drawn, opacities) are bound two-way to their
params with ``from_param``. Widgets that carry IDs or motion choices (motion, hip
flexion, moving leg, part select, layer and part toggles) call :mod:`viewer.app.actions`, so bad
values are refused with a message, and follow the state back when it changes
elsewhere (browser clicks, URL parameters).

Play/pause, speed, loop and the camera presets are not here: the 3D view's own bar and
buttons have them (``viewer/frontend/src/overlay.js``), next to what they act on. The
*Parts* and *Opacity* tabs build their widgets when first opened. Every widget is a few
hundred Python objects per session, and a server holding a class of 200 sessions pays
for each one in memory and garbage-collection pauses (docs/explanation/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

import panel as pn
import param

from viewer.anatomy import ids
from viewer.anatomy.landmarks import SWITCH_LABEL
from viewer.anatomy.motions import MOTIONS, OFFERED_FLEXIONS_DEG, motion_labels
from viewer.app.actions import Actions
from viewer.app.state import ViewerState, opacity_param
from viewer.component.richtext import RichText
from viewer.vocab import DISPLAY_MODES, LOWER_LEGS_LABEL, OPACITY_KEYS, PEEL_LABELS

if TYPE_CHECKING:
    from viewer.app.teaching import TeachingControls

LOWER_LEGS: Final = LOWER_LEGS_LABEL
"""The lower-leg layer toggle's text (its accessible name)."""
ISOLATE: Final = "Isolate the selected part"
DISPLAY_LABEL: Final = "Draw the muscles as"
LANDMARKS: Final = SWITCH_LABEL
"""The switch of the bone landmark labels (annotations/landmarks/landmarks.yaml)."""
LAYER_GROUPS: Final = {"both": "Both sides", "r": "Right side", "l": "Left side"}
"""Layer toggle rows: one for both sides, one per side."""
SIDE_OPTIONS: Final = {"Right leg": "r", "Left leg": "l"}
CONTROL_MARKS: Final = {
    **{f"layers-{key}": ["group", f"Layers shown, {label.lower()}"] for key, label in LAYER_GROUPS.items()},
    "side-choice": ["group", "Leg that moves"],
    "flexion-choice": ["group", "Hip flexion for the rotation"],
    "peel-choice": ["radiogroup", "Peel"],
    "parts-r": ["group", "Parts shown, right side"],
    "parts-l": ["group", "Parts shown, left side"],
}
"""The widgets' group roles and names, by CSS class (for :class:`viewer.component.a11y.Accessibility`)."""
"""The side choice of the sweeps: button text (each button's accessible name) -> side."""
NO_SELECTION: Final = "(none)"


def part_label(part_id: str, with_side: bool = True) -> str:
    """Short widget label of a part: ``glmed1_r`` -> ``Medius anterior (R)``."""
    code, _, side = ids.parse_part(part_id)
    muscle = ids.MUSCLE_NAMES[code].split("_")[1].capitalize()
    label = f"{muscle} {ids.part_position(part_id)}"
    return f"{label} ({side.upper()})" if with_side else label


def flexion_options(current: float) -> dict[str, float]:
    """Offered hip flexions (plus ``current`` if it is another valid value) as ``{label: degrees}``."""
    values = sorted({*OFFERED_FLEXIONS_DEG, float(current)})
    return {f"{v:g}°": v for v in values}


def motion_groups() -> dict[str, dict[str, str]]:
    """Options of the motion select: the sweeps and running, then the exercise presets."""
    labels = motion_labels()
    return {group: {labels[name]: name for name, kind in MOTIONS.items() if kind.group == key}
            for group, key in (("Motions", "movement"), ("Exercises", "exercise"))}


def shown_layers(visible_parts: list[str], group: str) -> list[str]:
    """Layers whose parts are all visible on the sides of ``group`` (``"both"``, ``"r"`` or ``"l"``)."""
    shown = set(visible_parts)
    sides = ids.SIDES if group == "both" else (group,)
    return [layer for layer in ids.LAYERS
            if all(p in shown for p in ids.part_ids() if ids.layer_of(p) == layer and p[-1] in sides)]


@dataclass
class Controls:
    """The sidebar widgets of one session, by name (tests drive them directly).

    ``parts`` and ``opacity`` are built on first use (the sidebar's tabs open them).
    """

    state: ViewerState
    actions: Actions
    motion: pn.widgets.Select
    flexion: pn.widgets.RadioButtonGroup
    flexion_label: RichText
    side: pn.widgets.RadioButtonGroup
    side_label: RichText
    part: pn.widgets.Select
    layers: dict[str, pn.widgets.CheckButtonGroup]
    isolate: pn.widgets.CheckBoxGroup
    peel: pn.widgets.RadioBoxGroup
    display: pn.widgets.RadioBoxGroup
    show_lower_legs: pn.widgets.CheckBoxGroup
    show_landmarks: pn.widgets.CheckBoxGroup
    watchers: list[param.parameterized.Watcher] = field(default_factory=list)
    following: bool = False
    """True while widgets are being updated from the state (their callbacks then do nothing)."""
    _parts: dict[str, pn.widgets.CheckBoxGroup] | None = None
    _opacity: dict[str, pn.widgets.FloatSlider] | None = None

    def from_user(self, callback: Callable[..., object]) -> Callable[..., None]:
        """Wrap a widget callback so it runs only for user changes, not while following the state."""

        def wrapper(*args: object) -> None:
            if not self.following:
                callback(*args)

        return wrapper

    @property
    def parts(self) -> dict[str, pn.widgets.CheckBoxGroup]:
        """One check box per part, by side (built on first use)."""
        if self._parts is None:
            self._parts = {side: pn.widgets.CheckBoxGroup(
                label="Right side" if side == "r" else "Left side",
                options={part_label(p, with_side=False): p for p in ids.part_ids() if p.endswith("_" + side)},
                value=[p for p in self.state.visible_parts if p.endswith("_" + side)], css_classes=[f"parts-{side}"])
                for side in ids.SIDES}
            for group in self._parts.values():
                group.param.watch(self.from_user(lambda _e: _parts_changed(self, self.actions)), "value")
        return self._parts

    @property
    def opacity(self) -> dict[str, pn.widgets.FloatSlider]:
        """One slider per layer and the bones, bound to the state (built on first use)."""
        if self._opacity is None:
            # each handle is named after the slider's title by viewer/component/a11y.py
            self._opacity = {key: pn.widgets.FloatSlider.from_param(getattr(self.state.param, opacity_param(key)),
                                                                    sizing_mode="stretch_width")
                             for key in OPACITY_KEYS}
        return self._opacity

    def sidebar(self, teaching: TeachingControls | None = None) -> list[pn.viewable.Viewable]:
        """Return the widgets grouped for the sidebar, most used first (with the teaching controls if given)."""
        stretch = {"sizing_mode": "stretch_width"}
        layers = [x for key, group in self.layers.items() for x in (_heading(LAYER_GROUPS[key]), group)]
        parts_tab = pn.Row(**stretch)
        opacity_tab = pn.Column(**stretch)
        # Tabs, not Cards: a Card's title is an HTML pane (MathJax, see richtext.py); dynamic
        # tabs send their widgets only when first opened, and the Parts and Opacity widgets are
        # only created then
        more = pn.Tabs(
            ("Layers", pn.Column(_heading(DISPLAY_LABEL), self.display, *layers, self.peel, self.isolate,
                                self.show_lower_legs,
                                self.show_landmarks, **stretch)),
            ("Parts", parts_tab),
            ("Opacity", opacity_tab),
            dynamic=True, margin=(10, 5, 0, 5), **stretch,
        )

        def open_tab(event: param.parameterized.Event) -> None:
            if event.new == 1 and not parts_tab.objects:
                parts_tab.objects = [pn.Column(_heading(group.label), group) for group in self.parts.values()]
            elif event.new == 2 and not opacity_tab.objects:
                opacity_tab.objects = list(self.opacity.values())

        more.param.watch(open_tab, "active")
        explain: list[pn.viewable.Viewable] = [] if teaching is None else [teaching.exercise, teaching.drop_group()]
        colour: list[pn.viewable.Viewable] = [] if teaching is None else teaching.colour_group()
        return [self.motion, *explain[:1], self.side_label, self.side, self.flexion_label, self.flexion, *explain[1:],
                *colour, self.part, more]


def build_controls(state: ViewerState, actions: Actions) -> Controls:
    """Create the sidebar widgets of a session and wire them to ``state`` / ``actions``.

    Parameters
    ----------
    state : ViewerState
        The session's state.
    actions : Actions
        Bound to the same ``state``.

    Returns
    -------
    Controls

    """
    w = {"sizing_mode": "stretch_width"}
    controls = Controls(
        state=state,
        actions=actions,
        motion=pn.widgets.Select(label="Motion", groups=motion_groups(), value=state.motion,
                                 css_classes=["motion-select"], **w),
        flexion=pn.widgets.RadioButtonGroup(label="Hip flexion for rotation", options=flexion_options(state.flexion),
                                            value=float(state.flexion), visible=state.motion == "rotation",
                                            color="primary", variant="outline", css_classes=["flexion-choice"],
                                            **w),
        flexion_label=_heading("Hip flexion for the rotation", visible=state.motion == "rotation"),
        side=pn.widgets.RadioButtonGroup(label="Leg that moves", options=SIDE_OPTIONS, value=state.side,
                                         visible=uses_side(state.motion), color="primary", variant="outline",
                                         css_classes=["side-choice"], **w),
        side_label=_heading("Leg that moves", visible=uses_side(state.motion)),
        part=pn.widgets.Select(label="Selected part", options=_part_options(), value=state.selected,
                               css_classes=["part-select"], **w),
        layers={key: pn.widgets.CheckButtonGroup(
            label=label, options={ids.layer_label(layer).split()[1].capitalize(): layer for layer in ids.LAYERS},
            value=shown_layers(state.visible_parts, key), color="primary", variant="outline",
            css_classes=[f"layers-{key}"], **w) for key, label in LAYER_GROUPS.items()},
        # one-option groups, not Checkboxes: a Checkbox's text is a div, so its box has no accessible
        # name; a group's box sits in a <label> with its text (and clicking the text ticks it)
        isolate=_switch(ISOLATE, state.isolate, "isolate-toggle"),
        peel=pn.widgets.RadioBoxGroup(label="Peel", options=PEEL_LABELS, value=state.peel,
                                      css_classes=["peel-choice"], **w),
        display=pn.widgets.RadioBoxGroup(label=DISPLAY_LABEL, options={v: k for k, v in DISPLAY_MODES.items()},
                                         value=state.display, css_classes=["display-choice"], **w),
        show_lower_legs=_switch(LOWER_LEGS, state.show_lower_legs, "lower-legs-toggle"),
        show_landmarks=_switch(LANDMARKS, state.show_landmarks, "landmarks-toggle"),
    )
    _wire(controls, state, actions)
    return controls


def uses_side(motion: str) -> bool:
    """Whether ``motion`` moves one leg chosen by the side choice (the sweeps)."""
    return MOTIONS[motion].uses_side


def _switch(label: str, on: bool, css_class: str) -> pn.widgets.CheckBoxGroup:
    """A check box named ``label``: a one-option ``CheckBoxGroup`` whose value is ``[True]`` or ``[]``."""
    return pn.widgets.CheckBoxGroup(options={label: True}, value=[True] if on else [], css_classes=[css_class],
                                    sizing_mode="stretch_width")


def _heading(text: str, visible: bool = True) -> RichText:
    return RichText.heading(text, visible=visible)


def _part_options() -> dict[str, str]:
    return {NO_SELECTION: ""} | {part_label(p): p for p in ids.part_ids()}


def _wire(c: Controls, state: ViewerState, actions: Actions) -> None:
    """Widget -> action, and state -> widget for the ID-carrying widgets."""
    user = c.from_user
    c.motion.param.watch(user(lambda e: actions.set_motion(e.new)), "value")
    c.flexion.param.watch(user(lambda e: e.new is not None and actions.set_flexion(e.new)), "value")
    c.side.param.watch(user(lambda e: e.new and actions.set_side(e.new)), "value")
    c.part.param.watch(user(lambda e: actions.select(e.new)), "value")
    c.peel.param.watch(user(lambda e: setattr(state, "peel", int(e.new))), "value")
    c.display.param.watch(user(lambda e: actions.set_display(e.new)), "value")
    switches = {"isolate": c.isolate, "show_lower_legs": c.show_lower_legs,
                "show_landmarks": c.show_landmarks}
    for name, box in switches.items():
        box.param.watch(lambda e, name=name: setattr(state, name, bool(e.new)), "value")

    def follow_switches(*events: param.parameterized.Event) -> None:
        for e in events:
            switches[e.name].value = [True] if e.new else []

    c.watchers.append(state.param.watch(follow_switches, list(switches)))
    for key, group in c.layers.items():
        side = None if key == "both" else key
        group.param.watch(user(lambda e, side=side: _layers_changed(actions, side, e.old, e.new)), "value")

    def follow(*events: param.parameterized.Event) -> None:
        c.following = True
        try:
            _follow(c, state, {e.name for e in events})
        finally:
            c.following = False

    c.watchers.append(state.param.watch(follow, ["motion", "flexion", "side", "selected", "peel", "visible_parts"]))


def _follow(c: Controls, state: ViewerState, names: set[str]) -> None:
    """Show the state's current values in the ID-carrying widgets."""
    if "motion" in names:
        c.motion.value = state.motion
        c.flexion.visible = c.flexion_label.visible = state.motion == "rotation"
        c.side.visible = c.side_label.visible = uses_side(state.motion)
    if "side" in names:
        c.side.value = state.side
    if "flexion" in names:
        c.flexion.options = flexion_options(state.flexion)
        c.flexion.value = float(state.flexion)
    if "selected" in names:
        c.part.value = state.selected
    if "peel" in names:
        c.peel.value = state.peel
    if "visible_parts" in names:
        for key, group in c.layers.items():
            group.value = shown_layers(state.visible_parts, key)
        for side, group in (c._parts or {}).items():
            group.value = [p for p in state.visible_parts if p.endswith("_" + side)]


def _layers_changed(actions: Actions, side: str | None, old: list[str], new: list[str]) -> None:
    for layer in set(new) - set(old):
        actions.toggle_layer(layer, side, visible=True)
    for layer in set(old) - set(new):
        actions.toggle_layer(layer, side, visible=False)


def _parts_changed(c: Controls, actions: Actions) -> None:
    wanted = [p for group in (c._parts or {}).values() for p in group.value]
    if set(wanted) != set(actions.state.visible_parts):
        actions.set_visible_parts(wanted)
