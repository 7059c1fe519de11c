"""A small raw Bokeh-protocol websocket client for the hostile-client tests.

It speaks RFC 6455 over a plain socket (synchronously, so a test reads top to bottom) and
frames and deflates every message itself, which lets a test send what a well-behaved client
never would: a per-message-deflate bomb, a header announcing a billion buffers, a message
split into many frames, invalid JSON, or nothing at all (a frozen peer).

The Bokeh protocol (bokeh/protocol): after the handshake (subprotocols ``bokeh`` and the
session token from ``GET /``) the server sends an ``ACK``; every message is three text frames
(header JSON ``{"msgid", "msgtype", "num_buffers"?}``, metadata JSON, content JSON) followed by
``num_buffers`` pairs of a text buffer header ``{"id": ...}`` and a binary payload. A reply's
header has ``reqid``, the ``msgid`` of the request. ``PATCH-DOC`` content is
``{"events": [{"kind": "ModelChanged", "model": {"id": ...}, "attr": ..., "new": ...}]}`` with
values in Bokeh's serialization (bokeh/core/serialization.py: a dict is
``{"type": "map", "entries": [[k, v], ...]}``, NaN ``{"type": "number", "value": "nan"}``).
"""

from __future__ import annotations

import base64
import json
import os
import re
import select
import socket
import struct
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

from bokeh_doc import encode_value

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA
DEFLATE_TAIL = b"\x00\x00\xff\xff"
"""The 4 bytes a per-message-deflate sender strips from each message (RFC 7692 7.2.1)."""
WS_PATH = "/ws"
TCP_CLOSE_WAIT = 8
TCP_CLOSE = 7
"""``tcpi_state`` values (linux/tcp_states.h): the peer sent FIN / the connection is gone (RST)."""


class WireError(AssertionError):
    """The server answered something the client cannot read (a bug here or there, never a refusal)."""


@dataclass
class Closed:
    """The server ended the connection: its close frame's code and reason, or ``None`` for a bare EOF/RST."""

    code: int | None
    reason: str = ""

    @property
    def closed(self) -> bool:
        return True


@dataclass
class Reply:
    """One Bokeh message from the server."""

    header: dict[str, Any]
    metadata: dict[str, Any]
    content: dict[str, Any]
    buffers: list[tuple[str, bytes]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    """The raw text frames (for looking for leaks)."""

    @property
    def closed(self) -> bool:
        return False

    @property
    def msgtype(self) -> str:
        return str(self.header.get("msgtype"))


class Timeout(Exception):
    """Nothing (complete) arrived in time."""


def encode_frame(opcode: int, payload: bytes, *, fin: bool = True, rsv1: bool = False, mask: bool = True) -> bytes:
    """One websocket frame (clients must mask)."""
    first = (0x80 if fin else 0) | (0x40 if rsv1 else 0) | opcode
    n = len(payload)
    mask_bit = 0x80 if mask else 0
    if n < 126:
        head = struct.pack("!BB", first, mask_bit | n)
    elif n < 1 << 16:
        head = struct.pack("!BBH", first, mask_bit | 126, n)
    else:
        head = struct.pack("!BBQ", first, mask_bit | 127, n)
    if not mask:
        return head + payload
    key = os.urandom(4)
    return head + key + _mask(payload, key)


def _mask(data: bytes, key: bytes) -> bytes:
    if not data:
        return data
    n = len(data)
    repeated = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "little") ^ int.from_bytes(repeated, "little")).to_bytes(n, "little")


def deflate_message(data: bytes, level: int = 9) -> bytes:
    """``data`` as one permessage-deflate message body (a fresh raw-deflate stream, tail stripped)."""
    comp = zlib.compressobj(level, zlib.DEFLATED, -15)
    out = comp.compress(data) + comp.flush(zlib.Z_SYNC_FLUSH)
    assert out.endswith(DEFLATE_TAIL)
    return out[:-4]


def deflate_bomb(inflated_mib: int, char: bytes = b"[") -> bytes:
    """A permessage-deflate body that inflates to ``inflated_mib`` MiB of ``char`` (about 1 KiB on the wire per MiB).

    One MiB is compressed once by a fresh compressor and the (byte-aligned, sync-flushed) piece
    repeated: each copy is a complete run of deflate blocks with no reference outside itself,
    so the copies form one valid stream, and this process never holds the inflated text.
    """
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = comp.compress(char * (1 << 20)) + comp.flush(zlib.Z_SYNC_FLUSH)
    assert piece.endswith(DEFLATE_TAIL)
    return (piece * inflated_mib)[:-4]


class BokehWire:
    """One websocket connection to a Bokeh session, framed by hand.

    Parameters
    ----------
    sock : socket.socket
        Connected, handshake done.
    deflate : bool
        Whether per-message deflate was agreed (then every message this client sends is compressed).
    leftover : bytes
        Bytes read past the handshake's response head.

    """

    def __init__(self, sock: socket.socket, deflate: bool, leftover: bytes = b"", answer_pings: bool = True) -> None:
        self.sock = sock
        self.deflate = deflate
        self.buffer = bytearray(leftover)
        self.inflater = zlib.decompressobj(-15)
        self.answer_pings = answer_pings
        self.closed: Closed | None = None
        self.received_texts: list[str] = []
        """Every text message the server sent on this connection (for looking for leaks)."""
        self._msg = 0
        self.acked = False

    # -- frames -------------------------------------------------------------------------------
    def send_frame(self, opcode: int, payload: bytes, *, fin: bool = True, compress: bool | None = None) -> bool:
        """Send one frame (deflated if agreed, unless ``compress=False``); ``False`` if the socket is gone."""
        compress = self.deflate if compress is None else compress
        rsv1 = False
        if compress and opcode in (OP_TEXT, OP_BINARY):
            payload, rsv1 = deflate_message(payload), True
        return self.send_raw(encode_frame(opcode, payload, fin=fin, rsv1=rsv1))

    def send_raw(self, data: bytes) -> bool:
        """Write bytes as they are; ``False`` if the server has closed or reset the connection."""
        try:
            self.sock.sendall(data)
        except OSError:  # broken pipe, reset, timeout
            return False
        return True

    def send_text(self, text: str) -> bool:
        return self.send_frame(OP_TEXT, text.encode("utf-8"))

    def send_binary(self, data: bytes) -> bool:
        return self.send_frame(OP_BINARY, data)

    def _read_more(self, deadline: float) -> bool:
        """Read what the socket has (waiting until ``deadline``); ``False`` on EOF/reset."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise Timeout
        ready, _, _ = select.select([self.sock], [], [], left)
        if not ready:
            raise Timeout
        try:
            chunk = self.sock.recv(1 << 16)
        except (ConnectionResetError, ConnectionAbortedError):
            return False
        if not chunk:
            return False
        self.buffer += chunk
        return True

    def _take(self, n: int, deadline: float) -> bytes | None:
        while len(self.buffer) < n:
            if not self._read_more(deadline):
                return None
        out = bytes(self.buffer[:n])
        del self.buffer[:n]
        return out

    def recv_frame(self, timeout: float) -> tuple[int, bool, bytes] | Closed:
        """The next frame (opcode, rsv1, payload), or :class:`Closed`; raises :class:`Timeout`."""
        deadline = time.monotonic() + timeout
        head = self._take(2, deadline)
        if head is None:
            return self._gone(None)
        first, second = head
        n = second & 0x7F
        if n == 126:
            ext = self._take(2, deadline)
            n = struct.unpack("!H", ext)[0] if ext else 0
        elif n == 127:
            ext = self._take(8, deadline)
            n = struct.unpack("!Q", ext)[0] if ext else 0
        payload = self._take(n, deadline) if n else b""
        if payload is None:
            return self._gone(None)
        return first & 0x0F | (first & 0x80), bool(first & 0x40), payload

    def _gone(self, code: int | None, reason: str = "") -> Closed:
        if self.closed is None:
            self.closed = Closed(code, reason)
        return self.closed

    def recv_text_or_binary(self, timeout: float) -> str | bytes | Closed:
        """The next whole websocket message (continuations joined, inflated, pings answered)."""
        deadline = time.monotonic() + timeout
        parts: list[bytes] = []
        opcode = None
        compressed = False
        while True:
            frame = self.recv_frame(max(0.0, deadline - time.monotonic()) or 0.001)
            if isinstance(frame, Closed):
                return frame
            op_fin, rsv1, payload = frame
            fin, op = bool(op_fin & 0x80), op_fin & 0x0F
            if op == OP_CLOSE:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
                closed = self._gone(code, payload[2:].decode("utf-8", "replace"))
                try:
                    self.sock.sendall(encode_frame(OP_CLOSE, payload[:2]))
                except OSError:
                    pass
                return closed
            if op == OP_PING:
                if self.answer_pings:
                    self.send_frame(OP_PONG, payload, compress=False)
                continue
            if op == OP_PONG:
                continue
            if op in (OP_TEXT, OP_BINARY):
                opcode, compressed, parts = op, rsv1, [payload]
            elif op == OP_CONT:
                parts.append(payload)
            else:
                raise WireError(f"unknown opcode {op}")
            if fin:
                data = b"".join(parts)
                if compressed:
                    data = self.inflater.decompress(data + DEFLATE_TAIL)
                if opcode == OP_TEXT:
                    text = data.decode("utf-8")
                    self.received_texts.append(text)
                    return text
                return data

    # -- Bokeh messages -----------------------------------------------------------------------
    def next_msgid(self) -> str:
        self._msg += 1
        return f"hostile-{os.getpid()}-{self._msg}"

    def send(self, msgtype: str, content: Any, num_buffers: int = 0, *, msgid: str | None = None,
             header: dict[str, Any] | None = None, metadata: Any = None) -> str:
        """Send one Bokeh message (three text frames); ``content`` may be a JSON-able value or raw text.

        Returns the ``msgid`` (the ``reqid`` of the reply). Sending to a closed connection does nothing.
        """
        msgid = msgid or self.next_msgid()
        head = {"msgid": msgid, "msgtype": msgtype, **(header or {})}
        if num_buffers:
            head["num_buffers"] = num_buffers
        body = content if isinstance(content, str) else json.dumps(content)
        meta = metadata if isinstance(metadata, str) else json.dumps(metadata or {})
        for text in (json.dumps(head), meta, body):
            if not self.send_text(text):
                break
        return msgid

    def recv(self, timeout: float = 30.0) -> Reply | Closed:
        """The next Bokeh message (three text frames and its buffers), or :class:`Closed`.

        Raises
        ------
        Timeout
            If no complete message arrives within ``timeout`` seconds.

        """
        deadline = time.monotonic() + timeout
        texts: list[str] = []
        for _ in range(3):
            part = self.recv_text_or_binary(max(0.001, deadline - time.monotonic()))
            if isinstance(part, Closed):
                return part
            if not isinstance(part, str):
                raise WireError(f"expected a text frame, got {len(part)} binary bytes")
            texts.append(part)
        try:
            header, metadata, content = (json.loads(t) for t in texts)
        except ValueError as exc:
            raise WireError(f"the server sent invalid JSON: {texts[0][:200]!r}") from exc
        buffers = []
        for _ in range(int(header.get("num_buffers", 0) or 0)):
            buf_head = self.recv_text_or_binary(max(0.001, deadline - time.monotonic()))
            payload = self.recv_text_or_binary(max(0.001, deadline - time.monotonic()))
            if isinstance(buf_head, Closed) or isinstance(payload, Closed):
                return self.closed or Closed(None)
            buffers.append((json.loads(buf_head)["id"], payload))
        reply = Reply(header, metadata, content, buffers, texts)
        if reply.msgtype == "ACK":
            self.acked = True
        return reply

    def wait_reply(self, msgid: str, timeout: float = 30.0) -> Reply | Closed:
        """The reply to ``msgid`` (skipping the server's own patches and the first ACK), or :class:`Closed`."""
        deadline = time.monotonic() + timeout
        while True:
            reply = self.recv(max(0.001, deadline - time.monotonic()))
            if isinstance(reply, Closed) or reply.header.get("reqid") == msgid:
                return reply

    def wait_closed(self, timeout: float = 30.0) -> Closed | None:
        """Read (and drop) messages until the server closes; ``None`` if it is still open after ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                part = self.recv_text_or_binary(max(0.001, deadline - time.monotonic()))
            except Timeout:
                return None
            if isinstance(part, Closed):
                return part

    def wait_ack(self, timeout: float = 60.0) -> None:
        """Wait for the server's first ``ACK`` (the session exists then)."""
        if self.acked:
            return
        reply = self.recv(timeout)
        if isinstance(reply, Closed) or reply.msgtype != "ACK":
            raise WireError(f"expected the server's ACK, got {reply!r}")

    def pull(self, timeout: float = 60.0) -> Reply:
        """The session's ``PULL-DOC-REPLY`` (its ``content["doc"]`` and its binary buffers)."""
        self.wait_ack(timeout)
        reply = self.wait_reply(self.send("PULL-DOC-REQ", {}), timeout)
        if isinstance(reply, Closed) or reply.msgtype != "PULL-DOC-REPLY":
            raise WireError(f"no PULL-DOC-REPLY: {reply!r}")
        return reply

    def pull_doc(self, timeout: float = 60.0) -> dict[str, Any]:
        """The session's document JSON (``PULL-DOC-REPLY``'s ``doc``)."""
        return self.pull(timeout).content["doc"]

    def patch_events(self, events: list[dict[str, Any]], timeout: float = 30.0) -> Reply | Closed:
        """Send a ``PATCH-DOC`` with these events; its reply (``OK``/``ERROR``) or :class:`Closed`."""
        self.wait_ack(timeout)
        return self.wait_reply(self.send("PATCH-DOC", {"events": events}), timeout)

    def patch(self, model_id: str, attr: str, value: Any, timeout: float = 30.0, *,
              raw: bool = False) -> Reply | Closed:
        """Change one property (``value`` encoded by :func:`encode_value` unless ``raw``)."""
        return self.patch_events([changed(model_id, attr, value, raw=raw)], timeout)

    def close(self) -> None:
        try:
            self.sock.sendall(encode_frame(OP_CLOSE, struct.pack("!H", 1000)))
        except OSError:
            pass
        self.sock.close()

    def tcp_state(self) -> int:
        """The kernel's TCP state of this socket (read without consuming anything)."""
        return tcp_state(self.sock)

    def __enter__(self) -> BokehWire:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def changed(model_id: str, attr: str, value: Any, *, raw: bool = False) -> dict[str, Any]:
    """One ``ModelChanged`` event."""
    new = value if raw else encode_value(value)
    return {"kind": "ModelChanged", "model": {"id": model_id}, "attr": attr, "new": new}


def close_frame_waiting(sock: socket.socket, leftover: bytes = b"") -> bool:
    """Whether the server's close frame is among the bytes waiting on ``sock`` (peeked: nothing is read).

    Parses the unmasked, uncompressed frames the server queued (no deflate agreed) from the first
    byte after the handshake's head: ``leftover`` (what :func:`handshake` read past it), then the
    socket's queue.
    """
    try:
        data = leftover + sock.recv(1 << 20, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except (BlockingIOError, InterruptedError):
        data = leftover
    except OSError:
        return True  # reset: closed all the same
    pos = 0
    while pos + 2 <= len(data):
        opcode, n = data[pos] & 0x0F, data[pos + 1] & 0x7F
        pos += 2
        if n == 126:
            n, pos = struct.unpack("!H", data[pos:pos + 2])[0] if pos + 2 <= len(data) else 1 << 62, pos + 2
        elif n == 127:
            n, pos = struct.unpack("!Q", data[pos:pos + 8])[0] if pos + 8 <= len(data) else 1 << 62, pos + 8
        if opcode == OP_CLOSE:
            return True
        pos += n
    return False


def tcp_state(sock: socket.socket) -> int:
    """``tcpi_state`` of ``sock`` (Linux ``TCP_INFO``): 1 established, 8 close-wait (peer sent FIN), 7 closed."""
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)[0]


def handshake(port: int, token: str, *, compress: bool = False, origin: str | None = None, path: str = WS_PATH,
              timeout: float = 60.0, extra_headers: str = "") -> tuple[socket.socket, bool, bytes]:
    """Open the websocket; return the socket, whether deflate was agreed, and bytes read past the head."""
    key = base64.b64encode(os.urandom(16)).decode("ascii")
    origin = origin or f"http://127.0.0.1:{port}"
    ext = ("Sec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover; "
           "server_no_context_takeover\r\n") if compress else ""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n"
        f"Sec-WebSocket-Protocol: bokeh, {token}\r\n{ext}{extra_headers}\r\n"
    )
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.sendall(request.encode("ascii"))
    head = b""
    deadline = time.monotonic() + timeout
    while b"\r\n\r\n" not in head:
        if time.monotonic() > deadline:
            sock.close()
            raise WireError("no handshake answer")
        chunk = sock.recv(4096)
        if not chunk:
            sock.close()
            raise WireError(f"the server closed during the handshake: {head[:200]!r}")
        head += chunk
    head, leftover = head.split(b"\r\n\r\n", 1)
    text = head.decode("latin-1")
    if not text.startswith("HTTP/1.1 101"):
        sock.close()
        raise WireError(f"handshake refused: {text.splitlines()[0]!r}")
    agreed = bool(re.search(r"^sec-websocket-extensions:.*permessage-deflate", text, re.IGNORECASE | re.MULTILINE))
    if compress and not agreed:
        sock.close()
        raise WireError("the server did not agree to per-message deflate")
    return sock, agreed, leftover


def connect(port: int, token: str, compress: bool = False, *, origin: str | None = None, timeout: float = 60.0,
            answer_pings: bool = True, wait_ack: bool = True) -> BokehWire:
    """A :class:`BokehWire` to the session of ``token`` (after its ``ACK`` unless ``wait_ack=False``)."""
    sock, agreed, leftover = handshake(port, token, compress=compress, origin=origin, timeout=timeout)
    sock.settimeout(timeout)  # reads go through select with their own deadlines; a write may block this long
    wire = BokehWire(sock, agreed, leftover, answer_pings=answer_pings)
    if wait_ack:
        wire.wait_ack(timeout)
    return wire
