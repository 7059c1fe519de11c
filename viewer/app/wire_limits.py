"""What the server accepts from a client: the limits of ``glute-viewer serve``, in one place.

The app's own browser client sends small JSON messages only (a property change, a button
event, a document request); the limits below are its largest real traffic with headroom,
measured by ``tests/benchmarks/client_messages.py`` (docs/explanation/security.md gives the
figures). Anything beyond them is refused before it is decoded, stored, mirrored or logged:
the websocket is closed with :data:`POLICY_CLOSE_CODE` and the server writes one shortened
log line. The served tests in ``tests/security/test_hostile_messages.py`` and
``test_hostile_peers.py`` send each kind of hostile message with a raw Bokeh-protocol client
and check the server's memory, the other sessions, the log and the replies.
"""

from __future__ import annotations

from typing import Final

KIB: Final = 1024
MIB: Final = 1024 * KIB

# -- websocket messages ------------------------------------------------------------------------
MAX_MESSAGE_BYTES: Final = 64 * KIB
"""Largest websocket message (one Bokeh protocol fragment), after per-message-deflate
decompression: tornado closes the connection (code 1009) past it without inflating further."""
MAX_BUFFERS: Final = 0
"""Binary buffers a client message may announce (``num_buffers``): the app's client sends none."""
MAX_JSON_DEPTH: Final = 24
"""Deepest nesting of lists and objects in a message's JSON."""
MAX_EVENTS_PER_PATCH: Final = 64
"""Document events in one ``PATCH-DOC`` message."""
MAX_VALUE_CHARS: Final = 8 * KIB
"""Longest encoded value of one property change on any model other than the 3D view's
(a slider's number, a checkbox's list, the page location: a link up to 8 KiB, the common cap of
web servers and proxies); the 3D view's own
properties are checked one by one (:mod:`viewer.component.inbound`)."""
ALLOWED_MESSAGE_TYPES: Final = frozenset({"PATCH-DOC", "PULL-DOC-REQ"})
"""Bokeh message types a client may send (the only two BokehJS sends to a server)."""
ALLOWED_EVENT_KINDS: Final = frozenset({"ModelChanged", "MessageSent"})
"""Document event kinds a client ``PATCH-DOC`` may carry."""
MESSAGES_PER_SECOND: Final = 50
"""Sustained messages per connection; a faster client is disconnected."""
MESSAGE_BURST: Final = 200
"""Messages a connection may send at once before the sustained rate applies."""
POLICY_CLOSE_CODE: Final = 1008
"""Websocket close code for a refused message (RFC 6455: policy violation)."""
ERROR_REPLY_TEXT: Final = "the server could not apply this message"
"""The whole text of an ``ERROR`` reply: no traceback, no path, no quoted value."""

# -- dead peers and slow requests --------------------------------------------------------------
PING_INTERVAL_S: Final = 20
"""Seconds between the server's websocket pings."""
PING_TIMEOUT_S: Final = 20
"""A connection whose peer has not answered a ping for this long is closed (tornado allows no
more than the interval), so a frozen peer is dropped within 40 s; its session is then discarded
like a closed tab's."""
HEADER_TIMEOUT_S: Final = 10
"""Seconds a client has to send a request's headers (and an idle keep-alive connection stays open)."""
BODY_TIMEOUT_S: Final = 10
"""Seconds a client has to send a request's body."""
MAX_HEADER_BYTES: Final = 32 * KIB
"""Largest request head (request line and headers)."""
MAX_BODY_BYTES: Final = 64 * KIB
"""Largest request body (the app takes no uploads)."""

# -- the server log ----------------------------------------------------------------------------
LOG_LINE_MAX_CHARS: Final = 500
"""A log record's message is cut to this many characters."""
LOG_TRACEBACK_MAX_CHARS: Final = 4000
"""A traceback in the log is cut to this many characters (its last lines are kept)."""
LOG_BYTES_PER_SECOND: Final = 4 * KIB
"""Sustained log rate, whatever clients send; records past it are counted, not written."""
LOG_BURST_BYTES: Final = 64 * KIB
"""Log bytes that may be written at once before the sustained rate applies."""
