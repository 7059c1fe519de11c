"""The model next to the literature: the table's model values are the engine's, and departures are flagged."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from viewer.anatomy import ids
from viewer.anatomy.annotations import part_card
from viewer.anatomy.fibres import fibre_model
from viewer.anatomy.literature import LiteratureEntry, LiteratureValue, literature
from viewer.anatomy.mechanics import sweep
from viewer.content.cards import card_markdown
from viewer.content.literature_table import COLUMNS, PEAK_FLEXIONS_DEG, TOLERANCE_MM, compare, rows_for, table_markdown
from viewer.export.cards import card_html as export_card_html


def engine_arm_mm(part: str, coordinate: str, flexion_deg: float) -> float:
    """The bundle's moment arm straight from the engine, as tests/mechanics/test_cards_match_engine.py reads it."""
    if coordinate == "flexion":
        arms, _ = sweep(fibre_model(), ids.bundle_tendon(part), "flexion", np.radians([flexion_deg]), {})
    else:
        arms, _ = sweep(fibre_model(), ids.bundle_tendon(part), coordinate, np.array([0.0]),
                        {"flexion": np.radians(flexion_deg)})
    return float(arms[0]) * 1000


def entry(mm: float | None = None, *, spread: float | None = None, at: str = "angle", flexion: float | None = 0.0,
          coordinate: str = "rotation", range_mm: tuple[float, float] | None = None) -> LiteratureEntry:
    """A numeric entry shaped like the file's, made up for the test."""
    base = next(e for e in literature() if e.numeric)
    value = LiteratureValue(at, flexion if at == "angle" else None, mm, spread, range_mm)
    return dataclasses.replace(base, id="test", coordinates=(coordinate,), value=value)


def test_the_peak_row_has_the_engine_peak() -> None:
    (row,) = [r for r in compare("glmax1_r") if r.entry.numeric]
    peak = min(engine_arm_mm("glmax1_r", "flexion", f) for f in PEAK_FLEXIONS_DEG)  # extension: the most negative
    assert row.model_mm == pytest.approx((peak,), abs=1e-6)
    assert f"{peak:+.1f} mm" in row.model
    assert row.departs == (not -70 <= peak <= -10)


@pytest.mark.parametrize("part", ["glmax1_r", "glmed3_l", "glmin2_r"])
def test_statement_rows_show_the_engine_rotation_arms_at_0_and_90(part: str) -> None:
    row = next(r for r in compare(part) if r.entry.source == "delp1999" and r.entry.coordinates == ("rotation",))
    assert row.departs is None and row.sentence == ""
    expected = (engine_arm_mm(part, "rotation", 0.0), engine_arm_mm(part, "rotation", 90.0))
    assert row.model_mm == pytest.approx(expected, abs=1e-6)
    rot = part_card(part)["rotation_with_flexion"]  # the card's numbers are the same engine's
    assert row.model_mm == pytest.approx((rot["arm_0deg_mm"], rot["arm_90deg_mm"]), abs=0.051)


def test_a_departure_is_flagged_when_the_sign_differs() -> None:
    model = engine_arm_mm("glmed3_r", "rotation", 0.0)  # external in this model
    assert model < 0
    (row,) = rows_for("glmed3_r", (entry(-model),))
    assert row.departs is True and row.model_mm == pytest.approx((model,))
    assert "departs" in row.sentence and "other sign" in row.sentence and "in this model" in row.sentence


def test_spread_range_and_tolerance() -> None:
    model = engine_arm_mm("glmin1_r", "rotation", 45.0)
    agree = entry(model, flexion=45.0)
    assert rows_for("glmin1_r", (agree,))[0].departs is False
    near = entry(model + TOLERANCE_MM / 2, flexion=45.0)
    far = entry(model + 2 * TOLERANCE_MM, flexion=45.0)
    wide = entry(model + 2 * TOLERANCE_MM, spread=3 * TOLERANCE_MM, flexion=45.0)
    narrow = entry(model + 2 * TOLERANCE_MM, spread=TOLERANCE_MM, flexion=45.0)
    outside = entry(at="angle", flexion=45.0, range_mm=(model + 1, model + 20))
    got = [r.departs for r in rows_for("glmin1_r", (near, far, wide, narrow, outside))]
    assert got == [False, True, False, True, True]


def test_the_card_shows_the_table_and_says_when_the_model_departs() -> None:
    for part in ids.part_ids():
        rows = compare(part)
        text = card_markdown(part)
        assert "Model next to literature" in text and "| " + " | ".join(COLUMNS) + " |" in text, part
        assert table_markdown(rows) in text
        for row in rows:
            assert row.entry.short in text
            assert (row.sentence in text) if row.departs else not row.sentence
        assert ("departs from" in text) == any(r.departs for r in rows), part


def test_the_exported_card_carries_the_table() -> None:
    html = export_card_html("glmax3_r")
    assert "Model next to literature" in html and "<table>" in html and "Blemker &amp; Delp 2005" in html
