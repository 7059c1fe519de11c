"""One off-screen pyvista Plotter for every frame of a motion.

Bones are added once and moved with their actor's matrix; the fibres of a group
share one tube mesh whose points are rewritten in place per frame, and so do the
solid muscles, one closed mesh per part (:mod:`viewer.render.volumes`), drawn as the
display mode asks (:data:`viewer.vocab.DISPLAY_MODES`). The camera is fixed for the
whole loop and framed on the hip region of every frame.

Antialiasing is done by rendering at twice the size without MSAA and halving
with a box filter: about 4x faster than VTK's default 8x MSAA in software
OpenGL (Mesa llvmpipe), and as smooth.
"""

from __future__ import annotations

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.scene import Scene
from viewer.palette import BONE_RGB, CONTEXT_BONE_RGB, part_rgb
from viewer.render.options import VIEWS
from viewer.render.volumes import SEE_THROUGH_OPACITY, Volumes
from viewer.vocab import BACKGROUND, DEFAULT_DISPLAY

FIBRE_RADIUS = 0.0016
SELECTED_RADIUS = 0.0026
DIMMED_RADIUS = 0.0012
DIM_TOWARD = np.array([0.86, 0.86, 0.86])
DIM_AMOUNT = 0.72
DIMMED_OPACITY = 0.22
"""Opacity factor of the volumes beside a selection (the browser's ``DIMMED``, viewer/frontend/src/layers.js)."""
VIEW_ANGLE_DEG = 30.0
MARGIN = 1.08
SUPERSAMPLE = 2
FRAMED_FEMUR = 0.2
"""Metres of femur below the hip centre kept in frame: the camera frames the hip region, knees may leave it."""


class Stage:
    """Bones, fibres and solid muscles of a scene in one off-screen Plotter.

    Parameters
    ----------
    scene : Scene
        From :func:`viewer.anatomy.scene.build_scene`.
    view : str
        A key of :data:`viewer.render.options.VIEWS`.
    size : (width, height)
        Pixels.
    select : str, optional
        Part id drawn thicker and in full colour; the other fibres and volumes are dimmed.
    layers : tuple of str, optional
        Layer ids whose parts are drawn (default all).
    parts : tuple of str, optional
        Part ids drawn (default all, within ``layers``).
    framed_femur : float or None
        Metres of femur below the hip centre that the camera keeps in frame; None frames
        the whole femur.
    display : {"both", "muscles", "fibres"}
        Solid volumes see-through over the fibre tubes, solid volumes alone, or the tubes alone
        (:data:`viewer.vocab.DISPLAY_MODES`). The camera is framed the same way in every mode.

    """

    def __init__(self, scene: Scene, view: str, size: tuple[int, int], select: str | None = None,
                 layers: tuple[str, ...] | None = None, framed_femur: float | None = FRAMED_FEMUR,
                 parts: tuple[str, ...] | None = None, display: str = DEFAULT_DISPLAY) -> None:
        import pyvista as pv

        self.scene = scene
        self.size = (int(size[0]), int(size[1]))
        self.plotter = pv.Plotter(off_screen=True, window_size=[SUPERSAMPLE * n for n in self.size])
        self.plotter.ren_win.SetMultiSamples(0)
        try:
            self._build(scene, view, select, layers, framed_femur, parts, display)
        except BaseException:
            self.plotter.close()
            raise

    def _build(self, scene: Scene, view: str, select: str | None, layers: tuple[str, ...] | None,
               framed_femur: float | None, parts: tuple[str, ...] | None = None,
               display: str = DEFAULT_DISPLAY) -> None:
        import pyvista as pv

        self.plotter.set_background(BACKGROUND)
        self._bones = []
        for bone_id in scene.bone_ids:
            bone = scene.bones[bone_id]
            faces = np.hstack([np.full((len(bone.faces), 1), 3), bone.faces]).astype(np.int64)
            mesh = pv.PolyData(np.asarray(bone.vertices, float), faces.ravel())
            mesh.point_data["Normals"] = np.asarray(bone.normals, float)
            rgb = CONTEXT_BONE_RGB if bone.context else BONE_RGB
            self._bones.append(self.plotter.add_mesh(mesh, color=rgb, smooth_shading=True, specular=0.2))
        self._groups = []
        fibre_groups = _fibre_groups(scene.fibre_parts, select, layers, parts)
        for fibres, radius, rgb in fibre_groups if display != "muscles" else ():
            k = scene.fibre_points.shape[2]
            lines = pv.PolyData(np.zeros((len(fibres) * k, 3)))
            lines.lines = np.hstack([np.full((len(fibres), 1), k), np.arange(len(fibres) * k).reshape(-1, k)]).ravel()
            lines.point_data["rgb"] = np.repeat(rgb, k, axis=0)
            self._set_fibres(lines, fibres, 0)
            tube = lines.tube(radius=radius, n_sides=10)
            self.plotter.add_mesh(tube, scalars="rgb", rgb=True, smooth_shading=True)
            self._groups.append((fibres, radius, lines, tube))
        styles = _volume_styles(select, layers, parts, display)
        self._volumes = Volumes(self.plotter, scene, styles)
        if self._volumes.see_through:
            self.plotter.renderer.SetUseOIT(False)  # blend the parts in the order Volumes.sort gives
        self._framed = np.concatenate([fibres for fibres, _, _ in fibre_groups]) if fibre_groups else np.zeros(0, int)
        self._framed_femur = framed_femur
        self._frame_camera(view, self.size)

    def _set_fibres(self, lines, fibres: np.ndarray, frame: int) -> None:
        lines.points = self.scene.fibre_points[frame, fibres].reshape(-1, 3).astype(float)

    def show(self, frame: int) -> None:
        """Pose bones and fibres at ``frame`` (no render yet)."""
        for b, actor in enumerate(self._bones):
            actor.user_matrix = self.scene.bone_transforms[frame, b].astype(float)
        for fibres, radius, lines, tube in self._groups:
            self._set_fibres(lines, fibres, frame)
            tube.copy_from(lines.tube(radius=radius, n_sides=10))
        self._volumes.show(frame)
        self._volumes.sort(self.plotter.renderer, np.asarray(self.plotter.camera.position, float))
        self.plotter.renderer.reset_camera_clipping_range()

    def image(self, frame: int, transparent: bool = False) -> np.ndarray:
        """Render ``frame`` and return its pixels, (height, width, 3) or RGBA if ``transparent``, uint8."""
        from PIL import Image

        self.show(frame)
        self.plotter.render()  # no-op before the first screenshot, which renders by itself
        big = Image.fromarray(self.plotter.screenshot(None, transparent_background=transparent, return_img=True))
        if transparent:  # average premultiplied colours so edges do not pick up the background
            small = big.convert("RGBa").reduce(SUPERSAMPLE).convert("RGBA")
        else:
            small = big.reduce(SUPERSAMPLE)
        pixels = np.asarray(small)
        if pixels.shape[:2] != self.size[::-1]:
            raise RuntimeError(f"rendered {pixels.shape[1]}x{pixels.shape[0]}, expected {self.size[0]}x{self.size[1]}")
        return pixels

    def close(self) -> None:
        """Release the render window."""
        self.plotter.close()

    def _frame_camera(self, view: str, size: tuple[int, int]) -> None:
        """A fixed camera along ``view`` that fits the bones and fibres of every frame."""
        direction, up = (np.asarray(v, float) for v in VIEWS[view])
        right = np.cross(-direction, up)
        points = self._all_points()
        x, y, z = points @ right, points @ up, points @ direction
        centre_xy = np.array([x.max() + x.min(), y.max() + y.min()]) / 2
        depth = (z.max() + z.min()) / 2
        centre = centre_xy[0] * right + centre_xy[1] * up + depth * direction
        tan_v = np.tan(np.radians(VIEW_ANGLE_DEG) / 2)
        aspect = size[0] / size[1]
        half = np.maximum(np.abs(y - centre_xy[1]) / tan_v, np.abs(x - centre_xy[0]) / (tan_v * aspect))
        distance = MARGIN * float(np.max(half + (z - depth)))
        camera = self.plotter.camera
        camera.view_angle = VIEW_ANGLE_DEG
        self.plotter.camera_position = [tuple(centre + distance * direction), tuple(centre), tuple(up)]

    def _all_points(self) -> np.ndarray:
        """The points to frame over all frames (ground frame): pelvis, sacrum, proximal femurs, drawn parts' fibres.

        The fibres count whether their tubes are drawn or not, so every display mode is framed alike.
        As in the browser, a motion that moves the ankles (running, the exercises) is framed down to the
        feet (whole femurs and the lower legs); the sweeps frame the hip, the lower legs drawn but not framed.
        """
        scene = self.scene
        legs = any(joint.startswith("ankle_angle") for joint in scene.motion.joints)
        out = []
        for b, bone_id in enumerate(scene.bone_ids):
            if scene.bones[bone_id].context and not legs:
                continue
            verts = np.asarray(scene.bones[bone_id].vertices, float)
            if bone_id.startswith("femur") and self._framed_femur is not None and not legs:
                verts = verts[verts[:, 1] > -self._framed_femur]
            t = scene.bone_transforms[:, b].astype(float)
            out.append((verts @ t[:, :3, :3].transpose(0, 2, 1) + t[:, None, :3, 3]).reshape(-1, 3))
        out.append(scene.fibre_points[:, self._framed].reshape(-1, 3).astype(float))
        return np.concatenate(out)


def _volume_styles(select: str | None, layers: tuple[str, ...] | None, shown: tuple[str, ...] | None,
                   display: str) -> dict[str, tuple[tuple[float, float, float], float]]:
    """Part id -> (RGB in 0..1, opacity) of each volume drawn (none in the ``fibres`` display mode).

    The part colour, at :data:`~viewer.render.volumes.SEE_THROUGH_OPACITY` over the fibres (``both``)
    or opaque (``muscles``); beside a selection the other parts are dimmed as their fibres are, and
    made fainter (:data:`DIMMED_OPACITY`, the browser's) so the selected part shows through them.
    """
    if display == "fibres":
        return {}
    out = {}
    base = SEE_THROUGH_OPACITY if display == "both" else 1.0
    for p in ids.part_ids():
        if (layers is None or ids.layer_of(p) in layers) and (shown is None or p in shown):
            rgb, opacity = np.asarray(part_rgb(p), float), base
            if select is not None and p != select:
                rgb, opacity = (1 - DIM_AMOUNT) * rgb + DIM_AMOUNT * DIM_TOWARD, base * DIMMED_OPACITY
            out[p] = (tuple(float(c) for c in rgb), opacity)
    return out


def _fibre_groups(parts: list[str], select: str | None, layers: tuple[str, ...] | None,
                  shown: tuple[str, ...] | None = None):
    """(fibre indices, tube radius, RGB per fibre as uint8) for each group drawn."""
    drawn = np.array([(layers is None or ids.layer_of(p) in layers) and (shown is None or p in shown) for p in parts])
    rgb = np.array([part_rgb(p) for p in parts])
    chosen = np.array([p == select for p in parts])
    if select is None:
        groups = [(drawn, FIBRE_RADIUS, rgb)]
    else:
        dim = (1 - DIM_AMOUNT) * rgb + DIM_AMOUNT * DIM_TOWARD
        groups = [(drawn & ~chosen, DIMMED_RADIUS, dim), (drawn & chosen, SELECTED_RADIUS, rgb)]
    return [(np.flatnonzero(mask), radius, np.round(colour[mask] * 255).astype(np.uint8))
            for mask, radius, colour in groups if mask.any()]
