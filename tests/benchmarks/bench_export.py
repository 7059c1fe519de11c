"""Benchmark the one-file offline export. Prints figures; never a test.

Run: ``python tests/benchmarks/bench_export.py [--views 5] [--motions all] [--keep out.html]``.

Figures (targets from issue 5: file <= 1.5 MB, first 3D frame <= 1 s from file://):

- the file's size, and what it is made of: the inlined script (three.js and the viewer), the
  embedded data (payloads as base64, indexes, sentences) and the rest (markup, style, cards);
- time from navigation to the first drawn 3D frame, opened from ``file://`` in Debian's Chromium
  (software WebGL, the harness's CHROMIUM_ARGS, 1024x768) with every request other than the
  file blocked: the ``glute-scene:ready`` performance mark, in a fresh browser context each
  time, median of ``--views`` runs after one more, reported apart, that warms up the browser
  (its GPU process); ``domInteractive`` beside it (the page parsed and its script run);
- time to switch to a deflated motion (unpacked in the browser) until ``data-motion`` changes;
- requests attempted (blocked) beyond the file: should be 0.

The load average is printed with the figures: SwiftShader draws on the CPU, so other processes
on this 2-core machine move every timing.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT))

from e2e_harness import READY, VIEWPORT, launch_chromium  # noqa: E402

SIZE_TARGET = 1.5e6
FIRST_FRAME_TARGET_S = 1.0


def load() -> str:
    """The 1-minute load average and the core count."""
    return f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def export(out: Path, motions: str) -> float:
    """Export to ``out``; return the seconds it took (payloads cached per process after the first)."""
    from viewer.export import export_html

    start = time.perf_counter()
    export_html(out, motions=motions)
    return time.perf_counter() - start


def size_report(path: Path) -> None:
    """Print the file size and its parts."""
    text = path.read_text(encoding="utf-8")
    total = path.stat().st_size
    script = re.search(r"<script>(.*?)</script>", text, re.S)
    data = re.search(r'<script type="application/json" id="glute-data">(.*?)</script>', text, re.S)
    script_b = len(script.group(1).encode()) if script else 0
    data_b = len(data.group(1).encode()) if data else 0
    verdict = "within" if total <= SIZE_TARGET else "OVER"
    print(f"file: {total:,} bytes = {total / 1e6:.3f} MB = {total / 2**20:.3f} MiB ({verdict} the 1.5 MB target)")
    print(f"  script (three.js + viewer): {script_b:,} bytes; data (base64 payloads, indexes, sentences): "
          f"{data_b:,} bytes; markup, style and cards: {total - script_b - data_b:,} bytes")


def open_offline(browser, url: str) -> tuple[object, object, list[str]]:  # noqa: ANN001
    """A fresh context and page on ``url`` with every other request blocked (and listed)."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    attempted: list[str] = []

    def route(r) -> None:  # noqa: ANN001
        if r.request.url == url:
            r.continue_()
        else:
            attempted.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    return context, page, attempted


def first_frame(browser, url: str) -> dict[str, float]:  # noqa: ANN001
    """Seconds from navigation to the first 3D frame and to domInteractive; requests attempted."""
    context, page, attempted = open_offline(browser, url)
    times = page.evaluate("""() => ({
        ready: performance.getEntriesByName('glute-scene:ready')[0].startTime,
        interactive: performance.getEntriesByType('navigation')[0].domInteractive })""")
    context.close()
    return {"ready": times["ready"] / 1000, "interactive": times["interactive"] / 1000, "requests": len(attempted)}


def switch_time(browser, url: str, key: str, name: str) -> tuple[float, int]:  # noqa: ANN001
    """Seconds from picking a deflated motion to ``data-motion`` showing it; requests attempted."""
    context, page, attempted = open_offline(browser, url)
    start = time.perf_counter()
    page.locator("#gx-motion").select_option(key)
    page.wait_for_selector(f'.glute-scene[data-motion="{name}"]', state="attached", timeout=60_000)
    seconds = time.perf_counter() - start
    context.close()
    return seconds, len(attempted)


def main() -> None:
    """Export, then time the file in Chromium."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", type=int, default=5, help="timed page loads (after one warm-up)")
    parser.add_argument("--motions", default="all", help="motions to export (as `glute-viewer export --motions`)")
    parser.add_argument("--keep", type=Path, help="keep the exported file here")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "glutes.html"
        seconds = export(path, args.motions)
        print(f"export: {seconds:.1f} s ({load()})")
        size_report(path)
        url = path.resolve().as_uri()
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            warm = first_frame(browser, url)
            print(f"warm-up view: first 3D frame {warm['ready']:.2f} s ({load()})")
            runs = [first_frame(browser, url) for _ in range(args.views)]
            ready = [r["ready"] for r in runs]
            verdict = "within" if statistics.median(ready) <= FIRST_FRAME_TARGET_S else "OVER"
            print(f"first 3D frame from file://: median {statistics.median(ready):.2f} s of {len(runs)} fresh "
                  f"contexts ({verdict} the 1 s target); runs {', '.join(f'{r:.2f}' for r in ready)}; "
                  f"domInteractive median {statistics.median(r['interactive'] for r in runs):.2f} s ({load()})")
            requests = sum(r["requests"] for r in [warm, *runs])
            if 'value="running"' in path.read_text(encoding="utf-8"):
                switch, more = switch_time(browser, url, "running", "running")
                requests += more
                print(f"switch to running (deflated, unpacked in the browser): {switch:.2f} s")
            print(f"requests attempted beyond the file: {requests}")
            browser.close()


if __name__ == "__main__":
    main()
