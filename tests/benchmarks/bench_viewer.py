"""Benchmark the served viewer in Debian's Chromium (software WebGL). Prints figures; never a test.

Run: ``python tests/benchmarks/bench_viewer.py [--seconds 5] [--sessions 20]``.

Figures, all from one server and one browser run:
- fps of the full scene while playing vs a near-empty three.js scene (one cube) drawn with the
  same three.js build (``viewer/frontend/node_modules/three``, the version the bundle is built
  from), the same renderer options and the same canvas size; the ratio is the figure;
- time from navigation to the first drawn 3D frame (``data-ready="1"``);
- bytes for the first view: HTTP bodies as transferred (gzip) and websocket payloads
  (as decoded by the browser, plus what zlib level 6 makes of them, close to the
  per-message deflate on the wire);
- server memory (RSS of the server process tree) with no session, 1 session and N sessions.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from e2e_harness import CANVAS, READY, VIEWPORT, AppServer, launch_chromium, open_app  # noqa: E402

THREE_BUILD = ROOT / "viewer" / "frontend" / "node_modules" / "three" / "build"
EMPTY_PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;background:#fff}</style>
</head><body><script type="module">
import * as THREE from "./three.module.js";
const w = %(w)d, h = %(h)d;
const renderer = new THREE.WebGLRenderer({antialias: false, alpha: false, powerPreference: "high-performance"});
renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 1.5));
renderer.setSize(w, h);
renderer.setClearColor(0xf4f5f7, 1);
document.body.appendChild(renderer.domElement);
const scene = new THREE.Scene();
const camera = new THREE.PerspectiveCamera(30, w / h, 0.01, 20);
camera.position.set(0, 0, 1);
const cube = new THREE.Mesh(new THREE.BoxGeometry(0.1, 0.1, 0.1), new THREE.MeshNormalMaterial());
scene.add(cube);
window.framesDrawn = 0;
function loop(t) { cube.rotation.y = t / 1000; renderer.render(scene, camera); window.framesDrawn++;
                   requestAnimationFrame(loop); }
requestAnimationFrame(loop);
</script></body></html>"""


def rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def count_fps(page, expression: str, seconds: float) -> float:  # noqa: ANN001
    """Frames per second of a page counter read with ``expression`` over ``seconds``."""
    page.wait_for_timeout(1000)  # warm up
    f0, t0 = page.evaluate(f"() => [{expression}, performance.now()]")
    page.wait_for_timeout(seconds * 1000)
    f1, t1 = page.evaluate(f"() => [{expression}, performance.now()]")
    return (f1 - f0) / ((t1 - t0) / 1000)


def static_server(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` on a free loopback port in a thread."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def log_message(self, *_args: object) -> None:
        pass


def first_view(browser, url: str) -> dict[str, float]:  # noqa: ANN001
    """Open the app in a fresh context: time to first 3D frame and bytes received."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    page = context.new_page()
    requests, frames = [], []
    page.on("requestfinished", lambda r: requests.append(r))
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(f)))
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    wall = time.perf_counter() - t0
    in_page = page.evaluate("() => performance.now()") / 1000
    page.wait_for_timeout(500)
    http_bytes = sum(max(r.sizes()["responseBodySize"], 0) + r.sizes()["responseHeadersSize"] for r in requests)
    raw = [f if isinstance(f, bytes) else f.encode() for f in frames]
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    deflated = sum(len(deflate.compress(b)) + len(deflate.flush(zlib.Z_SYNC_FLUSH)) for b in raw)
    context.close()
    return {"wall_s": wall, "page_s": in_page, "http_bytes": http_bytes, "http_requests": len(requests),
            "ws_bytes": sum(map(len, raw)), "ws_deflated": deflated, "ws_frames": len(raw)}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each fps window")
    parser.add_argument("--sessions", type=int, default=20, help="sessions for the memory figure")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, AppServer(Path(tmp) / "serve.log") as server, \
            sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        pid = server.proc.pid
        rss0 = rss_bytes(pid)
        context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
        page = context.new_page()
        open_app(page, server.url)
        page.wait_for_timeout(1000)
        rss1 = rss_bytes(pid)

        box = page.locator(CANVAS).first.bounding_box()
        w, h = round(box["width"]), round(box["height"])
        fps_full = [count_fps(page, "window.__gluteScene.view.viewport.framesDrawn", args.seconds)]
        folder = Path(tmp) / "empty"
        folder.mkdir()
        for name in ("three.module.js", "three.core.js"):
            shutil.copy(THREE_BUILD / name, folder / name)
        (folder / "empty.html").write_text(EMPTY_PAGE % {"w": w, "h": h})
        httpd, static_url = static_server(folder)
        empty = context.new_page()
        empty.goto(static_url + "empty.html")
        empty.wait_for_function("() => window.framesDrawn > 10", timeout=60_000)
        page.evaluate("() => window.__gluteScene.view.pause()")  # one animated page at a time
        fps_empty = [count_fps(empty, "window.framesDrawn", args.seconds)]
        empty.close()
        page.evaluate("() => window.__gluteScene.view.play()")
        fps_full.append(count_fps(page, "window.__gluteScene.view.viewport.framesDrawn", args.seconds))
        page.evaluate("() => window.__gluteScene.view.pause()")
        httpd.shutdown()
        full, bare = statistics.mean(fps_full), statistics.mean(fps_empty)
        print(f"fps, canvas {w}x{h} CSS px: full scene {full:.1f} ({', '.join(f'{f:.1f}' for f in fps_full)}), "
              f"empty three.js scene {bare:.1f}; ratio {full / bare:.2f} (goal >= 0.9); "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (SwiftShader draws on the CPU)")

        contexts = [context]
        for _ in range(args.sessions - 1):
            c = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
            open_app(c.new_page(), server.url + "?play=0")
            contexts.append(c)
        contexts[-1].pages[0].wait_for_timeout(1000)
        rss_n = rss_bytes(pid)
        print(f"server RSS: {rss0 / 2**20:.0f} MiB idle, {rss1 / 2**20:.0f} MiB with 1 session, "
              f"{rss_n / 2**20:.0f} MiB with {args.sessions} sessions "
              f"(~{(rss_n - rss1) / max(args.sessions - 1, 1) / 2**20:.1f} MiB per extra session)")
        for c in contexts:
            c.close()

        view = first_view(browser, server.url)
        print(f"first view: first 3D frame {view['wall_s']:.2f} s after navigation "
              f"(performance.now {view['page_s']:.2f} s)")
        print(f"first view: HTTP {view['http_bytes'] / 1024:.0f} KiB transferred in {view['http_requests']} "
              f"requests; websocket {view['ws_bytes'] / 1024:.0f} KiB decoded in {view['ws_frames']} frames "
              f"(~{view['ws_deflated'] / 1024:.0f} KiB deflated); total on the wire "
              f"~{(view['http_bytes'] + view['ws_deflated']) / 1024:.0f} KiB")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
