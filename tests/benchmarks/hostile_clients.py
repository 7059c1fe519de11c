"""Print what hostile websocket clients cost the served app: memory, the other sessions, the log.

Starts ``glute-viewer serve`` on a free loopback port and, with the raw Bokeh-protocol client of
``tests/security/bokeh_wire.py``, runs the attacks of ``tests/security/test_hostile_messages.py``
once each, printing for each: the server's peak memory growth during it, the seconds until the
server closed the attacking connection, a bystander session's PULL-DOC round trip right after it,
and the log bytes written. The tests assert bounds; this prints the figures
(docs/explanation/security.md)::

    python tests/benchmarks/hostile_clients.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(TESTS / "security"), str(TESTS / "e2e")]

from bokeh_wire import changed, deflate_bomb, encode_frame  # noqa: E402
from hostile_harness import Session, open_session, outcome  # noqa: E402
from served import log_size, start_app  # noqa: E402
from server_memory import PeakMemory  # noqa: E402

from viewer.app.wire_limits import KIB, MIB  # noqa: E402

PART = "glmed1_r"


def plain_8mib(target: Session) -> None:
    with target.attack() as wire:
        outcome(wire, wire.send("PATCH-DOC", {"events": [changed(target.scene_id, "hovered", "h" * 8 * MIB)]}))


def bomb_512mib(target: Session) -> None:
    with target.attack(compress=True) as wire:
        wire.send_raw(encode_frame(0x1, deflate_bomb(512), rsv1=True))
        outcome(wire, None)


def buffers_1e9(target: Session) -> None:
    with target.attack(compress=True) as wire:
        wire.send("PATCH-DOC", {"events": []}, num_buffers=10**9)
        for i in range(400):
            if not (wire.send_text(json.dumps({"id": str(i)})) and wire.send_binary(bytes(256 * KIB))):
                break
        outcome(wire, None)


def flood_2000(target: Session) -> None:
    with target.attack() as wire:
        for i in range(2000):
            content = json.dumps({"events": [changed(target.scene_id, "hovered", PART if i % 2 else "")]})
            if not (wire.send_text(json.dumps({"msgid": f"f{i}", "msgtype": "PATCH-DOC"}))
                    and wire.send_text("{}") and wire.send_text(content)):
                break
        wire.wait_closed(30)


def refused_200x60kib(target: Session) -> None:
    for _ in range(200):
        with target.attack() as wire:
            try:
                outcome(wire, wire.send("PATCH-DOC", {"events": [changed(target.scene_id, "frame", "x" * 60 * KIB)]}))
            except AssertionError:
                pass


ATTACKS: dict[str, Callable[[Session], None]] = {
    "8 MiB message": plain_8mib,
    "deflate bomb (512 MiB inflated)": bomb_512mib,
    "10^9 announced buffers + 400 x 256 KiB": buffers_1e9,
    "flood of 2000 valid messages": flood_2000,
    "200 connections x refused 60 KiB value": refused_200x60kib,
}


def main() -> int:
    """Run each attack once against a fresh server and print a table."""
    with tempfile.TemporaryDirectory() as tmp:
        server = start_app(Path(tmp) / "serve.log")
        try:
            bystander = open_session(server)
            print("| attack | peak memory growth | closed after | bystander round trip | log written |")
            print("|---|---|---|---|---|")
            for name, attack in ATTACKS.items():
                target = open_session(server)
                offset = log_size(server)
                with PeakMemory(server.proc.pid) as memory:
                    start = time.monotonic()
                    attack(target)
                    closed = time.monotonic() - start
                t0 = time.monotonic()
                bystander.wire.pull_doc(timeout=60)
                round_trip = time.monotonic() - t0
                logged = log_size(server) - offset
                print(f"| {name} | {memory.growth / MIB:.1f} MiB | {closed:.2f} s | {round_trip * 1000:.0f} ms "
                      f"| {logged:,} B |")
                target.wire.close()
            assert server.proc.poll() is None, "the server ended"
        finally:
            server.stop()
    return 0




if __name__ == "__main__":
    raise SystemExit(main())
