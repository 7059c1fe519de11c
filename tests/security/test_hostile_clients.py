"""Hostile clients against the really served app (``glute-viewer serve`` in a subprocess).

Each test sends one kind of message the app's own browser client never sends, with the raw
Bokeh-protocol client of ``bokeh_wire.py``, and checks what the limits of
``viewer/app/wire_limits.py`` promise: the connection is closed (``POLICY_CLOSE_CODE``, or 1009
for a message too big), the hostile value is not stored in the session's document, the server's
memory stays bounded, another session still answers, the log grows by a few short lines at
most, no reply shows a traceback or a server path, and an ``ERROR`` reply says only
``ERROR_REPLY_TEXT``. Plain HTTP clients that stall
or send too much are dropped, and Panel's ``/components/`` route (which imports any module named
in the URL) answers 404 without importing anything.

``test_raw_client_round_trip`` is the positive control: the client reads the document and a
valid change (``selected = "glmed1_r"``) is stored, so a refusal below is the server's doing,
not a bug of the client.

Times: the only time bounds are generous liveness bounds (:data:`LIVENESS_S`, the close
deadlines derived from the limits), never benchmarks. The frozen-peer test waits up to
``PING_INTERVAL_S + PING_TIMEOUT_S + 10`` s.
"""

from __future__ import annotations

import base64
import http.client
import json
import select
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from bokeh_wire import (
    SCENE_TYPE,
    TCP_CLOSE,
    TCP_CLOSE_WAIT,
    BokehWire,
    Closed,
    PeakMemory,
    Reply,
    Timeout,
    WireError,
    attribute,
    changed,
    close_frame_waiting,
    connect,
    deflate_bomb,
    encode_frame,
    find_model,
    handshake,
    tcp_state,
)
from e2e_harness import ROOT
from served import has_traceback, log_since, log_size, raw_get, session_token, start_app

from viewer.app.wire_limits import (
    BODY_TIMEOUT_S,
    ERROR_REPLY_TEXT,
    HEADER_TIMEOUT_S,
    KIB,
    LOG_BURST_BYTES,
    LOG_BYTES_PER_SECOND,
    LOG_LINE_MAX_CHARS,
    MAX_BODY_BYTES,
    MAX_EVENTS_PER_PATCH,
    MAX_HEADER_BYTES,
    MAX_JSON_DEPTH,
    MAX_MESSAGE_BYTES,
    MIB,
    PING_INTERVAL_S,
    PING_TIMEOUT_S,
    POLICY_CLOSE_CODE,
)

pytestmark = pytest.mark.slow

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


# ----------------------------------------------------------------------------- fixtures and helpers

@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app, served once for this module."""
    try:
        app = start_app(tmp_path_factory.mktemp("hostile") / "serve.log")
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield app
    app.stop()


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


@pytest.fixture
def bystander(server: Any) -> Iterator[Session]:
    """Another session, opened before the attack: it must still answer after it."""
    session = open_session(server)
    yield session
    session.wire.close()


@pytest.fixture
def target(server: Any) -> Iterator[Session]:
    """The session under attack."""
    session = open_session(server)
    yield session
    session.wire.close()


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


# ----------------------------------------------------------------------------- the positive control

def test_raw_client_round_trip(server: Any, target: Session) -> None:
    """The raw client reads the document and a valid change from the browser side is stored."""
    for compress in (False, True):
        with target.attack(compress=compress) as wire:
            assert wire.deflate is compress
            doc = wire.pull_doc()
            assert find_model(doc, SCENE_TYPE)["id"] == target.scene_id
            reply = wire.patch(target.scene_id, "selected", "" if compress else PART)
            assert isinstance(reply, Reply) and reply.msgtype == "OK", reply
            assert_no_leak(wire.received_texts, "a reply")
        assert attribute(target.pull(), target.scene_id, "selected") in (("", None) if compress else (PART,))
    # valid values of the properties the tests below attack are stored: "not stored" there means refused
    camera = {"position": [1.0, 0.5, 2.0], "target": [0.0, 0.9, 0.0]}
    with target.attack() as wire:
        for attr, value in (("selected", PART), ("hovered", PART), ("frame", 1.0), ("camera", camera)):
            assert wire.patch(target.scene_id, attr, value).msgtype == "OK", attr
    doc = target.pull()
    for attr, value in (("selected", PART), ("hovered", PART), ("frame", 1.0), ("camera", camera)):
        assert attribute(doc, target.scene_id, attr) == value, (attr, attribute(doc, target.scene_id, attr))


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


# ----------------------------------------------------------------------------- messages too big

def test_message_past_the_size_limit_is_refused(server: Any, target: Session, bystander: Session) -> None:
    """A plain message just past ``MAX_MESSAGE_BYTES``, and one of 8 MiB: closed, not stored, memory bounded."""
    with PeakMemory(server.proc.pid) as memory:
        for size in (MAX_MESSAGE_BYTES + KIB, 8 * MIB):
            value = "h" * size
            with target.attack() as wire:
                msgid = wire.send("PATCH-DOC", {"events": [changed(target.scene_id, "hovered", value)]})
                assert_closed(outcome(wire, msgid), (TOO_BIG, POLICY_CLOSE_CODE, None), f"a {size}-byte message")
            assert attribute(target.pull(), target.scene_id, "hovered") != value
    assert memory.growth < MEMORY_BOUND, f"the server's memory rose by {memory.growth / MIB:.0f} MiB"
    assert_alive(server, bystander)


def test_deflate_bomb_is_cut_off(server: Any, target: Session, bystander: Session) -> None:
    """512 MiB of ``[`` deflated to ~0.5 MiB in one compressed frame: closed before inflating, memory bounded."""
    body = deflate_bomb(512)
    assert len(body) < MIB
    with PeakMemory(server.proc.pid) as memory, target.attack(compress=True) as wire:
        wire.send_raw(encode_frame(0x1, body, rsv1=True))
        result = outcome(wire, None)
    assert_closed(result, (TOO_BIG, POLICY_CLOSE_CODE, None), "a deflate bomb")
    assert memory.growth < MEMORY_BOUND, f"the server's memory rose by {memory.growth / MIB:.0f} MiB"
    assert_alive(server, bystander)


def test_compressed_message_past_the_limit_is_refused(server: Any, target: Session, bystander: Session) -> None:
    """A valid change of 16 MiB, 16 KiB on the wire (under Bokeh's default limit of 20 MiB): closed, not stored."""
    value = "h" * (16 * MIB)
    with PeakMemory(server.proc.pid) as memory, target.attack(compress=True) as wire:
        msgid = wire.send("PATCH-DOC", {"events": [changed(target.scene_id, "hovered", value)]})
        result = outcome(wire, msgid)
    assert_closed(result, (TOO_BIG, POLICY_CLOSE_CODE, None), "16 MiB inflated from a compressed frame")
    assert memory.growth < MEMORY_BOUND, f"the server's memory rose by {memory.growth / MIB:.0f} MiB"
    assert attribute(target.pull(), target.scene_id, "hovered") != value
    assert_alive(server, bystander)


def test_announced_buffers_are_refused(server: Any, target: Session, bystander: Session) -> None:
    """A header announcing 10**9 buffers, then 400 compressed pairs of 256 KiB: closed, memory bounded."""
    payload = bytes(256 * KIB)
    sent = 0
    with PeakMemory(server.proc.pid) as memory, target.attack(compress=True) as wire:
        msgid = wire.send("PATCH-DOC", {"events": []}, num_buffers=10**9)
        for i in range(400):
            if not (wire.send_text(json.dumps({"id": f"b{i}"})) and wire.send_binary(payload)):
                break
            sent += 1
        try:
            result = outcome(wire, msgid)
        except AssertionError as exc:
            raise AssertionError(f"{exc} after {sent} buffers announced as 1e9; memory +"
                                 f"{memory.growth / MIB:.0f} MiB") from None
    assert_closed(result, (POLICY_CLOSE_CODE, TOO_BIG, None), f"num_buffers=1e9 (then {sent} buffers)")
    assert memory.growth < MEMORY_BOUND, f"the server's memory rose by {memory.growth / MIB:.0f} MiB"
    assert_alive(server, bystander)


# ----------------------------------------------------------------------------- malformed messages

def _raw_frames(*texts: str) -> Callable[[BokehWire, Session], str | None]:
    def send(wire: BokehWire, _session: Session) -> None:
        for text in texts:
            wire.send_text(text)

    return send


def _message(msgtype: str, content: Any) -> Callable[[BokehWire, Session], str]:
    return lambda wire, _session: wire.send(msgtype, content)


def _events(make: Callable[[Session], list[dict[str, Any]]]) -> Callable[[BokehWire, Session], str]:
    return lambda wire, session: wire.send("PATCH-DOC", {"events": make(session)})


MALFORMED: dict[str, tuple[Callable[[BokehWire, Session], str | None], tuple[int, ...]]] = {
    "nested-100000-deep": (_raw_frames('{"msgid": "n1", "msgtype": "PATCH-DOC"}', "{}", "[" * 100_000),
                           (POLICY_CLOSE_CODE, TOO_BIG)),
    "nested-past-the-depth-limit": (
        _events(lambda s: [changed(s.scene_id, "camera", {"position": nested(MAX_JSON_DEPTH + 8)})]),
        (POLICY_CLOSE_CODE,)),
    "invalid-json-content": (_raw_frames('{"msgid": "j1", "msgtype": "PATCH-DOC"}', "{}", '{"events": [{"kind": '),
                             (POLICY_CLOSE_CODE,)),
    "invalid-json-header": (_raw_frames('{"msgid": "j2", "msgtype": ', "{}", "{}"), (POLICY_CLOSE_CODE,)),
    "header-without-msgtype": (_raw_frames('{"msgid": "j3"}', "{}", "{}"), (POLICY_CLOSE_CODE,)),
    "binary-header": (lambda wire, _s: wire.send_binary(b'{"msgid": "b1", "msgtype": "PATCH-DOC"}') and None,
                      (POLICY_CLOSE_CODE,)),
    "msgtype-EXEC": (_message("EXEC", {"code": "import os"}), (POLICY_CLOSE_CODE,)),
    "msgtype-PUSH-DOC": (_message("PUSH-DOC", {"doc": {"version": "3.9.2", "title": "pwned", "roots": []}}),
                         (POLICY_CLOSE_CODE,)),
    "msgtype-PULL-DOC-REPLY": (_message("PULL-DOC-REPLY", {"doc": {}}), (POLICY_CLOSE_CODE,)),
    "msgtype-ERROR": (_message("ERROR", {"text": "x", "traceback": None}), (POLICY_CLOSE_CODE,)),
    "msgtype-SERVER-INFO-REQ": (_message("SERVER-INFO-REQ", {}), (POLICY_CLOSE_CODE,)),
    "event-kind-unknown": (_events(lambda s: [{"kind": "NoSuchKind", "model": {"id": s.scene_id}}]),
                           (POLICY_CLOSE_CODE,)),
    "event-kind-TitleChanged": (_events(lambda s: [{"kind": "TitleChanged", "title": "pwned"}]), (POLICY_CLOSE_CODE,)),
    "event-kind-RootRemoved": (_events(lambda s: [{"kind": "RootRemoved", "model": {"id": s.scene_id}}]),
                               (POLICY_CLOSE_CODE,)),
    "too-many-events": (
        _events(lambda s: [changed(s.scene_id, "hovered", "") for _ in range(MAX_EVENTS_PER_PATCH + 1)]),
        (POLICY_CLOSE_CODE,)),
}
"""Messages the app's client never sends, and the close codes that refuse them."""


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_messages_are_refused(server: Any, target: Session, bystander: Session, case: str) -> None:
    """Closed with the policy code; the document is intact; a few short log lines; no traceback anywhere."""
    send, codes = MALFORMED[case]
    offset = log_size(server)
    with target.attack() as wire:
        msgid = send(wire, target)
        result = outcome(wire, msgid)
        assert_no_leak(wire.received_texts, f"{case}: a reply")
    assert_closed(result, codes, case)
    assert_alive(server, bystander)
    doc = target.pull()  # the same session still has its 3D view and its title
    assert str(doc.get("title")) == target.title
    assert_short_log(server, offset, 1, case)


# ----------------------------------------------------------------------------- hostile values on the 3D view

def _is(value: Any) -> Callable[[Any], bool]:
    return lambda stored: stored == value


def _is_nan(stored: Any) -> bool:
    return isinstance(stored, float) and stored != stored


def _has_keys(n: int) -> Callable[[Any], bool]:
    return lambda stored: isinstance(stored, dict) and len(stored) >= n


HOSTILE_VALUES: dict[str, tuple[str, Any, Callable[[Any], bool], bool]] = {
    # case: (attribute, value, "is it stored?", must the connection be closed)
    "camera-map-of-100000": ("camera", {f"k{i}": i for i in range(100_000)}, _has_keys(1000), True),
    "camera-string": ("camera", "../../etc/passwd", _is("../../etc/passwd"), False),
    "frame-string": ("frame", "12", lambda stored: stored in ("12", 12), False),
    "frame-nan": ("frame", float("nan"), _is_nan, False),
    "frame-minus-1e308": ("frame", -1e308, _is(-1e308), False),
    "hovered-60-KiB": ("hovered", "h" * (60 * KIB), lambda stored: isinstance(stored, str) and len(stored) > 1000,
                       True),
    "selected-path": ("selected", "../../etc/passwd", _is("../../etc/passwd"), False),
    "capture_done-1000-keys": ("capture_done", {f"k{i}": "x" for i in range(1000)}, _has_keys(1000), False),
    "view-path": ("view", "../../etc/passwd", _is("../../etc/passwd"), False),
    "color_mode-unknown": ("color_mode", "../../etc/passwd", _is("../../etc/passwd"), False),
    "action_axis-unknown": ("action_axis", "<script>", _is("<script>"), False),
    "speed-huge": ("speed", 1e308, _is(1e308), False),
    "narration-not-writable": ("narration", ["pwned"], _is(["pwned"]), False),
    "motion-not-writable": ("motion", {"type": "bytes", "data": base64.b64encode(b"pwned").decode()},
                            lambda stored: stored not in (None, {}) and "pwned" in json.dumps(stored, default=str),
                            False),
    "assets_index-not-writable": ("assets_index", {"pwned": 1}, lambda stored: isinstance(stored, dict)
                                  and "pwned" in stored, False),
    "visible_parts-not-writable": ("visible_parts", ["pwned"], _is(["pwned"]), False),
}
"""Wrong types, huge values and properties the browser never writes."""


@pytest.mark.parametrize("case", list(HOSTILE_VALUES))
def test_hostile_values_on_the_3d_view_are_not_stored(server: Any, target: Session, case: str) -> None:
    """Refused (closed, or an ERROR); a NEW connection to the same session does not see the value."""
    attr, value, stored, must_close = HOSTILE_VALUES[case]
    with target.attack() as wire:
        event = changed(target.scene_id, attr, value, raw=attr == "motion")  # motion: already Bokeh's bytes form
        result = outcome(wire, wire.send("PATCH-DOC", {"events": [event]}))
        assert_no_leak(wire.received_texts, f"{case}: a reply")
    seen = attribute(target.pull(), target.scene_id, attr)
    assert not stored(seen), f"{case}: the session stored {attr} = {str(seen)[:200]}"
    if must_close:  # None: reset while the rest of a too-big message was still coming (the server stops reading)
        assert_closed(result, (POLICY_CLOSE_CODE, TOO_BIG, None), case)
    else:
        assert not (isinstance(result, Reply) and result.msgtype == "OK"), \
            f"{case}: the server accepted {attr} = {str(value)[:80]} (OK)"
        if isinstance(result, Closed):
            assert result.code in (POLICY_CLOSE_CODE, TOO_BIG), f"{case}: closed with code {result.code}"


# ----------------------------------------------------------------------------- error replies

BAD_REFERENCES: dict[str, Callable[[Session], dict[str, Any]]] = {
    "unknown-model-id": lambda s: changed("p999999999", "selected", PART),
    "unknown-attribute": lambda s: changed(s.scene_id, "no_such_attribute", 1),
    "wrong-type": lambda s: changed(s.scene_id, "frame", "twelve"),
    "unknown-reference-in-value": lambda s: changed(s.scene_id, "camera", {"id": "p424242"}, raw=True),
    "unknown-ui-event": lambda s: {"kind": "MessageSent", "msg_type": "bokeh_event", "msg_data": {
        "type": "event", "name": "no_such_event",
        "values": {"type": "map", "entries": [["model", {"id": s.scene_id}]]}}},
    "unknown-model-class-in-event": lambda s: {"kind": "MessageSent", "msg_type": "bokeh_event", "msg_data": {
        "type": "event", "name": "button_click", "values": {"type": "map", "entries": [
            ["model", {"type": "object", "name": "no.such.Model", "id": "p777777", "attributes": {}}]]}}},
}
"""Changes and events naming what the session does not have (the real client sends ``MessageSent`` for buttons)."""


@pytest.mark.parametrize("case", list(BAD_REFERENCES))
def test_error_replies_say_nothing_of_the_server(server: Any, target: Session, case: str) -> None:
    """An ERROR reply says only :data:`ERROR_REPLY_TEXT` (no traceback); no reply shows a path or a traceback."""
    with target.attack() as wire:
        msgid = wire.send("PATCH-DOC", {"events": [BAD_REFERENCES[case](target)]})
        result = outcome(wire, msgid)
        texts = list(wire.received_texts)
    if isinstance(result, Reply) and result.msgtype == "ERROR":
        assert result.content.get("text") == ERROR_REPLY_TEXT, f"{case}: {result.content.get('text')!r}"
        assert result.content.get("traceback") is None, f"{case}: {str(result.content.get('traceback'))[:300]}"
    elif isinstance(result, Closed):
        assert result.code in (POLICY_CLOSE_CODE, TOO_BIG), f"{case}: closed with code {result.code}"
    else:
        raise AssertionError(f"{case}: the server accepted it ({result.msgtype})")
    assert_no_leak(texts, f"{case}: a reply")


# ----------------------------------------------------------------------------- floods

def test_message_flood_is_cut_off(server: Any, target: Session, bystander: Session) -> None:
    """2000 small valid changes as fast as the socket takes them: the connection is closed (rate limit)."""
    offset = log_size(server)
    start = time.monotonic()
    sent = 0
    with target.attack() as wire:
        for i in range(2000):
            header = json.dumps({"msgid": f"f{i}", "msgtype": "PATCH-DOC"})
            content = json.dumps({"events": [changed(target.scene_id, "hovered", PART if i % 2 else "")]})
            if not (wire.send_text(header) and wire.send_text("{}") and wire.send_text(content)):
                break
            sent += 1
        closed = wire.wait_closed(CLOSE_WAIT_S)
        assert_no_leak(wire.received_texts, "a reply to the flood")
    assert closed is not None, f"after {sent} messages the connection is still open {CLOSE_WAIT_S:.0f} s later"
    assert closed.code in (POLICY_CLOSE_CODE, None), f"closed with code {closed.code} ({closed.reason!r})"
    assert_alive(server, bystander)
    elapsed = time.monotonic() - start
    growth = len(log_since(server, offset).encode("utf-8"))
    assert growth <= log_budget(elapsed), f"the log grew by {growth} bytes in {elapsed:.1f} s"


def test_log_flood_is_bounded(server: Any, target: Session, bystander: Session) -> None:
    """200 connections each sending one refused 60 KiB value: the log stays within its rate, lines cut short."""
    offset = log_size(server)
    start = time.monotonic()
    value = "x" * (60 * KIB)  # a wrong type for frame, and past any string limit
    for _ in range(200):
        with target.attack() as wire:
            msgid = wire.send("PATCH-DOC", {"events": [changed(target.scene_id, "frame", value)]})
            try:
                outcome(wire, msgid, timeout=LIVENESS_S)
            except AssertionError:
                pass  # an unanswered message is the server's choice; the log is what is checked here
    assert_alive(server, bystander)
    elapsed = time.monotonic() - start
    text = log_since(server, offset)
    growth = len(text.encode("utf-8"))
    assert growth <= log_budget(elapsed), f"the log grew by {growth / KIB:.0f} KiB in {elapsed:.1f} s"
    longest = max((len(line) for line in text.splitlines()), default=0)
    assert longest <= LOG_LINE_MAX_CHARS + LOG_PREFIX_CHARS, f"a log line of {longest} characters"


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
