"""Shared fixtures: an isolated cache per test session, paths to shared data, and Debian's Chromium.

The browser fixtures (``browser``, ``page``, ``console``) live here so every folder of browser
tests (tests/e2e, tests/security, tests/fuzz) shares one Playwright instance: its sync API
allows one per thread. Missing Chromium or Playwright makes those tests FAIL (never skip) with
the install command.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

E2E_DIR = Path(__file__).resolve().parent / "e2e"
if str(E2E_DIR) not in sys.path:
    sys.path.insert(0, str(E2E_DIR))

from e2e_harness import VIEWPORT, chromium_path, launch_chromium  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"


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
