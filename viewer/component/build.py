"""Build the front-end bundles in ``viewer/frontend/dist`` with npm and esbuild.

Two outputs of one build (``build.mjs``): ``glute-scene.js`` (:data:`BUNDLE`, the scene
component's ESM) and ``glute-standalone.js`` (:data:`STANDALONE_BUNDLE`, the classic script
inlined into the one-file offline export, :mod:`viewer.export`).

``build_frontend()`` runs ``npm ci`` when ``node_modules`` is missing or the lockfile changed
since the last install, then ``node build.mjs`` when a bundle is missing or older than its
sources. ``python -m viewer.component.build [--force]`` does the same from a shell.

:class:`BuildPyWithFrontend` is the setuptools ``build_py`` command named in pyproject.toml
(``[tool.setuptools.cmdclass]``), so ``pip install .`` and ``pip install -e .`` build the
bundle. setuptools loads this file by path, without importing the ``viewer`` package, so it
imports only the standard library and setuptools. Set ``GLUTE_VIEWER_SKIP_FRONTEND=1`` to
install without building (the viewer then refuses to start until the bundle is built).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

try:  # setuptools is there at install time; at run time (scene.py imports the paths) it may not be
    from setuptools.command.build_py import build_py
except ImportError:  # pragma: no cover - a venv without setuptools
    build_py = object

FRONTEND = Path(__file__).resolve().parents[1] / "frontend"
BUNDLE = FRONTEND / "dist" / "glute-scene.js"
STANDALONE_BUNDLE = FRONTEND / "dist" / "glute-standalone.js"
OUTPUTS = (BUNDLE.name, STANDALONE_BUNDLE.name)
"""File names of the build outputs in ``dist`` (both come from one ``node build.mjs``)."""
BUILD_COMMAND = "python -m viewer.component.build"
SKIP_ENV = "GLUTE_VIEWER_SKIP_FRONTEND"
_LOCK_STAMP = ".glute-lock.sha256"


class FrontendBuildError(RuntimeError):
    """The bundle could not be built (node/npm missing, install or build failed)."""


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise FrontendBuildError(
            f"'{name}' was not found on PATH; the viewer's front end is built with Node.js (>= 18) and npm. "
            f"Install them (e.g. `apt-get install nodejs npm`), then run `{BUILD_COMMAND}`."
        )
    return path


def _run(args: list[str], cwd: Path) -> None:
    print(f"[glute-viewer] {' '.join(args)}  (in {cwd})", file=sys.stderr, flush=True)
    result = subprocess.run(args, cwd=cwd, check=False)
    if result.returncode != 0:
        raise FrontendBuildError(f"`{' '.join(args)}` failed with exit code {result.returncode} in {cwd}")


def _lock_hash(frontend: Path) -> str:
    return hashlib.sha256((frontend / "package-lock.json").read_bytes()).hexdigest()


def _needs_install(frontend: Path) -> bool:
    stamp = frontend / "node_modules" / _LOCK_STAMP
    return not stamp.is_file() or stamp.read_text().strip() != _lock_hash(frontend)


def _sources(frontend: Path) -> list[Path]:
    return [frontend / "package.json", frontend / "package-lock.json", frontend / "build.mjs",
            *sorted((frontend / "src").glob("*.js"))]


def bundle_is_stale(frontend: Path = FRONTEND) -> bool:
    """Whether a bundle (:data:`OUTPUTS`) is missing or older than any of the sources."""
    bundles = [frontend / "dist" / name for name in OUTPUTS]
    if not all(b.is_file() for b in bundles):
        return True
    built = min(b.stat().st_mtime for b in bundles)
    return any(p.is_file() and p.stat().st_mtime > built for p in _sources(frontend))


def build_frontend(force: bool = False, frontend: Path = FRONTEND) -> Path:
    """Build the bundles (:data:`OUTPUTS`) if needed and return the scene bundle's path.

    Parameters
    ----------
    force : bool
        Rebuild even when the bundle is newer than its sources (``npm ci`` still runs only
        when ``node_modules`` is missing or the lockfile changed).
    frontend : Path
        The front-end folder (``viewer/frontend``).

    Returns
    -------
    Path
        ``viewer/frontend/dist/glute-scene.js`` (``glute-standalone.js`` is beside it).

    Raises
    ------
    FrontendBuildError
        If node or npm is missing, or ``npm ci`` / the build fails, or there are no sources.

    """
    bundle = frontend / "dist" / BUNDLE.name
    if not (frontend / "src" / "index.js").is_file():
        if bundle.is_file():
            return bundle  # an installed copy without sources: nothing to build
        raise FrontendBuildError(f"no front-end sources in {frontend / 'src'} and no bundle at {bundle}")
    if not force and not bundle_is_stale(frontend):
        return bundle
    node = _tool("node")
    if _needs_install(frontend):
        _run([_tool("npm"), "ci", "--no-audit", "--no-fund"], frontend)
        (frontend / "node_modules" / _LOCK_STAMP).write_text(_lock_hash(frontend) + "\n")
    _run([node, "build.mjs"], frontend)
    for name in OUTPUTS:
        if not (frontend / "dist" / name).is_file():
            raise FrontendBuildError(f"the build finished but {frontend / 'dist' / name} is missing")
    return bundle


class BuildPyWithFrontend(build_py):
    """setuptools ``build_py`` that builds the front-end bundle first (also for editable installs)."""

    def run(self) -> None:
        """Build the bundle (unless ``GLUTE_VIEWER_SKIP_FRONTEND`` is set), then the usual build_py."""
        if os.environ.get(SKIP_ENV, "") not in ("", "0"):
            print(f"[glute-viewer] {SKIP_ENV} set: not building the front end", file=sys.stderr)
        else:
            build_frontend()
        super().run()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m viewer.component.build [--force]``."""
    args = sys.argv[1:] if argv is None else argv
    if any(a not in ("--force",) for a in args):
        print("usage: python -m viewer.component.build [--force]", file=sys.stderr)
        return 2
    try:
        path = build_frontend(force="--force" in args)
    except FrontendBuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for out in (path.parent / name for name in OUTPUTS):
        print(f"{out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
