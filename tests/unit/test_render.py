"""`glute-viewer render`: real off-screen PNG, GIF and MP4 files (small sizes), display modes, usage errors."""

from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from viewer.anatomy import ids
from viewer.palette import part_rgb
from viewer.render import RenderRequest, render
from viewer.vocab import DEFAULT_DISPLAY, DISPLAY_MODES


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    exe = shutil.which("glute-viewer")
    cmd = [exe, "render", *args] if exe else [sys.executable, "-m", "viewer.cli", "render", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=cwd)


def rgb(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB")).astype(int)


def near(img: np.ndarray, colour, tol: int = 40) -> int:
    """Pixels within ``tol`` (per channel) of an RGB colour in 0..1."""
    target = np.round(np.asarray(colour) * 255).astype(int)
    return int((np.abs(img - target).max(axis=-1) <= tol).sum())


def test_png_has_the_asked_size_and_phase_picks_the_frame(tmp_path):
    first = render(RenderRequest(out=tmp_path / "a0.png", motion="abduction", frames=8, view="anterior",
                                 size=(160, 120)))
    half = render(RenderRequest(out=tmp_path / "a2.png", motion="abduction", frames=8, view="anterior",
                                size=(160, 120), phase=0.25))
    assert first.frames == 1 and first.bytes == first.path.stat().st_size > 0
    a, b = rgb(first.path), rgb(half.path)
    assert a.shape == b.shape == (120, 160, 3)
    assert a.std() > 10  # not blank
    assert np.abs(a - b).max(axis=-1).astype(bool).mean() > 0.01  # phase 0.25 is frame 2 (most adducted), not frame 0


def test_transparent_png_has_alpha_with_clear_and_opaque_pixels(tmp_path):
    # a sweep: framed on the hip, so bones and fibres fill a good part of the picture
    out = render(RenderRequest(out=tmp_path / "t.png", motion="abduction", view="posterior", size=(200, 150),
                               frame=10, transparent=True)).path
    img = Image.open(out)
    assert img.mode == "RGBA" and img.size == (200, 150)
    alpha = np.asarray(img)[..., 3]
    assert (alpha == 0).mean() > 0.2  # background
    assert (alpha == 255).mean() > 0.05  # bones and fibres


def test_gif_from_the_cli_has_every_frame_of_the_loop(tmp_path):
    out = run("--motion", "running", "--frames", "6", "--view", "lateral", "--out", "clip.gif",
              "--width", "120", "--height", "90", "--fps", "10", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "clip.gif" in out.stdout and "6 frames" in out.stdout
    gif = Image.open(tmp_path / "clip.gif")
    assert gif.size == (120, 90) and gif.n_frames == 6
    assert gif.info["loop"] == 0 and gif.info["duration"] == 100
    frames = []
    for i in range(gif.n_frames):
        gif.seek(i)
        frames.append(np.asarray(gif.convert("RGB")).astype(int))
    for a, b in zip(frames, frames[1:] + frames[:1], strict=True):
        assert np.abs(a - b).max() > 30, "consecutive frames should differ: the legs move"


def test_mp4_decodes_with_the_asked_size_and_frame_count(tmp_path):
    import imageio.v2 as imageio

    result = render(RenderRequest(out=tmp_path / "run.mp4", motion="running", frames=10, size=(128, 96), fps=25))
    assert result.frames == 10
    reader = imageio.get_reader(result.path)
    try:
        frames = [np.asarray(f) for f in reader]
        fps = reader.get_meta_data()["fps"]
    finally:
        reader.close()
    assert len(frames) == 10 and fps == pytest.approx(25)
    assert all(f.shape == (96, 128, 3) for f in frames)
    assert np.abs(frames[0].astype(int) - frames[5].astype(int)).max() > 30


def maximus(img: np.ndarray, tol: int = 40) -> int:
    """Pixels within ``tol`` of any gluteus maximus part colour (either side)."""
    colours = [part_rgb(p) for p in ids.part_ids() if ids.layer_of(p) == "gluteus_maximus"]
    targets = np.round(np.asarray(colours) * 255).astype(int)
    return int((np.abs(img[:, :, None] - targets[None, None]).max(axis=-1) <= tol).any(axis=-1).sum())


def test_layers_and_select_change_what_is_drawn(tmp_path):
    def picture(name, **kw):
        return rgb(render(RenderRequest(out=tmp_path / f"{name}.png", motion="abduction", view="posterior",
                                        size=(240, 180), display="fibres", **kw)).path)

    everything = picture("all")
    minimus_only = picture("min", layers=("gluteus_minimus",))
    selected = picture("sel", select="glmed2_r")
    maximus = part_rgb("glmax2_r")
    assert near(everything, maximus) > 200
    assert near(minimus_only, maximus) < 0.05 * near(everything, maximus)  # maximus not drawn
    assert near(selected, maximus) < 0.2 * near(everything, maximus)  # maximus dimmed
    # the selected part keeps its colour (about 50 px here: the right leg sweeps alone, so the framing is wider)
    # (tolerance 60: medius is the palette's lightest colour, which the shading darkens by up to ~55 per channel)
    assert near(selected, part_rgb("glmed2_r"), tol=60) > 35


@pytest.fixture(scope="module")
def posterior(tmp_path_factory):
    """Abduction frame 0 from behind, 240 x 180, in each display mode (and ``muscles`` with a selection)."""
    folder = tmp_path_factory.mktemp("display")

    def picture(name: str, **kw) -> np.ndarray:
        return rgb(render(RenderRequest(out=folder / f"{name}.png", motion="abduction", view="posterior",
                                        size=(240, 180), frame=0, **kw)).path)

    return {"default": picture("default"), **{d: picture(d, display=d) for d in DISPLAY_MODES},
            "selected": picture("selected", display="muscles", select="glmed2_r"),
            "minimus": picture("minimus", display="muscles", layers=("gluteus_minimus",))}


def test_volumes_cover_the_buttocks_fibres_alone_do_not(posterior):
    solid, lines, both = maximus(posterior["muscles"]), maximus(posterior["fibres"]), maximus(posterior["both"])
    assert lines > 500, lines  # the fibre tubes are drawn
    # the volumes fill the fans between the fibres (measured 1.97 and 2.1 times the tubes' pixels)
    assert solid > 1.5 * lines, (solid, lines)
    assert both > 1.5 * lines, (both, lines)  # see-through volumes over the tubes still colour the fans
    assert np.array_equal(posterior["default"], posterior[DEFAULT_DISPLAY])


def test_volumes_follow_select_and_layers(posterior):
    assert maximus(posterior["selected"]) == 0  # maximus dimmed (and made faint) beside the selection
    assert near(posterior["selected"], part_rgb("glmed2_r")) > 30  # the selected volume keeps its colour
    assert maximus(posterior["minimus"]) == 0  # the maximus layer is not drawn
    minimus = [part_rgb(f"glmin{n}_r") for n in ids.PART_NUMBERS]
    assert sum(near(posterior["muscles"], c) for c in minimus) == 0  # hidden under medius and maximus
    assert sum(near(posterior["minimus"], c) for c in minimus) > 300  # uncovered when drawn alone


def test_fibres_display_is_the_picture_without_volumes(monkeypatch):
    """``fibres`` draws exactly what the Stage drew before the volumes: same pixels as with no Volumes at all."""
    from viewer.anatomy.motions import neutral
    from viewer.anatomy.scene import build_scene
    from viewer.render import stage as stage_module

    scene = build_scene(neutral())

    def pixels(display: str) -> np.ndarray:
        stage = stage_module.Stage(scene, "posterior", (120, 90), display=display)
        try:
            return stage.image(0)
        finally:
            stage.close()

    fibres = pixels("fibres")

    class NoVolumes:
        see_through = False

        def __init__(self, *args, **kwargs) -> None:
            pass

        def show(self, frame: int) -> None:
            pass

        def sort(self, renderer, eye) -> None:
            pass

    monkeypatch.setattr(stage_module, "Volumes", NoVolumes)
    without = pixels("fibres")
    assert np.array_equal(fibres, without)
    assert not np.array_equal(fibres, pixels("muscles"))


def test_superior_view_looks_down_with_anterior_up(tmp_path):
    from viewer.anatomy.motions import neutral
    from viewer.anatomy.scene import build_scene
    from viewer.render.stage import Stage

    stage = Stage(build_scene(neutral()), "superior", (64, 48))
    try:
        camera = stage.plotter.camera
        look = np.subtract(camera.focal_point, camera.position)
        assert look[1] < 0 and np.allclose(look / np.linalg.norm(look), [0, -1, 0], atol=1e-6)
        assert np.allclose(camera.up, [1, 0, 0], atol=1e-6)
    finally:
        stage.close()


@pytest.mark.parametrize(("args", "expected"), [
    (["--motion", "walking"], "abduction, rotation, flexion, running"),
    (["--view", "medial"], "anterior, posterior, lateral, lateral_left, superior"),
    (["--out", "x.jpg"], ".png, .gif, .mp4"),
    (["--select", "glmax9_r"], "glmax1_r"),
    (["--layers", "gluteus_maximus,gluteus_magnus"], "gluteus_maximus, gluteus_medius, gluteus_minimus"),
    (["--width", "2560", "--height", "1440"], "1920"),
    (["--out", "x.gif", "--transparent"], "PNG only"),
    (["--out", "x.mp4", "--transparent"], "PNG only"),
    (["--out", "x.mp4", "--width", "641"], "even"),
    (["--out", "x.gif", "--phase", "0.5"], "PNG"),
    (["--frame", "64"], "0..63"),
    (["--out", "x.gif", "--fps", "120"], "1 to 50"),
    (["--select", "glmin1_r", "--layers", "gluteus_maximus"], "not in --layers"),
    (["--display", "solid"], "unknown display 'solid'; expected one of: both, muscles, fibres"),
])
def test_usage_errors_exit_2_with_one_line(tmp_path, args, expected):
    out = run(*args, cwd=tmp_path)
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2, out.stderr
    assert len(lines) == 1 and lines[0].startswith("glute-viewer render: error:"), out.stderr
    assert expected in lines[0]
    assert not list(tmp_path.iterdir())  # nothing written


def test_running_is_framed_down_to_the_feet(tmp_path):
    """As in the browser, running (it moves the ankles) frames the legs down to the feet: the whole figure
    fits, nothing is cut at the bottom edge. A sweep frames the hip: its femoral shafts run off the bottom."""

    def alpha(motion: str) -> np.ndarray:
        out = render(RenderRequest(out=tmp_path / f"{motion}.png", motion=motion, view="lateral", size=(200, 150),
                                   frame=0, transparent=True)).path
        return np.asarray(Image.open(out))[..., 3]

    running, sweep = alpha("running"), alpha("abduction")
    rows = np.nonzero((running > 0).any(axis=1))[0]
    assert not (running[-2:] > 0).any() and rows.max() > 0.85 * running.shape[0], rows.max()
    assert (sweep[-2:] > 0).any()
