"""Published hip moment arms of the gluteal parts: ``annotations/literature/moment_arms.yaml``.

Each entry is what one paper says about the moment arm of some of this project's parts about
one or more hip coordinates: a number (at one hip flexion or the peak over the motion studied; a
value with its spread, or a range) where the text, a table or a digitised figure gives one, else a
statement. Every entry names its paper, where in it (figure, table, section), how it was obtained
(``reported`` or ``digitised``) and the page it was read on (``read_at``). Signs are the project's:
+ flexion, adduction, internal rotation (docs/reference/ids.md).

The file is validated against ``annotations/schema/literature.schema.json``, then cross-checked
(unique ids, every cited source exists and every source is cited, a number concerns exactly one
coordinate, a range runs low to high); problems are raised as
:class:`~viewer.anatomy.yamlio.AnnotationError` naming the file and the field. Like the attachment
areas it always comes from the package (it is reference data the model is compared with, not
teaching content an instructor edits). No Panel, no engine: :mod:`viewer.content.literature_table`
puts the model next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from viewer.anatomy import ids
from viewer.anatomy.yamlio import AnnotationError, load_validated
from viewer.resources import annotations_root

SCHEMA_NAME: Final = "literature"
FILE_NAME: Final = "literature/moment_arms.yaml"


@dataclass(frozen=True)
class LiteratureValue:
    """A number from a paper, millimetres, in the project's sign convention.

    Attributes
    ----------
    at : {"angle", "peak"}
        At one hip flexion, or the peak over the motion the paper studied.
    hip_flexion_deg : float or None
        The hip flexion (``at == "angle"``).
    mm : float or None
        The value, when the paper gives one.
    spread_mm : float or None
        Its spread (e.g. one SD), when given.
    range_mm : tuple of float or None
        ``(low, high)``, when the paper gives a range instead of a value.

    """

    at: str
    hip_flexion_deg: float | None
    mm: float | None
    spread_mm: float | None
    range_mm: tuple[float, float] | None

    def bounds(self) -> tuple[float, float] | None:
        """The interval the paper supports: the range, or value +- spread; None for a bare value."""
        if self.range_mm is not None:
            return self.range_mm
        if self.mm is not None and self.spread_mm is not None:
            return self.mm - self.spread_mm, self.mm + self.spread_mm
        return None

    def centre(self) -> float:
        """The value, or the middle of the range."""
        return self.mm if self.mm is not None else sum(self.range_mm or (0.0, 0.0)) / 2


@dataclass(frozen=True)
class LiteratureEntry:
    """One finding of one paper about some parts' hip moment arms.

    Attributes
    ----------
    id, source, citation, short : str
        Entry id, source key, full citation and short name (``Delp et al. 1999``).
    where : str
        Figure, table or section of the paper.
    obtained : {"reported", "digitised"}
    parts : tuple of str
        Side-free part types (``glmed1``) the finding is mapped to.
    compartment : str
        The paper's muscle or compartment, in its words.
    coordinates : tuple of str
        Hip coordinates concerned.
    flexions_deg : tuple of float
        Hip flexions the paper studied (statements), possibly empty.
    statement : str
        What the paper says, in words.
    value : LiteratureValue or None
        The number, if any.
    read_at : str
        Address of the page the finding was read on.
    note : str
        Caveat, possibly empty.

    """

    id: str
    source: str
    citation: str
    short: str
    where: str
    obtained: str
    parts: tuple[str, ...]
    compartment: str
    coordinates: tuple[str, ...]
    flexions_deg: tuple[float, ...]
    statement: str
    value: LiteratureValue | None
    read_at: str
    note: str

    @property
    def numeric(self) -> bool:
        """Whether the entry carries a number."""
        return self.value is not None


def default_path() -> Path:
    """The package's ``annotations/literature/moment_arms.yaml``."""
    return annotations_root() / FILE_NAME


def load_literature(path: Path | str | None = None) -> tuple[LiteratureEntry, ...]:
    """Read, validate and cross-check the literature file.

    Parameters
    ----------
    path : Path or str, optional
        Default :func:`default_path`.

    Returns
    -------
    tuple of LiteratureEntry
        In file order.

    Raises
    ------
    AnnotationError
        If the file cannot be read, breaks the schema, repeats an id, cites an unknown source,
        leaves a source uncited, gives a number for more than one coordinate or a range from high
        to low.

    """
    path = Path(path) if path is not None else default_path()
    data = load_validated(path, SCHEMA_NAME)
    _check(data, path)
    return tuple(_entry(e, data["sources"][e["source"]]) for e in data["entries"])


def _entry(e: dict[str, Any], source: dict[str, Any]) -> LiteratureEntry:
    v = e.get("value")
    value = None if v is None else LiteratureValue(
        at=v["at"], hip_flexion_deg=_float(v.get("hip_flexion_deg")), mm=_float(v.get("mm")),
        spread_mm=_float(v.get("spread_mm")),
        range_mm=(float(v["range_mm"][0]), float(v["range_mm"][1])) if "range_mm" in v else None)
    return LiteratureEntry(
        id=e["id"], source=e["source"], citation=" ".join(source["citation"].split()), short=source["short"],
        where=e["where"], obtained=e["obtained"], parts=tuple(e["parts"]),
        compartment=" ".join(e["compartment"].split()),
        coordinates=tuple(e["coordinates"]), flexions_deg=tuple(float(f) for f in e.get("flexions_deg", ())),
        statement=" ".join(e["statement"].split()), value=value, read_at=e["read_at"],
        note=" ".join(e.get("note", "").split()))


def _float(x: Any) -> float | None:
    return None if x is None else float(x)


def _check(data: dict[str, Any], path: Path) -> None:
    """The cross-checks the schema cannot make."""
    seen: set[str] = set()
    cited: set[str] = set()
    for i, e in enumerate(data["entries"]):
        where = f"entries[{i}]"
        if e["id"] in seen:
            raise AnnotationError(path, f"{where}.id", f"expected a unique id; {e['id']!r} is repeated")
        seen.add(e["id"])
        if e["source"] not in data["sources"]:
            raise AnnotationError(path, f"{where}.source", f"expected one of the sources: {', '.join(data['sources'])}")
        cited.add(e["source"])
        value = e.get("value")
        if value is not None and len(e["coordinates"]) != 1:
            raise AnnotationError(path, f"{where}.coordinates",
                                  "expected exactly one coordinate for an entry with a value")
        if value is not None and "range_mm" in value and value["range_mm"][0] > value["range_mm"][1]:
            raise AnnotationError(path, f"{where}.value.range_mm", "expected [low, high] (low first)")
    unused = [k for k in data["sources"] if k not in cited]
    if unused:
        raise AnnotationError(path, "sources", f"expected every source to be cited; {', '.join(unused)} is not")


@cache
def literature() -> tuple[LiteratureEntry, ...]:
    """The package's literature entries (:func:`load_literature`, read once per process)."""
    return load_literature()


def part_type(part: str) -> str:
    """``glmed1`` for ``glmed1_r``, ``glmed1_l`` or ``glmed1``.

    Raises
    ------
    viewer.anatomy.ids.UnknownIdError
        If ``part`` is neither a part id nor a part type.

    """
    if part in ids.part_types():
        return part
    return ids.part_type(part)


def entries_for(part: str, coordinate: str | None = None, *,
                entries: tuple[LiteratureEntry, ...] | None = None) -> list[LiteratureEntry]:
    """The entries about one part, optionally about one hip coordinate.

    Parameters
    ----------
    part : str
        Part id (``glmed1_r``) or part type (``glmed1``).
    coordinate : {"flexion", "adduction", "rotation"}, optional
        Keep only entries about this coordinate.
    entries : tuple of LiteratureEntry, optional
        Default :func:`literature`.

    Returns
    -------
    list of LiteratureEntry
        In file order.

    """
    ptype = part_type(part)
    if coordinate is not None:
        ids.check_choice(coordinate, ids.HIP_COORDINATES, "coordinate")
    pool = literature() if entries is None else entries
    return [e for e in pool if ptype in e.parts and (coordinate is None or coordinate in e.coordinates)]


def numeric_for(part: str, coordinate: str, *,
                entries: tuple[LiteratureEntry, ...] | None = None) -> list[LiteratureEntry]:
    """The entries with a number about ``part`` and ``coordinate`` (what the plots draw)."""
    return [e for e in entries_for(part, coordinate, entries=entries) if e.numeric]
