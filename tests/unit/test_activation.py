"""Activation timing during running: who is on when, both sides, edges."""

from __future__ import annotations

import numpy as np
import pytest

from viewer.anatomy import ids
from viewer.anatomy.activation import Interval, load_activation
from viewer.anatomy.gait import load_running

ACT = load_activation()
CYCLE = load_running()
PHASES = {p.id: p for p in CYCLE.phases}
MAX_MED = [p for p in ids.part_ids() if p.startswith(("glmax", "glmed"))]


def mid(phase_id: str, shift: float = 0.0) -> float:
    p = PHASES[phase_id]
    return ((p.start + p.end) / 2 + shift) % 1.0


@pytest.mark.parametrize("part", MAX_MED)
def test_maximus_and_medius_on_in_late_swing_and_early_stance_off_in_mid_swing(part: str) -> None:
    shift = 0.5 if part.endswith("_l") else 0.0  # the left leg's cycle starts at left foot strike
    on = ACT.intensity(part, np.array([0.93, 0.97, 0.02, 0.08, 0.15]) + shift)
    assert (on >= 0.99).all(), on
    assert ACT.intensity(part, np.array([mid("mid_swing", shift), mid("early_swing", shift)])).max() == 0
    assert ACT.intensity(part, np.array([mid("float", shift)]))[0] == 0


@pytest.mark.parametrize("part", ids.part_ids())
def test_every_part_is_active_in_loading_and_quiet_in_mid_swing(part: str) -> None:
    shift = 0.5 if part.endswith("_l") else 0.0
    assert ACT.intensity(part, np.array([mid("loading", shift)]))[0] >= ACT.levels["moderate"]
    assert ACT.intensity(part, np.array([mid("mid_swing", shift)]))[0] == 0


@pytest.mark.parametrize("part", [p for p in ids.part_ids() if p.endswith("_r")])
def test_left_is_right_half_a_cycle_later(part: str) -> None:
    left = part[:-1] + "l"
    phase = np.linspace(0, 1, 401)
    np.testing.assert_allclose(ACT.intensity(left, phase), ACT.intensity(part, phase - 0.5), atol=1e-12)
    assert not np.allclose(ACT.intensity(left, phase), ACT.intensity(part, phase))
    for r, ll in zip(ACT.intervals(part), ACT.intervals(left), strict=True):
        assert ll.start == pytest.approx((r.start + 0.5) % 1) and ll.end == pytest.approx((r.end + 0.5) % 1)


@pytest.mark.parametrize("part", ids.part_ids())
def test_intensity_is_bounded_and_ramps_smoothly(part: str) -> None:
    phase = np.linspace(0, 1, 2001)
    values = ACT.intensity(part, phase)
    assert values.min() >= 0 and values.max() <= 1
    # the ramp spreads each edge over ACT.ramp of the cycle: no step larger than a raised cosine allows
    step = np.abs(np.diff(values)).max()
    assert step <= np.pi / 2 * (phase[1] - phase[0]) / ACT.ramp + 1e-9
    for interval in ACT.intervals(part):  # half the interval's intensity at the stated edges
        assert ACT.intensity(part, np.array([interval.start]))[0] == pytest.approx(interval.intensity / 2)
        assert ACT.intensity(part, np.array([interval.end]))[0] == pytest.approx(interval.intensity / 2)


def test_the_running_intervals_wrap_past_foot_strike() -> None:
    for part in ("glmax1_r", "glmed2_r", "glmin3_r"):
        (interval,) = ACT.intervals(part)
        assert interval.wraps and 0.8 <= interval.start <= 0.9 and 0.2 <= interval.end <= 0.35
        assert interval.end < CYCLE.events["toe_off"]


def test_entries_resolve_part_before_layer() -> None:
    assert ACT.entry_id("glmed1_l") == "glmed1"
    assert ACT.entry_id("glmax3_r") == "gluteus_maximus"
    assert ACT.entry_id("glmin2_r") == "gluteus_minimus"


def test_sources_and_provenance() -> None:
    assert any("Lieberman" in c for c in ACT.sources_of("glmax2_r"))
    assert any("Semciw" in c and "medius" in c for c in ACT.sources_of("glmed3_l"))
    assert "synthesis" in ACT.source and "Novacheck" in ACT.source
    assert ACT.intervals("glmin1_r")[0].evidence == "synthesis"


def test_unknown_part_is_refused() -> None:
    with pytest.raises(ids.UnknownIdError, match="expected one of"):
        ACT.intensity("glmed4_r", np.zeros(3))
    with pytest.raises(ids.UnknownIdError):
        ACT.intervals("gluteus_medius")


def test_interval_weight_without_ramp_is_a_box() -> None:
    box = Interval(0.9, 0.1, "high", 1.0, 0.05, 0.05, "x", "running", ("s",))
    values = box.weight(np.array([0.85, 0.9, 0.95, 0.0, 0.099, 0.1, 0.5]), 0.0)
    np.testing.assert_array_equal(values, [0, 1, 1, 1, 1, 0, 0])
    assert box.length == pytest.approx(0.2)
