// Where a jump to a phase lands (src/phases.js, used by the phase strip of src/overlay.js): the
// phase's first key frame, so the sentence of that key frame (tests/unit/test_narration.py checks
// the Python side) names the phase the strip highlights. Overlay needs a DOM, so its stepping runs
// here on an object made from Overlay.prototype with a fake slider, recording the frames it jumps to.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { Overlay } from "../src/overlay.js";
import { phaseStartFrame } from "../src/phases.js";

// running (annotations/motions/running.yaml): 64 key frames, phase 0 at frame 0
const STARTS = [0, 0.13, 0.26, 0.393, 0.5, 0.67, 0.83];
const RUNNING = {
  frames: 64,
  phase: Array.from({ length: 64 }, (_, i) => i / 64),
  phases: STARTS.map((start, i) => ({ id: `p${i}`, start, end: STARTS[i + 1] ?? 1 })),
};

/** An Overlay without a DOM: the running motion, the slider at `frame`; records jumps. */
function overlayAt(frame) {
  const jumps = [];
  const o = Object.create(Overlay.prototype);
  o.motion = RUNNING;
  o.slider = { value: String(frame) };
  o.hooks = { onScrub: () => {}, onScrubEnd: (f) => jumps.push(f) };
  return { o, jumps };
}

describe("phaseStartFrame", () => {
  test("lands on the first key frame at or after the start", () => {
    assert.deepEqual(STARTS.map((s) => phaseStartFrame(s, 64)), [0, 9, 17, 26, 32, 43, 54]);
  });

  test("the key frame landed on is in the phase, the one before it is not", () => {
    for (const [i, s] of STARTS.entries()) {
      const f = phaseStartFrame(s, 64);
      assert.ok(f / 64 >= s - 1e-9, `phase ${i}: frame ${f} before its start`);
      if (f > 0) assert.ok((f - 1) / 64 < s, `phase ${i}: frame ${f - 1} is already in it`);
    }
  });

  test("a start on a key frame, despite rounding, lands on that frame", () => {
    assert.equal(phaseStartFrame(0.25 - 1e-12, 64), 16);
    assert.equal(phaseStartFrame(0.5 + 1e-12, 64), 32);
  });

  test("follows the phase of frame 0 and stays inside the motion", () => {
    assert.equal(phaseStartFrame(0.5, 64, 0.25), 16);
    assert.equal(phaseStartFrame(0.2, 64, 0.25), 61); // 0.95 of the cycle from frame 0: frame 60.8
    assert.equal(phaseStartFrame(63.5 / 64, 64), 63); // no key frame after it: the last one
    assert.equal(phaseStartFrame(0.999, 10), 9);
  });
});

describe("Overlay phase stepping", () => {
  test("the strip and next jump to each phase's first key frame", () => {
    const { o, jumps } = overlayAt(0);
    o._goPhase(1);
    assert.deepEqual(jumps, [9]);
    for (let k = 0; k < STARTS.length; k++) {
      o.slider.value = String(jumps[jumps.length - 1]);
      o._stepPhase(1);
    }
    assert.deepEqual(jumps, [9, 17, 26, 32, 43, 54, 0, 9]);
  });

  test("previous from a phase's first key frame goes to the phase before", () => {
    const { o, jumps } = overlayAt(9);
    o._stepPhase(-1);
    assert.deepEqual(jumps, [0]);
  });

  test("previous from inside a phase goes to its start", () => {
    const { o, jumps } = overlayAt(12.5);
    o._stepPhase(-1);
    assert.deepEqual(jumps, [9]);
  });
});
