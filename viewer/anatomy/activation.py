"""When each gluteal part is active during running, from ``annotations/motions/activation.yaml``.

The YAML holds on/off intervals in percent of the running cycle from right foot strike, keyed
by layer (``gluteus_maximus``: all three parts) or side-free part type (``glmed1``: that part;
a part entry wins over its layer). Each interval has a level (low / moderate / high, mapped to
numbers in the file), an uncertainty and sources. :func:`load_activation` validates the file
against ``annotations/schema/activation.schema.json`` and cross-checks it: every id exists,
every part is covered and every entry is used, sources cited exist and every source is cited,
intervals are not empty and leave room for the ramp. Problems are raised as
:class:`~viewer.anatomy.yamlio.AnnotationError` naming the file, the field and what was expected.

Inside the package phases are cycle fractions (0..1, like :class:`viewer.anatomy.motion.Motion`);
percent appears only in the YAML. The left side is the right side half a cycle later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.yamlio import ANNOTATIONS_DIR, AnnotationError, load_validated

DEFAULT_YAML: Final = ANNOTATIONS_DIR / "motions" / "activation.yaml"
SCHEMA_NAME: Final = "activation"
LEVELS: Final = ("low", "moderate", "high")
LEFT_SHIFT: Final = 0.5
"""Left foot strike, as a fraction of the cycle from right foot strike."""

_CODE_OF_LAYER: Final = {layer: code for code, layer in ids.MUSCLE_NAMES.items()}


@dataclass(frozen=True)
class Interval:
    """One interval of activity, phases as fractions of the cycle from right foot strike.

    Attributes
    ----------
    start, end : float
        Onset and offset in [0, 1]; ``start > end`` wraps past the end of the cycle.
    level : str
        ``low``, ``moderate`` or ``high``.
    intensity : float
        The level as a number in [0, 1] (the file's ``levels`` mapping).
    onset_uncertainty, offset_uncertainty : float
        Uncertainty of the edges, fractions of the cycle.
    uncertainty : str
        What the uncertainty means.
    evidence : str
        ``running`` or ``synthesis``.
    sources : tuple of str
        Source ids (keys of :attr:`Activation.citations`).

    """

    start: float
    end: float
    level: str
    intensity: float
    onset_uncertainty: float
    offset_uncertainty: float
    uncertainty: str
    evidence: str
    sources: tuple[str, ...]

    @property
    def length(self) -> float:
        """Duration as a fraction of the cycle (wrapping intervals included)."""
        return (self.end - self.start) % 1.0

    @property
    def wraps(self) -> bool:
        """Whether the interval runs past the end of the cycle."""
        return self.start > self.end

    def shifted(self, by: float) -> Interval:
        """The same interval ``by`` cycles later (wrapped into [0, 1))."""
        return replace(self, start=round((self.start + by) % 1.0, 12), end=round((self.end + by) % 1.0, 12))

    def weight(self, phase: np.ndarray, ramp: float) -> np.ndarray:
        """Activity in [0, intensity] at ``phase`` with raised-cosine edges ``ramp`` wide."""
        u = np.mod(np.asarray(phase, dtype=float) - self.start + ramp / 2, 1.0) - ramp / 2
        rise = _ramp((u + ramp / 2) / ramp) if ramp > 0 else (u >= 0).astype(float)
        fall = _ramp((self.length - u + ramp / 2) / ramp) if ramp > 0 else (u < self.length).astype(float)
        return self.intensity * rise * fall


def _ramp(x: np.ndarray) -> np.ndarray:
    """0 below 0, 1 above 1, a raised cosine between."""
    return 0.5 - 0.5 * np.cos(np.pi * np.clip(x, 0.0, 1.0))


@dataclass(frozen=True)
class Activation:
    """Activation timing of every part during running.

    Attributes
    ----------
    entries : Mapping[str, tuple of Interval]
        Right-side intervals by entry id (layer or part type).
    names, notes : Mapping[str, str]
        Title and plain-language note of each entry.
    levels : Mapping[str, float]
        The number each level word stands for.
    ramp : float
        Width of the raised-cosine edges (fraction of the cycle).
    citations : Mapping[str, str]
        Citation of each source id.
    source : str
        One provenance line for anything shown from this table.
    path : Path
        The file it was loaded from.

    """

    entries: Mapping[str, tuple[Interval, ...]] = field(hash=False)
    names: Mapping[str, str] = field(hash=False)
    notes: Mapping[str, str] = field(hash=False)
    levels: Mapping[str, float] = field(hash=False)
    ramp: float
    citations: Mapping[str, str] = field(hash=False)
    source: str
    path: Path

    def entry_id(self, part_id: str) -> str:
        """The entry that describes a part: its part type if listed, else its layer."""
        ptype = ids.part_type(part_id)
        return ptype if ptype in self.entries else ids.layer_of(part_id)

    def intervals(self, part_id: str) -> tuple[Interval, ...]:
        """Intervals of one part, phases from RIGHT foot strike (left parts shifted by half a cycle).

        Raises
        ------
        viewer.anatomy.ids.UnknownIdError
            If ``part_id`` is not one of the 18 parts.

        """
        _, _, side = ids.parse_part(part_id)
        own = self.entries[self.entry_id(part_id)]
        return own if side == "r" else tuple(i.shifted(LEFT_SHIFT) for i in own)

    def intensity(self, part_id: str, phase: np.ndarray | float) -> np.ndarray:
        """Activity in [0, 1] of one part at ``phase`` (cycle fractions from right foot strike).

        Overlapping intervals combine by their maximum. Edges follow the ramp (:attr:`ramp`):
        half the interval's intensity at the stated onset and offset.
        """
        phase = np.asarray(phase, dtype=float)
        out = np.zeros_like(phase)
        for interval in self.intervals(part_id):
            out = np.maximum(out, interval.weight(phase, self.ramp))
        return out

    def sources_of(self, part_id: str) -> list[str]:
        """Citations behind one part's intervals, in order of first use."""
        keys = dict.fromkeys(k for i in self.intervals(part_id) for k in i.sources)
        return [self.citations[k] for k in keys]


def _check(data: Mapping[str, Any], path: Path) -> None:
    """Cross-checks beyond the schema (ids both ways, intervals, sources, levels)."""
    entries, sources = data["entries"], data["sources"]
    valid = (*ids.LAYERS, *ids.part_types())
    for key in entries:
        if key not in valid:
            raise AnnotationError(path, f"entries.{key}", f"expected a layer or part type: one of {', '.join(valid)}")
    for ptype in ids.part_types():
        layer = ids.MUSCLE_NAMES[ptype[:5]]
        if ptype not in entries and layer not in entries:
            raise AnnotationError(path, "entries", f"expected an entry for {ptype} or {layer}; missing {ptype}")
    for layer, code in _CODE_OF_LAYER.items():
        if layer in entries and all(f"{code}{n}" in entries for n in ids.PART_NUMBERS):
            raise AnnotationError(path, f"entries.{layer}",
                                  f"expected to be used; every part of {layer} has its own entry")
    ramp = data["ramp_percent"]
    cited: set[str] = set()
    for key, entry in entries.items():
        for i, interval in enumerate(entry["intervals"]):
            where = f"entries.{key}.intervals[{i}]"
            length = (interval["end"] - interval["start"]) % 100
            if length == 0:
                raise AnnotationError(path, f"{where}.end", f"expected to differ from start {interval['start']!r}")
            if length + ramp > 100:
                raise AnnotationError(path, f"{where}.end",
                                      f"expected an interval at most {100 - ramp:g} % long (100 - ramp_percent)")
            for j, sid in enumerate(interval["sources"]):
                if sid not in sources:
                    raise AnnotationError(path, f"{where}.sources[{j}]",
                                          f"expected a source id: one of {', '.join(sources)}; found {sid!r}")
                cited.add(sid)
    for sid in sources:
        if sid not in cited:
            raise AnnotationError(path, f"sources.{sid}", "expected to be cited by at least one interval")
    values = [data["levels"][k] for k in LEVELS]
    if not values[0] < values[1] < values[2]:
        raise AnnotationError(path, "levels", f"expected low < moderate < high, found {values}")


def _interval(raw: Mapping[str, Any], levels: Mapping[str, float]) -> Interval:
    unc = raw["uncertainty"]
    return Interval(
        start=float(raw["start"]) / 100 % 1.0, end=float(raw["end"]) / 100 % 1.0,
        level=str(raw["level"]), intensity=float(levels[raw["level"]]),
        onset_uncertainty=float(unc["onset_percent"]) / 100, offset_uncertainty=float(unc["offset_percent"]) / 100,
        uncertainty=str(unc["note"]).strip(), evidence=str(raw["evidence"]),
        sources=tuple(str(s) for s in raw["sources"]),
    )


def load_activation(path: Path | str | None = None) -> Activation:
    """Load and check the activation timing table.

    Parameters
    ----------
    path : Path or str, optional
        Default ``annotations/motions/activation.yaml``.

    Returns
    -------
    Activation

    Raises
    ------
    AnnotationError
        Naming the file, the field and what was expected: schema violations, unknown ids,
        parts without an entry, unused layer entries, empty or too long intervals, unknown or
        uncited sources, levels not increasing.

    """
    path = Path(path) if path is not None else DEFAULT_YAML
    data = load_validated(path, SCHEMA_NAME)
    _check(data, path)
    levels = {k: float(v) for k, v in data["levels"].items()}
    entries = {k: tuple(_interval(i, levels) for i in e["intervals"]) for k, e in data["entries"].items()}
    citations = {k: str(s["citation"]) for k, s in data["sources"].items()}
    source = ("Activation timing in running: the project's synthesis (annotations/motions/activation.yaml) from "
              + "; ".join(c.rstrip(".") for c in citations.values()) + ".")
    return Activation(
        entries=MappingProxyType(entries),
        names=MappingProxyType({k: str(e["name"]) for k, e in data["entries"].items()}),
        notes=MappingProxyType({k: " ".join(str(e["note"]).split()) for k, e in data["entries"].items()}),
        levels=MappingProxyType(levels),
        ramp=float(data["ramp_percent"]) / 100,
        citations=MappingProxyType(citations),
        source=source,
        path=path,
    )
