"""Words for what is on screen: one plain-language sentence per frame of a motion.

Example: "Midstance, right leg: the hip is adducting (now 8° adducted); posterior gluteus
medius fibres are lengthening; gluteus medius is active." The sentence follows the
selected part, or, with nothing selected, the part of the moving leg (a sweep's side, else
the right) whose fibres change length fastest. A sweep names the leg it moves: "Hip abduction /
adduction, right leg moving: ...", or, followed on the still leg, "..., left leg held in neutral
(the right leg moves): the hip is holding still; ...". Everything comes from the scene arrays (engine) and the running
activation table (literature), so the words never disagree with the picture;
tests/mechanics/test_words_match_engine.py holds the fibre and joint phrases against lengths
computed separately from the engine (:mod:`viewer.anatomy.action_words`).
"""

from __future__ import annotations

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.scene import Scene

VERBS = {  # coordinate -> (verb when increasing, verb when decreasing, state +, state -)
    "flexion": ("flexing", "extending", "flexed", "extended"),
    "adduction": ("adducting", "abducting", "adducted", "abducted"),
    "rotation": ("rotating internally", "rotating externally", "internally rotated", "externally rotated"),
}
STILL_DEG_PER_CYCLE = 2.0
"""Below this rate of change (degrees per cycle) a joint counts as still."""
STRETCH_STILL_PER_CYCLE = 0.01
"""Below this rate of relative length change (per cycle) fibres count as holding their length."""
ACTIVE_THRESHOLD = 0.5
PHASE_EPS = 1e-6
"""A key frame this close before a phase's start is in that phase: the phase strip's tolerance
(viewer/frontend/src/overlay.js, phases.js), so the sentence and the strip name the same phase."""


def part_phrase(part_id: str) -> str:
    """Plain name of a part: ``glmed3_r`` -> ``posterior gluteus medius``."""
    code, _, _ = ids.parse_part(part_id)
    return f"{ids.part_position(part_id)} {ids.MUSCLE_NAMES[code].replace('_', ' ')}"


def _rate(values: np.ndarray, phase: np.ndarray) -> np.ndarray:
    """Centred derivative per cycle of a looping series (wraps at the ends)."""
    if len(values) < 2:
        return np.zeros_like(values)
    dphase = 1.0 / len(phase)
    return (np.roll(values, -1, axis=0) - np.roll(values, 1, axis=0)) / (2 * dphase)


def _joint_clause(scene: Scene, side: str, frame: int) -> str:
    motion = scene.motion
    best, best_rate = None, 0.0
    for coordinate in ids.HIP_COORDINATES:
        values = np.degrees(motion.joints.get(ids.hip_joint(coordinate, side), np.zeros(motion.frames)))
        rate = _rate(values, motion.phase)[frame]
        if abs(rate) > abs(best_rate):
            best, best_rate = (coordinate, values[frame]), rate
    if best is None or abs(best_rate) < STILL_DEG_PER_CYCLE:
        return "the hip is holding still"
    coordinate, value = best
    up, down, pos, neg = VERBS[coordinate]
    state = f"{abs(value):.0f}° {pos if value >= 0 else neg}"
    return f"the hip is {up if best_rate > 0 else down} (now {state})"


def _part_rates(scene: Scene) -> dict[str, np.ndarray]:
    """Rate of relative length change per part (mean over its fibres), per frame."""
    stretch = scene.stretch
    parts = np.array(scene.fibre_parts)
    return {p: _rate(stretch[:, parts == p].mean(axis=1), scene.motion.phase) for p in scene.part_ids}


def _fibre_clause(part: str, rate: float) -> str:
    if abs(rate) < STRETCH_STILL_PER_CYCLE:
        verb = "holding their length"
    else:
        verb = "shortening" if rate < 0 else "lengthening"
    return f"{part_phrase(part)} fibres are {verb}"


def describe_frames(scene: Scene, selected: str | None = None,
                    activation: object | None = None) -> list[str]:
    """One sentence per frame of ``scene.motion``.

    Parameters
    ----------
    scene : Scene
        The motion's scene (lengths and joint angles).
    selected : str, optional
        A part id to follow; default: the fastest-changing part of the moving leg (a sweep's
        ``params["side"]``), else of the right leg.
    activation : Activation, optional
        Running activation table (:func:`viewer.anatomy.activation.load_activation`);
        used for the running motion only.

    Returns
    -------
    list of str

    """
    motion = scene.motion
    side = ids.parse_part(selected)[2] if selected else moving_side(motion) or "r"
    leg = "right leg" if side == "r" else "left leg"
    rates = _part_rates(scene)
    side_parts = [p for p in scene.part_ids if p.endswith(f"_{side}")]
    out = []
    for i in range(motion.frames):
        part = selected or max(side_parts, key=lambda p: abs(rates[p][i]))
        context = _context(motion, i, leg)
        text = f"{context}: {_joint_clause(scene, side, i)}; {_fibre_clause(part, rates[part][i])}"
        if activation is not None and motion.name == "running":
            level = float(activation.intensity(part, motion.phase[i]))
            muscle = ids.MUSCLE_NAMES[ids.parse_part(part)[0]].replace("_", " ")
            text += f"; {muscle} is {'active' if level >= ACTIVE_THRESHOLD else 'quiet'}"
        out.append(text + ".")
    return out


def moving_side(motion) -> str | None:
    """The leg a one-leg sweep moves (``"r"`` or ``"l"``), ``None`` for motions of both legs."""
    side = (motion.params or {}).get("side")
    return side if side in ids.SIDES else None


def _context(motion, frame: int, leg: str) -> str:
    """Phase name for phased motions (side-aware for running), else the motion label (with the moving leg)."""
    if motion.phases:
        phase = motion.phase[frame] + (0.5 if leg.startswith("left") and motion.name == "running" else 0.0)
        phase %= 1.0
        # the strip's rule (viewer/frontend/src/overlay.js): the last phase started, PHASE_EPS early
        started = [p for p in motion.phases if p.start <= phase + PHASE_EPS]
        return f"{(started[-1] if started else motion.phases[0]).name}, {leg}"
    moving = moving_side(motion)
    if moving is None:
        return f"{motion.label}, {leg}"
    moving_leg = "right leg" if moving == "r" else "left leg"
    if leg == moving_leg:
        return f"{motion.label}, {leg} moving"
    return f"{motion.label}, {leg} held in neutral (the {moving_leg} moves)"
