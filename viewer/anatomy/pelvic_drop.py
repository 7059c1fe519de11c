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

The model does not enforce joint ranges: above about 18.5 deg of extra drop the right hip's
adduction at midstance passes the model's 30 deg limit (12.4 deg in the cycle shown, the measured
one with the project's 2.5 deg abduction offset of :mod:`viewer.anatomy.running`, plus about 0.94
of the drop).
"""

from __future__ import annotations

from typing import Final

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.motion import Motion
from viewer.anatomy.running import running

MAX_DROP_DEG: Final = 20.0
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
    """Plain-language description of what the viewer shows."""
    weak, other = ids.SIDE_NAMES[weak_side], ids.SIDE_NAMES["l" if weak_side == "r" else "r"]
    return (
        f"A weak {weak} gluteus medius cannot hold the pelvis level while the {weak} foot is on the ground. "
        f"Watch the {other} side of the pelvis drop further during {weak} stance (up to {drop_deg:g} degrees "
        f"more at midstance). The {weak} thigh stays where it was, so the {weak} hip moves into adduction and "
        f"the {weak} gluteus medius fibres are stretched longer instead of shortening to hold the pelvis up. "
        "In a standing test this is a positive Trendelenburg sign; stretched, adducted positions like this "
        "also compress the gluteal tendons at the greater trochanter."
    )


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


def running_with_pelvic_drop(drop_deg: float, weak_side: str = "r", frames: int | None = None) -> Motion:
    """The running cycle with extra contralateral pelvic drop during the weak side's stance.

    Parameters
    ----------
    drop_deg : float
        Extra drop at midstance, 0..20 degrees (0 gives the measured cycle).
    weak_side : {"r", "l"}
        Side of the weak gluteus medius (the stance side; the other side of the pelvis drops).
    frames : int, optional
        Number of samples (default as :func:`viewer.anatomy.running.running`).

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
    return Motion(base.name, label, base.phase, joints, events, base.phases, f"{base.source.rstrip('.')}. {SOURCE}.",
                  {"pelvic_drop_deg": drop, "weak_side": weak_side, "explanation": explanation(weak_side, drop)})
