import pytest

from viewer.anatomy import ids


def test_eighteen_parts_unique_and_well_formed():
    parts = ids.part_ids()
    assert len(parts) == 18 and len(set(parts)) == 18
    assert all(ids.PART_RE.match(p) for p in parts)


def test_round_trips():
    assert ids.parse_part("glmed2_r") == ("glmed", 2, "r")
    assert ids.muscle_of("glmed2_l") == "gluteus_medius_l"
    assert ids.layer_of("glmin3_r") == "gluteus_minimus"
    assert ids.fibre_id("glmed2_r", 7) == "glmed2_r/f07"
    assert ids.parse_fibre("glmed2_r/f07") == ("glmed2_r", 7)
    assert ids.part_type("glmax1_l") == "glmax1"
    assert ids.hip_joint("rotation", "l") == "hip_rotation_l"


@pytest.mark.parametrize("bad", ["glmed4_r", "glmed1", "GLMED1_R", "glmed1_x", "", None, 3])
def test_bad_part_names_the_choices(bad):
    with pytest.raises(ids.UnknownIdError, match="expected one of: glmax1_r"):
        ids.parse_part(bad)


@pytest.mark.parametrize("bad", ["glmed2_r/7", "glmed2_r", "glmed2_r/f7", "x/f01"])
def test_bad_fibre(bad):
    with pytest.raises(ids.UnknownIdError, match="<part>/fNN"):
        ids.parse_fibre(bad)


def test_check_choice_message():
    with pytest.raises(ids.UnknownIdError, match="unknown motion 'walk'; expected one of: a, b"):
        ids.check_choice("walk", ("a", "b"), "motion")
