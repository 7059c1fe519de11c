"""A closed tab's session is discarded at the server's next check, not 15 s later.

The app is served in this process by the same ``pn.serve`` call and options as ``glute-viewer
serve`` (:func:`viewer.app.serve.server_options`), on a free 127.0.0.1 port, with its tornado
loop in a thread; the sessions are real websocket sessions of the load script's client.
"""

from __future__ import annotations

import asyncio
import random
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import load_sessions as ls  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Any, str]]:
    """``(bokeh server, url)`` of the app in this process; stopped at teardown."""
    import panel as pn
    from tornado.ioloop import IOLoop

    from viewer.app.builder import build_app
    from viewer.app.serve import server_options

    ready = threading.Event()
    box: dict[str, Any] = {}

    def run() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        options = server_options()
        options.pop("num_procs")
        server = pn.serve({"/": build_app}, port=0, address="127.0.0.1", show=False, start=False,
                          location=True, **options)
        box["server"] = server
        server.start()
        ready.set()
        IOLoop.current().start()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(60), "the server did not start"
    server = box["server"]
    yield server, f"http://127.0.0.1:{server.port}/"
    server.io_loop.add_callback(server.io_loop.stop)
    thread.join(10)


def sessions(server: Any) -> dict[str, Any]:
    """The server's live sessions by id."""
    return {s.id: s for s in server._tornado.get_sessions("/")}  # noqa: SLF001 - the server's own registry


def test_a_closed_tab_is_expired_at_once_and_an_open_one_stays(served: tuple[Any, str]) -> None:
    from viewer.app.memory import COLLECTOR

    server, url = served
    stats = ls.Stats()
    ended = COLLECTOR.ended

    async def scenario() -> None:
        before = set(sessions(server))
        kept, closed = await ls.open_sessions(url, 2, stats, random.Random(0), 2, 30.0, True)
        mine = {k: v for k, v in sessions(server).items() if k not in before}
        assert len(mine) == 2
        await closed.close()
        # Bokeh would keep it 15 s (unused_session_lifetime); expired, it goes at the next check
        for _ in range(300):
            if len(set(mine) & set(sessions(server))) == 1:
                break
            await asyncio.sleep(0.1)
        left = set(mine) & set(sessions(server))
        assert len(left) == 1, f"{len(left)} of the 2 sessions left 30 s after one tab closed"
        gone = (set(mine) - left).pop()
        assert mine[gone].expiration_requested and not mine[left.pop()].expiration_requested
        assert COLLECTOR.ended == ended + 1  # counted for the next full collection (viewer/app/memory.py)
        await kept.select("glmed1_r")  # the open tab still works
        assert stats.selection_echoes == 1
        await kept.close()

    with ThreadPoolExecutor(max_workers=1) as pool:  # other tests leave an event loop in this thread
        pool.submit(asyncio.run, scenario()).result()
    assert stats.error_count == 0, stats.error_samples
