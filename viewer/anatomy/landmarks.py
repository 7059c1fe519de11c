"""Bone landmarks: load, validate and cross-check ``annotations/landmarks/landmarks.yaml``.

Each landmark (iliac crest, ASIS, PSIS, sacrum, greater trochanter, ischial tuberosity,
gluteal tuberosity; both sides where bilateral) names its bone and a position in millimetres in
that bone's body frame (x anterior, y superior, z right: docs/reference/ids.md), a one-line
definition and two sources: an anatomy text for the definition and the mesh the project picked
the position on. The file is validated against ``annotations/schema/landmarks.schema.json``,
then cross-checked: ids unique, the side agrees with the bone and the id suffix, every cited
source exists and every source is cited. Problems are raised as
:class:`~viewer.anatomy.yamlio.AnnotationError` naming the file and the field.

The viewer draws them as labels that move with their bone (viewer/frontend/src/landmarks.js);
:func:`landmark_index` is what the assets payload carries.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from viewer.anatomy import ids
from viewer.anatomy.yamlio import AnnotationError, annotations_dir, load_validated

SCHEMA_NAME: Final = "landmarks"
FILE_NAME: Final = "landmarks.yaml"
SWITCH_LABEL: Final = "Landmark labels"
"""The name of the switch that shows them (app sidebar, exported page)."""
MM: Final = 1e-3
"""Metres per millimetre: the file is in mm, the payload (like the meshes) in metres."""
SIDE_OF_BONE: Final = {"pelvis": None, "sacrum": "midline", "femur_r": "r", "femur_l": "l"}
"""The side a landmark on each bone must have (None: either side, the hip bones share one mesh)."""
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Landmark:
    """One bone landmark.

    Attributes
    ----------
    id : str
        ``asis_r``, ``sacrum`` ...
    name : str
        Short label, e.g. ``"ASIS"``.
    bone : str
        Bone id (``pelvis``, ``sacrum``, ``femur_r``, ``femur_l``).
    side : str
        ``"r"``, ``"l"`` or ``"midline"``.
    position_m : tuple of float
        Position in the bone's body frame, metres.
    definition : str
        One-line anatomical definition.
    source : str
        The definition's citation and the position's, joined by ``"; "``.

    """

    id: str
    name: str
    bone: str
    side: str
    position_m: tuple[float, float, float]
    definition: str
    source: str


def default_path() -> Path:
    """``$GLUTE_VIEWER_ANNOTATIONS/landmarks/landmarks.yaml`` or the project's file."""
    return annotations_dir() / "landmarks" / FILE_NAME


def load_landmarks(path: Path | str | None = None) -> tuple[Landmark, ...]:
    """Read, validate and cross-check the landmarks file.

    Parameters
    ----------
    path : Path or str, optional
        Default :func:`default_path`.

    Returns
    -------
    tuple of Landmark
        In file order.

    Raises
    ------
    AnnotationError
        If the file cannot be read, breaks the schema, repeats an id, gives a side that does not
        match its bone or id, cites an unknown source or leaves a source uncited.

    """
    path = Path(path) if path is not None else default_path()
    data = load_validated(path, SCHEMA_NAME)
    _check(data, path)
    citations = {k: str(s["citation"]) for k, s in data["sources"].items()}
    return tuple(
        Landmark(
            id=e["id"], name=e["name"], bone=e["bone"], side=e["side"],
            position_m=tuple(float(x) * MM for x in e["position_mm"]),  # type: ignore[arg-type]
            definition=e["definition"],
            source=f"{citations[e['definition_source']].rstrip('.')}; {citations[e['position_source']]}",
        )
        for e in data["landmarks"]
    )


def _check(data: dict[str, Any], path: Path) -> None:
    """The cross-checks the schema cannot make."""
    seen: set[str] = set()
    cited: set[str] = set()
    for i, e in enumerate(data["landmarks"]):
        where = f"landmarks[{i}]"
        if e["id"] in seen:
            raise AnnotationError(path, f"{where}.id", f"expected a unique id; {e['id']!r} is repeated")
        seen.add(e["id"])
        wanted = SIDE_OF_BONE[e["bone"]]
        if wanted is not None and e["side"] != wanted:
            raise AnnotationError(path, f"{where}.side", f"expected {wanted!r} for a landmark on {e['bone']}")
        if e["side"] == "midline" and e["bone"] == "pelvis":
            raise AnnotationError(path, f"{where}.side", "expected 'r' or 'l' on the hip bones (pelvis)")
        if e["side"] in ids.SIDES and not e["id"].endswith(f"_{e['side']}"):
            raise AnnotationError(path, f"{where}.id", f"expected an id ending in '_{e['side']}' (its side)")
        for key in ("definition_source", "position_source"):
            if e[key] not in data["sources"]:
                raise AnnotationError(path, f"{where}.{key}",
                                      f"expected one of the sources: {', '.join(data['sources'])}")
            cited.add(e[key])
    unused = [k for k in data["sources"] if k not in cited]
    if unused:
        raise AnnotationError(path, "sources", f"expected every source to be cited; {', '.join(unused)} is not")


@lru_cache(maxsize=1)
def _cached() -> tuple[Landmark, ...]:
    return load_landmarks()


def landmark_index() -> list[dict[str, Any]]:
    """The landmarks as the assets payload carries them (CONTRACT.md): an empty list if the file is broken.

    Returns
    -------
    list of dict
        ``{"id", "name", "bone", "side", "position": [x, y, z] (metres, bone body frame),
        "definition", "source"}`` per landmark. A broken file is logged (the labels are then
        missing; the rest of the view is unaffected).

    """
    try:
        marks = _cached()
    except AnnotationError as exc:
        log.warning("landmark labels unavailable: %s", exc)
        return []
    return [{"id": m.id, "name": m.name, "bone": m.bone, "side": m.side,
             "position": [round(x, 5) for x in m.position_m], "definition": m.definition, "source": m.source}
            for m in marks]
