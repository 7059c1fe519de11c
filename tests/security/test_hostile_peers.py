"""Peers that stall or send too much, and Panel's ``/components/`` route, against the really served app.

A websocket peer that stops answering pings is dropped within ``PING_INTERVAL_S + PING_TIMEOUT_S``;
an HTTP request whose head or body stalls is dropped after its timeout; oversized heads and bodies
are refused; ``/components/<module>/...`` (which in Panel imports the module named in the URL)
answers 404 without importing anything. The time bounds are generous liveness bounds derived from
the limits of ``viewer/app/wire_limits.py``, never benchmarks; the frozen-peer test waits up to
``PING_INTERVAL_S + PING_TIMEOUT_S + 10`` s.
"""

from __future__ import annotations

import http.client
import select
import socket
import time
from typing import Any

import pytest
from bokeh_wire import (
    TCP_CLOSE,
    TCP_CLOSE_WAIT,
    close_frame_waiting,
    handshake,
    tcp_state,
)
from served import has_traceback, raw_get, session_token, start_app

from viewer.app.wire_limits import (
    BODY_TIMEOUT_S,
    HEADER_TIMEOUT_S,
    KIB,
    MAX_BODY_BYTES,
    MAX_HEADER_BYTES,
    PING_INTERVAL_S,
    PING_TIMEOUT_S,
)

pytestmark = pytest.mark.slow


# ----------------------------------------------------------------------------- Panel's /components/ route

COMPONENT_PATHS = [
    "/components/unittest.__main__/x/y/z",
    "/components/venv.__main__/x/y/z",
    "/components/jsonschema.__main__/x/y/z",
    "/components/antigravity/x/y/z",
    "/components/this/x/y/z",
    "/components/viewer.component.scene/GluteScene/_bundle_path/x",
]
"""Modules whose import runs code (``unittest.__main__`` exits the process), and a real component."""


def test_components_route_imports_nothing(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Panel's ``/components/<module>/...`` imports the module named in the URL: each answers 404 and the server lives.

    Its own server: against an unguarded one the first request ends the process. A 404 alone does
    not prove nothing was imported (Panel imports ``this``, then answers 404 for its missing
    attribute), so the imports' side effects are looked for too: ``this`` prints the Zen of Python
    to the log, and ``antigravity`` calls ``webbrowser.open``, whose ``$BROWSER`` here only touches
    a marker file.
    """
    base = tmp_path_factory.mktemp("components")
    marker = base / "browser-opened"
    try:
        app = start_app(base / "serve.log", env={"BROWSER": f"sh -c 'touch {marker}' %s"})
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        for path in COMPONENT_PATHS:
            try:
                response = raw_get(app.port, path, timeout=60)
            except (OSError, http.client.HTTPException) as exc:
                time.sleep(1)
                raise AssertionError(f"{path}: no answer ({exc!r}); server exit code {app.proc.poll()}:\n"
                                     f"{app.log_tail()}") from None
            assert response.status == 404, (path, response.status, response.text[:200])
            assert not has_traceback(response.text)
            assert app.proc.poll() is None, f"{path} ended the server:\n{app.log_tail()}"
        assert raw_get(app.port, "/").status == 200
        assert app.proc.poll() is None
    finally:
        app.stop()
    assert not marker.exists(), "antigravity was imported (it opened a browser)"
    assert "Beautiful is better than ugly" not in app.log_path.read_text(errors="replace"), "`this` was imported"


# ----------------------------------------------------------------------------- dead peers and slow requests

def wait_closed_by_server(sock: socket.socket, bound: float, leftover: bytes = b"") -> float | None:
    """Seconds until the server closes the connection, reading nothing; ``None`` if it has not within ``bound``.

    Closed means its close frame is waiting in the socket (peeked, not read) or the kernel saw its
    FIN or RST.
    """
    start = time.monotonic()
    while time.monotonic() - start < bound:
        if tcp_state(sock) in (TCP_CLOSE_WAIT, TCP_CLOSE) or close_frame_waiting(sock, leftover):
            return time.monotonic() - start
        time.sleep(0.5)
    return None


def drains_to_eof(sock: socket.socket, timeout: float = 10.0) -> bool:
    """Read what is left: ``True`` once the connection ends (EOF or reset) within ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([sock], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return False
        try:
            if not sock.recv(1 << 16):
                return True
        except (ConnectionResetError, ConnectionAbortedError):
            return True
    return False


def test_frozen_peer_is_dropped(server: Any) -> None:
    """A websocket peer that never reads and never answers a ping is closed within the ping deadline."""
    token = session_token(raw_get(server.port, "/").text)
    sock, _agreed, leftover = handshake(server.port, token)
    bound = PING_INTERVAL_S + PING_TIMEOUT_S + 10
    try:
        took = wait_closed_by_server(sock, bound, leftover)
        assert took is not None, f"a frozen websocket peer is still connected after {bound} s"
        assert drains_to_eof(sock), "the connection did not end after the server's close"
    finally:
        sock.close()


def slow_request(port: int, data: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(data)
    return sock


def answer_then_close(sock: socket.socket, bound: float) -> tuple[bool, bytes]:
    """Read until the server ends the connection (or ``bound`` seconds pass): (ended, what it sent)."""
    deadline = time.monotonic() + bound
    received = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([sock], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        try:
            chunk = sock.recv(1 << 16)
        except (ConnectionResetError, ConnectionAbortedError):
            return True, received
        if not chunk:
            return True, received
        received += chunk
    return False, received


def test_half_sent_requests_are_dropped(server: Any) -> None:
    """A request head left unfinished, and a body left unfinished: the server hangs up within its timeouts + 5 s."""
    bounds = {"head": HEADER_TIMEOUT_S + 5, "body": BODY_TIMEOUT_S + 5}
    socks = {"head": slow_request(server.port, b"GET / HTTP/1.1\r\nHost: x\r\n"),
             "body": slow_request(server.port, b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1024\r\n\r\n0123")}
    start = time.monotonic()
    ended: dict[str, float] = {}
    received = dict.fromkeys(socks, b"")
    try:
        while len(ended) < len(socks) and time.monotonic() - start < max(bounds.values()):
            waiting = [s for name, s in socks.items() if name not in ended]
            ready, _, _ = select.select(waiting, [], [], 0.5)
            for name, sock in socks.items():
                if sock in ready:
                    try:
                        chunk = sock.recv(1 << 16)
                    except (ConnectionResetError, ConnectionAbortedError):
                        chunk = b""
                    received[name] += chunk
                    if not chunk:
                        ended[name] = time.monotonic() - start
    finally:
        for sock in socks.values():
            sock.close()
    for name, bound in bounds.items():
        assert ended.get(name, bound + 1) <= bound, f"a half-sent request {name} is still open after {bound} s"
        assert not received[name].startswith(b"HTTP/1.1 200"), received[name][:100]
    assert server.proc.poll() is None


def status_of(sock: socket.socket, bound: float = 30.0) -> int | None:
    """The status of the server's answer, or ``None`` if it hung up without one."""
    _ended, received = answer_then_close(sock, bound)
    if not received.startswith(b"HTTP/1."):
        return None
    return int(received.split(b" ", 2)[1])


def test_oversized_request_head_is_refused(server: Any) -> None:
    """A request head past ``MAX_HEADER_BYTES``: 431 or a hang-up, and the server still serves."""
    pad = "a" * (MAX_HEADER_BYTES + KIB)
    sock = slow_request(server.port, f"GET / HTTP/1.1\r\nHost: x\r\nX-Pad: {pad}\r\n\r\n".encode("ascii"))
    try:
        status = status_of(sock)
    finally:
        sock.close()
    assert status in (431, 400, None), f"a {len(pad)}-byte header got HTTP {status}"
    assert server.proc.poll() is None
    assert raw_get(server.port, "/").status == 200


def test_oversized_request_body_is_refused(server: Any) -> None:
    """A body announced past ``MAX_BODY_BYTES``: refused at once (413/400 or a hang-up), not awaited."""
    sock = slow_request(server.port, (f"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {MAX_BODY_BYTES + 64 * KIB}"
                                      "\r\n\r\n").encode("ascii") + bytes(KIB))
    try:
        ended, received = answer_then_close(sock, BODY_TIMEOUT_S + 5)
    finally:
        sock.close()
    status = int(received.split(b" ", 2)[1]) if received.startswith(b"HTTP/1.") else None
    assert ended or status is not None, f"a body announced as {MAX_BODY_BYTES + 64 * KIB} bytes is still awaited"
    assert status in (400, 413, None), f"HTTP {status}"
    assert server.proc.poll() is None
