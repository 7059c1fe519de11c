"""Encode a :class:`~viewer.anatomy.scene.Scene` into the binary payloads of the scene component.

A payload is ``(bytes, index)``: little-endian arrays concatenated, each starting at a
multiple of 4 bytes, and an index (JSON-friendly dict) whose ``arrays`` entry maps each
array name to ``{"offset", "dtype", "shape", "nbytes"}`` and whose ``byte_length`` is the
total. The rest of the index is metadata (ids, names, colours, sources). See CONTRACT.md.

Matrices are sent column-major (three.js ``Matrix4.fromArray`` order). To keep the first
view small, bone faces are uint16 when a bone has fewer than 65,536 vertices, normals are
int8 (unit vector x 127) and the per-frame analysis arrays are int16 with a scale factor
per array in the index's ``scales`` (value = stored integer x scale).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from viewer import palette
from viewer.anatomy import ids
from viewer.anatomy.landmarks import landmark_index
from viewer.anatomy.muscle_volumes import FLAP_UNIT, thickness_units, volume_tables
from viewer.anatomy.scene import Scene
from viewer.anatomy.volume_shape import FIBRE_SAMPLES, FLAP_COLUMNS, ROWS_BETWEEN_FIBRES, VolumeTables
from viewer.vocab import COLOUR_SATURATION

ALIGN = 4
DTYPES = ("float32", "uint32", "int32", "uint16", "int16", "uint8", "int8")
SWEEP_DURATION_S = 4.0
"""One loop of a sweep (abduction, rotation, flexion) at speed 1."""
RUNNING_CYCLE_S = 0.628
"""Mean running cycle duration at 5 m/s: mean of the three subjects' mean cycles
(0.618, 0.656, 0.611 s) in the Hamner & Delp (2013) data's meta file (running_cycle.meta.json).
Hamner SR, Delp SL (2013) J Biomech 46:780-787."""
MOTION_SCALES = {"moment_arms": 1e-5, "stretch": 1e-4}
"""int16 step of each quantised motion array: moment arms in 0.01 mm (range +-0.33 m), stretch
(length / neutral length - 1) in 1e-4 (range +-3.3); both far finer than the model resolves."""
COLOUR_SCALES = COLOUR_SATURATION
"""Where the colour modes saturate, sent with every motion: moment arm +-40 mm (action), stretch
+-30 % (stretch) (:data:`viewer.vocab.COLOUR_SATURATION`)."""
ACTIVATION_STEPS = 255
"""``activation`` is uint8: intensity 0..1 x 255, rounded."""
NORMAL_SCALE = 127
"""int8 normals: component x 127 (the browser reads them as normalised bytes, error < 0.5 deg)."""
Payload = tuple[bytes, dict[str, Any]]
"""An encoded payload: the blob and its index."""


class PayloadWriter:
    """Collect arrays into one aligned little-endian blob and its index."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._size = 0
        self.arrays: dict[str, dict[str, Any]] = {}

    def add(self, name: str, array: np.ndarray, dtype: str) -> None:
        """Append ``array`` converted to ``dtype`` (one of :data:`DTYPES`) under ``name``.

        Raises
        ------
        ValueError
            For an unknown dtype, a duplicate name or values that do not fit ``dtype``.

        """
        if dtype not in DTYPES:
            raise ValueError(f"unknown dtype {dtype!r}; expected one of: {', '.join(DTYPES)}")
        if name in self.arrays:
            raise ValueError(f"duplicate payload array {name!r}")
        source = np.asarray(array)
        target = np.dtype(dtype).newbyteorder("<")
        if np.issubdtype(target, np.integer) and source.size:
            info = np.iinfo(target)
            if source.min() < info.min or source.max() > info.max:
                raise ValueError(f"{name}: values {source.min()}..{source.max()} do not fit {dtype}")
        data = np.ascontiguousarray(source, dtype=target).tobytes()
        pad = -self._size % ALIGN
        if pad:
            self._chunks.append(b"\0" * pad)
            self._size += pad
        self.arrays[name] = {"offset": self._size, "dtype": dtype, "shape": list(source.shape), "nbytes": len(data)}
        self._chunks.append(data)
        self._size += len(data)

    def finish(self, **meta: Any) -> tuple[bytes, dict[str, Any]]:
        """The blob and its index (``arrays``, ``byte_length`` and ``meta``)."""
        return b"".join(self._chunks), {"arrays": self.arrays, "byte_length": self._size, **meta}


def part_name(part_id: str) -> str:
    """Display name of a part with its side, e.g. ``"Gluteus medius, anterior part (right)"``.

    Uses the annotation card's name when the cards load, else builds one from the id.
    """
    code, _, side = ids.parse_part(part_id)
    try:
        from viewer.anatomy.annotations import part_card

        base = str(part_card(part_id)["name"])
    except (ImportError, OSError, KeyError, ValueError):  # cards missing or invalid: use the id grammar
        base = f"{ids.layer_label(ids.MUSCLE_NAMES[code])}, {ids.part_position(part_id)} part"
    return f"{base} ({ids.SIDE_NAMES[side]})"


def column_major(transforms: np.ndarray) -> np.ndarray:
    """Row-major ``(..., 4, 4)`` matrices as ``(..., 16)`` in column-major order."""
    t = np.asarray(transforms)
    return np.swapaxes(t, -1, -2).reshape(*t.shape[:-2], 16)


def _bone_colour(context: bool) -> str:
    rgb = palette.CONTEXT_BONE_RGB if context else palette.BONE_RGB
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def encode_assets(scene: Scene) -> tuple[bytes, dict[str, Any]]:
    """Bone meshes, fibre path tables and the part/layer tables: sent once per session.

    Parameters
    ----------
    scene : Scene
        Any motion's scene (the assets do not depend on the motion).

    Returns
    -------
    tuple of (bytes, dict)
        The blob and its index (see the module docstring and CONTRACT.md).

    """
    w = PayloadWriter()
    bones = []
    for bone_id in scene.bone_ids:
        mesh = scene.bones[bone_id]
        w.add(f"bone/{bone_id}/vertices", mesh.vertices, "float32")
        w.add(f"bone/{bone_id}/normals", quantise_normals(mesh.normals), "int8")
        w.add(f"bone/{bone_id}/faces", mesh.faces, "uint16" if len(mesh.vertices) < 2**16 else "uint32")
        bones.append({"id": bone_id, "body": mesh.body, "context": bool(mesh.context),
                      "color": _bone_colour(bool(mesh.context))})
    paths = scene.paths
    w.add("path_site_bone", paths.site_bone, "uint8")
    w.add("path_site_local", paths.site_local, "float32")
    w.add("path_segment_points", paths.segment_points, "uint8")
    w.add("path_segment_wrap", paths.segment_wrap, "int8")
    w.add("wrap_bone", paths.wrap_bone, "uint8")
    w.add("wrap_centre", paths.wrap_centre, "float32")
    w.add("wrap_rotation", paths.wrap_rotation, "float32")
    w.add("wrap_radius", paths.wrap_radius, "float32")
    w.add("wrap_kind", paths.wrap_kind, "uint8")
    w.add("wrap_side", paths.wrap_side, "float32")
    w.add("wrap_has_side", paths.wrap_has_side, "uint8")
    volumes = _add_volumes(w, volume_tables(include_context=len(scene.bone_ids) > len(ids.BONES)))
    members: dict[str, list[int]] = {p: [] for p in scene.part_ids}
    for f, part in enumerate(scene.fibre_parts):
        members[part].append(f)
    parts = [
        {"id": p, "muscle": ids.muscle_of(p), "layer": ids.layer_of(p), "side": ids.parse_part(p)[2],
         "name": part_name(p), "color": palette.part_hex(p), "fibres": members[p]}
        for p in scene.part_ids
    ]
    return w.finish(
        bones=bones,
        fibres={"ids": list(scene.fibre_ids), "parts": list(scene.fibre_parts),
                "points_per_fibre": paths.points_per_fibre},
        parts=parts,
        layers=list(ids.LAYERS),
        volumes=volumes,
        landmarks=landmark_index(),
        sources=dict(scene.sources) | {"bones": "; ".join(scene.bones[b].source for b in scene.bone_ids)},
    )


def _add_volumes(w: PayloadWriter, tables: VolumeTables) -> dict[str, Any]:
    """Add the solid muscles' tables (CONTRACT.md "Solid muscles"); return their index entry."""
    unit = thickness_units(tables.thickness)
    lift_unit = thickness_units(tables.lift)
    w.add("vol_fibres", tables.fibres, "int32")
    w.add("vol_flap_bone", tables.flap_bone, "uint8")
    w.add("vol_flap_local", np.rint(tables.flap_local / FLAP_UNIT), "int16")
    w.add("vol_thickness", np.rint(tables.thickness / unit[:, None, None]), "uint8")
    w.add("vol_lift", np.rint(tables.lift / lift_unit[:, None, None]), "uint8")
    w.add("vol_sign", tables.sign, "float32")
    w.add("vol_part_group", tables.part_group, "int32")
    w.add("vol_part_rows", tables.part_rows, "int32")
    return {"rows": int(tables.thickness.shape[1]), "between": ROWS_BETWEEN_FIBRES, "flap_columns": FLAP_COLUMNS,
            "samples": FIBRE_SAMPLES,
            "flap_unit": FLAP_UNIT, "thickness_unit": [float(u) for u in unit],
            "lift_unit": [float(u) for u in lift_unit]}


def quantise_normals(normals: np.ndarray) -> np.ndarray:
    """Unit normals as int8 (x :data:`NORMAL_SCALE`, rounded)."""
    return np.clip(np.rint(np.asarray(normals, dtype=np.float64) * NORMAL_SCALE), -127, 127).astype(np.int8)


def quantise(values: np.ndarray, scale: float) -> np.ndarray:
    """``values / scale`` rounded to int16.

    Raises
    ------
    ValueError
        If a value is not finite or does not fit int16 at this scale.

    """
    v = np.asarray(values, dtype=np.float64)
    q = np.rint(v / scale)
    if not np.all(np.isfinite(q)):
        raise ValueError(f"values do not fit int16 at scale {scale}: not all finite")
    if q.size and (q.min() < -32768 or q.max() > 32767):
        raise ValueError(f"values do not fit int16 at scale {scale}: {v.min()}..{v.max()}")
    return q.astype(np.int16)


def motion_duration(scene: Scene) -> float:
    """Seconds for one loop at speed 1: the motion's own value if it has one, else by kind."""
    motion = scene.motion
    for key in ("duration_s", "cycle_duration_s"):
        value = motion.params.get(key) if motion.params else None
        if value:
            return float(value)
    return RUNNING_CYCLE_S if motion.name == "running" else SWEEP_DURATION_S


def activation_table(scene: Scene) -> tuple[np.ndarray, str] | None:
    """Running activation per frame and part (``scene.part_ids`` order), 0..1, and its source line.

    ``None`` for motions other than running (the timing table describes running only).
    """
    if scene.motion.name != "running":
        return None
    from viewer.anatomy.activation import load_activation

    table = load_activation()
    values = np.stack([table.intensity(p, scene.motion.phase) for p in scene.part_ids], axis=1)
    return values, table.source


def encode_motion(scene: Scene) -> tuple[bytes, dict[str, Any]]:
    """Per-frame arrays of the scene's motion: sent once per motion change.

    Returns
    -------
    tuple of (bytes, dict)
        ``bone_transforms`` (n, B, 16) float32 column-major, ``moment_arms`` (n, F, 3) and
        ``stretch`` (n, F) int16 (x ``index["scales"][name]``), for running ``activation`` (n, P)
        uint8 (intensity x 255, parts in ``index["parts"]`` order), plus the motion's metadata
        and ``colour`` (saturation values and the source line of each colour mode).

    """
    motion = scene.motion
    w = PayloadWriter()
    w.add("bone_transforms", column_major(scene.bone_transforms), "float32")
    for name in ("moment_arms", "stretch"):
        w.add(name, quantise(getattr(scene, name), MOTION_SCALES[name]), "int16")
    model = scene.sources.get("model", "")
    colour: dict[str, Any] = {"scales": dict(COLOUR_SCALES),
                              "sources": {"action": f"moment arms: {model}", "stretch": f"fibre lengths: {model}"},
                              "kinds": {"action": "model", "stretch": "model", "activation": "synthesis"}}
    activation = activation_table(scene)
    if activation is not None:
        values, source = activation
        w.add("activation", np.rint(np.clip(values, 0.0, 1.0) * ACTIVATION_STEPS), "uint8")
        colour["sources"]["activation"] = source
        from viewer.anatomy.activation import load_activation

        colour["activation"] = load_activation().legend(scene.part_ids)
    return w.finish(
        colour=colour,
        parts=list(scene.part_ids),
        scales=dict(MOTION_SCALES),
        name=motion.name,
        label=motion.label,
        frames=int(motion.frames),
        duration_s=motion_duration(scene),
        phase=[float(p) for p in motion.phase],
        events={k: float(v) for k, v in motion.events.items()},
        phases=[{"id": p.id, "name": p.name, "start": float(p.start), "end": float(p.end),
                 "definition": getattr(p, "definition", "")} for p in motion.phases],
        joints_deg={j: np.round(np.degrees(v), 3).tolist() for j, v in sorted(motion.joints.items())},
        params={k: _plain(v) for k, v in motion.params.items()},
        source=motion.source,
        joints_kind=joints_kind(motion),
        bones=list(scene.bone_ids),
    )


def joints_kind(motion: Any) -> str:
    """Kind of the motion's joint angles, shown as the hip readout's badge.

    ``measured`` (running: motion capture of runners), ``synthesis`` (an exercise's authored key
    poses) or ``model`` (a sweep of the model's joint).
    """
    if motion.name == "running":
        return "measured"
    from viewer.anatomy.exercises import EXERCISE_NAMES

    return "synthesis" if motion.name in EXERCISE_NAMES else "model"


def _plain(value: Any) -> Any:
    """A numpy scalar as a plain Python number (JSON-friendly); anything else unchanged."""
    return value.item() if isinstance(value, np.generic) else value


def decode(blob: bytes, index: dict[str, Any]) -> dict[str, np.ndarray]:
    """Read a payload back into numpy arrays (for tests and tools), zero-copy.

    Raises
    ------
    ValueError
        If the blob's length does not match the index.

    """
    if len(blob) != index["byte_length"]:
        raise ValueError(f"payload is {len(blob)} bytes, index says {index['byte_length']}")
    out = {}
    for name, spec in index["arrays"].items():
        dtype = np.dtype(spec["dtype"]).newbyteorder("<")
        count = int(np.prod(spec["shape"], dtype=np.int64))
        out[name] = np.frombuffer(blob, dtype=dtype, count=count, offset=spec["offset"]).reshape(spec["shape"])
    return out
