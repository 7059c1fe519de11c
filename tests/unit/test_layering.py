"""Dependencies run one way.

    cli -> app (Panel) -> component (Panel models) -> content -> anatomy
    cli -> export, render -> content, vocab, anatomy     (no Panel, nothing of the app)

The anatomy engine knows nothing of Panel or of the layers above it; the export and the renderer
import nothing from the app and run with Panel blocked; ``viewer.content`` and ``viewer.vocab`` (the
per-process caches and the vocabularies every layer shares) import no Panel either. Checked two
ways: statically, every import statement of every module (lazy ones included), and by running.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "viewer"
PANEL = {"panel", "param", "bokeh"}
RULES = {
    "anatomy": PANEL | {"viewer.component", "viewer.app", "viewer.content", "viewer.export", "viewer.render",
                        "viewer.vocab", "viewer.api", "viewer.cli"},
    "content": PANEL | {"viewer.app", "viewer.export", "viewer.render", "viewer.api", "viewer.cli",
                        "viewer.component.scene", "viewer.component.richtext"},
    "export": PANEL | {"viewer.app", "viewer.api", "viewer.cli", "viewer.component.scene",
                       "viewer.component.richtext"},
    "render": PANEL | {"viewer.app", "viewer.api", "viewer.cli", "viewer.export", "viewer.content",
                       "viewer.component"},
    "component": {"viewer.app", "viewer.api", "viewer.cli", "viewer.export", "viewer.render"},
    "app": {"viewer.api", "viewer.cli"},
}
"""Folder (or module) of ``viewer`` -> module prefixes it must never import."""
SINGLE_FILES = {"vocab.py": PANEL | {"viewer.app", "viewer.content", "viewer.component", "viewer.export"},
                "errors.py": {"viewer"}, "resources.py": PANEL | {"viewer.app"}}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _broken(path: Path, forbidden: set[str]) -> list[str]:
    return sorted(n for n in imported_modules(path) if any(n == f or n.startswith(f + ".") for f in forbidden))


@pytest.mark.parametrize("folder", sorted(RULES))
def test_each_layer_imports_only_below_it(folder: str) -> None:
    files = sorted((PACKAGE / folder).rglob("*.py"))
    assert files
    broken = {str(p.relative_to(PACKAGE)): _broken(p, RULES[folder]) for p in files}
    assert not {k: v for k, v in broken.items() if v}


@pytest.mark.parametrize("name", sorted(SINGLE_FILES))
def test_shared_modules_import_no_layer_above(name: str) -> None:
    assert not _broken(PACKAGE / name, SINGLE_FILES[name])


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    """A control: the static check finds lazy and ``from`` imports alike."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from viewer.app import state\n    import panel as pn\n", encoding="utf-8")
    assert _broken(probe, RULES["export"]) == ["panel", "viewer.app", "viewer.app.state"]


BLOCK_PANEL = "import sys\nfor m in ('panel', 'param', 'bokeh'): sys.modules[m] = None\n"


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", BLOCK_PANEL + code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout.strip()


def test_anatomy_runs_with_panel_blocked() -> None:
    out = _run(
        "from viewer.anatomy import motions, scene\n"
        "s = scene.build_scene(motions.abduction(frames=4))\n"
        "assert s.fibre_points.shape[0] == 4\n"
        "print('ok')\n"
    )
    assert out == "ok"


def test_the_export_runs_with_panel_blocked_and_loads_nothing_of_the_app() -> None:
    out = _run(
        "from viewer.export import export_html_string\n"
        "page = export_html_string('clamshell', motions='clamshell,running')\n"
        "assert '<html' in page and len(page) > 500_000, len(page)\n"
        "loaded = sorted(m for m, mod in sys.modules.items() if mod is not None\n"
        "                and m.startswith(('viewer.app', 'viewer.api', 'panel', 'bokeh')))\n"
        "print(loaded)\n"
    )
    assert out == "[]"


def test_the_cli_motion_and_export_commands_run_with_panel_blocked(tmp_path: Path) -> None:
    out = _run(
        "from viewer.cli import main\n"
        f"assert main(['motion', 'running', '--json']) == 0\n"
        f"assert main(['export', {str(tmp_path / 'x.html')!r}, '--motions', 'abduction']) == 0\n"
    )
    assert (tmp_path / "x.html").stat().st_size > 500_000, out
