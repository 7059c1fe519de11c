"""The CLI contract, run as a real process through the console script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from viewer.anatomy import ids


def run(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("glute-viewer")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "viewer.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def test_parts_json():
    out = run("parts", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [r["id"] for r in rows] == list(ids.part_ids())
    for r in rows:
        assert r["muscle"] == ids.muscle_of(r["id"]) and r["side"] == r["id"][-1]
        assert len(r["fibres"]) >= 8 and all(f.startswith(r["id"] + "/f") for f in r["fibres"])


def test_momentarms_contract():
    out = run("momentarms", "glmed1_r", "--coordinate", "rotation", "--flexion", "45",
              "--from", "-20", "--to", "20", "--step", "10", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["part"] == "glmed1_r" and data["coordinate"] == "rotation"
    assert data["fixed"] == {"flexion": 45.0, "adduction": 0.0}
    assert data["angle_deg"] == [-20.0, -10.0, 0.0, 10.0, 20.0]
    assert len(data["moment_arm_mm"]) == 5 and len(data["length_mm"]) == 5
    assert all(v > 0 for v in data["moment_arm_mm"])  # anterior medius rotates internally at 45 deg
    assert 50 < data["length_mm"][2] < 200


def test_momentarms_fibre_differs_from_bundle():
    bundle = json.loads(run("momentarms", "glmed2_r", "--coordinate", "flexion", "--json").stdout)
    fibre = json.loads(run("momentarms", "glmed2_r", "--coordinate", "flexion", "--fibre", "glmed2_r/f00",
                           "--json").stdout)
    assert fibre["angle_deg"] == bundle["angle_deg"] and fibre["angle_deg"][0] == -20.0
    assert fibre["moment_arm_mm"] != bundle["moment_arm_mm"]


@pytest.mark.parametrize("name", ["abduction", "rotation", "flexion", "running"])
def test_motion_contract(name):
    out = run("motion", name, "--flexion", "15", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["name"] == name
    n = len(data["phase"])
    assert n >= 24 and all(len(v) == n for v in data["joints"].values())
    assert {"hip_flexion_r", "hip_adduction_l", "hip_rotation_r"} <= set(data["joints"]) or name != "running"
    assert isinstance(data["events"], dict) and data["events"]
    for p in data["phases"]:
        assert {"name", "start", "end"} <= set(p)
    if name == "rotation":
        assert set(data["joints"]["hip_flexion_r"]) == {15.0}
    if name == "running":
        assert data["events"]["toe_off"] == pytest.approx(0.393)
        assert [p["id"] for p in data["phases"]][-1] == "late_swing"


@pytest.mark.parametrize(
    "args, choices",
    [
        (("momentarms", "glmed4_r", "--coordinate", "rotation"), "glmax1_r"),
        (("momentarms", "glmed1_r", "--coordinate", "twist"), "flexion, adduction, rotation"),
        (("momentarms", "glmed1_r", "--coordinate", "rotation", "--fibre", "glmed2_r/f01"), "glmed1_r/f00"),
        (("motion", "walk"), "abduction, rotation, flexion, running"),
    ],
)
def test_unknown_choices_exit_2_with_one_line(args, choices):
    out = run(*args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and choices in lines[0] and out.stdout == ""


def test_bad_numbers_are_refused_clearly():
    out = run("momentarms", "glmed1_r", "--coordinate", "rotation", "--step", "0")
    assert out.returncode == 2 and "--step must be positive" in out.stderr
    out = run("motion", "rotation", "--flexion", "400")
    assert out.returncode == 2 and "expected a number from" in out.stderr


@pytest.mark.parametrize("name", ["clamshell", "hip_hitch"])
def test_motion_accepts_exercises(name):
    out = run("motion", name, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["name"] == name and data["params"]["cue"] and data["source"]
    assert len(data["events"]) == 2 and all(len(v) == len(data["phase"]) for v in data["joints"].values())


def test_unknown_motion_names_exercises_too():
    out = run("motion", "lunge")
    assert out.returncode == 2 and out.stdout == ""
    assert "abduction, rotation, flexion, running, hip_hitch" in out.stderr and "glute_bridge" in out.stderr
