"""Data tests for annotations/motions/activation.yaml and exercises.yaml.

Schemas are valid and the shipped files match them; ids are checked in both directions;
every interval and exercise has sources, every interval an uncertainty; sources about walking
say so. Malformed copies fail with an AnnotationError naming the file and the field.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from viewer.anatomy import activation, exercises, ids, motions
from viewer.anatomy.yamlio import AnnotationError, load_schema, read_yaml, validate

ACT_FILE = activation.DEFAULT_YAML
EX_FILE = exercises.DEFAULT_YAML


@pytest.mark.parametrize("name", ["activation", "exercises"])
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize("path, name", [(ACT_FILE, "activation"), (EX_FILE, "exercises")],
                         ids=["activation", "exercises"])
def test_shipped_file_matches_schema(path: Path, name: str) -> None:
    validate(read_yaml(path), name, path)


# --------------------------------------------------------------------------- activation content


def test_activation_ids_both_ways() -> None:
    data = read_yaml(ACT_FILE)
    valid = set(ids.LAYERS) | set(ids.part_types())
    assert set(data["entries"]) <= valid  # every entry names a layer or part type
    act = activation.load_activation()
    used = {act.entry_id(p) for p in ids.part_ids()}
    assert used == set(data["entries"])  # every part is covered and every entry is used


def test_every_interval_has_sources_uncertainty_and_evidence() -> None:
    data = read_yaml(ACT_FILE)
    for key, entry in data["entries"].items():
        assert entry["note"].strip() and entry["name"].strip(), key
        for interval in entry["intervals"]:
            assert interval["sources"] and set(interval["sources"]) <= set(data["sources"]), key
            unc = interval["uncertainty"]
            assert unc["onset_percent"] > 0 and unc["offset_percent"] > 0 and unc["note"].strip(), key
            assert 0 <= interval["start"] <= 100 and 0 <= interval["end"] <= 100, key
    assert "5 %" in data["uncertainty"] and "synthesis" in data["provenance"]
    assert data["levels"] == {"low": 0.3, "moderate": 0.6, "high": 1.0}
    for word, value in data["levels"].items():  # the mapping is stated in words too
        assert f"{word} = {value}" in data["level_note"]


def test_sources_say_what_gait_they_measured() -> None:
    sources = read_yaml(ACT_FILE)["sources"]
    for sid, source in sources.items():
        assert source["citation"].strip() and source["note"].strip(), sid
        assert source.get("url", "https://").startswith("https://"), sid
        if source["gait"] == "walking":
            assert "WALKING" in source["note"], sid
    assert sources["semciw2013"]["gait"] == "walking" and sources["semciw2014"]["gait"] == "walking"
    assert "2143-2155" in sources["lieberman2006"]["citation"]


def test_synthesis_rows_say_why() -> None:
    data = read_yaml(ACT_FILE)
    for key, entry in data["entries"].items():
        if any(i["evidence"] == "synthesis" for i in entry["intervals"]):
            assert "synthesis" in entry["note"], key


# --------------------------------------------------------------------------- exercises content


def test_exercise_ids_both_ways_and_targets_exist() -> None:
    data = read_yaml(EX_FILE)
    assert [e["id"] for e in data["exercises"]] == list(motions.EXERCISE_NAMES)
    valid = set(ids.LAYERS) | set(ids.part_types())
    for ex in data["exercises"]:
        assert set(ex["targets"]) <= valid, ex["id"]


def test_every_exercise_has_cue_sources_and_position() -> None:
    for ex in read_yaml(EX_FILE)["exercises"]:
        assert ex["sources"] and all(s["citation"].strip() for s in ex["sources"]), ex["id"]
        assert all(s.get("url", "https://").startswith("https://") for s in ex["sources"]), ex["id"]
        assert len(ex["cue"].split()) >= 8 and ex["position"].strip() and ex["note"].strip(), ex["id"]
        assert {k["event"] for k in ex["keyframes"]}, ex["id"]
    assert "project" in read_yaml(EX_FILE)["provenance"]


# --------------------------------------------------------------------------- malformed copies


def copy_with(tmp_path: Path, source: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / source.name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def check(err: AnnotationError, path: Path, field: str, *phrases: str) -> None:
    message = str(err)
    assert Path(err.path) == path and path.name in message
    assert err.field == field, (err.field, message)
    for phrase in phrases:
        assert phrase in message, (phrase, message)


def entry(name: str, **changes: Any) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["entries"][name]["intervals"][0].update(changes)


ACT_CASES = {
    "start_equals_end": (entry("glmed1", start=30), "entries.glmed1.intervals[0].end", "differ from start"),
    "start_out_of_range": (entry("glmed2", start=120), "entries.glmed2.intervals[0].start", "maximum 100"),
    "unknown_level": (entry("glmed3", level="extreme"), "entries.glmed3.intervals[0].level", "extreme"),
    "unknown_source": (entry("gluteus_maximus", sources=["lieberman2007"]),
                       "entries.gluteus_maximus.intervals[0].sources[0]", "lieberman2007"),
    "missing_uncertainty": (lambda d: d["entries"]["glmed1"]["intervals"][0].pop("uncertainty"),
                            "entries.glmed1.intervals[0]", "'uncertainty'"),
    "missing_sources": (lambda d: d["entries"]["glmed1"]["intervals"][0].pop("sources"),
                        "entries.glmed1.intervals[0]", "'sources'"),
    "uncited_source": (entry("gluteus_minimus", sources=["novacheck1998"]), "sources.semciw2014", "cited"),
    "part_not_covered": (lambda d: d["entries"].pop("gluteus_minimus"), "entries", "missing glmin1"),
    "unknown_id": (lambda d: d["entries"].update(glmed4=d["entries"]["glmed1"]), "entries", "glmed4"),
    "unused_layer_entry": (lambda d: d["entries"].update(gluteus_medius=d["entries"]["glmed1"]),
                           "entries.gluteus_medius", "every part of gluteus_medius"),
    "too_long_for_ramp": (entry("glmed2", start=30, end=29), "entries.glmed2.intervals[0].end", "at most 96"),
    "levels_not_increasing": (lambda d: d["levels"].update(low=0.9), "levels", "low < moderate < high"),
    "unknown_gait": (lambda d: d["sources"]["semciw2013"].update(gait="cycling"), "sources.semciw2013.gait", "cycling"),
}


@pytest.mark.parametrize("case", ACT_CASES)
def test_malformed_activation_names_file_and_field(tmp_path: Path, case: str) -> None:
    change, field, *phrases = ACT_CASES[case]
    path = copy_with(tmp_path, ACT_FILE, change)
    with pytest.raises(AnnotationError) as info:
        activation.load_activation(path)
    check(info.value, path, field, *phrases)


def keyframe(e: int, k: int, **angles: float) -> Callable[[dict[str, Any]], None]:
    return lambda d: d["exercises"][e]["keyframes"][k]["angles"].update(angles)


EX_CASES = {
    "angle_out_of_range": (keyframe(2, 1, hip_rotation_r=-45), "exercises[2].keyframes[1].angles.hip_rotation_r",
                           "-40 to 40"),
    "knee_hyperextended": (keyframe(4, 0, knee_angle_l=-5), "exercises[4].keyframes[0].angles.knee_angle_l",
                           "0 to 120"),
    "joints_differ": (keyframe(0, 1, hip_flexion_r=5), "exercises[0].keyframes[1].angles", "joints of keyframes[0]"),
    "unknown_joint": (keyframe(1, 0, mtp_angle_r=5), "exercises[1].keyframes[0].angles", "mtp_angle_r"),
    "phase_not_increasing": (lambda d: d["exercises"][3]["keyframes"][1].update(phase=0.0),
                             "exercises[3].keyframes[1].phase", "more than"),
    "first_phase_not_zero": (lambda d: d["exercises"][3]["keyframes"][0].update(phase=0.1),
                             "exercises[3].keyframes[0].phase", "expected 0"),
    "duplicate_event": (lambda d: d["exercises"][0]["keyframes"][1].update(event="bottom"),
                        "exercises[0].keyframes[1].event", "unique"),
    "duplicate_id": (lambda d: d["exercises"][1].update(id="hip_hitch"), "exercises[1].id", "unique"),
    "unknown_id": (lambda d: d["exercises"][1].update(id="lunge"), "exercises[1].id", "EXERCISE_NAMES"),
    "missing_exercise": (lambda d: d["exercises"].pop(), "exercises", "missing glute_bridge"),
    "missing_cue": (lambda d: d["exercises"][2].pop("cue"), "exercises[2]", "'cue'"),
    "no_sources": (lambda d: d["exercises"][2].update(sources=[]), "exercises[2].sources", "minItems"),
    "bad_target": (lambda d: d["exercises"][2].update(targets=["glmed4"]), "exercises[2].targets[0]", "glmed4"),
    "bad_side": (lambda d: d["exercises"][2].update(working_side="right"), "exercises[2].working_side", "right"),
}


@pytest.mark.parametrize("case", EX_CASES)
def test_malformed_exercises_name_file_and_field(tmp_path: Path, case: str) -> None:
    change, field, *phrases = EX_CASES[case]
    path = copy_with(tmp_path, EX_FILE, change)
    with pytest.raises(AnnotationError) as info:
        exercises.load_exercises(path)
    check(info.value, path, field, *phrases)


def test_empty_and_invalid_files(tmp_path: Path) -> None:
    for loader, name in ((activation.load_activation, "activation.yaml"), (exercises.load_exercises, "exercises.yaml")):
        path = tmp_path / name
        path.write_text("", encoding="utf-8")
        with pytest.raises(AnnotationError, match="empty"):
            loader(path)
        path.write_text("entries: [unclosed\n", encoding="utf-8")
        with pytest.raises(AnnotationError, match="valid YAML") as info:
            loader(path)
        assert info.value.field.startswith("line ") and name in str(info.value)
