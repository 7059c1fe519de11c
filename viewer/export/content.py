"""Collect what the offline page embeds: the payloads, the narration and the initial state.

The payloads are the app's own (:func:`viewer.content.payloads.assets_payload`,
:func:`viewer.content.payloads.motion_payload`: the same bytes the server sends), carried as base64
text. The assets are stored as they are (meshes shrink only by a quarter); every motion is
zlib-deflated first (sweeps shrink about 5x, running 2x), its index and per-frame sentences too,
and the page unpacks one with the browser's ``DecompressionStream`` when it is shown (the first
one at start, in a few milliseconds: deflating it saved 113 kB, which the solid muscles' and
the orientation aids' data and code needed under the 1.5 MB budget). Texts pass
through :func:`viewer.export.urls.strip_urls`: no address ends up in the page.
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass
from typing import Any, Final

from viewer.anatomy import ids
from viewer.anatomy.activation import load_activation
from viewer.anatomy.motions import MOTIONS, motion_labels
from viewer.anatomy.narration import describe_frames
from viewer.content.payloads import MotionSpec, assets_payload, motion_payload, motion_scene
from viewer.export.options import ExportOptions, MotionChoice
from viewer.export.urls import strip_urls
from viewer.vocab import OPACITY_KEYS

FORMAT_VERSION: Final = 1
"""Version of the embedded data's layout (``<script id="glute-data">``), read by standalone.js."""
RAW: Final = "base64"
DEFLATED: Final = "deflate+base64"
MIN_SAVING: Final = 0.1
"""Deflate a motion only when it saves at least this fraction of its bytes."""


def encode_bytes(blob: bytes, compress: bool) -> dict[str, str]:
    """``{"encoding", "data"}`` for ``blob``: base64, of the zlib-deflated bytes when ``compress`` pays off."""
    if compress:
        packed = zlib.compress(blob, 9)
        if len(packed) <= (1 - MIN_SAVING) * len(blob):
            return {"encoding": DEFLATED, "data": base64.b64encode(packed).decode("ascii")}
    return {"encoding": RAW, "data": base64.b64encode(blob).decode("ascii")}


def decode_bytes(entry: dict[str, str]) -> bytes:
    """The bytes of an :func:`encode_bytes` entry (for tests and tools).

    Raises
    ------
    ValueError
        For an unknown encoding.

    """
    raw = base64.b64decode(entry["data"])
    if entry["encoding"] == RAW:
        return raw
    if entry["encoding"] == DEFLATED:
        return zlib.decompress(raw)
    raise ValueError(f"unknown payload encoding {entry['encoding']!r}; expected {RAW} or {DEFLATED}")


def choice_label(choice: MotionChoice) -> str:
    """Picker label: the app's menu label (:func:`viewer.anatomy.motions.motion_labels`), with the hip flexion."""
    label = motion_labels()[choice.name]
    return f"{label}, hip flexed {choice.flexion:g}°" if MOTIONS[choice.name].uses_flexion else label


def choice_group(choice: MotionChoice) -> str:
    """Picker group (an ``<optgroup>``) of a motion."""
    kind = MOTIONS[choice.name]
    if kind.uses_flexion:
        return "Rotation at a hip flexion"
    return "Movements" if kind.group == "movement" else "Exercises"


@dataclass(frozen=True)
class PageContent:
    """Everything the page template needs.

    Attributes
    ----------
    options : ExportOptions
        The validated options.
    data : dict
        The JSON embedded in the page (see :func:`page_data`).
    assets_index : dict
        Index of the assets payload (part names for the part picker, sources).
    motion_sources : dict
        Picker label -> source line, for the credits.
    activation_source : str or None
        Source of the running activation table, when running is in the page.

    """

    options: ExportOptions
    data: dict[str, Any]
    assets_index: dict[str, Any]
    motion_sources: dict[str, str]
    activation_source: str | None


def motion_entry(choice: MotionChoice, compress: bool, selected: str) -> dict[str, Any]:
    """One motion of the page: picker key, label, group, source, payload, index and narration.

    With ``compress``, the payload is deflated when that pays off and the index and narration
    are in ``meta`` (deflated JSON); otherwise ``index`` and ``narration`` are plain.
    """
    spec = MotionSpec.of(choice.name, float(choice.flexion), side=choice.side)
    blob, index = motion_payload(spec)
    scene = motion_scene(spec)
    activation = load_activation() if choice.name == "running" else None
    narration = describe_frames(scene, selected=selected or None, activation=activation)
    meta = {"index": strip_urls(index), "narration": list(narration)}
    entry = {
        "key": choice.key,
        "name": choice.name,
        "flexion": float(choice.flexion),
        "side": choice.side,
        "label": choice_label(choice),
        "group": choice_group(choice),
        "source": f"Joint angles: {scene.motion.source}",
        **encode_bytes(blob, compress),
    }
    if compress:  # index and sentences travel deflated too (the sentences shrink about 10x)
        text = json.dumps(meta, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        return entry | {"meta": encode_bytes(text.encode("utf-8"), compress=True)}
    return entry | meta


def entry_meta(entry: dict[str, Any]) -> dict[str, Any]:
    """``{"index", "narration"}`` of a motion entry, unpacked when stored deflated (for tests and tools)."""
    if "meta" in entry:
        return json.loads(decode_bytes(entry["meta"]).decode("utf-8"))
    return {"index": entry["index"], "narration": entry["narration"]}


def collect(options: ExportOptions) -> PageContent:
    """Build the page's data for validated ``options`` (:meth:`ExportOptions.check`).

    Returns
    -------
    PageContent

    """
    assets_blob, assets_index = assets_payload()
    initial = options.initial_key()
    motions = [motion_entry(c, compress=True, selected=options.select) for c in options.choices()]
    data = {
        "version": FORMAT_VERSION,
        "assets": {"index": strip_urls(assets_index), **encode_bytes(assets_blob, compress=False)},
        "motions": motions,
        "initial": {
            "motion": initial,
            "selected": options.select,
            "visible_parts": options.visible_parts(),
            "opacity": {key: 1.0 for key in OPACITY_KEYS},
            "color_mode": options.color,
            "action_axis": options.axis,
            "view": options.view,
            "playing": options.playing,
        },
        "layers": list(ids.LAYERS),
    }
    names = [m["name"] for m in motions]
    activation_source = load_activation().source if "running" in names else None
    return PageContent(
        options=options,
        data=data,
        assets_index=data["assets"]["index"],
        motion_sources={m["label"]: m["source"].removeprefix("Joint angles: ") for m in motions},
        activation_source=activation_source,
    )
