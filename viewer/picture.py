"""Off-screen pictures of the bones and all fibres with pyvista (no display needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from viewer.anatomy.motions import neutral
from viewer.anatomy.scene import build_scene
from viewer.palette import BONE_RGB, part_rgb

VIEWS = {
    # camera position direction (ground frame: x anterior, y superior, z right), view-up
    "anterior": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0)),
    "lateral": ((0.0, 0.0, 1.0), (0.0, 1.0, 0.0)),
    "posterior": ((-1.0, 0.0, 0.0), (0.0, 1.0, 0.0)),
}


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
    import pyvista as pv

    scene = build_scene(neutral())
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for view in views:
        direction, up = VIEWS[view]
        plotter = pv.Plotter(off_screen=True, window_size=list(size))
        plotter.set_background("white")
        for b, bone_id in enumerate(scene.bone_ids):
            bone = scene.bones[bone_id]
            transform = scene.bone_transforms[0, b].astype(float)
            verts = bone.vertices @ transform[:3, :3].T + transform[:3, 3]
            faces = np.hstack([np.full((len(bone.faces), 1), 3), bone.faces]).astype(np.int64)
            mesh = pv.PolyData(verts, faces.ravel())
            mesh.point_data["Normals"] = bone.normals @ transform[:3, :3].T
            plotter.add_mesh(mesh, color=BONE_RGB, smooth_shading=True, specular=0.2)
        for f, part in enumerate(scene.fibre_parts):
            line = pv.lines_from_points(scene.fibre_points[0, f].astype(float))
            plotter.add_mesh(line.tube(radius=0.0016, n_sides=10), color=part_rgb(part), smooth_shading=True)
        centre = np.array([-0.05, -0.19, 0.0])
        plotter.camera.focal_point = centre
        plotter.camera.position = centre + 1.15 * np.array(direction)
        plotter.camera.up = up
        plotter.camera.zoom(1.0)
        path = out / f"neutral_{view}.png"
        plotter.screenshot(str(path))
        plotter.close()
        files.append(path)
    return files
