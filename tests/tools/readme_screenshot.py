"""Rewrite the README's screenshot ``docs/app.png`` (no test does: tests never write tracked files).

Run after a visible change to the app, look at the result, and commit it::

    python tests/tools/readme_screenshot.py            # writes docs/app.png
    python tests/tools/readme_screenshot.py --out /tmp/app.png

It serves the app on a free loopback port (``glute-viewer serve``), opens rotation at 45 deg hip
flexion, paused, with the anterior fibres of the right gluteus medius selected, in Debian's
Chromium (software WebGL, the flags of the browser tests) at 1280x800, waits until the view has
finished drawing (its ``data-frames-drawn`` counter), and saves the whole page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from e2e_harness import AppServer, launch_chromium, open_app, png_array, save_png, wait_until_drawn  # noqa: E402

QUERY = "?motion=rotation&flexion=45&select=glmed1_r&play=0"
SIZE = {"width": 1280, "height": 800}
DEFAULT_OUT = ROOT / "docs" / "app.png"


def main(argv: list[str] | None = None) -> int:
    """Capture the app and write the PNG; print its path and size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="PNG to write (default: %(default)s)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, AppServer(Path(tmp) / "serve.log") as server, \
            sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_context(viewport=SIZE, device_scale_factor=1).new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        open_app(page, server.url + QUERY)
        page.wait_for_load_state("networkidle")  # the sidebar and the card too
        page.mouse.move(0, 0)
        wait_until_drawn(page)
        shot = png_array(page.screenshot())
        browser.close()
    if errors:
        print("page errors:\n" + "\n".join(errors), file=sys.stderr)
        return 1
    if shot.shape[:2] != (SIZE["height"], SIZE["width"]) or shot.std() <= 10:
        print(f"the page looks wrong (size {shot.shape}, pixel std {shot.std():.1f}); not written", file=sys.stderr)
        return 1
    save_png(shot, args.out)
    print(f"wrote {args.out} ({shot.shape[1]}x{shot.shape[0]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
