"""Every motion the viewer offers, as (label, make_motion keywords) pairs for parametrised tests.

The sweeps on either side, rotation at each offered hip flexion, running with and without the
largest extra pelvic drop on either weak side, and every exercise.
"""

from __future__ import annotations

from viewer.anatomy import motions
from viewer.anatomy.pelvic_drop import MAX_DROP_DEG
from viewer.anatomy.sweeps import OFFERED_FLEXIONS_DEG


def offered_motion_cases() -> list[tuple[str, dict]]:
    """``[(label, {"name": ..., **keywords})]``; build each with ``motions.make_motion(**spec)``."""
    cases: list[tuple[str, dict]] = []
    for side in ("r", "l"):
        cases.append((f"abduction-{side}", {"name": "abduction", "side": side}))
        cases.append((f"flexion-{side}", {"name": "flexion", "side": side}))
        cases += [(f"rotation{f:g}-{side}", {"name": "rotation", "flexion_deg": f, "side": side})
                  for f in OFFERED_FLEXIONS_DEG]
    cases.append(("running", {"name": "running"}))
    cases += [(f"running-drop{MAX_DROP_DEG:g}-{weak}",
               {"name": "running", "pelvic_drop_deg": MAX_DROP_DEG, "weak_side": weak}) for weak in ("r", "l")]
    cases += [(name, {"name": name}) for name in motions.EXERCISE_NAMES]
    return cases


CASES = offered_motion_cases()
CASE_IDS = [label for label, _ in CASES]
