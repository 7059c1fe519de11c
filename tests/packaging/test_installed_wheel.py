"""The package as a user gets it: sdist -> wheel -> a clean venv, run from an empty folder.

Builds the sdist from this work tree (``python -m build --sdist``, so uncommitted changes are
in it), builds the wheel FROM THAT SDIST (which proves the sdist holds everything the build
needs: the front-end sources, the lockfile, build.mjs, the data), installs the wheel with its
dependencies in a fresh ``python -m venv`` (no system site packages), then runs the console
script from an empty temporary folder, so nothing of the checkout can be found by accident:
``parts``, ``motion running``, ``motion clamshell``, ``export`` and ``serve``, whose page is
opened in Debian's Chromium (the ``browser`` fixture of tests/conftest.py) until the 3D view
has drawn frames that are not blank.

Needs Node.js and npm (the wheel build bundles the front end), the package registries (the
build backend and the dependencies are installed by pip; its cache makes later runs faster)
and a few minutes. Step timings are printed, never asserted.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import time
import tomllib
import urllib.request
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from e2e_harness import SCENE, assert_drawn, canvas_image, free_port, open_app, scene_data

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
BUNDLES = ("viewer/frontend/dist/glute-scene.js", "viewer/frontend/dist/glute-standalone.js")
SCHEMAS = ("activation", "attachments", "exercises", "landmarks", "literature", "muscle", "running")
LICENCE_FILES = ("LICENSE", "THIRD_PARTY_NOTICES.md")
SDIST_MUST_HAVE = (
    "pyproject.toml", "README.md", "CHANGELOG.md", *LICENCE_FILES, "app.py",
    "viewer/__init__.py", "viewer/resources.py",
    "viewer/frontend/package.json", "viewer/frontend/package-lock.json", "viewer/frontend/build.mjs",
    "viewer/frontend/src/index.js", "viewer/frontend/src/standalone.js",
    *(f"annotations/schema/{name}.schema.json" for name in SCHEMAS),
    "annotations/motions/running.yaml", "annotations/motions/exercises.yaml", "annotations/motions/activation.yaml",
    "annotations/muscles/gluteus_medius.yaml",
    "meshes/manifest.yaml", "meshes/README.md",
    "tests/conftest.py", "docs/glute_viewer.ipynb",
)
FRAMES_DRAWN = f'{SCENE}[data-frames-drawn]:not([data-frames-drawn="0"])'
"""The scene root once the renderer has drawn a frame (``data-frames-drawn``, viewer/frontend/src/view.js)."""
EXTERNAL_SCRIPT = re.compile(r"""<script\b[^>]*\bsrc\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
# Environment variables that would let the venv see the work tree's packages or another content folder.
_LEAKY_ENV = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE", "VIRTUAL_ENV", "CONDA_PREFIX",
              "GLUTE_VIEWER_ANNOTATIONS", "PIP_REQUIRE_VIRTUALENV", "PIP_USER")


def _say(config: pytest.Config, text: str) -> None:
    """Print past pytest's output capture (timings show in every run, not only with -s)."""
    capman = config.pluginmanager.getplugin("capturemanager")
    if capman is None:
        print(text, flush=True)
        return
    with capman.global_and_fixture_disabled():
        print(f"\n[installed-wheel] {text}", flush=True)


def _run(args: Sequence[str | Path], cwd: Path, env: dict[str, str] | None = None,
         timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """Run a command; on failure, fail the test with the end of its output."""
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + "\n" + result.stderr).splitlines()[-60:])
        pytest.fail(f"`{' '.join(str(a) for a in args)}` exited {result.returncode} in {cwd}:\n{tail}", pytrace=False)
    return result


@dataclass
class Installed:
    """The built distributions and the venv the wheel is installed in."""

    sdist: Path
    wheel: Path
    venv: Path
    workdir: Path
    env: dict[str, str]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def script(self) -> Path:
        return self.venv / "bin" / "glute-viewer"

    def cli(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """Run ``glute-viewer ARGS`` from the empty folder with the venv's environment."""
        return _run([self.script, *args], cwd=self.workdir, env=self.env, timeout=timeout)


@pytest.fixture(scope="module")
def installed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build sdist -> wheel, install the wheel in a clean venv; the folders are temporary."""
    base = tmp_path_factory.mktemp("installed_wheel")
    timings: dict[str, float] = {}

    def step(name: str, args: Sequence[str | Path], cwd: Path, env: dict[str, str] | None = None) -> None:
        start = time.perf_counter()
        _run(args, cwd=cwd, env=env)
        timings[name] = time.perf_counter() - start
        _say(request.config, f"{name}: {timings[name]:.1f} s")

    build_env = {k: v for k, v in os.environ.items() if k not in _LEAKY_ENV}

    sdist_dir = base / "sdist"
    step("build sdist", [sys.executable, "-m", "build", "--sdist", "--outdir", sdist_dir, ROOT], ROOT, build_env)
    (sdist,) = sdist_dir.glob("glute_viewer-*.tar.gz")

    unpacked = base / "unpacked"
    with tarfile.open(sdist) as tar:
        if hasattr(tarfile, "data_filter"):  # Python >= 3.11.4
            tar.extractall(unpacked, filter="data")
        else:  # pragma: no cover - our own sdist, just built
            tar.extractall(unpacked)  # noqa: S202
    (source,) = unpacked.iterdir()
    wheel_dir = base / "wheel"
    step("build wheel from the sdist", [sys.executable, "-m", "build", "--wheel", "--outdir", wheel_dir, source],
         source, build_env)
    (wheel,) = wheel_dir.glob("glute_viewer-*.whl")

    venv = base / "venv"
    step("create venv", [sys.executable, "-m", "venv", venv], base, build_env)
    step("pip install the wheel", [venv / "bin" / "python", "-m", "pip", "install", wheel], base, build_env)

    workdir = base / "empty"
    workdir.mkdir()
    cache = base / "cache"
    cache.mkdir()
    env = dict(build_env)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    env["GLUTE_VIEWER_CACHE"] = str(cache)
    env["PYTHONNOUSERSITE"] = "1"
    return Installed(sdist=sdist, wheel=wheel, venv=venv, workdir=workdir, env=env, timings=timings)


def _timed(request: pytest.FixtureRequest, installed: Installed, name: str, *args: str,
           timeout: float = 300) -> subprocess.CompletedProcess[str]:
    start = time.perf_counter()
    result = installed.cli(*args, timeout=timeout)
    installed.timings[name] = time.perf_counter() - start
    _say(request.config, f"glute-viewer {' '.join(args)}: {installed.timings[name]:.1f} s")
    return result


def test_sdist_holds_everything_the_build_needs(installed: Installed) -> None:
    with tarfile.open(installed.sdist) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    missing = [name for name in SDIST_MUST_HAVE if name not in names]
    assert not missing, f"the sdist lacks {missing}"
    assert any(n.startswith("viewer/frontend/src/") and n.endswith(".js") for n in names)
    leaked = [n for n in names if "node_modules/" in n or n.startswith(("viewer/frontend/dist/", ".git/"))]
    assert not leaked, f"the sdist carries build products or VCS files: {leaked[:10]}"


def test_wheel_holds_package_data_bundles_and_licences(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as whl:
        names = set(whl.namelist())
    dist_info = f"glute_viewer-{VERSION}.dist-info"
    expected = [
        *BUNDLES,
        *(f"viewer/_data/annotations/schema/{name}.schema.json" for name in SCHEMAS),
        "viewer/_data/annotations/motions/running.yaml",
        "viewer/_data/annotations/motions/exercises.yaml",
        "viewer/_data/annotations/muscles/gluteus_maximus.yaml",
        "viewer/_data/meshes/manifest.yaml",
        "viewer/resources.py",
        "viewer/component/static/rich-text.js",
        "viewer/component/static/a11y.js",
        *(f"{dist_info}/licenses/{name}" for name in LICENCE_FILES),
    ]
    missing = [name for name in expected if name not in names]
    assert not missing, f"the wheel lacks {missing}"
    unwanted = [n for n in names if "node_modules/" in n or n.startswith(("viewer/frontend/src/", "tests/"))
                or n.endswith(("package.json", "package-lock.json", "build.mjs"))]
    assert not unwanted, f"the wheel carries sources or build inputs: {unwanted[:10]}"
    with zipfile.ZipFile(installed.wheel) as whl:
        metadata = whl.read(f"{dist_info}/METADATA").decode()
    assert "License-Expression: Apache-2.0" in metadata
    assert all(f"License-File: {name}" in metadata for name in LICENCE_FILES)


def test_installed_package_reads_its_own_data(installed: Installed) -> None:
    code = ("import json, viewer, viewer.resources as r; print(json.dumps({'file': viewer.__file__, "
            "'version': viewer.__version__, 'packaged': r.is_packaged(), 'annotations': str(r.annotations_root()), "
            "'manifest': r.meshes_manifest().is_file(), 'schemas': len(list(r.schema_dir().glob('*.json')))}))")
    info = json.loads(_run([installed.python, "-c", code], cwd=installed.workdir, env=installed.env).stdout)
    assert Path(info["file"]).is_relative_to(installed.venv), info
    assert info["version"] == VERSION, info
    assert info["packaged"] and Path(info["annotations"]).is_relative_to(installed.venv), info
    assert info["manifest"] and info["schemas"] == len(SCHEMAS), info


def test_cli_parts_and_motions_from_an_empty_folder(request: pytest.FixtureRequest, installed: Installed) -> None:
    parts = json.loads(_timed(request, installed, "parts", "parts", "--json").stdout)
    assert len(parts) == 18 and all(p["fibres"] for p in parts)
    for name, frames in (("running", 64), ("clamshell", None)):
        motion = json.loads(_timed(request, installed, f"motion {name}", "motion", name, "--json").stdout)
        assert motion["name"] == name
        assert motion["phase"] and (frames is None or len(motion["phase"]) == frames)
    assert sorted(p.name for p in installed.workdir.iterdir()) == [], "the CLI wrote into the working folder"


def test_export_from_an_empty_folder(request: pytest.FixtureRequest, installed: Installed) -> None:
    _timed(request, installed, "export", "export", "out.html")
    out = installed.workdir / "out.html"
    try:
        assert out.is_file()
        size = out.stat().st_size
        assert size > 500_000, f"the export is only {size} bytes"
        html = out.read_text(encoding="utf-8")
        external = EXTERNAL_SCRIPT.findall(html)
        assert not external, f"the export loads scripts from the network: {external[:3]}"
        assert "DesLauriers" in html, "the inlined bundle lost the gifenc licence notice"
    finally:
        out.unlink(missing_ok=True)


@pytest.fixture
def served(request: pytest.FixtureRequest, installed: Installed, tmp_path: Path) -> Iterator[str]:
    """``glute-viewer serve`` of the venv on a free port, from the empty folder; killed in a finally."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log_path = tmp_path / "serve.log"
    start = time.perf_counter()
    with log_path.open("wb") as log:
        proc = subprocess.Popen([str(installed.script), "serve", "--port", str(port), "--no-show"],
                                cwd=installed.workdir, env=installed.env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                pytest.fail(f"serve exited with {proc.returncode}:\n{log_path.read_text(errors='replace')[-4000:]}",
                            pytrace=False)
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    if response.status == 200:
                        break
            except (OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"serve did not answer on {url} in 180 s:\n{log_path.read_text(errors='replace')[-4000:]}",
                            pytrace=False)
            time.sleep(0.25)
        installed.timings["serve (until HTTP 200)"] = time.perf_counter() - start
        _say(request.config, f"glute-viewer serve, until HTTP 200: {installed.timings['serve (until HTTP 200)']:.1f} s")
        yield url
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def test_served_app_draws_the_3d_view(request: pytest.FixtureRequest, installed: Installed, served: str,
                                      page, console) -> None:
    start = time.perf_counter()
    open_app(page, served)
    # the component lives in a shadow root: Playwright's CSS selectors pierce it, document.querySelector does not
    page.wait_for_selector(FRAMES_DRAWN, state="attached", timeout=60_000)
    assert int(scene_data(page, "frames-drawn") or 0) > 0
    installed.timings["page until drawn"] = time.perf_counter() - start
    _say(request.config, f"page until the 3D view drew: {installed.timings['page until drawn']:.1f} s")
    image = canvas_image(page)
    assert_drawn(image)
    assert not console.errors, console.errors
    _say(request.config, "timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in installed.timings.items()))
