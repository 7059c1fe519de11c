"""Dependencies run one way: anatomy <- component <- app; anatomy works without panel."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "viewer"
FORBIDDEN_IN_ANATOMY = {"panel", "param", "bokeh", "viewer.component", "viewer.app"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_anatomy_imports_nothing_from_ui_layers():
    files = sorted((PACKAGE / "anatomy").rglob("*.py"))
    assert files
    for path in files:
        for name in imported_modules(path):
            assert not any(name == f or name.startswith(f + ".") for f in FORBIDDEN_IN_ANATOMY), (path, name)


def test_component_does_not_import_app():
    for path in sorted((PACKAGE / "component").rglob("*.py")):
        for name in imported_modules(path):
            assert not name.startswith("viewer.app"), (path, name)


def test_anatomy_runs_with_panel_blocked():
    code = (
        "import sys\n"
        "for m in ('panel', 'param', 'bokeh'): sys.modules[m] = None\n"
        "from viewer.anatomy import motions, scene\n"
        "s = scene.build_scene(motions.abduction(frames=4))\n"
        "assert s.fibre_points.shape[0] == 4\n"
        "assert not any(k.split('.')[0] in ('panel','param','bokeh') and sys.modules[k] for k in sys.modules)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
