"""Figures the content quotes from the running data, recomputed from the shared data.

The measured contralateral pelvic drop of each runner (:data:`RUNNERS_DROP_RANGE_DEG`) and right
toe-off with its spread (``toe_off`` in running.yaml). The data are read, never copied: tests SKIP
when the shared folder is missing (tests/conftest.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from viewer.anatomy import gait_fit
from viewer.anatomy.gait import DEFAULT_YAML
from viewer.anatomy.pelvic_drop import RUNNERS_DROP_RANGE_DEG
from viewer.anatomy.yamlio import read_yaml

SUBJECTS = ("subject01", "subject02", "subject03")
PER_SUBJECT = [f"running/per_subject/{s}_ikMean_run5.tsv" for s in SUBJECTS]
META = "running/running_cycle.meta.json"


@pytest.mark.shared_data(*PER_SUBJECT)
def test_runners_drop_range_is_the_datas(shared_data_dir: Path) -> None:
    toe_off = read_yaml(DEFAULT_YAML, folder=DEFAULT_YAML.parent)["events"]["toe_off"]
    drops = []
    for path in PER_SUBJECT:
        table = np.loadtxt(shared_data_dir / path, comments="#")  # time, pelvis tilt, list, ... (radians)
        phase = (table[:, 0] - table[0, 0]) / (table[-1, 0] - table[0, 0])
        drops.append(-np.degrees(table[phase < toe_off, 2]).min())  # + list lowers the right side
    assert (round(min(drops), 1), round(max(drops), 1)) == RUNNERS_DROP_RANGE_DEG, drops


@pytest.mark.shared_data(META)
def test_toe_off_spread_is_every_measured_cycle(shared_data_dir: Path) -> None:
    meta = json.loads((shared_data_dir / META).read_text(encoding="utf-8"))
    summary = read_yaml(DEFAULT_YAML, folder=DEFAULT_YAML.parent)["toe_off"]
    values = [m["toe_off_percent"] for m in meta["toe_off_measurements"].values()]
    assert summary["cycles"] == len(values) and summary["of_cycles"] == 9
    assert summary["mean_percent"] == pytest.approx(np.mean(values), abs=1e-4)
    assert summary["sd_percent"] == pytest.approx(np.std(values, ddof=1), abs=1e-4)
    assert "10 N" in summary["threshold"] and summary["threshold"] == gait_fit.TOE_OFF_THRESHOLD


def test_every_phase_has_its_definition_and_the_motion_carries_them() -> None:
    from viewer.anatomy.running import running
    from viewer.anatomy.scene import build_scene
    from viewer.component.payload import encode_motion

    motion = running(16)
    definitions = {p.id: p.definition for p in motion.phases}
    for phase in motion.phases:
        assert f"{phase.start:g}" in definitions[phase.id] or phase.start == 0, phase.id
    assert "convention" in definitions["loading"] and "measured" in definitions["propulsion"]
    assert "±" in motion.source and "10 N" in motion.source
    _, index = encode_motion(build_scene(motion))
    assert [p["definition"] for p in index["phases"]] == list(definitions.values())
