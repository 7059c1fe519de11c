"""Link a session's :class:`~viewer.app.plots.PartPlots` to its state.

- the selected part, the motion (and its flexion or pelvic drop) and the axis choose what is
  plotted: the action colour mode's axis when fibres are coloured by action, else the motion's
  swept axis (:func:`viewer.app.plots.default_axis`);
- ``state.frame`` (written on pause, scrub and step) moves the cursors on the server; while the
  animation plays the browser moves them itself (``plots.FOLLOW_JS``), nothing flows per frame;
- a tap on the moment-arm or length plot pauses and sets the pose to the nearest frame.

The plots are built and kept up to date only while ``state.show_plots`` is on (the toggle above
them, or ``plots=1`` in the URL): three Bokeh figures are about 150 models, which would make
the first selection of every session cost about 0.2 s of server time under a class's load
(docs/how-to/serve.md); a session that never opens them never pays for them.
"""

from __future__ import annotations

import logging

import panel as pn
import param

from viewer.app.plots import PartPlots, default_axis
from viewer.app.state import ViewerState
from viewer.content.payloads import motion_scene

log = logging.getLogger(__name__)

WATCHED = ("selected", "motion", "flexion", "pelvic_drop", "weak_side", "color_mode", "action_axis", "show_plots")
TOGGLE_LABELS = ("Show plots of the selected part: moment arm, fibre length, rotation vs flexion", "Hide the plots")


class PlotsSync:
    """The plots of one session, following its state.

    Parameters
    ----------
    state : ViewerState
        The session's state.
    plots : PartPlots, optional
        Built here by default.

    """

    def __init__(self, state: ViewerState, plots: PartPlots | None = None) -> None:
        self.state = state
        self.plots = plots  # built when first shown: most sessions of a class never need them
        self.holder = pn.Column(sizing_mode="stretch_width", margin=0)
        self.toggle = pn.widgets.Toggle.from_param(state.param.show_plots, label=TOGGLE_LABELS[state.show_plots],
                                                   color="primary", variant="outline", sizing_mode="stretch_width",
                                                   css_classes=["plots-toggle"])
        self.refresh()
        self.watchers = [state.param.watch(self.refresh, list(WATCHED)),
                         state.param.watch(self._frame, "frame")]

    def _ensure(self) -> PartPlots:
        if self.plots is None:
            self.plots = PartPlots()
        if self.pick not in self.plots._callbacks:  # noqa: SLF001 - our own PartPlots
            self.plots.on_pick(self.pick)
        if not self.holder.objects:
            self.holder.objects = [self.plots.view()]
        return self.plots

    def axis(self) -> str:
        """The moment-arm axis plotted."""
        if self.state.color_mode == "action":
            return self.state.action_axis
        return default_axis(motion_scene(self.state.motion_spec()).motion, self.state.selected[-1:] or "r")

    def refresh(self, *_events: param.parameterized.Event) -> None:
        """Show the selected part of the current motion (clear the plots without a selection)."""
        shown = self.state.show_plots
        self.toggle.label = TOGGLE_LABELS[shown]
        self.holder.visible = shown
        try:
            if not shown:
                return
            if not self.state.selected:
                self._ensure().clear()
                return
            plots = self._ensure()
            plots.frame = float(self.state.frame)
            plots.update(motion_scene(self.state.motion_spec()), self.state.selected, self.axis())
            plots.set_frame(self.state.frame)  # hidden, the cursors did not follow
        except Exception as exc:  # noqa: BLE001 - a plot must never end the session
            log.exception("could not plot %s", self.state.selected)
            self.state.message = f"Could not plot {self.state.selected!r}: {exc}"

    def _frame(self, event: param.parameterized.Event) -> None:
        if self.plots is not None and self.state.show_plots:
            self.plots.set_frame(float(event.new))

    def pick(self, frame: int) -> None:
        """A tap on a plot: pause at ``frame``."""
        self.state.param.update(playing=False, frame=float(frame))

    def view(self) -> pn.Column:
        """The toggle and, under it, where the three figures go (empty until first shown)."""
        return pn.Column(self.toggle, self.holder, sizing_mode="stretch_width", margin=0)

    def unlink(self) -> None:
        """Stop following the state (at session end)."""
        for watcher in self.watchers:
            self.state.param.unwatch(watcher)
        self.watchers.clear()
