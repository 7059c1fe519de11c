"""Build the front-end bundles in ``viewer/frontend/dist`` with npm and esbuild.

Two outputs of one build (``build.mjs``): ``glute-scene.js`` (:data:`BUNDLE`, the scene
component's ESM) and ``glute-standalone.js`` (:data:`STANDALONE_BUNDLE`, the classic script
inlined into the one-file offline export, :mod:`viewer.export`).

``build_frontend()`` runs ``npm ci`` when ``node_modules`` is missing or the lockfile changed
since the last install, then ``node build.mjs`` when a bundle is missing or older than its
sources. ``python -m viewer.component.build [--force]`` does the same from a shell: in a
checkout, after editing ``viewer/frontend/src``, to rebuild a stale bundle.

Packaging does not go through this module: the build backend (hatchling) runs the same
``npm install`` + ``npm run build`` (= ``node build.mjs``) through the hatch-jupyter-builder
hook configured in pyproject.toml, for wheels and editable installs alike, and the wheel
carries both bundles. An installed wheel has no sources, so nothing here rebuilds it. This
module imports only the standard library.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

FRONTEND = Path(__file__).resolve().parents[1] / "frontend"
BUNDLE = FRONTEND / "dist" / "glute-scene.js"
STANDALONE_BUNDLE = FRONTEND / "dist" / "glute-standalone.js"
OUTPUTS = (BUNDLE.name, STANDALONE_BUNDLE.name)
"""File names of the build outputs in ``dist`` (both come from one ``node build.mjs``)."""
BUILD_COMMAND = "python -m viewer.component.build"
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
            frontend.parent / "vocab.json", *sorted((frontend / "src").glob("*.js"))]


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
