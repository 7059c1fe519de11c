"""The security tests use the browser fixtures of tests/conftest.py and the helpers of served.py.

The hostile-client tests (``test_hostile_*.py``) share the fixtures below: the app served once
per module, a session under attack and a bystander session (``hostile_harness.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from hostile_harness import Session, open_session  # noqa: E402
from served import start_app  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app, served once for this module."""
    try:
        app = start_app(tmp_path_factory.mktemp("hostile") / "serve.log")
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield app
    app.stop()


@pytest.fixture
def bystander(server: Any) -> Iterator[Session]:
    """Another session, opened before the attack: it must still answer after it."""
    session = open_session(server)
    yield session
    session.wire.close()


@pytest.fixture
def target(server: Any) -> Iterator[Session]:
    """The session under attack."""
    session = open_session(server)
    yield session
    session.wire.close()
