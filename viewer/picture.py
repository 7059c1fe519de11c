"""Off-screen pictures of the neutral pose: bones and all fibres with pyvista (no display needed).

A thin wrapper over :mod:`viewer.render` (one Plotter per view, whole femurs in frame).
"""

from __future__ import annotations

from pathlib import Path

from viewer.atomic_write import check_target, make_folder
from viewer.render.options import VIEWS, check_size

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
        Pixels, each from :data:`~viewer.render.options.MIN_SIZE` to
        :data:`~viewer.render.options.MAX_SIZE`.

    Returns
    -------
    list of Path
        The files written, each whole (an existing file is replaced only by a complete one).

    Raises
    ------
    viewer.render.RenderError
        For a size out of range (nothing is rendered).
    viewer.atomic_write.OutputError
        If the folder cannot be created or a file cannot be written (a target that is a folder
        or a device is refused before rendering).

    """
    from viewer.anatomy.motions import neutral
    from viewer.anatomy.scene import build_scene
    from viewer.render.stage import Stage
    from viewer.render.writers import write_png

    size = check_size(size)
    out = make_folder(out_dir)
    paths = [out / f"neutral_{view}.png" for view in views]
    for path in paths:
        check_target(path)
    scene = build_scene(neutral())
    for view, path in zip(views, paths, strict=True):
        stage = Stage(scene, view, size, framed_femur=None)
        try:
            write_png(path, stage.image(0))
        finally:
            stage.close()
    return paths
