"""Off-screen pictures of the neutral pose: bones and all fibres with pyvista (no display needed).

A thin wrapper over :mod:`viewer.render` (one Plotter per view, whole femurs in frame).
"""

from __future__ import annotations

from pathlib import Path

from viewer.render.options import VIEWS

__all__ = ["VIEWS", "render_neutral"]


def render_neutral(out_dir: str | Path, views: tuple[str, ...] = ("anterior", "lateral", "posterior"),
                   size: tuple[int, int] = (1200, 900)) -> list[Path]:
    """Render the neutral pose to ``<out_dir>/neutral_<view>.png`` for each view.

    Parameters
    ----------
    out_dir : path
        Folder for the PNG files (created).
    views : tuple of str
        Names from :data:`VIEWS`.
    size : (width, height)
        Pixels.

    Returns
    -------
    list of Path
        The files written.

    """
    from viewer.anatomy.motions import neutral
    from viewer.anatomy.scene import build_scene
    from viewer.render.stage import Stage
    from viewer.render.writers import write_png

    scene = build_scene(neutral())
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for view in views:
        stage = Stage(scene, view, size, framed_femur=None)
        try:
            path = out / f"neutral_{view}.png"
            write_png(path, stage.image(0))
        finally:
            stage.close()
        files.append(path)
    return files
