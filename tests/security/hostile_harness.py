"""What the hostile-client tests share: a session under attack, a bystander, and the checks.

``test_hostile_messages.py`` and ``test_hostile_peers.py`` attack the really served app
(``glute-viewer serve`` in a subprocess, the ``server`` fixture of ``conftest.py``) with the raw
Bokeh-protocol client of ``bokeh_wire.py``. The only time bounds here are generous liveness
bounds (:data:`LIVENESS_S`, :data:`CLOSE_WAIT_S`), never benchmarks.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from bokeh_doc import SCENE_TYPE, find_model
from bokeh_wire import (
    BokehWire,
    Closed,
    Reply,
    Timeout,
    WireError,
    connect,
)
from e2e_harness import ROOT
from served import has_traceback, log_since, raw_get, session_token

from viewer.app.wire_limits import (
    KIB,
    LOG_BURST_BYTES,
    LOG_BYTES_PER_SECOND,
    LOG_LINE_MAX_CHARS,
    MIB,
)

LIVENESS_S = 10.0
"""A liveness bound, not a benchmark: another session must answer a PULL-DOC-REQ within this."""
CLOSE_WAIT_S = 15.0
"""How long a refused connection may take to be closed (generous: a busy 2-core machine)."""
MEMORY_BOUND = 64 * MIB
"""The server's resident memory may rise by less than this during one attack."""
LOG_PREFIX_CHARS = 200
"""Room for a log line's level, logger name and time stamp beside its (cut) message."""
TOO_BIG = 1009
"""Websocket close code for a message too big (RFC 6455)."""
LEAK_MARKERS = ("Traceback", 'File "', "site-packages", "/root", str(ROOT))
"""Text no reply to a client may contain: a traceback, a file location, a server path."""
PART = "glmed1_r"
"""A real part id: the valid value of the positive control."""


# ----------------------------------------------------------------------------- helpers

@dataclass
class Session:
    """A served session, a connection kept open on it (so it is not discarded), and its 3D view's model id."""

    port: int
    token: str
    wire: BokehWire
    scene_id: str
    title: str

    def pull(self) -> dict[str, Any]:
        """The session's document, read through a NEW connection to the same session."""
        with connect(self.port, self.token) as fresh:
            doc = fresh.pull_doc()
            assert_no_leak(fresh.received_texts, "a PULL-DOC-REPLY")
        assert find_model(doc, SCENE_TYPE)["id"] == self.scene_id, "a new session: the attacked one was discarded"
        return doc

    def attack(self, compress: bool = False) -> BokehWire:
        """Another connection to this session."""
        return connect(self.port, self.token, compress=compress)


def open_session(server: Any, target: str = "/") -> Session:
    """``GET target`` (a new session), a connection to it and its document's 3D view."""
    token = session_token(raw_get(server.port, target).text)
    wire = connect(server.port, token)
    doc = wire.pull_doc()
    return Session(server.port, token, wire, find_model(doc, SCENE_TYPE)["id"], str(doc.get("title")))


def assert_alive(server: Any, bystander: Session) -> None:
    """The server runs and another session answers a PULL-DOC-REQ within :data:`LIVENESS_S` (a liveness bound)."""
    assert server.proc.poll() is None, f"the server exited with code {server.proc.returncode}:\n{server.log_tail()}"
    try:
        doc = bystander.wire.pull_doc(timeout=LIVENESS_S)
    except (Timeout, WireError) as exc:
        raise AssertionError(f"another session did not answer a PULL-DOC-REQ within {LIVENESS_S:.0f} s "
                             f"(liveness): {exc!r}") from None
    assert find_model(doc, SCENE_TYPE)["id"] == bystander.scene_id


def outcome(wire: BokehWire, msgid: str | None, timeout: float = CLOSE_WAIT_S) -> Reply | Closed:
    """The server's answer to ``msgid`` (any ERROR counts too), or :class:`Closed`; fails if neither comes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            reply = wire.recv(max(0.001, deadline - time.monotonic()))
        except Timeout:
            raise AssertionError(f"the server neither answered nor closed the connection within {timeout:.0f} s") \
                from None
        if isinstance(reply, Closed) or reply.msgtype == "ERROR" or (msgid and reply.header.get("reqid") == msgid):
            return reply


def assert_closed(result: Reply | Closed, codes: tuple[int | None, ...], what: str) -> Closed:
    """``result`` is the server closing the connection with one of ``codes`` (not an answer)."""
    if isinstance(result, Reply):
        raise AssertionError(f"{what}: the server handled it and answered {result.msgtype} "
                             f"{json.dumps(result.content)[:300]} instead of closing the connection")
    assert result.code in codes, f"{what}: closed with code {result.code} ({result.reason!r}), expected one of {codes}"
    return result


def assert_no_leak(texts: list[str], what: str) -> None:
    """No text the server sent shows a traceback or a server path."""
    for text in texts:
        found = [m for m in LEAK_MARKERS if m in text]
        assert not found, f"{what} shows {found}: {text[:400]}"


def assert_short_log(server: Any, offset: int, records: int, what: str) -> str:
    """Since ``offset`` the log grew by at most a few short lines per refused message, without a traceback."""
    text = log_since(server, offset)
    lines = text.splitlines()
    long_lines = [len(line) for line in lines if len(line) > LOG_LINE_MAX_CHARS + LOG_PREFIX_CHARS]
    assert not long_lines, f"{what}: log lines of {long_lines} characters: {text[:500]}"
    assert len(lines) <= 3 * records + 4, f"{what}: {len(lines)} new log lines: {text[:1000]}"
    assert not has_traceback(text), f"{what}: a traceback in the log: {text[:1000]}"
    return text


def log_budget(seconds: float) -> float:
    """Log bytes the rate limit allows in ``seconds``, with 8 KiB of slack for ordinary lines."""
    return LOG_BURST_BYTES + LOG_BYTES_PER_SECOND * seconds + 8 * KIB


def nested(depth: int) -> Any:
    """A list nested ``depth`` deep."""
    value: Any = 0
    for _ in range(depth):
        value = [value]
    return value


