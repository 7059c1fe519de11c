"""Record what the real browser client sends on the session websocket, for the wire limits.

Every browser test's page is watched (``tests/conftest.py`` attaches :data:`RECORDER`): each
frame the page sends is counted with its size, and each message header and ``PATCH-DOC``
content is decoded for its type, event kinds and property names. With
``GLUTE_VIEWER_WIRE_REPORT=path`` the summary is written there at the end of the test session;
``tests/benchmarks/client_messages.py`` runs the browser tests that way and prints it, which
gives the measured figures behind :mod:`viewer.app.wire_limits`.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

REPORT_ENV: Final = "GLUTE_VIEWER_WIRE_REPORT"


@dataclass
class WireRecorder:
    """Counts of the frames all watched pages sent."""

    frames: int = 0
    binary_frames: int = 0
    largest_frame: int = 0
    largest_header: int = 0
    largest_value: int = 0
    deepest: int = 0
    msgtypes: Counter = field(default_factory=Counter)
    event_kinds: Counter = field(default_factory=Counter)
    attrs: Counter = field(default_factory=Counter)
    num_buffers: Counter = field(default_factory=Counter)

    def attach(self, page: Any) -> None:
        """Watch every websocket ``page`` opens."""
        page.on("websocket", lambda ws: ws.on("framesent", self.sent))

    def sent(self, payload: str | bytes) -> None:
        """Count one frame the page sent."""
        self.frames += 1
        self.largest_frame = max(self.largest_frame, len(payload))
        if isinstance(payload, bytes):
            self.binary_frames += 1
            return
        try:
            value = json.loads(payload)
        except ValueError:
            return
        self.deepest = max(self.deepest, depth(value))
        if isinstance(value, dict) and "msgtype" in value:
            self.msgtypes[value["msgtype"]] += 1
            self.num_buffers[value.get("num_buffers", 0)] += 1
            self.largest_header = max(self.largest_header, len(payload))
        if isinstance(value, dict) and isinstance(value.get("events"), list):
            for event in value["events"]:
                self.event_kinds[event.get("kind")] += 1
                if "attr" in event:
                    self.attrs[event["attr"]] += 1
                self.largest_value = max(self.largest_value, len(json.dumps(event.get("new", event))))

    def summary(self) -> dict[str, Any]:
        """The figures, as JSON-ready values."""
        return {"frames": self.frames, "binary_frames": self.binary_frames, "largest_frame": self.largest_frame,
                "largest_header": self.largest_header, "largest_value": self.largest_value,
                "deepest_json": self.deepest, "msgtypes": dict(self.msgtypes),
                "event_kinds": dict(self.event_kinds), "attrs": dict(self.attrs),
                "num_buffers": {str(k): v for k, v in self.num_buffers.items()}}

    def write_report(self) -> Path | None:
        """Write :meth:`summary` to ``$GLUTE_VIEWER_WIRE_REPORT`` if it is set."""
        target = os.environ.get(REPORT_ENV, "").strip()
        if not target:
            return None
        path = Path(target)
        path.write_text(json.dumps(self.summary(), indent=2), encoding="utf-8")
        return path


def depth(value: Any) -> int:
    """Nesting depth of lists and objects."""
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


RECORDER: Final = WireRecorder()
"""One recorder for the whole test session."""
