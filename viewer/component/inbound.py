"""What the browser may write to the 3D view: each property's type, shape and size.

The view's client writes back only small state (:data:`BROWSER_WRITABLE`). Every value that
arrives from a browser is checked here before it is stored, mirrored or logged: by the
server's websocket guard (:mod:`viewer.app.wire_guard`) on the decoded wire value, before
Bokeh applies it to the document, and again by :class:`~viewer.component.scene.GluteScene`
before Panel sets the param (the notebook path has no websocket guard). A refusal is a short
reason naming the property and what was expected; it never quotes the value.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from typing import Any, Final

from viewer import vocab
from viewer.anatomy import ids

SCENE_MODEL_PREFIX: Final = "GluteScene"
"""Bokeh data models of the view are named after the component class (``GluteScene1`` ...)."""
MAX_STRING_CHARS: Final = 256
"""Longest string the view accepts from the browser."""
MAX_FRAME: Final = 100_000.0
"""Largest frame index (a motion has a few hundred frames)."""
MAX_CAMERA_M: Final = 1000.0
"""Largest camera coordinate, metres."""
CAPTURE_DONE_KEYS: Final = frozenset({"id", "kind", "width", "height", "frames", "bytes", "filename", "error"})
"""Keys of the browser's report on a finished (or failed) picture request."""
CAMERA_KEYS: Final = frozenset({"position", "target"})


def _number(value: Any, low: float, high: float) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "a number"
    if not math.isfinite(value) or not low <= value <= high:
        return f"a number in {low:g}..{high:g}"
    return None


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "true or false"


def _choice(choices: Callable[[], frozenset[str]]) -> Callable[[Any], str | None]:
    """A check that the value is one of ``choices()`` (built once, on first use)."""
    allowed = functools.cache(choices)

    def check(value: Any) -> str | None:
        if not isinstance(value, str) or len(value) > MAX_STRING_CHARS or value not in allowed():
            return "one of the listed names"
        return None

    return check


def _part_ids() -> frozenset[str]:
    return frozenset({"", *ids.part_ids()})


def _point(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 3
            and all(_number(v, -MAX_CAMERA_M, MAX_CAMERA_M) is None for v in value))


def _camera(value: Any) -> str | None:
    if not isinstance(value, dict) or not set(value) <= CAMERA_KEYS:
        return "a map of 'position' and 'target'"
    if not all(_point(v) for v in value.values()):
        return f"points of three numbers within {MAX_CAMERA_M:g} m"
    return None


def _capture_done(value: Any) -> str | None:
    if not isinstance(value, dict) or not set(value) <= CAPTURE_DONE_KEYS:
        return "a map of " + ", ".join(sorted(CAPTURE_DONE_KEYS))
    for item in value.values():
        if isinstance(item, str):
            if len(item) > MAX_STRING_CHARS:
                return f"strings of at most {MAX_STRING_CHARS} characters"
        elif item is not None and _number(item, -1e12, 1e12) is not None:
            return "strings, numbers or null"
    return None


CHECKS: Final[Mapping[str, Callable[[Any], str | None]]] = {
    "frame": lambda v: _number(v, 0.0, MAX_FRAME),
    "playing": _boolean,
    "loop": _boolean,
    "speed": lambda v: _number(v, min(vocab.SPEEDS), max(vocab.SPEEDS)),
    "selected": _choice(_part_ids),
    "hovered": _choice(_part_ids),
    "view": _choice(lambda: frozenset({"", *vocab.VIEWS})),
    "color_mode": _choice(lambda: frozenset(vocab.COLOR_MODES)),
    "action_axis": _choice(lambda: frozenset(vocab.ACTION_AXES)),
    "camera": _camera,
    "capture_done": _capture_done,
}
"""One check per browser-writable property: ``None`` when the value is acceptable, else what was expected."""
BROWSER_WRITABLE: Final = frozenset(CHECKS)
"""Properties the view's browser client writes (the contract's JS -> Python direction)."""


def refusal(attr: str, value: Any) -> str | None:
    """Why the browser may not set ``attr`` to ``value``, or ``None`` if it may.

    Parameters
    ----------
    attr : str
        Property name.
    value : Any
        Decoded value (plain JSON types; maps as dicts).

    Returns
    -------
    str or None
        A short reason naming the property and what was expected (never the value).

    """
    check = CHECKS.get(attr)
    if check is None:
        return f"'{attr[:40]}' is not a property the browser may set"
    expected = check(value)
    return None if expected is None else f"'{attr}' must be {expected}, got a {type(value).__name__}"


def is_scene_model(model: Any) -> bool:
    """Whether a Bokeh model is the view's data model (the one holding the params)."""
    return type(model).__name__.startswith(SCENE_MODEL_PREFIX)
