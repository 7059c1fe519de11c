"""The running cycle used at run time, loaded from ``annotations/motions/running.yaml``.

The YAML holds a Fourier series per joint angle of the mean running cycle of Hamner & Delp
(2013) at 5 m/s, with the citation, the sign conventions, the gait events and the phases.
It is written by :mod:`viewer.anatomy.gait_fit` from the shared data (docs/explanation/provenance.md);
this module only reads it. :func:`load_running` checks the file (schema, finite numbers,
coefficient lengths, contiguous phases) and returns a :class:`RunningCycle`. The fixed text
the file carries (``CITATION``, ``DATASET``, ``LICENCE``, ``UNITS``, ``REPRESENTATION``) is
defined here, beside the evaluation it describes.

Phase runs from 0 to 1, starting at right foot strike, and wraps modulo 1. The YAML is
meant for people, so it holds degrees; :meth:`RunningCycle.angles_rad` converts at the edge
(docs/reference/ids.md, frames and units).

The published mean cycle does not close: its value at 100 % differs from its value at 0 %
(hip flexion by 3.3 deg). The Fourier series represent the periodic cycle (the published
one minus a linear drift); each angle also records ``drift_deg`` so the mean cycle as
published is ``series(phase) + drift_deg * phase`` on [0, 1]
(:meth:`RunningCycle.mean_cycle_deg`).

See Also
--------
viewer.anatomy.gait_fit : fits the shared CSV and writes the YAML.

"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import numpy as np

from viewer.anatomy import ids
from viewer.anatomy.yamlio import ANNOTATIONS_DIR, AnnotationError, field_path, load_validated

__all__ = [
    "ANGLES",
    "LEG_ANGLES",
    "PELVIS_ANGLES",
    "DEFAULT_YAML",
    "FourierSeries",
    "Phase",
    "RunningCycle",
    "evaluate_fourier",
    "load_running",
    "toe_off_note",
]

#: Joint angles of the cycle, named as the CSV columns. Leg angles are the right leg's.
LEG_ANGLES: Final = ("hip_flexion", "hip_adduction", "hip_rotation", "knee_angle", "ankle_angle")
#: Whole-body pelvis angles (not per side).
PELVIS_ANGLES: Final = ("pelvis_tilt", "pelvis_list", "pelvis_rotation")
ANGLES: Final = LEG_ANGLES + PELVIS_ANGLES

DEFAULT_YAML: Final = ANNOTATIONS_DIR / "motions" / "running.yaml"
SCHEMA_NAME: Final = "running"

EVENT_NAMES: Final = ("foot_strike", "toe_off", "contralateral_foot_strike", "contralateral_toe_off")

# Fixed text running.yaml carries beside the numbers (written by viewer.anatomy.gait_fit): their source
# and what they mean, as evaluated by evaluate_fourier and RunningCycle.mean_cycle_deg.
CITATION: Final = (
    "Hamner SR, Delp SL (2013) Muscle contributions to fore-aft and vertical body mass center accelerations "
    "over a range of running speeds. Journal of Biomechanics 46:780-787."
)
DATASET: Final = (
    "Hamner & Delp running data (SimTK project nmbl_running, https://simtk.org/projects/nmbl_running): mean "
    "inverse-kinematics joint angles of one right-leg running cycle at 5.0 m/s, the mean of the per-subject "
    "mean curves (per-subject means by A. Fox, aaronsfox/dynamic-consistency-quest); right toe-off read from "
    "the original ground reaction force files."
)
LICENCE: Final = (
    "MIT-style notice, Copyright (c) 2013 Stanford University (as in the Hamner data files); cite Hamner & "
    "Delp 2013. The source CSV files are not part of this project; only the coefficients derived from them are."
)
UNITS: Final = "degrees; phase 0..1 from right foot strike"
REPRESENTATION: Final = (
    "angle(phase) = a0 + sum over k = 1..harmonics of (a[k-1] * cos(2*pi*k*phase) + b[k-1] * sin(2*pi*k*phase)); "
    "degrees; phase in [0, 1) from right foot strike, periodic (evaluate at phase mod 1). Fitted by least "
    "squares to running_cycle_periodic.csv (samples 0..99 %), which is the published mean cycle minus a linear "
    "drift: the mean cycle as published is angle(phase) + drift_deg * phase for phase in [0, 1]. harmonics is "
    "the smallest number (at most 12) for which that reconstruction is within 0.5 deg of running_cycle.csv at "
    "every sample, or 12 if none is (a note then says so); max_error_deg is its largest deviation there (with "
    "coefficients as rounded here); max_error_periodic_deg is the largest deviation of angle(phase) from "
    "running_cycle_periodic.csv. The left leg is the right leg half a cycle later."
)


# ----------------------------------------------------------------------------------------
# Fourier series
# ----------------------------------------------------------------------------------------


def evaluate_fourier(
    phase: np.ndarray | float, a0: float, a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray
) -> np.ndarray:
    """Evaluate ``a0 + sum_k a[k-1] cos(2 pi k phase) + b[k-1] sin(2 pi k phase)``.

    Parameters
    ----------
    phase : array_like
        Phase (cycles); not wrapped, the series is periodic by construction.
    a0, a, b
        Coefficients as returned by :func:`viewer.anatomy.gait_fit.fit_fourier`.

    Returns
    -------
    np.ndarray
        Same shape as ``phase``.

    """
    phase = np.asarray(phase, dtype=float)
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"a and b must be 1-D of equal length; got {a.shape} and {b.shape}")
    k = np.arange(1, a.size + 1)
    arg = 2.0 * np.pi * phase[..., None] * k
    return a0 + np.cos(arg) @ a + np.sin(arg) @ b


# ----------------------------------------------------------------------------------------
# Loading
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phase:
    """A named part of the cycle, ``start <= phase < end``, and how its boundaries are defined."""

    id: str
    name: str
    start: float
    end: float
    definition: str = ""

    def contains(self, phase: float) -> bool:
        """Whether ``phase`` (already wrapped to [0, 1)) lies in ``[start, end)``."""
        return self.start <= phase < self.end


@dataclass(frozen=True)
class FourierSeries:
    """One angle's Fourier series (degrees) and fit record."""

    a0: float
    a: tuple[float, ...]
    b: tuple[float, ...]
    drift_deg: float = 0.0
    max_error_deg: float = math.nan

    @property
    def harmonics(self) -> int:
        """Number of harmonics."""
        return len(self.a)

    def __call__(self, phase: np.ndarray | float) -> np.ndarray:
        """Periodic value (deg) at ``phase`` (wrapped modulo 1)."""
        return evaluate_fourier(np.mod(np.asarray(phase, dtype=float), 1.0), self.a0, self.a, self.b)


@dataclass(frozen=True)
class RunningCycle:
    """The running cycle loaded from ``annotations/motions/running.yaml``.

    Attributes
    ----------
    series : Mapping[str, FourierSeries]
        Per angle (:data:`ANGLES`), degrees, right leg for the leg angles.
    events : dict[str, float]
        Gait events as phase in [0, 1] (foot_strike, toe_off, contralateral_...).
    phases : tuple[Phase, ...]
        Contiguous phases covering [0, 1) in order.
    source : str
        Citation and licence, to show with any number derived from the cycle.
    conventions : dict[str, str]
        Sign convention per angle.
    path : Path
        The file it was loaded from.
    phase_definitions : dict[str, str]
        Per phase id, where it starts and ends and which boundaries are measured (also each
        :class:`Phase`'s ``definition``, sent with the phases to the phase strip).
    toe_off_note : str
        Toe-off as measured: mean and spread over how many cycles, and the force threshold.

    """

    series: Mapping[str, FourierSeries] = field(hash=False)
    events: dict[str, float] = field(hash=False)
    phases: tuple[Phase, ...]
    source: str
    conventions: dict[str, str] = field(hash=False, default_factory=dict)
    path: Path | None = None
    phase_definitions: dict[str, str] = field(hash=False, default_factory=dict)
    toe_off_note: str = ""

    @property
    def angle_names(self) -> tuple[str, ...]:
        """Angle names, the CSV column names."""
        return tuple(self.series)

    def angles_deg(self, phase: np.ndarray | float) -> dict[str, np.ndarray]:
        """Every angle (degrees) at ``phase`` (wrapped modulo 1), keyed by CSV column name.

        Parameters
        ----------
        phase : array_like
            Phase in cycles from right foot strike; any real value, wrapped modulo 1.

        Returns
        -------
        dict of str to np.ndarray
            Arrays shaped like ``phase``; leg angles are the right leg's.

        """
        return {name: s(phase) for name, s in self.series.items()}

    def angles_rad(self, phase: np.ndarray | float) -> dict[str, np.ndarray]:
        """As :meth:`angles_deg`, in radians."""
        return {name: np.deg2rad(v) for name, v in self.angles_deg(phase).items()}

    def mean_cycle_deg(self, phase: np.ndarray | float) -> dict[str, np.ndarray]:
        """Evaluate the mean cycle as published (not periodic): series plus linear drift.

        Parameters
        ----------
        phase : array_like
            Phase in [0, 1]; not wrapped.

        Returns
        -------
        dict of str to np.ndarray
            ``series(phase) + drift_deg * phase`` per angle (degrees).

        Raises
        ------
        ValueError
            If a phase lies outside [0, 1].

        """
        phase = np.asarray(phase, dtype=float)
        if np.any((phase < 0.0) | (phase > 1.0)) or not np.all(np.isfinite(phase)):
            raise ValueError("mean_cycle_deg needs phase in [0, 1]")
        return {
            name: evaluate_fourier(phase, s.a0, s.a, s.b) + s.drift_deg * phase
            for name, s in self.series.items()
        }

    def side_angles_rad(self, phase: np.ndarray | float, side: str) -> dict[str, np.ndarray]:
        """Hip, knee and ankle angles (radians) of one leg.

        The left leg is the right leg half a cycle later (left-right symmetry). Pelvis angles
        are whole-body and not returned here; use :meth:`angles_rad`.

        Parameters
        ----------
        phase : array_like
            Phase of the cycle (from right foot strike), wrapped modulo 1.
        side : {"r", "l"}
            Which leg.

        Returns
        -------
        dict of str to np.ndarray
            Keyed by model joint name with side (``hip_flexion_r``, ``knee_angle_l``, ...).

        Raises
        ------
        viewer.anatomy.ids.UnknownIdError
            If ``side`` is not ``"r"`` or ``"l"``.

        """
        ids.check_choice(side, ids.SIDES, "side")
        shifted = np.asarray(phase, dtype=float) + (0.5 if side == "l" else 0.0)
        return {
            ids.joint_id(name, side): np.deg2rad(self.series[name](shifted))
            for name in LEG_ANGLES
            if name in self.series
        }

    def phase_at(self, phase: float) -> Phase:
        """Return the phase containing ``phase`` (wrapped modulo 1)."""
        p = float(phase) % 1.0
        for ph in self.phases:
            if ph.contains(p):
                return ph
        return self.phases[-1]  # only reached by rounding at p just below 1


def _check_finite(node: Any, path: Path, trail: list[Any]) -> None:
    """Refuse NaN or infinite numbers anywhere (the schema's number type allows them)."""
    if isinstance(node, float) and not math.isfinite(node):
        raise AnnotationError(path, field_path(trail), f"expected a finite number, found {node!r}")
    if isinstance(node, Mapping):
        for key, value in node.items():
            _check_finite(value, path, [*trail, key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _check_finite(value, path, [*trail, i])


def _check_document(data: Mapping[str, Any], path: Path) -> None:
    """Check beyond the schema: finite numbers, coefficient lengths, contiguous phases."""
    _check_finite(data, path, [])
    for name, coef in data["coefficients"].items():
        where = f"coefficients.{name}"
        if len(coef["a"]) != coef["harmonics"]:
            raise AnnotationError(
                path, f"{where}.a",
                f"expected {coef['harmonics']} values (harmonics), found {len(coef['a'])}",
            )
        if len(coef["b"]) != coef["harmonics"]:
            raise AnnotationError(
                path, f"{where}.b",
                f"expected {coef['harmonics']} values (harmonics), found {len(coef['b'])}",
            )
    for name, value in data["events"].items():
        if not 0.0 <= value <= 1.0:
            raise AnnotationError(path, f"events.{name}", f"expected a phase in [0, 1], found {value!r}")
    phases = data["phases"]
    expected_start = 0.0
    seen: set[str] = set()
    for i, ph in enumerate(phases):
        if ph["id"] in seen:
            raise AnnotationError(path, f"phases[{i}].id", f"expected a unique id, found {ph['id']!r} twice")
        seen.add(ph["id"])
        if not math.isclose(ph["start"], expected_start, abs_tol=1e-9):
            what = (
                "0 (phases start at 0)"
                if i == 0
                else f"{expected_start} (the end of phases[{i - 1}]; no gaps or overlaps)"
            )
            raise AnnotationError(path, f"phases[{i}].start", f"expected {what}, found {ph['start']!r}")
        if not ph["end"] > ph["start"]:
            raise AnnotationError(
                path, f"phases[{i}].end", f"expected more than start {ph['start']!r}, found {ph['end']!r}"
            )
        expected_start = ph["end"]
    if not math.isclose(expected_start, 1.0, abs_tol=1e-9):
        raise AnnotationError(
            path, f"phases[{len(phases) - 1}].end", f"expected 1 (phases end at 1), found {expected_start!r}"
        )


def _source_line(source: Mapping[str, Any]) -> str:
    """One provenance string from the YAML source block."""
    subjects = source.get("subjects", [])
    return (
        f"{source['citation']} Mean running cycle at {source['speed_m_per_s']:g} m/s"
        + (f", {len(subjects)} subjects" if subjects else "")
        + f". Licence: {source['licence']}"
    )


def load_running(path: Path | str | None = None) -> RunningCycle:
    """Load and check the running cycle YAML.

    Parameters
    ----------
    path : Path or str, optional
        Default ``annotations/motions/running.yaml``.

    Returns
    -------
    RunningCycle

    Raises
    ------
    AnnotationError
        Naming the file, the field and what was expected, if the file is malformed: schema
        violations, NaN or infinite numbers, ``a``/``b`` lengths not equal to harmonics,
        events outside [0, 1], phases not contiguous from 0 to 1.

    """
    path = Path(path) if path is not None else DEFAULT_YAML
    data = load_validated(path, SCHEMA_NAME)
    _check_document(data, path)
    series = {
        name: FourierSeries(
            a0=float(c["a0"]),
            a=tuple(float(x) for x in c["a"]),
            b=tuple(float(x) for x in c["b"]),
            drift_deg=float(c.get("drift_deg", 0.0)),
            max_error_deg=float(c.get("max_error_deg", math.nan)),
        )
        for name, c in ((n, data["coefficients"][n]) for n in ANGLES)
    }
    return RunningCycle(
        series=MappingProxyType(series),
        events={k: float(v) for k, v in data["events"].items()},
        phases=tuple(
            Phase(id=str(p["id"]), name=str(p["name"]), start=float(p["start"]), end=float(p["end"]),
                  definition=str(data["phase_definitions"].get(p["id"], "")))
            for p in data["phases"]
        ),
        source=_source_line(data["source"]),
        conventions={k: str(v) for k, v in data["conventions"].items()},
        path=path,
        phase_definitions={str(k): str(v) for k, v in data["phase_definitions"].items()},
        toe_off_note=toe_off_note(data["toe_off"]),
    )


def toe_off_note(toe_off: Mapping[str, Any]) -> str:
    """One sentence on toe-off: mean and spread over the cycles read, of how many, and the threshold."""
    return (
        f"Right toe-off at {toe_off['mean_percent']:g} ± {toe_off['sd_percent']:g} % of the cycle (mean ± SD over "
        f"{toe_off['cycles']} of the {toe_off['of_cycles']} averaged cycles whose force files were read; "
        f"{toe_off['threshold']})."
    )
