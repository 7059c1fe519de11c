"""`glute-viewer muscles`: published and drawn volumes of every muscle and part at the neutral pose."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from viewer.anatomy import ids
from viewer.anatomy.muscle_sizes import muscle_size

TOLERANCE = 0.05
"""Largest relative gap allowed between a muscle's drawn total and its published volume."""


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "viewer.cli", "muscles", *args], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def report() -> dict:
    out = cli("--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_json_names_units_pose_every_muscle_side_and_part(report):
    assert report["units"] == "cm3" and report["pose"] == "neutral"
    assert list(report["muscles"]) == list(ids.LAYERS)
    parts = []
    for entry in report["muscles"].values():
        assert list(entry["side"]) == list(ids.SIDES)
        for row in entry["side"].values():
            assert set(row) == {"published_cm3", "drawn_cm3", "drawn_vs_published_pct", "parts"}
            for values in row["parts"].values():
                assert set(values) == {"share_cm3", "drawn_cm3"}
                assert values["share_cm3"] > 0 and values["drawn_cm3"] > 0
            parts.extend(row["parts"])
    assert sorted(parts) == sorted(ids.part_ids())


def test_published_numbers_are_muscle_size(report):
    for code in ids.MUSCLE_CODES:
        for side in ids.SIDES:
            size = muscle_size(code, side)
            row = report["muscles"][size.muscle]["side"][side]
            assert row["published_cm3"] == pytest.approx(size.volume_cm3, abs=0.05)
            for part, share in size.parts_cm3.items():
                assert row["parts"][part]["share_cm3"] == pytest.approx(share, abs=0.05)


def test_drawn_totals_are_within_5_percent_of_the_published(report):
    for muscle, entry in report["muscles"].items():
        for side, row in entry["side"].items():
            total = sum(v["drawn_cm3"] for v in row["parts"].values())
            assert row["drawn_cm3"] == pytest.approx(total, abs=0.2)
            gap = row["drawn_cm3"] / row["published_cm3"] - 1
            assert abs(gap) <= TOLERANCE, (muscle, side, row)
            assert row["drawn_vs_published_pct"] == pytest.approx(100 * gap, abs=0.1)


def test_every_kind_of_number_carries_its_source(report):
    sources = report["sources"]
    assert set(sources) == {"published_cm3", "share_cm3", "drawn_cm3"}
    assert "Handsfield" in sources["published_cm3"] and "2014" in sources["published_cm3"]
    assert "maximum isometric forces" in sources["share_cm3"]
    assert "MyoLeg" in sources["drawn_cm3"] and "neutral pose" in sources["drawn_cm3"]


def test_text_lists_all_18_parts_every_muscle_and_the_sources():
    out = cli()
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    text = out.stdout
    for part in ids.part_ids():
        assert sum(line.split()[0] == part for line in text.splitlines() if line.strip()) == 1, part
    for muscle in ids.LAYERS:
        assert sum(line.startswith(muscle + " ") for line in text.splitlines()) == 2, muscle
    assert "cm3" in text and "Sources:" in text and "Handsfield" in text


def test_unknown_option_exits_2():
    out = cli("--side", "r")
    assert out.returncode == 2 and "unrecognized arguments" in out.stderr
