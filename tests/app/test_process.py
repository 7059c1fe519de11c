"""One way to serve: ``panel serve app.py`` prepares the process as ``glute-viewer serve`` does, once."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PREPARED = "glute-viewer: process prepared"


def test_prepare_process_runs_once_and_freezes_the_start_up_objects() -> None:
    code = (
        "import gc\n"
        "from tornado.ioloop import IOLoop\n"
        "from viewer.app.process import prepare_process, start_process_tasks\n"
        "first = prepare_process(); second = prepare_process()\n"
        "assert first == second == gc.get_freeze_count() > 100_000, (first, second)\n"
        "loop = IOLoop.current()\n"
        "started = [start_process_tasks(), start_process_tasks()]\n"
        "assert started == [True, False], started\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip() == "ok"
    assert out.stderr.count(PREPARED) == 1, out.stderr[-2000:]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str = "/") -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


@pytest.mark.slow
def test_panel_serve_app_py_prepares_the_process_once(tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "panel", "serve", "app.py", "--port", str(port), "--warm",
                                   "--address", "127.0.0.1", "--allow-websocket-origin", f"127.0.0.1:{port}"],
                                  cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 240
        status = 0
        while time.monotonic() < deadline:
            try:
                status, page = _get(port, "/app")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, log.read_text()[-3000:]
        assert "GluteScene" in page or "glute" in page.lower()
        assert _get(port, "/app")[0] == 200  # a second session
        # the documented command (--warm) closes Panel's /components/ route before any request:
        # this module's import calls sys.exit and would end an unprotected server
        assert _get(port, "/components/unittest.__main__/x/y/z")[0] == 404
        assert server.poll() is None and _get(port, "/app")[0] == 200
        text = log.read_text()
        assert text.count(PREPARED) == 1, text[-3000:]
        assert "Traceback" not in text, text[-3000:]
    finally:
        server.terminate()
        server.wait(timeout=30)
