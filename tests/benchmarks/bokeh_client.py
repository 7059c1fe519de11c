"""A minimal asyncio client of the Bokeh server protocol, as a browser tab speaks it (for load scripts).

It does what BokehJS does for a page of a Bokeh/Panel server, without a browser:

1. ``GET`` the page; the server builds the session's document and writes a session token
   into the page (``render_items = [{"token": "..."}]``);
2. open ``ws://host:port/ws`` with the subprotocols ``["bokeh", token]`` (and an ``Origin``
   header, as a browser sends), with per-message deflate and ``TCP_NODELAY`` like a browser
   (without it, the three frames of each message the client sends wait for a delayed ACK:
   about 40 ms more per round trip on loopback; ``BOKEH_CLIENT_NODELAY=0`` shows it);
3. read the server's ``ACK``, send ``PULL-DOC-REQ`` and read the document (``PULL-DOC-REPLY``);
4. then exchange ``PATCH-DOC`` messages: the client sends ``ModelChanged`` events for
   properties it changes (what BokehJS sends when a widget or a custom component changes a
   property) and bokeh events (``document_ready``); the server answers each with ``OK`` and
   sends its own ``PATCH-DOC`` messages for changes made in Python.

A message on the wire is a header, a metadata and a content text frame, followed by
``num_buffers`` pairs of a buffer header (``{"id": ...}``) and a binary frame
(see ``bokeh.protocol.receiver``). Buffers are counted here, not kept: a load client needs
the JSON only. One tornado IOLoop (the running asyncio loop) serves every connection.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

TOKEN_PATTERN: Final = re.compile(r'"token"\s*:\s*"([^"]+)"')
MAX_MESSAGE_BYTES: Final = 64 * 2**20
_ids = itertools.count(1)


class ProtocolError(RuntimeError):
    """The server sent something this client did not expect (or closed the connection)."""


@dataclass
class Message:
    """One assembled Bokeh protocol message.

    Attributes
    ----------
    msgtype : str
        ``ACK``, ``OK``, ``ERROR``, ``PATCH-DOC``, ``PULL-DOC-REPLY`` ...
    header : dict
        The header (``msgid``, ``msgtype``, ``reqid``, ``num_buffers``).
    content : dict
        The decoded content.
    buffer_bytes : int
        Bytes of the binary buffers that followed (not kept).

    """

    msgtype: str
    header: dict[str, Any]
    content: dict[str, Any]
    buffer_bytes: int = 0


def websocket_url(page_url: str) -> str:
    """The session websocket of a page: ``http://h:p/app?x=1`` -> ``ws://h:p/app/ws?x=1``."""
    parts = urlsplit(page_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    path = parts.path.rstrip("/") + "/ws"
    return urlunsplit((scheme, parts.netloc, path, parts.query, ""))


def origin_of(page_url: str) -> str:
    """The ``Origin`` header a browser sends for a page: ``scheme://host:port``."""
    parts = urlsplit(page_url)
    return f"{parts.scheme}://{parts.netloc}"


async def fetch_token(page_url: str, timeout: float = 60.0) -> str:
    """``GET`` the page (the server builds a session) and return its session token.

    Raises
    ------
    ProtocolError
        If the page has no token.
    tornado.httpclient.HTTPClientError
        On an HTTP error status.

    """
    response = await AsyncHTTPClient().fetch(HTTPRequest(page_url, request_timeout=timeout, connect_timeout=timeout))
    match = TOKEN_PATTERN.search(response.body.decode("utf-8", errors="replace"))
    if match is None:
        raise ProtocolError(f"no session token in the page {page_url}")
    return match.group(1)


def walk_models(value: Any) -> Iterator[dict[str, Any]]:
    """Every model written out in full inside a serialised value (``{"type": "object", "id", "attributes"}``).

    Bokeh writes a model in full the first time it appears in a message and as ``{"id": ...}``
    afterwards, so walking every document or patch once sees each model once.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("type") == "object" and "id" in item and "attributes" in item:
                yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


class BokehConnection:
    """One session websocket: send and receive whole protocol messages.

    Use :meth:`open` to create one.
    """

    def __init__(self, ws: WebSocketClientConnection) -> None:
        self.ws = ws
        self.bytes_received = 0

    @classmethod
    async def open(cls, page_url: str, token: str, timeout: float = 60.0, compression: bool = True,
                   nodelay: bool = os.environ.get("BOKEH_CLIENT_NODELAY", "1") != "0") -> BokehConnection:
        """Connect the websocket of ``page_url``'s session with its ``token`` and read the ``ACK``.

        Parameters
        ----------
        page_url : str
            The page the token came from (its query is passed on, as BokehJS does).
        token : str
            From :func:`fetch_token`.
        timeout : float
            Connect timeout in seconds.
        compression : bool
            Negotiate per-message deflate (browsers do).
        nodelay : bool
            Disable Nagle's algorithm on the socket, as browsers do.

        """
        request = HTTPRequest(websocket_url(page_url), headers={"Origin": origin_of(page_url)},
                              connect_timeout=timeout, request_timeout=timeout)
        ws = await websocket_connect(request, subprotocols=["bokeh", token], max_message_size=MAX_MESSAGE_BYTES,
                                     compression_options={} if compression else None)
        if nodelay and ws.protocol is not None:
            ws.protocol.set_nodelay(True)  # browsers send small frames at once (TCP_NODELAY)
        conn = cls(ws)
        ack = await conn.read()
        if ack.msgtype != "ACK":
            conn.close()
            raise ProtocolError(f"expected ACK, got {ack.msgtype}")
        return conn

    async def _fragment(self) -> str | bytes:
        fragment = await self.ws.read_message()
        if fragment is None:
            code, reason = self.ws.close_code, self.ws.close_reason
            raise ProtocolError(f"the server closed the websocket (code {code}, {reason!r})")
        self.bytes_received += len(fragment)
        return fragment

    async def _text(self) -> str:
        fragment = await self._fragment()
        if not isinstance(fragment, str):
            raise ProtocolError("expected a text frame, got a binary frame")
        return fragment

    async def read(self) -> Message:
        """Read the next whole message (buffers are read and counted, not kept)."""
        header = json.loads(await self._text())
        await self._text()  # metadata
        content = json.loads(await self._text())
        buffer_bytes = 0
        for _ in range(int(header.get("num_buffers", 0) or 0)):
            await self._text()  # buffer header {"id": ...}
            payload = await self._fragment()
            if isinstance(payload, str):
                raise ProtocolError("expected a binary buffer, got a text frame")
            buffer_bytes += len(payload)
        return Message(header["msgtype"], header, content, buffer_bytes)

    async def send(self, msgtype: str, content: dict[str, Any]) -> str:
        """Send a message without buffers; return its ``msgid`` (the server's ``OK`` carries it as ``reqid``)."""
        msgid = f"load{next(_ids)}"
        await self.ws.write_message(json.dumps({"msgid": msgid, "msgtype": msgtype}))
        await self.ws.write_message("{}")
        await self.ws.write_message(json.dumps(content))
        return msgid

    async def patch(self, events: list[dict[str, Any]]) -> str:
        """Send a ``PATCH-DOC`` with ``events``; return its ``msgid``."""
        return await self.send("PATCH-DOC", {"events": events})

    async def pull_document(self) -> dict[str, Any]:
        """Ask for the document (``PULL-DOC-REQ``) and return the ``doc`` of the reply.

        Messages that arrive before the reply are skipped.
        """
        await self.send("PULL-DOC-REQ", {})
        while True:
            message = await self.read()
            if message.msgtype == "PULL-DOC-REPLY":
                return message.content["doc"]
            if message.msgtype == "ERROR":
                raise ProtocolError(f"server error: {message.content.get('text')}")

    def close(self) -> None:
        """Close the websocket (as closing the browser tab does)."""
        self.ws.close()


def model_changed(model_id: str, attr: str, new: Any) -> dict[str, Any]:
    """The ``ModelChanged`` event BokehJS sends when a property of a model changes in the browser."""
    return {"kind": "ModelChanged", "model": {"id": model_id}, "attr": attr, "new": new}


def bokeh_event(name: str) -> dict[str, Any]:
    """A bokeh event without values (``document_ready`` is sent once the page is rendered)."""
    return {"kind": "MessageSent", "msg_type": "bokeh_event",
            "msg_data": {"type": "event", "name": name, "values": {"type": "map"}}}
