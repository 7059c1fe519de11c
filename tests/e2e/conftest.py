"""Browser-test fixtures: the real app on 127.0.0.1 (``browser``, ``page`` and ``console`` are in tests/conftest.py).

Missing Chromium or Playwright makes these tests FAIL (never skip) with the install command.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from e2e_harness import AppServer


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
