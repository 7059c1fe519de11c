"""Linked plots of the selected part: Bokeh figures built once per session, updated in place.

1. moment arm (mm) about one hip axis over the motion, fibres thin, the model bundle bold;
2. fibre length (mm) over the motion, same styling;
3. the bundle's rotation moment arm as hip flexion goes 0 -> 90 deg and where it changes sign
   (independent of the motion, so cached per part).

Figure 1 also shows the published values of the part about the plotted axis
(:func:`literature_marks`, from ``annotations/literature``): a value at a hip flexion as a point
(with a whisker for its spread or range) where the x is hip flexion, or at x = 0 in a sweep of
another coordinate made at that flexion; a peak reported as a range as a band across a hip-flexion
x. The legend then reads "literature: <short source>". Statements are not drawn (they are in the card).

The x of 1 and 2 is the swept hip joint of the part's side in degrees (:func:`swept_axis`), or %
of the cycle for running. Points go in frame order, the loop closed (frame 0 repeated at the end):
a sweep passes each angle out and back in the same pose, so the line retraces itself and reads as
one curve, while every frame (the way back included) keeps a point for the cursor and for picking.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Final

import numpy as np
import panel as pn
from bokeh.core.properties import value
from bokeh.events import Tap
from bokeh.models import ColumnDataSource, CustomJS, LegendItem, Span, Title, Whisker
from bokeh.plotting import figure

from viewer.anatomy import ids
from viewer.anatomy.fibres import fibre_model
from viewer.anatomy.literature import numeric_for
from viewer.anatomy.mechanics import rotation_vs_flexion, sign_change
from viewer.anatomy.model import model_source
from viewer.anatomy.motions import SWEEP_SOURCE, Motion
from viewer.anatomy.scene import Scene
from viewer.component.payload import part_name

AXES: Final = ids.HIP_COORDINATES
"""Moment-arm axes, in the order of the last dimension of ``Scene.moment_arms``."""
SWEPT: Final = {"abduction": "adduction", "rotation": "rotation", "flexion": "flexion"}
POSITIVE: Final = {"flexion": "+ flexion", "adduction": "+ adduction", "rotation": "+ internal"}
CYCLE: Final = "cycle"
"""Name :func:`swept_axis` gives the x of running (and of motions that do not move the part's hip)."""
FLEXION_DEG: Final = np.arange(0.0, 90.5, 1.0)
FLEXION_DEG.flags.writeable = False
TITLES: Final = ("Moment arm (mm)", "Fibre length (mm)", "Rotation vs flexion")
CURSOR_NAMES: Final = ("glute-cursor-moment-arm", "glute-cursor-length", "glute-cursor-flexion")
"""Names of the three cursor Spans (browser tests find them with ``Bokeh.documents[0].get_model_by_name``)."""
PLOT_CLASSES: Final = ("plot-moment-arm", "plot-length", "plot-rotation")
"""CSS classes of the three plot panes (browser tests find them)."""
FRAME_EVENT: Final = "glute-scene:frame"
"""Window event the 3D view dispatches with ``detail.frame`` while it plays, seeks or steps (CONTRACT.md)."""
FOLLOW_JS: Final = """
// installed once per page (first layout or first data); moves the cursors with the 3D view
const key = "__gluteCursor_" + src.id;
if (!window[key]) {
  window[key] = true;
  window.addEventListener("FRAME_EVENT", (e) => {
    const xs = src.data.x, fx = src.data.flexion;
    if (!xs || xs.length < 2 || !e.detail || !Number.isFinite(e.detail.frame)) return;
    const n = xs.length - 1;
    const f = ((e.detail.frame % n) + n) % n, i = Math.floor(f), t = f - i;
    const at = (v) => v[i] + t * (v[i + 1] - v[i]);
    for (const s of spans) s.location = at(xs);
    flex.location = at(fx);
  });
}
""".replace("FRAME_EVENT", FRAME_EVENT)
HEIGHT, MM, FIBRE_COLOUR, BUNDLE_COLOUR, CURSOR_COLOUR = 220, 1000.0, "#4c72b0", "#1f2d4d", "#d62728"
LITERATURE_COLOUR: Final = "#dd8452"
"""Literature points, whiskers and bands on figure 1."""


def swept_axis(motion: Motion, side: str = "r") -> tuple[str, np.ndarray]:
    """The x of a motion's plots for one side: the swept hip joint in degrees, or % of the cycle.

    Parameters
    ----------
    motion : Motion
        Any motion; ``running`` (and a motion that leaves this hip still) gives ``phase * 100``.
    side : {"r", "l"}
        Side of the part plotted.

    Returns
    -------
    name : str
        A joint id (``hip_rotation_r``) or :data:`CYCLE`.
    x : ndarray, shape (n,)
        Degrees of that joint per frame, or % of the cycle.

    """
    ids.check_choice(side, ids.SIDES, "side")
    if motion.name != "running":
        joint = ids.hip_joint(SWEPT[motion.name], side) if motion.name in SWEPT else None
        if joint not in motion.joints:  # exercises: the hip coordinate of this side that moves most
            ranges = {ids.hip_joint(c, side): np.ptp(motion.joints.get(ids.hip_joint(c, side), [0.0]))
                      for c in AXES}
            joint = max(ranges, key=ranges.__getitem__) if max(ranges.values()) > 1e-9 else None
        if joint is not None:
            return joint, np.degrees(np.asarray(motion.joints[joint], dtype=float))
    return CYCLE, np.asarray(motion.phase, dtype=float) * 100.0


def default_axis(motion: Motion, side: str = "r") -> str:
    """Moment-arm axis shown by default: the swept coordinate, ``flexion`` for running."""
    name, _ = swept_axis(motion, side)
    return "flexion" if name == CYCLE else name.split("_")[1]


def x_label(motion: Motion, name: str) -> str:
    """Axis label (with units) of the x that :func:`swept_axis` returned as ``name``."""
    if name == CYCLE:
        start = " from right foot strike" if motion.name == "running" else ""
        return f"{motion.label}: % of cycle{start}"
    _, coordinate, side = name.split("_")
    return f"Hip {coordinate}, {'right' if side == 'r' else 'left'} (deg, {POSITIVE[coordinate]})"


@lru_cache(maxsize=len(ids.part_ids()))
def rotation_curve(part_id: str) -> tuple[np.ndarray, np.ndarray, tuple[float, ...]]:
    """Bundle rotation moment arm of a part over hip flexion 0..90 deg (cached; motion-free).

    Returns
    -------
    flexion_deg, arm_mm : ndarray
        :data:`FLEXION_DEG` and the moment arm (mm, + internal), read-only.
    crossings : tuple of float
        Flexions (deg) where the moment arm changes sign (:func:`~viewer.anatomy.mechanics.sign_change`).

    """
    arms = rotation_vs_flexion(fibre_model(), ids.bundle_tendon(part_id), np.radians(FLEXION_DEG)) * MM
    arms.flags.writeable = False
    return FLEXION_DEG, arms, tuple(sign_change(FLEXION_DEG, arms))


def _figure(title: str, x_axis: str, y_axis: str) -> figure:
    fig = figure(title=title, height=HEIGHT, sizing_mode="stretch_width", tools="", toolbar_location=None,
                 x_axis_label=x_axis, y_axis_label=y_axis, min_border_left=50)
    fig.title.text_font_size = "10pt"
    for ax in (fig.xaxis, fig.yaxis):
        ax.update(axis_label_text_font_size="8pt", axis_label_text_font_style="normal")
    for _ in range(2):  # source lines; an empty one takes no space
        fig.add_layout(Title(text="", text_font_size="7.5pt", text_font_style="italic", text_color="#666", standoff=2),
                       "below")
    return fig


def source_lines(model: str, motion: str = "") -> tuple[str, str]:
    """Two short caption lines: the model source split at its first ``"; "``, then a motion citation if any."""
    head, _, tail = model.partition("; ")
    if motion and motion != SWEEP_SOURCE:
        cite = re.match(r".{0,80}?\(\d{4}\)", motion)
        tail = "; ".join(t for t in (tail, f"motion: {cite[0] if cite else motion.split('. ')[0][:80]}") if t)
    return f"Source: {head}", tail


def fibre_lines(rows: np.ndarray) -> np.ndarray:
    """Rows (k, m) as one array of k (m + 1) values, each row followed by a NaN (a break in a Bokeh line)."""
    rows = np.asarray(rows, dtype=float)
    return np.c_[rows, np.full(len(rows), np.nan)].ravel()


def literature_marks(part_id: str, axis: str, x_name: str, motion_name: str, flexion_deg: float | None,
                     x_span: tuple[float, float]) -> tuple[dict[str, list[float]], dict[str, list[float]], str]:
    """The published values of a part about ``axis`` placed on figure 1 (module docstring).

    Parameters
    ----------
    part_id : str
        The part plotted (``glmax1_r``).
    axis : {"flexion", "adduction", "rotation"}
        The moment arm plotted.
    x_name : str
        The x of the plot (:func:`swept_axis`): a joint id or :data:`CYCLE`.
    motion_name : str
        The motion's name; points at x = 0 only in the sweeps (:data:`SWEPT`).
    flexion_deg : float or None
        The hip flexion the motion holds (None when it moves).
    x_span : (float, float)
        The plotted x range, which a band spans.

    Returns
    -------
    points : dict
        ``x``, ``y``, ``lower``, ``upper`` (mm; NaN without a spread or range).
    band : dict
        ``x``, ``y1``, ``y2``: one band per peak range, bands separated by NaN.
    label : str
        ``"literature: <short sources>"``, or ``""`` when nothing is drawn.

    """
    side = ids.parse_part(part_id)[2]
    on_flexion = x_name == ids.hip_joint("flexion", side)
    points: dict[str, list[float]] = {"x": [], "y": [], "lower": [], "upper": []}
    band: dict[str, list[float]] = {"x": [], "y1": [], "y2": []}
    shown: list[str] = []
    for entry in numeric_for(part_id, axis):
        v = entry.value
        if v is None:
            continue
        low, high = v.bounds() or (np.nan, np.nan)
        if v.at == "angle" and v.hip_flexion_deg is not None:
            held = flexion_deg is not None and abs(flexion_deg - v.hip_flexion_deg) < 0.5
            if on_flexion:
                x = v.hip_flexion_deg
            elif motion_name in SWEPT and x_name != CYCLE and held:
                x = 0.0
            else:
                continue
            for key, y in zip(points, (x, v.centre(), low, high), strict=True):
                points[key].append(float(y))
        elif v.at == "peak" and on_flexion:
            low, high = (low, high) if v.bounds() else (v.centre(), v.centre())
            if band["x"]:
                for key in band:
                    band[key].append(np.nan)
            band["x"] += list(x_span)
            band["y1"] += [low, low]
            band["y2"] += [high, high]
        else:
            continue
        shown.append(entry.short)
    return points, band, ("literature: " + ", ".join(dict.fromkeys(shown))) if shown else ""


_COLUMNS: dict[tuple[int, str], tuple[weakref.ref[Scene], tuple[Any, ...]]] = {}
"""Plotted columns by (scene id, part), with a weak reference to the scene: the motion caches
decide how long a scene lives, not this one."""
_COLUMNS_KEPT: Final = 64


def part_columns(scene: Scene, part_id: str, side: str) -> tuple[Any, ...]:
    """The plotted columns of one part in one motion, computed once per scene and shared by sessions.

    Returns
    -------
    tuple
        ``(x, flexion_at, fibre_ids, fibres, bundle)``: x and hip flexion (deg) per frame, the loop
        closed (n + 1); the part's fibre ids; the ``fibres`` and ``bundle`` data dicts (read-only
        arrays; Bokeh sends each column as one binary buffer).

    """
    key = (id(scene), part_id)
    hit = _COLUMNS.get(key)
    if hit is not None and hit[0]() is scene:
        return hit[1]
    motion, n = scene.motion, scene.motion.frames
    name, x = swept_axis(motion, side)
    order = np.r_[np.arange(n), 0]
    x_closed = np.r_[x, 100.0 if name == CYCLE else x[0]]
    flexion_at = np.degrees(motion.joints.get(ids.hip_joint("flexion", side), np.zeros(n)))[order]
    fibres, b = [i for i, p in enumerate(scene.fibre_parts) if p == part_id], scene.part_ids.index(part_id)
    fib: dict[str, np.ndarray] = {"x": fibre_lines(np.tile(x_closed, (len(fibres), 1))),
                                  "length": fibre_lines(scene.lengths[order][:, fibres].T * MM)}
    bun: dict[str, np.ndarray] = {"x": x_closed, "length": scene.bundle_lengths[order, b] * MM}
    for k, a in enumerate(AXES):
        fib[f"ma_{a}"] = fibre_lines(scene.moment_arms[order][:, fibres, k].T * MM)
        bun[f"ma_{a}"] = scene.bundle_moment_arms[order, b, k] * MM
    for column in (*fib.values(), *bun.values()):
        column.flags.writeable = False
    value = (x_closed, flexion_at, [scene.fibre_ids[i] for i in fibres], fib, bun)
    if len(_COLUMNS) >= _COLUMNS_KEPT:
        _COLUMNS.pop(next(iter(_COLUMNS)))
    _COLUMNS[key] = (weakref.ref(scene), value)
    return value


class PartPlots:
    """Moment arm, fibre length and rotation-vs-flexion plots of one part, linked to the frame.

    Attributes
    ----------
    moment_arm, length, rotation : bokeh.plotting.figure
        Figures 1-3 (``figures`` lists them in order).
    fibres, bundle : ColumnDataSource
        Figures 1-2 data: ``x``, ``ma_flexion``, ``ma_adduction``, ``ma_rotation`` and ``length`` (mm)
        over n + 1 points (the loop closed). ``fibres`` holds every fibre of the part in one line,
        each fibre's points followed by a NaN row that breaks the line (:func:`fibre_lines`), so a
        selection sends five arrays however many fibres the part has.
    fibre_ids : list of str
        The fibres in ``fibres``, in order.
    curve, crossing, zero : ColumnDataSource
        Figure 3 curve (``x`` deg, ``y`` mm) and its sign changes (``x``, ``y``, ``text``); figure 1's y = 0 line.
    cursors, flexion_cursor : tuple of Span, Span
        The current frame's x on figures 1 and 2; the current hip flexion on figure 3.

    """

    def __init__(self) -> None:
        self.scene: Scene | None = None
        self.part_id: str | None = None
        self.axis, self.frame = "flexion", 0.0
        self.x, self.flexion_at = np.zeros(0), np.zeros(0)  # x, hip flexion (deg) per frame, loop closed (n + 1)
        self.x_name = CYCLE  # the x of figures 1 and 2 (swept_axis)
        self._callbacks: list[Callable[[int], None]] = []
        columns = ("length", *(f"ma_{a}" for a in AXES))
        self.fibre_ids: list[str] = []
        self.fibres = ColumnDataSource({"x": [], **{c: [] for c in columns}})
        self.bundle = ColumnDataSource({"x": [], **{c: [] for c in columns}})
        self.curve, self.zero = ColumnDataSource({"x": [], "y": []}), ColumnDataSource({"x": [], "y": []})
        self.crossing = ColumnDataSource({"x": [], "y": [], "text": []})
        self.moment_arm = _figure(TITLES[0], "", "Moment arm (mm)")
        self.length = _figure(TITLES[1], "", "Fibre length (mm)")
        self.rotation = _figure(TITLES[2], "Hip flexion (deg)", "+ internal / - external (mm)")
        self.figures = (self.moment_arm, self.length, self.rotation)
        self.captions = {fig: tuple(fig.below[-2:]) for fig in self.figures}
        # the browser moves these while the animation plays (FOLLOW_JS), without telling the server
        cursor = {"location": None, "dimension": "height", "line_color": CURSOR_COLOUR, "line_dash": "dashed",
                  "syncable": False}
        self.cursors = (Span(name=CURSOR_NAMES[0], **cursor), Span(name=CURSOR_NAMES[1], **cursor))
        self.flexion_cursor = Span(name=CURSOR_NAMES[2], **cursor)
        self.cursor_x = ColumnDataSource({"x": [], "flexion": []}, name="glute-cursor-x")
        follow = CustomJS(args={"src": self.cursor_x, "spans": list(self.cursors), "flex": self.flexion_cursor},
                          code=FOLLOW_JS)
        self.cursor_x.js_on_change("data", follow)
        self.moment_arm.js_on_change("inner_width", follow)  # set by the browser's first layout
        zero = {"line_color": "#888888", "line_width": 1}  # glyphs, not Spans: they keep y = 0 in range
        self.moment_arm.line("x", "y", source=self.zero, **zero)
        self.rotation.line("x", "y", source=ColumnDataSource({"x": [0.0, 90.0], "y": [0.0, 0.0]}), **zero)
        self.fibre_glyphs, self.bundle_glyphs = {}, {}
        for fig, y, span in zip((self.moment_arm, self.length), ("ma_flexion", "length"), self.cursors, strict=True):
            self.fibre_glyphs[fig] = fig.line("x", y, source=self.fibres, line_color=FIBRE_COLOUR,
                                              line_alpha=0.35, line_width=1, legend_label="fibres").glyph
            self.bundle_glyphs[fig] = fig.line("x", y, source=self.bundle, line_color=BUNDLE_COLOUR,
                                               line_width=3, legend_label="model bundle").glyph
            fig.add_layout(span)
            legend = fig.legend[0]
            legend.update(orientation="horizontal", label_text_font_size="8pt", padding=0, margin=0,
                          glyph_height=8, border_line_alpha=0, background_fill_alpha=0)
            fig.center.remove(legend)
            fig.add_layout(legend, "above")
            fig.on_event(Tap, self.tap)
        self._literature_glyphs()
        self.rotation.line("x", "y", source=self.curve, line_color=BUNDLE_COLOUR, line_width=3)
        self.rotation.scatter("x", "y", source=self.crossing, size=9, fill_color="white", line_color=CURSOR_COLOUR)
        self.rotation.text("x", "y", text="text", source=self.crossing, x_offset=6, y_offset=-4,
                           text_font_size="8pt", text_color=CURSOR_COLOUR)
        self.rotation.add_layout(self.flexion_cursor)
        self._view: pn.Column | None = None

    # -- public API ---------------------------------------------------------------------------
    def update(self, scene: Scene, part_id: str | None, axis: str | None = None) -> None:
        """Show ``part_id`` of ``scene`` (``None`` or ``""`` clears the plots).

        Parameters
        ----------
        scene : Scene
            The motion's scene (:func:`viewer.app.sync.motion_scene`).
        part_id : str or None
            A part id such as ``glmed1_r``.
        axis : {"flexion", "adduction", "rotation"}, optional
            Moment arm shown; default :func:`default_axis` of the motion.

        Raises
        ------
        viewer.anatomy.ids.UnknownIdError
            For an unknown part or axis (the plots are left as they were).

        """
        if not part_id:
            self.clear()
            return
        side = ids.parse_part(part_id)[2]
        axis = ids.check_choice(axis or default_axis(scene.motion, side), AXES, "axis")
        if scene is not self.scene or part_id != self.part_id:
            self._load(scene, part_id, side)
        self.axis = axis
        self.fibre_glyphs[self.moment_arm].y = self.bundle_glyphs[self.moment_arm].y = f"ma_{axis}"
        self.moment_arm.title.text = f"{part_name(part_id)}: {axis} moment arm ({POSITIVE[axis]})"
        self._show_literature()

    def clear(self) -> None:
        """Empty every data source and hide the cursors."""
        self.scene, self.part_id, self.x, self.flexion_at = None, None, np.zeros(0), np.zeros(0)
        self.fibre_ids = []
        for source in (self.fibres, self.bundle, self.curve, self.crossing, self.zero, self.lit_points, self.lit_band):
            source.data = {key: [] for key in source.data}
        self.lit_item.update(label=value(""), visible=False)
        for fig, title in zip(self.figures, TITLES, strict=True):
            fig.title.text = f"{title}: select a part"
            self.captions[fig][0].text = self.captions[fig][1].text = ""
        for span in (*self.cursors, self.flexion_cursor):
            span.location = None
        self.cursor_x.data = {"x": [], "flexion": []}

    def set_frame(self, frame: float) -> None:
        """Move the cursors to ``frame`` (fractional frames interpolate; wraps around the loop)."""
        self.frame = float(frame)
        if self.scene is not None:
            self.cursors[0].location = self.cursors[1].location = self._at(self.x, self.frame)
            self.flexion_cursor.location = self._at(self.flexion_at, self.frame)

    def on_pick(self, callback: Callable[[int], None]) -> None:
        """Call ``callback(frame_index)`` when the user taps figure 1 or 2 (nearest frame)."""
        self._callbacks.append(callback)

    def nearest_frame(self, x: float) -> int | None:
        """Frame whose x is nearest to ``x``; of equal ones (a sweep passes twice) the nearest to the current."""
        if self.scene is None:
            return None
        n = self.scene.motion.frames
        dist = np.abs(self.x[:n] - x)
        ties = np.flatnonzero(dist <= dist.min() + 1e-6 * (np.ptp(self.x) + 1.0))
        loop = np.abs(ties - self.frame % n)
        return int(ties[np.argmin(np.minimum(loop, n - loop))])

    def tap(self, event: Any) -> None:
        """Bokeh ``Tap`` handler: move the cursor to the nearest frame and tell the ``on_pick`` callbacks."""
        frame = None if getattr(event, "x", None) is None else self.nearest_frame(float(event.x))
        if frame is not None:
            self.set_frame(frame)
            for callback in list(self._callbacks):
                callback(frame)

    def view(self) -> pn.Column:
        """The three figures as ``pn.pane.Bokeh`` panes in a column (built once)."""
        if self._view is None:
            for fig, css in zip(self.figures, PLOT_CLASSES, strict=True):
                fig.css_classes = [css]  # on the figure's own element (a Bokeh pane renders the figure itself)
            panes = [pn.pane.Bokeh(f, sizing_mode="stretch_width") for f in self.figures]
            self._view = pn.Column(*panes, sizing_mode="stretch_width", css_classes=["part-plots"])
        return self._view

    # -- internals ----------------------------------------------------------------------------
    def _literature_glyphs(self) -> None:
        """Figure 1's literature points, whiskers and band, and their (hidden) legend entry."""
        self.lit_points = ColumnDataSource({"x": [], "y": [], "lower": [], "upper": []})
        self.lit_band = ColumnDataSource({"x": [], "y1": [], "y2": []})
        fig = self.moment_arm
        band = fig.varea("x", "y1", "y2", source=self.lit_band, fill_color=LITERATURE_COLOUR, fill_alpha=0.2)
        points = fig.scatter("x", "y", source=self.lit_points, marker="diamond", size=10,
                             fill_color=LITERATURE_COLOUR, line_color=BUNDLE_COLOUR)
        fig.add_layout(Whisker(source=self.lit_points, base="x", lower="lower", upper="upper", dimension="height",
                               line_color=LITERATURE_COLOUR, line_width=2))
        self.lit_item = LegendItem(label=value(""), renderers=[band, points], visible=False)
        fig.legend[0].items.append(self.lit_item)

    def _show_literature(self) -> None:
        """Put the published values of the part about the plotted axis on figure 1 (:func:`literature_marks`)."""
        if self.scene is None or self.part_id is None or not len(self.x):
            return
        flexion = float(self.flexion_at[0]) if np.ptp(self.flexion_at) < 0.5 else None
        points, band, label = literature_marks(self.part_id, self.axis, self.x_name, self.scene.motion.name, flexion,
                                               (float(self.x.min()), float(self.x.max())))
        self.lit_points.data, self.lit_band.data = points, band
        self.lit_item.update(label=value(label), visible=bool(label))

    def _at(self, values: np.ndarray, frame: float) -> float:
        i, t = divmod(frame % (len(values) - 1), 1.0)
        return float(values[int(i)] + t * (values[int(i) + 1] - values[int(i)]))

    def _load(self, scene: Scene, part_id: str, side: str) -> None:
        motion = scene.motion
        name = swept_axis(motion, side)[0]
        self.x, self.flexion_at, self.fibre_ids, fib, bun = part_columns(scene, part_id, side)
        self.fibres.data, self.bundle.data = fib, bun
        fx, arm, cross = rotation_curve(part_id)
        self.curve.data = {"x": fx, "y": arm}
        self.crossing.data = {"x": list(cross), "y": [0.0] * len(cross), "text": [f"{c:.1f}°" for c in cross]}
        where = (f"changes sign at {', '.join(f'{c:.1f}°' for c in cross)}" if cross
                 else f"{'internal' if arm[0] > 0 else 'external'} throughout")
        self.rotation.title.text = f"{part_name(part_id)}: rotation moment arm vs hip flexion ({where})"
        self.length.title.text = f"{part_name(part_id)}: fibre length"
        self.moment_arm.xaxis.axis_label = self.length.xaxis.axis_label = x_label(motion, name)
        self.zero.data = {"x": [self.x.min(), self.x.max()], "y": [0.0, 0.0]}
        head, tail = source_lines(model := scene.sources.get("model") or model_source())
        lines = {self.rotation: (head, f"{tail}; hip rotation and adduction neutral")}
        for fig in self.figures:
            for title, text in zip(self.captions[fig], lines.get(fig, source_lines(model, motion.source)), strict=True):
                title.text = text
        self.scene, self.part_id, self.x_name = scene, part_id, name
        self.cursor_x.data = {"x": self.x.tolist(), "flexion": self.flexion_at.tolist()}
        self.set_frame(self.frame)
