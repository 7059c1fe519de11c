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

Wrapping (:mod:`viewer.anatomy.wraps`): a fibre exactly at a bundle copies the bundle's path,
wrap included; any other fibre wraps its muscle's object at the same place in its chain:
medius and minimus the muscle's hip-centred sphere, maximus a cylinder interpolated between the
neighbouring bundles' cylinders.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import mujoco
import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.model import Model, base_spec, bundle_model
from viewer.anatomy.wraps import PathPoint, add_fibre_wrap, bundle_path, wrap_segment

__all__ = ["EDGE_EXTENT", "FIBRES_PER_PART", "Fibre", "PathPoint", "add_fibre", "build_fibre_model", "bundle_path",
           "fibre_layout", "fibre_model", "interpolate_sites", "part_u_range", "paths_by_muscle"]

FIBRES_PER_PART = 8
EDGE_EXTENT = 0.0
"""How far the edge parts reach beyond the outermost bundle, in bundle spacings (see above)."""


@dataclass(frozen=True)
class Fibre:
    """A fibre of a muscle part at bundle coordinate ``u``."""

    id: str
    part: str
    u: float
    wraps: bool


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
            fibres.append(Fibre(ids.fibre_id(part, i), part, float(u), wraps=True))
    return fibres


def interpolate_sites(paths: list[list[PathPoint]], u: float) -> list[np.ndarray]:
    """Site positions at bundle coordinate ``u`` from the three bundles' site lists."""
    sites = [[p for p in path if p.kind == "site"] for path in paths]
    k = int(np.clip(np.floor(u), 1, 2))  # segment between bundle k and k+1
    t = u - k
    a, b = sites[k - 1], sites[k]
    return [(1 - t) * np.array(pa.pos) + t * np.array(pb.pos) for pa, pb in zip(a, b, strict=False)]


def add_fibre(spec: mujoco.MjSpec, paths: list[list[PathPoint]], fibre_id: str, u: float,
              bundles: mujoco.MjModel | None = None) -> bool:
    """Add one fibre tendon to ``spec`` at bundle coordinate ``u``; returns whether it wraps.

    A fibre exactly at a bundle copies that bundle's path, wrap included; any other fibre is a
    chain of interpolated sites with its muscle's wrap (:func:`viewer.anatomy.wraps.add_fibre_wrap`,
    which reads the bundles' cylinders from ``bundles``, default :func:`bundle_model`).
    """
    name = ids.fibre_tendon(fibre_id)
    tendon = spec.add_tendon(name=name)
    bundle = int(round(u))
    exact = abs(u - bundle) < 1e-12 and 1 <= bundle <= 3
    site_points = interpolate_sites(paths, u)
    template = [p for p in paths[bundle - 1 if exact else 0] if p.kind == "site"]
    code, _, side = ids.parse_part(fibre_id.split("/")[0])
    if exact:
        geom = next(p for p in paths[bundle - 1] if p.kind == "geom")
        wrap = (geom.name, geom.sidesite)
    else:
        wrap = add_fibre_wrap(spec, (bundles or bundle_model().model), code, side, u, name)
    for j, point in enumerate(template):
        site = f"{name}-P{j + 1}"
        spec.body(point.body).add_site(name=site, pos=site_points[j], group=4)
        tendon.wrap_site(site)
        if j == wrap_segment(code):
            tendon.wrap_geom(*wrap)
    return True


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
    bundles = bundle_model().model
    paths = paths_by_muscle(bundles)
    spec = base_spec()
    us = {}
    for f in fibres:
        code, _, side = ids.parse_part(f.part)
        add_fibre(spec, paths[(code, side)], f.id, f.u, bundles)
        us[f.id] = f.u
    m = spec.compile()
    return Model(m, mujoco.MjData(m), [f.id for f in fibres], us)


@lru_cache(maxsize=1)
def fibre_model() -> Model:
    """The default model: bundles plus all fibres of :func:`fibre_layout` (cached)."""
    return build_fibre_model()
