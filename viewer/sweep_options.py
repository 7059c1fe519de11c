"""The hip angles of a ``glute-viewer momentarms`` sweep, checked before any work.

The sweep runs ``--from`` to ``--to`` by ``--step`` degrees (by default :data:`DEFAULT_SWEEPS` of
the coordinate), every angle inside the model's joint range (:func:`hip_limits`), at most
:data:`MAX_SAMPLES` angles. A value out of range is a :class:`~viewer.errors.UsageError` naming
the option, the value and the range: one line and exit status 2 (:mod:`viewer.cli`).
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from viewer.anatomy import ids
from viewer.errors import UsageError

MAX_SAMPLES = 10000
"""Most angles in one ``momentarms`` sweep."""
DEFAULT_SWEEPS = {"flexion": (-20.0, 90.0, 5.0), "adduction": (-40.0, 20.0, 5.0), "rotation": (-40.0, 40.0, 5.0)}
"""Hip coordinate -> default ``(from, to, step)`` of its sweep (degrees)."""


def sweep_angles(args: argparse.Namespace, limits: tuple[float, float]) -> np.ndarray:
    """The swept angles (degrees), checked against the joint's ``limits`` and :data:`MAX_SAMPLES`."""
    lo, hi, step = DEFAULT_SWEEPS[args.coordinate]
    lo = lo if args.start is None else args.start
    hi = hi if args.stop is None else args.stop
    step = step if args.step is None else args.step
    for name, value in (("--from", lo), ("--to", hi), ("--step", step)):
        if not np.isfinite(value):
            raise UsageError(f"{name} must be a finite number of degrees, got {value}")
    if step <= 0:
        raise UsageError(f"--step must be positive, got {step:g}")
    check_angle("--from", lo, args.coordinate, limits)
    check_angle("--to", hi, args.coordinate, limits)
    if hi < lo:
        raise UsageError(f"--to ({hi:g}) must not be below --from ({lo:g})")
    samples = (hi - lo) / step + 1  # at most 150 / step: finite unless step is subnormal
    if not samples <= MAX_SAMPLES + 1e-6:
        raise UsageError(f"--step {step:g} gives {samples:.4g} samples from {lo:g} to {hi:g}; expected at most "
                         f"{MAX_SAMPLES} (--step at least {(hi - lo) / (MAX_SAMPLES - 1):.4g})")
    count = int(np.floor(samples - 1 + 1e-9)) + 1
    return lo + step * np.arange(count)


def check_angle(option: str, value: float, coordinate: str, limits: tuple[float, float]) -> None:
    """Refuse a hip angle outside the model's joint range ``limits`` (degrees)."""
    low, high = limits
    if not low <= value <= high:
        raise UsageError(f"{option} {value:g} is outside the model's hip {coordinate} range; expected a number of "
                         f"degrees from {low:g} to {high:g}")


def hip_limits(model: Any, coordinate: str, side: str) -> tuple[float, float]:
    """The model's range of a hip coordinate of ``side`` in degrees (MyoLeg: flexion -30..120 ...)."""
    m = model.model
    low, high = np.degrees(m.jnt_range[m.joint(ids.hip_joint(coordinate, side)).id])
    return float(low), float(high)
