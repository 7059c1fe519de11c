"""Fit the shared running cycle and write ``annotations/motions/running.yaml``.

A developer tool: the viewer itself only reads the YAML. The running data directory, which is not part of the
project and never copied into it (the developers keep it in ``../shared/data/running/`` beside the checkout),
holds the Hamner & Delp (2013) mean running cycle at 5 m/s. This module fits a Fourier series per joint angle
to ``running_cycle_periodic.csv`` (the published cycle minus a linear drift), checks it against
``running_cycle.csv`` and writes the coefficients, with the citation, the sign conventions, the gait events and
the phases, to the YAML that :func:`viewer.anatomy.gait.load_running` reads. The data directory (or its
periodic CSV) is always named on the command line; there is no default location::

    python -m viewer.anatomy.gait_fit ../shared/data/running/running_cycle_periodic.csv annotations/motions/running.yaml
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import yaml

from viewer.anatomy import gait

__all__ = [
    "MAX_HARMONICS", "TOLERANCE_DEG",
    "fit_fourier", "fit_running", "main", "periodic_csv_path", "read_cycle_csv", "write_running_yaml",
]

#: Most harmonics tried per angle when choosing the number automatically.
MAX_HARMONICS: Final = 12
#: A fit is accepted when it is this close (deg) to running_cycle.csv at every sample.
TOLERANCE_DEG: Final = 0.5
#: Decimals kept for coefficients in the YAML.
DECIMALS: Final = 4

RAW_CSV_NAME: Final = "running_cycle.csv"
PERIODIC_CSV_NAME: Final = "running_cycle_periodic.csv"
META_NAME: Final = "running_cycle.meta.json"

NOVACHECK: Final = "Novacheck TF (1998) The biomechanics of running. Gait & Posture 7:77-95."
TOE_OFF_THRESHOLD: Final = (
    "toe-off is where the right foot's vertical ground reaction force in the exported force file "
    "(Run_500 02_newCOP3.mot, 1000 Hz) falls to zero; that file holds no force under about 10 N (the first "
    "non-zero samples of the contacts read are 10-11 N), so the effective threshold is about 10 N"
)
"""How toe-off was read from the force files of the Hamner & Delp data (stated with every toe-off figure)."""

# Phases: (id, name); boundaries are computed in _phases() and explained in _phase_source().
_PHASE_NAMES: Final = (
    ("loading", "Loading"), ("midstance", "Midstance"), ("propulsion", "Propulsion"), ("float", "Float"),
    ("early_swing", "Early swing"), ("mid_swing", "Mid swing"), ("late_swing", "Late swing"),
)


def _design(phase: np.ndarray, harmonics: int) -> np.ndarray:
    """Columns ``1, cos(2 pi k t), ..., sin(2 pi k t), ...`` for k = 1..harmonics."""
    k = np.arange(1, harmonics + 1)
    arg = 2.0 * np.pi * np.outer(phase, k)
    return np.hstack([np.ones((phase.size, 1)), np.cos(arg), np.sin(arg)])


def fit_fourier(percent: np.ndarray, values_deg: np.ndarray, harmonics: int) -> tuple[float, np.ndarray, np.ndarray]:
    """Least-squares fit of a Fourier series in phase.

    Parameters
    ----------
    percent : np.ndarray
        Sample positions in percent of the cycle (phase = percent / 100), 1-D.
    values_deg : np.ndarray
        Angle at each sample (degrees), same shape as ``percent``.
    harmonics : int
        Number of harmonics K (0 fits the mean only).

    Returns
    -------
    a0 : float
        Mean value.
    a : np.ndarray
        Cosine coefficients, shape (K,), ``a[k-1]`` multiplies ``cos(2 pi k phase)``.
    b : np.ndarray
        Sine coefficients, shape (K,), ``b[k-1]`` multiplies ``sin(2 pi k phase)``.

    Raises
    ------
    ValueError
        If the arrays differ in shape, are not finite, or have fewer than ``2 K + 1`` samples.

    """
    percent = np.asarray(percent, dtype=float)
    values = np.asarray(values_deg, dtype=float)
    if percent.ndim != 1 or percent.shape != values.shape:
        raise ValueError(
            f"percent and values_deg must be 1-D of equal length; got {percent.shape} and {values.shape}"
        )
    if not (np.all(np.isfinite(percent)) and np.all(np.isfinite(values))):
        raise ValueError("percent and values_deg must be finite")
    if int(harmonics) != harmonics or harmonics < 0:
        raise ValueError(f"harmonics must be a non-negative integer; got {harmonics!r}")
    harmonics = int(harmonics)
    if percent.size < 2 * harmonics + 1:
        raise ValueError(f"{harmonics} harmonics need at least {2 * harmonics + 1} samples; got {percent.size}")
    matrix = _design(percent / 100.0, harmonics)
    coef, *_ = np.linalg.lstsq(matrix, values, rcond=None)
    return float(coef[0]), coef[1 : harmonics + 1].copy(), coef[harmonics + 1 :].copy()


def read_cycle_csv(path: Path | str) -> dict[str, np.ndarray]:
    """Read a cycle CSV (header row, comma separated) into columns.

    Parameters
    ----------
    path : Path or str
        A file such as ``running_cycle.csv``; must have ``percent_cycle`` from 0 to 100 (increasing) and every
        column of :data:`~viewer.anatomy.gait.ANGLES`.

    Returns
    -------
    dict of str to np.ndarray
        Column name to values (float).

    Raises
    ------
    ValueError
        If a column is missing, a value is not a finite number, or percent is not 0..100.

    """
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        header = fh.readline().strip().split(",")
        rows = [line.strip().split(",") for line in fh if line.strip()]
    if any(len(r) != len(header) for r in rows):
        raise ValueError(f"{path}: every row must have {len(header)} fields")
    try:
        table = np.array(rows, dtype=float).reshape(len(rows), len(header))
    except ValueError as exc:
        raise ValueError(f"{path}: non-numeric value ({exc})") from None
    if not np.all(np.isfinite(table)):
        raise ValueError(f"{path}: values must be finite numbers")
    columns = {name: table[:, i] for i, name in enumerate(header)}
    missing = [c for c in ("percent_cycle", *gait.ANGLES) if c not in columns]
    if missing:
        raise ValueError(f"{path}: missing columns {', '.join(missing)}")
    pct = columns["percent_cycle"]
    if pct.size < 3 or pct[0] != 0.0 or pct[-1] != 100.0 or np.any(np.diff(pct) <= 0):
        raise ValueError(f"{path}: percent_cycle must increase from 0 to 100")
    return columns


def _round(x: float) -> float:
    """Round for the YAML (and turn -0.0 into 0.0)."""
    return round(float(x), DECIMALS) + 0.0


def _fit_angle(
    percent: np.ndarray, periodic: np.ndarray, raw: np.ndarray, drift: float, harmonics: int
) -> dict[str, Any]:
    """Fit one angle with ``harmonics`` harmonics; report errors with rounded coefficients."""
    use = percent < 100.0  # the 100 % sample repeats the 0 % one in the periodic file
    a0, a, b = fit_fourier(percent[use], periodic[use], harmonics)
    a0, a, b = _round(a0), [_round(x) for x in a], [_round(x) for x in b]
    phase = percent / 100.0
    series = gait.evaluate_fourier(phase, a0, a, b)
    error = np.abs(series + drift * phase - raw)
    return {
        "harmonics": harmonics, "a0": a0, "a": a, "b": b, "drift_deg": drift,
        "max_error_deg": _round(np.max(error)),
        "max_error_periodic_deg": _round(np.max(np.abs(series - periodic))),
        "_worst": int(np.argmax(error)),
    }


def _tolerance_note(fit: dict[str, Any], percent: np.ndarray, periodic: np.ndarray) -> str:
    """Say where and by how much a fit misses the tolerance, with the curve's slopes there."""
    n = int(np.sum(percent < 100.0))  # periodic samples 0..n-1; sample n repeats sample 0
    i = fit["_worst"] % n
    step = percent[1] - percent[0]
    before = (periodic[i] - periodic[(i - 1) % n]) / step
    after = (periodic[(i + 1) % n] - periodic[i]) / step
    return (
        f"tolerance {TOLERANCE_DEG} deg not met with {fit['harmonics']} harmonics (the most tried): "
        f"largest error {fit['max_error_deg']} deg at {percent[fit['_worst']]:g} % of the cycle, where "
        f"the periodic curve's slope changes from {before:+.2f} to {after:+.2f} deg per %."
    )


def _phases(toe_off: float) -> list[dict[str, Any]]:
    """Phase list: stance split in thirds, float to contralateral strike, swing in thirds."""
    stance = [0.0, round(toe_off / 3.0, 2), round(2.0 * toe_off / 3.0, 2), toe_off]
    bounds = [*stance, 0.5, round(0.5 + 0.5 / 3.0, 2), round(0.5 + 1.0 / 3.0, 2), 1.0]
    return [{"id": pid, "name": name, "start": bounds[i], "end": bounds[i + 1]}
            for i, (pid, name) in enumerate(_PHASE_NAMES)]


def toe_off_summary(measurements: Mapping[str, Any], cycles_available: int) -> dict[str, Any]:
    """Mean and spread of right toe-off over the measured cycles, with the force threshold.

    Parameters
    ----------
    measurements : mapping
        ``toe_off_measurements`` of the meta file: per cycle, ``toe_off_percent``.
    cycles_available : int
        How many cycles the mean kinematics were averaged over (subjects x cycles per subject).

    Returns
    -------
    dict
        ``mean_percent``, ``sd_percent`` (sample SD; 0 for one cycle), ``cycles`` (how many were read),
        ``of_cycles``, ``per_cycle`` (name -> percent) and ``threshold`` (:data:`TOE_OFF_THRESHOLD`).

    """
    values = {str(k): float(m["toe_off_percent"]) for k, m in sorted(measurements.items())
              if isinstance(m, Mapping) and "toe_off_percent" in m}
    arr = np.array(list(values.values()))
    return {
        "mean_percent": _round(arr.mean()) if arr.size else None,
        "sd_percent": _round(arr.std(ddof=1)) if arr.size > 1 else 0.0,
        "cycles": int(arr.size),
        "of_cycles": int(cycles_available),
        "per_cycle": values,
        "threshold": TOE_OFF_THRESHOLD,
    }


def _phase_definitions(toe_off: float) -> dict[str, str]:
    """One sentence per phase: where it starts and ends, and whether the boundary is measured."""
    load_end, mid_end = round(toe_off / 3.0, 2), round(2.0 * toe_off / 3.0, 2)
    early_end, mid_swing_end = round(0.5 + 0.5 / 3.0, 2), round(0.5 + 1.0 / 3.0, 2)
    measured = f"toe-off at {toe_off:g} (measured from the force files)"
    return {
        "loading": f"Right foot strike (0) to {load_end:g}: the first third of stance, a project convention.",
        "midstance": f"{load_end:g} to {mid_end:g}: the middle third of stance, a project convention.",
        "propulsion": f"{mid_end:g} to {measured}: the last third of stance.",
        "float": f"From {measured} to left foot strike (0.5, assumed by left-right symmetry): no foot on the ground.",
        "early_swing": f"0.5 to {early_end:g}: the first third of the rest of the cycle, a project convention.",
        "mid_swing": f"{early_end:g} to {mid_swing_end:g}: the middle third, a project convention.",
        "late_swing": (f"{mid_swing_end:g} to the next right foot strike (1): the last third, a project convention; "
                       f"it contains the second float, from left toe-off ({round(toe_off + 0.5, 4):g}, assumed by "
                       "symmetry) to right foot strike."),
    }


def _phase_source(toe_off: float, measurements: Mapping[str, Any]) -> str:
    """Explain honestly how the phase boundaries were chosen."""
    measured = ", ".join(
        f"{name.replace('_', ' ')}: {m['toe_off_percent']} %"
        for name, m in sorted(measurements.items())
        if isinstance(m, Mapping) and "toe_off_percent" in m
    )
    measured = f" ({measured})" if measured else ""
    return (
        f"Phase names follow the description of the running cycle in {NOVACHECK} Only right toe-off is measured: "
        f"{toe_off} of the cycle, read from the ground reaction force files of the Hamner & Delp data{measured}; "
        f"{TOE_OFF_THRESHOLD}. These are the only cycles whose force files were read (see toe_off for how many of "
        "the averaged cycles that is). "
        f"Contralateral foot strike (0.5) and contralateral toe-off ({round(toe_off + 0.5, 4)}) assume left-right "
        "symmetry (the left leg is the right leg half a cycle later). The other boundaries are conventions of this "
        "project, not measured events and not values from Novacheck: loading, midstance and propulsion split "
        "stance (0 to toe-off) in thirds, rounded to 0.01; float runs from toe-off to contralateral foot strike; "
        "early, mid and late swing split the rest of the cycle (0.5 to 1) in thirds, rounded to 0.01. Late swing "
        "also contains the second float, from contralateral toe-off to the next foot strike."
    )


def fit_running(csv_path: Path | str, harmonics: int | None = None) -> dict[str, Any]:
    """Fit the running cycle and return the YAML document for ``running.yaml``.

    Parameters
    ----------
    csv_path : Path or str
        ``running_cycle_periodic.csv`` in the shared data directory. Its siblings ``running_cycle.csv`` (the
        reference the fit is checked against) and ``running_cycle.meta.json`` (sign conventions, toe-off,
        subjects) are read too.
    harmonics : int, optional
        Use this many harmonics for every angle. By default each angle gets the smallest number, at most
        :data:`MAX_HARMONICS`, whose reconstruction (rounded coefficients plus the linear drift) is within
        :data:`TOLERANCE_DEG` of ``running_cycle.csv`` at every sample; if none is, :data:`MAX_HARMONICS` is
        used and its error recorded.

    Returns
    -------
    dict
        The document: source, units, conventions, representation, coefficients, events, toe_off (mean, spread,
        number of cycles and force threshold), phases, phase_definitions, phase_source.

    Raises
    ------
    ValueError
        If the files are inconsistent: the periodic CSV is not the raw CSV minus the linear drift, or toe-off
        in the meta file disagrees with the foot-contact column.

    """
    csv_path = Path(csv_path)
    data_dir = csv_path.parent
    periodic = read_cycle_csv(csv_path)
    raw = read_cycle_csv(data_dir / RAW_CSV_NAME)
    meta = json.loads((data_dir / META_NAME).read_text(encoding="utf-8"))

    percent = raw["percent_cycle"]
    if not np.array_equal(percent, periodic["percent_cycle"]):
        raise ValueError(f"{csv_path} and {RAW_CSV_NAME} must share the percent_cycle samples")
    phase = percent / 100.0

    coefficients: dict[str, dict[str, Any]] = {}
    for name in gait.ANGLES:
        drift = _round(raw[name][-1] - raw[name][0])
        gap = np.max(np.abs(raw[name] - drift * phase - periodic[name]))
        if gap > 0.01:
            raise ValueError(
                f"{csv_path}: column {name} is not {RAW_CSV_NAME} minus a linear drift (off by {gap:.3f} deg); "
                "pass the periodic CSV"
            )
        for k in range(1, MAX_HARMONICS + 1) if harmonics is None else (harmonics,):
            fit = _fit_angle(percent, periodic[name], raw[name], drift, k)
            if fit["max_error_deg"] <= TOLERANCE_DEG:
                break
        if fit["max_error_deg"] > TOLERANCE_DEG:
            fit["note"] = _tolerance_note(fit, percent, periodic[name])
        del fit["_worst"]
        coefficients[name] = fit

    toe_off_pct = float(meta["right_toe_off_percent"])
    if "right_foot_contact" in raw:
        contact = raw["right_foot_contact"] > 0.5
        last_on = percent[np.flatnonzero(contact)[-1]] if contact.any() else 0.0
        first_off = percent[np.flatnonzero(~contact)[0]] if (~contact).any() else 100.0
        if not last_on <= toe_off_pct <= first_off:
            raise ValueError(
                f"{META_NAME}: right_toe_off_percent {toe_off_pct} disagrees with the "
                f"right_foot_contact column (contact ends between {last_on} and {first_off} %)"
            )
    toe_off = round(toe_off_pct / 100.0, 4)

    conventions = meta.get("conventions", {})
    missing = [n for n in gait.ANGLES if n not in conventions]
    if missing:
        raise ValueError(f"{META_NAME}: conventions missing for {', '.join(missing)}")

    return {
        "source": {
            "citation": gait.CITATION,
            "dataset": gait.DATASET,
            "speed_m_per_s": float(meta.get("speed_m_per_s", 5.0)),
            "subjects": [str(s) for s in meta.get("subjects", [])],
            "cycles_per_subject": int(meta.get("cycles_per_subject", 0)),
            "licence": gait.LICENCE,
            "derived_by": (
                "viewer.anatomy.gait_fit.fit_running (python -m viewer.anatomy.gait_fit "
                "<shared>/running_cycle_periodic.csv annotations/motions/running.yaml)"
            ),
        },
        "units": gait.UNITS,
        "conventions": {n: str(conventions[n]) for n in gait.ANGLES},
        "representation": gait.REPRESENTATION,
        "coefficients": coefficients,
        "events": {
            "foot_strike": 0.0, "toe_off": toe_off,
            "contralateral_foot_strike": 0.5, "contralateral_toe_off": round(toe_off + 0.5, 4),
        },
        "toe_off": toe_off_summary(
            meta.get("toe_off_measurements", {}),
            len(meta.get("subjects", [])) * int(meta.get("cycles_per_subject", 0)),
        ),
        "phases": _phases(toe_off),
        "phase_definitions": _phase_definitions(toe_off),
        "phase_source": _phase_source(toe_off, meta.get("toe_off_measurements", {})),
    }


_HEADER: Final = (
    "# Running cycle: Fourier coefficients per joint angle, derived by viewer.anatomy.gait_fit from\n"
    "# the Hamner & Delp (2013) mean running cycle (5 m/s). Generated file, do not edit by hand:\n"
    "#   python -m viewer.anatomy.gait_fit ../shared/data/running/running_cycle_periodic.csv "
    "annotations/motions/running.yaml\n"
    "# Schema: annotations/schema/running.schema.json\n"
)


class _Dumper(yaml.SafeDumper):
    """Block style, except short lists and mappings of scalars (coefficients, events, phases)."""


def _is_scalar(x: Any) -> bool:
    return isinstance(x, (int, float, str, bool)) or x is None


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(_is_scalar(x) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    flow = all(_is_scalar(v) for v in data.values()) and len(repr(data)) < 100
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(dict, _represent_dict)


def write_running_yaml(csv_path: Path | str, out_path: Path | str, harmonics: int | None = None) -> dict[str, Any]:
    """Fit the cycle (:func:`fit_running`), write the YAML and check it loads.

    Parameters
    ----------
    csv_path : Path or str
        ``running_cycle_periodic.csv`` in the shared data directory.
    out_path : Path or str
        Where to write, normally ``annotations/motions/running.yaml``.
    harmonics : int, optional
        Passed to :func:`fit_running`.

    Returns
    -------
    dict
        The document written.

    """
    doc = fit_running(csv_path, harmonics)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(doc, Dumper=_Dumper, sort_keys=False, width=100, allow_unicode=True)
    out_path.write_text(_HEADER + text, encoding="utf-8")
    gait.load_running(out_path)
    return doc


def periodic_csv_path(data: Path | str) -> Path:
    """Return the periodic CSV named by a command-line argument: the file itself or its data directory.

    Parameters
    ----------
    data : Path or str
        The running data directory (holding :data:`PERIODIC_CSV_NAME`, :data:`RAW_CSV_NAME` and
        :data:`META_NAME`) or the path of ``running_cycle_periodic.csv`` in it.

    Returns
    -------
    Path
        ``data / PERIODIC_CSV_NAME`` for a directory, else ``data``.

    """
    data = Path(data).expanduser()
    return data / PERIODIC_CSV_NAME if data.is_dir() else data


def main(argv: Sequence[str] | None = None) -> int:
    """Regenerate ``annotations/motions/running.yaml`` from the running data directory.

    Usage: ``python -m viewer.anatomy.gait_fit DATA [OUT] [--harmonics K]``, where ``DATA`` is the data
    directory or its ``running_cycle_periodic.csv`` (required: the data is not part of the project).
    """
    parser = argparse.ArgumentParser(
        prog="python -m viewer.anatomy.gait_fit",
        description="Fit the Hamner & Delp (2013) running cycle and write annotations/motions/running.yaml.",
    )
    parser.add_argument(
        "data", type=Path,
        help=f"the running data directory (holding {PERIODIC_CSV_NAME}, {RAW_CSV_NAME} and {META_NAME}), "
        f"or its {PERIODIC_CSV_NAME}; e.g. ../shared/data/running",
    )
    parser.add_argument(
        "out", nargs="?", type=Path, default=gait.DEFAULT_YAML, help="output YAML (default: %(default)s)"
    )
    parser.add_argument(
        "--harmonics", type=int, default=None,
        help=f"harmonics for every angle (default: smallest <= {MAX_HARMONICS} within {TOLERANCE_DEG} deg)",
    )
    args = parser.parse_args(argv)
    csv_path = periodic_csv_path(args.data)
    if not csv_path.is_file():
        parser.error(f"{csv_path} not found: name the running data directory or its {PERIODIC_CSV_NAME}")
    doc = write_running_yaml(csv_path, args.out, args.harmonics)
    print(f"wrote {args.out}")
    for name, coef in doc["coefficients"].items():
        print(f"  {name:16s} harmonics {coef['harmonics']:2d}  max error {coef['max_error_deg']:.3f} deg"
              f"  drift {coef['drift_deg']:+.3f} deg")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
