"""The load script (tests/benchmarks/load_sessions.py) runs: a short load and a short soak with churn.

Real websocket sessions against the real server on 127.0.0.1 (started by the script's own
:class:`LoadServer`). Only counts are asserted; the figures (latency, memory) are printed,
never checked: timings on a shared 2-core machine are not test material.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import load_sessions as ls  # noqa: E402

pytestmark = pytest.mark.slow


def run_apart(opts: ls.Options, url: str) -> ls.Report:
    """Run the script's asyncio load in a thread of its own (other tests leave an event loop in this one)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(ls.run_with_server, opts, url=url).result()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ls.LoadServer]:
    """The app on a free loopback port, stopped at teardown."""
    srv = ls.LoadServer(tmp_path_factory.mktemp("load") / "serve.log")
    try:
        srv.start()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield srv
    srv.stop()


def test_load_opens_every_session_and_gets_every_echo(server: ls.LoadServer) -> None:
    opts = ls.Options(sessions=5, actions=4, think=0.2, motion_every=2, open_concurrency=5)
    report = run_apart(opts, server.url)
    s = report.stats
    assert s.errors == {} and s.error_count == 0, s.error_samples
    assert s.requested == s.opened == 5
    assert s.closed == 5
    assert s.selections == s.selection_echoes == 10
    assert s.motions == s.motion_echoes == 10
    assert len(s.selection_ms) == 10 and len(s.motion_ms) == 10
    assert report.pid == server.proc.pid  # found by its listening port
    text = report.text
    assert "selection -> info card echo:" in text and "p50" in text and "p95" in text
    assert "server memory: RSS" in text and "MiB with 5 sessions open" in text
    assert "errors: 0" in text


def test_soak_churns_sessions_and_reports_memory_growth(server: ls.LoadServer) -> None:
    opts = ls.Options(sessions=5, think=0.5, motion_every=3, soak=10.0, churn=10, settle=1.0, open_concurrency=5)
    report = run_apart(opts, server.url)
    s = report.stats
    assert s.error_count == 0, s.error_samples
    assert s.churned == 10
    assert s.requested == s.opened == 15  # 5 held + 10 churned in
    assert s.closed == 15
    assert s.selections == s.selection_echoes > 5
    assert s.motions == s.motion_echoes >= 5
    text = report.text
    assert "soak: memory at start" in text and "growth" in text and report.growth_pct is not None
    assert "p50" in text and "p95" in text
    assert "errors: 0" in text


def test_cli_defaults_match_the_issue_targets() -> None:
    opts, args = ls.parse_args([])
    assert opts.sessions == 200 and opts.soak is None and args.url is None
    opts, _ = ls.parse_args(["--soak"])
    assert opts.soak == 600 and opts.churn == 1000
    opts, _ = ls.parse_args(["--soak", "30", "--churn", "10", "--sessions", "5"])
    assert (opts.soak, opts.churn, opts.sessions) == (30, 10, 5)


def test_only_loopback_servers_are_loaded() -> None:
    ls.check_loopback("http://127.0.0.1:5006/")
    ls.check_loopback("http://localhost:5006/")
    ls.check_loopback("http://[::1]:5006/")
    with pytest.raises(SystemExit, match="loopback"):
        ls.check_loopback("http://example.org:5006/")
    with pytest.raises(SystemExit, match="loopback"):
        ls.check_loopback("http://192.168.1.10:5006/")
