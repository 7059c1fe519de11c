"""Load the served viewer with many real websocket sessions (loopback only). Prints figures; never a test.

Run: ``python tests/benchmarks/load_sessions.py [--sessions 200] [--actions 10] [--think 5]``
and the soak: ``python tests/benchmarks/load_sessions.py --soak 600 [--churn 1000] [--sessions 200]``.

It starts ``glute-viewer serve`` itself on a free 127.0.0.1 port (``python -m viewer.cli serve``,
killed at the end), or uses ``--url`` of a server already running on this machine. Each
session is what a browser tab does on the wire, without a browser
(:mod:`bokeh_client`): ``GET`` the page, open the session websocket, pull the document,
send ``document_ready`` (the app then adds its sidebar), and then, every ``--think`` seconds
on average (uniform 0.5x to 1.5x), one user action:

- select a part: the ``ModelChanged`` of the ``GluteScene`` model's ``selected`` that a click
  in the 3D view sends; its echo is the server's patch of the info card's ``html``
  (``Actions.select`` -> ``state.selected`` -> card), checked to name the part's muscle and side;
- every ``--motion-every``-th action, switch the motion: the ``ModelChanged`` of the motion
  ``Select``'s ``value``; its echo is the server's patch of the component's ``motion`` bytes.

Latency is from sending the change to reading its echo in the same session (so it includes
the load client's own event loop, which shares this machine's cores with the server).

Load mode: open ``--sessions`` sessions (``--open-concurrency`` at a time), hold them all
while each makes ``--actions`` actions, close them. Prints sessions opened, p50/p95/max
latency of selections and motion switches, the server's RSS (``/proc/<pid>/status`` VmRSS)
idle and with every session open, CPU seconds of server and client, and errors.

Soak mode (``--soak SECONDS``): open ``--sessions`` sessions, warm up (every session selects
and switches motion once, so every motion is computed once), then for SECONDS keep them
busy while closing one session and opening a new one ``--churn`` times at an even pace (about
``--sessions`` stay connected; at most ``--open-concurrency`` replacements at once, so a slow
server makes the churn fall behind: the churned count is printed); then wait ``--settle``
seconds with the sessions idle (the server discards closed sessions after its unused-session
lifetime) and compare the RSS with the one after the warm-up. Prints memory at start and end
and the growth in %, the latencies over the soak, and errors.

Memory and CPU are those of the server's process tree (its ``--num-procs`` workers included).

Targets of issue 6: 200 sessions held, p95 <= 100 ms, memory growth <= 10 % over the soak,
0 errors. The figures depend on this machine's load: the load average is printed beside them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import ipaddress
import os
import random
import re
import shlex
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import numpy as np
from tornado.websocket import WebSocketClosedError

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from bokeh_client import (  # noqa: E402
    BokehConnection,
    Message,
    ProtocolError,
    bokeh_event,
    fetch_token,
    model_changed,
    walk_models,
)
from e2e_harness import AppServer  # noqa: E402

CARD_CLASS: Final = "info-card"
MOTION_CLASS: Final = "motion-select"
PART_CLASS: Final = "part-select"
SCENE_MODEL: Final = re.compile(r"^GluteScene\d*$")
MUSCLE_WORDS: Final = {"glmax": "maximus", "glmed": "medius", "glmin": "minimus"}
SIDE_WORDS: Final = {"r": "(right)", "l": "(left)"}
SETTLE_S: Final = 45.0
"""Default wait before the soak's last memory reading: Bokeh discards a closed session once it
has been unused for 15 s, checking every 17 s, so after 32 s every churned session is gone."""
LOOPBACK_NAMES: Final = ("localhost",)


# -- the server ---------------------------------------------------------------------------------
class LoadServer(AppServer):
    """``python -m viewer.cli serve`` of this checkout on a free 127.0.0.1 port, dying with this script.

    Parameters
    ----------
    log_path : Path
        File receiving the server's output.
    extra_args : list of str, optional
        More ``serve`` arguments.

    """

    def command(self) -> list[str]:
        """Always the code of this checkout (not an installed console script)."""
        return [sys.executable, "-m", "viewer.cli", "serve", "--port", str(self.port), "--address", "127.0.0.1",
                "--no-show", *self.extra_args]

    def popen_options(self) -> dict[str, Any]:
        """Have the server killed if this process dies first."""
        return {"preexec_fn": _die_with_parent}

    def stop(self) -> None:
        """Terminate the server and its ``--num-procs`` workers (forked children outlive their parent)."""
        if self.proc is None:
            return
        workers = [p for p in process_tree(self.proc.pid) if p != self.proc.pid]
        super().stop()
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while workers and time.monotonic() < deadline:
            workers = [p for p in workers if Path(f"/proc/{p}").exists() and not _is_zombie(p)]
            time.sleep(0.1)
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM when the parent dies (Linux ``prctl(PR_SET_PDEATHSIG)``)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (the workers of ``--num-procs N`` are forked children), from ``/proc``."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo += children.get(p, [])
    return tree


def rss_bytes(pid: int | None) -> int | None:
    """Resident memory (VmRSS) of ``pid`` and its descendants, from ``/proc``; ``None`` if unknown."""
    if pid is None or not Path(f"/proc/{pid}").exists():
        return None
    total = 0
    for p in process_tree(pid):
        with contextlib.suppress(OSError, IndexError, ValueError):
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds of ``pid`` and its descendants, from ``/proc/<pid>/stat``; ``None`` if unknown."""
    if pid is None or not Path(f"/proc/{pid}").exists():
        return None
    total = 0.0
    for p in process_tree(pid):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def listening_pid(port: int) -> int | None:
    """The process listening on TCP ``port`` of this machine (via /proc/net/tcp*), if this user can see it."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                cols = line.split()
                if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:  # 0A = LISTEN
                    inodes.add(cols[9])
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        with contextlib.suppress(OSError):
            for fd in fd_dir.iterdir():
                with contextlib.suppress(OSError):
                    link = os.readlink(fd)
                    if link.startswith("socket:[") and link[8:-1] in inodes:
                        return int(fd_dir.parent.name)
    return None


def check_loopback(url: str) -> None:
    """Refuse a ``--url`` that is not on this machine (this script only loads loopback servers)."""
    host = urlsplit(url).hostname or ""
    if host in LOOPBACK_NAMES:
        return
    try:
        if ipaddress.ip_address(host).is_loopback:
            return
    except ValueError:
        pass
    raise SystemExit(f"--url must be a loopback address (127.0.0.1, ::1, localhost), got {host!r}")


def load_average() -> str:
    """The 1, 5 and 15-minute load averages and the core count."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


# -- the figures ---------------------------------------------------------------------------------
@dataclass
class Stats:
    """What every session of one run counted.

    Attributes
    ----------
    requested : int
        Sessions the run was asked to open (the held ones plus the churned ones).
    opened, closed, churned : int
        Sessions that reached the ready state; sessions closed by the script; sessions the soak
        closed and replaced while it ran.
    selections, selection_echoes : int
        Selections sent; info-card patches received for them.
    motions, motion_echoes : int
        Motion switches sent; ``motion`` patches received for them.
    selection_ms, motion_ms, open_s : list of float
        Latencies (ms) of each echo; seconds from ``GET`` to a session ready to act.
    first_selection_ms : list of float
        The latency of each session's first selection (also in ``selection_ms``): the app may
        do first-time work then (it builds its plots at the first selection).
    errors : Counter
        Count per kind; ``error_samples`` keeps the first few messages.
    bytes_received : int
        Websocket payload bytes received by all sessions (after per-message inflate).

    """

    requested: int = 0
    opened: int = 0
    closed: int = 0
    churned: int = 0
    selections: int = 0
    selection_echoes: int = 0
    motions: int = 0
    motion_echoes: int = 0
    selection_ms: list[float] = field(default_factory=list)
    motion_ms: list[float] = field(default_factory=list)
    first_selection_ms: list[float] = field(default_factory=list)
    open_s: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    bytes_received: int = 0

    def error(self, kind: str, detail: object = "") -> None:
        """Count an error of ``kind``; keep its message if it is among the first ten."""
        self.errors[kind] += 1
        if len(self.error_samples) < 10:
            self.error_samples.append(f"{kind}: {detail}"[:300])

    @property
    def error_count(self) -> int:
        """All errors."""
        return sum(self.errors.values())


def percentiles(values: Sequence[float]) -> str:
    """``p50 x, p95 y, max z`` of ``values`` (``n/a`` when empty)."""
    if not values:
        return "p50 n/a, p95 n/a, max n/a"
    p50, p95 = np.percentile(values, [50, 95])
    return f"p50 {p50:.1f}, p95 {p95:.1f}, max {max(values):.1f}"


def mib(n: int | None) -> str:
    """Bytes as ``123.4 MiB`` (``n/a`` when unknown)."""
    return "n/a" if n is None else f"{n / 2**20:.1f} MiB"


# -- one session ---------------------------------------------------------------------------------
class ViewerSession:
    """One browser tab of the viewer, on the wire.

    Parameters
    ----------
    url : str
        The page (``http://127.0.0.1:PORT/``).
    stats : Stats
        Shared counters of the run.
    rng : random.Random
        Chooses parts, motions and think times.
    echo_timeout : float
        Seconds to wait for an echo (or for the sidebar) before counting an error.
    compression : bool
        Negotiate per-message deflate, as browsers do.

    """

    def __init__(self, url: str, stats: Stats, rng: random.Random, echo_timeout: float = 10.0,
                 compression: bool = True) -> None:
        self.url = url
        self.stats = stats
        self.rng = rng
        self.echo_timeout = echo_timeout
        self.compression = compression
        self.conn: BokehConnection | None = None
        self.models: dict[str, dict[str, Any]] = {}
        self.card_id: str | None = None
        self.scene_id: str | None = None
        self.motion_select: dict[str, Any] | None = None
        self.parts: list[str] = []
        self.motions: list[str] = []
        self.selected = ""
        self.motion = ""
        self.ready = False
        self.closing = False
        self.reader: asyncio.Task | None = None
        self.stopping = asyncio.Event()
        """Set to end :meth:`run` after the action under way."""
        self.sidebar = asyncio.get_running_loop().create_future()
        self.waiting: tuple[Callable[[dict[str, Any]], bool], asyncio.Future] | None = None

    # -- opening ------------------------------------------------------------------------------
    async def open(self) -> None:
        """``GET`` the page, connect, pull the document, send ``document_ready`` and wait for the sidebar."""
        t0 = time.perf_counter()
        token = await fetch_token(self.url)
        self.conn = await BokehConnection.open(self.url, token, compression=self.compression)
        doc = await self.conn.pull_document()
        self._index(doc)
        card = self._by_class(CARD_CLASS)
        if card is None or self.scene_id is None:
            raise ProtocolError("the document has no info card or no GluteScene model")
        self.card_id = card["attributes"]["data"]["id"]
        self.reader = asyncio.create_task(self._read())
        await self.conn.patch([bokeh_event("document_ready")])
        await asyncio.wait_for(asyncio.shield(self.sidebar), self.echo_timeout)
        self.stats.open_s.append(time.perf_counter() - t0)
        self.stats.opened += 1
        self.ready = True

    def _index(self, value: Any) -> None:
        for model in walk_models(value):
            self.models[model["id"]] = model
            if self.scene_id is None and (SCENE_MODEL.match(model.get("name", ""))
                                          or "assets_index" in model["attributes"]):
                self.scene_id = model["id"]

    def _by_class(self, css_class: str) -> dict[str, Any] | None:
        for model in self.models.values():
            if css_class in (model["attributes"].get("css_classes") or []):
                return model
        return None

    def _sidebar_arrived(self) -> None:
        motion, part = self._by_class(MOTION_CLASS), self._by_class(PART_CLASS)
        if motion is None or part is None:
            return
        self.motion_select = motion
        self.motions = option_values(motion["attributes"].get("options", []))
        self.motion = motion["attributes"].get("value", self.motions[0] if self.motions else "")
        self.parts = [p for p in option_values(part["attributes"].get("options", [])) if p]
        if not self.motions or not self.parts:
            self.sidebar.set_exception(ProtocolError("the motion or part select has no options"))
        else:
            self.sidebar.set_result(True)

    # -- reading ------------------------------------------------------------------------------
    async def _read(self) -> None:
        assert self.conn is not None
        try:
            while True:
                message = await self.conn.read()
                self._dispatch(message)
        except (ProtocolError, OSError, ValueError, KeyError) as exc:
            if not self.closing:
                self.stats.error("disconnected", exc)
                self._fail(exc)

    def _dispatch(self, message: Message) -> None:
        if message.msgtype == "ERROR":
            self.stats.error("server ERROR message", message.content.get("text"))
        elif message.msgtype == "PATCH-DOC":
            if not self.sidebar.done():
                self._index(message.content)
                self._sidebar_arrived()
            if self.waiting is not None:
                accept, future = self.waiting
                for event in message.content.get("events", []):
                    if not future.done() and accept(event):
                        future.set_result(time.perf_counter())

    def _fail(self, exc: BaseException) -> None:
        if not self.sidebar.done():
            self.sidebar.set_exception(exc)
        if self.waiting is not None and not self.waiting[1].done():
            self.waiting[1].set_exception(exc)

    async def _change(self, model_id: str, attr: str, value: Any,
                      accept: Callable[[dict[str, Any]], bool]) -> float:
        """Send one property change and return the ms until an event accepted by ``accept`` arrives."""
        assert self.conn is not None
        future = asyncio.get_running_loop().create_future()
        self.waiting = (accept, future)
        try:
            t0 = time.perf_counter()
            await self.conn.patch([model_changed(model_id, attr, value)])
            t1 = await asyncio.wait_for(future, self.echo_timeout)
            return (t1 - t0) * 1000
        finally:
            self.waiting = None

    # -- actions ------------------------------------------------------------------------------
    async def select(self, part: str) -> None:
        """Select ``part`` as a click in the 3D view does; wait for the info card to show it."""
        words = (MUSCLE_WORDS[part[:5]], SIDE_WORDS[part[-1]])

        def card_shows_part(event: dict[str, Any]) -> bool:
            return (event.get("kind") == "ModelChanged" and event.get("model", {}).get("id") == self.card_id
                    and event.get("attr") == "html" and all(w in str(event.get("new", "")).lower() for w in words))

        self.stats.selections += 1
        try:
            ms = await self._change(self.scene_id, "selected", part, card_shows_part)
        except TimeoutError:
            self.stats.error("selection echo timeout", f"{part} after {self.echo_timeout:g} s")
            return
        if not self.selected:
            self.stats.first_selection_ms.append(ms)
        self.selected = part
        self.stats.selection_echoes += 1
        self.stats.selection_ms.append(ms)

    async def switch_motion(self, motion: str) -> None:
        """Choose ``motion`` in the sidebar's select; wait for the component's new motion data."""
        assert self.motion_select is not None

        def motion_arrives(event: dict[str, Any]) -> bool:
            return (event.get("kind") == "ModelChanged" and event.get("model", {}).get("id") == self.scene_id
                    and event.get("attr") == "motion")

        self.stats.motions += 1
        try:
            ms = await self._change(self.motion_select["id"], "value", motion, motion_arrives)
        except TimeoutError:
            self.stats.error("motion echo timeout", f"{motion} after {self.echo_timeout:g} s")
            return
        self.motion = motion
        self.stats.motion_echoes += 1
        self.stats.motion_ms.append(ms)

    async def act(self, n: int, motion_every: int, motion: str | None = None) -> None:
        """Action number ``n``: a motion switch every ``motion_every``-th action, else a selection."""
        if motion_every > 0 and n % motion_every == motion_every - 1:
            await self.switch_motion(motion or self.rng.choice([m for m in self.motions if m != self.motion]))
        else:
            await self.select(self.rng.choice([p for p in self.parts if p != self.selected]))

    async def run(self, think: float, actions: int | None, motion_every: int) -> None:
        """Act every ``think`` seconds on average until :attr:`stopping` is set or ``actions`` were made.

        An action under way when :attr:`stopping` is set is finished (its echo awaited) first.
        """
        n = 0
        while not self.stopping.is_set() and (actions is None or n < actions) and not self.broken:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), think * self.rng.uniform(0.5, 1.5))
            if self.stopping.is_set() or self.broken:
                break
            try:
                await self.act(n, motion_every)
            except (ProtocolError, OSError, WebSocketClosedError) as exc:
                self.stats.error("send failed", exc)
                break
            n += 1

    @property
    def broken(self) -> bool:
        """The connection ended without :meth:`close`."""
        return self.reader is not None and self.reader.done() and not self.closing

    async def close(self) -> None:
        """Close the websocket, as closing the tab does."""
        self.closing = True
        if self.conn is not None:
            self.stats.bytes_received += self.conn.bytes_received
            self.conn.close()
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.reader
        if self.ready:
            self.stats.closed += 1
            self.ready = False


def option_values(options: Any) -> list[str]:
    """Values of a Select's ``options``: strings, ``[value, label]`` pairs, or groups (``{"type": "map"}``)."""
    if isinstance(options, dict):
        groups = options.get("entries", [])
        return [v for _name, group in groups for v in option_values(group)]
    return [o[0] if isinstance(o, list) else o for o in options]


async def open_sessions(url: str, n: int, stats: Stats, rng: random.Random, concurrency: int,
                        echo_timeout: float, compression: bool) -> list[ViewerSession]:
    """Open ``n`` sessions, ``concurrency`` at a time; failed ones are counted as errors and left out."""
    gate = asyncio.Semaphore(concurrency)

    async def one() -> ViewerSession | None:
        async with gate:
            session = ViewerSession(url, stats, random.Random(rng.random()), echo_timeout, compression)
            try:
                await session.open()
                return session
            except Exception as exc:  # noqa: BLE001 - every failure is a counted error
                stats.error(f"open: {type(exc).__name__}", exc)
                await session.close()
                return None

    stats.requested += n
    return [s for s in await asyncio.gather(*(one() for _ in range(n))) if s is not None]


# -- the two modes -------------------------------------------------------------------------------
@dataclass
class Options:
    """Settings of a run (see ``--help``)."""

    sessions: int = 200
    actions: int = 10
    think: float = 5.0
    motion_every: int = 5
    open_concurrency: int = 8
    echo_timeout: float = 10.0
    compression: bool = True
    soak: float | None = None
    churn: int = 1000
    settle: float = SETTLE_S
    seed: int = 6


@dataclass
class Report:
    """The figures of a run and the printed lines."""

    stats: Stats
    pid: int | None = None
    lines: list[str] = field(default_factory=list)
    rss: dict[str, int | None] = field(default_factory=dict)
    growth_pct: float | None = None

    def say(self, line: str) -> None:
        """Print ``line`` and keep it."""
        print(line, flush=True)
        self.lines.append(line)

    @property
    def text(self) -> str:
        """Every printed line."""
        return "\n".join(self.lines)


def _latency_lines(report: Report, think: float, seconds: float, sessions: int) -> None:
    s = report.stats
    report.say(f"selection -> info card echo: {s.selections} selections, {s.selection_echoes} echoes; latency ms "
               f"{percentiles(s.selection_ms)} (goal p95 <= 100 ms)")
    if s.first_selection_ms:
        report.say(f"  of which the first selection of each session: {len(s.first_selection_ms)} echoes; latency ms "
                   f"{percentiles(s.first_selection_ms)}")
    report.say(f"motion switch -> motion data echo: {s.motions} switches, {s.motion_echoes} echoes; latency ms "
               f"{percentiles(s.motion_ms)}")
    rate = (s.selections + s.motions) / seconds if seconds > 0 else 0.0
    report.say(f"actions: {rate:.1f} per second over {seconds:.0f} s ({sessions} sessions, one action every "
               f"{think:g} s on average each)")


def _error_lines(report: Report) -> None:
    s = report.stats
    kinds = ", ".join(f"{k} x{v}" for k, v in s.errors.most_common()) or "none"
    report.say(f"errors: {s.error_count} ({kinds})")
    for sample in s.error_samples:
        report.say(f"  error: {sample}")


async def run_load(url: str, opts: Options, pid: int | None) -> Report:
    """Open ``opts.sessions`` sessions, hold them while each makes ``opts.actions`` actions, close them."""
    report = Report(Stats(), pid)
    rng = random.Random(opts.seed)
    report.say(f"start: {load_average()}")
    cpu0, client0 = cpu_seconds(pid), time.process_time()
    report.rss["idle"] = rss_bytes(pid)
    t0 = time.perf_counter()
    sessions = await open_sessions(url, opts.sessions, report.stats, rng, opts.open_concurrency, opts.echo_timeout,
                                   opts.compression)
    opened_s = time.perf_counter() - t0
    s = report.stats
    report.say(f"sessions: {s.opened} opened of {s.requested} requested in {opened_s:.1f} s "
               f"({opts.open_concurrency} at a time); seconds from GET to ready {percentiles(s.open_s)}")
    report.rss["open"] = rss_bytes(pid)
    t1, cpu1 = time.perf_counter(), cpu_seconds(pid)
    await asyncio.gather(*(x.run(opts.think, opts.actions, opts.motion_every) for x in sessions))
    acted_s, cpu2 = time.perf_counter() - t1, cpu_seconds(pid)
    held = sum(not x.broken for x in sessions)
    report.rss["acted"] = rss_bytes(pid)
    report.say(f"sessions held concurrently to the end: {held} of {opts.sessions}")
    _latency_lines(report, opts.think, acted_s, len(sessions))
    actions = s.selections + s.motions
    if cpu1 is not None and cpu2 is not None and actions:
        report.say(f"server cpu: {cpu1 - cpu0:.1f} s to open the sessions ({(cpu1 - cpu0) / max(s.opened, 1):.2f} s "
                   f"each), {cpu2 - cpu1:.1f} s for the actions ({(cpu2 - cpu1) / actions * 1000:.0f} ms each, "
                   f"{(cpu2 - cpu1) / acted_s:.2f} cores)")
    per = ((report.rss["acted"] - report.rss["idle"]) / max(len(sessions), 1)
           if report.rss["idle"] and report.rss["acted"] else None)
    report.say(f"server memory: RSS {mib(report.rss['idle'])} before the sessions, {mib(report.rss['open'])} with "
               f"{len(sessions)} sessions open, {mib(report.rss['acted'])} after their actions"
               + (f" ({per / 2**20:.2f} MiB per session)" if per is not None else ""))
    for x in sessions:
        await x.close()
    _cpu_line(report, cpu0, client0)
    _error_lines(report)
    report.say(f"end: {load_average()}")
    return report


def _cpu_line(report: Report, server0: float | None, client0: float) -> None:
    now = cpu_seconds(report.pid)
    server = now - server0 if now is not None and server0 is not None else None
    client = time.process_time() - client0
    report.say(f"cpu: server {'n/a' if server is None else f'{server:.1f} s'}, this load client {client:.1f} s; "
               f"websocket payloads received {report.stats.bytes_received / 2**20:.1f} MiB (inflated)")


async def run_soak(url: str, opts: Options, pid: int | None) -> Report:
    """Hold ``opts.sessions`` busy sessions for ``opts.soak`` seconds while churning ``opts.churn`` of them."""
    assert opts.soak is not None
    report = Report(Stats(), pid)
    rng = random.Random(opts.seed)
    s = report.stats
    report.say(f"soak start: {load_average()}")
    cpu0, client0 = cpu_seconds(pid), time.process_time()
    report.rss["idle"] = rss_bytes(pid)
    live = await open_sessions(url, opts.sessions, s, rng, opts.open_concurrency, opts.echo_timeout, opts.compression)
    report.say(f"sessions: {s.opened} opened of {s.requested} requested; seconds from GET to ready "
               f"{percentiles(s.open_s)}")
    # warm-up: one selection and one motion switch per session, the motions spread over all sessions,
    # a few sessions at a time (200 changes at once would queue every echo behind all the work)
    gate = asyncio.Semaphore(opts.open_concurrency)

    async def warm(i: int, x: ViewerSession) -> None:
        others = [m for m in x.motions if m != x.motion]
        async with gate:
            await x.select(rng.choice(x.parts))
            await x.switch_motion(others[i % len(others)])

    await asyncio.gather(*(warm(i, x) for i, x in enumerate(live)))
    await asyncio.sleep(2.0)
    report.rss["start"] = rss_bytes(pid)
    report.say(f"soak: memory at start (after {len(live)} sessions opened and warmed up) RSS {mib(report.rss['start'])}"
               f"; idle server before any session {mib(report.rss['idle'])}")
    report.say(f"warm-up: {s.selections} selections ({s.selection_echoes} echoed), {s.motions} motion switches "
               f"({s.motion_echoes} echoed); the counts and latencies below are of the soak only")
    s.selections = s.selection_echoes = s.motions = s.motion_echoes = 0
    s.selection_ms.clear()
    s.first_selection_ms.clear()
    s.motion_ms.clear()
    runs = {x: asyncio.create_task(x.run(opts.think, None, opts.motion_every)) for x in live}
    samples: list[tuple[float, int | None, int]] = []
    opening: set[asyncio.Task] = set()
    churned = 0
    t0 = time.perf_counter()

    async def replace(old: ViewerSession) -> None:
        old.stopping.set()
        await runs.pop(old)
        await old.close()
        new = await open_sessions(url, 1, s, rng, 1, opts.echo_timeout, opts.compression)
        for x in new:
            if stopped:
                await x.close()  # the soak ended while it opened
            else:
                runs[x] = asyncio.create_task(x.run(opts.think, None, opts.motion_every))

    stopped = False
    next_sample = 0.0
    interval = opts.soak / max(opts.churn, 1)
    while True:
        elapsed = time.perf_counter() - t0
        if elapsed >= next_sample:
            samples.append((elapsed, rss_bytes(pid), len(runs)))
            next_sample += max(opts.soak / 20, 1.0)
        if elapsed >= opts.soak:
            break
        if churned < opts.churn and elapsed >= churned * interval and len(opening) < opts.open_concurrency:
            candidates = [x for x, task in runs.items() if not task.done() and x.ready and not x.stopping.is_set()]
            if candidates:
                task = asyncio.create_task(replace(rng.choice(candidates)))
                opening.add(task)
                task.add_done_callback(opening.discard)
                churned += 1
                s.churned += 1
        await asyncio.sleep(min(0.05, interval))
    soak_s = time.perf_counter() - t0
    stopped = True
    for x in runs:
        x.stopping.set()
    if opening:
        await asyncio.gather(*opening)
    await asyncio.gather(*runs.values())
    live = list(runs)
    report.say(f"soak: {soak_s:.0f} s, {churned} sessions churned (closed and replaced by new ones; "
               f"{opts.churn} asked), {sum(not x.broken for x in live)} connected at the end; {load_average()}")
    _latency_lines(report, opts.think, soak_s, opts.sessions)
    report.say(f"soak: waiting {opts.settle:g} s with the sessions idle (the server discards closed sessions)")
    await asyncio.sleep(opts.settle)
    report.rss["end"] = rss_bytes(pid)
    peak = max((r for _t, r, _n in samples if r is not None), default=None)
    curve = ", ".join(f"{t:.0f}s {mib(r)}" for t, r, _n in samples[:: max(len(samples) // 6, 1)])
    report.say(f"soak: memory samples {curve}; peak during the soak {mib(peak)}")
    start, end = report.rss["start"], report.rss["end"]
    growth = (end - start) / start * 100 if start and end else None
    report.say(f"soak: memory at start {mib(start)}, at end {mib(end)}: growth "
               f"{'n/a' if growth is None else f'{growth:+.1f} %'} (goal <= 10 %)")
    report.growth_pct = growth
    for x in live:
        await x.close()
    _cpu_line(report, cpu0, client0)
    _error_lines(report)
    report.say(f"soak end: {load_average()}")
    return report


# -- entry points --------------------------------------------------------------------------------
async def run(url: str, opts: Options, pid: int | None) -> Report:
    """Run the mode ``opts`` asks for against ``url``; bounded by a deadline of its own."""
    from tornado.httpclient import AsyncHTTPClient

    AsyncHTTPClient.configure(None, max_clients=max(opts.open_concurrency * 2, 10))
    if opts.soak is not None:
        deadline = opts.soak + opts.settle + 600 + opts.sessions * 5
        coro = run_soak(url, opts, pid)
    else:
        deadline = 600 + opts.sessions * (5 + opts.actions * (opts.think * 1.5 + opts.echo_timeout))
        coro = run_load(url, opts, pid)
    return await asyncio.wait_for(coro, deadline)


def run_with_server(opts: Options, url: str | None = None, pid: int | None = None,
                    serve_args: Sequence[str] = ()) -> Report:
    """Run against ``url``, or against a server of its own (started here, always stopped)."""
    if url is not None:
        check_loopback(url)
        if pid is None:
            pid = listening_pid(urlsplit(url).port or 80)
        return asyncio.run(run(url, opts, pid))
    with tempfile.TemporaryDirectory() as tmp:
        server = LoadServer(Path(tmp) / "serve.log", list(serve_args))
        try:
            server.start()
            assert server.proc is not None
            print(f"server: {' '.join(server.command()[1:])} (pid {server.proc.pid})", flush=True)
            return asyncio.run(run(server.url, opts, server.proc.pid))
        finally:
            server.stop()
            tail = server.log_tail(20)
            if "Traceback" in tail or "ERROR" in tail:
                print(f"server log (tail):\n{tail}", flush=True)


def parse_args(argv: list[str] | None) -> tuple[Options, argparse.Namespace]:
    """Parse the command line into :class:`Options` and the remaining arguments."""
    d = Options()
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sessions", type=int, default=d.sessions, help=f"sessions held at once (default {d.sessions})")
    p.add_argument("--actions", type=int, default=d.actions, help=f"actions per session in load mode ({d.actions})")
    p.add_argument("--think", type=float, default=d.think,
                   help=f"mean seconds between a session's actions, uniform 0.5x..1.5x (default {d.think:g})")
    p.add_argument("--motion-every", type=int, default=d.motion_every,
                   help=f"every n-th action switches the motion, the others select a part ({d.motion_every})")
    p.add_argument("--open-concurrency", type=int, default=d.open_concurrency,
                   help=f"sessions opening at once ({d.open_concurrency})")
    p.add_argument("--echo-timeout", type=float, default=d.echo_timeout,
                   help=f"seconds before a missing echo is an error ({d.echo_timeout:g})")
    p.add_argument("--no-compression", action="store_true", help="do not negotiate per-message deflate")
    p.add_argument("--soak", type=float, nargs="?", const=600.0, default=None, metavar="SECONDS",
                   help="soak mode for SECONDS (600 if no value): churn sessions while --sessions stay connected")
    p.add_argument("--churn", type=int, default=d.churn, help=f"sessions opened and closed over the soak ({d.churn})")
    p.add_argument("--settle", type=float, default=d.settle,
                   help=f"idle seconds before the soak's last memory reading ({d.settle:g})")
    p.add_argument("--seed", type=int, default=d.seed, help="random seed of parts, motions and think times")
    p.add_argument("--url", help="load this running server (loopback only) instead of starting one")
    p.add_argument("--pid", type=int, help="server process for memory figures with --url (default: found by port)")
    p.add_argument("--serve-args", default="", help="more `glute-viewer serve` arguments for the script's own server")
    args = p.parse_args(argv)
    opts = Options(sessions=args.sessions, actions=args.actions, think=args.think, motion_every=args.motion_every,
                   open_concurrency=args.open_concurrency, echo_timeout=args.echo_timeout,
                   compression=not args.no_compression, soak=args.soak, churn=args.churn, settle=args.settle,
                   seed=args.seed)
    return opts, args


def main(argv: list[str] | None = None) -> int:
    """Run the load or soak and print the figures; exit status 1 if any error was counted."""
    opts, args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # finally-blocks stop the server
    report = run_with_server(opts, args.url, args.pid, shlex.split(args.serve_args))
    return 1 if report.stats.error_count else 0


if __name__ == "__main__":
    raise SystemExit(main())
