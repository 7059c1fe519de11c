"""Shared fixtures: an isolated cache per test session, paths to shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session", autouse=True)
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Point the on-disk cache at a fresh folder so tests never read a stale cache."""
    mp = pytest.MonkeyPatch()
    mp.setenv("GLUTE_VIEWER_CACHE", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()
