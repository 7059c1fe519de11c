"""No query can fill the disk: hip flexion and pelvic drop from URLs and the API are rounded to the
steps the sidebar offers, so sweeping them builds a bounded number of motions, and the cache folder
has a size limit besides (tests/unit/test_cache.py)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from viewer.anatomy.cache import CACHE_ENV, SUFFIX
from viewer.anatomy.motions import FLEXION_LIMITS_DEG
from viewer.anatomy.pelvic_drop import MAX_DROP_DEG
from viewer.api import GluteViewer
from viewer.app.builder import build_session
from viewer.content import payloads
from viewer.vocab import FLEXION_STEP_DEG, PELVIC_DROP_STEP_DEG

pytestmark = pytest.mark.slow
STEPS_OF_FLEXION = int((FLEXION_LIMITS_DEG[1] - FLEXION_LIMITS_DEG[0]) / FLEXION_STEP_DEG) + 1  # -20..110: 27
STEPS_OF_DROP = int(MAX_DROP_DEG / PELVIC_DROP_STEP_DEG)  # 1..20 (0 is the plain cycle)


def _scene_files(folder: Path) -> set[str]:
    return {p.name for p in folder.glob(f"scene-*{SUFFIX}")}


@pytest.fixture
def fresh_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty cache folder and empty per-process caches, so every motion built is a new file."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    caches = (payloads._scene, payloads._payload, payloads.assets_payload)
    for cached in caches:
        cached.cache_clear()
    yield tmp_path
    for cached in caches:
        cached.cache_clear()


def test_a_flexion_and_drop_sweep_from_urls_builds_a_bounded_number_of_motions(fresh_cache: Path) -> None:
    rng = random.Random(12)
    flexions = [rng.uniform(*FLEXION_LIMITS_DEG) for _ in range(60)] + [-20.0, 110.0, 44.999, 45.001]
    drops = [rng.uniform(0.0, MAX_DROP_DEG) for _ in range(40)]
    queries = [{"motion": [b"rotation"], "flexion": [f"{f!r}".encode()]} for f in flexions]
    queries += [{"motion": [b"running"], "drop": [f"{d!r}".encode()], "weak": [rng.choice([b"r", b"l"])]}
                for d in drops]
    shown = set()
    for query in queries:
        session = build_session(query)
        assert not session.state.message, session.state.message
        shown.add(session.state.motion_spec())
        session.sync.unlink()
    assert len(set(flexions)) + len(set(drops)) == 104  # without rounding: one new file per value
    shown.add(payloads.MotionSpec("abduction"))  # the assets (bones, anchors) come from the default motion
    files = _scene_files(fresh_cache)
    assert len(files) == len(shown) <= 1 + STEPS_OF_FLEXION + 2 * STEPS_OF_DROP
    for spec in shown:
        assert spec.flexion_deg % FLEXION_STEP_DEG == 0 and spec.pelvic_drop_deg % PELVIC_DROP_STEP_DEG == 0


def test_the_python_api_rounds_the_same_way(fresh_cache: Path) -> None:
    viewer = GluteViewer(motion="rotation", flexion=44.2)
    assert viewer.state.flexion == 45.0
    for flexion in (43.0, 46.9, 47.4):
        viewer.show_motion("rotation", flexion=flexion)
        viewer.session.sync.load_motion()
    assert viewer.state.flexion == 45.0
    viewer.pelvic_drop(7.6, "l")
    assert (viewer.state.pelvic_drop, viewer.state.weak_side) == (8.0, "l")
    assert len(_scene_files(fresh_cache)) == 3  # rotation at 45 deg, running with 8 deg, abduction first
