"""Fibre fans: tendons interpolated between the model's three bundles per muscle.

Each muscle (maximus, medius, minimus) has three bundles in the MyoLeg model,
one per part. A fibre sits at a *bundle coordinate* ``u``: ``u = 1, 2, 3`` are
the model's bundles, values between interpolate every path point linearly
between the neighbouring bundles (same body, same point index). Part 2 spans
u = 1.5 .. 2.5; the edge parts stop at their bundle (part 1: 1 .. 1.5, part 3:
2.5 .. 3), because extrapolating beyond it was measured to put edge fibres up
to 13 mm outside their neighbouring bundles' lengths at 90-110 deg flexion.
``EDGE_EXTENT`` keeps the option for a future, better-constrained model. Each
fibre becomes a spatial tendon added through ``mujoco.MjSpec``, so mujoco
computes its path, length and Jacobian exactly as for the model's own bundles.

Wrapping: only ``glmax3`` wraps (the ``Gmax3_at_pelvis_wrap`` cylinder). A fibre
exactly at that bundle keeps the wrap and reproduces it; interpolated fibres do
not reuse the cylinder, because a cylinder placed for one bundle sends the
paths of its neighbours the long way round near neutral flexion (measured: 334-405
mm instead of about 220 mm, with the flexion moment arm flipping sign).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import mujoco
import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.model import Model, base_spec, bundle_model

FIBRES_PER_PART = 8
EDGE_EXTENT = 0.0
"""How far the edge parts reach beyond the outermost bundle, in bundle spacings (see above)."""


@dataclass(frozen=True)
class PathPoint:
    """One element of a bundle path: a site on a body, or a wrap geom with its side site."""

    kind: str  # "site" or "geom"
    name: str
    body: str
    pos: tuple[float, float, float]
    sidesite: str = ""


@dataclass(frozen=True)
class Fibre:
    """A fibre of a muscle part at bundle coordinate ``u``."""

    id: str
    part: str
    u: float
    wraps: bool


def bundle_path(model: mujoco.MjModel, part: str) -> list[PathPoint]:
    """The path elements of the model's own tendon for a part, in order."""
    tid = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_TENDON, ids.bundle_tendon(part))
    adr, num = model.tendon_adr[tid], model.tendon_num[tid]
    out = []
    for w in range(adr, adr + num):
        obj = int(model.wrap_objid[w])
        if model.wrap_type[w] == mujoco.mjtWrap.mjWRAP_SITE:
            out.append(PathPoint("site", model.site(obj).name, model.body(model.site_bodyid[obj]).name,
                                 tuple(float(x) for x in model.site_pos[obj])))
        else:
            side = int(model.wrap_prm[w])
            out.append(PathPoint("geom", model.geom(obj).name, model.body(model.geom_bodyid[obj]).name,
                                 (0.0, 0.0, 0.0), model.site(side).name if side >= 0 else ""))
    return out


def part_u_range(number: int, edge: float = EDGE_EXTENT) -> tuple[float, float]:
    """Bundle-coordinate interval covered by part ``number`` (1, 2 or 3)."""
    lo = 1.0 - edge if number == 1 else number - 0.5
    hi = 3.0 + edge if number == 3 else number + 0.5
    return lo, hi


def fibre_layout(per_part: int = FIBRES_PER_PART, edge: float = EDGE_EXTENT) -> list[Fibre]:
    """All fibres of all 18 parts: ``per_part`` evenly spread over each part's interval."""
    fibres = []
    for part in ids.part_ids():
        code, number, _ = ids.parse_part(part)
        lo, hi = part_u_range(number, edge)
        for i in range(per_part):
            u = lo + (i + 0.5) * (hi - lo) / per_part
            fibres.append(Fibre(ids.fibre_id(part, i), part, float(u), wraps=False))
    return fibres


def interpolate_sites(paths: list[list[PathPoint]], u: float) -> list[np.ndarray]:
    """Site positions at bundle coordinate ``u`` from the three bundles' site lists."""
    sites = [[p for p in path if p.kind == "site"] for path in paths]
    k = int(np.clip(np.floor(u), 1, 2))  # segment between bundle k and k+1
    t = u - k
    a, b = sites[k - 1], sites[k]
    return [(1 - t) * np.array(pa.pos) + t * np.array(pb.pos) for pa, pb in zip(a, b, strict=False)]


def add_fibre(spec: mujoco.MjSpec, paths: list[list[PathPoint]], fibre_id: str, u: float) -> bool:
    """Add one fibre tendon to ``spec`` at bundle coordinate ``u``.

    A fibre exactly at a bundle copies that bundle's path, wrap included; any other
    fibre is a chain of interpolated sites. Returns whether the fibre wraps.
    """
    tendon = spec.add_tendon(name=ids.fibre_tendon(fibre_id))
    bundle = int(round(u))
    exact = abs(u - bundle) < 1e-12 and 1 <= bundle <= 3
    site_points = interpolate_sites(paths, u)
    template = paths[bundle - 1] if exact else [p for p in paths[0] if p.kind == "site"]
    wraps = False
    j = 0
    for point in template:
        if point.kind == "geom":
            tendon.wrap_geom(point.name, point.sidesite)
            wraps = True
            continue
        name = f"{ids.fibre_tendon(fibre_id)}-P{j + 1}"
        spec.body(point.body).add_site(name=name, pos=site_points[j], group=4)
        tendon.wrap_site(name)
        j += 1
    return wraps


def paths_by_muscle(model: mujoco.MjModel) -> dict[tuple[str, str], list[list[PathPoint]]]:
    """Bundle paths grouped by (muscle code, side), bundles 1..3 in order."""
    out: dict[tuple[str, str], list[list[PathPoint]]] = {}
    for code in ids.MUSCLE_CODES:
        for side in ids.SIDES:
            out[(code, side)] = [bundle_path(model, f"{code}{n}_{side}") for n in ids.PART_NUMBERS]
    return out


def build_fibre_model(fibres: list[Fibre] | None = None) -> Model:
    """Compile the model with the bundles plus the given fibres (default: the full layout)."""
    fibres = fibre_layout() if fibres is None else fibres
    paths = paths_by_muscle(bundle_model().model)
    spec = base_spec()
    us = {}
    for f in fibres:
        code, _, side = ids.parse_part(f.part)
        add_fibre(spec, paths[(code, side)], f.id, f.u)
        us[f.id] = f.u
    m = spec.compile()
    return Model(m, mujoco.MjData(m), [f.id for f in fibres], us)


@lru_cache(maxsize=1)
def fibre_model() -> Model:
    """The default model: bundles plus all fibres of :func:`fibre_layout` (cached)."""
    return build_fibre_model()
