"""The fuzz tests' served checks use the helpers of tests/security/served.py (which puts tests/e2e on the path)."""

from __future__ import annotations

import sys
from pathlib import Path

SECURITY = Path(__file__).resolve().parents[1] / "security"
if str(SECURITY) not in sys.path:
    sys.path.insert(0, str(SECURITY))
