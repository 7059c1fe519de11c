"""The solid muscles in the off-screen pictures: one closed mesh per part, its points rewritten per frame.

The same volumes the browser draws (``viewer/frontend/src/volume.js``): each part is the closed
slab of :func:`viewer.anatomy.volume_shape.slab` between its boundary rows, in the part's colour
with the rows that are fibres darker (:data:`STRIATION`), smooth-shaded (pyvista recomputes the
point normals whenever the points change). In the ``both`` display mode the volumes are
see-through (:data:`SEE_THROUGH_OPACITY`) over the fibre tubes and drawn as the browser draws
them: after the opaque bones and fibres, without writing depth, the parts one after another from
the farthest to the nearest (:meth:`Volumes.sort`). VTK's default for see-through actors
(weighted order-independent blending) lets a deeper muscle show on top of the one over it, and
depth peeling, which is right, costs about four times the frame in software OpenGL.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.scene import Scene
from viewer.anatomy.volume_shape import VolumeTables, part_topology, part_vertices, slab

SEE_THROUGH_OPACITY: Final = 0.5
"""The volumes' opacity while the fibres are drawn too (the browser's ``SEE_THROUGH_OPACITY``)."""
STRIATION: Final = 0.8
"""Brightness of the grid rows that are fibres, between them 1 (the browser's ``STRIATION``)."""
SPECULAR: Final = 0.15


@lru_cache(maxsize=8)
def _topology(rows: int, columns: int, flip: bool) -> np.ndarray:
    """VTK face array (3, i, j, k per triangle) of one part, cached: the topology never changes."""
    tris = part_topology(rows, columns, flip)
    return np.hstack([np.full((len(tris), 1), 3), tris]).astype(np.int64).ravel()


class Volumes:
    """The volumes of some parts in a Plotter.

    Parameters
    ----------
    plotter : pyvista.Plotter
        Where the meshes are added.
    scene : Scene
        The motion's fibre points and bone transforms, every frame.
    styles : dict
        Part id -> (RGB in 0..1, opacity) of each part drawn: opacity 1 for a solid volume,
        :data:`SEE_THROUGH_OPACITY` over the fibres, less for the parts dimmed beside a selection.
    tables : VolumeTables, optional
        Default :func:`viewer.anatomy.muscle_volumes.volume_tables` for the scene's bones.

    """

    def __init__(self, plotter, scene: Scene, styles: dict[str, tuple[tuple[float, float, float], float]],
                 tables: VolumeTables | None = None) -> None:
        import pyvista as pv

        self.scene, self.tables = scene, tables
        self._parts = []
        self._actors = []
        self.see_through = any(opacity < 1.0 for _, opacity in styles.values())
        if not styles:  # the fibres display mode: nothing to load or draw
            return
        if tables is None:
            from viewer.anatomy.muscle_volumes import volume_tables

            self.tables = volume_tables(include_context=any(b.context for b in scene.bones.values()))
        tables = self.tables
        order = list(ids.part_ids())
        deep, superficial = self._slab(0)
        columns = deep.shape[2]
        for part, (rgb, opacity) in styles.items():
            p = order.index(part)
            g, (first, last) = int(tables.part_group[p]), (int(r) for r in tables.part_rows[p])
            mesh = pv.PolyData(part_vertices(deep, superficial, g, first, last),
                               _topology(last - first + 1, columns, bool(tables.sign[g] < 0)))
            mesh.point_data["rgb"] = _striped(rgb, first, last, columns)
            actor = plotter.add_mesh(mesh, scalars="rgb", rgb=True, smooth_shading=True, opacity=opacity,
                                     specular=SPECULAR)
            self._actors.append(actor)
            self._parts.append((mesh, g, first, last))

    def _slab(self, frame: int) -> tuple[np.ndarray, np.ndarray]:
        scene = self.scene
        return slab(scene.fibre_points[frame].astype(float), scene.bone_transforms[frame].astype(float), self.tables)

    def show(self, frame: int) -> None:
        """Move every part's points to ``frame`` (no render yet)."""
        if not self._parts:
            return
        deep, superficial = self._slab(frame)
        for mesh, g, first, last in self._parts:
            mesh.points = part_vertices(deep, superficial, g, first, last)

    def sort(self, renderer, eye: np.ndarray) -> None:
        """If any part is see-through, re-add the actors to ``renderer`` from the farthest from ``eye`` to the nearest.

        Only the see-through ones are drawn in that order; the opaque ones are drawn first, with depth.
        """
        if not self.see_through or len(self._actors) < 2:
            return
        depth = [float(np.linalg.norm(mesh.points.mean(axis=0) - eye)) for mesh, *_ in self._parts]
        for i in np.argsort(depth)[::-1]:
            renderer.RemoveActor(self._actors[i])
            renderer.AddActor(self._actors[i])


def _striped(rgb: tuple[float, float, float], first: int, last: int, columns: int) -> np.ndarray:
    """Point colours (uint8) of one part: superficial then deep grid, the fibre rows (even) darker."""
    rows = np.arange(first, last + 1)
    shade = np.where(rows % 2 == 0, STRIATION, 1.0)
    face = np.repeat(shade, columns)[:, None] * np.asarray(rgb, float)[None]
    return np.round(np.concatenate([face, face]) * 255).astype(np.uint8)
