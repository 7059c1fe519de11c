"""The example notebook runs in a real Jupyter kernel and displays the viewer (docs/glute_viewer.ipynb)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from viewer import GluteViewer

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "glute_viewer.ipynb"
PANEL_MIME = "application/vnd.holoviews_exec.v0+json"


@pytest.fixture(scope="module")
def executed() -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    resources = {"metadata": {"path": str(NOTEBOOK.parent)}}
    NotebookClient(nb, timeout=300, kernel_name="python3", resources=resources).execute()
    return nb


def test_notebook_is_committed_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_notebook_executes_and_displays_the_viewer(executed: nbformat.NotebookNode) -> None:
    code = [c for c in executed.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    shown = [o for o in code[1].outputs if PANEL_MIME in o.get("data", {})]
    assert shown, [list(o.get("data", {})) for o in code[1].outputs]
    html = shown[0]["data"]["text/html"]
    assert "GluteScene" in html or "glute-scene" in html or "glute_viewer" in html, html[:500]
    last = code[2].outputs[0]["data"]["text/plain"]
    assert last == "('rotation', 90.0, 'action')"


def test_bad_values_raise_with_the_reason() -> None:
    with pytest.raises(ValueError, match="(?i)unknown motion 'jog'; expected one of: abduction"):
        GluteViewer(motion="jog")
    with pytest.raises(ValueError, match="glmed9_r"):
        GluteViewer(select="glmed9_r")
    with pytest.raises(TypeError, match="colour"):
        GluteViewer(colour="action")
