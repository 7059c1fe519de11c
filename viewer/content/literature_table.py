"""The model next to the literature: a short table per part, from the engine and ``annotations/literature``.

For every literature entry about a part (:func:`viewer.anatomy.literature.entries_for`) a row gives
the hip flexion, the model's value there (the part's bundle, the other hip coordinates neutral,
computed by :func:`viewer.anatomy.mechanics.sweep` like the cards' numbers), what the paper says and
the source. A numeric entry is checked: the model **departs** when its sign differs from the
paper's, or when it lies outside the reported range or spread (a bare value: more than
:data:`TOLERANCE_MM` away). A statement is shown, not checked. :func:`table_markdown` is the
card's section (:mod:`viewer.content.cards`); no Panel here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.action_words import DIRECTIONS, IN_THIS_MODEL
from viewer.anatomy.fibres import fibre_model
from viewer.anatomy.literature import LiteratureEntry, entries_for, literature
from viewer.anatomy.mechanics import sweep

TOLERANCE_MM: Final = 5.0
"""How far (mm) the model may be from a value reported without a spread or range before it departs."""
PEAK_FLEXIONS_DEG: Final = np.arange(-20.0, 90.5, 1.0)
"""Hip flexions over which the model's peak is taken: the app's flexion sweep, -20 to 90 deg."""
PEAK_FLEXIONS_DEG.flags.writeable = False
MM: Final = 1000.0
HEADING: Final = "**Model next to literature.**"
COLUMNS: Final = ("At hip flexion", "This model", "Literature", "Source")


@dataclass(frozen=True)
class Row:
    """One row of the table.

    Attributes
    ----------
    entry : LiteratureEntry
    at_flexion : str
        The hip flexion in words (``45°``, ``peak over -20° to 90°``, ``0° → 90°``).
    model_mm : tuple of float
        The model's values shown (mm; empty when none is comparable).
    model : str
        The model cell.
    literature : str
        The literature cell.
    source : str
        The source cell.
    departs : bool or None
        True or False for a number, None for a statement (not checked).
    sentence : str
        Why the model departs, in one sentence ("" when it does not).

    """

    entry: LiteratureEntry
    at_flexion: str
    model_mm: tuple[float, ...]
    model: str
    literature: str
    source: str
    departs: bool | None
    sentence: str


def model_arm_mm(part_id: str, coordinate: str, flexions_deg: np.ndarray | list[float]) -> np.ndarray:
    """The part's bundle moment arm (mm) about ``coordinate`` at each hip flexion, adduction and rotation neutral.

    Parameters
    ----------
    part_id : str
        A sided part id (``glmed1_r``).
    coordinate : {"flexion", "adduction", "rotation"}
        The hip coordinate of the moment arm.
    flexions_deg : array-like
        Hip flexions, degrees.

    Returns
    -------
    ndarray
        Millimetres, + flexion / adduction / internal rotation.

    """
    model, tendon = fibre_model(), ids.bundle_tendon(part_id)
    flex = np.radians(np.asarray(flexions_deg, dtype=float))
    try:
        if coordinate == "flexion":
            arms, _ = sweep(model, tendon, "flexion", flex, {})
        else:
            arms = np.array([sweep(model, tendon, coordinate, np.array([0.0]), {"flexion": f})[0][0] for f in flex])
    finally:
        model.set_pose({})
    return arms * MM


def _deg(x: float) -> str:
    return f"{x:g}°"


def _direction(coordinate: str, mm: float) -> str:
    return DIRECTIONS[coordinate][0 if mm > 0 else 1]


def _numeric_row(part_id: str, e: LiteratureEntry) -> Row:
    value = e.value
    if value is None:
        raise ValueError(f"entry {e.id!r} has no value")
    coordinate = e.coordinates[0]
    centre = value.centre()
    if value.at == "angle":
        flex = float(value.hip_flexion_deg or 0.0)
        model = float(model_arm_mm(part_id, coordinate, [flex])[0])
        at, what, at_model = _deg(flex), f"{coordinate} moment arm at {_deg(flex)} hip flexion", ""
    else:
        arms = model_arm_mm(part_id, coordinate, PEAK_FLEXIONS_DEG)
        same = arms * np.sign(centre) if centre else np.abs(arms)
        i = int(np.argmax(same)) if same.max() > 0 else int(np.argmax(np.abs(arms)))
        model = float(arms[i])
        lo, hi = PEAK_FLEXIONS_DEG[[0, -1]]
        at, what = f"peak over {_deg(lo)} to {_deg(hi)}", f"{coordinate} moment arm at its peak"
        at_model = f" (at {_deg(float(PEAK_FLEXIONS_DEG[i]))})"
    bounds = value.bounds()
    if value.range_mm is not None:
        literature_cell = f"{value.range_mm[0]:+.0f} to {value.range_mm[1]:+.0f} mm"
    else:
        spread = f" ± {value.spread_mm:g}" if value.spread_mm is not None else ""
        literature_cell = f"{value.mm:+.1f}{spread} mm"
    reason = ""
    if model * centre < 0:
        reason = f"the other sign than the {literature_cell} reported"
    elif bounds is not None and not bounds[0] <= model <= bounds[1]:
        reason = f"outside the {bounds[0]:+.1f} to {bounds[1]:+.1f} mm reported"
    elif bounds is None and abs(model - centre) > TOLERANCE_MM:
        reason = f"more than {TOLERANCE_MM:g} mm from the {centre:+.1f} mm reported"
    sentence = (f"The model departs from {e.short}: {IN_THIS_MODEL} the {what} of this part is {model:+.1f} mm "
                f"({_direction(coordinate, model)}), {reason}." if reason else "")
    return Row(e, at, (model,), f"{model:+.1f} mm{at_model}",
               f"{literature_cell}: {e.statement}", _source(e), bool(reason), sentence)


def _statement_row(part_id: str, e: LiteratureEntry) -> Row:
    flexions = e.flexions_deg or (0.0, 90.0)
    at = ", ".join(_deg(f) for f in flexions) if e.flexions_deg else "—"
    if len(e.coordinates) != 1:
        return Row(e, at, (), "—", e.statement, _source(e), None, "")
    coordinate = e.coordinates[0]
    ends = [min(flexions), max(flexions)]
    arms = model_arm_mm(part_id, coordinate, ends)
    cells = [f"{a:+.1f} mm at {_deg(f)} ({_direction(coordinate, a)})" for f, a in zip(ends, arms, strict=True)]
    return Row(e, at, tuple(float(a) for a in arms), " → ".join(cells), e.statement, _source(e), None, "")


def _source(e: LiteratureEntry) -> str:
    return f"{e.short}, {e.where} ({e.obtained})"


@lru_cache(maxsize=len(ids.part_ids()))
def compare(part_id: str) -> tuple[Row, ...]:
    """The rows of the table for one part (cached per part and process).

    Parameters
    ----------
    part_id : str
        A sided part id (``glmax1_r``).

    Returns
    -------
    tuple of Row
        One per literature entry about the part, in file order (empty when there is none).

    Raises
    ------
    viewer.anatomy.ids.UnknownIdError
        For an unknown part.
    viewer.anatomy.yamlio.AnnotationError
        If the literature file is broken.

    """
    ids.check_part(part_id)
    return rows_for(part_id, tuple(entries_for(part_id, entries=literature())))


def rows_for(part_id: str, entries: tuple[LiteratureEntry, ...]) -> tuple[Row, ...]:
    """The rows for ``entries`` about ``part_id`` (not cached; for tests and other data sets)."""
    return tuple(_numeric_row(part_id, e) if e.numeric else _statement_row(part_id, e) for e in entries)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def table_markdown(rows: tuple[Row, ...]) -> str:
    """The card's section: heading, table, a sentence per departure and the full citations ("" without rows)."""
    if not rows:
        return ""
    lines = [f"| {' | '.join(COLUMNS)} |", "|" + "---|" * len(COLUMNS)]
    lines += [f"| {' | '.join(_cell(c) for c in (r.at_flexion, r.model, r.literature, r.source))} |" for r in rows]
    out = [HEADING + " The model's values are its bundle's, the other hip angles neutral; a statement is shown, "
           "not checked.", "\n".join(lines)]
    out += [r.sentence for r in rows if r.departs]
    cited = dict.fromkeys(r.entry.citation for r in rows)
    out.append("*Literature:* " + " ".join(cited))
    return "\n\n".join(out)
