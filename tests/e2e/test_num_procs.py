"""Scale-out on one machine: ``glute-viewer serve --num-procs 2`` serves pages and sessions, then stops cleanly.

Bokeh forks the worker processes after binding the port; each worker builds its own sessions.
Stopping the server (SIGTERM to the process that was started, as a service manager does) must
take the workers down too and free the port: a worker left behind keeps answering on the port
with the old code.
"""

from __future__ import annotations

import os
import signal
import socket
import time
import urllib.request
from pathlib import Path

import pytest
from e2e_harness import READY, AppServer, open_app, scene_data

pytestmark = pytest.mark.slow


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == pid:
                out.append(int(entry.name))
    return out


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (zombies count as gone)."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def nothing_listens(port: int) -> bool:
    """Whether a connection to 127.0.0.1:``port`` is refused (client sockets in TIME_WAIT do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(5)
        try:
            s.connect(("127.0.0.1", port))
        except OSError:
            return True
        return False


def wait_until(condition, seconds: float) -> bool:  # noqa: ANN001
    """Poll ``condition`` until it holds or ``seconds`` pass (a deadline, not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return condition()


def test_two_worker_processes_serve_and_stop_cleanly(page, tmp_path) -> None:  # noqa: ANN001
    server = AppServer(tmp_path / "serve.log", ["--num-procs", "2"])
    try:
        server.start(timeout=300)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    workers: list[int] = []
    try:
        assert server.proc is not None
        assert wait_until(lambda: len(children_of(server.proc.pid)) == 2, 60), children_of(server.proc.pid)
        workers = children_of(server.proc.pid)

        tokens = []
        for _ in range(2):  # two successive page loads, each a Bokeh document of its own
            with urllib.request.urlopen(server.url, timeout=120) as response:
                body = response.read().decode("utf-8", "replace")
                assert response.status == 200
            assert "Bokeh" in body and '"token"' in body
            tokens.append(body.split('"token"', 1)[1][:200])
        assert tokens[0] != tokens[1], "both loads got the same session"

        open_app(page, server.url + "?motion=rotation&play=0")
        assert page.locator(READY).count() == 1
        assert scene_data(page, "playing") == "0"
    finally:
        server.stop()
        stopped = wait_until(lambda: not any(alive(w) for w in workers), 30)
        left = [w for w in workers if alive(w)]
        for pid in left:  # never leave our own workers serving after the test
            os.kill(pid, signal.SIGKILL)
    assert server.proc.returncode is not None
    assert stopped, f"worker processes {left} kept running after the server was stopped"
    assert wait_until(lambda: nothing_listens(server.port), 30), f"something still listens on {server.port}"
