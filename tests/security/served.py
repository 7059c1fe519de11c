"""Helpers shared by the served-app tests in tests/security and tests/fuzz.

They reuse the browser-test harness (``tests/e2e/e2e_harness.py``: :class:`AppServer` runs the real
``glute-viewer serve`` on 127.0.0.1 in a subprocess) and its Playwright fixtures
(``tests/e2e/conftest.py``), and add what the security and fuzz tests need: a server started
with extra environment variables (``GLUTE_VIEWER_ANNOTATIONS``), raw HTTP requests whose path
is sent as written (no client-side ``..`` clean-up), and a raw websocket handshake with a chosen
``Origin`` header.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parents[1]
E2E_DIR = TESTS_DIR / "e2e"
if str(E2E_DIR) not in sys.path:  # as pytest's rootdir-relative import puts it for tests/e2e
    sys.path.insert(0, str(E2E_DIR))

from e2e_harness import ROOT, AppServer  # noqa: E402

TRACEBACK_MARKERS = ("Traceback (most recent call last)", 'File "')
"""Text that only a Python traceback shows."""


def start_app(log_path: Path, env: dict[str, str] | None = None, extra_args: list[str] | None = None,
              timeout: float = 300.0) -> AppServer:
    """Start ``glute-viewer serve`` with extra environment variables; return it once it answers.

    Parameters
    ----------
    log_path : Path
        Server output.
    env : dict, optional
        Environment variables for the server only (this process's environment is restored).
    extra_args : list of str, optional
        More ``serve`` arguments (``--num-procs 2``, ``--allow-websocket-origin HOST``).
    timeout : float
        Seconds to wait for the first HTTP 200 (generous: a busy 2-core machine).

    Raises
    ------
    RuntimeError
        If the server exits or does not answer in time (with the log's tail).

    """
    server = AppServer(log_path, extra_args)
    # the project itself first on the path: an editable install may point at another checkout
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))
    changes = {**(env or {}), "PYTHONPATH": python_path}
    saved = {name: os.environ.get(name) for name in changes}
    try:
        os.environ.update(changes)  # AppServer.start copies os.environ for the subprocess
        server.start(timeout=timeout)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return server


@dataclass
class Response:
    """One HTTP response: status, headers (lower-case names) and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def raw_get(port: int, target: str, headers: dict[str, str] | None = None, timeout: float = 120.0) -> Response:
    """GET ``target`` (path and query, sent exactly as written) from 127.0.0.1:``port``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest("GET", target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        conn.close()


def has_traceback(text: str) -> bool:
    """Whether ``text`` shows a Python traceback."""
    return any(marker in text for marker in TRACEBACK_MARKERS)


def session_token(page_html: str) -> str:
    """The Bokeh session token embedded in a served page."""
    match = re.search(r'"token"\s*:\s*"([^"]+)"', page_html)
    if match is None:
        raise AssertionError("no Bokeh session token in the page")
    return match.group(1)


def websocket_handshake(port: int, path: str, origin: str, token: str, timeout: float = 60.0) -> int:
    """Open a websocket to ``path`` with ``Origin: origin`` and Bokeh's subprotocol; return the HTTP status.

    101 means the server switched protocols (accepted); Bokeh answers 403 to an origin it does
    not allow. The connection is closed right after the status line.
    """
    key = base64.b64encode(os.urandom(16)).decode("ascii")
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n"
        f"Sec-WebSocket-Protocol: bokeh, {token}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request.encode("ascii"))
        head = b""
        while b"\r\n" not in head:
            chunk = sock.recv(4096)
            if not chunk:
                break
            head += chunk
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    match = re.match(r"HTTP/1\.1 (\d{3})", status_line)
    if match is None:
        raise AssertionError(f"no HTTP status line in the handshake answer: {status_line!r}")
    return int(match.group(1))


def log_since(server: AppServer, offset: int) -> str:
    """The server log written after byte ``offset``."""
    with server.log_path.open("rb") as fh:
        fh.seek(offset)
        return fh.read().decode("utf-8", "replace")


def log_size(server: AppServer) -> int:
    """Current size of the server log (an offset for :func:`log_since`)."""
    return server.log_path.stat().st_size
