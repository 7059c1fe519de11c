"""Hostile clients against the really served app (``glute-viewer serve`` in a subprocess).

Each test sends one kind of message the app's own browser client never sends, with the raw
Bokeh-protocol client of ``bokeh_wire.py``, and checks what the limits of
``viewer/app/wire_limits.py`` promise: the connection is closed (``POLICY_CLOSE_CODE``, or 1009
for a message too big), the hostile value is not stored in the session's document, the server's
memory stays bounded, another session still answers, the log grows by a few short lines at
most, no reply shows a traceback or a server path, and an ``ERROR`` reply says only
``ERROR_REPLY_TEXT``. (Stalled peers and requests, and Panel's ``/components/`` route, are in
``test_hostile_peers.py``.)

``test_raw_client_round_trip`` is the positive control: the client reads the document and a
valid change (``selected = "glmed1_r"``) is stored, so a refusal below is the server's doing,
not a bug of the client.

Times: the only time bounds are generous liveness bounds (:data:`LIVENESS_S`, the close
deadlines derived from the limits), never benchmarks.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from bokeh_doc import SCENE_TYPE, attribute, find_model
from bokeh_wire import (
    BokehWire,
    Closed,
    Reply,
    changed,
    deflate_bomb,
    encode_frame,
)
from hostile_harness import (
    CLOSE_WAIT_S,
    LIVENESS_S,
    LOG_PREFIX_CHARS,
    MEMORY_BOUND,
    PART,
    TOO_BIG,
    Session,
    assert_alive,
    assert_closed,
    assert_no_leak,
    assert_short_log,
    log_budget,
    nested,
    outcome,
)
from served import log_since, log_size
from server_memory import PeakMemory

from viewer.app.wire_limits import (
    ERROR_REPLY_TEXT,
    KIB,
    LOG_LINE_MAX_CHARS,
    MAX_EVENTS_PER_PATCH,
    MAX_JSON_DEPTH,
    MAX_MESSAGE_BYTES,
    MIB,
    POLICY_CLOSE_CODE,
)

pytestmark = pytest.mark.slow


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


