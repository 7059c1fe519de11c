"""Rewrite the golden screenshot ``tests/e2e/golden/neutral_anterior.png`` (the tests never do).

Run after an intended change to the picture, look at the result, and commit it::

    python tests/e2e/update_golden.py

It serves the app on a free loopback port, opens the neutral pose (rotation at 0 deg hip
flexion, frame 0, paused, anterior camera) in Debian's Chromium with the same viewport and
flags as the tests, and saves the canvas.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from e2e_harness import GOLDEN_NEUTRAL_ANTERIOR, AppServer, capture_neutral_anterior, launch_chromium, save_png  # noqa: E402


def main() -> int:
    """Capture and write the golden image; print its path and size."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, AppServer(Path(tmp) / "serve.log") as server, \
            sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_context(device_scale_factor=1).new_page()
        image = capture_neutral_anterior(page, server.url)
        browser.close()
    save_png(image, GOLDEN_NEUTRAL_ANTERIOR)
    print(f"wrote {GOLDEN_NEUTRAL_ANTERIOR} ({image.shape[1]}x{image.shape[0]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
