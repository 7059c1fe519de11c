"""How sure is this? (issue 16, items 3, 4, 6): evidence as data, not as a paler colour.

The activation table's evidence classes, uncertainty and speed note (annotations/motions/
activation.yaml), the kinds of the card sections (annotations/muscles/*.yaml ``kinds``), and what
the payload carries for the legend, the readout and the phase strip.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from viewer.anatomy import annotations, ids
from viewer.anatomy.activation import DEFAULT_YAML, load_activation
from viewer.anatomy.yamlio import AnnotationError
from viewer.component.payload import decode
from viewer.content.cards import SECTION_NAMES, card_markdown
from viewer.content.payloads import MotionSpec, motion_payload
from viewer.export.cards import card_html as export_card_html
from viewer.export.cards import credits

ACT = load_activation()
KINDS = ("measured", "model", "synthesis")


def test_minimus_is_drawn_at_full_intensity_where_active() -> None:
    """Intensity means activity: minimus peaks like medius; its weaker evidence is a class, not a level."""
    phase = np.linspace(0, 1, 400, endpoint=False)
    for part in ids.part_ids():
        assert ACT.intensity(part, phase).max() == pytest.approx(1.0), part
    np.testing.assert_allclose(ACT.intensity("glmin2_r", phase), ACT.intensity("glmed2_r", phase))


def test_evidence_classes() -> None:
    assert list(ACT.evidence_classes) == ["intramuscular_emg_running", "surface_emg_running", "inferred_from_walking"]
    assert ACT.evidence_of("glmin1_l") == "inferred_from_walking"
    assert ACT.evidence_of("glmax2_r") == ACT.evidence_of("glmed3_r") == "surface_emg_running"
    markers = [c["marker"] for c in ACT.evidence_classes.values()]
    assert len(set(markers)) == len(markers)
    assert ACT.evidence_classes["inferred_from_walking"]["label"] == "inferred from walking"
    # the weaker evidence also shows as wider timing uncertainty
    assert ACT.intervals("glmin1_r")[0].onset_uncertainty > ACT.intervals("glmed1_r")[0].onset_uncertainty


def test_semciw_2016_is_cited_and_the_speed_is_named() -> None:
    semciw = [c for c in ACT.citations.values() if "Running related gluteus medius function" in c]
    assert semciw == ["Semciw AI, Neate R, Pizzari T. Running related gluteus medius function in health and "
                      "injury: a systematic review with meta-analysis. J Electromyogr Kinesiol 2016;30:98-110."]
    assert any("Running related" in c for c in ACT.sources_of("glmed2_r"))
    assert "5 m/s" in ACT.speed_line and "extrapolated from slower speeds" in ACT.speed_line
    assert ACT.source.endswith(ACT.speed_note)
    assert "4.5 m/s" in ACT.speed_note


def test_legend_table_rows() -> None:
    legend = ACT.legend(ids.part_ids())
    assert [r["layer"] for r in legend["rows"]] == list(ids.LAYERS)
    by_layer = {r["layer"]: r for r in legend["rows"]}
    assert by_layer["gluteus_minimus"]["evidence"] == "inferred_from_walking"
    (medius,) = by_layer["gluteus_medius"]["intervals"]  # the three parts share one interval
    assert medius["intensity"] == 1.0 and medius["onset_uncertainty"] == pytest.approx(0.05)
    assert by_layer["gluteus_minimus"]["intervals"][0]["offset_uncertainty"] == pytest.approx(0.10)
    assert set(legend["parts"]) == set(ids.part_ids())
    assert legend["speed_line"] == ACT.speed_line


@pytest.mark.parametrize(("field", "value", "match"), [
    ("evidence_class", None, "evidence_class"),
    ("evidence_class", "vibes", "evidence_class"),
])
def test_schema_requires_a_known_evidence_class(tmp_path: Path, field: str, value: str | None, match: str) -> None:
    data = yaml.safe_load(DEFAULT_YAML.read_text(encoding="utf-8"))
    entry = data["entries"]["gluteus_minimus"]
    if value is None:
        del entry[field]
    else:
        entry[field] = value
    path = tmp_path / "activation.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(AnnotationError, match=match):
        load_activation(path)


def test_markers_must_differ(tmp_path: Path) -> None:
    data = yaml.safe_load(DEFAULT_YAML.read_text(encoding="utf-8"))
    classes = data["evidence_classes"]
    classes["inferred_from_walking"]["marker"] = classes["surface_emg_running"]["marker"]
    path = tmp_path / "activation.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(AnnotationError, match="different marker"):
        load_activation(path)


@pytest.mark.parametrize("layer", ids.LAYERS)
def test_every_card_section_has_exactly_one_kind(layer: str) -> None:
    groups = annotations.load_muscle_cards()[layer]["kinds"]
    sections = [s for g in groups for s in g["sections"]]
    assert sorted(sections) == sorted(SECTION_NAMES)
    kind = {s: g["kind"] for g in groups for s in g["sections"]}
    assert kind["origin"] == kind["innervation"] == "measured"
    assert kind["actions"] == kind["rotation_with_flexion"] == "model"
    assert kind["running"] == "synthesis"


def test_the_card_shows_kind_badges_and_the_phase_definition_line() -> None:
    text = card_markdown("glmed2_r")
    assert "**Origin.** `measured`" in text and "**Actions.** `model`" in text and "**Running.** `synthesis`" in text
    assert "**How sure is this?**" in text and "How the phases are defined" in text
    page = export_card_html("glmed2_r")
    for kind in KINDS:
        assert f"<code>{kind}</code>" in page
    assert "<code>" not in card_markdown("").replace("`", "")  # the placeholder has no badges


def test_the_export_credits_explain_the_kinds() -> None:
    items = dict(credits({"sources": {"model": "M"}}, {"Running": "R"}, ACT.source, "0"))
    text = items["How sure is this?"]
    assert all(k in text for k in KINDS)


def test_running_payload_carries_evidence_kinds_and_phase_definitions() -> None:
    blob, index = motion_payload(MotionSpec("running"))
    colour = index["colour"]
    assert colour["kinds"] == {"action": "model", "stretch": "model", "activation": "synthesis"}
    assert colour["activation"]["parts"]["glmin1_r"] == "inferred_from_walking"
    assert index["joints_kind"] == "measured"
    assert all(p["definition"] for p in index["phases"])
    act = decode(blob, index)["activation"]
    minimus = [i for i, p in enumerate(index["parts"]) if p.startswith("glmin")]
    assert act[:, minimus].max() == 255


def test_sweep_payload_has_no_activation_legend() -> None:
    _, index = motion_payload(MotionSpec("rotation"))
    assert "activation" not in index["colour"]
    assert index["joints_kind"] == "model"
