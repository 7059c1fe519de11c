"""Attachment areas of the gluteal muscles on the bones, read from ``annotations/attachments``.

The areas are data (``attachments.yaml``, checked against ``attachments.schema.json``): for
each muscle, the far edge of its origin on the pelvis as a polyline in the pelvis body's
frame, picked on the MyoLeg meshes, with the anatomical sources. The solid muscles
(:mod:`viewer.anatomy.muscle_volumes`) drape their deep face over the bone from that edge to
the fibres' origin sites, so the flesh covers the whole area while the fibres stay the
model's lines of action. The file always comes from the package (it describes the model's
geometry, not teaching content an instructor edits).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from typing import Final

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.yamlio import load_validated
from viewer.resources import annotations_root

ATTACHMENTS_FILE: Final = "attachments/attachments.yaml"


@dataclass(frozen=True)
class OriginArea:
    """The origin area of one muscle on one side.

    Attributes
    ----------
    muscle : str
        Muscle id (``gluteus_medius``).
    side : str
        ``"r"`` or ``"l"``.
    bone : str
        Body the area is fixed to (``pelvis``).
    far_edge : ndarray, shape (E, 3)
        The edge in the body's frame, metres, ordered from part 1 to part 3.
    area : str
        What the area is, in words.
    sources : tuple of str

    """

    muscle: str
    side: str
    bone: str
    far_edge: np.ndarray
    area: str
    sources: tuple[str, ...]


@cache
def _data() -> dict:
    root = annotations_root()
    return load_validated(root / ATTACHMENTS_FILE, "attachments", folder=root / "attachments")


def attachments_digest() -> str:
    """A digest of the attachment data (cache recipes change when it does)."""
    return hashlib.sha256(repr(_data()).encode()).hexdigest()[:16]


def origin_area(muscle: str, side: str) -> OriginArea:
    """The origin area of ``muscle`` on ``side`` (the left one mirrored from the right, z -> -z)."""
    if muscle not in ids.LAYERS or side not in ids.SIDES:
        raise KeyError(f"no attachment area for muscle {muscle!r} on side {side!r}")
    entry = _data()["muscles"][muscle]["origin"]
    edge = np.asarray(entry["far_edge_mm"], dtype=float) / 1000.0
    if side == "l":
        edge = edge * np.array([1.0, 1.0, -1.0])
    return OriginArea(muscle, side, entry["bone"], edge, " ".join(entry["area"].split()), tuple(entry["sources"]))
