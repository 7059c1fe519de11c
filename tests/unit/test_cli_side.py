"""``--side`` on the commands that take a motion (motion, paths, render, export), run as a real process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest

from viewer.export import ExportError, ExportOptions
from viewer.render import RenderError, RenderRequest


def run(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("glute-viewer")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "viewer.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def test_motion_side_l_moves_only_the_left_hip() -> None:
    out = run("motion", "abduction", "--side", "l", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["params"]["side"] == "l" and set(data["joints"]) == {"hip_adduction_l"}
    assert max(data["joints"]["hip_adduction_l"]) == pytest.approx(5, abs=0.5)
    default = json.loads(run("motion", "abduction", "--json").stdout)  # unchanged without --side
    assert set(default["joints"]) == {"hip_adduction_r"} and default["params"]["side"] == "r"


def test_paths_side_l_reports_the_left_flexion() -> None:
    out = run("paths", "--motion", "flexion", "--side", "l", "--part", "glmax1_l", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data["joints"]) == {"hip_flexion_l", "knee_angle_l"}
    first = np.array(data["fibres"]["glmax1_l/f00"])
    assert np.ptp(first[:, :, 0]) > 5  # the left maximus moves with the left thigh (mm, pelvis frame)


@pytest.mark.parametrize("args", [("motion", "abduction"), ("paths", "--motion", "rotation"),
                                  ("render", "--motion", "flexion", "--out", "never.png"),
                                  ("export", "never.html")])
def test_an_unknown_side_is_one_line_and_exit_2(args: tuple[str, ...], tmp_path) -> None:
    out = subprocess.run([*run_cmd(), *args, "--side", "x"], capture_output=True, text=True, timeout=300,
                         cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "--side: unknown side 'x'; expected one of: r, l" in lines[0], out.stderr
    assert not list(tmp_path.iterdir())  # nothing written


def run_cmd() -> list[str]:
    exe = shutil.which("glute-viewer")
    return [exe] if exe else [sys.executable, "-m", "viewer.cli"]


def test_export_and_render_options_carry_the_side() -> None:
    options = ExportOptions(motions="offered", side="l").check()
    sides = {c.key: c.side for c in options.choices()}
    assert sides["abduction"] == sides["rotation@45"] == sides["flexion"] == "l" and sides["running"] == "r"
    assert ExportOptions().check().side == "r"
    with pytest.raises(ExportError, match="--side: unknown side 'x'"):
        ExportOptions(side="x").check()
    assert RenderRequest(out="a.png", motion="abduction", side="l").check().side == "l"
    with pytest.raises(RenderError, match="--side: unknown side 'x'"):
        RenderRequest(out="a.png", side="x").check()
