"""Running with a weak gluteus medius: extra contralateral pelvic drop (the Trendelenburg pattern).

During the stance of the weak side the opposite side of the pelvis drops further than in the
measured cycle. :func:`running_with_pelvic_drop` adds a smooth ``sin^2`` bump to ``pelvis_list``
over that stance (peak at midstance) and re-solves both hips' angles so each femur keeps its
orientation in the ground frame: the stance foot is planted and the pelvis tilts over it; the swing
thigh stays where it was too (in life the swing hip abducts relative to the dropping pelvis), so the
tipping pelvis does not swing it into the stance thigh (tests/mechanics/test_legs_apart.py).

Signs, checked numerically with the model (tests/unit/test_pelvic_drop.py): ``+pelvis_list``
lowers the right side of the pelvis, so a weak right side gives a negative list change (the left
side drops) and a weak left side a positive one. The stance hip then adducts, and the swing hip
abducts, by about the same angle; because the hip is flexed and the pelvis rotated during stance,
holding the femur exactly also changes hip rotation and flexion a little (about 2.6 and 0.3 deg for
8 deg of drop at right midstance), so the adduction change is not exactly the drop (7.5 deg for 8).
The swing hip, flexed about 34 deg, abducts 6.6 deg and rotates 4.5 deg for 8 deg of drop.

How much drop is real: the cycle shown already drops the left side of the pelvis
:data:`MEASURED_DROP_DEG` in right stance, and the three runners' own mean cycles drop it
:data:`RUNNERS_DROP_RANGE_DEG` (tests/data/test_running_data.py recomputes both from the shared
data). Extra drop that takes the total past the largest of these is beyond measured values and
the text says it is exaggerated for illustration (:data:`ILLUSTRATION_ABOVE_EXTRA_DEG`).

The model does not enforce joint ranges: above about 18 deg of extra drop the stance hip's
adduction passes the model's :data:`ADDUCTION_LIMIT_DEG` limit (the ``jnt_range`` of
``hip_adduction_r``); :func:`peak_adduction_deg` measures it and :func:`explanation` then warns.
Medius lengthens in the loading of the measured cycle too (by about 5 mm in this model, then
shortens through midstance); with extra drop it lengthens further and for longer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.exercises import JOINT_LIMITS_DEG
from viewer.anatomy.motion import Motion
from viewer.anatomy.running import running

MAX_DROP_DEG: Final = 20.0
MEASURED_DROP_DEG: Final = 6.5
"""Largest drop of the swing side of the pelvis in the cycle shown (``-pelvis_list`` in right stance,
the mean cycle of Hamner & Delp 2013 at 5 m/s; tests/mechanics/test_words_match_engine.py recomputes it)."""
RUNNERS_DROP_RANGE_DEG: Final = (4.6, 9.8)
"""Largest contralateral drop in right stance of each runner's own mean cycle (subjects 01-03 of
Hamner & Delp 2013, 5 m/s; derived from the shared per-subject data, tests/data/test_running_data.py)."""
ILLUSTRATION_ABOVE_EXTRA_DEG: Final = round(RUNNERS_DROP_RANGE_DEG[1] - MEASURED_DROP_DEG, 1)
"""Extra drop above this takes the total past the largest measured drop: exaggerated for illustration."""
ADDUCTION_LIMIT_DEG: Final = JOINT_LIMITS_DEG["hip_adduction"][1]
"""The model's hip adduction limit (``jnt_range`` of ``hip_adduction_r``/``_l``), degrees."""
DROP_DATA_SOURCE: Final = (
    "Drop measured in the running cycle of Hamner SR, Delp SL. J Biomech 2013;46:780-787 (5 m/s, 3 runners); "
    "injured runners show more contralateral pelvic drop at midstance than healthy ones (Bramah C, Preece SJ, "
    "Gill N, Herrington L. Is there a pathological gait associated with common soft tissue running injuries? "
    "Am J Sports Med 2018;46:3023-3031)"
)
STANCE_EVENTS: Final = {"r": ("foot_strike", "toe_off"), "l": ("contralateral_foot_strike", "contralateral_toe_off")}
"""Events (annotations/motions/running.yaml) bounding each side's stance."""
SOURCE: Final = (
    "Extra pelvic drop added by the project as an illustration of the Trendelenburg pattern of hip "
    "abductor weakness, not measured in runners (Hardcastle P, Nade S. The significance of the "
    "Trendelenburg test. J Bone Joint Surg Br 1985;67:741-746; Grimaldi A, Fearon A. Gluteal tendinopathy: "
    "integrating pathomechanics and clinical features in its management. J Orthop Sports Phys Ther "
    "2015;45:910-922)"
)


def explanation(weak_side: str, drop_deg: float) -> str:
    """Plain-language description of what the viewer shows, with what is measured and what is not.

    Says how much the measured cycle already drops, labels extra drop past the measured values
    "exaggerated for illustration", and warns when the stance hip passes the model's adduction range.
    """
    weak, other = ids.SIDE_NAMES[weak_side], ids.SIDE_NAMES["l" if weak_side == "r" else "r"]
    low, high = RUNNERS_DROP_RANGE_DEG
    text = (
        f"In the measured cycle the {other} side of the pelvis already drops about {MEASURED_DROP_DEG:g} degrees "
        f"during {weak} stance (the three runners measured: {low:g} to {high:g} degrees), and the {weak} gluteus "
        f"medius controls that drop: its fibres lengthen under the load after foot strike, then shorten to lift "
        f"the pelvis back. A weak {weak} gluteus medius controls it less well. Here the {other} side of the "
        f"pelvis drops up to {drop_deg:g} degrees more at midstance"
    )
    if drop_deg > ILLUSTRATION_ABOVE_EXTRA_DEG:
        text += (f" (about {MEASURED_DROP_DEG + drop_deg:g} in all, beyond the measured values: exaggerated for "
                 "illustration)")
    text += (
        f". The {weak} thigh stays where it was, so the {weak} hip moves further into adduction and the {weak} "
        "gluteus medius fibres lengthen further and for longer than in the measured cycle before they shorten. "
        "In a standing test this is a positive Trendelenburg sign; adducted positions like this also compress "
        "the gluteal tendons at the greater trochanter."
    )
    peak = peak_adduction_deg(weak_side, drop_deg)
    if peak > ADDUCTION_LIMIT_DEG:
        text += (f" Warning: the {weak} hip reaches {peak:.0f} degrees of adduction, past the model's range "
                 f"({ADDUCTION_LIMIT_DEG:g} degrees), so the fibre paths there are outside what the model was "
                 "built for.")
    return text


@lru_cache(maxsize=64)
def peak_adduction_deg(weak_side: str, drop_deg: float) -> float:
    """Largest adduction (degrees) of the weak side's hip over the cycle with ``drop_deg`` of extra drop."""
    motion = running_with_pelvic_drop(drop_deg, weak_side, explain=False)
    return float(np.degrees(motion.joints[ids.hip_joint("adduction", weak_side)]).max())


def check_drop(drop_deg: float) -> float:
    """Validate an extra pelvic drop in degrees (0..20)."""
    ok = isinstance(drop_deg, (int, float)) and not isinstance(drop_deg, bool) and np.isfinite(drop_deg)
    if not ok or not 0.0 <= drop_deg <= MAX_DROP_DEG:
        raise ValueError(f"pelvic drop {drop_deg!r} deg out of range; expected a number from 0 to {MAX_DROP_DEG:g}")
    return float(drop_deg)


def stance_bump(phase: np.ndarray, start: float, end: float) -> np.ndarray:
    """``sin^2`` bump over ``[start, end)`` (cycle fractions, may wrap), 0 outside, 1 at the middle."""
    length = (end - start) % 1.0
    u = np.mod(np.asarray(phase, dtype=float) - start, 1.0)
    return np.where(u < length, np.sin(np.pi * u / length) ** 2, 0.0)


def _rot(axis: int, angle: np.ndarray) -> np.ndarray:
    """Rotation matrices (n, 3, 3) about a frame axis (0 = x, 1 = y, 2 = z)."""
    angle = np.asarray(angle, dtype=float)
    c, s = np.cos(angle), np.sin(angle)
    i, j = [(1, 2), (2, 0), (0, 1)][axis]
    out = np.zeros((*angle.shape, 3, 3))
    out[..., axis, axis] = 1.0
    out[..., i, i], out[..., j, j], out[..., i, j], out[..., j, i] = c, c, -s, s
    return out


def hold_femur(joints: dict[str, np.ndarray], side: str, list_change: np.ndarray) -> dict[str, np.ndarray]:
    """Hip angles of ``side`` that keep its femur fixed in the ground frame when ``pelvis_list`` changes.

    The pelvis turns as tilt (z), list (x), rotation (y) about its own axes and each hip as
    flexion (z), adduction (x), rotation (y); the left hip's adduction and rotation axes point the
    other way (-x, -y), as in the model. Changing the list by ``d`` turns the pelvis by
    ``Ry(rot)^T Rx(d) Ry(rot)`` in its own frame, so the hip must turn by the inverse.

    Parameters
    ----------
    joints : dict
        Joint angles (radians) keyed by model joint name; pelvis and hip joints missing are zero.
    side : {"r", "l"}
        The hip whose femur is held.
    list_change : ndarray
        Change of ``pelvis_list`` (radians) per sample.

    Returns
    -------
    dict
        New ``hip_flexion``, ``hip_adduction`` and ``hip_rotation`` of ``side`` (radians).

    """
    sign = 1.0 if side == "r" else -1.0
    zero = np.zeros_like(np.asarray(list_change, dtype=float))
    get = {c: joints.get(ids.hip_joint(c, side), zero) + zero for c in ids.HIP_COORDINATES}
    pelvis_rotation = joints.get("pelvis_rotation", zero) + zero
    hip = _rot(2, get["flexion"]) @ _rot(0, sign * get["adduction"]) @ _rot(1, sign * get["rotation"])
    turn = _rot(1, -pelvis_rotation) @ _rot(0, -np.asarray(list_change)) @ _rot(1, pelvis_rotation)
    new = turn @ hip
    adduction = np.arcsin(np.clip(new[..., 2, 1], -1.0, 1.0))
    flexion = np.arctan2(-new[..., 0, 1], new[..., 1, 1])
    rotation = np.arctan2(-new[..., 2, 0], new[..., 2, 2])
    return {ids.hip_joint("flexion", side): flexion, ids.hip_joint("adduction", side): sign * adduction,
            ids.hip_joint("rotation", side): sign * rotation}


def running_with_pelvic_drop(drop_deg: float, weak_side: str = "r", frames: int | None = None,
                             explain: bool = True) -> Motion:
    """The running cycle with extra contralateral pelvic drop during the weak side's stance.

    Parameters
    ----------
    drop_deg : float
        Extra drop at midstance, 0..20 degrees (0 gives the measured cycle).
    weak_side : {"r", "l"}
        Side of the weak gluteus medius (the stance side; the other side of the pelvis drops).
    frames : int, optional
        Number of samples (default as :func:`viewer.anatomy.running.running`).
    explain : bool
        Add the plain-language ``explanation`` to ``params`` (default ``True``).

    Returns
    -------
    Motion
        Named ``running``; ``params`` hold ``pelvic_drop_deg``, ``weak_side`` and the plain-language
        ``explanation``; ``events`` add ``peak_drop`` (the weak side's midstance).

    Raises
    ------
    ValueError
        If ``drop_deg`` is not a number from 0 to 20.
    viewer.anatomy.ids.UnknownIdError
        If ``weak_side`` is not ``r`` or ``l``.

    """
    drop = check_drop(drop_deg)
    ids.check_choice(weak_side, ids.SIDES, "side")
    base = running(frames)
    start, end = (base.events[e] for e in STANCE_EVENTS[weak_side])
    # +pelvis_list lowers the right side: the side opposite the weak stance side goes down
    change = (-1.0 if weak_side == "r" else 1.0) * np.radians(drop) * stance_bump(base.phase, start, end)
    joints = dict(base.joints)
    for side in ids.SIDES:  # the stance femur and the swing femur both keep their ground-frame orientation
        joints.update(hold_femur(base.joints, side, change))
    joints["pelvis_list"] = base.joints["pelvis_list"] + change
    events = dict(base.events) | {"peak_drop": (start + ((end - start) % 1.0) / 2) % 1.0}
    label = f"{base.label}, weak {ids.SIDE_NAMES[weak_side]} gluteus medius (+{drop:g} deg pelvic drop)"
    params: dict[str, object] = {"pelvic_drop_deg": drop, "weak_side": weak_side}
    if explain:
        params["explanation"] = explanation(weak_side, drop)
    source = f"{base.source.rstrip('.')}. {SOURCE}. {DROP_DATA_SOURCE}."
    return Motion(base.name, label, base.phase, joints, events, base.phases, source, params)
