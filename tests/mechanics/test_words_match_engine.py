"""Every word the content uses for moment arms and lengths agrees with the engine (MyoLeg, mujoco).

The words and thresholds are those of viewer/anatomy/action_words.py. Checked here: the cards'
action directions, magnitudes and ranks, the rotation classes, arms and crossings with flexion, the
absence of magnitude words outside the vocabulary, "in this model" beside every model number,
every exercise note's claims at its keyframes, every narration phrase, and the pelvic-drop text.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from viewer.anatomy import action_words as words
from viewer.anatomy import ids
from viewer.anatomy.annotations import load_muscle_cards
from viewer.anatomy.exercises import exercise_motion, load_exercises
from viewer.anatomy.fibres import fibre_model
from viewer.anatomy.mechanics import rotation_vs_flexion, sign_change
from viewer.anatomy.narration import describe_frames
from viewer.anatomy.pelvic_drop import (
    ADDUCTION_LIMIT_DEG,
    ILLUSTRATION_ABOVE_EXTRA_DEG,
    MEASURED_DROP_DEG,
    explanation,
    peak_adduction_deg,
    running_with_pelvic_drop,
)
from viewer.anatomy.running import running
from viewer.anatomy.scene import build_scene

CARDS = load_muscle_cards()
PARTS = {ptype: part for card in CARDS.values() for ptype, part in card["parts"].items()}
EXERCISES = load_exercises()
ARM_TOLERANCE_MM = 1.0
CROSSING_TOLERANCE_DEG = 2.0
FLEXIONS_DEG = np.arange(0.0, 90.5, 1.0)


def mechanics(ptype: str, flexion_deg: float = 0.0, side: str = "r") -> words.PartMechanics:
    return words.part_mechanics(f"{ptype}_{side}", words.hip_pose(side, flexion_deg))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;])\s+", " ".join(text.split())) if s]


def checked_texts(part: dict) -> list[str]:
    """The texts that speak about the model's moment arms: action notes and the rotation summary."""
    return [a["note"] for a in part["actions"]] + [part["rotation_with_flexion"]["summary"]]


# --- cards -------------------------------------------------------------------------------------


@pytest.mark.parametrize("side", ids.SIDES)
@pytest.mark.parametrize("ptype", sorted(PARTS))
def test_card_actions_match_the_engine(ptype: str, side: str) -> None:
    m = mechanics(ptype, 0.0, side)
    for action in PARTS[ptype]["actions"]:
        coordinate = action["coordinate"]
        arm = m.bundle_mm[coordinate]
        assert m.action(coordinate) == action["direction"], (ptype, coordinate, arm)
        if "magnitude" in action:
            assert words.magnitude_word(arm) == action["magnitude"], (ptype, coordinate, arm)


@pytest.mark.parametrize("ptype", sorted(PARTS))
def test_card_ranks_match_the_engine(ptype: str) -> None:
    code = ptype[:-1]
    for action in PARTS[ptype]["actions"]:
        if "rank" not in action:
            continue
        sizes = {n: abs(mechanics(f"{code}{n}").bundle_mm[action["coordinate"]]) for n in ids.PART_NUMBERS}
        ranked = max(sizes, key=sizes.get) if action["rank"] == "largest" else min(sizes, key=sizes.get)
        assert f"{code}{ranked}" == ptype, (ptype, action["coordinate"], action["rank"], sizes)


@pytest.mark.parametrize("side", ids.SIDES)
@pytest.mark.parametrize("ptype", sorted(PARTS))
def test_rotation_with_flexion_matches_the_engine(ptype: str, side: str) -> None:
    rot = PARTS[ptype]["rotation_with_flexion"]
    for flexion, key in ((0.0, "0deg"), (90.0, "90deg")):
        m = mechanics(ptype, flexion, side)
        assert m.action("rotation") == rot[f"at_{key}"], (ptype, flexion, m.bundle_mm["rotation"])
        if f"arm_{key}_mm" in rot:
            assert m.bundle_mm["rotation"] == pytest.approx(rot[f"arm_{key}_mm"], abs=ARM_TOLERANCE_MM), (ptype, key)
    arms = rotation_vs_flexion(fibre_model(), ids.bundle_tendon(f"{ptype}_{side}"), np.radians(FLEXIONS_DEG))
    crossings = sign_change(FLEXIONS_DEG, arms)
    if "crossing_deg" in rot:
        assert any(abs(c - rot["crossing_deg"]) <= CROSSING_TOLERANCE_DEG for c in crossings), (ptype, crossings)
    elif {rot["at_0deg"], rot["at_90deg"]} == {"internal", "external"}:
        pytest.fail(f"{ptype}: the sign changes between 0 and 90 deg ({crossings}); give crossing_deg")


@pytest.mark.parametrize("ptype", sorted(PARTS))
def test_summary_magnitude_words_are_the_engines(ptype: str) -> None:
    """A vocabulary word in the rotation summary is the size of the arm at 0 or 90 deg flexion."""
    allowed = {words.magnitude_word(mechanics(ptype, f).bundle_mm["rotation"]) for f in (0.0, 90.0)}
    summary = PARTS[ptype]["rotation_with_flexion"]["summary"].lower()
    for word, _, _ in words.MAGNITUDE_WORDS:
        if re.search(rf"\b{word}\b", summary):
            assert word in allowed, (ptype, word, allowed)


@pytest.mark.parametrize("ptype", sorted(PARTS))
def test_no_magnitude_words_outside_the_vocabulary(ptype: str) -> None:
    for text in checked_texts(PARTS[ptype]):
        lower = text.lower()
        for word in words.UNCHECKED_WORDS:
            assert not re.search(rf"\b{re.escape(word)}\b", lower), (ptype, word, text)
        for word, _, _ in words.MAGNITUDE_WORDS:  # in an action note only as that action's magnitude
            if text in (a["note"] for a in PARTS[ptype]["actions"]) and re.search(rf"\b{word}\b", lower):
                assert any(a.get("magnitude") == word for a in PARTS[ptype]["actions"] if a["note"] == text)
        for word in words.RANK_WORDS:
            if re.search(rf"\b{word}\b", lower):
                assert any(a.get("rank") == word for a in PARTS[ptype]["actions"]), (ptype, word)


def test_model_numbers_are_labelled() -> None:
    """Every number with a unit in a checked text sits in a sentence that says "in this model"."""
    texts = [t for part in PARTS.values() for t in checked_texts(part)] + [ex.note for ex in EXERCISES.values()]
    for text in texts:
        for sentence in sentences(text):
            if words.NUMBER_UNIT.search(sentence) and words.IN_THIS_MODEL not in sentence:
                # the exercises' own joint angles are the preset's choice, not model output
                assert not re.search(r"\bmm\b", sentence), sentence


def test_exercise_notes_use_no_unchecked_magnitude_words() -> None:
    for ex in EXERCISES.values():
        for phrase in ("do both", "slightly favours", "short lever", "most direct"):
            assert phrase not in ex.note.lower(), (ex.id, phrase)


# --- exercise notes -----------------------------------------------------------------------------


CLAIMS = [(ex.id, claim) for ex in EXERCISES.values() for claim in ex.claims]


@pytest.mark.parametrize(("exercise_id", "claim"), CLAIMS,
                         ids=[f"{e}-{c.part}-{c.quantity}-{c.keyframe}" for e, c in CLAIMS])
def test_exercise_claims_match_the_engine(exercise_id: str, claim) -> None:
    ex = EXERCISES[exercise_id]
    frames = {k.event: k for k in ex.keyframes}
    sides = ids.SIDES if ex.working_side == "both" else (ex.working_side,)
    for side in sides:
        part = f"{claim.part}_{side}"
        at = words.part_mechanics(part, frames[claim.keyframe].angles)
        if claim.quantity == "length":
            start = words.part_mechanics(part, ex.keyframes[0].angles)
            change = at.mean_length_mm / start.mean_length_mm - 1.0
            assert words.length_word(change) == claim.direction, (part, claim, change)
        else:
            assert at.action(claim.quantity) == claim.direction, (part, claim, at.bundle_mm[claim.quantity])


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_every_target_has_a_length_claim(exercise_id: str) -> None:
    ex = EXERCISES[exercise_id]
    claimed = {c.part for c in ex.claims if c.quantity == "length" and c.direction == "shortens"}
    for part in ex.target_parts():
        assert ids.part_type(part) in claimed, (exercise_id, part)


# --- narration ----------------------------------------------------------------------------------


NARRATED = ["clamshell", "hip_hitch", "glute_bridge"]
FIBRE_PHRASE = re.compile(r"(\w+ gluteus \w+) fibres are (shortening|lengthening|holding their length)")


@pytest.mark.parametrize("name", NARRATED)
def test_narration_fibre_phrases_match_the_engine(name: str) -> None:
    """Each "X fibres are shortening/lengthening" is the sign of the engine's length change there."""
    motion = exercise_motion(name, 24)
    scene = build_scene(motion)
    side = "r"
    for part in ("glmed3_r", "glmax1_r", "glmin2_r"):
        said = describe_frames(scene, part)
        lengths = np.array([
            words.part_mechanics(part, {j: float(np.degrees(v[i])) for j, v in motion.joints.items()}).mean_length_mm
            for i in range(motion.frames)
        ])
        rate = (np.roll(lengths, -1) - np.roll(lengths, 1)) / lengths  # relative, over two frames
        for i, sentence in enumerate(said):
            verb = FIBRE_PHRASE.search(sentence).group(2)
            if abs(rate[i]) < 0.004 or verb == "holding their length":
                continue  # too near zero to call; the narration's own threshold decides
            assert verb == ("shortening" if rate[i] < 0 else "lengthening"), (name, part, side, i, sentence)


def test_narration_joint_phrase_matches_the_motion() -> None:
    motion = exercise_motion("side_lying_abduction", 24)
    said = describe_frames(build_scene(motion), "glmed2_r")
    adduction = np.degrees(motion.joints["hip_adduction_r"])
    for i, sentence in enumerate(said):
        if "abducting" in sentence or "adducting" in sentence:
            later, earlier = adduction[(i + 1) % motion.frames], adduction[i - 1]
            assert ("abducting" in sentence) == (later < earlier), (i, sentence)


# --- pelvic drop --------------------------------------------------------------------------------


def drop_lengths(drop: float) -> tuple[np.ndarray, np.ndarray]:
    motion = running_with_pelvic_drop(drop, "r", 40) if drop else running(40)
    stance = motion.phase < motion.events["toe_off"]
    lengths = np.array([
        words.part_mechanics("glmed2_r", {j: float(np.degrees(v[i])) for j, v in motion.joints.items()}).mean_length_mm
        for i in np.flatnonzero(stance)
    ])
    return motion.phase[stance], lengths


def test_measured_drop_is_the_cycles() -> None:
    motion = running(256)
    stance = motion.phase < motion.events["toe_off"]
    assert -np.degrees(motion.joints["pelvis_list"][stance]).min() == pytest.approx(MEASURED_DROP_DEG, abs=0.1)


def test_medius_lengthens_then_shortens_in_the_measured_stance() -> None:
    """The text: medius lengthens under load in normal running, then shortens to lift the pelvis."""
    phase, lengths = drop_lengths(0.0)
    peak = int(np.argmax(lengths))
    assert 0 < peak < len(lengths) - 1
    assert lengths[peak] - lengths[0] > 2.0 and lengths[peak] - lengths[-1] > 2.0
    assert "lengthen" in explanation("r", 5.0) and "then shorten" in explanation("r", 5.0)
    assert "instead of shortening" not in explanation("r", 5.0)


def test_extra_drop_lengthens_medius_further() -> None:
    _, measured = drop_lengths(0.0)
    _, dropped = drop_lengths(8.0)
    assert dropped.max() - dropped[0] > measured.max() - measured[0] + 2.0
    assert "lengthen further" in explanation("r", 8.0)


def test_drop_text_labels_illustration_and_warns_past_the_range() -> None:
    assert "exaggerated for illustration" not in explanation("r", ILLUSTRATION_ABOVE_EXTRA_DEG)
    assert "exaggerated for illustration" in explanation("r", ILLUSTRATION_ABOVE_EXTRA_DEG + 1)
    for drop in (0.0, 10.0, 20.0):
        past = peak_adduction_deg("r", drop) > ADDUCTION_LIMIT_DEG
        assert ("past the model's range" in explanation("r", drop)) == past, drop
    assert peak_adduction_deg("r", 20.0) > ADDUCTION_LIMIT_DEG > peak_adduction_deg("r", 10.0)
