"""Tests for viewer.anatomy.gait (loading the running cycle) and viewer.anatomy.gait_fit (fitting it)."""

from __future__ import annotations

import copy
import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from viewer.anatomy import gait, gait_fit
from viewer.anatomy.ids import UnknownIdError
from viewer.anatomy.yamlio import AnnotationError, read_yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
RAW_CSV = "running/running_cycle.csv"  # in the shared data folder (tests/conftest.py: shared_data_dir)
PERIODIC_CSV = "running/running_cycle_periodic.csv"
COMMITTED_YAML = PROJECT_ROOT / "annotations" / "motions" / "running.yaml"
needs_running_data = pytest.mark.shared_data(RAW_CSV, PERIODIC_CSV)


@pytest.fixture(scope="module")
def cycle() -> gait.RunningCycle:
    return gait.load_running()


@pytest.fixture(scope="module")
def committed() -> dict:
    return read_yaml(COMMITTED_YAML)


@pytest.fixture(scope="module")
def periodic_csv(shared_data_dir: Path) -> Path:
    return shared_data_dir / PERIODIC_CSV


@pytest.fixture(scope="module")
def raw(shared_data_dir: Path) -> dict[str, np.ndarray]:
    return gait_fit.read_cycle_csv(shared_data_dir / RAW_CSV)


@pytest.fixture(scope="module")
def periodic(periodic_csv: Path) -> dict[str, np.ndarray]:
    return gait_fit.read_cycle_csv(periodic_csv)


# ----------------------------------------------------------------------------------------
# The committed YAML against the shared data
# ----------------------------------------------------------------------------------------


@needs_running_data
def test_reconstruction_matches_running_cycle_csv(raw, committed):
    """Every angle rebuilt from the YAML alone is within 1 deg of the published mean cycle."""
    phase = raw["percent_cycle"] / 100.0
    for name in gait.ANGLES:
        coef = committed["coefficients"][name]
        # The formula as the YAML states it: periodic series plus the recorded linear drift.
        k = np.arange(1, coef["harmonics"] + 1)
        series = (
            coef["a0"]
            + np.cos(2 * np.pi * np.outer(phase, k)) @ np.array(coef["a"])
            + np.sin(2 * np.pi * np.outer(phase, k)) @ np.array(coef["b"])
        )
        error = np.max(np.abs(series + coef["drift_deg"] * phase - raw[name]))
        assert error <= 1.0, f"{name}: {error:.3f} deg"
        assert error == pytest.approx(coef["max_error_deg"], abs=2e-4), name


@needs_running_data
def test_loaded_cycle_matches_both_csvs(cycle, raw, periodic):
    phase = raw["percent_cycle"] / 100.0
    mean = cycle.mean_cycle_deg(phase)
    wrapped = cycle.angles_deg(phase)
    for name in gait.ANGLES:
        assert np.max(np.abs(mean[name] - raw[name])) <= 1.0, name
        assert np.max(np.abs(wrapped[name] - periodic[name])) <= 1.0, name


@needs_running_data
def test_harmonics_are_minimal_and_within_tolerance(committed, periodic_csv):
    fewer: dict[int, dict] = {}
    for name in gait.ANGLES:
        coef = committed["coefficients"][name]
        assert 1 <= coef["harmonics"] <= gait_fit.MAX_HARMONICS
        if coef["max_error_deg"] > gait_fit.TOLERANCE_DEG:
            # Only allowed at the cap, and then the file says so.
            assert coef["harmonics"] == gait_fit.MAX_HARMONICS, name
            assert "not met" in coef["note"], name
        if coef["harmonics"] > 1:
            k = coef["harmonics"] - 1
            fewer.setdefault(k, gait_fit.fit_running(periodic_csv, harmonics=k))
            assert fewer[k]["coefficients"][name]["max_error_deg"] > gait_fit.TOLERANCE_DEG, name


@needs_running_data
def test_fit_reproduces_committed_yaml(committed, periodic_csv):
    """The YAML is derived by the code from the shared CSV, not edited by hand."""
    fitted = gait_fit.fit_running(periodic_csv)
    # Round trip through YAML so float formatting is the committed file's.
    fitted = yaml.safe_load(yaml.safe_dump(fitted, sort_keys=False))
    assert fitted.keys() == committed.keys()
    for key in fitted:
        if key != "coefficients":
            assert fitted[key] == committed[key], key
    assert fitted["coefficients"].keys() == committed["coefficients"].keys()
    for name, fit in fitted["coefficients"].items():
        com = committed["coefficients"][name]
        assert fit.keys() == com.keys(), name
        assert fit["harmonics"] == com["harmonics"], name
        for field in ("a0", "drift_deg", "max_error_deg", "max_error_periodic_deg"):
            assert fit[field] == pytest.approx(com[field], abs=1.5e-4), f"{name}.{field}"
        for field in ("a", "b"):
            np.testing.assert_allclose(fit[field], com[field], atol=1.5e-4, rtol=0, err_msg=f"{name}.{field}")


@needs_running_data
def test_write_running_yaml_round_trips(tmp_path, periodic_csv):
    out = tmp_path / "running.yaml"
    doc = gait_fit.write_running_yaml(periodic_csv, out)
    loaded = gait.load_running(out)
    assert loaded.events == doc["events"]
    assert loaded.series["hip_flexion"].a0 == doc["coefficients"]["hip_flexion"]["a0"]
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Running cycle: Fourier coefficients")
    assert "do not edit by hand" in text


def test_shared_data_not_copied_into_project():
    names = {"running_cycle.csv", "running_cycle_periodic.csv", "running_cycle_sd.csv", "running_cycle.meta.json"}
    for top in PROJECT_ROOT.iterdir():
        if top.name.startswith(".") or top.name in {"node_modules"}:
            continue
        found = [p for p in ([top] if top.is_file() else top.rglob("*")) if p.name in names]
        assert not found, f"shared Hamner data copied into the project: {found}"


# ----------------------------------------------------------------------------------------
# RunningCycle behaviour
# ----------------------------------------------------------------------------------------


def test_provenance_and_conventions(cycle, committed):
    assert "Hamner SR, Delp SL (2013)" in cycle.source
    assert "780-787" in cycle.source
    assert "Copyright (c) 2013 Stanford University" in cycle.source
    assert committed["source"]["speed_m_per_s"] == 5.0
    assert committed["units"] == "degrees; phase 0..1 from right foot strike"
    assert cycle.conventions["hip_flexion"] == "+flexion"
    assert cycle.conventions["hip_adduction"] == "+adduction"
    assert cycle.conventions["hip_rotation"].startswith("+internal")
    assert "negative = anterior tilt" in cycle.conventions["pelvis_tilt"]
    assert "Novacheck TF (1998)" in committed["phase_source"]


def test_angle_keys_are_csv_columns(cycle):
    out = cycle.angles_deg(np.linspace(0, 1, 5))
    assert set(out) == set(gait.ANGLES)
    assert all(v.shape == (5,) for v in out.values())
    rad = cycle.angles_rad(0.3)
    deg = cycle.angles_deg(0.3)
    for name in gait.ANGLES:
        assert rad[name] == pytest.approx(math.radians(float(deg[name])))


def test_hip_flexion_is_plausible_for_running(cycle):
    """Peak hip flexion in late swing, extension near toe-off (sign convention + flexion)."""
    phase = np.linspace(0, 1, 1001, endpoint=False)
    hip = cycle.angles_deg(phase)["hip_flexion"]
    assert 35 < hip.max() < 60
    assert 0.7 < phase[np.argmax(hip)] < 1.0
    assert hip.min() < -5
    assert 0.3 < phase[np.argmin(hip)] < 0.55


def test_left_is_right_half_a_cycle_later(cycle):
    phase = np.linspace(0, 1, 37)
    right = cycle.side_angles_rad(phase, "r")
    left = cycle.side_angles_rad(phase, "l")
    right_later = cycle.side_angles_rad(phase + 0.5, "r")
    assert set(right) == {f"{n}_r" for n in gait.LEG_ANGLES}
    assert set(left) == {f"{n}_l" for n in gait.LEG_ANGLES}
    for name in gait.LEG_ANGLES:
        np.testing.assert_allclose(left[f"{name}_l"], right_later[f"{name}_r"], atol=1e-12)
        # and genuinely different from the right leg at the same phase
        assert np.max(np.abs(left[f"{name}_l"] - right[f"{name}_r"])) > math.radians(1.0)
    np.testing.assert_allclose(
        left["hip_flexion_l"], np.deg2rad(cycle.angles_deg(phase + 0.5)["hip_flexion"]), atol=1e-12
    )


def test_side_rejects_unknown_side(cycle):
    with pytest.raises(UnknownIdError, match="side"):
        cycle.side_angles_rad(0.1, "x")


def test_periodic(cycle):
    for name, s in cycle.series.items():
        # The series itself (no wrapping) closes: value at 1 equals value at 0.
        start = gait.evaluate_fourier(0.0, s.a0, s.a, s.b)
        end = gait.evaluate_fourier(1.0, s.a0, s.a, s.b)
        assert end == pytest.approx(start, abs=1e-9), name
    at0 = cycle.angles_deg(0.0)
    at1 = cycle.angles_deg(1.0)
    just_before = cycle.angles_deg(1.0 - 1e-6)
    for name in gait.ANGLES:
        assert at1[name] == pytest.approx(at0[name], abs=1e-9)
        assert just_before[name] == pytest.approx(at0[name], abs=1e-3)
    # wrapping modulo 1, also for negative phases
    for name, values in cycle.angles_deg(np.array([1.25, -0.25, 3.6])).items():
        ref = cycle.angles_deg(np.array([0.25, 0.75, 0.6]))[name]
        np.testing.assert_allclose(values, ref, atol=1e-9)


def test_mean_cycle_does_not_wrap(cycle):
    with pytest.raises(ValueError):
        cycle.mean_cycle_deg(1.2)
    end = cycle.mean_cycle_deg(1.0)["hip_flexion"]
    start = cycle.mean_cycle_deg(0.0)["hip_flexion"]
    assert end - start == pytest.approx(cycle.series["hip_flexion"].drift_deg, abs=1e-9)


def test_events(cycle):
    assert cycle.events["toe_off"] == 0.393
    assert cycle.events["foot_strike"] == 0.0
    assert cycle.events["contralateral_foot_strike"] == 0.5
    assert cycle.events["contralateral_toe_off"] == pytest.approx(0.893)
    assert all(0.0 <= v <= 1.0 for v in cycle.events.values())


def test_phases_contiguous_and_ordered(cycle):
    ids = [p.id for p in cycle.phases]
    assert ids == ["loading", "midstance", "propulsion", "float", "early_swing", "mid_swing", "late_swing"]
    assert cycle.phases[0].start == 0.0
    assert cycle.phases[-1].end == 1.0
    for before, after in zip(cycle.phases[:-1], cycle.phases[1:], strict=True):
        assert before.end == after.start
        assert before.start < before.end
    propulsion = cycle.phases[ids.index("propulsion")]
    assert propulsion.end == cycle.events["toe_off"]
    assert cycle.phases[ids.index("float")].end == cycle.events["contralateral_foot_strike"]


def test_phase_at(cycle):
    assert cycle.phase_at(0.2).id == "midstance"
    assert cycle.phase_at(0.0).id == "loading"
    assert cycle.phase_at(0.13).id == "midstance"
    assert cycle.phase_at(0.393).id == "float"
    assert cycle.phase_at(0.95).id == "late_swing"
    assert cycle.phase_at(1.0).id == "loading"
    assert cycle.phase_at(1.2).id == "midstance"
    assert cycle.phase_at(-0.01).id == "late_swing"


# ----------------------------------------------------------------------------------------
# Fourier fitting
# ----------------------------------------------------------------------------------------


def test_fit_fourier_recovers_known_series():
    percent = np.arange(0, 100, 1.0)
    t = percent / 100
    values = 3.0 + 2.0 * np.cos(2 * np.pi * t) - 1.5 * np.sin(2 * np.pi * 2 * t) + 0.25 * np.cos(2 * np.pi * 3 * t)
    a0, a, b = gait_fit.fit_fourier(percent, values, 4)
    assert a0 == pytest.approx(3.0)
    np.testing.assert_allclose(a, [2.0, 0.0, 0.25, 0.0], atol=1e-10)
    np.testing.assert_allclose(b, [0.0, -1.5, 0.0, 0.0], atol=1e-10)
    np.testing.assert_allclose(gait.evaluate_fourier(t, a0, a, b), values, atol=1e-10)


def test_fit_fourier_rejects_bad_input():
    with pytest.raises(ValueError):
        gait_fit.fit_fourier(np.arange(5.0), np.arange(4.0), 1)
    with pytest.raises(ValueError):
        gait_fit.fit_fourier(np.arange(5.0), np.arange(5.0), 3)
    with pytest.raises(ValueError):
        gait_fit.fit_fourier(np.arange(5.0), np.array([0, 1, np.nan, 3, 4.0]), 1)


# ----------------------------------------------------------------------------------------
# Malformed files
# ----------------------------------------------------------------------------------------


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "running.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _broken(committed: dict, edit) -> dict:
    data = copy.deepcopy(committed)
    edit(data)
    return data


@pytest.mark.parametrize(
    ("edit", "field", "needle"),
    [
        (lambda d: d.pop("coefficients"), "", "coefficients"),
        (lambda d: d["coefficients"].pop("knee_angle"), "coefficients", "knee_angle"),
        (lambda d: d["coefficients"]["hip_flexion"].pop("a0"), "coefficients.hip_flexion", "a0"),
        (lambda d: d["coefficients"]["hip_flexion"].__setitem__("a0", float("nan")),
         "coefficients.hip_flexion.a0", "finite"),
        (lambda d: d["coefficients"]["hip_rotation"]["b"].__setitem__(2, "0.3"),
         "coefficients.hip_rotation.b[2]", "number"),
        (lambda d: d["coefficients"]["pelvis_tilt"].__setitem__("a0", "about eight"),
         "coefficients.pelvis_tilt.a0", "number"),
        (lambda d: d["coefficients"]["ankle_angle"]["a"].pop(), "coefficients.ankle_angle.a", "harmonics"),
        (lambda d: d["phases"][1].__setitem__("start", 0.14), "phases[1].start", "no gaps"),
        (lambda d: d["phases"].pop(3), "phases[3].start", "no gaps"),
        (lambda d: d["phases"][-1].__setitem__("end", 0.9), "phases[6].end", "end at 1"),
        (lambda d: d["phases"][0].__setitem__("start", 0.05), "phases[0].start", "start at 0"),
        (lambda d: d["events"].__setitem__("toe_off", 1.5), "events.toe_off", "maximum"),
        (lambda d: d["events"].__setitem__("toe_off", float("inf")), "events.toe_off", "maximum"),
        (lambda d: d["events"].pop("toe_off"), "events", "toe_off"),
    ],
)
def test_malformed_yaml_names_file_and_field(tmp_path, committed, edit, field, needle):
    path = _write(tmp_path, _broken(committed, edit))
    with pytest.raises(AnnotationError) as info:
        gait.load_running(path)
    err = info.value
    assert err.path == str(path)
    assert err.field == field
    assert str(path) in str(err)
    assert needle in err.expected


def test_nan_written_as_yaml_nan_is_refused(tmp_path):
    text = COMMITTED_YAML.read_text(encoding="utf-8").replace("drift_deg: 3.305", "drift_deg: .nan", 1)
    assert ".nan" in text
    path = tmp_path / "running.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnnotationError) as info:
        gait.load_running(path)
    assert info.value.field == "coefficients.hip_flexion.drift_deg"


def test_missing_file_is_annotation_error(tmp_path):
    with pytest.raises(AnnotationError) as info:
        gait.load_running(tmp_path / "nope.yaml")
    assert "nope.yaml" in str(info.value)
