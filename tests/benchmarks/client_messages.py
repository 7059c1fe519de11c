"""Print what the app's real browser client sends on its websocket, over the browser tests.

Runs ``tests/e2e`` (every browser test: picking, presets, playback, scrubbing, camera drags,
colour modes, captures, linked plots, sharing) with ``GLUTE_VIEWER_WIRE_REPORT`` set, so the
recorder of ``tests/e2e/wire_recorder.py`` counts every frame the pages sent, then prints the
figures next to the limits of :mod:`viewer.app.wire_limits`::

    python tests/benchmarks/client_messages.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    """Run the browser tests with the recorder on and print its report."""
    from viewer.app import wire_limits as limits

    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "wire.json"
        env = {**os.environ, "GLUTE_VIEWER_WIRE_REPORT": str(report)}
        run = subprocess.run([sys.executable, "-m", "pytest", "tests/e2e", "-q", "-p", "no:cacheprovider"],
                             cwd=ROOT, env=env, check=False)
        if not report.is_file():
            print("no report written", file=sys.stderr)
            return 1
        figures = json.loads(report.read_text(encoding="utf-8"))
    print(json.dumps(figures, indent=2))
    print(f"largest frame {figures['largest_frame']} B of {limits.MAX_MESSAGE_BYTES} B allowed; "
          f"largest value {figures['largest_value']} of {limits.MAX_VALUE_CHARS}; deepest JSON "
          f"{figures['deepest_json']} of {limits.MAX_JSON_DEPTH}; binary frames {figures['binary_frames']}")
    return run.returncode


if __name__ == "__main__":
    raise SystemExit(main())
