"""The literature file: valid, every finding sourced and traceable to the page it was read on, and its checks bite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from viewer.anatomy import ids
from viewer.anatomy.literature import default_path, entries_for, literature, load_literature, numeric_for
from viewer.anatomy.yamlio import AnnotationError


def broken(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of the shipped file with ``edit`` applied."""
    data = yaml.safe_load(default_path().read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "moment_arms.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_file_validates_and_names_the_three_papers() -> None:
    entries = load_literature()
    assert entries and entries == literature()
    shorts = {e.short for e in entries}
    assert shorts == {"Delp et al. 1999", "Dostal et al. 1986", "Blemker & Delp 2005"}


def test_every_entry_has_a_source_where_how_and_read_at() -> None:
    for e in literature():
        assert e.citation and e.short and e.where and e.statement, e.id
        assert e.obtained in ("reported", "digitised"), e.id
        assert e.read_at.startswith(("https://", "http://")), e.id
        assert set(e.parts) <= set(ids.part_types()) and e.compartment, e.id


def test_numbers_concern_one_coordinate_in_the_project_sign_convention() -> None:
    numeric = [e for e in literature() if e.numeric]
    assert numeric, "at least one number was read"
    for e in numeric:
        assert len(e.coordinates) == 1, e.id
        low, high = e.value.bounds() or (e.value.centre(), e.value.centre())
        assert low <= e.value.centre() <= high, e.id
    blemker = next(e for e in numeric if e.source == "blemker2005")
    assert blemker.coordinates == ("flexion",) and blemker.value.range_mm == (-70.0, -10.0)  # extension: negative


def test_entries_per_part_and_coordinate() -> None:
    assert [e.source for e in numeric_for("glmax2_l", "flexion")] == ["blemker2005"]
    assert numeric_for("glmed1_r", "rotation") == []
    assert {e.source for e in entries_for("glmed3", "rotation")} == {"delp1999", "dostal1986"}
    assert entries_for("glmin1_r") == entries_for("glmin1_l") == entries_for("glmin1")
    with pytest.raises(ids.UnknownIdError):
        entries_for("glmed4_r")
    with pytest.raises(ids.UnknownIdError):
        entries_for("glmed1_r", "abduction")


@pytest.mark.parametrize(("edit", "field"), [
    (lambda d: d["entries"][0].pop("read_at"), "entries[0]"),
    (lambda d: d["entries"][1].update(read_at="somewhere"), "entries[1].read_at"),
    (lambda d: d["entries"][0].update(obtained="guessed"), "entries[0].obtained"),
    (lambda d: d["entries"][0].update(parts=["glmed4"]), "entries[0].parts[0]"),
    (lambda d: d["entries"][0]["value"].update(mm=-40), "entries[0].value"),
    (lambda d: d["entries"][0]["value"].update(at="angle"), "entries[0].value"),
    (lambda d: d["entries"][1].update(id=d["entries"][0]["id"]), "entries[1].id"),
    (lambda d: d["entries"][1].update(source="nobody2000"), "entries[1].source"),
    (lambda d: d["entries"][0].update(coordinates=["flexion", "rotation"]), "entries[0].coordinates"),
    (lambda d: d["entries"][0]["value"].update(range_mm=[-10, -70]), "entries[0].value.range_mm"),
    (lambda d: d["sources"].update(unused={"citation": "A paper.", "short": "A 2000"}), "sources"),
])
def test_a_broken_file_is_refused_naming_the_field(tmp_path: Path, edit: Callable[[dict[str, Any]], None],
                                                   field: str) -> None:
    path = broken(tmp_path, edit)
    with pytest.raises(AnnotationError) as err:
        load_literature(path)
    assert err.value.field == field, str(err.value)
    if field == "entries[0]":
        assert "read_at" in str(err.value)
    assert "moment_arms.yaml" in str(err.value)
