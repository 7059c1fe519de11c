"""Byte budgets, as deterministic sizes (no timings): the bundles, the first view's data, the export file.

The sizes are printed (``pytest -s`` shows them). A budget is a ceiling chosen from a measured
size with some headroom; when a change crosses one, either it is worth the bytes (raise the
budget and say why in the commit) or it is not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DIST = PROJECT_ROOT / "viewer" / "frontend" / "dist"
BUNDLES = ("glute-scene.js", "glute-standalone.js")
BUNDLE_BUDGET_BYTES = 700_000
"""Each built bundle (three.js and the viewer, minified): 627 KB / 632 KB measured."""
FIRST_VIEW_PAYLOAD_BUDGET_BYTES = 292_000
"""Assets + the default motion (blobs and their JSON indexes) that the served app sends for the first
view: 265,361 bytes measured (144,620 + 13,600 assets, 104,448 + 2,693 abduction), plus ~10 %. Raised
from 184,000 (167,096 measured) when the lower legs and feet became drawn by default (issue 14, item 5):
their 4,100 triangles add ~57 KB of assets and their 12 bone transforms ~37 KB per 48-frame motion."""
EXPORT_BUDGET_BYTES = 1_500_000
"""The one-file offline page, with every motion and with the offered ones."""


def payload_bytes(payload: tuple[bytes, dict]) -> tuple[int, int]:
    """(blob bytes, compact JSON index bytes) of an encoded payload."""
    blob, index = payload
    return len(blob), len(json.dumps(index, separators=(",", ":")).encode("utf-8"))


def first_view_payloads() -> dict[str, tuple[bytes, dict]]:
    """The assets and the default motion's payload, as the served app sends them."""
    try:  # the Panel-free home of the payloads
        from viewer.anatomy.motions import DEFAULT_MOTION
        from viewer.content.payloads import MotionSpec, assets_payload, motion_payload

        motion = motion_payload(MotionSpec.of(DEFAULT_MOTION))
    except ImportError:  # before it existed: the app's modules
        from viewer.app.state import DEFAULT_MOTION
        from viewer.app.sync import assets_payload, motion_payload

        motion = motion_payload(DEFAULT_MOTION, 0.0)
    return {"assets": assets_payload(), DEFAULT_MOTION: motion}


@pytest.mark.parametrize("name", BUNDLES)
def test_bundle_within_budget(name):
    path = DIST / name
    assert path.is_file(), f"{path} is missing: build it with `python -m viewer.component.build`"
    size = path.stat().st_size
    print(f"\n{name}: {size:,} bytes (budget {BUNDLE_BUDGET_BYTES:,})")
    assert size > 0
    assert size <= BUNDLE_BUDGET_BYTES, f"{name} is {size:,} bytes, over the budget of {BUNDLE_BUDGET_BYTES:,}"


def test_first_view_payload_within_budget():
    sizes = {name: payload_bytes(p) for name, p in first_view_payloads().items()}
    total = sum(sum(s) for s in sizes.values())
    detail = ", ".join(f"{name} {blob:,} + {index:,} index" for name, (blob, index) in sizes.items())
    print(f"\nfirst view payload: {total:,} bytes ({detail}; budget {FIRST_VIEW_PAYLOAD_BUDGET_BYTES:,})")
    assert all(blob > 0 and index > 0 for blob, index in sizes.values()), sizes
    assert total <= FIRST_VIEW_PAYLOAD_BUDGET_BYTES, (
        f"the first view sends {total:,} bytes ({detail}), over the budget of {FIRST_VIEW_PAYLOAD_BUDGET_BYTES:,}")


@pytest.mark.slow
@pytest.mark.parametrize("motions", [None, "offered"], ids=["all-motions", "offered-motions"])
def test_export_file_within_budget(motions):
    from viewer.export import export_html_string

    size = len(export_html_string(motions=motions).encode("utf-8"))
    print(f"\nexport ({motions or 'all'} motions): {size:,} bytes (budget {EXPORT_BUDGET_BYTES:,})")
    assert size > 0
    assert size <= EXPORT_BUDGET_BYTES, (
        f"the export with {motions or 'all'} motions is {size:,} bytes, over the budget of {EXPORT_BUDGET_BYTES:,}")
