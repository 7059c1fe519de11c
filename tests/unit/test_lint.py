"""ruff runs with the suite: the rules of pyproject.toml ``[tool.ruff]`` hold for the whole project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


COMMAND = [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format=concise", "."]
"""From the project root; ``--no-cache``: the test writes nothing (no .ruff_cache)."""


def test_ruff_check_passes():
    result = subprocess.run(COMMAND, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    assert "No module named ruff" not in result.stderr, "ruff is a test extra: pip install -e '.[test]'"
    assert result.returncode == 0, f"`ruff check .` exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
