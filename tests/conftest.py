"""Shared fixtures: an isolated cache per test session, the shared data folder, and Debian's Chromium.

The browser fixtures (``browser``, ``page``, ``console``) live here so every folder of browser
tests (tests/e2e, tests/security, tests/fuzz) shares one Playwright instance: its sync API
allows one per thread. Missing Chromium or Playwright makes those tests FAIL (never skip) with
the install command.

Tests that read the data folder beside the project (``../shared/data``, or the folder named by
``GLUTE_VIEWER_SHARED_DATA``) are marked ``@pytest.mark.shared_data("sub/path", ...)`` (the
paths, relative to that folder, they need) or take the ``shared_data_dir`` fixture. When the
folder or a named path is missing they SKIP, naming the absolute path, so the suite passes on
any clone; with ``GLUTE_VIEWER_REQUIRE_SHARED_DATA=1`` (CI sets it) they FAIL instead.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

E2E_DIR = Path(__file__).resolve().parent / "e2e"
if str(E2E_DIR) not in sys.path:
    sys.path.insert(0, str(E2E_DIR))

from e2e_harness import VIEWPORT, chromium_path, launch_chromium  # noqa: E402
from wire_recorder import RECORDER  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA_ENV = "GLUTE_VIEWER_SHARED_DATA"
"""Overrides the shared data folder (default: ``shared/data`` beside the project)."""
REQUIRE_SHARED_DATA_ENV = "GLUTE_VIEWER_REQUIRE_SHARED_DATA"
"""``1`` turns a missing shared data folder from a skip into a failure (CI)."""


def shared_data_root() -> Path:
    """The shared data folder: ``$GLUTE_VIEWER_SHARED_DATA`` if set, else ``../shared/data``, absolute."""
    override = os.environ.get(SHARED_DATA_ENV, "").strip()
    return Path(override).expanduser().resolve() if override else PROJECT_ROOT.parent / "shared" / "data"


def require_shared_data(*relative: str) -> Path:
    """Return the shared data folder; skip (or fail under ``GLUTE_VIEWER_REQUIRE_SHARED_DATA=1``) if it or
    one of the ``relative`` paths inside it is missing.
    """
    root = shared_data_root()
    missing = [path for path in (root, *(root / r for r in relative)) if not path.exists()]
    if missing:
        message = (f"shared data not found: {missing[0]} (clone ../shared beside the project, "
                   f"or set {SHARED_DATA_ENV} to the data folder)")
        if os.environ.get(REQUIRE_SHARED_DATA_ENV, "").strip().lower() in ("1", "true", "yes", "on"):
            pytest.fail(f"{message}; {REQUIRE_SHARED_DATA_ENV} is set, so this is a failure", pytrace=False)
        pytest.skip(message)
    return root


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip or fail a ``shared_data``-marked test before its fixtures run when its data is missing."""
    for marker in item.iter_markers("shared_data"):
        require_shared_data(*marker.args)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write what the browser pages sent on their websockets (``GLUTE_VIEWER_WIRE_REPORT``)."""
    RECORDER.write_report()


@pytest.fixture(scope="session")
def shared_data_dir() -> Path:
    """The shared data folder (skips, or fails under ``GLUTE_VIEWER_REQUIRE_SHARED_DATA=1``, when missing)."""
    return require_shared_data()


@pytest.fixture(scope="session", autouse=True)
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Point the on-disk cache at a fresh folder so tests never read a stale cache."""
    mp = pytest.MonkeyPatch()
    mp.setenv("GLUTE_VIEWER_CACHE", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium with software WebGL (SwiftShader)."""
    try:
        chromium_path()
        from playwright.sync_api import sync_playwright
    except (RuntimeError, ImportError) as exc:
        pytest.fail(f"{exc}", pytrace=False)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@dataclass
class Console:
    """Console errors, page errors and failed requests seen by one page."""

    errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:  # noqa: ANN001
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} {r.failure}"))
        RECORDER.attach(page)


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(browser, console: Console) -> Iterator[object]:  # noqa: ANN001
    """A fresh 1024x768 page (tablet landscape) whose console errors are recorded."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    page = context.new_page()
    console.attach(page)
    yield page
    context.close()
