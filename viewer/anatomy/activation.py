"""When each gluteal part is active during running, from ``annotations/motions/activation.yaml``.

The YAML holds on/off intervals in percent of the running cycle from right foot strike, keyed
by layer (``gluteus_maximus``: all three parts) or side-free part type (``glmed1``: that part;
a part entry wins over its layer). Each interval has a level (low / moderate / high, mapped to
numbers in the file: activity only), an uncertainty and sources; each entry names its evidence
class (intramuscular or surface EMG in runners, or inferred from walking), which the legend
shows as a marker, never as a lower intensity. :func:`load_activation` validates the file
against ``annotations/schema/activation.schema.json`` and cross-checks it: every id exists,
every part is covered and every entry is used, sources cited exist and every source is cited,
intervals are not empty and leave room for the ramp. Problems are raised as
:class:`~viewer.anatomy.yamlio.AnnotationError` naming the file, the field and what was expected.

Inside the package phases are cycle fractions (0..1, like :class:`viewer.anatomy.motion.Motion`);
percent appears only in the YAML. The left side is the right side half a cycle later.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
        One provenance line for anything shown from this table (it ends with :attr:`speed_note`).
    path : Path
        The file it was loaded from.
    evidence : Mapping[str, str]
        Evidence class of each entry (a key of :attr:`evidence_classes`).
    evidence_classes : Mapping[str, Mapping[str, str]]
        ``{"label", "marker", "note"}`` of each evidence class, strongest first.
    speed_note : str
        At which speeds the running data were recorded (the motion's 5 m/s is extrapolated).
    speed_line : str
        The same in one short sentence (the legend's).

    """

    entries: Mapping[str, tuple[Interval, ...]] = field(hash=False)
    names: Mapping[str, str] = field(hash=False)
    notes: Mapping[str, str] = field(hash=False)
    levels: Mapping[str, float] = field(hash=False)
    ramp: float
    citations: Mapping[str, str] = field(hash=False)
    source: str
    path: Path
    evidence: Mapping[str, str] = field(hash=False, default_factory=dict)
    evidence_classes: Mapping[str, Mapping[str, str]] = field(hash=False, default_factory=dict)
    speed_note: str = ""
    speed_line: str = ""

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

    def evidence_of(self, part_id: str) -> str:
        """Evidence class of one part's timing (a key of :attr:`evidence_classes`)."""
        ids.parse_part(part_id)
        return self.evidence[self.entry_id(part_id)]

    def legend(self, part_ids: Sequence[str]) -> dict[str, Any]:
        """What the activation legend shows, JSON-ready (``motion_index["colour"]["activation"]``).

        Returns
        -------
        dict
            ``classes`` {class: {label, marker, note}} (strongest first), ``parts`` {part id:
            class}, ``speed_note``, ``speed_line``, and ``rows``: one per muscle layer with a part in
            ``part_ids`` (superficial to deep), each ``{"layer", "name", "evidence", "intervals"}``
            with the right side's distinct intervals as ``{"start", "end", "intensity",
            "onset_uncertainty", "offset_uncertainty"}`` (cycle fractions from right foot
            strike; ``start > end`` wraps). A layer's evidence is the weakest of its parts'.

        """
        order = list(self.evidence_classes)
        parts = {p: self.evidence_of(p) for p in part_ids}
        rows = []
        for layer in ids.LAYERS:
            code = _CODE_OF_LAYER[layer]
            types = [f"{code}{n}" for n in ids.PART_NUMBERS]
            if not any(ids.part_type(p) in types for p in part_ids):
                continue
            right = [f"{t}_r" for t in types]
            seen: dict[tuple[float, ...], dict[str, float]] = {}
            for part in right:
                for i in self.intervals(part):
                    key = (i.start, i.end, i.intensity, i.onset_uncertainty, i.offset_uncertainty)
                    seen.setdefault(key, {"start": i.start, "end": i.end, "intensity": i.intensity,
                                          "onset_uncertainty": i.onset_uncertainty,
                                          "offset_uncertainty": i.offset_uncertainty})
            evidence = max((self.evidence_of(p) for p in right), key=order.index)
            rows.append({"layer": layer, "name": layer.replace("_", " ").capitalize(), "evidence": evidence,
                         "intervals": list(seen.values())})
        return {"classes": {k: dict(v) for k, v in self.evidence_classes.items()}, "parts": parts,
                "speed_note": self.speed_note, "speed_line": self.speed_line, "rows": rows}

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
    markers = [c["marker"] for c in data["evidence_classes"].values()]
    if len(set(markers)) != len(markers):
        raise AnnotationError(path, "evidence_classes", f"expected a different marker for each class, found {markers}")
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
    speed_note = " ".join(str(data["speed_note"]).split())
    source = ("Activation timing in running: the project's synthesis (annotations/motions/activation.yaml) from "
              + "; ".join(c.rstrip(".") for c in citations.values()) + ". " + speed_note)
    return Activation(
        entries=MappingProxyType(entries),
        names=MappingProxyType({k: str(e["name"]) for k, e in data["entries"].items()}),
        notes=MappingProxyType({k: " ".join(str(e["note"]).split()) for k, e in data["entries"].items()}),
        levels=MappingProxyType(levels),
        ramp=float(data["ramp_percent"]) / 100,
        citations=MappingProxyType(citations),
        source=source,
        path=path,
        evidence=MappingProxyType({k: str(e["evidence_class"]) for k, e in data["entries"].items()}),
        evidence_classes=MappingProxyType({k: MappingProxyType({f: " ".join(str(v).split()) for f, v in c.items()})
                                           for k, c in data["evidence_classes"].items()}),
        speed_note=speed_note,
        speed_line=" ".join(str(data["speed_line"]).split()),
    )
