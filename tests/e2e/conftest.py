"""Browser-test fixtures: the real app on 127.0.0.1 and Debian's Chromium driven by Playwright.

Missing Chromium or Playwright makes these tests FAIL (never skip) with the install command.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from e2e_harness import VIEWPORT, AppServer, chromium_path, launch_chromium


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app served by ``glute-viewer serve --port <free> --no-show``; killed at teardown."""
    server = AppServer(tmp_path_factory.mktemp("server") / "serve.log")
    try:
        server.start()
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


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
