"""The shareable state of a session in the URL query, both ways.

Reading (:func:`apply_query`): each value goes through the same named action as a click
would, so an unknown motion, part id or colour mode is refused with a visible notice
("URL: ...") and the session carries on with its defaults; unknown keys are named in
the notice too. Nothing in the query ever reaches a file path.

Writing (:func:`state_query`, :class:`UrlSync`): the browser's address follows the state
(``history.replaceState`` through Panel's ``pn.state.location``), so copying the address
shares the view. Only values that differ from the defaults are written.

Keys (all optional)::

    motion=rotation  flexion=45  drop=8  weak=r     motion, rotation's hip flexion, pelvic drop
    side=l                                          the leg the sweeps move (default r)
    frame=12.5  phase=midstance  play=0  speed=0.5  loop=0
    select=glmed1_r  parts=glmed1_r,glmed2_r  peel=1  isolate=1  draw=muscles  legs=0  labels=1 (landmark labels)
    opacity=gluteus_maximus:0.4,bones:0.6
    color=action  axis=rotation  plots=1 (the linked plots shown)
    view=lateral  cam=px,py,pz,tx,ty,tz (millimetres, ground frame)
    embed=1 (page layout, read by viewer.app.layout)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import param

from viewer.anatomy import ids
from viewer.anatomy.motions import MOTIONS
from viewer.app.actions import MAX_FRAME, Actions
from viewer.app.state import ViewerState, opacity_param
from viewer.content.payloads import motion_scene
from viewer.vocab import OPACITY_KEYS

QUERY_KEYS: Final = ("motion", "flexion", "side", "drop", "weak", "frame", "phase", "play", "speed", "loop",
                     "select", "parts", "peel", "isolate", "draw", "legs", "labels", "opacity", "color", "axis",
                     "plots", "view", "cam", "embed")
"""Every key the URL may carry, in the order they are applied and written."""
FALSE_WORDS: Final = ("0", "false", "no", "off")
TRUE_WORDS: Final = ("1", "true", "yes", "on")
MAX_VALUE_CHARS: Final = 2000
"""Longer values are refused unread (a URL is not a place for essays)."""
CAMERA_LIMIT_MM: Final = 100_000.0
"""Camera coordinates beyond +-100 m are refused."""
WATCHED: Final = ("motion", "flexion", "side", "pelvic_drop", "weak_side", "frame", "playing", "speed", "loop",
                  "selected", "visible_parts", "peel", "isolate", "display", "show_lower_legs", "show_landmarks",
                  "color_mode", "action_axis", "show_plots", "camera",
                  *(opacity_param(k) for k in OPACITY_KEYS))


def query_values(args: Mapping[str, Sequence[bytes | str]] | None) -> dict[str, str]:
    """Return the last value of each known key, decoded (``pn.state.session_args`` gives bytes)."""
    out: dict[str, str] = {}
    for key in QUERY_KEYS:
        values = (args or {}).get(key) or []
        if values:
            value = values[-1]
            out[key] = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return out


def is_true(value: str) -> bool | None:
    """``True``/``False`` for the usual words (1/0, true/false, yes/no, on/off), ``None`` otherwise."""
    word = value.strip().lower()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


def is_embed(args: Mapping[str, Sequence[bytes | str]] | None) -> bool:
    """Whether the query asks for the embed layout (``embed=1``)."""
    value = query_values(args).get("embed")
    return bool(value) and is_true(value) is True


def _short(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:37] + "...")


class _Reader:
    """Apply one query to a session's actions, collecting the refusals."""

    def __init__(self, actions: Actions) -> None:
        self.actions = actions
        self.state = actions.state
        self.problems: list[str] = []

    def run(self, ok: bool, key: str = "") -> None:
        if not ok:
            message = self.state.message
            if key:
                message = f"URL parameter {key}: {message[:1].lower()}{message[1:]}"
            self.problems.append(message)

    def refuse(self, text: str) -> None:
        self.problems.append(text[:1].upper() + text[1:])

    def flag(self, key: str, value: str, setter: Callable[[bool], Any]) -> None:
        truth = is_true(value)
        if truth is None:
            self.refuse(f"URL parameter {key}={_short(value)}; expected 1 or 0")
        else:
            setter(truth)

    def number(self, key: str, value: str, low: float, high: float) -> float | None:
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or not low <= number <= high:
            self.refuse(f"URL parameter {key}={_short(value)}; expected a number from {low:g} to {high:g}")
            return None
        return number

    def apply(self, values: dict[str, str]) -> None:
        a, s = self.actions, self.state
        for key, value in values.items():
            if len(value) > MAX_VALUE_CHARS:
                self.refuse(f"URL parameter {key} is {len(value)} characters long; expected at most {MAX_VALUE_CHARS}")
                values[key] = ""
        if values.get("side"):  # first, so the motion below is computed once, for the chosen leg
            self.run(a.set_side(values["side"]), "side")
        if values.get("motion"):
            self.run(a.set_motion(values["motion"], values.get("flexion") or None), "motion")
        elif values.get("flexion"):
            self.run(a.set_flexion(values["flexion"]), "flexion")
        if values.get("drop") or values.get("weak"):
            self.run(a.set_pelvic_drop(values.get("drop") or s.pelvic_drop, values.get("weak") or None), "drop")
        if values.get("select"):
            self.run(a.select(values["select"]), "select")
        if "parts" in values:
            wanted = [p.strip() for p in values["parts"].split(",") if p.strip()]
            self.run(a.set_visible_parts(wanted), "parts")
        if values.get("color"):
            self.run(a.set_color_mode(values["color"]), "color")
        if values.get("axis"):
            self.run(a.set_action_axis(values["axis"]), "axis")
        if values.get("opacity"):
            self._opacity(values["opacity"])
        if values.get("peel"):
            peel = self.number("peel", values["peel"], 0, 2)
            if peel is not None and peel == int(peel):
                self.run(a.set_peel(int(peel)), "peel")
            elif peel is not None:
                self.refuse(f"URL parameter peel={_short(values['peel'])}; expected 0, 1 or 2")
        if values.get("draw"):
            self.run(a.set_display(values["draw"]), "draw")
        for key, action in (("isolate", a.set_isolate), ("legs", a.set_lower_legs),
                            ("loop", a.set_loop),
                            ("play", a.set_playing), ("plots", a.show_plots)):
            if values.get(key):
                self.flag(key, values[key], lambda b, key=key, action=action: self.run(action(b), key))
        if values.get("labels"):  # a checked switch, like the sidebar's (no ids: no action needed)
            self.flag("labels", values["labels"], lambda b: setattr(s, "show_landmarks", b))
        if values.get("speed"):
            speed = self.number("speed", values["speed"], *s.param.speed.bounds)
            if speed is not None:
                self.run(a.set_speed(speed), "speed")
        if values.get("frame"):
            frame = self.number("frame", values["frame"], 0, MAX_FRAME)
            if frame is not None:
                self.run(a.seek(frame), "frame")
        if values.get("phase"):
            self._phase(values["phase"])
        if values.get("view"):
            self.run(a.set_view(values["view"]), "view")
        if values.get("cam"):
            self._camera(values["cam"])
        if "embed" in values and values["embed"] and is_true(values["embed"]) is None:
            self.refuse(f"URL parameter embed={_short(values['embed'])}; expected 1 or 0")

    def _opacity(self, text: str) -> None:
        for item in text.split(","):
            layer, _, value = item.partition(":")
            if not value:
                self.refuse(f"URL parameter opacity item {_short(item)}; expected layer:value, "
                            f"layer one of {', '.join(OPACITY_KEYS)}")
                continue
            self.run(self.actions.set_opacity(layer.strip(), value.strip()), "opacity")

    def _phase(self, name: str) -> None:
        motion = motion_scene(self.state.motion_spec()).motion
        phases = motion.phases
        if not phases:
            self.refuse(f"URL parameter phase={_short(name)}; the motion {self.state.motion!r} has no phases, "
                        "expected no phase (only running has phases)")
            return
        choices = tuple(p.id for p in phases)
        try:
            ids.check_choice(name, choices, "phase")
        except ids.UnknownIdError as exc:
            self.refuse(f"URL parameter phase: {exc}")
            return
        start = next(p.start for p in phases if p.id == name)
        self.state.frame = float(min(range(motion.frames), key=lambda i: (motion.phase[i] - start) % 1.0))

    def _camera(self, text: str) -> None:
        try:
            values = [float(v) for v in text.split(",")]
        except ValueError:
            values = []
        if len(values) != 6 or not all(math.isfinite(v) and abs(v) <= CAMERA_LIMIT_MM for v in values):
            self.refuse(f"URL parameter cam={_short(text)}; expected six numbers px,py,pz,tx,ty,tz in mm")
            return
        metres = [round(v / 1000.0, 4) for v in values]
        self.state.camera = {"position": metres[:3], "target": metres[3:]}


def apply_query(actions: Actions, args: Mapping[str, Sequence[bytes | str]] | None) -> list[str]:
    """Apply URL parameters through the named actions.

    Parameters
    ----------
    actions : Actions
        The session's actions.
    args : mapping of str to list of bytes or str
        Query arguments, as in ``pn.state.session_args``.

    Returns
    -------
    list of str
        The refusal messages (also joined into ``state.message``, so all stay visible).

    """
    reader = _Reader(actions)
    unknown = sorted(k for k in (args or {}) if k not in QUERY_KEYS)
    if unknown:
        names = ", ".join(_short(k) for k in unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        reader.refuse(f"ignored unknown URL parameter(s) {names}; known: {', '.join(QUERY_KEYS)}")
    reader.apply(query_values(args))
    problems = reader.problems
    if problems:
        actions.state.message = " ".join(p if p.startswith("URL") else f"URL: {p}" for p in problems)
    return problems


def _number_text(value: float) -> str:
    return f"{round(value, 3):g}"


def state_query(state: ViewerState, embed: bool = False) -> dict[str, str]:
    """The URL query (``{key: text}``) that restores ``state``; defaults are left out."""
    q: dict[str, str] = {}
    default = ViewerState.param
    if state.motion != default.motion.default:
        q["motion"] = state.motion
    if state.motion == "rotation" and state.flexion != default.flexion.default:
        q["flexion"] = _number_text(state.flexion)
    if MOTIONS[state.motion].uses_side and state.side != default.side.default:
        q["side"] = state.side
    if state.motion == "running" and state.pelvic_drop:
        q["drop"] = _number_text(state.pelvic_drop)
        if state.weak_side != default.weak_side.default:
            q["weak"] = state.weak_side
    if state.frame:
        q["frame"] = _number_text(state.frame)
    for key, name in (("play", "playing"), ("loop", "loop"), ("isolate", "isolate"),
                      ("legs", "show_lower_legs"), ("labels", "show_landmarks"), ("plots", "show_plots")):
        if getattr(state, name) != default[name].default:
            q[key] = "1" if getattr(state, name) else "0"
    if state.speed != default.speed.default:
        q["speed"] = _number_text(state.speed)
    if state.selected:
        q["select"] = state.selected
    if list(state.visible_parts) != list(ids.part_ids()):
        q["parts"] = ",".join(state.visible_parts)
    if state.peel:
        q["peel"] = str(state.peel)
    opacity = [f"{k}:{_number_text(v)}" for k, v in state.opacity().items() if v != 1.0]
    if opacity:
        q["opacity"] = ",".join(opacity)
    if state.display != default.display.default:
        q["draw"] = state.display
    if state.color_mode != default.color_mode.default:
        q["color"] = state.color_mode
    if state.color_mode == "action" and state.action_axis != default.action_axis.default:
        q["axis"] = state.action_axis
    camera = state.camera or {}
    if camera.get("position") and camera.get("target"):
        q["cam"] = ",".join(_number_text(v * 1000.0) for v in [*camera["position"], *camera["target"]])
    if embed:
        q["embed"] = "1"
    return q


def query_string(state: ViewerState, embed: bool = False) -> str:
    """``?key=value&...`` for :func:`state_query` (``""`` when everything is at its default)."""
    from urllib.parse import urlencode

    q = state_query(state, embed)
    return "?" + urlencode(q, safe=",:") if q else ""


class UrlSync:
    """Keep the browser's address (``pn.state.location``) equal to :func:`query_string` of the state.

    Parameters
    ----------
    state : ViewerState
        The session's state.
    location : panel.io.location.Location or None
        The session's location (``pn.state.location``); ``None`` outside a server does nothing.
    embed : bool
        Keep ``embed=1`` in the address.

    """

    def __init__(self, state: ViewerState, location: Any, embed: bool = False) -> None:
        self.state, self.location, self.embed = state, location, embed
        self.watcher = state.param.watch(self.update, list(WATCHED)) if location is not None else None

    def update(self, *_events: param.parameterized.Event) -> None:
        """Write the state's query into the address (replacing it, no reload, no history entry)."""
        try:
            search = query_string(self.state, self.embed)
            if self.location.search != search:
                self.location.search = search
        except Exception:  # noqa: BLE001 - the address is a convenience, never a reason to fail
            pass

    def unlink(self) -> None:
        """Stop following the state."""
        if self.watcher is not None:
            self.state.param.unwatch(self.watcher)
            self.watcher = None
