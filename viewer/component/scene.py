"""``GluteScene``: the three.js scene as a Panel ``JSComponent`` (see CONTRACT.md beside this file).

Python sends the assets once and each motion once, as binary payloads
(:mod:`viewer.component.payload`); the browser animates, picks and plays them, and writes
back only small state (selected part, frame on pause, camera at the end of a drag).
The ESM is the bundle built from ``viewer/frontend`` (:mod:`viewer.component.build`).
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

import panel as pn
import param
from bokeh.embed.bundle import extension_dirs

from viewer import vocab
from viewer.anatomy import ids
from viewer.anatomy.scene import Scene
from viewer.component import inbound
from viewer.component.build import BUILD_COMMAND, BUNDLE, bundle_is_stale
from viewer.component.payload import Payload, encode_assets, encode_motion

VIEWS = ("", *vocab.VIEWS)
"""Camera presets the ``view`` param takes ('' = none pending)."""
COLOR_MODES = tuple(vocab.COLOR_MODES)
ACTION_AXES = tuple(vocab.ACTION_AXES)
STATIC_NAME = "glute_viewer"
log = logging.getLogger(__name__)
# Serve the bundle from Bokeh's static extension route (/static/extensions/glute_viewer/...):
# Panel's per-component resource route cannot reach a file outside the component's own
# package folder (the URL would need ".."), and this keeps it cacheable by the browser
# instead of inlining 0.6 MB of ESM into every session's document.
extension_dirs.setdefault(STATIC_NAME, BUNDLE.parent)


def _check_bundle() -> None:
    if not BUNDLE.is_file():
        raise FileNotFoundError(
            f"the front-end bundle {BUNDLE} is missing; build it with `{BUILD_COMMAND}` "
            "(needs Node.js and npm), or reinstall with `pip install -e .`"
        )


class GluteScene(pn.custom.JSComponent):
    """The pelvis, femurs and gluteal fibre fans, animated in the browser.

    Parameters are the component state of CONTRACT.md; ``assets``/``motion`` and their
    indexes are set with :meth:`set_assets` and :meth:`load_motion`.

    Raises
    ------
    FileNotFoundError
        On construction, if the bundle has not been built (the message names the command).

    """

    assets = param.Bytes(default=None, allow_None=True, doc="Bones and fibre anchors (binary, sent once).")
    assets_index = param.Dict(default={}, doc="Layout and metadata of ``assets``.")
    motion = param.Bytes(default=None, allow_None=True, doc="Per-frame arrays of the current motion (binary).")
    motion_index = param.Dict(default={}, doc="Layout and metadata of ``motion``.")

    frame = param.Number(default=0.0, bounds=(0, None), doc="Current (fractional) frame; JS writes it on pause.")
    playing = param.Boolean(default=False, doc="Playing or paused.")
    speed = param.Number(default=1.0, bounds=(min(vocab.SPEEDS), max(vocab.SPEEDS)),
                         doc="Playback speed (1 = real time).")
    loop = param.Boolean(default=True, doc="Loop, or stop at the last frame.")
    selected = param.String(default="", doc="Selected part id, or ''.")
    hovered = param.String(default="", doc="Part under the pointer (JS -> Python only).")
    visible_parts = param.List(default=list(ids.part_ids()), item_type=str, doc="Part ids drawn.")
    opacity = param.Dict(default=dict.fromkeys(vocab.OPACITY_KEYS, 1.0),
                         doc="Opacity 0..1 per layer and for the bones.")
    isolate = param.Boolean(default=False, doc="Draw only the selected part.")
    peel = param.Integer(default=0, bounds=(0, 2), doc="0 all layers, 1 hide maximus, 2 hide maximus and medius.")
    display = param.Selector(default=vocab.DEFAULT_DISPLAY, objects=list(vocab.DISPLAY_MODES),
                             doc="How the muscles are drawn: solid volumes, fibre lines, or both.")
    show_lower_legs = param.Boolean(default=True, doc="Draw the lower legs and feet (the context bones).")
    show_landmarks = param.Boolean(default=False, doc="Label the bone landmarks (assets_index['landmarks']).")
    view = param.Selector(default="", objects=list(VIEWS), doc="Camera preset request; JS applies it, then clears it.")
    camera = param.Dict(default={}, doc="{'position': [x, y, z], 'target': [x, y, z]}, ground frame, metres.")
    color_mode = param.Selector(
        default="anatomical", objects=list(COLOR_MODES),
        doc="Fibre colours: 'anatomical' (part colours), 'action' (moment arm about ``action_axis``), "
            "'stretch' (length / neutral - 1) or 'activation' (running timing table); set also by the "
            "component's own select.")
    action_axis = param.Selector(
        default="rotation", objects=list(ACTION_AXES),
        doc="Hip axis whose moment arm the 'action' colours show (+ flexion / adduction / internal rotation warm).")
    narration = param.List(
        default=[], item_type=str,
        doc="One plain-language sentence per key frame of the current motion (Python -> JS; may be empty).")
    capture = param.Dict(
        default={},
        doc="Python -> JS: a picture or clip request {'kind': 'png' | 'gif', 'width', 'height' (0, 0: the "
            "view's size), 'transparent', 'fps', 'id'}; the browser makes it when 'id' changes and downloads "
            "the file itself (viewer.app.pictures.capture_request builds and checks one).")
    capture_done = param.Dict(
        default={},
        doc="JS -> Python: the outcome of the last request, {'id', 'kind', 'width', 'height', 'frames', "
            "'bytes', 'filename'} or {'id', 'error'}.")

    _esm = BUNDLE
    _bundle = BUNDLE
    # Panel waits 50 ms after a browser change before handling it, to merge the bursts of a
    # slider drag. The view writes only discrete acts (a pick, a pause, the end of a scrub or
    # drag: CONTRACT.md), so the wait would only add 50 ms to every selection's echo.
    _debounce: ClassVar[int] = 0

    def __init__(self, scene: Scene | None = None, **params: Any) -> None:
        _check_bundle()
        params.setdefault("sizing_mode", "stretch_width")
        params.setdefault("min_height", 420)
        if "height" not in params and params["sizing_mode"] in ("stretch_width", "fixed"):
            params.setdefault("height", 640)
        super().__init__(**params)
        if scene is not None:
            self.set_assets(scene)
            self.load_motion(scene)

    @staticmethod
    def bundle_is_stale() -> bool:
        """Whether the built bundle is older than the front-end sources (a reminder to rebuild)."""
        return bundle_is_stale()

    def _process_property_change(self, props: dict[str, Any]) -> dict[str, Any]:
        """Keep only the browser's changes that :mod:`viewer.component.inbound` accepts.

        A refused change costs one short log line naming the property; the param keeps its value.
        """
        accepted = {}
        for name, value in super()._process_property_change(props).items():
            reason = inbound.refusal(name, value)
            if reason is None:
                accepted[name] = value
            else:
                log.warning("browser change refused: %s", reason)
        return accepted

    def set_assets(self, scene: Scene | Payload) -> None:
        """Send bones, fibre anchors and the part tables of ``scene`` (once per session).

        Pass ``encode_assets(scene)`` instead of the scene to share one encoded payload (one
        bytes object) between sessions; nothing here copies or changes it.
        """
        blob, index = scene if isinstance(scene, tuple) else encode_assets(scene)
        self.param.update(assets=blob, assets_index=index)

    def load_motion(self, scene: Scene | Payload) -> None:
        """Send the motion of ``scene`` (or its shared ``encode_motion(scene)``); keeps the frame if it still exists."""
        blob, index = scene if isinstance(scene, tuple) else encode_motion(scene)
        frame = self.frame if self.frame <= index["frames"] - 1 else 0.0
        self.param.update(motion=blob, motion_index=index, frame=frame)
