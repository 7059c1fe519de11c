"""Data tests for the muscle content cards in ``annotations/muscles``.

Both directions are checked (docs/reference/annotations.md): every file matches the schema,
every muscle part has a card and every card names an existing part; ids are unique;
sources, provenance and the seven running phases are present. Malformed copies in a
temporary directory must fail with an AnnotationError that names the file, the field
and what was expected.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from viewer.anatomy import annotations, ids
from viewer.anatomy.yamlio import AnnotationError, load_schema, read_yaml, validate

MUSCLE_FILES = sorted(annotations.MUSCLES_DIR.glob("*.yaml"))
PART_FIELDS = (
    "name",
    "origin",
    "insertion",
    "actions",
    "rotation_with_flexion",
    "running",
    "clinical",
    "exercises",
    "sources",
)
MUSCLE_FIELDS = (
    "id",
    "name",
    "summary",
    "origin",
    "insertion",
    "innervation",
    "blood_supply",
    "actions",
    "sources",
    "parts",
    "provenance",
)


@pytest.fixture(scope="module")
def cards() -> dict[str, dict[str, Any]]:
    """The project's cards, loaded through the public loader."""
    return annotations.load_muscle_cards()


# --------------------------------------------------------------------------- the shipped files


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = load_schema("muscle")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_requires_every_documented_field() -> None:
    schema = load_schema("muscle")
    assert set(schema["required"]) == set(MUSCLE_FIELDS)
    assert set(schema["$defs"]["part"]["required"]) == set(PART_FIELDS)
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["part"]["additionalProperties"] is False


def test_one_file_per_muscle() -> None:
    assert [p.name for p in MUSCLE_FILES] == sorted(annotations.card_file_names())


@pytest.mark.parametrize("path", MUSCLE_FILES, ids=lambda p: p.name)
def test_file_matches_schema(path: Path) -> None:
    data = read_yaml(path)
    validate(data, "muscle", path)  # raises AnnotationError on the first problem
    validator = jsonschema.Draft202012Validator(load_schema("muscle"))
    assert list(validator.iter_errors(data)) == []
    assert data["id"] == path.stem


def test_loader_returns_every_layer_in_order(cards: dict[str, dict[str, Any]]) -> None:
    assert list(cards) == list(ids.LAYERS)
    assert all(card["id"] == layer for layer, card in cards.items())


def test_every_card_names_an_existing_part_type(cards: dict[str, dict[str, Any]]) -> None:
    named = []
    for layer, card in cards.items():
        for ptype in card["parts"]:
            assert ids.check_part_type(ptype) == ptype
            assert ptype in annotations.muscle_part_types(layer), f"{ptype} filed under {layer}"
            named.append(ptype)
    assert sorted(named) == sorted(ids.part_types())


def test_ids_are_unique(cards: dict[str, dict[str, Any]]) -> None:
    card_ids = [card["id"] for card in cards.values()]
    assert len(card_ids) == len(set(card_ids)) == len(ids.LAYERS)
    part_keys = [ptype for card in cards.values() for ptype in card["parts"]]
    assert len(part_keys) == len(set(part_keys)) == 9
    part_names = [part["name"] for card in cards.values() for part in card["parts"].values()]
    assert len(part_names) == len(set(part_names))


def test_there_are_eighteen_sided_parts() -> None:
    assert len(ids.part_ids()) == 18
    assert {ids.part_type(p) for p in ids.part_ids()} == set(ids.part_types())


@pytest.mark.parametrize("part_id", ids.part_ids())
def test_every_sided_part_has_a_card(part_id: str, cards: dict[str, dict[str, Any]]) -> None:
    card = annotations.part_card(part_id)
    layer = ids.layer_of(part_id)
    assert card["id"] == part_id
    assert card["part_type"] == ids.part_type(part_id)
    assert card["layer"] == layer
    assert card["muscle"] == ids.muscle_of(part_id)
    assert card["side"] == part_id[-1]
    assert card["name"] == cards[layer]["parts"][card["part_type"]]["name"]
    assert card["muscle_name"] == cards[layer]["name"]
    assert card["innervation"]["nerve"].strip()
    assert card["blood_supply"]
    assert card["provenance"].strip()
    for field in PART_FIELDS:
        assert card[field], f"{part_id}: {field} empty"


def test_every_card_has_sources(cards: dict[str, dict[str, Any]]) -> None:
    for layer, card in cards.items():
        assert card["sources"], layer
        for ptype, part in card["parts"].items():
            assert part["sources"], ptype
            for source in part["sources"] + card["sources"]:
                assert source["citation"].strip()
                assert source.get("url", "https://").startswith("https://")


def test_every_file_states_its_provenance(cards: dict[str, dict[str, Any]]) -> None:
    for layer, card in cards.items():
        assert "authored" in card["provenance"].lower(), layer
        assert "Gray" in card["provenance"], layer


def test_running_roles_cover_all_seven_phases(cards: dict[str, dict[str, Any]]) -> None:
    schema = load_schema("muscle")
    assert tuple(schema["$defs"]["running"]["required"]) == annotations.RUNNING_PHASES
    assert len(annotations.RUNNING_PHASES) == 7
    for card in cards.values():
        for ptype, part in card["parts"].items():
            assert set(part["running"]) == set(annotations.RUNNING_PHASES), ptype
            assert all(text.strip() for text in part["running"].values()), ptype


def test_medius_cards_teach_trendelenburg_and_tendinopathy(cards: dict[str, dict[str, Any]]) -> None:
    for ptype, part in cards["gluteus_medius"]["parts"].items():
        notes = " ".join(part["clinical"]).lower()
        assert "trendelenburg" in notes, ptype
        assert "pelvi" in notes and "drop" in notes, ptype
        assert "tendinopathy" in notes, ptype


def test_minimus_cards_mention_tendinopathy(cards: dict[str, dict[str, Any]]) -> None:
    for ptype, part in cards["gluteus_minimus"]["parts"].items():
        assert "tendinopathy" in " ".join(part["clinical"]).lower(), ptype


def test_rotation_moves_toward_internal_with_flexion(cards: dict[str, dict[str, Any]]) -> None:
    # Delp et al. 1999: flexing the hip shifts the gluteal rotation moment arms toward
    # internal rotation, so no part may go from internal (straight) to external (flexed).
    for card in cards.values():
        for ptype, part in card["parts"].items():
            rot = part["rotation_with_flexion"]
            assert (rot["at_0deg"], rot["at_90deg"]) != ("internal", "external"), ptype


def test_anterior_parts_rotate_internally_and_maximus_externally(cards: dict[str, dict[str, Any]]) -> None:
    parts = {k: v for card in cards.values() for k, v in card["parts"].items()}
    for ptype in ("glmed1", "glmin1"):
        rot = parts[ptype]["rotation_with_flexion"]
        assert (rot["at_0deg"], rot["at_90deg"]) == ("internal", "internal"), ptype
    for ptype in ("glmed3", "glmin3"):
        rot = parts[ptype]["rotation_with_flexion"]
        assert (rot["at_0deg"], rot["at_90deg"]) == ("external", "internal"), ptype
    for ptype in ("glmax1", "glmax2", "glmax3"):
        assert parts[ptype]["rotation_with_flexion"]["at_0deg"] == "external", ptype


def test_listed_rotation_actions_agree_with_the_straight_hip(cards: dict[str, dict[str, Any]]) -> None:
    for card in cards.values():
        for ptype, part in card["parts"].items():
            for action in part["actions"]:
                if action["coordinate"] == "rotation":
                    assert action["direction"] == part["rotation_with_flexion"]["at_0deg"], ptype


def test_part_card_refuses_unknown_ids() -> None:
    for bad in ("glmed4_r", "glmed1", "gluteus_medius_r", "", "GLMED1_R"):
        with pytest.raises(ids.UnknownIdError, match="expected one of"):
            annotations.part_card(bad)


def test_part_card_combines_sources_without_duplicates(cards: dict[str, dict[str, Any]]) -> None:
    card = annotations.part_card("glmed2_r")
    citations = [s["citation"] for s in card["sources"]]
    assert len(citations) == len(set(citations))
    own = [s["citation"] for s in cards["gluteus_medius"]["parts"]["glmed2"]["sources"]]
    muscle = [s["citation"] for s in cards["gluteus_medius"]["sources"]]
    assert citations[: len(own)] == own
    assert set(citations) == set(own) | set(muscle)


def test_returned_cards_are_copies() -> None:
    first = annotations.load_muscle_cards()
    first["gluteus_medius"]["name"] = "changed"
    annotations.part_card("glmed1_r")["clinical"].append("changed")
    assert annotations.load_muscle_cards()["gluteus_medius"]["name"] == "Gluteus medius"
    assert "changed" not in annotations.part_card("glmed1_r")["clinical"]


# --------------------------------------------------------------------------- malformed copies


@pytest.fixture()
def muscles(tmp_path: Path) -> Path:
    """A writable copy of the muscles directory."""
    target = tmp_path / "muscles"
    target.mkdir()
    for path in MUSCLE_FILES:
        shutil.copy(path, target / path.name)
    return target


def edit(directory: Path, layer: str, change: Callable[[dict[str, Any]], None]) -> Path:
    """Load one file of ``directory``, apply ``change`` and write it back."""
    path = directory / f"{layer}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def load_error(directory: Path) -> AnnotationError:
    """The AnnotationError raised by loading ``directory`` (fails if none is raised)."""
    with pytest.raises(AnnotationError) as info:
        annotations.load_muscle_cards(directory)
    return info.value


def check(err: AnnotationError, file_name: str, field: str, *expected: str) -> None:
    """Assert the message names the file, the field and each expected phrase."""
    message = str(err)
    assert Path(err.path).name == file_name
    assert file_name in message
    assert err.field == field
    if field:
        assert f": {field}: " in message
    for phrase in expected:
        assert phrase in message, f"{phrase!r} not in {message!r}"


def test_shipped_copy_loads(muscles: Path) -> None:
    assert list(annotations.load_muscle_cards(muscles)) == list(ids.LAYERS)


def test_wrong_type_names_field_and_type(muscles: Path) -> None:
    edit(muscles, "gluteus_medius", lambda d: d.update(summary=42))
    check(load_error(muscles), "gluteus_medius.yaml", "summary", "type 'string'", "42")


def test_wrong_nested_type(muscles: Path) -> None:
    edit(muscles, "gluteus_minimus", lambda d: d["parts"]["glmin2"].update(clinical="one note"))
    check(load_error(muscles), "gluteus_minimus.yaml", "parts.glmin2.clinical", "type 'array'")


def test_missing_required_field(muscles: Path) -> None:
    edit(muscles, "gluteus_maximus", lambda d: d.pop("innervation"))
    check(load_error(muscles), "gluteus_maximus.yaml", "", "'innervation'", "required")


def test_missing_nested_required_field(muscles: Path) -> None:
    edit(muscles, "gluteus_medius", lambda d: d["parts"]["glmed2"]["running"].pop("float"))
    check(load_error(muscles), "gluteus_medius.yaml", "parts.glmed2.running", "'float'", "required")


def test_unknown_part_type(muscles: Path) -> None:
    def add_glmed4(data: dict[str, Any]) -> None:
        data["parts"]["glmed4"] = data["parts"]["glmed3"]

    edit(muscles, "gluteus_medius", add_glmed4)
    check(load_error(muscles), "gluteus_medius.yaml", "parts.glmed4",
          "glmed1, glmed2, glmed3", "'glmed4'")


def test_part_of_another_muscle(muscles: Path) -> None:
    def add_glmax1(data: dict[str, Any]) -> None:
        data["parts"]["glmax1"] = data["parts"]["glmed1"]

    edit(muscles, "gluteus_medius", add_glmax1)
    check(load_error(muscles), "gluteus_medius.yaml", "parts.glmax1", "glmed1, glmed2, glmed3")


def test_missing_part(muscles: Path) -> None:
    edit(muscles, "gluteus_minimus", lambda d: d["parts"].pop("glmin2"))
    check(load_error(muscles), "gluteus_minimus.yaml", "parts", "missing glmin2")


def test_unknown_coordinate(muscles: Path) -> None:
    edit(muscles, "gluteus_medius",
         lambda d: d["parts"]["glmed1"]["actions"][0].update(coordinate="circumduction"))
    check(load_error(muscles), "gluteus_medius.yaml", "parts.glmed1.actions[0].coordinate",
          "'flexion', 'adduction', 'rotation'", "circumduction")


def test_direction_must_belong_to_coordinate(muscles: Path) -> None:
    edit(muscles, "gluteus_medius",
         lambda d: d["parts"]["glmed1"]["actions"][0].update(coordinate="adduction", direction="internal"))
    check(load_error(muscles), "gluteus_medius.yaml", "parts.glmed1.actions[0].direction",
          "'abduction', 'adduction'", "internal")


def test_unknown_rotation_sign(muscles: Path) -> None:
    edit(muscles, "gluteus_maximus",
         lambda d: d["parts"]["glmax2"]["rotation_with_flexion"].update(at_90deg="medial"))
    check(load_error(muscles), "gluteus_maximus.yaml", "parts.glmax2.rotation_with_flexion.at_90deg",
          "'internal', 'external'", "medial")


def test_unknown_running_phase(muscles: Path) -> None:
    edit(muscles, "gluteus_maximus", lambda d: d["parts"]["glmax3"]["running"].update(stance="x"))
    check(load_error(muscles), "gluteus_maximus.yaml", "parts.glmax3.running", "no other fields", "stance")


def test_blank_text(muscles: Path) -> None:
    edit(muscles, "gluteus_minimus", lambda d: d["parts"]["glmin1"]["sources"][0].update(citation="  "))
    check(load_error(muscles), "gluteus_minimus.yaml", "parts.glmin1.sources[0].citation", "pattern")


def test_empty_sources(muscles: Path) -> None:
    edit(muscles, "gluteus_minimus", lambda d: d["parts"]["glmin3"].update(sources=[]))
    check(load_error(muscles), "gluteus_minimus.yaml", "parts.glmin3.sources", "minItems 1")


def test_unknown_top_level_field(muscles: Path) -> None:
    edit(muscles, "gluteus_maximus", lambda d: d.update(colour="red"))
    check(load_error(muscles), "gluteus_maximus.yaml", "", "no other fields", "colour")


@pytest.mark.parametrize("field", MUSCLE_FIELDS)
def test_every_muscle_field_is_typed(muscles: Path, field: str) -> None:
    edit(muscles, "gluteus_medius", lambda d: d.update({field: 3.5}))
    check(load_error(muscles), "gluteus_medius.yaml", field, "3.5")


@pytest.mark.parametrize("field", PART_FIELDS)
def test_every_part_field_is_typed(muscles: Path, field: str) -> None:
    edit(muscles, "gluteus_medius", lambda d: d["parts"]["glmed2"].update({field: 3.5}))
    check(load_error(muscles), "gluteus_medius.yaml", f"parts.glmed2.{field}", "3.5")


def test_id_must_match_file_name(muscles: Path) -> None:
    edit(muscles, "gluteus_medius", lambda d: d.update(id="gluteus_minimus"))
    check(load_error(muscles), "gluteus_medius.yaml", "id", "'gluteus_medius'", "file name")


def test_not_a_mapping(muscles: Path) -> None:
    (muscles / "gluteus_medius.yaml").write_text("- a\n- b\n", encoding="utf-8")
    check(load_error(muscles), "gluteus_medius.yaml", "", "type 'object'")


def test_empty_file(muscles: Path) -> None:
    (muscles / "gluteus_minimus.yaml").write_text("", encoding="utf-8")
    check(load_error(muscles), "gluteus_minimus.yaml", "", "empty")


def test_non_utf8_bytes(muscles: Path) -> None:
    path = muscles / "gluteus_maximus.yaml"
    path.write_bytes(path.read_bytes().replace(b"Gluteus maximus", b"Glut\xe9us maximus", 1))
    check(load_error(muscles), "gluteus_maximus.yaml", "", "UTF-8", "byte")


def test_invalid_yaml_syntax(muscles: Path) -> None:
    path = muscles / "gluteus_medius.yaml"
    path.write_text("id: gluteus_medius\nname: [unclosed\nsummary: x\n", encoding="utf-8")
    err = load_error(muscles)
    check(err, "gluteus_medius.yaml", err.field, "valid YAML")
    assert err.field.startswith("line ")


def test_missing_muscle_file(muscles: Path) -> None:
    (muscles / "gluteus_minimus.yaml").unlink()
    check(load_error(muscles), "gluteus_minimus.yaml", "", "exist", "gluteus_minimus.yaml")


def test_unknown_file_name(muscles: Path) -> None:
    shutil.copy(muscles / "gluteus_medius.yaml", muscles / "gluteus_medial.yaml")
    check(load_error(muscles), "gluteus_medial.yaml", "", "gluteus_maximus.yaml, gluteus_medius.yaml")


def test_duplicate_id(muscles: Path) -> None:
    shutil.copy(muscles / "gluteus_medius.yaml", muscles / "gluteus_medius.yml")
    check(load_error(muscles), "gluteus_medius.yml", "id", "unique", "gluteus_medius.yaml")


def test_missing_directory(tmp_path: Path) -> None:
    err = load_error(tmp_path / "nowhere")
    check(err, "nowhere", "", "directory", "gluteus_medius.yaml")


def test_part_card_reports_bad_files(muscles: Path) -> None:
    edit(muscles, "gluteus_medius", lambda d: d["parts"].pop("glmed1"))
    with pytest.raises(AnnotationError, match="missing glmed1"):
        annotations.part_card("glmed2_r", directory=muscles)
    with pytest.raises(AnnotationError, match="expected a directory"):
        annotations.part_card("glmax1_l", directory=muscles.parent / "missing")
