"""``glute-viewer serve``: start the web app on a Bokeh/Panel server.

Loopback (127.0.0.1) by default; pass ``--address 0.0.0.0`` and
``--allow-websocket-origin HOST[:PORT]`` to reach it from other machines.
HTTP responses (static files included) are gzip-compressed and websocket
messages use per-message deflate, which matters on a poor clinic wifi.

Hostile clients are held to :mod:`viewer.app.wire_limits`: small websocket messages checked
before Bokeh sees them (:mod:`viewer.app.wire_guard`), pings that discard the sessions of
peers that stopped answering, short HTTP header and body timeouts, ``/components/`` closed
(:mod:`viewer.app.routes`) and a log that cannot be flooded (:mod:`viewer.app.log_limits`).
"""

from __future__ import annotations

import argparse
import logging
from typing import Any, Final

from viewer.app import wire_limits as limits
from viewer.app.process import CHECK_MS
from viewer.app.routes import closed_route_patterns
from viewer.errors import UsageError

DEFAULT_PORT: Final = 5006
DEFAULT_ADDRESS: Final = "127.0.0.1"
WEBSOCKET_COMPRESSION_LEVEL: Final = 6
WEBSOCKET_COMPRESSION_MEM_LEVEL: Final = 5
"""zlib memLevel of each connection's compressor: 8 takes 256 KB per session, 5 takes 144 KB and
compresses the payloads as well (measured: 77.9 KB against 78.7 KB for the first view)."""
PAGE_TITLE: Final = "Gluteal muscles viewer"
CHECK_UNUSED_MS: Final = CHECK_MS
"""How often the server discards unused sessions (Bokeh's default 17 s): a closed tab's session
goes at the next check (:func:`viewer.app.builder.expire_session`), and the discards come a few
at a time instead of dozens at once."""

log = logging.getLogger(__name__)


def add_serve_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``serve`` command to the ``glute-viewer`` parser.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        From ``parser.add_subparsers()`` in :mod:`viewer.cli`.

    Returns
    -------
    argparse.ArgumentParser
        The ``serve`` sub-parser.

    """
    p = subparsers.add_parser("serve", help="start the web app (loopback 127.0.0.1 by default)",
                              description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    p.add_argument("--address", default=DEFAULT_ADDRESS, help=f"address to bind (default {DEFAULT_ADDRESS})")
    p.add_argument("--show", action=argparse.BooleanOptionalAction, default=False,
                   help="open a browser tab once the server runs (default --no-show)")
    p.add_argument("--allow-websocket-origin", action="append", default=[], metavar="HOST[:PORT]",
                   help="extra host allowed to open the websocket (repeatable); the bound address and "
                        "localhost on the same port are always allowed")
    p.add_argument("--num-procs", type=int, default=1, help="worker processes (default 1)")
    p.set_defaults(func=run_serve)
    return p


def websocket_origins(address: str, port: int, extra: list[str]) -> list[str]:
    """Origins allowed to open the session websocket: the bound address, localhost, and ``extra``."""
    hosts = [address] if address not in ("0.0.0.0", "::", "") else []
    hosts += ["localhost", "127.0.0.1"]
    origins = [f"{h}:{port}" for h in dict.fromkeys(hosts)]
    return list(dict.fromkeys(origins + list(extra)))


PARENT_CHECK_MS = 1000
"""How often a forked worker checks that the parent server process still runs."""


def server_options(num_procs: int = 1) -> dict[str, Any]:
    """Keyword arguments for the Bokeh server: compression, worker count and the client limits.

    ``websocket_max_message_size`` also bounds per-message-deflate inflation (tornado stops
    inflating past it and closes the connection with 1009); ``websocket_ping_*`` close the
    connections of peers that stopped answering, whose sessions are then discarded as a closed
    tab's; the HTTP server's timeouts and sizes end half-sent requests.
    """
    return {
        "compress_response": True,
        "websocket_compression_level": WEBSOCKET_COMPRESSION_LEVEL,
        "websocket_compression_mem_level": WEBSOCKET_COMPRESSION_MEM_LEVEL,
        "num_procs": num_procs,
        "check_unused_sessions_milliseconds": CHECK_UNUSED_MS,
        "websocket_max_message_size": limits.MAX_MESSAGE_BYTES,
        "websocket_ping_interval": limits.PING_INTERVAL_S,
        "websocket_ping_timeout": limits.PING_TIMEOUT_S,
        "http_server_kwargs": {
            "idle_connection_timeout": limits.HEADER_TIMEOUT_S,
            "body_timeout": limits.BODY_TIMEOUT_S,
            "max_header_size": limits.MAX_HEADER_BYTES,
            "max_body_size": limits.MAX_BODY_BYTES,
        },
        "extra_patterns": closed_route_patterns(),
    }


def serve(port: int = DEFAULT_PORT, address: str = DEFAULT_ADDRESS, show: bool = False,
          allow_websocket_origin: list[str] | None = None, num_procs: int = 1) -> None:
    """Serve the app until interrupted (blocking).

    Parameters
    ----------
    port : int
        TCP port.
    address : str
        Address to bind; ``127.0.0.1`` keeps it on this machine.
    show : bool
        Open a browser tab.
    allow_websocket_origin : list of str, optional
        Extra ``host[:port]`` origins allowed to connect.
    num_procs : int
        Worker processes (Bokeh forks after binding the port).

    """
    import panel as pn

    from viewer.app.builder import build_app
    from viewer.app.process import prepare_process, start_process_tasks
    from viewer.app.wire_guard import guard_websockets

    if num_procs < 1:
        raise ValueError(f"--num-procs must be at least 1, got {num_procs}")
    prepare_process()
    server = pn.serve(
        {"/": build_app},
        port=port,
        address=address,
        show=show,
        websocket_origin=websocket_origins(address, port, allow_websocket_origin or []),
        title=PAGE_TITLE,
        start=False,
        location=True,
        **server_options(num_procs),
    )
    guard_websockets(server._tornado)  # Bokeh takes no handler class: swap it in the built routes
    # with num_procs > 1 Bokeh forks inside pn.serve: only the workers get here (tornado's parent
    # waits on them); they stop when the parent is gone, so stopping the parent stops them all
    if num_procs > 1:
        exit_with_parent(server)
    start_process_tasks()
    server.start()
    server.io_loop.start()


def exit_with_parent(server: Any) -> None:
    """Stop ``server``'s loop (in a forked worker) once its parent process has ended."""
    import os

    from tornado.ioloop import PeriodicCallback

    parent = os.getppid()

    def check() -> None:
        if os.getppid() != parent:
            server.io_loop.stop()

    PeriodicCallback(check, PARENT_CHECK_MS).start()


def run_serve(args: argparse.Namespace) -> dict[str, Any]:
    """CLI handler of ``glute-viewer serve``.

    Raises
    ------
    UsageError
        For a bad port or worker count (the CLI prints it as one line, exit code 2).

    """
    if args.num_procs < 1:
        raise UsageError(f"--num-procs must be at least 1, got {args.num_procs}")
    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port must be 1..65535, got {args.port}")
    print(f"glute-viewer: serving on http://{args.address}:{args.port}/ (Ctrl+C to stop)", flush=True)
    serve(port=args.port, address=args.address, show=args.show,
          allow_websocket_origin=args.allow_websocket_origin, num_procs=args.num_procs)
    return {}
