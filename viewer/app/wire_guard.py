"""The session websocket checks every client message before Bokeh decodes, stores or logs it.

Bokeh's own handler accepts any message a client can frame: it assembles announced binary
buffers without limit, applies any property value its type allows (a 20 MiB string, a map of
a million entries), logs refused messages in full and answers errors with a server
traceback. :class:`GuardedWSHandler` puts :class:`WireGuard` in front of it: each fragment
is checked against :mod:`viewer.app.wire_limits` and the view's property checks
(:mod:`viewer.component.inbound`); the first refusal writes one short log line and closes the
connection with code 1008, and ``ERROR`` replies carry a fixed short text. The app's own
browser client never sends anything the guard refuses (the browser tests run behind it).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from bokeh.protocol.message import Message
from bokeh.server.views.ws import WSHandler

from viewer.app import wire_limits as limits
from viewer.app.token_bucket import TokenBucket
from viewer.component import inbound

log = logging.getLogger(__name__)

STEPS = ("header", "metadata", "content")
"""The three text fragments of every Bokeh message, in order (the client sends no buffers)."""


class Refused(ValueError):
    """A client message the server does not accept; the text says why, never quoting it."""


def parse(text: str) -> Any:
    """Decode a JSON fragment no deeper than :data:`~viewer.app.wire_limits.MAX_JSON_DEPTH`.

    Raises
    ------
    Refused
        Invalid JSON, or nested too deeply.

    """
    try:
        value = json.loads(text)
    except RecursionError:
        raise Refused(f"JSON nested deeper than {limits.MAX_JSON_DEPTH} levels") from None
    except ValueError:
        raise Refused("not valid JSON") from None
    if nesting(value) > limits.MAX_JSON_DEPTH:
        raise Refused(f"JSON nested deeper than {limits.MAX_JSON_DEPTH} levels")
    return value


def nesting(value: Any) -> int:
    """Depth of the deepest list or object in ``value`` (0 for a scalar); stops past the limit."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth)
            if deepest > limits.MAX_JSON_DEPTH:
                break
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def decode(value: Any) -> Any:
    """Plain Python value of a Bokeh-encoded property value (maps become dicts).

    Raises
    ------
    Refused
        For typed encodings the view never receives (non-finite numbers, bytes, arrays,
        model references).

    """
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        kind = value.get("type")
        if kind == "map" and isinstance(value.get("entries"), list):
            entries = value["entries"]
            if not all(isinstance(e, list) and len(e) == 2 and isinstance(e[0], str) for e in entries):
                raise Refused("a map with non-string keys")
            return {k: decode(v) for k, v in entries}
        if kind is not None or set(value) == {"id"}:
            raise Refused("an encoded value the view does not take")
        return {k: decode(v) for k, v in value.items()}
    return value


class WireGuard:
    """Check one connection's incoming fragments, in order, against the limits.

    Parameters
    ----------
    find_model : callable
        Maps a model id to the session document's model (or ``None``), so property changes on
        the 3D view get its per-property checks.
    clock : callable
        Monotonic seconds (for the message rate).

    """

    def __init__(self, find_model: Callable[[str], Any], clock: Callable[[], float] = time.monotonic) -> None:
        self.find_model = find_model
        self.step = 0
        self.msgtype = ""
        self.messages = TokenBucket(limits.MESSAGES_PER_SECOND, limits.MESSAGE_BURST, clock)

    def check(self, fragment: str | bytes) -> None:
        """Accept the next fragment, or raise :class:`Refused` with the reason."""
        if isinstance(fragment, bytes):
            raise Refused("a binary fragment (the app's client sends no buffers)")
        if len(fragment) > limits.MAX_MESSAGE_BYTES:
            raise Refused(f"a fragment over {limits.MAX_MESSAGE_BYTES} characters")
        value = parse(fragment)
        step = STEPS[self.step]
        if not isinstance(value, dict):
            raise Refused(f"a {step} that is not a JSON object")
        if step == "header":
            self._header(value)
        elif step == "content" and self.msgtype == "PATCH-DOC":
            self._patch(value)
        self.step = (self.step + 1) % len(STEPS)

    def _header(self, header: dict[str, Any]) -> None:
        if not self.messages.take():
            raise Refused(f"more than {limits.MESSAGES_PER_SECOND} messages per second")
        msgtype = header.get("msgtype")
        if msgtype not in limits.ALLOWED_MESSAGE_TYPES:
            raise Refused("a message type clients do not send")
        buffers = header.get("num_buffers", 0)
        if isinstance(buffers, bool) or not isinstance(buffers, int) or not 0 <= buffers <= limits.MAX_BUFFERS:
            raise Refused(f"num_buffers outside 0..{limits.MAX_BUFFERS}")
        self.msgtype = msgtype

    def _patch(self, content: dict[str, Any]) -> None:
        events = content.get("events")
        if not isinstance(events, list) or len(events) > limits.MAX_EVENTS_PER_PATCH:
            raise Refused(f"a patch without a list of at most {limits.MAX_EVENTS_PER_PATCH} events")
        if content.get("references"):
            raise Refused("a patch that defines new models")
        for event in events:
            self._event(event)

    def _event(self, event: Any) -> None:
        if not isinstance(event, dict) or event.get("kind") not in limits.ALLOWED_EVENT_KINDS:
            raise Refused("an event kind clients do not send")
        if event["kind"] == "MessageSent":
            if len(json.dumps(event)) > limits.MAX_VALUE_CHARS:
                raise Refused(f"an event over {limits.MAX_VALUE_CHARS} characters")
            return
        model, attr = event.get("model"), event.get("attr")
        model_id = model.get("id") if isinstance(model, dict) else None
        if not isinstance(model_id, str) or not isinstance(attr, str) or len(model_id) > 64 or len(attr) > 64:
            raise Refused("a property change without a model id and a property name")
        if inbound.is_scene_model(self.find_model(model_id)):
            reason = inbound.refusal(attr, decode(event.get("new")))
            if reason is not None:
                raise Refused(reason)
        elif len(json.dumps(event.get("new"))) > limits.MAX_VALUE_CHARS:
            raise Refused(f"a value over {limits.MAX_VALUE_CHARS} characters")


class GuardedWSHandler(WSHandler):
    """Bokeh's session websocket with :class:`WireGuard` in front and short ``ERROR`` replies."""

    def open(self) -> None:
        """Start the connection's guard, then open as Bokeh does."""
        self.wire_guard = WireGuard(self._find_model)
        self.refused = False
        return super().open()

    def _find_model(self, model_id: str) -> Any:
        connection = getattr(self, "connection", None)
        if connection is None:
            return None
        return connection.session.document.get_model_by_id(model_id)

    async def on_message(self, fragment: str | bytes) -> None:
        """Check ``fragment``; pass it to Bokeh, or refuse it and close the connection."""
        if self.refused:
            return
        try:
            self.wire_guard.check(fragment)
        except Refused as refusal:
            self.refuse(str(refusal))
            return
        await super().on_message(fragment)

    def refuse(self, reason: str) -> None:
        """Write one short log line and close the connection (code 1008)."""
        self.refused = True
        peer = self.request.remote_ip if self.request is not None else "?"
        log.warning("websocket message from %s refused: %s; connection closed", peer, reason)
        self.close(limits.POLICY_CLOSE_CODE, "message refused")

    async def send_message(self, message: Message[Any]) -> None:
        """Send ``message``; an ``ERROR`` goes out with a fixed short text (the detail is in the log)."""
        if message.msgtype == "ERROR":
            message = type(message)(message.header, message.metadata,
                                    {"text": limits.ERROR_REPLY_TEXT, "traceback": None})
        await super().send_message(message)


def guard_websockets(tornado_app: Any) -> int:
    """Swap Bokeh's websocket handler for :class:`GuardedWSHandler` in a built tornado application.

    Parameters
    ----------
    tornado_app : tornado.web.Application
        The server's application (``server._tornado``), before it serves.

    Returns
    -------
    int
        The number of websocket routes guarded (one per app path).

    """
    guarded = 0
    for rule in tornado_app.wildcard_router.rules:
        target = rule.target
        if isinstance(target, type) and issubclass(target, WSHandler) and not issubclass(target, GuardedWSHandler):
            rule.target = GuardedWSHandler
            guarded += 1
    return guarded
